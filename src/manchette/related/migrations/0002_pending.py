"""The queue of articles waiting for the read-also index, filled with the archive.

A site upgraded to a version with read-also blocks has its archive queued
here; the scheduler indexes it in the background (or `manchette
related_rebuild` at once), and any article viewed first ranks its own block.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def queue_archive(apps, schema_editor):
    alias = schema_editor.connection.alias
    article = apps.get_model("news", "Article")
    pending = apps.get_model("related", "Pending")
    now = django.utils.timezone.now()
    ids = article.objects.using(alias).values_list("pk", flat=True).iterator(chunk_size=2000)
    batch = []
    for pk in ids:
        batch.append(pending(article_id=pk, queued_at=now))
        if len(batch) == 2000:
            pending.objects.using(alias).bulk_create(batch)
            batch = []
    pending.objects.using(alias).bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_article_comments_closed"),
        ("related", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Pending",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="news.article",
                    ),
                ),
                ("queued_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(queue_archive, migrations.RunPython.noop),
    ]
