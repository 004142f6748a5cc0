"""Which canonical name a speaker mention resolves to (names, pronouns, descriptions).

Every article here is made up for the test (invented places and people).
"""

from __future__ import annotations

import saidwhat
from saidwhat.model import Quote


def statement(text: str, words: str) -> Quote:
    """The quote whose content holds ``words``."""
    quotes = saidwhat.extract(text)
    found = [q for q in quotes if any(words in text[s.start : s.end] for s in q.spans)]
    assert found, [q.text_of(text) for q in quotes]
    return found[0]


def test_a_description_with_a_name_in_apposition_resolves_to_the_name():
    text = (
        "The ferry company lost its appeal on Monday.\n\n"
        "A lawyer for the ferry company, Odile Varga, said no decision had been made about a new appeal."
    )
    q = statement(text, "no decision had been made")
    assert q.attribution.name == "Odile Varga"
    text = (
        "In a statement, one of the harbour board's attorneys, Tamsin Holloway, said the records were "
        "complete."
    )
    assert statement(text, "the records were complete").attribution.name == "Tamsin Holloway"
