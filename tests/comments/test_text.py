"""A comment's text: paragraphs and links are the only markup, everything else is text."""

from __future__ import annotations

from bs4 import BeautifulSoup

from manchette.comments.text import normalise, render


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(str(render(text)), "html.parser")


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    html = soup("Premier paragraphe,\nsur deux lignes.\n\n\nSecond paragraphe.")
    paragraphs = html.find_all("p")
    assert [p.get_text() for p in paragraphs] == [
        "Premier paragraphe,sur deux lignes.",
        "Second paragraphe.",
    ]
    assert len(paragraphs[0].find_all("br")) == 1


def test_markup_typed_by_a_reader_is_shown_as_text():
    html = soup('<b>gras</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>')
    assert html.find_all(["b", "img", "script"]) == []
    assert html.get_text() == '<b>gras</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>'


def test_web_addresses_become_links_marked_as_user_content():
    html = soup("Source : https://example.org/rapport?annee=2026&page=2 et http://exemple.fr.")
    links = html.find_all("a")
    assert [a["href"] for a in links] == [
        "https://example.org/rapport?annee=2026&page=2",
        "http://exemple.fr",
    ]
    assert all(a["rel"] == ["nofollow", "ugc", "noopener"] for a in links)
    assert html.get_text().endswith("http://exemple.fr.")


def test_a_parenthesis_belongs_to_the_link_only_when_opened_inside_it():
    html = soup("(voir https://fr.wikipedia.org/wiki/Paris_(ville)) et (https://example.org)")
    assert [a["href"] for a in html.find_all("a")] == [
        "https://fr.wikipedia.org/wiki/Paris_(ville)",
        "https://example.org",
    ]


def test_only_http_and_https_addresses_are_linked():
    html = soup("javascript:alert(1) data:text/html,<b>x</b> ftp://example.org www.example.org")
    assert html.find_all("a") == []


def test_a_quote_ends_the_address_so_it_cannot_open_an_attribute():
    html = soup('https://example.org/"onmouseover="alert(1)')
    (link,) = html.find_all("a")
    assert link["href"] == "https://example.org/"
    assert set(link.attrs) == {"href", "rel"}


def test_invisible_direction_overrides_are_dropped():
    assert normalise("\u202eabc\u202c\u200b def \ufeff") == "abc def"


def test_line_ends_are_stored_as_newlines():
    assert normalise("  un\r\ndeux\rtrois  ") == "un\ndeux\ntrois"
