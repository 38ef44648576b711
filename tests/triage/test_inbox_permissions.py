"""Each role x each triage page: 200, 403 or 404, and nobody reaches another person's items."""

from __future__ import annotations

import pytest

from sideline.schools.roles import FRONT_OFFICE, Role
from sideline.triage import services
from sideline.triage.models import Correction, TriageItem
from tests.conftest import World

SCHOOL_ROLES = [
    Role.PRINCIPAL,
    Role.ASSISTANT_PRINCIPAL,
    Role.INSTRUCTIONAL_COACH,
    *sorted(FRONT_OFFICE),
    Role.VOLUNTEER_COORDINATOR,
    Role.TEACHER,
]
ALL = [*SCHOOL_ROLES, "other_teacher", Role.DISTRICT_LEADER, "outsider"]
INBOX_USERS = {Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL, Role.INSTRUCTIONAL_COACH}


def inbox_status(who: str) -> int:
    if who in ("outsider", Role.DISTRICT_LEADER):
        return 404
    return 200 if who in INBOX_USERS else 403


def item_status(who: str) -> int:
    """For an item in the principal's inbox."""
    if who == Role.PRINCIPAL:
        return 200
    # Fellow inbox users have an inbox, but not this one: the item does not exist for them.
    return 404 if who in INBOX_USERS else inbox_status(who)


@pytest.fixture
def item(world: World) -> TriageItem:
    (item,) = services.triage_items_create(
        school=world.school, author=world.people[Role.PRINCIPAL], texts=["Sign POs for library books"]
    )
    return item


@pytest.mark.parametrize("who", ALL)
def test_inbox_page(world: World, item: TriageItem, who: str) -> None:
    response = world.client_for(who).get("/s/lakeside/triage/")
    assert response.status_code == inbox_status(who)
    body = response.content.decode()
    if who == "outsider":
        assert "Lakeside" not in body
    if who != Role.PRINCIPAL:
        assert "Sign POs for library books" not in body


@pytest.mark.parametrize("who", ALL)
def test_adding_tasks(world: World, who: str) -> None:
    response = world.client_for(who).post("/s/lakeside/triage/", {"tasks": "Bus duty AM"})
    expected = inbox_status(who)
    assert response.status_code == (302 if expected == 200 else expected)
    assert TriageItem.objects.filter(text="Bus duty AM").count() == (1 if expected == 200 else 0)


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("action", ["correct", "dismiss", "restore"])
def test_item_actions(world: World, item: TriageItem, who: str, action: str) -> None:
    client = world.client_for(who)
    response = client.post(
        f"/s/lakeside/triage/{item.pk}/{action}/", {"category": "coaching"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == item_status(who)
    item.refresh_from_db()
    if response.status_code != 200:
        assert "Sign POs" not in response.content.decode()
        assert (item.category, item.status, item.corrected) == ("technical", "open", False)
        assert Correction.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider", Role.DISTRICT_LEADER])
def test_another_schools_leader_cannot_reach_items_through_their_own_school(
    world: World, item: TriageItem, who: str
) -> None:
    response = world.client_for(who).post(f"/s/hilltop/triage/{item.pk}/dismiss/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


def test_get_is_not_allowed_on_actions(world: World, item: TriageItem) -> None:
    client = world.client_for(Role.PRINCIPAL)
    assert client.get(f"/s/lakeside/triage/{item.pk}/dismiss/").status_code == 405


def test_nav_entry_only_for_inbox_users(world: World) -> None:
    for who in ALL:
        if who in ("outsider",):
            continue
        body = world.client_for(who).get("/s/lakeside/").content.decode()
        assert ('href="/s/lakeside/triage/"' in body) == (who in INBOX_USERS), who
