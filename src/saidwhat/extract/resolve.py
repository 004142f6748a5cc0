"""Stage 4: resolve each speaker mention to a canonical name within the article.

Names resolve to the fullest form the article gives ("Carter" → "Ash Carter"); pronouns to the most
salient person before them; descriptions ("the secretary of defense") to the person whose title or
appositive shares their words, else the most salient person; plural nouns stay groups and
organizations stay organizations. Roles come from titles before a name and from appositives.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Attribution, Span
from .lexicon import (
    COMPANY_WORDS,
    FEMALE_NAMES,
    FIRST_PERSON,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    HONORIFICS,
    INVERTED_VERBS,
    MALE_NAMES,
    NAME_SUFFIXES,
    ORG_NOUNS,
    ORG_PRONOUNS,
    OUTLET_NOUNS,
    OUTLET_WORDS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE,
)
from .names import CALENDAR, lowercase_words

_WORD = re.compile(r"[\w’'.]+")  # a hyphen separates: "Director-General" is two words
_DETS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"}
_ROLE_STOP = {"the", "a", "an", "his", "her", "its", "their", "former", "said", "and", "then"}
_COURTESY = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "hon", "rev", "the"}
_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f", "lord": "m"}


def name_key(tokens: list[str]) -> tuple[str, ...]:
    return tuple(_fold(t).strip(".'") for t in tokens if t.lower().strip(".") not in HONORIFICS)


def _fold(token: str) -> str:
    """A name token for comparison: lower case, one apostrophe ("O’Neill" is "O'Neill")."""
    return token.lower().replace("’", "'")


@dataclass(slots=True)
class Person:
    name: str
    tokens: tuple[str, ...]
    first: int
    roles: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    gender: str | None = None


# An author's note closing an opinion piece: "Jane Q. Doe is a lecturer in …"
_BIO = re.compile(
    r"((?:[A-Z][\w’'-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'-]+|[A-Z]\.)){1,3}) (?:is|was|has been|teaches|writes)\b"
)
_BIO_NOT_NAMES = {"the", "a", "an", "although", "but", "when", "if", "while", "after", "as", "this", "that"}

# How far back a speaker named in full still owns a bare surname shared with another
_NEAR = 1000

# A run of capitalised words (or initials) ending a name, for names the parser never saw.
_NAME_RUN = r"((?:(?:[A-Z][\w’'-]+|[A-Z]\.)\s+){1,3})"
# words that open a sentence before a name and are never a given name
_NOT_GIVEN = INVERTED_VERBS | {
    "unlike", "like", "after", "before", "when", "while", "but", "and", "as", "if", "in", "on", "at",
    "for", "with", "from", "by", "to", "of", "since", "then", "so", "yet", "meanwhile", "still",
    "even", "given", "despite", "neither", "nor", "either", "both", "only", "also", "although", "though",
    "because", "until", "unless", "without", "once", "now", "today", "instead",
}


@dataclass(slots=True)
class Entities:
    """What the article says about the people and organizations in it, in text order."""

    text: str
    quotations: list[Span] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    orgs: dict[str, str] = field(default_factory=dict)  # lowercased → display name
    # (position, person index or organization name, kind, weight): who was in view where, for salience
    events: list[tuple[int, object, str, int]] = field(default_factory=list)
    common: set[str] | None = None  # words the article also writes in lower case: not name parts
    headline_end: int = 0
    title_end: int = 0  # the end of a first line in headline capitals
    fuller: dict[str, str] = field(default_factory=dict)  # a person's name → its fullest form
    named_at: dict[str, list[int]] = field(default_factory=dict)  # a person's name → where written in full
    opening_end: int | None = None  # the end of the second paragraph
    writer: Person | bool | None = None  # an opinion piece's author (False: none; None: not looked for)
    places: set[str] = field(default_factory=set)  # the organization names that are places (GPE)
    described: dict[str, str] = field(default_factory=dict)  # "union" → the organization "a union" was
    reported: list[Span] = field(default_factory=list)  # the contents attributed so far
    companies: dict[str, str | None] = field(default_factory=dict)  # "Peabody" → "Peabody Energy"
    forms_memo: dict[tuple, dict[tuple[str, ...], int]] = field(default_factory=dict)  # fuller_forms' answers

    def quoted(self, pos: int) -> bool:
        return any(s.start <= pos < s.end for s in self.quotations)

    def add_person(self, tokens: list[str], pos: int, *, weight: int = 1, gender: str | None = None) -> Person | None:
        toks = [t.rstrip(",") for t in tokens if t not in ("’s", "'s")]
        toks = self.strip_titles(toks)
        while toks and toks[-1].lower().strip(".,") in NAME_SUFFIXES:
            toks = toks[:-1]
        if not toks or not toks[-1][:1].isupper() or len(toks) > 4:
            return None
        key = tuple(_fold(t) for t in toks)
        gender = gender or (given_name_gender(toks[0]) if len(toks) > 1 else None)
        for i, p in enumerate(self.persons):
            pk = tuple(_fold(t) for t in p.tokens)
            if (pk[-1] == key[-1] and _compatible(pk, key)) or (len(pk) == 1 and _surname_first(key, pk[0])):
                if gender and p.gender and gender != p.gender:
                    continue  # "Mrs. Clinton" and "Bill Clinton" are two people
                if len(key) > len(pk):
                    p.tokens = tuple(toks)
                    p.name = " ".join(toks)
                p.gender = p.gender or gender
                self.note(pos, i, "person", weight)
                return p
        p = Person(name=" ".join(toks), tokens=tuple(toks), first=pos, gender=gender)
        self.persons.append(p)
        self.note(pos, len(self.persons) - 1, "person", weight)
        return p

    def lowercase(self) -> set[str]:
        """The words the article writes in lower case somewhere (so are no parts of names)."""
        if self.common is None:
            self.common = lowercase_words(self.text)
        return self.common

    def strip_titles(self, toks: list[str]) -> list[str]:
        """Drop the titles and descriptions a name run starts with ("Interim DNC Chairwoman Donna Brazile")."""
        common = self.lowercase()
        # everything up to the last title word is title: "Harbour Commissioner Ines Okafor"
        cut = max(
            (k for k, t in enumerate(toks[:-1]) if t.lower().strip(".,") in HONORIFICS | PERSON_NOUNS), default=-1
        )
        toks = toks[cut + 1 :]
        while len(toks) > 2 or (len(toks) == 2 and toks[0].lower().strip(".") in _TITLE_WORDS):
            first, nxt = toks[0], toks[1]
            low = first.lower().strip(".,")
            if (
                low in _TITLE_WORDS
                or low in PERSON_NOUNS
                or first in _DOTTED_TITLES
                or (first.isupper() and len(first) > 1 and not first.endswith("."))
                or (low in common and nxt[:1].isupper() and len(toks) > 2)
            ):
                toks = toks[1:]
                continue
            break
        if len(toks) > 2 and len(toks[0]) == 2 and toks[0].endswith(".") and len(toks[1]) > 2:
            toks = toks[1:]  # "T. Tom Clarke": a stray initial before a given name
        toks = [t for t in toks if not t.endswith(("’s", "'s"))] or toks
        # a name is given name, perhaps a middle initial or particle, and surname
        while len(toks) > 4:
            toks = toks[1:]
        return toks

    def note(self, pos: int, key: object, kind: str, weight: int) -> None:
        self.events.append((pos, key, kind, weight))

    def person_by_surname(self, tokens: list[str], pos: int) -> Person | None:
        key = name_key(tokens)
        if not key:
            return None
        # "Mrs. Doe" is not "John Doe"
        gender = next((_GENDER[t.lower().strip(".")] for t in tokens if t.lower().strip(".") in _GENDER), None)
        best = None
        for p in self.persons:
            pk = tuple(_fold(t).strip(".'") for t in p.tokens)
            if gender and p.gender and p.gender != gender:
                continue
            if pk[-len(key) :] == key or (len(key) == 1 and (key[0] in pk[1:] or _surname_first(pk, key[0]))):
                if best is None or len(p.tokens) > len(best.tokens):
                    best = p
        if best is None and len(key) == 1 and len(key[0]) >= 6:
            # a surname misspelt by one letter ("McLenney" for "Tyresha McClenney"), if only one fits
            near = [p for p in self.persons if len(p.tokens) > 1 and _one_edit(_fold(p.tokens[-1]), key[0])]
            best = near[0] if len(near) == 1 else None
        if best is not None and len(key) == 1:
            # "Doe" when the article names both Jane Doe and Tom Doe: the one this mention is of
            best = next((q for q in (best, *self.namesakes(best)) if self.owns(q, pos)), best)
        if best is not None and len(key) == 1 and gender is None and best.gender is not None:
            # "Governor Doe" when the article calls one Doe "Mr. Doe" and names only "Mary Doe" in
            # full: the surname alone is the one it titles, unless the full name was just written
            titled = next((p for p in self.persons if len(p.tokens) == 1 and p.gender not in (None, best.gender)
                           and tuple(_fold(t).strip(".'") for t in p.tokens) == key), None)
            breaks = _PARAGRAPH_BREAK.findall
            just = any(at < pos and len(breaks(self.text, at, pos)) <= 1 for at in self.full_mentions(best))
            if titled is not None and not just:
                return self.expand_from_text(tokens, gender=titled.gender) or titled
        if best is None or len(best.tokens) == 1 or (len(key) > 1 and len(best.tokens) <= len(key)):
            found = self.expand_from_text(tokens, gender=gender)
            if found is not None:
                return found
        return best

    def expand_from_text(self, tokens: list[str], *, gender: str | None = None) -> Person | None:
        """A fuller form of a surname anywhere in the text ("Lynch" → "Loretta E. Lynch"), as a person."""
        forms = self.fuller_forms(tokens, gender=gender)
        if not forms:
            return None
        form = max(forms, key=lambda f: (forms[f], len(f)))
        return self.add_person(list(form), self.text.find(" ".join(form)), weight=0, gender=gender)

    def fuller_forms(
        self, tokens: list[str], *, gender: str | None = None, body: bool = False
    ) -> dict[tuple[str, ...], int]:
        """The fuller forms the text writes of a surname, with how often; with ``body``, only after
        the first line, whose capitals may be a headline's. Asked many times per article for the
        same names; the text is read once per question (the answer also depends on the organizations
        known so far, which only grow)."""
        memo = (tuple(tokens), gender, body, len(self.orgs))
        if memo not in self.forms_memo:
            self.forms_memo[memo] = self._fuller_forms(tokens, gender, body)
        return dict(self.forms_memo[memo])

    def _fuller_forms(self, tokens: list[str], gender: str | None, body: bool) -> dict[tuple[str, ...], int]:
        key = [t for t in tokens if t.lower().strip(".") not in HONORIFICS]
        if not key:
            return {}
        surname = " ".join(key)
        # "Bin Laden" is written "bin Laden" after a given name, "O'Neill" may be "O’Neill"
        written = r"\s+".join(
            f"(?i:{re.escape(t)})" if t.lower() in _PARTICLES else re.sub(r"[’']", "[’']", re.escape(t)) for t in key
        )
        forms: dict[tuple[str, ...], int] = {}
        start = self.text.find("\n") + 1 if body else 0
        for m in re.finditer(_NAME_RUN + "(" + written + r")\b", self.text):
            if self.quoted(m.start()) or m.start() < max(start, self.headline_end) or "\n" in m.group(1):
                continue
            form = tuple(self.strip_titles([*m.group(1).split(), *m.group(2).split()]))
            while len(form) > 1 and form[0].lower() in _NOT_GIVEN:
                form = form[1:]  # "Said Doe: …", "Unlike Acme, …": a sentence's first word, no given name
            if m.start() < self.title_end and (
                len(form) > 3 or any(t.lower() in self.lowercase() for t in form[:-1])
            ):
                continue  # "Doe Hints Smith" in a headline in capitals: not a fuller form of "Smith"
            if gender and given_name_gender(form[0]) not in (None, gender):
                continue
            if self.org_form(form):
                continue  # "the New York Times": "York Times" is no fuller form of "Times"
            if len(form) > len(surname.split()) and form[0].lower() not in self.lowercase():
                forms[form] = forms.get(form, 0) + 1
        if not forms and len(key) == 1:
            # a surname written first, before a hyphenated given name: "Ban Ki-moon" for "Mr. Ban"
            for m in re.finditer(rf"\b({re.escape(surname)})\s+([A-Z][a-z]+-[a-z]+)\b", self.text):
                if m.start() >= max(start, self.headline_end):
                    form = (m.group(1), m.group(2))
                    forms[form] = forms.get(form, 0) + 1
        return forms

    def _compound_form(self, p: Person) -> str | None:
        """The one full form the text writes of a name reached other than by its words (through a
        pronoun, say): "Ban Ki-moon" for "Ban", "Aung San Suu Kyi" or "Debbie Wasserman Schultz"
        for a two-word surname. A given name and surname ("Jane Doe") is full already, and a
        surname with several given names before it ("Tom Doe", "Ann Doe") is left as it is."""
        if len(p.tokens) == 2 and given_name_gender(p.tokens[0]) is not None:
            return None
        forms = self.fuller_forms(list(p.tokens), gender=p.gender, body=True)
        common = self.lowercase()

        def plain(t: str) -> bool:  # a given name, not a title, an acronym or a word of the sentence
            low = t.lower().strip(".")
            return not (
                low in HONORIFICS | PERSON_NOUNS or low in common or t.endswith(("’", "'")) or t.isupper()
            ) and ("-" not in t or len(p.tokens) == 1)

        forms = {f: n for f, n in forms.items() if all(plain(t) for t in f if t not in p.tokens)}
        if len(p.tokens) == 2:
            # a two-word name is written longer where the article introduces the person, or
            # more than once; else a word before it was caught ("Even Jane Doe")
            body = self.text.find("\n") + 1
            first_end = self.text.find(p.name, body) + len(p.name)

            def introduces(f: tuple[str, ...]) -> bool:
                written = " ".join(f)
                return self.text.find(written, body) + len(written) == first_end

            forms = {f: n for f, n in forms.items() if n > 1 or introduces(f)}
        given = {f[0] if f[: len(p.tokens)] != p.tokens else f[-1] for f in forms}
        if len(given) != 1:
            return None
        return " ".join(max(forms, key=lambda f: (forms[f], len(f))))

    def org_form(self, form: tuple[str, ...] | list[str]) -> bool:
        """Whether a run of capitalised words is (the end of) an organization's name the article
        gives ("York Times" of "New York Times"), or lies inside one and ends with an organization
        noun ("Nations Security Council" of "United Nations Security Council")."""
        low = " ".join(form).lower()
        last = low.rsplit(" ", 1)[-1]
        for key in self.orgs:
            padded = f" {key} "
            if key == low or key.endswith(" " + low):
                return True
            if last in ORG_NOUNS and f" {low} " in padded:
                return True
        return False

    def salient(
        self, pos: int, kinds: tuple[str, ...] = ("person",), *, gender: str | None = None, speaker: bool = False
    ) -> str | None:
        """The most recent person (or organization) in view before ``pos``, subjects and speakers
        first; for a speaker (``speaker``), none named only inside words attributed before ("Doe
        said Roe had lied. … she said": the one who spoke goes on speaking)."""
        best = None
        for epos, key, kind, weight in reversed(self.events):
            if epos >= pos or kind not in kinds:
                continue
            if speaker and any(s.start <= epos < s.end for s in self.reported):
                continue
            if kind == "person":
                p = self.persons[key]  # type: ignore[index]
                if not self.owns(p, epos):
                    # a bare "Doe" that is another Doe's: in view as that one
                    p = next((q for q in self.namesakes(p) if self.owns(q, epos)), None)
                    if p is None:
                        continue
                if gender and p.gender and p.gender != gender:
                    continue
                name = p.name
            else:
                name = str(key)
            if weight >= 2:
                return name
            if best is None:
                best = (epos, name)
            elif pos - epos > 600:
                break
        return best[1] if best else None

    def person_named(self, name: str) -> Person | None:
        return next((p for p in self.persons if p.name == name), None)

    def author(self) -> Person | None:
        """The writer of an opinion piece, as its closing note names them ("Jane Doe is a professor
        of history at …"): a person's name of two to four words opening the last paragraph."""
        if self.writer is None:
            self.writer = False
            last = next((p.strip() for p in reversed(self.text.split("\n")) if p.strip()), "")
            m = _BIO.match(last)
            if m and m.group(1).split()[0].lower().strip(".") not in HONORIFICS | _BIO_NOT_NAMES:
                at = self.text.rfind(last)
                person = self.add_person(m.group(1).split(), at, weight=0)
                self.writer = person if person is not None else False
        return self.writer or None

    def in_opening(self, pos: int) -> bool:
        """Whether ``pos`` lies in the article's first two paragraphs (a headline and the lede)."""
        if self.opening_end is None:
            lines = [m.end() for m in re.finditer(r"[^\n]*\S[^\n]*", self.text)]
            self.opening_end = lines[1] if len(lines) > 1 else len(self.text)
        return pos < self.opening_end

    def named_next(self, pos: int, *, gender: str | None = None, within: int = 1500) -> Person | None:
        """The first person named in full as a clause's subject after ``pos`` (within ``within``)."""
        for epos, key, kind, weight in self.events:
            if epos <= pos or kind != "person" or weight < 2 or self.quoted(epos):
                continue
            if epos - pos > within:
                return None
            p = self.persons[key]  # type: ignore[index]
            if len(p.tokens) > 1 and not (gender and p.gender and p.gender != gender):
                return p
        return None

    def namesakes(self, p: Person) -> list[Person]:
        """The other people of the article with ``p``'s surname and another given name (names of
        four words are left out: most are a headline's capitals before a name)."""
        if not 1 < len(p.tokens) < 4:
            return []
        pk = tuple(_fold(t) for t in p.tokens)
        return [
            q
            for q in self.persons
            if q is not p
            and 1 < len(q.tokens) < 4
            and _fold(q.tokens[-1]) == pk[-1]
            and not _compatible(tuple(_fold(t) for t in q.tokens), pk)
        ]

    def full_mentions(self, p: Person) -> list[int]:
        """Where the text names ``p`` with given name and surname."""
        found = self.named_at.get(p.name)
        if found is None:
            full = re.escape(" ".join(p.tokens))
            found = [m.start() for m in re.finditer(rf"(?<![\w-]){full}(?![\w-])", self.text)]
            self.named_at[p.name] = found
        return found

    def owns(self, p: Person, pos: int) -> bool:
        """Whether the mention of a person at ``pos`` can be ``p``'s: a bare surname ("Doe") that
        ``p`` shares with another person of the article is the one a courtesy title before it
        tells ("Mrs. Doe"), else the one named in full most recently before it."""
        others = self.namesakes(p)
        if not others:
            return True
        text = self.text
        if text.startswith(" ".join(p.tokens), pos):
            return True
        if any(text.startswith(" ".join(q.tokens), pos) for q in others):
            return False
        near = text[max(0, pos - 6) : pos + 5].lower().split()
        title = next((_GENDER[w.strip(".")] for w in near if w.strip(".") in _GENDER), None)
        cands = [q for q in (p, *others) if not (title and q.gender and q.gender != title)]
        if p not in cands:
            return False
        if len(cands) == 1:
            return True

        def last_before(q: Person) -> int:
            k = self.persons.index(q)
            spoke = [at for at, key, kind, weight in self.events if key == k and kind == "person" and weight >= 3]
            return max(
                (
                    at
                    for at in self.full_mentions(q)
                    if pos - _NEAR < at < pos and any(at - 60 <= s <= at for s in spoke)
                ),
                default=-1,
            )

        owner = max(cands, key=last_before)
        if last_before(owner) < 0:
            owner = min(cands, key=lambda q: min(self.full_mentions(q), default=len(text)))
        return owner is p

    def fullest(self, name: str) -> str:
        """The fullest form the text gives of a known person's name of given name and surname:
        with a middle initial or name ("Jane Q. Doe"), or a formal given name before a quoted
        nickname ("Robert Q. "Bob" Doe" for "Bob Doe"). Of several, the most frequent."""
        if name in self.fuller:
            return self.fuller[name]
        p = self.person_named(name)
        full = name
        if p is not None and len(p.tokens) == 2 and p.tokens[0][:1].isupper() and _maybe_fuller(self.text, *p.tokens):
            common = self.lowercase()
            given, surname = (re.escape(t) for t in p.tokens)
            middle = r"(?:[A-Z]\.(?:[A-Z]\.)?|[A-Z][a-z][\w’'-]*)"
            forms: dict[str, int] = {}
            p_low = {t.lower() for t in p.tokens}
            pattern = (
                rf"\b({given})\s+{middle}\s+{surname}\b"
                rf"|\b[A-Z][a-z][\w’'-]*\s+(?:{middle}\s+)?[\"“]{given}[\"”]\s+{surname}\b"
            )
            for m in re.finditer(pattern, self.text):
                form = re.sub(r"\s+", " ", m.group(0))
                toks = form.split()
                added = [t.lower() for t in toks[:-1] if not t.startswith(('"', "“"))][1 if m.group(1) else 0 :]
                if any(t.lower().strip(".") in HONORIFICS | PERSON_NOUNS for t in toks) or any(
                    t in p_low or t in common for t in added
                ):
                    continue  # "Jane Jane Doe", "Jane Monday Doe": no middle name
                forms[form] = forms.get(form, 0) + 1
            if forms:
                full = max(forms, key=lambda f: (forms[f], len(f)))
        if full == name and p is not None and len(p.tokens) <= 2:
            full = self._compound_form(p) or full
        full = _unmangled(full)
        self.fuller[name] = full
        return full


_PARTICLES = {
    "de",
    "da",
    "del",
    "della",
    "di",
    "du",
    "le",
    "la",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "ibn",
    "al",
    "el",
    "st.",
    "mac",
    "ter",
    "dos",
    "das",
}


def _middle_ok(tok: str) -> bool:
    """Whether a middle token belongs to a three-part name (an initial, a particle, a nickname)."""
    return (
        (len(tok) == 2 and tok.endswith("."))
        or tok.lower() in _PARTICLES
        or tok.startswith(('"', "“", "'"))
        or (len(tok) == 1 and tok.isupper())
        or "-" in tok
    )


_TITLE_WORDS = {
    "the",
    "a",
    "an",
    "majority",
    "minority",
    "interim",
    "acting",
    "french",
    "british",
    "german",
    "russian",
    "chinese",
    "american",
    "mexican",
    "israeli",
    "iraqi",
    "syrian",
    "iranian",
    "korean",
    "japanese",
    "executive",
    "supreme",
    "court",
    "research",
    "committee",
    "chairwoman",
    "chairman",
    "mayor",
    "president",
    "senior",
    "federal",
    "county",
    "city",
    "and",
    "but",
    "when",
    "former",
    "then",
    "new",
    "defense",
    "foreign",
    "state",
    "u.s.",
    "us",
    "democratic",
    "republican",
    "gop",
    "rival",
    "crooked",
    "sen.",
    "rep.",
    "white",
    "house",
    "attorney",
    "general",
    "press",
    "national",
    "security",
    "of",
    "by",
    "with",
    "for",
}


# Abbreviated titles that are also words or particles without their dot ("Del." a delegate, "del")
_DOTTED_TITLES = {"Del.", "Maj.", "Amb.", "Det.", "Supt.", "Insp.", "Cpl.", "Pvt.", "Msgr.", "Fr."}


def _maybe_fuller(text: str, given: str, surname: str) -> bool:
    """Whether ``text`` may write a fuller form of "given surname" (a cheap test before the regex):
    something between the two names, or the given name in quotation marks."""
    i = text.find(given)
    while i != -1:
        after = text[i + len(given) : i + len(given) + 40]
        if (surname in after and not after.startswith(" " + surname)) or text[i - 1 : i] in ('"', "“"):
            return True
        i = text.find(given, i + 1)
    return False


def _unmangled(name: str) -> str:
    """A name whose UTF-8 was read as Latin-1, once or twice ("FranÃ§ois"), repaired."""
    if any(c in name for c in "ÃÂÅ\u0303\u0302\u030a"):
        name = unicodedata.normalize("NFC", name)
    for _ in range(2):
        if not any(c in name for c in "ÃÂÅ"):
            break
        try:
            name = name.encode("latin-1").decode("utf-8")
        except UnicodeError:
            try:
                name = name.encode("cp1252").decode("utf-8")
            except UnicodeError:
                break
    return name


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words of the same first letter are one letter added, dropped or
    changed apart (a plural "s" aside)."""
    if a == b or a[:1] != b[:1] or abs(len(a) - len(b)) > 1 or a + "s" == b or b + "s" == a:
        return False  # "Trumps", "Republicans": plurals, not misspellings
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _surname_first(key: tuple[str, ...], surname: str) -> bool:
    """Whether a folded name is a surname before a hyphenated given name, as Korean names are
    written ("ban ki-moon"), and ``surname`` is its surname ("Mr. Ban")."""
    return len(key) == 2 and key[0] == surname and re.fullmatch(r"[^\W\d_]{2,}-[^\W\d_]{2,}", key[1]) is not None


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same person if one name's given names agree with the other's (Ed vs David Miliband differ)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        return True
    if short[0] in _PARTICLES and long_[-len(short) :] == short:
        return True  # "De Soto" is "Ana de Soto"
    return short[0][:1] == long_[0][:1] and short[-1] == long_[-1]


def collect_entities(text: str, docs: list[tuple[int, Doc]], quotations: list[Span] | None = None) -> Entities:
    """Index the people and organizations the parsed paragraphs name, with titles and appositives."""
    ents = Entities(text=text, quotations=quotations or [])
    first_line = text.split("\n", 1)[0]
    if first_line and not first_line.rstrip().endswith((".", "!", "?", "”", '"')):
        ents.headline_end = len(first_line)  # a headline's capitals are not names
    headline = len(first_line) if ents.headline_end or _title_case(first_line) else 0
    ents.title_end = headline
    body = text[headline:]
    for offset, doc in docs:
        for ent in _joined_orgs(doc):
            pos = offset + ent.start_char
            if ents.quoted(pos):
                continue
            if pos < headline and ent.label_ == "PERSON" and len(ent) > 2 and _ent_name(ent) not in body:
                continue  # "Doe Blasts Smith": a run of headline capitals, not a name the article uses
            weight = _weight(ent)
            if ent.label_ == "PERSON":
                if not all(t.pos_ == "PROPN" or t.is_punct or len(t.text) <= 2 for t in ent):
                    continue
                toks = _ent_name(ent).split()
                honor = ent[0].nbor(-1).lower_.strip(".") if ent[0].i > 0 else ""
                person = ents.add_person(toks, pos, weight=weight, gender=_GENDER.get(honor))
                if person is not None:
                    _learn_roles(person, ent, doc)
            elif ent.label_ in ("ORG", "GPE"):
                name = _org_name(ent.text)
                if name:
                    ents.orgs.setdefault(name.lower(), name)
                    ents.note(pos, name, "organization", weight)
                    if ent.label_ == "GPE":
                        ents.places.add(name)
    _scan_text(ents)
    # lone capitalised words that are the surname of someone named in full: mentions of that person
    for offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ == "MISC" and not ents.quoted(offset + ent.start_char):
                key = ent.text.lower()
                for i, p in enumerate(ents.persons):
                    if len(p.tokens) > 1 and p.tokens[-1].lower() == key:
                        weight = 2 if ent.root.dep_ in ("nsubj", "nsubjpass") else 1
                        ents.note(offset + ent.start_char, i, "person", weight)
                        break
    ents.events.sort(key=lambda e: e[0])
    return ents


def _joined_orgs(doc: Doc) -> list[SpacySpan]:
    """The document's entities, with an organization's name made whole where the tagger split it
    at "of" or "for" ("the U.S. Court of Appeals" + "for" + "the Sixth Circuit")."""
    out: list[SpacySpan] = []
    ents = list(doc.ents)
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None
            and ent.label_ == nxt.label_ == "ORG"
            and doc[ent.end].lower_ in ("of", "for")
            and (nxt.start == ent.end + 1 or (nxt.start == ent.end + 2 and doc[ent.end + 1].lower_ == "the"))
            and ent.sent.start == nxt.sent.start
        ):
            out.append(SpacySpan(doc, ent.start, nxt.end, label="ORG"))
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


def _weight(ent: SpacySpan) -> int:
    """2 for the subject of a main clause, the person a later "he" most likely means; 1 otherwise,
    also for a subject inside reported words ("Doe said Smith had lied": Doe stays in view)."""
    root = ent.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return 1
    verb = root.head
    return 2 if verb.dep_ in ("ROOT", "conj") or verb.head is verb else 1


def _title_case(line: str) -> bool:
    """Whether a line is written in headline capitals ("Mayor Says Bridge Will Reopen")."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _scan_text(ents: Entities) -> None:
    """Mentions and appositives of known people in paragraphs that were never parsed (regex only)."""
    text = ents.text
    seen: dict[object, list[int]] = {}  # where each person was already noted
    for pos, key, kind, _ in ents.events:
        if kind == "person":
            seen.setdefault(key, []).append(pos)
    for i, p in enumerate(list(ents.persons)):
        if len(p.tokens) < 2:
            continue
        noted = seen.get(i, ())
        for m in _name_pattern(tuple(p.tokens)).finditer(text):
            if ents.quoted(m.start()) or any(abs(pos - m.start()) < 40 for pos in noted):
                continue
            # a name opening its sentence is nearly always its subject ("Jane Doe is thanking …")
            before = text[max(0, m.start() - 3) : m.start()].rstrip(" ")
            start_of_sentence = not before or before.endswith(("\n", ".", "”", '"', "?", "!"))
            ents.note(m.start(), i, "person", 2 if start_of_sentence else 1)
        # an appositive needs the full name next to a comma: most names have none, and then the
        # patterns below (costly to compile, one pair per person) cannot match
        name = " ".join(p.tokens)
        if name + "," in text:
            for m in _appositive_after(name).finditer(text):
                _add_role(p, re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", m.group(1)))
        if _after_comma(text, name):
            for m in _appositive_before(name).finditer(text):
                _add_role(p, m.group(1))


# The patterns of one person's name, compiled once per name: the same names recur from article to
# article in a corpus, more of them than the ``re`` module's own cache holds.
@lru_cache(maxsize=4096)
def _name_pattern(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """The surname, with all the given names before it when they are there."""
    given = r"(?:" + r"\s+".join(re.escape(t) for t in tokens[:-1]) + r"\s+)?"
    return re.compile(r"\b" + given + re.escape(tokens[-1]) + r"\b")


@lru_cache(maxsize=1024)
def _appositive_after(name: str) -> re.Pattern[str]:
    """A role in apposition after the name ("Jane Doe, the mayor of Lyon,")."""
    return re.compile(re.escape(name) + r",\s+((?:the|a|an|his|her|its|their)\s+[^,.;:!?“”\n]{3,60}),")


@lru_cache(maxsize=1024)
def _appositive_before(name: str) -> re.Pattern[str]:
    """A role in apposition before the name ("the mayor of Lyon, Jane Doe")."""
    return re.compile(r"(?:the|his|her|their|its)\s+([^,.;:!?“”\n]{3,60}),\s+" + re.escape(name) + r"\b")


def _after_comma(text: str, name: str) -> bool:
    """Whether ``name`` occurs after a comma and white space (``,\\s+name``) anywhere in ``text``."""
    at = text.find(name)
    while at != -1:
        k = at
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if 0 < k < at and text[k - 1] == ",":
            return True
        at = text.find(name, at + 1)
    return False


def _ent_name(ent: SpacySpan) -> str:
    return re.sub(r"(?:’s|'s)$", "", ent.text.strip()).strip(" ,")


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
        if (
            t.dep_ in ("compound", "amod", "nmod", "det", "poss", "prep", "pobj", "punct")
            and t.head.i >= t.i
            and (t.head.i <= head.i)
        ):
            if t.is_punct and t.text != "-":
                break
            title_toks.insert(0, t)
            i -= 1
            continue
        break
    title = _role_phrase(title_toks)
    if title and title.lower().strip(".") not in _COURTESY | {"’s"} and any(c.isalpha() for c in title):
        _add_role(person, title)
    # appositive after the name: "Jean-Yves Le Drian, the French defense minister,"
    for c in head.children:
        if c.dep_ == "appos" and c.i > head.i and c.ent_type_ != "PERSON":
            _add_role(person, _role_phrase([t for t in c.subtree if _wordlike(t)]))
    # the name as appositive: "his French counterpart, Jean-Yves Le Drian"
    if head.dep_ == "appos" and head.head.i < head.i and head.head.ent_type_ != "PERSON":
        noun = head.head
        words = [t for t in noun.subtree if t.i < first.i and _wordlike(t)]
        if words:
            _add_role(person, _role_phrase(words))


def _wordlike(t: Token) -> bool:
    """A word of a role or description: no punctuation but a hyphen inside a word (front-runner)."""
    return not t.is_punct or (t.text == "-" and not t.whitespace_ and t.i > 0 and not t.nbor(-1).whitespace_)


def _phrase(tokens: list[Token]) -> str:
    """Tokens as the text wrote them: "Obama's", "front-runner", not "Obama 's", "front - runner"."""
    out = []
    for k, t in enumerate(tokens):
        if k:
            prev = tokens[k - 1]
            out.append(prev.whitespace_ if t.i == prev.i + 1 else " ")
        out.append(t.text)
    return "".join(out)


_COURTESY_BEFORE_NAME = {"dr", "mr", "mrs", "ms", "mx"}


def _role_phrase(tokens: list[Token]) -> str:
    """A role as the text writes it, without the determiners that open it or a courtesy title
    that closes it before the name: "chairman of the House Ways and Means Committee" (not "chairman
    of House …"), "take-a-back-seat governor", "national security editor" (not "… editor Dr.")."""
    while tokens and tokens[0].lower_ in _DETS:
        tokens = tokens[1:]
    # a courtesy title ("Dr.", "Mr."), unlike "Sen." or "Gov.", names no office ("Miss." may be a state)
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_.rstrip(".") in _COURTESY_BEFORE_NAME):
        tokens = tokens[:-1]
    return _phrase(tokens).strip()


def _add_role(person: Person, role: str) -> None:
    role = role.strip(" ,\xa0\t")
    if not role or len(role) > 100:
        return
    words = {w.lower().strip(".") for w in _WORD.findall(role)}
    if not words & (PERSON_NOUNS | HONORIFICS | _ROLE_NOUNS):
        return  # "all times EDT" is no role
    if role not in person.roles:
        person.roles.append(role)
    person.words.update(_own_words(role))


# Words that make a title another office than the bare one: a vice president is no president
_RANKS = {"vice", "deputy", "assistant", "associate", "lieutenant", "under"}
_PREPOSITIONS = {"at", "in", "of", "for", "from", "with", "on", "to", "by"}
_PARTIES = {"democratic", "republican", "libertarian", "green", "labour", "conservative", "liberal"}


def _own_words(role: str) -> set[str]:
    """The words of a role that describe its holder: of "the nominee's eldest daughter" only "eldest
    daughter" (a possessor opening the role is someone else)."""
    m = re.match(r"^(.*?)\s*(?:’s|'s)\s+(.+)$", role)
    if m and not {w.lower() for w in m.group(1).split()} & _PREPOSITIONS:
        return role_words(m.group(2))
    return role_words(role)


# Abbreviated titles, spelled out so that "the Florida senator" meets "Florida Sen. Jane Doe"
_ABBREVIATIONS = {
    "sen": "senator",
    "gov": "governor",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "pres": "president",
    "sec": "secretary",
    "gen": "general",
    "lt": "lieutenant",
    "atty": "attorney",
    "u.s": "us",
    "ag": "attorney",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "adviser": "advisor",
    "democrat": "democratic",
    "gop": "republican",
    "front-runner": "frontrunner",
}


def role_words(text: str) -> set[str]:
    """The content words of a role or a description, lower case, abbreviations spelled out."""
    out = set()
    for w in _WORD.findall(text):
        low = w.lower().strip(".’'")
        if low.endswith(("’s", "'s")):
            low = low[:-2]
        if low and low not in _ROLE_STOP:
            out.add(_ABBREVIATIONS.get(low, low))
    return out


_ROLE_NOUNS = {
    "nominee",
    "candidate",
    "counterpart",
    "chief",
    "head",
    "member",
    "founder",
    "partner",
    "spokesman",
    "spokeswoman",
    "host",
    "correspondent",
    "editor",
    "economist",
    "fellow",
}


def _org_name(text: str) -> str:
    text = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    text = re.sub(r"(?:’s|'s)$", "", text)
    # "Security Council on": a lower-case word the name run took from the sentence after it
    words = text.split()
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    return " ".join(words)


_TRAILING = {"on", "in", "at", "of", "for", "and", "to", "by", "with", "the"}


def _gender_of(word: str) -> str | None:
    w = word.lower()
    if w in ("he", "him", "his"):
        return "m"
    if w in ("she", "her", "hers"):
        return "f"
    return None


def resolve(subj: Token, mention: Span | None, offset: int, ents: Entities, pos: int) -> Attribution:
    """Canonical name, kind and role for the speaker whose head token is ``subj``."""
    return _fullest(_resolve(subj, mention, offset, ents, pos), ents)


def _fullest(att: Attribution, ents: Entities) -> Attribution:
    """A person's name in the fullest form the article writes it ("Jane Q. Doe" for "Jane Doe")."""
    if att.kind != "person" or not att.name:
        return att
    name = " & ".join(ents.fullest(n) for n in att.name.split(" & "))
    return att if name == att.name else replace(att, name=name)


def _resolve(subj: Token, mention: Span | None, offset: int, ents: Entities, pos: int) -> Attribution:
    low = subj.lower_
    # a pronoun: the most salient person (or organization, or group) before it
    if subj.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | ORG_PRONOUNS | FIRST_PERSON | RELATIVE:
        if low in PERSON_PRONOUNS:
            name = ents.salient(pos, gender=_gender_of(low))
            spoke = ents.salient(pos, gender=_gender_of(low), speaker=True)
            known = ents.person_named(spoke) if spoke else None
            if spoke and spoke != name and known is not None and known.gender == _gender_of(low):
                name = spoke  # the one who spoke goes on speaking, not one named in their words
            if name:
                p = ents.person_named(name)
                _remember_gender(p, low)
                return Attribution(
                    name=name,
                    kind="person",
                    role=_role(p),
                    mention=mention,
                    confidence=0.75,
                    evidence=("pronoun", f"{subj.text} → {name}"),
                )
            return Attribution(name=None, kind="person", mention=mention, confidence=0.4, evidence=("pronoun",))
        if low in ORG_PRONOUNS:
            name = ents.salient(pos, ("organization",))
            name = _longer_org(name, ents) if name else None
            return Attribution(
                name=name,
                kind="organization" if name else "unknown",
                mention=mention,
                confidence=0.6,
                evidence=("pronoun", f"it → {name}"),
            )
        if low in FIRST_PERSON:
            author = None if ents.quoted(pos) else ents.author()
            if author is not None:
                # an opinion piece's "I", outside quotation marks: its writer, named in the closing note
                return Attribution(
                    name=author.name,
                    kind="person",
                    role=_role(author),
                    mention=mention,
                    confidence=0.6,
                    evidence=("first-person", f"{subj.text} → {author.name}", "author"),
                )
            return Attribution(name=None, kind="person", mention=mention, confidence=0.5, evidence=("first-person",))
        return Attribution(
            name=None,
            kind="group" if low in GROUP_PRONOUNS else "unknown",
            mention=mention,
            confidence=0.5,
            evidence=("pronoun",),
        )
    owner = _owner_of_words(subj)
    if owner is not None:
        # "her statement", "Doe's letter", "the union's tweet": whoever wrote or spoke them
        att = _resolve(owner, mention, offset, ents, pos)
        if att.name:
            return replace(att, evidence=("owner", f"{subj.text} of {owner.text}", *att.evidence))
    # joint speakers ("Carter and Le Drian"): each resolved, names kept together
    partners = [c for c in subj.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
    if partners and subj.pos_ == "PROPN":
        parts = [resolve_one(t, mention, ents, pos) for t in (subj, *partners)]
        names = [a.name for a in parts if a.name]
        if len(names) == len(parts):
            kinds = {a.kind for a in parts}
            return Attribution(
                name=" & ".join(names),
                kind=kinds.pop() if len(kinds) == 1 else "group",
                mention=mention,
                confidence=min(a.confidence for a in parts) * 0.9,
                evidence=("joint", *names),
            )
    return resolve_one(subj, mention, ents, pos)


def _possessor(tok: Token) -> Token | None:
    """Whose the noun is: "her", "Doe's" (which the parser may attach as a modifier with its "'s")."""
    for c in tok.children:
        if c.dep_ == "poss" or (
            c.dep_ == "nmod" and c.i < tok.i and any(k.dep_ == "case" and k.lower_ in ("’s", "'s") for k in c.children)
        ):
            return c
    return None


def _owner_of_words(subj: Token) -> Token | None:
    """The possessor of a noun for something said or written ("her statement", "Doe's letter"), or
    who it is from ("a statement from the harbour board", "a letter by Doe")."""
    if subj.pos_ != "NOUN" or subj.lower_ not in _SAYINGS:
        return None
    owner = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ in ("PRON", "PROPN", "NOUN")), None)
    if owner is None:
        prep = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
        owner = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if owner is not None and owner.lower_ in PERSON_NOUNS:
            return None  # "a letter from the chairman of …": a description for the resolver, not a name
    return owner


def _hyphenated_title(tok: Token) -> bool:
    """The last part of a title written with a hyphen: "Director-General", "Secretary-General"."""
    doc = tok.doc
    return (
        tok.i >= 2
        and doc[tok.i - 1].text == "-"
        and not doc[tok.i - 1].whitespace_
        and doc[tok.i - 2].lower_ in PERSON_NOUNS | HONORIFICS
    )


def resolve_one(subj: Token, mention: Span | None, ents: Entities, pos: int) -> Attribution:
    evidence: list[str] = []
    named = _appositive_name(subj)
    if named is not None:
        # "a lawyer for the family, Jane Doe": the name the description stands beside
        return resolve_one(named, mention, ents, pos)
    company = _brand(subj, ents, pos)
    if company is not None:
        return _organization(ents, pos, company, mention, 0.8, f"{subj.text} → {company}")
    # a name: the person entity the head token belongs to
    ent_type = "" if subj.ent_type_ == "MISC" else subj.ent_type_
    if subj.pos_ != "PROPN" and subj.text[:1].isupper() and subj.lower_ not in PERSON_NOUNS | GROUP_NOUNS:
        # the tagger read a surname as a common noun ("Sanders", "Trump")
        known = ents.person_by_surname([subj.text], pos)
        if known is not None and len(known.tokens) >= 2:
            ents.note(pos, ents.persons.index(known), "person", 3)
            ents.events.sort(key=lambda e: e[0])
            return Attribution(
                name=known.name,
                kind="person",
                role=_role(known),
                mention=mention,
                confidence=0.8,
                evidence=("name", f"{subj.text} → {known.name}"),
            )
    titled = subj.lower_ in PERSON_NOUNS and not any(
        c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" and c.lower_ not in PERSON_NOUNS for c in subj.children
    )
    if _hyphenated_title(subj):
        # "the WHO Director-General": a title, whatever organization's acronym comes with it
        titled = not any(
            c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" and c.lower_ not in PERSON_NOUNS | HONORIFICS
            for c in subj.children
            if (c.i < subj.i - 2 or c.i > subj.i) and not (c.text.isupper() and len(c.text) > 1)
        )
    if titled:
        ent_type = ""  # "Judge", "Lawmaker": a capitalised description, not a name
    elif ent_type == "PERSON" or subj.pos_ == "PROPN":
        name_toks = _name_tokens(subj)
        courtesy = [c.text for c in subj.lefts if c.lower_.strip(".") in _GENDER]
        if courtesy and name_toks and name_toks[0] not in courtesy:
            name_toks = courtesy[:1] + name_toks  # "Mrs. Doe": the title tells which Doe
        p = ents.person_by_surname(name_toks, pos) if name_toks else None
        if p is not None and ent_type not in ("", "PERSON") and len(p.tokens) < 2:
            p = None  # an organization or place that only looks like a surname
        if p is None and name_toks and ent_type in ("PERSON", ""):
            p = ents.add_person(name_toks, pos)
        if p is not None:
            evidence.append(f"name {' '.join(name_toks)} → {p.name}")
            ents.note(pos, ents.persons.index(p), "person", 3)
            ents.events.sort(key=lambda e: e[0])
            return Attribution(
                name=p.name, kind="person", role=_role(p), mention=mention, confidence=0.9, evidence=("name", *evidence)
            )
    if not titled and (ent_type in ("ORG", "GPE", "FAC") or subj.pos_ == "PROPN"):
        known = ents.person_by_surname(_name_tokens(subj), pos) if subj.text[:1].isupper() else None
        if known is not None and len(known.tokens) >= 2:
            ents.note(pos, ents.persons.index(known), "person", 3)
            ents.events.sort(key=lambda e: e[0])
            return Attribution(
                name=known.name,
                kind="person",
                role=_role(known),
                mention=mention,
                confidence=0.8,
                evidence=("name", f"{subj.text} → {known.name}"),
            )
        span = _org_run(subj, _ent_span(subj) or [subj])
        name = _org_name(_phrase(list(span)))
        full = _longer_org(name, ents)
        return _organization(ents, pos, full, mention, 0.85, f"{name} → {full}")
    # a description: match its words to a person's titles and appositives
    head = subj.lemma_.lower()
    plural = subj.tag_ in ("NNS", "NNPS") or subj.lower_ in GROUP_NOUNS
    run = _org_run(subj, [subj]) if plural and subj.text[:1].isupper() else []
    if any(t.lower_ in _CONNECTORS for t in run):
        # "Citizens for Fair Taxes": a plural that heads an organization's name
        name = _org_name(_phrase(run))
        return _organization(ents, pos, name, mention, 0.7, name)
    if plural:
        label = _description(subj)
        return Attribution(name=label, kind="group", mention=mention, confidence=0.7, evidence=("group",))
    whole = _whole_of(subj) if head in _PARTS else None
    if whole is not None:
        # "a three-judge panel of the U.S. Court of Appeals": the body speaks for the organization
        name = _longer_org(_org_name(_phrase(_org_run(whole, [whole]))), ents)
        # the parser may hang the name's "for the Sixth Circuit" on the part noun instead
        name = max((v for v in ents.orgs.values() if v.lower().startswith(name.lower() + " ")), key=len, default=name)
        return _organization(ents, pos, name, mention, 0.7, f"{subj.text} of {name}")
    if (head in ORG_NOUNS or head in OUTLET_NOUNS) and head not in PERSON_NOUNS:
        owner = next((c for c in subj.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"), None)
        mine = next((c for c in subj.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        mine = mine if head in ("campaign", "administration") else None
        holder = ents.person_named(ents.salient(pos, gender=_gender_of(mine.lower_)) or "") if mine else None
        if owner is not None and owner.ent_type_ in ("DATE", "TIME"):
            owner = None  # "the June poll": when, not whose
        if owner is not None and head in _DOCUMENTS:
            # "the IMF report": the organization that wrote it
            full = _longer_org(_org_name(_phrase(_org_run(owner, [owner]))), ents)
        elif owner is not None:
            full = f"{owner.text} {subj.text.lower()}"  # "Hillary Clinton’s campaign" → "Clinton campaign"
        elif holder is not None and len(holder.tokens) > 1:
            full = f"{holder.tokens[-1]} {subj.text.lower()}"  # "her campaign" → "Clinton campaign"
        else:
            full = _owned_before(ents, subj.text.lower(), pos) or _org_described(ents, subj, pos)
            if full is None and head in OUTLET_NOUNS and not _indefinite(subj):
                full = _outlet_before(ents, pos)
        if full is None:
            full = _description(subj)
        return Attribution(
            name=full,
            kind="organization",
            mention=mention,
            confidence=0.6,
            evidence=("description", f"{subj.text} → {full}"),
        )
    best = _described(ents, subj, pos)
    indefinite = _indefinite(subj)
    if best is not None:
        return Attribution(
            name=best.name,
            kind="person",
            role=_role(best),
            mention=mention,
            confidence=0.7,
            evidence=("description", f"{subj.text} ~ {best.roles}", best.name),
        )
    if head in PERSON_NOUNS and indefinite:
        # "a reporter", "one aide": a new person the article does not name, not the last one named;
        # but in an article's opening the news convention names them just after ("A judge has
        # ruled … Justice Jane Doe wrote")
        ahead = ents.named_next(pos, gender=_NOUN_GENDER.get(head)) if ents.in_opening(pos) else None
        if ahead is not None:
            return Attribution(
                name=ahead.name,
                kind="person",
                role=_role(ahead),
                mention=mention,
                confidence=0.5,
                evidence=("description", "named next", ahead.name),
            )
        label = _description(subj)
        return Attribution(
            name=label or None, kind="person", mention=mention, confidence=0.4, evidence=("description", "unnamed")
        )
    if head in PERSON_NOUNS and _possessor(subj) is not None:
        # "Tamsin's spokesman", "his lawyer": someone the article has not named as such; the most
        # salient person is the possessor or another, never them
        return Attribution(name=None, kind="person", mention=mention, confidence=0.3,
                           evidence=("description", "unnamed", subj.text))
    if head in PERSON_NOUNS:
        name = ents.salient(pos, gender=_NOUN_GENDER.get(head))
        if name is None and ents.in_opening(pos):
            # a headline's "Judge rejects …": nobody before it, the person the opening names
            ahead = ents.named_next(pos, gender=_NOUN_GENDER.get(head))
            name = ahead.name if ahead is not None else None
        p = ents.person_named(name) if name else None
        if p is not None:
            _add_role(p, _description(subj) or "")
        return Attribution(
            name=name,
            kind="person",
            role=_role(p) if p else None,
            mention=mention,
            confidence=0.55 if name else 0.3,
            evidence=("description", "salience", str(name)),
        )
    return Attribution(name=None, kind="unknown", mention=mention, confidence=0.3, evidence=("unresolved",))


def _organization(
    ents: Entities, pos: int, name: str, mention: Span | None, confidence: float, how: str
) -> Attribution:
    """An organization as the speaker, noted as in view from ``pos`` for the pronouns after it."""
    ents.note(pos, name, "organization", 3)
    ents.events.sort(key=lambda e: e[0])
    return Attribution(
        name=name, kind="organization", mention=mention, confidence=confidence, evidence=("organization", how)
    )


# Parts of an organization that speak for it: "a panel of the appeals court", "the board of the bank".
_PARTS = {"panel", "board", "bench", "division", "branch", "wing", "arm", "unit", "office", "delegation"}


def _whole_of(subj: Token) -> Token | None:
    """The named organization a part noun belongs to ("a panel of the Court of Appeals"), if any."""
    for c in subj.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                if o.dep_ == "pobj" and o.ent_type_ == "ORG" and o.pos_ == "PROPN":
                    return o
    return None


def _appositive_name(subj: Token) -> Token | None:
    """The person's name set beside a singular description as its appositive ("one of the lawyers,
    Jane Doe"), whose head noun is no name itself."""
    if subj.pos_ not in ("NOUN", "NUM") or subj.tag_ in ("NNS", "NNPS") or subj.lower_ in GROUP_NOUNS:
        return None
    head = subj.head
    if subj.dep_ == "appos" and head.i < subj.i and head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
        return head  # "Jane Doe, a staffer who said …": the description is the name's appositive
    heads = [subj]
    if subj.lower_ == "one":
        # "one of the family's attorneys, Jane Doe": the parser hangs the name on the plural
        heads += [o for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                  if o.dep_ == "pobj"]
    else:
        # "an attorney for Doe, Jane Roe": the parser hangs the name on the client's name, but a
        # name set beside a name, or beside an organization, describes the description (beside a
        # title, "a spokesman for the president, John Doe", it is left to the parser)
        heads += [o for c in subj.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to")
                  for o in c.children if o.dep_ == "pobj" and o.lower_ not in PERSON_NOUNS
                  and (o.pos_ == "PROPN" or o.lower_ in ORG_NOUNS)]
    for h in heads:
        for c in h.children:
            if c.dep_ == "appos" and c.i > h.i and c.pos_ == "PROPN" and c.ent_type_ == "PERSON":
                return c
    return None


_NOUN_GENDER = {
    "actress": "f", "actor": "m", "chairwoman": "f", "chairman": "m", "spokeswoman": "f", "spokesman": "m",
    "congresswoman": "f", "congressman": "m", "businesswoman": "f", "businessman": "m", "mother": "f",
    "father": "m", "wife": "f", "husband": "m", "daughter": "f", "son": "m", "woman": "f", "man": "m",
    "queen": "f", "king": "m", "princess": "f", "prince": "m", "assemblywoman": "f", "assemblyman": "m",
}


def _indefinite(subj: Token) -> bool:
    """ "a spokesman", "another aide", "one official": a description that brings in someone new."""
    first = next((t for t in subj.lefts), None)
    return first is not None and first.lower_ in ("a", "an", "another", "one", "some")


def _described(ents: Entities, subj: Token, pos: int) -> Person | None:
    """The person whose titles and appositives hold the description's head noun ("the senator") and most
    of its other words ("the Florida senator"); among equals, the one in view most recently."""
    words = role_words(" ".join(t.text for t in subj.subtree if not t.is_punct and t.i <= subj.i))
    head = _ABBREVIATIONS.get(subj.lower_, subj.lower_)
    if _hyphenated_title(subj):
        head = subj.doc[subj.i - 2].lower_  # "Director-General": the director, not a general
    recent: dict[int, int] = {}
    for epos, key, kind, _ in ents.events:
        if kind == "person" and epos < pos:
            recent[key] = epos  # type: ignore[index]
    best, best_key = None, None
    indefinite = _indefinite(subj)
    for i, p in enumerate(ents.persons):
        # a role with a rank the description lacks is another office ("vice presidential nominee")
        own = [_own_words(r) for r in p.roles]
        # and one of the other party is another person ("the Democratic nominee", "Republican nominee")
        own = [w for w in own if not (w & _RANKS) - words and not (w & _PARTIES and words & _PARTIES - w)]
        p_words = set().union(*own) if p.roles else p.words
        score = len(words & p_words)
        if not score or (indefinite and (score < 2 or head not in p_words)):
            continue
        # the head noun first ("senator"); a relational title ("his Danish counterpart") only by its other words
        key = (head in p_words, score, i in recent, recent.get(i, -1))
        if best_key is None or key > best_key:
            best, best_key = p, key
    return best


def _remember_gender(p: Person | None, pronoun: str) -> None:
    if p is not None and p.gender is None:
        p.gender = _gender_of(pronoun)


def _role(p: Person | None) -> str | None:
    return p.roles[0] if p is not None and p.roles else None


def _name_tokens(subj: Token) -> list[str]:
    span = _ent_span(subj)
    if span is not None and span.label_ == "PERSON":
        return _ent_name(span).split()
    toks = [c for c in subj.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"] + [subj]
    return [t.text for t in toks if t.text not in ("’s", "'s")]


def _ent_span(tok: Token) -> SpacySpan | None:
    if not tok.ent_type_:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


_DOCUMENTS = {"report", "study", "statement", "poll", "survey", "memo", "letter", "analysis", "review"}
# Nouns for what someone said or wrote, whose possessor is the one who said it ("her statement").
_SAYINGS = _DOCUMENTS | {
    "account", "tweet", "tweets", "remarks", "speech", "response", "words", "comments", "testimony",
    "interview", "post", "email", "note", "column", "book", "memoir", "message", "announcement", "release",
}


def _org_described(ents: Entities, subj: Token, pos: int) -> str | None:
    """The organization a description stands for: the one whose name holds the most of its words
    ("the appeals court" → "U.S. Court of Appeals for the Sixth Circuit"). An indefinite
    one in the opening ("A union representing pilots endorsed …") is the one the
    article names next, as news writing introduces it, and so is "the union" after it."""
    head = subj.lemma_.lower()
    words = {t.lemma_.lower() for t in subj.subtree if t.i <= subj.i and t.lower_ not in _DETS}
    best, rank = None, (0, 0)
    for p, name, kind, _ in ents.events:
        if kind != "organization" or name in ents.places:
            continue
        names = {w.lower().rstrip("s") for w in str(name).split()}
        if head.rstrip("s") not in names:
            continue
        # the most words in common; of equals, the last before the description, else the first after
        r = (sum(w.rstrip("s") in names for w in words), p if p < pos else -p)
        if best is None or r > rank:
            best, rank = str(name), r
    if best is not None:
        return best
    if not _indefinite(subj):
        return ents.described.get(head)  # "the union", after "a union" was found to be one
    if not ents.in_opening(pos) or head in _DOCUMENTS:
        return None  # "a new report" may be about the organization named next, not by it
    after = (n for p, n, k, _ in ents.events if k == "organization" and pos < p < pos + 400 and n not in ents.places)
    found = next(after, None)
    if found is not None:
        ents.described[head] = str(found)
    return None if found is None else str(found)


def _owned_before(ents: Entities, noun: str, pos: int) -> str | None:
    """The last "Clinton campaign" / "Trump’s campaign" before ``pos``, for "the campaign"."""
    found = None
    for m in re.finditer(r"\b([A-Z][\w-]+)(?:’s|'s)?\s+" + re.escape(noun) + r"\b", ents.text[:pos]):
        word = m.group(1)
        if word.lower() in _DETS:
            continue
        before = ents.text[max(0, m.start() - 8) : m.start()].rstrip(" \t")
        if word.lower() in STOP_WORDS and (not before or before[-1] in '.!?:\n“"'):
            continue  # "If newspaper endorsements …": a capital that only starts the sentence
        found = f"{word} {noun}"
    return found


def _outlet_before(ents: Entities, pos: int) -> str | None:
    """The news outlet named last before ``pos`` ("… first reported by the Daily Ledger. The newspaper
    also found …"), within a few paragraphs."""
    found = None
    for p, name, kind, _ in ents.events:
        if p >= pos:
            break
        if kind == "organization" and p > pos - 2000 and OUTLET_WORDS & set(str(name).lower().split()):
            found = str(name)
    return found


_CONNECTORS = {"of", "for", "to", "and"}
_NOT_IN_NAMES = {w for w in CALENDAR if not w.endswith(".")}


def _org_run(subj: Token, span) -> list[Token]:
    """The whole capitalised name an organization's head word stands in, within its noun phrase:
    "the State Department Refugee Center", "the Committee for a Balanced Budget", "Securities and
    Exchange Commission" (the tagger often gives only a part of it)."""
    doc = subj.doc
    lo, hi = subj.left_edge.i, subj.right_edge.i

    def cap(t: Token) -> bool:
        return (
            t.text[:1].isupper()
            and t.pos_ in ("PROPN", "NOUN", "ADJ")
            and t.lower_ not in _NOT_IN_NAMES
            and t.ent_type_ not in ("DATE", "TIME")
        )

    toks = list(span)
    start, end = toks[0].i, toks[-1].i + 1
    if not all(cap(t) or t.lower_ in _CONNECTORS or t.is_punct for t in toks):
        return toks
    while start - 1 >= lo:
        if cap(doc[start - 1]):
            start -= 1
        elif doc[start - 1].lower_ in _CONNECTORS and start - 2 >= lo and cap(doc[start - 2]):
            start -= 2  # "Citizenship and Immigration Services"
        else:
            break
    i = end
    while i <= hi:
        t = doc[i]
        if cap(t):
            i += 1
            end = i
            continue
        if t.lower_ in _CONNECTORS and t.lower_ != "and" and i + 1 <= hi:
            # after the head word, "and" joins two names ("the Senate and the House"), not parts of one
            j = i + 1
            if doc[j].lower_ in ("a", "the") and j + 1 <= hi:
                j += 1
            if cap(doc[j]):
                i = j
                continue
        break
    return list(doc[start:end])


def _company(word: str, ents: Entities) -> str | None:
    """The company a one-word name stands for when the article also writes it with a company word
    after it ("Peabody" for "Peabody Energy"); None for given names and words without one."""
    if word not in ents.companies:
        ents.companies[word] = _company_in(word, ents.text)
    return ents.companies[word]


def _company_in(word: str, text: str) -> str | None:
    if not word[:1].isupper() or given_name_gender(word) is not None:
        return None
    forms: dict[str, int] = {}
    for m in re.finditer(rf"\b{re.escape(word)}[^\S\n]+([A-Z][a-z]+)\b", text):
        if m.group(1).lower() in COMPANY_WORDS:
            form = f"{word} {m.group(1)}"
            forms[form] = forms.get(form, 0) + 1
    return max(forms, key=lambda f: forms[f]) if forms else None


def _brand(subj: Token, ents: Entities, pos: int) -> str | None:
    """The company a speaker named by one capitalised word stands for ("Peabody said" when the
    article writes "Peabody Energy"), unless the word is a known person's surname."""
    if not subj.text[:1].isupper():
        return None
    if any(c.dep_ in ("compound", "flat") or c.lower_.strip(".") in _COURTESY for c in subj.children):
        return None
    company = _company(subj.text, ents)
    if company is None:
        return None
    known = ents.person_by_surname([subj.text], pos)
    return company if known is None or len(known.tokens) < 2 else None


def _longer_org(name: str, ents: Entities) -> str:
    low = name.lower()
    words = set(low.split())
    letters = name.replace(".", "")
    if name.isupper() and 2 <= len(letters) <= 6 and letters.isalpha():
        # an acronym ("AFT", "S.E.C."): the organization whose initials spell it
        for display in ents.orgs.values():
            initials = "".join(w[0] for w in display.split() if w[0].isupper())
            if initials == letters and len(display.split()) > 1:
                return display
        for m in re.finditer(
            r"\b((?:[A-Z][a-z]+\s+(?:of\s+|for\s+|and\s+|the\s+|to\s+|a\s+|on\s+)*){1,6}[A-Z][a-z]+)", ents.text
        ):
            run = m.group(1).split()
            for k in range(len(run) - 1):  # "The Harbour Board" for "HB"
                if run[k][0].isupper() and "".join(w[0] for w in run[k:] if w[0].isupper()) == letters:
                    return " ".join(run[k:])
    for key, display in ents.orgs.items():
        if key != low and words and words <= set(key.split()) and len(key) > len(low):
            return display
    if len(words) == 1:
        return _company(name, ents) or name
    return name


#: "Most analysts", "a few residents": how many of the group spoke, not who they are
_QUANTIFIERS = {"most", "many", "some", "several", "few", "all", "both", "numerous", "various"}


def _description(subj: Token) -> str:
    toks = [t for t in subj.subtree if t.i <= subj.i and _wordlike(t)]
    while toks and (toks[0].lower_ in _DETS or (len(toks) > 1 and toks[0].lower_ in _QUANTIFIERS)):
        toks = toks[1:]
    return _phrase(toks)


def resolve_name(tokens: list[str], mention: Span | None, ents: Entities, pos: int) -> Attribution:
    """A speaker given only as written text (a signature after a dash)."""
    return _fullest(_resolve_name(tokens, mention, ents, pos), ents)


def _resolve_name(tokens: list[str], mention: Span | None, ents: Entities, pos: int) -> Attribution:
    p = ents.person_by_surname(tokens, pos) or ents.add_person(tokens, pos, weight=3)
    if p is None:
        return Attribution(name=" ".join(tokens), kind="unknown", mention=mention, confidence=0.5, evidence=("byline",))
    ents.note(pos, ents.persons.index(p), "person", 3)
    ents.events.sort(key=lambda e: e[0])
    return Attribution(
        name=p.name, kind="person", role=_role(p), mention=mention, confidence=0.8, evidence=("byline", p.name)
    )


_PARAGRAPH_BREAK = re.compile(r"\n+")


def given_name_gender(name: str) -> str | None:
    """'m' or 'f' for common given names, so "she" never resolves to a Donald."""
    low = name.lower()
    if low in FEMALE_NAMES:
        return "f"
    if low in MALE_NAMES:
        return "m"
    return None
