"""Who may see and do what in Leveraged Leadership Work. The only place these rules live.

Career conversations are the most private rows here: only the leader who held one and the candidate it
was about may read it: not the other leaders, not coaches, not district leaders. Reaching one you may
not read is a 404, because its existence is itself confidential.
"""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from sideline.leadership.models import PLC, Candidate, CareerConversation, CompareVisit, LeverageProject
from sideline.schools.models import School
from sideline.schools.rules import (
    UserLike,
    get_school_for_user,
    is_coach,
    is_district_leader,
    is_leader,
    is_member,
    is_read_only,
    standing_of,
)
from sideline.schools.rules import person_of as person_of  # re-exported for this app's views


def _person_id(user: UserLike) -> int | None:
    return standing_of(user).person_id


@rules.predicate
def is_conversation_party(user: UserLike, obj: object) -> bool:
    if not isinstance(obj, CareerConversation):
        return False
    pid = _person_id(user)
    return pid is not None and pid in (obj.leader_id, obj.candidate.person_id)


@rules.predicate
def is_the_candidate(user: UserLike, obj: object) -> bool:
    return isinstance(obj, Candidate) and obj.person_id == _person_id(user)


@rules.predicate
def is_facilitator(user: UserLike, obj: object) -> bool:
    plc = obj if isinstance(obj, PLC) else getattr(obj, "plc", None)
    return isinstance(plc, PLC) and plc.facilitator_id == _person_id(user)


@rules.predicate
def is_visit_teacher(user: UserLike, obj: object) -> bool:
    return isinstance(obj, CompareVisit) and obj.teacher_id == _person_id(user)


# School-level pages.
rules.add_perm("leadership.view_pipeline", is_leader)
rules.add_perm("leadership.manage_pipeline", is_leader)
rules.add_perm("leadership.view_my_path", is_member)
rules.add_perm("leadership.view_plcs", is_member | is_district_leader)
rules.add_perm("leadership.manage_plcs", is_leader)
rules.add_perm("leadership.view_visits", is_leader)
rules.add_perm("leadership.manage_visits", is_leader)
rules.add_perm("leadership.view_leverage", is_leader | is_district_leader)
rules.add_perm("leadership.manage_leverage", is_leader)
rules.add_perm("leadership.view_on_message", is_leader | is_coach | is_district_leader)
rules.add_perm("leadership.view_readiness", is_leader)

# Single records.
rules.add_perm("leadership.view_candidate", is_leader | is_the_candidate)
rules.add_perm("leadership.view_conversation", is_conversation_party)
rules.add_perm("leadership.log_meeting", is_leader | is_facilitator)
rules.add_perm("leadership.observe_plc", is_leader)
rules.add_perm("leadership.view_visit", is_leader | is_visit_teacher)
rules.add_perm("leadership.record_noticings", is_leader | is_visit_teacher)


def get_leadership_school_for_user(user: UserLike, slug: str, perm: str) -> School:
    return get_school_for_user(user, slug, perm)


def can_edit(user: UserLike, school: School, perm: str) -> bool:
    """Edit controls show only to members with the perm (district leaders read only)."""
    return not is_read_only(user, school) and user.has_perm(perm, school)


def get_candidate_for_user(user: UserLike, school: School, pk: int) -> Candidate:
    candidate = (
        Candidate.objects.select_related("person", "school", "leads_plc").filter(pk=pk, school=school).first()
    )
    if candidate is None or not user.has_perm("leadership.view_candidate", candidate):
        raise Http404("No such candidate")
    return candidate


def conversations_for_user(user: UserLike, school: School) -> QuerySet[CareerConversation]:
    """As one filter: the conversations this user held or was the subject of, at this school."""
    pid = _person_id(user)
    if pid is None:
        return CareerConversation.objects.none()
    return CareerConversation.objects.filter(candidate__school=school).filter(
        Q(leader_id=pid) | Q(candidate__person_id=pid)
    )


def get_plc_for_user(user: UserLike, school: School, pk: int) -> PLC:
    plc = PLC.objects.select_related("facilitator", "priority", "school").filter(pk=pk, school=school).first()
    if plc is None or not user.has_perm("leadership.view_plcs", school):
        raise Http404("No such PLC")
    return plc


def visits_for_user(user: UserLike, school: School) -> QuerySet[CompareVisit]:
    qs = CompareVisit.objects.filter(school=school)
    if is_leader(user, school):
        return qs
    return qs.filter(teacher_id=_person_id(user)) if _person_id(user) is not None else qs.none()


def get_visit_for_user(user: UserLike, school: School, pk: int) -> CompareVisit:
    visit = (
        visits_for_user(user, school)
        .select_related("teacher", "leader", "priority", "school")
        .filter(pk=pk)
        .first()
    )
    if visit is None or not user.has_perm("leadership.view_visit", visit):
        raise Http404("No such visit")
    return visit


def get_project_for_user(user: UserLike, school: School, pk: int) -> LeverageProject:
    project = (
        LeverageProject.objects.select_related(
            "leader", "owner_person", "owner_program", "priority", "school"
        )
        .filter(pk=pk, school=school)
        .first()
    )
    if project is None or not user.has_perm("leadership.view_leverage", school):
        raise Http404("No such project")
    return project
