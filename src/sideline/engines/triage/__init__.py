"""Triage: is an item on a school leader's calendar Coaching, Technical or Leveraged work (or personal)?

Django-free. `load_model()` trains on the shipped corpus plus one school's corrections; `classify()` answers
with a `Verdict` per text: category, calibrated confidence, whether to ask the leader, a delegate for
Technical Work, and a one-line rationale.
"""

from .corpus import CorpusError, Item, load_ambiguous, load_corpus
from .model import TriageModel, classify, default_cache_dir, default_model, is_fitted, load_model
from .verdict import CATEGORIES, DELEGATES, ROLE_KEYS, SELF_QUESTION, VOLUNTEERS, Correction, Verdict

__all__ = [
    "CATEGORIES",
    "DELEGATES",
    "ROLE_KEYS",
    "SELF_QUESTION",
    "VOLUNTEERS",
    "CorpusError",
    "Correction",
    "Item",
    "TriageModel",
    "Verdict",
    "classify",
    "default_cache_dir",
    "default_model",
    "is_fitted",
    "load_ambiguous",
    "load_corpus",
    "load_model",
]
