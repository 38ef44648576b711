"""Issue 5's "Done when": observe on a phone (surviving a lost connection), acknowledge, co-construct a goal,
check in, see coverage and home update, plan next week, accept, and find the visits in the ICS feed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sideline.calendars.models import FeedToken
from sideline.coaching.models import Goal, Observation
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_world


def fresh(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.mark.django_db(transaction=True)
def test_coaching_cycle_end_to_end(live_server: Any, phone: Any, browser: Any) -> None:
    world = make_world()
    base = live_server.url

    # 1. The principal logs a visit on a phone; the connection drops at the moment of saving.
    login(phone, base, "principal@example.org", PASSWORD)
    phone.goto(f"{base}/s/lakeside/coaching/observe/")
    phone.get_by_label("Teacher").select_option(label="Tom Teacher (room 31)")
    phone.get_by_label("Evidence (what you saw and heard)").fill("22 of 27 whiteboards up in 10 s.")
    phone.get_by_label("Feedback", exact=True).fill("The whiteboard check let you re-teach the right group.")
    phone.get_by_label("One next step").fill("Wait five seconds before taking answers.")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Save visit").click()
    phone.get_by_text("Saved on this device; will send when you're back online").wait_for()
    assert Observation.objects.count() == 0
    phone.context.set_offline(False)  # fires `online`: the draft is sent once
    phone.wait_for_url(re.compile(r".*/follow-up/$"))
    assert Observation.objects.count() == 1
    phone.get_by_role("button", name="Propose a debrief and a follow-up visit").click()
    phone.get_by_text("Proposed in your plan:").wait_for()

    # 2. The teacher sees the feedback and acknowledges it.
    teacher = fresh(browser)
    login(teacher, base, "teacher@example.org", PASSWORD)
    teacher.goto(f"{base}/s/lakeside/coaching/me/")
    assert teacher.get_by_text("The whiteboard check let you re-teach the right group.").is_visible()
    teacher.get_by_role("button", name="Acknowledge feedback").click()
    teacher.get_by_text(re.compile(r"^Acknowledged")).wait_for()
    assert Observation.objects.get().acknowledged_at is not None

    # 3. The teacher proposes a goal, the coach accepts the same wording, the teacher checks in.
    teacher.get_by_role("textbox", name="Goal", exact=True).fill(
        "Wait five seconds before taking answers in every lesson."
    )
    teacher.get_by_label("School priority it serves").select_option(label="Student discourse")
    teacher.get_by_label("Success measure").fill("Seen in three visits in a row.")
    teacher.get_by_label("Target date").fill("2027-01-29")
    teacher.get_by_role("button", name="Propose goal").click()
    teacher.get_by_text("Goal proposed.").wait_for()
    goal = Goal.objects.get()
    coach = fresh(browser)
    login(coach, base, "instructional_coach@example.org", PASSWORD)
    coach.goto(f"{base}/s/lakeside/coaching/goals/{goal.pk}/")
    coach.get_by_role("button", name="Accept this wording").click()
    coach.get_by_text("Goal accepted: it is active.").wait_for()
    teacher.goto(f"{base}/s/lakeside/coaching/me/")
    teacher.get_by_label("Progress").select_option("3")
    teacher.get_by_label("Note").fill("Doing it in 2nd period.")
    teacher.get_by_role("button", name="Log check-in").click()
    teacher.get_by_text("Check-in saved.").wait_for()
    assert list(goal.checkins.values_list("rating", "note")) == [(3, "Doing it in 2nd period.")]

    # 4. Coverage and the home pages reflect it.
    phone.goto(f"{base}/s/lakeside/coaching/coverage/")
    row = phone.get_by_role("row", name=re.compile("Tom Teacher"))
    assert "AP" in row.inner_text()
    phone.goto(f"{base}/s/lakeside/")
    loops = phone.get_by_role("region", name="Coaching: unclosed loops")
    assert "Tom Teacher: Wait five seconds before taking answers." in loops.inner_text(), loops.inner_text()
    teacher.goto(f"{base}/s/lakeside/")
    assert teacher.get_by_text("No feedback waiting").is_visible()

    # 5. The planner proposes next week's visits, the leader accepts, the feed carries them.
    leader = fresh(browser)
    login(leader, base, "principal@example.org", PASSWORD)
    leader.goto(f"{base}/s/lakeside/coaching/plan/")
    leader.get_by_role("button", name=re.compile(r"^(Propose visits|Re-plan)$")).click()
    leader.get_by_text(re.compile(r"Proposed \d+ classroom visits")).wait_for()
    leader.get_by_role("button", name=re.compile(r"Accept all \d+ proposed")).click()
    leader.get_by_text(re.compile(r"Accepted \d+ blocks")).wait_for()
    token = FeedToken.objects.create(person=world.people["principal"])
    ics = leader.request.get(f"{base}/feeds/{token.token}.ics").text()
    assert "Classroom visit: Tom Teacher (room 31)" in ics.replace("\r\n ", "")
