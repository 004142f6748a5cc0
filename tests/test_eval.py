"""Scoring: `saidwhat eval` prints the referee's figures on the same files, and the seed article
passes the issue's bar with the project's own evaluation."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from saidwhat import evaluate
from saidwhat.errors import GoldError


def referee(shared, gold, pred, *flags) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(shared / "tools" / "score_quotes.py"), str(gold), str(pred), *flags],
        capture_output=True, text=True, timeout=600, check=True,
    )


def assert_same_figures(ours: dict, theirs: dict) -> None:
    assert set(ours) == set(theirs), set(ours) ^ set(theirs)
    for key, want in theirs.items():
        got = ours[key]
        if isinstance(want, float):
            assert isinstance(got, float) and math.isclose(got, want, rel_tol=0, abs_tol=1e-12), key
        else:
            assert got == want, key


@pytest.fixture(scope="module")
def seed(shared):
    folder = shared / "data" / "seed"
    return folder / "carter-raqqa.txt", folder / "carter-raqqa.gold.json"


@pytest.fixture(scope="module")
def seed_pred(seed, tmp_path_factory):
    """Predictions for the seed article written by `saidwhat extract --format jsonl`."""
    from saidwhat.cli import main

    text, _ = seed
    path = tmp_path_factory.mktemp("seed") / "pred.jsonl"
    assert main(["extract", "--format", "jsonl", "--output", str(path), str(text)]) == 0
    return path


def test_eval_json_equals_the_referee_on_the_seed(cli, shared, seed, seed_pred):
    _, gold = seed
    run = cli("eval", gold, seed_pred, "--json")
    assert run.code == 0
    assert_same_figures(json.loads(run.out), json.loads(referee(shared, gold, seed_pred, "--json").stdout))


def test_eval_text_equals_the_referee_on_the_seed(cli, shared, seed, seed_pred):
    _, gold = seed
    run = cli("eval", gold, seed_pred)
    assert run.code == 0
    assert run.out == referee(shared, gold, seed_pred).stdout


def test_eval_without_predictions_extracts_and_saves_them(cli, shared, seed, tmp_path):
    _, gold = seed
    saved = tmp_path / "saved.jsonl"
    run = cli("eval", gold, "--json", "--save", saved)
    assert run.code == 0
    assert_same_figures(json.loads(run.out), json.loads(referee(shared, gold, saved, "--json").stdout))
    (obj,) = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert obj["id"] == "carter-raqqa"


def test_seed_article_passes_the_bar_with_our_own_evaluation(pipeline, seed):
    """Issue #2: F1_all >= 0.90 and speaker name accuracy >= 0.90 on the seed article."""
    _, gold_path = seed
    gold = evaluate.load_jsonl(gold_path)
    evaluate.validate_gold(gold, name=str(gold_path))
    pred = [r.to_dict() for r in pipeline.pipe(evaluate.gold_articles(gold))]
    figures = evaluate.score(gold, pred)
    assert figures["f1_all"] >= 0.90, evaluate.format_figures(figures)
    assert figures["speaker_name_acc"] >= 0.90, evaluate.format_figures(figures)


@pytest.mark.slow
def test_eval_equals_the_referee_on_polnear_dev(cli, shared, tmp_path):
    gold = shared / "data" / "polnear" / "dev.jsonl"
    pred = tmp_path / "dev-pred.jsonl"
    run = cli("extract", "--format", "jsonl", "--no-progress", "--output", pred, gold)
    assert run.code == 0, run.err
    ours = cli("eval", gold, pred, "--json")
    assert ours.code == 0
    assert_same_figures(json.loads(ours.out), json.loads(referee(shared, gold, pred, "--json").stdout))


# --- the scoring rule on hand-built cases ----------------------------------------------------------

TEXT = "“The quay is open,” Ada Brook said. Officials said the pier would close at noon."


def gold_doc(*attributions):
    return {"doc": "d1", "text": TEXT, "attributions": list(attributions)}


def attribution(start, end, speaker=None, source=None, quote_type="direct", cue=None):
    a = {"content": [{"start": start, "end": end}], "quote_type": quote_type,
         "source": [{"start": source[0], "end": source[1]}] if source else [],
         "cue": [{"start": cue[0], "end": cue[1]}] if cue else []}
    if speaker:
        a["speaker"] = speaker
    return a


