"""Reading a comment the way a word list is matched: past accents, case and disguises.

Readers who want a banned word through write it "Cönnärd", "C0NN4RD",
"connnnnard" or "c.o.n.n.a.r.d". Both the comment and each watched word are
brought to the same canonical form, a string of words separated by single
spaces:

- case folded, accents and ligatures removed (é → e, œ → oe, ß → ss);
- simple leetspeak read back: 0→o, 3→e, 4→a, 5→s, 7→t, @→a, $→s, and 1 read
  both as i and as l (two readings are matched, never a mix, so "1d1ot" and
  "sa1ope" both read back);
- a letter repeated reads once ("connnnard" and "connard" are the same word),
  and a final plural s or x is dropped on words of four letters or more;
- letters spelt out one by one with separators in between ("c.o.n",
  "c o n", "c-o-n") read as one word, in addition to the letters themselves.

Watched words match whole words (or phrases of whole words), so "con" never
catches "conseil"; a watched word ending with `*` matches any word beginning
with it ("encul*").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})
_LEET = str.maketrans({"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_WORD = re.compile(r"[^\W_]+")
_REPEATS = re.compile(r"(.)\1+")
# Runs of this many one-letter words or more are also read as one word.
_SPELT_OUT = 3
PREFIX_MARK = "*"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _readings(text: str) -> list[str]:
    """The text with its leetspeak read back; two readings when a 1 could be an i or an l."""
    folded = _fold(text).translate(_LEET)
    if "1" not in folded:
        return [folded]
    return [folded.replace("1", "i"), folded.replace("1", "l")]


def _word(raw: str) -> str:
    word = _REPEATS.sub(r"\1", raw)
    if len(word) >= 4 and word[-1] in "sx":
        word = word[:-1]
    return word


def _words(reading: str) -> list[str]:
    return [_word(raw) for raw in _WORD.findall(reading)]


def _spelt_out_joined(raw_words: list[str]) -> list[str]:
    """The words with each run of one-letter words joined into one ("c o n" → "con")."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*raw_words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) >= _SPELT_OUT:
            joined.append(_word("".join(run)))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


def canonical(text: str) -> str:
    """A watched word or phrase in canonical form; a trailing `*` marks a prefix."""
    stripped = text.strip()
    prefix = stripped.endswith(PREFIX_MARK)
    reading = _readings(stripped.rstrip(PREFIX_MARK))[0]
    raws = _WORD.findall(reading)
    if not raws:
        return ""
    words = [_word(raw) for raw in raws]
    if prefix:
        # A prefix is matched as typed (after folding): no plural to drop.
        words[-1] = _REPEATS.sub(r"\1", raws[-1])
        return " ".join(words) + PREFIX_MARK
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Readable:
    """A comment's text in every canonical reading, ready to be searched for watched words."""

    haystacks: tuple[str, ...]

    def contains(self, watched: str) -> bool:
        """Whether a watched word (in canonical form, as `canonical()` gives) is in the text."""
        if not watched:
            return False
        if watched.endswith(PREFIX_MARK):
            needle = f" {watched[: -len(PREFIX_MARK)]}"
        else:
            needle = f" {watched} "
        return any(needle in haystack for haystack in self.haystacks)


def readable(text: str) -> Readable:
    haystacks: list[str] = []
    for reading in _readings(text):
        raws = _WORD.findall(reading)
        plain = [_word(raw) for raw in raws]
        haystacks.append(f" {' '.join(plain)} ")
        joined = _spelt_out_joined(plain)
        if joined != plain:
            haystacks.append(f" {' '.join(joined)} ")
    return Readable(tuple(haystacks))
