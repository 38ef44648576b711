"""The volunteer scheduling instance and solution (shared/specs/volunteer-instance.md, version 1).

Loading validates every field and names the offending item, because the file is often hand-edited or
exported by another tool and a coordinator needs to know exactly what to fix.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class InstanceError(ValueError):
    """The instance does not follow the spec; the message names the item and the field."""


@dataclass(frozen=True)
class Window:
    weekday: int  # 0 = Monday
    start: int  # minutes after local midnight
    end: int


@dataclass(frozen=True)
class PreferRule:
    weight: int
    weekday: int | None = None
    month: int | None = None


@dataclass(frozen=True)
class Shift:
    id: str
    program: str
    start: datetime  # naive, local to the instance's timezone
    end: datetime
    need: int

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def iso_week(self) -> tuple[int, int]:
        iso = self.start.isocalendar()
        return (iso.year, iso.week)


@dataclass(frozen=True)
class Volunteer:
    id: str
    household: str
    max_shifts: int = 1
    max_per_week: int | None = None
    programs: frozenset[str] | None = None  # None: any program
    available: tuple[Window, ...] = ()
    blackout: frozenset[date] = frozenset()
    prefer: tuple[PreferRule, ...] = ()


@dataclass(frozen=True)
class Instance:
    name: str
    timezone: str
    shifts: tuple[Shift, ...]
    volunteers: tuple[Volunteer, ...]
    households: dict[str, int | None] = field(default_factory=dict)  # household id -> cap (None: no cap)

    @property
    def places(self) -> int:
        return sum(s.need for s in self.shifts)


@dataclass(frozen=True, order=True)
class Assignment:
    shift: str
    volunteer: str


@dataclass(frozen=True)
class Unfilled:
    shift: str
    missing: int
    reason: str


@dataclass(frozen=True)
class Changes:
    """What a re-solve did to the previous plan."""

    kept: tuple[Assignment, ...]
    added: tuple[Assignment, ...]
    removed: tuple[Assignment, ...]


@dataclass(frozen=True)
class Bound:
    """Proven upper bounds: no valid assignment fills more, nor scores more at that fill."""

    filled: int
    preference: int


@dataclass(frozen=True)
class Solution:
    status: str  # "optimal" or "feasible"
    filled: int
    places: int
    preference: int
    seconds: float
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    bound: Bound | None = None
    changes: Changes | None = None


_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")


def _parse_minutes(value: Any, where: str) -> int:
    if not isinstance(value, str) or not (m := _TIME.match(value)):
        raise InstanceError(f"{where}: bad time {value!r}, expected HH:MM")
    hours, minutes = int(m.group(1)), int(m.group(2))
    # 24:00 is allowed so a window can run to the end of the day.
    if minutes > 59 or hours > 24 or (hours == 24 and minutes != 0):
        raise InstanceError(f"{where}: bad time {value!r}, expected HH:MM")
    return hours * 60 + minutes


def _parse_datetime(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise InstanceError(f"{where}: bad date-time {value!r}, expected YYYY-MM-DDTHH:MM (local time)")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{where}: bad date-time {value!r}, not a real date or time") from None


def _parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        raise InstanceError(f"{where}: bad date {value!r}, expected YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{where}: bad date {value!r}, not a real date") from None


def _int(value: Any, where: str, *, minimum: int | None = None) -> int:
    # bool is an int in Python; true/false in a count is always a mistake.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where} must be a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise InstanceError(f"{where} must be at least {minimum}, got {value}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(f"{where} must be an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(f"{where} must be a list, got {type(value).__name__}")
    return value


def _no_unknown(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    # A misspelt key ("max_shift") would otherwise be silently ignored and change the plan.
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise InstanceError(f"{where}: unknown field {unknown[0]!r}")


def _load_shift(raw: Any, index: int) -> Shift:
    obj = _obj(raw, f"shifts[{index}]")
    sid = _str(obj.get("id"), f"shifts[{index}].id")
    where = f"shift {sid!r}"
    _no_unknown(obj, {"id", "program", "start", "end", "need"}, where)
    program = _str(obj.get("program"), f"{where}: program")
    start = _parse_datetime(obj.get("start"), f"{where}: start")
    end = _parse_datetime(obj.get("end"), f"{where}: end")
    if end < start:
        raise InstanceError(f"{where}: end is before start")
    if end == start:
        raise InstanceError(f"{where}: end equals start")
    need = _int(obj.get("need"), f"{where}: need", minimum=1)
    return Shift(sid, program, start, end, need)


def _load_volunteer(raw: Any, index: int) -> Volunteer:
    obj = _obj(raw, f"volunteers[{index}]")
    vid = _str(obj.get("id"), f"volunteers[{index}].id")
    where = f"volunteer {vid!r}"
    _no_unknown(
        obj,
        {"id", "household", "max_shifts", "max_per_week", "programs", "available", "blackout", "prefer"},
        where,
    )
    household = _str(obj.get("household", vid), f"{where}: household")
    max_shifts = _int(obj.get("max_shifts", 1), f"{where}: max_shifts", minimum=0)
    mpw_raw = obj.get("max_per_week")
    max_per_week = None if mpw_raw is None else _int(mpw_raw, f"{where}: max_per_week", minimum=0)
    programs: frozenset[str] | None = None
    if "programs" in obj and obj["programs"] is not None:
        programs = frozenset(
            _str(p, f"{where}: programs[{i}]")
            for i, p in enumerate(_list(obj["programs"], f"{where}: programs"))
        )
    windows: list[Window] = []
    for i, w_raw in enumerate(_list(obj.get("available", []), f"{where}: available")):
        w_where = f"{where}: available[{i}]"
        w = _obj(w_raw, w_where)
        _no_unknown(w, {"weekday", "from", "to"}, w_where)
        weekday = w.get("weekday")
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise InstanceError(f"{w_where}: bad weekday {weekday!r}, expected 0 (Monday) to 6 (Sunday)")
        start = _parse_minutes(w.get("from"), f"{w_where}.from")
        end = _parse_minutes(w.get("to"), f"{w_where}.to")
        if end <= start:
            raise InstanceError(f"{w_where}: 'to' ({w.get('to')}) is not after 'from' ({w.get('from')})")
        windows.append(Window(weekday, start, end))
    blackout = frozenset(
        _parse_date(d, f"{where}: blackout[{i}]")
        for i, d in enumerate(_list(obj.get("blackout", []), f"{where}: blackout"))
    )
    rules: list[PreferRule] = []
    for i, r_raw in enumerate(_list(obj.get("prefer", []), f"{where}: prefer")):
        r_where = f"{where}: prefer[{i}]"
        r = _obj(r_raw, r_where)
        _no_unknown(r, {"weight", "weekday", "month"}, r_where)
        weight = _int(r.get("weight"), f"{r_where}.weight")
        rw = r.get("weekday")
        if rw is not None and (isinstance(rw, bool) or not isinstance(rw, int) or not 0 <= rw <= 6):
            raise InstanceError(f"{r_where}: bad weekday {rw!r}, expected 0 (Monday) to 6 (Sunday)")
        month = r.get("month")
        if month is not None and (
            isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12
        ):
            raise InstanceError(f"{r_where}: bad month {month!r}, expected 1 to 12")
        rules.append(PreferRule(weight, rw, month))
    return Volunteer(
        id=vid,
        household=household,
        max_shifts=max_shifts,
        max_per_week=max_per_week,
        programs=programs,
        available=tuple(windows),
        blackout=blackout,
        prefer=tuple(rules),
    )


def load_instance(data: dict[str, Any] | str | bytes) -> Instance:
    """Parse and validate an instance given as a dict or JSON text."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InstanceError(f"not valid JSON: {exc}") from None
    top = _obj(data, "instance")
    _no_unknown(top, {"name", "timezone", "shifts", "volunteers", "households"}, "instance")
    name = top.get("name", "")
    if not isinstance(name, str):
        raise InstanceError(f"instance: name must be a string, got {name!r}")
    tz = _str(top.get("timezone"), "instance: timezone")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InstanceError(
            f"instance: bad timezone {tz!r}, expected an IANA name such as America/Chicago"
        ) from None
    shifts = tuple(_load_shift(s, i) for i, s in enumerate(_list(top.get("shifts"), "instance: shifts")))
    volunteers = tuple(
        _load_volunteer(v, i) for i, v in enumerate(_list(top.get("volunteers"), "instance: volunteers"))
    )
    seen: set[str] = set()
    for s in shifts:
        if s.id in seen:
            raise InstanceError(f"shift {s.id!r}: duplicate id")
        seen.add(s.id)
    seen = set()
    for v in volunteers:
        if v.id in seen:
            raise InstanceError(f"volunteer {v.id!r}: duplicate id")
        seen.add(v.id)
    households: dict[str, int | None] = {}
    member_households = {v.household for v in volunteers}
    for hid, h_raw in _obj(top.get("households", {}), "instance: households").items():
        where = f"household {hid!r}"
        h = _obj(h_raw, where)
        _no_unknown(h, {"max_shifts"}, where)
        cap = h.get("max_shifts")
        households[hid] = None if cap is None else _int(cap, f"{where}: max_shifts", minimum=0)
    # A household left without members is normal once a family drops out, but alongside a volunteer
    # naming an unlisted household it is almost surely a typo that would let that family escape its cap.
    empty = sorted(set(households) - member_households)
    if empty:
        for v in volunteers:
            if v.household != v.id and v.household not in households:
                raise InstanceError(
                    f"volunteer {v.id!r}: unknown household {v.household!r} "
                    f"(the households section lists {empty[0]!r}, which has no members)"
                )
    return Instance(name, tz, shifts, volunteers, households)


