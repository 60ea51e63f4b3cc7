"""Writing the read-also index: one article at a time, or the whole archive.

Writing an article (`write`) costs a handful of indexed queries: its
document frequencies (counted and read in one upsert), the candidates'
profiles (exact scores and copy detection), chosen in the same query by
summing the strongest postings of its strongest terms (a bounded read
however long a common term's list grows, which never leaves the database),
then its rows. Each step is one statement whatever the number of terms or
links: a statement per term or per link was a round trip each. Its
neighbours are stored both ways: it joins the lists of the articles it
resembles at once, so a new story shows under older ones without waiting
for a batch. `rebuild` ranks the same way in memory (`bulk`): both share
`shortlist` and `judge`.

Document frequencies grow as articles are first indexed and are left as
they are by updates and removals: they describe the language of the wires,
which a kill does not change. `rebuild` counts them afresh.

The model classes come in a `Store`, so the migration that fills the index
runs this code with its historical models.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Min, Model, Q
from django.db.models.expressions import RawSQL

from manchette.news.sanitize import plain_text
from manchette.related import analysis, embedding

DOCUMENTS_KEY = "#"
POSTING_TERMS = 20
"""Terms of each article that can bring it up as a candidate."""
POSTINGS_PER_TERM = 300
"""Postings read per query term, strongest first. A common term's list grows with the
archive (tens of thousands of rows at 100,000 articles) while its weight in any one
article stays small: its strongest postings bring the candidates it can."""
CANDIDATES = 60
"""Candidates, by their partial score, whose whole vectors are compared."""
NEIGHBOURS = 20
"""Neighbours kept per article: four are shown, the rest stand in for kills and copies."""
SLACK = 6
"""Neighbours an article may gather from newer ones before its weakest go."""
MIN_SCORE = 0.03
# Two articles are one story when their wording largely overlaps (a version
# sent under a new id, another agency's rewrite of the same dispatch), or
# when their terms are nearly the same.
SAME_WORDING = 0.4
SAME_TERMS = 0.8
MAYBE_SAME = 0.25

ARTICLE_FIELDS = (
    "id",
    "status",
    "embargoed_until",
    "language",
    "headline",
    "standfirst",
    "body_html",
    "subjects",
    "section__path",
)


@dataclass(frozen=True, slots=True)
class Store:
    """The index's model classes and the database they live in."""

    profile: Any
    posting: Any
    neighbour: Any
    term_count: Any
    alias: str = DEFAULT_DB_ALIAS

    @classmethod
    def current(cls) -> Store:
        from manchette.related import models

        return cls(models.Profile, models.Posting, models.Neighbour, models.TermCount)

    @classmethod
    def historical(cls, apps: Apps, alias: str) -> Store:
        def model(name: str) -> type[Model]:
            return cast(type[Model], apps.get_model("related", name))

        return cls(
            model("Profile"), model("Posting"), model("Neighbour"), model("TermCount"), alias
        )

    def objects(self, model: Any) -> Any:
        return model.objects.using(self.alias)


def text_of(article: Any) -> analysis.Text:
    """The indexed text of an article row read with `ARTICLE_FIELDS` (section joined)."""
    parts = article.section.path.split("/")
    return analysis.Text(
        language=article.language,
        headline=article.headline,
        standfirst=article.standfirst,
        body=plain_text(article.body_html),
        subjects=tuple(article.subjects or ()),
        section_paths=tuple("/".join(parts[: n + 1]) for n in range(len(parts))),
    )


@dataclass(slots=True)
class Prepared:
    article_id: int
    group: str
    vector: dict[str, float]
    signature: bytes
    embedding: bytes = b""


