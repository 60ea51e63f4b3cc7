"""The view beacon, and the page listing the most read articles."""

from __future__ import annotations

import base64
import logging
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from redis.exceptions import RedisError

from manchette.news import selectors as news_selectors
from manchette.popularity import counting, readers, selectors, tokens
from manchette.popularity.windows import BY_SLUG, DEFAULT, SITE, WINDOWS

logger = logging.getLogger(__name__)

# A transparent 1×1 GIF, for the <noscript> pixel.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
LISTING_SIZE = 10


@csrf_exempt
@require_http_methods(["GET", "POST"])
def beacon(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Count a view of the article: POST from the beacon script, GET from the pixel.

    Exempt from CSRF because the page that sends it may come from a cache
    and carries no token; what it may do is bounded instead: count one
    view of the one article its address is signed for, from a page of this
    site (`_same_origin`). It answers the same whether the view counted or
    not, and sets no cookie.
    """
    if not tokens.token_is_valid(public_id, token) or not _same_origin(request):
        return HttpResponse(status=403)
    target = counting.target_of(public_id)
    if target is not None:
        try:
            counting.count_view(readers.reader_of(request), target)
        except RedisError:
            # Redis down: this view is not counted; the reader sees no difference.
            logger.exception("most read: a view could not be counted")
    if request.method == "POST":
        response = HttpResponse(status=204)
    else:
        response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def _same_origin(request: HttpRequest) -> bool:
    """Whether the request may come from one of this site's pages.

    Browsers say where a request comes from (`Sec-Fetch-Site`, `Origin`);
    when they say it, it must be this site. A client that says nothing (an
    old browser, a script) is let through: the signed address and the
    30-minute rule bound what it can count.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    origin = request.META.get("HTTP_ORIGIN")
    return origin is None or urlsplit(origin).netloc == request.get_host()


@require_GET
def most_popular_page(request: HttpRequest) -> HttpResponse:
    """The most read articles over a period (`?periode=`), site-wide or in a section (`?rubrique=`).

    Any unknown period is the default one (24 h); an unknown section is a 404.
    """
    window = BY_SLUG.get(request.GET.get("periode", ""), DEFAULT)
    section_path = request.GET.get("rubrique", "")
    section = news_selectors.section_by_path(section_path) if section_path else None
    if section_path and section is None:
        raise Http404(_("No such section."))
    articles = selectors.most_popular(
        scope=section.path if section else SITE, window=window, limit=LISTING_SIZE
    )
    return render(
        request,
        "popularity/most_popular.html",
        {
            "articles": articles,
            "window": window,
            "windows": WINDOWS,
            "section": section,
            "current_section_path": section.lineage()[0].path if section else None,
        },
    )
