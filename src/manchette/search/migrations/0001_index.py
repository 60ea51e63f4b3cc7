"""The search index: FTS5 tables on SQLite, a GIN-indexed tsvector table on PostgreSQL.

Neither is a Django model (FTS5 tables and tsvector columns are outside the
ORM), so they are created here by hand, for the database in use only. The
definitions are frozen here on purpose; the backends only name the tables.
The last step fills the index from the articles already published, so a site
upgraded to a version with search finds its archive at once.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, standfirst, body,
        tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
    )
    """,
    """
    CREATE TABLE search_entry (
        article_id INTEGER PRIMARY KEY,
        published REAL NOT NULL,
        section_id INTEGER NOT NULL,
        provider_id INTEGER NOT NULL
    )
    """,
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_entry"]

POSTGRES_CREATE = [
    # unaccent is a trusted extension: the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE TABLE search_document (
        article_id bigint PRIMARY KEY,
        config text NOT NULL,
        document tsvector NOT NULL,
        published timestamptz NOT NULL,
        section_id bigint NOT NULL,
        provider_id bigint NOT NULL
    )
    """,
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_document"]


def _statements(vendor, sqlite, postgres):
    if vendor == "sqlite":
        return sqlite
    if vendor == "postgresql":
        return postgres
    raise RuntimeError(f"site search supports SQLite and PostgreSQL, not {vendor}")


def create(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, SQLITE_CREATE, POSTGRES_CREATE):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, SQLITE_DROP, POSTGRES_DROP):
        schema_editor.execute(statement)


def fill(apps, schema_editor):
    from manchette.search.backends import backend_for
    from manchette.search.services import index_visible

    article_model = apps.get_model("news", "Article")
    articles = article_model.objects.using(schema_editor.connection.alias).all()
    index_visible(articles, backend_for(schema_editor.connection))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("news", "0003_article_release_pending"),
    ]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
