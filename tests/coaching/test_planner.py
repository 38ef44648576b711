"""The planner engine (no Django) and plan_week/plan_accept/plan_edit over the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sideline.calendars.models import PlannedBlock
from sideline.coaching import services
from sideline.coaching.planner import Period, PlanInput, TeacherIn, plan
from sideline.schools.roles import Role
from tests.coaching.helpers import CHICAGO, at
from tests.conftest import World

MON = dt.date(2026, 11, 30)


def periods(planning_start: dt.time) -> tuple[Period, ...]:
    return tuple(
        [Period(d, dt.time(8), planning_start, "teaching") for d in range(5)]
        + [
            Period(
                d,
                planning_start,
                (dt.datetime.combine(MON, planning_start) + dt.timedelta(hours=1)).time(),
                "planning",
            )
            for d in range(5)
        ]
        + [
            Period(
                d,
                (dt.datetime.combine(MON, planning_start) + dt.timedelta(hours=1)).time(),
                dt.time(15, 30),
                "teaching",
            )
            for d in range(5)
        ]
    )


def data(**kw: object) -> PlanInput:
    base = dict(
        days=(MON, MON + dt.timedelta(days=1), MON + dt.timedelta(days=2)),
        zone=CHICAGO,
        day_start=dt.time(8),
        day_end=dt.time(10),
        busy=(),
        teachers=(
            TeacherIn(1, "Ann", periods=periods(dt.time(8))),
            TeacherIn(2, "Ben", days_since_seen=3),
            TeacherIn(3, "Cat", days_since_seen=12, overdue=True),
        ),
        target_days=1.0,
        visit_minutes=20,
        buffer_minutes=10,
    )
    base.update(kw)
    return PlanInput(**base)  # type: ignore[arg-type]


def hm(d: dt.datetime) -> str:
    return d.astimezone(CHICAGO).strftime("%a %H:%M")


def test_overdue_first_then_longest_unseen_with_buffers_and_never_in_planning() -> None:
    visits = plan(data())
    got = [(v.teacher_name, hm(v.start), hm(v.end), hm(v.buffer_end)) for v in visits]
    # Ann (never seen) would come second but plans 8-9: she is skipped until her teaching resumes at 9:00.
    assert got == [
        ("Cat", "Mon 08:00", "Mon 08:20", "Mon 08:30"),
        ("Ben", "Mon 08:30", "Mon 08:50", "Mon 09:00"),
        ("Ann", "Mon 09:00", "Mon 09:20", "Mon 09:30"),
    ]  # nobody is visited twice in one day, so 9:30-10:00 stays free


def test_only_free_time_and_the_emptiest_days() -> None:
    busy = (
        (
            dt.datetime.combine(MON, dt.time(8), tzinfo=CHICAGO),
            dt.datetime.combine(MON, dt.time(9), tzinfo=CHICAGO),
        ),
        (
            dt.datetime.combine(MON + dt.timedelta(days=1), dt.time(8, 10), tzinfo=CHICAGO),
            dt.datetime.combine(MON + dt.timedelta(days=1), dt.time(8, 40), tzinfo=CHICAGO),
        ),
    )
    visits = plan(data(busy=busy, days=(MON, MON + dt.timedelta(days=1))))
    # Tuesday has more free time than Monday, so the one classroom day is Tuesday, around the 8:10 meeting.
    assert [(v.teacher_name, hm(v.start)) for v in visits] == [
        ("Cat", "Tue 08:40"),
        ("Ann", "Tue 09:10"),
    ]
    for v in visits:
        for b0, b1 in busy:
            assert not (v.start < b1 and b0 < v.buffer_end)


def test_half_day_target_uses_half_the_day() -> None:
    visits = plan(data(target_days=0.5))
    assert [hm(v.start) for v in visits] == ["Mon 08:00", "Mon 08:30"]


def test_bad_buffer_is_refused() -> None:
    with pytest.raises(ValueError, match="10 to 15 minutes"):
        plan(data(buffer_minutes=5))


def test_plan_week_writes_proposed_blocks_and_accept_keeps_them_on_replan(world: World) -> None:
    leader = world.people[Role.PRINCIPAL]
    blocks = services.plan_week(
        school=world.school, leader=leader, iso_week="2026-W49", today=dt.date(2026, 11, 27)
    )
    kinds = {b.kind for b in blocks}
    assert (kinds, blocks[0].status, blocks[0].source, blocks[0].category) == (
        {"classroom_visit", "debrief"},
        "proposed",
        "coaching",
        "coaching",
    )
    assert blocks[0].title == "Classroom visit: Olga Otherteacher (room 12)"
    first_two = [blocks[0].pk, blocks[1].pk]
    assert (
        services.plan_accept(school=world.school, leader=leader, iso_week="2026-W49", block_ids=first_two)
        == 2
    )
    again = services.plan_replan(school=world.school, leader=leader, iso_week="2026-W49")
    accepted = PlannedBlock.objects.filter(status="accepted")
    assert sorted(accepted.values_list("pk", flat=True)) == sorted(first_two)
    # The re-plan works around the accepted blocks instead of double-booking them.
    a0, a1 = accepted.order_by("start").first().start, accepted.order_by("start").last().end  # type: ignore[union-attr]
    assert all(not (b.start < a1 and a0 < b.end) for b in again)


def test_plan_week_bad_week_is_a_clear_error(world: World) -> None:
    with pytest.raises(ValidationError, match="not an ISO week"):
        services.plan_week(school=world.school, leader=world.people[Role.PRINCIPAL], iso_week="next week")


def test_plan_edit_refuses_a_planning_period_and_a_holiday(world: World) -> None:
    teacher = world.people[Role.TEACHER]
    services.timetable_set(
        school=world.school,
        teacher=teacher,
        periods=[
            Period(0, dt.time(8), dt.time(9), "planning"),
            Period(0, dt.time(9), dt.time(15, 30), "teaching"),
        ],
    )
    block = PlannedBlock.objects.create(
        school=world.school,
        person=world.people[Role.PRINCIPAL],
        start=at("2026-11-30", "10:00"),
        end=at("2026-11-30", "10:20"),
        title="Visit",
        kind="classroom_visit",
        source="coaching",
        source_id=f"t{teacher.pk}",
    )
    with pytest.raises(ValidationError, match="not teaching then"):
        services.plan_edit(block=block, start=at("2026-11-30", "08:10"), minutes=20)
    with pytest.raises(ValidationError, match="not a school day"):
        services.plan_edit(block=block, start=at("2026-11-28", "10:00"), minutes=20)
    block.refresh_from_db()
    assert block.start == at("2026-11-30", "10:00")
    services.plan_edit(block=block, start=at("2026-11-30", "11:00"), minutes=25)
    block.refresh_from_db()
    assert (block.start, block.end) == (at("2026-11-30", "11:00"), at("2026-11-30", "11:25"))


def test_time_already_past_is_never_planned() -> None:
    now = dt.datetime.combine(MON + dt.timedelta(days=1), dt.time(9, 2), tzinfo=CHICAGO)
    visits = plan(data(days=(MON, MON + dt.timedelta(days=1)), not_before=now))
    # Monday is past; Tuesday starts at the next 5-minute mark after 9:02.
    assert [(v.teacher_name, hm(v.start)) for v in visits] == [("Cat", "Tue 09:05")]


def test_plan_edit_over_htmx_shows_errors_in_place(world: World) -> None:
    block = PlannedBlock.objects.create(
        school=world.school,
        person=world.people[Role.PRINCIPAL],
        start=at("2026-11-30", "10:00"),
        end=at("2026-11-30", "10:20"),
        title="Visit",
        kind="classroom_visit",
        source="coaching",
        source_id=f"t{world.people[Role.TEACHER].pk}",
    )
    client = world.client_for(Role.PRINCIPAL)
    url = f"/s/lakeside/coaching/plan/blocks/{block.pk}/"
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert b"<html" not in form.content
    assert f'id="edit-{block.pk}"'.encode() in form.content
    bad = client.post(url, {"start": "2026-11-28T10:00", "minutes": "20"}, headers={"HX-Request": "true"})
    assert (bad.status_code, bad["HX-Retarget"]) == (200, f"#edit-{block.pk}")
    assert b"is not a school day" in bad.content
    good = client.post(url, {"start": "2026-11-30T11:00", "minutes": "20"}, headers={"HX-Request": "true"})
    assert b"Block moved." in good.content
    block.refresh_from_db()
    assert block.start == at("2026-11-30", "11:00")
    # Another leader's block is not theirs to move.
    other = world.client_for(Role.ASSISTANT_PRINCIPAL).get(url)
    assert other.status_code == 404
