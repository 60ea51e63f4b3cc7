"""The editors' say on one article's read-also block, shown inline on the article."""

from __future__ import annotations

from django.contrib import admin

from manchette.news.models import Article
from manchette.related.models import ReadAlsoChoice


class ReadAlsoChoiceInline(admin.TabularInline[ReadAlsoChoice, Article]):
    model = ReadAlsoChoice
    fk_name = "article"
    extra = 0
    fields = ["kind", "other", "position"]
    # An id field, not a menu of the whole archive.
    raw_id_fields = ["other"]
