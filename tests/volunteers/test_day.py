from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sideline.volunteers import selectors, services
from sideline.volunteers.models import Assignment, Shift, SwapRequest
from tests.volunteers.conftest import Setup, add_shift


def _confirmed(setup: Setup, vi: int, shift: Shift) -> Assignment:
    Shift.objects.filter(pk=shift.pk).update(published=True)
    return Assignment.objects.create(
        shift=shift, volunteer=setup.volunteers[vi], source="solver", state="confirmed"
    )


def _past_shift(setup: Setup, days_ago: int, minutes: int = 30) -> Shift:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return add_shift(setup.program, day, minutes=minutes)


def test_swap_moves_the_shift_to_another_eligible_volunteer(setup: Setup) -> None:
    mine = _confirmed(setup, 0, setup.shifts[0])
    swap = services.swap_request_create(assignment=mine, note="Away that week")
    assert services.swap_request_create(assignment=mine) == swap  # asking twice is one request
    assert [s.pk for s in selectors.swaps_for(setup.volunteers[1])] == [swap.pk]
    assert selectors.swaps_for(setup.volunteers[0]) == []
    with pytest.raises(services.VolunteerError, match="This is your own shift."):
        services.swap_take(swap_id=swap.pk, volunteer=setup.volunteers[0])
    new = services.swap_take(swap_id=swap.pk, volunteer=setup.volunteers[1])
    mine.refresh_from_db()
    swap.refresh_from_db()
    assert (mine.state, new.state, new.source, new.volunteer_id) == (
        "swapped",
        "confirmed",
        "swap",
        setup.volunteers[1].pk,
    )
    assert (swap.state, swap.taken_by_id) == ("taken", setup.volunteers[1].pk)
    with pytest.raises(services.VolunteerError, match="already taken"):
        services.swap_take(swap_id=swap.pk, volunteer=setup.volunteers[2])


def test_swap_refuses_someone_not_in_the_program(setup: Setup) -> None:
    mine = _confirmed(setup, 0, setup.shifts[0])
    swap = services.swap_request_create(assignment=mine)
    setup.volunteers[1].programs.clear()
    with pytest.raises(services.VolunteerError, match="You have not signed up for Cafeteria."):
        services.swap_take(swap_id=swap.pk, volunteer=setup.volunteers[1])
    assert SwapRequest.objects.get().state == "open"


def test_drop_is_refused_inside_the_notice_period(setup: Setup) -> None:
    a = _confirmed(setup, 0, setup.shifts[0])
    late = setup.shifts[0].start - dt.timedelta(hours=47)
    with pytest.raises(services.VolunteerError, match="less than 48 hours ahead"):
        services.assignment_drop(assignment=a, now=late)
    a.refresh_from_db()
    assert a.state == "confirmed"
    services.assignment_drop(assignment=a, now=setup.shifts[0].start - dt.timedelta(hours=49))
    a.refresh_from_db()
    assert a.state == "dropped"


def test_no_shows_bar_a_volunteer_after_the_programs_limit(setup: Setup) -> None:
    volunteer = setup.volunteers[0]
    for days_ago in (3, 10):
        a = _confirmed(setup, 0, _past_shift(setup, days_ago))
        services.assignment_set_no_show(assignment=a, no_show=True)
    future = setup.shifts[0]
    Shift.objects.filter(pk=future.pk).update(published=True)
    with pytest.raises(services.VolunteerError, match="After 2 missed shifts"):
        services.shift_self_signup(shift_id=future.pk, volunteer=volunteer)
    from sideline.volunteers import adapter

    data = adapter.instance_for_program(setup.program, setup.shifts)
    entry = next(v for v in data["volunteers"] if v["id"] == adapter.volunteer_id(volunteer.pk))
    assert entry["programs"] == []
    with pytest.raises(services.VolunteerError, match="once the shift has started"):
        services.assignment_set_no_show(assignment=_confirmed(setup, 1, future), no_show=True)


def test_self_signup_fills_leftover_places_and_then_says_full(setup: Setup) -> None:
    shift = setup.shifts[0]
    with pytest.raises(services.VolunteerError, match="not open for sign-up yet"):
        services.shift_self_signup(shift_id=shift.pk, volunteer=setup.volunteers[0])
    Shift.objects.filter(pk=shift.pk).update(published=True)
    a = services.shift_self_signup(shift_id=shift.pk, volunteer=setup.volunteers[0])
    assert (a.source, a.state) == ("self", "confirmed")
    with pytest.raises(services.ShiftFull, match="Sorry, this shift is full."):
        services.shift_self_signup(shift_id=shift.pk, volunteer=setup.volunteers[1])
    token = services.link_create(volunteer=setup.volunteers[1])
    from django.test import Client

    full = Client().post(reverse("volunteers:family_signup", args=[token, shift.pk]), HTTP_HX_REQUEST="true")
    assert full.status_code == 409
    assert "Sorry, this shift is full." in full.content.decode()
    assert Assignment.objects.filter(shift=shift).count() == 1


def test_hours_per_family_and_program_with_csv(setup: Setup) -> None:
    _confirmed(setup, 0, _past_shift(setup, 3, minutes=90))
    _confirmed(setup, 1, _past_shift(setup, 4, minutes=30))
    missed = _confirmed(setup, 2, _past_shift(setup, 5, minutes=30))
    services.assignment_set_no_show(assignment=missed, no_show=True)
    _confirmed(setup, 2, setup.shifts[0])  # in the future: not served yet
    rows = [(r.name, r.shifts, r.hours) for r in selectors.hours_by_household(setup.world.school)]
    assert rows == [("Garcia", 1, 1.5), ("Okafor", 1, 0.5)]
    response = setup.world.client_for("volunteer_coordinator").get(
        reverse("volunteers:hours_csv", args=["lakeside"])
    )
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "kind,name,shifts,hours",
        "program,Cafeteria,2,2.00",
        "family,Garcia,1,1.50",
        "family,Okafor,1,0.50",
    ]
