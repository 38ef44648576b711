"""One-line explanations a principal understands."""

from __future__ import annotations

import re

LABELS = {"coaching": "Coaching", "technical": "Technical", "leveraged": "Leveraged", "personal": "Personal"}

ROLE_NAMES = {
    "principal": "you",
    "assistant_principal": "assistant principal",
    "instructional_coach": "instructional coach",
    "administrative_assistant": "administrative assistant",
    "bookkeeper": "bookkeeper",
    "registrar": "registrar",
    "custodian": "custodian",
    "nurse": "nurse",
    "counselor": "counselor",
    "technology": "technology lead",
    "teacher": "teacher",
    "volunteer_coordinator": "volunteer coordinator",
    "district_leader": "district",
}

_ROLE_TASK = {
    "administrative_assistant": "front-office work",
    "bookkeeper": "budget and purchasing work",
    "registrar": "attendance and records work",
    "custodian": "a facilities task",
    "nurse": "a health-office task",
    "counselor": "student support work",
    "assistant_principal": "discipline or school operations",
    "technology": "a technology fix",
    "teacher": "work a teacher can cover",
    "volunteer_coordinator": "volunteer programme admin",
    "instructional_coach": "coaching support work",
    "district_leader": "a district matter",
    "principal": "hands-on work",
}

# Hints used only to word the explanation; the category itself comes from the trained model.
_COACHING_HINTS = (
    (
        re.compile(r"feedback|debrief|convo|conversation|conf\b|reflect|goal|coaching"),
        "talking with a teacher about teaching you saw",
    ),
    (
        re.compile(r"walk|rounds|drop|visit|pop in|gemba"),
        "seeing teaching and learning in action around the school",
    ),
)
_LEVERAGED_HINTS = (
    (
        re.compile(r"volunteer|pta|parent network|retire|grandparent|committee|rota"),
        "building a volunteer network so this work no longer needs you",
    ),
    (
        re.compile(r"leader|career|\bap\b|assistant head|aspiring|succession|npq|mentor|pipeline"),
        "growing the next generation of leaders",
    ),
    (
        re.compile(r"train|handover|hand off|sop|own|empower|teach"),
        "training others to own a process for good",
    ),
)

_QUESTIONS = {
    frozenset({"coaching", "technical"}): "is this about observing teaching?",
    frozenset({"technical", "leveraged"}): "will you do it yourself, or set others up to own it?",
    frozenset({"coaching", "leveraged"}): "are you watching teaching, or growing a future leader?",
}


def explain(text: str, category: str, delegate: str | None) -> str:
    lowered = text.lower()
    if category == "coaching":
        cue = next(
            (c for rx, c in _COACHING_HINTS if rx.search(lowered)),
            "watching teaching and learning in a classroom",
        )
        return f"Coaching Work: {cue}."
    if category == "leveraged":
        cue = next(
            (c for rx, c in _LEVERAGED_HINTS if rx.search(lowered)), "reinventing how the work gets done"
        )
        return f"Leveraged Work: {cue}."
    if category == "personal":
        return "Personal: not school work; keep it off the work tally."
    if delegate == "volunteers":
        return "Technical Work: a supervision duty; a volunteer network could take it."
    if delegate is None or delegate == "principal":
        return "Technical Work: hands-on work that needs you; keep it short and batch it."
    owner = "a teacher" if delegate == "teacher" else f"the {ROLE_NAMES[delegate]}"
    return f"Technical Work: {_ROLE_TASK[delegate]}; best owned by {owner}."


def explain_review(first: str, second: str) -> str:
    question = _QUESTIONS.get(frozenset({first, second}), "is this school work at all?")
    return f"Needs your call: could be {LABELS[first]} or {LABELS[second]}; {question}"


def explain_correction(category: str, delegate: str | None) -> str:
    owner = f", owned by the {ROLE_NAMES[delegate]}" if delegate and delegate in ROLE_NAMES else ""
    if delegate == "volunteers":
        owner = ", for the volunteers"
    return f"{LABELS[category]} Work{owner}: following your school's correction."
