"""Excerpts around the words that matched, with those words in `<mark>`.

Article text is never trusted as HTML: every piece of it goes through
`escape`, and the only markup added is `<mark>` around words whose search key
is one the query looked for. A word matches by the same analysis the index
used (accents folded, stemmed in the article's language), so "marchés" marks
"marché" and "économie" marks "economie".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from manchette.search.analysis import Group, fold, key

WIDTH = 220
"""Characters of text an excerpt shows, about the teaser's 180 plus room for context."""
LEAD = 60
"""Characters of context kept before the first word of the chosen passage."""
SCAN_LIMIT = 20_000
"""Only this much of a long story is read for its best passage: the cost stays bounded."""
ELLIPSIS = "..."  # as `ui.text.excerpt` ends teasers
_TRAILING = " ,;:.!?…-–—«»\"'("


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    key: str


def excerpt(text: str, group: Group, wanted: frozenset[str], width: int = WIDTH) -> SafeString:
    """The passage of `text` with the most distinct wanted keys, escaped, matches marked.

    Without any match (the headline alone matched) it is the start of the text.
    """
    text = " ".join(text[:SCAN_LIMIT].split())
    starts = _starts(wanted)
    matches = [
        _Match(m.start(), m.end(), found)
        for m in (starts.finditer(text) if starts is not None else ())
        if (found := key(m.group(), group)) in wanted
    ]
    window, anchor = _best_window(matches, width)
    # Start on a word, never after the first match the window was chosen for.
    start = min(_word_start(text, window), anchor)
    end = _word_end(text, start + width)
    pieces = [ELLIPSIS + " "] if start > 0 else []
    position = start
    for match in matches:
        if match.start < start or match.end > end:
            continue
        pieces += [
            escape(text[position : match.start]),
            "<mark>",
            escape(text[match.start : match.end]),
            "</mark>",
        ]
        position = match.end
    tail = text[position:end]
    if end < len(text):
        # Trimmed before escaping: stripping ";" from "&amp;" would break the entity.
        pieces += [escape(tail.rstrip(_TRAILING)), ELLIPSIS]
    else:
        pieces.append(escape(tail))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of article text was escaped


@lru_cache(maxsize=1)
def _folding_classes() -> dict[str, str]:
    """For each folded letter, every Latin letter that folds to it ("e": "eEéÉèÈ…")."""
    classes: dict[str, list[str]] = {}
    for code in [*range(0x250), *range(0x1E00, 0x1F00)]:
        folded = fold(chr(code))
        if len(folded) == 1 and folded.isalnum():
            classes.setdefault(folded, []).append(chr(code))
    return {letter: "".join(chars) for letter, chars in classes.items()}


@lru_cache(maxsize=256)
def _starts(wanted: frozenset[str]) -> re.Pattern[str] | None:
    """Words that begin like a wanted key, whatever their accents or case.

    Stemming only ever changes the end of a word, so a word whose key is
    wanted begins with that key's first three letters: analysing only those
    words, rather than every word of every excerpt, is what keeps a page of
    twenty excerpts to a few milliseconds. (A word starting with a ligature,
    "œuvre", is missed: it is then shown unmarked, nothing worse.)
    """
    if not wanted:
        return None
    classes = _folding_classes()
    prefixes = sorted(
        {
            "".join(
                f"[{re.escape(classes.get(letter, letter + letter.upper()))}]"
                for letter in term[:3]
            )
            for term in wanted
        }
    )
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(prefixes)})[^\W_]*")


def _best_window(matches: list[_Match], width: int) -> tuple[int, int]:
    """Where the window with the most distinct matched keys (then most matches) begins,
    and where its first match does; (0, 0) without matches: the text's start."""
    best, best_score = (0, 0), (0, 0)
    for i, anchor in enumerate(matches[:200]):
        window_end = anchor.start + width - LEAD
        inside = [m for m in matches[i:] if m.end <= window_end]
        score = (len({m.key for m in inside}), len(inside))
        if score > best_score:
            best, best_score = (max(0, anchor.start - LEAD), anchor.start), score
    return best


def _word_start(text: str, position: int) -> int:
    """`position`, moved forward to the start of a word unless it is the start of the text."""
    if position <= 0:
        return 0
    space = text.find(" ", position - 1)
    return position if space < 0 else space + 1


def _word_end(text: str, position: int) -> int:
    """`position`, moved back to the end of a word (the whole text when it fits)."""
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position + 1)
    return position if space <= 0 else space
