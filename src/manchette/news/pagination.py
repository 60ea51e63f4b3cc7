"""`/page-N` pagination: page 1 lives at the listing's own address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


@dataclass(frozen=True, slots=True)
class Listing(Generic[M]):
    page: Page[M]
    base_url: str

    def url_for(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page-{number}"

    @property
    def previous_url(self) -> str | None:
        return self.url_for(self.page.number - 1) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.url_for(self.page.number + 1) if self.page.has_next() else None


def paginate(queryset: QuerySet[M], *, number: int, per_page: int, base_url: str) -> Listing[M]:
    """The requested page, or a 404 for a page past the end (an empty first page is fine)."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    if number < 1 or number > paginator.num_pages:
        raise Http404("no such page")
    return Listing(page=paginator.page(number), base_url=base_url)
