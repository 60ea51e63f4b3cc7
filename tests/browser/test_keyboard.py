"""Keyboard use, which axe cannot see: the skip link, focus indicators, target sizes, no traps."""

from __future__ import annotations

from typing import Any

import pytest

SKIP_LINK = {"fr": "Aller au contenu principal", "en": "Skip to main content"}

# What the focused element looks like, read while it has keyboard focus
# (so :focus-visible styles apply). Returns null once focus has left the page.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const seen = el.hasAttribute("data-tab-stop");
  // Numbered in the order Tab reached them, for the reading-order check.
  el.setAttribute("data-tab-stop", String(document.querySelectorAll("[data-tab-stop]").length));
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const px = value => Math.max(0, ...(value.match(/-?[\\d.]+px/g) || []).map(parseFloat));
  const block = el.parentElement.closest(
    "p, li, dd, dt, td, th, figcaption, blockquote, h1, h2, h3, h4, h5, h6, div, section, article");
  const text = s => (s || "").replace(/\\s+/g, " ").trim();
  // WCAG 2.5.8 exempts a link inline in a sentence: it shares its block with other text.
  const inline = el.tagName === "A" && style.display === "inline" && block !== null
    && text(block.innerText) !== text(el.innerText);
  // The colour the ring is drawn on: the first opaque background outside the element.
  let background = "rgb(255, 255, 255)";
  for (let node = el.parentElement; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") { background = bg; break; }
  }
  return {
    seen,
    name: `${el.tagName.toLowerCase()} "${text(el.innerText).slice(0, 60)}"`,
    width: box.width, height: box.height,
    inViewport: box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
    outline: style.outlineStyle !== "none" ? px(style.outlineWidth) : 0,
    outlineColor: style.outlineColor,
    shadow: style.boxShadow !== "none" ? px(style.boxShadow) : 0,
    background,
    inline,
  };
}"""

CONTRAST = """([a, b]) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => rgb(c).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


def tab_through(page):
    """Press Tab until focus leaves the page; every stop, in order. Fails on a trap."""
    limit = page.evaluate("document.querySelectorAll('a[href], button, input, summary').length")
    stops: list[dict[str, Any]] = []
    for _ in range(limit + 5):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            return stops
        assert not stop["seen"], (
            f"focus came back to {stop['name']} without leaving the page: trapped after "
            f"{[s['name'] for s in stops[-3:]]}"
        )
        stops.append(stop)
    pytest.fail(f"focus never left the page after {len(stops)} Tab presses")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site, new_page, locale):
    page = new_page()
    site.visit(page, "article-picture", locale)
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["name"] == f'a "{SKIP_LINK[locale]}"'
    assert skip["inViewport"] and skip["width"] >= 24 and skip["height"] >= 24, skip
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert page.evaluate("location.hash") == "#contenu"
    # The next Tab starts from <main>: the breadcrumb, not the header again.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def focus_problems(page, stops):
    problems = []
    for stop in stops:
        ring = max(stop["outline"], stop["shadow"])
        if ring < 2:
            problems.append(f"{stop['name']}: no focus indicator of 2px or more ({ring}px)")
        elif stop["outline"] >= 2:
            ratio = page.evaluate(CONTRAST, [stop["outlineColor"], stop["background"]])
            if ratio < 3:
                problems.append(
                    f"{stop['name']}: focus ring {stop['outlineColor']} on "
                    f"{stop['background']} is {ratio:.2f}:1, under 3:1"
                )
        if not stop["inViewport"]:
            problems.append(f"{stop['name']}: focused but scrolled out of sight")
        if not stop["inline"] and (stop["width"] < 24 or stop["height"] < 24):
            problems.append(
                f"{stop['name']}: target {stop['width']:.0f}x{stop['height']:.0f}px, under 24x24"
            )
    return problems