def document_frequencies(store: Store, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    wanted = [*terms, DOCUMENTS_KEY]
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one query
        rows = store.objects(store.term_count).filter(term__in=wanted[start : start + 500])
        found.update(rows.values_list("term", "documents"))
    return found, max(1, found.pop(DOCUMENTS_KEY, 1))


def count_documents(store: Store, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    """One more article carries each of `terms` (and the archive has one more article).

    Returns the counts as they now are, as `document_frequencies` would read them:
    a few multi-row upserts that return their rows, not a statement and a round
    trip per term (one article has a few hundred) and a read after.
    """
    table = store.term_count._meta.db_table
    connection = connections[store.alias]
    name = connection.ops.quote_name(table)
    # Sorted, so two processes indexing at once take row locks in one order.
    wanted = sorted({*terms, DOCUMENTS_KEY})
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one query
            chunk = wanted[start : start + 500]
            cursor.execute(
                f"INSERT INTO {name} (term, documents) VALUES "  # noqa: S608 (a table name)
                + ", ".join(["(%s, 1)"] * len(chunk))
                + f" ON CONFLICT (term) DO UPDATE SET documents = {name}.documents + 1"
                " RETURNING term, documents",
                chunk,
            )
            found.update(cursor.fetchall())
    return found, max(1, found.pop(DOCUMENTS_KEY, 1))


def prepare(
    article: Any,
    frequencies: Mapping[str, float],
    df: Mapping[str, int],
    documents: int,
    vector_embedding: bytes = b"",
) -> Prepared:
    text = text_of(article)
    return Prepared(
        article_id=article.pk,
        group=analysis.group(article.language),
        vector=analysis.weigh(frequencies, df, documents),
        signature=analysis.sketch(text),
        embedding=vector_embedding,
    )


def embeddings(articles: list[Any]) -> list[bytes]:
    """The articles' sentence embeddings in one batch, or empty ones when the re-rank is off."""
    if not embedding.enabled():
        return [b""] * len(articles)
    return embedding.encode([embedding.text(text_of(article)) for article in articles])


def save_profiles(store: Store, batch: list[Prepared]) -> None:
    """Store many new or rebuilt profiles at once, each a story of its own (the rebuild)."""
    ids = [prepared.article_id for prepared in batch]
    store.objects(store.posting).filter(profile_id__in=ids).delete()
    store.objects(store.profile).bulk_create(
        [
            store.profile(
                article_id=p.article_id,
                group=p.group,
                story=p.article_id,
                vector=p.vector,
                signature=p.signature,
                embedding=p.embedding,
            )
            for p in batch
        ],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["group", "story", "vector", "signature", "embedding"],
    )
    store.objects(store.posting).bulk_create(
        [
            store.posting(term=term, profile_id=p.article_id, weight=weight)
            for p in batch
            for term, weight in strongest(p.vector)
        ],
        batch_size=2000,
    )


def _weight_then_term(item: tuple[str, float]) -> tuple[float, str]:
    return item[1], item[0]


def save_profile(store: Store, prepared: Prepared, existing: int | None = None) -> Any:
    """Store the profile and its postings; a new profile is a story of its own for now.

    `existing` is the story of the profile already stored, if any, which it keeps.
    """
    profile = store.profile(
        article_id=prepared.article_id,
        group=prepared.group,
        story=existing or prepared.article_id,
        vector=prepared.vector,
        signature=prepared.signature,
        embedding=prepared.embedding,
    )
    # One upsert: a save() tries an UPDATE, then an INSERT for a new profile.
    store.objects(store.profile).bulk_create(
        [profile],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["group", "vector", "signature", "embedding"],
    )
    postings = store.objects(store.posting)
    postings.filter(profile_id=prepared.article_id).delete()
    postings.bulk_create(
        [
            store.posting(term=term, profile_id=prepared.article_id, weight=weight)
            for term, weight in strongest(prepared.vector)
        ]
    )
    return profile


@dataclass(frozen=True, slots=True)
class Match:
    article_id: int
    story: int
    score: float


def strongest(vector: Mapping[str, float]) -> list[tuple[str, float]]:
    """The terms an article is found by, and looks for others by.

    Ties go by term: a vector read back from PostgreSQL's jsonb has its keys reordered.
    """
    return heapq.nlargest(POSTING_TERMS, vector.items(), key=_weight_then_term)


def shortlist(query: Mapping[Any, float], postings: Iterable[tuple[Any, int, float]]) -> list[int]:
    """The `CANDIDATES` articles whose postings add up best against the query's terms."""
    partial: defaultdict[int, float] = defaultdict(float)
    for term, other, weight in postings:
        partial[other] += query[term] * weight
    # Ties to the lower id, as the database's shortlist (`_shortlist_sql`) orders them.
    return heapq.nlargest(CANDIDATES, partial, key=lambda other: (partial[other], -other))


Candidate = tuple[int, int, Mapping[Any, float], bytes, bytes]
"""A candidate as `judge` reads it: id, story, vector, signature, embedding."""


def judge(
    vector: Mapping[Any, float],
    story: int,
    signature: bytes,
    candidates: Iterable[Candidate],
    vector_embedding: bytes = b"",
) -> tuple[int, list[Match]]:
    """From candidates: the article's story and neighbours.

    It joins the story of any candidate it copies (the oldest story wins).
    Copies and the floor are judged on terms alone; with embeddings, a
    neighbour's rank blends in how close the two read (`embedding.blend`).
    """
    matches: list[Match] = []
    for other, other_story, other_vector, other_signature, other_embedding in candidates:
        score = analysis.cosine(vector, other_vector)
        # Copies share most of their terms too: the sketches are compared only then.
        if score >= SAME_TERMS or (
            score >= MAYBE_SAME and analysis.resemblance(signature, other_signature) >= SAME_WORDING
        ):
            story = min(story, other_story)
        elif score >= MIN_SCORE:
            score = embedding.blend(score, vector_embedding, other_embedding)
            matches.append(Match(other, other_story, score))
    return story, heapq.nlargest(NEIGHBOURS, (m for m in matches if m.story != story), key=_score)


def strongest_of_one_term(store: Store) -> str:
    """The `POSTINGS_PER_TERM` strongest postings of a term (its parameter), by the index."""
    table = connections[store.alias].ops.quote_name(store.posting._meta.db_table)
    return (
        f"SELECT term, profile_id, weight FROM {table} WHERE term = %s "  # noqa: S608 (a table name)
        f"ORDER BY weight DESC LIMIT {POSTINGS_PER_TERM}"
    )


def _shortlist_sql(store: Store, query: Mapping[str, float], article_id: int) -> RawSQL:
    """`shortlist` in the database: the strongest postings summed there, so that the
    thousands of rows they are (20 terms × `POSTINGS_PER_TERM`) never leave it."""
    one = strongest_of_one_term(store)
    # Each term's weight in the query rides along with its postings, as a constant.
    read = " UNION ALL ".join(
        f"SELECT p{n}.profile_id, p{n}.weight * %s AS partial FROM ({one}) AS p{n}"  # noqa: S608
        for n in range(len(query))
    )
    sql = (
        f"SELECT profile_id FROM ({read}) AS postings WHERE profile_id <> %s "  # noqa: S608
        f"GROUP BY profile_id ORDER BY SUM(partial) DESC, profile_id LIMIT {CANDIDATES}"
    )
    params: list[Any] = []
    for term, weight in query.items():
        params += [weight, term]
    return RawSQL(sql, [*params, article_id])  # noqa: S611 (values go as parameters)


def rank(store: Store, profile: Any) -> tuple[int, list[Match]]:
    """The profile's story (it may copy an older one) and neighbours, read from the index.

    One query: the candidates' profiles, chosen by the database (`_shortlist_sql`).
    """
    query = dict(strongest(profile.vector))
    if not query:
        return profile.story, []
    candidates = store.objects(store.profile).filter(
        pk__in=_shortlist_sql(store, query, profile.pk)
    )
    own = bytes(profile.embedding)
    fields = ["article_id", "story", "vector", "signature"]
    if own:  # a kilobyte a candidate, read only when it is blended in
        fields.append("embedding")
    return judge(
        profile.vector,
        profile.story,
        bytes(profile.signature),
        (
            (
                other.pk,
                other.story,
                other.vector,
                bytes(other.signature),
                bytes(other.embedding) if own else b"",
            )
            for other in candidates.only(*fields)
        ),
        own,
    )


def link(store: Store, profile: Any) -> list[Match]:
    """Find the profile's neighbours, join its story if it copies one, store the links both ways."""
    story, best = rank(store, profile)
    if story != profile.story:
        profile.story = story
        store.objects(store.profile).filter(pk=profile.pk).update(story=story)
    neighbours = store.objects(store.neighbour)
    neighbours.filter(Q(profile_id=profile.pk) | Q(other_id=profile.pk)).delete()
    links = [
        store.neighbour(profile_id=profile.pk, other_id=m.article_id, score=m.score) for m in best
    ]
    neighbours.bulk_create(links + _reverse_links(store, profile.pk, best))
    return best


def _score(match: Match) -> float:
    return match.score


def _reverse_links(store: Store, article_id: int, best: list[Match]) -> list[Any]:
    """This article in the lists of those it resembles, where it beats their weakest."""
    neighbours = store.objects(store.neighbour)
    lists = {
        row["profile_id"]: (row["size"], row["weakest"])
        for row in neighbours.filter(profile_id__in=[m.article_id for m in best])
        .values("profile_id")
        .annotate(size=Count("id"), weakest=Min("score"))
    }
    links = []
    trimmed = Q()
    for match in best:
        size, weakest = lists.get(match.article_id, (0, 0.0))
        if size >= NEIGHBOURS and match.score <= weakest:
            continue
        if size >= NEIGHBOURS + SLACK:
            trimmed |= Q(profile_id=match.article_id, score__lte=weakest)
        links.append(
            store.neighbour(profile_id=match.article_id, other_id=article_id, score=match.score)
        )
    if trimmed:  # every full list's weakest in one statement
        neighbours.filter(trimmed).delete()
    return links


def write(store: Store, article: Any) -> list[Match]:
    """Index one article readers may see (new or updated) and link it both ways."""
    frequencies = analysis.terms(text_of(article))
    profiles = store.objects(store.profile)
    existing = profiles.filter(pk=article.pk).values_list("story", flat=True).first()
    if existing is None:
        df, documents = count_documents(store, frequencies)
    else:
        df, documents = document_frequencies(store, frequencies)
    prepared = prepare(article, frequencies, df, documents, embeddings([article])[0])
    profile = save_profile(store, prepared, existing)
    return link(store, profile)


def remove(store: Store, article_ids: Iterable[int]) -> None:
    """Take articles out of the index and out of every list they were in."""
    ids = list(article_ids)
    if not ids:
        return
    store.objects(store.neighbour).filter(other_id__in=ids).delete()
    store.objects(store.profile).filter(pk__in=ids).delete()
