"""Speakers across articles: one entity per person, built from the names the extractor resolved.

How names become entities (each decision is kept as evidence on the alias it admitted):

1. A user's alias table (CSV: name, alias, external id) pins names first; names pinned to
   different external ids are never merged.
2. Full names (a given name and a surname) with the same surname join when their given names
   are compatible ("Ash" is a short form of "Ashton", "Rolf" the first part of "Rolf-Dieter")
   and their middle initials do not clash ("George H. W. Bush" and "George W. Bush" do). A name
   joins a group only when it is compatible with every name already in it (complete linkage),
   so "George Bush" cannot bridge the two presidents: a name compatible with two groups that
   are incompatible with each other stays on its own.
3. A one-word name ("Carter", "Venus", "Tedros") joins the single person in the same article
   whose surname or given name it is; failing that, the single such person in the whole
   corpus; failing that (two Milibands), it stays an entity of its own article only.
4. Organizations join on their normalized name; groups ("US officials") are not one identity,
   so each stays within its article.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .words import fold

TITLES = frozenset(
    "mr mrs ms miss mx dr sir dame lord lady prof professor president vice prime minister secretary "
    "senator sen rep representative congressman congresswoman gov governor mayor judge justice gen "
    "general col colonel capt captain lt sgt adm admiral rev reverend father pope king queen prince "
    "princess chancellor chairman chairwoman chair director ceo coach chief commissioner ambassador "
    "sheikh president-elect speaker leader mp dr. former director-general secretary-general "
    "vice-president deputy spokesman spokeswoman spokesperson".split()
)
#: Words a sentence may put before a name that the extractor can sweep into it ("Following Venus").
LEADING_NON_NAMES = frozenset(
    "following according asked speaking meanwhile after before when while said says told and but "
    "then also even thanking congratulating".split()
)
#: Words that can trail a name in a headline or a cue ("Serena Williams Quotes", "Rolf Heuer Saying").
TRAILING_NON_NAMES = frozenset("quotes quote said says saying told tells added adds".split())
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd md".split())
PARTICLES = frozenset("le la de du des del della der den van von da di dos al el bin ibn ben st".split())
NICKNAMES = {
    frozenset(p)
    for p in [
        ("bill", "william"),
        ("will", "william"),
        ("bob", "robert"),
        ("rob", "robert"),
        ("jim", "james"),
        ("jimmy", "james"),
        ("mike", "michael"),
        ("tony", "anthony"),
        ("dick", "richard"),
        ("rick", "richard"),
        ("ted", "edward"),
        ("ned", "edward"),
        ("liz", "elizabeth"),
        ("beth", "elizabeth"),
        ("kate", "katherine"),
        ("kate", "catherine"),
        ("joe", "joseph"),
        ("tom", "thomas"),
        ("chris", "christopher"),
        ("dave", "david"),
        ("dan", "daniel"),
        ("sam", "samuel"),
        ("ben", "benjamin"),
        ("nick", "nicholas"),
        ("alex", "alexander"),
        ("andy", "andrew"),
        ("steve", "stephen"),
        ("steve", "steven"),
        ("jack", "john"),
        ("peggy", "margaret"),
        ("maggie", "margaret"),
        ("bernie", "bernard"),
        ("chuck", "charles"),
        ("charlie", "charles"),
        ("larry", "lawrence"),
        ("jerry", "gerald"),
        ("hank", "henry"),
        ("harry", "henry"),
        ("pat", "patrick"),
        ("pat", "patricia"),
        ("sue", "susan"),
        ("jeff", "jeffrey"),
        ("greg", "gregory"),
        ("ron", "ronald"),
        ("don", "donald"),
        ("matt", "matthew"),
        ("tim", "timothy"),
        ("jon", "jonathan"),
    ]
}


@dataclass(frozen=True, slots=True)
class NameUse:
    """One quote's resolved speaker, as the tracker sees it."""

    quote: str
    name: str | None
    kind: str
    role: str | None
    article: str
    outlet: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name taken apart: given names, middle initials, surname."""

    given: str | None
    middles: tuple[str, ...]
    surname: str
    key: str

    @property
    def full(self) -> bool:
        return self.given is not None


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    kind: str
    external_id: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # alias → evidence for admitting it


@dataclass(frozen=True, slots=True)
class Pin:
    name: str
    external_id: str | None


def load_aliases(path: str | Path) -> dict[str, Pin]:
    """A user's alias table: CSV with columns name, alias, external_id (header optional)."""
    pins: dict[str, Pin] = {}
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except OSError as exc:
        raise InputError(f"cannot read alias table {path}: {exc.strerror}") from exc
    for n, row in enumerate(rows, 1):
        if not row or not any(c.strip() for c in row):
            continue
        if n == 1 and [c.strip().lower() for c in row[:2]] == ["name", "alias"]:
            continue
        if len(row) < 2:
            raise InputError(f"{path}:{n}: expected name,alias[,external_id]")
        name, alias = row[0].strip(), row[1].strip()
        ext = row[2].strip() if len(row) > 2 and row[2].strip() else None
        pin = Pin(name, ext)
        for form in (name, alias):
            if form:
                pins[normalize(form)] = pin
    return pins


