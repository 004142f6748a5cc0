"""The quote database: ingest articles, keep their quotes, track speakers and statements, query.

    >>> db = open_db("saidwhat.db")                 # or "postgresql://user@host/dbname"
    >>> db.ingest(["articles.jsonl"])               # extract, store in batches, then track
    >>> db.search("Raqqa", speaker="Carter")
    >>> db.statement("st-…").variants

All SQL of saidwhat lives in this package. Ingest commits one transaction per batch of articles;
an article already stored with the same text by the same pipeline is skipped before extraction,
so a killed run started again resumes where it stopped and ends with the rows of a clean run.
Tracking (speakers, statements) is a pure function of the stored quotes, rebuilt in one
transaction at the end of an ingest.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import InputError, NotFoundError, StoreError
from ..model import Article, Quote, Result
from ..read import MAX_CHARS, ReadProblem, read_sources
from .backend import Backend, connect
from .records import Alias, Hit, IngestReport, Speaker, Statement, Variant
from .schema import LATEST, migrate

log = logging.getLogger(__name__)

__all__ = ["Database", "Hit", "IngestReport", "Speaker", "Statement", "Variant", "open_db"]

DEFAULT_DB = "saidwhat.db"
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def open_db(url: str | None = None) -> Database:
    """Open (and create or migrate) the database at ``url``: a path or ``sqlite:///PATH`` for SQLite
    (default ``saidwhat.db``), ``postgresql://…`` for PostgreSQL."""
    return Database(connect(url or DEFAULT_DB))


def article_key(article: Article) -> str:
    """An article's identity: its URL when known, else a hash of its text."""
    if article.url and article.url.strip():
        return article.url.strip()
    return "sha1:" + content_hash(article.text)


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def quote_id(key: str, quote: Quote) -> str:
    """A quote's identity: its article and its spans."""
    spans = ",".join(f"{s.start}-{s.end}" for s in quote.spans)
    return "q-" + hashlib.sha1(f"{key}|{spans}".encode()).hexdigest()[:16]


