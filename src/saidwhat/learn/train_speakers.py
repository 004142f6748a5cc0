"""Training the speaker ranker (`saidwhat train --design speakers`) on PolNeAR's source spans.

Each attribution the default pipeline finds in a training article and matches to a gold one (by the
referee's rule) is a group: the candidates of ``speakers.group_of``, labelled by whether the gold
source span holds the candidate's head (for the current choice: whether its mention overlaps the
source, as the referee counts it; "no speaker" is right when the gold has no source). The network is
trained to put the right candidate first (softmax over each group); the margin that a candidate
must win by to replace the current choice is chosen on the held-out training articles, for the
best mention accuracy there. PolNeAR has no canonical names: the signal is the source mention.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate import match_quotes
from .speakers import FEATURES, Context, Featurizer, SpeakerRanker, current_index, group_of, pick

MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, float("inf"))


@dataclass(slots=True)
class RankerSettings:
    epochs: int = 20
    hidden: int = 32
    lr: float = 0.01
    weight_decay: float = 1e-4
    batch: int = 256
    seed: int = 13
    held_out: float = 0.1
    threads: int = 2
    min_lemma: int = 3  # a lemma's rate is kept when it was a candidate at least this often
    smoothing: float = 2.0


@dataclass(slots=True)
class Group:
    rows: np.ndarray
    labels: np.ndarray  # 1 for a right candidate
    current: int
    lemmas: list[str | None] = field(default_factory=list)


def _candidates(tagger, parsed: list[tuple[Any, list]]) -> list[tuple[Any, Context, list]]:
    """Each article's attributions as the pipeline would resolve them: (prep, the ranker's context,
    candidates)."""
    from .combine import find_candidates, merge, model_thresholds

    thresholds = model_thresholds(tagger)
    out = []
    for prep, docs in parsed:
        found = find_candidates(prep, docs, tagger)
        cands, _ = merge(found, **thresholds)
        out.append((prep, Context.of(found), cands))
    return out


def build_groups(found: list[tuple[Any, Context, list]], gold: list[dict[str, Any]], feats: Featurizer
                 ) -> list[Group]:
    """Labelled groups of the attributions that match a gold one."""
    by_id = {str(g["doc"]): g for g in gold}
    groups: list[Group] = []
    for prep, ctx, cands in found:
        g = by_id[prep.article.id]
        text = prep.article.text
        pred = [{"spans": [[s.start, s.end] for s in c.content]} for c in cands]
        offsets = {id(d): o for o, d in ctx.parsed}
        for m in match_quotes(text, g["attributions"], pred):
            c = cands[m.pred]
            source = [(s["start"], s["end"]) for s in g["attributions"][m.gold].get("source") or []]
            got = group_of(c, ctx, feats)
            if got is None:
                continue
            toks, rows = got
            labels = np.zeros(len(toks), dtype=np.float32)
            for i, t in enumerate(toks):
                if t is None:
                    labels[i] = not source
                elif t == c.subject and c.mention is not None:
                    labels[i] = any(c.mention.start < e and s < c.mention.end for s, e in source)
                else:
                    labels[i] = _heads_source(t, offsets[id(t.doc)], source)
            current = current_index(c, toks)
            lemmas = [None if t is None else t.lemma_.lower() for t in toks]
            groups.append(Group(rows, labels, current, lemmas))
    return groups


def _heads_source(tok, offset: int, source: list[tuple[int, int]]) -> bool:
    """Whether ``tok`` is the head of a gold source span: inside it, with its own head outside (a
    word deep inside a long source, "the election" of "Doe, Roe's opponent in the election", is not
    the speaker)."""
    def inside(t) -> bool:
        pos = offset + t.idx
        return any(s <= pos < e for s, e in source)

    return inside(tok) and (tok.head == tok or not inside(tok.head))


def _lemma_counts(groups: list[Group]) -> tuple[Counter[str], Counter[str]]:
    """How often each lemma was a right candidate, and a candidate at all."""
    pos: Counter[str] = Counter()
    tot: Counter[str] = Counter()
    for g in groups:
        for lemma, y in zip(g.lemmas, g.labels, strict=True):
            if lemma is not None:
                tot[lemma] += 1
                pos[lemma] += int(y)
    return pos, tot


def lemma_rates(groups: list[Group], s: RankerSettings) -> tuple[dict[str, float], float]:
    """Each lemma's smoothed share of right candidates, for lemmas seen often enough, and the prior."""
    pos, tot = _lemma_counts(groups)
    prior = sum(pos.values()) / max(1, sum(tot.values()))
    rates = {k: (pos[k] + s.smoothing * prior) / (n + s.smoothing) for k, n in tot.items() if n >= s.min_lemma}
    return dict(sorted(rates.items())), prior


def _held_one_out(groups: list[Group], s: RankerSettings, prior: float) -> None:
    """Replace each training row's lemma rate by the rate without that row: the network must not
    learn to trust a rate its own label made."""
    from .speakers import _INDEX, _logit

    pos, tot = _lemma_counts(groups)
    r, k = _INDEX["lemma_rate"], _INDEX["lemma_known"]
    for g in groups:
        for i, (lemma, y) in enumerate(zip(g.lemmas, g.labels, strict=True)):
            if lemma is None:
                continue
            n = tot[lemma] - 1
            if n >= s.min_lemma:
                g.rows[i, k] = 1
                g.rows[i, r] = _logit((pos[lemma] - int(y) + s.smoothing * prior) / (n + s.smoothing))
            else:
                g.rows[i, k] = 0
                g.rows[i, r] = _logit(prior)


