from typing import Any

from django.contrib import admin

from manchette.news import selectors, surfaces
from manchette.news.models import Article, ArticleVersion, Figure, Provider, Section, SubjectMapping
from manchette.related.admin import ReadAlsoChoiceInline


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin[Section]):
    list_display = ["__str__", "path", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "path"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ["name", "partner", "code", "default_section"]
    search_fields = ["name", "code", "partner"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SubjectMapping)
class SubjectMappingAdmin(admin.ModelAdmin[SubjectMapping]):
    list_display = ["code", "section"]
    list_filter = ["section"]
    search_fields = ["code"]


class FigureInline(admin.TabularInline[Figure, Article]):
    model = Figure
    extra = 0
    fields = ["position", "image", "caption", "credit", "alt_text"]


class ArticleVersionInline(admin.TabularInline[ArticleVersion, Article]):
    model = ArticleVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "version",
        "version_created",
        "received_at",
        "pub_status",
        "headline",
        "is_correction",
        "ed_note",
        "source",
    )

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    """Wire articles are written by the pipeline; editors correct the section or status."""

    list_display = ["headline", "provider", "section", "status", "published_at", "updated_at"]
    list_filter = ["status", "provider", "section", "language"]
    search_fields = ["headline", "guid", "public_id"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "public_id",
        "provider",
        "guid",
        "version",
        "version_created",
        "published_at",
        "updated_at",
        "headline",
        "standfirst",
        "body_html",
        "language",
        "byline",
        "subjects",
        "slug",
        "embargoed_until",
    ]
    fields = ["section", "status", *readonly_fields]
    inlines = [FigureInline, ArticleVersionInline, ReadAlsoChoiceInline]
    list_select_related = ["provider", "section"]

    def save_model(self, request: Any, obj: Article, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            # Search, read-also and the rest keep state of their own: an editor's change
            # of section or status reaches them as a pipeline change does.
            surfaces.announce(surfaces.ArticleChange(obj.pk, "edited", selectors.is_visible(obj)))
