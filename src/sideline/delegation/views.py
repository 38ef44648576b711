"""Thin views: access through `rules.py`, writes through `services.py`, reads through `selectors.py`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sideline.delegation import rules as access
from sideline.delegation import selectors, services
from sideline.delegation.areas import AREAS
from sideline.delegation.models import Area, DailyMeeting, WorkItem
from sideline.schools.models import Person, School, contact_days
from sideline.schools.rules import get_school_for_user, is_read_only, standing_of
from sideline.schools.selectors import person_at_school, staff_of


def _school(request: HttpRequest, slug: str, perm: str) -> School:
    school = get_school_for_user(request.user, slug, perm)
    request.school = school  # type: ignore[attr-defined]
    return school


def _actor(request: HttpRequest) -> Person | None:
    person_id = standing_of(request.user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _today(school: School) -> dt.date:
    return timezone.now().astimezone(school.zone).date()


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _int(value: str | None, what: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ValidationError(f"The form did not say which {what} it edits; reload the page.") from None


# --- hand-over (from the triage inbox and the calendar) -----------------------------------------------


@login_required
@require_POST
def handover_triage(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    school = _school(request, slug, "delegation.hand_over")
    access.check_may_hand_over_triage_item(request.user, school, item_id)
    try:
        item = services.work_item_hand_over_triage(
            school=school, triage_item_id=item_id, actor=_actor(request)
        )
    except ValidationError as exc:
        return _handover_answer(request, school, None, _errors(exc))
    return _handover_answer(request, school, item, [])


@login_required
@require_POST
def handover_series(request: HttpRequest, slug: str, occurrence_id: int) -> HttpResponse:
    school = _school(request, slug, "delegation.hand_over")
    access.check_may_hand_over_series(request.user, school, occurrence_id)
    try:
        item = services.work_item_hand_over_series(
            school=school, occurrence_id=occurrence_id, actor=_actor(request)
        )
    except ValidationError as exc:
        return _handover_answer(request, school, None, _errors(exc))
    return _handover_answer(request, school, item, [])


def _handover_answer(
    request: HttpRequest, school: School, item: WorkItem | None, errors: list[str]
) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(
            request, "delegation/_handed_over.html", {"school": school, "item": item, "errors": errors}
        )
    if item is None:
        for error in errors:
            messages.error(request, error)
    else:
        owner = item.owner.name if item.owner else "the front office"
        messages.success(request, f"Handed over to {owner}: {item.title}")
    return redirect(_next(request, reverse("delegation_queue", args=[school.slug])))


# --- the queue ---------------------------------------------------------------------------------------


def _row_context(request: HttpRequest, school: School, item: WorkItem, **extra: Any) -> dict[str, Any]:
    return {
        "school": school,
        "item": item,
        "can_work": request.user.has_perm("delegation.work_queue", school),
        "next_states": sorted(services.TRANSITIONS[item.state] - {WorkItem.State.RETURNED}),
        "state_labels": dict(WorkItem.State.choices),
        "can_return": WorkItem.State.RETURNED in services.TRANSITIONS[item.state],
        **extra,
    }


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "delegation.view_queue")
    person_id = standing_of(request.user).person_id
    items = selectors.queue_rows(access.work_items_for_user(request.user, school))
    show_done = request.GET.get("done") == "1"
    if not show_done:
        items = [i for i in items if i.state != WorkItem.State.DONE]
    mine = [i for i in items if person_id is not None and i.owner_id == person_id]
    others = [i for i in items if i not in mine]

    def rows(group: list[WorkItem]) -> list[dict[str, Any]]:
        return [_row_context(request, school, i) for i in group]

    return render(
        request,
        "delegation/queue.html",
        {
            "school": school,
            "mine": rows(mine),
            "others": rows(others),
            "show_done": show_done,
            "whole": access.sees_whole_queue(request.user, school),
            "can_capture": request.user.has_perm("delegation.capture", school),
        },
    )


@login_required
def item_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "delegation.view_queue")
    item = access.get_work_item_for_user(request.user, school, pk)
    return _render_detail(request, school, item)


def _render_detail(
    request: HttpRequest,
    school: School,
    item: WorkItem,
    *,
    form: dict[str, str] | None = None,
    errors: list[str] | None = None,
    conflict: services.WorkItemConflict | None = None,
    kept: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    values = form or {
        "title": item.title,
        "notes": item.notes,
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "owner": str(item.owner_id or ""),
        "needs_leader": item.needs_leader,
    }
    teach_from = _teach_from(request, item)
    context = _row_context(
        request,
        school,
        item,
        history=selectors.history(item),
        form=values,
        errors=errors or [],
        conflict=conflict,
        staff=list(staff_of(school)),
        needs_choices=WorkItem.NeedsLeader.choices,
        read_only=is_read_only(request.user, school),
        kept=kept or {},
        # One lookup of the triage item serves both panels (None for anyone who may not teach).
        lesson=selectors.triage_lesson(item, teach_from),
        taught=selectors.triage_taught(item, teach_from),
    )
    return render(request, "delegation/item.html", context, status=status)


def _teach_from(request: HttpRequest, item: WorkItem) -> Any | None:
    """The triage item this work item was handed over from, if this user may teach triage from it."""
    triage_item = selectors.triage_item_of(item)
    if triage_item is None or not access.may_teach_triage(request.user, triage_item):
        return None
    return triage_item


def _teachable_item(request: HttpRequest, slug: str, pk: int) -> tuple[School, WorkItem, Any]:
    """The work item and its triage item, for that triage item's author; anyone else who sees it gets 403."""
    school = _school(request, slug, "delegation.view_queue")
    item = access.get_work_item_for_user(request.user, school, pk)
    triage_item = _teach_from(request, item)
    if triage_item is None:
        raise PermissionDenied
    return school, item, triage_item


