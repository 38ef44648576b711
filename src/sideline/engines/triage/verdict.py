"""The engine's vocabulary: categories, role keys, verdicts and corrections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CATEGORIES: tuple[str, ...] = ("coaching", "technical", "leveraged", "personal")
WORK_CATEGORIES: tuple[str, ...] = ("coaching", "technical", "leveraged")

# Mirrors sideline.schools.roles.Role; copied rather than imported so the engine stays free of Django.
# A test checks the two lists agree.
ROLE_KEYS: tuple[str, ...] = (
    "principal",
    "assistant_principal",
    "instructional_coach",
    "administrative_assistant",
    "bookkeeper",
    "registrar",
    "custodian",
    "nurse",
    "counselor",
    "technology",
    "teacher",
    "volunteer_coordinator",
    "district_leader",
)
VOLUNTEERS = "volunteers"
DELEGATES: tuple[str, ...] = (*ROLE_KEYS, VOLUNTEERS)

#: The question the leader is taught to ask of every item; the inbox shows it beside each verdict.
SELF_QUESTION = "Is this Coaching Work that only I can do, or Technical Work best handled by my staff?"

JSON_KEYS: tuple[str, ...] = ("text", "category", "confidence", "needs_review", "delegate_to", "rationale")

#: Below this, the suggested owner is shown as a guess to check: the owner model thinks another answer at
#: least as likely as this one.
OWNER_SURE = 0.5


@dataclass(frozen=True, slots=True)
class Verdict:
    text: str
    category: str
    confidence: float
    needs_review: bool
    delegate_to: str | None
    rationale: str
    #: How sure the owner model is of delegate_to (Technical Work only; None otherwise). Not part of the
    #: jsonl format, whose six keys are fixed; the inbox uses it to mark a guessed owner.
    delegate_confidence: float | None = None

    @property
    def owner_unsure(self) -> bool:
        return self.delegate_confidence is not None and self.delegate_confidence < OWNER_SURE

    def to_dict(self) -> dict[str, Any]:
        """Exactly the six keys of the jsonl format, in that order."""
        return {
            "text": self.text,
            "category": self.category,
            "confidence": self.confidence,
            "needs_review": self.needs_review,
            "delegate_to": self.delegate_to,
            "rationale": self.rationale,
        }


@dataclass(frozen=True, slots=True)
class Correction:
    """A leader's answer for one text, stored per school."""

    text: str
    category: str
    delegate_to: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise ValueError("a correction needs the non-blank text it corrects")
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}; expected one of {', '.join(CATEGORIES)}")
        if self.delegate_to is not None:
            if self.delegate_to not in DELEGATES:
                raise ValueError(
                    f"unknown delegate {self.delegate_to!r}; expected a role key or 'volunteers'"
                )
            if self.category != "technical":
                raise ValueError(
                    "only Technical Work has a delegate; drop delegate_to or correct to 'technical'"
                )
