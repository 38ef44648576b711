"""Every leadership page for every role: 200, 403 or 404. Another school's user always gets 404."""

from __future__ import annotations

import datetime as dt

import pytest

from sideline.leadership import services
from sideline.schools import services as school_services
from sideline.schools.roles import FRONT_OFFICE, Role
from tests.conftest import World

LEADER_KEYS = {Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL}
ALL_KEYS = [
    *sorted(LEADER_KEYS),
    Role.INSTRUCTIONAL_COACH,
    *sorted(FRONT_OFFICE),
    Role.VOLUNTEER_COORDINATOR,
    Role.TEACHER,
    "other_teacher",
    Role.DISTRICT_LEADER,
    "outsider",
]


def build(world: World) -> dict[str, str]:
    principal = world.people[Role.PRINCIPAL]
    candidate = services.candidate_identify(
        school=world.school, person=world.people[Role.TEACHER], by=principal
    )
    plc = services.plc_create(
        school=world.school, by=principal, name="ELA", facilitator=world.people[Role.TEACHER]
    )
    person = school_services.person_ensure(
        district=world.district, name="Vic Visited", email="vic@example.org"
    )
    school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
    visit = services.visit_log(
        school=world.school,
        leader=principal,
        teacher=world.people[Role.TEACHER],
        date=dt.date(2026, 11, 17),
        visited=[world.people["other_teacher"], person],
    )
    project = services.project_open(
        school=world.school,
        leader=principal,
        title="Car line",
        replaces="Car line",
        owner_kind="staff",
        owner_person=world.people[Role.CUSTODIAN],
        hours_per_week="2",
        started_on=dt.date(2026, 11, 2),
    )
    base = "/s/lakeside/leadership"
    return {
        "pipeline": f"{base}/pipeline/",
        "candidate": f"{base}/pipeline/{candidate.pk}/",
        "me": f"{base}/me/",
        "plcs": f"{base}/plcs/",
        "plc": f"{base}/plcs/{plc.pk}/",
        "visits": f"{base}/visits/",
        "visit": f"{base}/visits/{visit.pk}/",
        "leverage": f"{base}/leverage/",
        "project_new": f"{base}/leverage/new/",
        "project": f"{base}/leverage/{project.pk}/",
        "on_message": f"{base}/on-message/",
        "readiness": f"{base}/readiness/",
    }


def expected(page: str, who: str) -> int:
    if who == "outsider":
        return 404
    leader = who in LEADER_KEYS
    district = who == Role.DISTRICT_LEADER
    member = not district
    table = {
        "pipeline": 200 if leader else 403,
        # The candidate (the teacher) reads their own record; other members get 404 (it is confidential).
        "candidate": 200 if leader or who == Role.TEACHER else (403 if district else 404),
        "me": 200 if member else 403,
        "plcs": 200,
        "plc": 200,
        "visits": 200 if leader else 403,
        "visit": 200 if leader or who == Role.TEACHER else (403 if district else 404),
        "leverage": 200 if leader or district else 403,
        "project_new": 200 if leader else 403,
        "project": 200 if leader or district else 403,
        "on_message": 200 if leader or district or who == Role.INSTRUCTIONAL_COACH else 403,
        "readiness": 200 if leader else 403,
    }
    return table[page]


PAGES = ["pipeline", "candidate", "me", "plcs", "plc", "visits", "visit", "leverage", "project_new", "project",
         "on_message", "readiness"]  # fmt: skip


@pytest.mark.parametrize("who", ALL_KEYS)
def test_permission_matrix(world: World, who: str) -> None:
    urls = build(world)
    client = world.client_for(who)
    got = {page: client.get(urls[page]).status_code for page in PAGES}
    assert got == {page: expected(page, who) for page in PAGES}


def test_outsider_never_sees_data(world: World) -> None:
    urls = build(world)
    client = world.client_for("outsider")
    for url in urls.values():
        body = client.get(url).content.decode()
        assert "Tom Teacher" not in body and "Car line" not in body


@pytest.mark.parametrize("who", [Role.DISTRICT_LEADER, Role.INSTRUCTIONAL_COACH, Role.TEACHER])
def test_writes_are_refused_to_non_leaders(world: World, who: str) -> None:
    urls = build(world)
    client = world.client_for(who)
    assert client.post(urls["pipeline"], {"person": world.people["other_teacher"].pk}).status_code == 403
    assert (
        client.post(urls["plcs"], {"name": "X", "facilitator": world.people[Role.TEACHER].pk}).status_code
        == 403
    )
    assert client.post(urls["project_new"], {"title": "X"}).status_code == 403
    assert client.post(urls["readiness"], {"weeks_required": 1, "weeks_window": 1}).status_code == 403


def test_district_leader_reads_plcs_without_edit_controls(world: World) -> None:
    urls = build(world)
    body = world.client_for(Role.DISTRICT_LEADER).get(urls["plc"]).content.decode()
    assert "Log a meeting" not in body
    assert "Log a meeting" in world.client_for(Role.PRINCIPAL).get(urls["plc"]).content.decode()
