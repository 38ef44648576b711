"""Work items move open -> in progress -> done, or come back to the leader with a reason; all of it is history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sideline.delegation import services
from sideline.delegation.models import FirstResponder, WorkItem
from sideline.schools.roles import Role
from tests.conftest import World
from tests.delegation.helpers import local, work_item

T0 = local(dt.date(2026, 11, 23), 8)


def test_first_responders_cover_every_area_from_the_default_roles(staffed: World) -> None:
    rows = {
        fr.area: (fr.person.name, fr.backup.name if fr.backup else None)
        for fr in FirstResponder.objects.filter(school=staffed.school)
    }
    assert rows == {
        "attendance": ("Rita Registrar", "Adele Admin"),
        "enrolment": ("Rita Registrar", "Adele Admin"),
        "discipline": ("Aaron Assistant", "Connor Counselor"),
        "facilities": ("Cal Custodian", "Adele Admin"),
        "purchasing": ("Bo Bookkeeper", "Adele Admin"),
        "technology": ("Tess Tech", "Adele Admin"),
        "health": ("Nina Nurse", "Connor Counselor"),
        "parent_concerns": ("Connor Counselor", "Adele Admin"),
        "transport": ("Adele Admin", "Rita Registrar"),
        "scheduling": ("Adele Admin", "Rita Registrar"),
        "communications": ("Adele Admin", "Rita Registrar"),
        "duties": ("Vera Volunteers", "Adele Admin"),
    }
    assert services.first_responders_ensure_defaults(school=staffed.school) == 0


def test_new_item_goes_to_the_areas_first_responder_with_backup_and_due_date(staffed: World) -> None:
    item = work_item(
        staffed.school, "Projector bulb in room 12", "technology", staffed.people[Role.PRINCIPAL], now=T0
    )
    assert (item.owner, item.backup) == (
        staffed.people[Role.TECHNOLOGY],
        staffed.people[Role.ADMINISTRATIVE_ASSISTANT],
    )
    # Two school days after Monday Nov 23: the test school has no holidays, so Wednesday.
    assert item.due_date == dt.date(2026, 11, 25)
    assert (item.state, item.version) == ("open", 1)
    assert [(e.kind, e.to_value, e.actor.name) for e in item.events.all()] == [
        ("created", "Tess Tech", "Alice Principal")
    ]


def test_open_in_progress_done_keeps_history(staffed: World) -> None:
    tech = staffed.people[Role.TECHNOLOGY]
    item = work_item(staffed.school, "Reset Chromebook passwords", "technology", now=T0)
    item = services.work_item_set_state(
        item=item, state="in_progress", version=1, actor=tech, now=T0 + dt.timedelta(hours=1)
    )
    item = services.work_item_set_state(
        item=item, state="done", version=2, actor=tech, now=T0 + dt.timedelta(hours=3)
    )
    assert (item.state, item.version, item.closed_at) == ("done", 3, T0 + dt.timedelta(hours=3))
    history = [
        (e.kind, e.from_value, e.to_value, e.actor.name if e.actor else None, e.version)
        for e in item.events.all()
    ]
    assert history == [
        ("created", "", "Tess Tech", None, 1),
        ("state", "open", "in_progress", "Tess Tech", 2),
        ("state", "in_progress", "done", "Tess Tech", 3),
    ]
    reopened = services.work_item_set_state(item=item, state="open", version=3, actor=tech)
    assert (reopened.state, reopened.closed_at) == ("open", None)


def test_returning_needs_a_reason_and_asks_for_a_decision_or_signature(staffed: World) -> None:
    admin = staffed.people[Role.ADMINISTRATIVE_ASSISTANT]
    item = work_item(staffed.school, "Field trip form", "communications")
    with pytest.raises(ValidationError) as caught:
        services.work_item_set_state(item=item, state="returned", version=1, actor=admin, reason="   ")
    assert caught.value.message_dict == {"reason": ["Say why it needs the leader, so they can act on it."]}
    item.refresh_from_db()
    assert (item.state, item.version, item.events.count()) == ("open", 1, 1)

    item = services.work_item_set_state(
        item=item,
        state="returned",
        version=1,
        actor=admin,
        reason="District form needs your signature",
        needs_leader="signature",
    )
    assert (item.state, item.needs_leader, item.returned_reason) == (
        "returned",
        "signature",
        "District form needs your signature",
    )
    last = item.events.last()
    assert last is not None and (last.from_value, last.to_value, last.note) == (
        "open",
        "returned",
        "District form needs your signature",
    )

    # The leader answers: it goes back to its owner and stops waiting on the leader.
    back = services.work_item_set_state(
        item=item, state="open", version=2, actor=staffed.people[Role.PRINCIPAL]
    )
    assert (back.state, back.needs_leader) == ("open", "none")


def test_returned_without_a_need_defaults_to_a_decision(staffed: World) -> None:
    item = work_item(staffed.school, "Elective change after deadline", "parent_concerns")
    item = services.work_item_set_state(
        item=item, state="returned", version=1, actor=None, reason="Exception is your call"
    )
    assert item.needs_leader == "decision"


@pytest.mark.parametrize(
    ("start_path", "target", "message"),
    [
        ([], "open", "The item is already open."),
        (["done"], "in_progress", "An item that is done cannot move to in_progress."),
        (["done"], "returned", "An item that is done cannot move to returned."),
        ([], "lost", "Unknown state 'lost'."),
    ],
)
def test_impossible_moves_are_refused_and_change_nothing(
    staffed: World, start_path: list[str], target: str, message: str
) -> None:
    item = work_item(staffed.school, "Tardy sweep", "discipline")
    for state in start_path:
        item = services.work_item_set_state(item=item, state=state, version=item.version, actor=None)
    before = (item.state, item.version, item.events.count())
    with pytest.raises(ValidationError) as caught:
        services.work_item_set_state(item=item, state=target, version=item.version, actor=None)
    assert caught.value.message_dict == {"state": [message]}
    item.refresh_from_db()
    assert (item.state, item.version, item.events.count()) == before


def test_bad_capture_input_is_refused(staffed: World) -> None:
    with pytest.raises(ValidationError) as caught:
        work_item(staffed.school, "  ", "technology")
    assert caught.value.message_dict == {"title": ["Say what needs doing."]}
    with pytest.raises(ValidationError) as caught:
        work_item(staffed.school, "Fix it", "weather")
    assert caught.value.message_dict == {"area": ["Unknown area 'weather'."]}
    with pytest.raises(ValidationError) as caught:
        work_item(staffed.school, "Fix it", "technology", owner=staffed.people["outsider"])
    assert caught.value.messages == [
        "Oscar Outsider does not work at Lakeside Middle, so cannot be the owner."
    ]
    assert WorkItem.objects.count() == 0


def test_notes_append_to_history_without_bumping_the_version(staffed: World) -> None:
    item = work_item(staffed.school, "Bus route 12", "transport")
    services.work_item_add_note(
        item=item, actor=staffed.people[Role.ADMINISTRATIVE_ASSISTANT], note="Called the depot"
    )
    item.refresh_from_db()
    assert item.version == 1
    assert [(e.kind, e.note) for e in item.events.all()] == [
        ("created", "Bus route 12"),
        ("note", "Called the depot"),
    ]
    with pytest.raises(ValidationError):
        services.work_item_add_note(item=item, actor=None, note=" ")


def test_first_responder_setting_validates_people(staffed: World) -> None:
    tech, admin = staffed.people[Role.TECHNOLOGY], staffed.people[Role.ADMINISTRATIVE_ASSISTANT]
    with pytest.raises(ValidationError):
        services.first_responder_set(school=staffed.school, area="technology", person=tech, backup=tech)
    with pytest.raises(ValidationError):
        services.first_responder_set(
            school=staffed.school, area="technology", person=staffed.people["outsider"], backup=None
        )
    services.first_responder_set(school=staffed.school, area="technology", person=admin, backup=tech)
    fr = FirstResponder.objects.get(school=staffed.school, area="technology")
    assert (fr.person, fr.backup) == (admin, tech)
