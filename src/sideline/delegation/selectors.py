"""Reads: the leader's day, what waits on the leader, the daily agenda's sections, and the measures."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from sideline.calendars.models import Occurrence, PlannedBlock
from sideline.calendars.selectors import audit_for_person
from sideline.delegation.areas import AREAS
from sideline.delegation.models import Area, DelegatedSeries, FirstResponder, WorkItem, WorkItemEvent
from sideline.schools.models import Membership, Person, School, contact_days
from sideline.schools.roles import SCHOOL_ROLES, Role, role_label
from sideline.schools.selectors import people_with_role

CATEGORY_LABELS = {
    "coaching": "Coaching Work",
    "technical": "Technical Work",
    "leveraged": "Leveraged Leadership Work",
    "personal": "Personal",
}


def leader_of(school: School) -> Person | None:
    """The leader the daily meeting serves: the principal, else an assistant principal."""
    return (
        people_with_role(school, Role.PRINCIPAL).first()
        or people_with_role(school, Role.ASSISTANT_PRINCIPAL).first()
    )


def assistant_of(school: School) -> Person | None:
    return people_with_role(school, Role.ADMINISTRATIVE_ASSISTANT).first()


def responders_of(school: School) -> dict[str, FirstResponder]:
    return {
        fr.area: fr for fr in FirstResponder.objects.filter(school=school).select_related("person", "backup")
    }


#: What needs attention first: returned items, then open, in progress, done.
STATE_ORDER = {"returned": 0, "open": 1, "in_progress": 2, "done": 3}


def queue_rows(items: QuerySet[WorkItem]) -> list[WorkItem]:
    """A list page's items with their people in one query."""
    rows = items.select_related("owner", "backup").order_by("due_date", "id")
    return sorted(rows, key=lambda i: STATE_ORDER[i.state])


def waiting_on_leader(school: School) -> QuerySet[WorkItem]:
    """Only decisions and signatures: everything else is the front office's to finish."""
    return (
        WorkItem.objects.filter(school=school)
        .exclude(state=WorkItem.State.DONE)
        .exclude(needs_leader=WorkItem.NeedsLeader.NONE)
        .select_related("owner")
        .order_by("due_date", "id")
    )


#: Roles whose holder can own a handed-over item in triage's vocabulary. The principal is left out: an item
#: taken back by the leader says nothing about which office it belongs to.
TEACHABLE_ROLES: frozenset[str] = SCHOOL_ROLES - {Role.PRINCIPAL}


def triage_item_of(item: WorkItem) -> Any | None:
    """The triage item this work item was handed over from (None if typed in, or triage is not installed).

    Typed Any: the triage app is imported lazily, as in services._triage(), so delegation runs without it.
    """
    if item.triage_item_id is None:
        return None
    try:
        from sideline.triage.models import TriageItem
    except ImportError:
        return None
    return TriageItem.objects.filter(pk=item.triage_item_id, school_id=item.school_id).first()


@dataclass(frozen=True)
class TriageLesson:
    """A handed-over item now owned by someone whose role differs from triage's suggested owner."""

    triage_item: Any
    role: str

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def suggested_label(self) -> str:
        from sideline.triage.models import delegate_label

        return delegate_label(self.triage_item.delegate_to) or "the leader keeps it"


def triage_lesson(item: WorkItem, triage_item: Any | None) -> TriageLesson | None:
    """What triage could learn from who now owns this item (triage_item: triage_item_of(item)), or None.

    Only for items handed over from the triage inbox whose owner holds exactly one role (besides principal)
    at the school: a person with two roles does not say which one the work belongs to.
    """
    if item.owner_id is None or triage_item is None or triage_item.category != "technical":
        return None
    roles = set(
        Membership.objects.filter(person_id=item.owner_id, school_id=item.school_id).values_list(
            "role", flat=True
        )
    )
    roles &= TEACHABLE_ROLES
    if len(roles) != 1:
        return None
    role = roles.pop()
    if role == triage_item.delegate_to:
        return None
    return TriageLesson(triage_item, role)


