"""The leader's "ready, aim, fire" home panel, with the pipeline nudge."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from sideline.leadership import selectors
from sideline.schools.home import Panel
from sideline.schools.models import School
from sideline.schools.roles import LEADERS


def readiness_panel(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Panel]:
    person = getattr(request.user, "person", None)
    if person is None or not roles & LEADERS:
        return []
    today = timezone.localdate(timezone=school.zone)
    context = {
        "school": school,
        "readiness": selectors.readiness_for(person, school, today),
        "nudge": selectors.nudge_for(school),
    }
    return [Panel("leadership/_readiness_panel.html", context, order=40)]
