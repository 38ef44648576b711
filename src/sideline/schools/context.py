from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sideline.schools import nav
from sideline.schools.models import School
from sideline.schools.rules import schools_for_user, standing_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The school the page is about (or the user's own) and the menu entries the user may follow."""
    user = request.user
    if not user.is_authenticated:
        return {}
    school: School | None = getattr(request, "school", None)
    schools = schools_for_user(user)
    if school is None and schools:
        school = schools[0]
    standing = standing_of(user)
    return {
        "nav_school": school,
        "nav_schools": schools,
        "nav_sections": nav.sections_for(user, school) if school else [],
        "nav_districts": sorted(standing.district_leader_of),
        "nav_district_slug": school.district.slug if school and standing.district_leader_of else None,
    }
