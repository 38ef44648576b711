"""Whether hand-over is real: delegated share, time to close by area, returns, hours given back."""

from __future__ import annotations

import datetime as dt

import time_machine

from sideline.delegation import selectors, services
from sideline.delegation.report import report_lines, section
from sideline.schools.roles import Role
from tests.conftest import World
from tests.delegation.helpers import calendar_for, local, triage_item, weekly_series, work_item

MON = dt.date(2026, 11, 23)


def test_empty_school_measures(staffed: World) -> None:
    m = selectors.measures(staffed.school, MON)
    assert m == selectors.Measures(
        technical_items=0, delegated_items=0, technical_share_pct=None, median_hours_to_close={},
        returned_total=0, returned_open=0, hours_removed_this_week=0.0, week_start=MON,
    )  # fmt: skip


@time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC), tick=False)
def test_measures_count_delegation_closing_returns_and_hours(staffed: World) -> None:
    leader = staffed.people[Role.PRINCIPAL]
    # Four technical triage items (one dismissed, so not counted), two handed over; one coaching item.
    items = [triage_item(staffed.school, leader, f"Task {i}", delegate_to="technology") for i in range(4)]
    triage_item(staffed.school, leader, "Observe Tom", category="coaching")
    items[3].status = "dismissed"
    items[3].save()
    for t in items[:2]:
        services.work_item_hand_over_triage(school=staffed.school, triage_item_id=t.pk, actor=leader)
    t0 = local(MON, 8)
    for hours, area in [(2, "transport"), (6, "transport"), (4, "transport"), (24, "facilities")]:
        item = work_item(staffed.school, f"{area} {hours}", area, now=t0)
        services.work_item_set_state(
            item=item, state="done", version=1, actor=None, now=t0 + dt.timedelta(hours=hours)
        )
    back = work_item(staffed.school, "Signature", "communications", now=t0)
    back = services.work_item_set_state(
        item=back, state="returned", version=1, actor=None, reason="sign", now=t0
    )
    services.work_item_set_state(item=back, state="open", version=2, actor=leader, now=t0)
    still = work_item(staffed.school, "Decision", "communications", now=t0)
    services.work_item_set_state(item=still, state="returned", version=1, actor=None, reason="decide", now=t0)
    # A weekly 90-minute duty handed over on Monday Nov 16 (today): the week of Nov 23 loses 1.5 h.
    cal = calendar_for(staffed.school, leader)
    series = weekly_series(cal, dt.date(2026, 11, 9), 4, 7, 90, "Car line")
    services.work_item_hand_over_series(school=staffed.school, occurrence_id=series[0].pk, actor=leader)

    m = selectors.measures(staffed.school, MON)
    assert m == selectors.Measures(
        technical_items=3, delegated_items=2, technical_share_pct=67,
        median_hours_to_close={"Facilities": 24.0, "Transport": 4.0},
        returned_total=2, returned_open=1, hours_removed_this_week=1.5, week_start=MON,
    )  # fmt: skip
    assert report_lines(staffed.school, MON) == [
        "Technical items delegated: 67% (2 of 3)",
        "Median time to close: Facilities 24.0 h, Transport 4.0 h",
        "Items returned to the leader: 2 (1 still open)",
        "Technical hours removed from the leader's calendar this week: 1.5 h",
    ]
    assert section(staffed.school, MON, person=leader)["title"] == "Hand-over to the front office"


def test_measures_section_is_registered_in_the_weekly_pdf() -> None:
    from sideline.calendars import reports

    assert section in reports._SECTIONS


def test_home_panels_show_measures_to_leaders_and_the_queue_to_staff(staffed: World) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from sideline.delegation.home import panels
    from sideline.schools.rules import standing_of

    def render_for(who: str) -> str:
        request = RequestFactory().get("/s/lakeside/")
        request.user = staffed.users[who]
        roles = standing_of(request.user).roles_at(staffed.school)
        return "".join(
            render_to_string(p.template, {"panel": p.context}, request=request)
            for p in panels(request, staffed.school, roles)
        )

    item = work_item(staffed.school, "Cart 3 chargers", "technology", due_date=dt.date(2026, 9, 1))
    services.work_item_set_state(item=item, state="returned", version=1, actor=None, reason="Buy new ones?")
    leader_panel = render_for(Role.PRINCIPAL)
    assert "<strong>1</strong> waiting on your decision or signature" in leader_panel
    assert "Returned to you</dt><dd>1 in all, 1 still open</dd>" in leader_panel
    work_item(staffed.school, "Wifi in room 12", "technology", due_date=dt.date(2026, 9, 1))
    work_item(staffed.school, "Projector", "technology", due_date=dt.date(2099, 9, 1))
    tech_panel = render_for(Role.TECHNOLOGY)
    assert "<strong>2</strong> open items" in tech_panel and "1 overdue" in tech_panel
    assert render_for(Role.TEACHER) == ""
    assert render_for(Role.INSTRUCTIONAL_COACH) == ""
