"""Pages: the quick form (idempotent offline resubmission), goals, planner via htmx, query counts, CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sideline.calendars.models import PlannedBlock
from sideline.coaching.models import CoachingSettings, Goal, Observation
from sideline.schools import services as school_services
from sideline.schools.roles import Role
from tests.coaching.helpers import at, goal, observe
from tests.conftest import World

NOW = at("2026-11-20", "10:00")


def form(world: World, **extra: str) -> dict[str, str]:
    data = {
        "teacher": str(world.people[Role.TEACHER].pk),
        "start": "2026-11-20T09:40",
        "minutes": "15",
        "kind": "walkthrough",
        "priority": "",
        "evidence": "22 of 27 boards up.",
        "feedback": "Keep it.",
        "feedback_type": "celebratory",
        "next_step": "",
        "private_notes": "",
        "idempotency_key": "k-1",
    }
    data.update(extra)
    return data


@time_machine.travel(NOW, tick=False)
def test_offline_retry_with_same_key_creates_one_observation(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    url = "/s/lakeside/coaching/observe/"
    first = client.post(url, form(world), headers={"X-Sideline-Offline": "1"})
    second = client.post(url, form(world), headers={"X-Sideline-Offline": "1"})
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    obs = Observation.objects.get()
    assert (obs.start, obs.evidence, obs.observer) == (
        at("2026-11-20", "09:40"),
        "22 of 27 boards up.",
        world.people[Role.PRINCIPAL],
    )


@time_machine.travel(NOW, tick=False)
def test_bad_input_keeps_every_field(world: World) -> None:
    response = world.client_for(Role.PRINCIPAL).post(
        "/s/lakeside/coaching/observe/", form(world, minutes="0", evidence="Keep these notes")
    )
    assert response.status_code == 400
    assert b"Keep these notes" in response.content
    assert b"Ensure this value is greater than or equal to 1." in response.content
    assert Observation.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_next_step_goes_to_follow_up_prompt_and_cap_error_is_shown(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    r = client.post(
        "/s/lakeside/coaching/observe/", form(world, next_step="Wait five seconds.", idempotency_key="a")
    )
    obs = Observation.objects.get()
    assert r["Location"] == f"/s/lakeside/coaching/observations/{obs.pk}/follow-up/"
    observe(world, next_step="Cold call.", by=Role.INSTRUCTIONAL_COACH)
    r = client.post("/s/lakeside/coaching/observe/", form(world, next_step="Third.", idempotency_key="b"))
    assert r.status_code == 400
    assert "already has 2 open next steps" in r.content.decode()
    assert b"Third." in r.content


@time_machine.travel(NOW, tick=False)
def test_goal_flow_over_http(world: World) -> None:
    coach, teacher = world.client_for(Role.INSTRUCTIONAL_COACH), world.client_for(Role.TEACHER)
    r = coach.post(
        "/s/lakeside/coaching/goals/",
        {
            "teacher": world.people[Role.TEACHER].pk,
            "wording": "Wait five seconds.",
            "priority": "",
            "success_measure": "Seen twice.",
            "target_date": "2027-01-29",
        },
    )
    g = Goal.objects.get()
    assert r["Location"] == f"/s/lakeside/coaching/goals/{g.pk}/"
    assert "off-message" in coach.get(r["Location"]).content.decode()
    teacher.post(f"/s/lakeside/coaching/goals/{g.pk}/accept/")
    teacher.post(f"/s/lakeside/coaching/goals/{g.pk}/checkin/", {"rating": "3", "note": "Going well"})
    g.refresh_from_db()
    assert (g.state, list(g.checkins.values_list("rating", "note"))) == ("active", [(3, "Going well")])
    bad = teacher.post(f"/s/lakeside/coaching/goals/{g.pk}/checkin/", {"rating": "9", "note": "x"})
    assert bad.status_code == 400
    assert g.checkins.count() == 1


@time_machine.travel(NOW, tick=False)
def test_planner_htmx_propose_and_accept(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    r = client.post(
        "/s/lakeside/coaching/plan/propose/", {"week": "2026-W49"}, headers={"HX-Request": "true"}
    )
    assert r.status_code == 200
    assert b"<html" not in r.content
    proposed = PlannedBlock.objects.filter(status="proposed").count()
    assert proposed > 0
    assert f"Accept all {proposed} proposed".encode() in r.content
    r = client.post("/s/lakeside/coaching/plan/accept/", {"week": "2026-W49"}, headers={"HX-Request": "true"})
    assert f"Accepted {proposed} blocks".encode() in r.content
    assert PlannedBlock.objects.filter(status="accepted").count() == proposed


def _seed(world: World, n: int) -> None:
    for i in range(n):
        person = school_services.person_ensure(
            district=world.district, name=f"Teacher {i}", email=f"t{i}@example.org", room=str(i)
        )
        school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
        observe(world, teacher=Role.TEACHER, day=f"2026-11-{10 + i}", idempotency_key=f"q{i}", next_step="")
        from sideline.coaching import services

        services.observation_log(
            school=world.school,
            observer=world.people[Role.PRINCIPAL],
            teacher=person,
            start=at(f"2026-11-{10 + i}"),
            minutes=10,
            idempotency_key=f"p{i}",
        )
        goal_obj = goal(world)
        goal_obj.teacher = person
        goal_obj.save()


@pytest.mark.parametrize(
    "url",
    [
        "/s/lakeside/coaching/coverage/",
        "/s/lakeside/coaching/observations/",
        "/s/lakeside/coaching/goals/",
        "/s/lakeside/coaching/coverage.csv",
        "/s/lakeside/",
    ],
)
@time_machine.travel(NOW, tick=False)
def test_lists_have_no_n_plus_one(
    world: World, url: str, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = world.client_for(Role.PRINCIPAL)
    _seed(world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    one = len(ctx.captured_queries)
    _seed_more = [2, 3]
    for i in _seed_more:
        person = school_services.person_ensure(
            district=world.district, name=f"More {i}", email=f"m{i}@example.org", room=str(i)
        )
        school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
        from sideline.coaching import services

        services.observation_log(
            school=world.school,
            observer=world.people[Role.PRINCIPAL],
            teacher=person,
            start=at(f"2026-11-1{i}"),
            minutes=10,
            next_step="Step",
        )
        g = goal(world)
        g.teacher = person
        g.save()
    with django_assert_num_queries(one):
        assert client.get(url).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_cli_coverage_formats(world: World) -> None:
    observe(world, day="2026-11-16", minutes=15)
    out = io.StringIO()
    call_command("coaching", "coverage", "--school", "lakeside", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    tom = next(t for t in payload["teachers"] if t["teacher"] == "Tom Teacher")
    assert (tom["last_seen"], tom["contact_days_since"], tom["minutes_this_term"], tom["overdue"]) == (
        "2026-11-16",
        4,
        15,
        False,
    )
    assert tom["weeks"]["2026-11-16"] == ["AP"]
    out = io.StringIO()
    call_command("coaching", "coverage", "--school", "lakeside", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:7] == [
        "teacher",
        "room",
        "last_seen",
        "contact_days_since",
        "overdue",
        "visits",
        "minutes_this_term",
    ]
    assert rows[2][:7] == ["Tom Teacher", "31", "2026-11-16", "4", "no", "1", "15"]
    out = io.StringIO()
    call_command("coaching", "coverage", "--school", "lakeside", stdout=out)
    assert "Olga Otherteacher" in out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_cli_plan_and_accept(world: World) -> None:
    out = io.StringIO()
    call_command(
        "coaching",
        "plan",
        "--school",
        "lakeside",
        "--leader",
        "principal@example.org",
        "--week",
        "2026-W49",
        "--accept",
        "--format",
        "json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert rows[0]["kind"] == "classroom_visit"
    assert {r["status"] for r in rows} == {"accepted"}
    assert PlannedBlock.objects.filter(status="accepted").count() == len(rows)


def test_cli_errors_are_clear(world: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No school with slug 'nope'"):
        call_command("coaching", "coverage", "--school", "nope")
    with pytest.raises(CommandError, match="not an ISO week"):
        call_command(
            "coaching", "plan", "--school", "lakeside", "--leader", "principal@example.org", "--week", "49"
        )


def test_settings_change_the_next_step_cap_and_bad_input_keeps_values(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    values = {
        "cadence_days": "5",
        "max_open_next_steps": "1",
        "day_start": "08:15",
        "day_end": "15:00",
        "visit_minutes": "15",
        "buffer_minutes": "12",
    }
    bad = client.post(
        "/s/lakeside/coaching/settings/", {**values, "buffer_minutes": "30", "day_end": "07:00"}
    )
    assert bad.status_code == 400
    content = bad.content.decode()
    assert "Classes must end after they start." in content
    assert "Ensure this value is less than or equal to 15." in content
    assert 'value="5"' in content
    assert CoachingSettings.objects.count() == 0
    ok = client.post("/s/lakeside/coaching/settings/", values)
    assert ok.status_code == 302
    assert list(
        CoachingSettings.objects.values_list("cadence_days", "max_open_next_steps", "buffer_minutes")
    ) == [(5, 1, 12)]
    observe(world, next_step="Wait five seconds.")
    with pytest.raises(ValidationError, match=r"already has 1 open next step \(the school allows 1\)"):
        observe(world, next_step="Cold call.", day="2026-11-17")
    coach = world.client_for(Role.INSTRUCTIONAL_COACH).post("/s/lakeside/coaching/settings/", values)
    assert coach.status_code == 403


def test_timetable_page_saves_and_rejects_bad_lines_without_losing_them(world: World) -> None:
    from sideline.coaching.models import TeacherTimetable

    tom = world.people[Role.TEACHER]
    url = f"/s/lakeside/coaching/timetables/{tom.pk}/"
    client = world.client_for(Role.PRINCIPAL)
    bad = client.post(url, {"periods": "Mon 08:00-08:50 teaching\nFunday 9-10 nap\nTue 10:00-09:00 planning"})
    assert bad.status_code == 400
    content = bad.content.decode()
    assert "Line 2 (&#x27;Funday 9-10 nap&#x27;): write it like" in content
    assert "Line 3: the period must end after it starts." in content
    assert "Funday 9-10 nap" in content
    assert TeacherTimetable.objects.count() == 0
    ok = client.post(url, {"periods": "Mon 08:00-08:50 teaching\nmon 09:00-09:50 Planning"})
    assert ok.status_code == 302
    assert list(TeacherTimetable.objects.values_list("weekday", "kind")) == [(0, "teaching"), (0, "planning")]
    page = client.get(url).content.decode()
    assert "Mon 09:00-09:50 planning" in page
    assert world.client_for(Role.INSTRUCTIONAL_COACH).get(url).status_code == 403
    # Only teachers of this school have a timetable page.
    assert client.get(f"/s/lakeside/coaching/timetables/{world.people[Role.NURSE].pk}/").status_code == 404


def test_debrief_marked_held(world: World) -> None:
    obs = observe(world, next_step="Wait five seconds.")
    r = world.client_for(Role.INSTRUCTIONAL_COACH).post(
        f"/s/lakeside/coaching/observations/{obs.pk}/debrief-held/"
    )
    assert r.status_code == 302
    obs.refresh_from_db()
    assert obs.debrief == "held"
    r = world.client_for(Role.TEACHER).post(f"/s/lakeside/coaching/observations/{obs.pk}/debrief-held/")
    assert r.status_code == 403
