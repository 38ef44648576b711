"""One click from a triage verdict or a calendar event; a recurring series leaves the leader's time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sideline.delegation import selectors, services
from sideline.delegation.models import DelegatedSeries, WorkItem
from sideline.schools.roles import Role
from tests.conftest import World
from tests.delegation.helpers import calendar_for, day_bounds_entries, triage_item, weekly_series


def test_triage_item_goes_to_the_first_responder_of_its_delegate(staffed: World) -> None:
    leader = staffed.people[Role.PRINCIPAL]
    t = triage_item(staffed.school, leader, "Chromebook cart 3 will not charge", delegate_to="technology")
    item = services.work_item_hand_over_triage(school=staffed.school, triage_item_id=t.pk, actor=leader)
    assert (item.title, item.area, item.owner, item.source, item.triage_item_id) == (
        "Chromebook cart 3 will not charge", "technology", staffed.people[Role.TECHNOLOGY], "triage", t.pk
    )  # fmt: skip
    t.refresh_from_db()
    assert t.status == "handed_over"
    again = services.work_item_hand_over_triage(school=staffed.school, triage_item_id=t.pk, actor=leader)
    assert again.pk == item.pk and WorkItem.objects.count() == 1


@pytest.mark.parametrize(
    ("delegate", "area", "owner"),
    [
        ("volunteers", "duties", Role.VOLUNTEER_COORDINATOR),
        ("bookkeeper", "purchasing", Role.BOOKKEEPER),
        (None, "scheduling", Role.ADMINISTRATIVE_ASSISTANT),
    ],
)
def test_delegate_keys_map_to_areas_and_people(
    staffed: World, delegate: str | None, area: str, owner: str
) -> None:
    t = triage_item(
        staffed.school, staffed.people[Role.PRINCIPAL], "Something technical", delegate_to=delegate
    )
    item = services.work_item_hand_over_triage(school=staffed.school, triage_item_id=t.pk, actor=None)
    assert (item.area, item.owner) == (area, staffed.people[owner])


def test_coaching_items_and_other_schools_items_are_refused(staffed: World) -> None:
    coaching = triage_item(
        staffed.school, staffed.people[Role.PRINCIPAL], "Debrief with Tom", category="coaching"
    )
    with pytest.raises(ValidationError) as caught:
        services.work_item_hand_over_triage(school=staffed.school, triage_item_id=coaching.pk, actor=None)
    assert caught.value.messages == [
        "Only Technical Work is handed over; correct the verdict first if it is technical."
    ]
    theirs = triage_item(
        staffed.other_school, staffed.people["outsider"], "Their bus", delegate_to="registrar"
    )
    with pytest.raises(ValidationError) as caught:
        services.work_item_hand_over_triage(school=staffed.school, triage_item_id=theirs.pk, actor=None)
    assert caught.value.messages == ["That triage item does not exist at this school."]
    assert WorkItem.objects.count() == 0
    theirs.refresh_from_db()
    assert theirs.status == "open"


@time_machine.travel(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), tick=False)
def test_series_hand_over_removes_future_occurrences_from_the_leaders_time(staffed: World) -> None:
    leader = staffed.people[Role.PRINCIPAL]
    cal = calendar_for(staffed.school, leader)
    # A weekly budget check, Mondays 14:00-15:00, from Nov 9 for four weeks; today is Wednesday Nov 18.
    series = weekly_series(cal, dt.date(2026, 11, 9), 4, 14, 60, "Budget check", delegate_to="bookkeeper")
    item = services.work_item_hand_over_series(
        school=staffed.school, occurrence_id=series[2].pk, actor=leader
    )
    assert (item.title, item.area, item.owner, item.source, item.series_uid, item.calendar_id) == (
        "Budget check", "purchasing", staffed.people[Role.BOOKKEEPER], "series", "series-Budget check", cal.pk
    )  # fmt: skip
    assert list(DelegatedSeries.objects.values_list("series_uid", "from_date")) == [
        ("series-Budget check", dt.date(2026, 11, 23))
    ]
    # Past occurrences stay (the leader did that work); future ones leave the leader's day.
    assert [e.title for e in day_bounds_entries(staffed.school, leader, dt.date(2026, 11, 16))] == [
        "Budget check"
    ]
    assert day_bounds_entries(staffed.school, leader, dt.date(2026, 11, 23)) == []
    assert day_bounds_entries(staffed.school, leader, dt.date(2026, 11, 30)) == []
    start, _ = selectors.day_bounds(staffed.school, dt.date(2026, 11, 1))
    _, end = selectors.day_bounds(staffed.school, dt.date(2026, 12, 31))
    assert selectors.delegated_occurrence_ids(staffed.school, start, end) == {series[2].pk, series[3].pk}
    # Handing the same series over again (from another occurrence) changes nothing.
    again = services.work_item_hand_over_series(
        school=staffed.school, occurrence_id=series[3].pk, actor=leader
    )
    assert again.pk == item.pk and DelegatedSeries.objects.count() == 1


def test_series_of_another_school_is_refused(staffed: World) -> None:
    cal = calendar_for(staffed.other_school, staffed.people["outsider"])
    occurrence = weekly_series(cal, dt.date(2026, 11, 9), 1, 9, 30, "Their duty")[0]
    with pytest.raises(ValidationError) as caught:
        services.work_item_hand_over_series(school=staffed.school, occurrence_id=occurrence.pk, actor=None)
    assert caught.value.messages == ["That calendar event does not exist at this school."]
    assert DelegatedSeries.objects.count() == 0


def test_handover_views_answer_htmx_with_the_result_and_refuse_non_leaders(staffed: World) -> None:
    t = triage_item(staffed.school, staffed.people[Role.PRINCIPAL], "Order toner", delegate_to="bookkeeper")
    url = f"/s/lakeside/delegation/handover/triage/{t.pk}/"
    assert staffed.client_for(Role.ADMINISTRATIVE_ASSISTANT).post(url).status_code == 403
    assert staffed.client_for(Role.TEACHER).post(url).status_code == 403
    assert staffed.client_for("outsider").post(url).status_code == 404
    assert staffed.client_for(Role.DISTRICT_LEADER).post(url).status_code == 403
    assert WorkItem.objects.count() == 0
    response = staffed.client_for(Role.PRINCIPAL).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    item = WorkItem.objects.get()
    assert item.due_date is not None
    assert response.content.decode().strip() == (
        f'<div class="handover-result" role="status"><span class="ok">Handed over to Bo Bookkeeper</span>, '
        f'due {item.due_date:%a %b} {item.due_date.day}. <a href="/s/lakeside/delegation/items/{item.pk}/">Open</a></div>'
    )


def test_handover_button_partial_names_the_first_responder(staffed: World) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    t = triage_item(staffed.school, staffed.people[Role.PRINCIPAL], "Order toner", delegate_to="bookkeeper")
    request = RequestFactory().get("/s/lakeside/triage/")
    request.user = staffed.users[Role.PRINCIPAL]
    html = render_to_string(
        "delegation/_handover_button.html", {"item": t, "school": staffed.school}, request=request
    )
    assert f'action="/s/lakeside/delegation/handover/triage/{t.pk}/"' in html
    assert ">Hand over to Bo</button>" in html
    request.user = staffed.users[Role.TEACHER]
    assert (
        render_to_string(
            "delegation/_handover_button.html", {"item": t, "school": staffed.school}, request=request
        ).strip()
        == ""
    )


@time_machine.travel(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), tick=False)
def test_leader_hands_a_series_over_from_the_waiting_page(staffed: World) -> None:
    leader = staffed.people[Role.PRINCIPAL]
    cal = calendar_for(staffed.school, leader)
    series = weekly_series(cal, dt.date(2026, 11, 9), 4, 14, 60, "Budget check", delegate_to="bookkeeper")
    weekly_series(cal, dt.date(2026, 11, 9), 4, 8, 30, "Coaching huddle")[0].__class__.objects.filter(
        title="Coaching huddle"
    ).update(category="coaching")
    client = staffed.client_for(Role.PRINCIPAL)
    page = client.get("/s/lakeside/delegation/waiting/").content.decode()
    assert '<strong>Budget check</strong> <span class="muted">next Mon Nov 23, 14:00</span>' in page
    assert f'action="/s/lakeside/delegation/handover/series/{series[2].pk}/"' in page
    assert ">Hand over the series to Bo</button>" in page
    assert "Coaching huddle" not in page
    response = client.post(f"/s/lakeside/delegation/handover/series/{series[2].pk}/", HTTP_HX_REQUEST="true")
    assert "Handed over to Bo Bookkeeper" in response.content.decode()
    after = client.get("/s/lakeside/delegation/waiting/").content.decode()
    assert "No recurring Technical Work in the next eight weeks of your calendar." in after


@time_machine.travel(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), tick=False)
def test_a_handed_over_series_leaves_the_audit_and_the_planners_busy_time(staffed: World) -> None:
    from sideline.calendars.selectors import audit_for_person, busy_intervals

    leader = staffed.people[Role.PRINCIPAL]
    cal = calendar_for(staffed.school, leader)
    # Mondays 14:00-15:00 Nov 9, 16, 23, 30; today is Wednesday Nov 18, so Nov 23 and 30 are handed over.
    series = weekly_series(cal, dt.date(2026, 11, 9), 4, 14, 60, "Budget check", delegate_to="bookkeeper")
    term = (dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    assert audit_for_person(leader, *term, school=staffed.school).to_dict()["by_category"]["technical"] == 4.0
    services.work_item_hand_over_series(school=staffed.school, occurrence_id=series[2].pk, actor=leader)
    report = audit_for_person(leader, *term, school=staffed.school).to_dict()
    assert report["by_category"]["technical"] == 2.0
    assert busy_intervals(leader, series[0].start, series[3].end) == [
        (series[0].start, series[0].end),
        (series[1].start, series[1].end),
    ]


def test_a_leader_cannot_hand_over_another_leaders_triage_item_or_series(staffed: World) -> None:
    principal = staffed.people[Role.PRINCIPAL]
    mine = triage_item(
        staffed.school, principal, "PD planning w/ Gr 7 team", delegate_to="administrative_assistant"
    )
    cal = calendar_for(staffed.school, principal)
    series = weekly_series(cal, dt.date(2026, 11, 9), 2, 15, 30, "Dismissal duty")
    ap = staffed.client_for(Role.ASSISTANT_PRINCIPAL)
    assert ap.post(f"/s/lakeside/delegation/handover/triage/{mine.pk}/").status_code == 404
    assert ap.post(f"/s/lakeside/delegation/handover/series/{series[0].pk}/").status_code == 404
    assert WorkItem.objects.count() == 0
    assert DelegatedSeries.objects.count() == 0
    mine.refresh_from_db()
    assert mine.status == "open"
    # The owner still can.
    owner = staffed.client_for(Role.PRINCIPAL)
    assert owner.post(f"/s/lakeside/delegation/handover/series/{series[0].pk}/").status_code == 302
    assert DelegatedSeries.objects.count() == 1
