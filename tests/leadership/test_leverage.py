"""Leverage projects: opened from the top Technical Work, owned by someone else, projected vs actual."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sideline.leadership import selectors, services
from sideline.leadership.models import LeverageProject, Milestone
from sideline.schools.roles import Role
from sideline.volunteers.models import Program
from tests.conftest import World
from tests.leadership.helpers import add_event, calendar_for

START = dt.date(2026, 10, 19)  # a Monday
TODAY = dt.date(2026, 11, 2)  # two weeks later


def car_line_calendar(world: World) -> None:
    """30 min of car line every weekday for the 4 weeks before the start, then only on Mondays."""
    calendar = calendar_for(world.school, world.people[Role.PRINCIPAL])
    day = START - dt.timedelta(weeks=4)
    while day < TODAY:
        if day.weekday() < 5 and (day < START or day.weekday() == 0):
            add_event(calendar, day, dt.time(7, 30), 30, "Car line", "technical", series_uid="car")
        if day.weekday() < 5:
            add_event(calendar, day, dt.time(9, 0), 60, "Cafeteria duty", "technical", series_uid="caf")
            add_event(calendar, day, dt.time(10, 0), 60, "Classroom visits", "coaching", series_uid="cv")
        day += dt.timedelta(days=1)


def open_project(world: World, **extra: object) -> LeverageProject:
    args: dict[str, object] = {
        "school": world.school,
        "leader": world.people[Role.PRINCIPAL],
        "title": "Car line by volunteers",
        "replaces": "Morning car line",
        "owner_kind": "staff",
        "owner_person": world.people[Role.ADMINISTRATIVE_ASSISTANT],
        "hours_per_week": "2.5",
        "started_on": START,
        "series_match": "car line",
        "milestones": ["Recruit", "", "Hand over"],
    }
    args.update(extra)
    return services.project_open(**args)  # type: ignore[arg-type]


def test_projected_versus_actual(world: World) -> None:
    car_line_calendar(world)
    project = open_project(world)
    hours = selectors.project_hours(project, TODAY)
    assert (hours.projected, hours.before_per_week, hours.after_per_week, hours.actual) == (
        2.5,
        2.5,
        0.5,
        2.0,
    )
    assert list(Milestone.objects.filter(project=project).values_list("title", flat=True)) == [
        "Recruit",
        "Hand over",
    ]


def test_actual_waits_for_a_full_week(world: World) -> None:
    car_line_calendar(world)
    hours = selectors.project_hours(open_project(world), START + dt.timedelta(days=3))
    assert (hours.before_per_week, hours.after_per_week, hours.actual) == (2.5, None, None)


def test_top_technical_work_lists_series_with_hours_a_week(world: World) -> None:
    car_line_calendar(world)
    top = selectors.top_technical_series(world.people[Role.PRINCIPAL], world.school, TODAY)
    # Six weeks back from Nov 2: Sep 21 - Nov 1. Cafeteria 5 h/week; car line 4 weeks x 2.5 h + 2 x 0.5 h.
    assert [(t.title, t.series_uid, t.hours_per_week, t.count) for t in top] == [
        ("Cafeteria duty", "caf", 5.0, 30),
        ("Car line", "car", 1.83, 22),
    ]


def test_a_volunteer_program_can_own_it(world: World) -> None:
    program = Program.objects.create(school=world.school, name="Car line committee")
    project = open_project(world, owner_kind="program", owner_program=program, owner_person=None)
    assert (project.owner_name, project.owner_person) == ("Car line committee (volunteer program)", None)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"hours_per_week": "lots"}, "'lots' is not a number of hours such as 2.5."),
        ({"hours_per_week": "0"}, "The hours a week it should return must be more than 0 and at most 60."),
        (
            {"owner_kind": "ghost"},
            "Choose who will own it: a staff member, a trained teacher leader or a volunteer program.",
        ),
        ({"owner_person": None}, "Choose the person who will own it."),
        ({"owner_kind": "program"}, "Choose the volunteer program that will own it."),
        ({"owner_kind": "teacher_leader"}, "Adele Admin is not a teacher; choose “a staff member” instead."),
        ({"title": "  "}, "Title is required."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    world: World, extra: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        open_project(world, **extra)
    assert exc.value.messages == [message]
    assert (LeverageProject.objects.count(), Milestone.objects.count()) == (0, 0)


def test_a_program_of_another_school_is_refused(world: World) -> None:
    program = Program.objects.create(school=world.other_school, name="Hilltop car line")
    with pytest.raises(ValidationError) as exc:
        open_project(world, owner_kind="program", owner_program=program)
    assert exc.value.messages == ["That volunteer program belongs to another school."]


def test_opening_before_ready_shows_a_notice_but_works(world: World) -> None:
    car_line_calendar(world)
    client = world.client_for(Role.PRINCIPAL)
    with time_machine.travel(dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(
            "/s/lakeside/leadership/leverage/new/?title=Car+line&series=car&hours=1.8"
        ).content.decode()
        assert "Guidance, not a lock:" in page
        assert 'value="Car line"' in page and 'value="car"' in page and 'value="1.8"' in page
        response = client.post(
            "/s/lakeside/leadership/leverage/new/",
            {
                "title": "Car line",
                "replaces": "Car line",
                "series_match": "Car line",
                "series_uid": "car",
                "owner_kind": "staff",
                "owner_person": world.people[Role.CUSTODIAN].pk,
                "hours_per_week": "1.8",
                "started_on": "2026-10-19",
                "priority": world.school.priorities.first().pk,  # type: ignore[union-attr]
                "milestones": "Recruit\nTrain",
            },
        )
        project = LeverageProject.objects.get()
        assert response.status_code == 302
        assert (project.hours_per_week, project.owner_person, project.series_uid) == (
            Decimal("1.8"),
            world.people[Role.CUSTODIAN],
            "car",
        )
        detail = client.get(f"/s/lakeside/leadership/leverage/{project.pk}/").content.decode()
        assert '<dd id="projected">1.8 h</dd>' in detail
        assert '<dd id="actual">2.0 h</dd>' in detail


def test_a_bad_form_keeps_what_was_typed(world: World) -> None:
    response = world.client_for(Role.PRINCIPAL).post(
        "/s/lakeside/leadership/leverage/new/",
        {"title": "Lunch duty rota", "replaces": "Lunch duty", "owner_kind": "staff", "hours_per_week": "2",
         "started_on": "2026-10-19"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose the person who will own it." in body
    assert 'value="Lunch duty rota"' in body
    assert LeverageProject.objects.count() == 0


def test_milestones_toggle_with_htmx(world: World) -> None:
    project = open_project(world)
    milestone = project.milestones.first()
    assert milestone is not None
    client = world.client_for(Role.PRINCIPAL)
    response = client.post(
        f"/s/lakeside/leadership/milestones/{milestone.pk}/", {"done": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<li id="milestone-{milestone.pk}">')
    milestone.refresh_from_db()
    assert milestone.done is True
    client.post(f"/s/lakeside/leadership/milestones/{milestone.pk}/", {"done": "0"})
    milestone.refresh_from_db()
    assert milestone.done is False
    assert (
        world.client_for(Role.TEACHER)
        .post(f"/s/lakeside/leadership/milestones/{milestone.pk}/", {"done": "1"})
        .status_code
        == 403
    )
