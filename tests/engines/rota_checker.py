"""An independent checker for volunteer schedules, written from shared/specs/volunteer-instance.md alone.

It reads the raw JSON dicts and deliberately imports nothing from sideline.engines.rota, so a mistake in
the solver's rules cannot hide in both places at once.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any


def _hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _volunteer_defaults(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "household": v.get("household", v["id"]),
        "max_shifts": v.get("max_shifts", 1),
        "max_per_week": v.get("max_per_week"),
        "programs": v.get("programs"),
        "available": v.get("available", []),
        "blackout": set(v.get("blackout", [])),
        "prefer": v.get("prefer", []),
    }


def can_take(volunteer: dict[str, Any], shift: dict[str, Any]) -> bool:
    v = _volunteer_defaults(volunteer)
    start = datetime.fromisoformat(shift["start"])
    end = datetime.fromisoformat(shift["end"])
    if v["programs"] is not None and shift["program"] not in v["programs"]:
        return False
    if start.date().isoformat() in v["blackout"]:
        return False
    if start.date() != end.date():
        return False
    s_min, e_min = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    return any(
        w["weekday"] == start.weekday() and _hm(w["from"]) <= s_min and e_min <= _hm(w["to"])
        for w in v["available"]
    )


def score(volunteer: dict[str, Any], shift: dict[str, Any]) -> int:
    start = datetime.fromisoformat(shift["start"])
    total = 0
    for rule in volunteer.get("prefer", []):
        if "weekday" in rule and rule["weekday"] != start.weekday():
            continue
        if "month" in rule and rule["month"] != start.month:
            continue
        total += rule["weight"]
    return total


def evaluate(instance: dict[str, Any], pairs: list[tuple[str, str]]) -> tuple[list[str], int, int]:
    """(errors, filled, preference) for a list of (shift id, volunteer id) pairs."""
    shifts = {s["id"]: s for s in instance["shifts"]}
    vols = {v["id"]: v for v in instance["volunteers"]}
    errors: list[str] = []
    if len(set(pairs)) != len(pairs):
        errors.append("a volunteer appears twice on one shift")
    for sid, vid in pairs:
        if sid not in shifts or vid not in vols:
            errors.append(f"unknown shift or volunteer in ({sid}, {vid})")
    pairs = [(s, v) for s, v in pairs if s in shifts and v in vols]
    for sid, vid in pairs:
        if not can_take(vols[vid], shifts[sid]):
            errors.append(f"{vid} cannot take {sid}")
    per_shift = Counter(s for s, _ in pairs)
    for sid, n in per_shift.items():
        if n > shifts[sid]["need"]:
            errors.append(f"{sid} over need: {n} > {shifts[sid]['need']}")
    per_vol = Counter(v for _, v in pairs)
    for vid, n in per_vol.items():
        if n > vols[vid].get("max_shifts", 1):
            errors.append(f"{vid} over max_shifts: {n}")
    weekly: Counter[tuple[str, int, int]] = Counter()
    for sid, vid in pairs:
        iso = date.fromisoformat(shifts[sid]["start"][:10]).isocalendar()
        weekly[(vid, iso[0], iso[1])] += 1
    for (vid, y, w), n in weekly.items():
        limit = vols[vid].get("max_per_week")
        if limit is not None and n > limit:
            errors.append(f"{vid} over max_per_week in {y}-W{w}: {n}")
    per_household = Counter(vols[vid].get("household", vid) for _, vid in pairs)
    for hid, h in instance.get("households", {}).items():
        cap = h.get("max_shifts")
        if cap is not None and per_household[hid] > cap:
            errors.append(f"household {hid} over cap: {per_household[hid]} > {cap}")
    by_vol: dict[str, list[tuple[datetime, datetime, str]]] = {}
    for sid, vid in pairs:
        s = shifts[sid]
        by_vol.setdefault(vid, []).append(
            (datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]), sid)
        )
    for vid, spans in by_vol.items():
        for i, (a_start, a_end, a_id) in enumerate(spans):
            for b_start, b_end, b_id in spans[i + 1 :]:
                if a_start < b_end and b_start < a_end:
                    errors.append(f"{vid} on overlapping {a_id} and {b_id}")
    preference = sum(score(vols[vid], shifts[sid]) for sid, vid in pairs)
    return errors, len(pairs), preference


def check(instance: dict[str, Any], solution: dict[str, Any]) -> list[str]:
    """Every way `solution` (the spec's JSON format) breaks the spec for `instance`; empty when valid."""
    pairs = [(a["shift"], a["volunteer"]) for a in solution["assignments"]]
    errors, filled, preference = evaluate(instance, pairs)
    places = sum(s["need"] for s in instance["shifts"])
    if solution["filled"] != filled:
        errors.append(f"reported filled {solution['filled']} but assignments fill {filled}")
    if solution["places"] != places:
        errors.append(f"reported places {solution['places']} but the instance has {places}")
    if solution["preference"] != preference:
        errors.append(f"reported preference {solution['preference']} but assignments score {preference}")
    if solution["status"] not in ("optimal", "feasible"):
        errors.append(f"bad status {solution['status']!r}")
    if solution["status"] == "feasible" and "bound" not in solution:
        errors.append("feasible solution without a bound")
    per_shift = Counter(s for s, _ in pairs)
    expected = {
        s["id"]: s["need"] - per_shift[s["id"]] for s in instance["shifts"] if per_shift[s["id"]] < s["need"]
    }
    reported: dict[str, int] = {}
    for u in solution["unfilled"]:
        if u["shift"] in reported:
            errors.append(f"{u['shift']} listed twice in unfilled")
        reported[u["shift"]] = u["missing"]
        if not isinstance(u.get("reason"), str) or not u["reason"].strip():
            errors.append(f"{u['shift']} unfilled without a reason")
    if reported != expected:
        errors.append(f"unfilled {reported} does not match the missing places {expected}")
    return errors
