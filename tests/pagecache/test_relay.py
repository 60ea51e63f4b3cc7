"""The app processes of one machine share a render: a reader of one process waits for the
render another process began and gets it, when it is new enough for them."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from manchette.pagecache import collector
from manchette.pagecache.cache import page_cache, renders_relay
from manchette.pagecache.middleware import PageCacheMiddleware

RENDER_SECONDS = 0.4


class Page:
    def __init__(self) -> None:
        self.renders = 0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.renders += 1
        collector.depends_on("c1")
        return HttpResponse("<p>rendu ici</p>")


def other_process(key: str, holding: Any, noted: Any) -> None:
    """Another app process rendering the page: it holds the slot, then leaves its render."""
    cache, relay = page_cache(), renders_relay()
    assert cache is not None
    with relay.turn(key, time.monotonic() + 5) as turn:
        assert turn.held and not turn.waited
        epoch = cache.versions.epoch()
        holding.set()
        noted.wait(5)  # the test changes what it must before the render ends
        time.sleep(RENDER_SECONDS)
        page = cache.page(
            epoch=epoch,
            drawn=time.time(),
            status=200,
            headers=[],
            body=b"<p>rendu ailleurs</p>",
            tags=["c1"],
        )
        relay.publish(key, page, epoch)


def read_beside_another_process(change_first: bool) -> tuple[bytes, Page]:
    cache = page_cache()
    assert cache is not None
    request = RequestFactory().get("/article/")
    key = cache.key_for(request.META)
    assert key is not None
    fork = multiprocessing.get_context("fork")
    holding, noted = fork.Event(), fork.Event()
    other = fork.Process(target=other_process, args=(key, holding, noted))
    other.start()
    try:
        assert holding.wait(5)
        if change_first:
            cache.versions.bump(["c1"])  # a comment after the other render began
        noted.set()
        view = Page()
        response = PageCacheMiddleware(view)(request)
    finally:
        other.join(10)
    assert isinstance(response, HttpResponse)
    return response.content, view


def test_a_reader_gets_the_page_another_process_is_rendering():
    content, view = read_beside_another_process(change_first=False)
    assert content == b"<p>rendu ailleurs</p>"
    assert view.renders == 0


def test_a_render_begun_before_a_change_the_reader_must_see_is_not_theirs():
    content, view = read_beside_another_process(change_first=True)
    assert content == b"<p>rendu ici</p>"
    assert view.renders == 1


def test_a_data_folder_the_relay_cannot_use_still_serves_the_page(settings, tmp_path):
    from manchette.pagecache.cache import forget

    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "renders").write_text("")  # a file where the relay's folder goes
    settings.DATA_DIR = tmp_path
    forget()
    try:
        view = Page()
        response = PageCacheMiddleware(view)(RequestFactory().get("/article/"))
        assert isinstance(response, HttpResponse)
        assert response.content == b"<p>rendu ici</p>" and view.renders == 1
    finally:
        forget()


def leave_in_the_slot(key: str, body: bytes) -> None:
    """What another process's render of `key` leaves in its slot."""
    cache, relay = page_cache(), renders_relay()
    assert cache is not None
    epoch = cache.versions.epoch()
    page = cache.page(
        epoch=epoch, drawn=time.time(), status=200, headers=[], body=body, tags=["c1"]
    )
    with relay.turn(key, time.monotonic() + 5):
        relay.publish(key, page, epoch)


def read_after_a_comment(settings: Any, lag_ms: int, **headers: str) -> tuple[Any, Page]:
    from manchette.pagecache.cache import forget

    settings.MANCHETTE_COMMENT_LAG_MS = lag_ms
    forget()
    cache = page_cache()
    assert cache is not None
    request = RequestFactory().get("/article/", **headers)
    key = cache.key_for(request.META)
    assert key is not None
    leave_in_the_slot(key, b"<p>rendu ailleurs</p>")
    cache.versions.bump(["c1"])  # a comment since
    view = Page()
    return PageCacheMiddleware(view)(request), view


def test_within_the_lag_another_processs_render_is_served_instead_of_drawing_again(settings):
    response, view = read_after_a_comment(settings, 60_000)
    assert response.content == b"<p>rendu ailleurs</p>" and view.renders == 0
    assert response["X-Manchette-Cache"] == "stale"


def test_without_a_lag_the_comment_is_drawn_at_once(settings):
    response, view = read_after_a_comment(settings, 0)
    assert response.content == b"<p>rendu ici</p>" and view.renders == 1


def test_a_proxys_refresh_is_drawn_at_once(settings):
    response, view = read_after_a_comment(settings, 60_000, HTTP_X_MANCHETTE_REFRESH="1")
    assert response.content == b"<p>rendu ici</p>" and view.renders == 1
