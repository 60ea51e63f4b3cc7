""" "Pages les plus populaires" in a real browser: the beacon's timing, the fallback, axe.

The counter is the one settings select, isolated for each test; the live
server runs in this process, so views its requests record are written by
the test's own `flush`.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest

from manchette.popularity import backends, counting, selectors
from manchette.popularity.backends import PopularityBackend, Tally
from manchette.popularity.backends.embedded import EmbeddedBackend
from manchette.popularity.backends.redis import RedisBackend
from manchette.popularity.windows import DEFAULT, SITE, scopes_of
from tests.browser import audit_record
from tests.browser.conftest import (
    RGAA_TAGS,
    THEMES,
    VIEWPORTS,
    WCAG_TAGS,
    axe_run,
    blocking,
    describe,
    goto,
)

# Headless Chromium says "HeadlessChrome", which the crawler list rightly calls a robot.
READER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
VISIBLE_SECONDS = 3.0


@pytest.fixture
def counter(monkeypatch) -> Iterator[PopularityBackend]:
    if os.environ.get("REDIS_URL"):
        chosen: PopularityBackend = RedisBackend(
            os.environ["REDIS_URL"], prefix=f"test:popularity:{uuid.uuid4().hex}:"
        )
    else:
        chosen = EmbeddedBackend(flush_seconds=0)
    monkeypatch.setattr(backends, "backend", lambda: chosen)
    monkeypatch.setattr(selectors, "REFRESH_IN_BACKGROUND", False)
    selectors.forget_rankings()
    counting.forget_targets()
    yield chosen
    chosen.clear()
    selectors.forget_rankings()


def views_of(counter: PopularityBackend, article) -> int:
    counter.flush()
    ranking = counter.top(scope=SITE, window=DEFAULT, now=int(time.time()), limit=100)
    return dict(ranking).get(article.pk, 0)


def watch_beacons(page) -> list[tuple[float, str]]:
    seen: list[tuple[float, str]] = []
    page.on(
        "request",
        lambda request: (
            seen.append((time.monotonic(), request.method)) if "/api/vue/" in request.url else None
        ),
    )
    return seen


def test_the_beacon_fires_once_the_page_has_been_visible_a_few_seconds(site, new_page, counter):
    page = new_page(user_agent=READER)
    beacons = watch_beacons(page)
    started = time.monotonic()
    goto(page, site.url("article-picture"))
    page.wait_for_timeout(2_000)
    assert beacons == [], "sent before the page had been visible long enough"
    page.wait_for_timeout(2_500)
    assert len(beacons) == 1, beacons
    when, method = beacons[0]
    assert method == "POST"
    assert when - started >= VISIBLE_SECONDS
    page.wait_for_timeout(500)
    assert views_of(counter, site.pictured) == 1
    page.reload(wait_until="load")
    page.wait_for_timeout(3_500)
    assert len(beacons) == 2, "a reload sends again"
    assert views_of(counter, site.pictured) == 1, "but counts once in 30 minutes"


def test_a_hidden_page_counts_only_after_being_shown(site, new_page, counter):
    page = new_page(user_agent=READER)
    # A tab opened in the background: hidden until the test shows it.
    page.add_init_script(
        """window.__hidden = true;
           Object.defineProperty(Document.prototype, "visibilityState", {
             configurable: true, get() { return window.__hidden ? "hidden" : "visible"; }});"""
    )
    beacons = watch_beacons(page)
    goto(page, site.url("article-plain"))
    page.wait_for_timeout(4_000)
    assert beacons == []
    page.evaluate("window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(2_000)
    assert beacons == []
    page.wait_for_timeout(1_500)
    assert len(beacons) == 1
    assert views_of(counter, site.plain) == 1


def test_without_javascript_the_pixel_counts(site, new_page, counter):
    page = new_page(user_agent=READER, java_script_enabled=False)
    goto(page, site.url("article-english"))
    page.wait_for_timeout(300)
    assert views_of(counter, site.english) == 1


def test_a_headless_robot_is_not_counted(site, new_page, counter):
    page = new_page()  # Chromium's own headless user agent
    beacons = watch_beacons(page)
    goto(page, site.url("article-picture"))
    page.wait_for_timeout(3_500)
    assert len(beacons) == 1
    assert views_of(counter, site.pictured) == 0


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_block_and_the_listing_pass_axe(site, pool, counter, locale):
    stories = [site.plain, site.english, site.pictured]
    for views, story in enumerate(stories, start=3):
        counter.add([Tally(story.pk, scopes_of(story.section.path), int(time.time()), views)])
    counter.flush()
    selectors.forget_rankings()
    prefix = "/en" if locale == "en" else ""
    failures = []
    for theme in THEMES:
        for width in VIEWPORTS:
            page = pool.page(theme, width)
            for url in (
                site.url("article-plain", locale),
                f"{site.base_url}{prefix}/actualites/populaires",
            ):
                goto(page, url)
                assert page.locator("ol.most-popular__list li").count() == 3, url
                violations = axe_run(page, WCAG_TAGS + RGAA_TAGS)
                kind = "most-popular-page" if "populaires" in url else "article-most-popular"
                audit_record.record(page, kind, violations, {"WCAG": WCAG_TAGS, "RGAA": RGAA_TAGS})
                for standard, tags in (("WCAG", WCAG_TAGS), ("RGAA", RGAA_TAGS)):
                    bad = blocking(violations, tags)
                    if bad:
                        failures.append(f"[{standard} {theme} {width}px] {url}\n{describe(bad)}")
    assert not failures, "\n\n".join(failures)
