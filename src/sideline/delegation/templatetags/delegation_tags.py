"""Template helpers for the hand-over buttons other apps include (the triage inbox, the calendar pages).

The responder names are looked up once per request and cached on it, so a list of fifty verdicts
costs one query, not fifty.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from sideline.delegation.areas import area_for_delegate
from sideline.delegation.models import FirstResponder
from sideline.schools.models import School

register = template.Library()


def _school(context: template.Context, obj: Any) -> School | None:
    school = context.get("school") or getattr(context.get("request"), "school", None)
    if isinstance(school, School):
        return school
    found = getattr(obj, "school", None) or getattr(getattr(obj, "calendar", None), "school", None)
    return found if isinstance(found, School) else None


def _responders(context: template.Context, school: School) -> dict[str, str]:
    request = context.get("request")
    key = f"_delegation_responders_{school.pk}"
    cached = getattr(request, key, None)
    if cached is None:
        cached = dict(FirstResponder.objects.filter(school=school).values_list("area", "person__name"))
        if request is not None:
            setattr(request, key, cached)
    return cached


@register.simple_tag(takes_context=True)
def handover(context: template.Context, obj: Any, kind: str) -> dict[str, Any]:
    """What a hand-over button needs: {allowed, url, label}. kind is "triage" or "series"."""
    school = _school(context, obj)
    request = context.get("request")
    user = getattr(request, "user", None)
    if school is None or user is None or not user.has_perm("delegation.hand_over", school):
        return {"allowed": False}
    area = area_for_delegate(getattr(obj, "delegate_to", None) or None)
    name = _responders(context, school).get(area)
    who = name.split()[0] if name else "the front office"
    if kind == "series":
        url = reverse("delegation_handover_series", args=[school.slug, obj.pk])
        label = (
            f"Hand over the series to {who}" if getattr(obj, "recurring", False) else f"Hand over to {who}"
        )
    else:
        url = reverse("delegation_handover_triage", args=[school.slug, obj.pk])
        label = f"Hand over to {who}"
    return {"allowed": True, "url": url, "label": label, "area": area, "responder": name or ""}
