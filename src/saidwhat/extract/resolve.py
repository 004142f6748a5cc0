"""Stage 4: resolve each speaker mention to a canonical name within the article.

Names resolve to the fullest form the article gives ("Carter" → "Ash Carter"); pronouns to the most
salient person before them; descriptions ("the secretary of defense") to the person whose title or
appositive shares their words, else the most salient person; plural nouns stay groups and
organizations stay organizations. Roles come from titles before a name and from appositives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..model import Attribution, Span
from .lexicon import (
    FIRST_PERSON,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    HONORIFICS,
    NAME_SUFFIXES,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE,
)

_WORD = re.compile(r"[\w’'.-]+")
_DETS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"}
_ROLE_STOP = {"the", "a", "an", "his", "her", "its", "their", "former", "said", "and", "then"}
_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f", "lord": "m"}


def name_key(tokens: list[str]) -> tuple[str, ...]:
    return tuple(t.lower().strip(".’'") for t in tokens if t.lower().strip(".") not in HONORIFICS)


@dataclass(slots=True)
class Person:
    name: str
    tokens: tuple[str, ...]
    first: int
    roles: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    gender: str | None = None


@dataclass(slots=True)
class Entities:
    """What the article says about the people and organizations in it, in text order."""

    text: str
    persons: dict[str, Person] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)  # lowercased → display name
    # (position, canonical name, kind) for each person or organization seen, for salience
    events: list[tuple[int, str, str]] = field(default_factory=list)

    def add_person(self, tokens: list[str], pos: int) -> Person | None:
        toks = [t for t in tokens if t.strip(".").lower() not in HONORIFICS or t[0].isupper() and len(t) > 4 and t.lower() not in HONORIFICS]
        toks = [t for t in toks if t.lower().strip(".") not in HONORIFICS]
        while toks and toks[-1].lower().strip(".,") in NAME_SUFFIXES:
            toks = toks[:-1]
        toks = [t.rstrip(",") for t in toks if t not in ("’s", "'s")]
        if not toks or not toks[-1][:1].isupper():
            return None
        key = tuple(t.lower() for t in toks)
        # an existing person whose name ends the same way is the same person
        for p in self.persons.values():
            pk = tuple(t.lower() for t in p.tokens)
            if pk[-1] == key[-1] and (_compatible(pk, key)):
                if len(key) > len(pk) and len(key) <= 4:
                    p.tokens = tuple(toks)
                    p.name = " ".join(toks)
                self.events.append((pos, p.name, "person"))
                return p
        p = Person(name=" ".join(toks), tokens=tuple(toks), first=pos)
        self.persons[p.name] = p
        self.events.append((pos, p.name, "person"))
        return p

    def person_by_surname(self, tokens: list[str], pos: int) -> Person | None:
        key = name_key(tokens)
        if not key:
            return None
        best = None
        for p in self.persons.values():
            pk = tuple(t.lower() for t in p.tokens)
            if pk[-len(key) :] == key or (len(key) == 1 and key[0] in pk):
                if best is None or (p.first < pos and (best.first > pos or len(p.tokens) > len(best.tokens))):
                    best = p
        return best

    def salient(self, pos: int, kinds: tuple[str, ...] = ("person",), *, gender: str | None = None) -> str | None:
        for epos, name, kind in reversed(self.events):
            if epos >= pos or kind not in kinds:
                continue
            if gender and kind == "person":
                p = self.persons.get(name)
                if p is not None and p.gender and p.gender != gender:
                    continue
            return name
        return None


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same person if one name's given names agree with the other's (Ed vs David Miliband differ)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return True
    return short[0][:1] == long_[0][:1] and short[-1] == long_[-1]


def collect_entities(text: str, docs: list[tuple[int, Doc]]) -> Entities:
    """Index the people and organizations the parsed paragraphs name, with titles and appositives."""
    ents = Entities(text=text)
    for offset, doc in docs:
        for ent in doc.ents:
            pos = offset + ent.start_char
            if ent.label_ == "PERSON":
                toks = [t.text for t in ent if not t.is_punct or t.text == "."]
                toks = [t for t in toks if t not in ("’s", "'s")]
                if len(toks) > 5:
                    continue
                person = ents.add_person(toks, pos)
                if person is not None:
                    _learn_roles(person, ent, doc)
            elif ent.label_ in ("ORG", "GPE", "NORP") and ent.label_ != "NORP":
                name = _org_name(ent.text)
                if name:
                    ents.orgs.setdefault(name.lower(), name)
                    ents.events.append((pos, name, "organization"))
    ents.events.sort()
    return ents


def _learn_roles(person: Person, ent: SpacySpan, doc: Doc) -> None:
    """Titles before a name ("US Secretary of Defense Ash Carter") and appositives around it."""
    head = ent.root
    first = ent[0]
    honor = first.nbor(-1).lower_.strip(".") if first.i > 0 else ""
    if honor in _GENDER:
        person.gender = _GENDER[honor]
    # title: the compound/modifier words before the name, inside the same noun phrase
    i = first.i - 1
    title_toks: list[Token] = []
    while i >= 0:
        t = doc[i]
        if t.dep_ in ("compound", "amod", "nmod", "det", "poss", "prep", "pobj", "punct") and t.head.i >= t.i and (
            t.head.i <= head.i
        ):
            if t.is_punct and t.text != "-":
                break
            title_toks.insert(0, t)
            i -= 1
            continue
        break
    title = " ".join(t.text for t in title_toks if t.lower_ not in _DETS).strip()
    if title and title.lower().strip(".") not in HONORIFICS | {"’s"} and any(c.isalpha() for c in title):
        _add_role(person, title)
    # appositive after the name: "Jean-Yves Le Drian, the French defense minister,"
    for c in head.children:
        if c.dep_ == "appos" and c.i > head.i and c.ent_type_ != "PERSON":
            _add_role(person, " ".join(t.text for t in c.subtree if t.lower_ not in _DETS and not t.is_punct))
    # the name as appositive: "his French counterpart, Jean-Yves Le Drian"
    if head.dep_ == "appos" and head.head.i < head.i and head.head.ent_type_ != "PERSON":
        noun = head.head
        words = [t.text for t in noun.subtree if t.i < first.i and t.lower_ not in _DETS and not t.is_punct]
        if words:
            _add_role(person, " ".join(words))


def _add_role(person: Person, role: str) -> None:
    role = role.strip(" ,")
    if not role or len(role) > 80:
        return
    if role not in person.roles:
        person.roles.append(role)
    person.words.update(w.lower() for w in _WORD.findall(role) if w.lower() not in _ROLE_STOP)


def _org_name(text: str) -> str:
    text = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    text = re.sub(r"(?:’s|'s)$", "", text)
    return text.strip()


def _gender_of(word: str) -> str | None:
    w = word.lower()
    if w in ("he", "him", "his"):
        return "m"
    if w in ("she", "her", "hers"):
        return "f"
    return None


def resolve(subj: Token, mention: Span | None, offset: int, ents: Entities, pos: int) -> Attribution:
    """Canonical name, kind and role for the speaker whose head token is ``subj``."""
    text = ents.text
    evidence: list[str] = []
    low = subj.lower_
    # a pronoun: the most salient person (or organization, or group) before it
    if subj.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | ORG_PRONOUNS | FIRST_PERSON | RELATIVE:
        if low in PERSON_PRONOUNS:
            name = ents.salient(pos, gender=_gender_of(low))
            if name:
                p = ents.persons.get(name)
                _remember_gender(p, low)
                return Attribution(
                    name=name, kind="person", role=_role(p), mention=mention, confidence=0.75,
                    evidence=("pronoun", f"{subj.text} → {name}"),
                )
            return Attribution(name=None, kind="person", mention=mention, confidence=0.4, evidence=("pronoun",))
        if low in ORG_PRONOUNS:
            name = ents.salient(pos, ("organization",))
            return Attribution(
                name=name, kind="organization" if name else "unknown", mention=mention, confidence=0.6,
                evidence=("pronoun", f"it → {name}"),
            )
        if low in FIRST_PERSON:
            return Attribution(name=None, kind="person", mention=mention, confidence=0.5, evidence=("first-person",))
        return Attribution(name=None, kind="group" if low in GROUP_PRONOUNS else "unknown", mention=mention,
                           confidence=0.5, evidence=("pronoun",))
    # a name: the person entity the head token belongs to
    ent_type = subj.ent_type_
    if ent_type == "PERSON" or (subj.pos_ == "PROPN" and ent_type not in ("ORG", "GPE", "NORP", "FAC")):
        name_toks = _name_tokens(subj)
        p = ents.person_by_surname(name_toks, pos) if name_toks else None
        if p is None and name_toks and ent_type == "PERSON":
            p = ents.add_person(name_toks, pos)
        if p is not None:
            evidence.append(f"name {' '.join(name_toks)} → {p.name}")
            ents.events.append((pos, p.name, "person"))
            ents.events.sort()
            return Attribution(name=p.name, kind="person", role=_role(p), mention=mention, confidence=0.9,
                               evidence=("name", *evidence))
    if ent_type in ("ORG", "GPE", "FAC") or (subj.pos_ == "PROPN"):
        span = _ent_span(subj) or [subj]
        name = _org_name(" ".join(t.text for t in span))
        full = _longer_org(name, ents)
        ents.events.append((pos, full, "organization"))
        ents.events.sort()
        return Attribution(name=full, kind="organization", mention=mention, confidence=0.85,
                           evidence=("organization", f"{name} → {full}"))
    # a description: match its words to a person's titles and appositives
    head = subj.lemma_.lower()
    words = {t.lower_ for t in subj.subtree if not t.is_punct and t.lower_ not in _ROLE_STOP and t.i <= subj.i}
    plural = subj.tag_ in ("NNS", "NNPS") or subj.lower_ in GROUP_NOUNS
    if plural:
        label = _description(subj)
        return Attribution(name=label, kind="group", mention=mention, confidence=0.7, evidence=("group",))
    if head in ORG_NOUNS and head not in PERSON_NOUNS:
        full = next((o for o in reversed([n for _, n, k in ents.events if k == "organization"])
                     if head in o.lower().split()), None)
        if full is None:
            full = _description(subj)
        return Attribution(name=full, kind="organization", mention=mention, confidence=0.6,
                           evidence=("description", f"{subj.text} → {full}"))
    best, best_score = None, 0
    for p in ents.persons.values():
        score = len(words & p.words)
        if score > best_score or (score == best_score and score and best and p.first > best.first and p.first < pos):
            best, best_score = p, score
    if best is not None and best_score:
        return Attribution(name=best.name, kind="person", role=_role(best), mention=mention, confidence=0.7,
                           evidence=("description", f"{subj.text} ~ {best.roles}", best.name))
    if head in PERSON_NOUNS:
        name = ents.salient(pos)
        p = ents.persons.get(name) if name else None
        if p is not None:
            _add_role(p, _description(subj) or "")
        return Attribution(name=name, kind="person", role=_role(p) if p else None, mention=mention,
                           confidence=0.55 if name else 0.3, evidence=("description", "salience", str(name)))
    return Attribution(name=None, kind="unknown", mention=mention, confidence=0.3, evidence=("unresolved",))


def _remember_gender(p: Person | None, pronoun: str) -> None:
    if p is not None and p.gender is None:
        p.gender = _gender_of(pronoun)


def _role(p: Person | None) -> str | None:
    return p.roles[0] if p is not None and p.roles else None


def _name_tokens(subj: Token) -> list[str]:
    span = _ent_span(subj)
    if span is None:
        toks = [c for c in subj.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"] + [subj]
    else:
        toks = list(span)
    return [t.text for t in toks if t.text not in ("’s", "'s") and (not t.is_punct or t.text == ".")]


def _ent_span(tok: Token) -> SpacySpan | None:
    if not tok.ent_type_:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _longer_org(name: str, ents: Entities) -> str:
    low = name.lower()
    words = set(low.split())
    for key, display in ents.orgs.items():
        if key != low and words and words <= set(key.split()) and len(key) > len(low):
            return display
    return name


def _description(subj: Token) -> str:
    toks = [t for t in subj.subtree if t.i <= subj.i and not t.is_punct]
    while toks and toks[0].lower_ in _DETS:
        toks = toks[1:]
    return " ".join(t.text for t in toks)
