"""What a reader typed, made into words to look for: never passed to a database as syntax.

Only letters and digits survive, so quotes, `NEAR(`, `*`, `OR` or `-` typed
into the box are searched as the words they contain (or ignored), never
interpreted: a query cannot be malformed, only empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from manchette.search.analysis import GROUPS, WORD, Group, fold, key

MAX_LENGTH = 500
"""Longer queries are refused: no headline needs more, and work stays bounded."""
MAX_WORDS = 12
"""Words beyond this are dropped (and the reader told): each word is one more term to intersect."""


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    """As typed, whitespace collapsed."""
    words: tuple[str, ...]
    """The distinct words searched, as typed (accents folded away only when comparing)."""
    truncated: bool
    """More than `MAX_WORDS` words were typed; the first ones were searched."""
    terms: dict[Group, tuple[str, ...]]
    """Per analysis group, the keys an article of that group must all contain."""

    @property
    def searchable(self) -> bool:
        """Whether there is anything to look for (no words: only punctuation or nothing)."""
        return bool(self.words)

    def keys_for(self, group: Group) -> frozenset[str]:
        return frozenset(self.terms.get(group, ()))


def parse(text: str) -> Query:
    """Split `text` into words and analyse them once per language group."""
    collapsed = " ".join(text.split())
    words: list[str] = []
    seen: set[str] = set()
    truncated = False
    for word in WORD.findall(collapsed[: MAX_LENGTH * 2]):
        folded = fold(word)
        if folded in seen:
            continue
        if len(words) == MAX_WORDS:
            truncated = True
            break
        seen.add(folded)
        words.append(word)
    terms: dict[Group, tuple[str, ...]] = {}
    for group in GROUPS:
        # dict.fromkeys: distinct keys in the order typed ("marché marchés" is one key).
        found = tuple(dict.fromkeys(k for k in (key(w, group) for w in words) if k))
        if found:
            terms[group] = found
    return Query(text=collapsed, words=tuple(words), truncated=truncated, terms=terms)
