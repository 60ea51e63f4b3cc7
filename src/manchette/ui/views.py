"""Site-wide views: the contrast switch, pictures, the 404 page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
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
