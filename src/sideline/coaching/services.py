"""Writes of the coaching app. Each is keyword-only, validates its input and owns its transaction.

Errors are `ValidationError`s worded for the person at the form: they say what is wrong and what to do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sideline.calendars.models import PlannedBlock
from sideline.calendars.selectors import busy_intervals
from sideline.coaching import planner, selectors
from sideline.coaching.models import CheckIn, CoachingSettings, Goal, Observation, Support, TeacherTimetable
from sideline.schools.models import Membership, Person, Priority, School, contact_days
from sideline.schools.roles import COACHES, LEADERS, Role

SOURCE = "coaching"
PLAN_KINDS = ("classroom_visit", "debrief")


def _roles(person: Person, school: School) -> set[str]:
    return set(Membership.objects.filter(person=person, school=school).values_list("role", flat=True))


def _require_teacher(school: School, teacher: Person) -> None:
    if Role.TEACHER not in _roles(teacher, school):
        raise ValidationError(f"{teacher.name} is not a teacher at {school.name}.")


def _require_coach_side(school: School, person: Person) -> set[str]:
    roles = _roles(person, school)
    if not roles & (LEADERS | COACHES):
        raise ValidationError(f"{person.name} is not a leader or coach at {school.name}.")
    return roles


def _check_priority(school: School, priority: Priority | None) -> None:
    if priority is not None and priority.school_id != school.pk:
        raise ValidationError("That priority belongs to another school.")


def settings_update(*, school: School, **values: Any) -> CoachingSettings:
    """Change the school's coaching settings (cadence, next-step limit, planner day and lengths)."""
    allowed = {
        "cadence_days",
        "max_open_next_steps",
        "day_start",
        "day_end",
        "visit_minutes",
        "buffer_minutes",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"Unknown coaching setting(s): {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        settings, _ = CoachingSettings.objects.select_for_update().get_or_create(school=school)
        for name, value in values.items():
            setattr(settings, name, value)
        settings.full_clean()
        if settings.day_end <= settings.day_start:
            raise ValidationError({"day_end": "Classes must end after they start."})
        settings.save()
    return settings


def observation_log(
    *,
    school: School,
    observer: Person,
    teacher: Person,
    start: dt.datetime,
    minutes: int,
    kind: str = Observation.Kind.WALKTHROUGH,
    priority: Priority | None = None,
    evidence: str = "",
    feedback: str = "",
    feedback_type: str = Observation.FeedbackType.CELEBRATORY,
    next_step: str = "",
    private_notes: str = "",
    is_evaluation: bool = False,
    follows_up: Observation | None = None,
    idempotency_key: str = "",
) -> Observation:
    """Log a visit. A resubmission with the same idempotency key returns the first observation."""
    key = idempotency_key.strip()[:64]
    if key:
        existing = Observation.objects.filter(observer=observer, idempotency_key=key).first()
        if existing is not None:
            return existing
    roles = _require_coach_side(school, observer)
    _require_teacher(school, teacher)
    _check_priority(school, priority)
    if is_evaluation and not roles & LEADERS:
        raise ValidationError("Only the school's leaders can log an evaluation; peer coaches cannot.")
    next_step = next_step.strip()
    if len([line for line in next_step.splitlines() if line.strip()]) > 1:
        raise ValidationError("Give one next step only: the teacher works on one thing at a time.")
    if follows_up is not None and (follows_up.school_id != school.pk or follows_up.teacher_id != teacher.pk):
        raise ValidationError("A follow-up must follow an earlier visit to the same teacher.")
    if timezone.is_naive(start):
        raise ValidationError("The start time needs a time zone.")
    obs = Observation(
        school=school,
        teacher=teacher,
        observer=observer,
        start=start,
        minutes=minutes,
        kind=kind,
        priority=priority,
        evidence=evidence.strip(),
        feedback=feedback.strip(),
        feedback_type=feedback_type,
        next_step=next_step,
        private_notes=private_notes.strip(),
        is_evaluation=is_evaluation,
        follows_up=follows_up,
        idempotency_key=key,
    )
    obs.full_clean(
        exclude=["school", "teacher", "observer", "priority", "follows_up"], validate_constraints=False
    )
    try:
        with transaction.atomic():
            # Lock the teacher so two observers cannot both add the last allowed next step.
            Person.objects.select_for_update().filter(pk=teacher.pk).first()
            if next_step:
                limit = selectors.settings_of(school).max_open_next_steps
                open_steps = list(selectors.open_next_steps(school, teacher).select_related("observer"))
                if len(open_steps) >= limit:
                    listed = "; ".join(
                        f"“{o.next_step}” ({o.observer.name}, {o.start.astimezone(school.zone):%b %-d})"
                        for o in open_steps
                    )
                    raise ValidationError(
                        f"{teacher.name} already has {len(open_steps)} open next step"
                        f"{'s' if len(open_steps) != 1 else ''} (the school allows {limit}): {listed}. "
                        "Close one first, or save this visit without a next step."
                    )
            obs.save()
    except IntegrityError:
        # The same key arrived twice at once: the other request won, so answer with its row.
        existing = Observation.objects.filter(observer=observer, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    return obs


def feedback_acknowledge(*, observation: Observation, teacher: Person) -> Observation:
    if observation.teacher_id != teacher.pk:
        raise ValidationError("Only the teacher the feedback is for can acknowledge it.")
    with transaction.atomic():
        if observation.acknowledged_at is None:
            observation.acknowledged_at = timezone.now()
            observation.save(update_fields=["acknowledged_at"])
    return observation


def next_step_close(*, observation: Observation, by: Person) -> Observation:
    if by.pk != observation.teacher_id:
        _require_coach_side(observation.school, by)
    if not observation.next_step:
        raise ValidationError("This visit has no next step to close.")
    with transaction.atomic():
        if observation.next_step_closed_at is None:
            observation.next_step_closed_at = timezone.now()
            observation.save(update_fields=["next_step_closed_at"])
    return observation


def debrief_mark_held(*, observation: Observation, by: Person) -> Observation:
    _require_coach_side(observation.school, by)
    with transaction.atomic():
        observation.debrief = Observation.Debrief.HELD
        observation.save(update_fields=["debrief"])
    return observation


def _side(goal: Goal, person: Person) -> str:
    if person.pk == goal.teacher_id:
        return "teacher"
    _require_coach_side(goal.school, person)
    return "coach"


def _validate_goal_text(wording: str, success_measure: str, target_date: dt.date | None) -> None:
    errors = {}
    if not wording.strip():
        errors["wording"] = "Write the goal in words you both can accept."
    if not success_measure.strip():
        errors["success_measure"] = "Say how you will both know the goal is met."
    if target_date is None:
        errors["target_date"] = "Give a target date."
    if errors:
        raise ValidationError(errors)


def goal_propose(
    *,
    school: School,
    teacher: Person,
    proposed_by: Person,
    wording: str,
    success_measure: str,
    target_date: dt.date,
    priority: Priority | None = None,
) -> Goal:
    """A proposal counts as the proposer's acceptance of its wording; the other party still has to accept."""
    _require_teacher(school, teacher)
    _check_priority(school, priority)
    _validate_goal_text(wording, success_measure, target_date)
    goal = Goal(
        school=school,
        teacher=teacher,
        proposed_by=proposed_by,
        wording=wording.strip(),
        success_measure=success_measure.strip(),
        target_date=target_date,
        priority=priority,
    )
    side = _side(goal, proposed_by)
    now = timezone.now()
    if side == "teacher":
        goal.accepted_by_teacher_at = now
    else:
        goal.accepted_by_coach_at = now
        goal.coach = proposed_by
    with transaction.atomic():
        goal.save()
    return goal


def goal_accept(*, goal: Goal, by: Person) -> Goal:
    if goal.state != Goal.State.PROPOSED:
        raise ValidationError("Only a proposed goal can be accepted.")
    side = _side(goal, by)
    now = timezone.now()
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        if side == "teacher":
            locked.accepted_by_teacher_at = locked.accepted_by_teacher_at or now
        else:
            locked.accepted_by_coach_at = locked.accepted_by_coach_at or now
            locked.coach = locked.coach or by
        if locked.accepted_by_teacher_at and locked.accepted_by_coach_at:
            locked.state = Goal.State.ACTIVE
        locked.save()
    return locked


def goal_reword(
    *,
    goal: Goal,
    by: Person,
    wording: str,
    success_measure: str | None = None,
    target_date: dt.date | None = None,
    priority: Priority | None | bool = False,
) -> Goal:
    """New wording is accepted by whoever wrote it and clears the other party's acceptance: both must
    accept the same words. `priority=False` leaves the priority as it is."""
    if goal.state == Goal.State.CLOSED:
        raise ValidationError("This goal is closed; propose a new one instead.")
    side = _side(goal, by)
    success_measure = goal.success_measure if success_measure is None else success_measure
    target_date = target_date or goal.target_date
    _validate_goal_text(wording, success_measure, target_date)
    if priority is not False:
        _check_priority(goal.school, priority)  # type: ignore[arg-type]
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        changed = (
            locked.wording != wording.strip()
            or locked.success_measure != success_measure.strip()
            or locked.target_date != target_date
            or (priority is not False and locked.priority != priority)
        )
        locked.wording = wording.strip()
        locked.success_measure = success_measure.strip()
        locked.target_date = target_date
        if priority is not False:
            locked.priority = priority  # type: ignore[assignment]
        if changed:
            now = timezone.now()
            if side == "teacher":
                locked.accepted_by_teacher_at, locked.accepted_by_coach_at = now, None
            else:
                locked.accepted_by_coach_at, locked.accepted_by_teacher_at = now, None
                locked.coach = by
            locked.state = Goal.State.PROPOSED
        locked.save()
    return locked


def checkin_log(*, goal: Goal, by: Person, rating: int, note: str = "") -> CheckIn:
    if by.pk != goal.teacher_id:
        raise ValidationError("Check-ins are the teacher's own record of progress.")
    if goal.state != Goal.State.ACTIVE:
        raise ValidationError("Check in on a goal once you have both accepted it.")
    if rating not in (1, 2, 3, 4):
        raise ValidationError({"rating": "Rate your progress from 1 to 4."})
    with transaction.atomic():
        return CheckIn.objects.create(goal=goal, rating=rating, note=note.strip())


def support_add(*, goal: Goal, author: Person, text: str, kind: str = Support.Kind.SUPPORT) -> Support:
    _require_coach_side(goal.school, author)
    if not text.strip():
        raise ValidationError({"text": "Write the feedback or the support you will give."})
    if kind not in Support.Kind.values:
        raise ValidationError({"kind": "Choose feedback or targeted support."})
    with transaction.atomic():
        return Support.objects.create(goal=goal, author=author, kind=kind, text=text.strip())


def goal_close(*, goal: Goal, by: Person, outcome: str) -> Goal:
    _require_coach_side(goal.school, by)
    if goal.state == Goal.State.CLOSED:
        raise ValidationError("This goal is already closed.")
    if not outcome.strip():
        raise ValidationError({"outcome": "Record the outcome of the cycle before closing it."})
    with transaction.atomic():
        goal.state = Goal.State.CLOSED
        goal.outcome = outcome.strip()
        goal.closed_at = timezone.now()
        goal.save(update_fields=["state", "outcome", "closed_at"])
    return goal


def timetable_set(*, school: School, teacher: Person, periods: Sequence[planner.Period]) -> None:
    _require_teacher(school, teacher)
    for p in periods:
        if p.end <= p.start or not 0 <= p.weekday <= 4:
            raise ValidationError(f"Period {p} must be on a weekday and end after it starts.")
        if p.kind not in TeacherTimetable.Kind.values:
            raise ValidationError(f"Unknown period kind {p.kind!r}.")
    with transaction.atomic():
        TeacherTimetable.objects.filter(school=school, teacher=teacher).delete()
        TeacherTimetable.objects.bulk_create(
            TeacherTimetable(
                school=school, teacher=teacher, weekday=p.weekday, start=p.start, end=p.end, kind=p.kind
            )
            for p in periods
        )


# The planner ------------------------------------------------------------------------------------------


def _week_bounds(school: School, monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=school.zone)
    return start, dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), tzinfo=school.zone)


