from __future__ import annotations

import datetime as dt
import zoneinfo

from sideline.coaching import services
from sideline.coaching.models import Goal, Observation
from sideline.schools.roles import Role
from tests.conftest import World

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at(day: str, hhmm: str = "09:00") -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(hhmm), tzinfo=CHICAGO)


def observe(
    world: World,
    *,
    by: str = Role.PRINCIPAL,
    teacher: str = Role.TEACHER,
    day: str = "2026-11-16",
    **extra: object,
) -> Observation:
    return services.observation_log(
        school=world.school,
        observer=world.people[by],
        teacher=world.people[teacher],
        start=at(day, str(extra.pop("time", "09:00"))),
        minutes=int(extra.pop("minutes", 15)),  # type: ignore[call-overload]
        evidence=str(extra.pop("evidence", "Students used whiteboards.")),
        feedback=str(extra.pop("feedback", "Keep the whiteboards.")),
        **extra,  # type: ignore[arg-type]
    )


def goal(world: World, *, by: str = Role.INSTRUCTIONAL_COACH, teacher: str = Role.TEACHER) -> Goal:
    return services.goal_propose(
        school=world.school,
        teacher=world.people[teacher],
        proposed_by=world.people[by],
        wording="Check for understanding before practice.",
        success_measure="Seen in three visits.",
        target_date=dt.date(2027, 1, 29),
        priority=world.school.priorities.first(),
    )
