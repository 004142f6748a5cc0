"""The learned attribution tagger: training end to end on an invented corpus, the NumPy tagger
against the network it was exported from, gold tags, and the model shipped in the package.

Every article here is invented (the towns, people and events do not exist).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from saidwhat.learn import BUNDLED_MODEL, Tagger
from saidwhat.learn.features import FEATURES, TAGS
from saidwhat.model import Article

PEOPLE = [("Ottilie Brandvold", "she", "mayor"), ("Tomas Rekdal", "he", "harbour master"),
          ("Ines Marlow", "she", "union leader"), ("Piet Osterhout", "he", "ferry captain"),
          ("Maren Sollid", "she", "council treasurer"), ("Arvid Lunde", "he", "school principal")]
TOWNS = ["Lenvik", "Dravna", "Kolsund", "Heimby"]
CLAIMS = ["the new pier will open before the summer", "the ferry fares must not rise again",
          "the dredging has damaged the fishing grounds", "the school roof needs urgent repairs",
          "the council overspent on the festival", "the night bus should run every hour"]
FILLER = ["The {town} market opens at dawn on Saturdays.", "Snow closed the coastal road twice in March.",
          "The old ferry was built in {year}."]


def _article(k: int) -> dict:
    """An invented article with three attributions and their gold spans."""
    name, pron, role = PEOPLE[k % len(PEOPLE)]
    other = PEOPLE[(k + 1) % len(PEOPLE)][0]
    town = TOWNS[k % len(TOWNS)]
    c1, c2, c3 = (CLAIMS[(k + j) % len(CLAIMS)] for j in range(3))
    parts: list[tuple[str, str | None]] = []  # (text, label) with label content/cue/source
    parts += [(FILLER[k % 3].format(town=town, year=1950 + k) + "\n\n", None)]
    parts += [(name, "source1"), (f", the {role} of {town}, ", None), ("said", "cue1"), (" that ", None),
              (c1, "content1"), (".\n\n", None)]
    parts += [(f"Residents of {town} ", "source2"), ("believe", "cue2"), (" ", None), (c2, "content2"),
              (".\n\n", None)]
    parts += [(other, "source3"), (" ", None), ("warned", "cue3"), (" that ", None), (c3, "content3"),
              (f", and {pron} left early.\n", None)]
    text, spans, pos = "", {}, 0
    for piece, label in parts:
        if label:
            spans[label] = {"start": pos, "end": pos + len(piece), "text": piece}
        text += piece
        pos += len(piece)
    atts = [{"id": f"T{i}", "type": "Attribution", "quote_type": "indirect",
             "source": [spans[f"source{i}"]], "cue": [spans[f"cue{i}"]], "content": [spans[f"content{i}"]]}
            for i in (1, 2, 3)]
    return {"doc": f"invented-{k:02d}", "publisher": "invented", "text": text, "attributions": atts}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    train, dev = folder / "train.jsonl", folder / "dev.jsonl"
    train.write_text("".join(json.dumps(_article(k)) + "\n" for k in range(20)), encoding="utf-8")
    dev.write_text("".join(json.dumps(_article(k)) + "\n" for k in range(20, 24)), encoding="utf-8")
    return train, dev


@pytest.fixture(scope="module")
def trained(corpus, tmp_path_factory):
    pytest.importorskip("torch", reason="training needs PyTorch (pip install 'saidwhat[train]')")
    from saidwhat.learn.train import Settings, train

    out = tmp_path_factory.mktemp("model")
    lines: list[str] = []
    meta = train(corpus[0], out, dev_path=corpus[1], settings=Settings(epochs=6, hidden=48, layers=2, seed=3),
                 progress=lines.append)
    return out, meta, lines


def test_training_runs_end_to_end(trained):
    out, meta, lines = trained
    assert (out / "weights.npz").is_file() and (out / "meta.json").is_file()
    assert meta["version"].startswith("cnn-")
    assert len(meta["history"]) == 6
    assert meta["history"][-1]["loss"] < meta["history"][0]["loss"] / 2
    assert any(line.startswith("epoch 6/6") and "dev" in line for line in lines), lines
    assert meta["min_score"] in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    assert isinstance(meta["drop_nested"], bool)  # chosen on the held-out articles with the thresholds
    assert any("drop_nested" in line for line in lines if line.startswith("held-out, chosen")), lines


def test_trained_model_tags_an_unseen_invented_article(trained):
    """Cues the rules' lexicon knows are found by the rules; the tagger must reproduce the gold
    tags on a new article of the same kind, token for token, for most tokens."""
    from saidwhat.extract import Pipeline
    from saidwhat.learn.train import gold_tags, parse_articles

    out, meta, _ = trained
    tagger = Tagger.load(out)
    gold = _article(31)
    pipe = Pipeline(attribution_model="none")
    (prep, docs), = parse_articles(pipe, [gold], lambda _: None)
    from saidwhat.learn.features import quotation_spans, token_features
    from saidwhat.learn.tagger import encode

    right = total = content_right = 0
    for pi, doc in zip(prep.selected, docs, strict=True):
        para = prep.paragraphs[pi]
        quoted, marks = quotation_spans(prep.quotations, para.start, para.end)
        probs = tagger.probabilities(encode(token_features(doc, para.start, quoted, marks), tagger.vocabs))
        want = gold_tags(doc, para.start, gold["attributions"])
        got = probs.argmax(axis=1).tolist()
        right += sum(a == b for a, b in zip(got, want, strict=True))
        total += len(want)
        content_right += sum(a == b for a, b in zip(got, want, strict=True) if TAGS[b] == "I-CONTENT")
    assert total > 40
    assert right / total >= 0.85
    assert content_right >= 10


def test_training_is_deterministic_for_a_seed(corpus, tmp_path):
    pytest.importorskip("torch", reason="training needs PyTorch")
    from saidwhat.learn.train import Settings, train

    s = Settings(epochs=1, hidden=16, layers=1, seed=11)
    a = train(corpus[0], tmp_path / "a", settings=s, progress=lambda _: None)
    b = train(corpus[0], tmp_path / "b", settings=s, progress=lambda _: None)
    assert a["version"] == b["version"]
    assert (tmp_path / "a" / "weights.npz").read_bytes() == (tmp_path / "b" / "weights.npz").read_bytes()


def test_refit_trains_again_on_every_article_and_keeps_the_thresholds(corpus, tmp_path):
    """--refit: the thresholds are chosen with a tenth held out, then the weights are learned again
    from all the articles, as a run without held-out articles would learn them."""
    pytest.importorskip("torch", reason="training needs PyTorch")
    from saidwhat.learn.train import Settings, train

    plain = train(corpus[0], tmp_path / "a", settings=Settings(epochs=1, hidden=16, layers=1, seed=11),
                  progress=lambda _: None)
    lines: list[str] = []
    refit = train(corpus[0], tmp_path / "b", settings=Settings(epochs=1, hidden=16, layers=1, seed=11, refit=True),
                  progress=lines.append)
    assert (plain["train_articles"], refit["train_articles"]) == (18, 20)
    keys = ("min_score", "keep_min", "nested_cue_min", "end_min", "drop_nested", "held_out")
    assert {k: refit[k] for k in keys} == {k: plain[k] for k in keys}
    assert refit["version"] != plain["version"] and refit["settings"]["refit"] is True
    assert any(line.startswith("refit: training again on all 20 articles") for line in lines), lines
    assert Tagger.load(tmp_path / "b").version == refit["version"]


def test_cli_refit_is_for_the_taggers_only(corpus, tmp_path, cli):
    run = cli("train", "--design", "speakers", "--refit", "--train", corpus[0], "--out", tmp_path / "m")
    assert run.code == 2
    assert "--refit is for the taggers" in run.err


def test_numpy_tagger_computes_what_the_trained_network_computes(tmp_path):
    """Extraction runs the exported weights in NumPy; they must give the network's probabilities."""
    torch = pytest.importorskip("torch", reason="needs PyTorch to build the reference network")
    from saidwhat.learn.train import Settings, _export, _net

    torch.manual_seed(0)
    vocabs = {name: {"<unk>": 0, **{f"{name}{i}": i + 1 for i in range(9)}} for name in FEATURES if name != "head"}
    s = Settings(hidden=24, layers=3)
    net = _net(torch, vocabs, s)
    net.eval()
    tagger = _export(net, vocabs, s, tmp_path, {})
    # the network with the exported (half-precision) weights, so both sides hold the same numbers
    with np.load(tmp_path / "weights.npz") as npz:
        net.load_state_dict({k: torch.from_numpy(npz[k].astype(np.float32)) for k in npz.files})
    rng = np.random.default_rng(1)
    ids = rng.integers(0, 10, size=(37, len(FEATURES)))
    with torch.no_grad():
        logits = net(torch.from_numpy(ids)[None], torch.tensor([37]))[0]
        want = torch.softmax(logits, dim=1).numpy()
    got = tagger.probabilities(ids)
    assert got.shape == (37, len(TAGS))
    assert np.allclose(got, want, atol=1e-4)
    # several paragraphs at once (as extraction runs an article): each as if it ran alone, however
    # short (a paragraph of one token is narrower than the widest dilation)
    parts = [ids[:1], ids, ids[5:9], ids[:0], ids[10:]]
    for part, batched in zip(parts, tagger.probabilities_many(parts), strict=True):
        assert batched.shape == (len(part), len(TAGS))
        assert np.allclose(batched, tagger.probabilities(part), atol=1e-6)


