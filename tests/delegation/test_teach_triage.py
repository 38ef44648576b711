"""When the office gives a handed-over item to another role, the leader can teach triage from the item's page."""

from __future__ import annotations

from sideline.delegation import selectors, services
from sideline.delegation.models import WorkItem
from sideline.schools import services as school_services
from sideline.schools.models import Person
from sideline.schools.roles import Role
from sideline.triage.models import Correction
from sideline.triage.services import classify_for_school
from tests.conftest import World
from tests.delegation.helpers import triage_item

TEXT = "Bus duty AM"


def _give(world: World, item: WorkItem, owner: Person | None) -> WorkItem:
    """The office changes the item's owner and nothing else."""
    return services.work_item_edit(
        item=item,
        version=item.version,
        actor=world.people[Role.ADMINISTRATIVE_ASSISTANT],
        title=item.title,
        notes=item.notes,
        due_date=item.due_date,
        owner=owner,
        needs_leader=item.needs_leader,
    )


def _handed_over_then_given_to(world: World, owner: Person, delegate: str = "volunteers") -> WorkItem:
    leader = world.people[Role.PRINCIPAL]
    t = triage_item(world.school, leader, TEXT, delegate_to=delegate)
    item = services.work_item_hand_over_triage(school=world.school, triage_item_id=t.pk, actor=leader)
    return _give(world, item, owner)


def _lesson(item: WorkItem) -> selectors.TriageLesson | None:
    return selectors.triage_lesson(item, selectors.triage_item_of(item))


def _url(item: WorkItem, action: str = "") -> str:
    return f"/s/lakeside/delegation/items/{item.pk}/{action}"


def test_the_author_teaches_triage_the_new_owner_and_can_forget_it(staffed: World) -> None:
    item = _handed_over_then_given_to(staffed, staffed.people[Role.VOLUNTEER_COORDINATOR])
    principal = staffed.client_for(Role.PRINCIPAL)

    page = principal.get(_url(item)).content.decode()
    assert "Teach triage" in page
    assert "Triage suggested <strong>volunteers</strong>" in page
    assert "Suggest the volunteer coordinator for items like this" in page

    response = principal.post(_url(item, "teach-triage/"), follow=True)
    assert response.redirect_chain[-1] == (_url(item), 302)
    page = response.content.decode()
    assert "Triage will now suggest the volunteer coordinator" in page
    assert "Triage has learned" in page and "Teach triage" not in page
    correction = Correction.objects.get(school=staffed.school)
    assert (correction.text, correction.category, correction.delegate_to) == (
        TEXT, "technical", "volunteer_coordinator"
    )  # fmt: skip
    assert correction.corrected_by == staffed.people[Role.PRINCIPAL]
    # It takes effect at once, for this school only; a near-identical text gets it too.
    (here,) = classify_for_school(staffed.school, ["bus duty am"])
    assert here.delegate_to == "volunteer_coordinator"
    (there,) = classify_for_school(staffed.other_school, [TEXT])
    assert there.delegate_to != "volunteer_coordinator"

    response = principal.post(_url(item, "forget-triage/"), follow=True)
    assert "Triage forgot its correction for “Bus duty AM”." in response.content.decode()
    assert not Correction.objects.exists()
    assert classify_for_school(staffed.school, [TEXT])[0].delegate_to != "volunteer_coordinator"


def test_a_lesson_needs_an_owner_with_one_role_other_than_the_suggestion(staffed: World) -> None:
    coordinator = staffed.people[Role.VOLUNTEER_COORDINATOR]
    item = _handed_over_then_given_to(staffed, coordinator)
    lesson = _lesson(item)
    assert lesson is not None and lesson.role == "volunteer_coordinator"
    assert lesson.suggested_label == "Volunteers"
    # The same role as triage suggested: nothing to learn.
    same = _handed_over_then_given_to(staffed, staffed.people[Role.REGISTRAR], delegate="registrar")
    assert _lesson(same) is None
    # Two roles at the school: which one the work belongs to is unknown.
    school_services.membership_ensure(person=coordinator, role=Role.COUNSELOR, school=staffed.school)
    assert _lesson(item) is None
    # The leader taking it back says nothing about which office owns it.
    principal = staffed.people[Role.PRINCIPAL]
    taken = _handed_over_then_given_to(staffed, principal, delegate="custodian")
    assert _lesson(taken) is None
    # Not from triage at all.
    typed = services.work_item_create(
        school=staffed.school, title="Order toner", area="purchasing", actor=principal
    )
    assert _lesson(typed) is None and selectors.triage_taught(typed, selectors.triage_item_of(typed)) is None


def test_only_the_triage_items_author_may_teach_or_forget(staffed: World) -> None:
    item = _handed_over_then_given_to(staffed, staffed.people[Role.TECHNOLOGY])
    # Another leader sees the item (leaders see the whole queue) but not the lesson: the inbox is private.
    ap = staffed.client_for(Role.ASSISTANT_PRINCIPAL)
    page = ap.get(_url(item)).content.decode()
    assert item.title in page and "Teach triage" not in page
    assert ap.post(_url(item, "teach-triage/")).status_code == 403
    assert staffed.client_for(Role.TECHNOLOGY).post(_url(item, "teach-triage/")).status_code == 403
    assert staffed.client_for(Role.DISTRICT_LEADER).post(_url(item, "teach-triage/")).status_code == 403
    assert staffed.client_for(Role.TEACHER).post(_url(item, "teach-triage/")).status_code == 403
    assert staffed.client_for("outsider").post(_url(item, "teach-triage/")).status_code == 404
    assert staffed.client_for(Role.PRINCIPAL).get(_url(item, "teach-triage/")).status_code == 405
    typed = services.work_item_create(
        school=staffed.school, title="Order toner", area="purchasing", actor=staffed.people[Role.PRINCIPAL]
    )
    assert staffed.client_for(Role.PRINCIPAL).post(_url(typed, "teach-triage/")).status_code == 403
    assert not Correction.objects.exists()

    staffed.client_for(Role.PRINCIPAL).post(_url(item, "teach-triage/"))
    assert Correction.objects.count() == 1
    assert ap.post(_url(item, "forget-triage/")).status_code == 403
    assert staffed.client_for("outsider").post(_url(item, "forget-triage/")).status_code == 404
    assert Correction.objects.count() == 1


def test_a_stale_lesson_is_refused_with_a_message_and_changes_nothing(staffed: World) -> None:
    item = _handed_over_then_given_to(staffed, staffed.people[Role.TECHNOLOGY])
    principal = staffed.client_for(Role.PRINCIPAL)
    assert "Teach triage" in principal.get(_url(item)).content.decode()
    # Meanwhile the office takes the owner off it: the page the leader is looking at is out of date.
    item = _give(staffed, item, None)
    response = principal.post(_url(item, "teach-triage/"), follow=True)
    assert "There is nothing to teach triage about this item any more." in response.content.decode()
    assert not Correction.objects.exists()
    response = principal.post(_url(item, "forget-triage/"), follow=True)
    assert "Triage has no correction for this item&#x27;s text to forget." in response.content.decode()