# Every control Tab should reach, in document order, with the number the walk gave it
# (`data-tab-stop`, set by FOCUSED). One radio button stands for its group.
TAB_ORDER = """() => {
  const controls = [...document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]")];
  const text = s => (s || "").replace(/\\s+/g, " ").trim();
  const expected = controls.filter(el => {
    if (el.tabIndex < 0 || el.disabled || el.type === "hidden" || el.closest("[inert]")) {
      return false;
    }
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    if (el.type === "radio" && el.name) {
      const group = controls.filter(r => r.type === "radio" && r.name === el.name
                                          && r.form === el.form);
      return el === (group.find(r => r.checked) || group[0]);
    }
    return true;
  });
  return expected.map(el => ({
    name: `${el.tagName.toLowerCase()} "${text(el.innerText || el.name || el.id).slice(0, 60)}"`,
    stop: el.hasAttribute("data-tab-stop") ? Number(el.getAttribute("data-tab-stop")) : null,
    positive: el.tabIndex > 0,
  }));
}"""


def order_problems(page):
    """Controls Tab never reached, and those reached out of reading order."""
    problems = []
    last = -1
    for control in page.evaluate(TAB_ORDER):
        if control["positive"]:
            problems.append(f"{control['name']}: a positive tabindex reorders the page")
        if control["stop"] is None:
            problems.append(f"{control['name']}: never reached with Tab")
        elif control["stop"] < last:
            problems.append(f"{control['name']}: reached out of reading order")
        else:
            last = control["stop"]
    return problems


@pytest.mark.parametrize("width", ["1280", "375"])
@pytest.mark.parametrize("theme", ["default", "high"])
@pytest.mark.parametrize("page_type", ["article-picture", "home"])
def test_every_tab_stop_shows_focus_and_is_big_enough(site, new_page, page_type, theme, width):
    # A fresh page: focus left by an earlier test on a shared one made false traps.
    page = new_page(width, theme)
    site.visit(page, page_type)
    stops = tab_through(page)
    assert len(stops) > 8, [s["name"] for s in stops]
    assert stops[0]["name"] == f'a "{SKIP_LINK["fr"]}"'
    problems = focus_problems(page, stops) + order_problems(page)
    assert not problems, "\n".join(problems)
    # Past the last stop focus goes to the browser; one more Tab wraps to the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")


BAD_PAGE = """<!DOCTYPE html><html lang="fr"><title>t</title>
<style>:focus-visible { outline: 3px solid #0a76f6 } .bare:focus-visible { outline: none }</style>
<p>Un <a href="#a">lien</a> dans une phrase.</p>
<p>Un lien <a class="bare" href="#b">sans anneau</a> ici.</p>
<p><button style="width: 12px; height: 12px; padding: 0">x</button></p>
<p>Et le <a id="last" href="#c">dernier</a>.</p>
<script>
  document.getElementById("last").addEventListener("keydown", event => {
    if (event.key === "Tab") { event.preventDefault(); document.querySelector("a").focus(); }
  });
</script>"""


def test_the_focus_checks_bite(new_page):
    """Proof the walk catches what it should: no ring, a tiny target, a trap."""
    page = new_page()
    page.set_content(BAD_PAGE)
    with pytest.raises(AssertionError, match="trapped"):
        tab_through(page)
    page.set_content(BAD_PAGE.replace('id="last"', 'id="free"'))
    problems = focus_problems(page, tab_through(page))
    assert problems == [
        'a "sans anneau": no focus indicator of 2px or more (0px)',
        'button "x": target 12x12px, under 24x24',
    ], problems


def test_the_order_check_bites(new_page):
    page = new_page()
    page.set_content(
        "<!DOCTYPE html><html lang='fr'><title>t</title>"
        "<p><a href='#a'>premier</a> <a href='#b' tabindex='2'>sauteur</a>"
        " <a href='#c' tabindex='-1'>hors tabulation</a> <button>dernier</button></p>"
    )
    tab_through(page)
    # The positive tabindex takes "sauteur" first, before "premier" that precedes it.
    assert order_problems(page) == [
        'a "sauteur": a positive tabindex reorders the page',
        'a "sauteur": reached out of reading order',
    ]
    page.set_content("<!DOCTYPE html><p><a href='#a'>vu</a> <a href='#b'>oublié</a></p>")
    page.keyboard.press("Tab")
    page.evaluate(FOCUSED)
    assert order_problems(page) == ['a "oublié": never reached with Tab']
