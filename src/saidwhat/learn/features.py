"""Token features for the attribution tagger, read off a parsed paragraph.

Every feature is a string looked up in a vocabulary saved with the model, so training and
extraction see exactly the same encoding. The parse supplies most of the signal: a token's own
tag and dependency, and where it hangs below the nearest reporting verb (the complement of
"said" is content, its subject is the source), which no window of neighbouring words gives.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..extract.lexicon import BELIEF_VERBS, CUE_VERBS, SPEECH_VERBS
from ..model import Span

#: Feature names, in the order the model concatenates their embeddings.
FEATURES = ("word", "shape", "tag", "dep", "ent", "quote", "lex", "head", "path", "dist", "edge")
#: Tags: content, cue and source, each begun (B) and continued (I), and outside (O).
TAGS = ("O", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE")
_MAX_CLIMB = 6


def _lex(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS or tok.lower_ == "according":
        return "speech"
    if lemma in BELIEF_VERBS:
        return "belief"
    if lemma in CUE_VERBS:
        return "cue"
    return "-"


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
    shape = tok.shape_
    return shape if len(shape) <= 4 else shape[:2] + shape[-2:]


def _dist(tok: Token) -> str:
    d = tok.head.i - tok.i
    if d == 0:
        return "0"
    sign = "+" if d > 0 else "-"
    d = abs(d)
    return sign + ("1" if d == 1 else "2" if d == 2 else "3-5" if d <= 5 else "6-10" if d <= 10 else "far")


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
