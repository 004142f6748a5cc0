"""Stage 2b (fast mode): find the names in a parsed paragraph without the statistical NER.

The parser's part-of-speech tags already mark proper nouns; a run of them is a name. A run is an
organization when it holds an organization word or is an acronym, and a person otherwise, which
is what the later stages need: the resolver decides the rest from the whole article. Skipping the
NER halves the cost of a parse.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .lexicon import FEMALE_NAMES, HONORIFICS, MALE_NAMES, ORG_NOUNS

_ORG_WORDS = ORG_NOUNS | {
    "inc",
    "corp",
    "co",
    "llc",
    "ltd",
    "foundation",
    "institute",
    "university",
    "college",
    "school",
    "party",
    "committee",
    "department",
    "ministry",
    "council",
    "agency",
    "service",
    "services",
    "bank",
    "fund",
    "court",
    "post",
    "times",
    "news",
    "journal",
    "press",
    # the mastheads of papers, magazines and sites ("Elite Daily reports …")
    "daily",
    "herald",
    "tribune",
    "gazette",
    "telegraph",
    "magazine",
    "weekly",
    "chronicle",
    "insider",
    "courier",
    "examiner",
    "dispatch",
    "network",
    "house",
    "senate",
    "congress",
    "pentagon",
    "kremlin",
    "nations",
    "union",
    "center",
    "centre",
    "association",
    "organization",
    "administration",
    "commission",
    "board",
    "office",
    "bureau",
    "group",
    "company",
    "airlines",
    "motors",
    "media",
    "radio",
    "television",
    "tv",
    "review",
    "guardian",
    "reuters",
    "politico",
    "cnn",
    "bbc",
    # places and armed groups speak as organizations too
    *"county corps state city province district republic kingdom taliban isis isil".split(),
}
_COURTESY = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "senator",
    "governor",
    "secretary",
    "gen",
    "judge",
    "mayor",
    "prof",
    "del",
    "sir",
    "dame",
    "lord",
    "lady",
}
_LINKS = {
    "de",
    "da",
    "del",
    "di",
    "du",
    "le",
    "la",
    "van",
    "von",
    "der",
    "bin",
    "al",
    "of",
    "for",
    "and",
    "on",
    "to",
    "&",
}


#: Days and months, with their abbreviations ("May" left out: it is also a name and a verb)
CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "aug.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
}
_TITLES = {
    "executive",
    "director",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "ceo",
    "chief",
    "correspondent",
    "anchor",
    "host",
    "founder",
    "editor",
    "commander",
    "coach",
    "force",
    "army",
    "navy",
    "retired",
    "officer",
    "candidate",
    "nominee",
    "leader",
    "whip",
    "adviser",
    "advisor",
}


def _runs(doc: Doc) -> list[tuple[int, int]]:
    runs, i = [], 0
    n = len(doc)

    def name_like(k: int) -> bool:
        return doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper()

    while i < n:
        if not name_like(i):
            i += 1
            continue
        j = i + 1
        while j < n:
            if name_like(j):
                j += 1
            elif (
                doc[j].text == "-"
                and not doc[j - 1].whitespace_
                and not doc[j].whitespace_
                and j + 1 < n
                and doc[j + 1].is_alpha
            ):
                j += 2  # Ki-moon, Geun-hye, Holtz-Eakin
            elif (
                doc[j].lower_ in _LINKS
                and j + 1 < n
                and doc[j + 1].text[:1].isupper()
                and any(t.lower_ in _ORG_WORDS for t in doc[i:j])
            ):
                j += 2  # Commission on Presidential Debates, Alliance to Reclaim …
            else:
                break
        runs.append((i, min(j, n)))
        i = j
    return runs


def guess_entities(doc: Doc, common: set[str] | frozenset[str] = frozenset()) -> Doc:
    """Set ``doc.ents`` from runs of proper nouns: PERSON, ORG, or MISC for a lone word.

    ``common`` holds words the article also writes in lower case ("climate", "south"): a run made
    of them is a phrase in title case, not a person's name.
    """
    ents = []
    for start, end in _runs(doc):
        toks = [t for t in doc[start:end] if t.lower_ not in CALENDAR]
        courtesy = bool(toks) and toks[0].lower_.strip(".") in _COURTESY
        if toks and toks[0].is_sent_start and toks[0].lower_.endswith(("ing", "ed")) and len(toks) > 1:
            toks = toks[1:]  # "Injecting Clinton …": a capitalised verb starting the sentence
        # a title inside the run ends what comes before it: "Pennsylvania Gov. Ed Rendell"
        cut = max((k for k, t in enumerate(toks[:-1]) if t.lower_.strip(".") in HONORIFICS | _TITLES), default=-1)
        toks = toks[cut + 1 :]
        # the rest of a hyphenated title ("Director-General", "Secretary-General") is no name
        while toks and (not toks[0].text.strip("-–") or (cut >= 0 and toks[0].lower_ in HONORIFICS | _TITLES)):
            toks = toks[1:]
        if not toks or len(toks) > 6:
            continue
        words = {t.lower_.strip(".") for t in toks}
        acronym = len(toks) == 1 and toks[0].text.isupper() and len(toks[0].text) > 1
        before = doc[start - 1].lower_ if start > 0 else ""
        if words & _ORG_WORDS or acronym or (before == "the" and toks[0].lower_ not in FEMALE_NAMES | MALE_NAMES):
            label = "ORG"
        elif " of " in " ".join(t.lower_ for t in toks) or " for " in " ".join(t.lower_ for t in toks):
            label = "ORG"
        elif toks[-1].tag_ == "NNPS" or toks[-1].lower_.endswith(("ans", "ists", "ians")):
            label = "NORP"  # "African Americans", "Democrats": a group, not a person
        elif courtesy:
            label = "PERSON"  # "Mr. Obama", "Sen. Graham"
        elif len(toks) == 1 and toks[0].lower_ not in FEMALE_NAMES | MALE_NAMES:
            label = "MISC"  # a lone capitalised word: a surname, a place or a brand; the resolver decides
        elif any(t.lower_ in common for t in toks) and toks[0].lower_ not in FEMALE_NAMES | MALE_NAMES:
            label = "MISC"
        else:
            label = "PERSON"
        ents.append(SpacySpan(doc, toks[0].i, toks[-1].i + 1, label=label))
    doc.set_ents(ents, default="outside")
    return doc


def lowercase_words(text: str) -> set[str]:
    """Words the text writes in lower case somewhere: evidence they are not parts of names."""
    return set(re.findall(r"\b[a-z][a-z’'-]+\b", text))
