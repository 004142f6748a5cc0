"""Learned attributions: tag a parsed paragraph, decode the tags into attributions, and merge
them with what the rules found.

The tagger marks content, cue and source tokens. Decoding links each content run to the nearest
cue (preferring one in the same sentence) and each cue to the nearest source; content runs that
share a cue form one attribution ("…," he said, "…"). The source's head token then goes through
the same resolution as the rules' speaker mentions, so names, pronouns and descriptions resolve
the same way whichever stage found the attribution.

Combination keeps the rules' quotations (nearly always right), drops their other attributions
where the tagger gives the words a low content probability, and adds a learned attribution where
the rules found nothing overlapping it. Both thresholds are chosen on held-out training articles.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from ..extract.attribute import (
    Candidate,
    attribute_paragraph,
    discourse_marker,
    drop_nested_reports,
    frames,
    place_quotations,
    subject_of,
    trim,
)
from ..model import Quote, Span
from .features import quotation_spans
from .tagger import Tagger

log = logging.getLogger(__name__)

#: Token distance beyond which a content run is not linked to a cue, nor a cue to a source.
MAX_CUE_GAP = 40
MAX_SOURCE_GAP = 15
#: Rule candidates kept whatever the tagger says of them (besides direct quotations).
_TRUSTED_RULES = {"according-to"}
#: A rule attribution nested in another's content is dropped when the tagger's cue probability on
#: its cue is below this (chosen on the held-out training articles, as the other thresholds; a
#: model whose metadata records ``nested_cue_min`` uses its own).
NESTED_CUE_MIN = 0.3
#: Where a clause may end: punctuation, a spaced dash or the line's end, also after a closing mark
#: (”, ", or ’ that is no apostrophe inside a word), or "and"/"but"/"or" after such a mark
_CLAUSE_END = re.compile(
    r"[ \t]*(?:[,.;:!?)\]—–\n]|-\s|$|(?:[”\"]|[’'](?![a-z]))+[ \t]*(?:[,.;:!?)\]—–\n]|-\s|$|(?:and|but|or)\s))"
)
#: A rule content's end moves to that of a learned content for the same cue scored at least this
#: (chosen the same way; above 1 turns it off).
END_MIN = 0.7


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive tokens with one label: ``kind`` is CONTENT, CUE or SOURCE; tokens [start, end)."""

    kind: str
    start: int
    end: int
    score: float
    sent: int


def runs_of(tags: list[str], probs: np.ndarray, sent_ids: list[int], labels: tuple[str, ...]) -> list[Run]:
    """Group BIO tags into runs; an I- tag without its B- starts a run (the tagger is not constrained)."""
    out: list[Run] = []
    cur: str | None = None
    start = 0
    col = {lab: i for i, lab in enumerate(labels)}

    def close(end: int) -> None:
        if cur is not None:
            p = probs[start:end, col["B-" + cur]] + probs[start:end, col["I-" + cur]]
            out.append(Run(cur, start, end, float(p.mean()), sent_ids[start]))

    # only tagged tokens open or extend runs: a gap of O tags between two of them closes one
    last = -1
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        kind = tag[2:]
        if i != last + 1 or tag.startswith("B-") or kind != cur:
            close(last + 1)
            cur, start = kind, i
        last = i
    close(last + 1)
    return out


def sentence_ids(doc: Doc) -> list[int]:
    """The number of each token's sentence, as ``doc.sents`` counts them (a sentence starts at
    every token marked as a start after the first), read off one array."""
    if not len(doc):
        return []
    starts = doc.to_array(SENT_START).astype(np.int64) == 1
    starts[0] = False
    return np.cumsum(starts).tolist()


def _gap(a: Run, b: Run) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _nearest(run: Run, pool: list[Run], limit: int) -> Run | None:
    """The run of ``pool`` nearest ``run``, one in the same sentence first."""
    best = None
    best_key: tuple[int, int] | None = None
    for r in pool:
        gap = _gap(run, r)
        if gap > limit:
            continue
        key = (0 if r.sent == run.sent else 1, gap)
        if best_key is None or key < best_key:
            best, best_key = r, key
    return best


def _char_span(doc: Doc, offset: int, text: str, start: int, end: int) -> Span | None:
    first, last = doc[start], doc[end - 1]
    return trim(text, offset + first.idx, offset + last.idx + len(last.text))


def _head_of(doc: Doc, start: int, end: int):
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head is tok:
            return tok
    return doc[start]


