"""Saying no: the 429 page (or plain answer) every limited view gives."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from manchette.ratelimit.limiter import check, wait_in_whole_seconds
from manchette.ratelimit.rates import Rate


def retry_message(seconds: float) -> str:
    """The sentence telling the reader when to try again, in the active language."""
    whole = wait_in_whole_seconds(seconds)
    if whole < 120:
        wait = ngettext("%(count)d second", "%(count)d seconds", whole) % {"count": whole}
    else:
        minutes = -(-whole // 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _("You can try again in %(wait)s.") % {"wait": wait}


def refusal(request: HttpRequest, retry_after: float, *, what: str = "") -> HttpResponse:
    """HTTP 429 with `Retry-After` and a page saying when to retry.

    `what` names the action in a sentence ("Too many comments in a short
    time."); without it a general one is used. A request that asks for
    JSON (a script posting the form) gets the same words as JSON.
    """
    headline = what or _("Too many attempts in a short time.")
    message = retry_message(retry_after)
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            {
                "error": headline,
                "message": message,
                "retry_after": wait_in_whole_seconds(retry_after),
            },
            status=429,
        )
    else:
        response = render(
            request,
            "ratelimit/refused.html",
            {"headline": headline, "message": message},
            status=429,
        )
    response["Retry-After"] = str(wait_in_whole_seconds(retry_after))
    # A refusal is about this reader at this moment: never to be cached or shared.
    response["Cache-Control"] = "private, no-store"
    return response


def refuse_if_limited(
    request: HttpRequest,
    scope: str,
    *,
    per_account: Rate | None = None,
    per_ip: Rate | None = None,
    account: str | None = None,
    what: str = "",
) -> HttpResponse | None:
    """`check()` and `refusal()` in one: the refusal to return, or None to go on."""
    wait = check(request, scope, per_account=per_account, per_ip=per_ip, account=account)
    return None if wait is None else refusal(request, wait, what=what)
