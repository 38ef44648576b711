"""The hand-over walk of issue 6, in a real browser.

The leader pastes three tasks in the triage inbox; the two technical ones go to their first responders in
one click each; the assistant (on a phone) finishes one and returns the other with a reason; the next
school day's daily meeting shows both, and the emailed agenda arrives at a real SMTP server on 127.0.0.1.
"""

from __future__ import annotations

import email

import pytest
from django.utils import timezone

from sideline.delegation import services
from sideline.delegation.models import WorkItem
from sideline.delegation.selectors import next_contact_day
from sideline.triage.models import TriageItem
from tests.browser.conftest import htmx_settled, login
from tests.conftest import PASSWORD, make_world
from tests.delegation.helpers import smtp_server, use_smtp

TASKS = [
    "Order toner for the front office copier",
    "Chromebook cart 3 will not charge",
    "Observe Kowalski rm 31 checks for understanding",
]


@pytest.mark.django_db(transaction=True)
def test_hand_over_finish_return_and_the_daily_meeting(
    live_server: object, page: object, phone: object, settings: object
) -> None:
    world = make_world()
    services.first_responders_ensure_defaults(school=world.school)
    base = live_server.url  # type: ignore[attr-defined]

    # The leader triages three tasks and hands the two technical ones over, one click each.
    login(page, base, "principal@example.org", PASSWORD)
    page.goto(f"{base}/s/lakeside/triage/")  # type: ignore[attr-defined]
    page.get_by_label("Tasks, one task per line").fill("\n".join(TASKS))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Triage").click()  # type: ignore[attr-defined]
    page.locator("li.triage-item").nth(2).wait_for()  # type: ignore[attr-defined]
    htmx_settled(page)
    toner = page.locator("li.triage-item", has_text="Order toner")  # type: ignore[attr-defined]
    toner.get_by_role("button", name="Hand over to Adele").click()
    toner.get_by_text("Handed over to Adele Admin").wait_for()
    htmx_settled(page)
    cart = page.locator("li.triage-item", has_text="Chromebook cart 3")  # type: ignore[attr-defined]
    cart.get_by_role("button", name="Hand over to Tess").click()
    cart.get_by_text("Handed over to Tess Tech").wait_for()
    observe = page.locator("li.triage-item", has_text="Observe Kowalski")  # type: ignore[attr-defined]
    assert (
        observe.get_by_role("button", name="Hand over", exact=False).count() == 0
    )  # Coaching stays with the leader
    assert sorted(WorkItem.objects.values_list("title", "owner__name", "source")) == [
        ("Chromebook cart 3 will not charge", "Tess Tech", "triage"),
        ("Order toner for the front office copier", "Adele Admin", "triage"),
    ]
    assert TriageItem.objects.filter(status="handed_over").count() == 2

    # The assistant, on a phone, finishes the toner and returns the cart with a reason.
    login(phone, base, "administrative_assistant@example.org", PASSWORD)
    phone.goto(f"{base}/s/lakeside/delegation/")  # type: ignore[attr-defined]
    row = phone.locator("li.work-item", has_text="Order toner")  # type: ignore[attr-defined]
    row.get_by_role("button", name="Done").click()
    phone.locator("li.work-item.state-done", has_text="Order toner").wait_for()  # type: ignore[attr-defined]
    htmx_settled(phone)
    row = phone.locator("li.work-item", has_text="Chromebook cart 3")  # type: ignore[attr-defined]
    row.get_by_text("Return to the leader").click()
    row.get_by_label("Why it needs the leader").fill("A new cart costs $1,900: your decision on the budget")
    row.get_by_label("They need to give").select_option("decision")
    row.get_by_role("button", name="Return with this reason").click()
    phone.locator("li.work-item.state-returned", has_text="Chromebook cart 3").wait_for()  # type: ignore[attr-defined]
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True  # type: ignore[attr-defined]
    assert sorted(WorkItem.objects.values_list("title", "state")) == [
        ("Chromebook cart 3 will not charge", "returned"),
        ("Order toner for the front office copier", "done"),
    ]

    # Tomorrow's daily meeting shows both, and goes out by email.
    tomorrow = next_contact_day(world.school, timezone.now().astimezone(world.school.zone).date())
    assert tomorrow is not None
    with smtp_server() as (inbox, port):
        use_smtp(settings, port)
        phone.goto(f"{base}/s/lakeside/delegation/meeting/{tomorrow:%Y-%m-%d}/")  # type: ignore[attr-defined]
        phone.get_by_role("button", name="Generate the agenda").click()  # type: ignore[attr-defined]
        agenda = phone.locator("#agenda")  # type: ignore[attr-defined]
        agenda.wait_for()
        waiting = agenda.locator("li.agenda-item", has_text="Waiting for the leader")
        assert waiting.locator(".agenda-lines li").all_inner_texts() == [
            "A decision: Chromebook cart 3 will not charge "
            "(returned: A new cart costs $1,900: your decision on the budget), from Tess Tech"
        ]
        delegated = agenda.locator("li.agenda-item", has_text="State of delegated items")
        lines = delegated.locator(".agenda-lines li").all_inner_texts()
        assert [line.split(" (")[0] for line in lines] == [
            "[Returned to the leader] Chromebook cart 3 will not charge",
            "[Done] Order toner for the front office copier",
        ]
        phone.get_by_role("button", name="Email it to both").click()  # type: ignore[attr-defined]
        phone.get_by_text("Sent to administrative_assistant@example.org, principal@example.org.").wait_for()  # type: ignore[attr-defined]
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert sorted(envelope.rcpt_tos) == ["administrative_assistant@example.org", "principal@example.org"]  # type: ignore[attr-defined]
    message = email.message_from_bytes(envelope.content)  # type: ignore[attr-defined]
    text = (
        next(p for p in message.walk() if p.get_content_type() == "text/plain")
        .get_payload(decode=True)
        .decode()
    )
    assert "[Done] Order toner for the front office copier" in text
    assert "[Returned to the leader] Chromebook cart 3 will not charge" in text


