"""`/recherche`: the search page. Thin: parsing in `query`, reads in `selectors`.

Status codes. 200 for every query that could be read, including empty ones,
ones with nothing but punctuation or FTS syntax, and ones that find nothing:
each says so in plain words. 400 when the parameters cannot be used as
given: a query over `query.MAX_LENGTH` characters, an unknown section or
provider, a malformed date. That page is the same search page, with the
query cut back to the limit and the message beside the field, so the reader
can fix it at once; the status keeps such addresses out of caches and
search engines. A page number past the last page is a 404, as on listings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from manchette.search import selectors
from manchette.search.forms import SearchForm
from manchette.search.query import MAX_LENGTH, parse

_PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,5}$")


@dataclass(frozen=True, slots=True)
class PageLinks:
    """What `news/_pagination.html` and `news/_listing_head.html` read."""

    page: Page[int]
    previous_url: str | None
    next_url: str | None


def results(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    typed = data.get("q", "")
    too_long = len(typed) > MAX_LENGTH
    if "q" in data:
        # A NUL is no more a word than punctuation is (and the form would refuse it).
        data["q"] = typed[:MAX_LENGTH].replace("\x00", "")
    form = SearchForm(
        data if data else None,
        sections=selectors.section_choices(),
        providers=selectors.provider_choices(),
    )
    context: dict[str, Any] = {
        "form": form,
        "query": None,
        "results": None,
        "language_versions": _language_versions(request, data),
    }
    if not form.is_bound:
        return render(request, "search/results.html", context)
    valid = form.is_valid()
    if too_long:
        form.refuse_long_query(len(typed))
    if not valid or too_long:
        form.describe_errors()
        return render(request, "search/results.html", context, status=400)
    query = parse(form.cleaned_data["q"])
    if not query.text:
        # Nothing typed (perhaps only filters chosen): the page invites a search.
        return render(request, "search/results.html", context)
    context["query"] = query
    if not query.searchable:
        return render(request, "search/results.html", context)
    number = _page_number(data.get("page", ""))
    found = selectors.search(
        query,
        _filters(form.cleaned_data),
        number=number,
        per_page=settings.MANCHETTE_PAGE_SIZE,
    )
    if found is None:
        raise Http404(_("No such page."))
    context["results"] = found
    context["rank_window"] = number_format(found.window, force_grouping=True)
    context["listing"] = PageLinks(
        page=found.page,
        previous_url=_page_url(request, number - 1) if found.page.has_previous() else None,
        next_url=_page_url(request, number + 1) if found.page.has_next() else None,
    )
    return render(request, "search/results.html", context)


def _filters(cleaned: dict[str, Any]) -> selectors.Filters:
    # The form accepted only existing paths and slugs; a section or provider
    # deleted since is then simply not a filter.
    section_path, provider_slug = cleaned.get("rubrique") or "", cleaned.get("fournisseur") or ""
    return selectors.Filters(
        section=selectors.section_by_path(section_path) if section_path else None,
        provider=selectors.provider_by_slug(provider_slug) if provider_slug else None,
        since=cleaned.get("du"),
        until=cleaned.get("au"),
    )


def _page_number(value: str) -> int:
    """The page asked for; anything that is not a plausible page number means the first."""
    return int(value) if _PAGE_NUMBER.match(value) else 1


def _page_url(request: HttpRequest, number: int) -> str:
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    if number > 1:
        params["page"] = str(number)
    return f"{request.path}?{params.urlencode()}"


def _language_versions(request: HttpRequest, data: QueryDict) -> list[dict[str, Any]]:
    """The language switch, keeping the search: the other language runs the same query."""
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    query = data.urlencode()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(request.path, code) + (f"?{query}" if query else ""),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
