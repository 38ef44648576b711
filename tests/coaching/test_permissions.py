"""Each role x each coaching page: 200 / 403 / 404, and no teacher ever sees another's records or a private note."""

from __future__ import annotations

import re

import pytest

from sideline.schools.roles import FRONT_OFFICE, Role
from tests.coaching.helpers import goal, observe
from tests.conftest import World

SCHOOL_ROLES = [
    Role.PRINCIPAL,
    Role.ASSISTANT_PRINCIPAL,
    Role.INSTRUCTIONAL_COACH,
    *sorted(FRONT_OFFICE),
    Role.VOLUNTEER_COORDINATOR,
    Role.TEACHER,
    "other_teacher",
]
ALL = [*SCHOOL_ROLES, Role.DISTRICT_LEADER, "outsider"]
LEADERS = {Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL}
COACH_SIDE = LEADERS | {Role.INSTRUCTIONAL_COACH}
TEACHERS = {Role.TEACHER, "other_teacher"}

PAGES = {
    "observe": "/s/lakeside/coaching/observe/",
    "observations": "/s/lakeside/coaching/observations/",
    "coverage": "/s/lakeside/coaching/coverage/",
    "coverage_csv": "/s/lakeside/coaching/coverage.csv",
    "goals": "/s/lakeside/coaching/goals/",
    "me": "/s/lakeside/coaching/me/",
    "plan": "/s/lakeside/coaching/plan/",
    "settings": "/s/lakeside/coaching/settings/",
}


def expected(page: str, who: str) -> int:
    if who == "outsider":
        return 404
    allowed = {
        "observe": COACH_SIDE,
        "observations": COACH_SIDE,
        "coverage": COACH_SIDE | {Role.DISTRICT_LEADER},
        "coverage_csv": COACH_SIDE | {Role.DISTRICT_LEADER},
        "goals": COACH_SIDE | TEACHERS,
        "me": TEACHERS,
        "plan": COACH_SIDE,
        "settings": LEADERS,
    }[page]
    return 200 if who in allowed else 403


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_school_pages_matrix(world: World, who: str, page: str) -> None:
    response = world.client_for(who).get(PAGES[page])
    assert response.status_code == expected(page, who)
    if response.status_code == 404:
        assert b"Lakeside" not in response.content


def observation_expected(who: str, *, evaluation: bool) -> int:
    if who in LEADERS or who == Role.TEACHER:
        return 200
    if who == Role.INSTRUCTIONAL_COACH:
        return 404 if evaluation else 200
    return 404  # another teacher, front office, district leader, outsider: it does not exist for them


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("evaluation", [False, True])
def test_observation_page_matrix(world: World, who: str, evaluation: bool) -> None:
    obs = observe(
        world, is_evaluation=evaluation, private_notes="Seemed tired today.", feedback="Secret feedback words"
    )
    response = world.client_for(who).get(f"/s/lakeside/coaching/observations/{obs.pk}/")
    assert response.status_code == observation_expected(who, evaluation=evaluation)
    assert (b"Secret feedback words" in response.content) == (response.status_code == 200)
    # The private note is the author's alone: not the other leader's, not the teacher's.
    assert (b"Seemed tired today." in response.content) == (who == Role.PRINCIPAL)


@pytest.mark.parametrize("who", ALL)
def test_goal_page_matrix(world: World, who: str) -> None:
    g = goal(world)
    response = world.client_for(who).get(f"/s/lakeside/coaching/goals/{g.pk}/")
    allowed = COACH_SIDE | {Role.TEACHER}
    assert response.status_code == (200 if who in allowed else 404)


def test_teacher_lists_show_only_their_own_records(world: World) -> None:
    observe(world, teacher=Role.TEACHER, feedback="For Tom only")
    observe(world, teacher="other_teacher", feedback="For Olga only", next_step="Olga's next step")
    goal(world, teacher="other_teacher")
    page = world.client_for(Role.TEACHER).get("/s/lakeside/coaching/me/").content.decode()
    assert "For Tom only" in page
    assert "For Olga only" not in page
    assert "Olga" not in page
    goals_page = world.client_for(Role.TEACHER).get("/s/lakeside/coaching/goals/").content.decode()
    assert "Olga" not in goals_page


def test_coach_list_leaves_out_evaluations(world: World) -> None:
    observe(world, next_step="", feedback="Walkthrough words")
    observe(world, is_evaluation=True, feedback="Evaluation words", day="2026-11-17")
    coach_page = world.client_for(Role.INSTRUCTIONAL_COACH).get("/s/lakeside/coaching/observations/").content
    principal_page = world.client_for(Role.PRINCIPAL).get("/s/lakeside/coaching/observations/").content
    assert len(re.findall(rb"/coaching/observations/\d+/", coach_page)) == 1
    assert b"Evaluation words" not in coach_page
    assert len(re.findall(rb"/coaching/observations/\d+/", principal_page)) == 2


def test_district_leader_sees_coverage_counts_but_no_notes(world: World) -> None:
    observe(world, feedback="Confidential feedback", evidence="Confidential evidence")
    page = world.client_for(Role.DISTRICT_LEADER).get("/s/lakeside/coaching/coverage/").content.decode()
    assert "Tom Teacher" in page
    assert "Confidential" not in page


@pytest.mark.parametrize("who", [Role.PRINCIPAL, Role.INSTRUCTIONAL_COACH, "other_teacher"])
def test_only_the_teacher_acknowledges(world: World, who: str) -> None:
    obs = observe(world)
    response = world.client_for(who).post(f"/s/lakeside/coaching/observations/{obs.pk}/acknowledge/")
    assert response.status_code == (404 if who == "other_teacher" else 403)
    obs.refresh_from_db()
    assert obs.acknowledged_at is None


def test_other_teacher_cannot_accept_or_check_in(world: World) -> None:
    g = goal(world)
    client = world.client_for("other_teacher")
    assert client.post(f"/s/lakeside/coaching/goals/{g.pk}/accept/").status_code == 404
    assert client.post(f"/s/lakeside/coaching/goals/{g.pk}/checkin/", {"rating": 3}).status_code == 404
    g.refresh_from_db()
    assert g.accepted_by_teacher_at is None
