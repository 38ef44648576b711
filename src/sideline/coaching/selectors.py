"""Reads of coaching data that pages, panels and the CLI share. Visibility filters live in rules.py."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Sum

from sideline.calendars.models import PlannedBlock
from sideline.coaching.models import CoachingSettings, Goal, Observation, TeacherTimetable
from sideline.coaching.planner import Period, TeacherIn
from sideline.schools.models import Person, School, contact_days
from sideline.schools.selectors import teachers_of


def settings_of(school: School) -> CoachingSettings:
    """The school's settings, or the defaults (unsaved) when a leader never changed them."""
    return CoachingSettings.objects.filter(school=school).first() or CoachingSettings(school=school)


def today_at(school: School) -> dt.date:
    return dt.datetime.now(school.zone).date()


def parse_iso_week(value: str) -> dt.date:
    """The Monday of an ISO week written YYYY-Www (e.g. 2026-W49)."""
    try:
        year_s, week_s = value.strip().upper().split("-W")
        return dt.date.fromisocalendar(int(year_s), int(week_s), 1)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO week such as 2026-W49.") from None


def iso_week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def initials(name: str) -> str:
    return "".join(part[0] for part in name.replace(".", "").split() if part and part[0].isalpha())[
        :3
    ].upper()


@dataclass
class Cell:
    monday: dt.date
    observers: list[str] = field(default_factory=list)
    drought: bool = False


@dataclass
class CoverageRow:
    teacher: Person
    last_seen: dt.date | None
    days_since: int
    overdue: bool
    minutes: int
    visits: int
    cells: list[Cell]


@dataclass
class Coverage:
    school: School
    today: dt.date
    cadence_days: int
    weeks: list[dt.date]
    rows: list[CoverageRow]

    @property
    def overdue(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.overdue]


def coverage(school: School, today: dt.date | None = None) -> Coverage:
    """Teachers x weeks of the year so far: who was seen, by whom, and the droughts. Four queries."""
    today = today or today_at(school)
    settings = settings_of(school)
    end = min(today, school.year_end)
    days = contact_days(school, school.year_start, end) if end >= school.year_start else []
    teachers = list(teachers_of(school))
    zone = school.zone
    seen: dict[int, dict[dt.date, list[str]]] = {}
    minutes: dict[int, int] = {}
    visits: dict[int, int] = {}
    rows_q = (
        Observation.objects.filter(school=school, start__date__gte=school.year_start - dt.timedelta(days=1))
        .values_list("teacher_id", "start", "minutes", "observer__name")
        .order_by("start")
    )
    for teacher_id, start, mins, observer in rows_q:
        day = start.astimezone(zone).date()
        if day > end:
            continue
        seen.setdefault(teacher_id, {}).setdefault(day, []).append(initials(observer))
        minutes[teacher_id] = minutes.get(teacher_id, 0) + mins
        visits[teacher_id] = visits.get(teacher_id, 0) + 1
    first_monday = school.year_start - dt.timedelta(days=school.year_start.weekday())
    weeks = []
    monday = first_monday
    while monday <= end:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    rows = []
    for teacher in teachers:
        by_day = seen.get(teacher.pk, {})
        seen_days = sorted(by_day)
        cells = []
        for monday in weeks:
            week_end = min(monday + dt.timedelta(days=6), end)
            names: list[str] = []
            for day in seen_days:
                if monday <= day <= week_end:
                    names.extend(n for n in by_day[day] if n not in names)
            last = _last_on_or_before(seen_days, week_end)
            drought = not names and _contact_days_after(days, last, week_end, school) > settings.cadence_days
            cells.append(Cell(monday=monday, observers=names, drought=drought))
        last_seen = seen_days[-1] if seen_days else None
        since = _contact_days_after(days, last_seen, end, school)
        rows.append(
            CoverageRow(
                teacher=teacher,
                last_seen=last_seen,
                days_since=since,
                overdue=since > settings.cadence_days,
                minutes=minutes.get(teacher.pk, 0),
                visits=visits.get(teacher.pk, 0),
                cells=cells,
            )
        )
    return Coverage(school=school, today=today, cadence_days=settings.cadence_days, weeks=weeks, rows=rows)


def _last_on_or_before(days: list[dt.date], limit: dt.date) -> dt.date | None:
    i = bisect.bisect_right(days, limit)
    return days[i - 1] if i else None


def _contact_days_after(days: list[dt.date], last: dt.date | None, until: dt.date, school: School) -> int:
    """Contact days after `last` up to `until` inclusive; never seen counts from the first day of school."""
    lo = bisect.bisect_right(days, last) if last else 0
    hi = bisect.bisect_right(days, until)
    return max(0, hi - lo)


def teacher_inputs(school: School, today: dt.date | None = None) -> list[TeacherIn]:
    """The planner's view of every teacher: cadence status and timetable."""
    cov = coverage(school, today)
    periods: dict[int, list[Period]] = {}
    for row in TeacherTimetable.objects.filter(school=school).values_list(
        "teacher_id", "weekday", "start", "end", "kind"
    ):
        periods.setdefault(row[0], []).append(Period(row[1], row[2], row[3], row[4]))
    return [
        TeacherIn(
            id=r.teacher.pk,
            name=r.teacher.name,
            room=r.teacher.room,
            days_since_seen=r.days_since if r.last_seen else None,
            overdue=r.overdue,
            periods=tuple(periods.get(r.teacher.pk, ())),
        )
        for r in cov.rows
    ]


def open_next_steps(school: School, teacher: Person) -> QuerySet[Observation]:
    return Observation.objects.filter(
        school=school, teacher=teacher, next_step_closed_at__isnull=True
    ).exclude(next_step="")


def unclosed_loops(observations: QuerySet[Observation]) -> QuerySet[Observation]:
    """Open next steps that no follow-up visit has looked at yet."""
    follow_up = Observation.objects.filter(follows_up=OuterRef("pk"))
    return (
        observations.filter(next_step_closed_at__isnull=True)
        .exclude(next_step="")
        .exclude(Exists(follow_up))
        .select_related("teacher", "observer")
        .order_by("start")
    )


def minutes_this_term(school: School) -> dict[int, int]:
    rows = (
        Observation.objects.filter(school=school, start__date__gte=school.year_start)
        .values("teacher_id")
        .annotate(total=Sum("minutes"))
    )
    return {r["teacher_id"]: r["total"] for r in rows}


def goals_of_teacher(school: School, teacher: Person) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(school=school, teacher=teacher)
        .select_related("priority", "teacher", "proposed_by")
        .prefetch_related("checkins", "supports__author")
    )


def plan_blocks(school: School, leader: Person, monday: dt.date) -> QuerySet[PlannedBlock]:
    zone = school.zone
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=zone)
    return PlannedBlock.objects.filter(
        school=school,
        person=leader,
        source="coaching",
        start__gte=start,
        start__lt=start + dt.timedelta(days=7),
    ).order_by("start")
