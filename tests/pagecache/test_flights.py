"""Readers arriving while an expired page renders share that render when it is new enough
for them, instead of repeating it."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from manchette.pagecache import collector
from manchette.pagecache.cache import page_cache
from manchette.pagecache.middleware import PageCacheMiddleware

READERS = 8


class SlowPage:
    """A view that takes its time, like an article whose comments just changed."""

    def __init__(self) -> None:
        self.renders = 0
        self.version = "premier"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.renders += 1
        collector.depends_on("c1")
        version = self.version  # read first, as a view reads the database
        time.sleep(0.2)
        return HttpResponse(f"<p>{version}</p>")


def read_together(middleware: PageCacheMiddleware, readers: int = READERS) -> list[Any]:
    answers: list[Any] = [None] * readers
    start = threading.Barrier(readers)

    def read(n: int) -> None:
        start.wait()
        answers[n] = middleware(RequestFactory().get("/article/"))

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_readers_of_an_expired_page_share_one_render():
    view = SlowPage()
    answers = read_together(PageCacheMiddleware(view))
    assert view.renders == 1
    assert {answer.content for answer in answers} == {b"<p>premier</p>"}
    assert sorted(answer["X-Manchette-Cache"] for answer in answers).count("miss") == 1


def read_later(middleware: PageCacheMiddleware, after: float, readers: int) -> list[Any]:
    answers: list[Any] = []

    def read() -> None:
        time.sleep(after)
        answers.extend(read_together(middleware, readers))

    reading = threading.Thread(target=read)
    reading.start()
    answers.insert(0, middleware(RequestFactory().get("/article/")))  # the first to miss
    reading.join()
    return answers


def test_readers_who_ask_after_a_change_do_not_get_a_render_begun_before_it():
    view = SlowPage()
    middleware = PageCacheMiddleware(view)
    cache = page_cache()
    assert cache is not None

    def change_midway() -> None:
        time.sleep(0.05)
        view.version = "second"
        cache.versions.bump(["c1"])

    changer = threading.Thread(target=change_midway)
    changer.start()
    first, *later = read_later(middleware, after=0.1, readers=3)
    changer.join()
    assert first.content == b"<p>premier</p>"  # it asked before the change
    assert {answer.content for answer in later} == {b"<p>second</p>"}
    assert view.renders == 2  # the three who came later shared the second render


def test_a_change_to_something_else_does_not_make_waiting_readers_render_again():
    view = SlowPage()
    middleware = PageCacheMiddleware(view)
    cache = page_cache()
    assert cache is not None
    middleware(RequestFactory().get("/article/"))  # stored, then made stale by a comment
    view.version = "second"
    cache.versions.bump(["c1"])

    def elsewhere() -> None:
        time.sleep(0.05)
        cache.versions.bump(["c2"])  # a comment under another article

    other = threading.Thread(target=elsewhere)
    other.start()
    answers = read_later(middleware, after=0.1, readers=3)
    other.join()
    assert {answer.content for answer in answers} == {b"<p>second</p>"}
    assert view.renders == 2  # the first, then one for the four readers of the new version


def test_readers_of_a_page_no_one_may_share_render_it_each():
    view = SlowPage()

    def private(request: HttpRequest) -> HttpResponse:
        response = view(request)
        response["Cache-Control"] = "private"
        return response

    answers = read_together(PageCacheMiddleware(private), readers=3)
    assert view.renders == 3
    assert {answer["X-Manchette-Cache"] for answer in answers} == {"bypass"}
