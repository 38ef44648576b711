"""Thin views: coordinators' pages under /s/<slug>/volunteers/, families' pages under /v/<token>/."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sideline.schools.models import School
from sideline.schools.rules import is_read_only, standing_of
from sideline.volunteers import rules as access
from sideline.volunteers import selectors, services
from sideline.volunteers.forms import (
    FamilyForm,
    ImportForm,
    OneOffShiftForm,
    ProgramForm,
    SolveForm,
    TemplateForm,
    VolunteerForm,
)
from sideline.volunteers.models import Program, Volunteer
from sideline.volunteers.roster import RosterError


def _ctx(request: HttpRequest, school: School, **extra: Any) -> dict[str, Any]:
    request.school = school  # type: ignore[attr-defined]
    return {
        "school": school,
        "can_manage": request.user.has_perm("volunteers.manage_volunteers", school),
        "read_only": is_read_only(request.user, school),
        **extra,
    }


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---- coordinators ----------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    school = access.get_school_for_volunteers(request.user, slug)
    form = ProgramForm()
    if request.method == "POST":
        school = access.get_school_for_volunteers(request.user, slug, manage=True)
        form = ProgramForm(request.POST)
        if form.is_valid():
            try:
                program = services.program_create(school=school, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Program {program.name} created. Add its shift templates next.")
                return redirect("volunteers:program", slug, program.pk)
    programs = selectors.programs_of(school)
    return render(
        request,
        "volunteers/index.html",
        _ctx(request, school, programs=programs, form=form, swaps=len(selectors.open_swaps(school))),
    )


@login_required
def program_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, slug, pk)
    run = selectors.latest_run(program)
    context = _ctx(
        request,
        program.school,
        program=program,
        templates=list(program.templates.all()),
        template_form=TemplateForm(),
        oneoff_form=OneOffShiftForm(),
        solve_form=SolveForm(),
        run=run,
        shifts=selectors.upcoming_shifts(program),
        recent=selectors.recent_shifts(program),
    )
    return render(request, "volunteers/program.html", context)


@login_required
@require_POST
def template_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, slug, pk, manage=True)
    form = TemplateForm(request.POST)
    if form.is_valid():
        try:
            services.template_create(program=program, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Template added. Generate the shifts when your templates are ready.")
            return redirect("volunteers:program", slug, pk)
    context = _ctx(
        request,
        program.school,
        program=program,
        templates=list(program.templates.all()),
        template_form=form,
        oneoff_form=OneOffShiftForm(),
        solve_form=SolveForm(),
        run=selectors.latest_run(program),
        shifts=selectors.upcoming_shifts(program),
        recent=selectors.recent_shifts(program),
    )
    return render(request, "volunteers/program.html", context, status=400)


@login_required
@require_POST
def shifts_generate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, slug, pk, manage=True)
    if not program.templates.exists():
        messages.error(request, "Add a shift template first: weekdays, times and how many people it needs.")
    else:
        n = services.shifts_generate(program=program)
        messages.success(request, f"{n} new shifts generated (school holidays skipped).")
    return redirect("volunteers:program", slug, pk)


@login_required
@require_POST
def shift_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, slug, pk, manage=True)
    form = OneOffShiftForm(request.POST)
    if form.is_valid():
        try:
            services.shift_create(program=program, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, "Shift added.")
    else:
        messages.error(
            request, "The shift was not added: " + " ".join(str(e) for es in form.errors.values() for e in es)
        )
    return redirect("volunteers:program", slug, pk)


@login_required
@require_POST
def program_solve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, slug, pk, manage=True)
    form = SolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a time limit between 1 and 600 seconds.")
        return redirect("volunteers:program", slug, pk)
    person_id = standing_of(request.user).person_id
    try:
        run = services.solve_run_create(
            program=program,
            time_limit=float(form.cleaned_data["time_limit"]),
            by=program.school.district.people.filter(pk=person_id).first() if person_id else None,
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("volunteers:program", slug, pk)
    return redirect("volunteers:run", slug, run.pk)


@login_required
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, slug, pk)
    latest = selectors.latest_run(run.program)
    return render(
        request,
        "volunteers/run.html",
        _ctx(
            request, run.program.school, run=run, rows=selectors.unfilled_rows(run), is_latest=latest == run
        ),
    )


@login_required
@require_POST
def run_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, slug, pk, manage=True)
    try:
        sent = services.schedule_publish(run=run)
    except services.VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Published. {sent} families were emailed their shifts.")
    return redirect("volunteers:run", slug, pk)


@login_required
@require_POST
def no_show(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assignment = access.get_assignment_for_user(request.user, slug, pk, manage=True)
    try:
        services.assignment_set_no_show(assignment=assignment, no_show=request.POST.get("no_show") == "1")
    except services.VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        state = "recorded" if assignment.no_show else "cleared"
        messages.success(request, f"No-show {state} for {assignment.volunteer.name}.")
    return redirect("volunteers:program", slug, assignment.shift.program_id)


@login_required
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    school = access.get_school_for_volunteers(request.user, slug)
    programs = list(Program.objects.filter(school=school))
    form = ImportForm(programs=programs)
    report = None
    status = 200
    if request.method == "POST":
        school = access.get_school_for_volunteers(request.user, slug, manage=True)
        form = ImportForm(request.POST, request.FILES, programs=programs)
        if form.is_valid():
            try:
                report = services.roster_import(
                    school=school,
                    raw=form.cleaned_data["file"].read(),
                    programs=list(form.cleaned_data["programs"]),
                )
            except RosterError as exc:
                form.add_error("file", f"Nothing was imported: {exc}.")
                status = 400
        else:
            status = 400
    search = request.GET.get("q", "").strip()[:100]
    households = list(selectors.households_of(school, search=search)[:200])
    return render(
        request,
        "volunteers/roster.html",
        _ctx(request, school, form=form, report=report, households=households, search=search),
        status=status,
    )


@login_required
@require_POST
def volunteer_link(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    volunteer = access.get_volunteer_for_user(request.user, slug, pk, manage=True)
    if request.POST.get("action") == "revoke":
        n = services.link_revoke(volunteer=volunteer)
        messages.success(request, f"{n} link(s) of {volunteer.name} turned off.")
        return redirect("volunteers:roster", slug)
    token = services.link_create(volunteer=volunteer)
    return render(
        request,
        "volunteers/link.html",
        _ctx(request, volunteer.school, volunteer=volunteer, url=services.link_url(token)),
    )


@login_required
def volunteer_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    volunteer = access.get_volunteer_for_user(request.user, slug, pk)
    can_manage = request.user.has_perm("volunteers.manage_volunteers", volunteer.school)
    if not can_manage:
        # Contact details are private to those who run the program.
        raise PermissionDenied
    form = VolunteerForm(instance=volunteer)
    status = 200
    if request.method == "POST":
        form = VolunteerForm(request.POST, instance=volunteer)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "household_max_shifts"}
            services.volunteer_update(
                volunteer=volunteer,
                fields=fields,
                household_max_shifts=form.cleaned_data["household_max_shifts"],
            )
            messages.success(request, f"{volunteer.name} saved.")
            return redirect("volunteers:roster", slug)
        status = 400
    return render(
        request,
        "volunteers/volunteer.html",
        _ctx(request, volunteer.school, volunteer=volunteer, form=form),
        status=status,
    )


@login_required
def swaps(request: HttpRequest, slug: str) -> HttpResponse:
    school = access.get_school_for_volunteers(request.user, slug)
    return render(request, "volunteers/swaps.html", _ctx(request, school, swaps=selectors.open_swaps(school)))


@login_required
def hours(request: HttpRequest, slug: str) -> HttpResponse:
    school = access.get_school_for_volunteers(request.user, slug)
    return render(
        request,
        "volunteers/hours.html",
        _ctx(
            request,
            school,
            by_household=selectors.hours_by_household(school),
            by_program=selectors.hours_by_program(school),
        ),
    )


@login_required
def hours_csv(request: HttpRequest, slug: str) -> HttpResponse:
    school = access.get_school_for_volunteers(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{school.slug}-volunteer-hours.csv"'
    writer = csv.writer(response)
    writer.writerow(["kind", "name", "shifts", "hours"])
    for row in selectors.hours_by_program(school):
        writer.writerow(["program", row.name, row.shifts, f"{row.hours:.2f}"])
    for row in selectors.hours_by_household(school):
        writer.writerow(["family", row.name, row.shifts, f"{row.hours:.2f}"])
    return response


# ---- families (no account: the link is the key) ----------------------------------------------------


def _volunteer(request: HttpRequest, token: str) -> Volunteer:
    try:
        return services.link_resolve(token)
    except services.LinkInvalid as exc:
        raise Http404(str(exc)) from None


def _family_page(
    request: HttpRequest, token: str, volunteer: Volunteer, form: FamilyForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "token": token,
        "volunteer": volunteer,
        "school": volunteer.school,
        "form": form or FamilyForm(initial=FamilyForm.initial_for(volunteer)),
        "assignments": selectors.own_assignments(volunteer),
        "open_places": selectors.open_places_for(volunteer),
        "swaps": selectors.swaps_for(volunteer),
        "programs": list(volunteer.programs.all()),
        "now": timezone.now(),
    }
    response = render(request, "volunteers/family/page.html", context, status=status)
    _private(response)
    return response


def _private(response: HttpResponse) -> None:
    # The URL is a key: keep it out of caches and search engines (the site-wide same-origin referrer
    # policy keeps it out of other sites' logs; no-referrer would make browsers send Origin: null and fail CSRF).
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"


def _gone(request: HttpRequest, exc: services.LinkGone) -> HttpResponse:
    response = render(request, "volunteers/family/gone.html", {"message": str(exc)}, status=410)
    _private(response)
    return response


def family(request: HttpRequest, token: str) -> HttpResponse:
    try:
        volunteer = _volunteer(request, token)
    except services.LinkGone as exc:
        return _gone(request, exc)
    if request.method == "POST":
        form = FamilyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.volunteer_set_preferences(
                    volunteer=volunteer,
                    availability=_keep_extra_windows(volunteer, data["availability"]),
                    blackout=data["blackout"],
                    prefer=data["prefer"],
                    max_shifts=data["max_shifts"],
                    max_per_week=data["max_per_week"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Thank you! Your availability is saved.")
                return redirect("volunteers:family", token)
        return _family_page(request, token, volunteer, form, status=400)
    return _family_page(request, token, volunteer)


def _keep_extra_windows(volunteer: Volunteer, submitted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The form shows one window per weekday; a second one (car line mornings and afternoons) that the
    coordinator entered is kept as long as the family left that day's first window unchanged."""
    by_day: dict[int, list[dict[str, Any]]] = {}
    for w in volunteer.availability:
        by_day.setdefault(w["weekday"], []).append(w)
    out = list(submitted)
    for w in submitted:
        stored = by_day.get(w["weekday"], [])
        if stored and stored[0] == w:
            out.extend(stored[1:])
    return sorted(out, key=lambda w: (w["weekday"], w["from"]))


