"""Every feed validated against RELAX NG grammars of RSS 2.0, Atom 1.0 and Media RSS.

feedparser forgives almost anything; the grammars in `schemas/` do not. They
are written from the specifications (RFC 4287, the RSS 2.0 and Media RSS
specifications); the rules a grammar cannot express are checked below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.factories import apply, dispatch, jpeg, picture

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
FEEDS = [
    "/flux/{kind}.xml",
    "/flux/rubrique/monde/{kind}.xml",
    "/flux/fournisseur/afp/{kind}.xml",
    "/en/flux/{kind}.xml",
]


def _grammar(kind: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / f"{'rss2' if kind == 'rss' else kind}.rng")))


def _errors(kind: str, document: etree._Element) -> list[str]:
    grammar = _grammar(kind)
    if grammar.validate(document):
        return _rules_beyond_the_grammar(kind, document)
    return [f"line {e.line}: {e.message}" for e in grammar.error_log]


def _rules_beyond_the_grammar(kind: str, document: etree._Element) -> list[str]:
    errors = []
    if kind == "rss":
        for item in document.iter("item"):
            if item.find("title") is None and item.find("description") is None:
                errors.append("an RSS item needs a title or a description")
        return errors
    feed_has_author = document.find(f"{ATOM}author") is not None
    for entry in document.iter(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{ATOM}content") is None and not alternates:
            errors.append("an Atom entry without content needs an alternate link")
        kinds = [(link.get("type"), link.get("hreflang")) for link in alternates]
        if len(kinds) != len(set(kinds)):
            errors.append("two alternate links of the same type and language")
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            errors.append("an entry has no author and the feed none either")
    return errors


@pytest.fixture
def stories(sections, providers):
    apply(dispatch(guid="urn:schema:1", pictures=(picture(),)), {"pictures/one.jpg": jpeg()})
    apply(dispatch(guid="urn:schema:2", provider="BMX", byline="", headline="Sans image"))
    apply(dispatch(guid="urn:schema:3", language="en", headline="Markets <rally> & more"))


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_each_feed_is_valid(client, stories, kind, url):
    response = client.get(url.format(kind=kind))
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    assert _errors(kind, document) == []
    assert document.findall(f".//{MEDIA}content") or "fournisseur" not in url


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_pictures_use_the_media_rss_namespace(client, stories, kind):
    document = etree.fromstring(client.get(f"/flux/{kind}.xml").content)
    content = document.find(f".//{MEDIA}content")
    assert content is not None
    assert content.get("medium") == "image"
    assert (content.get("width"), content.get("height")) == ("1600", "900")
    assert content.findtext(f"{MEDIA}credit") == "AFP / JEANNE MARTIN"
    # The namespace is declared once, on the root, under its usual prefix.
    assert document.nsmap["media"] == MEDIA.strip("{}")


@pytest.mark.parametrize(
    ("kind", "breakage"),
    [
        ("atom", "entry without its id"),
        ("atom", "date without a zone"),
        ("atom", "picture of an unknown medium"),
        ("rss", "item with two guids"),
        ("rss", "picture without an address"),
        ("rss", "date in the wrong format"),
    ],
)
def test_the_grammars_catch_broken_feeds(client, stories, kind, breakage):
    """Each grammar refuses a feed with one mistake a reader's software would trip on."""
    document = etree.fromstring(client.get(f"/flux/{kind}.xml").content)
    entry = document.find(f".//{ATOM}entry") if kind == "atom" else document.find(".//item")
    if breakage == "entry without its id":
        entry.remove(entry.find(f"{ATOM}id"))
    elif breakage == "date without a zone":
        entry.find(f"{ATOM}updated").text = "2026-11-20T13:15:00"
    elif breakage == "picture of an unknown medium":
        document.find(f".//{MEDIA}content").set("medium", "picture")
    elif breakage == "item with two guids":
        entry.append(etree.fromstring('<guid isPermaLink="false">urn:x:1</guid>'))
    elif breakage == "picture without an address":
        del document.find(f".//{MEDIA}content").attrib["url"]
    elif breakage == "date in the wrong format":
        entry.find("pubDate").text = "2026-11-20 13:15"
    assert _errors(kind, document) != []


def test_the_rules_beyond_the_grammar_bite(client, stories):
    document = etree.fromstring(client.get("/flux/atom.xml").content)
    entry = document.find(f"{ATOM}entry")
    entry.remove(entry.find(f"{ATOM}author"))
    for link in entry.findall(f"{ATOM}link"):
        entry.remove(link)
    assert _errors("atom", document) == [
        "an Atom entry without content needs an alternate link",
        "an entry has no author and the feed none either",
    ]
