from __future__ import annotations

import datetime as dt

import pytest

from sideline.volunteers import services
from sideline.volunteers.models import Household, Volunteer
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_world


@pytest.mark.django_db(transaction=True)
def test_family_link_from_availability_to_published_shift(
    live_server: object, phone: object, page: object
) -> None:
    world = make_world()
    base = live_server.url  # type: ignore[attr-defined]
    program = services.program_create(school=world.school, name="Cafeteria duty")
    monday = dt.date.today() + dt.timedelta(days=14 - dt.date.today().weekday())
    services.shift_create(
        program=program, day=monday, start_time=dt.time(11, 0), end_time=dt.time(11, 30), need=1
    )
    household = Household.objects.create(school=world.school, family_name="Garcia", key="garcia|ana")
    volunteer = Volunteer.objects.create(
        household=household, name="Ana Garcia", email="ana@family.example.org"
    )
    volunteer.programs.add(program)
    token = services.link_create(volunteer=volunteer)

    # The family, on a phone, says when they can help.
    phone.goto(f"{base}/v/{token}/")  # type: ignore[attr-defined]
    assert phone.get_by_role("heading", name="Hello Ana Garcia").is_visible()  # type: ignore[attr-defined]
    assert phone.get_by_text("You have no shifts yet.").is_visible()  # type: ignore[attr-defined]
    phone.get_by_label("Monday from").fill("10:30")  # type: ignore[attr-defined]
    phone.get_by_label("Monday until").fill("13:00")  # type: ignore[attr-defined]
    phone.get_by_role("button", name="Save my availability").click()  # type: ignore[attr-defined]
    assert phone.get_by_text("Thank you! Your availability is saved.").is_visible()  # type: ignore[attr-defined]

    # The coordinator solves and publishes.
    login(page, base, "volunteer_coordinator@example.org", PASSWORD)
    page.goto(f"{base}/s/lakeside/volunteers/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Cafeteria duty").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Solve the unpublished shifts").click()  # type: ignore[attr-defined]
    assert page.get_by_text("1 of 1").is_visible()  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Publish and email families").click()  # type: ignore[attr-defined]
    assert page.get_by_text("Published. 1 families were emailed their shifts.").is_visible()  # type: ignore[attr-defined]

    # The family sees the shift on their own page.
    phone.reload()  # type: ignore[attr-defined]
    shift_text = f"{monday:%A %B} {monday.day}, 11:00–11:30"
    assert phone.get_by_text(shift_text).is_visible()  # type: ignore[attr-defined]
    assert phone.get_by_role("link", name="Add my shifts to my calendar (.ics)").is_visible()  # type: ignore[attr-defined]