def test_gold_tags_keep_an_outer_content_whole(pipeline):
    from saidwhat.learn.train import gold_tags

    text = "Vera Holm said that Ivo Strand claimed the bridge was safe."
    doc = pipeline.nlp(text)
    content = {"start": 20, "end": 58}  # "Ivo Strand claimed the bridge was safe"
    atts = [
        {"source": [{"start": 0, "end": 9}], "cue": [{"start": 10, "end": 14}], "content": [content]},
        {"source": [{"start": 20, "end": 29}], "cue": [{"start": 30, "end": 37}],
         "content": [{"start": 38, "end": 58}]},
    ]
    tags = [TAGS[i] for i in gold_tags(doc, 0, atts)]
    words = [t.text for t in doc]
    assert tags[: words.index("that") + 1] == ["B-SOURCE", "I-SOURCE", "B-CUE", "O"]
    inner = tags[words.index("Ivo") : words.index("safe") + 1]
    assert inner[0] == "B-CONTENT" and set(inner[1:]) == {"I-CONTENT"}
    assert tags[-1] == "O"  # the full stop


def test_cli_train_writes_a_model(corpus, tmp_path, cli):
    pytest.importorskip("torch", reason="training needs PyTorch")
    run = cli("train", "--train", corpus[0], "--dev", corpus[1], "--out", tmp_path / "m", "--epochs", "1")
    assert run.code == 0, run.err
    assert "epoch 1/1" in run.err and "dev P=" in run.err
    assert "written to" in run.out
    assert Tagger.load(tmp_path / "m").version in run.out


