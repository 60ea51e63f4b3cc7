"""Reader comments, their revisions and the reports readers file against them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manchette.conf.inserts import InsertCompiledOnce
from manchette.news.models import Article

BODY_MAX_LENGTH = 5000


class Comment(InsertCompiledOnce, models.Model):
    """What a reader wrote under an article; a reply when it has a parent (one level)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")  # held for a moderator before anyone sees it
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")  # by a moderator or a policy check
        DELETED = "deleted", _("deleted")  # by its author, or with the author's account

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    # Null once the author's account is deleted and the comment kept as a tombstone.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # Why the status is what it is, in words the author is shown ("held: first comments").
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Which check or person decided it: "policy:banned_words", "moderator".
    decided_by = models.CharField(_("decided by"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Hash of the poster's address (salted, never the address): rate limits and abuse review.
    client_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
            # A page of an article's thread: its top-level comments in order, read
            # LIMIT-first instead of sorting every comment of the article.
            models.Index(
                fields=["article", "-created_at", "-id"],
                condition=models.Q(parent__isnull=True),
                name="comments_top_level_idx",
            ),
            # The few top-level comments a thread shows although they are not published
            # (tombstones, a reader's own held ones), counted beside the tally.
            models.Index(
                fields=["article"],
                condition=models.Q(parent__isnull=True) & ~models.Q(status="published"),
                name="comments_top_unpublished_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author or '-'}: {self.body[:60]}"


class CommentTally(models.Model):
    """How many published comments an article has, and how many of them are top-level.

    Kept by the database itself, with triggers on the comments table (migration
    0003), so every write counts, whoever makes it. Counting them on each
    redraw of a thread took longer than the rest of the redraw once the thread
    held thousands.
    """

    article = models.OneToOneField(
        Article, models.CASCADE, primary_key=True, related_name="+", verbose_name=_("article")
    )
    published = models.IntegerField(default=0)
    published_top = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.article_id}: {self.published} ({self.published_top} top-level)"


class CommentRevision(models.Model):
    """The text a comment had before its author edited it."""

    comment = models.ForeignKey(
        Comment, models.CASCADE, related_name="revisions", verbose_name=_("comment")
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Report(models.Model):
    """One reader's report of one comment ("Signaler le commentaire")."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("offensive")
        ABUSIVE = "abusive", _("harassment or abuse")
        SPAM = "spam", _("spam or advertising")
        ILLEGAL = "illegal", _("illegal content")
        OTHER = "other", _("other")
        # Recorded, and explained to the reader as not a reason to remove.
        DISAGREE = "disagree", _("I disagree")

    class Outcome(models.TextChoices):
        OPEN = "open", _("awaiting review")
        REMOVED = "removed", _("comment removed")
        KEPT = "kept", _("comment kept")
        NOTED = "noted", _("noted, no action")

    comment = models.ForeignKey(
        Comment, models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    # For illegal content: which law, and why the reporter thinks it is broken.
    law = models.CharField(_("law concerned"), max_length=300, blank=True)
    explanation = models.TextField(_("explanation"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN
    )
    # The statement of reasons sent to the reporter once decided.
    outcome_statement = models.TextField(_("statement of reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="comments_report_one_per_reader"
            ),
        ]
        indexes = [models.Index(fields=["outcome", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reason}: {self.comment_id}"
