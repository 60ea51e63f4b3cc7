"""The account pages in Chromium: axe in both languages, themes and widths; forms' errors.

Sign-up, log-in, sign-up with errors (a real submission) and the account
page of a reader with comments and reports, each audited like the other page
types (WCAG 2.2 AA and RGAA 4, serious and critical fail). Then what axe
cannot see: the error summary takes the focus, each message is tied to its
field, and the header's account entry fits at 320 px.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from manchette import ratelimit
from manchette.accounts import roles
from manchette.accounts.models import User
from manchette.comments.models import Comment, Report
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
from tests.browser.test_page_rules import OVERFLOW

PASSWORD = "Une-phrase-de-passe-2026"
ACCOUNT_PAGES = ("login", "signup", "signup-errors", "account")
PATHS = {"login": "/compte/connexion", "signup": "/compte/inscription", "account": "/compte/"}


@pytest.fixture
def no_limits(settings):
    # Every test here posts from 127.0.0.1 many times; the limits have their own tests.
    settings.MANCHETTE_RATE_LIMITS = False
    ratelimit.reset()


@pytest.fixture
def reader(article, no_limits) -> User:
    """A reader with a comment in each state and two reports, one decided."""
    user = User(username="lou@example.org", email="lou@example.org", pseudonym="Lou Martin")
    user.set_password(PASSWORD)
    user.save()
    roles.grant(user, roles.READER)
    other = User.objects.create(username="d@example.org", email="d@example.org", pseudonym="Dom")
    for status, reason in (
        (Comment.Status.PUBLISHED, ""),
        (Comment.Status.PENDING, "Vos premiers commentaires sont relus avant publication."),
        (Comment.Status.REJECTED, "Propos injurieux."),
    ):
        Comment.objects.create(
            article=article,
            author=user,
            body=f"Un avis {status}.",
            status=status,
            status_reason=reason,
        )
    target = Comment.objects.create(
        article=article, author=other, body="Achetez ici.", status=Comment.Status.PUBLISHED
    )
    Report.objects.create(
        comment=target,
        reporter=user,
        reason=Report.Reason.SPAM,
        outcome=Report.Outcome.REMOVED,
        decided_at=timezone.now(),
        outcome_statement="Retiré : publicité non sollicitée (charte, article 4).",
    )
    second = Comment.objects.create(
        article=article, author=other, body="Autre.", status=Comment.Status.PUBLISHED
    )
    Report.objects.create(comment=second, reporter=user, reason=Report.Reason.DISAGREE)
    return user


def logged_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def submit_bad_sign_up(page, base):
    goto(page, f"{base}/compte/inscription")
    page.fill("#id_pseudonym", "x")
    page.fill("#id_email", "pas-une-adresse")
    page.fill("#id_password", "1234")
    with page.expect_navigation(wait_until="load"):
        page.click("form.account-form button[type=submit]")


def show(page, page_type, base, locale):
    prefix = LOCALES[locale]
    if page_type == "signup-errors":
        submit_bad_sign_up(page, base + prefix)
    else:
        response = goto(page, f"{base}{prefix}{PATHS[page_type]}")
        assert response.status == 200, page.url


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("page_type", ACCOUNT_PAGES)
def test_no_serious_violations(live_server, new_page, reader, screenshots, page_type, locale):
    failures = []
    tags = WCAG_TAGS + RGAA_TAGS
    for theme in THEMES:
        for width in VIEWPORTS:
            page = new_page(width, theme)
            if page_type == "account":
                logged_in(page, live_server, reader)
            show(page, page_type, live_server.url, locale)
            violations = axe_run(page, tags)
            audit_record.record(
                page, f"account-{page_type}", violations, {"WCAG": WCAG_TAGS, "RGAA": RGAA_TAGS}
            )
            for standard, wanted in (("WCAG", WCAG_TAGS), ("RGAA", RGAA_TAGS)):
                bad = blocking(violations, wanted)
                if bad:
                    failures.append(f"[{standard} {theme} {width}px] {page.url}\n{describe(bad)}")
            if locale == "fr":
                screenshots.save(page, f"account-{page_type}-{locale}-{theme}-{width}")
            page.context.close()
    assert not failures, "\n\n".join(failures)


def test_the_error_summary_takes_the_focus_and_leads_to_each_field(
    live_server, new_page, no_limits
):
    page = new_page()
    submit_bad_sign_up(page, live_server.url)
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert page.title().startswith("Erreur")
    # Each invalid field says so, and points at a message that exists and is not empty.
    for name in ("pseudonym", "email", "password"):
        field = page.locator(f"#id_{name}")
        assert field.get_attribute("aria-invalid") == "true"
        first = field.get_attribute("aria-describedby").split()[0]
        assert page.locator(f"#{first}").inner_text().strip()
    # Following a link of the summary puts the reader in the field.
    page.locator("#erreurs a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    # Tab from the summary goes through the fields, never into the robots' trap.
    page.focus("#erreurs")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.name || document.activeElement.id"))
    assert "site_web" not in reached
    assert {"pseudonym", "email", "password"} <= set(reached)


def test_the_trap_is_silent_to_assistive_technology(live_server, new_page, no_limits):
    page = new_page()
    goto(page, f"{live_server.url}/compte/inscription")
    tree = page.locator("form.account-form").aria_snapshot()
    assert "site_web" not in tree
    assert "vide" not in tree.lower()  # its label, "Laissez ce champ vide"


def test_the_logged_in_header_fits_at_320px_and_its_targets_are_large_enough(
    live_server, new_page, reader
):
    page = new_page("375")
    logged_in(page, live_server, reader)
    problems = []
    for text_size in ("100%", "200%"):
        page.set_viewport_size({"width": 320, "height": 640})
        goto(page, f"{live_server.url}/")
        page.evaluate("(size) => { document.documentElement.style.fontSize = size; }", text_size)
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            problems.append(f"text {text_size}: {overflow}")
    assert not problems, "\n".join(problems)
    for target in (page.locator(".account-nav a"), page.locator(".account-nav button")):
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    # Logging out from the header, with the keyboard.
    page.locator(".account-nav button").focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.locator(".account-nav a").inner_text() == "Se connecter"