def normalize(name: str) -> str:
    """Folded words of a name without titles or punctuation: the key names are compared on."""
    return " ".join(_words(name))


def _words(name: str) -> list[str]:
    name = fold(name)
    name = re.sub(r"\(.*?(\)|$)", " ", name)  # "World Health Organization (WHO"
    words = [w.strip(".,'\"") for w in re.split(r"[\s,]+", name)]
    words = [w[:-2] if w.endswith("'s") else w for w in words if w]
    out: list[str] = []
    for w in words:
        if re.fullmatch(r"([a-z]\.)+[a-z]?\.?", w):
            out.extend(c for c in w if c.isalpha())  # "h.w." → h w
        elif w:
            out.append(w.replace(".", ""))
    out = [w for w in out if any(c.isalnum() for c in w)]  # "Director - General"
    while len(out) > 1 and (out[0] in TITLES or out[0] in LEADING_NON_NAMES):
        out.pop(0)
    if len(out) == 1 and out[0] in TITLES:
        return []  # a title alone ("General") names nobody
    while len(out) > 1 and (out[-1] in SUFFIXES or out[-1] in TRAILING_NON_NAMES):
        out.pop()
    if out and out[0] == "the" and len(out) > 1:
        out.pop(0)
    return out


def parse_name(name: str) -> Name | None:
    words = _words(name)
    if not words:
        return None
    key = " ".join(words)
    i = len(words) - 1
    while i > 0 and words[i - 1] in PARTICLES:
        i -= 1
    surname = " ".join(words[i:])
    rest = words[:i]
    if not rest:
        return Name(None, (), surname, key)
    return Name(rest[0], tuple(w[0] for w in rest[1:]), surname, key)


def given_compatible(a: str, b: str) -> bool:
    if a == b or frozenset((a, b)) in NICKNAMES:
        return True
    if a.split("-")[0] == b.split("-")[0]:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 2 and long.startswith(short) and len(long) - len(short) <= 4


def compatible(a: Name, b: Name) -> str | None:
    """Why two full names can be one person, or None when they cannot."""
    if a.surname != b.surname or a.given is None or b.given is None:
        return None
    if not given_compatible(a.given, b.given):
        return None
    if a.middles and b.middles and a.middles != b.middles:
        return None
    if a.key == b.key:
        return "same name"
    how = "same given name" if a.given == b.given else f"given name {a.given!r} ~ {b.given!r}"
    return f"{how}, same surname {a.surname!r}"


_ORG_WORDS = frozenset(
    "organization organisation ministry party council department union association agency company inc "
    "ltd corp group bank university college court police army navy government office house committee "
    "news times post daily herald courier gazette journal tribune press network media foundation "
    "institute centre center commission board league club federation fund trust authority service "
    "general republic state states nations united council world international national".split()
)


#: Words that mark an institution and are not also common surnames ("Court", "House" are).
INSTITUTION_WORDS = frozenset(
    "organization organisation ministry department agency council committee university party "
    "daily news times gazette herald tribune journal network media newspaper magazine".split()
)


def names_institution(name: str) -> bool:
    """Whether a name the extractor gave holds an institution word ("Elite Daily")."""
    return any(fold(w).strip(".,()") in INSTITUTION_WORDS for w in name.split())


def looks_like_person(name: str) -> bool:
    """Two to four capitalized words and none that names an institution: "Ines Calloway"."""
    words = name.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in name):
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in PARTICLES) and not any(
        fold(w).strip(".,()") in _ORG_WORDS for w in words
    )


def _id(key: str) -> str:
    return "sp-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def _pick_name(forms: Counter[str]) -> str:
    return max(forms, key=lambda f: (forms[f], len(f), f))


