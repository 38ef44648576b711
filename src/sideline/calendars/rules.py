"""Who may see and change calendar time. Every rule of the calendars app lives here.

- A leader (principal or assistant principal) imports, syncs, corrects and exports their own calendars.
- A principal may also *read* the time audit of the other leaders at their school (they supervise the
  assistant principals); an assistant principal cannot read the principal's. Nobody but the owner
  changes a calendar or its corrections.
- District leaders read every leader's audit at their district's schools, never change anything.
- Teachers, coaches, front office and volunteer coordinators: 403. Users of other schools: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sideline.calendars.models import Calendar
from sideline.schools.models import Membership, Person, School
from sideline.schools.roles import LEADERS, Role
from sideline.schools.rules import (
    UserLike,
    get_school_for_user,
    has_role,
    is_district_leader,
    is_leader,
    standing_of,
)


@dataclass(frozen=True)
class LeaderTime:
    """The time of one leader at one school: the object the audit pages are about."""

    school: School
    person: Person


@rules.predicate
def is_owner(user: UserLike, obj: object) -> bool:
    person = obj.owner if isinstance(obj, Calendar) else getattr(obj, "person", None)
    return person is not None and standing_of(user).person_id == person.pk


is_principal = has_role(Role.PRINCIPAL)

rules.add_perm("calendars.view_calendars", is_leader | is_district_leader)
rules.add_perm("calendars.manage_calendars", is_leader)
rules.add_perm("calendars.view_time", (is_leader & is_owner) | is_principal | is_district_leader)
rules.add_perm("calendars.change_calendar", is_leader & is_owner)


def get_school_for_calendars(user: UserLike, slug: str, perm: str = "calendars.view_calendars") -> School:
    return get_school_for_user(user, slug, perm)


def leaders_of(school: School) -> list[Person]:
    return list(
        Person.objects.filter(memberships__school=school, memberships__role__in=LEADERS, active=True)
        .distinct()
        .order_by("name")
    )


def get_time_for_user(user: UserLike, school: School, person_id: int | str | None) -> LeaderTime:
    """Whose audit a page shows: the user's own by default; another leader's only if the rules allow."""
    standing = standing_of(user)
    if person_id in (None, ""):
        if standing.person_id is None or not (standing.roles_at(school) & LEADERS):
            # District leaders have no calendar of their own here: show the principal's.
            person = next(iter(leaders_of(school)), None)
            if person is None:
                raise Http404("This school has no leaders yet.")
        else:
            person = Person.objects.get(pk=standing.person_id)
    else:
        try:
            pk = int(person_id)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise Http404("No such leader") from None
        is_leader_here = Membership.objects.filter(person_id=pk, school=school, role__in=LEADERS).exists()
        if not is_leader_here:
            raise Http404("No such leader at this school")
        person = Person.objects.get(pk=pk)
    time = LeaderTime(school, person)
    if not rules.has_perm("calendars.view_time", user, time):
        raise PermissionDenied
    return time


def visible_leaders(user: UserLike, school: School) -> list[Person]:
    return [
        p for p in leaders_of(school) if rules.has_perm("calendars.view_time", user, LeaderTime(school, p))
    ]


def get_calendar_for_user(
    user: UserLike, school: School, pk: int, perm: str = "calendars.change_calendar"
) -> Calendar:
    calendar = Calendar.objects.select_related("owner", "school").filter(pk=pk, school=school).first()
    if calendar is None:
        raise Http404("No such calendar")
    if not rules.has_perm("calendars.view_time", user, LeaderTime(school, calendar.owner)):
        raise Http404("No such calendar")
    if not user.has_perm(perm, calendar):
        raise PermissionDenied
    return calendar
