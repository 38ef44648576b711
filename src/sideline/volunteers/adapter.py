"""Map the app's rows to the optimizer's instance format (shared/specs/volunteer-instance.md) and back.

Ids in the instance are `s<pk>`, `v<pk>` and `h<pk>`, so a solution maps straight back to rows and an
exported file stays readable. Rules the format has no field for are folded into fields it has: a program
requiring a background check becomes blackout dates from the check's expiry on, and a volunteer barred
from the program or without a valid check is simply not signed up for it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from sideline.volunteers.models import Assignment, Program, Shift, Volunteer


def shift_id(pk: int) -> str:
    return f"s{pk}"


def volunteer_id(pk: int) -> str:
    return f"v{pk}"


def household_id(pk: int) -> str:
    return f"h{pk}"


def parse_id(text: str, prefix: str) -> int:
    if not text.startswith(prefix) or not text[len(prefix) :].isdigit():
        raise ValueError(f"{text!r} is not an id this app exported (expected {prefix}<number>)")
    return int(text[len(prefix) :])


def barred_volunteer_ids(program: Program) -> set[int]:
    if program.max_no_shows == 0:
        return set()
    rows = (
        Assignment.objects.filter(shift__program=program, no_show=True)
        .values("volunteer_id")
        .annotate(n=Count("id"))
        .filter(n__gte=program.max_no_shows)
    )
    return {r["volunteer_id"] for r in rows}


def instance_for_program(program: Program, shifts: Iterable[Shift] | None = None) -> dict[str, Any]:
    """The instance for `shifts` (default: the program's unpublished future shifts) and its volunteers.

    A volunteer's `max_shifts` is reduced by the shifts they already hold outside this instance (other
    programs, or this program's published shifts), so solving one program never overloads anyone.
    """
    school = program.school
    zone = school.zone
    if shifts is None:
        shifts = Shift.objects.filter(program=program, published=False, start__gte=dt.datetime.now(dt.UTC))
    shift_list = list(shifts)
    shift_pks = {s.pk for s in shift_list}
    volunteers = list(
        Volunteer.objects.filter(programs=program, active=True).select_related("household").order_by("pk")
    )
    held = Counter(
        Assignment.objects.filter(volunteer__in=volunteers, state__in=Assignment.ACTIVE)
        .exclude(shift_id__in=shift_pks)
        .values_list("volunteer_id", flat=True)
    )
    household_held = Counter(
        Assignment.objects.filter(volunteer__household__in={v.household_id for v in volunteers})
        .filter(state__in=Assignment.ACTIVE)
        .exclude(shift_id__in=shift_pks)
        .values_list("volunteer__household_id", flat=True)
    )
    barred = barred_volunteer_ids(program)
    shift_dates = sorted({s.start.astimezone(zone).date() for s in shift_list})

    out_shifts = [
        {
            "id": shift_id(s.pk),
            "program": program.name,
            "start": s.start.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "end": s.end.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "need": s.need,
        }
        for s in shift_list
    ]
    out_vols: list[dict[str, Any]] = []
    households: dict[str, dict[str, int]] = {}
    for v in volunteers:
        blackout = set(v.blackout)
        signed_up = v.pk not in barred
        if program.requires_background_check:
            expires = v.background_check_expires
            if expires is None:
                signed_up = False
            else:
                blackout |= {d.isoformat() for d in shift_dates if d > expires}
        entry: dict[str, Any] = {
            "id": volunteer_id(v.pk),
            "household": household_id(v.household_id),
            "max_shifts": max(0, v.max_shifts - held[v.pk]),
            "programs": [program.name] if signed_up else [],
            "available": list(v.availability),
            "blackout": sorted(blackout),
            "prefer": list(v.prefer),
        }
        if v.max_per_week is not None:
            entry["max_per_week"] = v.max_per_week
        out_vols.append(entry)
        h = v.household
        if h.max_shifts is not None:
            households[household_id(h.pk)] = {"max_shifts": max(0, h.max_shifts - household_held[h.pk])}
    return {
        "name": f"{school.name}: {program.name}",
        "timezone": school.timezone,
        "shifts": out_shifts,
        "volunteers": out_vols,
        "households": households,
    }


def previous_pairs(shifts: Iterable[Shift]) -> list[tuple[str, str]]:
    """The current proposed plan of `shifts`, as (shift id, volunteer id), for a re-solve to keep."""
    rows = Assignment.objects.filter(shift__in=list(shifts), state=Assignment.State.PROPOSED).values_list(
        "shift_id", "volunteer_id"
    )
    return [(shift_id(s), volunteer_id(v)) for s, v in rows]
