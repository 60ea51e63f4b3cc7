"""axe-core on every page type: 2 locales x 2 themes x 2 viewports, WCAG 2.2 AA and RGAA 4.

Fails on serious and critical violations only. Each test builds the site once
and audits its page type in the four theme/viewport contexts the folder
shares; one axe run per page gives both the WCAG and the RGAA verdicts.
"""

from __future__ import annotations

import pytest

from tests.browser import audit_record
from tests.browser.conftest import (
    AXE_JS,
    PAGE_TYPES,
    RGAA_TAGS,
    THEMES,
    VIEWPORTS,
    WCAG_TAGS,
    assert_accessible,
    axe_run,
    blocking,
    describe,
    pictures_load,
    rgaa_rule_count,
)


@pytest.fixture(scope="module")
def rgaa_rules(browser) -> int:
    """How many rules the injected axe-core tags RGAAv4 (4.14 has them, older ones none)."""
    page = browser.new_page()
    try:
        page.add_script_tag(path=str(AXE_JS))
        return rgaa_rule_count(page)
    finally:
        page.close()


def test_axe_knows_rgaa(rgaa_rules):
    if not rgaa_rules:
        pytest.skip(f"{AXE_JS} has no RGAAv4 rules: the matrix below checks WCAG only")


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_serious_violations(site, pool, screenshots, rgaa_rules, page_type, locale):
    standards = {"WCAG": WCAG_TAGS, **({"RGAA": RGAA_TAGS} if rgaa_rules else {})}
    failures = []
    for theme in THEMES:
        for width in VIEWPORTS:
            page = pool.page(theme, width)
            site.visit(page, page_type, locale)
            assert pictures_load(page), f"{page.url}: a picture did not load"
            violations = axe_run(page, tuple(tag for tags in standards.values() for tag in tags))
            audit_record.record(page, page_type, violations, standards)
            for standard, tags in standards.items():
                bad = blocking(violations, tags)
                if bad:
                    failures.append(f"[{standard} {theme} {width}px] {page.url}\n{describe(bad)}")
            if locale == "fr":
                screenshots.save(page, f"{page_type}-{locale}-{theme}-{width}")
    assert not failures, "\n\n".join(failures)


def test_the_gate_bites(site, pool, rgaa_rules):
    """Proof the audit fails when it should: a picture loses its alternative text."""
    page = pool.page("default", "1280")
    site.visit(page, "article-picture")
    assert_accessible(page)
    page.evaluate("document.querySelector('figure img').removeAttribute('alt')")
    with pytest.raises(AssertionError, match="critical image-alt"):
        assert_accessible(page)
    if rgaa_rules:
        with pytest.raises(AssertionError, match="critical image-alt"):
            assert_accessible(page, RGAA_TAGS)
