from __future__ import annotations

import datetime as dt

import pytest

from sideline import demo
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_each_demo_login_reaches_its_home_in_a_browser(live_server: object, page: object) -> None:
    ctx = demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    base = live_server.url  # type: ignore[attr-defined]
    for role, where, name, email in ctx.logins:
        login(page, base, email, demo.DEMO_PASSWORD)
        heading = page.locator("h1").first.inner_text()  # type: ignore[attr-defined]
        expected = "Riverbend Unified School District" if role == "District leader" else where
        assert heading == expected, (role, heading)
        first = name.split()[0] if not name.startswith("Dr.") else "Angela"
        assert page.get_by_role("button", name=f"Log out {first}").is_visible()  # type: ignore[attr-defined]
        page.get_by_role("button", name=f"Log out {first}").click()  # type: ignore[attr-defined]
        page.wait_for_url(f"{base}/accounts/login/")  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_phone_menu_and_settings_form(live_server: object, phone: object) -> None:
    demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    base = live_server.url  # type: ignore[attr-defined]
    login(phone, base, "principal@maplegrove.example.org", demo.DEMO_PASSWORD)
    phone.get_by_text("Menu").click()  # type: ignore[attr-defined]
    phone.locator("summary", has_text="School").click()  # type: ignore[attr-defined]
    phone.get_by_role("link", name="Settings", exact=True).click()  # type: ignore[attr-defined]
    phone.get_by_label("Coaching target pct").fill("60")  # type: ignore[attr-defined]
    phone.get_by_role("button", name="Save settings").click()  # type: ignore[attr-defined]
    assert phone.get_by_text("Settings saved.").is_visible()  # type: ignore[attr-defined]
    assert phone.get_by_label("Coaching target pct").input_value() == "60"  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_the_stylesheet_and_script_are_served(live_server: object, page: object) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{base}/accounts/login/")  # type: ignore[attr-defined]
    for asset in (
        "/static/sideline/sideline.css",
        "/static/sideline/sideline.js",
        "/static/django_htmx/htmx-2.min.js",
    ):
        response = page.request.get(f"{base}{asset}")  # type: ignore[attr-defined]
        assert response.status == 200, asset
    # The layout's own colours apply: the top bar is dark, not the browser's default white.
    background = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.topbar')).backgroundColor"
    )
    assert background == "rgb(16, 42, 67)"


@pytest.mark.django_db(transaction=True)
def test_desktop_shows_the_menu_without_a_click(live_server: object, page: object) -> None:
    demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    base = live_server.url  # type: ignore[attr-defined]
    login(page, base, "principal@maplegrove.example.org", demo.DEMO_PASSWORD)
    assert not page.get_by_text("Menu").is_visible()  # type: ignore[attr-defined]
    sections = page.locator("nav summary").all_inner_texts()  # type: ignore[attr-defined]
    assert sections == ["Time", "Coaching", "Front office", "Leadership", "School"]
    page.locator("summary", has_text="School").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Staff").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Staff"  # type: ignore[attr-defined]
