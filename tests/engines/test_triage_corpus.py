"""The shipped corpus: size, labels, a fixed held-out split, and a reproducible build."""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sideline.engines.triage import CATEGORIES, CorpusError, load_ambiguous, load_corpus
from sideline.engines.triage.corpus import CORPUS_PATH, DATA_DIR


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("build_corpus", DATA_DIR / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_large_and_covers_every_category() -> None:
    items = load_corpus()
    counts = Counter(it.category for it in items)
    assert len(items) >= 1500
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 200


def test_every_technical_owner_is_a_known_delegate_and_only_technical_items_have_one() -> None:
    items = load_corpus()
    assert {it.category for it in items if it.delegate_to} == {"technical"}
    owned = sum(1 for it in items if it.category == "technical" and it.delegate_to)
    assert owned >= 1000


def test_held_out_heads_never_appear_in_training() -> None:
    items = load_corpus()
    train_groups = {it.group for it in items if it.split == "train"}
    heldout_groups = {it.group for it in items if it.split == "heldout"}
    assert train_groups & heldout_groups == set()
    texts = Counter(it.text for it in items)
    assert max(texts.values()) == 1


def test_held_out_has_titles_and_long_statements() -> None:
    kinds = Counter((it.split, it.kind) for it in load_corpus())
    assert kinds[("heldout", "title")] >= 300
    assert kinds[("heldout", "statement")] >= 40


def test_ambiguous_set_lists_at_least_two_plausible_categories() -> None:
    rows = load_ambiguous()
    assert len(rows) >= 30
    assert all(len(plausible) >= 2 and set(plausible) <= set(CATEGORIES) for _, plausible in rows)


def test_the_build_script_reproduces_the_shipped_file_exactly() -> None:
    rows, _ = _build_module().build()
    with CORPUS_PATH.open(encoding="utf-8", newline="") as fh:
        shipped = [tuple(r) for r in csv.reader(fh, delimiter="\t")][1:]
    assert [tuple(r) for r in rows] == shipped


def test_heads_added_later_leave_every_earlier_row_and_its_split_untouched() -> None:
    # The v3 heads are dressed from their own random stream after everything else, so the corpus without
    # them is exactly the first rows of the shipped one: nothing that was held out has moved to training.
    module = _build_module()
    for name in ("COACHING_EXTRA", "TECHNICAL_EXTRA", "LEVERAGED_EXTRA", "PERSONAL_EXTRA"):
        setattr(module, name, [])
    earlier, _ = module.build()
    with CORPUS_PATH.open(encoding="utf-8", newline="") as fh:
        shipped = [tuple(r) for r in csv.reader(fh, delimiter="\t")][1:]
    assert len(shipped) > len(earlier)
    assert [tuple(r) for r in earlier] == shipped[: len(earlier)]


@pytest.mark.parametrize(
    "counts",
    [
        "V3_EXTRA_COUNTS",
        "V4_EXTRA_COUNTS",
        "V5_EXTRA_COUNTS",
        "V6_EXTRA_COUNTS",
        "V7_EXTRA_COUNTS",
        "V8_EXTRA_COUNTS",
        "V9_EXTRA_COUNTS",
        "V10_EXTRA_COUNTS",
        "V11_EXTRA_COUNTS",
        "V12_EXTRA_COUNTS",
        "V13_EXTRA_COUNTS",
    ],
)
def test_later_heads_leave_every_earlier_versions_row_and_its_split_untouched(counts: str) -> None:
    # Cutting each list back to an earlier version's length rebuilds that version's corpus, which must be the
    # first rows of the shipped one (same texts, groups and splits), so its held-out items are still held out.
    module = _build_module()
    earlier, _ = module.build(upto=getattr(module, counts))
    with CORPUS_PATH.open(encoding="utf-8", newline="") as fh:
        shipped = [tuple(r) for r in csv.reader(fh, delimiter="\t")][1:]
    assert len(shipped) > len(earlier)
    assert [tuple(r) for r in earlier] == shipped[: len(earlier)]


def test_a_malformed_corpus_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.tsv"
    path.write_text("text\tcategory\tdelegate_to\tsplit\tkind\tgroup\nEmail\tadmin\t\ttrain\ttitle\tt1\n")
    with pytest.raises(CorpusError, match=r"corpus.tsv:2: bad category 'admin'"):
        load_corpus(path)


def test_owner_only_rows_are_the_technical_rows_of_corpus_v11_and_later() -> None:
    module = _build_module()
    v10, _ = module.build(upto=module.V10_EXTRA_COUNTS)
    items = load_corpus()
    assert not any(it.owner_only for it in items[: len(v10)])
    later = items[len(v10) :]
    assert later and all(it.owner_only == (it.category == "technical") for it in later)


def test_an_owner_only_row_that_is_not_technical_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.tsv"
    path.write_text(
        "text\tcategory\tdelegate_to\tsplit\tkind\tgroup\towner_only\n"
        "Boiler\ttechnical\tcustodian\ttrain\ttitle\tt1\tyes\n"
        "Dentist\tpersonal\t\ttrain\ttitle\tp1\tyes\n"
    )
    with pytest.raises(CorpusError, match=r"corpus.tsv:3: bad owner_only 'yes' for personal"):
        load_corpus(path)


def test_every_owner_review_names_a_head_in_the_corpus_and_a_known_owner() -> None:
    module = _build_module()
    review = module.load_owner_review()
    assert review
    assert module.unknown_reviewed_heads() == []
    known = {it.delegate_to for it in load_corpus() if it.delegate_to}
    assert all(was != now and {was, now} <= known for was, now in review.values())


def test_a_reviewed_owner_replaces_the_written_one_in_every_variant_of_its_head_and_nothing_else() -> None:
    module = _build_module()
    review = module.load_owner_review()
    module.load_owner_review = dict  # the corpus as written, before the review
    unreviewed, _ = module.build()
    rows, _ = _build_module().build()
    changed = {a[5] for a, b in zip(unreviewed, rows, strict=True) if a != b}
    assert len(changed) == len(review)
    for a, b in zip(unreviewed, rows, strict=True):
        assert a[:2] + a[3:] == b[:2] + b[3:]
        assert (a[2] != b[2]) == (a[5] in changed)
    assert {(a[2], b[2]) for a, b in zip(unreviewed, rows, strict=True) if a[5] in changed} <= set(
        review.values()
    )


def test_a_review_that_no_longer_matches_the_written_owner_stops_the_build() -> None:
    module = _build_module()
    head, (was, now) = next(iter(module.load_owner_review().items()))
    module.load_owner_review = lambda: {head: ("nurse" if was != "nurse" else "bookkeeper", now)}
    with pytest.raises(ValueError, match="owner_review.tsv expects"):
        module.build()
