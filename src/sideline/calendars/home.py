"""The leader's **This week** home panel."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from sideline.calendars import selectors
from sideline.calendars.models import CATEGORY_CHOICES, Calendar
from sideline.schools.home import Panel
from sideline.schools.models import School
from sideline.schools.roles import LEADERS


def this_week_panel(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Panel]:
    person = getattr(request.user, "person", None)
    if person is None or not roles & LEADERS:
        return []
    today = timezone.now().astimezone(school.zone).date()
    week = selectors.week_summary(person, selectors.iso_week_of(today), school)
    has_calendar = Calendar.objects.filter(owner=person, school=school).exists()
    share = week.coaching_share
    context = {
        "school": school,
        "week": week,
        "has_calendar": has_calendar,
        "share_pct": 0 if share is None else min(100, round(share)),
        "categories": [(key, label, week.hours[key]) for key, label in CATEGORY_CHOICES],
        "choices": CATEGORY_CHOICES,
        "review": week.review_items[:8],
    }
    return [Panel("calendars/_this_week.html", context, order=10)]
