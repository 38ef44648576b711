"""Read the shipped labelled corpus."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import NamedTuple

from .verdict import CATEGORIES, DELEGATES

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_PATH = DATA_DIR / "corpus.tsv"
AMBIGUOUS_PATH = DATA_DIR / "ambiguous.tsv"


class Item(NamedTuple):
    text: str
    category: str
    delegate_to: str | None
    split: str  # train | heldout
    kind: str  # title | statement
    group: str  # variants of one hand-written head share a group; cross-validation keeps groups whole
    #: A Technical item written to teach who owns the work: the owner models learn from it, the category
    #: models do not (see LABELLING.md, corpus v11).
    owner_only: bool = False


class CorpusError(ValueError):
    """The corpus file is malformed; the message names the line."""


def load_corpus(path: Path = CORPUS_PATH) -> list[Item]:
    items: list[Item] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for line, row in enumerate(reader, start=2):
            category = row.get("category") or ""
            delegate = row.get("delegate_to") or None
            split = row.get("split") or ""
            if category not in CATEGORIES or split not in ("train", "heldout"):
                raise CorpusError(f"{path}:{line}: bad category {category!r} or split {split!r}")
            if delegate is not None and (delegate not in DELEGATES or category != "technical"):
                raise CorpusError(f"{path}:{line}: bad delegate {delegate!r} for {category}")
            owner_only = row.get("owner_only") or ""
            if owner_only not in ("", "yes") or (owner_only and category != "technical"):
                raise CorpusError(f"{path}:{line}: bad owner_only {owner_only!r} for {category}")
            items.append(
                Item(
                    row["text"],
                    category,
                    delegate,
                    split,
                    row.get("kind") or "title",
                    row.get("group") or f"line{line}",
                    owner_only == "yes",
                )
            )
    return items


def load_ambiguous(path: Path = AMBIGUOUS_PATH) -> list[tuple[str, tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (row["text"], tuple(row["plausible"].split("|"))) for row in csv.DictReader(fh, delimiter="\t")
        ]


def corpus_digest(path: Path = CORPUS_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
