"""The one place the calendars app asks the triage engine what kind of work a title is.

The triage app's `classify_for_school` (with the school's own corrections) is used when it exists;
otherwise the shipped model is trained once per process. Titles are never blank when they reach the
engine (it refuses blank items), so an untitled event is asked about as "(untitled)".
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from sideline.schools.models import School


@dataclass(frozen=True, slots=True)
class TitleVerdict:
    category: str
    needs_review: bool
    confidence: float
    rationale: str
    delegate_to: str


_models: dict[bool, object] = {}
_lock = threading.Lock()


def engine_model(use_embeddings: bool) -> object:
    from sideline.engines.triage import default_cache_dir, load_model

    with _lock:
        model = _models.get(use_embeddings)
        if model is None:
            model = load_model(use_embeddings=use_embeddings, cache_dir=default_cache_dir())
            _models[use_embeddings] = model
        return model


def model_mode() -> str:
    """ "lexical" or "combined" (embeddings): benchmarks print which one they measured."""
    use = bool(getattr(settings, "SIDELINE_TRIAGE_EMBEDDINGS", True))
    return str(getattr(engine_model(use), "mode", "unknown"))


def classify_titles(school: School, titles: Sequence[str]) -> list[TitleVerdict]:
    texts = [t.strip() or "(untitled)" for t in titles]
    if not texts:
        return []
    verdicts: Sequence[object]
    try:
        from sideline.triage.services import classify_for_school  # type: ignore[attr-defined]
    except ImportError:
        use = bool(getattr(settings, "SIDELINE_TRIAGE_EMBEDDINGS", True))
        verdicts = engine_model(use).classify(texts)  # type: ignore[attr-defined]
    else:
        verdicts = classify_for_school(school, texts)
    out = []
    for v in verdicts:
        out.append(
            TitleVerdict(
                category=str(getattr(v, "category", "technical")),
                needs_review=bool(getattr(v, "needs_review", False)),
                confidence=float(getattr(v, "confidence", 0.0)),
                rationale=str(getattr(v, "rationale", ""))[:300],
                delegate_to=str(getattr(v, "delegate_to", None) or ""),
            )
        )
    if len(out) != len(texts):
        raise ValueError(f"The classifier returned {len(out)} verdicts for {len(texts)} titles.")
    return out
