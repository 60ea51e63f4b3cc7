"""Linking the whole archive at once, in memory: the rebuild's last pass.

Linking articles one by one through the database reads the postings and
profiles of sixty candidates per article, which at 100,000 articles is
most of an hour. The rebuild has every profile in hand anyway, so it keeps
them here, compactly (term numbers and weights in typed arrays, about
1 KB an article), and ranks each article exactly as `index.link` would
from the same rows: the same strongest postings per term, the same
shortlist, the same judgement of copies and neighbours (`index.judge`).
"""

from __future__ import annotations

from array import array
from collections import defaultdict

from manchette.related import index


class Archive:
    """Profiles as the rebuild prepared them; `link` ranks one against all the others."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._terms: dict[int, tuple[array[int], array[float]]] = {}
        self._signatures: dict[int, bytes] = {}
        self._embeddings: dict[int, bytes] = {}
        self.stories: dict[int, int] = {}
        """Each article's story, updated as `link` finds copies."""
        self._query: dict[int, tuple[array[int], array[float]]] = {}
        self._postings: defaultdict[int, tuple[array[int], array[float]]] = defaultdict(
            lambda: (array("q"), array("d"))
        )
        self._capped = False

    def _number(self, term: str) -> int:
        return self._numbers.setdefault(term, len(self._numbers))

    def add(self, prepared: index.Prepared) -> None:
        pk = prepared.article_id
        # Insertion order kept: ties between equal weights fall as in the database.
        self._terms[pk] = (
            array("q", (self._number(term) for term in prepared.vector)),
            array("d", prepared.vector.values()),
        )
        query = index.strongest(prepared.vector)
        self._query[pk] = (
            array("q", (self._number(term) for term, _ in query)),
            array("d", (weight for _, weight in query)),
        )
        for term, weight in query:
            ids, weights = self._postings[self._number(term)]
            ids.append(pk)
            weights.append(weight)
        self._signatures[pk] = prepared.signature
        if prepared.embedding:
            self._embeddings[pk] = prepared.embedding
        self.stories[pk] = pk
        self._capped = False

    def _cap(self) -> None:
        """Keep only the strongest postings of each term, as the database query reads them."""
        for term, (ids, weights) in self._postings.items():
            if len(ids) > index.POSTINGS_PER_TERM:
                order = sorted(range(len(ids)), key=weights.__getitem__, reverse=True)
                kept = order[: index.POSTINGS_PER_TERM]
                self._postings[term] = (
                    array("q", (ids[n] for n in kept)),
                    array("d", (weights[n] for n in kept)),
                )
        self._capped = True

    def link(self, pk: int) -> list[index.Match]:
        """The article's neighbours; its story joins the story of any article it copies."""
        if not self._capped:
            self._cap()
        terms, weights = self._query[pk]
        query = dict(zip(terms, weights, strict=True))
        shortlist = index.shortlist(
            query,
            (
                (term, other, weight)
                for term in terms
                for other, weight in zip(*self._postings[term], strict=True)
                if other != pk
            ),
        )
        story, best = index.judge(
            self._vector(pk),
            self.stories[pk],
            self._signatures[pk],
            (
                (
                    other,
                    self.stories[other],
                    self._vector(other),
                    self._signatures[other],
                    self._embeddings.get(other, b""),
                )
                for other in shortlist
            ),
            self._embeddings.get(pk, b""),
        )
        self.stories[pk] = story
        return best

    def _vector(self, pk: int) -> dict[int, float]:
        return dict(zip(*self._terms[pk], strict=True))
