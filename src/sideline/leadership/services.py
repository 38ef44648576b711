"""Writes of the leadership app. Each is keyword-only, validates its input and owns its transaction.

Errors are `ValidationError`s worded for the person at the form: what is wrong and what to do next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sideline.coaching.models import Observation
from sideline.coaching.services import observation_log
from sideline.leadership.models import (
    PLC,
    Candidate,
    CareerConversation,
    CompareVisit,
    LeadershipSettings,
    LeverageProject,
    Milestone,
    PLCMeeting,
    Presentation,
    StageChange,
)
from sideline.schools.models import Membership, Person, Priority, School, contact_days
from sideline.schools.roles import LEADERS, Role

Stage = Candidate.Stage

#: The pipeline's moves. "Not now" can be revisited; anyone can step back to "not now" later.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDENTIFIED: frozenset({Stage.CONVERSATION_HELD}),
    Stage.CONVERSATION_HELD: frozenset({Stage.EXCITED_WILLING, Stage.NOT_NOW}),
    Stage.NOT_NOW: frozenset({Stage.CONVERSATION_HELD, Stage.EXCITED_WILLING}),
    Stage.EXCITED_WILLING: frozenset({Stage.IN_TRAINING, Stage.NOT_NOW}),
    Stage.IN_TRAINING: frozenset({Stage.LEADING, Stage.NOT_NOW}),
    Stage.LEADING: frozenset({Stage.IN_TRAINING, Stage.NOT_NOW}),
}
MAX_TEXT = 5000


def _roles(person: Person, school: School) -> set[str]:
    return set(Membership.objects.filter(person=person, school=school).values_list("role", flat=True))


def _require_leader(school: School, person: Person) -> None:
    if not _roles(person, school) & LEADERS:
        raise ValidationError(f"{person.name} is not a leader at {school.name}.")


def _require_staff(school: School, person: Person) -> None:
    if not _roles(person, school):
        raise ValidationError(f"{person.name} is not on the staff of {school.name}.")


def _check_priority(school: School, priority: Priority | None) -> None:
    if priority is not None and priority.school_id != school.pk:
        raise ValidationError("That priority belongs to another school.")


def _text(value: str, label: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"{label} is required.")
    if len(value) > limit:
        raise ValidationError(f"{label} is too long ({len(value)} characters; at most {limit}).")
    return value


def is_teacher_led(plc: PLC) -> bool:
    roles = _roles(plc.facilitator, plc.school)
    return Role.TEACHER in roles and not roles & LEADERS


# --- settings -------------------------------------------------------------------------------------


def settings_update(*, school: School, weeks_required: int, weeks_window: int) -> LeadershipSettings:
    if not 1 <= weeks_required <= weeks_window <= 20:
        raise ValidationError(
            f"Use a run such as 4 of the last 6 weeks: got {weeks_required} of {weeks_window} "
            "(need 1 ≤ weeks met ≤ weeks looked at ≤ 20)."
        )
    with transaction.atomic():
        settings, _ = LeadershipSettings.objects.select_for_update().get_or_create(school=school)
        settings.weeks_required = weeks_required
        settings.weeks_window = weeks_window
        settings.save()
    return settings


# --- the pipeline ---------------------------------------------------------------------------------


def candidate_identify(*, school: School, person: Person, by: Person, strengths: str = "") -> Candidate:
    _require_leader(school, by)
    _require_staff(school, person)
    if person.pk == by.pk:
        raise ValidationError("Name someone else: the pipeline grows other leaders.")
    strengths = _text(strengths, "Strengths")
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                school=school, person=person, identified_by=by, strengths=strengths
            )
            StageChange.objects.create(candidate=candidate, from_stage="", to_stage=Stage.IDENTIFIED, by=by)
    except IntegrityError:
        raise ValidationError(f"{person.name} is already in the pipeline.") from None
    return candidate


def candidate_move(
    *,
    candidate: Candidate,
    to_stage: str,
    by: Person,
    revisit_on: dt.date | None = None,
    leads_kind: str = "",
    leads_what: str = "",
    leads_plc: PLC | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Candidate:
    """Move a candidate one step; "leading a PLC" also makes them the PLC's facilitator."""
    school = candidate.school
    _require_leader(school, by)
    if to_stage not in Stage.values:
        raise ValidationError(f"{to_stage!r} is not a pipeline stage.")
    allowed = TRANSITIONS[candidate.stage]
    if to_stage not in allowed:
        names = ", ".join(str(Stage(s).label) for s in sorted(allowed))
        raise ValidationError(
            f"{candidate.person.name} is at “{candidate.get_stage_display()}”; from there the next step is {names}."
        )
    today = today or timezone.localdate(timezone=school.zone)
    note = _text(note, "Note", limit=500)
    leads_what = _text(leads_what, "What they lead", limit=200)
    if to_stage == Stage.CONVERSATION_HELD and not candidate.conversations.exists():
        raise ValidationError("Log the career conversation first; holding it is what moves this stage.")
    if to_stage == Stage.NOT_NOW:
        if revisit_on is None:
            raise ValidationError("“Not now” needs a date to revisit the conversation.")
        if revisit_on <= today:
            raise ValidationError(f"The revisit date must be after today ({today:%Y-%m-%d}).")
    if to_stage == Stage.LEADING:
        if leads_kind not in (Candidate.Leads.PLC, Candidate.Leads.COMMITTEE, Candidate.Leads.PROGRAM):
            raise ValidationError("Say what they lead: a PLC, a committee or a program.")
        if leads_kind == Candidate.Leads.PLC:
            if leads_plc is None:
                raise ValidationError("Choose the PLC they lead.")
            if leads_plc.school_id != school.pk:
                raise ValidationError("That PLC belongs to another school.")
        elif not leads_what:
            raise ValidationError("Name the committee or program they lead.")
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.stage != candidate.stage:
            raise ValidationError("Someone else moved this candidate just now; reload to see where they are.")
        from_stage = locked.stage
        locked.stage = to_stage
        locked.revisit_on = revisit_on if to_stage == Stage.NOT_NOW else None
        if to_stage == Stage.LEADING:
            locked.leads_kind = leads_kind
            locked.leads_plc = leads_plc if leads_kind == Candidate.Leads.PLC else None
            locked.leads_what = (
                leads_plc.name if leads_plc is not None and leads_kind == "plc" else leads_what
            )
            if leads_plc is not None and leads_kind == Candidate.Leads.PLC:
                leads_plc.facilitator = locked.person
                leads_plc.save(update_fields=["facilitator"])
                leads_plc.members.add(locked.person)
        locked.save()
        StageChange.objects.create(
            candidate=locked, from_stage=from_stage, to_stage=to_stage, by=by, note=note
        )
    return locked


