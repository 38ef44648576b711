"""First-come sign-up, simulated: the sheet the optimizer replaces, as the benchmark's baseline.

Volunteers arrive in a seeded random order and each takes their favourite open places (highest preference,
then earliest) until a limit stops them, exactly as a shared sign-up sheet fills.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from .constraints import eligible, household_caps, overlaps, preference
from .model import Assignment, Instance, Shift


@dataclass(frozen=True)
class FirstComeResult:
    filled: int
    places: int
    preference: int
    assignments: tuple[Assignment, ...]


def first_come(instance: Instance, seed: int = 0) -> FirstComeResult:
    elig = eligible(instance)
    vols, shifts = instance.volunteers, instance.shifts
    order = list(range(len(vols)))
    random.Random(seed).shuffle(order)
    caps = household_caps(instance)
    taken: dict[int, int] = defaultdict(int)
    household_count: dict[str, int] = defaultdict(int)
    assignments: list[Assignment] = []
    total_pref = 0
    for vi in order:
        v = vols[vi]
        ranked = sorted(elig[vi], key=lambda si: (-preference(v, shifts[si]), shifts[si].start, si))
        mine: list[Shift] = []
        week_count: dict[tuple[int, int], int] = defaultdict(int)
        cap = caps.get(v.household)
        for si in ranked:
            if len(mine) >= v.max_shifts or (cap is not None and household_count[v.household] >= cap):
                break
            s = shifts[si]
            if taken[si] >= s.need:
                continue
            if v.max_per_week is not None and week_count[s.iso_week] >= v.max_per_week:
                continue
            if any(overlaps(s, other) for other in mine):
                continue
            taken[si] += 1
            week_count[s.iso_week] += 1
            household_count[v.household] += 1
            mine.append(s)
            assignments.append(Assignment(s.id, v.id))
            total_pref += preference(v, s)
    return FirstComeResult(len(assignments), instance.places, total_pref, tuple(sorted(assignments)))