def pred_doc(*quotes):
    return {"id": "d1", "quotes": list(quotes), "errors": []}


def quote(start, end, name=None, mention=None):
    return {"spans": [[start, end]], "kind": "direct", "cue": None,
            "speaker": {"name": name, "kind": "person", "role": None,
                        "mention": {"start": mention[0], "end": mention[1], "text": ""} if mention else None}}


QUAY = (TEXT.index("The quay"), TEXT.index("open") + 4)
PIER = (TEXT.index("the pier"), TEXT.index("noon") + 4)
ADA = (TEXT.index("Ada"), TEXT.index("Brook") + 5)


def test_marks_and_punctuation_are_trimmed_before_matching():
    gold = [gold_doc(attribution(QUAY[0] - 1, QUAY[1] + 2, speaker="Ada Brook", source=ADA))]
    pred = [pred_doc(quote(*QUAY, name="Ada Brook", mention=ADA))]
    f = evaluate.score(gold, pred)
    assert (f["precision"], f["recall_all"], f["exact_share_of_matched"]) == (1.0, 1.0, 1.0)
    assert f["speaker_mention_acc"] == 1.0 and f["speaker_name_acc"] == 1.0 and f["e2e_f1"] == 1.0


def test_a_match_needs_half_of_each_side():
    start, end = PIER
    gold = [gold_doc(attribution(start, end, quote_type="indirect"))]
    half = start + (end - start) // 2 + 1
    assert evaluate.score(gold, [pred_doc(quote(start, half))])["matched"] == 1
    assert evaluate.score(gold, [pred_doc(quote(start, start + 5))])["matched"] == 0
    assert evaluate.score(gold, [pred_doc(quote(0, len(TEXT)))])["matched"] == 0


def test_one_prediction_matches_one_gold_attribution():
    gold = [gold_doc(attribution(*QUAY), attribution(*QUAY))]
    f = evaluate.score(gold, [pred_doc(quote(*QUAY))])
    assert (f["matched"], f["precision"], f["recall_all"]) == (1, 1.0, 0.5)


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        ("Ada Brook", "Ada Brook", True),
        ("Mayor Ada Brook", "Ada Brook", True),
        ("Ada Bröok", "Ada Brook", True),
        ("Brook", "Ada Brook", False),
        ("Ada Brook & Tom Reyes", "Tom Reyes; Ada Brook", True),
        ("Ada Brook", "Tom Reyes", False),
        (None, "Ada Brook", False),
    ],
)
def test_speaker_names_are_compared_after_normalising(predicted, gold, ok):
    assert evaluate.same_speaker(predicted, gold) is ok


def test_lenient_names_accept_a_surname_only():
    assert evaluate.same_speaker("Brook", "Ada Brook", lenient=True)
    assert not evaluate.same_speaker("Brook", "Ada Reyes", lenient=True)


def test_hand_built_figures_equal_the_referee(shared, tmp_path):
    gold = [gold_doc(
        attribution(*QUAY, speaker="Ada Brook", source=ADA),
        attribution(*PIER, quote_type="indirect", cue=(TEXT.index("said the"), TEXT.index("said the") + 4)),
    )]
    pred = [pred_doc(quote(*QUAY, name="Tom Reyes", mention=ADA), quote(0, 3, name="Ada Brook"))]
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("\n".join(json.dumps(d) for d in gold) + "\n", encoding="utf-8")
    p.write_text("\n".join(json.dumps(d) for d in pred) + "\n", encoding="utf-8")
    assert_same_figures(evaluate.score(gold, pred), json.loads(referee(shared, g, p, "--json").stdout))


def test_gold_without_required_keys_is_refused(cli, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc": "x", "attributions": []}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError):
        evaluate.validate_gold(evaluate.load_jsonl(path))
    run = cli("eval", path, path)
    assert run.code == 2
    assert "no 'text'" in run.err


def test_gold_that_is_not_json_is_refused(cli, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("this is not json\n", encoding="utf-8")
    run = cli("eval", path)
    assert run.code == 2
    assert "not JSON Lines" in run.err
