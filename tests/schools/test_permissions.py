"""Each role x each page of the foundation: who gets the page, who gets 403, who gets 404."""

from __future__ import annotations

import pytest

from sideline.schools.roles import FRONT_OFFICE, Role
from tests.conftest import World

SCHOOL_ROLES = [
    Role.PRINCIPAL,
    Role.ASSISTANT_PRINCIPAL,
    Role.INSTRUCTIONAL_COACH,
    *sorted(FRONT_OFFICE),
    Role.VOLUNTEER_COORDINATOR,
    Role.TEACHER,
]
ALL = [*SCHOOL_ROLES, Role.DISTRICT_LEADER, "outsider"]
LEADERS = {Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL}


def expected(page: str, who: str) -> int:
    if who == "outsider":
        return 404  # another school's user never learns this school exists
    if page in ("school_home", "staff"):
        return 200
    if page == "settings":
        return 200 if who in LEADERS or who == Role.DISTRICT_LEADER else 403
    raise AssertionError(page)


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("page", ["school_home", "staff", "settings"])
def test_school_pages_matrix(world: World, who: str, page: str) -> None:
    url = {"school_home": "/s/lakeside/", "staff": "/s/lakeside/staff/", "settings": "/s/lakeside/settings/"}[
        page
    ]
    response = world.client_for(who).get(url)
    assert response.status_code == expected(page, who)
    if response.status_code == 404:
        assert b"Lakeside" not in response.content


@pytest.mark.parametrize("who", ALL)
def test_district_page_is_for_district_leaders(world: World, who: str) -> None:
    response = world.client_for(who).get("/d/testdistrict/")
    assert response.status_code == (200 if who == Role.DISTRICT_LEADER else 404)


def test_district_leader_sees_every_school_of_the_district_read_only(world: World) -> None:
    client = world.client_for(Role.DISTRICT_LEADER)
    page = client.get("/d/testdistrict/").content.decode()
    assert "Lakeside Middle" in page and "Hilltop Elementary" in page
    assert client.get("/s/hilltop/").status_code == 200
    response = client.post("/s/lakeside/settings/", {"name": "Renamed"})
    assert response.status_code == 403
    world.school.refresh_from_db()
    assert world.school.name == "Lakeside Middle"


@pytest.mark.parametrize("who", ["outsider", Role.TEACHER])
def test_no_one_but_leaders_can_change_settings(world: World, who: str) -> None:
    response = world.client_for(who).post("/s/lakeside/settings/", {"name": "Hacked"})
    assert response.status_code in (403, 404)
    world.school.refresh_from_db()
    assert world.school.name == "Lakeside Middle"


def test_anonymous_is_sent_to_login(client: object, world: World) -> None:
    for url in ["/", "/s/lakeside/", "/s/lakeside/staff/", "/s/lakeside/settings/", "/d/testdistrict/"]:
        response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_unknown_school_is_404_for_everyone(world: World) -> None:
    assert world.client_for(Role.PRINCIPAL).get("/s/nowhere/").status_code == 404


@pytest.mark.parametrize("who", ALL)
def test_root_sends_each_role_to_its_home(world: World, who: str) -> None:
    response = world.client_for(who).get("/")
    assert response.status_code == 302
    target = {"outsider": "/s/hilltop/", Role.DISTRICT_LEADER: "/d/testdistrict/"}.get(who, "/s/lakeside/")
    assert response["Location"] == target
