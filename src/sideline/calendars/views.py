from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sideline.calendars import reports, selectors, services
from sideline.calendars.forms import CalendarAddForm, CorrectionForm
from sideline.calendars.models import Calendar, FeedToken, PlannedBlock
from sideline.calendars.rules import (
    LeaderTime,
    get_calendar_for_user,
    get_school_for_calendars,
    get_time_for_user,
    visible_leaders,
)
from sideline.engines import ical
from sideline.schools.models import School
from sideline.schools.rules import is_read_only


def _today(school: School) -> dt.date:
    return timezone.now().astimezone(school.zone).date()


def _term(school: School, request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The trend's range: the school year so far, or ?from=&to= (bad dates give a 400 with a reason)."""
    today = _today(school)
    default_to = min(school.year_end, max(school.year_start, today + dt.timedelta(days=6 - today.weekday())))
    try:
        start = dt.date.fromisoformat(request.GET["from"]) if request.GET.get("from") else school.year_start
        end = dt.date.fromisoformat(request.GET["to"]) if request.GET.get("to") else default_to
    except ValueError:
        raise ValueError("Dates are written like 2026-11-23.") from None
    if end < start:
        raise ValueError(f"The range ends ({end}) before it starts ({start}).")
    return start, end


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@login_required
def calendar_list(request: HttpRequest, slug: str) -> HttpResponse:
    school = get_school_for_calendars(request.user, slug)
    request.school = school  # type: ignore[attr-defined]
    can_manage = request.user.has_perm("calendars.manage_calendars", school)
    report: services.ImportReport | None = None
    form = CalendarAddForm()
    if request.method == "POST":
        if not can_manage:
            return HttpResponse("Only the school's leaders can add calendars.", status=403)
        form = CalendarAddForm(request.POST, request.FILES)
        if form.is_valid():
            report = _add_calendar(request, school, form)
            if report is not None and report.ok:
                form = CalendarAddForm()
    leaders = visible_leaders(request.user, school)
    calendars = list(
        Calendar.objects.filter(school=school, owner__in=leaders)
        .select_related("owner")
        .annotate(n=Count("occurrences"))
        .order_by("owner__name", "name")
    )
    me = getattr(request.user, "person", None)
    token = (
        FeedToken.objects.filter(person=me, revoked_at__isnull=True).first() if me and can_manage else None
    )
    context = {
        "school": school,
        "form": form,
        "report": report,
        "calendars": calendars,
        "can_manage": can_manage,
        "me": me,
        "read_only": is_read_only(request.user, school),
        "feed_url": request.build_absolute_uri(f"/feeds/{token.token}.ics") if token else "",
    }
    return render(request, "calendars/list.html", context)


def _add_calendar(
    request: HttpRequest, school: School, form: CalendarAddForm
) -> services.ImportReport | None:
    person = request.user.person  # type: ignore[union-attr]
    data = form.cleaned_data
    kind = data["kind"]
    try:
        if kind == "file":
            upload = data["file"]
            calendar = services.calendar_create(
                school=school,
                owner=person,
                name=data["name"] or upload.name,
                source_kind=Calendar.Source.UPLOAD,
            )
            report = services.calendar_import(calendar=calendar, data=upload.read())
        else:
            calendar = services.calendar_create(
                school=school,
                owner=person,
                # A subscription URL works like a password: never show it as the calendar's name.
                name=data["name"] or _name_from_url(data["url"]),
                source_kind=Calendar.Source.URL if kind == "url" else Calendar.Source.CALDAV,
                source=data["url"],
                username=data["username"],
                password=data["password"],
            )
            report = services.calendar_sync(calendar=calendar)
    except ValueError as exc:
        form.add_error("url" if kind != "file" else "file", str(exc))
        return None
    if not report.ok:
        # Nothing was read: do not leave an empty calendar behind that looks imported.
        if not calendar.occurrences.exists():
            services.calendar_delete(calendar=calendar)
        form.add_error(None, report.fatal)
    return report


@login_required
@require_POST
def calendar_sync_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = get_school_for_calendars(request.user, slug, "calendars.manage_calendars")
    calendar = get_calendar_for_user(request.user, school, pk)
    if calendar.source_kind not in (Calendar.Source.URL, Calendar.Source.CALDAV):
        messages.error(request, f"“{calendar.name}” was uploaded; upload the file again to update it.")
        return redirect("calendars_list", school.slug)
    report = services.calendar_sync(calendar=calendar)
    (messages.success if report.ok else messages.error)(request, f"{calendar.name}: {report.summary()}")
    return redirect("calendars_list", school.slug)


@login_required
@require_POST
def calendar_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = get_school_for_calendars(request.user, slug, "calendars.manage_calendars")
    calendar = get_calendar_for_user(request.user, school, pk)
    name = calendar.name
    services.calendar_delete(calendar=calendar)
    messages.success(request, f"Removed “{name}” and its events. Import the file again to bring it back.")
    return redirect("calendars_list", school.slug)


@login_required
@require_POST
def correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = get_school_for_calendars(request.user, slug, "calendars.manage_calendars")
    calendar = get_calendar_for_user(request.user, school, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _bad("Choose one of coaching, technical, leveraged or personal.")
    try:
        changed = services.series_correct(
            calendar=calendar,
            series_uid=form.cleaned_data["series_uid"],
            category=form.cleaned_data["category"],
            by=request.user.person,  # type: ignore[union-attr]
        )
    except ValueError as exc:
        return _bad(str(exc))
    label = dict(reports.CATEGORY_LABELS)[form.cleaned_data["category"]]
    if getattr(request, "htmx", False):
        return render(
            request,
            "calendars/_corrected.html",
            {"label": label, "changed": changed, "category": form.cleaned_data["category"]},
        )
    messages.success(request, f"Marked as {label} ({changed} events).")
    return redirect("school_home", school.slug)


def _time(request: HttpRequest, slug: str) -> LeaderTime:
    school = get_school_for_calendars(request.user, slug)
    request.school = school  # type: ignore[attr-defined]
    return get_time_for_user(request.user, school, request.GET.get("person"))


@login_required
def trend(request: HttpRequest, slug: str) -> HttpResponse:
    time = _time(request, slug)
    try:
        start, end = _term(time.school, request)
    except ValueError as exc:
        return _bad(str(exc))
    report = selectors.audit_for_person(time.person, start, end, time.school)
    query = f"?person={time.person.pk}&from={start}&to={end}"
    context = {
        "school": time.school,
        "person": time.person,
        "leaders": visible_leaders(request.user, time.school),
        "report": report,
        "data": report.to_dict(),
        "top": selectors.top_technical(report),
        "start": start,
        "end": end,
        "query": query,
        "weeks": sorted(report.weeks.items()),
        "this_week": selectors.iso_week_of(_today(time.school)),
    }
    return render(request, "calendars/trend.html", context)


def _trend_spec(request: HttpRequest, slug: str) -> tuple[LeaderTime, dict[str, object]]:
    time = _time(request, slug)
    start, end = _term(time.school, request)
    report = selectors.audit_for_person(time.person, start, end, time.school)
    spec = reports.trend_spec(
        selectors.weekly_hours(report), time.school.coaching_target_pct, f"{time.person.name}: hours per week"
    )
    return time, spec


@login_required
def trend_json(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        _, spec = _trend_spec(request, slug)
    except ValueError as exc:
        return _bad(str(exc))
    return JsonResponse(spec)


@login_required
def trend_svg(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        _, spec = _trend_spec(request, slug)
    except ValueError as exc:
        return _bad(str(exc))
    response = HttpResponse(reports.spec_to_svg(spec), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = 'attachment; filename="trend.svg"'
    return response


@login_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    time = _time(request, slug)
    try:
        start, end = _term(time.school, request)
    except ValueError as exc:
        return _bad(str(exc))
    report = selectors.audit_for_person(time.person, start, end, time.school)
    response = HttpResponse(report.to_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="time-audit-{start}-{end}.csv"'
    return response


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    time = _time(request, slug)
    week = request.GET.get("week") or selectors.iso_week_of(_today(time.school))
    try:
        summary = selectors.week_summary(time.person, week, time.school)
        start, end = _term(time.school, request)
    except ValueError as exc:
        return _bad(str(exc))
    trend_report = selectors.audit_for_person(time.person, start, end, time.school)
    pdf = reports.weekly_pdf(time.person, time.school, summary, trend_report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="weekly-report-{summary.iso_week}.pdf"'
    return response


@login_required
@require_POST
def feed_manage(request: HttpRequest, slug: str) -> HttpResponse:
    school = get_school_for_calendars(request.user, slug, "calendars.manage_calendars")
    person = request.user.person  # type: ignore[union-attr]
    if request.POST.get("action") == "revoke":
        services.feed_token_revoke(person=person)
        messages.success(request, "Your feed address no longer works. Create a new one whenever you need it.")
    else:
        services.feed_token_regenerate(person=person)
        messages.success(request, "New feed address created; the old one stopped working.")
    return redirect("calendars_list", school.slug)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret subscription feed: no login (calendar apps cannot log in); a revoked token 404s."""
    found = FeedToken.objects.select_related("person").filter(token=token, revoked_at__isnull=True).first()
    if found is None:
        raise Http404("No such feed")
    blocks = PlannedBlock.objects.filter(
        person=found.person, status=PlannedBlock.Status.ACCEPTED
    ).select_related("school")
    rows = list(blocks)
    tz = rows[0].school.timezone if rows else "UTC"
    body = ical.build_feed(
        [ical.FeedBlock(b.uid, b.start, b.end, b.title, b.description) for b in rows],
        name=f"Sideline: {found.person.name}",
        tz=tz,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def vega_js(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(reports.vega_bundle(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _name_from_url(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return f"Calendar from {host}" if host else "Subscribed calendar"
