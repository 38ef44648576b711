"""The CLI reads the same selectors as the pages; the demo builds every stage and is idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from sideline.demo import DemoContext
from sideline.leadership import demo
from sideline.leadership.models import (
    PLC,
    Candidate,
    CareerConversation,
    CompareVisit,
    LeverageProject,
    Milestone,
    PLCMeeting,
    Presentation,
    StageChange,
)
from sideline.schools import services as school_services
from sideline.schools.models import Person
from sideline.schools.roles import Role
from tests.conftest import World
from tests.leadership.helpers import calendar_for, week_of_work


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("leadership", *args, stdout=out)
    return out.getvalue()


def test_readiness_json(world: World) -> None:
    calendar = calendar_for(world.school, world.people[Role.PRINCIPAL])
    for k in range(6):
        week_of_work(calendar, dt.date(2026, 8, 24) + dt.timedelta(weeks=k), 360 if k % 2 else 120, 240)
    payload = json.loads(
        run("readiness", "--school", "lakeside", "--leader", "principal@example.org", "--date", "2026-10-07",
            "--format", "json")
    )  # fmt: skip
    assert (payload["met"], payload["recommended"], [w["coaching_share"] for w in payload["weeks"]]) == (
        3,
        False,
        [33.3, 60.0, 33.3, 60.0, 33.3, 60.0],
    )


def test_pipeline_csv_and_bad_input(world: World) -> None:
    from sideline.leadership import services

    services.candidate_identify(
        school=world.school, person=world.people[Role.TEACHER], by=world.people[Role.PRINCIPAL]
    )
    assert run("pipeline", "--school", "lakeside", "--format", "csv") == (
        "name,stage,revisit on,leads\r\nTom Teacher,Identified,,\r\n"
    )
    with pytest.raises(CommandError, match="No school with slug 'nowhere'"):
        run("pipeline", "--school", "nowhere")
    with pytest.raises(CommandError, match="is not a date such as 2026-11-23"):
        run("readiness", "--school", "lakeside", "--leader", "principal@example.org", "--date", "soon")
    with pytest.raises(CommandError, match="No one with email 'nobody@example.org' at Lakeside Middle"):
        run("readiness", "--school", "lakeside", "--leader", "nobody@example.org")


MODELS = [Candidate, StageChange, CareerConversation, PLC, PLCMeeting, CompareVisit, Presentation, LeverageProject,
          Milestone]  # fmt: skip


def test_demo_covers_every_stage_and_runs_twice_without_change(world: World) -> None:
    teachers = [world.people[Role.TEACHER], world.people["other_teacher"]]
    for i in range(9):
        person = school_services.person_ensure(
            district=world.district, name=f"Demo Teacher{i}", email=f"d{i}@example.org"
        )
        school_services.membership_ensure(person=person, role=Role.TEACHER, school=world.school)
        teachers.append(person)
    people: dict[str, list[Person]] = {
        key: [world.people[key]]
        for key in (Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL, Role.ADMINISTRATIVE_ASSISTANT)
    }
    people[Role.TEACHER] = teachers
    ctx = DemoContext(
        today=dt.date(2026, 11, 23),
        district=world.district,
        school=world.school,
        other_school=world.other_school,
        people=people,
        log=lambda _: None,
    )
    demo.build(ctx)
    counts = [m.objects.count() for m in MODELS]  # type: ignore[attr-defined]
    demo.build(ctx)
    assert [m.objects.count() for m in MODELS] == counts  # type: ignore[attr-defined]
    assert sorted(Candidate.objects.values_list("stage", flat=True)) == sorted(
        [
            "identified",
            "identified",
            "conversation_held",
            "excited_willing",
            "not_now",
            "in_training",
            "leading",
        ]
    )
    plcs = {p.name: p.facilitator.name for p in PLC.objects.select_related("facilitator")}
    assert plcs == {"7th grade ELA": "Tom Teacher", "8th grade math": "Aaron Assistant"}
    assert PLCMeeting.objects.exclude(observation=None).count() == 1
    assert list(Presentation.objects.order_by("date").values_list("happened_on", flat=True)) == [
        dt.date(2026, 10, 28),
        None,
    ]
    project = LeverageProject.objects.get()
    assert (project.owner_kind, project.status, project.milestones.filter(done_at__isnull=False).count()) == (
        "staff",
        "in_progress",
        2,
    )
