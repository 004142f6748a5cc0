"""Statements across articles: cluster the quotes that report one statement by one speaker.

Two steps keep this sub-quadratic. **Blocking**: an inverted index from content words to quotes;
a word held by more than ``MAX_POSTING`` quotes says nothing about identity and is skipped, so each
quote is compared only with the few quotes that share a rarer word. **Alignment**: the shorter
wording must lie inside the longer one in contiguous runs of words (``containment``), and the
numbers must agree. Links join clusters only when the speakers agree. A quote whose attribution
is weak (no speaker, a group, a bare first name, or a name that occurs inside the quote itself,
as in "Thank you Venus, ...") may join any one speaker's cluster, never bridge two.

For every statement: the fullest wording, each variant's relation to it (identical / trimmed /
altered), a word-level diff, and the first appearance.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .words import _WORD_RE, STOPWORDS, fold, match_words, numbers, surface_words

#: A word in more quotes than this is too common to propose a match.
MAX_POSTING = 200
#: Share of its rarer words a piece must share with another to be aligned with it.
MIN_SHARED = 0.5
#: Shortest wording (in words) that links as a statement of its own; shorter ones are fragments.
MIN_LINK_WORDS = 4
#: Share of the shorter wording that must be found, in contiguous runs, inside the longer one.
CONTAINMENT_SHORT = 0.85
CONTAINMENT_LONG = 0.75  # from LONG_WORDS words on: a longer quote tolerates more edits
LONG_WORDS = 8
#: Outlets that must agree on a speaker to outvote one outlet's different attribution of the same
#: wording, and how close the wording must be for that.
OUTVOTE = 2
OUTVOTE_SCORE = 0.9
OUTVOTE_WORDS = 6


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """What clustering needs to know about one stored quote."""

    id: str
    text: str
    speaker: str | None  # speaker entity id; None when unknown
    order: tuple  # sort key of its appearance: (date or "~", outlet, article id, position)
    strong: bool = True  # False: the attribution is too weak to keep the quote out of a cluster
    person: bool = True  # False: the speaker is an organization, which speaks through people


@dataclass(frozen=True, slots=True)
class Link:
    """A quote's place in its statement."""

    quote: str
    statement: str
    relation: str  # identical | trimmed | altered
    similarity: float
    diff: tuple[tuple[str, str], ...]  # ("=" | "-" | "+", words) against the fullest wording
    evidence: str


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    speaker: str | None
    fullest: str  # quote id
    first: str  # quote id
    quotes: tuple[str, ...]


def containment(short: Sequence[str], long: Sequence[str]) -> float:
    """Share of ``short`` found in ``long`` in runs of at least two words (or all of a one-word text).

    Runs matter: scattered single words ("she", "an", "amazing") are what unrelated sentences by
    one speaker share.
    """
    if not short:
        return 0.0
    matcher = difflib.SequenceMatcher(None, short, long, autojunk=False)
    least = 1 if len(short) == 1 else 2
    found = sum(b.size for b in matcher.get_matching_blocks() if b.size >= least)
    return found / len(short)


def same_statement(
    a: list[str], b: list[str], numbers_a: set[str] | None = None, numbers_b: set[str] | None = None
) -> float:
    """Alignment score in [0, 1] of two wordings; 0 when they cannot report one statement."""
    na = numbers(a) if numbers_a is None else numbers_a
    nb = numbers(b) if numbers_b is None else numbers_b
    short, long, ns, nl = (a, b, na, nb) if len(a) <= len(b) else (b, a, nb, na)
    if not short or not ns <= nl:
        return 0.0
    score = containment(short, long)
    need = CONTAINMENT_LONG if len(short) >= LONG_WORDS else CONTAINMENT_SHORT
    return score if score >= need else 0.0


class _Clusters:
    """Union-find over quotes that keeps one firm speaker per cluster.

    Each cluster counts, per firm speaker, the articles that attribute it. Two clusters with
    different firm speakers join only when ``outvote`` is allowed and one attribution is backed
    by at least ``OUTVOTE`` articles against a single dissenting article.
    """

    def __init__(self, speakers: list[str | None], articles: list[str]) -> None:
        self.parent = list(range(len(speakers)))
        self.votes: list[dict[str, set[str]]] = [
            {s: {a}} if s is not None else {} for s, a in zip(speakers, articles, strict=True)
        ]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def speaker(self, root: int) -> str | None:
        votes = self.votes[root]
        return min(votes, key=lambda s: (-len(votes[s]), s)) if votes else None

    def union(self, i: int, j: int, *, outvote: bool = False) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        vi, vj = self.votes[ri], self.votes[rj]
        si, sj = self.speaker(ri), self.speaker(rj)
        if si is not None and sj is not None and si != sj:
            ni, nj = len(vi[si]), len(vj[sj])
            if not (outvote and max(ni, nj) >= OUTVOTE and min(ni, nj) == 1):
                return False
        lo, hi = min(ri, rj), max(ri, rj)
        self.parent[hi] = lo
        merged: dict[str, set[str]] = {s: set(a) for s, a in vi.items()}
        for s, a in vj.items():
            merged.setdefault(s, set()).update(a)
        self.votes[lo] = merged
        return True


