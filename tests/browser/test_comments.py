"""Comments in Chromium: axe on every comment page and state, and the report dialog by keyboard.

Pages: an article with no comment, one, and many (replies, pagination,
the reader's own held comment); the comment form with errors; the report
dialog open; the report page. Each in French and English, default and high
contrast, 1280 and 375 px wide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from manchette.comments.models import Comment, Report
from manchette.news.models import Article
from manchette.wires.dispatch import Subject
from tests.browser import audit_record
from tests.browser.conftest import (
    LOCALES,
    RGAA_TAGS,
    THEMES,
    VIEWPORTS,
    WCAG_TAGS,
    axe_run,
    blocking,
    describe,
    goto,
)
from tests.comments import make
from tests.factories import BASE_TIME, apply, dispatch


@dataclass
class Thread:
    base_url: str
    empty: Article
    single: Article
    busy: Article
    reader: Any
    cookie: tuple[str, str]
    reported: Comment

    def url(self, path: str, locale: str = "fr") -> str:
        return f"{self.base_url}{LOCALES[locale]}{path}"


@pytest.fixture
def thread(live_server, article) -> Thread:
    def story(n: int, headline: str) -> Article:
        when = BASE_TIME + timedelta(minutes=n)
        made = apply(
            dispatch(
                guid=f"urn:test:comments:{n}",
                headline=headline,
                subjects=(Subject("medtop:11000000"),),
                version_created=when,
                first_created=when,
            )
        ).article
        return make.open_for_comments(made)

    empty = story(1, "Un article sans commentaire")
    single = story(2, "Un article avec un commentaire")
    busy = make.open_for_comments(article)
    reader = make.reader("Colombe")
    others = [make.reader(name) for name in ("Hirondelle", "Martin-pêcheur", "Mésange")]
    reported = make.comment(single, others[0], "Un seul avis, avec un lien https://example.org.")
    now = timezone.now()
    for n in range(60):
        top = make.comment(
            busy,
            others[n % 3],
            f"Commentaire numéro {n}.\n\nSecond paragraphe.",
            created_at=now - timedelta(minutes=200 - n),
            edited_at=now if n % 7 == 0 else None,
        )
        if n % 5 == 0:
            make.comment(busy, others[(n + 1) % 3], "Une réponse.", parent=top)
    gone = make.comment(busy, others[1], "Retiré.", status=Comment.Status.DELETED)
    make.comment(busy, others[2], "Réponse au commentaire supprimé.", parent=gone)
    make.comment(
        busy,
        reader,
        "Mon commentaire en attente.",
        status=Comment.Status.PENDING,
        status_reason="Les premiers commentaires sont relus.",
        published_at=None,
    )
    make.comment(busy, None, "Écrit par un compte supprimé.")
    return Thread(
        base_url=live_server.url,
        empty=empty,
        single=single,
        busy=busy,
        reader=reader,
        cookie=make.session_cookie(reader),
        reported=reported,
    )


def sign_in(page: Page, thread: Thread) -> Page:
    name, value = thread.cookie
    page.context.add_cookies([{"name": name, "value": value, "url": thread.base_url}])
    return page


def open_dialog(page: Page, thread: Thread, locale: str) -> None:
    goto(page, thread.url(thread.single.get_absolute_url(), locale))
    page.locator(".comment__actions button").first.click()
    expect(page.locator("dialog[open]")).to_be_visible()


def post_blank(page: Page, thread: Thread, locale: str) -> None:
    goto(page, thread.url(thread.single.get_absolute_url(), locale))
    page.locator("#id_body").fill("   ")
    page.locator(".comment-form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_be_visible()


STATES: dict[str, Callable[[Page, Thread, str], object]] = {
    "no-comment": lambda page, t, locale: goto(page, t.url(t.empty.get_absolute_url(), locale)),
    "one-comment": lambda page, t, locale: goto(page, t.url(t.single.get_absolute_url(), locale)),
    "many-comments": lambda page, t, locale: goto(page, t.url(t.busy.get_absolute_url(), locale)),
    "form-errors": post_blank,
    "report-dialog": open_dialog,
    "report-page": lambda page, t, locale: goto(
        page, t.url(f"/commentaires/{t.reported.pk}/signaler", locale)
    ),
}
SIGNED_IN = {"form-errors", "report-dialog", "report-page"}


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("state", list(STATES))
def test_no_serious_violations(thread, new_page, screenshots, state, locale):
    failures = []
    for theme in THEMES:
        for width in VIEWPORTS:
            page = new_page(width, theme)
            if state in SIGNED_IN or (state == "many-comments" and width == "1280"):
                # The busy thread is also audited as its author sees it, held comment included.
                sign_in(page, thread)
            STATES[state](page, thread, locale)
            violations = axe_run(page, WCAG_TAGS + RGAA_TAGS)
            audit_record.record(
                page, f"comments-{state}", violations, {"WCAG": WCAG_TAGS, "RGAA": RGAA_TAGS}
            )
            bad = blocking(violations, WCAG_TAGS + RGAA_TAGS)
            if bad:
                failures.append(f"[{theme} {width}px] {page.url}\n{describe(bad)}")
            if locale == "fr":
                screenshots.save(page, f"comments-{state}-{locale}-{theme}-{width}")
            page.context.close()
    assert not failures, "\n\n".join(failures)


def test_the_report_dialog_by_keyboard(thread, new_page):
    page = sign_in(new_page(), thread)
    goto(page, thread.url(thread.single.get_absolute_url()))
    opener = page.get_by_role("button", name="Signaler le commentaire")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Signaler le commentaire")
    expect(dialog).to_be_visible()
    assert page.evaluate("!!document.activeElement.closest('dialog[open]')")
    # The page behind is inert: nothing outside the dialog can take focus.
    assert not page.evaluate(
        "() => { const a = document.querySelector('.site-name'); a.focus();"
        " return document.activeElement === a; }"
    )
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.activeElement === document.body"
            " || !!document.activeElement.closest('dialog[open]')"
        )
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()


def test_reporting_through_the_dialog_announces_the_outcome(thread, new_page):
    page = sign_in(new_page(), thread)
    goto(page, thread.url(thread.single.get_absolute_url()))
    page.get_by_role("button", name="Signaler le commentaire").click()
    dialog = page.get_by_role("dialog", name="Signaler le commentaire")
    dialog.get_by_label("Contenu illicite").check()
    dialog.get_by_role("button", name="Envoyer le signalement").click()
    # Law and explanation are required for illegal content: the errors come first, focused.
    errors = dialog.locator(".form-errors")
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("Indiquez quelle loi")
    dialog.get_by_label("Quelle loi enfreint-il ?").fill("Loi du 29 juillet 1881")
    dialog.get_by_label("Expliquez", exact=True).fill("Propos diffamatoires.")
    dialog.get_by_role("button", name="Envoyer le signalement").click()
    status = dialog.get_by_role("status")
    expect(status).to_be_focused()
    expect(status).to_contain_text("transmis aux modérateurs")
    assert Report.objects.get().law == "Loi du 29 juillet 1881"
    dialog.get_by_role("button", name="Fermer").click()
    # A second report from the same reader is refused, and says so.
    page.get_by_role("button", name="Signaler le commentaire").click()
    dialog.get_by_label("Spam ou publicité").check()
    dialog.get_by_role("button", name="Envoyer le signalement").click()
    expect(dialog.get_by_role("status")).to_contain_text("Vous avez déjà signalé ce commentaire")
    assert Report.objects.count() == 1


def test_without_javascript_the_report_link_leads_to_its_page(thread, new_page):
    page = sign_in(new_page(java_script_enabled=False), thread)
    goto(page, thread.url(thread.single.get_absolute_url()))
    page.get_by_role("link", name="Signaler le commentaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler le commentaire")
    page.get_by_label("Spam ou publicité").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("status")).to_contain_text("transmis aux modérateurs")
    assert Report.objects.get().reason == "spam"
