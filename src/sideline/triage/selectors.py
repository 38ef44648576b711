"""Reads for the triage inbox."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sideline.schools.models import School
from sideline.triage.models import TriageItem

RECENTLY_CLOSED = 5


def open_items(school: School, person_id: int) -> QuerySet[TriageItem]:
    """A person's open items at a school: those needing their call first, then the newest."""
    return TriageItem.objects.filter(school=school, author_id=person_id, status=TriageItem.Status.OPEN)


def recently_dismissed(school: School, person_id: int) -> QuerySet[TriageItem]:
    return TriageItem.objects.filter(
        school=school, author_id=person_id, status=TriageItem.Status.DISMISSED
    ).order_by("-status_changed_at", "-id")[:RECENTLY_CLOSED]


def inbox_counts(school: School, person_id: int) -> tuple[int, int]:
    """(open items, open items that need review) in one query."""
    agg = open_items(school, person_id).aggregate(
        total=Count("id"), review=Count("id", filter=Q(needs_review=True))
    )
    return int(agg["total"]), int(agg["review"])
