"""Inputs that could not be applied, kept with their reason so nothing is lost."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuarantinedInput(models.Model):
    """A wire file or pushed body that was rejected, byte for byte, with why."""

    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    source = models.CharField(_("source"), max_length=500)
    reason = models.TextField(_("reason"))
    payload = models.FileField(_("content"), upload_to="quarantine/", max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("quarantined input")
        verbose_name_plural = _("quarantined inputs")

    def __str__(self) -> str:
        return f"{self.source}: {self.reason[:80]}"


def quarantine(*, source: str, reason: str, data: bytes) -> QuarantinedInput:
    """Keep `data` (stored once per content) and the reason it was refused."""
    name = f"quarantine/{hashlib.sha256(data).hexdigest()}.bin"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return QuarantinedInput.objects.create(
        source=source[:500], reason=reason, payload=name, size=len(data)
    )


class Source(models.Model):
    """An address polled for a provider's dispatches (RSS/Atom, ninjs or NewsML endpoint)."""

    provider = models.ForeignKey(
        "news.Provider", models.CASCADE, related_name="sources", verbose_name=_("provider")
    )
    url = models.URLField(_("address"), max_length=1000)
    enabled = models.BooleanField(_("enabled"), default=True)
    interval_seconds = models.PositiveIntegerField(_("interval (seconds)"), default=300)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, db_index=True)
    last_polled_at = models.DateTimeField(_("last poll"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error"), null=True, blank=True)
    last_error = models.TextField(_("last error message"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)

    class Meta:
        ordering = ["provider__name", "url"]
        verbose_name = _("polled source")
        verbose_name_plural = _("polled sources")

    def __str__(self) -> str:
        return f"{self.provider} – {self.url}"

    @property
    def health(self) -> str:
        """ok, failing (its last poll failed) or waiting (never polled successfully yet)."""
        if self.consecutive_failures:
            return "failing"
        return "ok" if self.last_success_at else "waiting"
