"""Demo coaching data for Maple Grove: a term of visits, goals with check-ins, timetables, one drought."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from sideline.coaching import planner, services
from sideline.coaching.models import CheckIn, CoachingSettings, Goal, Observation, Support, TeacherTimetable
from sideline.demo import DemoContext
from sideline.schools.models import Person, contact_days
from sideline.schools.roles import Role

PERIODS = [
    (dt.time(8, 0), dt.time(8, 50)),
    (dt.time(8, 55), dt.time(9, 45)),
    (dt.time(9, 50), dt.time(10, 40)),
    (dt.time(10, 45), dt.time(11, 35)),
    (dt.time(12, 5), dt.time(12, 55)),
    (dt.time(13, 0), dt.time(13, 50)),
    (dt.time(13, 55), dt.time(14, 45)),
]
LUNCH = (dt.time(11, 35), dt.time(12, 5))
OVERDUE_TEACHER = "Carlos Mendoza"
EVIDENCE = [
    "T: 'Show me on your whiteboards.' 22 of 27 boards up within 10 s; T re-taught step 2 to a table of 5.",
    "Turn-and-talk on the prompt; 9 of 12 pairs used the sentence stems; two pairs were silent.",
    "Students annotated the grade-level text; T conferred with 4 students, scaffold sheet at two tables.",
    "Exit ticket collected; T sorted it into three piles while students packed up.",
    "T asked 11 questions in 8 minutes; 3 students answered all of them.",
]
FEEDBACK = [
    ("celebratory", "The whiteboard check let you re-teach exactly the students who needed it. Keep it."),
    ("directive", "Cold call after the turn-and-talk so every pair knows they may be asked."),
    ("non_directive", "What did the exit tickets tell you about tomorrow's opening?"),
    ("celebratory", "Scaffolds kept everyone in the grade-level text; nobody was given an easier book."),
    ("directive", "Wait five seconds after a question before taking answers."),
]
NEXT_STEPS = [
    "Use whiteboards for a check for understanding before independent practice.",
    "Cold call two pairs after every turn-and-talk.",
    "Plan tomorrow's warm-up from today's exit tickets.",
    "Wait five seconds before taking an answer.",
]


@transaction.atomic
def build(ctx: DemoContext) -> None:
    school = ctx.school
    CoachingSettings.objects.get_or_create(school=school)
    teachers: list[Person] = ctx.people[Role.TEACHER]
    observers = [
        ctx.one(Role.PRINCIPAL),
        ctx.one(Role.ASSISTANT_PRINCIPAL),
        ctx.one(Role.INSTRUCTIONAL_COACH),
    ]
    priorities = list(school.priorities.all())

    for index, teacher in enumerate(teachers):
        if TeacherTimetable.objects.filter(school=school, teacher=teacher).exists():
            continue
        planning = index % len(PERIODS)
        periods = [
            planner.Period(day, start, end, "planning" if p == planning else "teaching")
            for day in range(5)
            for p, (start, end) in enumerate(PERIODS)
        ] + [planner.Period(day, LUNCH[0], LUNCH[1], "lunch") for day in range(5)]
        services.timetable_set(school=school, teacher=teacher, periods=periods)

    last_week_end = ctx.today - dt.timedelta(days=ctx.today.weekday() + 3)  # the Friday before this week
    days = contact_days(school, school.year_start, max(last_week_end, school.year_start))
    rng = random.Random(20260817)
    existing = set(
        Observation.objects.filter(school=school, idempotency_key__startswith="demo-").values_list(
            "idempotency_key", flat=True
        )
    )
    new: list[Observation] = []
    for index, teacher in enumerate(teachers):
        cursor = index % 6
        visit = 0
        while cursor < len(days):
            day = days[cursor]
            if teacher.name == OVERDUE_TEACHER and cursor > 15:
                break
            observer = observers[(index + visit) % 3]
            p_start, _ = PERIODS[(index + 1 + visit) % len(PERIODS)]
            if (index + 1 + visit) % len(PERIODS) == index % len(PERIODS):
                p_start = PERIODS[(index + 2 + visit) % len(PERIODS)][0]
            start = dt.datetime.combine(day, p_start, tzinfo=school.zone) + dt.timedelta(minutes=10)
            recent = cursor >= len(days) - 8
            kind_fb = FEEDBACK[(index + visit) % len(FEEDBACK)]
            is_eval = observer == observers[0] and visit % 5 == 4
            key = f"demo-{teacher.pk}-{visit}"
            # Draw from the generator on every pass, saved or not, so a second run walks the same dates.
            minutes = 45 if is_eval else rng.choice([10, 15, 15, 20])
            kind = "formal" if is_eval else rng.choice(["walkthrough", "walkthrough", "informal"])
            if key not in existing:
                new.append(
                    Observation(
                        school=school,
                        teacher=teacher,
                        observer=observer,
                        start=start,
                        minutes=minutes,
                        kind=kind,
                        priority=priorities[(index + visit) % len(priorities)] if priorities else None,
                        evidence=EVIDENCE[(index + visit) % len(EVIDENCE)],
                        feedback=kind_fb[1],
                        feedback_type=kind_fb[0],
                        next_step=NEXT_STEPS[(index + visit) % len(NEXT_STEPS)] if visit % 2 == 0 else "",
                        next_step_closed_at=None
                        if recent
                        else dt.datetime.combine(day + dt.timedelta(days=7), dt.time(15), tzinfo=school.zone),
                        private_notes="Seemed tired; ask how the new schedule is going."
                        if visit % 4 == 1
                        else "",
                        is_evaluation=is_eval,
                        acknowledged_at=None
                        if recent and index % 3 == 0
                        else dt.datetime.combine(day, dt.time(16), tzinfo=school.zone),
                        idempotency_key=key,
                    )
                )
            visit += 1
            cursor += rng.choice([6, 7, 8, 9])
    Observation.objects.bulk_create(new)
    _cap_open_next_steps(school.pk, teachers)
    _goals(ctx, teachers, observers, priorities)
    ctx.log(f"coaching: {len(new)} observations added")


def _cap_open_next_steps(school_id: int, teachers: list[Person]) -> None:
    """Keep the demo within the school's limit (2 open next steps a teacher): close the older ones."""
    for teacher in teachers:
        open_steps = list(
            Observation.objects.filter(school_id=school_id, teacher=teacher, next_step_closed_at__isnull=True)
            .exclude(next_step="")
            .order_by("-start")
        )
        for obs in open_steps[1:]:
            obs.next_step_closed_at = obs.start + dt.timedelta(days=5)
            obs.save(update_fields=["next_step_closed_at"])


