"""Turning text into search keys: words, folded, stop words dropped, stemmed by language.

One pure pipeline serves the SQLite index, every query on it, and the
highlighting of excerpts on both databases, so what is marked is what matched.
It mirrors what PostgreSQL does with `to_tsvector('french', unaccent(text))`:
fold the accents first, then drop the configuration's stop words, then stem
with Snowball (PyStemmer is the same Snowball code PostgreSQL compiles in).

Articles fall in three groups: French, English, and every other language,
which is folded but neither stemmed nor stopped (PostgreSQL's `simple`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from typing import Literal

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type information

from manchette.search import stopwords

Group = Literal["fr", "en", "xx"]
GROUPS: tuple[Group, ...] = ("fr", "en", "xx")

# Letters and digits: the tokens SQLite's unicode61 and PostgreSQL's parser
# both make; apostrophes, hyphens and underscores separate words.
WORD = re.compile(r"[^\W_]+")

# Letters NFKD does not decompose but `unaccent` (and most readers) spell plainly.
_LIGATURES = str.maketrans(
    {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)

_SNOWBALL = {"fr": "french", "en": "english"}
_STOP = {"fr": stopwords.FRENCH, "en": stopwords.ENGLISH}

# Words seen before are looked up, not re-analysed; the bound keeps memory flat
# whatever the corpus (a full reindex sees a few hundred thousand distinct words).
_CACHE_LIMIT = 200_000
_caches: dict[Group, dict[str, str]] = {group: {} for group in GROUPS}
# A PyStemmer object must not be shared between threads (the scheduler runs
# beside the request handlers), so each thread gets its own.
_local = threading.local()


def group_of(language: str) -> Group:
    """The analysis an article's language (`fr`, `fr-CA`, `en-GB`, `de`…) gets."""
    primary = language.split("-")[0].strip().lower()
    if primary == "fr":
        return "fr"
    if primary == "en":
        return "en"
    return "xx"


def fold(word: str) -> str:
    """Lower case without accents: "Économie" → "economie", "cœur" → "coeur"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stemmer(group: Group) -> Stemmer.Stemmer | None:
    if group not in _SNOWBALL:
        return None
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if group not in stemmers:
        stemmers[group] = Stemmer.Stemmer(_SNOWBALL[group])
    return stemmers[group]


def _analyse(word: str, group: Group) -> str:
    folded = fold(word)
    if folded in _STOP.get(group, ()):
        return ""
    stemmer = _stemmer(group)
    return str(stemmer.stemWord(folded)) if stemmer is not None else folded


def key(word: str, group: Group) -> str:
    """The search key of one word (as `WORD` finds them), or "" for a stop word."""
    cache = _caches[group]
    found = cache.get(word)
    if found is None:
        found = _analyse(word, group)
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[word] = found
    return found


def keys(text: str, group: Group) -> Iterator[str]:
    """The search keys of `text`, in order, stop words left out."""
    for word in WORD.findall(text):
        found = key(word, group)
        if found:
            yield found
