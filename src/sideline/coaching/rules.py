"""Who may see and do what with coaching records. Every coaching access rule lives here.

- Teachers see their own observations, feedback and goals, never another teacher's.
- Private notes are visible to their author only.
- Coaches see their school's coaching records except evaluation-type observations.
- Leaders see all of their school's records (not other authors' private notes).
- District leaders see the coverage grid only: aggregate counts, never notes or feedback.
- Front-office staff and volunteer coordinators see nothing here (403); other schools' users get 404.
"""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from sideline.coaching.models import Goal, Observation
from sideline.schools.models import School
from sideline.schools.rules import (
    UserLike,
    get_school_for_user,
    is_coach,
    is_district_leader,
    is_leader,
    is_teacher,
    standing_of,
)
from sideline.schools.rules import person_of as person_of  # re-exported for this app's views


@rules.predicate
def is_subject_teacher(user: UserLike, obj: object) -> bool:
    """The teacher an observation or goal is about."""
    teacher_id = getattr(obj, "teacher_id", None)
    return teacher_id is not None and teacher_id == standing_of(user).person_id


@rules.predicate
def is_author(user: UserLike, obj: object) -> bool:
    observer_id = getattr(obj, "observer_id", None)
    return observer_id is not None and observer_id == standing_of(user).person_id


@rules.predicate
def is_evaluation(user: UserLike, obj: object) -> bool:
    return bool(getattr(obj, "is_evaluation", False))


@rules.predicate
def is_proposed(user: UserLike, obj: object) -> bool:
    return getattr(obj, "state", None) == Goal.State.PROPOSED


@rules.predicate
def is_active(user: UserLike, obj: object) -> bool:
    return getattr(obj, "state", None) == Goal.State.ACTIVE


@rules.predicate
def is_closed(user: UserLike, obj: object) -> bool:
    return getattr(obj, "state", None) == Goal.State.CLOSED


is_coach_side = is_leader | is_coach

# School-level pages.
rules.add_perm("coaching.log_observation", is_coach_side)
rules.add_perm("coaching.view_observations", is_coach_side)
rules.add_perm("coaching.view_coverage", is_coach_side | is_district_leader)
rules.add_perm("coaching.view_goals", is_coach_side)
rules.add_perm("coaching.propose_goal", is_coach_side | is_teacher)
rules.add_perm("coaching.view_my_coaching", is_teacher)
rules.add_perm("coaching.plan_visits", is_coach_side)
rules.add_perm("coaching.change_settings", is_leader)

# Single records.
rules.add_perm("coaching.view_observation", is_subject_teacher | is_leader | (is_coach & ~is_evaluation))
rules.add_perm("coaching.view_private_notes", is_author)
rules.add_perm("coaching.acknowledge_feedback", is_subject_teacher)
rules.add_perm("coaching.close_next_step", is_subject_teacher | is_author | is_leader)
rules.add_perm("coaching.plan_follow_up", is_author)
rules.add_perm("coaching.view_goal", is_subject_teacher | is_coach_side)
rules.add_perm("coaching.accept_goal", is_proposed & (is_subject_teacher | is_coach_side))
# Rewording an active goal sends it back to proposed, so either party may reword until it is closed.
rules.add_perm("coaching.reword_goal", ~is_closed & (is_subject_teacher | is_coach_side))
rules.add_perm("coaching.checkin_goal", is_active & is_subject_teacher)
rules.add_perm("coaching.support_goal", is_coach_side)
rules.add_perm("coaching.close_goal", is_coach_side)


def get_coaching_school_for_user(user: UserLike, slug: str, perm: str) -> School:
    return get_school_for_user(user, slug, perm)


def observations_for_user(user: UserLike, school: School) -> QuerySet[Observation]:
    """The observations this user may read at the school, as one filter (no per-row checks)."""
    qs = Observation.objects.filter(school=school)
    standing = standing_of(user)
    roles = standing.roles_at(school)
    if is_leader(user, school):
        return qs
    if is_coach(user, school):
        return qs.filter(Q(is_evaluation=False) | Q(teacher_id=standing.person_id))
    if roles:
        return qs.filter(teacher_id=standing.person_id)
    return qs.none()


def goals_for_user(user: UserLike, school: School) -> QuerySet[Goal]:
    qs = Goal.objects.filter(school=school)
    if is_leader(user, school) or is_coach(user, school):
        return qs
    if standing_of(user).roles_at(school):
        return qs.filter(teacher_id=standing_of(user).person_id)
    return qs.none()


def get_observation_for_user(user: UserLike, school: School, pk: int) -> Observation:
    """404 rather than 403 for someone else's record: its existence is itself confidential."""
    obs = (
        observations_for_user(user, school)
        .select_related("teacher", "observer", "priority", "school")
        .filter(pk=pk)
        .first()
    )
    if obs is None or not user.has_perm("coaching.view_observation", obs):
        raise Http404("No such observation")
    return obs


def get_goal_for_user(user: UserLike, school: School, pk: int) -> Goal:
    goal = (
        goals_for_user(user, school)
        .select_related("teacher", "priority", "proposed_by", "coach", "school")
        .filter(pk=pk)
        .first()
    )
    if goal is None or not user.has_perm("coaching.view_goal", goal):
        raise Http404("No such goal")
    return goal


def private_notes_for(user: UserLike, obs: Observation) -> str | None:
    """The private notes if this user wrote them, else None (even for the principal)."""
    return obs.private_notes if user.has_perm("coaching.view_private_notes", obs) else None
