"""The delegation panels on the school home page: measures for leaders, the queue for the front office."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from sideline.delegation import rules as access
from sideline.delegation import selectors
from sideline.delegation.models import WorkItem
from sideline.schools.home import Panel
from sideline.schools.models import School
from sideline.schools.roles import FRONT_OFFICE, LEADERS, Role
from sideline.schools.rules import standing_of


def panels(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Panel]:
    found: list[Panel] = []
    today = timezone.now().astimezone(school.zone).date()
    if roles & LEADERS:
        found.append(
            Panel(
                "delegation/_panel_leader.html",
                {
                    "school": school,
                    "waiting": selectors.waiting_on_leader(school).count(),
                    "m": selectors.measures(school, today),
                },
                order=40,
            )
        )
    elif roles & (FRONT_OFFICE | {Role.VOLUNTEER_COORDINATOR}):
        person_id = standing_of(request.user).person_id
        # Returned items wait on the leader, not on the owner, so they do not count here.
        mine = access.work_items_for_user(request.user, school).filter(
            owner_id=person_id, state__in=[WorkItem.State.OPEN, WorkItem.State.IN_PROGRESS]
        )
        found.append(
            Panel(
                "delegation/_panel_staff.html",
                {
                    "school": school,
                    "open_count": mine.count(),
                    "overdue": mine.filter(due_date__lt=today).count(),
                    "runs_meeting": Role.ADMINISTRATIVE_ASSISTANT in roles,
                },
                order=40,
            )
        )
    return found
