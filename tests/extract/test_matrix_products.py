"""spaCy's layers multiply with NumPy's BLAS in the pipeline: the same parses as with BLIS."""

from __future__ import annotations

import spacy
from thinc.api import NumpyOps

from saidwhat.extract import DEFAULT_MODEL, _matrix_products_in_numpy, one_blas_thread

# Invented paragraphs: reported speech, a quotation, a long sentence with clauses and names.
TEXTS = [
    "“The bridge will reopen on Monday,” said Harbour Commissioner Lotte Maarsen, who oversaw the repairs.",
    "Councillor Ravi Okonkwo told reporters that the budget, which was cut twice last year, would not "
    "cover the new ferries, and he added that the port authority had known this since March.",
    "The union says the talks failed; its chair, Ines Falk, called the offer “an insult to every docker”.",
]


def parse(doc):
    return [(t.text, t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in doc]


def test_numpy_products_give_the_same_parses():
    blis = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    numpy_ = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    _matrix_products_in_numpy(numpy_)
    layers = [layer for name in numpy_.pipe_names if getattr(numpy_.get_pipe(name), "model", None) is not None
              for layer in numpy_.get_pipe(name).model.walk()]
    assert layers and all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)
    with one_blas_thread():
        for a, b in zip(blis.pipe(TEXTS), numpy_.pipe(TEXTS), strict=True):
            assert parse(a) == parse(b)
