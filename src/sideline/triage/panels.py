"""The leader's home-page panel: how many inbox items wait for a decision."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from sideline.schools.home import Panel
from sideline.schools.models import School
from sideline.schools.rules import standing_of
from sideline.triage import selectors


def inbox_panel(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Panel]:
    person_id = standing_of(request.user).person_id
    if person_id is None or not roles or not request.user.has_perm("triage.use_inbox", school):
        return []
    total, review = selectors.inbox_counts(school, person_id)
    url = reverse("triage_inbox", args=[school.slug])
    return [Panel("triage/_home_panel.html", {"open": total, "review": review, "url": url}, order=20)]