def test_cli_train_without_training_data_fails_clearly(tmp_path, cli):
    run = cli("train", "--train", tmp_path / "missing.jsonl", "--out", tmp_path / "m")
    assert run.code != 0
    assert "missing.jsonl" in run.err


# ---- the model shipped in the package -------------------------------------------------------

def test_bundled_model_loads_offline():
    tagger = Tagger.load(BUNDLED_MODEL)
    assert tagger.version.startswith("cnn-")
    assert tagger.meta["trained_on"] == "train.jsonl"
    size = sum(p.stat().st_size for p in BUNDLED_MODEL.iterdir())
    assert size < 60 * 2**20


def test_a_missing_model_folder_is_a_clear_error(tmp_path):
    from saidwhat.errors import ModelError

    with pytest.raises(ModelError, match="saidwhat train"):
        Tagger.load(tmp_path)


@pytest.fixture(scope="module")
def learned_pipeline():
    from saidwhat.extract import Pipeline

    return Pipeline(attribution_model="bundled")


@pytest.fixture(scope="module")
def rules_pipeline():
    from saidwhat.extract import Pipeline

    return Pipeline(attribution_model="none")


def test_the_default_pipeline_uses_the_bundled_model(pipeline, rules_pipeline):
    assert pipeline.tagger is not None and pipeline.tagger.version in pipeline.label
    assert pipeline.label.startswith("saidwhat-rules+learned/")
    assert rules_pipeline.tagger is None and rules_pipeline.label.startswith("saidwhat-rules/")


def test_learned_pipeline_records_the_model_version(learned_pipeline):
    result = learned_pipeline.extract(Article(id="a", text="Mayor Ida Brandt said the vote would go ahead."))
    version = Tagger.load(BUNDLED_MODEL).version
    assert result.pipeline is not None and version in result.pipeline
    assert result.to_dict()["pipeline"] == result.pipeline


