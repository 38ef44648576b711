"""The trained triage model: word and character n-grams, sentence embeddings, and per-school corrections.

A logistic regression on TF-IDF word (1-2) and char_wb (2-5) n-grams gives log-probabilities over the four
categories; an RBF support-vector machine on MiniLM sentence embeddings gives one score per category; the
combined model adds the two. A temperature per mode, fitted on out-of-fold predictions of the training split,
makes the confidence mean what it says.
Regressions trained on Technical items only pick the delegate: on the n-grams alone for the word model,
on the n-grams and the embedding together for the combined one. Corpus rows marked owner_only teach those
regressions (and the n-gram vocabulary) but not the category models.

Prediction applies the fitted weights with a sparse matrix product instead of sklearn's predict_proba:
per-call validation in sklearn costs more than the arithmetic for one short title.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import SVC
from threadpoolctl import threadpool_limits

from .corpus import CORPUS_PATH, Item, corpus_digest, load_corpus
from .embeddings import DIM, Embedder, load_embedder
from .rationale import explain, explain_correction, explain_review
from .text import correction_key, for_embedding, for_model
from .verdict import CATEGORIES, Correction, Verdict

ENGINE_VERSION = "11"
MODES = ("lexical", "embeddings", "combined")
NO_DELEGATE = "-"

#: Ask rather than guess when the top category is below this confidence...
REVIEW_CONFIDENCE = 0.6
#: ...or when the runner-up is this close behind.
REVIEW_MARGIN = 0.2
#: Character n-gram cosine above which a text counts as the same item as a corrected one.
NEAR_IDENTICAL = 0.8
#: A correction counts this many times over a shipped corpus item when the school's model is retrained.
CORRECTION_WEIGHT = 5.0
CACHE_SIZE = 20_000
#: The sentence embedding's weight beside the n-grams in the combined model's choice of owner.
DELEGATE_EMBEDDING_SCALE = 0.5
#: The combined model encodes a text only when the word model alone is less sure than this of its category,
#: or, for Technical Work, less sure than CASCADE_OWNER of its owner. Chosen without labels, on the held-out
#: texts: at 0.9 / 0.8 the word model's category agreed with the combined model's on every text it kept
#: (56% of them) and its owner on 99.9%.
CASCADE_CATEGORY = 0.9
CASCADE_OWNER = 0.8


@dataclass(frozen=True)
class _Linear:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray

    def log_proba(self, *blocks: Any) -> np.ndarray:
        logits = np.tile(self.intercept, (blocks[0].shape[0], 1))
        start = 0
        for block in blocks:
            width = block.shape[1]
            logits += np.asarray(block @ self.coef[:, start : start + width].T)
            start += width
        return _log_softmax(logits)


@dataclass(frozen=True)
class _Kernel:
    """An RBF support-vector machine on sentence embeddings; one-vs-rest scores, one column per class.

    Chosen over a logistic regression on the same embeddings by grouped 5-fold cross-validation on the
    training split only: work-item accuracy 0.930 alone (LR: 0.877) and 0.962 added to the word model
    (LR averaged with it: 0.952). Sentence embeddings of short titles are not linearly separable by purpose;
    the kernel finds the neighbourhoods.

    Scoring repeats sklearn's SVC.decision_function (one-vs-one pairs folded to one-vs-rest) with one BLAS
    product against the support vectors, which is about three times faster than libsvm's row-by-row kernel
    (a test checks the scores against sklearn's).
    """

    classes: tuple[str, ...]
    support_t: np.ndarray  # (dim, n_sv) float32, contiguous: one row of scores reads it once
    support_sq: np.ndarray  # (n_sv,) squared norms, float32
    gamma: float
    pair_coef: np.ndarray  # (n_sv, n_pairs) float32: each one-vs-one pair's dual coefficient per vector
    pair_intercept: np.ndarray  # (n_pairs,)

    @classmethod
    def from_svc(cls, svc: SVC) -> _Kernel:
        classes = tuple(str(k) for k in svc.classes_)
        k = len(classes)
        starts = np.concatenate([[0], np.cumsum(svc.n_support_)])
        dual = np.asarray(svc.dual_coef_, dtype=np.float64)
        coef = np.zeros((dual.shape[1], k * (k - 1) // 2))
        p = 0
        for i in range(k):
            for j in range(i + 1, k):
                si, sj = slice(starts[i], starts[i + 1]), slice(starts[j], starts[j + 1])
                coef[si, p], coef[sj, p] = dual[j - 1, si], dual[i, sj]
                p += 1
        support = np.asarray(svc.support_vectors_, dtype=np.float64)
        return cls(
            classes,
            np.ascontiguousarray(support.T, dtype=np.float32),
            (support * support).sum(axis=1).astype(np.float32),
            float(svc._gamma),
            coef.astype(np.float32),
            np.asarray(svc.intercept_, dtype=np.float64),
        )

    def scores(self, x: np.ndarray) -> np.ndarray:
        # float32 throughout, in place: the (items x support vectors) matrix is the whole cost, and the
        # distances of unit-length embeddings need no more precision (checked against sklearn in the tests).
        x = np.asarray(x, dtype=np.float32)
        dist = x @ self.support_t
        dist *= -2.0
        dist += (x * x).sum(axis=1)[:, None]
        dist += self.support_sq[None, :]
        np.maximum(dist, 0.0, out=dist)
        dist *= -self.gamma
        np.exp(dist, out=dist)
        pairs = (dist @ self.pair_coef).astype(np.float64) + self.pair_intercept
        k = len(self.classes)
        if k == 2:  # two classes: one signed score, positive for the second class, split evenly
            return np.column_stack([-pairs[:, 0] / 2, pairs[:, 0] / 2])
        # sklearn's _ovr_decision_function: one vote per pair won, plus the summed margins squashed
        # into (-1/3, 1/3) so that they only break ties between equal vote counts.
        votes = np.zeros((x.shape[0], k))
        margins = np.zeros((x.shape[0], k))
        p = 0
        for i in range(k):
            for j in range(i + 1, k):
                dec = pairs[:, p]
                votes[:, i] += dec >= 0
                votes[:, j] += dec < 0
                margins[:, i] += dec
                margins[:, j] -= dec
                p += 1
        return votes + margins / (3 * (np.abs(margins) + 1))


def _fit_kernel(x: np.ndarray, labels: Sequence[str], weights: np.ndarray) -> _Kernel:
    # A larger kernel cache only changes how fast libsvm gets there (measured on 17,500 titles: 43 s -> 28 s).
    svc = SVC(
        C=10.0,
        kernel="rbf",
        gamma="scale",
        class_weight="balanced",
        decision_function_shape="ovr",
        cache_size=1000,
    )
    svc.fit(x, list(labels), sample_weight=weights)
    return _Kernel.from_svc(svc)


@dataclass(frozen=True)
class _Fitted:
    word: TfidfVectorizer
    char: TfidfVectorizer
    lexical: _Linear
    embedding: _Kernel | None
    temperatures: dict[str, float]
    biases: dict[str, np.ndarray]
    delegate_lexical: _Linear
    delegate_embedding: _Linear | None
    delegate_joint: _Linear | None
    train_size: int


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _fit_linear(
    x: Any, labels: Sequence[str], weights: np.ndarray, c: float, balanced: bool = False
) -> _Linear:
    # Balanced class weights: for the category, Technical items outnumber Personal ones about six to one,
    # and without them short personal items drift to Technical (measured: held-out accuracy 0.894 -> 0.913).
    clf = LogisticRegression(C=c, max_iter=4000, class_weight="balanced" if balanced else None)
    clf.fit(x, list(labels), sample_weight=weights)
    coef = np.asarray(clf.coef_, dtype=np.float64)
    intercept = np.asarray(clf.intercept_, dtype=np.float64)
    classes = tuple(str(k) for k in clf.classes_)
    if len(classes) == 2:  # sklearn stores one row for two classes; expand so log_proba stays uniform
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return _Linear(classes, coef, intercept)


class CharWordNgrams:
    """sklearn's char_wb analyzer (n-grams inside space-padded words), memoised per word.

    Titles reuse a small vocabulary of words, so the n-grams of each word are built once per process instead
    of once per title; the output is exactly sklearn's (a test compares them). Measured on 20,000 titles:
    0.67 s with sklearn's analyzer, 0.2 s with this one.
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, min_n: int, max_n: int) -> None:
        self.min_n, self.max_n = min_n, max_n
        self._words: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"min_n": self.min_n, "max_n": self.max_n}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.min_n, self.max_n = state["min_n"], state["max_n"]
        self._words = {}

    def _ngrams(self, word: str) -> tuple[str, ...]:
        padded = f" {word} "
        size = len(padded)
        out: list[str] = []
        for n in range(self.min_n, self.max_n + 1):
            if size <= n:  # a short word counts once, whole, and longer n-grams add nothing
                out.append(padded)
                break
            out.extend(padded[i : i + n] for i in range(size - n + 1))
        return tuple(out)

    def __call__(self, text: str) -> list[str]:
        words = self._words
        if len(words) > self._CACHE_LIMIT:
            words.clear()
        out: list[str] = []
        for word in for_model(text).split():
            grams = words.get(word)
            if grams is None:
                grams = words[word] = self._ngrams(word)
            out.extend(grams)
        return out


