"""A learned ranker over speaker-mention candidates: for each attribution with a cue, which noun
phrase near the cue is its speaker, or none.

The rules take the cue's grammatical subject, and a learned attribution the source run its tagger
marked; both are right for most attributions and wrong in recognisable ways ("a speech", "That",
"the ad" as speakers; "Said Doe:" read the wrong way round). The ranker scores every candidate —
the heads of noun phrases in the cue's sentence and the sentence before, the current choice and
"no speaker" — with a small network over parse features, and replaces the current choice only when
another candidate scores higher by a margin chosen on held-out training articles. It is trained on
PolNeAR's source spans (`saidwhat train --design speakers`); resolution to a name runs after it,
unchanged.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from ..errors import ModelError
from ..extract import _offset_of
from ..extract.attribute import Candidate, mention_of, past_dateline
from ..extract.lexicon import (
    FIRST_PERSON,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE,
)
from ..model import Span

BUNDLED_RANKER = Path(__file__).resolve().parent.parent / "data" / "model-speakers"

_DEPS = ("nsubj", "nsubjpass", "pobj", "dobj", "poss", "appos", "conj", "attr", "npadvmod", "ROOT", "dative")
_POS = ("PROPN", "NOUN", "PRON")
_ENTS = ("PERSON", "ORG", "GPE", "NORP")
_RULES = ("learned", "ccomp", "quotation", "according-to", "colon", "dash", "parenthetical", "object")
_KINDS = ("direct", "mixed", "indirect")
_DIST = (1, 3, 7, 15)
_DEMONSTRATIVE = {"this", "that", "these", "those"}
MAX_CANDIDATES = 24


def feature_names() -> list[str]:
    names = ["none", "current", "current_none"]
    names += [f"dep={d}" for d in _DEPS] + ["dep=other"]
    names += ["head_is_cue", "head2_is_cue", "agent_of_cue", "according_to", "subject_of_root"]
    names += [f"pos={p}" for p in _POS]
    names += [f"ent={e}" for e in _ENTS] + ["ent=other"]
    names += ["pron_person", "pron_first", "pron_group", "pron_it", "relative", "demonstrative"]
    names += ["person_noun", "org_noun", "group_noun", "capitalised", "multiword_name"]
    names += ["before_cue", "same_sentence"] + [f"dist<={d}" for d in _DIST] + ["dist_far"]
    names += ["in_content", "in_quotation", "nearest_before", "nearest_after"]
    names += [f"rule={r}" for r in _RULES] + [f"kind={k}" for k in _KINDS]
    names += ["lemma_rate", "lemma_known", "sent_start", "headline", "source_p", "source_p_phrase"]
    return names


FEATURES = feature_names()
_INDEX = {n: i for i, n in enumerate(FEATURES)}


@dataclass(slots=True)
class Context:
    """What the ranker reads of one article besides the candidate itself."""

    text: str
    parsed: list  # (offset, doc) of each parsed paragraph
    quotations: list[Span]
    source_p: dict[int, float]  # a token's start in the text -> the tagger's source probability
    #: where each parsed paragraph starts and ends in the text, in order
    bounds: list[tuple[int, int]] = field(init=False)
    #: id(doc) -> token index -> (start, end, root index) of its sentence, filled as asked
    sentences: dict[int, dict[int, tuple[int, int, int]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # a paragraph's end from its last token: ``doc.text`` would join every token's text
        self.bounds = [(offset, offset + doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else offset)
                       for offset, doc in self.parsed]

    @classmethod
    def of(cls, found: Any) -> Context:
        """The context of an article's ``combine.Found``."""
        return cls(found.ents.text, found.parsed, found.ents.quotations, found.source_p)

    def doc_of(self, pos: int) -> tuple[int, Doc] | None:
        """The parsed paragraph holding the character ``pos`` of the text, with its offset."""
        k = bisect_right(self.bounds, (pos, float("inf"))) - 1
        if k >= 0 and self.bounds[k][0] <= pos < self.bounds[k][1]:
            return self.parsed[k]
        return None

    def sentence(self, tok: Token) -> tuple[int, int, int]:
        """(start, end, root index) of the sentence of ``tok``: ``tok.sent`` walks the sentence on
        every call, so each sentence is walked once and remembered for all its tokens."""
        memo = self.sentences.setdefault(id(tok.doc), {})
        got = memo.get(tok.i)
        if got is None:
            sent = tok.sent
            got = (sent.start, sent.end, sent.root.i)
            for j in range(sent.start, sent.end):
                memo[j] = got
        return got


def candidate_tokens(c: Candidate, cue: Token, offset: int, ctx: Context) -> list[Token]:
    """Heads of noun phrases in the cue's sentence and the one before, outside the content and
    outside quotations; the nearest first."""
    doc = cue.doc
    start, end, _ = ctx.sentence(cue)
    if start > 0:
        start = ctx.sentence(doc[start - 1])[0]
    out = []
    for tok in doc[start:end]:
        if tok.pos_ not in _POS or tok.dep_ in ("compound", "flat", "det") or tok == cue:
            continue
        if tok.i - ctx.sentence(tok)[0] <= 3 and past_dateline(tok) != tok:
            continue  # "KELVALE -- Mayor Jane Doe …": a dateline, never a speaker
        pos = offset + tok.idx
        if any(s.start <= pos < s.end for s in c.content) or any(q.start <= pos < q.end for q in ctx.quotations):
            continue
        out.append(tok)
    out.sort(key=lambda t: abs(t.i - cue.i))
    return out[:MAX_CANDIDATES]


