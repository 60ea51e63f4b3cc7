"""The read-also index, kept in the database so every app process shares it.

Per article readers may see: a `Profile` (its weighted terms, a MinHash
signature of its wording, the story it belongs to), `Posting` rows for its
strongest terms (to find candidates without scanning the archive) and up to
`NEIGHBOURS` `Neighbour` rows computed when it is written, in both directions,
so that showing a block is one indexed read. `TermCount` holds the document
frequencies the weights need. `ReadAlsoChoice` is the editors' say.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manchette.news.models import Article


class Profile(models.Model):
    article = models.OneToOneField(
        Article, models.CASCADE, primary_key=True, related_name="related_profile"
    )
    group = models.CharField(max_length=2)
    """The analysis group (fr, en, xx): only articles of one group are compared."""
    story = models.BigIntegerField(db_index=True)
    """The id of the first article of this story: versions under another id and
    agencies' near-copies share it, and a block shows a story once."""
    vector = models.JSONField(default=dict)
    """The strongest terms and their weights, unit length."""
    signature = models.BinaryField()
    """MinHash of the wording's word shingles, to tell copies of one story apart."""
    embedding = models.BinaryField(default=b"", blank=True)
    """A sentence embedding (`related.embedding`), empty unless the optional re-rank is on."""

    def __str__(self) -> str:
        return f"{self.article_id} ({self.group}, story {self.story})"


class Posting(models.Model):
    term = models.CharField(max_length=120)
    profile = models.ForeignKey(Profile, models.CASCADE, related_name="postings")
    weight = models.FloatField()

    class Meta:
        # Strongest first: a term's query reads only the head of its list (on PostgreSQL
        # the index also carries the profile id, migration 0005, so it reads nothing else).
        indexes = [models.Index(fields=["term", "-weight"], name="related_posting_strongest")]

    def __str__(self) -> str:
        return f"{self.term} → {self.profile_id}"


class Neighbour(models.Model):
    profile = models.ForeignKey(Profile, models.CASCADE, related_name="neighbours")
    other = models.ForeignKey(Article, models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["profile", "-score"], name="related_neighbour_best")]
        constraints = [
            models.UniqueConstraint(fields=["profile", "other"], name="related_neighbour_once")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.other_id} ({self.score:.3f})"


class TermCount(models.Model):
    """How many indexed articles carry a term (the key "#" counts the articles)."""

    term = models.CharField(max_length=120, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.documents}"


class ReadAlsoChoice(models.Model):
    """An editor's pin (shown first, in order) or exclusion for one article's block."""

    class Kind(models.TextChoices):
        PIN = "pin", _("pin")
        EXCLUDE = "exclude", _("exclude")

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="read_also_choices", verbose_name=_("article")
    )
    other = models.ForeignKey(
        Article, models.CASCADE, related_name="+", verbose_name=_("other article")
    )
    kind = models.CharField(_("choice"), max_length=8, choices=Kind.choices, default=Kind.PIN)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = _("read-also choice")
        verbose_name_plural = _("read-also choices")
        constraints = [
            models.UniqueConstraint(fields=["article", "other"], name="related_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.other_id}"


class Pending(models.Model):
    """An article whose place in the index waits for the background pass.

    Ranking an article's neighbours costs tens of ms (bench/related.py: 25 ms
    p50 at 100,000 articles), too slow for the wire pipeline, which
    only queues it here; the scheduler beside `manchette serve` works the
    queue every few seconds and a first view ranks its own article at once.
    """

    article = models.OneToOneField(Article, models.CASCADE, primary_key=True, related_name="+")
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.queued_at:%Y-%m-%d %H:%M:%S}"