def _teacher_id(block: PlannedBlock) -> int | None:
    match = re.match(r"t(\d+)", block.source_id)
    return int(match.group(1)) if match else None


def plan_week(
    *, school: School, leader: Person, iso_week: str, today: dt.date | None = None
) -> list[PlannedBlock]:
    """Propose next week's classroom visits; replaces earlier proposals, keeps accepted blocks."""
    _require_coach_side(school, leader)
    try:
        monday = selectors.parse_iso_week(iso_week)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    settings = selectors.settings_of(school)
    days = tuple(contact_days(school, monday, monday + dt.timedelta(days=4)))
    w0, w1 = _week_bounds(school, monday)
    with transaction.atomic():
        PlannedBlock.objects.filter(
            school=school,
            person=leader,
            source=SOURCE,
            status=PlannedBlock.Status.PROPOSED,
            kind__in=PLAN_KINDS,
            start__gte=w0,
            start__lt=w1,
        ).delete()
        if not days:
            return []
        data = planner.PlanInput(
            days=days,
            zone=school.zone,
            day_start=settings.day_start,
            day_end=settings.day_end,
            busy=tuple(busy_intervals(leader, w0, w1)),
            teachers=tuple(selectors.teacher_inputs(school, today)),
            target_days=float(school.classroom_days_target),
            visit_minutes=settings.visit_minutes,
            buffer_minutes=settings.buffer_minutes,
            not_before=timezone.now(),
        )
        blocks: list[PlannedBlock] = []
        for v in planner.plan(data):
            room = f" (room {v.room})" if v.room else ""
            blocks.append(
                PlannedBlock(
                    school=school,
                    person=leader,
                    start=v.start,
                    end=v.end,
                    title=f"Classroom visit: {v.teacher_name}{room}",
                    description="Overdue for a visit" if v.overdue else "",
                    category="coaching",
                    kind="classroom_visit",
                    source=SOURCE,
                    source_id=f"t{v.teacher_id}",
                )
            )
            blocks.append(
                PlannedBlock(
                    school=school,
                    person=leader,
                    start=v.end,
                    end=v.buffer_end,
                    title=f"Debrief notes: {v.teacher_name}",
                    category="coaching",
                    kind="debrief",
                    source=SOURCE,
                    source_id=f"t{v.teacher_id}",
                )
            )
        PlannedBlock.objects.bulk_create(blocks)
    return list(selectors.plan_blocks(school, leader, monday).filter(status=PlannedBlock.Status.PROPOSED))


