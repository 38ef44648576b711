"""List views run the same number of queries for 1 item as for 3, so an N+1 query fails."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sideline.leadership import services
from sideline.schools import services as school_services
from sideline.schools.models import Person
from sideline.schools.roles import Role
from tests.conftest import World

_serial = itertools.count()


def teachers(world: World, n: int) -> list[Person]:
    out = []
    for _ in range(n):
        i = next(_serial)
        person = school_services.person_ensure(
            district=world.district, name=f"Teach {i}", email=f"t{i}@example.org"
        )
        school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
        out.append(person)
    return out


def add_candidates(world: World, n: int) -> None:
    for person in teachers(world, n):
        services.candidate_identify(school=world.school, person=person, by=world.people[Role.PRINCIPAL])


def add_plcs(world: World, n: int) -> None:
    for person in teachers(world, n):
        plc = services.plc_create(
            school=world.school, by=world.people[Role.PRINCIPAL], name=f"PLC {person.name}", facilitator=person,
            members=[world.people[Role.TEACHER]], priority=world.school.priorities.first(),
        )  # fmt: skip
        services.meeting_log(plc=plc, by=person, date=dt.date(2026, 11, 18), agenda="Norms")


def add_visits(world: World, n: int) -> None:
    people = teachers(world, n + 2)
    for i in range(n):
        visit = services.visit_log(
            school=world.school, leader=world.people[Role.PRINCIPAL], teacher=people[i], date=dt.date(2026, 11, 17),
            visited=[people[i + 1], people[i + 2]],
        )  # fmt: skip
        services.presentation_schedule(
            visit=visit, by=world.people[Role.PRINCIPAL], venue="staff", date=dt.date(2026, 11, 30)
        )


def add_projects(world: World, n: int) -> None:
    for i in range(n):
        project = services.project_open(
            school=world.school, leader=world.people[Role.PRINCIPAL], title=f"P{i}", replaces="x", owner_kind="staff",
            owner_person=world.people[Role.CUSTODIAN], hours_per_week="1", started_on=dt.date(2026, 11, 2),
            milestones=["a", "b"], priority=world.school.priorities.first(),
        )  # fmt: skip
        assert project.milestones.count() == 2


CASES: list[tuple[str, Callable[[World, int], None], str]] = [
    ("pipeline", add_candidates, "/s/lakeside/leadership/pipeline/"),
    ("plcs", add_plcs, "/s/lakeside/leadership/plcs/"),
    ("visits", add_visits, "/s/lakeside/leadership/visits/"),
    ("leverage", add_projects, "/s/lakeside/leadership/leverage/"),
    ("on_message", add_plcs, "/s/lakeside/leadership/on-message/"),
]


@pytest.mark.parametrize(("name", "add", "url"), CASES, ids=[c[0] for c in CASES])
def test_one_and_three_items_cost_the_same(
    world: World, name: str, add: Callable[[World, int], None], url: str, django_assert_num_queries: object
) -> None:
    client = world.client_for(Role.PRINCIPAL)
    add(world, 1)
    client.get(url)  # the first request of a session does one-off work
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(world, 2)
    with django_assert_num_queries(len(one.captured_queries)):  # type: ignore[operator]
        assert client.get(url).status_code == 200
