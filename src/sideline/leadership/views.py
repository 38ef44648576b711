"""Thin views: access through rules.py, writes through services.py, reads through selectors.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sideline.leadership import forms, selectors, services
from sideline.leadership import rules as access
from sideline.leadership.models import Candidate, Milestone, PLCMeeting, Presentation
from sideline.schools.models import School


def _school(request: HttpRequest, slug: str, perm: str) -> School:
    school = access.get_leadership_school_for_user(request.user, slug, perm)
    request.school = school  # type: ignore[attr-defined]
    return school


def _today(school: School) -> dt.date:
    return timezone.localdate(timezone=school.zone)


def _fail(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, invalid: bool = False
) -> HttpResponse:
    return render(request, template, context, status=400 if invalid else 200)


def _vision(school: School) -> dict[str, Any]:
    return {"vision": school.vision, "priorities": list(school.priorities.all())}


# --- pipeline -------------------------------------------------------------------------------------


@login_required
def pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_pipeline")
    form = forms.CandidateForm(request.POST or None, school=school)
    if request.method == "POST":
        if not request.user.has_perm("leadership.manage_pipeline", school):
            return HttpResponse("Only the school's leaders can name future leaders.", status=403)
        if form.is_valid():
            try:
                candidate = services.candidate_identify(
                    school=school,
                    person=form.cleaned_data["person"],
                    by=access.person_of(request.user),
                    strengths=form.cleaned_data["strengths"],
                )
            except ValidationError as exc:
                _fail(form, exc)
            else:
                messages.success(
                    request, f"{candidate.person.name} is in the pipeline: hold a career conversation next."
                )
                return redirect("leadership_pipeline", school.slug)
    candidates = list(selectors.pipeline(school))
    columns = [
        (key, label, [c for c in candidates if c.stage == key]) for key, label in Candidate.Stage.choices
    ]
    context = {
        "school": school,
        "columns": columns,
        "candidates": candidates,
        "nudge": selectors.PipelineNudge(len(candidates)),
        "form": form,
        "can_edit": access.can_edit(request.user, school, "leadership.manage_pipeline"),
    }
    return _render(request, "leadership/pipeline.html", context, invalid=request.method == "POST")


def _candidate_context(
    request: HttpRequest, school: School, candidate: Candidate, **bound: Any
) -> dict[str, Any]:
    can_edit = access.can_edit(request.user, school, "leadership.manage_pipeline")
    conversations = (
        access.conversations_for_user(request.user, school)
        .filter(candidate=candidate)
        .select_related("leader")
    )
    allowed = services.TRANSITIONS[candidate.stage]
    move = bound.get("move") or forms.MoveForm(school=school)
    stage_field: Any = move.fields["to_stage"]
    stage_field.choices = [(k, v) for k, v in Candidate.Stage.choices if k in allowed]
    return {
        "school": school,
        "candidate": candidate,
        "history": list(selectors.history_of(candidate)),
        "conversations": list(conversations),
        "can_edit": can_edit,
        "move_form": move,
        "conversation_form": bound.get("conversation")
        or forms.ConversationForm(initial={"date": _today(school)}),
    }


@login_required
def candidate_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_my_path")
    candidate = access.get_candidate_for_user(request.user, school, pk)
    return render(request, "leadership/candidate.html", _candidate_context(request, school, candidate))


@login_required
@require_POST
def candidate_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_pipeline")
    candidate = access.get_candidate_for_user(request.user, school, pk)
    form = forms.MoveForm(request.POST, school=school)
    if form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.candidate_move(
                candidate=candidate,
                to_stage=data["to_stage"],
                by=access.person_of(request.user),
                revisit_on=data["revisit_on"],
                leads_kind=data["leads_kind"] or "",
                leads_what=data["leads_what"],
                leads_plc=data["leads_plc"],
                note=data["note"],
                today=_today(school),
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"{candidate.person.name}: {candidate.get_stage_display()}.")
            return redirect("leadership_candidate", school.slug, candidate.pk)
    context = _candidate_context(request, school, candidate, move=form)
    return _render(request, "leadership/candidate.html", context, invalid=True)


@login_required
@require_POST
def conversation_log(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_pipeline")
    candidate = access.get_candidate_for_user(request.user, school, pk)
    form = forms.ConversationForm(request.POST)
    if form.is_valid():
        try:
            services.conversation_log(
                candidate=candidate, leader=access.person_of(request.user), **form.cleaned_data
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Conversation logged. Only you and the candidate can read it.")
            return redirect("leadership_candidate", school.slug, candidate.pk)
    context = _candidate_context(request, school, candidate, conversation=form)
    return _render(request, "leadership/candidate.html", context, invalid=True)


@login_required
def my_path(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_my_path")
    pid = access.person_of(request.user).pk
    candidacy = selectors.pipeline(school).filter(person_id=pid).first()
    conversations = (
        access.conversations_for_user(request.user, school)
        .filter(candidate__person_id=pid)
        .select_related("leader")
    )
    visits = selectors.visits_list(access.visits_for_user(request.user, school).filter(teacher_id=pid))
    context = {
        "school": school,
        "candidacy": candidacy,
        "conversations": list(conversations),
        "visits": list(visits),
    }
    return render(request, "leadership/my_path.html", context)


# --- PLCs -----------------------------------------------------------------------------------------


@login_required
def plc_list(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_plcs")
    form = forms.PLCForm(request.POST or None, school=school)
    if request.method == "POST":
        if not request.user.has_perm("leadership.manage_plcs", school):
            return HttpResponse("Only the school's leaders can set up PLCs.", status=403)
        if form.is_valid():
            try:
                plc = services.plc_create(
                    school=school, by=access.person_of(request.user), **form.cleaned_data
                )
            except ValidationError as exc:
                _fail(form, exc)
            else:
                messages.success(request, f"PLC “{plc.name}” set up.")
                return redirect("leadership_plc", school.slug, plc.pk)
    plcs = list(selectors.plcs_of(school))
    rows = [{"plc": p, "teacher_led": selectors.teacher_led(p)} for p in plcs]
    led = sum(1 for r in rows if r["teacher_led"])
    context = {
        "school": school,
        "rows": rows,
        "teacher_led": led,
        "total": len(rows),
        "form": form,
        "can_edit": access.can_edit(request.user, school, "leadership.manage_plcs"),
        **_vision(school),
    }
    return _render(request, "leadership/plcs.html", context, invalid=request.method == "POST")


def _plc_context(request: HttpRequest, school: School, pk: int, **bound: Any) -> dict[str, Any]:
    plc = access.get_plc_for_user(request.user, school, pk)
    annotated = selectors.plcs_of(school).filter(pk=plc.pk).first()
    read_only = access.is_read_only(request.user, school)
    meetings = list(selectors.meetings_of(plc))
    for m in meetings:
        # One feedback form per meeting, with ids of its own so every label points at its input.
        if bound.get("observe_meeting") == m.pk:
            m.observe_form = bound["observe"]  # type: ignore[attr-defined]
        else:
            m.observe_form = forms.ObserveForm(  # type: ignore[attr-defined]
                auto_id=f"obs{m.pk}_%s", initial={"start_time": "15:30", "feedback_type": "celebratory"}
            )
    return {
        "school": school,
        "plc": plc,
        "teacher_led": selectors.teacher_led(annotated) if annotated is not None else False,
        "members": list(plc.members.order_by("name")),
        "meetings": meetings,
        "can_log": not read_only and request.user.has_perm("leadership.log_meeting", plc),
        "can_observe": not read_only and request.user.has_perm("leadership.observe_plc", plc),
        "meeting_form": bound.get("meeting")
        or forms.MeetingForm(school=school, initial={"date": _today(school), "priority": plc.priority_id}),
        "observe_meeting": bound.get("observe_meeting"),
        **_vision(school),
    }


@login_required
def plc_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_plcs")
    return render(request, "leadership/plc.html", _plc_context(request, school, pk))


@login_required
@require_POST
def meeting_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_plcs")
    plc = access.get_plc_for_user(request.user, school, pk)
    if access.is_read_only(request.user, school) or not request.user.has_perm("leadership.log_meeting", plc):
        return HttpResponse("Only the facilitator and the school's leaders log PLC meetings.", status=403)
    form = forms.MeetingForm(request.POST, school=school)
    if form.is_valid():
        try:
            services.meeting_log(plc=plc, by=access.person_of(request.user), **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Meeting logged.")
            return redirect("leadership_plc", school.slug, plc.pk)
    return _render(
        request, "leadership/plc.html", _plc_context(request, school, pk, meeting=form), invalid=True
    )


def _meeting(request: HttpRequest, school: School, pk: int) -> PLCMeeting:
    meeting = (
        PLCMeeting.objects.select_related("plc", "plc__school", "plc__facilitator")
        .filter(pk=pk, plc__school=school)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


@login_required
@require_POST
def meeting_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_plcs")
    meeting = _meeting(request, school, pk)
    if access.is_read_only(request.user, school) or not request.user.has_perm(
        "leadership.log_meeting", meeting.plc
    ):
        return HttpResponse("Only the facilitator and the school's leaders edit PLC meetings.", status=403)
    form = forms.MeetingUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=access.person_of(request.user), **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Meeting notes saved.")
    else:
        messages.error(request, "The notes could not be saved; check the fields.")
    return redirect("leadership_plc", school.slug, meeting.plc_id)


@login_required
@require_POST
def meeting_observe(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_plcs")
    meeting = _meeting(request, school, pk)
    if access.is_read_only(request.user, school) or not request.user.has_perm(
        "leadership.observe_plc", meeting.plc
    ):
        return HttpResponse("Only the school's leaders observe PLCs.", status=403)
    form = forms.ObserveForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_observe(
                meeting=meeting,
                observer=access.person_of(request.user),
                idempotency_key=request.POST.get("idempotency_key", ""),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Feedback to the facilitator recorded as Coaching Work.")
            return redirect("leadership_plc", school.slug, meeting.plc_id)
    form.auto_id = f"obs{meeting.pk}_%s"
    context = _plc_context(request, school, meeting.plc_id, observe=form, observe_meeting=meeting.pk)
    return _render(request, "leadership/plc.html", context, invalid=True)


# --- compare-and-contrast visits ------------------------------------------------------------------


@login_required
def visit_list(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_visits")
    form = forms.VisitForm(request.POST or None, school=school, initial={"date": _today(school)})
    if request.method == "POST":
        if not request.user.has_perm("leadership.manage_visits", school):
            return HttpResponse("Only the school's leaders plan compare-and-contrast visits.", status=403)
        if form.is_valid():
            try:
                visit = services.visit_log(
                    school=school, leader=access.person_of(request.user), **form.cleaned_data
                )
            except ValidationError as exc:
                _fail(form, exc)
            else:
                messages.success(request, "Visit logged. Next: the teacher writes what they noticed.")
                return redirect("leadership_visit", school.slug, visit.pk)
    visits = list(selectors.visits_list(access.visits_for_user(request.user, school)))
    context = {"school": school, "visits": visits, "form": form, **_vision(school)}
    return _render(request, "leadership/visits.html", context, invalid=request.method == "POST")


def _visit_context(request: HttpRequest, school: School, pk: int, **bound: Any) -> dict[str, Any]:
    visit = access.get_visit_for_user(request.user, school, pk)
    presentation = Presentation.objects.select_related("plc").filter(visit=visit).first()
    read_only = access.is_read_only(request.user, school)
    proposal = None
    presentation_form = bound.get("presentation")
    if presentation_form is None:
        venue, plc, date = services.presentation_propose(visit=visit, today=_today(school))
        proposal = {"venue": venue, "plc": plc, "date": date}
        initial: dict[str, Any] = {"venue": venue, "plc": plc.pk if plc else None, "date": date}
        if presentation is not None:
            initial = {
                "venue": presentation.venue,
                "plc": presentation.plc_id,
                "date": presentation.date,
                "title": presentation.title,
            }
        presentation_form = forms.PresentationForm(school=school, initial=initial)
    return {
        "school": school,
        "visit": visit,
        "visited": list(visit.visited.order_by("name")),
        "presentation": presentation,
        "proposal": proposal,
        "can_note": not read_only and request.user.has_perm("leadership.record_noticings", visit),
        "can_manage": not read_only and request.user.has_perm("leadership.manage_visits", school),
        "noticings_form": bound.get("noticings")
        or forms.NoticingsForm(initial={"noticings": visit.noticings}),
        "presentation_form": presentation_form,
        "happened_form": bound.get("happened") or forms.HappenedForm(initial={"on": _today(school)}),
    }


@login_required
def visit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_my_path")
    return render(request, "leadership/visit.html", _visit_context(request, school, pk))


@login_required
@require_POST
def visit_noticings(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_my_path")
    visit = access.get_visit_for_user(request.user, school, pk)
    if access.is_read_only(request.user, school) or not request.user.has_perm(
        "leadership.record_noticings", visit
    ):
        return HttpResponse("Only the teacher and the school's leaders write the noticings.", status=403)
    form = forms.NoticingsForm(request.POST)
    if form.is_valid():
        try:
            services.visit_record_noticings(
                visit=visit, by=access.person_of(request.user), **form.cleaned_data
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Noticings saved.")
            return redirect("leadership_visit", school.slug, visit.pk)
    return _render(
        request, "leadership/visit.html", _visit_context(request, school, pk, noticings=form), invalid=True
    )


@login_required
@require_POST
def visit_present(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_visits")
    visit = access.get_visit_for_user(request.user, school, pk)
    form = forms.PresentationForm(request.POST, school=school)
    if form.is_valid():
        try:
            services.presentation_schedule(
                visit=visit, by=access.person_of(request.user), **form.cleaned_data
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Presentation scheduled.")
            return redirect("leadership_visit", school.slug, visit.pk)
    context = _visit_context(request, school, pk, presentation=form)
    return _render(request, "leadership/visit.html", context, invalid=True)


@login_required
@require_POST
def visit_happened(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_visits")
    visit = access.get_visit_for_user(request.user, school, pk)
    presentation = Presentation.objects.filter(visit=visit).first()
    if presentation is None:
        messages.error(request, "Schedule the presentation first.")
        return redirect("leadership_visit", school.slug, visit.pk)
    form = forms.HappenedForm(request.POST)
    if form.is_valid():
        try:
            services.presentation_mark_happened(
                presentation=presentation, by=access.person_of(request.user), on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Recorded: the presentation happened.")
            return redirect("leadership_visit", school.slug, visit.pk)
    return _render(
        request, "leadership/visit.html", _visit_context(request, school, pk, happened=form), invalid=True
    )


# --- leverage projects ----------------------------------------------------------------------------


def _readiness(request: HttpRequest, school: School) -> Any:
    person = getattr(request.user, "person", None)
    if person is None or not request.user.has_perm("leadership.view_readiness", school):
        return None
    return selectors.readiness_for(person, school, _today(school))


@login_required
def leverage(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_leverage")
    today = _today(school)
    projects = list(selectors.projects_of(school))
    person = getattr(request.user, "person", None)
    can_edit = access.can_edit(request.user, school, "leadership.manage_leverage")
    top = selectors.top_technical_series(person, school, today) if can_edit and person is not None else []
    context = {
        "school": school,
        "projects": projects,
        "top": top,
        "readiness": _readiness(request, school) if can_edit else None,
        "can_edit": can_edit,
    }
    return render(request, "leadership/leverage.html", context)


@login_required
def project_new(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_leverage")
    initial = {
        "title": request.GET.get("title", ""),
        "replaces": request.GET.get("title", ""),
        "series_match": request.GET.get("title", ""),
        "series_uid": request.GET.get("series", ""),
        "hours_per_week": request.GET.get("hours", ""),
        "started_on": _today(school),
    }
    form = forms.ProjectForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        milestones = [line for line in data.pop("milestones").splitlines() if line.strip()]
        try:
            project = services.project_open(
                school=school, leader=access.person_of(request.user), milestones=milestones, **data
            )
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Leverage project “{project.title}” opened.")
            return redirect("leadership_project", school.slug, project.pk)
    context = {"school": school, "form": form, "readiness": _readiness(request, school), **_vision(school)}
    return _render(request, "leadership/project_new.html", context, invalid=request.method == "POST")


def _project_context(request: HttpRequest, school: School, pk: int, **bound: Any) -> dict[str, Any]:
    project = access.get_project_for_user(request.user, school, pk)
    return {
        "school": school,
        "project": project,
        "milestones": list(project.milestones.all()),
        "hours": selectors.project_hours(project, _today(school)),
        "can_edit": access.can_edit(request.user, school, "leadership.manage_leverage"),
        "milestone_form": bound.get("milestone") or forms.MilestoneForm(),
        **_vision(school),
    }


@login_required
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.view_leverage")
    return render(request, "leadership/project.html", _project_context(request, school, pk))


@login_required
@require_POST
def milestone_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_leverage")
    project = access.get_project_for_user(request.user, school, pk)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(project=project, by=access.person_of(request.user), **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            return redirect("leadership_project", school.slug, project.pk)
    context = _project_context(request, school, pk, milestone=form)
    return _render(request, "leadership/project.html", context, invalid=True)


@login_required
@require_POST
def milestone_toggle(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _school(request, slug, "leadership.manage_leverage")
    milestone = (
        Milestone.objects.select_related("project", "project__school")
        .filter(pk=pk, project__school=school)
        .first()
    )
    if milestone is None:
        raise Http404("No such milestone")
    milestone = services.milestone_set_done(
        milestone=milestone, by=access.person_of(request.user), done=request.POST.get("done") == "1"
    )
    if getattr(request, "htmx", False):
        return render(
            request, "leadership/_milestone.html", {"school": school, "m": milestone, "can_edit": True}
        )
    return redirect("leadership_project", school.slug, milestone.project_id)


# --- on message, settings -------------------------------------------------------------------------


@login_required
def on_message(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_on_message")
    rows, off = selectors.on_message(school)
    context = {
        "school": school,
        "rows": rows,
        "off": off,
        "kinds": selectors.KINDS,
        **_vision(school),
    }
    return render(request, "leadership/on_message.html", context)


@login_required
def readiness_settings(request: HttpRequest, slug: str) -> HttpResponse:
    school = _school(request, slug, "leadership.view_readiness")
    current = selectors.settings_of(school)
    form = forms.SettingsForm(
        request.POST or None,
        initial={"weeks_required": current.weeks_required, "weeks_window": current.weeks_window},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(school=school, **form.cleaned_data)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Readiness setting saved.")
            return redirect("leadership_readiness", school.slug)
    context = {"school": school, "form": form, "readiness": _readiness(request, school)}
    return _render(request, "leadership/readiness.html", context, invalid=request.method == "POST")