class Featurizer:
    """The features of one (attribution, candidate) pair; ``rates``: a lemma's share of its
    appearances as a candidate that were the speaker, on training articles."""

    def __init__(self, rates: dict[str, float], prior: float) -> None:
        self.rates = rates
        self.prior = prior

    def none_row(self, c: Candidate) -> np.ndarray:
        row = np.zeros(len(FEATURES), dtype=np.float32)
        row[_INDEX["none"]] = 1
        if c.subject is None:
            row[_INDEX["current"]] = 1
            row[_INDEX["current_none"]] = 1
        self._quote(row, c)
        return row

    def _quote(self, row: np.ndarray, c: Candidate) -> None:
        key = f"rule={c.rule}"
        if key in _INDEX:
            row[_INDEX[key]] = 1
        row[_INDEX[f"kind={c.kind}"]] = 1

    def row(self, c: Candidate, tok: Token, cue: Token, offset: int, rank_before: int, rank_after: int,
            ctx: Context) -> np.ndarray:
        row = np.zeros(len(FEATURES), dtype=np.float32)
        ix = _INDEX
        if c.subject is not None and tok == c.subject:
            row[ix["current"]] = 1
        dep = tok.dep_ if tok.dep_ in _DEPS else "other"
        row[ix[f"dep={dep}"]] = 1
        head = tok.head
        row[ix["head_is_cue"]] = head == cue
        row[ix["head2_is_cue"]] = head.head == cue and head != cue
        row[ix["agent_of_cue"]] = tok.dep_ == "pobj" and head.dep_ == "agent" and head.head == cue
        row[ix["according_to"]] = tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
        sent_start, _, root = ctx.sentence(tok)
        row[ix["subject_of_root"]] = tok.dep_ in ("nsubj", "nsubjpass") and head.i == root
        if tok.pos_ in _POS:
            row[ix[f"pos={tok.pos_}"]] = 1
        if tok.ent_type_:
            row[ix[f"ent={tok.ent_type_}" if tok.ent_type_ in _ENTS else "ent=other"]] = 1
        low = tok.lower_
        row[ix["pron_person"]] = low in PERSON_PRONOUNS
        row[ix["pron_first"]] = low in FIRST_PERSON or low == "we"
        row[ix["pron_group"]] = low in GROUP_PRONOUNS and low != "we"
        row[ix["pron_it"]] = low in ORG_PRONOUNS
        row[ix["relative"]] = low in RELATIVE and tok.tag_ in ("WP", "WDT")
        row[ix["demonstrative"]] = low in _DEMONSTRATIVE and tok.tag_ == "DT"
        lemma = tok.lemma_.lower()
        row[ix["person_noun"]] = lemma in PERSON_NOUNS
        row[ix["org_noun"]] = lemma in ORG_NOUNS
        row[ix["group_noun"]] = lemma in GROUP_NOUNS
        row[ix["capitalised"]] = tok.text[:1].isupper() and tok.i != sent_start
        row[ix["multiword_name"]] = any(ch.dep_ in ("compound", "flat") and ch.pos_ == "PROPN" for ch in tok.lefts)
        row[ix["before_cue"]] = tok.i < cue.i
        row[ix["same_sentence"]] = sent_start == ctx.sentence(cue)[0]
        dist = abs(tok.i - cue.i)
        for d in _DIST:
            if dist <= d:
                row[ix[f"dist<={d}"]] = 1
                break
        else:
            row[ix["dist_far"]] = 1
        pos = offset + tok.idx
        row[ix["in_content"]] = any(s.start <= pos < s.end for s in c.content)
        row[ix["in_quotation"]] = any(q.start <= pos < q.end for q in ctx.quotations)
        row[ix["nearest_before"]] = rank_before == 0
        row[ix["nearest_after"]] = rank_after == 0
        self._quote(row, c)
        rate = self.rates.get(lemma)
        row[ix["lemma_known"]] = rate is not None
        row[ix["lemma_rate"]] = _logit(rate if rate is not None else self.prior)
        row[ix["sent_start"]] = tok.i == sent_start
        row[ix["headline"]] = c.paragraph == 0
        row[ix["source_p"]] = ctx.source_p.get(pos, 0.0)
        phrase = tok.doc[tok.left_edge.i : tok.i + 1]
        row[ix["source_p_phrase"]] = max(ctx.source_p.get(offset + t.idx, 0.0) for t in phrase)
        return row


