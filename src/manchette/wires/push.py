"""The push endpoint: agencies POST dispatches, authenticated per provider.

    POST /api/wires/<provider code>
    Authorization: Bearer <token>

202 with what was applied, 400 with the reason (the body is quarantined),
401 without a valid token, 413 when the body is over the limit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from manchette.news.models import Provider
from manchette.news.services import DispatchRejected, apply_dispatch
from manchette.wires.dispatch import ParseError
from manchette.wires.formats import parse
from manchette.wires.models import quarantine

# Compared against when the provider is unknown, so a wrong code and a wrong
# token take the same time and say the same thing.
_NO_TOKEN_HASH = hashlib.sha256(b"no provider has this token").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _authenticated(request: HttpRequest, code: str) -> Provider | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    provider = Provider.objects.filter(code__iexact=code).exclude(push_token_hash="").first()
    expected = provider.push_token_hash if provider else _NO_TOKEN_HASH
    given = token_hash(token.strip()) if scheme.lower() == "bearer" and token.strip() else ""
    if not hmac.compare_digest(given.encode(), expected.encode()) or provider is None:
        return None
    return provider


def _unauthorised() -> JsonResponse:
    response = JsonResponse(
        {"error": "a valid bearer token for this provider is required"}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="manchette-wires"'
    return response


@csrf_exempt  # Machines post here with a bearer token; there is no browser session to protect.
@require_POST
def receive(request: HttpRequest, code: str) -> JsonResponse:
    provider = _authenticated(request, code)
    if provider is None:
        return _unauthorised()
    limit = settings.MANCHETTE_PUSH_MAX_BYTES
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        return JsonResponse({"error": f"body over the {limit}-byte limit"}, status=413)
    data = request.read(limit + 1)
    if len(data) > limit:
        return JsonResponse({"error": f"body over the {limit}-byte limit"}, status=413)
    source = f"push:{provider.code}"
    try:
        dispatches = parse(data)
    except ParseError as exc:
        quarantine(source=source, reason=str(exc), data=data)
        return JsonResponse({"error": str(exc)}, status=400)
    accepted, rejected = [], []
    for dispatch in dispatches:
        try:
            # The token says who sent it, whatever the dispatch claims.
            outcome = apply_dispatch(
                dataclasses.replace(dispatch, provider=provider.code), source=source
            )
        except (DispatchRejected, ValueError) as exc:
            rejected.append({"guid": dispatch.guid, "error": str(exc)})
            continue
        accepted.append(
            {
                "guid": dispatch.guid,
                "version": dispatch.version,
                "action": outcome.action.value,
                "warnings": outcome.warnings,
            }
        )
    if rejected and not accepted:
        reason = "; ".join(r["error"] for r in rejected)
        quarantine(source=source, reason=reason, data=data)
        return JsonResponse({"error": reason, "rejected": rejected}, status=400)
    if rejected:
        quarantine(source=source, reason="; ".join(r["error"] for r in rejected), data=data)
    return JsonResponse({"accepted": accepted, "rejected": rejected}, status=202)
