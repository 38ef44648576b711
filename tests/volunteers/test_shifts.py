from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from sideline.schools.models import NonContactDay
from sideline.volunteers import services
from sideline.volunteers.models import Shift
from tests.conftest import World


def test_generation_skips_non_contact_days_and_stores_utc(world: World) -> None:
    school = world.school
    NonContactDay.objects.create(school=school, date=dt.date(2026, 11, 25), label="Thanksgiving")
    NonContactDay.objects.create(school=school, date=dt.date(2026, 11, 26), label="Thanksgiving")
    program = services.program_create(school=school, name="Cafeteria")
    services.template_create(
        program=program,
        weekdays=[1, 2, 3],
        start_time=dt.time(11, 0),
        end_time=dt.time(11, 30),
        need=2,
        starts_on=dt.date(2026, 11, 23),
        ends_on=dt.date(2026, 12, 4),
    )
    assert services.shifts_generate(program=program) == 4
    zone = ZoneInfo("America/Chicago")
    days = [s.start.astimezone(zone).date() for s in Shift.objects.filter(program=program)]
    assert days == [dt.date(2026, 11, 24), dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)]
    first = Shift.objects.filter(program=program).first()
    assert first is not None
    assert first.start == dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC)  # 11:00 CST
    assert first.need == 2
    # Generating again keeps what is there and adds nothing.
    assert services.shifts_generate(program=program) == 0
    assert Shift.objects.filter(program=program).count() == 4


def test_generation_follows_daylight_saving(world: World) -> None:
    program = services.program_create(school=world.school, name="Car line")
    services.template_create(
        program=program,
        weekdays=[4],
        start_time=dt.time(7, 15),
        end_time=dt.time(7, 45),
        need=1,
        starts_on=dt.date(2026, 10, 30),
        ends_on=dt.date(2026, 11, 6),
    )
    services.shifts_generate(program=program)
    starts = [s.start for s in Shift.objects.filter(program=program)]
    assert starts == [
        dt.datetime(2026, 10, 30, 12, 15, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 6, 13, 15, tzinfo=dt.UTC),
    ]


def test_bad_template_and_one_off_are_refused_with_reasons(world: World) -> None:
    program = services.program_create(school=world.school, name="Library")
    with pytest.raises(ValidationError) as exc:
        services.template_create(
            program=program, weekdays=[], start_time=dt.time(9), end_time=dt.time(8), need=0
        )
    assert sorted(exc.value.message_dict) == ["end_time", "need", "weekdays"]
    services.shift_create(
        program=program, day=dt.date(2026, 9, 1), start_time=dt.time(9), end_time=dt.time(10), need=1
    )
    with pytest.raises(ValidationError):
        services.shift_create(
            program=program, day=dt.date(2026, 9, 1), start_time=dt.time(9), end_time=dt.time(10), need=1
        )
    with pytest.raises(ValidationError):
        services.program_create(school=world.school, name="library")
    assert Shift.objects.filter(program=program).count() == 1