@login_required
@require_POST
def item_teach_triage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school, item, triage_item = _teachable_item(request, slug, pk)
    lesson = selectors.triage_lesson(item, triage_item)
    if lesson is None:
        # The owner changed, or the verdict was corrected, since the page was drawn.
        messages.error(request, "There is nothing to teach triage about this item any more.")
    else:
        services.work_item_teach_triage(lesson=lesson, actor=_actor(request))
        messages.success(
            request,
            f"Triage will now suggest the {lesson.role_label.lower()} for “{lesson.triage_item.text}” "
            "and items like it, at this school.",
        )
    return redirect("delegation_item", school.slug, item.pk)


@login_required
@require_POST
def item_forget_triage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school, item, triage_item = _teachable_item(request, slug, pk)
    correction = selectors.triage_taught(item, triage_item)
    if correction is None:
        messages.error(request, "Triage has no correction for this item's text to forget.")
    else:
        services.work_item_forget_triage(correction=correction)
        messages.success(request, f"Triage forgot its correction for “{correction.text}”.")
    return redirect("delegation_item", school.slug, item.pk)


@login_required
@require_POST
def item_state(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "delegation.work_queue")
    item = access.get_work_item_for_user(request.user, school, pk)
    kept = {"reason": request.POST.get("reason", ""), "needs_leader": request.POST.get("needs_leader", "")}
    try:
        item = services.work_item_set_state(
            item=item,
            state=request.POST.get("state", ""),
            version=_int(request.POST.get("version"), "version"),
            actor=_actor(request),
            reason=kept["reason"],
            needs_leader=kept["needs_leader"],
        )
    except services.WorkItemConflict as conflict:
        return _state_answer(request, school, conflict.current, [str(conflict)], kept, conflict, 409)
    except ValidationError as exc:
        return _state_answer(request, school, item, _errors(exc), kept, None, 400)
    if not getattr(request, "htmx", False):
        messages.success(request, f"{item.title}: {item.get_state_display().lower()}.")
    return _state_answer(request, school, item, [], {}, None, 200)


def _state_answer(
    request: HttpRequest,
    school: School,
    item: WorkItem,
    errors: list[str],
    kept: dict[str, str],
    conflict: services.WorkItemConflict | None,
    status: int,
) -> HttpResponse:
    if getattr(request, "htmx", False):
        # htmx swaps 2xx answers only; the row carries the error (and the typed reason) so it is seen.
        context = _row_context(request, school, item, errors=errors, kept=kept, conflict=conflict)
        return render(request, "delegation/_item_row.html", context)
    if errors:
        return _render_detail(
            request, school, item, errors=errors, conflict=conflict, kept=kept, status=status
        )
    return redirect(_next(request, reverse("delegation_item", args=[school.slug, item.pk])))