# Invented: a hope, which the rules' lexicon does not list as a reporting verb, and a finding it does.
UNSEEN = (
    "The Dravna council met on Monday to discuss the harbour budget.\n\n"
    "Tomas Rekdal, the harbour master, hopes the new breakwater will pay for itself within a decade.\n\n"
    "The treasurer's audit shows the festival lost money for the third year running.\n"
)


def test_bundled_model_finds_what_the_rules_miss(rules_pipeline, learned_pipeline):
    article = Article(id="unseen", text=UNSEEN)
    rules = rules_pipeline.extract(article)
    learned = learned_pipeline.extract(article)
    rule_spans = [s for q in rules.quotes for s in q.spans]
    new = [q for q in learned.quotes if not any(s.overlaps(r) for s in q.spans for r in rule_spans)]
    assert new, f"nothing beyond the rules: {[q.text_of(UNSEEN) for q in learned.quotes]}"
    for q in new:
        assert q.kind == "indirect"
        assert q.cue is not None
        assert 0 < q.attribution.confidence <= 1
        assert "learned" in q.attribution.evidence[-1]
    # every rule quote is still there
    assert {q.spans for q in rules.quotes} <= {q.spans for q in learned.quotes}
    # the new one is the hope, whole, with its cue and its speaker resolved like the rules' speakers
    (hope,) = new
    assert hope.text_of(UNSEEN) == "the new breakwater will pay for itself within a decade"
    assert hope.cue is not None and hope.cue.text_of(UNSEEN) == "hopes"
    assert hope.attribution.name == "Tomas Rekdal" and hope.attribution.kind == "person"


# Invented: a belief inside what was said. PolNeAR annotates it once, as the outer statement.
NESTED = "Mayor Arvid Kessler said he does not believe the harbour will close.\n"


def test_a_report_nested_in_another_is_one_statement(rules_pipeline, learned_pipeline):
    article = Article(id="nested", text=NESTED)
    rules = [q.text_of(NESTED) for q in rules_pipeline.extract(article).quotes]
    assert rules == ["he does not believe the harbour will close"]
    learned = learned_pipeline.extract(article).quotes
    assert [q.text_of(NESTED) for q in learned] == ["he does not believe the harbour will close"]
    assert learned[0].attribution.name == "Arvid Kessler"


def test_the_nested_veto_spares_a_cue_the_tagger_reads_as_a_cue():
    from saidwhat.extract.attribute import Candidate
    from saidwhat.learn.combine import Found, merge
    from saidwhat.model import Span

    def cand(start: int, end: int, cue: int) -> Candidate:
        return Candidate(content=[Span(start, end)], kind="indirect", cue=Span(cue, cue + 4), subject=None,
                         mention=None, rule="ccomp", position=cue, paragraph=0)

    outer, inner = cand(10, 60, 0), cand(40, 60, 34)  # the inner under half the outer: no pair
    found = Found(ents=None, parsed=[], rules=[(outer, 0.9), (inner, 0.9)], learned=[],
                  cue_p={id(outer): 0.9, id(inner): 0.1})
    assert merge(found, min_score=0.8, keep_min=0.3, nested_cue_min=0.3)[0] == [outer]
    assert merge(found, min_score=0.8, keep_min=0.3, nested_cue_min=0.0)[0] == [outer, inner]
    found.cue_p[id(inner)] = 0.6  # "…, adding that …": a cue of its own
    assert merge(found, min_score=0.8, keep_min=0.3, nested_cue_min=0.3)[0] == [outer, inner]


def test_a_report_wholly_inside_another_goes_when_the_model_chose_so():
    from saidwhat.extract.attribute import Candidate
    from saidwhat.learn.combine import Found, merge
    from saidwhat.model import Span

    def cand(start: int, end: int, cue: int) -> Candidate:
        return Candidate(content=[Span(start, end)], kind="indirect", cue=Span(cue, cue + 4), subject=None,
                         mention=None, rule="ccomp", position=cue, paragraph=0)

    outer, inner, beyond = cand(10, 60, 0), cand(40, 60, 34), cand(40, 70, 34)
    for drop, kept in ((False, [outer, inner]), (True, [outer])):
        found = Found(ents=None, parsed=[], rules=[(outer, 0.9), (inner, 0.9)], learned=[],
                      cue_p={id(outer): 0.9, id(inner): 0.9})  # a cue the tagger is sure of
        assert merge(found, min_score=0.8, keep_min=0.3, nested_cue_min=0.3, drop_nested=drop)[0] == kept
    # a report running past the other's end is not inside it: the tagger's veto alone decides
    found = Found(ents=None, parsed=[], rules=[(outer, 0.9), (beyond, 0.9)], learned=[],
                  cue_p={id(outer): 0.9, id(beyond): 0.9})
    assert merge(found, min_score=0.8, keep_min=0.3, nested_cue_min=0.3, drop_nested=True)[0] == [outer, beyond]


