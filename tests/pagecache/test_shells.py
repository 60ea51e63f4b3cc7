"""Article pages kept as shells: a comment redraws its section only, and nothing goes stale."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from manchette.news.models import Article
from manchette.pagecache import blocks, shells
from manchette.pagecache.cache import forget
from manchette.ui import theme
from manchette.wires.dispatch import PubStatus
from tests.comments.make import comment, open_for_comments, reader
from tests.factories import apply, dispatch, later

CACHE = "X-Manchette-Cache"
_SECTION = re.compile(r'<section class="comments".*?</section>', re.S)


@pytest.fixture
def story(article: Article) -> Article:
    forget()
    blocks.forget()
    return open_for_comments(article)


def templates_of(response: Any) -> set[str]:
    return {t.name for t in response.templates if t.name}


def without_comments(html: str) -> str:
    return _SECTION.sub("", html)


def test_a_new_comment_redraws_the_comment_section_only(client, story):
    comment(story, reader("Mésange"), "Un avis déjà publié.")
    url = story.get_absolute_url()
    first = client.get(url)
    assert first[CACHE] == "miss" and "news/article.html" in templates_of(first)
    comment(story, reader("Fauvette"), "Un avis tout neuf.")
    second = client.get(url)
    assert second[CACHE] == "miss"
    html = second.content.decode()
    assert "Un avis tout neuf." in html and "2 commentaires" in html
    # The page around the comments was set in from the kept shell, not rendered again.
    assert "comments/section.html" in templates_of(second)
    assert "news/article.html" not in templates_of(second)
    assert without_comments(html) == without_comments(first.content.decode())
    assert html.count('<section class="comments"') == 1 and shells.HOLE not in html


def test_a_new_version_of_the_article_renders_the_shell_again(client, story):
    url = story.get_absolute_url()
    assert "Le chapô corrigé." not in client.get(url).content.decode()
    apply(later(dispatch(), version="3", minutes=200, standfirst="Le chapô corrigé."))
    assert "Le chapô corrigé." in client.get(url).content.decode()
    apply(later(dispatch(), version="4", minutes=300, status=PubStatus.CANCELED))
    assert client.get(url).status_code == 410


def test_each_theme_and_language_has_its_own_shell(client, story):
    comment(story, reader("Mésange"), "Un avis.")
    url = story.get_absolute_url()
    plain = client.get(url).content.decode()
    contrasted = Client()
    contrasted.cookies[theme.COOKIE_NAME] = theme.HIGH
    high = contrasted.get(url).content.decode()
    assert high != plain and "1 commentaire" in high
    comment(story, reader("Fauvette"), "Un second avis.")
    english = client.get("/en" + url).content.decode()
    assert "2 comments" in english and "Log in to comment" in english
    assert "2 commentaires" in client.get(url).content.decode()


def test_signed_in_readers_get_the_whole_page_with_their_form(client, story):
    author = reader("Colombe")
    comment(story, author, "Mon propre avis.")
    url = story.get_absolute_url()
    client.get(url)  # an anonymous reader's shell is kept
    signed_in = Client()
    signed_in.force_login(author)
    theirs = signed_in.get(url)
    html = theirs.content.decode()
    assert "news/article.html" in templates_of(theirs)
    assert 'class="comment-form"' in html and "Modifier" in html and shells.HOLE not in html
    again = client.get(url).content.decode()
    assert "Modifier" not in again and 'class="comment-form"' not in again
