"""The embedded backend's tables: bucketed counters, recent reader keys, daily salts.

Only `backends.embedded` reads and writes them; with Redis they stay empty.
Article ids are plain numbers, not foreign keys: a counter outlives nothing
(old buckets are pruned within days), and counting must never wait on the
articles table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViewCount(models.Model):
    """Views of one article, in one scope, during one time bucket."""

    resolution = models.PositiveIntegerField(_("bucket length (seconds)"))
    scope = models.CharField(_("scope"), max_length=255, blank=True)
    bucket = models.BigIntegerField(_("bucket start (Unix seconds)"))
    article_id = models.BigIntegerField(_("article id"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("view count")
        verbose_name_plural = _("view counts")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "scope", "bucket", "article_id"], name="viewcount_cell"
            ),
        ]
        # Pruning deletes old buckets of every scope at once.
        indexes = [models.Index(fields=["resolution", "bucket"], name="viewcount_age")]

    def __str__(self) -> str:
        return f"{self.article_id} @{self.resolution}s/{self.scope or '*'}/{self.bucket}"


class SeenReader(models.Model):
    """A reader key counted recently, with when it was last counted."""

    # 64 bits: an integer key is the table's own row id on SQLite, several times
    # faster to insert than text, and two readers of one article on one day
    # share a key about once in a million days at 10 million readers a day.
    key = models.BigIntegerField(_("reader key"), primary_key=True)
    at = models.BigIntegerField(_("counted at (Unix seconds)"), db_index=True)

    class Meta:
        verbose_name = _("recent reader")
        verbose_name_plural = _("recent readers")

    def __str__(self) -> str:
        return str(self.key)


class DailySalt(models.Model):
    """The random salt of one UTC day's reader keys."""

    day = models.CharField(_("day"), max_length=10, primary_key=True)
    salt = models.BinaryField(_("salt"), max_length=32)

    class Meta:
        verbose_name = _("daily salt")
        verbose_name_plural = _("daily salts")

    def __str__(self) -> str:
        return self.day
