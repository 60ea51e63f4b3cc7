"""The refusal a limited reader sees: 429, Retry-After, and when to retry in words."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import translation

from manchette.ratelimit import refusal, retry_message
from tests.pages import text_of


def test_the_page_says_when_to_retry_in_french(db):
    request = RequestFactory().post("/compte/connexion")
    response = refusal(request, 41.2)
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert "no-store" in response["Cache-Control"]
    page = BeautifulSoup(response.content, "html.parser")
    assert "42 secondes" in text_of(page.find(role="status"))
    assert page.find("h1") is not None


def test_the_page_speaks_english_under_en(db):
    with translation.override("en"):
        response = refusal(RequestFactory().post("/en/"), 600, what="Too many comments.")
    page = BeautifulSoup(response.content, "html.parser")
    status = text_of(page.find(role="status"))
    assert "Too many comments." in status
    assert "10 minutes" in status


def test_a_script_gets_json():
    request = RequestFactory().post("/", HTTP_ACCEPT="application/json")
    response = refusal(request, 0.2)
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert json.loads(response.content)["retry_after"] == 1


def test_the_message_rounds_long_waits_to_minutes():
    with translation.override("en"):
        assert retry_message(1) == "You can try again in 1 second."
        assert retry_message(119) == "You can try again in 119 seconds."
        assert retry_message(121) == "You can try again in 3 minutes."
