"""The moderation desk in Chromium: axe on every queue (fr/en, both themes, 1280 and 375 px)
and the keyboard shortcuts (j/k to move, a to approve, r to reach the reject reason)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from manchette.comments.models import Comment
from manchette.moderation import services
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

# The editor fixture (and the moderator it builds on) come from the desk's own tests.
from tests.moderation.conftest import editor as editor
from tests.moderation.conftest import make_comment, make_reader, make_report
from tests.moderation.conftest import moderator as moderator

STANDARDS = (*WCAG_TAGS, *RGAA_TAGS)
DESK_PAGES = {
    "pending": "/moderation/",
    "reported": "/moderation/file/signales/",
    "unmoderated": "/moderation/file/non-moderes/",
    "approved": "/moderation/file/approuves/",
    "rejected": "/moderation/file/rejetes/",
    "words": "/moderation/mots/",
    "rules": "/moderation/regles/",
    "sanctions": "/moderation/sanctions/",
    "journal": "/moderation/journal/",
}


@pytest.fixture
def desk(live_server, article, editor) -> dict[str, Any]:
    """A desk with something in every queue, and the session cookie of an editor."""
    alice, bruno = make_reader("Alice"), make_reader("Bruno")
    held = [
        make_comment(
            article,
            alice,
            "Premier commentaire en attente.",
            status="pending",
            decided_by="policy:newcomer",
            status_reason="Premiers commentaires relus.",
        ),
        make_comment(article, bruno, "Second commentaire en attente.", status="pending"),
    ]
    reported = make_comment(article, bruno, "Un commentaire signalé <b>pas gras</b>.")
    make_report(reported, alice, "illegal", law="Loi de 1881", explanation="Diffamation.")
    approved = make_comment(article, alice, "Relu et approuvé.", status="pending")
    services.approve(comment=approved, moderator=editor)
    rejected = make_comment(article, bruno, "Publicité.")
    services.reject(comment=rejected, moderator=editor, reason="Spam ou publicité.")
    services.issue_sanction(user=bruno, moderator=editor, kind="suspension", reason="Spam", days=3)
    services.add_word(text="arnaque", kind="suspect", moderator=editor)
    services.add_rule(moderator=editor, article=article, note="Sujet sensible.")
    client = Client()
    client.force_login(editor)
    return {
        "base_url": live_server.url,
        "cookie": client.cookies["sessionid"].value,
        "held": held,
        "reader": bruno,
    }


def logged_in(new_page, desk, width: str = "1280", mode: str = "default") -> Page:
    page: Page = new_page(width, mode)
    page.context.add_cookies(
        [{"name": "sessionid", "value": desk["cookie"], "url": desk["base_url"]}]
    )
    return page


@pytest.mark.parametrize("locale", list(LOCALES))
def test_no_serious_violations_on_the_desk(desk, new_page, screenshots, locale):
    pages = {**DESK_PAGES, "reader": f"/moderation/lecteur/{desk['reader'].pk}/"}
    failures = []
    for theme in THEMES:
        for width in VIEWPORTS:
            page = logged_in(new_page, desk, width, theme)
            for name, path in pages.items():
                response = goto(page, f"{desk['base_url']}{LOCALES[locale]}{path}")
                assert response.status == 200, f"{page.url}: {response.status}"
                violations = axe_run(page, STANDARDS)
                audit_record.record(
                    page, f"moderation-{name}", violations, {"WCAG": WCAG_TAGS, "RGAA": RGAA_TAGS}
                )
                bad = blocking(violations, STANDARDS)
                if bad:
                    failures.append(f"[{theme} {width}px] {page.url}\n{describe(bad)}")
                if locale == "fr" and name in ("pending", "reported"):
                    screenshots.save(page, f"desk-{name}-{theme}-{width}")
            # Nothing on the desk is wider than the screen.
            goto(page, f"{desk['base_url']}{LOCALES[locale]}{DESK_PAGES['reported']}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"[{theme} {width}px] scrolls sideways by {overflow}px"
    assert not failures, "\n\n".join(failures)


def test_keyboard_shortcuts_approve_and_reject(desk, new_page):
    first, second = desk["held"]
    page = logged_in(new_page, desk)
    goto(page, f"{desk['base_url']}/moderation/")
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(page.locator(f"#commentaire-{first.pk}")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(f"#commentaire-{second.pk}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#commentaire-{first.pk}")).to_be_focused()

    with page.expect_navigation():
        page.keyboard.press("a")
    status = page.locator("#resultat")
    expect(status).to_be_focused()
    expect(status).to_contain_text(f"Commentaire n° {first.pk} approuvé.")
    first.refresh_from_db()
    assert first.status == Comment.Status.PUBLISHED

    page.keyboard.press("j")
    expect(page.locator(f"#commentaire-{second.pk}")).to_be_focused()
    page.keyboard.press("r")
    reason = page.locator(f"#rejet-{second.pk}-raison")
    expect(reason).to_be_focused()
    page.keyboard.press("Tab")
    details = page.locator(f"#rejet-{second.pk}-details")
    expect(details).to_be_focused()
    # Typing in a field never triggers a shortcut.
    page.keyboard.type("Hors sujet, ar")
    second.refresh_from_db()
    assert second.status == Comment.Status.PENDING
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#resultat")).to_contain_text(f"Commentaire n° {second.pk} rejeté.")
    second.refresh_from_db()
    assert second.status == Comment.Status.REJECTED
    assert second.status_reason.endswith("Hors sujet, ar")


def test_the_desk_works_without_javascript(desk, new_page):
    first = desk["held"][0]
    page = new_page(java_script_enabled=False)
    page.context.add_cookies(
        [{"name": "sessionid", "value": desk["cookie"], "url": desk["base_url"]}]
    )
    goto(page, f"{desk['base_url']}/moderation/")
    page.locator(f"#commentaire-{first.pk}").get_by_role("button", name="Approuver").click()
    page.wait_for_url("**/moderation/#resultat")
    expect(page.locator("#resultat")).to_contain_text("approuvé")
    first.refresh_from_db()
    assert first.status == Comment.Status.PUBLISHED


def test_focus_is_visible_on_desk_controls(desk, new_page):
    page = logged_in(new_page, desk)
    goto(page, f"{desk['base_url']}/moderation/")
    button = page.locator("[data-desk-item] button").first
    button.focus()
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
