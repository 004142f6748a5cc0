"""What the database hands back: search hits, speakers, statements and their variants."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    """A stored quote found by a search, with where it appeared and who said it."""

    quote: str
    text: str
    kind: str
    speaker: str | None  # the speaker entity's name (else the name the article gives)
    speaker_id: str | None
    article: str  # the id the article was ingested under
    outlet: str | None
    date: str | None
    title: str | None
    url: str | None
    start: int
    end: int
    confidence: float
    statements: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["statements"] = list(self.statements)
        return d


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker entity: one person (or organization) across articles."""

    id: str
    name: str
    kind: str
    external_id: str | None
    n_quotes: int
    n_articles: int
    first_date: str | None
    last_date: str | None
    aliases: tuple[Alias, ...] = ()
    roles: tuple[tuple[str, int, str | None, str | None], ...] = ()  # role, quotes, first, last date
    outlets: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = [asdict(a) for a in self.aliases]
        d["roles"] = [{"role": r, "quotes": n, "first_date": f, "last_date": la} for r, n, f, la in self.roles]
        d["outlets"] = [{"outlet": o, "quotes": n} for o, n in self.outlets]
        return d


@dataclass(frozen=True, slots=True)
class Variant:
    """One report of a statement: the wording an outlet printed, and how it differs."""

    quote: str
    text: str
    article: str
    outlet: str | None
    date: str | None
    url: str | None
    start: int
    end: int
    relation: str  # identical | trimmed | altered
    similarity: float
    diff: tuple[tuple[str, str], ...]
    speaker: str | None
    speaker_name: str | None  # as the article names the speaker
    evidence: str


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement and every report of it, first appearance first."""

    id: str
    speaker_id: str | None
    speaker: str | None
    text: str  # the fullest wording
    first_outlet: str | None
    first_date: str | None
    variants: tuple[Variant, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["variants"] = [dict(asdict(v), diff=[list(x) for x in v.diff]) for v in self.variants]
        return d


@dataclass(slots=True)
class IngestReport:
    """Counters for one ingest run (mutable: filled as the run goes)."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    problems: int = 0
    quotes: int = 0
    batches: int = 0
    speakers: int = 0
    statements: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
