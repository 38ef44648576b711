"""Who may use the triage inbox. The only place these rules live.

- The inbox is a personal working list: principals, assistant principals and instructional coaches each
  have their own (coaches carry Technical Work too, and the self-question is as much theirs). Nobody sees
  another person's inbox, not even a fellow leader: items are reached only through their author.
- Corrections are made from one's own inbox and apply to the whole school's model.
- Teachers, front-office staff and volunteer coordinators get 403: they have standing at the school but
  no inbox.
- District leaders get 404. They read their schools' pages, but a leader's to-do list is not a school
  record; showing it read-only would expose half-formed notes about staff to the district.
- A user of another school gets 404 and never learns the school or an item exists.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sideline.schools.models import School
from sideline.schools.rules import UserLike, get_school_for_user, is_coach, is_leader, standing_of
from sideline.triage.models import TriageItem

can_use_inbox = is_leader | is_coach


@rules.predicate
def is_item_author(user: UserLike, item: object) -> bool:
    if not isinstance(item, TriageItem):
        return False
    person_id = standing_of(user).person_id
    return person_id is not None and item.author_id == person_id


rules.add_perm("triage.use_inbox", can_use_inbox)
rules.add_perm("triage.change_item", can_use_inbox & is_item_author)


def get_inbox_school_for_user(user: UserLike, slug: str) -> School:
    """The school whose inbox this user may use: 404 without standing (or as a district leader), else 403."""
    school = get_school_for_user(user, slug)
    if not standing_of(user).roles_at(school):
        raise Http404("No such page")
    if not user.has_perm("triage.use_inbox", school):
        raise PermissionDenied
    return school


def get_item_for_user(user: UserLike, slug: str, pk: int) -> TriageItem:
    """An item of this user's own inbox; any other item is a 404, whoever wrote it."""
    school = get_inbox_school_for_user(user, slug)
    item = TriageItem.objects.select_related("school").filter(pk=pk, school=school).first()
    if item is None or not user.has_perm("triage.change_item", item):
        raise Http404("No such item")
    return item
