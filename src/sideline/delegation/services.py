"""Writes: first responders, work items (with optimistic locking and history), hand-over, the daily meeting.

Every update of a work item names the version it edits. The update is one conditional UPDATE
(`WHERE version = edited`), so of two staff editing the same version exactly one wins and the other
gets a `WorkItemConflict` carrying what changed meanwhile; the caller shows it with their own input
kept, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from sideline.calendars.models import Occurrence
from sideline.delegation import selectors
from sideline.delegation.areas import AREAS, DEFAULT_RESPONDER_ROLE, area_for_delegate
from sideline.delegation.models import (
    AgendaItem,
    DailyMeeting,
    DelegatedSeries,
    FirstResponder,
    WorkItem,
    WorkItemEvent,
)
from sideline.schools.models import Person, School, contact_days
from sideline.schools.selectors import people_with_role, person_at_school

State = WorkItem.State
NeedsLeader = WorkItem.NeedsLeader

#: Which states each state may move to. Returning always needs a reason; done may be reopened.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.OPEN: frozenset({State.IN_PROGRESS, State.DONE, State.RETURNED}),
    State.IN_PROGRESS: frozenset({State.OPEN, State.DONE, State.RETURNED}),
    State.RETURNED: frozenset({State.OPEN, State.IN_PROGRESS, State.DONE}),
    State.DONE: frozenset({State.OPEN}),
}


@dataclass
class WorkItemConflict(Exception):
    """Someone else changed the item after the version this edit started from."""

    current: WorkItem
    changes: list[WorkItemEvent]

    def __str__(self) -> str:
        who = ", ".join(sorted({e.actor.name for e in self.changes if e.actor})) or "someone else"
        return (
            f"{who} changed this item while you were editing it (now version {self.current.version}). "
            "Your input is kept below: check their change and submit again."
        )


# --- first responders --------------------------------------------------------------------------------


def _require_staff(school: School, person: Person | None, what: str) -> None:
    if person is not None and person_at_school(school, person.pk) is None:
        raise ValidationError(f"{person.name} does not work at {school.name}, so cannot be the {what}.")


@transaction.atomic
def first_responder_set(
    *, school: School, area: str, person: Person, backup: Person | None
) -> FirstResponder:
    if area not in AREAS:
        raise ValidationError(f"Unknown area {area!r}.")
    _require_staff(school, person, "first responder")
    _require_staff(school, backup, "backup")
    if backup is not None and backup.pk == person.pk:
        raise ValidationError("The backup must be someone other than the first responder.")
    responder, _ = FirstResponder.objects.update_or_create(
        school=school, area=area, defaults={"person": person, "backup": backup}
    )
    return responder


@transaction.atomic
def first_responders_ensure_defaults(*, school: School) -> int:
    """Fill every area that has no first responder from the default roles; returns how many were added."""
    have = set(FirstResponder.objects.filter(school=school).values_list("area", flat=True))
    added = 0
    for area in AREAS:
        if area in have:
            continue
        role, backup_role = DEFAULT_RESPONDER_ROLE[area]
        person = people_with_role(school, role).first()
        if person is None:
            continue
        backup = people_with_role(school, backup_role).first()
        FirstResponder.objects.create(
            school=school, area=area, person=person, backup=backup if backup != person else None
        )
        added += 1
    return added


# --- work items --------------------------------------------------------------------------------------


def default_due_date(school: School, today: dt.date) -> dt.date:
    """Two school days out: soon enough to matter, long enough for the front office to plan."""
    days = contact_days(school, today + dt.timedelta(days=1), today + dt.timedelta(days=21))
    return days[1] if len(days) > 1 else today + dt.timedelta(days=2)


def _event(item: WorkItem, actor: Person | None, now: dt.datetime, kind: str, **fields: str) -> WorkItemEvent:
    return WorkItemEvent.objects.create(
        item=item, actor=actor, at=now, kind=kind, version=item.version, **fields
    )


@transaction.atomic
def work_item_create(
    *,
    school: School,
    title: str,
    area: str,
    actor: Person | None,
    notes: str = "",
    owner: Person | None = None,
    due_date: dt.date | None = None,
    needs_leader: str = NeedsLeader.NONE,
    source: str = WorkItem.Source.PHONE,
    triage_item_id: int | None = None,
    calendar_id: int | None = None,
    series_uid: str = "",
    now: dt.datetime | None = None,
) -> WorkItem:
    """A new item for the area's first responder (or the given owner), with its backup and a due date."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Say what needs doing."})
    if len(title) > 300:
        raise ValidationError({"title": "Keep the title under 300 characters; put the rest in the notes."})
    if area not in AREAS:
        raise ValidationError({"area": f"Unknown area {area!r}."})
    if needs_leader not in NeedsLeader.values:
        raise ValidationError({"needs_leader": f"Unknown value {needs_leader!r}."})
    _require_staff(school, owner, "owner")
    now = now or timezone.now()
    responder = FirstResponder.objects.filter(school=school, area=area).first()
    backup = None
    if owner is None and responder is not None:
        owner, backup = responder.person, responder.backup
    elif responder is not None:
        backup = responder.backup if responder.backup != owner else responder.person
    item = WorkItem.objects.create(
        school=school,
        area=area,
        title=title,
        notes=notes.strip(),
        owner=owner,
        backup=backup,
        due_date=due_date or default_due_date(school, now.astimezone(school.zone).date()),
        needs_leader=needs_leader,
        source=source,
        triage_item_id=triage_item_id,
        calendar_id=calendar_id,
        series_uid=series_uid,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    _event(item, actor, now, WorkItemEvent.Kind.CREATED, to_value=owner.name if owner else "", note=title)
    return item


def _apply(item: WorkItem, version: int, changes: dict[str, Any], now: dt.datetime) -> WorkItem:
    """The optimistic lock: write only if nobody moved the item past `version`."""
    updated = WorkItem.objects.filter(pk=item.pk, version=version).update(
        **changes, updated_at=now, version=F("version") + 1
    )
    fresh = WorkItem.objects.select_related("owner", "backup", "school").get(pk=item.pk)
    if not updated:
        raise WorkItemConflict(current=fresh, changes=selectors.events_since(fresh, version))
    return fresh


@transaction.atomic
def work_item_set_state(
    *,
    item: WorkItem,
    state: str,
    version: int,
    actor: Person | None,
    reason: str = "",
    needs_leader: str = "",
    now: dt.datetime | None = None,
) -> WorkItem:
    now = now or timezone.now()
    if state not in State.values:
        raise ValidationError({"state": f"Unknown state {state!r}."})
    current = WorkItem.objects.get(pk=item.pk)
    if current.version != version:
        raise WorkItemConflict(current=current, changes=selectors.events_since(current, version))
    if state == current.state:
        raise ValidationError({"state": f"The item is already {current.get_state_display().lower()}."})
    if state not in TRANSITIONS[current.state]:
        raise ValidationError(
            {"state": f"An item that is {current.get_state_display().lower()} cannot move to {state}."}
        )
    changes: dict[str, Any] = {"state": state}
    reason = reason.strip()
    if state == State.RETURNED:
        if not reason:
            raise ValidationError({"reason": "Say why it needs the leader, so they can act on it."})
        wanted = needs_leader or NeedsLeader.DECISION
        if wanted not in (NeedsLeader.DECISION, NeedsLeader.SIGNATURE):
            raise ValidationError({"needs_leader": "A returned item needs a decision or a signature."})
        changes.update(returned_reason=reason, needs_leader=wanted)
    elif current.state == State.RETURNED:
        # The leader has answered: it stops waiting on them.
        changes["needs_leader"] = NeedsLeader.NONE
    if state == State.DONE:
        changes["closed_at"] = now
        changes["needs_leader"] = NeedsLeader.NONE
    elif current.state == State.DONE:
        changes["closed_at"] = None
    fresh = _apply(current, version, changes, now)
    _event(
        fresh,
        actor,
        now,
        WorkItemEvent.Kind.STATE,
        field="state",
        from_value=current.state,
        to_value=state,
        note=reason,
    )
    return fresh


@transaction.atomic
def work_item_edit(
    *,
    item: WorkItem,
    version: int,
    actor: Person | None,
    title: str,
    notes: str,
    due_date: dt.date | None,
    owner: Person | None,
    needs_leader: str,
    now: dt.datetime | None = None,
) -> WorkItem:
    now = now or timezone.now()
    title = title.strip()
    if not title:
        raise ValidationError({"title": "The title cannot be empty."})
    if needs_leader not in NeedsLeader.values:
        raise ValidationError({"needs_leader": f"Unknown value {needs_leader!r}."})
    _require_staff(item.school, owner, "owner")
    current = WorkItem.objects.select_related("owner").get(pk=item.pk)
    new = {
        "title": title,
        "notes": notes.strip(),
        "due_date": due_date,
        "owner_id": owner.pk if owner else None,
        "needs_leader": needs_leader,
    }
    old = {k: getattr(current, k) for k in new}
    changed = {k: v for k, v in new.items() if old[k] != v}
    if not changed:
        if current.version != version:
            raise WorkItemConflict(current=current, changes=selectors.events_since(current, version))
        return current
    fresh = _apply(current, version, changed, now)
    names = {
        current.owner_id: current.owner.name if current.owner else "",
        fresh.owner_id: fresh.owner.name if fresh.owner else "",
    }
    for key in changed:
        before, after = old[key], new[key]
        if key == "owner_id":
            before, after = names.get(before, ""), names.get(after, "")  # type: ignore[arg-type,call-overload]
        _event(
            fresh,
            actor,
            now,
            WorkItemEvent.Kind.EDIT,
            field=key.removesuffix("_id"),
            from_value="" if before is None else str(before),
            to_value="" if after is None else str(after),
        )
    return fresh


@transaction.atomic
def work_item_add_note(
    *, item: WorkItem, actor: Person | None, note: str, now: dt.datetime | None = None
) -> WorkItemEvent:
    """Notes only append to the history, so they never conflict and do not bump the version."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Write the note first."})
    now = now or timezone.now()
    current = WorkItem.objects.get(pk=item.pk)
    return _event(current, actor, now, WorkItemEvent.Kind.NOTE, note=note)


# --- hand-over ---------------------------------------------------------------------------------------


def _triage() -> tuple[Any, Any]:
    try:
        from sideline.triage import services as triage_services
        from sideline.triage.models import TriageItem
    except ImportError:
        raise ValidationError(
            "The triage inbox is not installed yet, so there is nothing to hand over."
        ) from None
    return TriageItem, triage_services


@transaction.atomic
def work_item_hand_over_triage(
    *, school: School, triage_item_id: int, actor: Person | None, now: dt.datetime | None = None
) -> WorkItem:
    """One click from a triage verdict: the item goes to its area's first responder.

    Clicking twice hands over once: the second click returns the existing work item.
    """
    existing = WorkItem.objects.filter(school=school, triage_item_id=triage_item_id).first()
    if existing is not None:
        return existing
    model, triage_services = _triage()
    triage_item = model.objects.select_for_update().filter(pk=triage_item_id, school=school).first()
    if triage_item is None:
        raise ValidationError("That triage item does not exist at this school.")
    if triage_item.category != "technical":
        raise ValidationError(
            "Only Technical Work is handed over; correct the verdict first if it is technical."
        )
    text = str(triage_item.text).strip()
    first_line = text.splitlines()[0] if text else "Untitled"
    title = first_line if len(first_line) <= 300 else first_line[:297] + "..."
    item = work_item_create(
        school=school,
        title=title,
        notes=text if text != title else "",
        area=area_for_delegate(triage_item.delegate_to),
        actor=actor,
        source=WorkItem.Source.TRIAGE,
        triage_item_id=triage_item.pk,
        now=now,
    )
    triage_services.triage_item_set_status(item=triage_item, status="handed_over")
    return item


@transaction.atomic
def work_item_teach_triage(*, lesson: selectors.TriageLesson, actor: Person | None) -> None:
    """Save the school's triage correction: text like this item's goes to the new owner's role."""
    _, triage_services = _triage()
    triage_services.triage_item_correct(
        item=lesson.triage_item, category="technical", delegate_to=lesson.role, by=actor
    )


@transaction.atomic
def work_item_forget_triage(*, correction: Any) -> None:
    """Undo a lesson: the school's correction for this text goes, and triage suggests from the corpus again."""
    _, triage_services = _triage()
    triage_services.correction_delete(correction=correction)


@transaction.atomic
def work_item_hand_over_series(
    *, school: School, occurrence_id: int, actor: Person | None, now: dt.datetime | None = None
) -> WorkItem:
    """Hand over a whole recurring series: one work item, and the leader's future occurrences leave their time."""
    occurrence = (
        Occurrence.objects.select_related("calendar")
        .filter(pk=occurrence_id, calendar__school=school)
        .first()
    )
    if occurrence is None:
        raise ValidationError("That calendar event does not exist at this school.")
    now = now or timezone.now()
    existing = (
        DelegatedSeries.objects.filter(calendar=occurrence.calendar, series_uid=occurrence.series_uid)
        .select_related("work_item")
        .first()
    )
    if existing is not None:
        return existing.work_item
    from_date = max(now.astimezone(school.zone).date(), occurrence.start.astimezone(school.zone).date())
    local = occurrence.start.astimezone(school.zone)
    how_often = "Recurring" if occurrence.recurring else "One-off"
    notes = (
        f"{how_often} event from {occurrence.calendar.owner.name}'s calendar, handed over from "
        f"{from_date:%Y-%m-%d}: {local:%A}s at {local:%H:%M}."
    )
    if occurrence.description:
        notes += "\n" + occurrence.description
    item = work_item_create(
        school=school,
        title=occurrence.title or "Calendar event",
        notes=notes,
        area=area_for_delegate(occurrence.delegate_to or None),
        actor=actor,
        source=WorkItem.Source.SERIES,
        calendar_id=occurrence.calendar_id,
        series_uid=occurrence.series_uid,
        now=now,
    )
    DelegatedSeries.objects.create(
        calendar=occurrence.calendar, series_uid=occurrence.series_uid, work_item=item, from_date=from_date
    )
    _notify_calendars(occurrence.calendar_id, occurrence.series_uid, from_date)
    return item


def _notify_calendars(calendar_id: int, series_uid: str, from_date: dt.date) -> None:
    """Tell the calendars app, if it offers a hook, that the series left the leader's time."""
    try:
        from sideline.calendars import services as calendar_services
    except ImportError:
        return
    hook = getattr(calendar_services, "series_mark_delegated", None)
    if callable(hook):
        hook(calendar_id=calendar_id, series_uid=series_uid, from_date=from_date)


# --- the daily meeting -------------------------------------------------------------------------------


@transaction.atomic
def meeting_generate(*, school: School, date: dt.date, now: dt.datetime | None = None) -> DailyMeeting:
    """Create or refresh the day's agenda. Generated sections refresh in place; added items and the
    assistant's order are kept, so regenerating never loses their work."""
    if date not in contact_days(school, date, date):
        raise ValidationError(f"{date:%A %Y-%m-%d} is not a school day at {school.name}: no daily meeting.")
    now = now or timezone.now()
    meeting, _ = DailyMeeting.objects.select_for_update().get_or_create(
        school=school,
        date=date,
        defaults={
            "leader": selectors.leader_of(school),
            "owner": selectors.assistant_of(school),
            "generated_at": now,
        },
    )
    existing = {a.key: a for a in meeting.items.exclude(key="")}
    top = meeting.items.aggregate(m=Max("position"))["m"] or 0
    changed = False
    for section in selectors.meeting_sections(school, date):
        agenda_item = existing.get(section.key)
        if agenda_item is None:
            top += 1
            AgendaItem.objects.create(
                meeting=meeting, key=section.key, position=top, title=section.title, body=section.body
            )
            changed = True
        elif (agenda_item.title, agenda_item.body) != (section.title, section.body):
            agenda_item.title, agenda_item.body = section.title, section.body
            agenda_item.save(update_fields=["title", "body"])
            changed = True
    # Only a real change moves the timestamp, so regenerating an unchanged day is a no-op.
    if changed and meeting.generated_at != now:
        meeting.generated_at = now
        DailyMeeting.objects.filter(pk=meeting.pk).update(generated_at=now)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: DailyMeeting, title: str, body: str, actor: Person | None) -> AgendaItem:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the agenda item a title."})
    if len(title) > 300:
        raise ValidationError({"title": "Keep the title under 300 characters; put the rest in the details."})
    top = meeting.items.aggregate(m=Max("position"))["m"] or 0
    return AgendaItem.objects.create(
        meeting=meeting, position=top + 1, title=title, body=body.strip(), added_by=actor
    )