def load_instance_file(path: str) -> Instance:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InstanceError(f"cannot read {path}: {exc.strerror}") from None
    return load_instance(raw)


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """The spec's solution format; `bound` only when not optimal, `changes` only for a re-solve."""
    out: dict[str, Any] = {
        "status": solution.status,
        "filled": solution.filled,
        "places": solution.places,
        "preference": solution.preference,
        "seconds": round(solution.seconds, 3),
        "assignments": [{"shift": a.shift, "volunteer": a.volunteer} for a in solution.assignments],
        "unfilled": [{"shift": u.shift, "missing": u.missing, "reason": u.reason} for u in solution.unfilled],
    }
    if solution.status != "optimal" and solution.bound is not None:
        out["bound"] = {"filled": solution.bound.filled, "preference": solution.bound.preference}
    if solution.changes is not None:
        c = solution.changes
        out["changes"] = {
            "kept": len(c.kept),
            "added": [{"shift": a.shift, "volunteer": a.volunteer} for a in c.added],
            "removed": [{"shift": a.shift, "volunteer": a.volunteer} for a in c.removed],
        }
    return out


def solution_from_dict(data: dict[str, Any]) -> Solution:
    """Read back a solution (for re-solving against a previous plan)."""
    top = _obj(data, "solution")
    assignments = []
    for i, a_raw in enumerate(_list(top.get("assignments", []), "solution: assignments")):
        a = _obj(a_raw, f"solution: assignments[{i}]")
        assignments.append(
            Assignment(
                _str(a.get("shift"), f"solution: assignments[{i}].shift"),
                _str(a.get("volunteer"), f"solution: assignments[{i}].volunteer"),
            )
        )
    unfilled = []
    for i, u_raw in enumerate(_list(top.get("unfilled", []), "solution: unfilled")):
        u = _obj(u_raw, f"solution: unfilled[{i}]")
        unfilled.append(
            Unfilled(
                _str(u.get("shift"), f"solution: unfilled[{i}].shift"),
                _int(u.get("missing"), f"solution: unfilled[{i}].missing", minimum=1),
                str(u.get("reason", "")),
            )
        )
    return Solution(
        status=str(top.get("status", "feasible")),
        filled=_int(top.get("filled", len(assignments)), "solution: filled", minimum=0),
        places=_int(top.get("places", 0), "solution: places", minimum=0),
        preference=_int(top.get("preference", 0), "solution: preference"),
        seconds=float(top.get("seconds", 0.0)),
        assignments=tuple(assignments),
        unfilled=tuple(unfilled),
    )
