"""Every page a demo user is shown a link to opens for them: no broken links, no 500s, no 403s."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from sideline import demo

LINK = re.compile(r'href="(/[sd]/[^"#?]*)"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    "login",
    [
        "principal@maplegrove.example.org",
        "coach@maplegrove.example.org",
        "assistant@maplegrove.example.org",
        "bookkeeper@maplegrove.example.org",
        "volunteers@maplegrove.example.org",
        "kowalski@maplegrove.example.org",
        "superintendent@riverbend.example.org",
    ],
)
def test_every_linked_page_opens_for_the_user_who_sees_the_link(login: str) -> None:
    demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    client = Client()
    assert client.login(username=login, password=demo.DEMO_PASSWORD)
    start = client.get("/", follow=True).request["PATH_INFO"]
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < 60:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            queue.extend(href for href in LINK.findall(response.content.decode()) if href not in seen)
    broken = {url: status for url, status in seen.items() if status != 200}
    assert broken == {}
    assert len(seen) >= 5
