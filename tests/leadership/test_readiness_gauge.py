"""The home gauge flips when the weekly Coaching share in the stored calendar crosses the target."""

from __future__ import annotations

import datetime as dt

import time_machine

from sideline.leadership import selectors, services
from sideline.schools.models import NonContactDay
from sideline.schools.roles import Role
from tests.conftest import World
from tests.leadership.helpers import add_event, calendar_for, week_of_work

TODAY = dt.date(2026, 10, 7)  # a Wednesday: the current week W41 is not judged yet
MONDAYS = [dt.date(2026, 8, 24) + dt.timedelta(weeks=k) for k in range(6)]  # W35..W40


def build_weeks(world: World, met: int) -> None:
    calendar = calendar_for(world.school, world.people[Role.PRINCIPAL])
    for k, monday in enumerate(MONDAYS):
        # Met weeks: 6 h coaching vs 4 h technical (60%); missed: 5 h vs 5 h 12 min (49.0%).
        if k < met:
            week_of_work(calendar, monday, 360, 240)
        else:
            week_of_work(calendar, monday, 300, 312)


def test_three_weeks_on_target_is_not_yet_ready(world: World) -> None:
    build_weeks(world, met=3)
    r = selectors.readiness_for(world.people[Role.PRINCIPAL], world.school, TODAY)
    assert r.weeks == [
        ("2026-W35", 60.0, True),
        ("2026-W36", 60.0, True),
        ("2026-W37", 60.0, True),
        ("2026-W38", 49.0, False),
        ("2026-W39", 49.0, False),
        ("2026-W40", 49.0, False),
    ]
    assert (r.met, r.recommended) == (3, False)


def test_the_gauge_flips_when_a_week_crosses_the_target(world: World) -> None:
    build_weeks(world, met=3)
    leader = world.people[Role.PRINCIPAL]
    before = selectors.readiness_for(leader, world.school, TODAY)
    # Twelve more minutes of Coaching Work in W38: 5 h 12 / 10 h 24 = exactly the 50% target.
    add_event(calendar_for(world.school, leader), MONDAYS[3], dt.time(13, 0), 12, "Debrief", "coaching")
    after = selectors.readiness_for(leader, world.school, TODAY)
    assert (before.met, before.recommended, after.met, after.recommended) == (3, False, 4, True)
    assert after.weeks[3] == ("2026-W38", 50.0, True)


def test_non_contact_weeks_are_skipped(world: World) -> None:
    build_weeks(world, met=4)
    # A whole week off (W40) is not a contact week: the window reaches back to W34, which had no work.
    for day in range(5):
        NonContactDay.objects.create(
            school=world.school, date=MONDAYS[5] + dt.timedelta(days=day), kind="break"
        )
    r = selectors.readiness_for(world.people[Role.PRINCIPAL], world.school, TODAY)
    assert [w for w, _, _ in r.weeks] == [
        "2026-W34",
        "2026-W35",
        "2026-W36",
        "2026-W37",
        "2026-W38",
        "2026-W39",
    ]
    assert (r.met, r.recommended) == (4, True)


def test_the_school_setting_changes_the_run(world: World) -> None:
    build_weeks(world, met=3)
    services.settings_update(school=world.school, weeks_required=3, weeks_window=4)
    r = selectors.readiness_for(world.people[Role.PRINCIPAL], world.school, TODAY)
    assert ([w for w, _, _ in r.weeks], r.met, r.recommended) == (
        ["2026-W37", "2026-W38", "2026-W39", "2026-W40"],
        1,
        False,
    )


def test_home_panel_shows_the_gauge_to_leaders_only(world: World) -> None:
    build_weeks(world, met=3)
    with time_machine.travel(dt.datetime(2026, 10, 7, 17, 0, tzinfo=dt.UTC), tick=False):
        body = world.client_for(Role.PRINCIPAL).get("/s/lakeside/").content.decode()
        assert (
            "3 of the last 6 contact weeks met the 50% Coaching target: protect two classroom days a week "
            "before starting new leverage projects (ready: 4 of 6 weeks)."
        ) in body
        teacher = world.client_for(Role.TEACHER).get("/s/lakeside/").content.decode()
        assert "Ready, aim, fire" not in teacher
        add_event(
            calendar_for(world.school, world.people[Role.PRINCIPAL]),
            MONDAYS[3],
            dt.time(13, 0),
            12,
            "D",
            "coaching",
        )
        body = world.client_for(Role.PRINCIPAL).get("/s/lakeside/").content.decode()
        assert "4 of the last 6 contact weeks met the 50% Coaching target: you are ready" in body


def test_settings_page_refuses_a_bad_run_and_keeps_the_old_one(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    response = client.post("/s/lakeside/leadership/readiness/", {"weeks_required": "7", "weeks_window": "6"})
    assert response.status_code == 400
    assert "Use a run such as 4 of the last 6 weeks: got 7 of 6" in response.content.decode()
    assert (selectors.settings_of(world.school).weeks_required, selectors.settings_of(world.school).pk) == (
        4,
        None,
    )
    response = client.post("/s/lakeside/leadership/readiness/", {"weeks_required": "3", "weeks_window": "5"})
    assert response.status_code == 302
    assert (
        selectors.settings_of(world.school).weeks_required,
        selectors.settings_of(world.school).weeks_window,
    ) == (
        3,
        5,
    )