def family_ics(request: HttpRequest, token: str) -> HttpResponse:
    try:
        volunteer = _volunteer(request, token)
    except services.LinkGone as exc:
        return _gone(request, exc)
    from sideline.volunteers.ics import shifts_ics

    body = shifts_ics(selectors.own_assignments(volunteer), name=f"Volunteering at {volunteer.school.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-shifts.ics"'
    _private(response)
    return response


def _family_action(request: HttpRequest, token: str, action: str, pk: int) -> HttpResponse:
    try:
        volunteer = _volunteer(request, token)
    except services.LinkGone as exc:
        return _gone(request, exc)
    status, ok, text = 200, True, ""
    try:
        if action == "signup":
            a = services.shift_self_signup(shift_id=pk, volunteer=volunteer)
            text = f"You are signed up for {services.shift_when(a.shift)}. Thank you!"
        elif action == "take":
            a = services.swap_take(swap_id=pk, volunteer=volunteer)
            text = f"The shift on {services.shift_when(a.shift)} is now yours. Thank you!"
        elif action == "drop":
            a = services.assignment_drop(assignment=access.get_own_assignment(volunteer, pk))
            text = f"You dropped the shift on {services.shift_when(a.shift)}."
        elif action == "swap":
            services.swap_request_create(
                assignment=access.get_own_assignment(volunteer, pk), note=request.POST.get("note", "")
            )
            text = "Your swap request is on the board. The shift stays yours until someone takes it."
        elif action == "unswap":
            services.swap_cancel(swap=access.get_own_swap(volunteer, pk))
            text = "Swap request withdrawn. The shift is still yours."
        else:
            raise Http404("No such action")
    except services.ShiftFull as exc:
        status, ok, text = 409, False, str(exc)
    except services.VolunteerError as exc:
        status, ok, text = 400, False, str(exc)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "volunteers/family/_result.html", {"ok": ok, "text": text}, status=status)
    else:
        (messages.success if ok else messages.error)(request, text)
        response = redirect("volunteers:family", token)
    _private(response)
    return response


@require_POST
def family_signup(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    return _family_action(request, token, "signup", pk)


@require_POST
def family_take(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    return _family_action(request, token, "take", pk)


@require_POST
def family_drop(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    return _family_action(request, token, "drop", pk)


@require_POST
def family_swap(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    return _family_action(request, token, "swap", pk)


@require_POST
def family_unswap(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    return _family_action(request, token, "unswap", pk)
