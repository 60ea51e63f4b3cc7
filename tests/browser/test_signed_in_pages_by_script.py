"""The keyboard walk and the 7:1 high-contrast check on the pages behind a log-in.

A reader's account page (with its change-password form), the page a reader
reports a comment on without JavaScript, and a moderator's desk. Each walk
starts on a fresh page: the skip link first, every control reached, in
reading order, with a visible ring, big enough, and focus leaves the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page

from manchette.accounts.selectors import ACCOUNT_PAGE_ITEMS
from manchette.comments.models import Comment
from tests.browser.conftest import assert_accessible, goto
from tests.browser.test_account_pages import no_limits as no_limits
from tests.browser.test_account_pages import reader as reader
from tests.browser.test_comments import thread as thread
from tests.browser.test_contrast import LOW_CONTRAST_TEXT
from tests.browser.test_keyboard import SKIP_LINK, focus_problems, order_problems, tab_through
from tests.browser.test_moderation_desk import desk as desk
from tests.browser.test_moderation_desk import editor as editor
from tests.browser.test_moderation_desk import moderator as moderator
from tests.comments.make import session_cookie


@dataclass
class SignedIn:
    url: str
    cookie: tuple[str, str]


def account_page(request: pytest.FixtureRequest, base_url: str) -> SignedIn:
    user = request.getfixturevalue("reader")
    article = request.getfixturevalue("article")
    # Enough comments for the list to have pages, so the walk goes through their links.
    Comment.objects.bulk_create(
        Comment(article=article, author=user, body=f"Avis {n}.", status=Comment.Status.PUBLISHED)
        for n in range(ACCOUNT_PAGE_ITEMS)
    )
    return SignedIn(f"{base_url}/compte/", session_cookie(user))


def report_page(request: pytest.FixtureRequest, base_url: str) -> SignedIn:
    comments = request.getfixturevalue("thread")
    return SignedIn(f"{base_url}/commentaires/{comments.reported.pk}/signaler", comments.cookie)


def moderation_desk(request: pytest.FixtureRequest, base_url: str) -> SignedIn:
    request.getfixturevalue("desk")
    user = request.getfixturevalue("editor")
    # A moderator, not an editor: the desk as most of its users see it.
    user.user_permissions.remove(
        Permission.objects.get(content_type__app_label="news", codename="change_article")
    )
    return SignedIn(f"{base_url}/moderation/", session_cookie(user))


PAGES: dict[str, Callable[[pytest.FixtureRequest, str], SignedIn]] = {
    "account": account_page,
    "report-page": report_page,
    "moderation-desk": moderation_desk,
}


@pytest.fixture
def signed_in(request, live_server, new_page) -> Callable[..., Page]:
    """`signed_in(name, width, mode)`: a fresh page at that page type, its user logged in."""
    made: dict[str, SignedIn] = {}

    def open_signed_in(name: str, width: str = "1280", mode: str = "default") -> Page:
        if name not in made:
            made[name] = PAGES[name](request, live_server.url)
        target = made[name]
        page: Page = new_page(width, mode)
        cookie_name, value = target.cookie
        page.context.add_cookies([{"name": cookie_name, "value": value, "url": live_server.url}])
        response = goto(page, target.url)
        # Not redirected to the log-in page: the page itself, as its user sees it.
        assert (response.status, page.url) == (200, target.url), page.url
        return page

    return open_signed_in


@pytest.mark.parametrize("width", ["1280", "375"])
@pytest.mark.parametrize("theme", ["default", "high"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_control_is_reached_in_order_with_a_visible_ring(signed_in, name, theme, width):
    page = signed_in(name, width, theme)
    stops = tab_through(page)
    assert stops[0]["name"] == f'a "{SKIP_LINK["fr"]}"'
    assert any(stop["name"].startswith(("input", "button")) for stop in stops)
    problems = focus_problems(page, stops) + order_problems(page)
    assert not problems, "\n".join(problems)


def test_the_account_page_walk_reaches_the_password_form(signed_in):
    page = signed_in("account")
    names = [stop["name"] for stop in tab_through(page)]
    fields = page.evaluate(
        """() => [...document.querySelectorAll("form[action$='/mot-de-passe'] input")]
                 .filter(i => i.type === "password").map(i => i.getAttribute("data-tab-stop"))"""
    )
    assert len(fields) == 3 and None not in fields, names
    assert any("Page suivante" in name for name in names), names


@pytest.mark.parametrize("width", ["1280", "375"])
def test_every_text_is_at_least_7_to_1_in_high_contrast(signed_in, width):
    failures = []
    for name in PAGES:
        page = signed_in(name, width, "high")
        result: dict[str, Any] = page.evaluate(LOW_CONTRAST_TEXT, 7)
        assert result["checked"] > 5, page.url
        failures += [f"{name}: {failure}" for failure in result["failures"]]
        page.context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("width", "theme"), [("1280", "default"), ("375", "high")])
def test_a_refused_password_change_is_told_first_and_walks_cleanly(signed_in, width, theme):
    page = signed_in("account", width, theme)
    form = page.locator("form[action$='/mot-de-passe']")
    form.locator("input[name=old_password]").fill("pas-le-bon")
    form.locator("input[name=new_password1]").fill("12345678")
    form.locator("input[name=new_password2]").fill("12345678")
    with page.expect_navigation(wait_until="load"):
        form.locator("button[type=submit]").click()
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert_accessible(page)
    for name in ("old_password", "new_password2"):
        field = page.locator(f"input[name={name}]")
        assert field.get_attribute("aria-invalid") == "true"
        for ident in field.get_attribute("aria-describedby").split():
            assert page.locator(f"#{ident}").inner_text().strip(), ident
    page.locator("#erreurs a[href='#id_new_password2']").first.click()
    assert page.evaluate("document.activeElement.name") == "new_password2"
    # From the summary on, each stop of the refused form shows its ring and is big enough.
    page.focus("#erreurs")
    assert not (problems := focus_problems(page, tab_through(page))), "\n".join(problems)
    # The form's own page, from the top: skip link first, every control, in order.
    alone = signed_in("account", width, theme)
    goto(alone, page.url.split("#")[0])
    stops = tab_through(alone)
    assert stops[0]["name"] == f'a "{SKIP_LINK["fr"]}"'
    problems = focus_problems(alone, stops) + order_problems(alone)
    assert not problems, "\n".join(problems)
