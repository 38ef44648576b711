"""Stage transitions of the leadership pipeline, their history, and the 5-10 nudge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sideline.leadership import selectors, services
from sideline.leadership.models import Candidate, StageChange
from sideline.schools import services as school_services
from sideline.schools.roles import Role
from tests.conftest import World

Stage = Candidate.Stage
TODAY = dt.date(2026, 11, 23)


def identify(world: World, key: str = Role.TEACHER) -> Candidate:
    return services.candidate_identify(
        school=world.school, person=world.people[key], by=world.people[Role.PRINCIPAL], strengths="Leads PD"
    )


def talk(world: World, candidate: Candidate) -> None:
    services.conversation_log(
        candidate=candidate,
        leader=world.people[Role.PRINCIPAL],
        date=dt.date(2026, 11, 2),
        ambitions="Coach colleagues",
        next_step="Shadow a PLC",
    )


def move(world: World, candidate: Candidate, stage: str, **extra: object) -> Candidate:
    return services.candidate_move(
        candidate=candidate,
        to_stage=stage,
        by=world.people[Role.PRINCIPAL],
        today=TODAY,
        **extra,  # type: ignore[arg-type]
    )


def test_walk_from_identified_to_leading_a_plc(world: World) -> None:
    plc = services.plc_create(
        school=world.school,
        by=world.people[Role.PRINCIPAL],
        name="7 ELA",
        facilitator=world.people[Role.ASSISTANT_PRINCIPAL],
    )
    assert services.is_teacher_led(plc) is False
    candidate = identify(world)
    talk(world, candidate)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CONVERSATION_HELD
    candidate = move(world, candidate, Stage.EXCITED_WILLING)
    candidate = move(world, candidate, Stage.IN_TRAINING)
    candidate = move(world, candidate, Stage.LEADING, leads_kind="plc", leads_plc=plc)
    plc.refresh_from_db()
    assert (candidate.stage, candidate.leads_what, plc.facilitator_id) == (
        Stage.LEADING,
        "7 ELA",
        world.people[Role.TEACHER].pk,
    )
    assert services.is_teacher_led(plc) is True
    assert sorted(plc.members.values_list("name", flat=True)) == ["Aaron Assistant", "Tom Teacher"]
    assert list(StageChange.objects.filter(candidate=candidate).values_list("from_stage", "to_stage")) == [
        ("", "identified"),
        ("identified", "conversation_held"),
        ("conversation_held", "excited_willing"),
        ("excited_willing", "in_training"),
        ("in_training", "leading"),
    ]


def test_a_stage_cannot_be_skipped(world: World) -> None:
    candidate = identify(world)
    with pytest.raises(ValidationError) as exc:
        move(world, candidate, Stage.IN_TRAINING)
    assert exc.value.messages == [
        "Tom Teacher is at “Identified”; from there the next step is Career conversation held."
    ]
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.IDENTIFIED


def test_conversation_held_needs_a_logged_conversation(world: World) -> None:
    candidate = identify(world)
    with pytest.raises(ValidationError) as exc:
        move(world, candidate, Stage.CONVERSATION_HELD)
    assert exc.value.messages == ["Log the career conversation first; holding it is what moves this stage."]


def test_not_now_needs_a_future_revisit_date_and_a_conversation_brings_them_back(world: World) -> None:
    candidate = identify(world)
    talk(world, candidate)
    candidate.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        move(world, candidate, Stage.NOT_NOW)
    assert exc.value.messages == ["“Not now” needs a date to revisit the conversation."]
    with pytest.raises(ValidationError) as exc:
        move(world, candidate, Stage.NOT_NOW, revisit_on=TODAY)
    assert exc.value.messages == ["The revisit date must be after today (2026-11-23)."]
    candidate = move(world, candidate, Stage.NOT_NOW, revisit_on=dt.date(2027, 3, 1))
    assert (candidate.stage, candidate.revisit_on) == (Stage.NOT_NOW, dt.date(2027, 3, 1))
    talk(world, candidate)
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.revisit_on) == (Stage.CONVERSATION_HELD, None)


def test_leading_says_what(world: World) -> None:
    candidate = identify(world)
    talk(world, candidate)
    candidate.refresh_from_db()
    candidate = move(world, candidate, Stage.EXCITED_WILLING)
    candidate = move(world, candidate, Stage.IN_TRAINING)
    with pytest.raises(ValidationError) as exc:
        move(world, candidate, Stage.LEADING)
    assert exc.value.messages == ["Say what they lead: a PLC, a committee or a program."]
    with pytest.raises(ValidationError) as exc:
        move(world, candidate, Stage.LEADING, leads_kind="committee")
    assert exc.value.messages == ["Name the committee or program they lead."]
    candidate = move(world, candidate, Stage.LEADING, leads_kind="committee", leads_what="Safety committee")
    assert (candidate.leads_kind, candidate.leads_what, candidate.leads_plc) == (
        "committee",
        "Safety committee",
        None,
    )


def test_only_leaders_name_staff_of_their_own_school_once(world: World) -> None:
    identify(world)
    with pytest.raises(ValidationError) as exc:
        identify(world)
    assert exc.value.messages == ["Tom Teacher is already in the pipeline."]
    with pytest.raises(ValidationError) as exc:
        services.candidate_identify(
            school=world.school, person=world.people["outsider"], by=world.people[Role.PRINCIPAL]
        )
    assert exc.value.messages == ["Oscar Outsider is not on the staff of Lakeside Middle."]
    with pytest.raises(ValidationError) as exc:
        services.candidate_identify(
            school=world.school,
            person=world.people["other_teacher"],
            by=world.people[Role.INSTRUCTIONAL_COACH],
        )
    assert exc.value.messages == ["Cora Coach is not a leader at Lakeside Middle."]
    assert Candidate.objects.count() == 1


def test_conversation_needs_ambitions_and_a_next_step(world: World) -> None:
    candidate = identify(world)
    with pytest.raises(ValidationError) as exc:
        services.conversation_log(
            candidate=candidate, leader=world.people[Role.PRINCIPAL], date=TODAY, ambitions=" ", next_step="x"
        )
    assert exc.value.messages == ["Their ambitions is required."]
    assert candidate.conversations.count() == 0


def test_nudge_below_five_and_cap_note_at_ten(world: World) -> None:
    assert selectors.nudge_for(world.school).message == (
        "0 future leaders named: name 5 more to reach 5. Who on staff already leads without the title?"
    )
    keys = [Role.TEACHER, "other_teacher", Role.INSTRUCTIONAL_COACH, Role.COUNSELOR]
    for key in keys:
        identify(world, key)
    assert selectors.nudge_for(world.school).message == (
        "4 future leaders named: name 1 more to reach 5. Who on staff already leads without the title?"
    )
    identify(world, Role.NURSE)
    assert selectors.nudge_for(world.school).message == ""
    for i in range(5):
        person = school_services.person_ensure(
            district=world.district, name=f"Extra Teacher{i}", email=f"extra{i}@example.org"
        )
        school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
        services.candidate_identify(school=world.school, person=person, by=world.people[Role.PRINCIPAL])
    assert selectors.nudge_for(world.school).message == (
        "10 future leaders named: 10 is as many as one leader can grow well. Move someone on before adding more."
    )