def decode(
    doc: Doc, offset: int, paragraph: int, text: str, probs: np.ndarray, labels: tuple[str, ...],
    quoted: list[Span], *, min_score: float = 0.0,
) -> list[tuple[Candidate, float]]:
    """Learned candidates of one paragraph, each with the tagger's confidence in its content."""
    tags = [labels[i] for i in probs.argmax(axis=1).tolist()]
    runs = runs_of(tags, probs, sentence_ids(doc), labels)
    contents = [r for r in runs if r.kind == "CONTENT"]
    cues = [r for r in runs if r.kind == "CUE"]
    sources = [r for r in runs if r.kind == "SOURCE"]
    by_cue: dict[Run, list[Run]] = {}
    for c in contents:
        cue = _nearest(c, cues, MAX_CUE_GAP)
        if cue is not None:
            by_cue.setdefault(cue, []).append(c)
    out: list[tuple[Candidate, float]] = []
    for cue_run, parts in by_cue.items():
        if any(discourse_marker(t) for t in doc[cue_run.start : cue_run.end]):
            continue  # "That said, …": no one says anything
        spans = [s for s in (_char_span(doc, offset, text, r.start, r.end) for r in parts) if s is not None]
        spans = [s for s in spans if len(text[s.start : s.end].split()) >= 2]
        if not spans:
            continue
        score = float(np.average([r.score for r in parts], weights=[r.end - r.start for r in parts]))
        if score < min_score:
            continue
        cue = _char_span(doc, offset, text, cue_run.start, cue_run.end)
        if cue is None:
            continue
        src = _nearest(cue_run, sources, MAX_SOURCE_GAP)
        if src is not None:
            subj = _head_of(doc, src.start, src.end)
            mention = _char_span(doc, offset, text, src.start, src.end)
        else:
            # no source tagged: the cue verb's grammatical subject, as the rules would find it
            subj = subject_of(_head_of(doc, cue_run.start, cue_run.end))
            mention = None
            if subj is not None:
                mention = _char_span(doc, offset, text, subj.left_edge.i, subj.i + 1)
        chars = sum(len(s) for s in spans)
        inside = sum(max(0, min(s.end, q.end) - max(s.start, q.start)) for s in spans for q in quoted)
        kind = "direct" if inside >= 0.8 * chars else "mixed" if inside > 0 else "indirect"
        cand = Candidate(
            content=sorted(spans), kind=kind, cue=cue, subject=subj, mention=mention, rule="learned",
            position=cue.start, paragraph=paragraph,
        )
        out.append((cand, score))
    return out


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return any(x.overlaps(y) for x in a.content for y in b.content)


@dataclass(slots=True)
class Found:
    """Everything both kinds of attribution need before merging: candidates with their scores."""

    ents: object
    parsed: list
    rules: list[tuple[Candidate, float]]  # each with the tagger's content probability over its words
    learned: list[tuple[Candidate, float]]
    cue_p: dict[int, float]  # id(rule candidate) -> the tagger's mean cue probability over its cue
    source_p: dict[int, float] = field(default_factory=dict)  # a token start -> the tagger's source probability


def find_candidates(prep, docs: list, tagger: Tagger, *, fast: bool = False) -> Found:
    """Rule and learned candidates of one article (``fast``: read names off the parse first, as the
    rules-only pipeline does; that also gives the tagger the entity features it was trained on)."""
    from ..extract import parsed_context

    text = prep.article.text
    parsed, ents = parsed_context(prep, docs, fast=fast)
    rules: list[Candidate] = []
    learned: list[tuple[Candidate, float]] = []
    positions: list[int] = []
    content_p: list[float] = []
    cue_p: list[float] = []
    source_p: list[float] = []
    b, i = tagger.tags.index("B-CONTENT"), tagger.tags.index("I-CONTENT")
    bc, ic = tagger.tags.index("B-CUE"), tagger.tags.index("I-CUE")
    bs, is_ = tagger.tags.index("B-SOURCE"), tagger.tags.index("I-SOURCE")
    features, quoted_in = [], []
    for (offset, doc), pi in zip(parsed, prep.selected, strict=True):
        para = prep.paragraphs[pi]
        quotes = [q for q in prep.quotations if q.start < para.end and para.start < q.end]
        rules.extend(attribute_paragraph(doc, offset, pi, text, quotes))
        quoted, marks = quotation_spans(quotes, offset, para.end)  # the doc's text is the paragraph's
        features.append(tagger.encoder(doc, offset, quoted, marks))
        quoted_in.append(quoted)
    # one pass of the network over the whole article: the same probabilities as paragraph by paragraph
    all_probs = tagger.probabilities_many(features)
    for (offset, doc), pi, probs, quoted in zip(parsed, prep.selected, all_probs, quoted_in, strict=True):
        learned.extend(decode(doc, offset, pi, text, probs, tagger.tags, quoted))
        positions.extend((doc.to_array(IDX).astype(np.int64) + offset).tolist())
        content_p.extend((probs[:, b] + probs[:, i]).tolist())
        cue_p.extend((probs[:, bc] + probs[:, ic]).tolist())
        source_p.extend((probs[:, bs] + probs[:, is_]).tolist())
    rules = place_quotations(rules, prep.quotations, text, prep.paragraphs)
    scored = [(c, _mean_over(c.content, positions, content_p)) for c in rules]
    cues = {id(c): _mean_over([c.cue], positions, cue_p) for c in rules if c.cue is not None}
    return Found(ents, parsed, scored, learned, cues, dict(zip(positions, source_p, strict=True)))


