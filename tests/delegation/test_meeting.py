"""The daily meeting: generated from the leader's calendar and the queue, reordered and added to by the assistant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sideline.delegation import services
from sideline.delegation.models import AgendaItem, DailyMeeting
from sideline.schools.models import NonContactDay
from sideline.schools.roles import Role
from tests.conftest import World
from tests.delegation.helpers import calendar_for, event, local, visit, work_item

MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


def _agenda(meeting: DailyMeeting) -> list[tuple[str, list[str]]]:
    return [(a.title, a.body.splitlines()) for a in meeting.items.order_by("position", "id")]


@pytest.fixture
def busy(staffed: World) -> World:
    leader = staffed.people[Role.PRINCIPAL]
    cal = calendar_for(staffed.school, leader)
    event(cal, local(MON, 9), 60, "Classroom visits", "coaching")
    event(cal, local(MON, 10), 60, "Budget meeting", "technical")
    event(cal, local(MON, 12), 30, "Lunch", "personal")
    event(cal, local(TUE, 9), 60, "Parent meeting", "technical")
    event(cal, local(TUE, 9, 30), 60, "PLC", "leveraged")
    event(cal, local(WED, 8), 30, "Bus duty", "technical")
    visit(staffed.school, leader, local(TUE, 13), 45, "Visit: Tom Teacher, room 31")
    t0 = local(MON, 8)
    admin = staffed.people[Role.ADMINISTRATIVE_ASSISTANT]
    returned = work_item(staffed.school, "Consent forms", "communications", now=t0)
    services.work_item_set_state(
        item=returned, state="returned", version=1, actor=admin, reason="Needs your signature",
        needs_leader="signature", now=t0 + dt.timedelta(hours=1),
    )  # fmt: skip
    work_item(staffed.school, "Cart 3 chargers", "technology", now=t0)
    done = work_item(staffed.school, "Bus route 12", "transport", now=t0)
    services.work_item_set_state(
        item=done, state="done", version=1, actor=admin, now=t0 + dt.timedelta(hours=2)
    )
    return staffed


def test_agenda_has_every_section_in_order(busy: World) -> None:
    meeting = services.meeting_generate(school=busy.school, date=TUE)
    assert (meeting.leader, meeting.owner) == (
        busy.people[Role.PRINCIPAL],
        busy.people[Role.ADMINISTRATIVE_ASSISTANT],
    )
    assert _agenda(meeting) == [
        (
            "Yesterday's hours by category (Mon Nov 23)",
            ["Coaching Work: 1.0 h", "Technical Work: 1.0 h", "Personal: 0.5 h",
             "Coaching share 50% against a target of 50% (on target)."],
        ),
        (
            "Today's calendar (Tue Nov 24)",
            [
                "09:00-10:00 Parent meeting (Technical Work)",
                "09:30-10:30 PLC (Leveraged Leadership Work)",
                "13:00-13:45 Visit: Tom Teacher, room 31 (Coaching Work)",
                "CONFLICT: Parent meeting overlaps PLC at 09:30",
            ],
        ),
        ("Next school day's calendar (Wed Nov 25)", ["08:00-08:30 Bus duty (Technical Work)"]),
        (
            "Waiting for the leader's decision or signature",
            ["A signature: Consent forms (returned: Needs your signature), from Adele Admin"],
        ),
        (
            "State of delegated items",
            [
                "[Returned to the leader] Consent forms (Adele Admin, due Nov 25)",
                "[Open] Cart 3 chargers (Tess Tech, due Nov 25)",
                "[Done] Bus route 12 (Adele Admin, due Nov 25)",
            ],
        ),
        ("Planned classroom visits and follow-ups", ["13:00-13:45 Visit: Tom Teacher, room 31"]),
    ]  # fmt: skip


def test_holidays_are_skipped_for_yesterday_and_have_no_meeting(busy: World) -> None:
    NonContactDay.objects.create(school=busy.school, date=MON, kind="holiday", label="Closed")
    meeting = services.meeting_generate(school=busy.school, date=TUE)
    assert _agenda(meeting)[0] == (
        "Yesterday's hours by category (Fri Nov 20)",
        ["No time recorded.", "No work time recorded, so no coaching share (target 50%)."],
    )
    with pytest.raises(ValidationError) as caught:
        services.meeting_generate(school=busy.school, date=MON)
    assert caught.value.messages == [
        "Monday 2026-11-23 is not a school day at Lakeside Middle: no daily meeting."
    ]
    assert not DailyMeeting.objects.filter(date=MON).exists()


def test_reorder_and_add_survive_regeneration(busy: World) -> None:
    meeting = services.meeting_generate(school=busy.school, date=TUE)
    waiting = meeting.items.get(key="waiting")
    services.agenda_item_move(meeting=meeting, item_id=waiting.pk, direction="up")
    services.agenda_item_move(meeting=meeting, item_id=waiting.pk, direction="up")
    services.agenda_item_move(meeting=meeting, item_id=waiting.pk, direction="up")
    services.agenda_item_move(meeting=meeting, item_id=waiting.pk, direction="up")  # already first: stays
    added = services.agenda_item_add(
        meeting=meeting,
        title="Fire drill Friday",
        body="Confirm the route",
        actor=busy.people[Role.ADMINISTRATIVE_ASSISTANT],
    )
    order = list(meeting.items.order_by("position").values_list("key", flat=True))
    assert order == ["waiting", "hours", "today", "tomorrow", "delegated", "visits", ""]
    # New work arrives; regenerating refreshes the sections in place and keeps the order and the added item.
    work_item(busy.school, "New fence quote", "facilities", now=local(MON, 9))
    services.meeting_generate(school=busy.school, date=TUE)
    assert list(meeting.items.order_by("position").values_list("key", flat=True)) == order
    assert AgendaItem.objects.get(pk=added.pk).title == "Fire drill Friday"
    assert (
        "[Open] New fence quote (Cal Custodian, due Nov 25)"
        in meeting.items.get(key="delegated").body.splitlines()
    )


def test_regenerating_an_unchanged_day_changes_nothing(busy: World) -> None:
    first = services.meeting_generate(school=busy.school, date=TUE, now=local(TUE, 6))
    again = services.meeting_generate(school=busy.school, date=TUE, now=local(TUE, 7))
    again.refresh_from_db()
    assert again.pk == first.pk and again.generated_at == local(TUE, 6)
    assert AgendaItem.objects.count() == 6


def test_bad_agenda_input_is_refused(busy: World) -> None:
    meeting = services.meeting_generate(school=busy.school, date=TUE)
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, title=" ", body="x", actor=None)
    with pytest.raises(ValidationError):
        services.agenda_item_move(meeting=meeting, item_id=meeting.items.first().pk, direction="sideways")  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.agenda_item_move(meeting=meeting, item_id=999999, direction="up")
    assert AgendaItem.objects.count() == 6


def test_assistant_reorders_with_htmx_and_adds_items(busy: World) -> None:
    meeting = services.meeting_generate(school=busy.school, date=TUE)
    client = busy.client_for(Role.ADMINISTRATIVE_ASSISTANT)
    visits = meeting.items.get(key="visits")
    response = client.post(
        f"/s/lakeside/delegation/meeting/2026-11-24/items/{visits.pk}/move/",
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="agenda">')
    assert html.index("Planned classroom visits") < html.index("State of delegated items")
    bad = client.post(
        "/s/lakeside/delegation/meeting/2026-11-24/add/", {"title": "", "body": "Keep this text"}
    )
    assert bad.status_code == 400 and "Keep this text</textarea>" in bad.content.decode()
    ok = client.post("/s/lakeside/delegation/meeting/2026-11-24/add/", {"title": "Fire drill", "body": ""})
    assert ok.status_code == 302
    page = client.get("/s/lakeside/delegation/meeting/2026-11-24/").content.decode()
    assert "Fire drill" in page and "CONFLICT: Parent meeting overlaps PLC at 09:30" in page
    # The coach has no say in the front office's meeting.
    assert (
        busy.client_for(Role.INSTRUCTIONAL_COACH)
        .post(f"/s/lakeside/delegation/meeting/2026-11-24/items/{visits.pk}/move/", {"direction": "up"})
        .status_code
        == 403
    )


def test_meeting_page_offers_generation_and_explains_holidays(busy: World) -> None:
    client = busy.client_for(Role.ADMINISTRATIVE_ASSISTANT)
    page = client.get("/s/lakeside/delegation/meeting/2026-11-24/").content.decode()
    assert "No agenda for this day yet." in page and "Generate the agenda" in page
    assert client.post("/s/lakeside/delegation/meeting/2026-11-24/").status_code == 302
    assert DailyMeeting.objects.filter(date=TUE).count() == 1
    sat = client.get("/s/lakeside/delegation/meeting/2026-11-28/").content.decode()
    assert "Saturday, November 28 is not a school day, so there is no daily meeting." in sat
    assert client.get("/s/lakeside/delegation/meeting/not-a-date/").status_code == 404