def conversation_log(
    *, candidate: Candidate, leader: Person, date: dt.date, ambitions: str, next_step: str
) -> CareerConversation:
    """Log a one-on-one; the first one moves an identified candidate to "conversation held"."""
    _require_leader(candidate.school, leader)
    ambitions = _text(ambitions, "Their ambitions", required=True)
    next_step = _text(next_step, "The next step agreed", required=True, limit=500)
    if date > timezone.localdate(timezone=candidate.school.zone) + dt.timedelta(days=1):
        raise ValidationError("Log a conversation once it has happened, not one in the future.")
    with transaction.atomic():
        conversation = CareerConversation.objects.create(
            candidate=candidate, leader=leader, date=date, ambitions=ambitions, next_step=next_step
        )
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.stage in (Stage.IDENTIFIED, Stage.NOT_NOW):
            StageChange.objects.create(
                candidate=locked, from_stage=locked.stage, to_stage=Stage.CONVERSATION_HELD, by=leader
            )
            locked.stage = Stage.CONVERSATION_HELD
            locked.revisit_on = None
            locked.save(update_fields=["stage", "revisit_on", "updated_at"])
    candidate.refresh_from_db()
    return conversation


# --- PLCs -----------------------------------------------------------------------------------------


def plc_create(
    *,
    school: School,
    by: Person,
    name: str,
    facilitator: Person,
    members: Sequence[Person] = (),
    facilitator_training: str = "",
    priority: Priority | None = None,
) -> PLC:
    _require_leader(school, by)
    _require_staff(school, facilitator)
    _check_priority(school, priority)
    name = _text(name, "The PLC's name", required=True, limit=200)
    for member in members:
        _require_staff(school, member)
    try:
        with transaction.atomic():
            plc = PLC.objects.create(
                school=school,
                name=name,
                facilitator=facilitator,
                facilitator_training=_text(facilitator_training, "Training"),
                priority=priority,
            )
            plc.members.set({*members, facilitator})
    except IntegrityError:
        raise ValidationError(f"{school.name} already has a PLC called “{name}”.") from None
    return plc


def meeting_log(
    *,
    plc: PLC,
    by: Person,
    date: dt.date,
    agenda: str,
    notes: str = "",
    reflection: str = "",
    priority: Priority | None = None,
) -> PLCMeeting:
    if by.pk != plc.facilitator_id:
        _require_leader(plc.school, by)
    _check_priority(plc.school, priority)
    with transaction.atomic():
        return PLCMeeting.objects.create(
            plc=plc,
            date=date,
            agenda=_text(agenda, "The agenda", required=True),
            notes=_text(notes, "Notes"),
            reflection=_text(reflection, "Reflection"),
            priority=priority,
        )


