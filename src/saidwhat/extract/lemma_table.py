"""spaCy's rule lemmatizer run once per distinct token form instead of once per token: the same
lemmas in a fraction of the time.

A rule lemma depends only on the token's form, coarse POS and morphology. spaCy's lemmatizer
works it out token by token in Python (and does not cache base forms, most nouns among them),
about a sixth of the parsing time on the small English model. Here the three are read as one
integer array per document, each distinct triple is lemmatized once with spaCy's own lemmatizer
and remembered, and the lemmas are written back as one array. spaCy's word index per POS is a
list that each lemmatization searches from the start; it only answers "is this a known word", so
it becomes a set.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "saidwhat_lemma_table"
#: Distinct (form, POS, morphology) triples remembered; past this the memory starts afresh.
MAX_CACHED = 500_000


class LemmaTable:
    """A pipeline component giving the same lemmas as a given rule lemmatizer."""

    def __init__(self, lemmatizer=None) -> None:  # type: ignore[no-untyped-def]
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or self.lemmatizer is None:
            return doc
        overwrite = self.lemmatizer.overwrite
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = array.tolist()
        cache = self.cache
        if len(cache) > MAX_CACHED:
            cache.clear()
        lemmatize, strings = self.lemmatizer.lemmatize, doc.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:  # set earlier (the attribute ruler's exceptions): kept
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                value = cache[key] = strings.add(lemmatize(doc[i])[0])
            array[i, 3] = value
            changed = True
        if changed:
            doc.from_array([LEMMA], numpy.ascontiguousarray(array[:, 3:4]))
        return doc

    def pipe(self, docs, batch_size: int = 128):  # type: ignore[no-untyped-def]
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    return LemmaTable()


def use_lemma_table(nlp: Language) -> bool:
    """Swap ``nlp``'s rule lemmatizer for the table; False (and nothing changed) if it cannot."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "is_base_form"):
        return False
    index = lemmatizer.lookups.get_table("lemma_index", None)
    if index is not None:
        for key, words in list(index.items()):
            index[key] = frozenset(words)
    table = nlp.replace_pipe("lemmatizer", FACTORY)
    table.lemmatizer = lemmatizer
    return True
