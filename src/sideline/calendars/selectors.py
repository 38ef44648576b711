"""Reads of calendar time that pages and other apps use.

For other apps (stable API):

- `busy_intervals(person, start, end)` -> sorted [(start, end)] UTC: counted events plus accepted
  PlannedBlocks (the coaching planner fits visits around these).
- `audit_for_person(person, date_from, date_to, school=None)` -> the engine's `AuditReport` over the
  person's stored occurrences and accepted PlannedBlocks (each block counts under its own category),
  with the counting rules of `sideline.engines.ical.audit`. `school` gives the zone and the Coaching
  target; it defaults to the school of the person's first calendar.
- `week_summary(person, iso_week, school=None)` -> `WeekSummary` for an ISO week such as "2026-W48":
  hours by category, `coaching_share` (% of work hours) against `target_pct`, `on_target`,
  `classroom_days` against `classroom_days_target`, `overlap_hours` and each `double_bookings` pair,
  `review_items` (series the classifier was unsure of), and the `report` itself. The home panel, the
  daily meeting and the readiness gauge all read this, so the numbers agree everywhere.
- `weekly_shares(person, school, date_from, date_to)` -> [(iso_week, coaching_share or None)] for every
  ISO week touching the range, in order: the readiness gauge's "target met in N of the last M weeks".
- `iso_week_of(day)` / `week_bounds(iso_week)` convert between dates and "YYYY-Www".

A **classroom day** is a contact day on which at least `CLASSROOM_DAY_HOURS` (5 h) of wall-clock time
is Coaching Work (overlapping coaching events count once): a full school day is about 7 h, and 5 h in
classrooms is what leaders who practise "full days in classrooms" manage once arrival, lunch and
dismissal duties are done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import Q

from sideline.calendars.models import Calendar, Occurrence, PlannedBlock
from sideline.engines import ical
from sideline.engines.ical.audit import AuditReport, CountedEvent
from sideline.schools.models import Person, School, contact_days

CLASSROOM_DAY_HOURS = 5.0
PLANNED_PREFIX = "planned|"
_VERDICTS = {(c, r): (c, r) for c in ical.CATEGORIES for r in (False, True)}


#: Series a leader handed over to someone else: {(calendar_id, series_uid): first local date handed over}.
HandedOverProvider = Callable[[Person], dict[tuple[int, str], dt.date]]
_HANDED_OVER: list[HandedOverProvider] = []


def register_handed_over(provider: HandedOverProvider) -> None:
    """Let another app (delegation) say which series are no longer the leader's own time."""
    if provider not in _HANDED_OVER:
        _HANDED_OVER.append(provider)


def handed_over_series(person: Person) -> dict[tuple[int, str], dt.date]:
    found: dict[tuple[int, str], dt.date] = {}
    for provider in _HANDED_OVER:
        found.update(provider(person))
    return found


def _is_handed_over(
    handed: dict[tuple[int, str], dt.date], calendar_id: int, series_uid: str, local_start: dt.date
) -> bool:
    since = handed.get((calendar_id, series_uid))
    return since is not None and local_start >= since