def candidate_pairs(words: list[list[str]], *, min_shared: float = MIN_SHARED) -> set[tuple[int, int]]:
    """Pairs of pieces worth aligning: the blocking step.

    An inverted index maps each content word to the pieces holding it; words in more than
    ``MAX_POSTING`` pieces are skipped. A pair is proposed when it shares at least ``min_shared``
    of the rarer words of the piece with fewer of them: a wording that is mostly inside another
    shares most of its words with it, so this loses no real match and spares the alignment most
    pairs that share one word by chance.
    """
    content = [{w for w in ws if w not in STOPWORDS and len(w) > 1} for ws in words]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(content):
        for w in ws:
            postings[w].append(i)
    rare = [{w for w in ws if len(postings[w]) <= MAX_POSTING} for ws in content]
    pairs: set[tuple[int, int]] = set()
    for i, ws in enumerate(rare):
        shared: Counter[int] = Counter()
        for w in ws:
            for j in postings[w]:
                if j > i:
                    shared[j] += 1
        for j, n in shared.items():
            if n >= max(1, min_shared * min(len(ws), len(rare[j]))):
                pairs.add((i, j))
    # short pieces of common words only ("They are us") meet when they are word for word the same
    whole: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        if 2 <= len(ws) < MIN_LINK_WORDS:
            whole[" ".join(ws)].append(i)
    for members in whole.values():
        if 1 < len(members) <= MAX_POSTING:
            pairs.update((a, b) for x, a in enumerate(members) for b in members[x + 1 :])
    return pairs


def cluster_statements(items: Sequence[QuoteItem]) -> tuple[list[Cluster], list[Link]]:
    """Group ``items`` into statements; every quote ends up in exactly one statement."""
    words = [match_words(it.text) for it in items]
    firm = [it.speaker if it.strong else None for it in items]
    clusters = _Clusters(firm, [str(it.order[2]) for it in items])
    scored = []
    nums = [numbers(ws) for ws in words]
    for i, j in candidate_pairs(words):
        n = min(len(words[i]), len(words[j]))
        if n < MIN_LINK_WORDS:
            if n >= 2 and words[i] == words[j]:  # short, but word for word the same
                scored.append((1.0, min(i, j), max(i, j)))
            continue
        s = same_statement(words[i], words[j], nums[i], nums[j])
        if s > 0:
            scored.append((s, min(i, j), max(i, j)))
    # strongest links first, so an uncertain link cannot pre-empt a certain one
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    for _s, i, j in scored:
        clusters.union(i, j)
    # then near-identical wordings that outlets attribute differently: the majority decides
    for s, i, j in scored:
        if s >= OUTVOTE_SCORE and min(len(words[i]), len(words[j])) >= OUTVOTE_WORDS:
            clusters.union(i, j, outvote=True)
    _attach_fragments(items, words, clusters)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[clusters.find(i)].append(i)
    out_clusters: list[Cluster] = []
    links: list[Link] = []
    for root, members in groups.items():
        members.sort(key=lambda i: items[i].order)
        first = members[0]
        fullest = max(members, key=lambda i: (len(words[i]), -members.index(i)))
        sid = "st-" + hashlib.sha1(items[first].id.encode()).hexdigest()[:12]
        speaker = clusters.speaker(root)
        if speaker is None:  # no firm attribution: the weak ones vote, one vote per article
            voters = {(items[i].speaker, items[i].order[2], items[i].person) for i in members if items[i].speaker}
            if any(person for _, _, person in voters):
                # an outlet or an office relaying words that other reports give to a person
                voters = {v for v in voters if v[2]}
            votes = Counter(s for s, _, _ in voters)
            ranked = votes.most_common(2)
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                speaker = ranked[0][0]  # a tie leaves the statement's speaker open
        out_clusters.append(
            Cluster(
                sid,
                speaker,
                items[fullest].id,
                items[first].id,
                tuple(items[i].id for i in members),
            )
        )
        for i in members:
            links.append(_link(items[i], items[fullest], words[i], words[fullest], sid, i == fullest))
    out_clusters.sort(key=lambda c: c.id)
    return out_clusters, links


