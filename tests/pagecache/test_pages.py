"""Anonymous pages come from the cache until what they show changes; nobody gets another's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.moderation import services as moderation
from manchette.news.models import Article
from manchette.news.services import release_due_embargoes
from manchette.related.models import ReadAlsoChoice
from manchette.wires.dispatch import PubStatus, Subject
from tests.comments.make import comment, open_for_comments, reader
from tests.factories import apply, dispatch, later

CACHE = "X-Manchette-Cache"


def get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, **headers)
    assert response.status_code in (200, 304, 410), (url, response.status_code)
    return response


@pytest.fixture
def story(article: Article) -> Article:
    return open_for_comments(article)


def test_a_second_anonymous_view_is_the_stored_page(client, story):
    url = story.get_absolute_url()
    first = get(client, url)
    second = get(client, url)
    assert (first[CACHE], second[CACHE]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Language"] == first["Content-Language"]
    assert second["X-Frame-Options"] == "DENY"  # the headers every page has come back too


def test_stored_pages_carry_validators_and_surrogate_keys(client, story):
    response = get(client, story.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    keys = response["Surrogate-Key"].split()
    assert {f"a{story.pk}", f"c{story.pk}", f"r{story.pk}", "site"} <= set(keys)


def test_revalidation_answers_304_with_no_body(client, story):
    url = story.get_absolute_url()
    stored = get(client, url)
    by_etag = get(client, url, HTTP_IF_NONE_MATCH=stored["ETag"])
    by_date = get(client, url, HTTP_IF_MODIFIED_SINCE=stored["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b"" and by_etag["ETag"] == stored["ETag"]
    assert get(client, url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_each_contrast_choice_has_its_own_page(client, story):
    url = story.get_absolute_url()
    plain = get(client, url)
    client.cookies["contraste"] = "high"
    high = get(client, url)
    assert high[CACHE] == "miss" and high.content != plain.content
    assert get(client, url)[CACHE] == "hit"
    del client.cookies["contraste"]
    assert get(client, url).content == plain.content


def test_a_signed_in_reader_never_gets_the_stored_page_nor_leaves_theirs(client, story):
    url = story.get_absolute_url()
    colombe = reader("Colombe")
    signed_in = Client()
    signed_in.force_login(colombe)
    anonymous = get(client, url)
    theirs = get(signed_in, url)
    assert theirs[CACHE] == "bypass" and "private" in theirs["Cache-Control"]
    # Their page has their comment form, with a CSRF token of their own.
    assert b"csrfmiddlewaretoken" in theirs.content
    assert b"csrfmiddlewaretoken" not in anonymous.content
    assert get(signed_in, url)[CACHE] == "bypass"
    assert b"csrfmiddlewaretoken" not in get(client, url).content


def test_a_published_comment_is_on_the_very_next_view(client, story):
    url = story.get_absolute_url()
    get(client, url)
    comment(story, reader("Mésange"), "Premier avis publié.")
    fresh = get(client, url)
    assert fresh[CACHE] == "miss" and "Premier avis publié." in fresh.content.decode()


def test_a_comment_held_for_moderation_leaves_the_stored_page_alone(client, story):
    url = story.get_absolute_url()
    get(client, url)
    comment(story, reader("Mésange"), "Avis en attente.", status=Comment.Status.PENDING)
    again = get(client, url)
    assert again[CACHE] == "hit" and "Avis en attente." not in again.content.decode()


def test_a_moderation_decision_is_on_the_very_next_view(client, story, admin_user):
    held = comment(story, reader("Mésange"), "Avis retenu.", status=Comment.Status.PENDING)
    url = story.get_absolute_url()
    assert "Avis retenu." not in get(client, url).content.decode()
    moderation.approve(comment=held, moderator=admin_user)
    assert "Avis retenu." in get(client, url).content.decode()
    moderation.reject(comment=held, moderator=admin_user, reason="Hors sujet.")
    assert "Avis retenu." not in get(client, url).content.decode()


def test_closing_comments_is_on_the_very_next_view(client, story, admin_user):
    url = story.get_absolute_url()
    before = get(client, url).content
    moderation.set_comments_closed(article=story, closed=True, moderator=admin_user)
    assert get(client, url).content != before


def test_a_new_version_and_a_kill_are_on_the_very_next_view(client, story):
    url = story.get_absolute_url()
    get(client, url)
    base = dispatch()
    apply(later(base, version="3", minutes=200, standfirst="Le chapô corrigé."))
    assert "Le chapô corrigé." in get(client, url).content.decode()
    apply(later(base, version="4", minutes=300, status=PubStatus.CANCELED))
    assert get(client, url).status_code == 410


def test_listings_show_a_new_article_and_forget_a_killed_one_at_once(client, story, sections):
    pages = ["/", sections["economie"].get_absolute_url(), "/fournisseur/afp/"]
    for url in pages:
        get(client, url)
    news = dispatch(
        guid="urn:test:new-one",
        headline="Une entreprise annonce des résultats",
        subjects=(Subject("medtop:04006000"),),  # Entreprises, under Économie
    )
    apply(news)
    for url in pages:
        assert "Une entreprise annonce" in get(client, url).content.decode(), url
    apply(later(news, version="2", minutes=5, status=PubStatus.CANCELED))
    for url in pages:
        assert "Une entreprise annonce" not in get(client, url).content.decode(), url


def test_a_teaser_follows_its_article(client, story, sections):
    other = dispatch(guid="urn:test:other", headline="Autre titre premier")
    apply(other)
    home = get(client, "/")
    assert "Autre titre premier" in home.content.decode()
    apply(later(other, version="2", minutes=3, headline="Autre titre modifié"))
    assert "Autre titre modifié" in get(client, "/").content.decode()


def test_a_lifted_embargo_reaches_the_home_page(client, story, django_capture_on_commit_callbacks):
    soon = timezone.now() + timedelta(minutes=5)
    apply(dispatch(guid="urn:test:embargo", headline="Sous embargo jusqu’à midi", embargoed=soon))
    assert "Sous embargo" not in get(client, "/").content.decode()
    # Time passes (no save: the embargo time is simply reached), then the scheduler's pass.
    past = timezone.now() - timedelta(seconds=1)
    Article.objects.filter(guid="urn:test:embargo").update(embargoed_until=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_due_embargoes()
    assert "Sous embargo" in get(client, "/").content.decode()


def test_an_editors_pin_reaches_the_read_also_block(client, story):
    other = dispatch(guid="urn:test:pinned", headline="Un article épinglé par la rédaction")
    pinned = apply(other).article
    url = story.get_absolute_url()
    assert "épinglé par la rédaction" not in get(client, url).content.decode()
    ReadAlsoChoice.objects.create(article=story, other=pinned, kind=ReadAlsoChoice.Kind.PIN)
    assert "épinglé par la rédaction" in get(client, url).content.decode()


def test_a_new_pseudonym_signs_old_comments_at_once(client, story):
    author = reader("Mésange")
    comment(story, author, "Un avis signé.")
    url = story.get_absolute_url()
    assert "Mésange" in get(client, url).content.decode()
    author.pseudonym = "Fauvette"
    author.save()
    assert "Fauvette" in get(client, url).content.decode()


def test_a_page_rendered_across_a_change_is_not_stored(client, story):
    from manchette.pagecache.cache import page_cache

    cache = page_cache()
    assert cache is not None
    before = cache.versions.epoch()
    cache.versions.bump([f"c{story.pk}"])
    stored = cache.store(
        "k", epoch=before, status=200, headers=[], body=b"old", tags=[f"c{story.pk}"]
    )
    assert stored is None and cache.lookup("k") is None


def test_pages_for_one_reader_say_so(client, story):
    signed_in = Client()
    signed_in.force_login(reader("Colombe"))
    theirs = get(signed_in, story.get_absolute_url())
    assert theirs["Cache-Control"] == "private, no-cache"
    assert theirs.has_header("ETag") and theirs.has_header("Last-Modified")


def test_pages_that_are_not_stored_still_revalidate(client, story):
    url = "/recherche?q=Poutine"
    first = get(client, url)
    assert first[CACHE] == "bypass"
    assert get(client, url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_without_the_cache_every_view_is_rendered(client, story, no_page_cache):
    url = story.get_absolute_url()
    get(client, url)
    assert not get(client, url).has_header(CACHE)


def test_stored_pages_go_out_compressed_when_the_reader_accepts_it(client, story):
    import gzip

    import brotli

    url = story.get_absolute_url()
    first = get(client, url, HTTP_ACCEPT_ENCODING="br, gzip")  # the render that stores it
    assert first[CACHE] == "miss" and first["Content-Encoding"] == "br"
    plain = get(client, url).content
    assert brotli.decompress(first.content) == plain
    zipped = get(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain
    squeezed = get(client, url, HTTP_ACCEPT_ENCODING="gzip;q=0.5, br")
    assert squeezed["Content-Encoding"] == "br" and brotli.decompress(squeezed.content) == plain
    no_brotli = get(client, url, HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert no_brotli["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"] and "Cookie" in zipped["Vary"]


def test_with_redis_down_pages_are_rendered_for_each_request(client, story, settings):
    from manchette.pagecache.cache import forget

    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    forget()
    url = story.get_absolute_url()
    first, second = get(client, url), get(client, url)
    assert first.status_code == second.status_code == 200
    assert first[CACHE] == second[CACHE] == "bypass"
    assert second.content == first.content
    forget()


def test_each_process_keeps_pages_within_its_memory_budget():
    from manchette.pagecache.entries import Entry, LocalEntries, page_size

    def page(size: int) -> Entry:
        return Entry(200, (), b"x" * size, (), (), '"e"', 0.0, 1e12, {"br": b"z" * 5})

    kept: LocalEntries[Entry] = LocalEntries(capacity=1000, size=page_size)
    for name in "abcd":
        # 310 bytes each with its brotli copy and room for a gzip one: three fit
        kept.put(name, page(300))
    assert [kept.get(name) is not None for name in "abcd"] == [False, True, True, True]
    kept.put("c", page(600))  # a bigger copy replaces it and pushes out the least used
    assert [kept.get(name) is not None for name in "bcd"] == [False, True, True]
