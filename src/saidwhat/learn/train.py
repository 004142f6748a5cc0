"""Train the attribution tagger on gold attributions (PolNeAR's format) with PyTorch on the CPU.

The articles go through the extractor's own model-free stages and parser, so the tagger learns
from exactly the paragraphs and parses it will see at extraction time. A tenth of the training
articles is held out to choose the thresholds that join learned attributions to the rules' (with
``refit``, the weights are then learned again from all the articles, the thresholds kept); the dev
file, when given, is only measured, after every epoch, and never chooses anything.

PyTorch is needed here only (``pip install 'saidwhat[train]'``); the trained weights are written
for the NumPy tagger in ``tagger.py``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import Article, Span
from .features import FEATURES, TAGS, quotation_spans, token_features
from .tagger import FORMAT, UNKNOWN, Tagger, encode, weights_digest

log = logging.getLogger(__name__)

#: Embedding sizes per feature (``head`` shares the word table).
DIMS = {"word": 64, "shape": 8, "tag": 16, "dep": 16, "ent": 8, "quote": 4, "lex": 4, "head": 64,
        "path": 16, "dist": 6, "edge": 3}
#: Dilations of the convolution layers: each layer sees twice as far as the one before.
DILATIONS = (1, 2, 4, 8, 16)
#: Grid for the two thresholds of combination (see ``combine.merge``).
#: 2 adds nothing: a tagger too weak to add anything at the rules' precision still vetoes, or is
#: left out altogether (keep_min 0), rather than make the output worse than the rules alone.
MIN_SCORES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 2.0)
KEEP_MINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
NESTED_CUE_MINS = (0.0, 0.1, 0.2, 0.3, 0.5)
END_MINS = (2.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)  # 2: rule contents keep their ends


@dataclass(slots=True)
class Settings:
    epochs: int = 6
    hidden: int = 128
    layers: int = 4
    dropout: float = 0.25
    word_dropout: float = 0.05
    lr: float = 2e-3
    batch: int = 32
    seed: int = 13
    min_count: int = 2
    held_out: float = 0.1
    threads: int = 1  # two threads on two busy cores run several times slower than one
    refit: bool = False  # after choosing thresholds, train again on all articles (held-out ones too)


@dataclass(slots=True)
class Paragraph:
    rows: list[list[str]]
    tags: list[int]


def gold_tags(doc, offset: int, attributions: list[dict[str, Any]]) -> list[int]:
    """BIO tag ids per token. Content wins over a nested attribution's cue or source, so an
    outer content stays one run; B- marks the first token of each gold span."""
    n = len(doc)
    kind = ["O"] * n
    owner = [-1] * n
    starts = [offset + t.idx for t in doc]
    ends = [offset + t.idx + len(t.text) for t in doc]
    for label in ("CONTENT", "CUE", "SOURCE"):
        key = label.lower()
        for a_i, att in enumerate(attributions):
            for sp_i, sp in enumerate(att.get(key) or []):
                for i in range(n):
                    if kind[i] != "O" or doc[i].is_space:
                        continue
                    if starts[i] < sp["end"] and sp["start"] < ends[i]:
                        kind[i] = label
                        owner[i] = a_i * 100 + sp_i
    out = []
    for i in range(n):
        if kind[i] == "O":
            out.append(TAGS.index("O"))
            continue
        begin = i == 0 or kind[i - 1] != kind[i] or owner[i - 1] != owner[i]
        out.append(TAGS.index(("B-" if begin else "I-") + kind[i]))
    return out


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    from ..errors import InputError
    from ..evaluate import load_jsonl, validate_gold

    if not Path(path).is_file():
        raise InputError(f"no gold file at {path}", hint="pass PolNeAR's train.jsonl (or a file in its format)")
    docs = load_jsonl(path)
    validate_gold(docs, name=str(path))
    return docs


def parse_articles(pipeline, docs: list[dict[str, Any]], progress: Callable[[str], None]) -> list[tuple[Any, list]]:
    """Each gold article through the extractor's own stages up to the parse: (prepared, docs).

    In fast mode (no NER) names are read off the parse here, as extraction does before tagging."""
    from ..extract import _PARSE_MARKS, prepare
    from ..extract.names import guess_entities, lowercase_words

    # the paragraphs the rules select, though extraction with a tagger parses the others too: trained
    # on every paragraph, the tagger scored lower on the held-out articles (F1 0.690 against 0.699)
    preps = [prepare(Article(id=str(d["doc"]), text=d["text"])) for d in docs]
    texts = [p.article.text[p.paragraphs[i].start : p.paragraphs[i].end].translate(_PARSE_MARKS)
             for p in preps for i in p.selected]
    parsed = iter(pipeline.nlp.pipe(texts, batch_size=64))
    out = []
    for k, p in enumerate(preps):
        mine = [next(parsed) for _ in p.selected]
        if pipeline.fast:
            common = lowercase_words(p.article.text)
            mine = [guess_entities(doc, common) for doc in mine]
        out.append((p, mine))
        if (k + 1) % 100 == 0:
            progress(f"parsed {k + 1}/{len(preps)} articles")
    return out


def paragraphs_of(prep, docs: list, attributions: list[dict[str, Any]]) -> Iterator[Paragraph]:
    for pi, doc in zip(prep.selected, docs, strict=True):
        para: Span = prep.paragraphs[pi]
        quoted, marks = quotation_spans(prep.quotations, para.start, para.end)
        rows = token_features(doc, para.start, quoted, marks)
        if rows:
            yield Paragraph(rows, gold_tags(doc, para.start, attributions))


def split_held_out(gold: list[dict[str, Any]], seed: int, share: float) -> tuple[list, list]:
    """(articles to fit, articles held out to choose thresholds): the same split for a seed, whatever
    the order of the file."""
    order = sorted(range(len(gold)), key=lambda i: str(gold[i]["doc"]))
    random.Random(seed).shuffle(order)
    n_held = max(1, int(len(gold) * share)) if len(gold) > 1 else 0
    held = [gold[i] for i in order[:n_held]]
    return [gold[i] for i in order[n_held:]] or held, held


def build_vocabs(paragraphs: list[Paragraph], min_count: int) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in FEATURES if name != "head"}
    for p in paragraphs:
        for row in p.rows:
            for j, name in enumerate(FEATURES):
                counts["word" if name == "head" else name][row[j]] += 1
    vocabs = {}
    for name, c in counts.items():
        keep = sorted(k for k, n in c.items() if n >= (min_count if name == "word" else 1))
        vocabs[name] = {UNKNOWN: 0, **{k: i + 1 for i, k in enumerate(keep)}}
    return vocabs


def _net(torch, vocabs: dict[str, dict[str, int]], s: Settings):
    nn = torch.nn

    class Net(nn.Module):
        """Embeddings → projection → dilated residual convolutions → tag scores. Convolutions
        rather than a recurrent layer: every position trains at once, which matters on two cores;
        the parse features carry what lies beyond the receptive field."""

        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.ModuleDict({
                name: nn.Embedding(len(vocabs["word" if name == "head" else name]), DIMS[name])
                for name in FEATURES
            })
            width = sum(DIMS[n] for n in FEATURES)
            self.drop = nn.Dropout(s.dropout)
            self.proj = nn.Linear(width, s.hidden)
            self.convs = nn.ModuleList([
                nn.Conv1d(s.hidden, s.hidden, 3, padding=d, dilation=d) for d in DILATIONS[: s.layers]
            ])
            self.out = nn.Linear(s.hidden, len(TAGS))

        def forward(self, ids, lengths):
            x = torch.cat([self.emb[name](ids[:, :, j]) for j, name in enumerate(FEATURES)], dim=2)
            h = torch.relu(self.proj(self.drop(x)))
            mask = (torch.arange(ids.shape[1])[None, :] < lengths[:, None]).unsqueeze(1).float()
            h = h.transpose(1, 2) * mask
            for conv in self.convs:
                h = (h + torch.relu(conv(self.drop(h)))) * mask
            return self.out(self.drop(h.transpose(1, 2)))

    return Net()


def _export(net, vocabs, s: Settings, out: Path, extra: dict[str, Any]) -> Tagger:
    out.mkdir(parents=True, exist_ok=True)
    weights = {}
    for k, v in net.state_dict().items():
        weights[k] = v.detach().cpu().numpy().astype(np.float16)
    np.savez_compressed(out / "weights.npz", **weights)
    meta = {
        "format": FORMAT, "features": list(FEATURES), "tags": list(TAGS), "dilations": list(DILATIONS[: s.layers]),
        "hidden": s.hidden, "dims": DIMS, "settings": {k: getattr(s, k) for k in s.__slots__},
        "vocabs": vocabs, **extra,
    }
    meta["version"] = f"cnn-{weights_digest(out / 'weights.npz')}"
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return Tagger.load(out)


def score_with(tagger: Tagger, parsed: list[tuple[Any, list]], gold: list[dict[str, Any]],
               min_score: float, keep_min: float = 0.0, nested_cue_min: float = 0.0,
               end_min: float = 2.0, ranker=None, drop_nested: bool = False) -> dict[str, Any]:
    from ..evaluate import score
    from ..model import Result
    from .combine import assemble_combined

    preds = []
    for prep, docs in parsed:
        # names were already read off the parse in parse_articles
        quotes = assemble_combined(prep, docs, tagger, min_score=min_score, keep_min=keep_min,
                                   nested_cue_min=nested_cue_min, end_min=end_min, drop_nested=drop_nested,
                                   ranker=ranker)
        preds.append(Result(article=prep.article, quotes=tuple(quotes)).to_dict())
    return score(gold, preds)


@dataclass(slots=True)
class TrainingData:
    """The gold articles of a training run, split, and parsed as extraction parses them."""

    pipeline: Any
    fit: list[dict[str, Any]]
    held: list[dict[str, Any]]
    dev: list[dict[str, Any]]
    fit_parsed: list[tuple[Any, list]]
    held_parsed: list[tuple[Any, list]]
    dev_parsed: list[tuple[Any, list]]


def reseed(torch, seed: int) -> None:
    """Every random generator training draws from, back at ``seed``."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def start_training(
    train_path: str | Path, dev_path: str | Path | None, *, seed: int, held_out: float, threads: int,
    progress: Callable[[str], None], spacy_model: str | None = None,
) -> tuple[Any, TrainingData]:
    """PyTorch, seeded and deterministic, and the data: the training file split into articles to fit
    and articles held out, the dev file (measured only), all parsed by the extractor's own parser
    and mode (and no tagger: the run makes one)."""
    try:
        import torch
    except ImportError as exc:
        raise ModelError("training needs PyTorch", hint="pip install 'saidwhat[train]' (torch==2.13.0)") from exc
    from ..extract import DEFAULT_MODEL, Pipeline

    reseed(torch, seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    gold = read_gold(train_path)
    fit, held = split_held_out(gold, seed, held_out)
    dev = read_gold(dev_path) if dev_path else []
    pipeline = Pipeline(model=spacy_model or DEFAULT_MODEL, attribution_model="none")
    progress(f"parsing {len(fit)} training, {len(held)} held-out and {len(dev)} dev articles")
    data = TrainingData(pipeline, fit, held, dev, parse_articles(pipeline, fit, progress),
                        parse_articles(pipeline, held, progress),
                        parse_articles(pipeline, dev, progress) if dev else [])
    return torch, data


def train(
    train_path: str | Path, out: str | Path, *, dev_path: str | Path | None = None,
    settings: Settings | None = None, spacy_model: str | None = None,
    progress: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """Train, choose the threshold on held-out training articles, write the model to ``out``.

    Returns the model's metadata (with the held-out and dev figures)."""
    s = settings or Settings()
    out = Path(out)
    started = time.monotonic()
    torch, data = start_training(train_path, dev_path, seed=s.seed, held_out=s.held_out, threads=s.threads,
                                 progress=progress, spacy_model=spacy_model)
    fit, held, dev = data.fit, data.held, data.dev
    fit_parsed, held_parsed, dev_parsed = data.fit_parsed, data.held_parsed, data.dev_parsed
    extra_meta = {"spacy_model": data.pipeline.model, "fast": data.pipeline.fast}
    net, tagger, history = _fit(torch, fit, fit_parsed, data, s, out, started, progress)
    # the thresholds of combination, chosen on held-out training articles (never on dev)
    choice = choose_thresholds(tagger, held_parsed, held, progress)
    if s.refit and held:
        # the thresholds stay those chosen above; the weights are learned again from all the articles
        progress(f"refit: training again on all {len(fit) + len(held)} articles, held-out ones included")
        reseed(torch, s.seed)
        net, tagger, history = _fit(torch, fit + held, fit_parsed + held_parsed, data, s, out, started, progress)
        fit = fit + held
    extra: dict[str, Any] = {**extra_meta, **choice, "history": history,
                             "trained_on": str(Path(train_path).name), "train_articles": len(fit),
                             "seconds": round(time.monotonic() - started)}
    if dev_parsed:
        from .combine import thresholds_in

        extra["dev"] = _short(score_with(tagger, dev_parsed, dev, **thresholds_in(choice)))
    tagger = _export(net, tagger.vocabs, s, out, extra)
    progress(f"wrote {out} ({tagger.version}); thresholds {choice['min_score']}, {choice['keep_min']}"
             + (f"; dev {_line(extra['dev'])}" if dev_parsed else ""))
    return tagger.meta


def _fit(torch, fit: list[dict[str, Any]], fit_parsed: list[tuple[Any, list]], data: TrainingData,
         s: Settings, out: Path, started: float, progress: Callable[[str], None]) -> tuple[Any, Tagger, list]:
    """A network trained on ``fit`` (its vocabularies made from it), the tagger of its last epoch
    (written to ``out``) and the epochs' history."""
    paragraphs = [p for (prep, docs), g in zip(fit_parsed, fit, strict=True)
                  for p in paragraphs_of(prep, docs, g["attributions"])]
    vocabs = build_vocabs(paragraphs, s.min_count)
    encoded = [(torch.from_numpy(encode(p.rows, vocabs)), torch.tensor(p.tags)) for p in paragraphs]
    progress(f"{len(encoded)} paragraphs, {sum(len(t) for _, t in encoded)} tokens, "
             f"{len(vocabs['word'])} words ({time.monotonic() - started:.0f}s)")

    net = _net(torch, vocabs, s)
    opt = torch.optim.Adam(net.parameters(), lr=s.lr)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(s.seed)
    history = []
    tagger = None
    for epoch in range(1, s.epochs + 1):
        net.train()
        idx = sorted(range(len(encoded)), key=lambda i: len(encoded[i][1]))
        batches = [idx[i : i + s.batch] for i in range(0, len(idx), s.batch)]
        rng.shuffle(batches)
        total = 0.0
        for b in batches:
            lengths = torch.tensor([len(encoded[i][1]) for i in b])
            ids = torch.nn.utils.rnn.pad_sequence([encoded[i][0] for i in b], batch_first=True)
            gold_t = torch.nn.utils.rnn.pad_sequence([encoded[i][1] for i in b], batch_first=True,
                                                     padding_value=-100)
            if s.word_dropout:
                drop = torch.rand(ids.shape[:2]) < s.word_dropout
                ids[:, :, 0] = ids[:, :, 0].masked_fill(drop, 0)
            logits = net(ids, lengths)
            loss = loss_fn(logits.reshape(-1, len(TAGS)), gold_t.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(b)
        net.eval()
        tagger = _export(net, vocabs, s, out, {})
        history.append(epoch_done(tagger, epoch, s.epochs, total / len(encoded), data, started, progress))
    assert tagger is not None
    return net, tagger, history


def epoch_done(tagger, epoch: int, epochs: int, loss: float, data: TrainingData, started: float,
               progress: Callable[[str], None]) -> dict[str, Any]:
    """The history entry of an epoch: its loss and, with a dev file, the dev figures at fixed
    thresholds (measured only), also printed."""
    entry: dict[str, Any] = {"epoch": epoch, "loss": round(loss, 4)}
    line = f"epoch {epoch}/{epochs}: loss {loss:.4f}"
    if data.dev_parsed:
        fig = score_with(tagger, data.dev_parsed, data.dev, 0.5)
        entry["dev"] = _short(fig)
        line += "; dev " + _line(fig)
    progress(line + f" ({time.monotonic() - started:.0f}s)")
    return entry


def choose_thresholds(tagger: Tagger, parsed: list[tuple[Any, list]], gold: list[dict[str, Any]],
                      progress: Callable[[str], None], *, keep_mins: tuple[float, ...] = KEEP_MINS,
                      nested_cue_mins: tuple[float, ...] = NESTED_CUE_MINS) -> dict[str, Any]:
    """The thresholds with the best F1 on held-out articles among those whose precision is at least
    the rules' own there, so that adding learned attributions never trades precision away.

    Only content spans decide a match, so candidates are found once and each setting merely
    merges them again."""
    from ..evaluate import score
    from .combine import find_candidates, merge

    found = [(prep, find_candidates(prep, docs, tagger)) for prep, docs in parsed]

    def figures(min_score: float, keep_min: float, nested_cue_min: float = 0.0, end_min: float = 2.0,
                drop_nested: bool = False) -> dict[str, Any]:
        preds = []
        for prep, f in found:
            cands, _ = merge(f, min_score=min_score, keep_min=keep_min, nested_cue_min=nested_cue_min,
                             end_min=end_min, drop_nested=drop_nested)
            preds.append({"id": prep.article.id, "quotes": [
                {"spans": [[x.start, x.end] for x in c.content], "kind": c.kind} for c in cands if c.content]})
        return score(gold, preds)

    rules = figures(2.0, 0.0)  # nothing learned passes a score of 2
    progress("held-out, rules only: " + _line(rules))
    tried = []
    for keep_min in keep_mins:
        for min_score in MIN_SCORES:
            fig = figures(min_score, keep_min)
            tried.append((fig["precision"] >= rules["precision"], fig["f1_all"], min_score, -keep_min, fig))
    ok, f1, min_score, neg_keep, fig = max(tried, key=lambda x: x[:4])
    # then, at those, the veto over nested rule attributions (the lowest of the best, to keep recall)
    nested = []
    for nested_cue_min in nested_cue_mins:
        f = figures(min_score, -neg_keep, nested_cue_min)
        nested.append((f["precision"] >= rules["precision"], round(f["f1_all"], 4), -nested_cue_min, f))
    ok, _, neg_nested, fig = max(nested, key=lambda x: x[:3])
    # then where a rule content ends: at the tagger's end for the same cue, from this score up
    ends = []
    for end_min in END_MINS:
        f = figures(min_score, -neg_keep, -neg_nested, end_min)
        ends.append((f["precision"] >= rules["precision"], round(f["f1_all"], 4), end_min, f))
    ok, _, end_min, fig = max(ends, key=lambda x: x[:3])
    # and whether a rule report wholly inside another's content goes whatever the tagger reads there
    # (on a tie it stays: the tagger's own veto then decides)
    drops = []
    for drop_nested in (False, True):
        f = figures(min_score, -neg_keep, -neg_nested, end_min, drop_nested)
        drops.append((f["precision"] >= rules["precision"], round(f["f1_all"], 4), not drop_nested, f))
    ok, _, keep_nested, fig = max(drops, key=lambda x: x[:3])
    progress(f"held-out, chosen min_score {min_score}, keep_min {-neg_keep}, nested_cue_min {-neg_nested}, "
             f"end_min {end_min}, drop_nested {not keep_nested}: "
             + _line(fig)
             + ("" if ok else " (no setting kept the rules' precision)"))
    # only content decides these figures: the speaker ones are not measured here
    content = ("precision", "recall_all", "f1_all", "recall_quoted", "recall_indirect_speech", "recall_indirect_other")
    return {"min_score": min_score, "keep_min": -neg_keep, "nested_cue_min": -neg_nested, "end_min": end_min,
            "drop_nested": not keep_nested, "held_out": {k: v for k, v in _short(fig).items() if k in content},
            "held_out_rules": {k: v for k, v in _short(rules).items() if k in content}}


_KEYS = ("precision", "recall_all", "f1_all", "recall_quoted", "recall_indirect_speech", "recall_indirect_other",
         "speaker_mention_acc", "speaker_name_acc", "e2e_f1")


def _short(fig: dict[str, Any]) -> dict[str, Any]:
    return {k: round(fig[k], 4) for k in _KEYS if isinstance(fig.get(k), (int, float))}


def _line(fig: dict[str, Any]) -> str:
    names = {"precision": "P", "recall_all": "R", "f1_all": "F1", "recall_indirect_speech": "R_ind",
             "e2e_f1": "e2e"}
    return " ".join(f"{v}={fig[k]:.3f}" for k, v in names.items() if isinstance(fig.get(k), (int, float)))
