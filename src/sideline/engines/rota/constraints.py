"""The spec's rules, each with a label, shared by the solver, the validator and the unfilled-place reasons.

Keeping one definition of "can take" and of each limit means the reason a coordinator reads for an empty
place is computed by exactly the rules the solver obeyed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .model import Assignment, Instance, Shift, Volunteer

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Rule(StrEnum):
    UNKNOWN = "unknown"  # the assignment names a shift or volunteer the instance does not have
    DUPLICATE = "duplicate"  # the same person twice on one shift
    PROGRAM = "program"
    AVAILABLE = "available"
    BLACKOUT = "blackout"
    NEED = "need"
    MAX_SHIFTS = "max_shifts"
    MAX_PER_WEEK = "max_per_week"
    HOUSEHOLD = "household"
    OVERLAP = "overlap"


@dataclass(frozen=True)
class Violation:
    rule: Rule
    message: str


def minutes(t: Shift) -> tuple[int, int]:
    return (t.start.hour * 60 + t.start.minute, t.end.hour * 60 + t.end.minute)


def hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def signed_up(v: Volunteer, s: Shift) -> bool:
    return v.programs is None or s.program in v.programs


def available(v: Volunteer, s: Shift) -> bool:
    # A shift that crosses midnight cannot lie inside one day's window.
    if s.start.date() != s.end.date():
        return False
    start, end = minutes(s)
    weekday = s.start.weekday()
    return any(w.weekday == weekday and w.start <= start and end <= w.end for w in v.available)


def blacked_out(v: Volunteer, s: Shift) -> bool:
    return s.start.date() in v.blackout


def static_block(v: Volunteer, s: Shift) -> Rule | None:
    """The first rule that stops `v` from ever taking `s`, whatever else is assigned."""
    if not signed_up(v, s):
        return Rule.PROGRAM
    if not available(v, s):
        return Rule.AVAILABLE
    if blacked_out(v, s):
        return Rule.BLACKOUT
    return None


def can_take(v: Volunteer, s: Shift) -> bool:
    return static_block(v, s) is None


def preference(v: Volunteer, s: Shift) -> int:
    weekday, month = s.start.weekday(), s.start.month
    return sum(
        r.weight
        for r in v.prefer
        if (r.weekday is None or r.weekday == weekday) and (r.month is None or r.month == month)
    )


def overlaps(a: Shift, b: Shift) -> bool:
    # Back-to-back shifts (one ends as the next starts) do not overlap.
    return a.start < b.end and b.start < a.end


def household_caps(instance: Instance) -> dict[str, int]:
    return {h: cap for h, cap in instance.households.items() if cap is not None}


SlotKey = tuple[str, int, int, int, bool]


def _slot(s: Shift) -> SlotKey:
    start, end = minutes(s)
    return (s.program, s.start.weekday(), start, end, s.start.date() == s.end.date())


def eligible(instance: Instance) -> list[list[int]]:
    """For each volunteer (by index), the indices of the shifts they can take.

    Shifts are grouped by (program, weekday, times) first, because a school year repeats the same few
    slots and checking volunteers against slots instead of dated shifts is two orders of magnitude cheaper.
    """
    slots: dict[SlotKey, list[int]] = defaultdict(list)
    for i, s in enumerate(instance.shifts):
        slots[_slot(s)].append(i)
    shifts = instance.shifts
    out: list[list[int]] = []
    for v in instance.volunteers:
        mine: list[int] = []
        for members in slots.values():
            first = shifts[members[0]]
            if signed_up(v, first) and available(v, first):
                if v.blackout:
                    mine.extend(i for i in members if shifts[i].start.date() not in v.blackout)
                else:
                    mine.extend(members)
        mine.sort()
        out.append(mine)
    return out


def overlap_conflicts(instance: Instance, assignments: Iterable[Assignment]) -> list[tuple[str, str, str]]:
    """(volunteer, shift, shift) for every pair of overlapping shifts given to one person."""
    shift_by_id = {s.id: s for s in instance.shifts}
    per_volunteer: dict[str, list[Shift]] = defaultdict(list)
    for a in assignments:
        if a.shift in shift_by_id:
            per_volunteer[a.volunteer].append(shift_by_id[a.shift])
    found: list[tuple[str, str, str]] = []
    for vid, given in per_volunteer.items():
        given.sort(key=lambda s: (s.start, s.end))
        for i, first in enumerate(given):
            for second in given[i + 1 :]:
                if second.start >= first.end:
                    break
                found.append((vid, first.id, second.id))
    return found


def validate(instance: Instance, assignments: Sequence[Assignment]) -> list[Violation]:
    """Every rule the assignments break, each labelled; an empty list means the plan is valid."""
    shift_by_id = {s.id: s for s in instance.shifts}
    vol_by_id = {v.id: v for v in instance.volunteers}
    out: list[Violation] = []
    seen: set[Assignment] = set()
    per_shift: dict[str, int] = defaultdict(int)
    per_volunteer: dict[str, int] = defaultdict(int)
    per_week: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    per_household: dict[str, int] = defaultdict(int)
    for a in assignments:
        s, v = shift_by_id.get(a.shift), vol_by_id.get(a.volunteer)
        if s is None or v is None:
            out.append(Violation(Rule.UNKNOWN, f"{a.volunteer} on {a.shift}: unknown shift or volunteer"))
            continue
        if a in seen:
            out.append(Violation(Rule.DUPLICATE, f"{v.id} is on {s.id} twice"))
            continue
        seen.add(a)
        block = static_block(v, s)
        if block is not None:
            out.append(Violation(block, f"{v.id} cannot take {s.id} ({block})"))
        per_shift[s.id] += 1
        per_volunteer[v.id] += 1
        per_week[(v.id, s.iso_week)] += 1
        per_household[v.household] += 1
    for sid, n in per_shift.items():
        if n > shift_by_id[sid].need:
            out.append(Violation(Rule.NEED, f"{sid} has {n} people for {shift_by_id[sid].need} places"))
    for vid, n in per_volunteer.items():
        if n > vol_by_id[vid].max_shifts:
            out.append(Violation(Rule.MAX_SHIFTS, f"{vid} has {n} shifts, limit {vol_by_id[vid].max_shifts}"))
    for (vid, week), n in per_week.items():
        limit = vol_by_id[vid].max_per_week
        if limit is not None and n > limit:
            out.append(Violation(Rule.MAX_PER_WEEK, f"{vid} has {n} shifts in week {week[0]}-W{week[1]:02d}"))
    for hid, cap in household_caps(instance).items():
        if per_household[hid] > cap:
            out.append(
                Violation(Rule.HOUSEHOLD, f"household {hid} has {per_household[hid]} shifts, cap {cap}")
            )
    for vid, a_id, b_id in overlap_conflicts(instance, seen):
        out.append(Violation(Rule.OVERLAP, f"{vid} is on overlapping shifts {a_id} and {b_id}"))
    return out


def _people(n: int) -> str:
    return "1 volunteer" if n == 1 else f"{n} volunteers"


class Explainer:
    """Reasons for unfilled places, given the final assignment."""

    def __init__(self, instance: Instance, assignments: Sequence[Assignment]) -> None:
        self.instance = instance
        self.shift_by_id = {s.id: s for s in instance.shifts}
        self.vol_by_id = {v.id: v for v in instance.volunteers}
        self.given: dict[str, list[Shift]] = defaultdict(list)
        self.on_shift: dict[str, set[str]] = defaultdict(set)
        self.week_count: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
        self.household_count: dict[str, int] = defaultdict(int)
        for a in assignments:
            s = self.shift_by_id[a.shift]
            self.given[a.volunteer].append(s)
            self.on_shift[a.shift].add(a.volunteer)
            self.week_count[(a.volunteer, s.iso_week)] += 1
            self.household_count[self.vol_by_id[a.volunteer].household] += 1
        self.caps = household_caps(instance)
        self._slot_cache: dict[SlotKey, tuple[int, list[Volunteer]]] = {}

    def _slot_people(self, s: Shift) -> tuple[int, list[Volunteer]]:
        key = _slot(s)
        if key not in self._slot_cache:
            in_program = [v for v in self.instance.volunteers if signed_up(v, s)]
            self._slot_cache[key] = (len(in_program), [v for v in in_program if available(v, s)])
        return self._slot_cache[key]

    def limit(self, v: Volunteer, s: Shift) -> Rule | None:
        """The dynamic rule that stops `v` from also taking `s` now."""
        if len(self.given[v.id]) >= v.max_shifts:
            return Rule.MAX_SHIFTS
        if v.max_per_week is not None and self.week_count[(v.id, s.iso_week)] >= v.max_per_week:
            return Rule.MAX_PER_WEEK
        cap = self.caps.get(v.household)
        if cap is not None and self.household_count[v.household] >= cap:
            return Rule.HOUSEHOLD
        if any(overlaps(s, other) for other in self.given[v.id]):
            return Rule.OVERLAP
        return None

    def reason(self, shift_id: str) -> str:
        s = self.shift_by_id[shift_id]
        start, end = minutes(s)
        day = WEEKDAYS[s.start.weekday()]
        n_program, avail = self._slot_people(s)
        if n_program == 0:
            return f"no volunteer is signed up for program '{s.program}'"
        if not avail:
            if s.start.date() != s.end.date():
                return "the shift runs past midnight, which no weekly availability window can cover"
            return (
                f"no volunteer signed up for {s.program} is available {hhmm(start)}-{hhmm(end)} on {day}s "
                f"({_people(n_program)} in the program)"
            )
        free = [v for v in avail if s.start.date() not in v.blackout]
        blacked = len(avail) - len(free)
        if not free:
            verb = "is" if blacked == 1 else "are"
            return f"{blacked} could take it but {verb} blacked out on {s.start.date().isoformat()}"
        candidates = [v for v in free if v.id not in self.on_shift[s.id]]
        if not candidates:
            return (
                f"only {_people(len(free))} can take it ({day}s {hhmm(start)}-{hhmm(end)}"
                + (f", {blacked} more blacked out" if blacked else "")
                + ") and all are on it; recruit more for this slot"
            )
        counts: dict[Rule, int] = defaultdict(int)
        open_ = 0
        for v in candidates:
            rule = self.limit(v, s)
            if rule is None:
                open_ += 1
            else:
                counts[rule] += 1
        if open_:
            return f"{open_} could still take it; the solver stopped at its time limit before placing them"
        parts = []
        labels = {
            Rule.MAX_SHIFTS: "at their shift limit",
            Rule.MAX_PER_WEEK: f"at their weekly limit for the week of {_monday(s.start.date())}",
            Rule.HOUSEHOLD: "whose household is at its cap",
            Rule.OVERLAP: "already on an overlapping shift",
        }
        for rule, label in labels.items():
            if counts[rule]:
                parts.append(f"{counts[rule]} {label}")
        extra = f"; {blacked} more blacked out on {s.start.date().isoformat()}" if blacked else ""
        return (
            f"nobody can take it: {len(candidates)} available on {day}s {hhmm(start)}-{hhmm(end)}, "
            f"all at their limits ({', '.join(parts)}){extra}; raise a limit or recruit"
        )


def _monday(d: date) -> str:
    return date.fromordinal(d.toordinal() - d.weekday()).isoformat()
