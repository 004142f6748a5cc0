"""The attribute table gives every token the same attributes as spaCy's attribute ruler."""

from __future__ import annotations

import spacy

from saidwhat.extract import DEFAULT_MODEL
from saidwhat.extract.attribute_table import AttributeTable, UnsupportedPattern, use_attribute_table

# Invented sentences that exercise the ruler's exceptions: contractions, "gonna", "y'all", "let's",
# expletive "there", auxiliaries, "but" as an adverb, pronoun case, stray and double spaces.
TEXTS = [
    "“We ain't gonna wait,” Mayor Ida Brandt said. “Y'all know it, and it knows us.”",
    "There is no money left, Councillor Tomas Wren told them; there were  two bids but one failed.",
    "Let's be clear: I gave it to you, and you gave it to me. Did they do it? They did.",
    "C'mon, the ferry has got ta run,\n\n  Minister Aurelia Voss wrote on Tuesday. She had said so before.",
    "All but one of the 12 harbour pilots, who have been striking since May, gets paid today.",
]


def attributes(doc):
    return [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def test_same_attributes_as_the_ruler():
    ruler = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    table = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    assert use_attribute_table(table)
    assert type(table.get_pipe("attribute_ruler")) is AttributeTable
    for a, b in zip(ruler.pipe(TEXTS), table.pipe(TEXTS), strict=True):
        assert attributes(a) == attributes(b)


def test_patterns_it_cannot_express_keep_the_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})
    assert not use_attribute_table(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler
    try:
        AttributeTable(ruler.patterns, nlp.vocab)
    except UnsupportedPattern as exc:
        assert "SHAPE" in str(exc)
    else:
        raise AssertionError("a SHAPE pattern must be refused")
