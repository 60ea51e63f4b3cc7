"""The XSS corpus in Chromium: every payload posted as a comment and as a pseudonym, no script runs.

Each payload calls `xss()` (or alert/confirm/prompt). The page gets an
`xss` that records the call, and a dialog handler records any alert; after
each page has loaded (pictures that fail included) both must be empty.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog

from tests.browser.conftest import goto
from tests.comments import make
from tests.comments.xss import PAYLOADS, post_corpus

RECORDER = "window.xss = function () { (window.__xss = window.__xss || []).push(location.href); };"
# Report and reply pages quote one comment each: every seventh payload, all kinds among them.
SAMPLE = 7


@pytest.fixture
def corpus(live_server, article, settings):
    settings.MANCHETTE_COMMENTS_PER_PAGE = 1000
    made = make.open_for_comments(article)
    return made, post_corpus(made)


def test_no_payload_runs_anywhere_it_is_shown(corpus, new_page, live_server):
    article, comments = corpus
    reader = make.reader("Lectrice")
    dialogs: list[str] = []
    ran: list[str] = []

    def visit(page, path):
        goto(page, f"{live_server.url}{path}")
        page.wait_for_timeout(200)  # let failing pictures fire their error events
        ran.extend(page.evaluate("window.__xss || []"))

    anonymous = new_page()
    signed_in = new_page()
    author = new_page()
    name, value = make.session_cookie(reader)
    signed_in.context.add_cookies([{"name": name, "value": value, "url": live_server.url}])

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    for page in (anonymous, signed_in, author):
        page.context.add_init_script(RECORDER)
        page.on("dialog", record)

    for page in (anonymous, signed_in):
        visit(page, article.get_absolute_url())
        visit(page, "/en" + article.get_absolute_url())
    shown = signed_in.locator(".comment__body").count()
    assert shown == len(PAYLOADS)
    # The dialog holds no reader text, but opening it must not run any either.
    signed_in.locator(".comment__actions button").first.click()
    signed_in.keyboard.press("Escape")
    for comment in comments[::SAMPLE]:
        visit(signed_in, f"/commentaires/{comment.pk}/signaler")
        visit(signed_in, f"/commentaires/{comment.pk}/repondre")
        # The author's own pages: account (pseudonym), edit form (text in a textarea).
        name, value = make.session_cookie(comment.author)
        author.context.add_cookies([{"name": name, "value": value, "url": live_server.url}])
        visit(author, "/compte/")
        visit(author, f"/commentaires/{comment.pk}/modifier")
    assert ran == []
    assert dialogs == []


def test_the_recorder_catches_a_script_that_runs(live_server, new_page, article):
    """Proof the test can fail: a payload injected as markup does call the recorder."""
    page = new_page()
    page.context.add_init_script(RECORDER)
    goto(page, f"{live_server.url}{make.open_for_comments(article).get_absolute_url()}")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=xss()>')")
    # The broken image's error comes when the browser gets to it: wait for it, not a fixed time.
    page.wait_for_function("(window.__xss || []).length > 0", timeout=10_000)
    assert page.evaluate("window.__xss || []")
