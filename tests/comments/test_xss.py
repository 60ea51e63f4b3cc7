"""Nothing a reader types becomes markup: every payload of the corpus, on every page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from django.test import Client

from manchette.comments.text import normalise
from tests.comments.xss import PAYLOADS, post_corpus

# What the comment pages write themselves; anything else came from a reader.
ALLOWED = {
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "a",
    "ol",
    "ul",
    "li",
    "article",
    "header",
    "time",
    "bdi",
    "div",
    "br",
    "nav",
    "span",
    "form",
    "input",
    "label",
    "textarea",
    "button",
    "fieldset",
    "legend",
    "dialog",
    "blockquote",
    "link",
    "script",
}


def assert_inert(node: Tag, *, scripts: set[str]) -> None:
    for element in node.find_all(True):
        assert element.name in ALLOWED, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            if attribute in ("href", "src", "action", "formaction"):
                text = value if isinstance(value, str) else " ".join(value)
                assert text == "" or text.startswith(("http://", "https://", "/", "#")), element
        if element.name == "script":
            assert element.get("src") in scripts and not element.string, element
        if element.name == "a" and element.get("href", "").startswith("http"):
            assert element["rel"] == ["nofollow", "ugc", "noopener"]


@pytest.fixture
def corpus(open_article, settings):
    settings.MANCHETTE_COMMENTS_PER_PAGE = 1000
    return post_corpus(open_article)


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100


def test_the_article_page_shows_every_payload_as_text(client, open_article, corpus):
    response = client.get(open_article.get_absolute_url())
    section = BeautifulSoup(response.content, "html.parser").find(id="commentaires")
    assert_inert(section, scripts=set())
    for comment in corpus:
        node = section.find(id=f"commentaire-{comment.pk}")
        shown = node.find(class_="comment__body").get_text()
        assert "".join(shown.split()) == "".join(normalise(comment.body).split())
        assert node.find("bdi").get_text() == comment.author.pseudonym


def test_signed_in_pages_stay_inert(open_article, corpus, reader):
    client = Client()
    client.force_login(reader)
    page = BeautifulSoup(client.get(open_article.get_absolute_url()).content, "html.parser")
    assert_inert(page.find(id="commentaires"), scripts={"/static/comments/comments.js"})
    for comment in corpus:
        for url in (
            f"/commentaires/{comment.pk}/signaler",
            f"/commentaires/{comment.pk}/repondre",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            main = BeautifulSoup(response.content, "html.parser").find("main")
            assert_inert(main, scripts=set())
    own = corpus[0]
    client.force_login(own.author)
    for url in (f"/commentaires/{own.pk}/modifier", f"/commentaires/{own.pk}/supprimer"):
        main = BeautifulSoup(client.get(url).content, "html.parser").find("main")
        assert_inert(main, scripts=set())
