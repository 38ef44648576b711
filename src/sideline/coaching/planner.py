"""The classroom-day planner: plain Python, no Django, so it can be tested and benchmarked alone.

Given a week's contact days, the leader's busy time and each teacher's timetable, it proposes classroom
visits (each followed by a debrief buffer) that fill the school's "full days in classrooms" target.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

STEP = dt.timedelta(minutes=5)
TEACHING = "teaching"


@dataclass(frozen=True)
class Period:
    weekday: int  # 0 = Monday
    start: dt.time
    end: dt.time
    kind: str  # teaching / planning / lunch / duty


@dataclass(frozen=True)
class TeacherIn:
    id: int
    name: str
    room: str = ""
    #: contact days since last seen; None when never seen this year
    days_since_seen: int | None = None
    overdue: bool = False
    periods: tuple[Period, ...] = ()

    def teaching_during(self, start: dt.datetime, end: dt.datetime) -> bool:
        """A teacher with a timetable is visited only inside one teaching period; one without is never
        visited inside a known non-teaching period (there are none), so anywhere in the school day."""
        if not self.periods:
            return True
        day = start.weekday()
        for p in self.periods:
            if p.weekday == day and p.kind == TEACHING and p.start <= start.time() and end.time() <= p.end:
                return True
        return False


@dataclass(frozen=True)
class PlanInput:
    days: tuple[dt.date, ...]  # contact days of the week
    zone: dt.tzinfo
    day_start: dt.time
    day_end: dt.time
    busy: tuple[tuple[dt.datetime, dt.datetime], ...]
    teachers: tuple[TeacherIn, ...]
    target_days: float = 2.0
    visit_minutes: int = 20
    buffer_minutes: int = 10
    #: never propose a visit that starts before this moment (planning the current week)
    not_before: dt.datetime | None = None


@dataclass(frozen=True)
class PlannedVisit:
    teacher_id: int
    teacher_name: str
    room: str
    start: dt.datetime
    end: dt.datetime
    buffer_end: dt.datetime
    overdue: bool


@dataclass
class _DayFree:
    day: dt.date
    free_minutes: int = 0
    busy: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)


def priority_order(teachers: tuple[TeacherIn, ...]) -> list[TeacherIn]:
    """Overdue first; within each group the longest unseen (never seen counts as longest) first."""

    def key(t: TeacherIn) -> tuple[int, int, str]:
        since = math.inf if t.days_since_seen is None else t.days_since_seen
        return (0 if t.overdue else 1, -int(min(since, 10**6)), t.name)

    return sorted(teachers, key=key)


def _overlaps(
    a0: dt.datetime, a1: dt.datetime, busy: list[tuple[dt.datetime, dt.datetime]]
) -> dt.datetime | None:
    """The end of the first busy interval overlapping [a0, a1), or None when the slot is free."""
    for b0, b1 in busy:
        if b0 < a1 and a0 < b1:
            return b1
    return None


def _free_minutes(start: dt.datetime, end: dt.datetime, busy: list[tuple[dt.datetime, dt.datetime]]) -> int:
    total = (end - start).total_seconds()
    cursor = start
    for b0, b1 in sorted(busy):
        lo, hi = max(b0, cursor), min(b1, end)
        if hi > lo:
            total -= (hi - lo).total_seconds()
            cursor = hi
    return int(total // 60)


def plan(data: PlanInput) -> list[PlannedVisit]:
    if data.day_end <= data.day_start:
        raise ValueError("The school day must end after it starts.")
    if not 10 <= data.buffer_minutes <= 15:
        raise ValueError("The debrief buffer must be 10 to 15 minutes.")
    if data.visit_minutes <= 0:
        raise ValueError("A visit must last at least a minute.")
    visit = dt.timedelta(minutes=data.visit_minutes)
    buffer = dt.timedelta(minutes=data.buffer_minutes)
    days: list[_DayFree] = []
    for day in data.days:
        d0 = dt.datetime.combine(day, data.day_start, tzinfo=data.zone)
        d1 = dt.datetime.combine(day, data.day_end, tzinfo=data.zone)
        busy = sorted((b0, b1) for b0, b1 in data.busy if b0 < d1 and d0 < b1)
        if data.not_before is not None:
            d0 = min(max(d0, data.not_before), d1)  # time already past is not free
        days.append(_DayFree(day, _free_minutes(d0, d1, busy), busy))
    # A "full day in classrooms" is best spent on the days the leader's calendar is emptiest.
    whole = math.floor(data.target_days)
    part = data.target_days - whole
    chosen = sorted(days, key=lambda d: (-d.free_minutes, d.day))[: math.ceil(data.target_days)]
    chosen.sort(key=lambda d: d.day)
    budgets: dict[dt.date, float] = {}
    for rank, d in enumerate(sorted(chosen, key=lambda d: (-d.free_minutes, d.day))):
        day_len = (
            dt.datetime.combine(d.day, data.day_end) - dt.datetime.combine(d.day, data.day_start)
        ).total_seconds() / 60
        budgets[d.day] = day_len if rank < whole else day_len * part

    queue = priority_order(data.teachers)
    out: list[PlannedVisit] = []
    for d in chosen:
        used = 0.0
        seen_today: set[int] = set()
        cursor = dt.datetime.combine(d.day, data.day_start, tzinfo=data.zone)
        day_end = dt.datetime.combine(d.day, data.day_end, tzinfo=data.zone)
        if data.not_before is not None and data.not_before > cursor:
            cursor = _snap(data.not_before.astimezone(data.zone), data.day_start)
        while (
            cursor + visit + buffer <= day_end
            and used + (visit + buffer).total_seconds() / 60 <= budgets[d.day]
        ):
            clash = _overlaps(cursor, cursor + visit + buffer, d.busy)
            if clash is not None:
                cursor = _snap(max(clash, cursor + STEP), data.day_start)
                continue
            pick = next(
                (t for t in queue if t.id not in seen_today and t.teaching_during(cursor, cursor + visit)),
                None,
            )
            if pick is None:
                cursor += STEP
                continue
            out.append(
                PlannedVisit(
                    teacher_id=pick.id,
                    teacher_name=pick.name,
                    room=pick.room,
                    start=cursor,
                    end=cursor + visit,
                    buffer_end=cursor + visit + buffer,
                    overdue=pick.overdue,
                )
            )
            seen_today.add(pick.id)
            # Everyone is seen once before anyone is seen twice: a visited teacher goes to the back.
            queue.remove(pick)
            queue.append(pick)
            used += (visit + buffer).total_seconds() / 60
            cursor += visit + buffer
    return out


def _snap(moment: dt.datetime, origin: dt.time) -> dt.datetime:
    """Round up to the 5-minute grid so plans read like a timetable."""
    minutes = moment.hour * 60 + moment.minute + (1 if moment.second or moment.microsecond else 0)
    rounded = math.ceil(minutes / 5) * 5
    base = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return base + dt.timedelta(minutes=rounded)


def free_slots(
    *,
    day: dt.date,
    zone: dt.tzinfo,
    day_start: dt.time,
    day_end: dt.time,
    busy: list[tuple[dt.datetime, dt.datetime]],
    minutes: int,
    teacher: TeacherIn | None = None,
    teaching: bool = True,
    not_before: dt.datetime | None = None,
) -> list[dt.datetime]:
    """Start times on `day` where the leader is free for `minutes`; with a teacher, inside a teaching
    period (a visit) or outside every teaching period (a debrief, when the teacher is free)."""
    length = dt.timedelta(minutes=minutes)
    cursor = dt.datetime.combine(day, day_start, tzinfo=zone)
    end = dt.datetime.combine(day, day_end, tzinfo=zone)
    if not_before is not None and not_before > cursor:
        cursor = _snap(not_before.astimezone(zone), day_start)
    found: list[dt.datetime] = []
    while cursor + length <= end:
        ok = _overlaps(cursor, cursor + length, busy) is None
        if ok and teacher is not None:
            inside = teacher.teaching_during(cursor, cursor + length)
            if teaching:
                ok = inside
            else:
                ok = bool(teacher.periods) and any(
                    p.weekday == day.weekday()
                    and p.kind == "planning"
                    and p.start <= cursor.time()
                    and (cursor + length).time() <= p.end
                    for p in teacher.periods
                )
        if ok:
            found.append(cursor)
        cursor += STEP
    return found
