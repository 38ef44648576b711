"""Reads the volunteers pages and commands share; each list is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from sideline.schools.models import School
from sideline.volunteers import adapter
from sideline.volunteers.models import Assignment, Household, Program, Shift, SolveRun, SwapRequest, Volunteer

_ACTIVE = Q(state__in=Assignment.ACTIVE)


def _taken_subquery() -> Subquery:
    return Subquery(
        Assignment.objects.filter(_ACTIVE, shift=OuterRef("pk"))
        .values("shift")
        .annotate(n=Count("id"))
        .values("n"),
        output_field=IntegerField(),
    )


def shifts_with_taken(qs: QuerySet[Shift]) -> QuerySet[Shift]:
    return qs.annotate(taken=Coalesce(_taken_subquery(), 0))


def programs_of(school: School) -> list[Program]:
    shifts = Shift.objects.filter(program=OuterRef("pk")).values("program")
    places = shifts.annotate(n=Sum("need")).values("n")
    count = shifts.annotate(n=Count("id")).values("n")
    filled = (
        Assignment.objects.filter(_ACTIVE, shift__program=OuterRef("pk"))
        .values("shift__program")
        .annotate(n=Count("id"))
        .values("n")
    )
    people = (
        Volunteer.programs.through.objects.filter(program=OuterRef("pk"))
        .values("program")
        .annotate(n=Count("id"))
        .values("n")  # type: ignore[misc]  # django-stubs cannot see annotations on the through model
    )
    return list(
        Program.objects.filter(school=school).annotate(
            shift_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            places=Coalesce(Subquery(places, output_field=IntegerField()), 0),
            filled=Coalesce(Subquery(filled, output_field=IntegerField()), 0),
            people=Coalesce(Subquery(people, output_field=IntegerField()), 0),
        )
    )


def upcoming_shifts(program: Program, *, limit: int = 60, start: dt.datetime | None = None) -> list[Shift]:
    start = start or timezone.now()
    active = (
        Assignment.objects.filter(_ACTIVE).select_related("volunteer__household").order_by("volunteer__name")
    )
    return list(
        shifts_with_taken(Shift.objects.filter(program=program, end__gte=start))
        .select_related("program__school")
        .prefetch_related(Prefetch("assignments", queryset=active, to_attr="active_assignments"))
        .order_by("start")[:limit]
    )


def recent_shifts(program: Program, *, limit: int = 30) -> list[Shift]:
    """Shifts that have started, newest first, with everyone who was on them (for no-shows)."""
    confirmed = Assignment.objects.filter(state=Assignment.State.CONFIRMED).select_related("volunteer")
    return list(
        Shift.objects.filter(program=program, start__lte=timezone.now())
        .select_related("program__school")
        .prefetch_related(Prefetch("assignments", queryset=confirmed, to_attr="confirmed_assignments"))
        .order_by("-start")[:limit]
    )


def households_of(school: School, *, search: str = "") -> QuerySet[Household]:
    members = Volunteer.objects.prefetch_related("programs").order_by("name")
    qs = Household.objects.filter(school=school)
    if search:
        qs = qs.filter(Q(family_name__icontains=search) | Q(members__name__icontains=search)).distinct()
    return qs.prefetch_related(Prefetch("members", queryset=members))


def latest_run(program: Program) -> SolveRun | None:
    return SolveRun.objects.filter(program=program).first()


@dataclass(frozen=True)
class UnfilledRow:
    shift: Shift | None
    shift_id: str
    missing: int
    reason: str


def unfilled_rows(run: SolveRun) -> list[UnfilledRow]:
    pks = {}
    for u in run.unfilled:
        try:
            pks[u["shift"]] = adapter.parse_id(u["shift"], "s")
        except ValueError:
            continue
    shifts = Shift.objects.select_related("program__school").in_bulk(list(pks.values()))
    return [
        UnfilledRow(shifts.get(pks.get(u["shift"], -1)), u["shift"], u["missing"], u["reason"])
        for u in run.unfilled
    ]


def open_swaps(school: School) -> list[SwapRequest]:
    return list(
        SwapRequest.objects.filter(
            state=SwapRequest.State.OPEN,
            assignment__shift__program__school=school,
            assignment__shift__start__gt=timezone.now(),
        )
        .select_related("assignment__shift__program__school", "assignment__volunteer__household")
        .order_by("assignment__shift__start")
    )


# ---- a family's own page -------------------------------------------------------------------------


def own_assignments(volunteer: Volunteer) -> list[Assignment]:
    open_swaps = SwapRequest.objects.filter(state=SwapRequest.State.OPEN)
    return list(
        Assignment.objects.filter(volunteer=volunteer, state=Assignment.State.CONFIRMED)
        .select_related("shift__program__school")
        .prefetch_related(Prefetch("swap_requests", queryset=open_swaps, to_attr="open_swaps"))
        .order_by("shift__start")
    )


def open_places_for(volunteer: Volunteer, *, limit: int = 20) -> list[Shift]:
    """Published future shifts of the volunteer's programs with a free place that they are not already on."""
    mine = Assignment.objects.filter(_ACTIVE, volunteer=volunteer).values("shift_id")
    return list(
        shifts_with_taken(
            Shift.objects.filter(
                program__in=volunteer.programs.all(), published=True, start__gt=timezone.now()
            ).exclude(pk__in=mine)
        )
        .filter(taken__lt=F("need"))  # type: ignore[misc]  # an annotation django-stubs cannot see
        .select_related("program__school")
        .order_by("start")[:limit]
    )


def swaps_for(volunteer: Volunteer, *, limit: int = 20) -> list[SwapRequest]:
    """Open swap requests in the volunteer's programs that someone else made."""
    return list(
        SwapRequest.objects.filter(
            state=SwapRequest.State.OPEN,
            assignment__shift__program__in=volunteer.programs.all(),
            assignment__shift__start__gt=timezone.now(),
        )
        .exclude(assignment__volunteer=volunteer)
        .select_related("assignment__shift__program__school")
        .order_by("assignment__shift__start")[:limit]
    )


# ---- hours served --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    name: str
    shifts: int
    hours: float


def _served(school: School, now: dt.datetime | None = None) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        shift__program__school=school,
        state=Assignment.State.CONFIRMED,
        no_show=False,
        shift__end__lte=now or timezone.now(),
    )


def hours_by_household(school: School, now: dt.datetime | None = None) -> list[HoursRow]:
    rows: dict[int, list[float]] = {}
    names: dict[int, str] = {}
    for hid, name, start, end in _served(school, now).values_list(
        "volunteer__household_id", "volunteer__household__family_name", "shift__start", "shift__end"
    ):
        acc = rows.setdefault(hid, [0, 0.0])
        acc[0] += 1
        acc[1] += (end - start).total_seconds() / 3600
        names[hid] = name
    out = [HoursRow(names[h], int(v[0]), round(v[1], 2)) for h, v in rows.items()]
    return sorted(out, key=lambda r: (-r.hours, r.name))


def hours_by_program(school: School, now: dt.datetime | None = None) -> list[HoursRow]:
    rows: dict[str, list[float]] = {}
    for name, start, end in _served(school, now).values_list(
        "shift__program__name", "shift__start", "shift__end"
    ):
        acc = rows.setdefault(name, [0, 0.0])
        acc[0] += 1
        acc[1] += (end - start).total_seconds() / 3600
    return sorted((HoursRow(n, int(v[0]), round(v[1], 2)) for n, v in rows.items()), key=lambda r: r.name)
