"""The contrast toggle and the system contrast settings, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from manchette.ui.theme import COOKIE_NAME
from tests.browser.conftest import PAGE_TYPES, assert_accessible, goto

TURN_ON = "Activer le contraste adapté"
TURN_OFF = "Désactiver le contraste adapté"
BLACK, WHITE = "rgb(0, 0, 0)", "rgb(255, 255, 255)"

# Every visible piece of text: its colour against the first opaque background
# behind it (walking up the ancestors), as rendered. Fails under `minimum`.
LOW_CONTRAST_TEXT = """(minimum) => {
  const parse = c => {
    const n = (c.match(/[\\d.]+/g) || ["0", "0", "0", "0"]).map(Number);
    return {rgb: n.slice(0, 3), alpha: n.length > 3 ? n[3] : 1};
  };
  const over = (top, bottom) => top.rgb.map((v, i) => v * top.alpha + bottom[i] * (1 - top.alpha));
  const background = el => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.alpha > 0) { layers.push(c); if (c.alpha >= 1) break; }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
  };
  const lum = rgb => rgb.map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x);
                            return (h + 0.05) / (l + 0.05); };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || el.closest("script, style, noscript")) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden, for screen readers
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const r = ratio(fg, bg);
    checked += 1;
    if (r < minimum) failures.push(
      `${el.tagName.toLowerCase()}.${el.className} "${node.data.trim().slice(0, 40)}": ` +
      `rgb(${fg.map(Math.round)}) on rgb(${bg.map(Math.round)}) = ${r.toFixed(2)}:1`);
  }
  return {checked, failures};
}"""


def toggle(page):
    return page.locator("form.contrast-toggle button")


def theme_of(page):
    return page.evaluate("document.documentElement.dataset.theme")


def background_of(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_toggle_flips_and_the_choice_persists(site, new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    article = site.url("article-picture")
    goto(page, article)
    expect(toggle(page)).to_have_text(TURN_ON)
    assert background_of(page) == WHITE

    with page.expect_navigation():
        page.get_by_role("button", name=TURN_ON).click()
    assert page.url == article  # back where the reader was
    expect(toggle(page)).to_have_text(TURN_OFF)
    assert (theme_of(page), background_of(page)) == ("high", BLACK)

    with page.expect_navigation():  # another page, through the site's own navigation
        page.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Monde").click()
    assert page.url == f"{site.base_url}/monde/"
    expect(toggle(page)).to_have_text(TURN_OFF)
    assert background_of(page) == BLACK

    page.reload()
    expect(toggle(page)).to_have_text(TURN_OFF)
    assert background_of(page) == BLACK
    site.visit(page, "home", "en")
    expect(toggle(page)).to_have_text("Turn off adapted contrast")

    with page.expect_navigation():  # from the keyboard this time
        page.get_by_role("button", name="Turn off adapted contrast").press("Enter")
    goto(page, article)
    expect(toggle(page)).to_have_text(TURN_ON)
    assert (theme_of(page), background_of(page)) == ("default", WHITE)


def test_the_system_setting_applies_when_no_choice_was_made(site, new_page):
    page = new_page("1280", "more")
    site.visit(page, "article-picture")
    assert theme_of(page) == "auto"
    assert background_of(page) == BLACK
    # The script makes the one control say what pressing it will do.
    expect(toggle(page)).to_have_text(TURN_OFF)
    assert toggle(page).get_attribute("value") == "default"
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name=TURN_OFF).click()
    # "Off" is now an explicit choice: it wins over the system setting.
    assert (theme_of(page), background_of(page)) == ("default", WHITE)
    expect(toggle(page)).to_have_text(TURN_ON)


def test_an_explicit_default_wins_over_the_system_setting(site, new_page):
    page = new_page("1280", "more")
    page.context.add_cookies(
        [{"name": COOKIE_NAME, "value": "default", "url": site.base_url, "sameSite": "Lax"}]
    )
    site.visit(page, "article-picture")
    assert (theme_of(page), background_of(page)) == ("default", WHITE)
    expect(toggle(page)).to_have_text(TURN_ON)


@pytest.mark.parametrize("width", ["1280", "375"])
@pytest.mark.parametrize("mode", ["high", "more"], ids=["cookie", "prefers-contrast-more"])
def test_every_text_is_at_least_7_to_1_in_high_contrast(site, pool, screenshots, mode, width):
    failures = []
    for page_type in PAGE_TYPES:
        page = pool.page(mode, width)
        site.visit(page, page_type)
        result = page.evaluate(LOW_CONTRAST_TEXT, 7)
        assert result["checked"] > 5, page.url
        failures += [f"{page_type}: {failure}" for failure in result["failures"]]
        if mode == "more":
            screenshots.save(page, f"{page_type}-fr-prefers-contrast-more-{width}")
    assert not failures, "\n".join(failures)


def test_the_contrast_check_bites(new_page):
    page = new_page()
    page.set_content(
        "<body style='background: #000'><p style='color: #777'>Gris sur noir</p>"
        "<p style='color: #fff'>Blanc sur noir</p></body>"
    )
    result = page.evaluate(LOW_CONTRAST_TEXT, 7)
    assert result["checked"] == 2
    assert result["failures"] == ['p. "Gris sur noir": rgb(119,119,119) on rgb(0,0,0) = 4.69:1']


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_forced_colors_mode_stays_accessible(site, pool, screenshots, page_type):
    for width in ("1280", "375"):
        page = pool.page("forced", width)
        site.visit(page, page_type)
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        screenshots.save(page, f"{page_type}-fr-forced-colors-{width}")
        assert_accessible(page)