class Database:
    """A saidwhat database. Use ``open_db``; close it (or use ``with``) when done."""

    def __init__(self, backend: Backend) -> None:
        self.db = backend
        applied = migrate(backend)
        if applied:
            log.info(
                "database %s: applied %d migration(s), schema version %d",
                backend.url,
                applied,
                LATEST,
            )

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ── ingest ──────────────────────────────────────────────────────────────────────────────

    def ingest(
        self,
        sources: Iterable[str | Article],
        *,
        batch_size: int = 32,
        pipeline: Any = None,
        aliases: str | None = None,
        track: bool = True,
        max_chars: int = MAX_CHARS,
        progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Extract and store the articles of ``sources`` (paths, ``-``, or ``Article`` objects).

        Each batch of ``batch_size`` articles is one transaction. Unchanged articles are skipped
        before extraction; a changed article (same URL, new text) has its quotes replaced. A
        record that cannot be read is kept in ``problems`` and the run goes on. ``aliases`` is
        a CSV alias table (name, alias, external id) that pins speaker identities.
        """
        if aliases:
            self.pin_aliases(aliases)
        report = IngestReport()
        pending: list[tuple[str, str, Article]] = []
        queued: set[str] = set()
        state = {"pipeline": pipeline}

        def flush() -> None:
            if pending:
                self._store_batch(pending, state, report)
                report.batches += 1
                if progress:
                    progress(len(pending))
                pending.clear()
                queued.clear()

        for item in self._articles(sources, max_chars):
            report.read += 1
            if isinstance(item, ReadProblem):
                report.problems += 1
                report.errors.append((item.id, item.message))
                with self.db.transaction():
                    self.db.execute(
                        "INSERT INTO problems (source_id, message) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (item.id, item.message),
                    )
                if progress:
                    progress(1)
                continue
            key, digest = article_key(item), content_hash(item.text)
            label = self._label(state)
            if key in queued:
                flush()  # the same URL twice in one batch: the later text wins, in order
            if self._unchanged(key, digest, label):
                report.unchanged += 1
                if progress:
                    progress(1)
                continue
            pending.append((key, digest, item))
            queued.add(key)
            if len(pending) >= batch_size:
                flush()
        flush()
        if track:
            t = self.track()
            report.speakers, report.statements = t
        return report

    @staticmethod
    def _articles(sources: Iterable[str | Article], max_chars: int) -> Iterator[Article | ReadProblem]:
        paths: list[str] = []
        for s in sources:
            if isinstance(s, Article):
                if paths:
                    yield from read_sources(paths, max_chars=max_chars)
                    paths = []
                yield s
            else:
                paths.append(str(s))
        if paths:
            yield from read_sources(paths, max_chars=max_chars)

    @staticmethod
    def _label(state: dict) -> str:
        """What identifies the pipeline: its full label when loaded, else its name and version,
        so that an ingest with nothing new to extract never loads the model."""
        p = state["pipeline"]
        if p is not None:
            return p.label
        from ..extract import PIPELINE_VERSION, pipeline_name

        return f"{pipeline_name()}/{PIPELINE_VERSION}"

    def _unchanged(self, key: str, digest: str, label: str) -> bool:
        rows = self.db.query("SELECT content_hash, pipeline, errors FROM articles WHERE key = ?", (key,))
        if not rows or rows[0][0] != digest or rows[0][2] != "[]":
            return False
        stored = rows[0][1]
        return stored == label or stored.split(" ", 1)[0] == label

    def _store_batch(self, batch: list[tuple[str, str, Article]], state: dict, report: IngestReport) -> None:
        if state["pipeline"] is None:
            from ..extract import load_pipeline

            state["pipeline"] = load_pipeline()
        pipeline = state["pipeline"]
        results: list[Result] = list(pipeline.pipe([a for _, _, a in batch]))
        with self.db.transaction():
            for (key, digest, article), result in zip(batch, results, strict=True):
                existed = self.db.query("SELECT 1 FROM articles WHERE key = ?", (key,))
                self.db.execute(
                    "INSERT INTO articles "
                    "(key, doc_id, url, outlet, date, title, text, content_hash, pipeline, errors) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                    "doc_id = excluded.doc_id, url = excluded.url, outlet = excluded.outlet, "
                    "date = excluded.date, title = excluded.title, text = excluded.text, "
                    "content_hash = excluded.content_hash, pipeline = excluded.pipeline, errors = excluded.errors",
                    (
                        key,
                        article.id,
                        article.url,
                        article.outlet,
                        article.date,
                        article.title,
                        article.text,
                        digest,
                        pipeline.label,
                        json.dumps(list(result.errors), ensure_ascii=False),
                    ),
                )
                if existed:
                    self.db.execute("DELETE FROM quotes WHERE article = ?", (key,))
                    report.replaced += 1
                self.db.executemany(_INSERT_QUOTE, _quote_rows(key, article.text, result, pipeline))
                report.stored += 1
                report.quotes += len(result.quotes)
                if result.errors:
                    report.failed += 1
                    report.errors.extend((article.id, e) for e in result.errors)

    # ── tracking ────────────────────────────────────────────────────────────────────────────

    def pin_aliases(self, path: str) -> int:
        """Store a user's alias table (CSV: name, alias, external id); later tracking honours it."""
        from ..track import load_aliases

        pins = load_aliases(path)
        with self.db.transaction():
            self.db.executemany(
                "INSERT INTO speaker_pins (alias_key, name, external_id) VALUES (?, ?, ?) ON CONFLICT (alias_key) "
                "DO UPDATE SET name = excluded.name, external_id = excluded.external_id",
                [(k, p.name, p.external_id) for k, p in sorted(pins.items())],
            )
        return len(pins)

    def track(self) -> tuple[int, int]:
        """Rebuild speakers and statements from the stored quotes; returns (speakers, statements)."""
        from ..track import Pin, QuoteRecord, track
        from ..track.statements import segments, split_clauses

        pins = {k: Pin(n, e) for k, n, e in self.db.query("SELECT alias_key, name, external_id FROM speaker_pins")}
        texts = dict(self.db.query("SELECT key, text FROM articles"))
        rows = self.db.query(
            "SELECT q.id, q.spans, q.speaker_name, q.speaker_kind, q.role, a.key, a.doc_id, a.outlet, a.date, q.text, "
            "q.evidence, q.mention_start "
            "FROM quotes q JOIN articles a ON a.key = q.article ORDER BY a.key, q.position"
        )
        sentences = []
        for qid, spans, name, kind, role, key, doc_id, outlet, date, qtext, evidence, mention in rows:
            for s, e in segments(texts[key], [tuple(x) for x in json.loads(spans)]):
                sentences.append((s, e, qid, name, kind, role, key, doc_id, outlet, date, qtext, evidence, mention))
        cuts = split_clauses([texts[x[6]][x[0] : x[1]] for x in sentences], [x[6] for x in sentences])
        records: list[QuoteRecord] = []
        pieces: dict[str, tuple[str, int, int]] = {}
        n_piece: Counter[str] = Counter()
        for (s0, e0, qid, name, kind, role, key, doc_id, outlet, date, qtext, evidence, mention), cut in zip(
            sentences, cuts, strict=True
        ):
            how = (json.loads(evidence) or [None])[0]
            text = texts[key]
            edges = [s0, *(s0 + c for c in cut), e0]
            parts = [_trim_clause(text, a, b) for a, b in itertools.pairwise(edges)] if cut else [(s0, e0)]
            for s, e in (p for p in parts if p[1] > p[0]):
                pid = f"{qid}/{n_piece[qid]}"
                n_piece[qid] += 1
                pieces[pid] = (qid, s, e)
                records.append(
                    QuoteRecord(pid, text[s:e], name, kind, role, key, doc_id, outlet, date, s, qtext, how, mention)
                )
        t = track(records, pins=pins)
        by_piece = {r.quote: r for r in records}
        _join_lone_pieces(t, pieces, by_piece, texts)
        link_of = {link.quote: link for link in t.links}
        n_quotes: Counter[str] = Counter()
        arts: dict[str, set[str]] = defaultdict(set)
        dates: dict[str, list[str]] = defaultdict(list)
        for pid, (sid, _why) in t.speaker_of.items():
            r = by_piece[pid]
            n_quotes[sid] += 1
            arts[sid].add(r.article)
            if r.date:
                dates[sid].append(r.date)
        entities = [e for e in t.entities if n_quotes[e.id]]
        # when each role was given: "roles over time"
        role_dates: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pid, (sid, _why) in t.speaker_of.items():
            r = by_piece[pid]
            if r.role and r.date:
                role_dates[sid, r.role].append(r.date)
        with self.db.transaction():
            for table in (
                "statement_links",
                "statements",
                "speaker_roles",
                "speaker_outlets",
                "speaker_aliases",
                "speakers",
            ):
                self.db.execute(f"DELETE FROM {table}")
            self.db.executemany(
                "INSERT INTO speakers (id, name, kind, external_id, n_quotes, n_articles, first_date, last_date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.id,
                        e.name,
                        e.kind,
                        e.external_id,
                        n_quotes[e.id],
                        len(arts[e.id]),
                        min(dates[e.id], default=None),
                        max(dates[e.id], default=None),
                    )
                    for e in entities
                ],
            )
            self.db.executemany(
                "INSERT INTO speaker_aliases (speaker, alias, evidence) VALUES (?, ?, ?)",
                [(e.id, a, why) for e in entities for a, why in sorted(e.aliases.items())],
            )
            self.db.executemany(
                "INSERT INTO speaker_roles (speaker, role, n_quotes, first_date, last_date) VALUES (?, ?, ?, ?, ?)",
                [
                    (s, r, n, min(role_dates[s, r], default=None), max(role_dates[s, r], default=None))
                    for s, c in sorted(t.roles.items())
                    for r, n in sorted(c.items())
                ],
            )
            self.db.executemany(
                "INSERT INTO speaker_outlets (speaker, outlet, n_quotes) VALUES (?, ?, ?)",
                [(s, o, n) for s, c in sorted(t.outlets.items()) for o, n in sorted(c.items())],
            )
            stmt_rows = []
            for c in t.statements:
                full, first = by_piece[c.fullest], by_piece[c.first]
                outlets = {by_piece[q].outlet for q in c.quotes if by_piece[q].outlet}
                stmt_rows.append(
                    (
                        c.id,
                        c.speaker,
                        full.text,
                        pieces[c.fullest][0],
                        pieces[c.first][0],
                        first.outlet,
                        first.date,
                        len(c.quotes),
                        len(outlets),
                    )
                )
            self.db.executemany(
                "INSERT INTO statements (id, speaker, text, fullest, first, first_outlet, first_date, n_variants, "
                "n_outlets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                stmt_rows,
            )
            link_rows = []
            for pid, (qid, s, e) in sorted(pieces.items()):
                link = link_of[pid]
                sid, why = t.speaker_of.get(pid, (None, None))
                link_rows.append(
                    (
                        pid,
                        qid,
                        s,
                        e,
                        link.statement,
                        sid,
                        why,
                        link.relation,
                        link.similarity,
                        json.dumps([list(d) for d in link.diff], ensure_ascii=False),
                        link.evidence,
                    )
                )
            self.db.executemany(
                "INSERT INTO statement_links (piece, quote, start_char, end_char, statement, speaker, "
                "speaker_evidence, relation, similarity, diff, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                link_rows,
            )
        # fresh planner statistics: after a bulk load the planner otherwise guesses badly
        self.db.execute("ANALYZE" if self.dialect == "postgresql" else "PRAGMA optimize")
        return len(entities), len(t.statements)

    # ── queries ─────────────────────────────────────────────────────────────────────────────

    def search(
        self,
        text: str | None = None,
        *,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        limit: int = 50,
    ) -> list[Hit]:
        """Quotes matching the full-text query ``text`` (all its words) and the filters, best first.

        ``speaker`` matches the speaker entity's name or any of its aliases (case-insensitive,
        part of a name is enough); ``since`` and ``until`` are dates (YYYY, YYYY-MM or YYYY-MM-DD,
        both inclusive).
        """
        where: list[str] = []
        params: list[Any] = []
        order = "a.date DESC NULLS LAST, a.doc_id, q.position"
        source = "quotes q JOIN articles a ON a.key = q.article"
        words = re.findall(r"\w+", text or "")
        if words:
            if self.dialect == "sqlite":
                source = "quotes_fts f JOIN quotes q ON q.n = f.rowid JOIN articles a ON a.key = q.article"
                where.append("quotes_fts MATCH ?")
                params.append(" ".join('"' + w.replace('"', "") + '"' for w in words))
                order = "bm25(quotes_fts), q.id"
            else:
                where.append("q.tsv @@ plainto_tsquery('english', ?)")
                params.append(" ".join(words))
                order = "ts_rank(q.tsv, plainto_tsquery('english', ?)) DESC, q.id"
        if speaker:
            where.append(self._speaker_filter(speaker, params))
        if outlet:
            where.append("lower(a.outlet) LIKE ?")
            params.append(f"%{outlet.strip().lower()}%")
        if since:
            where.append("a.date >= ?")
            params.append(_check_date(since, "since"))
        if until:
            where.append("substr(a.date, 1, ?) <= ?")
            params += [len(_check_date(until, "until")), until]
        if kind:
            if kind not in ("direct", "mixed", "indirect"):
                raise InputError(f"unknown quote kind {kind!r}", hint="use direct, mixed or indirect")
            where.append("q.kind = ?")
            params.append(kind)
        if words and self.dialect != "sqlite":
            params.append(" ".join(words))  # the ORDER BY placeholder comes last
        sql = (
            "SELECT q.id, q.text, q.kind, q.speaker_name, a.doc_id, a.outlet, a.date, a.title, a.url, "
            f"q.start_char, q.end_char, q.confidence FROM {source}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT ?"
        )
        rows = self.db.query(sql, [*params, int(limit)])
        links = self._links_of([r[0] for r in rows])
        hits = []
        for r in rows:
            mine = links.get(r[0], [])
            sids = Counter(s for _, s, _ in mine if s)
            sid = sids.most_common(1)[0][0] if sids else None
            name = next((n for _, s, n in mine if s == sid and n), None) if sid else None
            hits.append(
                Hit(
                    r[0],
                    r[1],
                    r[2],
                    name or r[3],
                    sid,
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    float(r[11]),
                    tuple(dict.fromkeys(st for st, _, _ in mine)),
                )
            )
        return hits

    def _speaker_filter(self, speaker: str, params: list[Any]) -> str:
        """A WHERE clause for quotes by speakers whose name or alias contains ``speaker``.

        The few matching entities are looked up first: filtering quotes by entity ids uses the
        index, where one LIKE over every quote's speaker name would scan them all.
        """
        pattern = f"%{speaker.strip().lower()}%"
        if not self.db.query("SELECT 1 FROM speakers LIMIT 1"):  # ingested with --no-track
            params.append(pattern)
            return "lower(q.speaker_name) LIKE ?"
        ids = [
            r[0]
            for r in self.db.query(
                "SELECT id FROM speakers WHERE lower(name) LIKE ? "
                "UNION SELECT speaker FROM speaker_aliases WHERE lower(alias) LIKE ?",
                (pattern, pattern),
            )
        ]
        if not ids:
            return "1 = 0"
        params.extend(ids)
        marks = ", ".join("?" * len(ids))
        return f"q.id IN (SELECT l.quote FROM statement_links l WHERE l.speaker IN ({marks}))"

    def _links_of(self, quote_ids: list[str]) -> dict[str, list[tuple[str, str | None, str | None]]]:
        out: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
        for chunk in _chunks(quote_ids, 500):
            marks = ", ".join("?" * len(chunk))
            for quote, statement, speaker, name in self.db.query(
                "SELECT l.quote, l.statement, l.speaker, s.name FROM statement_links l "
                f"LEFT JOIN speakers s ON s.id = l.speaker WHERE l.quote IN ({marks}) ORDER BY l.piece",
                chunk,
            ):
                out[quote].append((statement, speaker, name))
        return out

    def speakers(self, name: str | None = None, *, limit: int | None = None) -> list[Speaker]:
        """Speaker entities, most quoted first; ``name`` matches names and aliases."""
        sql = "SELECT id FROM speakers"
        params: list[Any] = []
        if name:
            pattern = f"%{name.strip().lower()}%"
            sql += (
                " WHERE lower(name) LIKE ? OR id = ? OR id IN "
                "(SELECT speaker FROM speaker_aliases WHERE lower(alias) LIKE ?)"
            )
            params = [pattern, name.strip(), pattern]
        sql += " ORDER BY n_quotes DESC, name, id"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self.speaker(r[0]) for r in self.db.query(sql, params)]

    def speaker(self, speaker_id: str) -> Speaker:
        rows = self.db.query(
            "SELECT id, name, kind, external_id, n_quotes, n_articles, first_date, last_date "
            "FROM speakers WHERE id = ?",
            (speaker_id,),
        )
        if not rows:
            raise NotFoundError(f"no speaker {speaker_id!r}", hint="list them with `saidwhat speakers`")
        aliases = tuple(
            Alias(a, e)
            for a, e in self.db.query(
                "SELECT alias, evidence FROM speaker_aliases WHERE speaker = ? ORDER BY alias",
                (speaker_id,),
            )
        )
        roles = tuple(
            tuple(r)
            for r in self.db.query(
                "SELECT role, n_quotes, first_date, last_date FROM speaker_roles WHERE speaker = ? "
                "ORDER BY first_date IS NULL, first_date, n_quotes DESC, role",
                (speaker_id,),
            )
        )
        outlets = tuple(
            self.db.query(
                "SELECT outlet, n_quotes FROM speaker_outlets WHERE speaker = ? ORDER BY n_quotes DESC, outlet",
                (speaker_id,),
            )
        )
        return Speaker(
            *rows[0],
            aliases=aliases,
            roles=roles,  # type: ignore[arg-type]
            outlets=tuple(map(tuple, outlets)),
        )  # type: ignore[arg-type]

    def statement(self, statement_id: str) -> Statement:
        """A statement with its variants (first appearance first) and their diffs."""
        rows = self.db.query(
            "SELECT s.id, s.speaker, sp.name, s.text, s.first_outlet, s.first_date "
            "FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker WHERE s.id = ?",
            (statement_id,),
        )
        if not rows:
            raise NotFoundError(
                f"no statement {statement_id!r}",
                hint="statement ids are in `saidwhat search` and `saidwhat export` output",
            )
        variants = []
        for r in self.db.query(
            "SELECT l.quote, l.start_char, l.end_char, a.doc_id, a.outlet, a.date, a.url, l.relation, l.similarity, "
            "l.diff, l.speaker, q.speaker_name, l.evidence, a.text "
            "FROM statement_links l JOIN quotes q ON q.id = l.quote JOIN articles a ON a.key = q.article "
            "WHERE l.statement = ?",
            (statement_id,),
        ):
            text = r[13][r[1] : r[2]]
            variants.append(
                Variant(
                    r[0],
                    text,
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[1],
                    r[2],
                    r[7],
                    float(r[8]),
                    tuple(tuple(d) for d in json.loads(r[9])),
                    r[10],
                    r[11],
                    r[12],
                )
            )  # type: ignore[misc]
        variants.sort(key=lambda v: (v.date or "~", v.outlet or "~", v.article, v.start))
        return Statement(*rows[0], variants=tuple(variants))

    def statements(self, *, speaker: str | None = None, limit: int | None = None) -> list[Statement]:
        """Statements, most reported first; ``speaker`` is an entity id."""
        sql = "SELECT id FROM statements"
        params: list[Any] = []
        if speaker:
            sql += " WHERE speaker = ?"
            params.append(speaker)
        sql += " ORDER BY n_variants DESC, id"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self.statement(r[0]) for r in self.db.query(sql, params)]

    def counts(self) -> dict[str, int]:
        """Rows per table: a quick picture of what is stored."""
        return {t: int(self.db.query(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in CONTENT_TABLES}

    def size_bytes(self) -> int:
        return self.db.size_bytes()

    # ── export ──────────────────────────────────────────────────────────────────────────────

    def export(self) -> Iterator[dict[str, Any]]:
        """One object per article in the extraction contract, keyed by the id it was ingested under.

        Each quote is given per statement piece (a quotation of several sentences that other
        outlets quote separately reports several statements), with ``"statement"`` and the speaker
        entity in ``"speaker": {..., "id"}``; ``"quote"`` is the stored quote it belongs to.
        """
        articles = self.db.query(
            "SELECT key, doc_id, url, outlet, date, title, pipeline, errors, text FROM articles ORDER BY doc_id, key"
        )
        for key, doc_id, url, outlet, date, title, pipeline, errors, text in articles:
            quotes = []
            for row in self.db.query(
                "SELECT q.id, q.kind, q.cue_text, q.cue_start, q.cue_end, q.speaker_name, q.speaker_kind, q.role, "
                "q.mention_text, q.mention_start, q.mention_end, q.confidence, q.pipeline_name, q.pipeline_version, "
                "l.start_char, l.end_char, l.statement, l.speaker, l.relation, q.spans "
                "FROM quotes q LEFT JOIN statement_links l ON l.quote = q.id "
                "WHERE q.article = ? ORDER BY q.position, l.start_char",
                (key,),
            ):
                (
                    qid,
                    kind,
                    cue_text,
                    cue_start,
                    cue_end,
                    name,
                    skind,
                    role,
                    m_text,
                    m_start,
                    m_end,
                    conf,
                    p_name,
                    p_version,
                    start,
                    end,
                    statement,
                    speaker_id,
                    relation,
                    spans,
                ) = row
                spans_out = [[start, end]] if start is not None else json.loads(spans)
                quotes.append(
                    {
                        "text": " … ".join(text[s:e] for s, e in spans_out),
                        "spans": spans_out,
                        "kind": kind,
                        "cue": None if cue_start is None else {"text": cue_text, "start": cue_start, "end": cue_end},
                        "speaker": {
                            "name": name,
                            "kind": skind,
                            "role": role,
                            "mention": None if m_start is None else {"text": m_text, "start": m_start, "end": m_end},
                            "id": speaker_id,
                        },
                        "confidence": conf,
                        "statement": statement,
                        "relation": relation,
                        "quote": qid,
                        "pipeline": f"{p_name}/{p_version}",
                    }
                )
            yield {
                "id": doc_id,
                "url": url,
                "outlet": outlet,
                "date": date,
                "title": title,
                "quotes": quotes,
                "errors": json.loads(errors),
                "pipeline": pipeline,
            }

    def export_rows(self) -> Iterator[dict[str, Any]]:
        """The export flattened to one row per quote piece (for CSV and Parquet)."""
        for art in self.export():
            for q in art["quotes"]:
                sp = q["speaker"]
                yield {
                    "article": art["id"],
                    "url": art["url"],
                    "outlet": art["outlet"],
                    "date": art["date"],
                    "quote": q["quote"],
                    "text": q["text"],
                    "kind": q["kind"],
                    "start": q["spans"][0][0],
                    "end": q["spans"][-1][1],
                    "speaker": sp["name"],
                    "speaker_id": sp["id"],
                    "speaker_kind": sp["kind"],
                    "role": sp["role"],
                    "mention": (sp["mention"] or {}).get("text"),
                    "cue": (q["cue"] or {}).get("text"),
                    "confidence": q["confidence"],
                    "statement": q["statement"],
                    "relation": q["relation"],
                    "pipeline": q["pipeline"],
                }


CONTENT_TABLES = (
    "articles",
    "quotes",
    "problems",
    "speakers",
    "speaker_aliases",
    "speaker_roles",
    "speaker_outlets",
    "speaker_pins",
    "statements",
    "statement_links",
)

_INSERT_QUOTE = (
    "INSERT INTO quotes (id, article, position, text, spans, start_char, end_char, kind, cue_text, cue_start, "
    "cue_end, speaker_name, speaker_kind, role, mention_text, mention_start, mention_end, confidence, evidence, "
    "pipeline_name, pipeline_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _quote_rows(key: str, text: str, result: Result, pipeline: Any) -> Iterator[tuple]:
    seen: set[str] = set()
    for n, q in enumerate(result.quotes):
        qid = quote_id(key, q)
        if qid in seen:  # two quotes with the same spans are one quote
            continue
        seen.add(qid)
        att = q.attribution
        cue, mention = q.cue, att.mention
        yield (
            qid,
            key,
            n,
            q.text_of(text),
            json.dumps([[s.start, s.end] for s in q.spans]),
            q.start,
            q.end,
            q.kind,
            cue.text_of(text) if cue else None,
            cue.start if cue else None,
            cue.end if cue else None,
            att.name,
            att.kind,
            att.role,
            mention.text_of(text) if mention else None,
            mention.start if mention else None,
            mention.end if mention else None,
            float(att.confidence),
            json.dumps(list(att.evidence), ensure_ascii=False),
            pipeline.name,
            pipeline.version,
        )


def _join_lone_pieces(
    t: Any, pieces: dict[str, tuple[str, int, int]], by_piece: dict[str, Any], texts: dict[str, str]
) -> None:
    """Join again the neighbouring sentences of a quotation that no other report splits.

    Sentences are cut apart so that each can meet its separate reports elsewhere; consecutive
    sentences of one quotation that met none (each its own statement, one speaker) go back
    together as one statement, as the article printed them.
    """
    import dataclasses

    from ..track import Link

    size = {c.id: len(c.quotes) for c in t.statements}
    link_of = {link.quote: link for link in t.links}
    runs: list[list[str]] = []
    for pid in sorted(pieces, key=lambda p: (pieces[p][0], int(p.rsplit("/", 1)[1]))):
        qid, start, _end = pieces[pid]
        lone = size[link_of[pid].statement] == 1
        prev = runs[-1][-1] if runs else None
        if (
            lone
            and prev is not None
            and pieces[prev][0] == qid
            and size[link_of[prev].statement] == 1
            and t.speaker_of.get(prev, (None,))[0] == t.speaker_of.get(pid, (None,))[0]
            and not any(ch.isalnum() for ch in texts[by_piece[pid].article][pieces[prev][2] : start])
        ):
            runs[-1].append(pid)
        else:
            runs.append([pid])
    gone: set[str] = set()
    joined: dict[str, str] = {}
    for run in runs:
        if len(run) < 2:
            continue
        head = run[0]
        qid, start, _ = pieces[head]
        end = pieces[run[-1]][2]
        text = texts[by_piece[head].article][start:end]
        pieces[head] = (qid, start, end)
        by_piece[head] = dataclasses.replace(by_piece[head], text=text)
        joined[link_of[head].statement] = head
        for pid in run[1:]:
            gone.add(link_of[pid].statement)
            del pieces[pid], by_piece[pid]
            t.speaker_of.pop(pid, None)
    if not gone and not joined:
        return
    t.statements = [c for c in t.statements if c.id not in gone]
    t.links = [
        Link(
            link.quote,
            link.statement,
            "identical",
            1.0,
            (("=", by_piece[link.quote].text),),
            "fullest wording; sentences no other report quotes apart",
        )
        if link.statement in joined
        else link
        for link in t.links
        if link.statement not in gone
    ]


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """A clause cut from its sentence, without the punctuation and spaces at its edges."""
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    return start, end


def _check_date(value: str, what: str) -> str:
    if not _DATE_RE.match(value):
        raise InputError(f"--{what} {value!r} is not a date", hint="write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


__all__ += ["StoreError", "article_key"]