def meeting_update(*, meeting: PLCMeeting, by: Person, notes: str, reflection: str) -> PLCMeeting:
    if by.pk != meeting.plc.facilitator_id:
        _require_leader(meeting.plc.school, by)
    with transaction.atomic():
        meeting.notes = _text(notes, "Notes")
        meeting.reflection = _text(reflection, "Reflection")
        meeting.save(update_fields=["notes", "reflection"])
    return meeting


def meeting_observe(
    *,
    meeting: PLCMeeting,
    observer: Person,
    start_time: dt.time,
    minutes: int,
    evidence: str,
    feedback: str,
    feedback_type: str = Observation.FeedbackType.CELEBRATORY,
    next_step: str = "",
    idempotency_key: str = "",
) -> Observation:
    """The leader's feedback to the facilitator, logged through coaching so it counts as Coaching Work."""
    plc = meeting.plc
    _require_leader(plc.school, observer)
    if meeting.observation_id is not None:
        raise ValidationError("This meeting already has the leader's feedback; open it from the meeting.")
    if not _text(feedback, "Feedback to the facilitator", required=True):
        raise ValidationError("Feedback to the facilitator is required.")
    start = dt.datetime.combine(meeting.date, start_time, plc.school.zone)
    with transaction.atomic():
        obs = observation_log(
            school=plc.school,
            observer=observer,
            teacher=plc.facilitator,
            start=start,
            minutes=minutes,
            kind=Observation.Kind.PLC,
            priority=meeting.priority or plc.priority,
            evidence=evidence,
            feedback=feedback,
            feedback_type=feedback_type,
            next_step=next_step,
            idempotency_key=idempotency_key,
        )
        PLCMeeting.objects.filter(pk=meeting.pk).update(observation=obs)
    meeting.observation = obs
    return obs


# --- compare-and-contrast visits ------------------------------------------------------------------


def visit_log(
    *,
    school: School,
    leader: Person,
    teacher: Person,
    date: dt.date,
    visited: Sequence[Person],
    focus: str = "",
    priority: Priority | None = None,
    noticings: str = "",
) -> CompareVisit:
    _require_leader(school, leader)
    if Role.TEACHER not in _roles(teacher, school):
        raise ValidationError(f"{teacher.name} is not a teacher at {school.name}.")
    _check_priority(school, priority)
    rooms = {p.pk: p for p in visited if p.pk != teacher.pk}
    if len(rooms) < 2:
        raise ValidationError(
            "Choose at least two classrooms to visit (other than the teacher's own): comparing needs two."
        )
    for person in rooms.values():
        if Role.TEACHER not in _roles(person, school):
            raise ValidationError(f"{person.name} is not a teacher at {school.name}.")
    with transaction.atomic():
        visit = CompareVisit.objects.create(
            school=school,
            leader=leader,
            teacher=teacher,
            date=date,
            focus=_text(focus, "Focus", limit=300),
            priority=priority,
            noticings=_text(noticings, "Noticings"),
        )
        visit.visited.set(rooms.values())
    return visit


def visit_record_noticings(*, visit: CompareVisit, by: Person, noticings: str) -> CompareVisit:
    if by.pk != visit.teacher_id:
        _require_leader(visit.school, by)
    with transaction.atomic():
        visit.noticings = _text(noticings, "What you noticed", required=True)
        visit.save(update_fields=["noticings"])
    return visit


def presentation_propose(*, visit: CompareVisit, today: dt.date) -> tuple[str, PLC | None, dt.date]:
    """The teacher's next PLC meeting after the visit (weekly cadence from their PLC's meetings);
    without a PLC, the next Monday staff meeting."""
    after = max(visit.date, today)
    plc = (
        PLC.objects.filter(school=visit.school, members=visit.teacher).order_by("name").first()
        or PLC.objects.filter(school=visit.school, facilitator=visit.teacher).order_by("name").first()
    )
    if plc is not None:
        upcoming = plc.meetings.filter(date__gt=after).order_by("date").first()
        if upcoming is not None:
            return Presentation.Venue.PLC, plc, upcoming.date
        last = plc.meetings.order_by("-date").first()
        if last is not None:
            day = last.date
            while day <= after or not _is_contact_day(visit.school, day):
                day += dt.timedelta(days=7)
            return Presentation.Venue.PLC, plc, day
    day = after + dt.timedelta(days=(7 - after.weekday()) or 7)
    while not _is_contact_day(visit.school, day):
        day += dt.timedelta(days=7)
    return Presentation.Venue.STAFF, None, day


def _is_contact_day(school: School, day: dt.date) -> bool:
    # Past the school year there are no contact days; propose the date anyway rather than loop forever.
    return day > school.year_end or bool(contact_days(school, day, day))


