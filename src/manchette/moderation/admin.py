"""The moderation models in the admin: rules and words editable (through the services,
so every edit is logged), sanctions readable, the audit log read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from manchette.moderation import services
from manchette.moderation.models import AuditEntry, PremoderationRule, Sanction, WatchedWord


class _AddOnly:
    """Rows are added or deleted, never edited in place: each change is one log entry."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PremoderationRule)
class PremoderationRuleAdmin(_AddOnly, admin.ModelAdmin[PremoderationRule]):
    list_display = ["__str__", "section", "article", "note", "created_by", "created_at"]
    fields = ["section", "article", "note"]
    raw_id_fields = ["article"]

    def save_model(
        self, request: HttpRequest, obj: PremoderationRule, form: Any, change: bool
    ) -> None:
        rule = services.add_rule(
            moderator=request.user, section=obj.section, article=obj.article, note=obj.note
        )
        obj.pk = rule.pk

    def delete_model(self, request: HttpRequest, obj: PremoderationRule) -> None:
        services.remove_rule(rule=obj, moderator=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for rule in queryset:
            services.remove_rule(rule=rule, moderator=request.user)


@admin.register(WatchedWord)
class WatchedWordAdmin(_AddOnly, admin.ModelAdmin[WatchedWord]):
    list_display = ["text", "kind", "canonical", "added_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["text", "canonical"]
    fields = ["text", "kind"]

    def save_model(self, request: HttpRequest, obj: WatchedWord, form: Any, change: bool) -> None:
        word = services.add_word(text=obj.text, kind=obj.kind, moderator=request.user)
        obj.pk = word.pk

    def delete_model(self, request: HttpRequest, obj: WatchedWord) -> None:
        services.remove_word(word=obj, moderator=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for word in queryset:
            services.remove_word(word=word, moderator=request.user)


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin[Sanction]):
    """Issued and lifted from the desk, where they are logged; read here."""

    list_display = ["user", "kind", "created_at", "until", "lifted_at", "issued_by"]
    list_filter = ["kind"]
    search_fields = ["user__pseudonym", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor_name", "action", "comment_ref", "what", "why"]
    list_filter = ["action", "actor_name"]
    search_fields = ["what", "why", "actor_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
