"""Stage 1, quotation pairing: every mark style news uses, no model involved."""

from __future__ import annotations

import random
import time

import pytest

from saidwhat.extract.quotations import find_quotations


def contents(text: str) -> list[list[str]]:
    """The text of each quotation's spans, for readable assertions."""
    return [[s.text_of(text) for s in q.spans] for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("The clerk said “the ledger is closed” and left.", "the ledger is closed"),
        ('The clerk said "the ledger is closed" and left.', "the ledger is closed"),
        ("The clerk said 'the ledger is closed' and left.", "the ledger is closed"),
        ("The clerk said ‘the ledger is closed’ and left.", "the ledger is closed"),
        ("The clerk said ``the ledger is closed'' and left.", "the ledger is closed"),
        ("The clerk said «the ledger is closed» and left.", "the ledger is closed"),
        ("The clerk said „the ledger is closed“ and left.", "the ledger is closed"),
    ],
    ids=["curly-double", "straight-double", "straight-single", "curly-single", "latex", "guillemets",
         "german"],
)
def test_every_mark_style_pairs(text, inside):
    assert contents(text) == [[inside]]


def test_spans_exclude_the_marks_and_outer_includes_them():
    text = "Before «the gate opens» after."
    (q,) = find_quotations(text)
    assert q.spans[0].text_of(text) == "the gate opens"
    assert q.outer.text_of(text) == "«the gate opens»"
    assert q.closed


def test_several_styles_in_one_text_stay_separate():
    text = "He said «one», then „two“, then ``three'' and ‘four’."
    assert contents(text) == [["one"], ["two"], ["three"], ["four"]]


def test_multi_paragraph_quotation_opens_at_each_paragraph_and_closes_at_the_end():
    text = (
        "The harbour pilot read her letter aloud.\n"
        "“The channel has silted up for a decade.\n"
        "“Every captain here knows it, and every captain has written to the board.\n"
        "“We ask only that someone reads the letters,” she said."
    )
    (q,) = find_quotations(text)
    assert [s.text_of(text) for s in q.spans] == [
        "The channel has silted up for a decade.",
        "Every captain here knows it, and every captain has written to the board.",
        "We ask only that someone reads the letters,",
    ]
    assert q.closed


@pytest.mark.parametrize("mark", ["''", "``", '"', "“"])
def test_multi_paragraph_quotation_in_every_double_style(mark):
    close = {"``": "''", "“": "”"}.get(mark, mark)
    text = (
        f"{mark}The ferry will run on Sundays,{close} the harbourmaster said. {mark}It ran for years.\n\n"
        f"{mark}Then the council cut it.{close}\n\nThe council declined to comment."
    )
    assert contents(text) == [
        ["The ferry will run on Sundays,"],
        ["It ran for years.", "Then the council cut it."],
    ]


def test_nested_quotation_reports_the_outer_one_only():
    text = "“The sign said ‘no entry’, so we waited,” the driver said."
    assert contents(text) == [["The sign said ‘no entry’, so we waited,"]]


def test_nested_straight_marks():
    text = "\"The sign said 'no entry', so we waited,\" the driver said."
    assert contents(text) == [["The sign said 'no entry', so we waited,"]]


@pytest.mark.parametrize(
    "text",
    [
        "It’s the players’ day, and O’Neill’s too.",
        "It's the players' day, and O'Neill's too.",
        "The ’90s were kind to the town's bakers.",
        "The Joneses' boat and the Hardys' dog met in '58.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text):
    assert find_quotations(text) == []


def test_apostrophes_inside_a_quotation_do_not_end_it():
    text = "“It’s O’Neill’s boat, not the players’,” the skipper said."
    assert contents(text) == [["It’s O’Neill’s boat, not the players’,"]]


@pytest.mark.parametrize(
    "text",
    [
        "“",
        "”",
        "\"",
        "The mayor said “we will see and left.",
        "The mayor said we will see” and left.",
        "“one” “two” “three",
        "« » „ “ ” ' ' ‘ ’ `` ''",
        "\"\"\"",
        "“Open\n\n\n”",
    ],
)
def test_odd_and_unbalanced_marks_never_crash(text):
    for q in find_quotations(text):
        for s in q.spans:
            assert 0 <= s.start <= s.end <= len(text)


def test_unclosed_quotation_closes_at_its_paragraph_end():
    text = "The mayor said “we will see about that\nNext paragraph without marks."
    (q,) = find_quotations(text)
    assert q.spans[0].text_of(text) == "we will see about that"
    assert not q.closed


def test_hundreds_of_unbalanced_marks_run_fast():
    rng = random.Random(7)
    marks = ["“", "”", '"', "'", "«", "»", "„", "‘", "’", "``", "''"]
    pieces = []
    for _ in range(5000):
        pieces.append(rng.choice(marks))
        pieces.append(rng.choice([" harbour ", "quay", " ", "\n", ", ", "ship"]))
    text = "".join(pieces)
    started = time.perf_counter()
    quotes = find_quotations(text)
    elapsed = time.perf_counter() - started
    # linear scan: 5,000 marks take milliseconds; a quadratic pairing would take far longer
    assert elapsed < 2.0
    for q in quotes:
        for s in q.spans:
            assert 0 <= s.start <= s.end <= len(text)


def test_quotations_come_in_text_order_and_do_not_overlap():
    text = "“A,” he said. “B,” she said.\n“C” and “D”."
    quotes = find_quotations(text)
    assert [q.spans[0].text_of(text) for q in quotes] == ["A,", "B,", "C", "D"]
    for a, b in zip(quotes, quotes[1:], strict=False):
        assert a.outer.end <= b.outer.start


def test_text_without_marks_has_no_quotations():
    assert find_quotations("The ferry left at noon and came back at six.") == []
    assert find_quotations("") == []


def test_lost_opening_mark_runs_from_the_paragraph_start():
    text = 'Intro line.\nI would like to thank everyone. We did it together," she said. "And again."\n'
    quotes = [text[q.spans[0].start : q.spans[-1].end] for q in find_quotations(text)]
    assert quotes[0] == "I would like to thank everyone. We did it together,"


def test_an_opening_glyph_after_a_question_mark_closes_the_quotation():
    # “Why now?“ she asked — a typing slip some sites print: the quotation ends there, and the next
    # paragraph's quotation is a new one
    text = "Arden was stunned. “Do you want to be tied to a smuggler?“ she asked.\n\n“No,” Olsen said. “Never.”"
    assert contents(text) == [["Do you want to be tied to a smuggler?"], ["No,"], ["Never."]]
    # an inner quotation opened after a space still nests
    assert contents("“He told me “no,” and left,” she said.") == [["He told me “no,” and left,"]]
    # after a word too: the board called for an “urgent review“ of the pier, then for a “ban”
    text = "The board called for an “urgent review“ of the pier and said a “ban” was coming."
    assert contents(text) == [["urgent review"], ["ban"]]


def test_quotation_marks_inside_markup_are_not_quotations():
    # an embedded post left as a tag in the text, its attribute values quoted, one of them broken
    # over a line: none of those marks opens a quotation
    text = ('The mayor answered online.\n\n<post author="@harbormayor" date="March 3, 2031\n">We will '
            "reopen the pier by spring.<post/>.\n\nLater she said the pier “will be safe again.”")
    assert contents(text) == [["will be safe again."]]
    assert contents('<a href="https://example.org/a b c d">Link</a> “Fine words,” Ode said.') == [["Fine words,"]]
