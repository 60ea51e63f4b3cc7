from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from manchette.wires.models import QuarantinedInput, Source


@admin.register(QuarantinedInput)
class QuarantinedInputAdmin(admin.ModelAdmin[QuarantinedInput]):
    list_display = ["received_at", "source", "reason", "size"]
    search_fields = ["source", "reason"]
    readonly_fields = ["received_at", "source", "reason", "payload", "size"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    """Where each polled source stands: last success, last error, counts."""

    list_display = [
        "provider",
        "url",
        "enabled",
        "health_status",
        "last_success_at",
        "last_error_at",
        "consecutive_failures",
        "created_count",
        "updated_count",
        "rejected_count",
    ]
    list_filter = ["enabled", "provider"]
    search_fields = ["url", "provider__name"]
    readonly_fields = [
        "last_polled_at",
        "last_success_at",
        "last_error_at",
        "last_error",
        "consecutive_failures",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "next_poll_at",
    ]

    @admin.display(description=_("health"))
    def health_status(self, source: Source) -> str:
        return source.health
