"""The read-also block under an article passes axe: fr and en, both themes, 1280 and 375 px."""

from __future__ import annotations

import pytest

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
    pictures_load,
    rgaa_rule_count,
)
from tests.factories import jpeg, picture
from tests.related.corpus import AGENCIES, STORIES, applied, story


@pytest.fixture
def pictured_block(live_server, sections, providers) -> str:
    """The rate-decision story, whose block shows four economy stories with pictures."""
    articles = {
        key: applied(
            story(key, minutes=n, provider=AGENCIES[n % 3], pictures=(picture(),)),
            {"pictures/one.jpg": jpeg()},
        )
        for n, key in enumerate(STORIES)
    }
    return articles["bce_taux"].get_absolute_url()


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_read_also_block_has_no_serious_violations(
    pool, live_server, screenshots, pictured_block, locale
):
    path = pictured_block if locale == "fr" else f"/en{pictured_block}"
    failures = []
    for theme in THEMES:
        for width in VIEWPORTS:
            page = pool.page(theme, width)
            goto(page, f"{live_server.url}{path}")
            assert page.locator("section.read-also article").count() == 4
            assert pictures_load(page), f"{page.url}: a picture did not load"
            screenshots.save(page, f"read-also-{locale}-{theme}-{width}")
            # RGAA too when the installed axe-core knows it (4.14 does).
            standards = {
                "WCAG": WCAG_TAGS,
                **({"RGAA": RGAA_TAGS} if rgaa_rule_count(page) else {}),
            }
            violations = axe_run(page, tuple(tag for tags in standards.values() for tag in tags))
            audit_record.record(page, "article-read-also", violations, standards)
            for standard, tags in standards.items():
                bad = blocking(violations, tags)
                if bad:
                    failures.append(f"[{standard} {theme} {width}px] {page.url}\n{describe(bad)}")
    assert not failures, "\n\n".join(failures)
