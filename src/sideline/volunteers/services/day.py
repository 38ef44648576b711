"""The day itself: self sign-up for leftover places, drops, swaps and no-shows."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from sideline.volunteers import adapter
from sideline.volunteers.models import (
    Assignment,
    Shift,
    SwapRequest,
    Volunteer,
)
from sideline.volunteers.services.errors import ShiftFull, VolunteerError


def eligibility_problem(volunteer: Volunteer, shift: Shift) -> str | None:
    """Why `volunteer` may not take `shift` now, or None."""
    program = shift.program
    if not volunteer.active:
        return "This volunteer is no longer active."
    if not volunteer.programs.filter(pk=program.pk).exists():
        return f"You have not signed up for {program.name}."
    if volunteer.pk in adapter.barred_volunteer_ids(program):
        return f"After {program.max_no_shows} missed shifts you can no longer sign up for {program.name}."
    if program.requires_background_check:
        expires = volunteer.background_check_expires
        if expires is None or expires < shift.local_start().date():
            return f"{program.name} needs a background check that is valid on the day; ask the coordinator."
    if Assignment.objects.filter(
        volunteer=volunteer,
        state__in=Assignment.ACTIVE,
        shift__start__lt=shift.end,
        shift__end__gt=shift.start,
    ).exists():
        return "You already have a shift at that time."
    return None


def shift_self_signup(*, shift_id: int, volunteer: Volunteer) -> Assignment:
    """Take a leftover place. The shift row is locked, so concurrent sign-ups queue and never overbook."""
    with transaction.atomic():
        shift = (
            Shift.objects.select_for_update().select_related("program__school").filter(pk=shift_id).first()
        )
        if shift is None or shift.program.school_id != volunteer.household.school_id:
            raise VolunteerError("No such shift.")
        if not shift.published:
            raise VolunteerError("This shift is not open for sign-up yet.")
        if shift.start <= timezone.now():
            raise VolunteerError("This shift has already started.")
        taken = Assignment.objects.filter(shift=shift, state__in=Assignment.ACTIVE).count()
        if taken >= shift.need:
            raise ShiftFull("Sorry, this shift is full. Pick another open place.")
        problem = eligibility_problem(volunteer, shift)
        if problem:
            raise VolunteerError(problem)
        try:
            with transaction.atomic():
                return Assignment.objects.create(
                    shift=shift,
                    volunteer=volunteer,
                    source=Assignment.Source.SELF,
                    state=Assignment.State.CONFIRMED,
                )
        except IntegrityError:
            raise VolunteerError("You are already on this shift.") from None


def assignment_drop(*, assignment: Assignment, now: dt.datetime | None = None) -> Assignment:
    now = now or timezone.now()
    program = assignment.shift.program
    if assignment.state not in Assignment.ACTIVE:
        raise VolunteerError("This shift is no longer yours.")
    if assignment.shift.start - now < dt.timedelta(hours=program.drop_notice_hours):
        raise VolunteerError(
            f"Shifts cannot be dropped less than {program.drop_notice_hours} hours ahead. "
            "Request a swap, or call the school."
        )
    with transaction.atomic():
        updated = Assignment.objects.filter(pk=assignment.pk, state__in=Assignment.ACTIVE).update(
            state=Assignment.State.DROPPED
        )
        if not updated:
            raise VolunteerError("This shift is no longer yours.")
        SwapRequest.objects.filter(assignment=assignment, state=SwapRequest.State.OPEN).update(
            state=SwapRequest.State.CANCELLED
        )
    assignment.refresh_from_db()
    return assignment


def swap_request_create(*, assignment: Assignment, note: str = "") -> SwapRequest:
    if assignment.state != Assignment.State.CONFIRMED:
        raise VolunteerError("Only a published shift can be swapped.")
    if assignment.shift.start <= timezone.now():
        raise VolunteerError("This shift has already started.")
    existing = SwapRequest.objects.filter(assignment=assignment, state=SwapRequest.State.OPEN).first()
    if existing:
        return existing
    return SwapRequest.objects.create(assignment=assignment, note=note[:300])


def swap_cancel(*, swap: SwapRequest) -> None:
    SwapRequest.objects.filter(pk=swap.pk, state=SwapRequest.State.OPEN).update(
        state=SwapRequest.State.CANCELLED
    )


def swap_take(*, swap_id: int, volunteer: Volunteer) -> Assignment:
    """Another eligible volunteer takes the shift; the first person is released."""
    with transaction.atomic():
        swap = (
            SwapRequest.objects.select_for_update()
            .select_related("assignment__shift__program__school", "assignment__volunteer__household")
            .filter(pk=swap_id)
            .first()
        )
        if swap is None or swap.assignment.volunteer.household.school_id != volunteer.household.school_id:
            raise VolunteerError("No such swap request.")
        if swap.state != SwapRequest.State.OPEN:
            raise VolunteerError("Someone else has already taken this shift, or the request was withdrawn.")
        old = swap.assignment
        if old.volunteer_id == volunteer.pk:
            raise VolunteerError("This is your own shift.")
        if old.shift.start <= timezone.now():
            raise VolunteerError("This shift has already started.")
        problem = eligibility_problem(volunteer, old.shift)
        if problem:
            raise VolunteerError(problem)
        Assignment.objects.filter(pk=old.pk).update(state=Assignment.State.SWAPPED)
        new = Assignment.objects.create(
            shift=old.shift,
            volunteer=volunteer,
            source=Assignment.Source.SWAP,
            state=Assignment.State.CONFIRMED,
        )
        swap.state = SwapRequest.State.TAKEN
        swap.taken_by = volunteer
        swap.taken_at = timezone.now()
        swap.save(update_fields=["state", "taken_by", "taken_at"])
    return new


def assignment_set_no_show(*, assignment: Assignment, no_show: bool) -> Assignment:
    if assignment.state != Assignment.State.CONFIRMED:
        raise VolunteerError("Only a confirmed shift can be marked.")
    if assignment.shift.start > timezone.now():
        raise VolunteerError("A no-show can only be recorded once the shift has started.")
    Assignment.objects.filter(pk=assignment.pk).update(no_show=no_show)
    assignment.no_show = no_show
    return assignment