plan_replan = plan_week


def plan_accept(
    *, school: School, leader: Person, iso_week: str, block_ids: Iterable[int] | None = None
) -> int:
    """Accept the week's proposed coaching blocks (or only `block_ids`); they then reach the feed."""
    try:
        monday = selectors.parse_iso_week(iso_week)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        qs = selectors.plan_blocks(school, leader, monday).filter(status=PlannedBlock.Status.PROPOSED)
        if block_ids is not None:
            qs = qs.filter(pk__in=list(block_ids))
        return qs.update(status=PlannedBlock.Status.ACCEPTED)


def plan_edit(*, block: PlannedBlock, start: dt.datetime, minutes: int) -> PlannedBlock:
    """Move or resize a planned coaching block, refusing a time the leader or the teacher cannot do."""
    if block.source != SOURCE:
        raise ValidationError("Only blocks the coaching planner made can be edited here.")
    if not 5 <= minutes <= 240:
        raise ValidationError({"minutes": "A block lasts 5 to 240 minutes."})
    school = block.school
    end = start + dt.timedelta(minutes=minutes)
    local = start.astimezone(school.zone)
    if local.date() not in contact_days(school, local.date(), local.date()):
        raise ValidationError({"start": f"{local:%A %b %-d} is not a school day at {school.name}."})
    busy = [
        (b0, b1)
        for b0, b1 in busy_intervals(block.person, start, end)
        if not (block.status == PlannedBlock.Status.ACCEPTED and b0 == block.start and b1 == block.end)
    ]
    if busy:
        clash = busy[0][0].astimezone(school.zone)
        raise ValidationError({"start": f"That overlaps something already in the calendar at {clash:%H:%M}."})
    teacher_id = _teacher_id(block)
    if block.kind in ("classroom_visit", "follow_up") and teacher_id is not None:
        teacher = next((t for t in selectors.teacher_inputs(school) if t.id == teacher_id), None)
        if teacher is not None and not teacher.teaching_during(local, end.astimezone(school.zone)):
            raise ValidationError(
                {"start": f"{teacher.name} is not teaching then (a planning, lunch or duty period)."}
            )
    with transaction.atomic():
        block.start, block.end = start, end
        block.save(update_fields=["start", "end"])
    return block


