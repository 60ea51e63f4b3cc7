"""On PostgreSQL, the postings' index also carries the profile id (INCLUDE).

A term's strongest postings are then read from the index alone: without it,
each of the 300 rows read per term was a heap page of its own (postings are
written article by article), which at 100,000 articles made most of an
update's time (bench/related.py). The index keeps its name and columns, so
Django's state is unchanged; it is not declared with `include=` because
SQLite cannot build one and Django would warn about it there (models.W040).
"""

from django.db import migrations

COVERING = (
    'CREATE INDEX "related_posting_strongest" ON "related_posting" '
    '("term", "weight" DESC) INCLUDE ("profile_id")'
)
PLAIN = 'CREATE INDEX "related_posting_strongest" ON "related_posting" ("term", "weight" DESC)'


def _replace(definition):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute('DROP INDEX IF EXISTS "related_posting_strongest"')
        schema_editor.execute(definition)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("related", "0004_profile_embedding"),
    ]

    operations = [
        migrations.RunPython(_replace(COVERING), _replace(PLAIN), elidable=False),
    ]
