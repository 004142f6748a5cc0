"""Token features for the attribution tagger, read off a parsed paragraph.

Every feature is a string looked up in a vocabulary saved with the model, so training and
extraction see exactly the same encoding. The parse supplies most of the signal: a token's own
tag and dependency, and where it hangs below the nearest reporting verb (the complement of
"said" is content, its subject is the source), which no window of neighbouring words gives.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, SENT_START, SHAPE, TAG
from spacy.tokens import Doc, Token

from ..extract.lexicon import BELIEF_VERBS, CUE_VERBS, SPEECH_VERBS
from ..model import Span

#: Feature names, in the order the model concatenates their embeddings.
FEATURES = ("word", "shape", "tag", "dep", "ent", "quote", "lex", "head", "path", "dist", "edge")
#: Tags: content, cue and source, each begun (B) and continued (I), and outside (O).
TAGS = ("O", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE")
_MAX_CLIMB = 6


def _lex(tok: Token) -> str:
    return _lex_of(tok.lemma_.lower(), tok.lower_)


def _path(tok: Token) -> str:
    """How the token hangs below the nearest reporting word among its ancestors: the relation
    of the branch it sits on and how deep, e.g. ``ccomp:3`` (deep in a complement)."""
    if _lex(tok) != "-":
        return "self"
    child = tok
    cur = tok.head
    for depth in range(1, _MAX_CLIMB + 1):
        if cur is child:  # reached the root
            return "none"
        if _lex(cur) != "-":
            side = "L" if child.i < cur.i else "R"
            return f"{child.dep_}:{side}:{min(depth, 4)}"
        child, cur = cur, cur.head
    return "far"


def _shape(tok: Token) -> str:
    return _short_shape(tok.shape_)


def _dist(tok: Token) -> str:
    return _dist_of(tok.head.i - tok.i)


def _covers(spans: list[Span]):
    """A test ``pos in any span`` in log time (quotation spans never overlap each other)."""
    ordered = sorted(spans)
    starts = [sp.start for sp in ordered]

    def test(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < ordered[k].end

    return test


def quote_state(doc: Doc, offset: int, quoted: list[Span], marks: list[Span]) -> list[str]:
    """Per token: a quotation mark, inside a quotation, or outside (offsets in article chars)."""
    in_mark, in_quote = _covers(marks), _covers(quoted)
    out = []
    for tok in doc:
        pos = offset + tok.idx
        out.append("mark" if in_mark(pos) else "in" if in_quote(pos) else "out")
    return out


def token_features(doc: Doc, offset: int, quoted: list[Span], marks: list[Span]) -> list[list[str]]:
    """One list of feature strings per token (in ``FEATURES`` order)."""
    quotes = quote_state(doc, offset, quoted, marks)
    rows = []
    for tok, q in zip(doc, quotes, strict=True):
        edge = "S" if tok.is_sent_start else ("E" if tok.is_sent_end else "-")
        rows.append([
            tok.lower_,
            _shape(tok),
            tok.tag_,
            tok.dep_,
            f"{tok.ent_iob_}-{tok.ent_type_}" if tok.ent_type_ else "O",
            q,
            _lex(tok),
            tok.head.lemma_.lower(),
            _path(tok),
            _dist(tok),
            edge,
        ])
    return rows


def quotation_spans(quotations, start: int, end: int) -> tuple[list[Span], list[Span]]:
    """The insides and the marks of the quotations that overlap ``[start, end)``."""
    inside: list[Span] = []
    marks: list[Span] = []
    for q in quotations:
        if q.start >= end or q.end <= start:
            continue
        inside.extend(q.spans)
        marks.append(Span(q.outer.start, q.spans[0].start))
        marks.append(Span(q.spans[-1].end, q.outer.end))
    return inside, marks


#: What the encoder reads off a paragraph, in one array.
_ATTRS = (LOWER, SHAPE, TAG, DEP, ENT_IOB, ENT_TYPE, LEMMA, HEAD, SENT_START, IDX)
_IOB = ("", "I", "O", "B")
#: Memo entries (one per distinct word, shape, lemma...) kept before starting afresh.
_MAX_MEMO = 1_000_000


def _dist_of(d: int) -> str:
    if d == 0:
        return "0"
    sign = "+" if d > 0 else "-"
    d = abs(d)
    return sign + ("1" if d == 1 else "2" if d == 2 else "3-5" if d <= 5 else "6-10" if d <= 10 else "far")


def _inside(pos: np.ndarray, spans: list[Span]) -> np.ndarray:
    """``pos in any span`` for each position (spans never overlap each other)."""
    if not spans:
        return np.zeros(len(pos), dtype=bool)
    ordered = sorted(spans)
    starts = np.array([sp.start for sp in ordered])
    ends = np.array([sp.end for sp in ordered])
    k = np.searchsorted(starts, pos, side="right") - 1
    return (k >= 0) & (pos < ends[np.maximum(k, 0)])


class FeatureEncoder:
    """``encode(token_features(doc, ...), vocabs)`` at a fraction of the cost, for extraction.

    The token attributes are read as one integer array per paragraph, and each distinct value (a
    word, a tag, a lemma, a branch below a reporting word) is turned into its feature id once and
    remembered, instead of building every feature string for every token. Training keeps
    ``token_features``, whose strings make the vocabularies; a test checks both give the same ids.
    """

    def __init__(self, vocabs: dict[str, dict[str, int]]) -> None:
        self.vocabs = vocabs
        self.memo: dict[str, dict] = {}
        self._reset()
        self._dist = {d: vocabs["dist"].get(_dist_of(d), 0) for d in range(-11, 12)}
        self._edge = [vocabs["edge"].get(e, 0) for e in ("S", "E", "-")]
        self._quote = [vocabs["quote"].get(q, 0) for q in ("mark", "in", "out")]

    def _reset(self) -> None:
        self.memo = {name: {} for name in ("word", "shape", "tag", "dep", "ent", "lex", "head", "path")}

    def _ids(self, name: str, keys: list, string_of) -> list[int]:  # type: ignore[no-untyped-def]
        memo = self.memo[name]
        out = list(map(memo.get, keys))
        if None in out:
            for i, key in enumerate(keys):
                if out[i] is None:
                    value = memo.get(key)
                    out[i] = memo[key] = string_of(key) if value is None else value
        return out

    def __call__(self, doc: Doc, offset: int, quoted: list[Span], marks: list[Span]) -> np.ndarray:
        n = len(doc)
        if not n:
            return np.zeros((0, len(FEATURES)), dtype=np.int64)
        if sum(len(m) for m in self.memo.values()) > _MAX_MEMO:
            self._reset()
        v, strings = self.vocabs, doc.vocab.strings
        array = doc.to_array(list(_ATTRS))
        lower, shape, tag, dep, iob, ent, lemma = array[:, :7].T.tolist()
        signed = array[:, 7:].view(np.int64)
        heads = (signed[:, 0] + np.arange(n)).tolist()
        rel = signed[:, 0].tolist()
        sent_start = signed[:, 1].tolist()

        word_ids = self._ids("word", lower, lambda h: v["word"].get(strings[h], 0))
        shape_ids = self._ids("shape", shape, lambda h: v["shape"].get(_short_shape(strings[h]), 0))
        tag_ids = self._ids("tag", tag, lambda h: v["tag"].get(strings[h], 0))
        dep_ids = self._ids("dep", dep, lambda h: v["dep"].get(strings[h], 0))
        ent_ids = self._ids(
            "ent",
            list(zip(iob, ent, strict=True)),
            lambda k: v["ent"].get(f"{_IOB[k[0]]}-{strings[k[1]]}" if k[1] else "O", 0),
        )
        lex = self._ids(
            "lex", list(zip(lemma, lower, strict=True)), lambda k: _lex_of(strings[k[0]].lower(), strings[k[1]])
        )
        lex_ids = [v["lex"].get(x, 0) for x in lex]
        head_ids = self._ids("head", [lemma[h] for h in heads], lambda h: v["word"].get(strings[h].lower(), 0))

        # the branch below the nearest reporting word, climbing at most _MAX_CLIMB heads (the root
        # is its own head: climbing from it stays there and ends "far", as in _path)
        path_keys: list = []
        for i in range(n):
            if lex[i] != "-":
                path_keys.append("self")
                continue
            child, cur, key = i, heads[i], "far"
            for depth in range(1, _MAX_CLIMB + 1):
                if lex[cur] != "-":
                    key = (dep[child], "L" if child < cur else "R", min(depth, 4))
                    break
                child, cur = cur, heads[cur]
            path_keys.append(key)
        path_ids = self._ids(
            "path",
            path_keys,
            lambda k: v["path"].get(k if isinstance(k, str) else f"{strings[k[0]]}:{k[1]}:{k[2]}", 0),
        )
        dist = self._dist
        dist_ids = [dist[-11 if d < -11 else 11 if d > 11 else d] for d in rel]
        s, e, o = self._edge
        edge_ids = [s if sent_start[i] > 0 else e if i + 1 == n or sent_start[i + 1] > 0 else o for i in range(n)]
        pos = offset + array[:, 9].astype(np.int64)
        in_mark, in_quote = _inside(pos, marks), _inside(pos, quoted)
        mark_id, in_id, out_id = self._quote
        quote_ids = np.where(in_mark, mark_id, np.where(in_quote, in_id, out_id))

        out = np.empty((n, len(FEATURES)), dtype=np.int64)
        columns = (word_ids, shape_ids, tag_ids, dep_ids, ent_ids, quote_ids, lex_ids, head_ids, path_ids, dist_ids)
        for j, col in enumerate((*columns, edge_ids)):
            out[:, j] = col
        return out


def _short_shape(shape: str) -> str:
    return shape if len(shape) <= 4 else shape[:2] + shape[-2:]


def _lex_of(lemma: str, lower: str) -> str:
    """``_lex`` given a token's lower-cased lemma and lower-case form."""
    if lemma in SPEECH_VERBS or lower == "according":
        return "speech"
    if lemma in BELIEF_VERBS:
        return "belief"
    if lemma in CUE_VERBS:
        return "cue"
    return "-"
