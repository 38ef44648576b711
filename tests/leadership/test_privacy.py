"""Career conversations are private to the leader who held one and the candidate it was about."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sideline.leadership import rules as access
from sideline.leadership import services
from sideline.leadership.models import Candidate
from sideline.schools.roles import Role
from tests.conftest import World

SECRET = "Wants to be a principal by 2030"


@pytest.fixture
def candidate(world: World) -> Candidate:
    candidate = services.candidate_identify(
        school=world.school, person=world.people[Role.TEACHER], by=world.people[Role.PRINCIPAL]
    )
    services.conversation_log(
        candidate=candidate,
        leader=world.people[Role.PRINCIPAL],
        date=dt.date(2026, 11, 2),
        ambitions=SECRET,
        next_step="Shadow the AP for a week",
    )
    return candidate


def as_user(world: World, who: str) -> Any:
    return world.users[who]


def url(world: World, candidate: Candidate) -> str:
    return f"/s/{world.school.slug}/leadership/pipeline/{candidate.pk}/"


@pytest.mark.parametrize("who", [Role.PRINCIPAL, Role.TEACHER])
def test_the_leader_who_held_it_and_the_candidate_read_it(
    world: World, candidate: Candidate, who: str
) -> None:
    response = world.client_for(who).get(url(world, candidate))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert list(
        access.conversations_for_user(as_user(world, who), world.school).values_list("ambitions", flat=True)
    ) == [SECRET]


def test_another_leader_sees_the_candidate_but_not_the_conversation(
    world: World, candidate: Candidate
) -> None:
    response = world.client_for(Role.ASSISTANT_PRINCIPAL).get(url(world, candidate))
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body
    assert "Shadow the AP" not in body
    assert list(access.conversations_for_user(as_user(world, Role.ASSISTANT_PRINCIPAL), world.school)) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (Role.INSTRUCTIONAL_COACH, 404),
        (Role.DISTRICT_LEADER, 403),
        ("other_teacher", 404),
        (Role.ADMINISTRATIVE_ASSISTANT, 404),
        (Role.VOLUNTEER_COORDINATOR, 404),
        ("outsider", 404),
    ],
)
def test_nobody_else_reaches_it(world: World, candidate: Candidate, who: str, status: int) -> None:
    response = world.client_for(who).get(url(world, candidate))
    assert response.status_code == status
    assert SECRET not in response.content.decode()
    assert list(access.conversations_for_user(as_user(world, who), world.school)) == []
    me = world.client_for(who).get(f"/s/{world.school.slug}/leadership/me/")
    assert SECRET not in me.content.decode()


def test_the_candidate_sees_it_on_their_own_path(world: World, candidate: Candidate) -> None:
    body = world.client_for(Role.TEACHER).get(f"/s/{world.school.slug}/leadership/me/").content.decode()
    assert SECRET in body
    assert "Shadow the AP for a week" in body


def test_each_leader_reads_only_the_conversations_they_held(world: World, candidate: Candidate) -> None:
    services.conversation_log(
        candidate=candidate,
        leader=world.people[Role.ASSISTANT_PRINCIPAL],
        date=dt.date(2026, 11, 9),
        ambitions="Curriculum lead",
        next_step="Visit the district office",
    )
    by = {
        who: sorted(
            access.conversations_for_user(as_user(world, who), world.school).values_list(
                "ambitions", flat=True
            )
        )
        for who in (Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL, Role.TEACHER)
    }
    assert by == {
        Role.PRINCIPAL: [SECRET],
        Role.ASSISTANT_PRINCIPAL: ["Curriculum lead"],
        Role.TEACHER: ["Curriculum lead", SECRET],
    }


def test_only_leaders_log_conversations(world: World, candidate: Candidate) -> None:
    response = world.client_for(Role.TEACHER).post(
        f"{url(world, candidate)}conversations/",
        {"date": "2026-11-10", "ambitions": "I log my own", "next_step": "x"},
    )
    assert response.status_code == 403
    assert candidate.conversations.count() == 1
