"""spaCy's attribute ruler (the tag map and its exceptions: coarse POS, morphology, a few lemmas)
applied by table lookups instead of a token Matcher: the same attributes in less time.

spaCy's ruler runs a general-purpose Matcher over every token for ~180 patterns, most of which say
"this fine tag means this POS"; on the small English model that is a sixth of the parsing time.
Here token attributes are read once as integer arrays and patterns are indexed by the exact tag
or word their first token needs, so each token is tested against only the few that can match.
Matching sees the attributes as they were before any change and later patterns win, as in spaCy,
so the result is the same token for token (a test checks it against the original ruler).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "saidwhat_attribute_table"
#: The token attributes patterns may test, in the column order of ``Doc.to_array``.
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
WRITABLE = {"POS", "MORPH", "LEMMA", "TAG", "DEP"}
#: Distinct token rows remembered with their starting rules; past this the memory starts afresh.
MAX_MEMO = 200_000


class UnsupportedPattern(ValueError):
    """A ruler pattern this table cannot express; the caller keeps spaCy's ruler."""


def _test(attr: str, cond: Any, vocab) -> Callable[[int], bool]:  # type: ignore[no-untyped-def]
    """A test on the integer value of ``attr`` (a string's hash, or 0/1 for IS_SPACE)."""
    if attr not in COLUMNS:
        raise UnsupportedPattern(f"pattern on {attr}")

    def key(value: Any) -> int:
        return int(value) if isinstance(value, bool) else vocab.strings.add(value)

    if isinstance(cond, dict):
        if set(cond) == {"IN"}:
            allowed = frozenset(key(v) for v in cond["IN"])
            return allowed.__contains__
        if set(cond) == {"NOT_IN"}:
            barred = frozenset(key(v) for v in cond["NOT_IN"])
            return lambda v: v not in barred
        if set(cond) == {"REGEX"}:
            rx = re.compile(cond["REGEX"])
            seen: dict[int, bool] = {}

            def search(v: int) -> bool:
                hit = seen.get(v)
                if hit is None:
                    hit = seen[v] = rx.search(vocab.strings[v]) is not None
                return hit

            return search
        raise UnsupportedPattern(f"operator {cond}")
    wanted = key(cond)
    return wanted.__eq__


def _prepared(attrs: dict[str, Any], vocab) -> tuple[tuple[str, Any], ...]:  # type: ignore[no-untyped-def]
    """Attribute values in the form cheapest to set: POS as its symbol, MORPH as its table key."""
    from spacy.symbols import IDS

    out = []
    for attr, value in attrs.items():
        if attr == "POS":
            value = IDS[value]
        elif attr == "MORPH":
            value = vocab.morphology.add(value)
        out.append((attr, value))
    return tuple(out)


