"""The trained attribution tagger at extraction time: weights in NumPy, no training library needed.

A model folder holds ``meta.json`` (feature vocabularies, sizes, version, training figures) and
``weights.npz`` (embedding tables, a two-layer bidirectional LSTM, an output layer). Training
(``saidwhat.learn.train``) writes both; this module only reads them, so the extractor runs with
NumPy alone and loads offline.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .features import FEATURES, TAGS, FeatureEncoder

log = logging.getLogger(__name__)

#: The model shipped in the package.
BUNDLED_MODEL = Path(__file__).resolve().parent.parent / "data" / "model"
UNKNOWN = "<unk>"
FORMAT = 1


def encode(rows: list[list[str]], vocabs: dict[str, dict[str, int]]) -> np.ndarray:
    """Feature strings → an int array of shape (tokens, features); unseen strings map to 0."""
    out = np.zeros((len(rows), len(FEATURES)), dtype=np.int64)
    for j, name in enumerate(FEATURES):
        table = vocabs["word" if name == "head" else name]
        for i, row in enumerate(rows):
            out[i, j] = table.get(row[j], 0)
    return out


class Tagger:
    """Tag probabilities for each token of a paragraph, given its encoded features.

    The network: embeddings per feature, a projection, residual dilated convolutions
    (``meta["dilations"]``, kernel 3), and a linear layer over the tags.
    """

    def __init__(self, meta: dict, weights: dict[str, np.ndarray]) -> None:
        self.meta = meta
        self.vocabs: dict[str, dict[str, int]] = meta["vocabs"]
        self.tags: tuple[str, ...] = tuple(meta["tags"])
        #: a paragraph's features → ids, as ``encode(token_features(...))`` gives them
        self.encoder = FeatureEncoder(self.vocabs)
        w = {k: v.astype(np.float32) for k, v in weights.items()}
        self.embeddings = [w[f"emb.{name}.weight"] for name in FEATURES]
        self.proj_w = w["proj.weight"].T.copy()
        self.proj_b = w["proj.bias"]
        # Conv1d weight (out, in, 3) → one (in, out) matrix per kernel position
        self.convs = [
            (d, [w[f"convs.{i}.weight"][:, :, k].T.copy() for k in range(3)], w[f"convs.{i}.bias"])
            for i, d in enumerate(meta["dilations"])
        ]
        self.out_w = w["out.weight"].T.copy()
        self.out_b = w["out.bias"]
        self.version: str = meta["version"]

    @classmethod
    def load(cls, path: str | Path = BUNDLED_MODEL) -> Tagger:
        path = Path(path)
        meta_file, weight_file = path / "meta.json", path / "weights.npz"
        if not meta_file.is_file() or not weight_file.is_file():
            raise ModelError(
                f"no trained attribution model in {path}",
                hint="train one with `saidwhat train --out DIR` or use the bundled model",
            )
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or tuple(meta.get("features", ())) != FEATURES or tuple(
            meta.get("tags", ())
        ) != TAGS:
            raise ModelError(f"the model in {path} was made by another version of saidwhat",
                             hint="retrain it with `saidwhat train`")
        with np.load(weight_file) as npz:
            weights = {k: npz[k] for k in npz.files}
        log.info("loaded attribution model %s from %s", meta["version"], path)
        return cls(meta, weights)

    def probabilities(self, ids: np.ndarray) -> np.ndarray:
        """(tokens, tags) probabilities for one paragraph's encoded features."""
        # a paragraph's matrices are small: waking BLAS threads costs more than they save (17x
        # slower on two busy cores), so the products run on the calling thread
        with _blas().limit(limits=1, user_api="blas"):
            return self._probabilities(ids)

    def _probabilities(self, ids: np.ndarray) -> np.ndarray:
        n = len(ids)
        if n == 0:
            return np.zeros((0, len(self.tags)), dtype=np.float32)
        x = np.concatenate([emb[ids[:, j]] for j, emb in enumerate(self.embeddings)], axis=1)
        h = np.maximum(x @ self.proj_w + self.proj_b, 0.0)
        for d, kernels, bias in self.convs:
            pad = np.zeros((d, h.shape[1]), dtype=np.float32)
            hp = np.concatenate([pad, h, pad])
            y = bias + hp[0:n] @ kernels[0] + hp[d : d + n] @ kernels[1] + hp[2 * d : 2 * d + n] @ kernels[2]
            h = h + np.maximum(y, 0.0)
        logits = h @ self.out_w + self.out_b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def weights_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]