def test_of_two_attributions_over_nearly_the_same_words_the_surer_cue_stays():
    from saidwhat.extract.attribute import Candidate
    from saidwhat.learn.combine import Found, merge
    from saidwhat.model import Span

    def cand(start: int, end: int, cue: int) -> Candidate:
        return Candidate(content=[Span(start, end)], kind="indirect", cue=Span(cue, cue + 4), subject=None,
                         mention=None, rule="ccomp", position=cue, paragraph=0)

    # "According to the survey, most voters said they …": the inner report is most of the outer one
    outer, inner = cand(20, 80, 0), cand(40, 80, 34)
    found = Found(ents=None, parsed=[], rules=[(outer, 0.9), (inner, 0.9)], learned=[],
                  cue_p={id(outer): 0.9, id(inner): 0.6})
    assert merge(found, min_score=0.8, keep_min=0.3)[0] == [outer]
    found.cue_p[id(inner)] = 0.95
    assert merge(found, min_score=0.8, keep_min=0.3)[0] == [inner]
    far = cand(60, 80, 54)  # a third of the outer: a nested report of its own, both stay
    found = Found(ents=None, parsed=[], rules=[(outer, 0.9), (far, 0.9)], learned=[],
                  cue_p={id(outer): 0.9, id(far): 0.6})
    assert merge(found, min_score=0.8, keep_min=0.3)[0] == [outer, far]


def test_a_rule_content_takes_the_tagger_end_only_at_a_clause_end():
    from saidwhat.extract.attribute import Candidate
    from saidwhat.learn.combine import _fit_ends
    from saidwhat.model import Span

    text = "Ida Brandt said the pier will open, pointing to the new budget, and left as the ferry came in."
    said = text.index("said")
    content = Span(said + 5, text.index(", and"))  # the rules' subtree, the participle included

    def cand(end: int, rule: str = "ccomp") -> Candidate:
        return Candidate(content=[Span(content.start, end)], kind="indirect", cue=Span(said, said + 4),
                         subject=None, mention=None, rule=rule, position=said, paragraph=0)

    rule = cand(content.end)
    learned_at_comma = cand(text.index(", pointing"), "learned")
    (fitted,) = _fit_ends([rule], [(learned_at_comma, 0.9)], 0.7, text)
    assert fitted.content[0].text_of(text) == "the pier will open"
    assert rule.content == [content]  # a copy: the rule candidate itself is left as it was
    assert _fit_ends([rule], [(learned_at_comma, 0.5)], 0.7, text) == [rule]  # scored too low
    learned_mid_phrase = cand(text.index(" new budget"), "learned")
    assert _fit_ends([rule], [(learned_mid_phrase, 0.9)], 0.7, text) == [rule]


@pytest.mark.parametrize(
    ("text", "learned_end_before"),
    [
        # a closing mark inside a clause goes on: "appointing a “harbour prosecutor” who reports …"
        ("Ida Brandt proposed appointing a “harbour prosecutor” who reports to the council.", "” who"),
        # an apostrophe is no closing mark
        ("Ida Brandt said the port would wait because she’d worry about the storms.", "’d worry"),
    ],
)
def test_a_rule_content_does_not_take_a_tagger_end_inside_its_clause(text, learned_end_before):
    from saidwhat.extract.attribute import Candidate
    from saidwhat.learn.combine import _fit_ends
    from saidwhat.model import Span

    cue = next(m for m in ("proposed", "said") if m in text)
    at = text.index(cue)
    start, end = at + len(cue) + 1, text.index(".")

    def cand(stop: int, rule: str) -> Candidate:
        return Candidate(content=[Span(start, stop)], kind="mixed", cue=Span(at, at + len(cue)),
                         subject=None, mention=None, rule=rule, position=at, paragraph=0)

    rule = cand(end, "embedded-quotation")
    learned = cand(text.index(learned_end_before), "learned")
    assert _fit_ends([rule], [(learned, 0.9)], 0.7, text) == [rule]
    # the same mark before a comma, a stop or "and" does close the clause
    closed = "Ida Brandt called it a “harbour prosecutor” and left."
    at, cue = closed.index("called"), "called"
    start, end = at + len(cue) + 1, closed.index(".")
    rule, learned = cand(end, "embedded-quotation"), cand(closed.index("” and"), "learned")
    (fitted,) = _fit_ends([rule], [(learned, 0.9)], 0.7, closed)
    assert fitted.content[0].text_of(closed) == "it a “harbour prosecutor"


