"""Tracking across articles: who each speaker is (``speakers``) and which quotes report one
statement (``statements``). Pure functions over quote records; the store reads and writes them.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .speakers import TITLES, Entity, NameUse, Pin, load_aliases, names_institution, resolve_speakers
from .statements import Cluster, Link, QuoteItem, cluster_statements, render_diff, verbatim_part, word_diff
from .words import fold

__all__ = [
    "Cluster",
    "Entity",
    "Link",
    "NameUse",
    "Pin",
    "QuoteRecord",
    "Tracking",
    "load_aliases",
    "render_diff",
    "track",
    "word_diff",
]


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One stored quote with what tracking needs from its article."""

    quote: str
    text: str
    name: str | None
    kind: str
    role: str | None
    article: str
    doc_id: str
    outlet: str | None
    date: str | None
    position: int
    quote_text: str | None = None  # the whole quotation this piece belongs to
    how: str | None = None  # how the extractor found the speaker (its first evidence item)
    mention: int | None = None  # where the article names the speaker (start offset), if it does


@dataclass(slots=True)
class Tracking:
    """The outcome of one tracking pass over a corpus."""

    entities: list[Entity]
    speaker_of: dict[str, tuple[str, str]]  # quote → (entity id, evidence)
    statements: list[Cluster]
    links: list[Link]
    roles: dict[str, Counter[str]] = field(default_factory=dict)
    outlets: dict[str, Counter[str]] = field(default_factory=dict)


#: Extractor evidence that reaches a speaker indirectly.
WEAK_EVIDENCE = frozenset({"pronoun", "continues previous speaker"})


def firm_attribution(r: QuoteRecord) -> bool:
    """Whether an attribution is firm enough to keep its quote out of another speaker's statement.

    Weak: no name; a group or an organization; a single word ("Venus"); a speaker reached only through a pronoun or
    by continuing the previous quote's speaker; or a name the quotation itself contains, since
    people rarely name themselves: "Thank you Venus, ..." is addressed to Venus, not said by her.
    """
    if not r.name or r.kind != "person" or r.how in WEAK_EVIDENCE:
        return False  # organizations speak through people: a person's attribution is firmer
    words = r.name.split()
    if names_institution(r.name):
        return False
    if len(words) < 2 or all(fold(w).strip(".,-") in TITLES or not w.strip("-") for w in words):
        return False  # "Venus"; "Director - General" is a title, not a name
    inside = fold(r.quote_text or r.text)
    return not any(len(w) > 2 and re.search(rf"\b{re.escape(fold(w))}\b", inside) for w in words)


def track(records: Sequence[QuoteRecord], *, pins: dict[str, Pin] | None = None) -> Tracking:
    """Speakers and statements for ``records``; the same records always give the same ids."""
    uses = [NameUse(r.quote, r.name, r.kind, r.role, r.article, r.outlet, r.date) for r in records]
    entities, speaker_of = resolve_speakers(uses, pins=pins)
    items = [
        QuoteItem(
            r.quote,
            verbatim_part(r.text),
            speaker_of.get(r.quote, (None, ""))[0],
            (r.date or "~", r.outlet or "~", r.doc_id, r.position),
            strong=firm_attribution(r),
            person=r.kind != "organization",
        )
        for r in records
    ]
    clusters, links = cluster_statements(items)
    article_of = {r.quote: r.article for r in records}
    names = {e.id: e for e in entities}
    corrected: dict[str, str] = {}  # quote -> the entity its article gave, overruled by other reports
    confirmed: set[str] = set()  # quotes whose speaker other articles' reports of the statement agree on
    # A quote its article leaves unattributed, or attributes weakly, takes the speaker of the
    # statement it reports, as the other outlets attribute it.
    given = {q: sid for q, (sid, _) in speaker_of.items()}  # as each article itself attributes them
    inherited: set[str] = set()  # quotes their article leaves unattributed, given their statement's speaker
    for c in clusters:
        if c.speaker is None:
            continue
        for q in c.quotes:
            if q not in speaker_of:
                inherited.add(q)
                speaker_of[q] = (c.speaker, _taken_from_statement(names[c.speaker]))
            elif speaker_of[q][0] == c.speaker:
                # confirmed by another article's own attribution, not by a quote left unattributed there
                if any(article_of[x] != article_of[q] and given.get(x) == c.speaker for x in c.quotes):
                    confirmed.add(q)
            else:
                corrected[q] = speaker_of[q][0]
                # weakly attributed here, or outvoted by the outlets that agree on the speaker
                speaker_of[q] = (
                    c.speaker,
                    f"attributed to {names[c.speaker].name} by the other reports "
                    f"of the same statement (this article: {names[speaker_of[q][0]].name})",
                )
    if _follow_corrections(records, speaker_of, corrected, confirmed, names):
        # a statement whose own quotes all moved goes with them, and so do its unattributed reports
        for k, c in enumerate(clusters):
            own = Counter(speaker_of[q][0] for q in c.quotes if q in speaker_of and q not in inherited)
            if c.speaker is None or not own or c.speaker in own:
                continue
            clusters[k] = dataclasses.replace(c, speaker=own.most_common(1)[0][0])
            for q in c.quotes:
                if q in inherited:
                    speaker_of[q] = (clusters[k].speaker, _taken_from_statement(names[clusters[k].speaker]))
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    outlets: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        sid = speaker_of.get(r.quote, (None, ""))[0]
        if sid is None:
            continue
        if r.role:
            roles[sid][r.role] += 1
        if r.outlet:
            outlets[sid][r.outlet] += 1
    return Tracking(entities, speaker_of, clusters, links, dict(roles), dict(outlets))


def _taken_from_statement(entity: Entity) -> str:
    return f"unattributed in its article; the same statement is attributed to {entity.name} elsewhere"


def _follow_corrections(
    records: Sequence[QuoteRecord],
    speaker_of: dict[str, tuple[str, str]],
    corrected: dict[str, str],
    confirmed: set[str],
    names: dict[str, Entity],
) -> bool:
    """Correct the rest of an article's weak attribution where other reports overrule it.

    A pronoun resolved to the wrong person, or a bare surname two people share, is one mistake
    repeated over every quote that goes through it. When other outlets' reports of the same
    statements move some of those quotes to one other speaker, and none of them confirms the
    article's reading, the quotes no other outlet reports move too. Firm attributions are left alone.
    """
    moved = False
    groups: dict[tuple[str, str, int | None], list[str]] = defaultdict(list)
    for r in records:
        if r.name and r.quote in speaker_of and not firm_attribution(r):
            # an outlet or an office relays different people at different places: one mention
            # at a time; a person's wrong name is one mistake repeated wherever the name is used
            where = r.mention if r.kind == "organization" else None
            groups[r.article, r.name, where].append(r.quote)
    for (_article, name, _where), quotes in groups.items():
        to = {speaker_of[q][0] for q in quotes if q in corrected}
        if len(to) != 1 or any(q in confirmed for q in quotes):
            continue
        (target,) = to
        n = sum(q in corrected for q in quotes)
        for q in quotes:
            if q not in corrected and speaker_of[q][0] != target:
                speaker_of[q] = (
                    target,
                    f"{name!r} in this article is {names[target].name} in the other reports of {n} of its quotes",
                )
                moved = True
    return moved