def _attach_fragments(items: Sequence[QuoteItem], words: list[list[str]], clusters: _Clusters) -> None:
    """Join each short fragment ("laying the groundwork") to the one statement it is cut from.

    A fragment is too short to prove anything alone, so it joins only a longer wording that holds
    it whole and contiguous; when several statements hold it, the most reported one wins.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        if len(ws) >= MIN_LINK_WORDS:
            for w in set(ws):
                index[w].append(i)
    # sizes of the statements as the full wordings made them; fragments do not vote
    root0 = [clusters.find(k) for k in range(len(words))]
    size: dict[int, int] = defaultdict(int)
    for r in root0:
        size[r] += 1
    for i, ws in enumerate(words):
        if not ws or len(ws) >= MIN_LINK_WORDS:
            continue
        content = [w for w in ws if w not in STOPWORDS]
        if not content or (len(ws) == 1 and len(ws[0]) < 6):
            continue
        rarest = min(content, key=lambda w: len(index.get(w, ())))
        hosts = [j for j in index.get(rarest, ()) if _inside(ws, words[j]) and _compatible(clusters, i, j)]
        if not hosts or len(hosts) > MAX_POSTING:
            continue
        best = min(hosts, key=lambda j: (-size[root0[j]], items[j].order))
        clusters.union(i, best)


def _inside(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[k : k + n] == short for k in range(len(long) - n + 1))


def _compatible(clusters: _Clusters, i: int, j: int) -> bool:
    si, sj = clusters.speaker(clusters.find(i)), clusters.speaker(clusters.find(j))
    return si is None or sj is None or si == sj


def _link(
    item: QuoteItem,
    full: QuoteItem,
    words: list[str],
    full_words: list[str],
    sid: str,
    is_fullest: bool,
) -> Link:
    a = [fold(w).replace("'", "") for w in surface_words(full.text)]
    b = [fold(w).replace("'", "") for w in surface_words(item.text)]
    if a == b:
        relation = "identical"
    elif b and _inside(b, a):
        relation = "trimmed"
    else:
        relation = "altered"
    similarity = 1.0 if is_fullest else round(containment(words, full_words), 3)
    evidence = "fullest wording" if is_fullest else f"{relation}; {similarity:.0%} of its words in the fullest wording"
    return Link(item.id, sid, relation, similarity, word_diff(full.text, item.text), evidence)


def word_diff(full: str, variant: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff of ``variant`` against ``full``: runs of kept ("="), dropped ("-"), added ("+")."""
    a, b = surface_words(full), surface_words(variant)
    fa = [fold(w).replace("'", "") for w in a]
    fb = [fold(w).replace("'", "") for w in b]
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, fa, fb, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(b[j1:j2])))
        else:
            if i2 > i1:
                out.append(("-", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def render_diff(diff: Sequence[Sequence[str]]) -> str:
    """A diff as one line: [-dropped-] {+added+}."""
    parts = []
    for op, words in diff:
        parts.append(words if op == "=" else f"[-{words}-]" if op == "-" else f"{{+{words}+}}")
    return " ".join(parts)


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’]?\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "no mr mrs ms dr st jr sr gen col lt sgt capt gov sen rep prof vs etc inc ltd co corp u.s u.k "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def segments(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence-sized pieces of a quote's spans: the units a statement is made of.

    A quotation of three sentences often reports three statements that other outlets quote one
    at a time, so statements are tracked per sentence, each piece still a span of the article.
    """
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for m in _SENTENCE_END.finditer(text, start, end):
            before = text[cut : m.start()].rstrip("\"'”’")
            last = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.split() else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue  # "No. 23", "George W. Bush"
            if text[cut : m.start()].strip():
                out.append(_trimmed(text, cut, m.start()))
            cut = m.end()
        if text[cut:end].strip():
            out.append(_trimmed(text, cut, end))
    return [s for s in out if s[1] > s[0]]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: A clause boundary inside a sentence: , ; : or a dash, or a bare "and" / "but".
_CLAUSE_PUNCT = re.compile(r"[,;:–—]|\s-{1,2}\s")
_CLAUSE_WORDS = frozenset({"and", "but"})
#: Fewest words on each side of a clause cut.
MIN_CLAUSE_WORDS = 3
#: Share of each wording found in the other, in runs, for a report to be that clause (or sentence).
CLAUSE_MATCH = 0.75


_QUOTED = re.compile(r"[“\"]([^“”\"]+)(?:[”\"]|$)|(?<!\w)‘([^‘’]+)(?:’(?!\w)|$)")


def verbatim_part(text: str) -> str:
    """The speaker's own words in a reported quote: its longest quoted fragment, else all of it.

    'The coalition is "laying the groundwork" for the "isolation" of Raqqa' is the reporter's
    sentence around the speaker's three words; other outlets print those words inside a longer
    quotation, so they, not the paraphrase, show which statement is reported.
    """
    frags = [m.group(1) or m.group(2) for m in _QUOTED.finditer(text)]
    frags = [f.strip() for f in frags if f and f.strip()]
    if not frags:
        return text
    longest = max(frags, key=lambda f: len(match_words(f)))
    return longest if len(match_words(longest)) < len(match_words(text)) else text


def _words_at(text: str) -> list[tuple[str, int, int]]:
    """``match_words`` with the character span of the printed word each one comes from."""
    out: list[tuple[str, int, int]] = []
    for m in _WORD_RE.finditer(text):
        out.extend((w, m.start(), m.end()) for w in match_words(m.group()))
    return out


def split_clauses(texts: Sequence[str], articles: Sequence[str]) -> list[list[int]]:
    """Where to cut each sentence piece so that clauses other reports quote apart stand alone.

    One outlet prints "There will be overlap, and that is part of our plan" where another quotes
    "Yes, there will be overlap." and "And that is part of our plan ..." as sentences of their own:
    the sentence holds two statements. A piece is cut at a clause boundary (, ; : a dash, or a bare
    "and" / "but") when the clauses on both sides are each reported on their own elsewhere. One side
    alone is no evidence: outlets often quote only the first half of a sentence. Returns, per piece,
    the character offsets (into its text) where a new piece starts; most pieces get none.
    """
    located = [_words_at(t) for t in texts]
    words = [[w for w, _s, _e in ws] for ws in located]
    bounds: list[list[int]] = []  # word indexes where a clause starts
    for t, ws in zip(texts, located, strict=True):
        b = []
        for k in range(MIN_CLAUSE_WORDS, len(ws) - MIN_CLAUSE_WORDS + 1):
            gap = t[ws[k - 1][2] : ws[k][1]]
            if _CLAUSE_PUNCT.search(gap) or (ws[k][0] in _CLAUSE_WORDS and ws[k - 1][1] != ws[k][1]):
                b.append(k)
        bounds.append(b)
    # only a piece that begins a sentence shows where a statement begins: "and we are deeply
    # concerned ..." is the rest of a sentence its outlet interrupted with "he said"
    starts_sentence = [next((c.isupper() for c in t if c.isalpha()), False) for t in texts]

    def runs(i: int) -> list[tuple[int, int]]:
        edges = [0, *bounds[i], len(words[i])]
        return [(x, y) for n, x in enumerate(edges) for y in edges[n + 1 :]]

    met: dict[tuple[int, int], set[str]] = defaultdict(set)  # (piece, boundary) -> sides reported
    for i, j in candidate_pairs(words):
        if articles[i] == articles[j]:
            continue
        for a, b in ((i, j), (j, i)):
            if not bounds[a] or not starts_sentence[b] or containment(words[a], words[b]) >= CLAUSE_MATCH:
                continue  # a report of the whole sentence is no evidence that it holds two statements
            # the other piece reports a clause on its own when it is that clause, or opens with it
            theirs = [words[b][:y] for x, y in runs(b) if x == 0 and y >= MIN_CLAUSE_WORDS]
            for x, y in runs(a):
                if (x, y) == (0, len(words[a])) or y - x < MIN_CLAUSE_WORDS:
                    continue
                mine = words[a][x:y]
                if any(
                    numbers(mine) == numbers(other)
                    and containment(mine, other) >= CLAUSE_MATCH
                    and containment(other, mine) >= CLAUSE_MATCH
                    for other in theirs
                ):
                    if x > 0:
                        met[a, x].add("R")
                    if y < len(words[a]):
                        met[a, y].add("L")
    cuts: list[list[int]] = [[] for _ in texts]
    for (a, k), sides in met.items():
        if sides == {"L", "R"}:
            cuts[a].append(located[a][k][1])
    for c in cuts:
        c.sort()
    return cuts
