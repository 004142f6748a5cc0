"""The database schema as numbered migrations, applied in order and recorded in ``schema_version``.

A migration is a list of statements per dialect; most are shared. Add a migration at the end to
change the schema; never edit one that has shipped.

Tables:
    articles          one row per article (key: URL, else a hash of the text) with its metadata
    quotes            extracted quotes, keyed by article and spans, with the pipeline that made them
    problems          sources that could not be read as articles
    speakers          speaker entities across articles (+ speaker_aliases / _roles / _outlets)
    speaker_pins      the user's alias table, kept so every later tracking pass honours it
    statements        clusters of quotes (pieces of quotes) reporting one statement
    statement_links   each quote piece: its statement, speaker entity, relation and word diff
    mentions (view)   where an article names the speaker of a quote
"""

from __future__ import annotations

from dataclasses import dataclass

from .backend import Backend


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    common: tuple[str, ...]
    sqlite: tuple[str, ...] = ()
    postgresql: tuple[str, ...] = ()


_QUOTE_COLUMNS = """
    article TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    spans TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    kind TEXT NOT NULL,
    cue_text TEXT, cue_start INTEGER, cue_end INTEGER,
    speaker_name TEXT, speaker_kind TEXT NOT NULL, role TEXT,
    mention_text TEXT, mention_start INTEGER, mention_end INTEGER,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL,
    pipeline_name TEXT NOT NULL,
    pipeline_version TEXT NOT NULL
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, quotes, problems, speakers, statements, full-text search",
        common=(
            """CREATE TABLE articles (
                key TEXT PRIMARY KEY,
                doc_id TEXT NOT NULL,
                url TEXT, outlet TEXT, date TEXT, title TEXT,
                text TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                pipeline TEXT NOT NULL,
                errors TEXT NOT NULL DEFAULT '[]'
            )""",
            "CREATE INDEX articles_doc_id ON articles(doc_id)",
            "CREATE INDEX articles_outlet ON articles(outlet)",
            "CREATE INDEX articles_date ON articles(date)",
            "CREATE INDEX quotes_article ON quotes(article, position)",
            "CREATE INDEX quotes_speaker_name ON quotes(speaker_name)",
            """CREATE TABLE problems (
                source_id TEXT NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (source_id, message)
            )""",
            """CREATE TABLE speakers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                external_id TEXT,
                n_quotes INTEGER NOT NULL,
                n_articles INTEGER NOT NULL,
                first_date TEXT, last_date TEXT
            )""",
            "CREATE INDEX speakers_name ON speakers(name)",
            """CREATE TABLE speaker_pins (
                alias_key TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                external_id TEXT
            )""",
            """CREATE TABLE speaker_aliases (
                speaker TEXT NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
                alias TEXT NOT NULL,
                evidence TEXT NOT NULL,
                PRIMARY KEY (speaker, alias)
            )""",
            "CREATE INDEX speaker_aliases_alias ON speaker_aliases(alias)",
            """CREATE TABLE speaker_roles (
                speaker TEXT NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                n_quotes INTEGER NOT NULL,
                first_date TEXT, last_date TEXT,
                PRIMARY KEY (speaker, role)
            )""",
            """CREATE TABLE speaker_outlets (
                speaker TEXT NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
                outlet TEXT NOT NULL,
                n_quotes INTEGER NOT NULL,
                PRIMARY KEY (speaker, outlet)
            )""",
            """CREATE TABLE statements (
                id TEXT PRIMARY KEY,
                speaker TEXT REFERENCES speakers(id) ON DELETE SET NULL,
                text TEXT NOT NULL,
                fullest TEXT NOT NULL,
                first TEXT NOT NULL,
                first_outlet TEXT, first_date TEXT,
                n_variants INTEGER NOT NULL,
                n_outlets INTEGER NOT NULL
            )""",
            "CREATE INDEX statements_speaker ON statements(speaker)",
            """CREATE TABLE statement_links (
                piece TEXT PRIMARY KEY,
                quote TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
                start_char INTEGER NOT NULL,
                end_char INTEGER NOT NULL,
                statement TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
                speaker TEXT REFERENCES speakers(id) ON DELETE SET NULL,
                speaker_evidence TEXT,
                relation TEXT NOT NULL,
                similarity REAL NOT NULL,
                diff TEXT NOT NULL,
                evidence TEXT NOT NULL
            )""",
            "CREATE INDEX statement_links_quote ON statement_links(quote)",
            "CREATE INDEX statement_links_statement ON statement_links(statement)",
            "CREATE INDEX statement_links_speaker ON statement_links(speaker)",
            """CREATE VIEW mentions AS
                SELECT q.id AS quote, q.article, q.mention_text AS text, q.mention_start AS start_char,
                       q.mention_end AS end_char, q.speaker_name
                FROM quotes q WHERE q.mention_start IS NOT NULL""",
        ),
        sqlite=(
            # an explicit integer key keeps rowids stable under VACUUM, which the FTS index relies on
            f"CREATE TABLE quotes (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, {_QUOTE_COLUMNS})",
            "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='n', "
            "tokenize='porter unicode61 remove_diacritics 2')",
            "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
            "INSERT INTO quotes_fts(rowid, text) VALUES (new.n, new.text); END",
            "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
            "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.n, old.text); END",
        ),
        postgresql=(
            f"CREATE TABLE quotes (id TEXT PRIMARY KEY, {_QUOTE_COLUMNS}, "
            "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)",
            "CREATE INDEX quotes_tsv ON quotes USING gin(tsv)",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version


def _statements(m: Migration, dialect: str) -> list[str]:
    specific = list(m.sqlite if dialect == "sqlite" else m.postgresql)
    # tables that others reference come first; the quotes table is dialect-specific
    first = [s for s in m.common if "CREATE TABLE articles" in s]
    rest = [s for s in m.common if s not in first]
    tables = [s for s in specific if s.startswith("CREATE TABLE")]
    others = [s for s in specific if not s.startswith("CREATE TABLE")]
    return first + tables + rest + others


def current_version(db: Backend) -> int:
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL)")
    rows = db.query("SELECT MAX(version) FROM schema_version")
    return int(rows[0][0] or 0)


def migrate(db: Backend) -> int:
    """Bring the schema to the latest version; returns the number of migrations applied."""
    applied = 0
    with db.transaction():
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(4242001)")  # two ingests may start together
        version = current_version(db)
        for m in MIGRATIONS:
            if m.version <= version:
                continue
            for sql in _statements(m, db.dialect):
                db.execute(sql)
            db.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                (m.version, m.description),
            )
            applied += 1
    return applied