def presentation_schedule(
    *,
    visit: CompareVisit,
    by: Person,
    venue: str,
    date: dt.date,
    plc: PLC | None = None,
    title: str = "",
) -> Presentation:
    _require_leader(visit.school, by)
    if venue not in Presentation.Venue.values:
        raise ValidationError("Choose a PLC meeting or a staff meeting.")
    if venue == Presentation.Venue.PLC and plc is None:
        raise ValidationError("Choose the PLC whose meeting hears the presentation.")
    if plc is not None and plc.school_id != visit.school_id:
        raise ValidationError("That PLC belongs to another school.")
    if date < visit.date:
        raise ValidationError("The presentation comes after the visit it is about.")
    with transaction.atomic():
        presentation, _ = Presentation.objects.update_or_create(
            visit=visit,
            defaults={
                "venue": venue,
                "plc": plc if venue == Presentation.Venue.PLC else None,
                "date": date,
                "title": _text(title, "Title", limit=200) or f"What {visit.teacher.first_name} noticed",
            },
        )
    return presentation


def presentation_mark_happened(*, presentation: Presentation, by: Person, on: dt.date) -> Presentation:
    _require_leader(presentation.visit.school, by)
    if on < presentation.visit.date:
        raise ValidationError("It cannot have happened before the visit.")
    if on > timezone.localdate(timezone=presentation.visit.school.zone) + dt.timedelta(days=1):
        raise ValidationError("Record it once it has happened.")
    with transaction.atomic():
        presentation.happened_on = on
        presentation.save(update_fields=["happened_on"])
    return presentation


# --- leverage projects ----------------------------------------------------------------------------


def _hours(value: object) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{value!r} is not a number of hours such as 2.5.") from None
    if not Decimal(0) < hours <= Decimal(60):
        raise ValidationError("The hours a week it should return must be more than 0 and at most 60.")
    return hours


def project_open(
    *,
    school: School,
    leader: Person,
    title: str,
    replaces: str,
    owner_kind: str,
    hours_per_week: object,
    started_on: dt.date,
    owner_person: Person | None = None,
    owner_program: object | None = None,
    series_match: str = "",
    series_uid: str = "",
    priority: Priority | None = None,
    milestones: Sequence[str] = (),
) -> LeverageProject:
    """Open a project. Readiness is guidance shown by the view, never checked here."""
    from sideline.volunteers.models import Program

    _require_leader(school, leader)
    _check_priority(school, priority)
    hours = _hours(hours_per_week)
    if owner_kind not in LeverageProject.Owner.values:
        raise ValidationError(
            "Choose who will own it: a staff member, a trained teacher leader or a volunteer program."
        )
    if owner_kind == LeverageProject.Owner.PROGRAM:
        if not isinstance(owner_program, Program):
            raise ValidationError("Choose the volunteer program that will own it.")
        if owner_program.school_id != school.pk:
            raise ValidationError("That volunteer program belongs to another school.")
        owner_person = None
    else:
        if owner_person is None:
            raise ValidationError("Choose the person who will own it.")
        roles = _roles(owner_person, school)
        if not roles:
            raise ValidationError(f"{owner_person.name} is not on the staff of {school.name}.")
        if owner_person.pk == leader.pk:
            raise ValidationError(
                "The owner must be someone other than you: the point is to hand the work over."
            )
        if owner_kind == LeverageProject.Owner.TEACHER_LEADER and Role.TEACHER not in roles:
            raise ValidationError(f"{owner_person.name} is not a teacher; choose “a staff member” instead.")
        owner_program = None
    titles = [_text(m, "Milestone", limit=300) for m in milestones]
    with transaction.atomic():
        project = LeverageProject.objects.create(
            school=school,
            leader=leader,
            title=_text(title, "Title", required=True, limit=200),
            replaces=_text(replaces, "What it replaces", required=True),
            series_match=_text(series_match, "Calendar title", limit=300),
            series_uid=_text(series_uid, "Series", limit=500),
            owner_kind=owner_kind,
            owner_person=owner_person,
            owner_program=owner_program,
            hours_per_week=hours,
            priority=priority,
            started_on=started_on,
        )
        Milestone.objects.bulk_create([Milestone(project=project, title=t) for t in titles if t])
    return project


def milestone_add(
    *, project: LeverageProject, by: Person, title: str, due: dt.date | None = None
) -> Milestone:
    _require_leader(project.school, by)
    with transaction.atomic():
        return Milestone.objects.create(
            project=project, title=_text(title, "Milestone", required=True, limit=300), due=due
        )


def milestone_set_done(*, milestone: Milestone, by: Person, done: bool) -> Milestone:
    _require_leader(milestone.project.school, by)
    with transaction.atomic():
        milestone.done_at = timezone.now() if done else None
        milestone.save(update_fields=["done_at"])
    return milestone
