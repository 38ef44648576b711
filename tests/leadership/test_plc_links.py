from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sideline import demo
from sideline.leadership.models import PLCMeeting


@pytest.mark.django_db
def test_plc_page_links_the_observation_only_for_those_who_may_read_it() -> None:
    demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    meeting = PLCMeeting.objects.exclude(observation=None).select_related("plc").first()
    assert meeting is not None
    url = f"/s/maple-grove/leadership/plcs/{meeting.plc_id}/"
    link = f"/s/maple-grove/coaching/observations/{meeting.observation_id}/"
    seen = {}
    for login in ("principal", "bookkeeper"):
        client = Client()
        assert client.login(username=f"{login}@maplegrove.example.org", password=demo.DEMO_PASSWORD)
        page = client.get(url)
        assert page.status_code == 200
        seen[login] = link in page.content.decode()
        assert client.get(link).status_code == (200 if login == "principal" else 404)
    assert seen == {"principal": True, "bookkeeper": False}
