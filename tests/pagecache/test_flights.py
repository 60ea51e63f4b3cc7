"""Readers arriving while an expired page renders wait for that render instead of repeating it."""

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
        time.sleep(0.2)
        return HttpResponse(f"<p>{self.version}</p>")


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


def test_a_change_during_the_render_sends_the_waiting_readers_to_render_it_again():
    view = SlowPage()
    middleware = PageCacheMiddleware(view)
    cache = page_cache()
    assert cache is not None

    def change_midway() -> None:
        time.sleep(0.1)
        view.version = "second"
        cache.versions.bump(["c1"])

    changer = threading.Thread(target=change_midway)
    changer.start()
    answers = read_together(middleware, readers=3)
    changer.join()
    # The first render began before the change and must not be what the waiters get.
    assert view.renders > 1
    assert sum(answer.content == b"<p>second</p>" for answer in answers) >= 2