def _goals(ctx: DemoContext, teachers: list[Person], observers: list[Person], priorities: list) -> None:
    school = ctx.school
    coach = observers[2]
    target = ctx.today + dt.timedelta(days=42)
    specs = [
        # teacher index, wording, priority index (None = off-message), state, check-ins
        (
            0,
            "Check for understanding with whiteboards before every independent practice.",
            0,
            "active",
            [
                (2, "Tried it twice; timing is hard."),
                (3, "Doing it daily in 2nd and 4th period."),
                (3, "Re-taught a small group from the boards."),
            ],
        ),
        (
            1,
            "Students explain their reasoning to a partner in every lesson.",
            1,
            "active",
            [(2, "Stems are on the wall now.")],
        ),
        (
            5,
            "Tidy up the lab storage so materials are ready for each period.",
            None,
            "active",
            [(3, "Two shelves done.")],
        ),
        (2, "Use grade-level texts with scaffolds for every reader.", 2, "proposed", []),
        (3, "Cold call after every turn-and-talk.", 1, "closed", [(4, "Every pair ready now.")]),
    ]
    for t_index, wording, p_index, state, checkins in specs:
        teacher = teachers[t_index]
        goal, created = Goal.objects.get_or_create(
            school=school,
            teacher=teacher,
            wording=wording,
            defaults={
                "proposed_by": coach,
                "priority": priorities[p_index] if p_index is not None and priorities else None,
                "success_measure": "Seen in three visits in a row and in the student work.",
                "target_date": target,
            },
        )
        if not created:
            continue
        stamp = dt.datetime.combine(ctx.today - dt.timedelta(days=40), dt.time(15), tzinfo=school.zone)
        goal.accepted_by_coach_at = stamp
        goal.coach = coach
        if state != "proposed":
            goal.accepted_by_teacher_at = stamp
        goal.state = state
        if state == "closed":
            goal.outcome = "Met: every pair was ready in the last three visits."
            goal.closed_at = stamp + dt.timedelta(days=30)
        goal.save()
        for rating, note in checkins:
            CheckIn.objects.create(goal=goal, rating=rating, note=note)
        if state == "active":
            Support.objects.create(
                goal=goal, author=coach, kind="support", text="I will model it in your 3rd period next week."
            )
