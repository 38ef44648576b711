"""Who may see and do what with schools and people. The only place these rules live.

Every page of a school is reached through `get_school_for_user`, so a user of one school can never
reach another school's data: without any standing at the school they get a 404 (the school's
existence is not revealed), with standing but not the right permission a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from sideline.schools.models import District, Membership, Person, School
from sideline.schools.roles import COACHES, FRONT_OFFICE, LEADERS, Role

UserLike = User | AnonymousUser


@dataclass(frozen=True)
class Standing:
    """A user's roles, loaded once per request and cached on the user object."""

    person_id: int | None = None
    district_id: int | None = None
    roles_by_school: dict[int, frozenset[str]] = field(default_factory=dict)
    district_leader_of: frozenset[int] = frozenset()

    def roles_at(self, school: School) -> frozenset[str]:
        return self.roles_by_school.get(school.pk, frozenset())

    def leads_district_of(self, school: School) -> bool:
        return school.district_id in self.district_leader_of


def standing_of(user: UserLike) -> Standing:
    if not user.is_authenticated:
        return Standing()
    cached = getattr(user, "_sideline_standing", None)
    if cached is not None:
        return cached
    person = Person.objects.filter(user_id=user.pk, active=True).first()
    if person is None:
        standing = Standing()
    else:
        by_school: dict[int, set[str]] = {}
        district_leader_of: set[int] = set()
        for school_id, role in Membership.objects.filter(person=person).values_list("school_id", "role"):
            if role == Role.DISTRICT_LEADER:
                district_leader_of.add(person.district_id)
            elif school_id is not None:
                by_school.setdefault(school_id, set()).add(role)
        standing = Standing(
            person_id=person.pk,
            district_id=person.district_id,
            roles_by_school={k: frozenset(v) for k, v in by_school.items()},
            district_leader_of=frozenset(district_leader_of),
        )
    user._sideline_standing = standing  # type: ignore[union-attr,attr-defined]
    return standing


def person_of(user: UserLike) -> Person:
    """The Person behind a logged-in user; 403 for an account linked to nobody."""
    person_id = standing_of(user).person_id
    if person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=person_id)


def forget_standing(user: UserLike) -> None:
    """Drop the cached roles (after a membership changes within one request or test)."""
    if hasattr(user, "_sideline_standing"):
        del user._sideline_standing  # type: ignore[union-attr]


def _school_of(obj: object) -> School | None:
    if isinstance(obj, School):
        return obj
    school = getattr(obj, "school", None)
    return school if isinstance(school, School) else None


def has_role(*role_keys: str) -> rules.Predicate:
    wanted = frozenset(role_keys)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user: UserLike, obj: object = None) -> bool:
        school = _school_of(obj)
        return school is not None and bool(standing_of(user).roles_at(school) & wanted)

    return predicate


@rules.predicate
def is_member(user: UserLike, obj: object = None) -> bool:
    school = _school_of(obj)
    return school is not None and bool(standing_of(user).roles_at(school))


@rules.predicate
def is_district_leader(user: UserLike, obj: object = None) -> bool:
    if isinstance(obj, District):
        return obj.pk in standing_of(user).district_leader_of
    school = _school_of(obj)
    return school is not None and standing_of(user).leads_district_of(school)


is_leader = has_role(*LEADERS)
is_coach = has_role(*COACHES)
is_front_office = has_role(*FRONT_OFFICE)
is_teacher = has_role(Role.TEACHER)
is_volunteer_coordinator = has_role(Role.VOLUNTEER_COORDINATOR)

# A school's pages: members read; district leaders read every school of their district.
rules.add_perm("schools.view_school", is_member | is_district_leader)
rules.add_perm("schools.view_staff", is_member | is_district_leader)
rules.add_perm("schools.view_settings", is_leader | is_district_leader)
rules.add_perm("schools.change_school", is_leader)
rules.add_perm("schools.view_district", is_district_leader)


def get_school_for_user(user: UserLike, slug: str, perm: str = "schools.view_school") -> School:
    """The school a page is about, if this user may use `perm` on it; 404 without any standing there."""
    school = School.objects.select_related("district").filter(slug=slug).first()
    if school is None or not user.has_perm("schools.view_school", school):
        raise Http404("No such school")
    if perm != "schools.view_school" and not user.has_perm(perm, school):
        raise PermissionDenied
    # Pages about a school show its times in its own zone; SchoolTimezoneMiddleware resets it.
    timezone.activate(school.zone)
    return school


def get_district_for_user(user: UserLike, slug: str) -> District:
    district = District.objects.filter(slug=slug).first()
    if district is None or not user.has_perm("schools.view_district", district):
        raise Http404("No such district")
    return district


def schools_for_user(user: UserLike) -> list[School]:
    """Every school the user may open, their own first."""
    standing = standing_of(user)
    own = set(standing.roles_by_school)
    qs = School.objects.filter(pk__in=own) | School.objects.filter(
        district_id__in=standing.district_leader_of
    )
    return sorted(qs.distinct(), key=lambda s: (s.pk not in own, s.name))


def is_read_only(user: UserLike, school: School) -> bool:
    """District leaders see their schools read-only; the UI hides edit controls for them."""
    return not standing_of(user).roles_at(school)
