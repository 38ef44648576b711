"""Triage engine: quality on the held-out split and throughput, for lexical, embeddings and combined.

Run: .venv/bin/python bench/triage_eval.py   (HF_HUB_OFFLINE=1 is set here; nothing is downloaded)

Prints figures; asserts nothing. The held-out split is never trained on: its heads (hand-written phrases)
differ from the training heads, so it measures phrasings the model has not seen.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from sideline.engines.triage import (  # noqa: E402
    CATEGORIES,
    Item,
    TriageModel,
    Verdict,
    default_cache_dir,
    load_ambiguous,
    load_corpus,
    load_model,
)

WORK = ("coaching", "technical", "leveraged")
console = Console(width=140)


def f1(truth: Sequence[str], pred: Sequence[str], label: str) -> float:
    tp = sum(t == label and p == label for t, p in zip(truth, pred, strict=True))
    fp = sum(t != label and p == label for t, p in zip(truth, pred, strict=True))
    fn = sum(t == label and p != label for t, p in zip(truth, pred, strict=True))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def ece(verdicts: Sequence[Verdict], truth: Sequence[str], bins: int = 10) -> float:
    total, n = 0.0, len(verdicts)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, v in enumerate(verdicts) if lo < v.confidence <= hi or (b == 0 and v.confidence == 0)]
        if idx:
            acc = sum(verdicts[i].category == truth[i] for i in idx) / len(idx)
            conf = sum(verdicts[i].confidence for i in idx) / len(idx)
            total += len(idx) / n * abs(acc - conf)
    return total


def rate(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def quality(
    model: TriageModel, titles: list[Item], statements: list[Item], ambiguous: list[str]
) -> dict[str, float]:
    vt = model.classify([it.text for it in titles])
    truth = [it.category for it in titles]
    pred = [v.category for v in vt]
    vs = model.classify([it.text for it in statements])
    va = model.classify(ambiguous)
    with_owner = [(it, v) for it, v in zip(titles + statements, vt + vs, strict=True) if it.delegate_to]
    out = {
        "accuracy (4 cats)": rate([p == t for p, t in zip(pred, truth, strict=True)]),
        "accuracy (work items)": rate([p == t for p, t in zip(pred, truth, strict=True) if t in WORK]),
        "macro-F1 (work cats)": sum(f1(truth, pred, c) for c in WORK) / 3,
    }
    for c in CATEGORIES:
        out[f"F1 {c}"] = f1(truth, pred, c)
    out["delegate accuracy"] = rate([v.delegate_to == it.delegate_to for it, v in with_owner])
    # The inbox marks an owner below OWNER_SURE as a guess to check: how often, and how right either side is.
    unsure = [(it, v) for it, v in with_owner if v.owner_unsure]
    sure = [(it, v) for it, v in with_owner if v.category == "technical" and not v.owner_unsure]
    out["owner shown as a guess"] = len(unsure) / len(with_owner) if with_owner else 0.0
    out["delegate accuracy, owner sure"] = rate([v.delegate_to == it.delegate_to for it, v in sure])
    out["delegate accuracy, owner a guess"] = rate([v.delegate_to == it.delegate_to for it, v in unsure])
    out["long statements accuracy"] = rate(
        [v.category == it.category for it, v in zip(statements, vs, strict=True)]
    )
    out["ECE (titles+statements)"] = ece(vt + vs, truth + [it.category for it in statements])
    clear = rate([v.needs_review for v in vt])
    amb = rate([v.needs_review for v in va])
    out["review rate, clear"] = clear
    out["review rate, ambiguous"] = amb
    out["ambiguous / clear"] = amb / clear if clear else float("inf")
    out["_pred"] = pred  # type: ignore[assignment]
    return out


def confusion(title: str, truth: Sequence[str], pred: Sequence[str]) -> Table:
    table = Table(title=title)
    table.add_column("true \\ predicted")
    for c in CATEGORIES:
        table.add_column(c, justify="right")
    for t in CATEGORIES:
        table.add_row(
            t, *(str(sum(a == t and b == p for a, b in zip(truth, pred, strict=True))) for p in CATEGORIES)
        )
    return table


@functools.cache
def _build_corpus_module() -> Any:
    """build_corpus.py, executed once: it is 1.6 MB of heads, and every earlier version is cut from it."""
    import importlib.util

    from sideline.engines.triage.corpus import DATA_DIR

    spec = importlib.util.spec_from_file_location("build_corpus", DATA_DIR / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def earlier_texts(counts: str) -> set[str]:
    """The texts of an earlier corpus version (counts: the V*_EXTRA_COUNTS it was cut at), to report figures
    comparable with runs on that version."""
    module = _build_corpus_module()
    rows, _ = module.build(upto=getattr(module, counts))
    return {row[0] for row in rows}


def throughput(call: Callable[[], object], items: int) -> float:
    start = time.perf_counter()
    call()
    return items / (time.perf_counter() - start)


def main() -> None:
    corpus = load_corpus()
    train = [it for it in corpus if it.split == "train"]
    titles = [it for it in corpus if it.split == "heldout" and it.kind == "title"]
    statements = [it for it in corpus if it.split == "heldout" and it.kind == "statement"]
    ambiguous = [text for text, _ in load_ambiguous()]
    console.print(
        f"corpus: {len(corpus)} items; train {len(train)} ({sum(it.owner_only for it in train)} of them for the "
        f"owner models only); held-out titles {len(titles)}, "
        f"held-out long statements {len(statements)}; ambiguous {len(ambiguous)}"
    )

    cache = default_cache_dir()
    start = time.perf_counter()
    combined = load_model(cache_dir=cache)
    console.print(f"load_model (cache {cache}): {time.perf_counter() - start:.1f} s; mode {combined.mode}")
    if combined.fallback_reason:
        console.print(f"[red]fallback: {combined.fallback_reason}[/red]")
    models = {"lexical": combined.variant("lexical")}
    if combined.uses_embeddings:
        models["embeddings"] = combined.variant("embeddings")
        models["combined"] = combined.variant("combined")
        # The same model with the cascade off: every text through the sentence encoder.
        models["combined, all encoded"] = combined.variant("combined", cascade=False)

    results = {name: quality(m, titles, statements, ambiguous) for name, m in models.items()}
    if "combined" in models:
        asked = len(titles) + len(statements) + len(ambiguous)
        console.print(
            f"combined: the cascade sent {models['combined'].encoded:,} of {asked:,} texts through the sentence "
            "encoder; the word model alone was sure of the rest"
        )
    table = Table(
        title="Held-out quality (targets: acc >= 0.95, macro-F1 >= 0.93, delegate >= 0.85, long >= 0.85)"
    )
    table.add_column("metric")
    for name in models:
        table.add_column(name, justify="right")
    for metric in results["lexical"]:
        if metric.startswith("_"):
            continue
        table.add_row(metric, *(f"{results[name][metric]:.3f}" for name in models))
    console.print(table)
    # The same figures on the held-out items that earlier corpus versions already had (later versions added
    # heads to both splits), so a change can be compared with earlier runs on the very same items: v4 for
    # runs before v5, v10 for runs before v11, and so on.
    earlier_versions = (
        ("v4", "V4_EXTRA_COUNTS"),
        ("v10", "V10_EXTRA_COUNTS"),
        ("v11", "V11_EXTRA_COUNTS"),
        ("v12", "V12_EXTRA_COUNTS"),
        ("v13", "V13_EXTRA_COUNTS"),
    )
    for version, counts in earlier_versions:
        earlier = earlier_texts(counts)
        old_titles = [it for it in titles if it.text in earlier]
        old_statements = [it for it in statements if it.text in earlier]
        old = {name: quality(m, old_titles, old_statements, ambiguous) for name, m in models.items()}
        table = Table(title=f"The same, on the {len(old_titles)} held-out titles of corpus {version} only")
        table.add_column("metric")
        for name in models:
            table.add_column(name, justify="right")
        for metric in ("accuracy (work items)", "macro-F1 (work cats)", "F1 personal", "delegate accuracy"):
            table.add_row(metric, *(f"{old[name][metric]:.3f}" for name in models))
        console.print(table)
    truth = [it.category for it in titles]
    for name in ("lexical", "embeddings", "combined"):
        if name not in models:
            continue
        console.print(confusion(f"Confusion, held-out titles: {name}", truth, results[name]["_pred"]))  # type: ignore[arg-type]

    # Throughput: fresh model views have empty caches, so every text is computed.
    pool = [it.text for it in corpus]
    lex_batch = [f"{pool[i % len(pool)]} {i}" for i in range(20_000)]
    table = Table(title="Throughput (items/s, this machine)")
    table.add_column("path")
    table.add_column("items/s", justify="right")
    table.add_row(
        "lexical, batch of 20,000, first in this process",
        f"{throughput(lambda: combined.variant('lexical').classify(lex_batch), 20_000):,.0f}",
    )
    # The first batch also works out each new word's n-gram columns, which later batches reuse; these 20,000
    # texts are new ones (not served from the verdict cache) with as many never-seen words (the numbers).
    later = [f"{pool[i % len(pool)]} {i}" for i in range(20_000, 40_000)]
    table.add_row(
        "lexical, another batch of 20,000 new texts",
        f"{throughput(lambda: combined.variant('lexical').classify(later), 20_000):,.0f}",
    )
    single = combined.variant("lexical")
    table.add_row(
        "lexical, single-item calls x2,000",
        f"{throughput(lambda: [single.classify([t]) for t in lex_batch[:2000]], 2000):,.0f}",
    )
    warm = combined.variant("lexical")
    warm.classify(lex_batch[:2000])
    table.add_row(
        "lexical, cached repeats x2,000 single calls",
        f"{throughput(lambda: [warm.classify([t]) for t in lex_batch[:2000]], 2000):,.0f}",
    )
    if combined.uses_embeddings:
        # Held-out titles, not the corpus pool: the cascade skips the encoder more often on texts the word
        # model was trained on, which would flatter it. The numbers make each text new to the verdict cache.
        emb_batch = [f"{titles[i * 4 % len(titles)].text} {i}" for i in range(2000)]
        table.add_row(
            "combined, batch of 2,000",
            f"{throughput(lambda: combined.variant('combined').classify(emb_batch), 2000):,.0f}",
        )
        table.add_row(
            "combined with the cascade off (every item encoded), batch of 2,000",
            f"{throughput(lambda: combined.variant('combined', cascade=False).classify(emb_batch), 2000):,.0f}",
        )
        one = combined.variant("combined")
        table.add_row(
            "combined, single-item calls x200",
            f"{throughput(lambda: [one.classify([t]) for t in emb_batch[:200]], 200):,.0f}",
        )
        warm_c = combined.variant("combined")
        warm_c.classify(emb_batch)
        table.add_row(
            "combined, cached repeats x2,000 single calls",
            f"{throughput(lambda: [warm_c.classify([t]) for t in emb_batch], 2000):,.0f}",
        )
    console.print(table)


if __name__ == "__main__":
    main()