def fit(groups: list[Group], s: RankerSettings, progress: Callable[[str], None]) -> dict[str, np.ndarray]:
    import torch

    torch.manual_seed(s.seed)
    usable = [g for g in groups if g.labels.any()]
    width = max(len(g.labels) for g in usable)
    x = np.zeros((len(usable), width, len(FEATURES)), dtype=np.float32)
    y = np.zeros((len(usable), width), dtype=np.float32)
    mask = np.zeros((len(usable), width), dtype=bool)
    for i, g in enumerate(usable):
        n = len(g.labels)
        x[i, :n], y[i, :n], mask[i, :n] = g.rows, g.labels, True
    X, Y, M = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(mask)
    net = torch.nn.Sequential(torch.nn.Linear(len(FEATURES), s.hidden), torch.nn.Tanh(), torch.nn.Linear(s.hidden, 1))
    opt = torch.optim.AdamW(net.parameters(), lr=s.lr, weight_decay=s.weight_decay)
    gen = torch.Generator().manual_seed(s.seed)
    for epoch in range(1, s.epochs + 1):
        order = torch.randperm(len(usable), generator=gen)
        total = 0.0
        for b in range(0, len(usable), s.batch):
            idx = order[b : b + s.batch]
            scores = net(X[idx]).squeeze(-1).masked_fill(~M[idx], -1e9)
            logp = torch.log_softmax(scores, dim=1)
            # the probability of all right candidates together
            right = torch.logsumexp(logp.masked_fill(Y[idx] == 0, -1e9), dim=1)
            loss = -right.mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        if epoch % 5 == 0 or epoch == s.epochs:
            progress(f"ranker epoch {epoch}/{s.epochs}: loss {total / len(usable):.4f}")
    lin1, lin2 = net[0], net[2]
    return {"w1": lin1.weight.detach().numpy().T.copy(), "b1": lin1.bias.detach().numpy().copy(),
            "w2": lin2.weight.detach().numpy().T.copy(), "b2": lin2.bias.detach().numpy().copy()}


def accuracy(ranker: SpeakerRanker, groups: list[Group], margin: float) -> float:
    """The share of groups whose chosen candidate is right, at ``margin``."""
    right = 0
    for g in groups:
        right += int(g.labels[pick(ranker.scores(g.rows), g.current, margin)] > 0)
    return right / max(1, len(groups))


def train_speakers(train_path: str | Path, out: str | Path, *, dev_path: str | Path | None = None,
                   settings: RankerSettings | None = None, progress: Callable[[str], None] = print) -> dict[str, Any]:
    from . import load_tagger
    from .train import score_with, start_training

    s = settings or RankerSettings()
    started = time.monotonic()
    _, data = start_training(train_path, dev_path, seed=s.seed, held_out=s.held_out, threads=s.threads,
                             progress=progress)
    tagger = load_tagger("bundled")
    progress(f"finding attributions with the default pipeline (tagger {tagger.version})")
    blank = Featurizer({}, 0.1)
    fit_found = _candidates(tagger, data.fit_parsed)
    held_found = _candidates(tagger, data.held_parsed)
    groups = build_groups(fit_found, data.fit, blank)
    rates, prior = lemma_rates(groups, s)
    _held_one_out(groups, s, prior)
    feats = Featurizer(rates, prior)
    held = build_groups(held_found, data.held, feats)
    progress(f"{len(groups)} training groups, {len(held)} held-out; {len(rates)} lemma rates")
    weights = fit(groups, s, progress)
    meta: dict[str, Any] = {"design": "speakers", "format": 1, "features": FEATURES, "prior": round(prior, 6),
                            "lemma_rates": {k: round(v, 4) for k, v in rates.items()}, "margin": 0.0,
                            "settings": {k: getattr(s, k) for k in s.__dataclass_fields__},
                            "trained_on": Path(train_path).name, "train_articles": len(data.fit)}
    ranker = SpeakerRanker(meta, weights)
    # the largest margin among the best: change as few choices as the accuracy allows
    tried = [(accuracy(ranker, held, m), m) for m in MARGINS]
    for acc, m in tried:
        progress(f"held-out mention accuracy at margin {m}: {acc:.4f}")
    best_acc, margin = max(tried)
    meta["margin"] = margin if margin != float("inf") else 1e9
    meta["held_out"] = {"mention_acc": round(best_acc, 4), "mention_acc_current": round(tried[-1][0], 4)}
    buf = io.BytesIO()
    np.savez(buf, **weights)
    meta["version"] = "speakers-" + hashlib.sha256(buf.getvalue() + json.dumps(meta, sort_keys=True).encode()
                                                    ).hexdigest()[:8]
    ranker = SpeakerRanker(meta, weights)
    if data.dev_parsed:
        from .combine import model_thresholds

        fig = score_with(tagger, data.dev_parsed, data.dev, **model_thresholds(tagger), ranker=ranker)
        meta["dev"] = {k: round(fig[k], 4) for k in ("speaker_mention_acc", "speaker_name_acc", "e2e_f1")
                       if isinstance(fig.get(k), (int, float))}
        progress("dev (measured only): " + " ".join(f"{k}={v:.3f}" for k, v in meta["dev"].items()))
    meta["seconds"] = round(time.monotonic() - started)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "weights.npz", **{k: v.astype(np.float32) for k, v in weights.items()})
    (folder / "meta.json").write_text(json.dumps(meta, sort_keys=True) + "\n", encoding="utf-8")
    return meta
