"""SQLite: an FTS5 table of stemmed, folded text ranked by bm25, and a table of facts beside it.

FTS5's `unicode61 remove_diacritics 2` tokenizer folds accents but knows no
French, so the text is analysed in Python (`search.analysis`) and the FTS
table stores the keys: "Les marchés" is stored as "fr_march". The prefix
names the analysis group, so a French article is only ever matched against
the query analysed as French, an English one as English; and each group's
words have index entries of their own, so looking up a French word never
reads through the English articles that share its spelling. (Keys are
letters and digits only: the underscore, a token character here, cannot
occur in one.) The rowid is the article id. `search_entry` holds what
ranking and filters need (publication time, section, provider) in rows of a
few bytes: reading them for thousands of matches costs far less than reading
the articles themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from manchette.search.analysis import Group, group_of, keys
from manchette.search.backends.base import (
    FRESHNESS_HOURS,
    Document,
    Hits,
    IndexFilters,
    SearchBackend,
    SQLValue,
)
from manchette.search.query import Query

TABLE = "search_fts"
ENTRY = "search_entry"
# bm25 weights of the columns headline, standfirst, body.
WEIGHTS = "10.0, 4.0, 1.0"

# Names here are this module's constants; every value, the reader's words
# included, is a parameter. The window is read newest id first, which FTS5
# does straight from its index, so bm25 (negative: lower is better, hence
# the minus) runs for `window` + 1 rows at most: counting them tells whether
# more match, and the newest `window` are ranked.
_RANK = f"""
WITH matched AS MATERIALIZED (
    SELECT {TABLE}.rowid AS id, -bm25({TABLE}, {WEIGHTS}) AS relevance, entry.published
    FROM {TABLE} CROSS JOIN {ENTRY} AS entry ON entry.article_id = {TABLE}.rowid
    WHERE {TABLE} MATCH %s {{filters}}
    ORDER BY {TABLE}.rowid DESC LIMIT %s
)
SELECT id, (SELECT count(*) FROM matched)
FROM (SELECT * FROM matched ORDER BY id DESC LIMIT %s) AS ranked
ORDER BY relevance * (1.0 + %s / (%s + MAX(0.0, (%s - published) / 3600.0))) DESC,
    published DESC, id DESC
LIMIT %s OFFSET %s
"""  # noqa: S608
_INSERT = f"INSERT INTO {TABLE} (rowid, headline, standfirst, body) VALUES (%s, %s, %s, %s)"  # noqa: S608
_INSERT_ENTRY = (
    f"INSERT OR REPLACE INTO {ENTRY} (article_id, published, section_id, provider_id) "  # noqa: S608
    "VALUES (%s, %s, %s, %s)"
)
_DELETE = f"DELETE FROM {TABLE} WHERE rowid = %s"  # noqa: S608
_DELETE_ENTRY = f"DELETE FROM {ENTRY} WHERE article_id = %s"  # noqa: S608
_IDS = f"SELECT article_id FROM {ENTRY}"  # noqa: S608
_OPTIMIZE = f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')"  # noqa: S608


def stored_text(text: str, group: Group) -> str:
    """What the FTS table holds for `text`: its keys, each prefixed with its group."""
    return " ".join(f"{group}_{found}" for found in keys(text, group))


def match_expression(query: Query) -> str:
    """The FTS5 query: for some group, every key of the query analysed for that group.

    Keys are letters and digits only (`analysis.WORD`); they are quoted all
    the same, so none is ever read as an operator (AND, NEAR…).
    """
    return " OR ".join(
        "(" + " AND ".join(f'"{group}_{term}"' for term in terms) + ")"
        for group, terms in query.terms.items()
    )


def filter_sql(filters: IndexFilters) -> tuple[str, list[SQLValue]]:
    """AND-conditions on `entry` for the reader's filters, and their parameters."""
    sql, params = [], list[SQLValue]()
    if filters.section_ids is not None:
        sql.append(f"AND entry.section_id IN ({', '.join(['%s'] * len(filters.section_ids))})")
        params += filters.section_ids
    if filters.provider_id is not None:
        sql.append("AND entry.provider_id = %s")
        params.append(filters.provider_id)
    if filters.since is not None:
        sql.append("AND entry.published >= %s")
        params.append(filters.since.timestamp())
    if filters.until is not None:
        sql.append("AND entry.published < %s")
        params.append(filters.until.timestamp())
    return " ".join(sql), params


class SQLiteBackend(SearchBackend):
    def upsert(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        rows: list[list[SQLValue]] = []
        for d in documents:
            group = group_of(d.language)
            rows.append(
                [d.article_id, *(stored_text(t, group) for t in (d.headline, d.standfirst, d.body))]
            )
        with self.connection.cursor() as cursor:
            # FTS5 has no upsert: an update is a delete and an insert.
            cursor.executemany(_DELETE, [[d.article_id] for d in documents])
            cursor.executemany(_INSERT, rows)
            cursor.executemany(
                _INSERT_ENTRY,
                [
                    [d.article_id, d.published.timestamp(), d.section_id, d.provider_id]
                    for d in documents
                ],
            )

    def remove(self, article_ids: Iterable[int]) -> None:
        rows: list[list[SQLValue]] = [[article_id] for article_id in article_ids]
        with self.connection.cursor() as cursor:
            cursor.executemany(_DELETE, rows)
            cursor.executemany(_DELETE_ENTRY, rows)

    def optimize(self) -> None:
        # One b-tree per word instead of the many segments a rebuild leaves.
        with self.connection.cursor() as cursor:
            cursor.execute(_OPTIMIZE)

    def indexed_ids(self) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(_IDS)
            return {row[0] for row in cursor.fetchall()}

    def search(
        self, query: Query, filters: IndexFilters, *, now: datetime, limit: int, offset: int
    ) -> Hits:
        if not query.terms:
            return Hits(ids=[], total=0)
        conditions, condition_params = filter_sql(filters)
        params: list[SQLValue] = [
            match_expression(query),
            *condition_params,
            self.window + 1,
            self.window,
            FRESHNESS_HOURS,
            FRESHNESS_HOURS,
            now.timestamp(),
            limit,
            offset,
        ]
        with self.connection.cursor() as cursor:
            cursor.execute(_RANK.format(filters=conditions), params)
            rows = cursor.fetchall()
        return Hits(
            ids=[row[0] for row in rows], total=rows[0][1] if rows else 0, window=self.window
        )
