"""Issue 7's "Done when": a candidate walks from identified to leading a PLC, and a compare-and-contrast
visit goes through to the teacher's presentation, clicked through in a real browser."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from sideline.leadership import services
from sideline.leadership.models import Candidate, CompareVisit, Presentation
from sideline.schools import services as school_services
from sideline.schools.roles import Role
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_world


def fresh(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.mark.django_db(transaction=True)
def test_candidate_from_identified_to_leading_a_plc(live_server: Any, phone: Any, browser: Any) -> None:
    world = make_world()
    base = live_server.url
    plc = services.plc_create(
        school=world.school,
        by=world.people[Role.PRINCIPAL],
        name="7th grade ELA",
        facilitator=world.people[Role.ASSISTANT_PRINCIPAL],
    )

    login(phone, base, "principal@example.org", PASSWORD)
    phone.goto(f"{base}/s/lakeside/leadership/pipeline/")
    phone.get_by_text("0 future leaders named: name 5 more").wait_for()
    phone.get_by_label("Staff member").select_option(label="Tom Teacher")
    phone.get_by_label("What you have seen").fill("Runs the best PD sessions")
    phone.get_by_role("button", name="Add to the pipeline").click()
    phone.get_by_text("Tom Teacher is in the pipeline").wait_for()
    phone.get_by_role("link", name="Tom Teacher").click()
    assert phone.locator("#stage").inner_text() == "Identified"

    phone.get_by_label("Date").fill("2026-11-16")
    phone.get_by_label("Their ambitions").fill("Lead the 7th grade ELA team next year")
    phone.get_by_label("Next step agreed").fill("Co-facilitate two meetings with the AP")
    phone.get_by_role("button", name="Log conversation").click()
    phone.get_by_text("Conversation logged.").wait_for()
    assert phone.locator("#stage").inner_text() == "Career conversation held"

    for stage in ("Excited & willing", "In training"):
        phone.get_by_label("Move to").select_option(label=stage)
        phone.get_by_role("button", name="Move").click()
        phone.wait_for_load_state()
        assert phone.locator("#stage").inner_text() == stage

    phone.get_by_label("Move to").select_option(label="Leading")
    phone.get_by_role("button", name="Move").click()
    phone.get_by_text("Say what they lead: a PLC, a committee or a program.").wait_for()
    phone.get_by_label("Leads (leading)").select_option(label="A PLC")
    phone.get_by_label("Which PLC").select_option(label="7th grade ELA")
    phone.get_by_role("button", name="Move").click()
    phone.get_by_text("Tom Teacher: Leading.").wait_for()
    assert phone.locator("#stage").inner_text() == "Leading"
    phone.get_by_role("link", name="7th grade ELA").click()
    phone.get_by_text("teacher-led", exact=True).wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    candidate = Candidate.objects.get()
    plc.refresh_from_db()
    assert (candidate.stage, plc.facilitator) == ("leading", world.people[Role.TEACHER])
    assert list(candidate.history.values_list("to_stage", flat=True)) == [
        "identified", "conversation_held", "excited_willing", "in_training", "leading",
    ]  # fmt: skip

    # The candidate reads their own conversation; the assistant principal cannot.
    teacher = fresh(browser)
    login(teacher, base, "teacher@example.org", PASSWORD)
    teacher.goto(f"{base}/s/lakeside/leadership/me/")
    teacher.get_by_text("Lead the 7th grade ELA team next year").wait_for()
    ap = fresh(browser)
    login(ap, base, "assistant_principal@example.org", PASSWORD)
    ap.goto(f"{base}/s/lakeside/leadership/pipeline/{candidate.pk}/")
    ap.get_by_role("heading", name="Career conversations").wait_for()
    assert "Lead the 7th grade ELA team next year" not in ap.content()


@pytest.mark.django_db(transaction=True)
def test_compare_and_contrast_visit_to_the_presentation(live_server: Any, page: Any, browser: Any) -> None:
    world = make_world()
    base = live_server.url
    vic = school_services.person_ensure(
        district=world.district, name="Vic Visited", email="vic@example.org", room="40"
    )
    school_services.membership_ensure(person=vic, role=Role.TEACHER, school=world.school)
    plc = services.plc_create(
        school=world.school,
        by=world.people[Role.PRINCIPAL],
        name="7th grade ELA",
        facilitator=world.people["other_teacher"],
        members=[world.people[Role.TEACHER]],
    )
    today = dt.date.today()
    services.meeting_log(
        plc=plc, by=world.people["other_teacher"], date=today + dt.timedelta(days=9), agenda="Norms"
    )

    login(page, base, "principal@example.org", PASSWORD)
    page.goto(f"{base}/s/lakeside/leadership/visits/")
    page.get_by_text("No visits yet.").wait_for()
    page.get_by_label(re.compile(r"^Teacher")).select_option(label="Tom Teacher")
    page.get_by_label("Olga Otherteacher (room 12)").check()
    page.get_by_role("button", name="Log visit").click()
    page.get_by_text("Choose at least two classrooms").wait_for()
    page.get_by_label("Vic Visited (room 40)").check()
    page.get_by_label("What to look for").fill("Who does the talking?")
    page.get_by_role("button", name="Log visit").click()
    page.get_by_text("Visit logged.").wait_for()
    visit = CompareVisit.objects.get()

    teacher = fresh(browser)
    login(teacher, base, "teacher@example.org", PASSWORD)
    teacher.goto(f"{base}/s/lakeside/leadership/me/")
    teacher.get_by_role("link", name=re.compile("Olga Otherteacher, Vic Visited")).click()
    teacher.get_by_label("What you noticed about your own teaching").fill(
        "Both rooms used role cards; I don't."
    )
    teacher.get_by_role("button", name="Save noticings").click()
    teacher.get_by_text("Noticings saved.").wait_for()

    page.goto(f"{base}/s/lakeside/leadership/visits/{visit.pk}/")
    assert page.locator("#noticings").inner_text() == "Both rooms used role cards; I don't."
    page.get_by_text("Proposed: 7th grade ELA's next meeting on").wait_for()
    assert page.get_by_label("Date").input_value() == f"{today + dt.timedelta(days=9):%Y-%m-%d}"
    page.get_by_label("Title").fill("Role cards for turn-and-talk")
    page.get_by_role("button", name="Schedule presentation").click()
    page.get_by_text("Presentation scheduled.").wait_for()
    presentation = Presentation.objects.get()
    assert (presentation.venue, presentation.plc, presentation.happened) == ("plc", plc, False)

    page.get_by_label("Happened on").fill(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="Mark as happened").click()
    page.get_by_text("Recorded: the presentation happened.").wait_for()
    assert (
        page.locator("#presentation-status")
        .inner_text()
        .startswith("Role cards for turn-and-talk: PLC meeting")
    )
    presentation.refresh_from_db()
    assert presentation.happened_on == today
