"""Role keys used everywhere in Sideline, and the groups of them that access rules talk about."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PRINCIPAL = "principal", "Principal"
    ASSISTANT_PRINCIPAL = "assistant_principal", "Assistant principal"
    INSTRUCTIONAL_COACH = "instructional_coach", "Instructional coach"
    ADMINISTRATIVE_ASSISTANT = "administrative_assistant", "Administrative assistant"
    BOOKKEEPER = "bookkeeper", "Bookkeeper"
    REGISTRAR = "registrar", "Registrar"
    CUSTODIAN = "custodian", "Custodian"
    NURSE = "nurse", "Nurse"
    COUNSELOR = "counselor", "Counselor"
    TECHNOLOGY = "technology", "Technology"
    TEACHER = "teacher", "Teacher"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", "Volunteer coordinator"
    DISTRICT_LEADER = "district_leader", "District leader"


ROLE_KEYS: frozenset[str] = frozenset(Role.values)

#: Leaders run the school: they see and change everything at their school.
LEADERS: frozenset[str] = frozenset({Role.PRINCIPAL, Role.ASSISTANT_PRINCIPAL})
#: Coaches see coaching records (not evaluations) at their school.
COACHES: frozenset[str] = frozenset({Role.INSTRUCTIONAL_COACH})
#: Front-office and support staff: they own Technical Work.
FRONT_OFFICE: frozenset[str] = frozenset(
    {
        Role.ADMINISTRATIVE_ASSISTANT,
        Role.BOOKKEEPER,
        Role.REGISTRAR,
        Role.CUSTODIAN,
        Role.NURSE,
        Role.COUNSELOR,
        Role.TECHNOLOGY,
    }
)
#: Roles held at a school (district leaders hold theirs at the district).
SCHOOL_ROLES: frozenset[str] = ROLE_KEYS - {Role.DISTRICT_LEADER}


def role_label(key: str) -> str:
    return str(Role(key).label)
