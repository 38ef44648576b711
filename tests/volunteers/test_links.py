from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sideline.volunteers import services
from sideline.volunteers.models import Assignment, VolunteerLink
from tests.volunteers.conftest import Setup


def _confirm(setup: Setup, vi: int, si: int) -> Assignment:
    setup.shifts[si].published = True
    setup.shifts[si].save()
    return Assignment.objects.create(
        shift=setup.shifts[si], volunteer=setup.volunteers[vi], source="solver", state="confirmed"
    )


def test_link_opens_only_its_volunteers_page(setup: Setup) -> None:
    mine = _confirm(setup, 0, 0)
    theirs = _confirm(setup, 1, 1)
    token = services.link_create(volunteer=setup.volunteers[0])
    client = Client()
    page = client.get(reverse("volunteers:family", args=[token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hello Ana Garcia" in html
    assert "Ben Okafor" not in html and "ben@family.example.org" not in html
    assert page["Cache-Control"] == "no-store"
    # Another volunteer's assignment cannot be dropped or swapped through this link.
    assert client.post(reverse("volunteers:family_drop", args=[token, theirs.pk])).status_code == 404
    assert client.post(reverse("volunteers:family_swap", args=[token, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "confirmed"
    # The link does not log anyone in: staff pages still ask for a login.
    staff = client.get(reverse("volunteers:index", args=[setup.world.school.slug]))
    assert staff.status_code == 302
    ics = client.get(reverse("volunteers:family_ics", args=[token]))
    assert ics.status_code == 200
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"volunteer-assignment-{mine.pk}@sideline" in body


def test_tampered_revoked_and_expired_links(setup: Setup) -> None:
    volunteer = setup.volunteers[0]
    token = services.link_create(volunteer=volunteer)
    client = Client()
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("volunteers:family", args=[tampered])).status_code == 404
    assert client.get(reverse("volunteers:family", args=["nonsense"])).status_code == 404

    assert services.link_revoke(volunteer=volunteer) == 1
    gone = client.get(reverse("volunteers:family", args=[token]))
    assert gone.status_code == 410
    assert "turned off" in gone.content.decode()
    assert client.get(reverse("volunteers:family_ics", args=[token])).status_code == 410

    fresh = services.link_create(volunteer=volunteer)
    VolunteerLink.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = client.get(reverse("volunteers:family", args=[fresh]))
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    post = client.post(reverse("volunteers:family_signup", args=[fresh, setup.shifts[0].pk]))
    assert post.status_code == 410
    assert Assignment.objects.count() == 0


def test_family_saves_availability_and_bad_input_keeps_their_text(setup: Setup) -> None:
    volunteer = setup.volunteers[0]
    token = services.link_create(volunteer=volunteer)
    url = reverse("volunteers:family", args=[token])
    client = Client()
    good = {
        "max_shifts": "2",
        "from_2": "10:00",
        "to_2": "13:00",
        "blackout": "2026-11-25\n2026-12-18",
        "prefer_weekday": "2",
        "prefer_months": ["10"],
    }
    assert client.post(url, good).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == [{"weekday": 2, "from": "10:00", "to": "13:00"}]
    assert volunteer.blackout == ["2026-11-25", "2026-12-18"]
    assert volunteer.prefer == [{"weekday": 2, "weight": 2}, {"month": 10, "weight": 1}]
    assert volunteer.max_shifts == 2
    bad = dict(good, to_2="09:00", blackout="2026-11-25\nnext tuesday")
    page = client.post(url, bad)
    assert page.status_code == 400
    html = page.content.decode()
    assert "On Wednesday the end must be after the start." in html
    assert "is not a date like 2026-11-25" in html
    assert "next tuesday" in html  # what they typed is still there
    volunteer.refresh_from_db()
    assert volunteer.availability == [{"weekday": 2, "from": "10:00", "to": "13:00"}]


def test_second_window_of_a_day_survives_a_family_save(setup: Setup) -> None:
    volunteer = setup.volunteers[0]
    volunteer.availability = [
        {"weekday": 0, "from": "07:00", "to": "08:00"},
        {"weekday": 0, "from": "14:45", "to": "15:45"},
    ]
    volunteer.save()
    token = services.link_create(volunteer=volunteer)
    page = Client().get(reverse("volunteers:family", args=[token])).content.decode()
    assert 'value="07:00"' in page
    data = {"max_shifts": "1", "from_0": "07:00", "to_0": "08:00", "from_1": "09:00", "to_1": "10:00"}
    assert Client().post(reverse("volunteers:family", args=[token]), data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == [
        {"weekday": 0, "from": "07:00", "to": "08:00"},
        {"weekday": 0, "from": "14:45", "to": "15:45"},
        {"weekday": 1, "from": "09:00", "to": "10:00"},
    ]


def test_family_asks_for_a_swap_withdraws_it_and_drops_through_the_link(setup: Setup) -> None:
    a = _confirm(setup, 0, 0)
    token = services.link_create(volunteer=setup.volunteers[0])
    client = Client()
    response = client.post(reverse("volunteers:family_swap", args=[token, a.pk]), {"note": "Dentist"})
    assert response.status_code == 302
    page = client.get(reverse("volunteers:family", args=[token])).content.decode()
    assert "Your swap request is on the board." in page
    assert "swap requested" in page
    # Ben, in the same program, sees it on his own page; Ana's contact details are not shown to him.
    ben = services.link_create(volunteer=setup.volunteers[1])
    ben_page = client.get(reverse("volunteers:family", args=[ben])).content.decode()
    assert "Dentist" in ben_page and "ana@family.example.org" not in ben_page
    swap = a.swap_requests.get()
    client.post(reverse("volunteers:family_unswap", args=[token, swap.pk]))
    swap.refresh_from_db()
    assert swap.state == "cancelled"
    dropped = client.post(reverse("volunteers:family_drop", args=[token, a.pk]), HTTP_HX_REQUEST="true")
    assert dropped.status_code == 200
    assert "You dropped the shift on" in dropped.content.decode()
    a.refresh_from_db()
    assert a.state == "dropped"
    again = client.post(reverse("volunteers:family_drop", args=[token, a.pk]), HTTP_HX_REQUEST="true")
    assert (again.status_code, again.content.decode().strip()) == (
        400,
        '<p class="error" role="status">This shift is no longer yours.</p>',
    )
