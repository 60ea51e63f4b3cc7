"""The push endpoint: authenticated per provider, size-limited, precise answers."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from manchette.news.models import Article, Provider
from manchette.wires.models import QuarantinedInput
from tests.wires.test_ingest_command import ninjs

pytestmark = pytest.mark.django_db


@pytest.fixture
def token() -> str:
    Provider.objects.create(code="HEX", name="Agence Hexagone", slug="agence-hexagone")
    out = StringIO()
    call_command("push_token", "hex", stdout=out)
    return out.getvalue().strip()


def push(client, body: bytes | str, token: str | None, code: str = "HEX", **headers: str):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body.encode() if isinstance(body, str) else body
    return client.post(f"/api/wires/{code}", data, content_type="application/json", **headers)


def test_a_valid_push_is_applied_and_answered_202_with_the_guid(client, token):
    response = push(client, json.dumps(ninjs("urn:push:1", 1, 0, "Poussée")), token)
    assert response.status_code == 202
    assert response.json()["accepted"] == [
        {"guid": "urn:push:1", "version": "1", "action": "created", "warnings": []}
    ]
    assert Article.objects.get().headline == "Poussée"


def test_the_token_decides_the_provider_whatever_the_dispatch_claims(client, token):
    Provider.objects.create(code="AFP", name="AFP", slug="afp")
    item = ninjs("urn:push:2", 1, 0, "Usurpée")
    item["infosources"] = [{"literal": "AFP"}]
    assert push(client, json.dumps(item), token).status_code == 202
    assert Article.objects.get().provider.code == "HEX"


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-token", "Basic aGV4OnNlY3JldA=="],
)
def test_without_a_valid_token_the_answer_is_401(client, token, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = push(client, json.dumps(ninjs("urn:x", 1, 0, "Non")), None, **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Article.objects.count() == 0


def test_another_providers_token_or_an_unknown_provider_is_401(client, token):
    Provider.objects.create(code="AFP", name="AFP", slug="afp")
    body = json.dumps(ninjs("urn:x", 1, 0, "Non"))
    assert push(client, body, token, code="AFP").status_code == 401
    assert push(client, body, token, code="NOBODY").status_code == 401


def test_a_bad_body_is_400_with_the_reason_and_kept_in_quarantine(client, token):
    response = push(client, '{"uri": "urn:x", ', token)
    assert response.status_code == 400
    assert "line 1" in response.json()["error"]
    kept = QuarantinedInput.objects.get()
    assert kept.source == "push:HEX"
    assert kept.payload.read() == b'{"uri": "urn:x", '


def test_a_body_over_the_limit_is_413(client, token, settings):
    settings.MANCHETTE_PUSH_MAX_BYTES = 1000
    body = json.dumps(ninjs("urn:big", 1, 0, "Trop longue", extra_text="x" * 2000))
    assert push(client, body, token).status_code == 413
    assert Article.objects.count() == 0


def test_only_post_is_accepted(client, token):
    assert client.get("/api/wires/HEX", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 405


def test_the_token_is_never_stored_in_clear(token):
    assert token not in Provider.objects.get(code="HEX").push_token_hash
    assert len(Provider.objects.get(code="HEX").push_token_hash) == 64


def test_a_rejected_ingested_file_is_quarantined_with_its_reason(tmp_path):
    from manchette.wires.ingest import ingest_paths

    (tmp_path / "bad.json").write_text("{nope")
    ingest_paths([tmp_path])
    kept = QuarantinedInput.objects.get()
    assert kept.source == str(tmp_path / "bad.json")
    assert "line 1" in kept.reason
