"""Thin views: access through rules.py, writes through services.py, reads through selectors.py."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sideline.calendars.models import PlannedBlock
from sideline.coaching import forms, selectors, services
from sideline.coaching.models import Goal, Observation, TeacherTimetable
from sideline.coaching.rules import (
    get_goal_for_user,
    get_observation_for_user,
    goals_for_user,
    observations_for_user,
    person_of,
    private_notes_for,
)
from sideline.schools.models import School
from sideline.schools.rules import get_school_for_user, is_leader
from sideline.schools.selectors import teachers_of

View = Callable[..., HttpResponse]


def school_view(perm: str) -> Callable[[View], View]:
    """Resolve the school (404 / 403 per the rules); get_school_for_user also activates its zone."""

    def wrap(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def inner(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            school = get_school_for_user(request.user, slug, perm)
            request.school = school  # type: ignore[attr-defined]
            return view(request, school, *args, **kwargs)

        return inner

    return wrap


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# Observations -----------------------------------------------------------------------------------------


@school_view("coaching.log_observation")
def observe(request: HttpRequest, school: School) -> HttpResponse:
    can_evaluate = is_leader(request.user, school)
    teachers = teachers_of(school)
    json_wanted = request.headers.get("X-Sideline-Offline") == "1"
    if request.method == "POST":
        form = forms.ObservationForm(
            request.POST, school=school, teachers=teachers, can_evaluate=can_evaluate
        )
        if form.is_valid():
            data = form.cleaned_data
            follows_up = None
            if data.get("follows_up"):
                follows_up = observations_for_user(request.user, school).filter(pk=data["follows_up"]).first()
            try:
                obs = services.observation_log(
                    school=school,
                    observer=person_of(request.user),
                    teacher=data["teacher"],
                    start=data["start"],
                    minutes=data["minutes"],
                    kind=data["kind"],
                    priority=data["priority"],
                    evidence=data["evidence"],
                    feedback=data["feedback"],
                    feedback_type=data["feedback_type"],
                    next_step=data["next_step"],
                    private_notes=data["private_notes"],
                    is_evaluation=data.get("is_evaluation", False),
                    follows_up=follows_up,
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                if obs.next_step and obs.debrief == Observation.Debrief.NONE:
                    target = reverse("coaching_follow_up", args=[school.slug, obs.pk])
                else:
                    target = reverse("coaching_observation", args=[school.slug, obs.pk])
                messages.success(request, f"Visit to {obs.teacher.name} saved.")
                if json_wanted:
                    return JsonResponse({"ok": True, "url": target, "id": obs.pk})
                return redirect(target)
        status = 400
    else:
        initial: dict[str, Any] = {
            "start": timezone.localtime().replace(second=0, microsecond=0),
            "minutes": 15,
        }
        if request.GET.get("teacher"):
            initial["teacher"] = request.GET["teacher"]
        if request.GET.get("follows_up"):
            initial["follows_up"] = request.GET["follows_up"]
            initial["kind"] = Observation.Kind.FOLLOW_UP
        form = forms.ObservationForm(
            initial=initial, school=school, teachers=teachers, can_evaluate=can_evaluate
        )
        status = 200
    return render(request, "coaching/observe.html", {"school": school, "form": form}, status=status)


@school_view("coaching.view_observations")
def observation_list(request: HttpRequest, school: School) -> HttpResponse:
    observations = list(
        observations_for_user(request.user, school).select_related("teacher", "observer", "priority")[:200]
    )
    return render(request, "coaching/observations.html", {"school": school, "observations": observations})


@school_view("schools.view_school")
def observation_detail(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    obs = get_observation_for_user(request.user, school, pk)
    return render(request, "coaching/observation.html", _observation_context(request, school, obs))


def _observation_context(request: HttpRequest, school: School, obs: Observation) -> dict[str, Any]:
    user = request.user
    return {
        "school": school,
        "obs": obs,
        "private_notes": private_notes_for(user, obs),
        "can_acknowledge": user.has_perm("coaching.acknowledge_feedback", obs),
        "can_close_step": user.has_perm("coaching.close_next_step", obs) and obs.next_step_open,
        "can_follow_up": user.has_perm("coaching.plan_follow_up", obs) and obs.next_step_open,
        "can_mark_debrief": user.has_perm("coaching.log_observation", school) and obs.debrief != "held",
    }


@require_POST
@school_view("schools.view_school")
def observation_acknowledge(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    obs = get_observation_for_user(request.user, school, pk)
    if not request.user.has_perm("coaching.acknowledge_feedback", obs):
        raise PermissionDenied
    services.feedback_acknowledge(observation=obs, teacher=person_of(request.user))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "coaching/_feedback_item.html", {"school": school, "obs": obs})
    messages.success(request, "Feedback acknowledged.")
    return redirect("coaching_me", school.slug)


@require_POST
@school_view("schools.view_school")
def observation_close_step(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    obs = get_observation_for_user(request.user, school, pk)
    if not request.user.has_perm("coaching.close_next_step", obs):
        raise PermissionDenied
    try:
        services.next_step_close(observation=obs, by=person_of(request.user))
        messages.success(request, "Next step closed.")
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return redirect("coaching_observation", school.slug, obs.pk)


@school_view("coaching.log_observation")
def observation_follow_up(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    obs = get_observation_for_user(request.user, school, pk)
    if not request.user.has_perm("coaching.plan_follow_up", obs):
        raise PermissionDenied
    blocks: list[PlannedBlock] = []
    error = ""
    if request.method == "POST":
        try:
            blocks = services.followup_propose(observation=obs, by=person_of(request.user))
        except ValidationError as exc:
            error = " ".join(_errors(exc))
    return render(
        request,
        "coaching/follow_up.html",
        {
            "school": school,
            "obs": obs,
            "blocks": blocks,
            "error": error,
            "week": selectors.iso_week_of(blocks[0].start.astimezone(school.zone).date()) if blocks else "",
        },
    )


# The teacher's own page ---------------------------------------------------------------------------------


@school_view("coaching.view_my_coaching")
def my_coaching(request: HttpRequest, school: School) -> HttpResponse:
    me = person_of(request.user)
    observations = list(
        observations_for_user(request.user, school).filter(teacher=me).select_related("observer", "priority")
    )
    goals = list(selectors.goals_of_teacher(school, me))
    return render(
        request,
        "coaching/me.html",
        {
            "school": school,
            "to_acknowledge": [o for o in observations if o.acknowledged_at is None],
            "observations": observations,
            "to_accept": [
                g for g in goals if g.state == Goal.State.PROPOSED and not g.accepted_by_teacher_at
            ],
            "waiting": [g for g in goals if g.state == Goal.State.PROPOSED and g.accepted_by_teacher_at],
            "active": [g for g in goals if g.state == Goal.State.ACTIVE],
            "closed": [g for g in goals if g.state == Goal.State.CLOSED],
            "checkin_form": forms.CheckInForm(),
            "propose_form": forms.GoalForm(school=school),
        },
    )


# Goals -------------------------------------------------------------------------------------------------


@school_view("coaching.propose_goal")
def goal_list(request: HttpRequest, school: School) -> HttpResponse:
    coach_side = request.user.has_perm("coaching.view_goals", school)
    me = person_of(request.user)
    form: forms.GoalForm
    if request.method == "POST":
        if coach_side:
            form = forms.ProposeGoalForm(request.POST, school=school, teachers=teachers_of(school))
        else:
            form = forms.GoalForm(request.POST, school=school)
        if form.is_valid():
            data = form.cleaned_data
            try:
                goal = services.goal_propose(
                    school=school,
                    teacher=data["teacher"] if coach_side else me,
                    proposed_by=me,
                    wording=data["wording"],
                    success_measure=data["success_measure"],
                    target_date=data["target_date"],
                    priority=data["priority"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, "Goal proposed. It becomes active when both of you accept it.")
                return redirect("coaching_goal", school.slug, goal.pk)
        status = 400
    else:
        form = (
            forms.ProposeGoalForm(school=school, teachers=teachers_of(school))
            if coach_side
            else forms.GoalForm(school=school)
        )
        status = 200
    goals = list(goals_for_user(request.user, school).select_related("teacher", "priority"))
    return render(
        request, "coaching/goals.html", {"school": school, "goals": goals, "form": form}, status=status
    )


@school_view("schools.view_school")
def goal_detail(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, school, pk)
    return render(request, "coaching/goal.html", _goal_context(request, school, goal))


def _goal_context(request: HttpRequest, school: School, goal: Goal, **extra: Any) -> dict[str, Any]:
    user = request.user
    me_id = getattr(person_of(user), "pk", None)
    side = "teacher" if me_id == goal.teacher_id else "coach"
    accepted_by_me = goal.accepted_by_teacher_at if side == "teacher" else goal.accepted_by_coach_at
    context = {
        "school": school,
        "goal": goal,
        "checkins": list(goal.checkins.all()),
        "supports": list(goal.supports.select_related("author")),
        "can_accept": user.has_perm("coaching.accept_goal", goal) and not accepted_by_me,
        "can_reword": user.has_perm("coaching.reword_goal", goal),
        "can_checkin": user.has_perm("coaching.checkin_goal", goal),
        "can_support": user.has_perm("coaching.support_goal", goal) and goal.state != Goal.State.CLOSED,
        "can_close": user.has_perm("coaching.close_goal", goal) and goal.state != Goal.State.CLOSED,
        "reword_form": forms.GoalForm(instance=goal, school=school),
        "checkin_form": forms.CheckInForm(),
        "support_form": forms.SupportForm(),
        "close_form": forms.CloseGoalForm(),
    }
    context.update(extra)
    return context


@require_POST
@school_view("schools.view_school")
def goal_action(request: HttpRequest, school: School, pk: int, action: str) -> HttpResponse:
    goal = get_goal_for_user(request.user, school, pk)
    perm = {
        "accept": "coaching.accept_goal",
        "reword": "coaching.reword_goal",
        "checkin": "coaching.checkin_goal",
        "support": "coaching.support_goal",
        "close": "coaching.close_goal",
    }[action]
    if not request.user.has_perm(perm, goal):
        raise PermissionDenied
    me = person_of(request.user)
    extra: dict[str, Any] = {}
    try:
        if action == "accept":
            goal = services.goal_accept(goal=goal, by=me)
            messages.success(
                request,
                "Goal accepted: it is active." if goal.state == Goal.State.ACTIVE else "Goal accepted.",
            )
        elif action == "reword":
            form = forms.GoalForm(request.POST, instance=Goal.objects.get(pk=goal.pk), school=school)
            if not form.is_valid():
                raise _FormInvalid("reword_form", form)
            d = form.cleaned_data
            goal = services.goal_reword(
                goal=goal,
                by=me,
                wording=d["wording"],
                success_measure=d["success_measure"],
                target_date=d["target_date"],
                priority=d["priority"],
            )
            messages.success(request, "New wording saved; the other party needs to accept it.")
        elif action == "checkin":
            form_c = forms.CheckInForm(request.POST)
            if not form_c.is_valid():
                raise _FormInvalid("checkin_form", form_c)
            services.checkin_log(
                goal=goal, by=me, rating=form_c.cleaned_data["rating"], note=form_c.cleaned_data["note"]
            )
            messages.success(request, "Check-in saved.")
        elif action == "support":
            form_s = forms.SupportForm(request.POST)
            if not form_s.is_valid():
                raise _FormInvalid("support_form", form_s)
            services.support_add(
                goal=goal, author=me, kind=form_s.cleaned_data["kind"], text=form_s.cleaned_data["text"]
            )
            messages.success(request, "Added.")
        elif action == "close":
            form_x = forms.CloseGoalForm(request.POST)
            if not form_x.is_valid():
                raise _FormInvalid("close_form", form_x)
            services.goal_close(goal=goal, by=me, outcome=form_x.cleaned_data["outcome"])
            messages.success(request, "Cycle closed.")
    except _FormInvalid as bad:
        extra[bad.name] = bad.form
        extra["error"] = "Please correct the form below."
    except ValidationError as exc:
        extra["error"] = " ".join(_errors(exc))
    if extra:
        goal = get_goal_for_user(request.user, school, pk)
        return render(
            request, "coaching/goal.html", _goal_context(request, school, goal, **extra), status=400
        )
    if request.POST.get("next") == "me":
        return redirect("coaching_me", school.slug)
    return redirect("coaching_goal", school.slug, goal.pk)


class _FormInvalid(Exception):
    def __init__(self, name: str, form: Any) -> None:
        super().__init__(name)
        self.name, self.form = name, form


# Coverage ----------------------------------------------------------------------------------------------


@school_view("coaching.view_coverage")
def coverage(request: HttpRequest, school: School) -> HttpResponse:
    cov = selectors.coverage(school)
    can_edit = request.user.has_perm("coaching.change_settings", school)
    return render(
        request, "coaching/coverage.html", {"school": school, "cov": cov, "can_edit_timetables": can_edit}
    )


@school_view("coaching.view_coverage")
def coverage_csv(request: HttpRequest, school: School) -> HttpResponse:
    cov = selectors.coverage(school)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="coverage-{school.slug}-{cov.today:%Y-%m-%d}.csv"'
    )
    write_coverage_csv(cov, response)
    return response


def coverage_rows(cov: selectors.Coverage) -> tuple[list[str], list[list[str]]]:
    header = ["teacher", "room", "last_seen", "contact_days_since", "overdue", "visits", "minutes_this_term"]
    header += [f"week_of_{m:%Y-%m-%d}" for m in cov.weeks]
    rows = []
    for r in cov.rows:
        rows.append(
            [
                r.teacher.name,
                r.teacher.room,
                r.last_seen.isoformat() if r.last_seen else "",
                str(r.days_since),
                "yes" if r.overdue else "no",
                str(r.visits),
                str(r.minutes),
                *[" ".join(c.observers) for c in r.cells],
            ]
        )
    return header, rows


def write_coverage_csv(cov: selectors.Coverage, out: Any) -> None:
    header, rows = coverage_rows(cov)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)


# Planner ------------------------------------------------------------------------------------------------


def _week_param(request: HttpRequest, school: School) -> tuple[str, dt.date]:
    raw = request.POST.get("week") or request.GET.get("week")
    if raw:
        try:
            return raw, selectors.parse_iso_week(raw)
        except ValueError:
            pass
    next_monday = selectors.today_at(school) + dt.timedelta(days=7 - selectors.today_at(school).weekday())
    return selectors.iso_week_of(next_monday), next_monday


def _plan_context(
    request: HttpRequest, school: School, week: str, monday: dt.date, **extra: Any
) -> dict[str, Any]:
    leader = person_of(request.user)
    blocks = list(selectors.plan_blocks(school, leader, monday))
    days: dict[dt.date, list[PlannedBlock]] = {}
    for b in blocks:
        days.setdefault(b.start.astimezone(school.zone).date(), []).append(b)
    context = {
        "school": school,
        "week": week,
        "monday": monday,
        "days": sorted(days.items()),
        "blocks": blocks,
        "proposed": sum(1 for b in blocks if b.status == PlannedBlock.Status.PROPOSED),
        "prev_week": selectors.iso_week_of(monday - dt.timedelta(days=7)),
        "next_week": selectors.iso_week_of(monday + dt.timedelta(days=7)),
        "target": school.classroom_days_target,
    }
    context.update(extra)
    return context


def _plan_response(
    request: HttpRequest, school: School, week: str, monday: dt.date, **extra: Any
) -> HttpResponse:
    template = "coaching/_plan.html" if request.htmx else "coaching/plan.html"  # type: ignore[attr-defined]
    # htmx swaps only 2xx answers, so its partial carries the error with a 200.
    status = 400 if extra.get("error") and not request.htmx else 200  # type: ignore[attr-defined]
    return render(request, template, _plan_context(request, school, week, monday, **extra), status=status)


@school_view("coaching.plan_visits")
def plan(request: HttpRequest, school: School) -> HttpResponse:
    week, monday = _week_param(request, school)
    return _plan_response(request, school, week, monday)


@require_POST
@school_view("coaching.plan_visits")
def plan_make(request: HttpRequest, school: School) -> HttpResponse:
    week, monday = _week_param(request, school)
    try:
        blocks = services.plan_week(school=school, leader=person_of(request.user), iso_week=week)
    except ValidationError as exc:
        return _plan_response(request, school, week, monday, error=" ".join(_errors(exc)))
    visits = sum(1 for b in blocks if b.kind == "classroom_visit")
    return _plan_response(request, school, week, monday, notice=f"Proposed {visits} classroom visits.")


@require_POST
@school_view("coaching.plan_visits")
def plan_accept(request: HttpRequest, school: School) -> HttpResponse:
    week, monday = _week_param(request, school)
    raw_ids = request.POST.getlist("block")
    ids = [int(i) for i in raw_ids if i.isdigit()] if raw_ids else None
    count = services.plan_accept(school=school, leader=person_of(request.user), iso_week=week, block_ids=ids)
    return _plan_response(
        request, school, week, monday, notice=f"Accepted {count} blocks: they are in your calendar feed."
    )


@school_view("coaching.plan_visits")
def plan_edit(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    block = get_object_or_404(
        PlannedBlock, pk=pk, school=school, person=person_of(request.user), source=services.SOURCE
    )
    week = selectors.iso_week_of(block.start.astimezone(school.zone).date())
    if request.method == "POST":
        form = forms.BlockEditForm(request.POST)
        if form.is_valid():
            try:
                services.plan_edit(
                    block=block, start=form.cleaned_data["start"], minutes=form.cleaned_data["minutes"]
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                new_week = selectors.iso_week_of(block.start.astimezone(school.zone).date())
                return _plan_response(
                    request,
                    school,
                    new_week,
                    selectors.parse_iso_week(new_week),
                    notice="Block moved.",
                )
        status = 400
    else:
        minutes = int((block.end - block.start).total_seconds() // 60)
        form = forms.BlockEditForm(initial={"start": timezone.localtime(block.start), "minutes": minutes})
        status = 200
    response = render(
        request,
        "coaching/plan_edit.html",
        {
            "school": school,
            "pb": block,
            "form": form,
            "week": week,
            "base_template": "coaching/_bare.html" if request.htmx else "base.html",  # type: ignore[attr-defined]
        },
        status=status,
    )
    if request.htmx and status == 400:  # type: ignore[attr-defined]
        # htmx does not swap error responses: answer 200 and put the form (with its errors) back in place.
        response.status_code = 200
        response["HX-Retarget"] = f"#edit-{block.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


# Settings ---------------------------------------------------------------------------------------------


@school_view("coaching.change_settings")
def coaching_settings(request: HttpRequest, school: School) -> HttpResponse:
    current = selectors.settings_of(school)
    if request.method == "POST":
        form = forms.CoachingSettingsForm(request.POST, instance=current)
        if form.is_valid():
            try:
                services.settings_update(school=school, **{k: form.cleaned_data[k] for k in form.Meta.fields})
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, "Coaching settings saved.")
                return redirect("coaching_settings", school.slug)
        status = 400
    else:
        form = forms.CoachingSettingsForm(instance=current)
        status = 200
    return render(request, "coaching/settings.html", {"school": school, "form": form}, status=status)


@school_view("coaching.change_settings")
def timetable(request: HttpRequest, school: School, person_id: int) -> HttpResponse:
    teacher = teachers_of(school).filter(pk=person_id).first()
    if teacher is None:
        raise Http404("No such teacher")
    if request.method == "POST":
        form = forms.TimetableForm(request.POST)
        if form.is_valid():
            try:
                services.timetable_set(school=school, teacher=teacher, periods=form.cleaned_data["periods"])
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, f"Timetable of {teacher.name} saved.")
                return redirect("coaching_coverage", school.slug)
        status = 400
    else:
        rows = TeacherTimetable.objects.filter(school=school, teacher=teacher)
        form = forms.TimetableForm(initial={"periods": forms.timetable_text(rows)})
        status = 200
    return render(
        request,
        "coaching/timetable.html",
        {"school": school, "teacher": teacher, "form": form},
        status=status,
    )


@require_POST
@school_view("coaching.log_observation")
def observation_debrief_held(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    obs = get_observation_for_user(request.user, school, pk)
    services.debrief_mark_held(observation=obs, by=person_of(request.user))
    messages.success(request, "Debrief recorded as held.")
    return redirect("coaching_observation", school.slug, obs.pk)


# Home panels -------------------------------------------------------------------------------------------


def home_panels(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Any]:
    from sideline.schools.home import Panel

    user = request.user
    panels = []
    if user.has_perm("coaching.view_observations", school):
        with timezone.override(school.zone):
            loops = list(selectors.unclosed_loops(observations_for_user(user, school))[:10])
            cov = selectors.coverage(school)
        panels.append(
            Panel(
                "coaching/_panel_leader.html",
                {"school": school, "loops": loops, "overdue": cov.overdue, "cadence": cov.cadence_days},
                order=30,
            )
        )
    if user.has_perm("coaching.view_my_coaching", school):
        me_id = getattr(person_of(user), "pk", None)
        to_ack = (
            observations_for_user(user, school).filter(teacher_id=me_id, acknowledged_at__isnull=True).count()
        )
        to_accept = list(
            Goal.objects.filter(
                school=school,
                teacher_id=me_id,
                state=Goal.State.PROPOSED,
                accepted_by_teacher_at__isnull=True,
            )
        )
        panels.append(
            Panel(
                "coaching/_panel_teacher.html",
                {"school": school, "to_ack": to_ack, "to_accept": to_accept},
                order=30,
            )
        )
    return panels