class CharFeatures:
    """The fitted char TF-IDF transform, with each word's vocabulary columns worked out once.

    Gives exactly what `TfidfVectorizer.transform` gives (sublinear tf, idf, l2 rows; a test compares
    them), without sklearn's per-n-gram Python loop: a title is a handful of words, each one a cached array
    of column numbers. Measured on 20,000 titles: 0.45 s with sklearn's transform, 0.12 s with this.
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        analyzer = vectorizer.analyzer
        assert isinstance(analyzer, CharWordNgrams)
        self._ngrams = analyzer._ngrams
        self._vocabulary: dict[str, int] = vectorizer.vocabulary_
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._dtype = vectorizer.dtype
        self._columns: dict[str, np.ndarray] = {}

    def _of(self, word: str) -> np.ndarray:
        vocabulary = self._vocabulary
        found = [vocabulary[g] for g in self._ngrams(word) if g in vocabulary]
        return np.array(found, dtype=np.int64)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        columns = self._columns
        if len(columns) > self._CACHE_LIMIT:
            columns.clear()
        parts: list[np.ndarray] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            n = 0
            for word in for_model(text).split():
                ids = columns.get(word)
                if ids is None:
                    ids = columns[word] = self._of(word)
                parts.append(ids)
                n += len(ids)
            lengths[i] = n
        cols = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        rows = np.repeat(np.arange(len(texts)), lengths)
        counts = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.float64), (rows, cols)), shape=(len(texts), len(self._vocabulary))
        )
        counts.sum_duplicates()  # repeated n-grams in one title become counts
        counts.sort_indices()
        data = (1.0 + np.log(counts.data)) * self._idf[counts.indices]  # sublinear tf, then idf
        per_row = np.diff(counts.indptr)
        row_of = np.repeat(np.arange(len(texts)), per_row)
        norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=len(texts)))
        norms[norms == 0] = 1.0
        data /= norms[row_of]
        return sp.csr_matrix((data.astype(self._dtype), counts.indices, counts.indptr), shape=counts.shape)


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(
        preprocessor=for_model,
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=(1, 2),
        sublinear_tf=True,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer=CharWordNgrams(2, 5),
        min_df=2,
        sublinear_tf=True,
        dtype=np.float32,
    )
    return word, char


def _align(log_proba: np.ndarray, classes: tuple[str, ...]) -> np.ndarray:
    """Columns in CATEGORIES order; a category absent from training gets (almost) no probability."""
    out = np.full((log_proba.shape[0], len(CATEGORIES)), -30.0)
    for j, name in enumerate(classes):
        out[:, CATEGORIES.index(name)] = log_proba[:, j]
    return out


_WORK = [CATEGORIES.index(c) for c in ("coaching", "technical", "leveraged")]


def _quality(scores: np.ndarray, truth: np.ndarray) -> float:
    """Accuracy over all items + accuracy over work items + macro-F1 over the three work categories."""
    pred = scores.argmax(axis=1)
    k = len(CATEGORIES)
    confusion = np.bincount(truth * k + pred, minlength=k * k).reshape(k, k)
    work_rows = confusion[_WORK]
    f1 = [2 * confusion[c, c] / max(confusion[c].sum() + confusion[:, c].sum(), 1) for c in _WORK]
    return float(
        np.trace(confusion) / len(truth)
        + sum(confusion[c, c] for c in _WORK) / max(work_rows.sum(), 1)
        + np.mean(f1)
    )


def _fit_bias(scores: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """A per-category offset on the scores, chosen on out-of-fold predictions of the training split.

    Class weights balance the training counts, not the cost of the mistakes; the offset moves the borders
    where the held-out-style folds say it pays. Grouped 5-fold CV nested inside the training split (offsets
    fitted on four folds' out-of-fold scores, applied to the fifth): work accuracy 0.956 -> 0.959, macro-F1
    0.935 -> 0.938 for the combined model. Technical stays at 0; a grid, since the objective is a count.
    """
    steps = np.arange(-1.0, 1.01, 0.25)
    best, best_quality = np.zeros(len(CATEGORIES)), _quality(scores, truth)
    others = [j for j in range(len(CATEGORIES)) if CATEGORIES[j] != "technical"]
    for offsets in np.array(np.meshgrid(steps, steps, steps)).T.reshape(-1, 3):
        bias = np.zeros(len(CATEGORIES))
        bias[others] = offsets
        quality = _quality(scores + bias, truth)
        if quality > best_quality + 1e-9:
            best, best_quality = bias, quality
    return best


def _fit_temperature(log_proba: np.ndarray, truth: np.ndarray) -> float:
    best_t, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.15), np.log(6.0), 90)):
        lp = _log_softmax(log_proba / t)
        nll = -lp[np.arange(len(truth)), truth].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    return best_t


def _fit_jobs() -> int:
    """Processes for fitting: the cores this process may use, at most four (SIDELINE_TRIAGE_FIT_JOBS overrides)."""
    explicit = os.environ.get("SIDELINE_TRIAGE_FIT_JOBS", "").strip()
    if explicit.isdigit() and int(explicit) > 0:
        return int(explicit)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, 4))


def _fit(
    texts: list[str],
    labels: list[str],
    delegates: list[str | None],
    groups: list[str],
    weights: np.ndarray,
    embeddings: np.ndarray | None,
    for_category: np.ndarray,
) -> _Fitted:
    """for_category: which rows the category models learn from; the rest teach owners only."""
    # Five out-of-fold fits for the calibration and the final fits are independent of each other, so they run
    # as separate tasks, one process per usable core; the support-vector fits dominate. Measured on this 2-core
    # machine with 31,387 training titles and their embeddings cached: 375 s in one process, 178 s in two.
    rows = np.flatnonzero(for_category)
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=7)
    tasks: list[tuple[Any, ...]] = []
    # Folds keep each head's variants together; otherwise the temperature learns from near-copies and the
    # confidence comes out far too sure of phrasings it has never seen.
    split = folds.split(rows, [labels[i] for i in rows], [groups[i] for i in rows])
    for fold, (train_at, test_at) in enumerate(split):
        train_idx, test_idx = rows[train_at], rows[test_at]
        if embeddings is not None:
            tasks.append(("fold-kernel", fold, train_idx, test_idx))
        tasks.append(("fold-lexical", fold, train_idx, test_idx))
    if embeddings is not None:
        tasks.append(("kernel",))
    tasks.append(("final",))
    # Longest first, so the short lexical tasks fill in around the kernel fits.
    order = {"kernel": 0, "fold-kernel": 1, "final": 2, "fold-lexical": 3}
    tasks.sort(key=lambda task: order[task[0]])
    args = (texts, labels, delegates, weights, embeddings, for_category)
    jobs = min(_fit_jobs(), len(tasks))
    if jobs > 1:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=jobs, backend="loky")(delayed(_fit_task)(task, *args) for task in tasks)
    else:
        results = [_fit_task(task, *args) for task in tasks]
    done = {task[:2]: result for task, result in zip(tasks, results, strict=True)}

    truth = np.array([CATEGORIES.index(labels[i]) for i in rows])
    at = np.full(len(texts), -1)
    at[rows] = np.arange(len(rows))
    oof = {mode: np.zeros((len(rows), len(CATEGORIES))) for mode in MODES}
    for task in tasks:
        if task[0].startswith("fold-"):
            mode = "lexical" if task[0] == "fold-lexical" else "embeddings"
            oof[mode][at[task[3]]] = done[task[:2]]
    oof["combined"] = oof["lexical"] + oof["embeddings"]
    modes = MODES if embeddings is not None else ("lexical",)
    # The embedding half alone is only a benchmark comparison; offsets on its vote-shaped scores cost it
    # its calibration (held-out ECE 0.04 -> 0.15), so it keeps none.
    biases = {
        mode: _fit_bias(oof[mode], truth) if mode != "embeddings" else np.zeros(len(CATEGORIES))
        for mode in modes
    }
    temperatures = {mode: _fit_temperature(oof[mode] + biases[mode], truth) for mode in modes}
    word, char, lexical, delegate_lexical, delegate_embedding, delegate_joint = done[("final",)]
    return _Fitted(
        word,
        char,
        lexical,
        done.get(("kernel",)),
        temperatures,
        biases,
        delegate_lexical,
        delegate_embedding,
        delegate_joint,
        train_size=len(rows),
    )


def _fit_task(
    task: tuple[Any, ...],
    texts: list[str],
    labels: list[str],
    delegates: list[str | None],
    weights: np.ndarray,
    embeddings: np.ndarray | None,
    for_category: np.ndarray,
) -> Any:
    # These problems are small; multi-threaded BLAS on a shared 2-core machine spends its time
    # oversubscribed (measured: 8.8 s with threads, 0.5 s without, for one fit).
    with threadpool_limits(limits=1):
        kind = task[0]
        if kind == "fold-lexical":
            train_idx, test_idx = task[2], task[3]
            word, char = _vectorizers()
            # The vocabulary also comes from the owner-only rows, as the final model's does.
            vocabulary = [texts[i] for i in train_idx] + [texts[i] for i in np.flatnonzero(~for_category)]
            word.fit(vocabulary)
            char.fit(vocabulary)
            tr = [texts[i] for i in train_idx]
            te = [texts[i] for i in test_idx]
            lab = [labels[i] for i in train_idx]
            xw, xc = word.transform(tr), char.transform(tr)
            lex = _fit_linear(sp.hstack([xw, xc]).tocsr(), lab, weights[train_idx], 20.0, balanced=True)
            return _align(lex.log_proba(word.transform(te), char.transform(te)), lex.classes)
        if kind == "final":
            return _fit_final(texts, labels, delegates, weights, embeddings, for_category)
        assert embeddings is not None
        if kind == "fold-kernel":
            train_idx, test_idx = task[2], task[3]
            lab = [labels[i] for i in train_idx]
            emb = _fit_kernel(embeddings[train_idx], lab, weights[train_idx])
            return _align(emb.scores(embeddings[test_idx]), emb.classes)
        rows = np.flatnonzero(for_category)
        return _fit_kernel(embeddings[rows], [labels[i] for i in rows], weights[rows])


def _fit_final(
    texts: list[str],
    labels: list[str],
    delegates: list[str | None],
    weights: np.ndarray,
    embeddings: np.ndarray | None,
    for_category: np.ndarray,
) -> tuple[Any, ...]:
    word, char = _vectorizers()
    xw, xc = word.fit_transform(texts), char.fit_transform(texts)
    x = sp.hstack([xw, xc]).tocsr()
    rows = np.flatnonzero(for_category)
    lexical = _fit_linear(x[rows], [labels[i] for i in rows], weights[rows], 20.0, balanced=True)

    tech = np.array([i for i, label in enumerate(labels) if label == "technical"])
    owners = [delegates[i] or NO_DELEGATE for i in tech]
    # C and balanced weights chosen by grouped 5-fold cross-validation on the training split only
    # (delegate accuracy on Technical items: 0.740 with C=20/100 unbalanced, 0.756 with 10/10 balanced);
    # balancing keeps the rarer owners (volunteer coordinator, teacher) from being swallowed by the office.
    delegate_lexical = _fit_linear(x[tech], owners, weights[tech], 10.0, balanced=True)
    delegate_embedding = None
    delegate_joint = None
    if embeddings is not None:
        delegate_embedding = _fit_linear(embeddings[tech], owners, weights[tech], 10.0, balanced=True)
        # The combined model's owner comes from one regression over the n-grams and the embedding together,
        # not an average of the two: grouped 5-fold CV on the training split, 0.767 -> 0.778 (better in every
        # fold). With corpus v9 the embedding block does better at half scale, that is, held to a shorter
        # leash than the n-grams: 0.817 -> 0.825, better in every fold (0.35 / 0.6 / 0.7 and C 5 / 20 / 30
        # were no better). The scale is folded into the coefficients, so scoring takes the raw embedding.
        joint = sp.hstack([x[tech], sp.csr_matrix(embeddings[tech] * DELEGATE_EMBEDDING_SCALE)]).tocsr()
        delegate_joint = _fit_linear(joint, owners, weights[tech], 10.0, balanced=True)
        delegate_joint.coef[:, -embeddings.shape[1] :] *= DELEGATE_EMBEDDING_SCALE
    return word, char, lexical, delegate_lexical, delegate_embedding, delegate_joint


def _cache_key(corpus_sha: str, corrections: Sequence[Correction], embeddings: str | None) -> str:
    payload = json.dumps(
        {
            "engine": ENGINE_VERSION,
            "sklearn": sklearn.__version__,
            "corpus": corpus_sha,
            "corrections": [[c.text, c.category, c.delegate_to] for c in corrections],
            "embeddings": embeddings,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _read_cached(path: Path) -> Any | None:
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or stale cache file is rebuilt, never fatal
        return None


def _embed_corpus(texts: list[str], embedder: Embedder, cache_dir: Path | None) -> np.ndarray:
    # Keyed by what the embedder is given, not the raw texts: a change to for_embedding() must not reuse
    # vectors of the old preparation.
    prepared = [for_embedding(t) for t in texts]
    digest = hashlib.sha256("\n".join([embedder.precision, *prepared]).encode()).hexdigest()[:32]
    path = cache_dir / f"embeddings-{digest}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            cached = np.load(path)
            if cached.shape == (len(texts), DIM):
                return np.asarray(cached, dtype=np.float32)
        except (OSError, ValueError):
            pass
    vectors = embedder.encode(prepared)
    if path is not None:
        buf = io.BytesIO()
        np.save(buf, vectors)
        _atomic_write(path, buf.getvalue())
    return vectors


@dataclass
class TriageModel:
    """A fitted model for one school: the shipped corpus, that school's corrections, and an LRU cache."""

    _fitted: _Fitted
    mode: str
    corrections: tuple[Correction, ...] = ()
    fallback_reason: str | None = None
    _embedder: Embedder | None = None
    #: False encodes every text in combined mode (for the benchmark's comparison); see CASCADE_CATEGORY.
    cascade: bool = True
    _cache: OrderedDict[str, Verdict] = field(default_factory=OrderedDict, repr=False)
    _char: CharFeatures = field(init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        if self.mode != "lexical" and (self._embedder is None or self._fitted.embedding is None):
            raise ValueError(f"mode {self.mode!r} needs the sentence-embedding stack")
        self._char = CharFeatures(self._fitted.char)
        #: How many texts this model has sent through the sentence encoder (the benchmark reports it).
        self.encoded = 0
        # Later corrections of the same text win: a leader may change their mind.
        self._exact = {correction_key(c.text): c for c in self.corrections}
        self._near_list = list(self._exact.values())
        self._near_matrix = (
            self._char.transform([c.text for c in self._near_list]) if self._near_list else None
        )

    @property
    def uses_embeddings(self) -> bool:
        return self.mode != "lexical"

    def with_corrections(self, corrections: Sequence[Correction]) -> TriageModel:
        """The same fitted model answering with these corrections at once, without retraining."""
        return TriageModel(
            self._fitted,
            self.mode,
            _check_corrections(corrections),
            self.fallback_reason,
            self._embedder,
            self.cascade,
        )

    def variant(self, mode: str, *, cascade: bool = True) -> TriageModel:
        """The same fitted model predicting with one half only, or without the cascade (for the benchmark)."""
        return TriageModel(
            self._fitted, mode, self.corrections, self.fallback_reason, self._embedder, cascade
        )

    def classify(self, texts: Sequence[str]) -> list[Verdict]:
        items = _check_texts(texts)
        found: dict[str, Verdict] = {}
        with self._lock:
            for text in items:
                hit = self._cache.get(text)
                if hit is not None:
                    self._cache.move_to_end(text)
                    found[text] = hit
        todo = list(dict.fromkeys(t for t in items if t not in found))
        if todo:
            fresh = self._predict(todo)
            with self._lock:
                for verdict in fresh:
                    found[verdict.text] = verdict
                    self._cache[verdict.text] = verdict
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return [found[text] for text in items]

    def _predict(self, texts: list[str]) -> list[Verdict]:
        xw = self._fitted.word.transform(texts)
        xc = self._char.transform(texts)
        proba, delegates, owner_sure = self._scores(texts, xw, xc)
        order = np.argsort(-proba, axis=1)
        top, second = order[:, 0], order[:, 1]
        overrides = self._overrides(texts, xc)

        out: list[Verdict] = []
        for i, text in enumerate(texts):
            override = overrides[i]
            if override is not None:
                correction, similarity = override
                out.append(
                    Verdict(
                        text=text,
                        category=correction.category,
                        confidence=round(similarity, 4),
                        needs_review=False,
                        delegate_to=correction.delegate_to,
                        rationale=explain_correction(correction.category, correction.delegate_to),
                        delegate_confidence=(
                            round(similarity, 4) if correction.category == "technical" else None
                        ),
                    )
                )
                continue
            p1, p2 = float(proba[i, top[i]]), float(proba[i, second[i]])
            category = CATEGORIES[top[i]]
            needs_review = p1 < REVIEW_CONFIDENCE or p1 - p2 < REVIEW_MARGIN
            technical = category == "technical"
            delegate = delegates[i] if technical else None
            rationale = (
                explain_review(category, CATEGORIES[second[i]])
                if needs_review
                else explain(text, category, delegate)
            )
            sure = round(float(owner_sure[i]), 4) if technical else None
            out.append(Verdict(text, category, round(p1, 4), needs_review, delegate, rationale, sure))
        return out

    def _calibrated(self, scores: np.ndarray, mode: str) -> np.ndarray:
        fitted = self._fitted
        return np.exp(_log_softmax((scores + fitted.biases[mode]) / fitted.temperatures[mode]))

    def _scores(self, texts: list[str], xw: Any, xc: Any) -> tuple[np.ndarray, list[str | None], np.ndarray]:
        """Calibrated category probabilities, the owner of each text and the owner model's probability of
        that owner, by the model's mode."""
        fitted = self._fitted
        if self.mode == "embeddings":
            assert self._embedder is not None and fitted.embedding is not None
            emb = self._embedder.encode([for_embedding(t) for t in texts])
            self.encoded += len(texts)
            proba = self._calibrated(
                _align(fitted.embedding.scores(emb), fitted.embedding.classes), self.mode
            )
            assert fitted.delegate_embedding is not None
            owner_lp = fitted.delegate_embedding.log_proba(emb)
            return proba, _owners(fitted.delegate_embedding, owner_lp), np.exp(owner_lp.max(axis=1))
        lexical = _align(fitted.lexical.log_proba(xw, xc), fitted.lexical.classes)
        proba = self._calibrated(lexical, "lexical")
        owner_lp = fitted.delegate_lexical.log_proba(xw, xc)
        delegates = _owners(fitted.delegate_lexical, owner_lp)
        owner_sure = np.exp(owner_lp.max(axis=1))
        if self.mode == "lexical":
            return proba, delegates, owner_sure
        assert self._embedder is not None and fitted.embedding is not None
        # The cascade: the sentence encoder is nearly all of the combined model's cost, and where the word
        # model alone is already sure of the category (and, for Technical Work, of the owner) the combined
        # model agrees with it. Only the rest are encoded.
        rows = np.arange(len(texts))
        if self.cascade:
            sure = proba.max(axis=1) >= CASCADE_CATEGORY
            technical = proba.argmax(axis=1) == CATEGORIES.index("technical")
            sure &= ~technical | (owner_sure >= CASCADE_OWNER)
            rows = np.flatnonzero(~sure)
        if rows.size:
            emb = self._embedder.encode([for_embedding(texts[i]) for i in rows])
            self.encoded += int(rows.size)
            both = lexical[rows] + _align(fitted.embedding.scores(emb), fitted.embedding.classes)
            proba[rows] = self._calibrated(both, "combined")
            joint = fitted.delegate_joint
            if joint is not None:
                joint_lp = joint.log_proba(xw[rows], xc[rows], emb)
                for row, pick in zip(rows, _owners(joint, joint_lp), strict=True):
                    delegates[row] = pick
                owner_sure[rows] = np.exp(joint_lp.max(axis=1))
        return proba, delegates, owner_sure

    def _overrides(self, texts: list[str], xc: Any) -> list[tuple[Correction, float] | None]:
        if self._near_matrix is None:
            return [None] * len(texts)
        out: list[tuple[Correction, float] | None] = []
        sims = np.asarray((xc @ self._near_matrix.T).todense())
        for i, text in enumerate(texts):
            exact = self._exact.get(correction_key(text))
            if exact is not None:
                out.append((exact, 1.0))
                continue
            j = int(sims[i].argmax())
            out.append((self._near_list[j], float(sims[i, j])) if sims[i, j] >= NEAR_IDENTICAL else None)
        return out


def _owners(model: _Linear, log_proba: np.ndarray) -> list[str | None]:
    picks = [model.classes[j] for j in log_proba.argmax(axis=1)]
    return [None if p == NO_DELEGATE else p for p in picks]


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str | bytes):
        raise TypeError("classify() takes a list of texts, not a single string; wrap it: classify([text])")
    items = list(texts)
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise TypeError(f"item {i} is {type(text).__name__}, not str: {text!r:.60}")
        if not text.strip():
            raise ValueError(f"item {i} is blank; skip blank lines before classifying")
    return items


def _check_corrections(corrections: Sequence[Correction]) -> tuple[Correction, ...]:
    out = tuple(corrections)
    for i, c in enumerate(out):
        if not isinstance(c, Correction):
            raise TypeError(f"correction {i} is {type(c).__name__}, not Correction")
    return out


def load_model(
    *,
    corrections: Sequence[Correction] = (),
    use_embeddings: bool | None = None,
    cache_dir: Path | None = None,
    corpus_path: Path = CORPUS_PATH,
) -> TriageModel:
    """Train (or load from cache_dir) a model on the shipped corpus plus one school's corrections.

    use_embeddings: None uses them when the optional stack imports; False never does. When they are wanted but
    unavailable the model falls back to the word model and says why in fallback_reason.
    """
    checked = _check_corrections(corrections)
    embedder, reason = _wanted_embedder(use_embeddings)
    items: list[Item] = [it for it in load_corpus(corpus_path) if it.split == "train"]
    path = _model_path(cache_dir, corpus_path, checked, embedder)
    fitted = _read_cached(path) if path else None
    if not isinstance(fitted, _Fitted):
        texts = [it.text for it in items] + [c.text for c in checked]
        labels = [it.category for it in items] + [c.category for c in checked]
        delegates = [it.delegate_to for it in items] + [c.delegate_to for c in checked]
        groups = [it.group for it in items] + [f"correction{i}" for i in range(len(checked))]
        weights = np.array([1.0] * len(items) + [CORRECTION_WEIGHT] * len(checked))
        for_category = np.array([not it.owner_only for it in items] + [True] * len(checked))
        embeddings = None
        if embedder is not None:
            base = _embed_corpus([it.text for it in items], embedder, cache_dir)
            extra = embedder.encode([for_embedding(c.text) for c in checked])
            embeddings = np.vstack([base, extra]) if len(checked) else base
        fitted = _fit(texts, labels, delegates, groups, weights, embeddings, for_category)
        if path is not None:
            _atomic_write(path, pickle.dumps(fitted, protocol=pickle.HIGHEST_PROTOCOL))
    mode = "combined" if embedder is not None else "lexical"
    return TriageModel(fitted, mode, checked, reason, embedder)


def is_fitted(
    *,
    corrections: Sequence[Correction] = (),
    use_embeddings: bool | None = None,
    cache_dir: Path,
    corpus_path: Path = CORPUS_PATH,
) -> bool:
    """Whether load_model() with these arguments would read its model from cache_dir instead of fitting one
    (seconds instead of minutes), so a caller can decide not to wait."""
    embedder, _ = _wanted_embedder(use_embeddings)
    path = _model_path(cache_dir, corpus_path, _check_corrections(corrections), embedder)
    return path is not None and path.is_file()


def _wanted_embedder(use_embeddings: bool | None) -> tuple[Embedder | None, str | None]:
    if use_embeddings is False:
        return None, "sentence embeddings switched off; using the word model only"
    return load_embedder()


def _model_path(
    cache_dir: Path | None, corpus_path: Path, checked: Sequence[Correction], embedder: Embedder | None
) -> Path | None:
    if cache_dir is None:
        return None
    key = _cache_key(corpus_digest(corpus_path), checked, embedder.precision if embedder else None)
    return cache_dir / f"triage-{key}.pkl"


def default_cache_dir() -> Path:
    explicit = os.environ.get("SIDELINE_TRIAGE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sideline" / "triage"


_default: TriageModel | None = None
_default_lock = threading.Lock()


def default_model() -> TriageModel:
    """One model per process for callers without a school; trained once, then shared."""
    global _default
    with _default_lock:
        if _default is None:
            _default = load_model(cache_dir=default_cache_dir())
        return _default


def classify(texts: Sequence[str], *, model: TriageModel | None = None) -> list[Verdict]:
    return (model or default_model()).classify(texts)
