"""PostgreSQL: a tsvector per article, `french`/`english`/`simple` after `unaccent`, GIN-indexed.

PostgreSQL analyses the text itself: `to_tsvector('french', unaccent(text))`
folds accents, drops stop words and stems, the headline weighted A, the
standfirst B and the body D. A query is analysed once per configuration and
each article is matched against the analysis of its own language, as on
SQLite: every vector carries a marker lexeme for its language ("~fr", which
no text can produce), and the query is one tsquery,
`(french words & '~fr') | (english words & '~en') | …`, which the GIN index
answers exactly, without reading any row's vector again. Publication time,
section and provider sit in the same row for ranking and filters. The
`unaccent` extension is created by this app's migration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from manchette.search.analysis import Group, group_of
from manchette.search.backends.base import (
    FRESHNESS_HOURS,
    Document,
    Hits,
    IndexFilters,
    SearchBackend,
    SQLValue,
)
from manchette.search.query import Query

TABLE = "search_document"
CONFIGS: dict[Group, str] = {"fr": "french", "en": "english", "xx": "simple"}
MARKERS = {"french": "~fr", "english": "~en", "simple": "~xx"}

# Names here are this module's constants; every value, the reader's words
# included, is a parameter.
_UPSERT = f"""
INSERT INTO {TABLE} (article_id, config, document, published, section_id, provider_id)
VALUES (
    %s, %s,
    setweight(to_tsvector(%s::regconfig, unaccent(%s)), 'A')
    || setweight(to_tsvector(%s::regconfig, unaccent(%s)), 'B')
    || setweight(to_tsvector(%s::regconfig, unaccent(%s)), 'D')
    || array_to_tsvector(ARRAY[%s]),
    %s, %s, %s
)
ON CONFLICT (article_id) DO UPDATE SET
    config = EXCLUDED.config, document = EXCLUDED.document, published = EXCLUDED.published,
    section_id = EXCLUDED.section_id, provider_id = EXCLUDED.provider_id
"""  # noqa: S608
_ANALYSE = "plainto_tsquery(%s::regconfig, unaccent(%s))::text"
# "article_id + 0": ordering by the bare primary key tempts PostgreSQL to walk
# it backwards testing each row's vector, which reads them all when a word is
# rare; this way the GIN index finds the matches, and the newest are kept.
# Only their ids go through the sort; the vectors are read for those ranked.
# ts_rank_cd weights for D, C, B, A: body 0.1, standfirst 0.4, headline 1 (10 : 4 : 1);
# normalisation 1 divides by 1 + log(length), so long stories do not win by length alone.
_RANK = f"""
WITH matched AS MATERIALIZED (
    SELECT article_id FROM {TABLE} AS document
    WHERE document.document @@ %s::tsquery {{filters}}
    ORDER BY article_id + 0 DESC LIMIT %s
)
SELECT document.article_id, (SELECT count(*) FROM matched)
FROM (SELECT article_id FROM matched ORDER BY article_id DESC LIMIT %s) AS newest
JOIN {TABLE} AS document ON document.article_id = newest.article_id
ORDER BY ts_rank_cd('{{{{0.1, 0.2, 0.4, 1.0}}}}'::real[], document.document,
        CASE document.config {{cases}} END, 1)
    * (1.0 + %s / (%s + GREATEST(0.0, EXTRACT(EPOCH FROM (%s - document.published)) / 3600.0)))
    DESC, document.published DESC, document.article_id DESC
LIMIT %s OFFSET %s
"""  # noqa: S608
_DELETE = f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)"  # noqa: S608
_IDS = f"SELECT article_id FROM {TABLE}"  # noqa: S608
_ANALYZE = f"ANALYZE {TABLE}"


def filter_sql(filters: IndexFilters) -> tuple[str, list[SQLValue]]:
    """AND-conditions on `document` for the reader's filters, and their parameters."""
    sql, params = [], list[SQLValue]()
    if filters.section_ids is not None:
        sql.append("AND document.section_id = ANY(%s)")
        params.append(list(filters.section_ids))
    if filters.provider_id is not None:
        sql.append("AND document.provider_id = %s")
        params.append(filters.provider_id)
    if filters.since is not None:
        sql.append("AND document.published >= %s")
        params.append(filters.since)
    if filters.until is not None:
        sql.append("AND document.published < %s")
        params.append(filters.until)
    return " ".join(sql), params


class PostgresBackend(SearchBackend):
    def upsert(self, documents: Sequence[Document]) -> None:
        rows: list[list[SQLValue]] = []
        for d in documents:
            config = CONFIGS[group_of(d.language)]
            rows.append(
                [
                    *(d.article_id, config),
                    *(config, d.headline, config, d.standfirst, config, d.body, MARKERS[config]),
                    *(d.published, d.section_id, d.provider_id),
                ]
            )
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(_UPSERT, rows)

    def remove(self, article_ids: Iterable[int]) -> None:
        ids = list(article_ids)
        if ids:
            with self.connection.cursor() as cursor:
                cursor.execute(_DELETE, [ids])

    def optimize(self) -> None:
        # Fresh statistics, so the planner knows how many rows a word matches.
        with self.connection.cursor() as cursor:
            cursor.execute(_ANALYZE)

    def indexed_ids(self) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(_IDS)
            return {row[0] for row in cursor.fetchall()}

    def search(
        self, query: Query, filters: IndexFilters, *, now: datetime, limit: int, offset: int
    ) -> Hits:
        nothing = Hits(ids=[], total=0, window=self.window)
        configs = [CONFIGS[group] for group in query.terms]
        if not configs:
            return nothing
        words = " ".join(query.words)
        with self.connection.cursor() as cursor:
            # The query analysed by each configuration, as tsquery text (printed
            # quoted by PostgreSQL, ready to be read back). A configuration that
            # finds nothing but stop words gives "" and is left out: an empty
            # operand of & would match every article of that language.
            cursor.execute(
                "SELECT " + ", ".join([_ANALYSE] * len(configs)),
                [value for config in configs for value in (config, words)],
            )
            found = zip(configs, cursor.fetchone(), strict=True)
            analysed = {config: text for config, text in found if text}
            if not analysed:
                return nothing
            combined = " | ".join(
                f"( {text} ) & '{MARKERS[config]}'" for config, text in analysed.items()
            )
            conditions, condition_params = filter_sql(filters)
            cases: list[SQLValue] = []
            for config, text in analysed.items():
                cases += [config, text]
            sql = _RANK.format(
                filters=conditions, cases=" ".join(["WHEN %s THEN %s::tsquery"] * len(analysed))
            )
            cursor.execute(
                sql,
                [
                    combined,
                    *condition_params,
                    self.window + 1,
                    self.window,
                    *cases,
                    FRESHNESS_HOURS,
                    FRESHNESS_HOURS,
                    now,
                    limit,
                    offset,
                ],
            )
            rows = cursor.fetchall()
        return Hits(
            ids=[row[0] for row in rows], total=rows[0][1] if rows else 0, window=self.window
        )
