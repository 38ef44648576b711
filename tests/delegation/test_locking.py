"""Two staff edit the same item from the same version: the second gets a conflict and nothing is lost."""

from __future__ import annotations

import datetime as dt

import pytest

from sideline.delegation import services
from sideline.delegation.models import WorkItem
from sideline.schools.roles import Role
from tests.conftest import World
from tests.delegation.helpers import work_item


def test_second_edit_from_the_same_version_is_a_conflict_that_shows_the_first(staffed: World) -> None:
    admin, registrar = staffed.people[Role.ADMINISTRATIVE_ASSISTANT], staffed.people[Role.REGISTRAR]
    item = work_item(staffed.school, "Bus route 12 late", "transport")
    # The default due date follows today's date, so the edits move it relative to whatever it is.
    first_due = item.due_date
    assert first_due is not None
    services.work_item_edit(
        item=item, version=1, actor=admin, title="Bus route 12 late pickups", notes="Called depot",
        due_date=first_due + dt.timedelta(days=6), owner=admin, needs_leader="none",
    )  # fmt: skip
    with pytest.raises(services.WorkItemConflict) as caught:
        services.work_item_edit(
            item=item, version=1, actor=registrar, title="Route 12", notes="Parents called",
            due_date=first_due + dt.timedelta(days=7), owner=registrar, needs_leader="none",
        )  # fmt: skip
    conflict = caught.value
    assert conflict.current.version == 2
    assert [(e.actor.name, e.field, e.from_value, e.to_value) for e in conflict.changes] == [
        ("Adele Admin", "title", "Bus route 12 late", "Bus route 12 late pickups"),
        ("Adele Admin", "notes", "", "Called depot"),
        ("Adele Admin", "due_date", first_due.isoformat(), (first_due + dt.timedelta(days=6)).isoformat()),
    ]
    assert str(conflict) == (
        "Adele Admin changed this item while you were editing it (now version 2). "
        "Your input is kept below: check their change and submit again."
    )
    item.refresh_from_db()
    assert (item.title, item.notes, item.due_date, item.version) == (
        "Bus route 12 late pickups", "Called depot", first_due + dt.timedelta(days=6), 2
    )  # fmt: skip


def test_state_change_from_a_stale_version_is_a_conflict(staffed: World) -> None:
    tech = staffed.people[Role.TECHNOLOGY]
    item = work_item(staffed.school, "Cart 3 chargers", "technology")
    services.work_item_set_state(item=item, state="done", version=1, actor=tech)
    with pytest.raises(services.WorkItemConflict) as caught:
        services.work_item_set_state(
            item=item,
            state="returned",
            version=1,
            actor=staffed.people[Role.ADMINISTRATIVE_ASSISTANT],
            reason="Needs budget",
        )
    assert [(e.from_value, e.to_value) for e in caught.value.changes] == [("open", "done")]
    item.refresh_from_db()
    assert (item.state, item.returned_reason, item.version) == ("done", "", 2)


def test_conflict_page_keeps_the_second_persons_input(staffed: World) -> None:
    item = work_item(staffed.school, "Picture day", "scheduling")
    url = f"/s/lakeside/delegation/items/{item.pk}/edit/"
    form = {
        "title": "Picture day moved",
        "notes": "",
        "due_date": "",
        "owner": "",
        "needs_leader": "none",
        "version": "1",
    }
    first = staffed.client_for(Role.ADMINISTRATIVE_ASSISTANT).post(url, form)
    assert first.status_code == 302
    second = staffed.client_for(Role.PRINCIPAL).post(
        url, {**form, "title": "Picture day: ask photographer for Dec 3", "notes": "My notes typed meanwhile"}
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else changed this item" in page
    assert "Adele Admin" in page and "Picture day moved" in page
    assert 'value="Picture day: ask photographer for Dec 3"' in page
    assert "My notes typed meanwhile</textarea>" in page
    assert 'name="version" value="2"' in page
    assert WorkItem.objects.get(pk=item.pk).title == "Picture day moved"


def test_htmx_state_conflict_is_shown_in_the_row_with_the_reason_kept(staffed: World) -> None:
    item = work_item(staffed.school, "Consent forms", "communications")
    url = f"/s/lakeside/delegation/items/{item.pk}/state/"
    assert (
        staffed.client_for(Role.ADMINISTRATIVE_ASSISTANT)
        .post(url, {"state": "done", "version": "1"})
        .status_code
        == 302
    )
    response = staffed.client_for(Role.REGISTRAR).post(
        url,
        {"state": "returned", "version": "1", "reason": "Needs the principal's signature"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert "Adele Admin changed this item while you were editing it (now version 2)." in row
    assert "moved it from open to done" in row
    assert "Needs the principal&#x27;s signature</textarea>" in row
