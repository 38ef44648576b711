"""Text clean-up shared by the models and the correction matcher."""

from __future__ import annotations

import re

#: Longer texts are cut, not rejected: the first words of a task carry its purpose.
MAX_MODEL_CHARS = 600

_DIGITS = re.compile(r"\d+")
_INITIALS = re.compile(r"\b(?:[a-z]\.){1,3}(?=\s|$)|\b[a-z]\.(?=\s?[a-z])")
_NON_WORD = re.compile(r"[^a-z0]+")


def for_model(text: str) -> str:
    """Lower-case, digits folded to 0 so 'rm 31' and 'rm 214' look alike to the n-grams."""
    return _DIGITS.sub("0", text[:MAX_MODEL_CHARS].lower())


def correction_key(text: str) -> str:
    """The key under which a correction matches: case, punctuation, numbers and initials ignored."""
    lowered = text[:MAX_MODEL_CHARS].lower()
    lowered = _INITIALS.sub(" ", lowered)
    lowered = _DIGITS.sub("0", lowered)
    return " ".join(_NON_WORD.sub(" ", lowered).split())
