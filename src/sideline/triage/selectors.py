"""Reads for the triage inbox."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sideline.engines.triage.text import correction_key
from sideline.schools.models import School
from sideline.triage.models import Correction, TriageItem

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


def correction_key_of(text: str) -> str:
    """The key a school's correction of this text is stored under."""
    return correction_key(text) or text.strip().lower()


def correction_for(school: School, text: str) -> Correction | None:
    """The school's saved answer for this text (or a text that differs only in case, numbers, initials)."""
    return Correction.objects.filter(school=school, normalised=correction_key_of(text)).first()
