"""Coaching services: shared wording, the next-step cap, cadence in contact days, idempotent resubmission."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sideline.coaching import selectors, services
from sideline.coaching.models import Goal, Observation
from sideline.schools import services as school_services
from sideline.schools.roles import Role
from tests.coaching.helpers import at, goal, observe
from tests.conftest import World


def test_goal_becomes_active_only_when_both_accept_the_same_wording(world: World) -> None:
    g = goal(world, by=Role.INSTRUCTIONAL_COACH)
    assert (g.state, g.accepted_by_teacher_at is None, g.accepted_by_coach_at is not None) == (
        "proposed",
        True,
        True,
    )
    g = services.goal_reword(
        goal=g, by=world.people[Role.TEACHER], wording="Check understanding twice a lesson."
    )
    # The teacher's new words count as the teacher's acceptance and clear the coach's.
    assert (g.state, g.accepted_by_teacher_at is not None, g.accepted_by_coach_at) == ("proposed", True, None)
    g = services.goal_accept(goal=g, by=world.people[Role.INSTRUCTIONAL_COACH])
    assert (g.state, g.wording) == ("active", "Check understanding twice a lesson.")
    # Rewording an active goal sends it back for the other party's acceptance.
    g = services.goal_reword(
        goal=g, by=world.people[Role.PRINCIPAL], wording="Check understanding every lesson."
    )
    assert (g.state, g.accepted_by_teacher_at, g.coach) == ("proposed", None, world.people[Role.PRINCIPAL])


def test_goal_without_priority_is_off_message_and_teacher_can_propose(world: World) -> None:
    g = services.goal_propose(
        school=world.school,
        teacher=world.people[Role.TEACHER],
        proposed_by=world.people[Role.TEACHER],
        wording="Organise the classroom library.",
        success_measure="Labelled bins.",
        target_date=dt.date(2027, 1, 15),
    )
    assert (g.off_message, g.accepted_by_teacher_at is not None, g.accepted_by_coach_at) == (True, True, None)


def test_only_the_teacher_checks_in_and_only_on_an_active_goal(world: World) -> None:
    g = goal(world)
    with pytest.raises(ValidationError, match="once you have both accepted"):
        services.checkin_log(goal=g, by=world.people[Role.TEACHER], rating=3)
    g = services.goal_accept(goal=g, by=world.people[Role.TEACHER])
    with pytest.raises(ValidationError, match="teacher's own record"):
        services.checkin_log(goal=g, by=world.people[Role.INSTRUCTIONAL_COACH], rating=3)
    with pytest.raises(ValidationError):
        services.checkin_log(goal=g, by=world.people[Role.TEACHER], rating=5)
    c = services.checkin_log(goal=g, by=world.people[Role.TEACHER], rating=3, note=" better ")
    assert (c.rating, c.note, g.checkins.count()) == (3, "better", 1)


def test_goal_close_needs_an_outcome(world: World) -> None:
    g = services.goal_accept(goal=goal(world), by=world.people[Role.TEACHER])
    with pytest.raises(ValidationError, match="outcome"):
        services.goal_close(goal=g, by=world.people[Role.INSTRUCTIONAL_COACH], outcome="  ")
    g = services.goal_close(goal=g, by=world.people[Role.INSTRUCTIONAL_COACH], outcome="Met.")
    assert (g.state, g.outcome) == ("closed", "Met.")


def test_next_step_cap_names_the_open_steps_and_saves_nothing(world: World) -> None:
    observe(world, next_step="Wait five seconds.", day="2026-11-16")
    observe(world, by=Role.INSTRUCTIONAL_COACH, next_step="Cold call pairs.", day="2026-11-17")
    with pytest.raises(ValidationError) as info:
        observe(world, by=Role.ASSISTANT_PRINCIPAL, next_step="Use exit tickets.", day="2026-11-18")
    assert info.value.messages == [
        "Tom Teacher already has 2 open next steps (the school allows 2): “Cold call pairs.” (Cora Coach, Nov 17); "
        "“Wait five seconds.” (Alice Principal, Nov 16). Close one first, or save this visit without a next step."
    ]
    assert Observation.objects.count() == 2
    # Closing one makes room.
    first = Observation.objects.get(next_step="Wait five seconds.")
    services.next_step_close(observation=first, by=world.people[Role.TEACHER])
    third = observe(world, by=Role.ASSISTANT_PRINCIPAL, next_step="Use exit tickets.", day="2026-11-18")
    assert third.next_step_open is True


def test_one_next_step_only(world: World) -> None:
    with pytest.raises(ValidationError, match="one next step only"):
        observe(world, next_step="Wait longer.\nCold call.")


def test_peer_coach_cannot_log_an_evaluation(world: World) -> None:
    with pytest.raises(ValidationError, match="Only the school's leaders"):
        observe(world, by=Role.INSTRUCTIONAL_COACH, is_evaluation=True)


def test_front_office_cannot_log_and_teacher_must_teach_here(world: World) -> None:
    with pytest.raises(ValidationError, match="not a leader or coach"):
        observe(world, by=Role.ADMINISTRATIVE_ASSISTANT)
    with pytest.raises(ValidationError, match="not a teacher at Lakeside"):
        observe(world, teacher=Role.NURSE)


def test_resubmission_with_the_same_key_returns_the_first_observation(world: World) -> None:
    first = observe(world, idempotency_key="abc-123", next_step="Wait five seconds.")
    again = observe(world, idempotency_key="abc-123", next_step="Wait five seconds.")
    assert (again.pk, Observation.objects.count()) == (first.pk, 1)


def test_feedback_acknowledge_is_the_teachers(world: World) -> None:
    obs = observe(world)
    with pytest.raises(ValidationError):
        services.feedback_acknowledge(observation=obs, teacher=world.people["other_teacher"])
    services.feedback_acknowledge(observation=obs, teacher=world.people[Role.TEACHER])
    obs.refresh_from_db()
    assert obs.acknowledged_at is not None


def test_cadence_counts_only_contact_days(world: World) -> None:
    school = world.school
    # Thanksgiving week has three non-contact days: Wed-Fri.
    school_services.school_set_non_contact_days(
        school=school,
        days=[(dt.date(2026, 11, d), "holiday", "Thanksgiving") for d in (25, 26, 27)],
    )
    observe(world, day="2026-11-16")
    # Mon 16 seen; contact days after it up to Tue Dec 1: 17,18,19,20,23,24,30,Dec 1 = 8 (not 11 weekdays).
    cov = selectors.coverage(school, today=dt.date(2026, 12, 1))
    row = next(r for r in cov.rows if r.teacher == world.people[Role.TEACHER])
    assert (row.last_seen, row.days_since, row.overdue) == (dt.date(2026, 11, 16), 8, False)
    cov = selectors.coverage(school, today=dt.date(2026, 12, 3))
    row = next(r for r in cov.rows if r.teacher == world.people[Role.TEACHER])
    assert (row.days_since, row.overdue) == (10, False)
    cov = selectors.coverage(school, today=dt.date(2026, 12, 4))
    row = next(r for r in cov.rows if r.teacher == world.people[Role.TEACHER])
    assert (row.days_since, row.overdue) == (11, True)
    never = next(r for r in cov.rows if r.teacher == world.people["other_teacher"])
    assert (never.last_seen, never.overdue) == (None, True)


def test_coverage_cells_show_who_and_minutes(world: World) -> None:
    observe(world, day="2026-11-16", minutes=15)
    observe(world, by=Role.INSTRUCTIONAL_COACH, day="2026-11-18", minutes=20)
    cov = selectors.coverage(world.school, today=dt.date(2026, 11, 20))
    row = next(r for r in cov.rows if r.teacher == world.people[Role.TEACHER])
    week = cov.weeks.index(dt.date(2026, 11, 16))
    assert (row.cells[week].observers, row.minutes, row.visits) == (["AP", "CC"], 35, 2)


@time_machine.travel(at("2026-11-20", "10:00"), tick=False)
def test_followup_proposes_debrief_and_visit_in_free_time(world: World) -> None:
    obs = observe(world, next_step="Wait five seconds.", day="2026-11-20", time="09:00")
    blocks = services.followup_propose(observation=obs, by=world.people[Role.PRINCIPAL])
    local = [
        (b.kind, b.start.astimezone(world.school.zone).strftime("%a %d %H:%M"), b.status) for b in blocks
    ]
    # No timetable for Tom: debrief the same day from the next free slot, visit after five days.
    assert local == [("debrief", "Fri 20 10:00", "proposed"), ("follow_up", "Wed 25 08:00", "proposed")]
    obs.refresh_from_db()
    assert obs.debrief == Observation.Debrief.PLANNED


def test_goal_status_list(world: World) -> None:
    g = goal(world)
    assert list(Goal.objects.values_list("state", flat=True)) == ["proposed"]
    assert g.off_message is False