@login_required
@require_POST
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "delegation.work_queue")
    item = access.get_work_item_for_user(request.user, school, pk)
    form = {k: request.POST.get(k, "") for k in ("title", "notes", "due_date", "owner", "needs_leader")}
    try:
        due = dt.date.fromisoformat(form["due_date"]) if form["due_date"] else None
    except ValueError:
        return _render_detail(
            request, school, item, form=form, errors=["The due date must be a date."], status=400
        )
    owner = None
    if form["owner"]:
        owner = person_at_school(school, _int_or_zero(form["owner"]))
        if owner is None:
            return _render_detail(
                request, school, item, form=form, errors=["Pick an owner from the staff list."], status=400
            )
    try:
        services.work_item_edit(
            item=item,
            version=_int(request.POST.get("version"), "version"),
            actor=_actor(request),
            title=form["title"],
            notes=form["notes"],
            due_date=due,
            owner=owner,
            needs_leader=form["needs_leader"] or WorkItem.NeedsLeader.NONE,
        )
    except services.WorkItemConflict as conflict:
        return _render_detail(request, school, conflict.current, form=form, conflict=conflict, status=409)
    except ValidationError as exc:
        return _render_detail(request, school, item, form=form, errors=_errors(exc), status=400)
    messages.success(request, "Saved.")
    return redirect("delegation_item", school.slug, item.pk)


def _int_or_zero(value: str) -> int:
    return int(value) if value.isdigit() else 0


@login_required
@require_POST
def item_note(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "delegation.work_queue")
    item = access.get_work_item_for_user(request.user, school, pk)
    try:
        services.work_item_add_note(item=item, actor=_actor(request), note=request.POST.get("note", ""))
    except ValidationError as exc:
        return _render_detail(request, school, item, errors=_errors(exc), status=400)
    messages.success(request, "Note added.")
    return redirect("delegation_item", school.slug, item.pk)


# --- quick capture -----------------------------------------------------------------------------------


