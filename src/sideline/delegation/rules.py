"""Who may see and do what with delegated work. The only place these rules live.

Front-office staff (and the volunteer coordinator, who owns duties) work the queue; leaders see all of
it, hand work over and decide what comes back; district leaders read. Teachers and coaches have no
business in the front office's queue (403); another school's users never learn it exists (404).
"""

from __future__ import annotations

import rules
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from sideline.delegation.models import DailyMeeting, FirstResponder, WorkItem
from sideline.schools.models import School
from sideline.schools.roles import Role
from sideline.schools.rules import (
    UserLike,
    has_role,
    is_district_leader,
    is_front_office,
    is_leader,
    is_volunteer_coordinator,
    standing_of,
)

is_admin_assistant = has_role(Role.ADMINISTRATIVE_ASSISTANT)
works_queue = is_front_office | is_volunteer_coordinator

rules.add_perm("delegation.view_queue", is_leader | works_queue | is_district_leader)
rules.add_perm("delegation.work_queue", is_leader | works_queue)
rules.add_perm("delegation.capture", is_leader | works_queue)
rules.add_perm("delegation.hand_over", is_leader)
rules.add_perm("delegation.view_waiting", is_leader | is_district_leader)
rules.add_perm("delegation.decide", is_leader)
rules.add_perm("delegation.view_responders", is_leader | is_district_leader)
rules.add_perm("delegation.change_responders", is_leader)
rules.add_perm("delegation.view_auto_reply", is_leader)
rules.add_perm("delegation.view_meeting", is_leader | is_admin_assistant | is_district_leader)
rules.add_perm("delegation.change_meeting", is_leader | is_admin_assistant)
rules.add_perm("delegation.view_measures", is_leader | is_district_leader)


def sees_whole_queue(user: UserLike, school: School) -> bool:
    """Leaders, district leaders and the administrative assistant (who runs the front office) see it all."""
    return bool(
        is_leader(user, school) or is_admin_assistant(user, school) or is_district_leader(user, school)
    )


def work_items_for_user(user: UserLike, school: School) -> QuerySet[WorkItem]:
    """The items this user may see: everything for leaders; for staff their own and their areas' items."""
    qs = WorkItem.objects.filter(school=school)
    if sees_whole_queue(user, school):
        return qs
    person_id = standing_of(user).person_id
    if person_id is None or not works_queue(user, school):
        return qs.none()
    areas = (
        FirstResponder.objects.filter(school=school)
        .filter(Q(person_id=person_id) | Q(backup_id=person_id))
        .values("area")
    )
    return qs.filter(Q(owner_id=person_id) | Q(backup_id=person_id) | Q(area__in=areas))


def get_work_item_for_user(user: UserLike, school: School, item_id: int) -> WorkItem:
    """One item the user may see, or 404 (never reveals another area's or school's items)."""
    item = (
        work_items_for_user(user, school)
        .select_related("owner", "backup", "school", "created_by")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404("No such work item")
    return item


def get_meeting_for_user(user: UserLike, school: School, meeting_id: int) -> DailyMeeting:
    meeting = DailyMeeting.objects.filter(school=school, pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def check_may_hand_over_triage_item(user: UserLike, school: School, item_id: int) -> None:
    """Only the author of a triage item hands it over: another leader's inbox is private (404)."""
    from sideline.triage.rules import get_item_for_user

    get_item_for_user(user, school.slug, item_id)


def may_teach_triage(user: UserLike, triage_item: Model) -> bool:
    """Teaching triage from the queue is a triage correction: the triage app's rule decides (the item's
    author, who has an inbox)."""
    return bool(user.has_perm("triage.change_item", triage_item))


def check_may_hand_over_series(user: UserLike, school: School, occurrence_id: int) -> None:
    """Only the calendar's owner hands over its series; anyone else gets the calendars app's 404/403."""
    from sideline.calendars.models import Occurrence
    from sideline.calendars.rules import get_calendar_for_user

    calendar_id = (
        Occurrence.objects.filter(pk=occurrence_id, calendar__school=school)
        .values_list("calendar_id", flat=True)
        .first()
    )
    if calendar_id is None:
        raise Http404("No such calendar event")
    get_calendar_for_user(user, school, calendar_id)
