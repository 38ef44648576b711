from __future__ import annotations

import datetime as dt

from sideline.schools.models import NonContactDay
from sideline.schools.roles import Role
from tests.conftest import World


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Lakeside Middle",
        "timezone": "America/Chicago",
        "year_start": "2026-08-17",
        "year_end": "2027-05-28",
        "vision": "Scholars all",
        "coaching_target_pct": "55",
        "classroom_days_target": "2",
        "priorities": "Checks for understanding\nStudent discourse\nWriting",
        "non_contact_days": "2026-11-26 holiday Thanksgiving\n2026-10-09 teacher_workday",
    }
    data.update(overrides)
    return data


def test_principal_saves_settings_priorities_and_days(world: World) -> None:
    response = world.client_for(Role.PRINCIPAL).post("/s/lakeside/settings/", _form())
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.coaching_target_pct == 55
    assert [p.title for p in world.school.priorities.all()] == [
        "Checks for understanding",
        "Student discourse",
        "Writing",
    ]
    assert list(NonContactDay.objects.filter(school=world.school).values_list("date", "kind")) == [
        (dt.date(2026, 10, 9), "teacher_workday"),
        (dt.date(2026, 11, 26), "holiday"),
    ]


def test_bad_input_is_explained_and_nothing_is_lost(world: World) -> None:
    client = world.client_for(Role.PRINCIPAL)
    for overrides, message in [
        ({"priorities": "Only one"}, "2 to 5 instructional priorities"),
        ({"non_contact_days": "2026-13-01 holiday"}, "is not a date"),
        ({"non_contact_days": "2026-11-26 picnic"}, "is not one of"),
        ({"non_contact_days": "2030-01-01 holiday"}, "outside the school year"),
        ({"timezone": "Mars/Olympus"}, "is not a time zone"),
        ({"year_end": "2026-01-01"}, "must end after it starts"),
        ({"coaching_target_pct": "140"}, "less than or equal to 100"),
    ]:
        response = client.post("/s/lakeside/settings/", _form(**overrides))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    world.school.refresh_from_db()
    assert world.school.coaching_target_pct == 50
    assert [p.title for p in world.school.priorities.all()] == [
        "Checks for understanding",
        "Student discourse",
    ]


def test_school_pages_show_times_in_the_schools_zone(world: World) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from sideline.calendars.models import Calendar

    Calendar.objects.create(
        school=world.school,
        owner=world.people[Role.PRINCIPAL],
        name="Work",
        last_synced_at=dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC),
    )
    page = world.client_for(Role.PRINCIPAL).get(reverse("calendars_list", args=["lakeside"]))
    assert page.status_code == 200
    assert "Nov 17, 09:00" in page.content.decode()  # 15:00 UTC is 09:00 in Chicago
    # The zone is forgotten after the request, so the next one on this thread starts in UTC.
    assert timezone.get_current_timezone_name() == "UTC"
