"""Site-wide views: the contrast switch, pictures, the 404, 500 and 503 pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.static import serve

from manchette.ui import theme

# Pictures are stored under names derived from their bytes: they never change.
IMMUTABLE = "public, max-age=31536000, immutable"


@csrf_exempt  # It only sets a cosmetic cookie; a token would make pages uncacheable.
@require_POST
def contrast(request: HttpRequest) -> HttpResponse:
    """Store the reader's contrast choice and send them back where they were."""
    choice = request.POST.get("contrast", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target, status=303)
    if choice in (theme.HIGH, theme.DEFAULT):
        response.set_cookie(
            theme.COOKIE_NAME,
            choice,
            max_age=theme.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


def media(request: HttpRequest, name: str) -> HttpResponseBase:
    response = serve(request, name, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = IMMUTABLE
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "ui/404.html", status=404)


RETRY_AFTER_SECONDS = 10


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unexpected failure: 503 when the database is out of reach.

    Rendered without the site's template context, which reads the database
    (the sections in the navigation): this page must show when it cannot.
    """
    failure = sys.exc_info()[1]
    language = "en" if request.path.startswith("/en/") else settings.LANGUAGE_CODE
    with translation.override(language):
        if isinstance(failure, DatabaseError):
            status, title = 503, _("Service briefly unavailable")
            message = _(
                "The site cannot reach its data for a moment. Please try again in a few seconds."
            )
        else:
            status, title = 500, _("Something went wrong")
            message = _("This page could not be shown. The error has been logged.")
        page = render_to_string(
            "ui/trouble.html",
            {
                "language": language,
                "title": title,
                "message": message,
                "home": "/en/" if language == "en" else "/",
                "back": _("Back to the latest news"),
                "site_name": settings.MANCHETTE_SITE_NAME,
            },
        )
    response = HttpResponse(page, status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
