"""Demo Leveraged Leadership Work at Maple Grove: every pipeline stage, two PLCs (one teacher-led, one
run by the assistant principal), compare-and-contrast visits with presentations, and a car-line
leverage project in progress. Built through the services, so the demo obeys the same rules as the app."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sideline.demo import DemoContext
from sideline.leadership import services
from sideline.leadership.models import Candidate, LeadershipSettings, LeverageProject, Milestone
from sideline.schools.models import Person
from sideline.schools.roles import Role
from sideline.volunteers.models import Program

Stage = Candidate.Stage


@transaction.atomic
def build(ctx: DemoContext) -> None:
    school = ctx.school
    LeadershipSettings.objects.get_or_create(school=school)
    if Candidate.objects.filter(school=school).exists():
        ctx.log("leadership: already built")
        return
    principal = ctx.one(Role.PRINCIPAL)
    ap = ctx.one(Role.ASSISTANT_PRINCIPAL)
    teachers: list[Person] = ctx.people[Role.TEACHER]
    priorities = list(school.priorities.all())
    today = ctx.today

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    # PLCs: 7th grade ELA led by a trained teacher, 8th grade math still run by the assistant principal.
    anna = teachers[0]
    ela = services.plc_create(
        school=school,
        by=principal,
        name="7th grade ELA",
        facilitator=principal,
        members=[anna, *teachers[1:4]],
        facilitator_training="District facilitator training (two days, October); co-led three meetings",
        priority=priorities[0],
    )
    math = services.plc_create(
        school=school,
        by=principal,
        name="8th grade math",
        facilitator=ap,
        members=teachers[4:8],
        priority=priorities[1] if len(priorities) > 1 else None,
    )

    # The pipeline: one candidate at every stage, and Anna now leading the ELA PLC.
    stages: list[tuple[Person, list[str], str]] = [
        (teachers[8], [], "Runs the best-organised classroom library in the building."),
        (teachers[9], [], "Other teachers already ask her how she plans units."),
        (teachers[1], [Stage.CONVERSATION_HELD], "Data-minded; asked about the coaching role."),
        (teachers[2], [Stage.CONVERSATION_HELD, Stage.EXCITED_WILLING], "Strong discussion routines."),
        (teachers[3], [Stage.CONVERSATION_HELD, Stage.NOT_NOW], "New baby this year; ask again in spring."),
        (
            teachers[4],
            [Stage.CONVERSATION_HELD, Stage.EXCITED_WILLING, Stage.IN_TRAINING],
            "Co-plans with AP.",
        ),
        (anna, [Stage.CONVERSATION_HELD, Stage.EXCITED_WILLING, Stage.IN_TRAINING, Stage.LEADING], "Led PD."),
    ]
    for offset, (person, path, strengths) in enumerate(stages):
        candidate = services.candidate_identify(
            school=school, person=person, by=principal, strengths=strengths
        )
        for stage in path:
            if stage == Stage.CONVERSATION_HELD:
                services.conversation_log(
                    candidate=candidate,
                    leader=principal,
                    date=ago(40 - offset),
                    ambitions=f"{person.first_name} would like to lead colleagues within two years, "
                    "and wants to stay close to the classroom while doing it.",
                    next_step="Shadow a PLC facilitator for two meetings.",
                )
            else:
                services.candidate_move(
                    candidate=candidate,
                    to_stage=stage,
                    by=principal,
                    revisit_on=dt.date(2027, 3, 1) if stage == Stage.NOT_NOW else None,
                    leads_kind="plc" if stage == Stage.LEADING else "",
                    leads_plc=ela if stage == Stage.LEADING else None,
                    today=today,
                )
            candidate.refresh_from_db()

    # Meetings: weekly on Wednesdays; the principal watched one from the sidelines.
    wednesdays = [ago((today.weekday() - 2) % 7 + 7 * k) for k in (3, 2, 1)]
    for k, day in enumerate(wednesdays):
        meeting = services.meeting_log(
            plc=ela,
            by=anna,
            date=day,
            agenda=[
                "Norms; exit-ticket data from unit 3",
                "Looking at student writing: claims",
                "Plan the checks for understanding in unit 4",
            ][k],
            notes="Sorted exit tickets into three piles; agreed a re-teach for the middle pile.",
            reflection="I talked too much in the first 10 minutes; next time start with the student work.",
            priority=priorities[0],
        )
        if k == 1:
            services.meeting_observe(
                meeting=meeting,
                observer=principal,
                start_time=dt.time(10, 30),
                minutes=50,
                evidence="Anna opened with the student work; every teacher sorted five papers before talking.",
                feedback="Starting from the work kept the talk on students, not on the curriculum. Keep it.",
                feedback_type="celebratory",
                idempotency_key="demo-leadership-plc-observation",
            )
    for k, day in enumerate(wednesdays[1:]):
        services.meeting_log(
            plc=math,
            by=ap,
            date=day + dt.timedelta(days=1),
            agenda=["Pacing calendar and test dates", "Field trip permission slips"][k],
            priority=priorities[1] if k == 0 and len(priorities) > 1 else None,
        )

    # Compare-and-contrast: one presented already, one scheduled at the teacher's next PLC meeting.
    past = services.visit_log(
        school=school,
        leader=principal,
        teacher=teachers[2],
        date=ago(32),
        visited=[teachers[5], teachers[6]],
        focus="How do students know what a good answer looks like?",
        priority=priorities[0],
        noticings="Both rooms showed an exemplar before the task. I describe success but never show it.",
    )
    services.presentation_schedule(
        visit=past, by=principal, venue="plc", plc=ela, date=ago(26), title="Show, don't tell: exemplars"
    )
    services.presentation_mark_happened(presentation=past.presentation, by=principal, on=ago(26))
    visit = services.visit_log(
        school=school,
        leader=principal,
        teacher=teachers[1],
        date=ago(6),
        visited=[teachers[7], teachers[10]],
        focus="Turn-and-talk: who is talking?",
        priority=priorities[1] if len(priorities) > 1 else priorities[0],
        noticings="In both rooms every pair had a role card. In mine, the same student does all the talking.",
    )
    venue, plc, date = services.presentation_propose(visit=visit, today=today)
    services.presentation_schedule(
        visit=visit, by=principal, venue=venue, plc=plc, date=date, title="Role cards for turn-and-talk"
    )

    # The car line goes to the retired volunteers' committee (or a staff owner if that program is absent).
    program = Program.objects.filter(school=school, name="Car line").first()
    owner = ctx.one(Role.ADMINISTRATIVE_ASSISTANT)
    project = services.project_open(
        school=school,
        leader=principal,
        title="Car line run by the retired volunteers' committee",
        replaces="Morning arrival duty at the car line, every school day",
        series_match="Morning arrival duty",
        owner_kind=LeverageProject.Owner.PROGRAM if program else LeverageProject.Owner.STAFF,
        owner_program=program,
        owner_person=None if program else owner,
        hours_per_week="2.5",
        started_on=ago(21),
        priority=priorities[0],
        milestones=[
            "Recruit a committee chair",
            "Walk the car line with the volunteers twice",
            "Volunteers run mornings alone for a week",
            "Hand the duty roster to the committee",
        ],
    )
    for milestone in Milestone.objects.filter(project=project).order_by("id")[:2]:
        services.milestone_set_done(milestone=milestone, by=principal, done=True)
    ctx.log("leadership: 7 candidates, 2 PLCs, 2 compare-and-contrast visits, 1 leverage project")
