from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from sideline.schools.models import Membership, Person, School
from sideline.schools.roles import Role


def staff_of(school: School) -> QuerySet[Person]:
    """Everyone with a role at the school, with their roles there, in two queries."""
    return (
        Person.objects.filter(memberships__school=school, active=True)
        .distinct()
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.filter(school=school), to_attr="roles_here")
        )
        .order_by("name")
    )


def people_with_role(school: School, role: str) -> QuerySet[Person]:
    return Person.objects.filter(memberships__school=school, memberships__role=role, active=True).order_by(
        "name"
    )


def teachers_of(school: School) -> QuerySet[Person]:
    return people_with_role(school, Role.TEACHER)


def person_at_school(school: School, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id, memberships__school=school).distinct().first()
