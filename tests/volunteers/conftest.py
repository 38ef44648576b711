from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sideline.schools.models import School
from sideline.volunteers import services
from sideline.volunteers.models import Household, Program, Shift, Volunteer
from tests.conftest import World

LUNCH = {"weekday": 0, "from": "10:30", "to": "13:00"}


def add_volunteer(school: School, name: str, *programs: Program, **extra: object) -> Volunteer:
    household = Household.objects.create(school=school, family_name=name.split()[-1], key=f"{name.lower()}|t")
    fields: dict[str, object] = {
        "availability": [dict(LUNCH, weekday=d) for d in range(5)],
        "email": f"{name.split()[0].lower()}@family.example.org",
    }
    fields.update(extra)
    v = Volunteer.objects.create(household=household, name=name, **fields)
    v.programs.add(*programs)
    return v


def add_shift(
    program: Program, day: dt.date, start: dt.time = dt.time(11, 0), need: int = 1, minutes: int = 30
) -> Shift:
    end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)).time()
    return services.shift_create(program=program, day=day, start_time=start, end_time=end, need=need)


@dataclass
class Setup:
    world: World
    program: Program
    shifts: list[Shift]
    volunteers: list[Volunteer]


@pytest.fixture
def setup(world: World) -> Setup:
    """Two future Monday lunch shifts and three volunteers at lakeside."""
    program = services.program_create(school=world.school, name="Cafeteria", max_no_shows=2)
    monday = dt.date.today() + dt.timedelta(days=14 - dt.date.today().weekday())
    shifts = [add_shift(program, monday), add_shift(program, monday + dt.timedelta(days=7))]
    volunteers = [add_volunteer(world.school, n, program) for n in ("Ana Garcia", "Ben Okafor", "Cy Novak")]
    return Setup(world, program, shifts, volunteers)
