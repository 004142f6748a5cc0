"""spaCy's own design against the shipped convolutional tagger: a tok2vec and a tagger of the seven
content / cue / source tags, trained with ``spacy train`` on the same paragraphs, then joined to the
rules by the same combination, with thresholds chosen on the same held-out training articles.

    SAIDWHAT_SHARED=../shared python benchmarks/spacy_tagger.py [--workdir DIR] [--epochs N]

The paragraphs, tokens and gold tags are those `saidwhat train` uses (the extractor's selection and
parse of PolNeAR train; 756 articles to fit, 84 held out, which also pick spaCy's best epoch). The
tagger reads only the words (spaCy's MultiHashEmbed of NORM, PREFIX, SUFFIX and SHAPE, and a
MaxoutWindowEncoder), as a spaCy project would; the shipped tagger reads the parse besides.
Prints held-out figures for both with thresholds chosen there, then PolNeAR dev at those
thresholds (measured only).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = 13
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["attribution"]
batch_size = 256
tokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}

[components]

[components.attribution]
factory = "tagger"
overwrite = true

[components.attribution.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.attribution.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.attribution.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 128
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.attribution.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 128
depth = 4
window_size = 1
maxout_pieces = 3

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}

[training]
seed = ${system.seed}
gpu_allocator = ${system.gpu_allocator}
dropout = 0.1
accumulate_gradient = 1
patience = 0
max_epochs = 8
max_steps = 0
eval_frequency = 400
frozen_components = []
annotating_components = []
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
before_to_disk = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = false
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
tag_acc = 1.0

[pretraining]

[initialize]
vectors = null
"""


def words_of(vocab, doc, tags=None):
    """The extractor's tokens of a paragraph as a new Doc of ``vocab`` (with ``tags``, if given)."""
    from spacy.tokens import Doc

    return Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], tags=tags)


def doc_bin(nlp, parsed, gold):
    """A DocBin of the paragraphs, each token's TAG set to its gold BIO tag."""
    from spacy.tokens import DocBin

    from saidwhat.learn.features import TAGS
    from saidwhat.learn.train import gold_tags

    out = DocBin(attrs=["TAG"])
    for (prep, docs), g in zip(parsed, gold, strict=True):
        for pi, doc in zip(prep.selected, docs, strict=True):
            tags = gold_tags(doc, prep.paragraphs[pi].start, g["attributions"])
            out.add(words_of(nlp.vocab, doc, [TAGS[k] for k in tags]))
    return out


class SpacyTagger:
    """The trained spaCy tagger behind the interface the combination reads (``tags``, ``meta``,
    ``version``, ``encoder``, ``probabilities_many``)."""

    def __init__(self, path: Path) -> None:
        import spacy

        from saidwhat.learn.features import TAGS

        self.nlp = spacy.load(path)
        self.pipe = self.nlp.get_pipe("attribution")
        labels = list(self.pipe.labels)
        self.order = [labels.index(t) for t in TAGS]  # the pipe's columns in the project's tag order
        self.tags = TAGS
        self.meta: dict = {}
        self.version = "spacy-tagger"

    def encoder(self, doc, offset, quoted, marks):
        return words_of(self.nlp.vocab, doc)

    def probabilities_many(self, batch):
        out = []
        for scores in self.pipe.model.predict(batch) if batch else []:
            # spacy.Tagger.v2 with normalize = false gives scores, not probabilities: softmax them
            s = np.asarray(scores, dtype=np.float32)[:, self.order]
            e = np.exp(s - s.max(axis=1, keepdims=True))
            out.append(e / e.sum(axis=1, keepdims=True))
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", default="/tmp/saidwhat-spacy-tagger", help="where data and the model go")
    ap.add_argument("--epochs", type=int, default=8)
    args = ap.parse_args(argv)
    shared = Path(os.environ.get("SAIDWHAT_SHARED", "../shared"))
    train_file, dev_file = shared / "data/polnear/train.jsonl", shared / "data/polnear/dev.jsonl"
    if not train_file.is_file():
        print(f"skipped: no PolNeAR train at {train_file} (set SAIDWHAT_SHARED)", file=sys.stderr)
        return 0
    import spacy

    from saidwhat.extract import Pipeline
    from saidwhat.learn import load_tagger
    from saidwhat.learn.combine import thresholds_in
    from saidwhat.learn.train import _line, choose_thresholds, parse_articles, read_gold, score_with, split_held_out

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    fit, held = split_held_out(read_gold(train_file), 13, 0.1)
    dev = read_gold(dev_file)
    pipeline = Pipeline(attribution_model="none")
    quiet = lambda _: None  # noqa: E731
    fit_p, held_p, dev_p = (parse_articles(pipeline, g, quiet) for g in (fit, held, dev))
    blank = spacy.blank("en")
    doc_bin(blank, fit_p, fit).to_disk(work / "train.spacy")
    doc_bin(blank, held_p, held).to_disk(work / "held.spacy")
    (work / "base.cfg").write_text(CONFIG.replace("max_epochs = 8", f"max_epochs = {args.epochs}"))
    # spaCy's own defaults for every setting not written above
    subprocess.run([sys.executable, "-m", "spacy", "init", "fill-config", str(work / "base.cfg"),
                    str(work / "config.cfg")], check=True, capture_output=True)
    print(f"parsed and written in {time.monotonic() - started:.0f}s; training", flush=True)
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "spacy", "train", str(work / "config.cfg"), "--output", str(work / "out"),
                    "--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "held.spacy")],
                   check=True)
    print(f"spacy train: {time.monotonic() - t0:.0f}s", flush=True)
    for name, tagger in (("shipped convolutional tagger", load_tagger("bundled")),
                         ("spaCy tok2vec + tagger", SpacyTagger(work / "out" / "model-best"))):
        choice = choose_thresholds(tagger, held_p, held, quiet)
        print(f"{name}: held-out {_line(choice['held_out'])}; "
              f"dev {_line(score_with(tagger, dev_p, dev, **thresholds_in(choice)))}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
