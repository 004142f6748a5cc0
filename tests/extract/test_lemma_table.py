"""The lemma table gives every token the same lemma as spaCy's rule lemmatizer."""

from __future__ import annotations

import spacy

from saidwhat.extract import DEFAULT_MODEL
from saidwhat.extract.attribute_table import use_attribute_table
from saidwhat.extract.lemma_table import LemmaTable, use_lemma_table

# Invented sentences with irregular verbs, plurals, comparatives, a form that is a noun in one
# place and a verb in another, and the attribute ruler's own lemmas ("'s", "ai", "gon").
TEXTS = [
    "The dockers' leaders found the union it was founded by; she found that the ferries were leaving.",
    "“We ain't gonna wait,” Mayor Ida Brandt said. “It's worse than ever, and the best bids left.”",
    "Geese, mice and children saw the saws; the councillors had been told they would be better off.",
    "She says it's read, he read it, they are reading it, and the readings have been written down.",
]


def lemmas(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_same_lemmas_as_the_lemmatizer():
    spacys = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    table = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    for nlp in (spacys, table):
        use_attribute_table(nlp)
    assert use_lemma_table(table)
    assert type(table.get_pipe("lemmatizer")) is LemmaTable
    for _ in range(2):  # the second time from the table's memory
        for a, b in zip(spacys.pipe(TEXTS), table.pipe(TEXTS), strict=True):
            assert lemmas(a) == lemmas(b)


def test_a_lookup_lemmatizer_is_kept():
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not use_lemma_table(nlp)
    assert nlp.get_pipe("lemmatizer") is lemmatizer
