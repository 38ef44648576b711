from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sideline.schools.roles import Role
from sideline.volunteers import services
from sideline.volunteers.models import Assignment, Program, Shift
from tests.conftest import World
from tests.volunteers.conftest import Setup, add_shift, add_volunteer

STAFF = {Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL, Role.VOLUNTEER_COORDINATOR}
EVERYONE = [*Role.values, "other_teacher", "outsider"]


def expected_get(who: str) -> int:
    if who in STAFF or who == Role.DISTRICT_LEADER:
        return 200
    return 404 if who == "outsider" else 403


def expected_post(who: str) -> int:
    if who in STAFF:
        return 302
    return 404 if who == "outsider" else 403


def _pages(setup: Setup) -> list[str]:
    run = services.solve_run_create(program=setup.program, time_limit=5, shifts=setup.shifts)
    slug = setup.world.school.slug
    return [
        reverse("volunteers:index", args=[slug]),
        reverse("volunteers:program", args=[slug, setup.program.pk]),
        reverse("volunteers:run", args=[slug, run.pk]),
        reverse("volunteers:roster", args=[slug]),
        reverse("volunteers:swaps", args=[slug]),
        reverse("volunteers:hours", args=[slug]),
        reverse("volunteers:hours_csv", args=[slug]),
    ]


@pytest.mark.parametrize("who", EVERYONE)
def test_staff_pages_matrix(setup: Setup, who: str) -> None:
    client = setup.world.client_for(who)
    for url in _pages(setup):
        response = client.get(url)
        assert (url, response.status_code) == (url, expected_get(who))
        if response.status_code != 200:
            assert b"Garcia" not in response.content


@pytest.mark.parametrize("who", EVERYONE)
def test_staff_actions_matrix(setup: Setup, who: str) -> None:
    client = setup.world.client_for(who)
    slug = setup.world.school.slug
    program = setup.program
    volunteer = setup.volunteers[0]
    actions: list[tuple[str, dict[str, str]]] = [
        (
            reverse("volunteers:index", args=[slug]),
            {"name": f"Library {who}", "max_no_shows": "0", "drop_notice_hours": "24"},
        ),
        (reverse("volunteers:generate", args=[slug, program.pk]), {}),
        (reverse("volunteers:solve", args=[slug, program.pk]), {"time_limit": "5"}),
        (reverse("volunteers:link", args=[slug, volunteer.pk]), {"action": "revoke"}),
    ]
    for url, data in actions:
        response = client.post(url, data)
        assert (url, response.status_code) == (url, expected_post(who))
    created = Program.objects.filter(school=setup.world.school, name=f"Library {who}").exists()
    assert created == (who in STAFF)


def test_another_schools_rows_are_404_through_our_slug(setup: Setup) -> None:
    theirs = services.program_create(school=setup.world.other_school, name="Hilltop cafeteria")
    shift = add_shift(theirs, setup.shifts[0].local_start().date())
    volunteer = add_volunteer(setup.world.other_school, "Hal Hilltop", theirs)
    a = Assignment.objects.create(shift=shift, volunteer=volunteer, source="solver", state="confirmed")
    client = setup.world.client_for(Role.VOLUNTEER_COORDINATOR)
    slug = setup.world.school.slug
    assert client.get(reverse("volunteers:program", args=[slug, theirs.pk])).status_code == 404
    assert client.post(reverse("volunteers:no_show", args=[slug, a.pk]), {"no_show": "1"}).status_code == 404
    assert client.post(reverse("volunteers:link", args=[slug, volunteer.pk])).status_code == 404
    # A family link of our school cannot sign up for a shift at another school either.
    token = services.link_create(volunteer=setup.volunteers[0])
    Shift.objects.filter(pk=shift.pk).update(published=True)
    response = Client().post(reverse("volunteers:family_signup", args=[token, shift.pk]))
    assert response.status_code == 302
    assert not Assignment.objects.filter(volunteer=setup.volunteers[0]).exists()


def test_district_leader_reads_the_roster_without_family_contact_details(setup: Setup) -> None:
    url = reverse("volunteers:roster", args=["lakeside"])
    district = setup.world.client_for(Role.DISTRICT_LEADER).get(url).content.decode()
    assert "Ana Garcia" in district
    assert "ana@family.example.org" not in district
    coordinator = setup.world.client_for(Role.VOLUNTEER_COORDINATOR).get(url).content.decode()
    assert "ana@family.example.org" in coordinator


def test_district_leader_sees_no_edit_controls(setup: Setup) -> None:
    html = (
        setup.world.client_for(Role.DISTRICT_LEADER)
        .get(reverse("volunteers:index", args=["lakeside"]))
        .content
    )
    assert b"Create program" not in html
    html = (
        setup.world.client_for(Role.VOLUNTEER_COORDINATOR)
        .get(reverse("volunteers:index", args=["lakeside"]))
        .content
    )
    assert b"Create program" in html


# ---- query counts: 1 and 3 items must cost the same -------------------------------------------------


@pytest.mark.parametrize("items", [1, 3])
def test_index_queries(world: World, django_assert_num_queries: Callable[..., object], items: int) -> None:
    for i in range(items):
        p = services.program_create(school=world.school, name=f"P{i}")
        add_shift(p, dt.date(2026, 12, 7))
    client = world.client_for(Role.VOLUNTEER_COORDINATOR)
    with django_assert_num_queries(8):  # type: ignore[operator]
        assert client.get(reverse("volunteers:index", args=["lakeside"])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_roster_queries(world: World, django_assert_num_queries: Callable[..., object], items: int) -> None:
    program = services.program_create(school=world.school, name="Cafeteria")
    for i in range(items):
        add_volunteer(world.school, f"Pat Family{i}", program)
    client = world.client_for(Role.VOLUNTEER_COORDINATOR)
    with django_assert_num_queries(11):  # type: ignore[operator]
        assert client.get(reverse("volunteers:roster", args=["lakeside"])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_program_page_queries(
    world: World, django_assert_num_queries: Callable[..., object], items: int
) -> None:
    program = services.program_create(school=world.school, name="Cafeteria")
    for i in range(items):
        shift = add_shift(program, dt.date.today() + dt.timedelta(days=7 + i))
        v = add_volunteer(world.school, f"Pat Family{i}", program)
        Assignment.objects.create(shift=shift, volunteer=v, source="solver", state="proposed")
    client = world.client_for(Role.VOLUNTEER_COORDINATOR)
    with django_assert_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("volunteers:program", args=["lakeside", program.pk])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_family_page_queries(
    world: World, django_assert_num_queries: Callable[..., object], items: int
) -> None:
    program = services.program_create(school=world.school, name="Cafeteria")
    v = add_volunteer(world.school, "Pat Family", program)
    for i in range(items):
        shift = add_shift(program, dt.date.today() + dt.timedelta(days=7 + i), need=2)
        Shift.objects.filter(pk=shift.pk).update(published=True)
        Assignment.objects.create(shift=shift, volunteer=v, source="solver", state="confirmed")
        open_shift = add_shift(program, dt.date.today() + dt.timedelta(days=7 + i), start=dt.time(12, 0))
        Shift.objects.filter(pk=open_shift.pk).update(published=True)
    token = services.link_create(volunteer=v)
    with django_assert_num_queries(7):  # type: ignore[operator]
        assert Client().get(reverse("volunteers:family", args=[token])).status_code == 200
