"""The data model every stage reads and fills: articles, spans of their text, quotes, attributions.

Everything here is a frozen, slotted dataclass holding character offsets into one article's
text, so any output can be checked verbatim against its source: ``article.text[span.start:span.end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["person", "organization", "group", "unknown"]

QUOTE_KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")
SPEAKER_KINDS: tuple[str, ...] = ("person", "organization", "group", "unknown")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` of an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its text and what is known about where it came from."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said a quote: the mention in the article and the name it resolves to.

    ``evidence`` records how the decision was reached (rule names and the chain from the
    mention to the canonical name), so a reader can see why a quote went to a speaker.
    """

    name: str | None
    kind: SpeakerKind = "unknown"
    role: str | None = None
    mention: Span | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed statement: its content spans, kind, cue and speaker."""

    spans: tuple[Span, ...]
    kind: QuoteKind
    cue: Span | None
    attribution: Attribution

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    def text_of(self, text: str) -> str:
        """The content as it stands in the article; interrupted quotes are joined by ' … '."""
        return " … ".join(s.text_of(text) for s in self.spans)


@dataclass(frozen=True, slots=True)
class Result:
    """What extraction made of one article: its quotes, and per-article errors that did not stop the run."""

    article: Article
    quotes: tuple[Quote, ...] = ()
    errors: tuple[str, ...] = ()
    pipeline: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines output contract (one object per article)."""
        text = self.article.text
        out: dict[str, Any] = {
            "id": self.article.id,
            "quotes": [quote_to_dict(q, text) for q in self.quotes],
            "errors": list(self.errors),
        }
        if self.pipeline:
            out["pipeline"] = self.pipeline
        return out


def _span_dict(span: Span | None, text: str) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"text": span.text_of(text), "start": span.start, "end": span.end}


def quote_to_dict(quote: Quote, text: str) -> dict[str, Any]:
    att = quote.attribution
    return {
        "text": quote.text_of(text),
        "spans": [[s.start, s.end] for s in quote.spans],
        "kind": quote.kind,
        "cue": _span_dict(quote.cue, text),
        "speaker": {
            "name": att.name,
            "kind": att.kind,
            "role": att.role,
            "mention": _span_dict(att.mention, text),
        },
        "confidence": round(att.confidence, 3),
    }


@dataclass(slots=True)
class Batch:
    """Counters for a run over many articles (mutable: filled while the run goes)."""

    articles: int = 0
    failed: int = 0
    quotes: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.articles += 1
        self.quotes += len(result.quotes)
        if result.errors:
            self.failed += 1
            self.errors.extend((result.article.id, e) for e in result.errors)
