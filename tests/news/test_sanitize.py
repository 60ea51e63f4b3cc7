"""Wire HTML keeps its structure and loses anything that could run."""

import pytest

from manchette.news.sanitize import plain_text, sanitise_body


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onmouseover="alert(1)">x</p>',
        "<iframe src=https://evil.example></iframe>",
        '<svg onload="alert(1)"></svg>',
        "<style>body{display:none}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<object data=x></object><embed src=x>",
    ],
)
def test_nothing_executable_survives(hostile):
    cleaned = sanitise_body(f"<p>avant</p>{hostile}<p>après</p>").lower()
    for marker in (
        "<script",
        "onerror",
        "onload",
        "onmouseover",
        "javascript:",
        "data:",
        "<iframe",
        "<svg",
        "<style",
        "style=",
        "<object",
        "<embed",
        "alert(1)",
    ):
        assert marker not in cleaned
    assert "<p>avant</p>" in cleaned and "<p>après</p>" in cleaned


def test_structure_is_kept():
    html = (
        "<p>Un <strong>paragraphe</strong> avec <em>emphase</em>.</p>"
        "<h2>Une rencontre à Vladivostok ?</h2>"
        "<blockquote><p>Citation</p></blockquote>"
        "<ul><li>un</li><li>deux</li></ul><ol><li>trois</li></ol>"
        '<p><a href="https://example.org/rapport">le rapport</a></p>'
    )
    cleaned = sanitise_body(html)
    for kept in (
        "<strong>paragraphe</strong>",
        "<em>emphase</em>",
        "<h2>Une rencontre à Vladivostok ?</h2>",
        "<blockquote><p>Citation</p></blockquote>",
        "<ul><li>un</li><li>deux</li></ul>",
        "<ol><li>trois</li></ol>",
        'href="https://example.org/rapport"',
    ):
        assert kept in cleaned


def test_wire_h1_becomes_a_subheading_so_the_headline_stays_the_only_h1():
    assert sanitise_body("<h1>Titre</h1><p>x</p>") == "<h2>Titre</h2><p>x</p>"


def test_links_are_safe_to_follow():
    cleaned = sanitise_body('<a href="https://example.org" target="_blank">x</a>')
    assert 'rel="noopener noreferrer"' in cleaned
    assert "target" not in cleaned


def test_wrappers_and_empty_paragraphs_are_dropped():
    cleaned = sanitise_body('<div><span style="color:red">texte</span></div><p>&nbsp;</p><p> </p>')
    assert cleaned == "texte"


def test_plain_text_separates_blocks_and_decodes_entities():
    assert plain_text("<p>L&#39;une</p><p>l&rsquo;autre&nbsp;!</p>") == "L'une l’autre !"