class AttributeTable:
    """A pipeline component giving the same token attributes as a given ``AttributeRuler``."""

    def __init__(self, patterns: list[dict[str, Any]], vocab) -> None:  # type: ignore[no-untyped-def]
        self.by_tag: dict[int, list[tuple]] = {}
        self.by_lower: dict[int, list[tuple]] = {}
        self.rest: list[tuple] = []
        #: attribute values of a token → the rules that can start there (see ``_starting_at``)
        self.starting: dict[tuple[int, ...], list[tuple]] = {}
        # The tag map (a fine tag alone gives POS and MORPH) covers nearly every token: when all
        # of it comes before the exceptions, it is applied to whole arrays and only the
        # exceptions are matched token by token.
        self.tag_map: dict[int, tuple[int, int]] = {}
        tag_only = [
            key
            for key, entry in enumerate(patterns)
            if all(len(p) == 1 and set(p[0]) == {"TAG"} and isinstance(p[0]["TAG"], str) for p in entry["patterns"])
            and set(entry["attrs"]) == {"POS", "MORPH"}
            and entry.get("index", 0) == 0
        ]
        others = [key for key in range(len(patterns)) if key not in set(tag_only)]
        vectorised = set(tag_only) if tag_only and (not others or max(tag_only) < min(others)) else set()
        for key, entry in enumerate(patterns):
            if key in vectorised:
                attrs = dict(_prepared(entry["attrs"], vocab))
                for pattern in entry["patterns"]:
                    self.tag_map[vocab.strings.add(pattern[0]["TAG"])] = (attrs["POS"], attrs["MORPH"])
                continue
            if not set(entry["attrs"]) <= WRITABLE:
                raise UnsupportedPattern(f"sets {set(entry['attrs']) - WRITABLE}")
            attrs = _prepared(entry["attrs"], vocab)
            for pattern in entry["patterns"]:
                specs = tuple(
                    tuple((attr, _test(attr, cond, vocab)) for attr, cond in spec.items()) for spec in pattern
                )
                specs = tuple(tuple((COLUMNS[attr], test) for attr, test in spec) for spec in specs)
                rule = (key, specs, attrs, entry.get("index", 0))
                first = pattern[0]
                if isinstance(first.get("TAG"), str):
                    self.by_tag.setdefault(vocab.strings.add(first["TAG"]), []).append(rule)
                elif isinstance(first.get("LOWER"), str):
                    self.by_lower.setdefault(vocab.strings.add(first["LOWER"]), []).append(rule)
                else:
                    self.rest.append(rule)

    def _starting_at(self, row: list[int]) -> list[tuple]:
        """The rules whose first token accepts a token with these attribute values, in the order
        they are tried (remembered per distinct row: most tokens are common words)."""
        out = []
        for rules in (self.by_tag.get(row[0], ()), self.by_lower.get(row[1], ()), self.rest):
            for rule in rules:
                if all(test(row[column]) for column, test in rule[1][0]):
                    out.append(rule)
        return out

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        # every attribute a pattern may test, read once, before anything is changed
        array = doc.to_array(ARRAY_ATTRS)
        rows = array.tolist()
        if self.tag_map:
            current = doc.to_array([POS, MORPH])
            tags, where = numpy.unique(array[:, 0], return_inverse=True)
            found = [self.tag_map.get(int(t)) for t in tags]
            mapped = numpy.array([hit or (0, 0) for hit in found], dtype=current.dtype)[where.ravel()]
            known = numpy.array([hit is not None for hit in found], dtype=bool)[where.ravel()]
            current[known] = mapped[known]
            doc.from_array([POS, MORPH], current)
        starting = self.starting
        if len(starting) > MAX_MEMO:
            starting.clear()
        matches = []
        for i, row in enumerate(rows):
            key = tuple(row)
            rules = starting.get(key)
            if rules is None:
                rules = starting[key] = self._starting_at(row)
            for rule in rules:
                specs = rule[1]
                if i + len(specs) > n:
                    continue
                ok = True
                for j in range(1, len(specs)):
                    values = rows[i + j]
                    for column, test in specs[j]:
                        if not test(values[column]):
                            ok = False
                            break
                    if not ok:
                        break
                if ok:
                    matches.append((rule[0], i, rule[2], rule[3]))
        matches.sort(key=lambda m: (m[0], m[1]))  # later patterns win, as in spaCy's ruler
        for _, i, attrs, index in matches:
            token = doc[i + index]
            for attr, value in attrs:
                if attr == "POS":
                    token.pos = value
                elif attr == "MORPH":
                    token.set_morph(value)
                elif attr == "LEMMA":
                    token.lemma_ = value
                elif attr == "TAG":
                    token.tag_ = value
                else:
                    token.dep_ = value
        return doc

    def pipe(self, docs, batch_size: int = 128):  # type: ignore[no-untyped-def]
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY, default_config={"patterns": []})
def make_attribute_table(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> AttributeTable:
    return AttributeTable(patterns, nlp.vocab)


def use_attribute_table(nlp: Language) -> bool:
    """Swap ``nlp``'s attribute ruler for the table; False (and nothing changed) if it cannot."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns
    try:
        AttributeTable(patterns, nlp.vocab)
    except UnsupportedPattern:
        return False
    nlp.replace_pipe("attribute_ruler", FACTORY, config={"patterns": patterns})
    return True
