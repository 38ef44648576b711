"""Pages of the calendars app: the permission matrix, exports, corrections, the feed, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from sideline.calendars import services
from sideline.calendars.models import Calendar, FeedToken, Occurrence, PlannedBlock
from sideline.schools.roles import Role
from tests.conftest import World
from tests.engines.ics_builders import calendar, event

TZ = "America/Chicago"
NOW = dt.datetime(2026, 11, 4, 18, 0, tzinfo=dt.UTC)  # Wednesday of ISO week 2026-W45


def week_ics() -> str:
    return calendar(
        event("walk@t", "Classroom walkthroughs", "20261102T090000", "20261102T100000", tzid=TZ,
              rrule="FREQ=DAILY;COUNT=5"),
        event("lunch@t", "Lunch duty", "20261103T093000", "20261103T100000", tzid=TZ),
        event("odd@t", "Zorbleflax quarterly sync", "20261104T130000", "20261104T140000", tzid=TZ),
    )  # fmt: skip


def import_for(world: World, key: str = Role.PRINCIPAL, name: str = "Work") -> Calendar:
    cal = services.calendar_create(school=world.school, owner=world.people[key], name=name)
    services.calendar_import(
        calendar=cal, data=week_ics(), date_from=dt.date(2026, 11, 2), date_to=dt.date(2026, 11, 8)
    )
    return cal


PAGES = [
    "calendars/",
    "calendars/trend/",
    "calendars/trend.json",
    "calendars/export.csv",
    "calendars/report.pdf",
]
EXPECTED = {
    Role.PRINCIPAL: 200,
    Role.ASSISTANT_PRINCIPAL: 200,
    Role.DISTRICT_LEADER: 200,
    Role.INSTRUCTIONAL_COACH: 403,
    Role.ADMINISTRATIVE_ASSISTANT: 403,
    Role.BOOKKEEPER: 403,
    Role.REGISTRAR: 403,
    Role.CUSTODIAN: 403,
    Role.NURSE: 403,
    Role.COUNSELOR: 403,
    Role.TECHNOLOGY: 403,
    Role.TEACHER: 403,
    "other_teacher": 403,
    Role.VOLUNTEER_COORDINATOR: 403,
    "outsider": 404,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", list(EXPECTED))
@time_machine.travel(NOW, tick=False)
def test_permission_matrix(world: World, who: str, page: str) -> None:
    import_for(world)
    response = world.client_for(who).get(f"/s/lakeside/{page}")
    assert response.status_code == EXPECTED[who]
    if who == "outsider":
        assert b"Lunch duty" not in response.content


@time_machine.travel(NOW, tick=False)
def test_principal_reads_ap_time_but_ap_cannot_read_principals(world: World) -> None:
    import_for(world, Role.ASSISTANT_PRINCIPAL)
    import_for(world, Role.PRINCIPAL)
    ap, principal = world.people[Role.ASSISTANT_PRINCIPAL], world.people[Role.PRINCIPAL]
    assert (
        world.client_for(Role.PRINCIPAL).get(f"/s/lakeside/calendars/trend/?person={ap.pk}").status_code
        == 200
    )
    assert (
        world.client_for(Role.ASSISTANT_PRINCIPAL)
        .get(f"/s/lakeside/calendars/trend/?person={principal.pk}")
        .status_code
        == 403
    )
    assert (
        world.client_for(Role.DISTRICT_LEADER).get(f"/s/lakeside/calendars/trend/?person={ap.pk}").status_code
        == 200
    )
    teacher = world.people[Role.TEACHER]
    assert (
        world.client_for(Role.PRINCIPAL).get(f"/s/lakeside/calendars/trend/?person={teacher.pk}").status_code
        == 404
    )


@time_machine.travel(NOW, tick=False)
def test_only_the_owner_corrects_and_district_leader_cannot_upload(world: World) -> None:
    ap_cal = import_for(world, Role.ASSISTANT_PRINCIPAL)
    url = f"/s/lakeside/calendars/{ap_cal.pk}/correct/"
    body = {"series_uid": "walk@t", "category": "coaching"}
    assert world.client_for(Role.PRINCIPAL).post(url, body).status_code == 403
    assert world.client_for(Role.DISTRICT_LEADER).post(url, body).status_code == 403
    assert world.client_for("outsider").post(url, body).status_code == 404
    assert world.client_for(Role.TEACHER).post(url, body).status_code == 403
    upload = SimpleUploadedFile("w.ics", week_ics().encode(), content_type="text/calendar")
    response = world.client_for(Role.DISTRICT_LEADER).post(
        "/s/lakeside/calendars/", {"kind": "file", "file": upload}
    )
    assert response.status_code == 403
    assert Calendar.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_upload_shows_report_and_home_panel_shows_the_week(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    upload = SimpleUploadedFile("week.ics", week_ics().encode(), content_type="text/calendar")
    response = client.post("/s/lakeside/calendars/", {"kind": "file", "name": "Work", "file": upload})
    assert response.status_code == 200
    assert "7 new, 0 changed, 0 removed, 0 unchanged" in response.content.decode()
    home = client.get("/s/lakeside/").content.decode()
    assert "This week" in home
    assert "Double-booked" in home
    assert "Lunch duty / Classroom walkthroughs" in home or "Classroom walkthroughs / Lunch duty" in home


@time_machine.travel(NOW, tick=False)
def test_upload_of_garbage_keeps_form_and_says_why(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    upload = SimpleUploadedFile("notes.ics", b"just some notes", content_type="text/calendar")
    response = client.post("/s/lakeside/calendars/", {"kind": "file", "name": "My notes", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This is not an iCalendar file: it has no BEGIN:VCALENDAR line." in html
    assert 'value="My notes"' in html
    assert Calendar.objects.count() == 0
    response = client.post("/s/lakeside/calendars/", {"kind": "url", "url": "ftp://example.org/x.ics"})
    assert "is not an http(s) or webcal address" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_htmx_correction_applies_to_series(world: World) -> None:
    cal = import_for(world)
    client = world.client_for(Role.PRINCIPAL)
    response = client.post(
        f"/s/lakeside/calendars/{cal.pk}/correct/",
        {"series_uid": "odd@t", "category": "leveraged"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Marked as" in response.content.decode()
    assert list(Occurrence.objects.filter(series_uid="odd@t").values_list("category", flat=True)) == [
        "leveraged"
    ]
    bad = client.post(f"/s/lakeside/calendars/{cal.pk}/correct/", {"series_uid": "odd@t", "category": "fun"})
    assert bad.status_code == 400


@time_machine.travel(NOW, tick=False)
def test_csv_and_pdf_exports(world: World) -> None:
    import_for(world)
    client = world.client_for(Role.PRINCIPAL)
    csv_text = client.get("/s/lakeside/calendars/export.csv?from=2026-11-02&to=2026-11-08").content.decode()
    lines = csv_text.strip().split("\r\n")
    assert lines[0] == "date,start,end,hours,title,category,needs_review"
    assert len(lines) == 1 + 7
    assert "2026-11-03,2026-11-03T09:30-06:00,2026-11-03T10:00-06:00,0.50,Lunch duty," in csv_text
    pdf = client.get("/s/lakeside/calendars/report.pdf?week=2026-W45")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/s/lakeside/calendars/report.pdf?week=banana").status_code == 400
    assert client.get("/s/lakeside/calendars/export.csv?from=yesterday").status_code == 400


@time_machine.travel(NOW, tick=False)
def test_trend_svg_renders_on_server(world: World) -> None:
    import_for(world)
    response = world.client_for(Role.PRINCIPAL).get(
        "/s/lakeside/calendars/trend.svg?from=2026-11-02&to=2026-11-08"
    )
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b"<svg")


def test_feed_contains_accepted_blocks_and_revoked_token_404s(world: World) -> None:
    principal = world.people[Role.PRINCIPAL]
    start = dt.datetime(2026, 11, 9, 15, 0, tzinfo=dt.UTC)
    PlannedBlock.objects.create(
        school=world.school, person=principal, start=start, end=start + dt.timedelta(hours=1),
        title="Visit room 31", kind="classroom_visit", source="coaching", status=PlannedBlock.Status.ACCEPTED, uid="v1",
    )  # fmt: skip
    PlannedBlock.objects.create(
        school=world.school, person=principal, start=start, end=start + dt.timedelta(hours=1),
        title="Maybe visit room 12", kind="classroom_visit", source="coaching", uid="v2",
    )  # fmt: skip
    client = world.client_for(Role.PRINCIPAL)
    client.post("/s/lakeside/calendars/feed/", {"action": "regenerate"})
    token = FeedToken.objects.get(person=principal, revoked_at__isnull=True).token
    body = world.client_for(Role.TEACHER).get(f"/feeds/{token}.ics").content.decode()
    assert "SUMMARY:Visit room 31" in body
    assert "UID:v1" in body
    assert "room 12" not in body
    client.post("/s/lakeside/calendars/feed/", {"action": "regenerate"})
    assert client.get(f"/feeds/{token}.ics").status_code == 404
    new = FeedToken.objects.get(person=principal, revoked_at__isnull=True).token
    assert client.get(f"/feeds/{new}.ics").status_code == 200
    client.post("/s/lakeside/calendars/feed/", {"action": "revoke"})
    assert client.get(f"/feeds/{new}.ics").status_code == 404
    assert (
        world.client_for(Role.TEACHER)
        .post("/s/lakeside/calendars/feed/", {"action": "regenerate"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("count", [1, 3])
@time_machine.travel(NOW, tick=False)
def test_calendar_list_query_count(world: World, count: int, django_assert_num_queries: object) -> None:
    for i in range(count):
        import_for(world, name=f"Cal {i}")
    client = world.client_for(Role.PRINCIPAL)
    client.get("/s/lakeside/calendars/")  # warm the session
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client.get("/s/lakeside/calendars/")
    assert response.content.decode().count("Lunch duty") == 0
    assert response.content.decode().count("<td>Cal ") == count


@pytest.mark.parametrize("count", [1, 3])
@time_machine.travel(NOW, tick=False)
def test_trend_query_count(world: World, count: int, django_assert_num_queries: object) -> None:
    for i in range(count):
        import_for(world, name=f"Cal {i}")
    client = world.client_for(Role.PRINCIPAL)
    client.get("/s/lakeside/calendars/trend/")
    with django_assert_num_queries(11):  # type: ignore[operator]  # the 11th: series handed over to staff
        client.get("/s/lakeside/calendars/trend/")


def test_a_subscription_url_is_never_used_as_the_calendars_name() -> None:
    from sideline.calendars.views import _name_from_url

    secret = "https://calendar.example.com/private-3f9a8c/basic.ics"
    assert _name_from_url(secret) == "Calendar from calendar.example.com"
    assert _name_from_url("not a url") == "Subscribed calendar"
