"""PostgreSQL: keep each tsvector in its row (compressed), not in TOAST.

Stored apart, the vectors make the table look small to the planner, which
then answers a common word by testing every row's vector in turn (a second
and more at 100,000 articles) rather than from the GIN index. In the row,
their size counts. The update rewrites the vectors already indexed under the
new storage (concatenating an empty vector changes nothing else).
"""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_document ALTER COLUMN document SET STORAGE MAIN",
    "UPDATE search_document SET document = document || ''::tsvector",
]
POSTGRES_BACK = ["ALTER TABLE search_document ALTER COLUMN document SET STORAGE EXTENDED"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_index"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_BACK)),
    ]
