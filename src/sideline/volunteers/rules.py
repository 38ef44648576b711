"""Every access rule of the volunteers app.

Staff pages belong to volunteer coordinators and leaders; district leaders read them. Families never log
in: their pages are reached only through their own signed link, resolved in `get_volunteer_for_token`.
"""

from __future__ import annotations

import rules
from django.http import Http404

from sideline.schools.models import School
from sideline.schools.rules import (
    UserLike,
    get_school_for_user,
    is_district_leader,
    is_leader,
    is_volunteer_coordinator,
)
from sideline.volunteers.models import Assignment, Program, Shift, SolveRun, SwapRequest, Volunteer

rules.add_perm("volunteers.view_volunteers", is_volunteer_coordinator | is_leader | is_district_leader)
rules.add_perm("volunteers.manage_volunteers", is_volunteer_coordinator | is_leader)


def get_school_for_volunteers(user: UserLike, slug: str, *, manage: bool = False) -> School:
    perm = "volunteers.manage_volunteers" if manage else "volunteers.view_volunteers"
    return get_school_for_user(user, slug, perm)


def get_program_for_user(user: UserLike, slug: str, pk: int, *, manage: bool = False) -> Program:
    school = get_school_for_volunteers(user, slug, manage=manage)
    program = Program.objects.filter(school=school, pk=pk).select_related("school").first()
    if program is None:
        raise Http404("No such program")
    return program


def get_shift_for_user(user: UserLike, slug: str, pk: int, *, manage: bool = False) -> Shift:
    school = get_school_for_volunteers(user, slug, manage=manage)
    shift = Shift.objects.filter(program__school=school, pk=pk).select_related("program__school").first()
    if shift is None:
        raise Http404("No such shift")
    return shift


def get_run_for_user(user: UserLike, slug: str, pk: int, *, manage: bool = False) -> SolveRun:
    school = get_school_for_volunteers(user, slug, manage=manage)
    run = SolveRun.objects.filter(program__school=school, pk=pk).select_related("program__school").first()
    if run is None:
        raise Http404("No such plan")
    return run


def get_assignment_for_user(user: UserLike, slug: str, pk: int, *, manage: bool = False) -> Assignment:
    school = get_school_for_volunteers(user, slug, manage=manage)
    a = (
        Assignment.objects.filter(shift__program__school=school, pk=pk)
        .select_related("shift__program__school", "volunteer")
        .first()
    )
    if a is None:
        raise Http404("No such assignment")
    return a


def get_volunteer_for_user(user: UserLike, slug: str, pk: int, *, manage: bool = False) -> Volunteer:
    school = get_school_for_volunteers(user, slug, manage=manage)
    v = Volunteer.objects.filter(household__school=school, pk=pk).select_related("household__school").first()
    if v is None:
        raise Http404("No such volunteer")
    return v


# ---- family links: the volunteer's own rows only -------------------------------------------------


def get_own_assignment(volunteer: Volunteer, pk: int) -> Assignment:
    a = (
        Assignment.objects.filter(volunteer=volunteer, pk=pk)
        .select_related("shift__program__school", "volunteer__household")
        .first()
    )
    if a is None:
        raise Http404("No such shift of yours")
    return a


def get_own_swap(volunteer: Volunteer, pk: int) -> SwapRequest:
    swap = SwapRequest.objects.filter(assignment__volunteer=volunteer, pk=pk).first()
    if swap is None:
        raise Http404("No such swap request of yours")
    return swap
