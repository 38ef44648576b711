"""Seeded instances shaped like a school year, for the benchmark and the demo data.

They return the spec's JSON dicts (not `Instance` objects) so they can be written to a file, loaded through
the same validation as a coordinator's file, and read by the independent checker.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

SCHOOL_YEAR_START = date(2026, 8, 17)

# Non-contact days of a typical US calendar: Labor Day, fall break, Thanksgiving week, winter break,
# MLK day, Presidents' Day, spring break, Good Friday, Memorial Day.
HOLIDAYS: frozenset[date] = frozenset(
    {date(2026, 9, 7), date(2026, 10, 12), date(2026, 10, 13), date(2027, 1, 18), date(2027, 2, 15)}
    | {date(2026, 11, 23) + timedelta(days=i) for i in range(5)}
    | {date(2026, 12, 21) + timedelta(days=i) for i in range(12)}
    | {date(2027, 3, 15) + timedelta(days=i) for i in range(5)}
    | {date(2027, 3, 26), date(2027, 5, 31)}
)

LUNCH_WAVES = (("11:00", "11:30"), ("11:35", "12:05"), ("12:10", "12:40"))
BIG_SCHOOL_WAVES = (*LUNCH_WAVES, ("12:45", "13:15"))
# Waves that overlap by ten minutes, for helpers who stay through changeover; these need CP-SAT.
OVERLAPPING_WAVES = (("11:00", "11:40"), ("11:30", "12:10"), ("12:00", "12:40"))
CAR_LINE = (("07:15", "07:45"), ("15:00", "15:30"))


def school_days(count: int = 180, start: date = SCHOOL_YEAR_START) -> list[date]:
    days: list[date] = []
    d = start
    while len(days) < count:
        if d.weekday() < 5 and d not in HOLIDAYS:
            days.append(d)
        d += timedelta(days=1)
    return days


def _window_list(weekdays: list[int], slots: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"weekday": wd, "from": a, "to": b} for wd in sorted(weekdays) for a, b in slots]


def _blackouts(rng: random.Random, days: list[date], most: int) -> list[str]:
    return sorted({rng.choice(days).isoformat() for _ in range(rng.randint(0, most))})


def _shifts(
    days: list[date], slots: tuple[tuple[str, str], ...], program: str, need: int
) -> list[dict[str, Any]]:
    out = []
    for d in days:
        for i, (a, b) in enumerate(slots, start=1):
            out.append(
                {
                    "id": f"{program}-{d.isoformat()}-{i}",
                    "program": program,
                    "start": f"{d.isoformat()}T{a}",
                    "end": f"{d.isoformat()}T{b}",
                    "need": need,
                }
            )
    return out


def _families(
    rng: random.Random,
    *,
    prefix: str,
    program: str,
    count: int,
    days: list[date],
    slots: tuple[tuple[str, str], ...],
    couples: float,
    generous: float,
    shifts_if_generous: int,
    weekday_weights: tuple[float, ...],
    per_week_if_generous: int = 1,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    volunteers: list[dict[str, Any]] = []
    households: dict[str, dict[str, int]] = {}
    months = sorted({d.month for d in days})
    for f in range(count):
        hid = f"{prefix}fam-{f:04d}"
        willing = rng.random() < generous
        cap = shifts_if_generous if willing else 1
        households[hid] = {"max_shifts": cap}
        members = 2 if rng.random() < couples else 1
        for m in range(members):
            weekdays = sorted(set(rng.choices(range(5), weights=weekday_weights, k=rng.randint(1, 3))))
            chosen = sorted(rng.sample(range(len(slots)), rng.randint(1, len(slots))))
            prefer: list[dict[str, int]] = [{"month": rng.choice(months), "weight": 3}]
            if rng.random() < 0.5:
                prefer.append({"weekday": rng.choice(weekdays), "weight": 1})
            volunteers.append(
                {
                    "id": f"{hid}-{'ab'[m]}",
                    "household": hid,
                    "max_shifts": cap,
                    "max_per_week": per_week_if_generous if willing else 1,
                    "programs": [program],
                    "available": _window_list(weekdays, [slots[i] for i in chosen]),
                    "blackout": _blackouts(rng, days, 8),
                    "prefer": prefer,
                }
            )
    return volunteers, households


def cafeteria_year(
    seed: int = 1,
    families: int = 500,
    *,
    need: int = 1,
    tight: bool = False,
    overlapping: bool = False,
    days: int = 180,
    prefix: str = "",
    program: str = "cafeteria",
) -> dict[str, Any]:
    """One school's cafeteria duty for the year: 3 lunch waves a day; every family serves once, some more.

    `tight` makes supply short of demand and skewed (few Friday volunteers), where first-come loses most.
    `overlapping` uses waves that overlap and lets generous families serve up to 3 times a week, so the
    flow relaxation can double-book someone and CP-SAT has to settle it.
    """
    rng = random.Random(seed)
    waves = OVERLAPPING_WAVES if overlapping else LUNCH_WAVES
    calendar = school_days(days)
    weights = (1.0, 1.0, 1.0, 1.0, 0.25) if tight else (1.0, 1.0, 1.0, 1.0, 0.8)
    volunteers, households = _families(
        rng,
        prefix=prefix,
        program=program,
        count=families,
        days=calendar,
        slots=waves,
        couples=0.35,
        generous=0.1 if tight else 0.15,
        shifts_if_generous=3,
        weekday_weights=weights,
        per_week_if_generous=3 if overlapping else 1,
    )
    return {
        "name": f"{program} {calendar[0].year}-{calendar[-1].year % 100:02d} (seed {seed}{', tight' if tight else ''}{', overlapping' if overlapping else ''})",
        "timezone": "America/Chicago",
        "shifts": _shifts(calendar, waves, program, need),
        "volunteers": volunteers,
        "households": households,
    }


def car_line_committee(seed: int = 2, people: int = 30, *, need: int = 2, days: int = 180) -> dict[str, Any]:
    """Retired community volunteers covering the car line at drop-off and pick-up every school day."""
    rng = random.Random(seed)
    calendar = school_days(days)
    volunteers = []
    for p in range(people):
        weekdays = sorted(rng.sample(range(5), rng.randint(2, 5)))
        slots = [CAR_LINE[i] for i in sorted(rng.sample(range(2), rng.randint(1, 2)))]
        volunteers.append(
            {
                "id": f"car-{p:02d}",
                "max_shifts": rng.randint(20, 40),
                "max_per_week": rng.randint(2, 5),
                "programs": ["car-line"],
                "available": _window_list(weekdays, slots),
                "blackout": _blackouts(rng, calendar, 15),
                "prefer": [
                    {"weekday": rng.choice(weekdays), "weight": 1},
                    {"month": rng.choice([9, 10, 4, 5]), "weight": 2},
                ],
            }
        )
    return {
        "name": f"car line {calendar[0].year}-{calendar[-1].year % 100:02d} (seed {seed})",
        "timezone": "America/Chicago",
        "shifts": _shifts(calendar, CAR_LINE, "car-line", need),
        "volunteers": volunteers,
        "households": {},
    }


def district(seed: int = 3, schools: int = 8, volunteers_per_school: int = 500) -> dict[str, Any]:
    """Eight schools' cafeteria programs solved together: ~4,000 volunteers and ~9,000 places."""
    rng = random.Random(seed)
    calendar = school_days(180)
    shifts: list[dict[str, Any]] = []
    volunteers: list[dict[str, Any]] = []
    households: dict[str, dict[str, int]] = {}
    for k in range(schools):
        program = f"school{k + 1}-cafeteria"
        # One large school runs a fourth lunch wave: 7 x 1,080 + 1,440 = 9,000 places.
        waves = BIG_SCHOOL_WAVES if k == 0 else LUNCH_WAVES
        shifts.extend(_shifts(calendar, waves, program, 2))
        made = 0
        f = 0
        while made < volunteers_per_school:
            hid = f"s{k + 1}-fam-{f:04d}"
            f += 1
            cap = rng.choice((1, 1, 2, 3, 4, 4))
            members = min(2 if rng.random() < 0.3 else 1, volunteers_per_school - made)
            households[hid] = {"max_shifts": cap}
            for m in range(members):
                weekdays = sorted(set(rng.choices(range(5), k=rng.randint(1, 3))))
                chosen = sorted(rng.sample(range(len(waves)), rng.randint(1, len(waves))))
                volunteers.append(
                    {
                        "id": f"{hid}-{'ab'[m]}",
                        "household": hid,
                        "max_shifts": cap,
                        "max_per_week": 1,
                        "programs": [program],
                        "available": _window_list(weekdays, [waves[i] for i in chosen]),
                        "blackout": _blackouts(rng, calendar, 6),
                        "prefer": [
                            {"month": rng.choice(range(1, 13)), "weight": 3},
                            {"weekday": weekdays[0], "weight": 1},
                        ],
                    }
                )
                made += 1
    return {
        "name": f"district of {schools} schools (seed {seed})",
        "timezone": "America/Chicago",
        "shifts": shifts,
        "volunteers": volunteers,
        "households": households,
    }
