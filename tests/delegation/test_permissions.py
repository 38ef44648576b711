"""Each role x each delegation page: 200, 403 or 404. Another school's users never see anything."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sideline.delegation import services
from sideline.delegation.models import WorkItem
from sideline.schools.roles import FRONT_OFFICE, Role
from tests.conftest import World
from tests.delegation.helpers import calendar_for, weekly_series, work_item

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
QUEUE_WORKERS = {*FRONT_OFFICE, Role.VOLUNTEER_COORDINATOR}

PAGES = {
    "queue": ("/s/lakeside/delegation/", LEADERS | QUEUE_WORKERS | {Role.DISTRICT_LEADER}),
    "capture": ("/s/lakeside/delegation/capture/", LEADERS | QUEUE_WORKERS),
    "waiting": ("/s/lakeside/delegation/waiting/", LEADERS | {Role.DISTRICT_LEADER}),
    "responders": ("/s/lakeside/delegation/responders/", LEADERS | {Role.DISTRICT_LEADER}),
    "auto_reply": ("/s/lakeside/delegation/auto-reply/", LEADERS),
    "meeting": (
        "/s/lakeside/delegation/meeting/2026-11-24/",
        LEADERS | {Role.ADMINISTRATIVE_ASSISTANT, Role.DISTRICT_LEADER},
    ),
}


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(staffed: World, who: str, page: str) -> None:
    url, allowed = PAGES[page]
    work_item(staffed.school, "Secret bus matter", "transport")
    response = staffed.client_for(who).get(url)
    expected = 404 if who == "outsider" else 200 if who in allowed else 403
    assert response.status_code == expected
    if expected != 200:
        assert b"Secret bus matter" not in response.content
        assert b"Lakeside" not in response.content or expected == 403


# Who sees one technology item's page: the whole queue's viewers, its owner and backup; not another area's staff.
ITEM_SEES = LEADERS | {Role.ADMINISTRATIVE_ASSISTANT, Role.TECHNOLOGY, Role.DISTRICT_LEADER}


@pytest.mark.parametrize("who", ALL)
def test_item_page_matrix(staffed: World, who: str) -> None:
    item = work_item(staffed.school, "Wifi down in room 12", "technology")
    response = staffed.client_for(who).get(f"/s/lakeside/delegation/items/{item.pk}/")
    if who == "outsider":
        expected = 404
    elif who in ITEM_SEES:
        expected = 200
    elif who in QUEUE_WORKERS:
        expected = 404  # staff of other areas do not learn the item exists
    else:
        expected = 403
    assert response.status_code == expected


@pytest.mark.parametrize(
    "who", [Role.DISTRICT_LEADER, Role.TEACHER, Role.INSTRUCTIONAL_COACH, "outsider", Role.NURSE]
)
def test_only_the_queue_can_move_items(staffed: World, who: str) -> None:
    item = work_item(staffed.school, "Wifi down in room 12", "technology")
    response = staffed.client_for(who).post(
        f"/s/lakeside/delegation/items/{item.pk}/state/", {"state": "done", "version": "1"}
    )
    assert response.status_code == {Role.DISTRICT_LEADER: 403, Role.TEACHER: 403, Role.INSTRUCTIONAL_COACH: 403,
                                    "outsider": 404, Role.NURSE: 404}[who]  # fmt: skip
    item.refresh_from_db()
    assert (item.state, item.version) == ("open", 1)


def test_staff_queue_shows_own_and_area_items_only(staffed: World) -> None:
    work_item(staffed.school, "Wifi down in room 12", "technology")
    work_item(staffed.school, "Nurse restock", "health")
    page = staffed.client_for(Role.TECHNOLOGY).get("/s/lakeside/delegation/").content.decode()
    assert "Wifi down in room 12" in page and "Nurse restock" not in page
    admin_page = (
        staffed.client_for(Role.ADMINISTRATIVE_ASSISTANT).get("/s/lakeside/delegation/").content.decode()
    )
    assert "Wifi down in room 12" in admin_page and "Nurse restock" in admin_page


@pytest.mark.parametrize("who", sorted(FRONT_OFFICE))
def test_front_office_sees_the_queue_but_not_coaching_records(staffed: World, who: str) -> None:
    client = staffed.client_for(who)
    assert client.get("/s/lakeside/delegation/").status_code == 200
    for name in ("coaching_observations", "coaching_coverage", "coaching_goals"):
        assert client.get(reverse(name, args=["lakeside"])).status_code == 403


def test_district_leader_reads_but_cannot_change(staffed: World) -> None:
    item = work_item(staffed.school, "Wifi", "technology")
    client = staffed.client_for(Role.DISTRICT_LEADER)
    page = client.get(f"/s/lakeside/delegation/items/{item.pk}/").content.decode()
    assert "Wifi" in page and "Add note" not in page and "Return with this reason" not in page
    assert (
        client.post("/s/lakeside/delegation/capture/", {"title": "x", "area": "technology"}).status_code
        == 403
    )
    assert client.post("/s/lakeside/delegation/responders/", {}).status_code == 403
    assert client.post("/s/lakeside/delegation/meeting/2026-11-24/").status_code == 403
    assert WorkItem.objects.count() == 1


def _items(world: World, n: int) -> None:
    for i in range(n):
        item = work_item(world.school, f"Task {i}", ["technology", "health", "transport"][i % 3])
        services.work_item_set_state(item=item, state="returned", version=1, actor=None, reason="sign")


@pytest.mark.parametrize("n", [1, 3])
def test_queue_query_count_does_not_grow_with_items(
    staffed: World, n: int, django_assert_num_queries: object
) -> None:
    _items(staffed, n)
    client = staffed.client_for(Role.PRINCIPAL)
    with django_assert_num_queries(7):  # type: ignore[operator]
        assert client.get("/s/lakeside/delegation/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_waiting_query_count_does_not_grow_with_items(
    staffed: World, n: int, django_assert_num_queries: object
) -> None:
    _items(staffed, n)
    cal = calendar_for(staffed.school, staffed.people[Role.PRINCIPAL])
    next_week = (timezone.now() + dt.timedelta(days=7)).date()
    for i in range(n):
        weekly_series(cal, next_week, 3, 8 + i, 30, f"Duty {i}")
    client = staffed.client_for(Role.PRINCIPAL)
    with django_assert_num_queries(11):  # type: ignore[operator]
        page = client.get("/s/lakeside/delegation/waiting/").content.decode()
    assert page.count("Hand over the series to") == n


@pytest.mark.parametrize("n", [1, 3])
def test_staff_queue_query_count(staffed: World, n: int, django_assert_num_queries: object) -> None:
    _items(staffed, n)
    client = staffed.client_for(Role.TECHNOLOGY)
    with django_assert_num_queries(7):  # type: ignore[operator]
        assert client.get("/s/lakeside/delegation/").status_code == 200