@transaction.atomic
def agenda_item_move(*, meeting: DailyMeeting, item_id: int, direction: str) -> None:
    """Swap an agenda item with its neighbour; positions are renumbered 1..n so ties cannot stick."""
    if direction not in ("up", "down"):
        raise ValidationError(f"Move up or down, not {direction!r}.")
    items = list(meeting.items.select_for_update().order_by("position", "id"))
    index = next((i for i, a in enumerate(items) if a.pk == item_id), None)
    if index is None:
        raise ValidationError("That agenda item is not on this meeting's agenda.")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items, start=1):
        if agenda_item.position != position:
            agenda_item.position = position
            agenda_item.save(update_fields=["position"])


def meeting_recipients(meeting: DailyMeeting) -> list[str]:
    return sorted({p.email for p in (meeting.leader, meeting.owner) if p is not None and p.email})


def meeting_send(*, meeting: DailyMeeting, now: dt.datetime | None = None) -> list[str]:
    """Email the agenda to the leader and the assistant; returns the addresses it went to."""
    recipients = meeting_recipients(meeting)
    if not recipients:
        raise ValidationError("The meeting has neither a leader nor an assistant with an email address.")
    context = {
        "meeting": meeting,
        "school": meeting.school,
        "items": list(meeting.items.order_by("position", "id")),
    }
    subject = f"Daily meeting {meeting.date:%a %b} {meeting.date.day}: {meeting.school.name}"
    text = render_to_string("delegation/meeting_email.txt", context)
    html = render_to_string("delegation/meeting_email.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    message.send()
    DailyMeeting.objects.filter(pk=meeting.pk).update(sent_at=now or timezone.now())
    return recipients
