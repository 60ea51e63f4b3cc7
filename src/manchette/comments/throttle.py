"""How often a reader may post and report: rates applied through `manchette.ratelimit`."""

from __future__ import annotations

from django.http import HttpRequest

from manchette.ratelimit import Rate, check, client_ip

# A reader writing fast posts a comment or two a minute; scripts post many.
# Per address the limits are looser: a newsroom or a school shares one.
RATES: dict[str, tuple[Rate, Rate]] = {
    "comment": (Rate(6, 60), Rate(30, 60)),
    "report": (Rate(10, 600), Rate(40, 600)),
}


def retry_after(request: HttpRequest, action: str) -> float | None:
    """Count one `action` ("comment" or "report"): None when allowed, else seconds to wait."""
    per_account, per_ip = RATES[action]
    return check(request, f"comments.{action}", per_account=per_account, per_ip=per_ip)


def address(request: HttpRequest) -> str:
    return client_ip(request)
