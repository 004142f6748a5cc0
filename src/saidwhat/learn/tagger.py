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
        # the projection of the concatenated embeddings is the sum of each table's rows projected:
        # project every table once here, then a token costs a row look-up per feature, not a product
        proj_w = w["proj.weight"].T
        self.proj_b = w["proj.bias"]
        self.projected = []
        at = 0
        for name in FEATURES:
            emb = w[f"emb.{name}.weight"]
            self.projected.append(emb @ proj_w[at : at + emb.shape[1]])
            at += emb.shape[1]
        # Conv1d weight (out, in, 3) → one (3 * in, out) matrix: the kernel's three positions side
        # by side, so a layer is one product over the three shifted copies of its input
        self.convs = [
            (d, np.concatenate([w[f"convs.{i}.weight"][:, :, k].T for k in range(3)]), w[f"convs.{i}.bias"])
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
        return self.probabilities_many([ids])[0]

    def probabilities_many(self, batch: list[np.ndarray]) -> list[np.ndarray]:
        """``probabilities`` of several paragraphs at once, each as if alone.

        The paragraphs run as one matrix with zero rows between them, as wide as the widest
        dilation and put back to zero after every layer, so no convolution reads across from one
        paragraph into the next: one pass of a few large products instead of many small ones.
        """
        # small matrices: waking BLAS threads costs more than they save (17x slower on two busy
        # cores), so the products run on the calling thread
        from ..extract import one_blas_thread

        with one_blas_thread():
            return self._probabilities(batch)

    def _probabilities(self, batch: list[np.ndarray]) -> list[np.ndarray]:
        gap = max((d for d, _, _ in self.convs), default=0)
        rows, at = [], gap
        for part in batch:
            rows.append(slice(at, at + len(part)))
            at += len(part) + gap
        n = at
        if n == gap:
            return [np.zeros((0, len(self.tags)), dtype=np.float32) for _ in batch]
        ids = np.zeros((n, len(self.projected)), dtype=np.int64)
        live = np.zeros((n, 1), dtype=np.float32)
        for r, part in zip(rows, batch, strict=True):
            ids[r] = part
            live[r] = 1.0
        x = self.proj_b + self.projected[0][ids[:, 0]]
        for j in range(1, len(self.projected)):
            x += self.projected[j][ids[:, j]]
        h = np.maximum(x, 0.0) * live
        width = h.shape[1]
        shifted = np.zeros((n, 3 * width), dtype=np.float32)
        for d, kernel, bias in self.convs:
            # row t holds h[t - d], h[t], h[t + d] (zero past either end)
            shifted[:d, :width] = 0.0
            shifted[d:, :width] = h[:-d]
            shifted[:, width : 2 * width] = h
            shifted[:-d, 2 * width :] = h[d:]
            shifted[-d:, 2 * width :] = 0.0
            h = h + np.maximum(shifted @ kernel + bias, 0.0) * live
        logits = h @ self.out_w + self.out_b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return [p[r] for r in rows]


def weights_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]
