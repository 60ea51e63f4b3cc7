"""The beacon address each article page carries, signed for that article.

The signature does not depend on the reader, so the page may be cached and
served to anyone; it stops a script from counting views of any article by
guessing ids, and the endpoint needs no CSRF token (which would make the
page uncacheable).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

_PURPOSE = "manchette.popularity.beacon"


def beacon_token(public_id: str) -> str:
    return salted_hmac(_PURPOSE, public_id, algorithm="sha256").hexdigest()[:20]


def token_is_valid(public_id: str, token: str) -> bool:
    return constant_time_compare(beacon_token(public_id), token)


def beacon_url(public_id: str) -> str:
    return reverse("view-beacon", kwargs={"public_id": public_id, "token": beacon_token(public_id)})
