"""The RSS / Atom parser: the real feeds first, then one small case per rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manchette.wires.dispatch import Dispatch, ParseError, Picture, Rendition, Subject
from manchette.wires.formats import feeds
from tests.wires.fuzzing import mutated, survives

RSS_FILES = (
    "NOT_A_FEED_html_document_moved.rss",
    "content_encoded.rss",
    "encoding_iso8859-1_declared.rss",
    "fp_double_encoded_entities.xml",
    "fp_illformed_incomplete_cdata.xml",
    "fp_illformed_link_ampersands_unclosed.xml",
    "fp_illformed_undeclared_namespace.xml",
    "fp_media_group_credits.xml",
    "fp_windows1252_bytes_in_utf8.xml",
    "guardian_rss_media_content_credit.rss",
    "heise_atom_de.atom",
    "uol_noticias_latin1_no_xml_decl.rss",
    "wenn_agency_atom.xml",
)

# Files refused as a whole, and why (the line numbers are those of the file as sent).
REFUSED = {
    "NOT_A_FEED_html_document_moved.rss": (
        "not a well-formed feed: junk after document element at line 2, column 0"
    ),
    "fp_illformed_incomplete_cdata.xml": (
        "not a well-formed feed: XML or text declaration not at start of entity at line 5, column 0"
    ),
    "fp_illformed_link_ampersands_unclosed.xml": (
        "not a well-formed feed: unclosed token at line 12, column 0"
    ),
    "fp_illformed_undeclared_namespace.xml": (
        "not a well-formed feed: unbound prefix at line 8, column 0"
    ),
    # feedparser's own test files: items with neither guid nor link nor date.
    "fp_double_encoded_entities.xml": "entry 1: no guid, id or link",
    "fp_media_group_credits.xml": "entry 1: no guid, id or link",
    "fp_windows1252_bytes_in_utf8.xml": "entry 1: no guid, id or link",
}

WHEN = "Tue, 10 Jun 2003 04:00:00 GMT"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def rss(items: str, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Wire</title><link>http://example.org/</link>{channel}{items}"
        "</channel></rss>"
    ).encode()


def item(body: str, guid: str = "urn:x:1", date: str = WHEN, title: str = "A title") -> str:
    return f"<item><guid>{guid}</guid><title>{title}</title><pubDate>{date}</pubDate>{body}</item>"


def atom(entries: str, feed: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<title>Wire</title><id>urn:feed</id><updated>2024-03-01T10:00:00Z</updated>{feed}"
        f"{entries}</feed>"
    ).encode()


def parse_one(data: bytes) -> Dispatch:
    dispatches = feeds.parse(data)
    assert len(dispatches) == 1
    return dispatches[0]


# --- the real files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rss_dir(wire_fixtures: Path) -> Path:
    return wire_fixtures / "rss"


def parse_file(folder: Path, name: str) -> list[Dispatch]:
    return feeds.parse((folder / name).read_bytes())


def test_every_fixture_is_covered_here(rss_dir: Path) -> None:
    # A file added to the corpus must get its own expectations below.
    assert sorted(p.name for p in rss_dir.iterdir()) == sorted(RSS_FILES)


@pytest.mark.parametrize(("name", "reason"), sorted(REFUSED.items()))
def test_broken_fixtures_are_refused_with_their_reason(
    rss_dir: Path, name: str, reason: str
) -> None:
    with pytest.raises(ParseError) as refusal:
        parse_file(rss_dir, name)
    assert str(refusal.value) == reason


@pytest.mark.parametrize("name", sorted(set(RSS_FILES) - set(REFUSED)))
def test_every_good_fixture_parses(rss_dir: Path, name: str) -> None:
    dispatches = parse_file(rss_dir, name)
    assert dispatches
    assert len({d.guid for d in dispatches}) == len(dispatches)
    for dispatch in dispatches:
        assert dispatch.guid
        assert dispatch.headline
        assert dispatch.version == ""
        assert not dispatch.version_is_ordinal
        assert dispatch.version_created.tzinfo is not None
        assert dispatch.provider == ""  # none of them names a publisher


def test_guardian_media_content_with_credit(rss_dir: Path) -> None:
    stories = parse_file(rss_dir, "guardian_rss_media_content_credit.rss")
    assert len(stories) == 55
    first = stories[0]
    assert first.guid == (
        "https://www.theguardian.com/us-news/2018/jan/31/"
        "donald-trump-state-of-the-union-address-unity-discord"
    )
    assert first.source_format == "rss-2.0"
    assert (
        first.headline == "Trump State of the Union address promised unity but emphasized discord"
    )
    assert first.version_created == utc(2018, 1, 31, 7, 26, 5)
    assert first.first_created == utc(2018, 1, 31, 7, 26, 5)
    assert first.byline == "David Smith in Washington"
    assert first.language == "en-gb"
    assert first.standfirst == ""  # no content:encoded: the description is the body
    assert first.body_html.startswith(
        "<p>The president’s ‘new American moment’ speech stirred Republican applause"
    )
    assert first.body_html.endswith(">Continue reading...</a>")
    assert [s.code for s in first.subjects] == [
        "Donald Trump",
        "State of the Union address",
        "US news",
        "US politics",
        "Democrats",
        "Republicans",
        "US Congress",
    ]
    assert first.extra == {}  # the guid is the link
    # Two widths of one picture are one picture; "Photograph:" is a label, not a name.
    image = (
        "https://i.guim.co.uk/img/media/b73c8752cd4667c923dff7f1542f1fb20089e421/"
        "0_108_3000_1799/master/3000.jpg"
    )
    assert first.pictures == (
        Picture(
            renditions=(
                Rendition(
                    href=f"{image}?w=460&q=55&auto=format&usm=12&fit=max"
                    "&s=a606a273a90104e57b1e09bc4c0a1e11",
                    width=460,
                ),
                Rendition(
                    href=f"{image}?w=140&q=55&auto=format&usm=12&fit=max"
                    "&s=0a4f729a1784060437ae689bc8d26534",
                    width=140,
                ),
            ),
            credit="Networ/Sipa USA/REX/Shutterstock",
        ),
    )
    # Largest first, so that the master copy is the 460 pixel file.
    assert first.pictures[0].best_rendition() == first.pictures[0].renditions[0]
    # Each item keeps its own credit (feedparser would pool them).
    assert stories[1].pictures[0].credit == "POOL/Reuters"
    assert all(len(s.pictures) == 1 and len(s.pictures[0].renditions) == 2 for s in stories)
    last = stories[-1]
    assert last.headline == "Earth's ultimate yogis – in pictures"
    assert last.version_created == utc(2018, 1, 31, 7, 0, 20)


def test_content_encoded_is_the_body(rss_dir: Path) -> None:
    stories = parse_file(rss_dir, "content_encoded.rss")
    assert len(stories) == 7
    first = stories[0]
    assert first.guid == "https://medium.com/p/125af37d838f"
    assert first.extra == {
        "link": "https://medium.com/invironment/the-creative-forager-125af37d838f"
        "?source=rss----d12c403d4976--food"
    }
    assert first.headline == "THE CREATIVE FORAGER"
    assert first.byline == "Jeremy Puma"
    # atom:updated is the version time, pubDate the first publication.
    assert first.version_created == utc(2018, 4, 9, 19, 39, 12)
    assert first.first_created == utc(2018, 4, 9, 18, 55, 38)
    assert first.body_html.startswith("<h4>Using Wild Ingredients in the\xa0Kitchen</h4><figure>")
    assert len(first.body_html) == 4138
    # The item has no description: feedparser's copy of the content is no standfirst.
    assert first.standfirst == ""
    assert [s.code for s in first.subjects] == [
        "plants",
        "environment",
        "nature",
        "foraging",
        "food",
    ]
    assert first.subjects[0] == Subject(code="plants", name="plants")
    # <webMaster> is an address, not a publisher.
    assert {s.provider for s in stories} == {""}
    assert stories[2].byline == "Thuận Sarzynski"
    assert stories[4].headline == "Lamb’s Quarter: My Favorite Wild Green."
    assert stories[4].first_created == utc(2017, 12, 16, 5, 31, 15)
    assert stories[4].version_created == utc(2018, 2, 3, 22, 53, 17)


def test_declared_iso_8859_1(rss_dir: Path) -> None:
    stories = parse_file(rss_dir, "encoding_iso8859-1_declared.rss")
    assert len(stories) == 40
    first = stories[0]
    assert first.headline == "Mãe de utente é a nova presidente da Raríssimas"
    assert first.guid == (
        "http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/"
        "sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html"
    )
    assert first.language == "pt-pt"
    assert first.version_created == utc(2018, 1, 3, 13, 47)
    assert first.subjects == (Subject(code="Nacional", name="Nacional"),)
    # A bare run of text becomes a paragraph.
    assert first.body_html.startswith(
        "<p>Sónia Laygue, profissional na área da Recursos Humanos e mãe de uma criança"
    )
    assert first.body_html.endswith("</p>")
    assert stories[-1].headline == "Lisboa quer passes sociais com acesso a táxis e bicicletas"
    assert stories[-1].version_created == utc(2018, 1, 3, 0, 25)


def test_heise_atom_with_summary_and_content(rss_dir: Path) -> None:
    stories = parse_file(rss_dir, "heise_atom_de.atom")
    assert len(stories) == 15
    first = stories[0]
    assert first.source_format == "atom-1.0"
    assert first.guid == "http://heise.de/-3088438"
    assert first.headline == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert first.version_created == utc(2016, 2, 1, 16, 54, 50)  # 17:54:50+01:00
    assert first.first_created == utc(2016, 2, 1, 16, 22)
    assert first.standfirst == (
        "Die nun verfügbare Version 10 des Enterprise-Java-Servers stellt die Basis für Red Hats "
        "kommerzielle JBoss Enterprise Application Platform 7 ist zugleich das dritte größere "
        "Release seit dem Namenswechsel des Open-Source-Projekts."
    )
    assert first.body_html.startswith(
        '<a href="http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-'
    )
    assert "<p>Die nun verfügbare Version 10" in first.body_html
    # The feed's <author> (heise online) is an author, not a declared publisher.
    assert first.provider == ""
    assert first.byline == ""
    assert first.language == ""  # the feed declares none
    assert stories[-1].guid == "http://heise.de/-3086458"
    assert stories[-1].headline == "Apache Software Foundation bekommt ein neues Logo"


def test_uol_latin_1_without_declaration_parses_after_the_charset_override(
    rss_dir: Path,
) -> None:
    data = (rss_dir / "uol_noticias_latin1_no_xml_decl.rss").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    stories = feeds.parse(data)
    assert len(stories) == 15
    first = stories[0]
    assert first.source_format == "rss"  # <rss> without a version attribute
    assert first.headline == (
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"
    )
    # No <guid>: the link is the identity.
    assert first.guid == (
        "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/"
        "ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm"
    )
    # "Seg, 24 Set 2018 19:42:40 -0300": a Portuguese RFC 822 date.
    brasilia = timezone(timedelta(hours=-3))
    assert first.version_created == datetime(2018, 9, 24, 19, 42, 40, tzinfo=brasilia)
    assert first.first_created == first.version_created
    assert "Líder na pesquisa Ibope de intenção de voto" in first.body_html
    assert first.language == ""  # <language></language>
    assert stories[1].body_html == ""  # an empty <description>
    assert stories[-1].version_created == datetime(2018, 9, 24, 19, 18, 49, tzinfo=brasilia)


def test_wenn_agency_atom(rss_dir: Path) -> None:
    stories = parse_file(rss_dir, "wenn_agency_atom.xml")
    assert [s.guid for s in stories] == [
        "urn:feed-wenn-com:newsfeedarticle:2:2222:1",
        "urn:feed-wenn-com:newsfeedarticle:2:2222:3",
    ]
    first = stories[0]
    assert first.headline == "Suge Knight involved in fatal hit and run incident"
    assert first.version_created == utc(2015, 1, 30, 0, 33, 6)
    assert first.first_created is None  # no <published>
    assert first.language == "en"  # xml:lang on the feed
    # Atom content of type "text" is escaped into a paragraph; WENN's own
    # wenn_cm:body extension is not read.
    assert first.body_html == "<p>This is body content1.</p>"
    assert first.standfirst == ""
    assert first.subjects == (Subject(code="Music", name="Music"),)
    assert first.provider == ""  # the feed author "WENN Newsdesk" is not a publisher
    assert first.extra == {}  # the link is the id


@pytest.mark.parametrize("name", RSS_FILES)
def test_looks_like_routes_every_feed_fixture_here(rss_dir: Path, name: str) -> None:
    # Malformed feeds too: they must reach this parser to be refused with its reason.
    expected = name != "NOT_A_FEED_html_document_moved.rss"
    assert feeds.looks_like((rss_dir / name).read_bytes()) is expected


def test_looks_like_sniffs_the_root_element() -> None:
    assert feeds.looks_like(rss(""))
    assert feeds.looks_like(atom(""))
    assert feeds.looks_like(
        b'<?xml version="1.0"?><!-- c --><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>'
    )
    assert not feeds.looks_like(b"<feed><entry/></feed>")  # not the Atom namespace
    assert not feeds.looks_like(b'<?xml version="1.0"?><nitf><head/></nitf>')
    assert not feeds.looks_like(b'{"items": []}')
    assert not feeds.looks_like(b"")


# --- safety and well-formedness ------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b'<rss version="2.0"><channel><item><guid>&lol2;</guid></item></channel></rss>',
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>',
        # Malformed as well: the refusal comes first, feedparser never sees it.
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&xxe;</title></item>",
    ],
)
def test_entity_declarations_are_refused(hostile: bytes) -> None:
    with pytest.raises(ParseError, match=r"^XML with entity declarations is refused"):
        feeds.parse(hostile)


def test_bytes_are_never_taken_for_a_file_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss(item("")))
    with pytest.raises(ParseError, match="not a well-formed feed"):
        feeds.parse(str(secret).encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (rss(""), r"^feed has no entries$"),
        (atom(""), r"^feed has no entries$"),
        (b"<html><body><p>Moved</p></body></html>", r"^not an RSS or Atom feed \(root .*<html>"),
        (b"<rss version='2.0'><channel><item></channel></rss>", r"^not a well-formed feed: "),
        (b"", r"Document is empty"),
        (
            b'<CHANNEL HREF="http://example.org/"><ITEM HREF="http://example.org/1">'
            b"<TITLE>Channel Definition Format</TITLE></ITEM></CHANNEL>",
            r"^not an RSS or Atom feed \(root element <CHANNEL>\)$",
        ),
    ],
)
def test_what_is_not_a_feed_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        feeds.parse(data)


def test_an_entry_error_names_the_entry() -> None:
    data = rss(item("", guid="a") + "<item><title>No identity</title></item>")
    with pytest.raises(ParseError, match=r"^entry 2: no guid, id or link$"):
        feeds.parse(data)


def test_an_undated_entry_is_refused() -> None:
    with pytest.raises(ParseError, match=r"^entry 1: no date \(updated or published\)$"):
        feeds.parse(rss("<item><guid>a</guid><title>T</title></item>"))
    with pytest.raises(ParseError, match=r"^entry 1: unreadable published date 'someday'$"):
        feeds.parse(rss(item("", date="someday")))


# --- words -------------------------------------------------------------------------


def test_atom_with_summary_and_html_content() -> None:
    entry = (
        "<entry><id>urn:x:1</id><title type='html'>&lt;b&gt;Bold&lt;/b&gt; move</title>"
        "<updated>2024-03-01T11:00:00+01:00</updated><published>2024-03-01T09:00:00Z</published>"
        "<author><name>Ann Writer</name></author><author><name>Bob Writer</name></author>"
        "<summary type='text'>A short summary &amp; more.</summary>"
        "<content type='html'>&lt;p&gt;The body.&lt;/p&gt;</content>"
        "<link rel='alternate' href='http://example.org/1'/></entry>"
    )
    story = parse_one(
        atom(
            entry,
            feed="<dc:publisher xmlns:dc='http://purl.org/dc/elements/1.1/'>"
            "Agence Exemple</dc:publisher>",
        )
    )
    assert story.headline == "Bold move"
    assert story.standfirst == "A short summary & more."
    assert story.body_html == "<p>The body.</p>"
    assert story.version_created == utc(2024, 3, 1, 10)
    assert story.first_created == utc(2024, 3, 1, 9)
    assert story.byline == "Ann Writer, Bob Writer"
    assert story.provider == "Agence Exemple"
    assert story.source_format == "atom-1.0"
    assert story.extra == {"link": "http://example.org/1"}


def test_atom_xhtml_content_and_language() -> None:
    entry = (
        "<entry xml:lang='fr'><id>urn:x:1</id><title>Titre</title>"
        "<updated>2024-03-01T10:00:00Z</updated>"
        "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>Corps</p></div>"
        "</content></entry>"
    )
    story = parse_one(atom(entry))
    assert "<p>Corps</p>" in story.body_html
    assert story.language == "fr"


def test_plain_text_content_is_escaped_into_paragraphs() -> None:
    entry = (
        "<entry><id>urn:x:1</id><title>T</title><updated>2024-03-01T10:00:00Z</updated>"
        "<content type='text'>a &lt; b\n\nsecond</content></entry>"
    )
    assert parse_one(atom(entry)).body_html == "<p>a &lt; b</p><p>second</p>"


def test_rss_content_encoded_makes_the_description_a_standfirst() -> None:
    story = parse_one(
        rss(
            item(
                "<description>&lt;p&gt;Short &lt;em&gt;teaser&lt;/em&gt;&lt;/p&gt;</description>"
                "<content:encoded><![CDATA[<p>Full <em>text</em>.</p>]]></content:encoded>"
                "<dc:creator>Jane Doe</dc:creator>",
            )
        )
    )
    assert story.standfirst == "Short teaser"
    assert story.body_html == "<p>Full <em>text</em>.</p>"
    assert story.byline == "Jane Doe"
    assert story.version_created == story.first_created == utc(2003, 6, 10, 4)


def test_an_rss_author_address_is_not_a_byline() -> None:
    story = parse_one(rss(item("<author>jane@example.org</author>")))
    assert story.byline == ""
    named = parse_one(rss(item("<author>jane@example.org (Jane Doe)</author>")))
    assert named.byline == "Jane Doe"


def test_an_untitled_item_takes_its_headline_from_the_description() -> None:
    story = parse_one(
        rss(
            f"<item><guid>g</guid><pubDate>{WHEN}</pubDate><description>Don\u0092t</description></item>"
        )
    )
    # A C1 control is the Windows-1252 character it stands for (feedparser).
    assert story.headline == "Don’t"
    assert story.body_html == "<p>Don’t</p>"


def test_double_encoded_utf8_is_mended_by_feedparser() -> None:
    # fp_double_encoded_entities.xml's description, in an item with an identity.
    story = parse_one(rss(item("<description>&#226;&#128;&#166;</description>")))
    assert story.body_html == "<p>…</p>"


def test_an_entry_with_no_words_at_all_is_refused() -> None:
    with pytest.raises(ParseError, match="no title, and no text"):
        feeds.parse(rss(f"<item><guid>g</guid><pubDate>{WHEN}</pubDate></item>"))


def test_feed_language_applies_to_its_items() -> None:
    story = parse_one(rss(item(""), channel="<language>de-DE</language>"))
    assert story.language == "de-DE"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Seg, 24 Set 2018 19:42:40 -0300", datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)),
        ("Mi, 07 Okt 2015 13:41:00 +0200", datetime(2015, 10, 7, 11, 41, tzinfo=UTC)),
        ("mer., 7 juil. 2021 08:00 GMT", datetime(2021, 7, 7, 8, 0, tzinfo=UTC)),
        ("7 juin 21 08:00 EST", datetime(2021, 6, 7, 13, 0, tzinfo=UTC)),
    ],
)
def test_rfc822_dates_in_other_languages(date: str, expected: datetime) -> None:
    assert parse_one(rss(item("", date=date))).version_created == expected


# --- publisher -----------------------------------------------------------------------


def test_only_a_declared_publisher_is_the_provider() -> None:
    channel = (
        "<dc:publisher>Agence Exemple</dc:publisher>"
        "<webMaster>web@example.org (Web Master)</webMaster>"
        "<managingEditor>ed@example.org (Ed)</managingEditor>"
    )
    assert parse_one(rss(item(""), channel=channel)).provider == "Agence Exemple"
    no_publisher = channel.split("</dc:publisher>")[1]
    assert parse_one(rss(item(""), channel=no_publisher)).provider == ""
    # An aggregator names each item's publisher.
    relayed = item("<dc:publisher>Other Agency</dc:publisher>")
    assert parse_one(rss(relayed, channel=channel)).provider == "Other Agency"


# --- subjects ------------------------------------------------------------------------


def test_categories_keep_their_term_and_iptc_codes_are_normalised() -> None:
    categories = (
        '<category domain="http://cv.iptc.org/newscodes/mediatopic/">04000000</category>'
        '<category domain="https://www.theguardian.com/world">World news</category>'
        "<category>http://cv.iptc.org/newscodes/subjectcode/15000000</category>"
        '<category domain="http://cv.iptc.org/newscodes/mediatopic">medtop:20000002</category>'
        "<category>World news</category>"
    )
    story = parse_one(rss(item(categories)))
    assert story.subjects == (
        Subject(code="medtop:04000000"),
        Subject(code="World news", name="World news"),
        Subject(code="subj:15000000"),
        Subject(code="medtop:20000002"),
    )


def test_atom_category_labels_are_names() -> None:
    entry = (
        "<entry><id>urn:x:1</id><title>T</title><updated>2024-03-01T10:00:00Z</updated>"
        "<category term='http://cv.iptc.org/newscodes/mediatopic/11000000' label='politics'/>"
        "</entry>"
    )
    assert parse_one(atom(entry)).subjects == (Subject(code="medtop:11000000", name="politics"),)


# --- pictures ------------------------------------------------------------------------


def test_media_content_with_credit_and_caption() -> None:
    body = (
        '<media:content url="http://img.example.org/a.jpg" medium="image" width="1200"'
        ' height="800" type="image/jpeg">'
        "<media:credit role='photographer' scheme='urn:ebu'>Photo: Jane Doe/AFP</media:credit>"
        "<media:description type='html'>The &lt;b&gt;harbour&lt;/b&gt; at dawn</media:description>"
        "<media:thumbnail url='http://img.example.org/a_t.jpg' width='120' height='80'/>"
        "</media:content>"
        "<description>The item's own summary</description>"
    )
    story = parse_one(rss(item(body)))
    assert story.pictures == (
        Picture(
            renditions=(
                Rendition(
                    href="http://img.example.org/a.jpg",
                    width=1200,
                    height=800,
                    mime_type="image/jpeg",
                ),
                Rendition(
                    href="http://img.example.org/a_t.jpg",
                    name="thumbnail",
                    width=120,
                    height=80,
                ),
            ),
            caption="The harbour at dawn",
            credit="Jane Doe/AFP",
        ),
    )
    # feedparser would have made the caption the item's summary.
    assert story.body_html == "<p>The item's own summary</p>"


def test_media_group_is_one_picture_with_group_words() -> None:
    body = (
        "<media:group>"
        "<media:content url='http://x.org/big.jpg' medium='image' width='1600' height='900'/>"
        "<media:content url='http://x.org/small.jpg' type='image/jpeg' width='400'/>"
        "<media:content url='http://x.org/clip.mp4' medium='video'/>"
        "<media:credit role='creator'>Creator</media:credit>"
        "<media:credit role='writer'>Writer</media:credit>"
        "<media:title>Group title</media:title>"
        "</media:group>"
    )
    story = parse_one(rss(item(body)))
    (picture,) = story.pictures
    assert [r.href for r in picture.renditions] == [
        "http://x.org/big.jpg",
        "http://x.org/small.jpg",
    ]
    assert picture.caption == "Group title"
    assert picture.credit == "Creator, Writer"
    assert picture.alt_text == ""
    assert story.body_html == ""  # no description; the group title is no summary


def test_sibling_contents_at_other_addresses_are_other_pictures() -> None:
    body = (
        "<media:content url='http://x.org/one.jpg?w=100' width='100'/>"
        "<media:content url='http://x.org/one.jpg?w=500' width='500'/>"
        "<media:content url='http://x.org/two.png'/>"
        "<media:content url='http://x.org/audio'/>"
        "<media:credit>Item credit</media:credit>"
    )
    story = parse_one(rss(item(body)))
    assert [[r.width for r in p.renditions] for p in story.pictures] == [[500, 100], [None]]
    assert [p.credit for p in story.pictures] == ["Item credit", "Item credit"]


def test_a_lone_thumbnail_and_image_enclosures_are_pictures() -> None:
    thumbnail_only = item("<media:thumbnail url='http://x.org/t.jpg' width='75' height='50'/>")
    (picture,) = parse_one(rss(thumbnail_only)).pictures
    assert picture.renditions == (
        Rendition(href="http://x.org/t.jpg", name="thumbnail", width=75, height=50),
    )
    enclosures = item(
        "<enclosure url='http://x.org/e.jpg' type='image/jpeg' length='1234'/>"
        "<enclosure url='http://x.org/e.mp3' type='audio/mpeg' length='1234'/>"
    )
    (picture,) = parse_one(rss(enclosures)).pictures
    assert picture.renditions == (Rendition(href="http://x.org/e.jpg", mime_type="image/jpeg"),)


def test_an_enclosure_repeating_a_media_content_is_not_a_second_picture() -> None:
    body = (
        "<media:content url='http://x.org/a.jpg' medium='image'/>"
        "<media:thumbnail url='http://x.org/other.jpg'/>"
        "<enclosure url='http://x.org/a.jpg' type='image/jpeg' length='1'/>"
    )
    (picture,) = parse_one(rss(item(body))).pictures
    # An item-level thumbnail only stands in when there is no other picture.
    assert [r.href for r in picture.renditions] == ["http://x.org/a.jpg"]


# --- fuzzing -------------------------------------------------------------------------

FUZZ = settings(
    max_examples=200,
    deadline=2000,  # milliseconds: a parser that takes longer on a small input is hanging
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


SEEDS = [
    rss(
        item(
            "<media:content url='http://x.org/a.jpg' medium='image' width='10'>"
            "<media:credit>C</media:credit><media:description>D</media:description>"
            "</media:content><description>S</description><category>k</category>"
        )
    ),
    atom(
        "<entry><id>urn:x:1</id><title>T</title><updated>2024-03-01T10:00:00Z</updated>"
        "<summary>S</summary><content type='html'>&lt;p&gt;B&lt;/p&gt;</content></entry>"
    ),
    rss(item("", date="Seg, 24 Set 2018 19:42:40 -0300")).replace(b"utf-8", b"iso-8859-1"),
]


@FUZZ
@given(mutated(SEEDS))
def test_mutated_feeds_parse_or_fail_cleanly(data: bytes) -> None:
    survives(feeds.parse, data)


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    survives(feeds.parse, data)