def followup_propose(
    *, observation: Observation, by: Person, now: dt.datetime | None = None
) -> list[PlannedBlock]:
    """Propose a follow-up visit and a debrief in the observer's free time over the next school days."""
    school = observation.school
    _require_coach_side(school, by)
    if not observation.next_step:
        raise ValidationError("Only a visit with a next step needs a follow-up.")
    settings = selectors.settings_of(school)
    now = now or timezone.now()
    teacher = next(
        (
            t
            for t in selectors.teacher_inputs(school, now.astimezone(school.zone).date())
            if t.id == observation.teacher_id
        ),
        None,
    )
    start_day = now.astimezone(school.zone).date()
    days = contact_days(school, start_day, start_day + dt.timedelta(days=21))
    debrief_at: dt.datetime | None = None
    visit_at: dt.datetime | None = None
    for day in days:
        d0 = dt.datetime.combine(day, dt.time(0), tzinfo=school.zone)
        busy = busy_intervals(by, d0, d0 + dt.timedelta(days=1))
        common: dict[str, Any] = dict(
            day=day, zone=school.zone, day_start=settings.day_start, day_end=settings.day_end, busy=busy
        )
        if debrief_at is None:
            slots = planner.free_slots(**common, minutes=15, teacher=teacher, teaching=False, not_before=now)
            if not slots and (teacher is None or not teacher.periods):
                slots = planner.free_slots(**common, minutes=15, not_before=now)
            if slots:
                debrief_at = slots[0]
                continue  # the follow-up visit comes on a later day, once the teacher has tried the step
        elif visit_at is None and day >= start_day + dt.timedelta(days=5):
            slots = planner.free_slots(
                **common, minutes=settings.visit_minutes, teacher=teacher, teaching=True
            )
            if slots:
                visit_at = slots[0]
                break
    if debrief_at is None or visit_at is None:
        raise ValidationError("No free time in the next three weeks for a debrief and a follow-up visit.")
    name = observation.teacher.name
    sid = f"t{observation.teacher_id}:o{observation.pk}"
    with transaction.atomic():
        blocks = [
            PlannedBlock.objects.create(
                school=school,
                person=by,
                start=debrief_at,
                end=debrief_at + dt.timedelta(minutes=15),
                title=f"Debrief with {name}",
                category="coaching",
                kind="debrief",
                source=SOURCE,
                source_id=sid,
            ),
            PlannedBlock.objects.create(
                school=school,
                person=by,
                start=visit_at,
                end=visit_at + dt.timedelta(minutes=settings.visit_minutes),
                title=f"Follow-up visit: {name}",
                description=f"Next step: {observation.next_step}",
                category="coaching",
                kind="follow_up",
                source=SOURCE,
                source_id=sid,
            ),
        ]
        observation.debrief = Observation.Debrief.PLANNED
        observation.debrief_at = debrief_at
        observation.save(update_fields=["debrief", "debrief_at"])
    return blocks