def _logit(p: float) -> float:
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def group_of(c: Candidate, ctx: Context, feats: Featurizer) -> tuple[list[Token | None], np.ndarray] | None:
    """The candidates of one attribution (None: no speaker) and their feature rows; None when it has
    no cue in a parsed paragraph."""
    if c.cue is None or c.byline is not None or c.follows is not None:
        return None
    if c.rule == "asked-about":
        return None  # the asker is the passive's agent or no one: the one asked is near, and wrong
    found = ctx.doc_of(c.cue.start)
    if found is None:
        return None
    offset, doc = found
    at = doc.char_span(c.cue.start - offset, c.cue.start - offset + 1, alignment_mode="expand")
    if not at:
        return None
    cue = at[0]
    toks = candidate_tokens(c, cue, offset, ctx)
    if c.subject is not None and c.subject.doc is doc and c.subject not in toks:
        toks.insert(0, c.subject)
    nb = max((t for t in toks if t.i < cue.i), key=lambda t: t.i, default=None)
    na = min((t for t in toks if t.i > cue.i), key=lambda t: t.i, default=None)
    rows = [feats.none_row(c)]
    rows += [feats.row(c, t, cue, offset, 0 if t == nb else 1, 0 if t == na else 1, ctx) for t in toks]
    return [None, *toks], np.stack(rows)


class SpeakerRanker:
    """The trained ranker: a one-layer network scoring candidates, and the margin by which another
    candidate must beat the current choice to replace it."""

    def __init__(self, meta: dict[str, Any], weights: dict[str, np.ndarray]) -> None:
        self.meta = meta
        self.version = str(meta.get("version", "unsaved"))
        self.margin = float(meta["margin"])
        self.w1, self.b1 = weights["w1"].astype(np.float32), weights["b1"].astype(np.float32)
        self.w2, self.b2 = weights["w2"].astype(np.float32), weights["b2"].astype(np.float32)
        self.feats = Featurizer(meta["lemma_rates"], float(meta["prior"]))
        if meta.get("features") != FEATURES:
            raise ModelError("the speaker ranker was trained with other features",
                             hint="retrain it with `saidwhat train --design speakers`")

    @classmethod
    def load(cls, folder: str | Path = BUNDLED_RANKER) -> SpeakerRanker:
        folder = Path(folder)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            with np.load(folder / "weights.npz") as z:
                weights = {k: z[k] for k in z.files}
        except OSError as exc:
            raise _no_ranker(folder) from exc
        return cls(meta, weights)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return (np.tanh(rows @ self.w1 + self.b1) @ self.w2 + self.b2).reshape(-1)

    def choose(self, cands: list[Candidate], ctx: Context) -> list[Candidate]:
        """The candidates with their speaker replaced where the ranker is confident of another."""
        out = []
        for c in cands:
            group = group_of(c, ctx, self.feats)
            if group is not None:
                toks, rows = group
                current = current_index(c, toks)
                chosen = pick(self.scores(rows), current, self.margin)
                if chosen != current:
                    c = switch(c, toks[chosen], ctx.parsed, ctx.text)
            out.append(c)
        return out


def pick(scores: np.ndarray, current: int, margin: float) -> int:
    """The candidate chosen: the best scored, if it beats the current one by more than ``margin``."""
    best = int(scores.argmax())
    return best if best != current and scores[best] - scores[current] > margin else current


def current_index(c: Candidate, toks: list[Token | None]) -> int:
    """Where the attribution's current speaker stands among its candidates (0: none)."""
    return next((i for i, t in enumerate(toks) if t is not None and t == c.subject), 0)


def switch(c: Candidate, tok: Token | None, parsed: list, text: str) -> Candidate:
    """``c`` with ``tok`` as its speaker (None: no speaker)."""
    if tok is None:
        return replace(c, subject=None, mention=None)
    mention = mention_of(tok, _offset_of(tok, parsed), text)
    if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl":
        # "Doe, who said …": the pronoun is the mention, the noun it follows names the speaker
        return replace(c, subject=tok.head.head, mention=mention)
    return replace(c, subject=tok, mention=mention)


def ranker_setting(value: str | None = "default") -> str | None:
    """The speaker ranker to use: ``value``, or for "default" the setting of
    ``SAIDWHAT_SPEAKER_MODEL`` (else "bundled")."""
    import os

    if value == "default":
        value = os.environ.get("SAIDWHAT_SPEAKER_MODEL", "bundled") or "bundled"
    return None if value in (None, "none") else value


@lru_cache(maxsize=4)
def load_ranker(path: str = "bundled") -> SpeakerRanker:
    """The ranker in folder ``path`` (``"bundled"``: the one shipped in the package), loaded once."""
    return SpeakerRanker.load(_folder(path))


def check_ranker(path: str | None) -> None:
    """Raise the ``ModelError`` that loading the ranker ``path`` would raise, without loading it."""
    if path is None:
        return
    folder = _folder(path)
    if not ((folder / "meta.json").is_file() and (folder / "weights.npz").is_file()):
        raise _no_ranker(folder)


def _folder(path: str) -> Path:
    return BUNDLED_RANKER if path == "bundled" else Path(path)


def _no_ranker(folder: Path) -> ModelError:
    return ModelError(f"no speaker ranker in {folder}",
                      hint="name bundled or none, or a folder written by `saidwhat train --design speakers`")
