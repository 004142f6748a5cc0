"""The output contract of issue #2: one JSON object per article, keys and types fixed."""

from __future__ import annotations

import json

import pytest

from saidwhat.model import QUOTE_KINDS, SPEAKER_KINDS, Article, Attribution, Quote, Result, Span

ARTICLE = (
    "Mayor Lena Ostrova and Governor Tobias Wren met at the ferry terminal on Monday.\n"
    "“We will not close the library,” Ostrova said, “and we will not cut its hours.”\n"
    "Officials said the pier would close at noon.\n"
    "Governor Tobias Wren said the budget was “a promise kept to every family” in the valley.\n"
    "“We tested every well in the district twice this week.”\n"
    "The transport ministry said the ferry service would resume on Thursday."
)

QUOTE_KEYS = {"text", "spans", "kind", "cue", "speaker", "confidence"}
SPEAKER_KEYS = {"name", "kind", "role", "mention"}
SPAN_KEYS = {"text", "start", "end"}


def check_span_object(obj, text):
    assert set(obj) == SPAN_KEYS
    assert isinstance(obj["start"], int) and isinstance(obj["end"], int)
    assert isinstance(obj["text"], str)
    assert 0 <= obj["start"] <= obj["end"] <= len(text)
    assert text[obj["start"] : obj["end"]] == obj["text"]


def check_contract(obj, text):
    assert set(obj) - {"pipeline"} == {"id", "quotes", "errors"}
    assert isinstance(obj["id"], str)
    assert isinstance(obj["quotes"], list)
    assert isinstance(obj["errors"], list) and all(isinstance(e, str) for e in obj["errors"])
    for q in obj["quotes"]:
        assert set(q) == QUOTE_KEYS
        assert isinstance(q["text"], str) and q["text"]
        assert isinstance(q["spans"], list) and q["spans"]
        for span in q["spans"]:
            assert isinstance(span, list) and len(span) == 2
            assert all(isinstance(i, int) for i in span)
            assert 0 <= span[0] < span[1] <= len(text)
        assert q["text"] == " … ".join(text[a:b] for a, b in q["spans"])
        assert q["kind"] in ("direct", "mixed", "indirect")
        if q["cue"] is not None:
            check_span_object(q["cue"], text)
        sp = q["speaker"]
        assert set(sp) == SPEAKER_KEYS
        assert sp["name"] is None or isinstance(sp["name"], str)
        assert sp["kind"] in ("person", "organization", "group", "unknown")
        assert sp["role"] is None or isinstance(sp["role"], str)
        if sp["mention"] is not None:
            check_span_object(sp["mention"], text)
        assert isinstance(q["confidence"], float | int) and 0 <= q["confidence"] <= 1


@pytest.fixture(scope="module")
def result(pipeline):
    return pipeline.extract(Article(id="contract-1", text=ARTICLE))


def test_extracted_result_follows_the_contract(result):
    obj = result.to_dict()
    check_contract(obj, ARTICLE)
    assert obj["id"] == "contract-1"
    assert obj["errors"] == []
    assert len(obj["quotes"]) >= 5


def test_contract_survives_a_json_round_trip(result):
    obj = result.to_dict()
    again = json.loads(json.dumps(obj, ensure_ascii=False))
    assert again == obj
    check_contract(again, ARTICLE)


def test_every_kind_of_statement_appears(result):
    kinds = {q["kind"] for q in result.to_dict()["quotes"]}
    assert kinds == {"direct", "mixed", "indirect"}


def test_interrupted_quote_has_several_spans(result):
    quotes = result.to_dict()["quotes"]
    assert any(len(q["spans"]) == 2 for q in quotes)


def test_hand_built_result_serialises_exactly():
    text = "“Yes,” Ada Brook said."
    quote = Quote(
        spans=(Span(1, 4),),
        kind="direct",
        cue=Span(17, 21),
        attribution=Attribution(name="Ada Brook", kind="person", role=None, mention=Span(7, 16),
                                confidence=0.87654),
    )
    obj = Result(article=Article(id="a", text=text), quotes=(quote,)).to_dict()
    assert obj == {
        "id": "a",
        "quotes": [
            {
                "text": "Yes",
                "spans": [[1, 4]],
                "kind": "direct",
                "cue": {"text": "said", "start": 17, "end": 21},
                "speaker": {
                    "name": "Ada Brook",
                    "kind": "person",
                    "role": None,
                    "mention": {"text": "Ada Brook", "start": 7, "end": 16},
                },
                "confidence": 0.877,
            }
        ],
        "errors": [],
    }


def test_unattributed_quote_has_null_cue_name_and_mention():
    text = "“Nobody knows.”"
    quote = Quote(spans=(Span(1, 14),), kind="direct", cue=None, attribution=Attribution(name=None))
    obj = Result(article=Article(id="b", text=text), quotes=(quote,)).to_dict()
    q = obj["quotes"][0]
    assert q["cue"] is None
    assert q["speaker"] == {"name": None, "kind": "unknown", "role": None, "mention": None}
    check_contract(obj, text)


def test_failed_article_has_errors_and_no_quotes():
    obj = Result(article=Article(id="c", text=""), errors=("c: empty article",)).to_dict()
    assert obj == {"id": "c", "quotes": [], "errors": ["c: empty article"]}


def test_kinds_are_the_contract_kinds():
    assert set(QUOTE_KINDS) == {"direct", "mixed", "indirect"}
    assert set(SPEAKER_KINDS) == {"person", "organization", "group", "unknown"}


def test_spans_are_half_open_and_reject_bad_ranges():
    assert Span(2, 5).text_of("abcdefg") == "cde"
    with pytest.raises(ValueError):
        Span(5, 2)
    with pytest.raises(ValueError):
        Span(-1, 2)