def resolve_speakers(
    uses: Sequence[NameUse], *, pins: dict[str, Pin] | None = None
) -> tuple[list[Entity], dict[str, tuple[str, str]]]:
    """Entities for the named speakers of ``uses``, and quote id → (entity id, evidence)."""
    pins = pins or {}
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # normalized name → surface forms
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    for u in uses:
        if not u.name:
            continue
        key = normalize(u.name)
        if not key:
            continue
        forms[key][u.name.strip()] += 1
        kinds[key][u.kind] += 1
        articles[key].add(u.article)

    def kind_of(key: str) -> str:
        votes = kinds[key]
        if names_institution(key):
            return "organization"  # "told Elite Daily": an outlet, whatever the tagger said
        if votes["person"] and votes["person"] >= votes["organization"] + votes["group"]:
            return "person"
        parsed = parse_name(key)
        # a person's name the extractor took for an organization ("Le Drian said")
        if parsed and parsed.full and (votes["person"] or looks_like_person(_pick_name(forms[key]))):
            return "person"
        return max(votes, key=lambda k: (votes[k], k))

    entity_of: dict[str, Entity] = {}  # normalized name → entity (corpus-wide names)
    scoped: dict[tuple[str, str], Entity] = {}  # (normalized name, article) → entity
    entities: dict[str, Entity] = {}

    def new_entity(key: str, name: str, kind: str, ext: str | None = None) -> Entity:
        ent = entities.get(_id(key))
        if ent is None:
            ent = entities[_id(key)] = Entity(_id(key), name, kind, ext)
        return ent

    # 1. pinned names
    for key in forms:
        pin = pins.get(key)
        if pin is not None:
            ent = new_entity(
                "ext:" + (pin.external_id or normalize(pin.name)),
                pin.name,
                kind_of(key),
                pin.external_id,
            )
            ent.aliases[_pick_name(forms[key])] = f"pinned by the alias table ({pin.external_id or pin.name})"
            entity_of[key] = ent

    # 2. full person names, fullest first, complete linkage within a surname
    persons = {k: parse_name(k) for k in forms if k not in entity_of and kind_of(k) == "person"}
    full = sorted(
        (k for k, n in persons.items() if n and n.full),
        key=lambda k: (-len(persons[k].middles), -sum(forms[k].values()), k),
    )  # type: ignore[union-attr]
    groups: list[list[str]] = []
    ambiguous: list[str] = []
    for key in full:
        name = persons[key]
        fits = [g for g in groups if all(compatible(name, persons[m]) for m in g)]  # type: ignore[arg-type]
        if len(fits) == 1:
            fits[0].append(key)
        elif not fits:
            groups.append([key])
        else:
            ambiguous.append(key)
    for g in groups:
        counts: Counter[str] = Counter()
        for k in g:
            counts.update(forms[k])
        canonical = _pick_name(
            Counter({f: c for f, c in counts.items() if parse_name(f) and parse_name(f).full}) or counts
        )  # type: ignore[union-attr]
        ent = new_entity("person:" + normalize(canonical), canonical, "person")
        head = parse_name(canonical)
        for k in g:
            why = compatible(persons[k], head) if head else None  # type: ignore[arg-type]
            ent.aliases[_pick_name(forms[k])] = why or "same name"
            entity_of[k] = ent

    # 3. one-word and ambiguous names: the single matching person in the article, else the corpus
    people = [e for e in entities.values() if e.kind == "person"]
    by_token: dict[str, set[str]] = defaultdict(set)
    for e in people:
        parsed = parse_name(e.name)
        if parsed:
            by_token[parsed.surname].add(e.id)
            if parsed.given:
                by_token[parsed.given].add(e.id)
    ent_articles: dict[str, set[str]] = defaultdict(set)
    for key, ent in entity_of.items():
        ent_articles[ent.id] |= articles[key]
    leftovers = [k for k in forms if k not in entity_of]
    for key in sorted(leftovers):
        kind = kind_of(key)
        name = _pick_name(forms[key])
        parsed = parse_name(key)
        if kind in ("person", "organization") and parsed is not None and key in ambiguous:
            cands = {entity_of[m].id for m in full if m in entity_of and compatible(parsed, persons[m])}  # type: ignore[arg-type]
        elif kind in ("person", "organization") and parsed is not None and not parsed.full:
            cands = set(by_token.get(parsed.surname, ()))
        else:
            cands = set()
        if kind == "group":
            continue  # per article, below
        if cands:
            for art in sorted(articles[key]):
                local = sorted(c for c in cands if art in ent_articles[c])
                if len(local) == 1:
                    why = f"{name!r} is the only matching person quoted in the same article"
                    target = entities[local[0]]
                elif len(cands) == 1:
                    why = f"{name!r} matches a single person in the corpus"
                    target = entities[next(iter(cands))]
                else:
                    target = new_entity(f"{kind}:{key}@{art}", name, "person")
                    target.aliases.setdefault(
                        name,
                        "ambiguous between "
                        + ", ".join(sorted(entities[c].name for c in cands))
                        + "; kept to its article",
                    )
                    scoped[(key, art)] = target
                    continue
                target.aliases.setdefault(name, why)
                scoped[(key, art)] = target
            continue
        ent = new_entity(f"{kind}:{key}", name, kind)
        ent.aliases.setdefault(name, "same name" if kind != "organization" else "same normalized name")
        entity_of[key] = ent

    assignment: dict[str, tuple[str, str]] = {}
    for u in uses:
        if not u.name:
            continue
        key = normalize(u.name)
        if not key:
            continue
        ent = scoped.get((key, u.article)) or entity_of.get(key)
        if ent is None:  # a group: an identity only within its article
            ent = new_entity(f"group:{key}@{u.article}", u.name.strip(), "group")
            ent.aliases.setdefault(u.name.strip(), "a group is kept to its article")
        assignment[u.quote] = (
            ent.id,
            ent.aliases.get(u.name.strip()) or ent.aliases.get(_pick_name(forms[key]), ""),
        )
    used = {eid for eid, _ in assignment.values()}
    return sorted((e for e in entities.values() if e.id in used), key=lambda e: e.id), assignment
