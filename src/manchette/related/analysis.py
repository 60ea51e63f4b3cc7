"""What an article is about, as weighted terms, and how its wording reads, as a sketch.

Pure functions, no database: `terms()` turns the fields of an article into
term frequencies, `weigh()` turns those into a unit vector with document
frequencies, and `sketch()` / `resemblance()` tell copies of one story apart.

Words are analysed exactly as site search analyses them (folded, stop words
dropped, Snowball-stemmed for French and English), so "banques" and
"bancaire" meet as search would make them meet. Every term carries its
language group, so articles are only ever compared within one language.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from manchette.search.analysis import WORD, Group, fold, group_of, keys

T = TypeVar("T")
"""A term: its text, or the number the rebuild gives it."""

# How much one occurrence counts, by where it occurs. Chosen on bench/related.py:
# a headline weighted up (2x) and a heavier name term (2x) made every labelled
# corpus worse; these were the best of the weights tried on all five.
HEADLINE_WEIGHT = 0.7
STANDFIRST_WEIGHT = 1.5
BODY_WEIGHT = 1.0
# A name (a company, a person, a place) makes two stories the same subject more
# than a common word: each mention also counts, at half weight, under an entity
# term of its own, so a shared name counts one and a half times a shared word.
ENTITY_WEIGHT = 0.5
# Subject codes and the section are the wire's and the desk's own labels.
SUBJECT_WEIGHT = 2.0
SECTION_WEIGHT = 1.5

VECTOR_TERMS = 64
"""Terms kept per article: enough to compare, small enough to store 100,000 of."""
SKETCH_SIZE = 48
SHINGLE_WORDS = 4

# Capitalised words (Vladimir, Poutine, BNP, Saint-Nazaire), possibly joined by
# the particles names contain ("Banque de France", "Bank of England").
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w’'-]*\w|[A-Z]{2,})"
_PARTICLE = r"(?:de|du|des|d’|d'|la|le|les|of|the|and|et|von|van|al|el)"
_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD})*")
_SENTENCE_START = re.compile(r"(?:^|[.!?«»:\"“”]\s*)$")


@dataclass(frozen=True, slots=True)
class Text:
    """The parts of an article the index reads (body as plain text)."""

    language: str
    headline: str
    standfirst: str
    body: str
    subjects: tuple[str, ...] = ()
    section_paths: tuple[str, ...] = ()
    """The article's section and its ancestors ("economie/entreprises", "economie")."""


def entities(text: str) -> Iterable[str]:
    """Names in `text`, folded: runs of capitalised words, or one not opening a sentence.

    A heuristic, not a tagger: "Le" opening a sentence is not a name, but
    "Renault" inside one is, and so is "Banque centrale européenne"'s
    "Banque" (the run stops at the lower-case word).
    """
    for match in _NAME.finditer(text):
        name = match.group(0)
        if " " not in name and _SENTENCE_START.search(text[: match.start()]):
            continue
        words = [fold(word) for word in WORD.findall(name)]
        if words and len("".join(words)) > 2:
            yield "_".join(words)


def terms(text: Text) -> dict[str, float]:
    """Weighted term frequencies, each term prefixed by the language group."""
    group = group_of(text.language)
    found: defaultdict[str, float] = defaultdict(float)
    for field, weight in (
        (text.headline, HEADLINE_WEIGHT),
        (text.standfirst, STANDFIRST_WEIGHT),
        (text.body, BODY_WEIGHT),
    ):
        for key in keys(field, group):
            if len(key) > 1:  # a lone letter ("u s" for U.S.) says nothing
                found[f"{group}:{key}"] += weight
        for name in entities(field):
            found[f"{group}:@{name}"] += ENTITY_WEIGHT * weight
    for code in text.subjects:
        found[f"{group}:#{code}"] += SUBJECT_WEIGHT
    for path in text.section_paths:
        found[f"{group}:/{path}"] += SECTION_WEIGHT
    return dict(found)


def idf(documents: int, frequency: int) -> float:
    """Inverse document frequency, smoothed so a term new to the index is simply rare."""
    return math.log((documents + 1) / (frequency + 1)) + 1.0


def weigh(
    frequencies: Mapping[str, float],
    document_frequency: Mapping[str, int],
    documents: int,
    size: int = VECTOR_TERMS,
) -> dict[str, float]:
    """The `size` strongest terms, sublinear tf × idf, scaled to unit length."""
    scored = {
        term: (1.0 + math.log(tf)) * idf(documents, document_frequency.get(term, 0))
        for term, tf in frequencies.items()
        if tf > 0
    }
    strongest = heapq.nlargest(size, scored.items(), key=lambda item: (item[1], item[0]))
    norm = math.sqrt(sum(weight * weight for _, weight in strongest)) or 1.0
    return {term: round(weight / norm, 5) for term, weight in strongest}


def cosine(one: Mapping[T, float], other: Mapping[T, float]) -> float:
    if len(other) < len(one):
        one, other = other, one
    return sum(weight * other.get(term, 0.0) for term, weight in one.items())


def sketch(text: Text) -> bytes:
    """A bottom-k MinHash of the wording: the smallest hashes of its four-word shingles.

    Words are folded but neither stemmed nor stopped, so it measures how much
    of the wording two articles share, whatever they are about.
    """
    words = [fold(word) for word in WORD.findall(f"{text.headline} {text.standfirst} {text.body}")]
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    hashes = {zlib.crc32(shingle.encode()) for shingle in shingles if shingle}
    return array("I", sorted(heapq.nsmallest(SKETCH_SIZE, hashes))).tobytes()


def resemblance(one: bytes, other: bytes) -> float:
    """Estimated Jaccard similarity of two articles' shingle sets, from their sketches."""
    first, second = set(array("I", one)), set(array("I", other))
    if not first or not second:
        return 0.0
    size = min(SKETCH_SIZE, len(first | second))
    union_bottom = heapq.nsmallest(size, first | second)
    shared = sum(1 for value in union_bottom if value in first and value in second)
    return shared / size


def group(language: str) -> Group:
    return group_of(language)
