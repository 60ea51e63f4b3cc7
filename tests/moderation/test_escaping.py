"""Nothing a reader typed runs as HTML anywhere on the desk."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from manchette.moderation import services
from tests.moderation.conftest import make_comment, make_reader, make_report

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    '"><svg onload=window.pwned=1>',
    '<a href="javascript:window.pwned=1">clic</a>',
    "&lt;script&gt;window.pwned=1&lt;/script&gt;",
    "{{ request }}{% debug %}",
]


def _injected(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("script",) and "pwned" in tag.get_text():
            found.append(str(tag))
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or "javascript:" in text:
                found.append(str(tag)[:80])
        if tag.name in ("svg", "img") and "pwned" in str(tag):
            found.append(str(tag)[:80])
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reader_text_is_escaped_on_every_desk_page(desk_client, moderator, article, payload):
    author = make_reader(payload[:40])
    reporter = make_reader(("R" + payload)[:40])
    held = make_comment(article, author, payload, status="pending", status_reason=payload)
    make_report(held, reporter, "illegal", law=payload, explanation=payload)
    published = make_comment(article, author, payload + " (bis)")
    services.reject(comment=published, moderator=moderator, reason=payload)
    services.issue_sanction(user=author, moderator=moderator, kind="ban", reason=payload)
    services.add_word(text=payload, kind="suspect", moderator=moderator)
    services.add_rule(moderator=moderator, article=article, note=payload)
    urls = [
        "/moderation/",
        "/moderation/file/signales/",
        "/moderation/file/rejetes/",
        f"/moderation/lecteur/{author.pk}/",
        "/moderation/sanctions/",
        "/moderation/mots/",
        "/moderation/regles/",
        "/moderation/journal/",
    ]
    for url in urls:
        response = desk_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert not _injected(soup), url
        if "<" in payload:
            assert payload not in html, url  # present only escaped
    text = BeautifulSoup(desk_client.get("/moderation/").content, "html.parser").get_text()
    assert payload in text  # shown to the moderator as the reader typed it
