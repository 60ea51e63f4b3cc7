"""Page rules axe cannot judge: languages of parts, picture texts, link names, reflow."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import LOCALES, PAGE_TYPES

LISTINGS = ("home", "section", "provider")
READ_MORE = {"fr": "Lire la suite", "en": "Read more"}

LANG_OF = "(el) => el.closest('[lang]').getAttribute('lang')"
# The language of each text node under an element that contains `text`.
TEXT_LANGS = """(el, text) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const langs = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.data.includes(text)) langs.push(n.parentElement.closest("[lang]").getAttribute("lang"));
  }
  return langs;
}"""


def test_every_page_says_its_language(site, pool):
    page = pool.page()
    wrong = []
    for locale in LOCALES:
        for page_type in PAGE_TYPES:
            site.visit(page, page_type, locale)
            lang = page.evaluate("document.documentElement.lang")
            if lang != locale:
                wrong.append(f"{page.url}: <html lang={lang!r}>")
    assert not wrong, "\n".join(wrong)


def test_an_english_story_on_the_french_page_is_marked_english(site, pool):
    page = pool.page()
    site.visit(page, "article-english")
    assert page.evaluate("document.documentElement.lang") == "fr"
    article = page.locator("main article")
    for part in ("h1", ".standfirst", ".article-body"):
        assert article.locator(part).evaluate(LANG_OF) == "en", part
    # The site's own words around it stay French.
    for part in (".provider-line", ".timestamp"):
        assert article.locator(part).evaluate(LANG_OF) == "fr", part


def test_an_english_picture_on_the_french_page_is_marked_english(site, pool):
    page = pool.page()
    site.visit(page, "article-english")
    figure = page.locator("main article figure")
    assert figure.locator("figcaption").evaluate(LANG_OF) == "en"
    assert figure.locator("img").evaluate(LANG_OF) == "en"  # its alt text


@pytest.mark.parametrize("page_type", LISTINGS)
def test_an_english_teaser_on_a_french_listing_is_marked_english(site, pool, page_type):
    page = pool.page()
    site.visit(page, page_type)
    headline = site.english.headline
    teasers = page.locator("article.teaser").filter(has_text=headline)
    if page_type == "provider":  # the English story is AFP's, not Boursorama's
        assert teasers.count() == 0
        return
    teaser = teasers.first
    assert teaser.evaluate(LANG_OF) == "en"
    assert teaser.get_by_role("link", name=headline, exact=True).evaluate(LANG_OF) == "en"
    assert teaser.locator(".teaser__excerpt").evaluate(LANG_OF) == "en"
    assert teaser.locator(".teaser__meta").evaluate(LANG_OF) == "fr"
    assert teaser.locator("a.read-more").evaluate(LANG_OF) == "fr"


@pytest.mark.parametrize("page_type", ["home", "section"])
def test_the_english_headline_inside_read_more_is_marked_english(site, pool, page_type):
    page = pool.page()
    site.visit(page, page_type)
    headline = site.english.headline
    read_more = page.get_by_role("link", name=f"Lire la suite : {headline}", exact=True)
    langs = read_more.evaluate(TEXT_LANGS, headline)
    assert langs == ["en"], langs


PICTURES = """() => ({
  images: [...document.images].map(img => {
    const caption = img.closest("figure")?.querySelector(":scope > figcaption");
    return {
      file: (img.currentSrc || img.src).split("?")[0].split("/").pop(),
      alt: img.getAttribute("alt"),
      caption: caption ? caption.textContent : null,
      captionWithoutCredit: caption ? [...caption.childNodes]
        .filter(n => !(n.nodeType === 1 && n.classList.contains("credit")))
        .map(n => n.textContent).join("") : null,
    };
  }),
  // A caption belongs to the <figure> holding its picture, as a direct child.
  strayCaptions: [...document.querySelectorAll("figcaption")]
    .filter(c => !c.parentElement.matches("figure") || !c.parentElement.querySelector("img"))
    .map(c => c.textContent.trim()),
})"""


def _normal(text):
    return " ".join((text or "").split()).casefold()


def picture_problems(found):
    problems = [f"caption outside its picture's <figure>: {c!r}" for c in found["strayCaptions"]]
    for image in found["images"]:
        if image["alt"] is None:
            problems.append(f"{image['file']}: no alt attribute")
            continue
        alt = _normal(image["alt"])
        if alt and alt in {_normal(image["file"]), _normal(image["file"].rsplit(".", 1)[0])}:
            problems.append(f"{image['file']}: the alt text is the file name")
        captions = {_normal(image["caption"]), _normal(image["captionWithoutCredit"])}
        if alt and image["caption"] is not None and alt in captions:
            problems.append(f"{image['file']}: the alt text repeats the caption")
    return problems


@pytest.mark.parametrize("locale", LOCALES)
def test_pictures_have_real_alternative_texts_and_captions_in_their_figure(site, pool, locale):
    page = pool.page()
    problems = []
    pictures = 0
    for page_type in PAGE_TYPES:
        site.visit(page, page_type, locale)
        found = page.evaluate(PICTURES)
        pictures += len(found["images"])
        problems += [f"{page_type}: {problem}" for problem in picture_problems(found)]
    assert pictures >= 4
    assert not problems, "\n".join(problems)


def test_the_picture_checks_bite(new_page):
    page = new_page()
    page.set_content(
        "<figure><img src='/media/pictures/port-de-brest.jpg' alt='port-de-brest'></figure>"
        "<figure><img src='/a.jpg' alt='Le port.'><figcaption>Le port. <span class='credit'>"
        "( AFP )</span></figcaption></figure>"
        "<img src='/b.jpg'><figure><figcaption>Seule</figcaption></figure>"
    )
    assert picture_problems(page.evaluate(PICTURES)) == [
        "caption outside its picture's <figure>: 'Seule'",
        "port-de-brest.jpg: the alt text is the file name",
        "a.jpg: the alt text repeats the caption",
        "b.jpg: no alt attribute",
    ]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("page_type", LISTINGS)
def test_every_read_more_link_names_its_article(site, pool, page_type, locale):
    page = pool.page()
    site.visit(page, page_type, locale)
    headlines = page.locator("article.teaser .teaser__title").all_inner_texts()
    assert len(headlines) >= 5
    for headline in headlines:
        name = f"{READ_MORE[locale]} : {headline.strip()}"
        assert page.get_by_role("link", name=name, exact=True).count() == 1, name
    every = page.get_by_role("link", name=re.compile(f"^{READ_MORE[locale]}"))
    assert every.count() == len(headlines)


# Text at 200% (WCAG 1.4.4) and a 320 CSS px wide window (1.4.10): nothing scrolls sideways.
OVERFLOW = """() => {
  const root = document.documentElement;
  const edge = root.clientWidth + 1;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll("*")].filter(el => {
    const box = el.getBoundingClientRect();
    return el.checkVisibility() && (box.right > edge || box.left + el.scrollWidth > edge);
  });
  // The innermost culprits: their ancestors only overflow because of them.
  const culprits = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  const names = culprits.map(el => `${el.tagName.toLowerCase()}.${el.className}`);
  return `${root.scrollWidth}px wide in ${root.clientWidth}px: ${names.slice(0, 6).join(", ")}`;
}"""


@pytest.mark.parametrize("locale", LOCALES)
def test_nothing_scrolls_sideways(site, new_page, locale):
    page = new_page("1280")
    problems = []
    for page_type in PAGE_TYPES:
        site.visit(page, page_type, locale)
        # 1.4.4 at a desktop width, 1.4.10 at 320 px, then both at once.
        for width, text_size in ((1280, "200%"), (320, "100%"), (320, "200%")):
            page.set_viewport_size({"width": width, "height": 640})
            page.evaluate(
                "(size) => { document.documentElement.style.fontSize = size; }", text_size
            )
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"{page_type} at {width}px, text {text_size}: {overflow}")
        page.set_viewport_size({"width": 1280, "height": 800})
    assert not problems, "\n".join(problems)


def test_the_overflow_check_bites(new_page):
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.set_content("<p>Court</p><pre class='large'>" + "x" * 200 + "</pre>")
    assert "in 320px: pre.large" in page.evaluate(OVERFLOW)
