"""The keyboard walk and the 7:1 high-contrast check on the readers' own pages.

The same scripted checks as tests/browser/test_keyboard.py and
test_contrast.py, on the log-in and sign-up pages and the most-popular
listing, which the main matrix's page types do not include.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import goto
from tests.browser.test_contrast import LOW_CONTRAST_TEXT
from tests.browser.test_keyboard import SKIP_LINK, focus_problems, order_problems, tab_through

PAGES = {
    "login": "/compte/connexion",
    "signup": "/compte/inscription",
    "most-popular": "/actualites/populaires",
}


@pytest.mark.parametrize("width", ["1280", "375"])
@pytest.mark.parametrize("theme", ["default", "high"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_tab_stop_shows_focus_and_is_big_enough(site, new_page, name, theme, width):
    # A fresh page: where focus was left by an earlier walk must not decide this one.
    page = new_page(width, theme)
    goto(page, f"{site.base_url}{PAGES[name]}")
    stops = tab_through(page)
    assert stops[0]["name"] == f'a "{SKIP_LINK["fr"]}"'
    assert any(stop["name"].startswith(("input", "button")) for stop in stops) or (
        name == "most-popular"
    )
    problems = focus_problems(page, stops) + order_problems(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", ["1280", "375"])
def test_every_text_is_at_least_7_to_1_in_high_contrast(site, pool, width):
    failures = []
    for name, path in PAGES.items():
        page = pool.page("high", width)
        goto(page, f"{site.base_url}{path}")
        result = page.evaluate(LOW_CONTRAST_TEXT, 7)
        assert result["checked"] > 5, page.url
        failures += [f"{name}: {failure}" for failure in result["failures"]]
    assert not failures, "\n".join(failures)
