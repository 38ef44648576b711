"""The triage inbox: paste tasks, see verdicts, correct one with a click, dismiss with undo."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sideline.engines.triage import DELEGATES
from sideline.schools.models import Person, School
from sideline.schools.rules import standing_of
from sideline.triage import selectors, services
from sideline.triage.models import TriageItem, delegate_label
from sideline.triage.rules import get_inbox_school_for_user, get_item_for_user

SELF_QUESTION = (
    "Is this Coaching Work that only I can do, or Technical Work best handled by my front office staff?"
)
CATEGORY_BUTTONS = [
    ("coaching", "Coaching"),
    ("technical", "Technical"),
    ("leveraged", "Leveraged"),
    ("personal", "Personal"),
]
DELEGATE_OPTIONS = [(d, delegate_label(d)) for d in DELEGATES]


def _person_id(request: HttpRequest) -> int:
    person_id = standing_of(request.user).person_id
    assert person_id is not None  # guaranteed by get_inbox_school_for_user: only members get this far
    return person_id


def _inbox_context(
    request: HttpRequest, school: School, *, text: str = "", error: str = ""
) -> dict[str, Any]:
    person_id = _person_id(request)
    return {
        "school": school,
        "items": list(selectors.open_items(school, person_id)),
        "dismissed": list(selectors.recently_dismissed(school, person_id)),
        "text": text,
        "error": error,
        "fallback": services.fallback_notice(school),
        "self_question": SELF_QUESTION,
        "categories": CATEGORY_BUTTONS,
        "delegates": DELEGATE_OPTIONS,
        "max_items": services.MAX_ITEMS_PER_PASTE,
    }


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    school = get_inbox_school_for_user(request.user, slug)
    request.school = school  # type: ignore[attr-defined]
    template = "triage/_inbox.html" if request.htmx else "triage/inbox.html"  # type: ignore[attr-defined]
    if request.method == "GET":
        return render(request, template, _inbox_context(request, school))
    raw = request.POST.get("tasks", "")
    try:
        lines = services.parse_lines(raw)
        author = Person.objects.get(pk=_person_id(request))
        created = services.triage_items_create(school=school, author=author, texts=lines)
    except services.TriageInputError as exc:
        # htmx swaps only 2xx answers; a plain form post gets a real 400. Either way the text is kept.
        status = 200 if request.htmx else 400  # type: ignore[attr-defined]
        return render(
            request, template, _inbox_context(request, school, text=raw, error=str(exc)), status=status
        )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, template, _inbox_context(request, school))
    messages.success(request, f"Triaged {len(created)} item{'s' if len(created) != 1 else ''}.")
    return redirect("triage_inbox", school.slug)


def _item_response(request: HttpRequest, item: TriageItem, *, error: str = "") -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return redirect("triage_inbox", item.school.slug)
    template = "triage/_dismissed.html" if item.status == TriageItem.Status.DISMISSED else "triage/_item.html"
    context = {
        "item": item,
        "school": item.school,
        "categories": CATEGORY_BUTTONS,
        "delegates": DELEGATE_OPTIONS,
        "item_error": error,
    }
    return render(request, template, context)


@login_required
@require_POST
def correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, slug, pk)
    person = Person.objects.filter(pk=_person_id(request)).first()
    try:
        services.triage_item_correct(
            item=item,
            category=request.POST.get("category", ""),
            delegate_to=request.POST.get("delegate_to") or None,
            by=person,
        )
    except services.TriageInputError as exc:
        return _item_response(request, item, error=str(exc))
    return _item_response(request, item)


@login_required
@require_POST
def dismiss(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, slug, pk)
    services.triage_item_set_status(item=item, status=TriageItem.Status.DISMISSED)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, f"Dismissed “{item.text}”. Restore it from the list below.")
    return _item_response(request, item)


@login_required
@require_POST
def restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, slug, pk)
    services.triage_item_set_status(item=item, status=TriageItem.Status.OPEN)
    return _item_response(request, item)
