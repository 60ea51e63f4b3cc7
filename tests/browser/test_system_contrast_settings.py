"""The system's contrast settings on every page type the other axe matrices audit.

test_contrast.py covers the main matrix's page types; here the account
pages, the comment states, the moderation desk, the most-read listing and
the read-also block are seen with `prefers-contrast: more` (every text 7:1,
the high-contrast palette without a cookie) and `forced-colors: active`
(axe still passes), each screenshotted into the run's folder at 1280 and
375 px under the names the main matrix uses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from manchette.popularity import selectors
from manchette.popularity.backends import Tally
from manchette.popularity.windows import scopes_of
from tests.browser.conftest import assert_accessible, goto
from tests.browser.test_account_pages import ACCOUNT_PAGES, logged_in, show
from tests.browser.test_account_pages import no_limits as no_limits
from tests.browser.test_account_pages import reader as reader
from tests.browser.test_comments import SIGNED_IN, STATES, sign_in
from tests.browser.test_comments import thread as thread
from tests.browser.test_contrast import LOW_CONTRAST_TEXT
from tests.browser.test_moderation_desk import DESK_PAGES
from tests.browser.test_moderation_desk import desk as desk
from tests.browser.test_moderation_desk import editor as editor
from tests.browser.test_moderation_desk import moderator as moderator
from tests.browser.test_popular import counter as counter
from tests.browser.test_read_also import pictured_block as pictured_block

# How each page type is reached: called with a fresh page, it loads the page type.
Visits = dict[str, Callable[[Page], Any]]


def account_pages(request: pytest.FixtureRequest, base_url: str) -> Visits:
    user = request.getfixturevalue("reader")

    def visit(page_type: str) -> Callable[[Page], Any]:
        def load(page: Page) -> None:
            if page_type == "account":
                logged_in(page, request.getfixturevalue("live_server"), user)
            show(page, page_type, base_url, "fr")

        return load

    return {f"account-{page_type}": visit(page_type) for page_type in ACCOUNT_PAGES}


def comment_pages(request: pytest.FixtureRequest, base_url: str) -> Visits:
    comments = request.getfixturevalue("thread")

    def visit(state: str) -> Callable[[Page], Any]:
        def load(page: Page) -> None:
            if state in SIGNED_IN:
                sign_in(page, comments)
            STATES[state](page, comments, "fr")

        return load

    return {f"comments-{state}": visit(state) for state in STATES}


def desk_pages(request: pytest.FixtureRequest, base_url: str) -> Visits:
    board = request.getfixturevalue("desk")
    paths = {**DESK_PAGES, "reader": f"/moderation/lecteur/{board['reader'].pk}/"}

    def visit(path: str) -> Callable[[Page], Any]:
        def load(page: Page) -> None:
            page.context.add_cookies(
                [{"name": "sessionid", "value": board["cookie"], "url": base_url}]
            )
            goto(page, f"{base_url}{path}")

        return load

    return {f"moderation-{name}": visit(path) for name, path in paths.items()}


def most_read_pages(request: pytest.FixtureRequest, base_url: str) -> Visits:
    site = request.getfixturevalue("site")
    tally = request.getfixturevalue("counter")
    for views, story in enumerate([site.plain, site.english, site.pictured], start=3):
        tally.add([Tally(story.pk, scopes_of(story.section.path), int(time.time()), views)])
    tally.flush()
    selectors.forget_rankings()
    return {
        "article-most-popular": lambda page: goto(page, site.url("article-plain")),
        "most-popular-page": lambda page: goto(page, f"{base_url}/actualites/populaires"),
    }


def read_also_pages(request: pytest.FixtureRequest, base_url: str) -> Visits:
    path = request.getfixturevalue("pictured_block")
    return {"article-read-also": lambda page: goto(page, f"{base_url}{path}")}


FAMILIES: dict[str, Callable[[pytest.FixtureRequest, str], Visits]] = {
    "account": account_pages,
    "comments": comment_pages,
    "moderation": desk_pages,
    "most-read": most_read_pages,
    "read-also": read_also_pages,
}
SHOT_NAMES = {"more": "prefers-contrast-more", "forced": "forced-colors"}


@pytest.mark.parametrize("mode", list(SHOT_NAMES))
@pytest.mark.parametrize("family", list(FAMILIES))
def test_system_contrast_settings_on_every_page_type(
    request, live_server, new_page, screenshots, family, mode
):
    visits = FAMILIES[family](request, live_server.url)
    failures = []
    for width in ("1280", "375"):
        for page_type, load in visits.items():
            page = new_page(width, mode)
            load(page)
            screenshots.save(page, f"{page_type}-fr-{SHOT_NAMES[mode]}-{width}")
            if mode == "more":
                # No cookie: the server leaves the choice to the system, which asks for more.
                assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
                    "rgb(0, 0, 0)"
                ), page.url
                result = page.evaluate(LOW_CONTRAST_TEXT, 7)
                assert result["checked"] > 5, page.url
                failures += [f"{page_type} {width}px: {f}" for f in result["failures"]]
            else:
                assert page.evaluate("matchMedia('(forced-colors: active)').matches")
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    failures.append(f"{page_type} {width}px: {error}")
            page.context.close()
    assert not failures, "\n".join(failures)