@login_required
def capture(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "delegation.capture")
    form = {"title": "", "notes": "", "area": "", "due_date": "", "needs_leader": "none"}
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, v) for k, v in form.items()}
        try:
            due = dt.date.fromisoformat(form["due_date"]) if form["due_date"] else None
        except ValueError:
            errors = ["The due date must be a date."]
        else:
            try:
                item = services.work_item_create(
                    school=school,
                    title=form["title"],
                    notes=form["notes"],
                    area=form["area"],
                    due_date=due,
                    needs_leader=form["needs_leader"],
                    actor=_actor(request),
                    source=WorkItem.Source.PHONE,
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                owner = item.owner.name if item.owner else "nobody yet: name a first responder"
                messages.success(request, f"Captured “{item.title}” for {owner}.")
                return redirect("delegation_capture", school.slug)
        status = 400
    return render(
        request,
        "delegation/capture.html",
        {
            "school": school,
            "form": form,
            "errors": errors,
            "areas": Area.choices,
            "needs_choices": WorkItem.NeedsLeader.choices,
        },
        status=status,
    )


# --- the leader's list -------------------------------------------------------------------------------


@login_required
def waiting(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "delegation.view_waiting")
    items = list(selectors.waiting_on_leader(school))
    can_decide = request.user.has_perm("delegation.decide", school)
    person = _actor(request) if can_decide else None
    series = selectors.recurring_technical_series(school, person, timezone.now()) if person else []
    return render(
        request,
        "delegation/waiting.html",
        {"school": school, "items": items, "can_decide": can_decide, "series": series},
    )


# --- first responders and the auto-reply --------------------------------------------------------------


@login_required
def responders(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "delegation.view_responders")
    can_edit = request.user.has_perm("delegation.change_responders", school)
    staff = list(staff_of(school))
    current = selectors.responders_of(school)
    values = {
        area: {
            "person": str(current[area].person_id) if area in current else "",
            "backup": str(current[area].backup_id or "") if area in current else "",
        }
        for area in AREAS
    }
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not can_edit:
            return HttpResponse("Only the school's leaders can name first responders.", status=403)
        by_id = {str(p.pk): p for p in staff}
        values = {
            a: {"person": request.POST.get(f"person_{a}", ""), "backup": request.POST.get(f"backup_{a}", "")}
            for a in AREAS
        }
        plan = []
        for area in AREAS:
            person = by_id.get(values[area]["person"])
            backup = by_id.get(values[area]["backup"]) if values[area]["backup"] else None
            if person is None:
                errors[area] = "Pick a first responder from the staff list."
            elif values[area]["backup"] and backup is None:
                errors[area] = "Pick the backup from the staff list."
            elif backup is not None and backup.pk == person.pk:
                errors[area] = "The backup must be someone other than the first responder."
            else:
                plan.append((area, person, backup))
        if not errors:
            for area, person, backup in plan:
                services.first_responder_set(school=school, area=area, person=person, backup=backup)
            messages.success(request, "First responders saved.")
            return redirect("delegation_responders", school.slug)
        status = 400
    rows = [
        {"area": a, "label": dict(Area.choices)[a], **values[a], "error": errors.get(a, "")} for a in AREAS
    ]
    return render(
        request,
        "delegation/responders.html",
        {"school": school, "rows": rows, "staff": staff, "can_edit": can_edit, "has_errors": bool(errors)},
        status=status,
    )


@login_required
def auto_reply(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "delegation.view_auto_reply")
    current = selectors.responders_of(school)
    leader = _actor(request)
    lines = [
        f"- {fr.get_area_display()}: {fr.person.name} <{fr.person.email}>"
        for area in AREAS
        if (fr := current.get(area))
    ]
    return render(
        request,
        "delegation/auto_reply.html",
        {"school": school, "lines": lines, "leader": leader},
    )


# --- the daily meeting -------------------------------------------------------------------------------


def _meeting_day(school: School, date: str | None) -> dt.date:
    if date is None:
        return _today(school)
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        raise Http404("Not a date") from None


@login_required
def meeting(request: HttpRequest, slug: str, date: str | None = None) -> HttpResponse:
    school = _school(request, slug, "delegation.view_meeting")
    day = _meeting_day(school, date)
    can_change = request.user.has_perm("delegation.change_meeting", school)
    if request.method == "POST":
        if not can_change:
            return HttpResponse(
                "Only the leader and the administrative assistant run the daily meeting.", status=403
            )
        try:
            services.meeting_generate(school=school, date=day)
        except ValidationError as exc:
            for error in _errors(exc):
                messages.error(request, error)
        else:
            messages.success(request, "Agenda generated.")
        return redirect("delegation_meeting_day", school.slug, day.isoformat())
    found = DailyMeeting.objects.filter(school=school, date=day).first()
    next_days = contact_days(school, day + dt.timedelta(days=1), day + dt.timedelta(days=14))
    prev_days = contact_days(
        school, max(school.year_start, day - dt.timedelta(days=14)), day - dt.timedelta(days=1)
    )
    return render(
        request,
        "delegation/meeting.html",
        {
            "school": school,
            "day": day,
            "meeting": found,
            "items": list(found.items.order_by("position", "id")) if found else [],
            "is_school_day": bool(contact_days(school, day, day)),
            "can_change": can_change,
            "next_day": next_days[0] if next_days else None,
            "prev_day": prev_days[-1] if prev_days else None,
        },
    )


def _meeting_for_change(request: HttpRequest, slug: str, date: str) -> tuple[School, DailyMeeting]:
    school = _school(request, slug, "delegation.change_meeting")
    found = DailyMeeting.objects.filter(school=school, date=_meeting_day(school, date)).first()
    if found is None:
        raise Http404("No agenda for that day yet")
    return school, found


@login_required
@require_POST
def meeting_move(request: HttpRequest, slug: str, date: str, item_id: int) -> HttpResponse:
    school, found = _meeting_for_change(request, slug, date)
    errors: list[str] = []
    try:
        services.agenda_item_move(meeting=found, item_id=item_id, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        errors = _errors(exc)
    if getattr(request, "htmx", False):
        items = list(found.items.order_by("position", "id"))
        return render(
            request,
            "delegation/_agenda.html",
            {"school": school, "meeting": found, "items": items, "can_change": True, "errors": errors},
        )
    for error in errors:
        messages.error(request, error)
    return redirect("delegation_meeting_day", school.slug, found.date.isoformat())


@login_required
@require_POST
def meeting_add(request: HttpRequest, slug: str, date: str) -> HttpResponse:
    school, found = _meeting_for_change(request, slug, date)
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    try:
        services.agenda_item_add(meeting=found, title=title, body=body, actor=_actor(request))
    except ValidationError as exc:
        return render(
            request,
            "delegation/meeting.html",
            {
                "school": school,
                "day": found.date,
                "meeting": found,
                "items": list(found.items.order_by("position", "id")),
                "is_school_day": True,
                "can_change": True,
                "add_errors": _errors(exc),
                "add_form": {"title": title, "body": body},
            },
            status=400,
        )
    messages.success(request, "Added to the agenda.")
    return redirect("delegation_meeting_day", school.slug, found.date.isoformat())


@login_required
@require_POST
def meeting_send(request: HttpRequest, slug: str, date: str) -> HttpResponse:
    school, found = _meeting_for_change(request, slug, date)
    try:
        sent_to = services.meeting_send(meeting=found)
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    except OSError as exc:
        messages.error(
            request, f"The mail server did not take the message ({exc}); nothing was lost, try again."
        )
    else:
        messages.success(request, f"Sent to {', '.join(sent_to)}.")
    return redirect("delegation_meeting_day", school.slug, found.date.isoformat())