def _mean_over(spans: list[Span], positions: list[int], values: list[float]) -> float:
    from bisect import bisect_left

    picked = []
    for s in spans:
        k = bisect_left(positions, s.start)
        while k < len(positions) and positions[k] < s.end:
            picked.append(values[k])
            k += 1
    return sum(picked) / len(picked) if picked else 1.0


def _weak_nested(c: Candidate, kept: list[Candidate], cue_p: dict[int, float], limit: float) -> bool:
    """A rule attribution whose cue lies inside another's content, and which the tagger reads as
    content rather than as a cue: "he said [he does not believe …]" is one attribution, not two."""
    if c.kind == "direct" or c.cue is None or c.rule in _TRUSTED_RULES:
        return False
    if cue_p.get(id(c), 1.0) >= limit:
        return False
    return any(o is not c and any(s.start <= c.cue.start < s.end for s in o.content) for o in kept)


def _one_of_each_pair(kept: list[Candidate], cue_p: dict[int, float]) -> list[Candidate]:
    """Of two rule attributions over nearly the same words (one inside the other and at least half
    its length: "According to the survey, most voters said they …" read once from each cue), the one
    whose cue the tagger reads more surely as a cue. Both would match one annotated attribution at
    most: on PolNeAR train, never both of such a pair matched."""

    def size(c: Candidate) -> int:
        return sum(len(s) for s in c.content)

    def shared(inner: Candidate, outer: Candidate) -> int:
        return sum(max(0, min(a.end, b.end) - max(a.start, b.start)) for a in inner.content for b in outer.content)

    dropped: set[int] = set()
    for outer in kept:
        for inner in kept:
            if inner is outer or id(inner) in dropped or id(outer) in dropped:
                continue
            small, big = size(inner), size(outer)
            if small < big <= 2 * small and shared(inner, outer) >= 0.9 * small:
                sure_outer, sure_inner = cue_p.get(id(outer), 0.5), cue_p.get(id(inner), 0.5)
                dropped.add(id(inner) if sure_outer >= sure_inner else id(outer))
    return [c for c in kept if id(c) not in dropped]


def _fit_ends(
    kept: list[Candidate], learned: list[tuple[Candidate, float]], end_min: float, text: str
) -> list[Candidate]:
    """Rule contents of one span ending where the tagger's content for the same cue ends.

    The rules take a clause's whole subtree (", pointing to …" and ", which votes on …" included)
    or stop where the parse breaks at a quotation mark ("waterboarding is “peanuts,” compared to
    …"); the tagger learned PolNeAR's ends. The start stays the rules': there the parse is right.
    A learned end inside a phrase ("as allied forces approach the") is not taken: the tagger's run
    broke off there, the clause did not end."""
    new_of: dict[int, Candidate] = {}
    for c in kept:
        if c.kind == "direct" or c.rule in _TRUSTED_RULES or c.cue is None or len(c.content) != 1:
            continue
        cue, span = c.cue, c.content[0]
        same = [(score, lc) for lc, score in learned if score >= end_min and lc.cue is not None
                and lc.cue.overlaps(cue) and len(lc.content) == 1 and lc.content[0].overlaps(span)]
        if not same:
            continue
        end = max(same, key=lambda x: x[0])[1].content[0].end
        if end != span.end and end > span.start and _CLAUSE_END.match(text, end):
            if end > span.end and any(_framed_quotation(o, c, span, end, text) for o in kept):
                continue  # not over a quotation another cue holds ('… - “…,” she said - and …')
            new_of[id(c)] = replace(c, content=[Span(span.start, end)])
    if not new_of:
        return kept
    out = []
    for c in kept:
        c = new_of.get(id(c), c)
        if c.follows is not None and id(c.follows) in new_of:
            c = replace(c, follows=new_of[id(c.follows)])  # a floating quote goes on from the refitted one
        out.append(c)
    return out