@pytest.mark.django_db(transaction=True)
def test_the_office_reroutes_an_item_and_the_leader_teaches_triage(
    live_server: object, page: object, phone: object
) -> None:
    world = make_world()
    services.first_responders_ensure_defaults(school=world.school)
    base = live_server.url  # type: ignore[attr-defined]
    leader = world.people["principal"]
    toner = TriageItem.objects.create(
        school=world.school,
        author=leader,
        text="Order toner for the front office copier",
        category="technical",
        confidence=0.9,
        delegate_to="administrative_assistant",
        rationale="Purchasing routine supplies is front-office work.",
    )
    item = services.work_item_hand_over_triage(school=world.school, triage_item_id=toner.pk, actor=leader)

    # Here the bookkeeper orders supplies: the assistant, on a phone, gives the item to him.
    login(phone, base, "administrative_assistant@example.org", PASSWORD)
    phone.goto(f"{base}/s/lakeside/delegation/items/{item.pk}/")  # type: ignore[attr-defined]
    phone.get_by_label("Owner").select_option(label="Bo Bookkeeper")  # type: ignore[attr-defined]
    phone.get_by_role("button", name="Save").click()  # type: ignore[attr-defined]
    phone.get_by_text("Saved.").wait_for()  # type: ignore[attr-defined]
    assert phone.get_by_text("Teach triage").count() == 0  # type: ignore[attr-defined]  # not the office's call

    # The leader sees what triage could learn, and teaches it in one click.
    login(page, base, "principal@example.org", PASSWORD)
    page.goto(f"{base}/s/lakeside/delegation/items/{item.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Teach triage").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Suggest the bookkeeper for items like this").click()  # type: ignore[attr-defined]
    page.get_by_text("Triage will now suggest the bookkeeper").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Triage has learned").wait_for()  # type: ignore[attr-defined]

    # The next time the same task is pasted, triage suggests the bookkeeper.
    page.goto(f"{base}/s/lakeside/triage/")  # type: ignore[attr-defined]
    page.get_by_label("Tasks, one task per line").fill("Order toner for the front office copier")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Triage").click()  # type: ignore[attr-defined]
    verdict = page.locator("li.triage-item", has_text="Order toner")  # type: ignore[attr-defined]
    verdict.get_by_text("Owner: Bookkeeper").wait_for()
    verdict.get_by_role("button", name="Hand over to Bo").wait_for()

    # Forgetting it is one click on the item's page.
    page.goto(f"{base}/s/lakeside/delegation/items/{item.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Forget this correction").click()  # type: ignore[attr-defined]
    page.get_by_text("Triage forgot its correction").wait_for()  # type: ignore[attr-defined]
    assert not world.school.triage_corrections.exists()
