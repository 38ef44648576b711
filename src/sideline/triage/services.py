"""Writes for the triage app, and the one door other apps use to classify text for a school.

`classify_for_school` keeps one model per school in this process. The expensive part, the fitted model, is
shared by every school that has not been retrained; a school's corrections are layered on top with the
engine's near-identical matching, which costs milliseconds, so a correction takes effect on the next call.
A per-school stamp, renewed in the same transaction as any correction change, tells every process
(web workers, commands) when its cached model is stale.

The first fit of the combined model on a machine takes minutes (4-5 on 2 cores). `cold_start()` says what a
call does meanwhile: "wait" for it (commands, tests: the default), or answer with the word model, which fits
in seconds, and say so; "background" (the web server) also fits the combined model in a thread and switches
to it when done, "word-model" (the demo, whose process ends too soon to finish a fit) does not.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from sideline.engines.triage import (
    CATEGORIES,
    DELEGATES,
    Correction,
    TriageModel,
    Verdict,
    is_fitted,
    load_model,
)
from sideline.engines.triage.text import MAX_MODEL_CHARS
from sideline.schools.models import Person, School
from sideline.triage import selectors
from sideline.triage.models import Correction as CorrectionRow
from sideline.triage.models import TriageItem, TriageState

#: The most lines one paste may hold; more is almost certainly the wrong file, and the form says so.
MAX_ITEMS_PER_PASTE = 200


class TriageInputError(ValueError):
    """Input a person gave that cannot be triaged; the message says what to do."""


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "triage"


def embeddings_wanted() -> bool:
    return bool(getattr(settings, "SIDELINE_TRIAGE_EMBEDDINGS", True))


WARMING = "the sentence model is being fitted on this machine for the first time, which takes a few minutes"
log = logging.getLogger(__name__)


def cold_start() -> str:
    # settings.py checks the environment at start-up; this catches a value set in code (a test, a
    # deployment's own settings module) against the same list.
    value = str(getattr(settings, "SIDELINE_TRIAGE_COLD_START", "wait"))
    choices = settings.SIDELINE_TRIAGE_COLD_STARTS
    if value not in choices:
        raise ImproperlyConfigured(
            f"SIDELINE_TRIAGE_COLD_START is {value!r}; use one of {', '.join(choices)}"
        )
    return value


# --- the per-process model cache ------------------------------------------------------------------------

TrainedKey = tuple[tuple[str, str, str | None], ...]


@dataclass(frozen=True)
class _Cached:
    stamp: str
    embeddings: bool
    trained: TrainedKey
    model: TriageModel


_lock = threading.Lock()
# Fitted models by (corrections they were trained with, embeddings on): () is the shipped model.
_fitted: dict[tuple[TrainedKey, bool], TriageModel] = {}
_by_school: dict[int, _Cached] = {}
# Correction sets whose combined model a background thread is fitting.
_warming: set[TrainedKey] = set()


def _fitted_model(trained: TrainedKey, embeddings: bool) -> TriageModel:
    key = (trained, embeddings)
    mode = cold_start()
    if embeddings and mode != "wait":
        with _lock:
            ready = key in _fitted
        if not ready and not is_fitted(
            corrections=_as_corrections(trained), use_embeddings=True, cache_dir=cache_dir()
        ):
            if mode == "background":
                _fit_in_background(trained)
            return dataclasses.replace(_fitted_model(trained, False), fallback_reason=WARMING)
    with _lock:
        model = _fitted.get(key)
        if model is None:
            # The engine caches fitted models on disk by their inputs, so a model retrained by
            # `sideline triage retrain` in another process loads here without fitting again.
            model = load_model(
                corrections=_as_corrections(trained),
                use_embeddings=embeddings,
                cache_dir=cache_dir(),
            )
            _fitted[key] = model
        return model


def _as_corrections(trained: TrainedKey) -> list[Correction]:
    return [Correction(t, c, d) for t, c, d in trained]


def _fit_in_background(trained: TrainedKey) -> None:
    with _lock:
        if trained in _warming:
            return
        _warming.add(trained)

    def fit() -> None:
        try:
            model = load_model(
                corrections=_as_corrections(trained),
                use_embeddings=True,
                cache_dir=cache_dir(),
            )
            with _lock:
                _fitted[(trained, True)] = model
                _by_school.clear()  # schools answered by the word model meanwhile pick the new one up
        except Exception:  # a failed fit leaves the word model answering; the next request tries again
            log.exception("fitting the triage model in the background failed")
        finally:
            with _lock:
                _warming.discard(trained)

    threading.Thread(target=fit, name="sideline-triage-fit", daemon=True).start()


def warm_up() -> None:
    """Start fitting the shipped combined model in the background if it has never been fitted here."""
    if embeddings_wanted() and not is_fitted(use_embeddings=True, cache_dir=cache_dir()):
        _fit_in_background(())


def _school_corrections(school: School) -> list[Correction]:
    rows = CorrectionRow.objects.filter(school=school).order_by("updated_at", "id")
    return [Correction(r.text, r.category, r.delegate_to) for r in rows]


def model_for_school(school: School | None) -> TriageModel:
    """The model that answers for this school (None: the shipped model, without any school's corrections)."""
    embeddings = embeddings_wanted()
    if school is None:
        return _fitted_model((), embeddings)
    state = TriageState.objects.filter(school=school).values("stamp", "trained_corrections").first()
    stamp = state["stamp"] if state else ""
    cached = _by_school.get(school.pk)
    # The word model standing in for an unfitted combined one is kept only while a fit is running: a request
    # that cached it just after a background fit finished must not keep it.
    stand_in = cached is not None and cached.model.fallback_reason == WARMING and not _warming
    if cached is not None and cached.stamp == stamp and cached.embeddings == embeddings and not stand_in:
        return cached.model
    trained: TrainedKey = tuple(
        (str(t), str(c), d) for t, c, d in (state["trained_corrections"] if state else [])
    )
    base = _fitted_model(trained, embeddings)
    # Later corrections win inside the engine, so they are passed oldest first.
    model = base.with_corrections(_school_corrections(school)) if state else base
    with _lock:
        _by_school[school.pk] = _Cached(stamp, embeddings, trained, model)
        # A long-running worker would otherwise keep every model a school was ever retrained into.
        in_use = {((), e) for e in (True, False)} | {(c.trained, c.embeddings) for c in _by_school.values()}
        for key in [k for k in _fitted if k not in in_use]:
            del _fitted[key]
    return model


def classify_for_school(school: School | None, texts: Sequence[str]) -> list[Verdict]:
    """Verdicts in input order, using the school's corrections (None: the shipped model only).

    Every text must be a non-blank string (the engine raises ValueError/TypeError otherwise).
    """
    return model_for_school(school).classify(texts)


def forget_models(*, keep_fitted: bool = False) -> None:
    """Drop this process's cached models: per school only, or the fitted ones too (after the corpus changes)."""
    with _lock:
        _by_school.clear()
        if not keep_fitted:
            _fitted.clear()


# --- inbox items ---------------------------------------------------------------------------------------


def parse_lines(raw: str) -> list[str]:
    """One task per line; blank lines skipped. Raises TriageInputError with a message for the form."""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if not lines:
        raise TriageInputError("Type or paste at least one task, one per line.")
    if len(lines) > MAX_ITEMS_PER_PASTE:
        raise TriageInputError(
            f"That is {len(lines)} lines; paste at most {MAX_ITEMS_PER_PASTE} tasks at a time."
        )
    too_long = [i for i, line in enumerate(lines, start=1) if len(line) > MAX_MODEL_CHARS]
    if too_long:
        raise TriageInputError(
            f"Line {too_long[0]} is longer than {MAX_MODEL_CHARS} characters; shorten it to one task."
        )
    return lines


@transaction.atomic
def triage_items_create(*, school: School, author: Person, texts: Sequence[str]) -> list[TriageItem]:
    """Classify the texts for the school and put them in the author's inbox, in input order."""
    verdicts = classify_for_school(school, texts)
    items = [
        TriageItem(
            school=school,
            author=author,
            text=v.text,
            category=v.category,
            confidence=v.confidence,
            needs_review=v.needs_review,
            delegate_to=v.delegate_to,
            delegate_confidence=v.delegate_confidence,
            rationale=v.rationale,
        )
        for v in verdicts
    ]
    return TriageItem.objects.bulk_create(items)


def _renew_stamp(school: School) -> None:
    TriageState.objects.update_or_create(school=school, defaults={"stamp": uuid.uuid4().hex})


def _check_answer(category: str, delegate_to: str | None) -> str | None:
    if category not in CATEGORIES:
        raise TriageInputError(f"Unknown category {category!r}; choose one of {', '.join(CATEGORIES)}.")
    if category != "technical":
        return None  # only Technical Work has an owner; a stale select value is not an error
    if delegate_to and delegate_to not in DELEGATES:
        raise TriageInputError(f"Unknown owner {delegate_to!r}.")
    return delegate_to or None


@transaction.atomic
def correction_save(
    *, school: School, text: str, category: str, delegate_to: str | None, by: Person | None
) -> CorrectionRow:
    """Store the school's answer for this text; a second correction of the same text replaces the first."""
    delegate = _check_answer(category, delegate_to)
    if not text.strip():
        raise TriageInputError("A correction needs the text it corrects.")
    normalised = selectors.correction_key_of(text)
    row, _ = CorrectionRow.objects.update_or_create(
        school=school,
        normalised=normalised,
        defaults={
            "text": text.strip()[:MAX_MODEL_CHARS],
            "category": category,
            "delegate_to": delegate,
            "corrected_by": by,
        },
    )
    _renew_stamp(school)
    return row


@transaction.atomic
def correction_delete(*, correction: CorrectionRow) -> None:
    school = correction.school
    correction.delete()
    _renew_stamp(school)


@transaction.atomic
def triage_item_correct(
    *, item: TriageItem, category: str, delegate_to: str | None, by: Person | None
) -> TriageItem:
    """The leader's one-click answer: stored as a school correction and applied to the item at once."""
    row = correction_save(
        school=item.school, text=item.text, category=category, delegate_to=delegate_to, by=by
    )
    verdict = classify_for_school(item.school, [item.text])[0]
    item.category = row.category
    item.delegate_to = row.delegate_to
    item.delegate_confidence = 1.0 if row.category == "technical" else None
    item.confidence = 1.0
    item.needs_review = False
    item.corrected = True
    item.rationale = verdict.rationale
    item.save(
        update_fields=[
            "category",
            "delegate_to",
            "delegate_confidence",
            "confidence",
            "needs_review",
            "corrected",
            "rationale",
        ]
    )
    return item


@transaction.atomic
def triage_item_set_status(*, item: TriageItem, status: str) -> TriageItem:
    """Move an item between open, handed over, done and dismissed (dismissing is undone by reopening)."""
    if status not in TriageItem.Status.values:
        raise TriageInputError(f"Unknown status {status!r}.")
    item.status = status
    item.status_changed_at = timezone.now()
    item.save(update_fields=["status", "status_changed_at"])
    return item


# --- retraining ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetrainResult:
    school: School
    corrections_used: int
    uses_embeddings: bool
    fallback_reason: str | None


def triage_model_retrain(*, school: School) -> RetrainResult:
    """Fit the school's model on the shipped corpus plus its corrections, and make every process use it."""
    corrections = _school_corrections(school)
    trained: TrainedKey = tuple((c.text, c.category, c.delegate_to) for c in corrections)
    # Fitting takes a while; it runs outside any transaction so the inbox stays writable meanwhile.
    model = _fitted_model(trained, embeddings_wanted())
    with transaction.atomic():
        state, _ = TriageState.objects.select_for_update().get_or_create(school=school)
        state.trained_corrections = [list(t) for t in trained]
        state.trained_at = timezone.now()
        state.stamp = uuid.uuid4().hex
        state.save()
    return RetrainResult(school, len(corrections), model.uses_embeddings, model.fallback_reason)


def fallback_notice(school: School | None) -> str | None:
    """Why the word model alone is answering, or None when the embeddings are in use.

    Pages call this on every view, so it never fits a model: it asks a model already in this process,
    and otherwise only whether the embedding stack loads.
    """
    cached = _by_school.get(school.pk) if school is not None else None
    if cached is not None and cached.embeddings == embeddings_wanted():
        return None if cached.model.uses_embeddings else (cached.model.fallback_reason or "word model only")
    if not embeddings_wanted():
        return "sentence embeddings switched off; using the word model only"
    if _warming:
        return WARMING
    from sideline.engines.triage.embeddings import load_embedder

    embedder, reason = load_embedder()
    return None if embedder is not None else reason
