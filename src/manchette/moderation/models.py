"""What moderators set and what they did: pre-moderation rules, watched words,
sanctions and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manchette.moderation.normalise import canonical
from manchette.news.models import Article, Section


class PremoderationRule(models.Model):
    """Hold every new comment on one article, or on every article of a section (and below)."""

    section = models.ForeignKey(
        Section,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="premoderation_rules",
        verbose_name=_("section"),
    )
    article = models.ForeignKey(
        Article,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="premoderation_rules",
        verbose_name=_("article"),
    )
    # Shown to the author of a held comment, so it should read well to a reader.
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    class Meta:
        verbose_name = _("pre-moderation rule")
        verbose_name_plural = _("pre-moderation rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(section__isnull=True, article__isnull=False)
                | Q(section__isnull=False, article__isnull=True),
                name="moderation_rule_one_target",
            ),
        ]

    def __str__(self) -> str:
        return str(self.article or self.section)


class WatchedWord(models.Model):
    """A word or phrase moderators watch for: banned ones reject, suspect ones hold."""

    class Kind(models.TextChoices):
        BANNED = "banned", _("banned")
        SUSPECT = "suspect", _("suspect")

    text = models.CharField(_("word or phrase"), max_length=100)
    # The text as `normalise.canonical()` reads it: what comments are matched against.
    canonical = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("list"), max_length=16, choices=Kind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")
        ordering = ["kind", "canonical"]
        constraints = [
            models.UniqueConstraint(fields=["canonical"], name="moderation_word_unique"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.canonical = canonical(self.text)[:100]
        super().save(*args, **kwargs)


class Sanction(models.Model):
    """A warning, a suspension until a date, or a ban, issued to a reader from the desk."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("warning")
        SUSPENSION = "suspension", _("suspension")
        BAN = "ban", _("ban")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="sanctions",
        verbose_name=_("reader"),
    )
    kind = models.CharField(_("sanction"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    # End of a suspension; empty for a warning or a ban.
    until = models.DateTimeField(_("until"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"

    def is_active(self, now: datetime | None = None) -> bool:
        """Whether it bars the reader now (a warning never does)."""
        moment = now or timezone.now()
        if self.lifted_at is not None or self.kind == self.Kind.WARNING:
            return False
        return self.kind == self.Kind.BAN or (self.until is not None and self.until > moment)


class AuditEntry(models.Model):
    """One moderation action: who did what, when and why. Never edited, never deleted."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("comment approved")
        REJECT = "reject", _("comment rejected")
        REPORTS = "reports", _("reports decided")
        SANCTION = "sanction", _("sanction issued")
        LIFT = "lift", _("sanction lifted")
        WORD_ADD = "word_add", _("word added")
        WORD_REMOVE = "word_remove", _("word removed")
        RULE_ADD = "rule_add", _("pre-moderation rule added")
        RULE_REMOVE = "rule_remove", _("pre-moderation rule removed")
        CLOSE = "close", _("comments closed")
        OPEN = "open", _("comments opened")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    # Kept as text too, so the log still names a moderator whose account is gone.
    actor_name = models.CharField(_("moderator name"), max_length=150)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # The comment's id outlives the comment (accounts deleted with their comments).
    comment_ref = models.BigIntegerField(_("comment"), null=True, blank=True, db_index=True)
    what = models.CharField(_("what"), max_length=500)
    why = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        permissions = [("use_desk", _("Can use the moderation desk"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"
