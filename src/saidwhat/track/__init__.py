"""Tracking across articles: who each speaker is (``speakers``) and which quotes report one
statement (``statements``). Pure functions over quote records; the store reads and writes them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .speakers import Entity, NameUse, Pin, load_aliases, resolve_speakers
from .statements import Cluster, Link, QuoteItem, cluster_statements, render_diff, word_diff

__all__ = [
    "Cluster", "Entity", "Link", "NameUse", "Pin", "QuoteRecord", "Tracking", "load_aliases",
    "render_diff", "track", "word_diff",
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


@dataclass(slots=True)
class Tracking:
    """The outcome of one tracking pass over a corpus."""

    entities: list[Entity]
    speaker_of: dict[str, tuple[str, str]]  # quote → (entity id, evidence)
    statements: list[Cluster]
    links: list[Link]
    roles: dict[str, Counter[str]] = field(default_factory=dict)
    outlets: dict[str, Counter[str]] = field(default_factory=dict)


def track(records: Sequence[QuoteRecord], *, pins: dict[str, Pin] | None = None) -> Tracking:
    """Speakers and statements for ``records``; the same records always give the same ids."""
    uses = [NameUse(r.quote, r.name, r.kind, r.role, r.article, r.outlet, r.date) for r in records]
    entities, speaker_of = resolve_speakers(uses, pins=pins)
    items = [
        QuoteItem(r.quote, r.text, speaker_of.get(r.quote, (None, ""))[0],
                  (r.date or "~", r.outlet or "~", r.doc_id, r.position))
        for r in records
    ]
    clusters, links = cluster_statements(items)
    names = {e.id: e for e in entities}
    # A quote the article leaves unattributed takes the speaker of the statement it reports.
    for c in clusters:
        if c.speaker is None:
            continue
        for q in c.quotes:
            if q not in speaker_of:
                speaker_of[q] = (c.speaker, f"unattributed in its article; the same statement is "
                                            f"attributed to {names[c.speaker].name} elsewhere")
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
