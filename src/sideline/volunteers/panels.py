from __future__ import annotations

from django.http import HttpRequest

from sideline.schools.home import Panel
from sideline.schools.models import School
from sideline.schools.roles import LEADERS, Role
from sideline.volunteers import selectors


def home_panels(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Panel]:
    if not (roles & (LEADERS | {Role.VOLUNTEER_COORDINATOR})):
        return []
    context = {
        "slug": school.slug,
        "programs": selectors.programs_of(school),
        "swaps": len(selectors.open_swaps(school)),
    }
    order = 20 if Role.VOLUNTEER_COORDINATOR in roles else 80
    return [Panel("volunteers/_panel.html", context, order)]
