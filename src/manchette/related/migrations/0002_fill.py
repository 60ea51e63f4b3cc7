"""Fill the read-also index from the articles already published.

A site upgraded to a version with read-also blocks shows them under its
archive at once, as under every article published from now on.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from manchette.related.index import Store
    from manchette.related.services import rebuild

    alias = schema_editor.connection.alias
    articles = apps.get_model("news", "Article").objects.using(alias).all()
    rebuild(articles, Store.historical(apps, alias))


class Migration(migrations.Migration):
    dependencies = [
        ("related", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
