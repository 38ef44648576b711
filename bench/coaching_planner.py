"""Planner benchmark (prints figures; no assertions). Run: .venv/bin/python bench/coaching_planner.py

Belongs in bench/ once the lead moves it there; it needs no database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo

from sideline.coaching.planner import Period, PlanInput, TeacherIn, plan

ZONE = zoneinfo.ZoneInfo("America/Chicago")
MON = dt.date(2026, 11, 30)
SLOTS = [(dt.time(8 + i, 0), dt.time(8 + i, 50)) for i in range(7)]


def teachers(n: int, rng: random.Random) -> tuple[TeacherIn, ...]:
    out = []
    for i in range(n):
        planning = rng.randrange(len(SLOTS))
        periods = tuple(
            Period(d, s, e, "planning" if p == planning else "teaching")
            for d in range(5)
            for p, (s, e) in enumerate(SLOTS)
        )
        since = rng.choice([None, *range(0, 25)])
        out.append(TeacherIn(i, f"T{i}", str(i), since, since is None or since > 10, periods))
    return tuple(out)


def busy(rng: random.Random, per_day: int) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    out = []
    for d in range(5):
        for _ in range(per_day):
            start = dt.datetime.combine(MON + dt.timedelta(days=d), dt.time(8), tzinfo=ZONE) + dt.timedelta(
                minutes=5 * rng.randrange(90)
            )
            out.append((start, start + dt.timedelta(minutes=rng.choice([15, 30, 60]))))
    return tuple(out)


def run(name: str, n_teachers: int, meetings: int, target: float, repeat: int = 20) -> None:
    rng = random.Random(7)
    data = PlanInput(
        days=tuple(MON + dt.timedelta(days=d) for d in range(5)),
        zone=ZONE,
        day_start=dt.time(8),
        day_end=dt.time(15, 30),
        busy=busy(rng, meetings),
        teachers=teachers(n_teachers, rng),
        target_days=target,
    )
    t0 = time.perf_counter()
    for _ in range(repeat):
        visits = plan(data)
    ms = (time.perf_counter() - t0) / repeat * 1000
    overdue = sum(1 for t in data.teachers if t.overdue)
    seen_overdue = len({v.teacher_id for v in visits if v.overdue})
    in_planning = sum(
        1
        for v in visits
        for t in data.teachers
        if t.id == v.teacher_id and not t.teaching_during(v.start, v.end)
    )
    clashes = sum(1 for v in visits for b0, b1 in data.busy if v.start < b1 and b0 < v.buffer_end)
    print(
        f"{name}: {n_teachers} teachers, {meetings} meetings/day, target {target} days -> "
        f"{len(visits)} visits, overdue seen {seen_overdue}/{overdue}, in planning periods {in_planning}, "
        f"clashes {clashes}, {ms:.1f} ms per plan"
    )


if __name__ == "__main__":
    run("middle school", 25, 3, 2.0)
    run("busy week", 25, 8, 2.0)
    run("large high school", 120, 4, 3.0)
    run("half day", 25, 3, 0.5)