def test_feature_encoder_gives_the_ids_of_the_feature_strings(learned_pipeline):
    """Extraction encodes features off integer arrays; training from strings: the same ids."""
    from saidwhat.extract import prepare
    from saidwhat.extract.names import guess_entities, lowercase_words
    from saidwhat.learn.features import FeatureEncoder, quotation_spans, token_features
    from saidwhat.learn.tagger import encode

    tagger = learned_pipeline.tagger
    encoder = FeatureEncoder(tagger.vocabs)
    example = (Path(__file__).resolve().parent.parent / "examples" / "harbour-strike.txt").read_text(encoding="utf-8")
    texts = [example, UNSEEN, *(_article(k)["text"] for k in range(6))]
    paragraphs = 0
    for text in texts * 2:  # the second time from the encoder's memo
        prep = prepare(Article(id="x", text=text))
        docs = learned_pipeline.nlp.pipe(
            [text[prep.paragraphs[i].start : prep.paragraphs[i].end] for i in prep.selected]
        )
        common = lowercase_words(text)
        for pi, doc in zip(prep.selected, docs, strict=True):
            doc = guess_entities(doc, common)
            para = prep.paragraphs[pi]
            quoted, marks = quotation_spans(prep.quotations, para.start, para.end)
            want = encode(token_features(doc, para.start, quoted, marks), tagger.vocabs)
            assert np.array_equal(encoder(doc, para.start, quoted, marks), want)
            paragraphs += 1
    assert paragraphs > 20


def test_candidate_ceiling_counts_what_the_candidates_reach(repo_root, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(_article(k)) + "\n" for k in range(4)), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(repo_root / "scripts" / "candidate_ceiling.py"), str(gold), "--all"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    rows = {line.split("|")[1].strip(): line.split("|")[2:-1] for line in proc.stdout.splitlines()
            if line.startswith("| ") and not line.startswith(("| what", "| ---"))}
    assert "4 articles, 12 gold attributions" in proc.stdout
    reached = {key: int(cells[1]) for key, cells in rows.items()}
    # nothing reaches more than the gold holds; the union at least what each part reaches
    assert reached["output"] <= 12 and reached["rules and tagger together"] <= 12
    assert reached["rules and tagger together"] >= max(reached["rules"], reached["tagger >= 0.0"])
    assert reached["rules"] >= 8  # "said that", "warned that" and "believe" are the rules' own


class _NoiseTagger:
    """A tagger that reads every word as content and every fifth as a cue, with high confidence:
    what a badly trained model would add."""

    tags = TAGS
    meta: dict = {}
    version = "noise"

    def encoder(self, doc, offset, quoted, marks):
        return len(doc)

    def probabilities_many(self, batch):
        out = []
        for n in batch:
            p = np.full((n, len(TAGS)), 0.01, dtype=np.float32)
            p[:, TAGS.index("I-CONTENT")] = 0.94
            p[::5] = 0.01
            p[::5, TAGS.index("B-CUE")] = 0.94
            out.append(p)
        return out


def test_thresholds_never_choose_additions_that_make_the_output_worse_than_the_rules(rules_pipeline):
    from saidwhat.learn.train import choose_thresholds, parse_articles

    gold = [_article(k) for k in range(6)]
    parsed = parse_articles(rules_pipeline, gold, lambda _: None)
    choice = choose_thresholds(_NoiseTagger(), parsed, gold, lambda _: None)
    assert choice["min_score"] == 2.0  # nothing the noise proposes is added
    assert choice["held_out"]["f1_all"] >= choice["held_out_rules"]["f1_all"]
    assert choice["held_out"]["precision"] >= choice["held_out_rules"]["precision"]
