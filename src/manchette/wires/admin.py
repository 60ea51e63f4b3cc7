from django.contrib import admin

from manchette.wires.models import QuarantinedInput


@admin.register(QuarantinedInput)
class QuarantinedInputAdmin(admin.ModelAdmin[QuarantinedInput]):
    list_display = ["received_at", "source", "reason", "size"]
    search_fields = ["source", "reason"]
    readonly_fields = ["received_at", "source", "reason", "payload", "size"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request: object) -> bool:
        return False
