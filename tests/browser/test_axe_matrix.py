"""axe-core on every page type: 2 locales x 2 themes x 2 viewports, WCAG 2.2 AA and RGAA 4.

Fails on serious and critical violations only. Each test builds the site once
and audits its page in the four theme/viewport contexts, which the whole
folder shares; WCAG and RGAA results come from one axe run per page.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    EXPECTED_STATUS,
    PAGE_TYPES,
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


@pytest.fixture(scope="module")
def rgaa_supported(pool) -> bool:
    page = pool.page("default", "1280")
    page.goto(f"{pool.base_url}/static/ui/manchette.css")
    page.set_content("<!DOCTYPE html><html lang='fr'><title>t</title></html>")
    return rgaa_rule_count(page) > 0


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_serious_violations(site, pool, screenshots, rgaa_supported, page_type, locale):
    failures = []
    for theme in THEMES:
        for width in VIEWPORTS:
            page = pool.page(theme, width)
            response = goto(page, site.url(page_type, locale))
            assert response.status == EXPECTED_STATUS.get(page_type, 200), page.url
            assert page.evaluate(
                "document.images.length === 0 || [...document.images]"
                ".every(i => i.complete && i.naturalWidth > 0)"
            ), f"{page.url}: a picture did not load"
            violations = axe_run(page, WCAG_TAGS + (RGAA_TAGS if rgaa_supported else ()))
            for standard, tags in (("WCAG", WCAG_TAGS), ("RGAA", RGAA_TAGS)):
                bad = blocking(violations, tags)
                if bad:
                    failures.append(f"[{standard} {theme} {width}px] {page.url}\n{describe(bad)}")
            screenshots.save(page, f"{page_type}-{locale}-{theme}-{width}")
    assert not failures, "\n\n".join(failures)
