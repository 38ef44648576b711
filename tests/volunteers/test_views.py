from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sideline.schools.roles import Role
from sideline.volunteers.models import Assignment, Household, Program
from tests.conftest import World
from tests.volunteers.conftest import Setup, add_shift


def test_roster_upload_reports_rows_and_unusable_file_saves_nothing(world: World) -> None:
    client = world.client_for(Role.VOLUNTEER_COORDINATOR)
    url = reverse("volunteers:roster", args=["lakeside"])
    program = Program.objects.create(school=world.school, name="Cafeteria")
    broken = SimpleUploadedFile("roster.csv", b"Name,Email\nAna,ana@example.org\n", content_type="text/csv")
    response = client.post(url, {"file": broken})
    assert response.status_code == 400
    assert "Nothing was imported: no family name column" in response.content.decode()
    assert Household.objects.count() == 0
    good = SimpleUploadedFile(
        "roster.csv", b"Family,Parent 1,Email\nGarcia,Ana Garcia,ana@example.org\nLee,,lee@example.org\n"
    )
    response = client.post(url, {"file": good, "programs": [str(program.pk)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 rows read: 1 new families" in html
    assert "Row 3: Lee: no parent name" in html
    assert [v.name for v in program.volunteers.all()] == ["Ana Garcia"]


def test_coordinator_records_a_no_show_from_the_program_page(setup: Setup) -> None:
    past = add_shift(setup.program, timezone.localdate() - dt.timedelta(days=2))
    a = Assignment.objects.create(
        shift=past, volunteer=setup.volunteers[0], source="solver", state="confirmed"
    )
    client = setup.world.client_for(Role.VOLUNTEER_COORDINATOR)
    page = client.get(reverse("volunteers:program", args=["lakeside", setup.program.pk])).content.decode()
    assert "Record no-show for Ana Garcia" in page
    response = client.post(reverse("volunteers:no_show", args=["lakeside", a.pk]), {"no_show": "1"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.no_show is True
    future = Assignment.objects.create(
        shift=setup.shifts[0], volunteer=setup.volunteers[1], source="solver", state="confirmed"
    )
    client.post(reverse("volunteers:no_show", args=["lakeside", future.pk]), {"no_show": "1"})
    future.refresh_from_db()
    assert future.no_show is False


def test_home_panel_for_coordinator_not_for_teacher(setup: Setup) -> None:
    coordinator = setup.world.client_for(Role.VOLUNTEER_COORDINATOR).get("/s/lakeside/").content.decode()
    assert "Cafeteria</a>: 0 of 2 places filled" in coordinator
    teacher = setup.world.client_for(Role.TEACHER).get("/s/lakeside/").content.decode()
    assert 'id="vol-panel-h"' not in teacher
    assert "/s/lakeside/volunteers/" not in teacher


def test_solve_and_publish_through_the_pages(setup: Setup) -> None:
    client = setup.world.client_for(Role.PRINCIPAL)
    response = client.post(
        reverse("volunteers:solve", args=["lakeside", setup.program.pk]), {"time_limit": "5"}
    )
    assert response.status_code == 302
    run_page = client.get(response["Location"]).content.decode()
    assert "<strong>2 of 2</strong>" in run_page
    assert "Every place is filled." in run_page
    empty = Program.objects.create(school=setup.world.school, name="Library")
    response = client.post(
        reverse("volunteers:solve", args=["lakeside", empty.pk]), {"time_limit": "5"}, follow=True
    )
    assert (
        "There are no unpublished future shifts to fill. Generate shifts first." in response.content.decode()
    )


def test_coordinator_edits_limits_background_check_and_family_cap(setup: Setup) -> None:
    volunteer = setup.volunteers[0]
    url = reverse("volunteers:volunteer", args=["lakeside", volunteer.pk])
    client = setup.world.client_for(Role.VOLUNTEER_COORDINATOR)
    assert client.get(url).status_code == 200
    data = {
        "name": "Ana Garcia",
        "email": "ana@family.example.org",
        "phone": "555-0101",
        "programs": [str(setup.program.pk)],
        "max_shifts": "3",
        "max_per_week": "1",
        "background_check_expires": "2027-06-30",
        "active": "on",
        "household_max_shifts": "2",
    }
    assert client.post(url, data).status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.max_shifts, volunteer.max_per_week, volunteer.background_check_expires) == (
        3,
        1,
        dt.date(2027, 6, 30),
    )
    assert volunteer.household.max_shifts == 2
    bad = client.post(url, dict(data, email="not-an-email", max_shifts="-1"))
    assert bad.status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.email == "ana@family.example.org"
    assert setup.world.client_for(Role.DISTRICT_LEADER).get(url).status_code == 403
    assert setup.world.client_for(Role.TEACHER).get(url).status_code == 403
    assert setup.world.client_for("outsider").get(url).status_code == 404
