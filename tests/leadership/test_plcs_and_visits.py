"""PLCs (teacher-led or not, feedback through coaching) and compare-and-contrast visits to a presentation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sideline.coaching.models import Observation
from sideline.leadership import selectors, services
from sideline.leadership.models import PLC, CompareVisit, PLCMeeting
from sideline.schools import services as school_services
from sideline.schools.models import NonContactDay, Person
from sideline.schools.roles import Role
from tests.conftest import World


def plc(world: World, name: str, facilitator: str, members: tuple[str, ...] = ()) -> PLC:
    return services.plc_create(
        school=world.school,
        by=world.people[Role.PRINCIPAL],
        name=name,
        facilitator=world.people[facilitator],
        members=[world.people[k] for k in members],
        priority=world.school.priorities.first(),
    )


def test_teacher_led_is_derived_from_the_facilitators_role(world: World) -> None:
    plc(world, "7 ELA", Role.TEACHER)
    plc(world, "8 Math", Role.ASSISTANT_PRINCIPAL, ("other_teacher",))
    rows = [
        (p.name, selectors.teacher_led(p), p.member_count)  # type: ignore[attr-defined]
        for p in selectors.plcs_of(world.school)
    ]
    assert rows == [("7 ELA", True, 1), ("8 Math", False, 2)]
    body = world.client_for(Role.PRINCIPAL).get("/s/lakeside/leadership/plcs/").content.decode()
    assert '<strong id="teacher-led-count">1 of 2</strong>' in body


def test_a_duplicate_name_is_refused(world: World) -> None:
    plc(world, "7 ELA", Role.TEACHER)
    with pytest.raises(ValidationError) as exc:
        plc(world, "7 ELA", Role.ASSISTANT_PRINCIPAL)
    assert exc.value.messages == ["Lakeside Middle already has a PLC called “7 ELA”."]


def test_leader_feedback_to_the_facilitator_is_a_coaching_observation(world: World) -> None:
    group = plc(world, "7 ELA", Role.TEACHER)
    meeting = services.meeting_log(
        plc=group, by=world.people[Role.TEACHER], date=dt.date(2026, 11, 18), agenda="Student work"
    )
    obs = services.meeting_observe(
        meeting=meeting,
        observer=world.people[Role.PRINCIPAL],
        start_time=dt.time(10, 30),
        minutes=50,
        evidence="Opened with student work",
        feedback="Keep starting with the work.",
    )
    meeting.refresh_from_db()
    assert meeting.observation_id == obs.pk
    assert (obs.kind, obs.teacher, obs.observer, obs.priority, obs.minutes) == (
        Observation.Kind.PLC,
        world.people[Role.TEACHER],
        world.people[Role.PRINCIPAL],
        world.school.priorities.first(),
        50,
    )
    assert obs.start == dt.datetime(2026, 11, 18, 16, 30, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        services.meeting_observe(
            meeting=meeting, observer=world.people[Role.PRINCIPAL], start_time=dt.time(10), minutes=5,
            evidence="", feedback="Again",
        )  # fmt: skip
    assert exc.value.messages == ["This meeting already has the leader's feedback; open it from the meeting."]
    assert Observation.objects.count() == 1


def test_an_administrator_run_plc_cannot_get_teacher_feedback(world: World) -> None:
    group = plc(world, "8 Math", Role.ASSISTANT_PRINCIPAL)
    meeting = services.meeting_log(
        plc=group, by=world.people[Role.ASSISTANT_PRINCIPAL], date=dt.date(2026, 11, 18), agenda="Pacing"
    )
    with pytest.raises(ValidationError) as exc:
        services.meeting_observe(
            meeting=meeting, observer=world.people[Role.PRINCIPAL], start_time=dt.time(10), minutes=5,
            evidence="", feedback="Good",
        )  # fmt: skip
    assert exc.value.messages == ["Aaron Assistant is not a teacher at Lakeside Middle."]
    assert (Observation.objects.count(), PLCMeeting.objects.get().observation_id) == (0, None)


def test_the_facilitator_logs_meetings_and_other_teachers_do_not(world: World) -> None:
    group = plc(world, "7 ELA", Role.TEACHER, ("other_teacher",))
    url = f"/s/lakeside/leadership/plcs/{group.pk}/meetings/"
    data = {"date": "2026-11-18", "agenda": "Norms", "priority": ""}
    assert world.client_for("other_teacher").post(url, data).status_code == 403
    assert world.client_for(Role.TEACHER).post(url, data).status_code == 302
    bad = world.client_for(Role.TEACHER).post(url, {"date": "2026-11-25", "agenda": ""})
    assert bad.status_code == 400
    assert list(PLCMeeting.objects.values_list("agenda", flat=True)) == ["Norms"]


def extra_teacher(world: World, name: str, room: str) -> Person:
    person = school_services.person_ensure(
        district=world.district, name=name, email=f"{room}@example.org", room=room
    )
    school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
    return person


def visit(world: World, **extra: object) -> CompareVisit:
    args: dict[str, object] = {
        "school": world.school,
        "leader": world.people[Role.PRINCIPAL],
        "teacher": world.people[Role.TEACHER],
        "date": dt.date(2026, 11, 17),
        "visited": [world.people["other_teacher"], extra_teacher(world, "Vic Visited", "40")],
    }
    args.update(extra)
    return services.visit_log(**args)  # type: ignore[arg-type]


def test_a_visit_needs_two_other_classrooms(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        visit(world, visited=[world.people["other_teacher"], world.people[Role.TEACHER]])
    assert exc.value.messages == [
        "Choose at least two classrooms to visit (other than the teacher's own): comparing needs two."
    ]
    with pytest.raises(ValidationError) as exc:
        visit(world, visited=[world.people["other_teacher"], world.people[Role.NURSE]])
    assert exc.value.messages == ["Nina Nurse is not a teacher at Lakeside Middle."]
    assert CompareVisit.objects.count() == 0


def test_presentation_is_proposed_at_the_next_plc_meeting_skipping_holidays(world: World) -> None:
    group = plc(world, "7 ELA", Role.ASSISTANT_PRINCIPAL, (Role.TEACHER,))
    services.meeting_log(
        plc=group, by=world.people[Role.ASSISTANT_PRINCIPAL], date=dt.date(2026, 11, 18), agenda="Norms"
    )
    NonContactDay.objects.create(school=world.school, date=dt.date(2026, 11, 25), label="Thanksgiving")
    v = visit(world)
    assert services.presentation_propose(visit=v, today=dt.date(2026, 11, 23)) == (
        "plc",
        group,
        dt.date(2026, 12, 2),
    )


def test_without_a_plc_the_next_staff_meeting_is_proposed(world: World) -> None:
    v = visit(world)
    assert services.presentation_propose(visit=v, today=dt.date(2026, 11, 18)) == (
        "staff",
        None,
        dt.date(2026, 11, 23),
    )


def test_visit_through_to_the_presentation(world: World) -> None:
    group = plc(world, "7 ELA", Role.TEACHER)
    v = visit(world)
    teacher = world.client_for(Role.TEACHER)
    assert (
        teacher.post(
            f"/s/lakeside/leadership/visits/{v.pk}/noticings/", {"noticings": "I never show"}
        ).status_code
        == 302
    )
    assert world.client_for("other_teacher").get(f"/s/lakeside/leadership/visits/{v.pk}/").status_code == 404
    assert (
        teacher.post(
            f"/s/lakeside/leadership/visits/{v.pk}/presentation/",
            {"venue": "plc", "plc": group.pk, "date": "2026-11-25"},
        ).status_code
        == 403
    )
    leader = world.client_for(Role.PRINCIPAL)
    bad = leader.post(
        f"/s/lakeside/leadership/visits/{v.pk}/presentation/", {"venue": "plc", "date": "2026-11-25"}
    )
    assert bad.status_code == 400
    assert "Choose the PLC whose meeting hears the presentation." in bad.content.decode()
    ok = leader.post(
        f"/s/lakeside/leadership/visits/{v.pk}/presentation/",
        {"venue": "plc", "plc": group.pk, "date": "2026-11-20", "title": "Show, don't tell"},
    )
    assert ok.status_code == 302
    v.refresh_from_db()
    assert (v.noticings, v.presentation.date, v.presentation.happened) == (
        "I never show",
        dt.date(2026, 11, 20),
        False,
    )
    assert (
        leader.post(f"/s/lakeside/leadership/visits/{v.pk}/happened/", {"on": "2026-11-10"}).status_code
        == 400
    )
    assert (
        leader.post(f"/s/lakeside/leadership/visits/{v.pk}/happened/", {"on": "2026-11-20"}).status_code
        == 302
    )
    v.presentation.refresh_from_db()
    assert v.presentation.happened_on == dt.date(2026, 11, 20)
