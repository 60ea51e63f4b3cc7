"""Blocks kept rendered: a page the page cache can't keep is assembled from them, never stale."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from manchette.news.models import Article
from manchette.pagecache import blocks
from manchette.pagecache.cache import forget
from manchette.related.models import ReadAlsoChoice
from manchette.wires.dispatch import PubStatus
from tests.comments.make import comment, open_for_comments, reader
from tests.factories import apply, dispatch, later
from tests.services import redis_url

CACHE = "X-Manchette-Cache"


@pytest.fixture
def story(article: Article) -> Article:
    return open_for_comments(article)


@pytest.fixture
def blocks_only(settings: Any) -> None:
    """Pages rendered for every request, as for signed-in readers, with blocks kept."""
    settings.MANCHETTE_PAGE_CACHE = False
    forget()
    blocks.forget()


def view(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), len(queries)


def test_a_second_render_reuses_the_blocks_and_shows_the_same_page(client, story, blocks_only):
    comment(story, reader("Mésange"), "Un avis déjà publié.")
    url = story.get_absolute_url()
    first, first_queries = view(client, url)
    second, second_queries = view(client, url)
    assert second == first and "Un avis déjà publié." in second
    # Comments, read-also and most-read were not read again.
    assert second_queries <= first_queries - 3


def test_without_blocks_every_render_reads_them_again(client, story, no_page_cache):
    url = story.get_absolute_url()
    _, first_queries = view(client, url)
    _, second_queries = view(client, url)
    assert second_queries == first_queries


def test_a_published_comment_is_on_the_very_next_render(client, story, blocks_only):
    url = story.get_absolute_url()
    view(client, url)
    comment(story, reader("Mésange"), "Premier avis publié.")
    assert "Premier avis publié." in view(client, url)[0]


def test_a_new_pseudonym_reaches_the_kept_comments(client, story, blocks_only):
    author = reader("Mésange")
    comment(story, author, "Un avis signé.")
    url = story.get_absolute_url()
    assert "Mésange" in view(client, url)[0]
    author.pseudonym = "Fauvette"
    author.save()
    assert "Fauvette" in view(client, url)[0]


def test_a_teaser_in_read_also_follows_its_article(client, story, blocks_only):
    other = dispatch(guid="urn:test:pinned", headline="Un article épinglé par la rédaction")
    pinned = apply(other).article
    ReadAlsoChoice.objects.create(article=story, other=pinned, kind=ReadAlsoChoice.Kind.PIN)
    url = story.get_absolute_url()
    assert "épinglé par la rédaction" in view(client, url)[0]
    apply(later(other, version="2", minutes=3, headline="Un article au titre corrigé"))
    assert "titre corrigé" in view(client, url)[0]
    apply(later(other, version="3", minutes=6, status=PubStatus.CANCELED))
    assert "titre corrigé" not in view(client, url)[0]


def test_a_signed_in_reader_gets_their_own_comment_block(client, story, blocks_only):
    author = reader("Colombe")
    comment(story, author, "Mon propre avis.")
    url = story.get_absolute_url()
    anonymous, _ = view(client, url)
    signed_in = Client()
    signed_in.force_login(author)
    theirs, _ = view(signed_in, url)
    assert "Modifier" in theirs and "Modifier" not in anonymous
    again, _ = view(client, url)  # and theirs was not kept for the next anonymous reader
    assert "Modifier" not in again


def test_a_block_is_kept_per_language(client, story, blocks_only):
    comment(story, reader("Mésange"), "Un avis.")
    french, _ = view(client, story.get_absolute_url())
    english, _ = view(client, "/en" + story.get_absolute_url())
    assert "1 commentaire" in french
    assert "1 comment" in english and "1 commentaire" not in english


def test_a_stored_page_built_from_kept_blocks_expires_with_them(client, story):
    from manchette.pagecache.cache import page_cache

    url = story.get_absolute_url()
    client.get(url)  # renders and keeps the blocks, stores the page
    cache = page_cache()
    assert cache is not None
    cache.clear()  # the page goes, the blocks stay
    rebuilt = client.get(url)
    assert rebuilt[CACHE] == "miss"
    assert {f"c{story.pk}", f"r{story.pk}"} <= set(rebuilt["Surrogate-Key"].split())
    assert client.get(url)[CACHE] == "hit"
    comment(story, reader("Mésange"), "Un avis après coup.")
    fresh = client.get(url)
    assert fresh[CACHE] == "miss" and "Un avis après coup." in fresh.content.decode()


def test_with_redis_down_blocks_are_rendered(client, story, settings, blocks_only):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    forget()
    blocks.forget()
    url = story.get_absolute_url()
    view(client, url)
    comment(story, reader("Mésange"), "Un avis malgré la panne.")
    assert "Un avis malgré la panne." in view(client, url)[0]
    forget()


def test_blocks_stay_within_their_memory_budget():
    from django.utils.safestring import SafeString

    kept = blocks.Blocks(capacity=1000, lifetime=60)
    for key in "abcd":
        kept.get_or_render(key, lambda: SafeString("x" * 300), names=["a1"])
    assert sum(kept.kept.get(key) is not None for key in "abcd") == 2
    assert kept.kept.get("d") is not None  # the most recent stays


def test_with_redis_a_block_one_process_rendered_serves_the_others(settings):
    """Two processes share Redis: after a change, one renders the block, the other reads it."""
    from django.utils.safestring import SafeString

    from manchette.pagecache.cache import redis_client, tag_versions
    from manchette.pagecache.entries import SharedEntries

    settings.REDIS_URL = redis_url()
    forget()
    prefix = f"test:blocks:{uuid.uuid4().hex}:"
    processes = [
        blocks.Blocks(1 << 20, 60, SharedEntries(redis_client(), prefix, blocks.Block))
        for _ in range(2)
    ]
    renders: list[str] = []

    def render(name: str) -> SafeString:
        renders.append(name)
        return SafeString(f"<p>rendu {len(renders)}</p>")

    first = processes[0].get_or_render("k", lambda: render("first"), names=["c77"])
    assert processes[1].get_or_render("k", lambda: render("second"), names=["c77"]) == first
    assert renders == ["first"]
    versions = tag_versions()
    assert versions is not None
    versions.bump(["c77"])
    again = processes[1].get_or_render("k", lambda: render("second"), names=["c77"])
    assert again != first
    assert processes[0].get_or_render("k", lambda: render("first"), names=["c77"]) == again
    assert renders == ["first", "second"]
    redis_client().delete(prefix + "k")
    forget()


def test_a_renamed_section_is_in_the_next_pages_menu(client, story, sections, blocks_only):
    url = story.get_absolute_url()
    assert "Monde" in view(client, url)[0]
    world = sections["monde"]
    world.name = "International"
    world.save()
    menu = view(client, url)[0]
    assert "International" in menu and ">Monde<" not in menu


def test_the_article_read_follows_its_new_versions_and_its_closing(
    client, story, blocks_only, admin_user
):
    from manchette.moderation import services as moderation

    url = story.get_absolute_url()
    assert "Le chapô corrigé." not in view(client, url)[0]
    base = dispatch()
    apply(later(base, version="3", minutes=200, standfirst="Le chapô corrigé."))
    assert "Le chapô corrigé." in view(client, url)[0]
    open_form = view(client, url)[0]
    moderation.set_comments_closed(article=story, closed=True, moderator=admin_user)
    assert view(client, url)[0] != open_form
    apply(later(base, version="4", minutes=300, status=PubStatus.CANCELED))
    assert client.get(url).status_code == 410


def test_each_comment_kept_rendered_shows_its_latest_state(client, story, blocks_only, admin_user):
    from manchette.comments import services as comments
    from manchette.moderation import services as moderation

    author = reader("Mésange")
    first = comment(story, author, "Un premier avis.")
    comment(story, reader("Fauvette"), "Un second avis.")
    url = story.get_absolute_url()
    assert "Un premier avis." in view(client, url)[0]
    comments.comment_edit(comment=first, editor=author, body="Un premier avis, corrigé.")
    page = view(client, url)[0]
    assert "Un premier avis, corrigé." in page and "Un second avis." in page
    moderation.reject(comment=first, moderator=admin_user, reason="Hors sujet.")
    page = view(client, url)[0]
    assert "corrigé" not in page and "Un second avis." in page
    replies = page.count("Répondre")
    moderation.set_comments_closed(article=story, closed=True, moderator=admin_user)
    assert view(client, url)[0].count("Répondre") < replies  # no reply link once closed
