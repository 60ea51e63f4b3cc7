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
