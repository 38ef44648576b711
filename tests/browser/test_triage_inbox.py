"""A principal on a phone pastes three tasks, sees the verdicts, and corrects one with a click (htmx)."""

from __future__ import annotations

import pytest

from sideline.triage.models import Correction, TriageItem
from tests.browser.conftest import htmx_settled, login
from tests.conftest import PASSWORD, make_world


@pytest.mark.django_db(transaction=True)
def test_paste_three_tasks_and_correct_one_without_a_reload(live_server: object, phone: object) -> None:
    make_world()
    base = live_server.url  # type: ignore[attr-defined]
    page = phone
    login(page, base, "principal@example.org", PASSWORD)
    page.goto(f"{base}/s/lakeside/triage/")  # type: ignore[attr-defined]
    assert page.get_by_text("Nothing waiting.").is_visible()  # type: ignore[attr-defined]

    page.get_by_label("Tasks, one task per line").fill(  # type: ignore[attr-defined]
        "Obs rm 31 - Kowalski - gr7 ELA\nBus duty AM\n\nCoffee w/ D. Batista: thinking about an AP role?\n"
    )
    # A marker on window survives htmx swaps and disappears on any full page load.
    page.evaluate("window.__noReload = true")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Triage").click()  # type: ignore[attr-defined]
    cards = page.locator("li.triage-item")  # type: ignore[attr-defined]
    cards.nth(2).wait_for()
    htmx_settled(page)
    assert cards.count() == 3
    texts = [cards.nth(i).locator(".triage-text").inner_text() for i in range(3)]
    assert sorted(texts) == sorted(
        ["Obs rm 31 - Kowalski - gr7 ELA", "Bus duty AM", "Coffee w/ D. Batista: thinking about an AP role?"]
    )
    assert page.get_by_label("Tasks, one task per line").input_value() == ""  # type: ignore[attr-defined]

    bus = page.locator("li.triage-item", has_text="Bus duty AM")  # type: ignore[attr-defined]
    assert bus.locator(".badge.technical").inner_text() == "Technical"
    # Choosing an owner is itself the correction: Technical Work, owned by that person.
    bus.get_by_label("Owner, if Technical").select_option("custodian")
    bus = page.locator("li.triage-item", has_text="Bus duty AM")  # type: ignore[attr-defined]
    bus.get_by_text("Corrected by you").wait_for()
    htmx_settled(page)
    assert bus.locator(".triage-owner").inner_text() == "Owner: Custodian"
    assert page.evaluate("window.__noReload === true") is True  # type: ignore[attr-defined]

    # Reclassify another item entirely, still in place.
    obs = page.locator("li.triage-item", has_text="Obs rm 31")  # type: ignore[attr-defined]
    obs.get_by_role("button", name="Leveraged").click()
    page.locator("li.triage-item", has_text="Obs rm 31").locator(".badge.leveraged").wait_for()  # type: ignore[attr-defined]
    assert page.evaluate("window.__noReload === true") is True  # type: ignore[attr-defined]

    assert sorted(Correction.objects.values_list("text", "category", "delegate_to")) == [
        ("Bus duty AM", "technical", "custodian"),
        ("Obs rm 31 - Kowalski - gr7 ELA", "leveraged", None),
    ]
    assert TriageItem.objects.filter(corrected=True).count() == 2
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_a_guessed_owner_is_marked_and_choosing_one_clears_it(live_server: object, phone: object) -> None:
    make_world()
    base = live_server.url  # type: ignore[attr-defined]
    page = phone
    login(page, base, "principal@example.org", PASSWORD)
    page.goto(f"{base}/s/lakeside/triage/")  # type: ignore[attr-defined]
    page.get_by_label("Tasks, one task per line").fill("Reconcile p-card\nFollow up on the thing from Tues")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Triage").click()  # type: ignore[attr-defined]
    page.locator("li.triage-item").nth(1).wait_for()  # type: ignore[attr-defined]
    htmx_settled(page)
    card = page.locator("li.triage-item", has_text="Reconcile p-card")  # type: ignore[attr-defined]
    assert card.get_by_text("Owner is a guess").count() == 0
    vague = page.locator("li.triage-item", has_text="Follow up on the thing")  # type: ignore[attr-defined]
    assert vague.get_by_text("Owner is a guess").is_visible()
    vague.get_by_label("Owner, if Technical").select_option("registrar")
    vague = page.locator("li.triage-item", has_text="Follow up on the thing")  # type: ignore[attr-defined]
    vague.get_by_text("Corrected by you").wait_for()
    assert vague.get_by_text("Owner is a guess").count() == 0
    assert vague.locator(".triage-owner").inner_text() == "Owner: Registrar"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True  # type: ignore[attr-defined]