def busy_intervals(
    person: Person, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The person's committed time in [start, end): counted calendar events and accepted planned blocks.

    All-day, cancelled and declined events do not make a person busy, nor do occurrences of a series
    the person handed over.
    """
    handed = handed_over_series(person)
    rows = Occurrence.objects.filter(
        calendar__owner=person, all_day=False, cancelled=False, declined=False, start__lt=end, end__gt=start
    ).values_list("start", "end", "calendar_id", "series_uid", "calendar__school__timezone")
    events = [
        (s, e)
        for s, e, cal_id, series, tz in rows
        if not (handed and _is_handed_over(handed, cal_id, series, s.astimezone(ZoneInfo(tz)).date()))
    ]
    blocks = PlannedBlock.objects.filter(
        Q(status=PlannedBlock.Status.ACCEPTED), person=person, start__lt=end, end__gt=start
    ).values_list("start", "end")
    return sorted([*events, *blocks])


def iso_week_of(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def week_bounds(iso_week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of "YYYY-Www"; ValueError with a clear message otherwise."""
    try:
        year_text, week_text = iso_week.strip().upper().split("-W")
        monday = dt.date.fromisocalendar(int(year_text), int(week_text), 1)
    except ValueError:
        raise ValueError(f"{iso_week!r} is not an ISO week such as 2026-W48.") from None
    return monday, monday + dt.timedelta(days=6)


def school_of(person: Person, school: School | None = None) -> School:
    if school is not None:
        return school
    calendar = Calendar.objects.select_related("school").filter(owner=person).first()
    if calendar is not None:
        return calendar.school
    membership = person.memberships.select_related("school").filter(school__isnull=False).first()
    if membership is None or membership.school is None:
        raise ValueError(f"{person} has no school to read their calendar time in.")
    return membership.school


def _range_utc(school: School, date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = school.zone
    lo = dt.datetime.combine(date_from - dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
    hi = dt.datetime.combine(date_to + dt.timedelta(days=2), dt.time(), zone).astimezone(dt.UTC)
    return lo, hi


@contextmanager
def fast_timestamps(using: str) -> Iterator[None]:
    """Load PostgreSQL timestamps with psycopg's C loader in the queries run inside this block.

    Django registers its own loader for `timestamptz` (a Python subclass, to pin the zone), which parses
    each value with a regular expression: for the thousands of rows of a year's audit that is most of
    the query's time. With the connection in UTC, as Django sets it when USE_TZ is on, psycopg's own
    loader gives the same aware UTC datetimes several times faster. Other databases are left as they are.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.timezone_name != "UTC":
        yield
        return
    from psycopg.types.datetime import TimestamptzLoader

    def execute(run: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        context["cursor"].cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        return run(sql, params, many, context)

    with connection.execute_wrapper(execute):
        yield


def _engine_rows(
    person: Person, school: School, date_from: dt.date, date_to: dt.date
) -> tuple[list[ical.Occurrence], dict[str, tuple[str, bool]]]:
    zone = school.zone
    lo, hi = _range_utc(school, date_from, date_to)
    handed = handed_over_series(person)
    query = Occurrence.objects.filter(calendar__owner=person, start__lt=hi, end__gt=lo).values_list(
        "calendar_id",
        "key",
        "uid",
        "series_uid",
        "recurrence_id",
        "start",
        "end",
        "all_day",
        "title",
        "status",
        "cancelled",
        "declined",
        "private",
        "recurring",
        "fingerprint",
        "category",
        "needs_review",
    )
    out: list[ical.Occurrence] = []
    verdicts: dict[str, tuple[str, bool]] = {}
    day = dt.timedelta(days=1)
    with fast_timestamps(query.db):
        # Rows are read as they come (not listed first), and each verdict is one shared tuple: a year
        # is thousands of rows, and fewer objects alive at once is less work for the collector.
        for (cal_id, key, uid, series, rid, start, end, all_day, title, status, cancelled, declined, private,
             recurring, fingerprint, category, needs_review) in query:  # fmt: skip
            start_date = start.astimezone(zone).date()
            if handed and _is_handed_over(handed, cal_id, series, start_date):
                continue  # handed over: no longer the leader's time
            end_date = (end.astimezone(zone) - day).date() if all_day else end.astimezone(zone).date()
            full_key = f"{cal_id}|{key}"
            out.append(
                ical.Occurrence(
                    uid=uid, recurrence_id=rid, key=full_key, series_uid=series, start=start, end=end,
                    all_day=all_day, start_date=start_date, end_date=max(end_date, start_date), title=title,
                    description="", location="", status=status, cancelled=cancelled, declined=declined,
                    private=private, recurring=recurring, sequence=0, fingerprint=fingerprint,
                )
            )  # fmt: skip
            verdict = _VERDICTS.get((category, needs_review))
            verdicts[full_key] = (category, needs_review) if verdict is None else verdict
    blocks = PlannedBlock.objects.filter(
        person=person, status=PlannedBlock.Status.ACCEPTED, start__lt=hi, end__gt=lo
    ).values_list("uid", "start", "end", "title", "category")
    for uid, start, end, title, category in blocks:
        full_key = f"{PLANNED_PREFIX}{uid}"
        local = start.astimezone(zone).date()
        out.append(
            ical.Occurrence(
                uid=uid, recurrence_id="", key=full_key, series_uid=full_key, start=start, end=end,
                all_day=False, start_date=local, end_date=end.astimezone(zone).date(), title=title,
                description="", location="", status="CONFIRMED", cancelled=False, declined=False,
                private=False, recurring=False, sequence=0, fingerprint=uid,
            )
        )  # fmt: skip
        verdicts[full_key] = (category, False)
    return out, verdicts


def audit_for_person(
    person: Person, date_from: dt.date, date_to: dt.date, school: School | None = None
) -> AuditReport:
    school = school_of(person, school)
    occurrences, verdicts = _engine_rows(person, school, date_from, date_to)
    return ical.build_audit(
        occurrences,
        categorize=lambda items: [verdicts[o.key] for o in items],
        date_from=date_from,
        date_to=date_to,
        tz=school.timezone,
        coaching_target_pct=school.coaching_target_pct,
    )


def calendar_id_of(event: CountedEvent) -> int | None:
    """The stored calendar of a counted event (None for a planned block)."""
    key = event.occurrence.key
    if key.startswith(PLANNED_PREFIX):
        return None
    return int(key.split("|", 1)[0])


@dataclass(frozen=True)
class DoubleBooking:
    first: str
    second: str
    start: dt.datetime  # local
    end: dt.datetime  # local

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class ReviewItem:
    calendar_id: int
    series_uid: str
    title: str
    category: str
    hours: float
    count: int


@dataclass
class WeekSummary:
    iso_week: str
    date_from: dt.date
    date_to: dt.date
    timezone: str
    hours: dict[str, float]
    review_hours: float
    total_hours: float
    coaching_share: float | None
    target_pct: int
    overlap_hours: float
    classroom_days: int
    classroom_days_target: float
    contact_days: int
    double_bookings: list[DoubleBooking] = field(default_factory=list)
    review_items: list[ReviewItem] = field(default_factory=list)
    classroom_day_dates: list[dt.date] = field(default_factory=list)
    report: AuditReport | None = None

    @property
    def on_target(self) -> bool | None:
        return None if self.coaching_share is None else self.coaching_share >= self.target_pct

    @property
    def work_hours(self) -> float:
        return round(sum(h for c, h in self.hours.items() if c != "personal"), 2)


def double_bookings(report: AuditReport, zone: dt.tzinfo) -> list[DoubleBooking]:
    """Each pair of counted events that overlap, with the overlapping span in local time."""
    out: list[DoubleBooking] = []
    active: list[CountedEvent] = []
    for event in sorted(report.counted, key=lambda e: (e.start, e.end)):
        active = [a for a in active if a.end > event.start]
        for other in active:
            start, end = max(other.start, event.start), min(other.end, event.end)
            if start < end:
                out.append(
                    DoubleBooking(
                        other.occurrence.title or "(private event)",
                        event.occurrence.title or "(private event)",
                        start.astimezone(zone),
                        end.astimezone(zone),
                    )
                )
        active.append(event)
    return out


def _union_hours(intervals: list[tuple[dt.datetime, dt.datetime]]) -> float:
    total = dt.timedelta()
    cur_start: dt.datetime | None = None
    cur_end: dt.datetime | None = None
    for start, end in sorted(intervals):
        if cur_end is None or start > cur_end:
            if cur_start is not None and cur_end is not None:
                total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_start is not None and cur_end is not None:
        total += cur_end - cur_start
    return total.total_seconds() / 3600


def classroom_days(report: AuditReport, days: list[dt.date], zone: dt.tzinfo) -> list[dt.date]:
    wanted = set(days)
    by_day: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for event in report.counted:
        if event.category != "coaching":
            continue
        # Clip to each local day the event touches, so an evening event never credits the next day.
        local_start, local_end = event.start.astimezone(zone), event.end.astimezone(zone)
        day = local_start.date()
        while day <= local_end.date():
            if day in wanted:
                lo = max(local_start, dt.datetime.combine(day, dt.time(), zone))
                hi = min(local_end, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone))
                if lo < hi:
                    by_day[day].append((lo, hi))
            day += dt.timedelta(days=1)
    return sorted(d for d, spans in by_day.items() if _union_hours(spans) >= CLASSROOM_DAY_HOURS - 1e-9)


def review_items(report: AuditReport) -> list[ReviewItem]:
    grouped: dict[tuple[int, str], list[CountedEvent]] = defaultdict(list)
    for event in report.counted:
        cal_id = calendar_id_of(event)
        if event.needs_review and cal_id is not None:
            grouped[(cal_id, event.occurrence.series_uid)].append(event)
    items = [
        ReviewItem(
            calendar_id=cal_id,
            series_uid=series,
            title=events[0].occurrence.title,
            category=events[0].category,
            hours=round(sum(e.micros for e in events) / 3_600_000_000, 2),
            count=len(events),
        )
        for (cal_id, series), events in grouped.items()
    ]
    return sorted(items, key=lambda i: (-i.hours, i.title))


def week_summary(person: Person, iso_week: str, school: School | None = None) -> WeekSummary:
    school = school_of(person, school)
    monday, sunday = week_bounds(iso_week)
    report = audit_for_person(person, monday, sunday, school)
    data = report.to_dict()
    zone = school.zone
    days = contact_days(school, monday, sunday)
    in_class = classroom_days(report, days, zone)
    return WeekSummary(
        iso_week=iso_week_of(monday),
        date_from=monday,
        date_to=sunday,
        timezone=school.timezone,
        hours=data["by_category"],
        review_hours=data["review_hours"],
        total_hours=data["total_hours"],
        coaching_share=report.coaching_share,
        target_pct=school.coaching_target_pct,
        overlap_hours=data["overlap_hours"],
        classroom_days=len(in_class),
        classroom_days_target=float(school.classroom_days_target),
        contact_days=len(days),
        double_bookings=double_bookings(report, zone),
        review_items=review_items(report),
        classroom_day_dates=in_class,
        report=report,
    )


def weekly_shares(
    person: Person, school: School, date_from: dt.date, date_to: dt.date
) -> list[tuple[str, float | None]]:
    report = audit_for_person(person, date_from, date_to, school)
    weeks: list[tuple[str, float | None]] = []
    monday = date_from - dt.timedelta(days=date_from.weekday())
    while monday <= date_to:
        key = iso_week_of(monday)
        tally = report.weeks.get(key)
        share = tally.share() if tally is not None else None
        weeks.append((key, None if share is None else round(share, 1)))
        monday += dt.timedelta(days=7)
    return weeks


def weekly_hours(report: AuditReport) -> list[dict[str, object]]:
    """Rows for the stacked trend chart: one per week and category."""
    rows: list[dict[str, object]] = []
    for week, tally in sorted(report.weeks.items()):
        for category, hours in tally.by_category().items():
            rows.append({"week": week, "category": category, "hours": hours})
    return rows


@dataclass(frozen=True)
class TopItem:
    title: str
    hours: float
    count: int


def top_technical(report: AuditReport, limit: int = 10) -> list[TopItem]:
    """Technical Work by hours, grouped by title: the first candidates to delegate or redesign."""
    micros: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for event in report.counted:
        if event.category == "technical":
            title = event.occurrence.title or "(untitled)"
            micros[title] += event.micros
            counts[title] += 1
    ranked = sorted(micros.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [TopItem(title, round(m / 3_600_000_000, 2), counts[title]) for title, m in ranked]