def triage_taught(item: WorkItem, triage_item: Any | None) -> Any | None:
    """The school's triage correction for the text this item was handed over from (triage_item:
    triage_item_of(item)), if there is one."""
    if triage_item is None:
        return None
    from sideline.triage.selectors import correction_for

    return correction_for(item.school, triage_item.text)


def history(item: WorkItem) -> list[WorkItemEvent]:
    return list(item.events.select_related("actor").order_by("at", "id"))


def events_since(item: WorkItem, version: int) -> list[WorkItemEvent]:
    """What others changed after `version`: shown beside a conflict so nobody's edit is lost."""
    return list(item.events.filter(version__gt=version).select_related("actor").order_by("at", "id"))


# --- the leader's calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    start: dt.datetime
    end: dt.datetime
    title: str
    category: str
    source: str  # "calendar" or "planned"
    kind: str = ""


def day_bounds(school: School, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The school-local day as an aware [start, end) pair; DST days are 23 or 25 hours long."""
    zone = school.zone
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _delegated(school: School, person: Person) -> dict[tuple[int, str], dt.date]:
    rows = DelegatedSeries.objects.filter(calendar__owner=person, calendar__school=school).values_list(
        "calendar_id", "series_uid", "from_date"
    )
    return {(cal, uid): since for cal, uid, since in rows}


def leader_entries(
    school: School, person: Person, start: dt.datetime, end: dt.datetime, *, planned_source: str | None = None
) -> list[Entry]:
    """The person's timed events and accepted planned blocks in [start, end), minus handed-over series."""
    delegated = _delegated(school, person)
    zone = school.zone
    entries: list[Entry] = []
    occurrences = Occurrence.objects.filter(
        calendar__owner=person,
        calendar__school=school,
        all_day=False,
        cancelled=False,
        declined=False,
        start__lt=end,
        end__gt=start,
    ).values_list("calendar_id", "series_uid", "start", "end", "title", "category")
    for cal_id, series_uid, o_start, o_end, title, category in occurrences:
        since = delegated.get((cal_id, series_uid))
        if since is not None and o_start.astimezone(zone).date() >= since:
            continue
        entries.append(Entry(o_start, o_end, title or "(busy)", category, "calendar"))
    blocks = PlannedBlock.objects.filter(
        school=school, person=person, status=PlannedBlock.Status.ACCEPTED, start__lt=end, end__gt=start
    )
    if planned_source:
        blocks = blocks.filter(source=planned_source)
    for b_start, b_end, title, category, kind in blocks.values_list(
        "start", "end", "title", "category", "kind"
    ):
        entries.append(Entry(b_start, b_end, title, category, "planned", kind))
    return sorted(entries, key=lambda e: (e.start, e.end, e.title))


def conflicts(entries: list[Entry]) -> list[tuple[Entry, Entry]]:
    """Pairs of entries that overlap in time."""
    found = []
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            if b.start >= a.end:
                break
            found.append((a, b))
    return found


def recurring_technical_series(
    school: School, person: Person, now: dt.datetime, weeks: int = 8
) -> list[Occurrence]:
    """The next occurrence of each recurring Technical Work series still on the person's calendar:
    the candidates for handing over a whole series."""
    delegated = _delegated(school, person)
    rows = (
        Occurrence.objects.filter(
            calendar__owner=person,
            calendar__school=school,
            recurring=True,
            category="technical",
            cancelled=False,
            start__gte=now,
            start__lt=now + dt.timedelta(weeks=weeks),
        )
        .select_related("calendar")
        .order_by("start", "id")
    )
    seen: dict[tuple[int, str], Occurrence] = {}
    for occurrence in rows:
        key = (occurrence.calendar_id, occurrence.series_uid)
        if key not in seen and key not in delegated:
            seen[key] = occurrence
    return sorted(seen.values(), key=lambda o: (o.title.lower(), o.start))


# --- the daily meeting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def previous_contact_day(school: School, day: dt.date) -> dt.date | None:
    days = contact_days(
        school, max(school.year_start, day - dt.timedelta(days=21)), day - dt.timedelta(days=1)
    )
    return days[-1] if days else None


def next_contact_day(school: School, day: dt.date) -> dt.date | None:
    days = contact_days(school, day + dt.timedelta(days=1), day + dt.timedelta(days=21))
    return days[0] if days else None


def _fmt_time(moment: dt.datetime, school: School) -> str:
    return moment.astimezone(school.zone).strftime("%H:%M")


def _day_lines(school: School, leader: Person, day: dt.date) -> list[str]:
    start, end = day_bounds(school, day)
    entries = leader_entries(school, leader, start, end)
    if not entries:
        return ["Nothing on the calendar."]
    lines = [
        f"{_fmt_time(e.start, school)}-{_fmt_time(e.end, school)} {e.title} ({CATEGORY_LABELS.get(e.category, e.category)})"
        for e in entries
    ]
    for a, b in conflicts(entries):
        lines.append(f"CONFLICT: {a.title} overlaps {b.title} at {_fmt_time(b.start, school)}")
    return lines


def meeting_sections(school: School, day: dt.date) -> list[Section]:
    """The generated part of a day's agenda, in its default order."""
    leader = leader_of(school)
    sections: list[Section] = []
    if leader is None:
        return [
            Section("no_leader", "No leader", ["The school has no principal or assistant principal yet."])
        ]

    yesterday = previous_contact_day(school, day)
    hours_title = "Yesterday's hours by category"
    if yesterday is None:
        sections.append(Section("hours", hours_title, ["No earlier school day this year."]))
    else:
        report = audit_for_person(leader, yesterday, yesterday, school)
        hours = {k: v for k, v in report.totals.by_category().items() if v}
        share = report.coaching_share
        target = school.coaching_target_pct
        lines = [f"{CATEGORY_LABELS.get(k, k)}: {v:.1f} h" for k, v in hours.items()] or ["No time recorded."]
        if share is None:
            lines.append(f"No work time recorded, so no coaching share (target {target}%).")
        else:
            verdict = "on target" if share >= target else "below target"
            lines.append(f"Coaching share {share:.0f}% against a target of {target}% ({verdict}).")
        sections.append(Section("hours", f"{hours_title} ({yesterday:%a %b} {yesterday.day})", lines))

    sections.append(
        Section("today", f"Today's calendar ({day:%a %b} {day.day})", _day_lines(school, leader, day))
    )
    tomorrow = next_contact_day(school, day)
    if tomorrow is None:
        sections.append(Section("tomorrow", "Next school day", ["No school day in the next three weeks."]))
    else:
        sections.append(
            Section(
                "tomorrow",
                f"Next school day's calendar ({tomorrow:%a %b} {tomorrow.day})",
                _day_lines(school, leader, tomorrow),
            )
        )

    waiting = [
        f"{item.get_needs_leader_display()}: {item.title}"
        + (f" (returned: {item.returned_reason})" if item.state == WorkItem.State.RETURNED else "")
        + (f", from {item.owner.name}" if item.owner else "")
        for item in waiting_on_leader(school)
    ]
    sections.append(
        Section("waiting", "Waiting for the leader's decision or signature", waiting or ["Nothing."])
    )

    delegated = []
    recent_done = day - dt.timedelta(days=3)
    items = (
        WorkItem.objects.filter(school=school)
        .filter(~Q(state=WorkItem.State.DONE) | Q(closed_at__date__gte=recent_done))
        .select_related("owner")
        .order_by("due_date", "id")
    )
    for item in sorted(items, key=lambda i: STATE_ORDER[i.state]):
        due = f", due {item.due_date:%b} {item.due_date.day}" if item.due_date else ""
        overdue = " OVERDUE" if item.due_date and item.due_date < day and item.state != "done" else ""
        owner = item.owner.name if item.owner else "nobody"
        delegated.append(f"[{item.get_state_display()}] {item.title} ({owner}{due}){overdue}")
    sections.append(Section("delegated", "State of delegated items", delegated or ["Nothing delegated yet."]))

    start, end = day_bounds(school, day)
    visits = leader_entries(school, leader, start, end, planned_source="coaching")
    visit_lines = [
        f"{_fmt_time(e.start, school)}-{_fmt_time(e.end, school)} {e.title}"
        for e in visits
        if e.source == "planned"
    ]
    sections.append(
        Section(
            "visits",
            "Planned classroom visits and follow-ups",
            visit_lines or ["No classroom visits planned today: plan them on the coaching planner."],
        )
    )
    return sections


# --- measures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    technical_items: int | None  # None: the triage inbox is not installed yet
    delegated_items: int
    technical_share_pct: int | None
    median_hours_to_close: dict[str, float]
    returned_total: int
    returned_open: int
    hours_removed_this_week: float
    week_start: dt.date


def _triage_technical_count(school: School) -> int | None:
    try:
        from sideline.triage.models import TriageItem
    except ImportError:
        return None
    # Dismissed items were never work; everything else technical should have been handed over.
    return int(
        TriageItem.objects.filter(school=school, category="technical").exclude(status="dismissed").count()
    )


def measures(school: School, today: dt.date) -> Measures:
    """Whether hand-over is real: delegated share, time to close, returns, and hours given back."""
    technical = _triage_technical_count(school)
    delegated = WorkItem.objects.filter(school=school, source=WorkItem.Source.TRIAGE).count()
    share = min(100, round(100 * delegated / technical)) if technical else None

    durations: dict[str, list[float]] = defaultdict(list)
    for area, created, closed in WorkItem.objects.filter(
        school=school, state=WorkItem.State.DONE, closed_at__isnull=False
    ).values_list("area", "created_at", "closed_at"):
        if closed is not None:
            durations[area].append((closed - created).total_seconds() / 3600)
    labels = dict(Area.choices)
    median = {str(labels[a]): round(statistics.median(durations[a]), 1) for a in AREAS if durations.get(a)}

    returned = WorkItem.objects.filter(school=school).aggregate(
        total=Count("pk", filter=Q(events__kind="state", events__to_value="returned"), distinct=True),
        open=Count("pk", filter=Q(state=WorkItem.State.RETURNED), distinct=True),
    )

    week_start = today - dt.timedelta(days=today.weekday())
    start, _ = day_bounds(school, week_start)
    _, end = day_bounds(school, week_start + dt.timedelta(days=6))
    removed = 0.0
    zone = school.zone
    series = list(
        DelegatedSeries.objects.filter(calendar__school=school).values_list(
            "calendar_id", "series_uid", "from_date"
        )
    )
    if series:
        wanted = {(c, u): d for c, u, d in series}
        q = Q()
        for c, u, _d in series:
            q |= Q(calendar_id=c, series_uid=u)
        for cal_id, uid, o_start, o_end in Occurrence.objects.filter(
            q, cancelled=False, all_day=False, start__lt=end, end__gt=start
        ).values_list("calendar_id", "series_uid", "start", "end"):
            if o_start.astimezone(zone).date() >= wanted[(cal_id, uid)]:
                removed += (min(o_end, end) - max(o_start, start)).total_seconds() / 3600
    return Measures(
        technical_items=technical,
        delegated_items=delegated,
        technical_share_pct=share,
        median_hours_to_close=median,
        returned_total=returned["total"],
        returned_open=returned["open"],
        hours_removed_this_week=round(removed, 2),
        week_start=week_start,
    )


def handed_over_series(person: Person) -> dict[tuple[int, str], dt.date]:
    """The person's handed-over series, for the calendars audit and planner (registered in apps.py)."""
    return {
        (calendar_id, series_uid): from_date
        for calendar_id, series_uid, from_date in DelegatedSeries.objects.filter(
            calendar__owner=person
        ).values_list("calendar_id", "series_uid", "from_date")
    }


def delegated_occurrence_ids(school: School, start: dt.datetime, end: dt.datetime) -> set[int]:
    """Occurrences in [start, end) that belong to handed-over series: the audit leaves them out."""
    series = list(
        DelegatedSeries.objects.filter(calendar__school=school).values_list(
            "calendar_id", "series_uid", "from_date"
        )
    )
    if not series:
        return set()
    wanted = {(c, u): d for c, u, d in series}
    q = Q()
    for c, u, _d in series:
        q |= Q(calendar_id=c, series_uid=u)
    zone = school.zone
    return {
        pk
        for pk, cal_id, uid, o_start in Occurrence.objects.filter(
            q, start__lt=end, end__gt=start
        ).values_list("pk", "calendar_id", "series_uid", "start")
        if o_start.astimezone(zone).date() >= wanted[(cal_id, uid)]
    }