def _framed_quotation(o: Candidate, c: Candidate, span: Span, end: int, text: str) -> bool:
    """Whether ``o`` is a quotation with a cue of its own that a dash or colon brings in between the
    end of ``c``'s content and ``end``."""
    if o is c or o.kind != "direct" or o.cue is None or not o.quotations:
        return False
    return o.quotations[0].outer.start < end and frames(text, span.end, o.quotations[0])


def merge(
    found: Found, *, min_score: float, keep_min: float, nested_cue_min: float = 0.0, end_min: float = 2.0,
    drop_nested: bool = False,
) -> tuple[list[Candidate], dict]:
    """Rule candidates the tagger does not contradict, plus learned ones where no rule candidate is.

    A rule candidate is dropped when the tagger gives its words a mean content probability under
    ``keep_min``, unless it is a direct quotation or an "according to" report, which the rules
    find from explicit marks (the tagger, trained on one corpus's conventions, scores a sentence-
    opening "According to X, …" low); a learned one is added when its own score is at least
    ``min_score`` and it overlaps nothing kept. A kept rule candidate whose cue stands inside another
    kept one's content is dropped too when the tagger's cue probability there is under
    ``nested_cue_min``: PolNeAR annotates "she said [she could not support Trump]" once; with
    ``drop_nested``, one whose content lies wholly inside another's, cue and all, is dropped whatever
    the tagger reads there. Of two kept
    rule attributions over nearly the same words, the one with the surer cue stays. The end of
    a kept rule content moves to where a learned content for the same cue (scored at least
    ``end_min``; above 1, never) ends."""
    kept = [c for c, p in found.rules if c.kind == "direct" or c.rule in _TRUSTED_RULES or p >= keep_min]
    if nested_cue_min > 0:
        kept = [c for c in kept if not _weak_nested(c, kept, found.cue_p, nested_cue_min)]
    kept = _one_of_each_pair(kept, found.cue_p)
    if drop_nested:
        kept = drop_nested_reports(kept)
    if end_min <= 1:
        kept = _fit_ends(kept, found.learned, end_min, found.ents.text)
    added: list[Candidate] = []
    scores: dict[tuple[Span, ...], float] = {}
    for cand, score in found.learned:
        if score < min_score:
            continue
        if any(_overlaps(cand, r) for r in kept) or any(_overlaps(cand, a) for a in added):
            continue
        added.append(cand)
        scores[tuple(cand.content)] = score
    return kept + added, scores


def model_thresholds(tagger: Tagger) -> dict[str, float]:
    """The combination thresholds chosen when ``tagger`` was trained (in its metadata), as keyword
    arguments of ``merge``."""
    return thresholds_in(tagger.meta)


def thresholds_in(meta: dict) -> dict[str, float]:
    """The combination thresholds in a model's metadata, or in the choice training made before writing
    it, as keyword arguments of ``merge``."""
    return {"min_score": float(meta.get("min_score", 0.5)), "keep_min": float(meta.get("keep_min", 0.0)),
            "nested_cue_min": float(meta.get("nested_cue_min", NESTED_CUE_MIN)),
            "end_min": float(meta.get("end_min", END_MIN)), "drop_nested": bool(meta.get("drop_nested", False))}


def assemble_combined(
    prep, docs: list, tagger: Tagger, *, fast: bool = False, min_score: float | None = None,
    keep_min: float | None = None, nested_cue_min: float | None = None, end_min: float | None = None,
    drop_nested: bool | None = None, ranker=None,
) -> list[Quote]:
    """The rules' attributions the tagger does not contradict, plus the tagger's own where the rules
    found nothing. Thresholds default to those chosen at training time (in the model's metadata)."""
    from ..extract import _resolve_all  # the rules' resolution, shared so both kinds resolve alike

    given = {"min_score": min_score, "keep_min": keep_min, "nested_cue_min": nested_cue_min, "end_min": end_min,
             "drop_nested": drop_nested}
    chosen = {k: v if given[k] is None else given[k] for k, v in model_thresholds(tagger).items()}
    found = find_candidates(prep, docs, tagger, fast=fast)
    cands, scores = merge(found, **chosen)
    if ranker is not None:
        from .speakers import Context

        cands = ranker.choose(cands, Context.of(found))
    quotes = _resolve_all(cands, found.ents, found.parsed)
    out = []
    for q in quotes:
        score = scores.get(q.spans)
        if score is not None:
            att = q.attribution
            conf = round(min(1.0, att.confidence * score), 3)
            q = Quote(q.spans, q.kind, q.cue, type(att)(att.name, att.kind, att.role, att.mention, conf,
                                                        (*att.evidence, f"learned {score:.2f}")))
        out.append(q)
    return out
