"""Quick capture, the leader's waiting list, first responders and the auto-reply text."""

from __future__ import annotations

import datetime as dt

from sideline.delegation import services
from sideline.delegation.models import FirstResponder, WorkItem
from sideline.schools.roles import Role
from tests.conftest import World
from tests.delegation.helpers import work_item


def test_capture_sends_the_task_to_the_first_responder(staffed: World) -> None:
    client = staffed.client_for(Role.ADMINISTRATIVE_ASSISTANT)
    response = client.post(
        "/s/lakeside/delegation/capture/",
        {
            "title": "Parent called: bus 12 late again",
            "area": "transport",
            "notes": "Mrs. Diaz",
            "due_date": "2026-12-01",
            "needs_leader": "none",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Captured “Parent called: bus 12 late again” for Adele Admin." in response.content.decode()
    item = WorkItem.objects.get()
    assert (item.area, item.owner, item.notes, item.due_date, item.source, item.created_by) == (
        "transport", staffed.people[Role.ADMINISTRATIVE_ASSISTANT], "Mrs. Diaz", dt.date(2026, 12, 1), "phone",
        staffed.people[Role.ADMINISTRATIVE_ASSISTANT],
    )  # fmt: skip


def test_capture_errors_keep_what_was_typed(staffed: World) -> None:
    client = staffed.client_for(Role.NURSE)
    response = client.post(
        "/s/lakeside/delegation/capture/",
        {"title": "Restock epipens", "area": "", "notes": "Two expire Friday", "due_date": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown area &#x27;&#x27;." in page
    assert 'value="Restock epipens"' in page and "Two expire Friday</textarea>" in page
    bad_date = client.post(
        "/s/lakeside/delegation/capture/", {"title": "Restock", "area": "health", "due_date": "Friday"}
    )
    assert bad_date.status_code == 400 and "The due date must be a date." in bad_date.content.decode()
    assert WorkItem.objects.count() == 0


def test_waiting_list_holds_only_decisions_and_signatures(staffed: World) -> None:
    work_item(staffed.school, "Plain open task", "technology")
    work_item(staffed.school, "Sign the PO", "purchasing", needs_leader="signature")
    done = work_item(staffed.school, "Signed already", "purchasing", needs_leader="signature")
    services.work_item_set_state(item=done, state="done", version=1, actor=None)
    back = work_item(staffed.school, "Elective exception", "parent_concerns")
    services.work_item_set_state(item=back, state="returned", version=1, actor=None, reason="Your call")
    client = staffed.client_for(Role.PRINCIPAL)
    page = client.get("/s/lakeside/delegation/waiting/").content.decode()
    assert "Sign the PO" in page and "Elective exception" in page and "Your call" in page
    assert "Plain open task" not in page and "Signed already" not in page
    # The leader answers: the item goes back to its owner and leaves the list.
    response = client.post(
        f"/s/lakeside/delegation/items/{back.pk}/state/",
        {"state": "open", "version": "2", "next": "/s/lakeside/delegation/waiting/"},
    )
    assert response.status_code == 302 and response["Location"] == "/s/lakeside/delegation/waiting/"
    after = client.get("/s/lakeside/delegation/waiting/").content.decode()
    assert "Elective exception: open." in after  # the confirmation message
    assert f'id="waiting-{back.pk}"' not in after and "Sign the PO" in after


def test_responders_page_saves_and_keeps_choices_on_error(staffed: World) -> None:
    client = staffed.client_for(Role.PRINCIPAL)
    page = client.get("/s/lakeside/delegation/responders/").content.decode()
    assert 'for="person_technology"' in page
    current = {fr.area: fr for fr in FirstResponder.objects.filter(school=staffed.school)}
    form = {f"person_{a}": str(fr.person_id) for a, fr in current.items()}
    form |= {f"backup_{a}": str(fr.backup_id or "") for a, fr in current.items()}
    nurse, counselor = staffed.people[Role.NURSE], staffed.people[Role.COUNSELOR]
    bad = {
        **form,
        "person_health": str(nurse.pk),
        "backup_health": str(nurse.pk),
        "person_transport": str(counselor.pk),
    }
    response = client.post("/s/lakeside/delegation/responders/", bad)
    assert response.status_code == 400
    assert "The backup must be someone other than the first responder." in response.content.decode()
    assert (
        FirstResponder.objects.get(school=staffed.school, area="transport").person
        == staffed.people[Role.ADMINISTRATIVE_ASSISTANT]
    )
    good = {**form, "person_transport": str(counselor.pk), "backup_transport": ""}
    assert client.post("/s/lakeside/delegation/responders/", good).status_code == 302
    fr = FirstResponder.objects.get(school=staffed.school, area="transport")
    assert (fr.person, fr.backup) == (counselor, None)
    outsider_form = {**form, "person_transport": str(staffed.people["outsider"].pk)}
    assert client.post("/s/lakeside/delegation/responders/", outsider_form).status_code == 400


def test_auto_reply_lists_the_first_responders(staffed: World) -> None:
    page = staffed.client_for(Role.PRINCIPAL).get("/s/lakeside/delegation/auto-reply/").content.decode()
    assert "- Technology: Tess Tech &lt;technology@example.org&gt;" in page
    assert "- Duties: Vera Volunteers &lt;volunteer_coordinator@example.org&gt;" in page
    assert "Alice Principal\nLakeside Middle</textarea>" in page


def test_auto_reply_without_responders_says_what_to_do(world: World) -> None:
    page = world.client_for(Role.PRINCIPAL).get("/s/lakeside/delegation/auto-reply/").content.decode()
    assert "No first responders yet." in page and "Name them first" in page


def test_item_page_edit_and_note(staffed: World) -> None:
    item = work_item(staffed.school, "Wifi", "technology")
    client = staffed.client_for(Role.TECHNOLOGY)
    url = f"/s/lakeside/delegation/items/{item.pk}/"
    assert client.post(url + "note/", {"note": "Rebooted the access point"}).status_code == 302
    bad = client.post(
        url + "edit/", {"title": "Wifi", "due_date": "soon", "version": "1", "needs_leader": "none"}
    )
    assert bad.status_code == 400 and "The due date must be a date." in bad.content.decode()
    assert (
        client.post(
            url + "edit/",
            {
                "title": "Wifi room 12",
                "due_date": "2026-12-02",
                "version": "1",
                "owner": str(staffed.people[Role.TECHNOLOGY].pk),
                "needs_leader": "none",
            },
        ).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "Rebooted the access point" in page and "title: “Wifi” → “Wifi room 12”" in page
    item.refresh_from_db()
    assert (item.title, item.due_date, item.version) == ("Wifi room 12", dt.date(2026, 12, 2), 2)


def test_queue_state_buttons_answer_htmx_with_the_row(staffed: World) -> None:
    item = work_item(staffed.school, "Wifi", "technology")
    client = staffed.client_for(Role.TECHNOLOGY)
    response = client.post(
        f"/s/lakeside/delegation/items/{item.pk}/state/",
        {"state": "in_progress", "version": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith(
        f'<li class="card work-item state-in_progress" id="item-{item.pk}">'
    )
    assert 'name="version" value="2"' in html
    empty = client.post(
        f"/s/lakeside/delegation/items/{item.pk}/state/",
        {"state": "returned", "version": "2", "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "Say why it needs the leader, so they can act on it." in empty.content.decode()
    missing = client.post(f"/s/lakeside/delegation/items/{item.pk}/state/", {"state": "done"})
    assert (
        missing.status_code == 400
        and "The form did not say which version it edits; reload the page." in missing.content.decode()
    )
