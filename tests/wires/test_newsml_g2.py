"""The NewsML-G2 parser: real agency files first, then one small case per rule."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

from manchette.wires.dispatch import Dispatch, ParseError, PubStatus, Rendition, Subject
from manchette.wires.formats import newsml_g2
from manchette.wires.formats.xml import parse_xml

NAR = "http://iptc.org/std/nar/2006-10-01/"

G2_FILES = (
    "ansa_culture_update_it_sdcore.xml",
    "ansa_text_it_sdcore.xml",
    "ap_newsmessage_3items_sdcore.xml",
    "dpa_text_de_sdcore.xml",
    "iptc_L01_newsitem_embargoed_update.xml",
    "iptc_L02_text_document.xml",
    "iptc_L03_photo.xml",
    "iptc_L06_simple_package.xml",
    "iptc_L24_newsmessage_package.xml",
    "iptc_L25_nitf_in_inlinexml.xml",
    "iptc_L26_photo_metadata_mapping.xml",
    "iptc_ap_metadata_example_iso8859-1.xml",
    "iptc_invalid_incomplete_newsitem.xml",
    "reuters_L1N14N0FF_v1542761538_canceled_kill.xml",
    "reuters_L1N14N0FF_v978556838_correction.xml",
    "reuters_MTZXEE13ZXCZES_v2_update_commented_embargo.xml",
    "reuters_picture_sdcore.xml",
    "reuters_pkg_KBN0FL0NM_v10_packageItem.xml",
    "reuters_pkg_KBN0FL0NN_v5_text.xml",
    "reuters_pkg_KBN0FL0ZP_v2_related_text.xml",
    "reuters_pkg_LYNXMPEA6F0MS_v2_picture.xml",
    "reuters_pkg_LYNXMPEA6F0MT_v2_picture.xml",
    "reuters_pkg_LYNXMPEA6F13M_v1_picture.xml",
    "reuters_text_sdcore.xml",
    "reuters_video_package_sdcore.xml",
    "scoop_nz_package_empty_embargo_sdcore.xml",
    "stt_empty_headline_abstract_fi_sdcore.xml",
    "stt_update_fi_sdcore.xml",
)

# The files no dispatch can come from, and why.
REJECTED = {
    "iptc_L24_newsmessage_package.xml": r"^newsItem 'N1': missing itemMeta",
    "iptc_L25_nitf_in_inlinexml.xml": r"root element <contentSet> is not in the IPTC NAR namespace",
    "iptc_ap_metadata_example_iso8859-1.xml": (
        r"^newsItem 'tag:example.com,2008:407624': unsupported item class ninat:video"
    ),
    "iptc_invalid_incomplete_newsitem.xml": r"^missing itemMeta \(itemClass, versionCreated\)$",
}
PARSED = tuple(name for name in G2_FILES if name not in REJECTED)

REUTERS_PACKAGE = "reuters_pkg_KBN0FL0NM_v10_packageItem.xml"
REUTERS_PACKAGE_ITEMS = (
    "reuters_pkg_KBN0FL0NN_v5_text.xml",
    "reuters_pkg_KBN0FL0ZP_v2_related_text.xml",
    "reuters_pkg_LYNXMPEA6F13M_v1_picture.xml",
    "reuters_pkg_LYNXMPEA6F0MS_v2_picture.xml",
    "reuters_pkg_LYNXMPEA6F0MT_v2_picture.xml",
)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def offset(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


# --- the real files ------------------------------------------------------------


@pytest.fixture(scope="module")
def g2_dir(wire_fixtures: Path) -> Path:
    return wire_fixtures / "newsml-g2"


def parse_file(folder: Path, name: str) -> list[Dispatch]:
    return newsml_g2.parse((folder / name).read_bytes())


def parse_one_file(folder: Path, name: str) -> Dispatch:
    dispatches = parse_file(folder, name)
    assert len(dispatches) == 1
    return dispatches[0]


def nar_items(folder: Path, name: str) -> dict[str, etree._Element]:
    """The newsItems of a file by guid, for feeding `parse_root` one item."""
    root = parse_xml((folder / name).read_bytes())
    return {item.get("guid") or "": item for item in root.iter(f"{{{NAR}}}newsItem")}


def test_every_fixture_is_covered_here(g2_dir: Path) -> None:
    # A file added to (or removed from) the corpus must get expectations below.
    assert sorted(p.name for p in g2_dir.iterdir()) == sorted(G2_FILES)


@pytest.mark.parametrize("name", PARSED)
def test_every_usable_fixture_parses(g2_dir: Path, name: str) -> None:
    for dispatch in parse_file(g2_dir, name):
        assert dispatch.guid
        assert dispatch.headline
        assert dispatch.version
        assert dispatch.version_created.tzinfo is not None
        assert dispatch.source_format == "newsml-g2"
        for picture in dispatch.pictures:
            assert picture.renditions
            assert all(r.href for r in picture.renditions)


@pytest.mark.parametrize(("name", "reason"), sorted(REJECTED.items()))
def test_unusable_fixtures_are_rejected_with_a_reason(g2_dir: Path, name: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_file(g2_dir, name)


def test_ap_newsmessage_gives_its_three_items(g2_dir: Path) -> None:
    first, second, third = parse_file(g2_dir, "ap_newsmessage_3items_sdcore.xml")
    assert [d.guid for d in (first, second, third)] == [
        "tag:ap.org,2011:5e565888b587889c5c8bd62b6164118c-text",
        "tag:ap.org,2011:b6d5d4eb781939b5fe8722f3fba28ee2-text",
        "tag:ap.org,2011:4db5f9c37aac8924db872ba5a7e287e6-text",
    ]
    assert [d.version for d in (first, second, third)] == ["2", "2", "1"]
    assert first.version_is_ordinal
    assert first.version_created == utc(2018, 2, 26, 21, 20, 34)
    assert first.first_created == utc(2018, 2, 26, 21, 20, 36)
    assert first.headline == "Nutrisystem beats 4Q earnings and revenue expectations"
    assert first.slugline == "BC-US--Earns-Nutrisystem, 1st Ld-Writethru"
    assert first.language == "en"
    # The provider is coded (approviderid:z01122); its name is only informative.
    assert first.provider == "z01122"
    assert first.status is PubStatus.USABLE
    assert first.ed_note == "Eds: Adds full-year results."
    assert third.ed_note == ""
    assert not first.is_correction  # a write-through, not a correction
    assert first.extra["signals"] == "apsig:consumerready"
    assert first.extra["copyrightnotice"] == "Automated Insights"
    assert len(first.subjects) == 8
    assert first.subjects[1] == Subject(
        "apsubject:5235a7a088e910048f29f8851349f9bd", "Corporate stock"
    )
    # NITF in inlineXML: <block> unwrapped, paragraphs and links kept.
    assert first.body_html.startswith(
        "<p>FORT WASHINGTON, Pa. (AP) _ Nutrisystem Inc. (NTRI) on Monday reported"
    )
    assert "<block>" not in first.body_html
    assert '<a href="https://www.zacks.com/ap/NTRI">Zacks stock report on NTRI</a>' in (
        first.body_html
    )
    assert "Standard &amp; Poor's 500" in third.body_html
    assert first.pictures == ()


def test_dpa_text_keeps_non_public_notes_out_of_the_story(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "dpa_text_de_sdcore.xml")
    assert dispatch.guid == "urn:newsml:dpa.com:20090101:221011-930-4303"
    assert dispatch.version == "1"
    assert dispatch.version_created == datetime(2022, 10, 11, 11, 14, 42, tzinfo=offset(2))
    assert dispatch.headline == "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter"
    assert dispatch.provider == "dpa"
    assert dispatch.language == "de"
    assert dispatch.extra["creditline"] == "dpa"
    # The creator's name is a login ("degenhardt.sandra"), not a byline.
    assert dispatch.byline == ""
    assert dispatch.subjects[4] == Subject("medtop:20001065", "Fußball")
    assert "dpacat:sp" in [s.code for s in dispatch.subjects]
    # Every note goes to ed_note, including the contacts marked nonpublic…
    notes = dispatch.ed_note.split("\n")
    assert "Autor/in: Patrick Reichardt (London), reichardt.patrick@dpa.com" in notes
    assert "Redaktion: Sandra Degenhardt (Berlin), 030285232232, sport@dpa.com" in notes
    assert "dpa pre yyhe n1 deg" in notes
    assert "Foto Archiv" in notes
    # …and nowhere that is published.
    published = " ".join(
        [
            dispatch.headline,
            dispatch.standfirst,
            dispatch.body_html,
            dispatch.byline,
            *dispatch.extra.values(),
        ]
    )
    assert "reichardt.patrick@dpa.com" not in published
    assert "030285232232" not in published
    # The XHTML body without namespaces and without dpa's <header> block.
    assert dispatch.body_html.startswith('<section class="main dpatextgenre-7"><p><span')
    assert "xmlns" not in dispatch.body_html
    assert "<h1>" not in dispatch.body_html
    assert "Standard-Reiseziel" in dispatch.body_html


def test_ansa_text_with_mislabelled_plain_body_and_picture(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "ansa_text_it_sdcore.xml")
    assert dispatch.guid == "tag:ansa.it,2017-10-11:40e5fb1034e7e2b21942ea09718fc85a"
    assert dispatch.version == "1"
    assert dispatch.version_created == datetime(2017, 10, 11, 10, 41, tzinfo=offset(1))
    # The main headline, not the hld:subHeadline.
    assert dispatch.headline == "Catalan independence declaration unacceptable - Alfano"
    assert dispatch.provider == "ansa.it"
    assert dispatch.language == "it"  # as declared, though the copy is in English
    assert dispatch.byline == ""  # creator "VRG" only repeats its literal
    assert dispatch.subjects == ()  # literal-only subjects carry no code
    assert not dispatch.is_correction
    # "text/plain" that is really <p>…</p>: kept as HTML, not escaped.
    assert dispatch.body_html.startswith("<p>")
    assert dispatch.body_html.endswith("</p>")
    assert "&lt;p&gt;" not in dispatch.body_html
    assert "Alfano said via his @angealfa Twitter account." in dispatch.body_html
    (picture,) = dispatch.pictures
    assert picture.renditions == (
        Rendition(
            href="tag:ansa.it,2017-10-11:200400bfd17a98e68ea9597546e5ec93.jpg",
            name="rnd:highRes",
            mime_type="image/jpeg",
        ),
    )
    assert picture.credit == "ANSA"


def test_ansa_culture_update(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "ansa_culture_update_it_sdcore.xml")
    assert dispatch.guid == "tag:ansa.it,2019-07-01:fd66854b6f8fcf6e0f9dd3792d86ae2e"
    assert dispatch.version == "2"
    assert dispatch.version_created == utc(2019, 7, 1, 8, 22, 28)
    assert dispatch.headline == "TEST FROM XAWES"
    assert dispatch.provider == "ANSA"  # named only in <provider><name>
    assert dispatch.language == "it"
    assert dispatch.status is PubStatus.USABLE
    assert "sig:update" in dispatch.extra["signals"].split("\n")
    assert not dispatch.is_correction  # an update is not a correction
    assert [s.code for s in dispatch.subjects][:2] == ["subj:02003003", "products:0010000500000"]
    # <html><body> without xmlns sit in the NAR namespace: still read, as HTML.
    assert dispatch.body_html.startswith("<p>")
    assert "(ANSA) - ROMA, 1 LUG - TEST FROM XAWES" in dispatch.body_html
    assert "xmlns" not in dispatch.body_html


def test_stt_empty_headline_falls_back_to_the_summary(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "stt_empty_headline_abstract_fi_sdcore.xml")
    summary = (
        "Hjallis Harkimo ja Mikael Jungner ovat perustamassa uutta poliittista liikettä "
        "perinteisiä puolueita haastamaan, uutisoi Helsingin Sanomat."
    )
    assert dispatch.headline == summary
    assert dispatch.standfirst == summary
    assert dispatch.guid == "urn:newsml:stt.fi:20180419:102051098"
    assert dispatch.version_created == datetime(2018, 4, 19, 16, 41, 14, tzinfo=offset(3))
    assert dispatch.provider == "STT"
    assert dispatch.language == "fi-FI"
    assert dispatch.byline == ""  # <by/>
    assert dispatch.body_html == (
        "<p>Kokoomuksen ryhmänjohtaja Jokinen Harkimon erosta: Harmillinen asia, että hän on "
        "päätynyt tällaiseen ratkaisuun erota puolueesta ja ettei löytänyt omaa rooliaan "
        "ryhmässä.</p>"
    )
    # sttsubj:11000000 appears three times in the file: kept once.
    assert [s.code for s in dispatch.subjects].count("sttsubj:11000000") == 1
    assert len(dispatch.subjects) == 7


def test_stt_update(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "stt_update_fi_sdcore.xml")
    assert dispatch.guid == "urn:newsml:stt.fi:20171219:101801633"
    assert dispatch.version == "4"
    assert dispatch.version_created == datetime(2017, 10, 18, 11, 16, 43, tzinfo=offset(2))
    assert dispatch.first_created == datetime(2017, 12, 19, 10, 33, 4, tzinfo=offset(2))
    assert dispatch.headline == (
        "Parliament passed the Alcohol Act and the government gained confidence*** TRANSLATED ***"
    )
    assert dispatch.ed_note == "complemented throughout"  # role sttnote:private
    assert dispatch.extra["signals"] == "sig:update\nupdate:append-major-content"
    assert dispatch.extra["creditline"] == "STT–"
    assert dispatch.standfirst == ""  # the drol:summary is empty
    assert not dispatch.is_correction
    # contenttype "xhtml/xml" is still XHTML.
    assert dispatch.body_html.startswith(
        "<p>*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***</p>"
    )
    assert "<h2>Also the unemployment law went through</h2>" in dispatch.body_html


def test_scoop_empty_embargo_is_no_embargo(g2_dir: Path) -> None:
    # Its packageItem has no guid, no headline and references "20160112123540"
    # while the item is "BD-20160112123540": skipped, the item is kept.
    dispatch = parse_one_file(g2_dir, "scoop_nz_package_empty_embargo_sdcore.xml")
    assert dispatch.embargoed is None
    assert dispatch.guid == "BD-20160112123540"
    assert dispatch.version == "3"
    # "2016-01-12 12:35:40": no offset, read as UTC.
    assert dispatch.version_created == utc(2016, 1, 12, 12, 35, 40)
    assert dispatch.provider == "CL"
    # No contentMeta headline: the NITF title stands in.
    assert dispatch.headline == (
        "Dick Smith receivers install Don Grover as acting CEO as Abboud quits; "
        "retailer put up for sale"
    )
    assert dispatch.ed_note == ""  # <ednote></ednote>
    assert dispatch.subjects == ()  # <subject type="Topic"><name/></subject>
    assert "copyrightholder" not in dispatch.extra  # literal=""
    # Its NITF sits in the NAR namespace (no xmlns): still mapped.
    assert dispatch.body_html.startswith("<p>By Jonathan Underhill</p>")
    assert dispatch.body_html.endswith("<p>(BusinessDesk)</p>")


def test_reuters_correction_then_kill_of_the_same_story(g2_dir: Path) -> None:
    correction = parse_one_file(g2_dir, "reuters_L1N14N0FF_v978556838_correction.xml")
    kill = parse_one_file(g2_dir, "reuters_L1N14N0FF_v1542761538_canceled_kill.xml")
    assert correction.guid == kill.guid == "tag:reuters.com,0000:newsml_L1N14N0FF"
    assert (correction.version, kill.version) == ("978556838", "1542761538")
    # Reuters versions are labels: versionCreated orders them.
    assert not correction.version_is_ordinal
    assert not kill.version_is_ordinal
    assert correction.version_created == utc(2016, 1, 4, 15, 43, 34)
    assert kill.version_created == utc(2016, 1, 4, 16, 34, 45)
    assert kill.version_created > correction.version_created

    assert correction.is_correction  # edStat:C
    assert correction.status is PubStatus.USABLE
    assert correction.headline == (
        "CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream"
    )
    assert correction.provider == "reuters.com"
    assert correction.language == "en"
    assert correction.slugline == "USA-WEATHER/ (UPDATE 1, PIX, CORRECTED)"
    assert correction.extra["creditline"] == "Reuters"
    assert len(correction.subjects) == 50
    assert correction.subjects[0] == Subject("MCC:a")
    # html:-prefixed XHTML comes out as plain <p>.
    assert correction.body_html.startswith("<p>(In Jan. 3 story, corrects last paragraph")
    assert "html:" not in correction.body_html
    assert "xmlns" not in correction.body_html
    # A text's descRole:caption is not its standfirst.
    assert correction.standfirst == ""

    assert kill.status is PubStatus.CANCELED  # stat:canceled, edStat:D, msgType D
    assert not kill.is_correction
    assert kill.body_html == ""  # a lone empty <p/>


def test_reuters_commented_embargo_is_no_embargo(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "reuters_MTZXEE13ZXCZES_v2_update_commented_embargo.xml")
    assert dispatch.embargoed is None
    assert dispatch.guid == "tag:reuters.com,2018:newsml_MTZXEE13ZXCZES"
    assert dispatch.version == "2"
    assert not dispatch.version_is_ordinal
    # Values split over lines are read whole.
    assert dispatch.first_created == utc(2018, 1, 3, 20, 13, 8)
    assert dispatch.headline == "UPDATE 2-Primeira Liga Results"
    assert dispatch.slugline == "SOCCER-PORTUGAL/RESULTS (UPDATE 2)"
    assert dispatch.extra["creditline"] == "Opta Sports Data"
    assert dispatch.language == "en-US"
    assert dispatch.ed_note == ""  # <edNote dir="ltr"/>
    assert not dispatch.is_correction  # edStat:U
    assert Subject("N2:SOC", "Soccer") in dispatch.subjects
    # Bare text in <body>: paragraphs at its blank lines, character references decoded.
    assert dispatch.body_html.startswith(
        "<p>Jan 3 (OPTA) - Results and fixtures for the Primeira Liga on Wednesday "
        "Desportivo Aves (0) 1 Moreirense (2) 2 Marítimo (0) 1 Chaves (1) 2</p>"
        "<p>Thursday, January 4 fixtures (WET/GMT) Vitória Setúbal v Estoril"
    )


def test_reuters_text(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "reuters_text_sdcore.xml")
    assert dispatch.guid == "tag:reuters.com,0000:newsml_L4N0BT5PJ"
    assert dispatch.version == "263518268"
    assert not dispatch.version_is_ordinal
    assert dispatch.version_created == utc(2013, 3, 1, 15, 9, 4)
    assert dispatch.headline == (
        "Soccer-Smiling Benitez pleads for support after midweek outburst against opponent"
    )
    assert dispatch.ed_note == "Editorial Note"
    assert dispatch.body_html == "<p>By Toby Davis</p>"
    assert dispatch.byline == ""  # creator literal="Reuters" has no name
    assert dispatch.extra["signals"] == "edStat:N\nprodId:TXT\npmt:text"


def test_reuters_picture(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "reuters_picture_sdcore.xml")
    assert dispatch.guid == "tag:reuters.com,0000:newsml_GM1E9341HD701"
    assert dispatch.version == "360624134"
    assert not dispatch.version_is_ordinal
    assert dispatch.version_created == utc(2013, 3, 4, 11, 14, 13)
    assert dispatch.headline == (
        "A woman casts her ballot inside a polling station in Kenya's town of Gatundu"
    )
    assert dispatch.byline == "MARKO DJURICA"
    assert dispatch.standfirst == ""  # the words are the picture's
    assert dispatch.body_html == ""
    (picture,) = dispatch.pictures
    assert picture.guid == dispatch.guid
    assert picture.caption.startswith(
        "A woman casts her ballot inside a polling station in Kenya's town of Gatundu March 4"
    )
    assert picture.caption.endswith("REUTERS/Marko Djurica (KENYA - Tags: POLITICS ELECTIONS)")
    assert picture.credit == "REUTERS"
    assert [(r.name, r.width, r.height, r.mime_type) for r in picture.renditions] == [
        ("rend:baseImage", 3500, 2284, "image/jpeg"),
        ("rend:thumbnail", 150, 97, "image/jpeg"),
        ("rend:viewImage", 640, 417, "image/jpeg"),
    ]
    best = picture.best_rendition()
    assert best is not None
    assert best.href == (
        "http://content.reuters.com/auth-server/content/tag:reuters.com,0000:newsml_GM1E9341HD701"
        ":360624134/tag:reuters.com,0000:binary_GM1E9341HD701-BASEIMAGE"
    )


def test_reuters_package_on_its_own_keeps_its_headline(g2_dir: Path) -> None:
    # The package's items are separate files: the package stands alone, with
    # what it references listed for the pipeline.
    dispatch = parse_one_file(g2_dir, REUTERS_PACKAGE)
    assert dispatch.guid == "tag_reuters.com_2014_newsml_KBN0FL0NM"
    assert dispatch.version == "10"
    assert not dispatch.version_is_ordinal  # provider reuters.com
    assert dispatch.version_created == utc(2014, 7, 17, 0, 24, 11)
    assert dispatch.headline == "Confident Assad launches new term in stronger position"
    assert dispatch.byline == "By Marwan Makdisi"
    assert dispatch.body_html == ""
    assert dispatch.pictures == ()  # itemRefs carry no rendition
    assert dispatch.extra["itemclass"] == "icls:composite"
    assert dispatch.extra["package_main"] == "tag_reuters.com_2014_newsml_KBN0FL0NN"
    assert dispatch.extra["package_items"].split("\n") == [
        "tag_reuters.com_2014_newsml_KBN0FL0NN",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F13M",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F0MT",
        "tag_reuters.com_2014_newsml_KBN0FL0ZP",
    ]


def test_reuters_package_main_text(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "reuters_pkg_KBN0FL0NN_v5_text.xml")
    assert dispatch.guid == "tag_reuters.com_2014_newsml_KBN0FL0NN"
    assert dispatch.version == "5"
    assert not dispatch.version_is_ordinal  # guid with underscores, still Reuters
    assert dispatch.version_created == utc(2014, 7, 16, 15, 53, 10)
    assert dispatch.headline == "Confident Assad launches new term in stronger position"
    assert dispatch.byline == "By Marwan Makdisi"
    assert dispatch.ed_note == "This is editorial note."
    assert "var:itemMod" in dispatch.extra["signals"].split("\n")
    assert dispatch.body_html.startswith("<p>By Marwan Makdisi</p>")
    assert dispatch.body_html.count("<p>") == 28  # 26 <p>…</p> and 2 <p/>


def test_reuters_package_related_text(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "reuters_pkg_KBN0FL0ZP_v2_related_text.xml")
    assert dispatch.guid == "tag_reuters.com_2014_newsml_KBN0FL0ZP"
    assert dispatch.version == "2"
    assert dispatch.headline == (
        "Syria's Assad says foreign states will pay for supporting 'terrorism'"
    )
    assert dispatch.version_created == utc(2014, 7, 16, 13, 0, 3)
    assert dispatch.first_created == utc(2014, 7, 16, 10, 35, 57)
    assert dispatch.body_html.startswith("<p>BEIRUT (Reuters) - President Bashar al-Assad")


@pytest.mark.parametrize(
    ("name", "guid", "version", "by", "caption_end", "sizes"),
    [
        (
            "reuters_pkg_LYNXMPEA6F13M_v1_picture.xml",
            "tag_reuters.com_2014_newsml_LYNXMPEA6F13M",
            "1",
            "SANA",
            "in this picture released by Syria's national news agency SANA. "
            "REUTERS/SANA/Handout via Reuters",
            [(150, 106), (450, 317), (800, 563), (3200, 2253)],
        ),
        (
            "reuters_pkg_LYNXMPEA6F0MS_v2_picture.xml",
            "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS",
            "2",
            "REUTERS TV",
            "in Damascus July 16, 2014. REUTERS/Syria TV via Reuters TV",
            [(150, 113), (450, 339), (800, 602), (1500, 1128)],
        ),
        (
            "reuters_pkg_LYNXMPEA6F0MT_v2_picture.xml",
            "tag_reuters.com_2014_newsml_LYNXMPEA6F0MT",
            "2",
            "REUTERS TV",
            "in Damascus July 16, 2014. REUTERS/Syria TV via Reuters TV",
            [(150, 115), (450, 345), (800, 614), (1500, 1151)],
        ),
    ],
)
def test_reuters_package_pictures(
    g2_dir: Path,
    name: str,
    guid: str,
    version: str,
    by: str,
    caption_end: str,
    sizes: list[tuple[int, int]],
) -> None:
    dispatch = parse_one_file(g2_dir, name)
    assert (dispatch.guid, dispatch.version, dispatch.byline) == (guid, version, by)
    assert not dispatch.version_is_ordinal
    (picture,) = dispatch.pictures
    assert picture.credit == "Reuters"  # the creditline, not the photographer
    assert [(r.width, r.height) for r in picture.renditions] == sizes
    assert [r.name for r in picture.renditions] == [
        "rend:thumbnail",
        "rend:viewImage",
        "rend:baseImage",
        "rend:filedImage",
    ]
    # Whitespace runs (two spaces, a trailing one in 0MS) are collapsed.
    assert picture.caption.endswith(caption_end)


def test_reuters_package_assembles_when_its_items_come_together(g2_dir: Path) -> None:
    # The six Reuters files in one newsMessage, as a client may batch them.
    message = parse_xml((g2_dir / REUTERS_PACKAGE).read_bytes())
    item_set = message.find(f"{{{NAR}}}itemSet")
    assert item_set is not None
    for name in REUTERS_PACKAGE_ITEMS:
        for item in nar_items(g2_dir, name).values():
            item_set.append(copy.deepcopy(item))
    text, related = newsml_g2.parse_root(message)
    assert text.guid == "tag_reuters.com_2014_newsml_KBN0FL0NN"
    assert text.extra["package"] == "tag_reuters.com_2014_newsml_KBN0FL0NM"
    # The package's picture order, not the files'.
    assert [p.guid for p in text.pictures] == [
        "tag_reuters.com_2014_newsml_LYNXMPEA6F13M",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F0MT",
    ]
    assert text.pictures[0].caption.startswith("Syria's President Bashar al-Assad places")
    # The sidebar text stays a story of its own; the pictures do not.
    assert related.guid == "tag_reuters.com_2014_newsml_KBN0FL0ZP"
    assert related.pictures == ()


def test_reuters_video_package_keeps_the_script_and_keyframe(g2_dir: Path) -> None:
    (dispatch,) = parse_file(g2_dir, "reuters_video_package_sdcore.xml")
    assert dispatch.guid == "tag:reuters.com,2013:newsml_OVE933ZR5"
    assert dispatch.extra["package"] == "tag:reuters.com,2013:newsml_OVE933ZR4"
    assert dispatch.headline == "Cardinals arrive for pre-conclave meeting"
    assert dispatch.standfirst.startswith("Cardinals arrive at the Vatican")  # descRole:intro
    assert dispatch.byline == "Reuters, MAR 04"
    assert dispatch.body_html.startswith("<p>(ROUGH CUT ONLY - NO REPORTER NARRATION)</p>")
    (keyframe,) = dispatch.pictures
    assert keyframe.guid == "tag:reuters.com,2013:newsml_LOVE9230WHZNR"
    assert [(r.width, r.height) for r in keyframe.renditions] == [(512, 288), (960, 540), (160, 90)]
    assert keyframe.caption == ""


@pytest.mark.parametrize(
    ("guid", "reason"),
    [
        ("tag:reuters.com,2013:newsml_LOVE9230WHZNS", r"unsupported item class icls:video"),
        ("tag:reuters.com,2013:newsml_LOVE9230WHZNT", r"unsupported item class icls:audio"),
    ],
)
def test_reuters_video_package_media_items_are_rejected(
    g2_dir: Path, guid: str, reason: str
) -> None:
    item = nar_items(g2_dir, "reuters_video_package_sdcore.xml")[guid]
    with pytest.raises(ParseError, match=reason):
        newsml_g2.parse_root(item)


def test_reuters_video_keyframe_alone_has_no_headline(g2_dir: Path) -> None:
    # Consumed by its package it is fine; on its own it cannot be published.
    item = nar_items(g2_dir, "reuters_video_package_sdcore.xml")[
        "tag:reuters.com,2013:newsml_LOVE9230WHZNR"
    ]
    with pytest.raises(ParseError, match=r"^missing headline$"):
        newsml_g2.parse_root(item)


def test_iptc_l01_embargoed_update(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "iptc_L01_newsitem_embargoed_update.xml")
    assert dispatch.embargoed == utc(2018, 10, 23, 12)
    assert dispatch.guid == "urn:newsml:acmenews.com:20161018:US-FINANCE-FED"
    assert dispatch.version == "11"
    assert dispatch.version_created == datetime(2018, 10, 21, 16, 25, 32, tzinfo=offset(-5))
    assert dispatch.first_created == datetime(2016, 10, 18, 13, 12, 21, tzinfo=offset(-5))
    assert dispatch.headline == 'Fed to halt QE to avert "bubble"'
    assert dispatch.language == "en-GB"
    assert dispatch.byline == "Meredith Jameson"
    assert dispatch.slugline == "US-Finance-Fed"
    assert dispatch.status is PubStatus.USABLE
    assert dispatch.extra["signals"] == "sig:update"
    assert not dispatch.is_correction
    assert dispatch.ed_note == (
        "Note to editors: STRICTLY EMBARGOED. Not for public release until 12noon "
        "on Friday, October 23, 2018."
    )
    # The example names nprov:REUTERS as provider: Reuters rules apply.
    assert dispatch.provider == "REUTERS"
    assert not dispatch.version_is_ordinal
    assert dispatch.subjects == (
        Subject("medtop:04000000", "economy, business and finance"),
        Subject("medtop:20000523", "labour market"),
    )
    assert dispatch.extra["usageterms"] == "Not for use outside the United States"
    assert dispatch.body_html == ""  # its inlineXML holds only comments


def test_iptc_l02_nitf_text(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "iptc_L02_text_document.xml")
    assert dispatch.guid == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert dispatch.version == "11"
    assert dispatch.version_is_ordinal
    assert dispatch.provider == ""  # only a uri
    assert dispatch.language == "en-US"
    assert dispatch.byline == "Meredith Jameson"
    assert [s.code for s in dispatch.subjects] == [
        "medtop:04000000",
        "medtop:20000350",
        "medtop:20000379",
    ]
    # body.content only: the NITF hedline and byline are not repeated.
    assert dispatch.body_html.startswith("<p>(New York, NY - October 21) Et, sent luptat")
    assert dispatch.body_html.count("<p>") == 2
    assert "Staff Reporter" not in dispatch.body_html


def test_iptc_l03_photo(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "iptc_L03_photo.xml")
    assert dispatch.guid == "tag:gettyimages.com,2010:GYI0062134533"
    assert dispatch.version_created == utc(2018, 10, 12, 6, 42, 4)  # trailing space
    assert dispatch.headline == "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred"
    assert dispatch.provider == "GYI"
    assert dispatch.byline == "Spencer Platt"
    assert dispatch.language == "en-US"
    (picture,) = dispatch.pictures
    assert picture.credit == "Getty Images"
    assert picture.caption.startswith("A general view of part of downtown, including Las Vegas")
    assert picture.caption.endswith("(Photo by Spencer Platt/Getty Images)")
    assert picture.renditions == (
        Rendition("./GYI0062134533.jpg", "rnd:highRes", 1500, 1001, "image/jpeg"),
        Rendition("file:///./ GYI0062134533-web.jpg", "rnd:web", 480, 320, "image/jpeg"),
        Rendition("file:///./GYI0062134533-thumb.gif", "rnd:thumb", 80, 53, "image/gif"),
    )
    # A subject without qcode (Las Vegas Boulevard) has no code to keep.
    assert [s.code for s in dispatch.subjects] == [
        "gyimeid:104530187",
        "medtop:20000523",
        "medtop:20000533",
        "gycon:89109",
    ]
    assert dispatch.subjects[3].name == "Las Vegas"  # not its <broader> names


def test_iptc_l06_package_alone(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "iptc_L06_simple_package.xml")
    assert dispatch.guid == "tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658"
    assert dispatch.version == "11"
    assert dispatch.version_created == utc(2018, 11, 17, 12, 30)
    assert dispatch.headline == "UK"
    assert dispatch.language == "en"  # from the headline's xml:lang
    assert dispatch.provider == "AcmeNews"
    assert dispatch.ed_note == "Updates the previous version"
    # The summary copied into the main itemRef serves as standfirst.
    assert dispatch.standfirst.startswith("Le rachat il y a deux ans de la propriété")
    assert dispatch.pictures == ()
    # Identifiers are opaque: the EM DASH survives.
    assert dispatch.extra["package_items"].split("\n") == [
        "urn:newsml:iptc.org:20081007:tutorial-item-A",
        "urn:newsml:iptc.org:20081007:tutorial—item-B",
    ]


def test_iptc_l24_envelope_assembles_once_its_items_are_complete(g2_dir: Path) -> None:
    # The listing's items are placeholders (" ..... "), so the file itself is
    # rejected; its envelope and package, filled in, must assemble.
    text = (g2_dir / "iptc_L24_newsmessage_package.xml").read_text()
    fillers = {
        "N1": news_item(guid="N1", content_set=XHTML_BODY),
        "N2": news_item(guid="N2", item_class="ninat:picture", content_set=JPEG),
        "N3": news_item(guid="N3", item_class="ninat:picture", content_set=JPEG),
        "N4": news_item(guid="N4", item_class="ninat:video", content_set=""),
    }
    for guid, filler in fillers.items():
        placeholder = f'<newsItem guid="{guid}"> ..... </newsItem>'
        assert placeholder in text
        text = text.replace(placeholder, filler)
    (dispatch,) = newsml_g2.parse(text.encode())
    assert dispatch.guid == "N1"
    assert [p.guid for p in dispatch.pictures] == ["N2", "N3"]
    assert dispatch.body_html == "<p>One</p>"
    assert "package" not in dispatch.extra  # the listing's package has no guid


def test_iptc_l25_nitf_fragment(g2_dir: Path) -> None:
    # A bare <contentSet>, not an item: rejected above. Its NITF, once inside an
    # item, maps to HTML and supplies headline and standfirst.
    fragment = (g2_dir / "iptc_L25_nitf_in_inlinexml.xml").read_text()
    dispatch = parse_one(
        f'<newsItem xmlns="{NAR}" guid="urn:x:l25" version="1"><itemMeta>'
        '<itemClass qcode="ninat:text"/><versionCreated>2024-03-01T10:00:00Z</versionCreated>'
        f"</itemMeta>{fragment}</newsItem>"
    )
    assert dispatch.headline == (
        "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m."
    )
    assert dispatch.standfirst.startswith("A pair of teams coming off big weekend sweeps")
    assert dispatch.body_html.startswith("<p>(Sports Network) - With the Philadelphia Phillies")
    assert dispatch.body_html.endswith("clash of the Titans.</p>")


def test_iptc_l26_photo_metadata(g2_dir: Path) -> None:
    dispatch = parse_one_file(g2_dir, "iptc_L26_photo_metadata_mapping.xml")
    assert dispatch.guid == "tag:acmenews.com,2008:WORLD-NEWS:USA20081208098658"
    assert dispatch.version_created == utc(2018, 10, 19, 2, 20)
    assert dispatch.provider == "acmenews"
    assert dispatch.version_is_ordinal  # Thomson Reuters holds the copyright, not provides
    assert dispatch.language == "en-US"
    assert dispatch.byline == "John Smith"
    assert dispatch.slugline == "USA-CRASH/MILITARY"
    assert dispatch.headline.startswith("A firefighter walks past the remains of a military jet")
    assert dispatch.ed_note == ""  # <edNote />
    assert dispatch.subjects == ()  # literal only
    (picture,) = dispatch.pictures
    assert picture.credit == "Acme/John Smith"
    assert picture.caption.startswith("A firefighter in a flameproof suit walks past")
    (rendition,) = picture.renditions
    assert (rendition.width, rendition.height, rendition.name) == (2500, 1445, "rnd:highRes")
    assert rendition.href.endswith("/hires/20081208/USA-CRASH-MILITARY_001_HI.jpg")


# --- one small case per rule -----------------------------------------------------

VERSION_CREATED = "2024-03-01T10:00:00Z"
WHEN = utc(2024, 3, 1, 10)
XHTML_BODY = (
    '<inlineXML contenttype="application/xhtml+xml">'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head>'
    "<body><p>One</p></body></html></inlineXML>"
)
JPEG = (
    '<remoteContent href="pic.jpg" rendition="rnd:highRes" contenttype="image/jpeg" '
    'width="1200" height="800"/>'
)


def news_item(
    *,
    guid: str = "urn:test:1",
    version: str | None = "3",
    item_class: str = "ninat:text",
    meta: str = "",
    content_meta: str = "<headline>Headline</headline>",
    content_set: str = XHTML_BODY,
    attrs: str = "",
    provider: str = '<provider literal="Test"/>',
    version_created: str = VERSION_CREATED,
) -> str:
    cls = f'<itemClass qcode="{item_class}"/>' if item_class else ""
    created = f"<versionCreated>{version_created}</versionCreated>" if version_created else ""
    version_attr = f' version="{version}"' if version is not None else ""
    return (
        f'<newsItem xmlns="{NAR}" guid="{guid}"{version_attr} {attrs}>'
        f"<itemMeta>{cls}{provider}{created}{meta}</itemMeta>"
        f"<contentMeta>{content_meta}</contentMeta>"
        f"<contentSet>{content_set}</contentSet></newsItem>"
    )


def message(*items: str) -> bytes:
    items_xml = "".join(items)
    return (
        f'<newsMessage xmlns="{NAR}"><header/><itemSet>{items_xml}</itemSet></newsMessage>'.encode()
    )


def parse_one(xml: str) -> Dispatch:
    dispatches = newsml_g2.parse(xml.encode())
    assert len(dispatches) == 1
    return dispatches[0]


def test_a_minimal_item() -> None:
    dispatch = parse_one(news_item())
    assert dispatch.guid == "urn:test:1"
    assert dispatch.version == "3"
    assert dispatch.version_created == WHEN
    assert dispatch.headline == "Headline"
    assert dispatch.provider == "Test"
    assert dispatch.status is PubStatus.USABLE
    assert dispatch.body_html == "<p>One</p>"
    assert dispatch.source_format == "newsml-g2"
    assert dispatch.version_is_ordinal


def test_parse_root_takes_a_parsed_element() -> None:
    (dispatch,) = newsml_g2.parse_root(parse_xml(news_item().encode()))
    assert dispatch.guid == "urn:test:1"


def test_version_defaults_to_one_as_in_the_schema() -> None:
    assert parse_one(news_item(version=None)).version == "1"


# errors


def test_missing_version_created() -> None:
    with pytest.raises(ParseError, match=r"^missing versionCreated$"):
        newsml_g2.parse(news_item(version_created="").encode())


def test_unreadable_version_created() -> None:
    with pytest.raises(ParseError, match="invalid versionCreated: 'yesterday'"):
        newsml_g2.parse(news_item(version_created="yesterday").encode())


def test_missing_guid() -> None:
    with pytest.raises(ParseError, match=r"^missing guid$"):
        newsml_g2.parse(news_item(guid="").encode())


def test_missing_item_class() -> None:
    with pytest.raises(ParseError, match=r"^missing itemClass$"):
        newsml_g2.parse(news_item(item_class="").encode())


@pytest.mark.parametrize("item_class", ["ninat:video", "ninat:audio", "icls:video", "ninat:event"])
def test_unknown_item_class_is_named(item_class: str) -> None:
    with pytest.raises(ParseError, match=f"unsupported item class {item_class}"):
        newsml_g2.parse(news_item(item_class=item_class).encode())


@pytest.mark.parametrize("kind", ["conceptItem", "knowledgeItem", "planningItem"])
def test_other_items_are_not_news(kind: str) -> None:
    with pytest.raises(ParseError, match=f"^{kind} 'urn:x:1': a {kind} is not news content$"):
        newsml_g2.parse(f'<{kind} xmlns="{NAR}" guid="urn:x:1"/>'.encode())


def test_a_root_outside_the_nar_namespace_is_refused() -> None:
    with pytest.raises(ParseError, match="root element <newsItem> is not in the IPTC NAR"):
        newsml_g2.parse(b'<newsItem guid="x"/>')


def test_an_unexpected_nar_root_is_refused() -> None:
    with pytest.raises(ParseError, match="unexpected root element <itemSet>"):
        newsml_g2.parse(f'<itemSet xmlns="{NAR}"/>'.encode())


def test_malformed_xml() -> None:
    with pytest.raises(ParseError, match=r"malformed XML at line 1"):
        newsml_g2.parse(f'<newsItem xmlns="{NAR}"><itemMeta></newsItem>'.encode())


def test_entities_are_refused_through_parse() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="&xxe;"/>'
    )
    with pytest.raises(ParseError, match="entity declarations is refused"):
        newsml_g2.parse(hostile)


def test_message_without_item_set() -> None:
    with pytest.raises(ParseError, match=r"^newsMessage without itemSet$"):
        newsml_g2.parse(f'<newsMessage xmlns="{NAR}"><header/></newsMessage>'.encode())


def test_message_with_empty_item_set() -> None:
    with pytest.raises(ParseError, match=r"^newsMessage with an empty itemSet$"):
        newsml_g2.parse(message())


def test_message_skips_unsupported_items_and_keeps_the_rest() -> None:
    dispatches = newsml_g2.parse(
        message(
            news_item(guid="urn:v", item_class="ninat:video"),
            news_item(guid="urn:t"),
            f'<conceptItem xmlns="{NAR}" guid="urn:c"/>',
        )
    )
    assert [d.guid for d in dispatches] == ["urn:t"]


def test_message_with_nothing_usable_says_why_for_each_item() -> None:
    with pytest.raises(ParseError) as error:
        newsml_g2.parse(
            message(
                news_item(guid="urn:v", item_class="ninat:video"),
                news_item(guid="urn:a", item_class="ninat:audio"),
            )
        )
    assert str(error.value) == (
        "no usable item in newsMessage: "
        "newsItem 'urn:v': unsupported item class ninat:video (only text and pictures are "
        "published); newsItem 'urn:a': unsupported item class ninat:audio (only text and "
        "pictures are published)"
    )


def test_a_broken_item_rejects_the_whole_message() -> None:
    # As in ninjs: importing the good half would hide the broken half.
    with pytest.raises(ParseError, match=r"^newsItem 'urn:bad': missing versionCreated$"):
        newsml_g2.parse(
            message(news_item(guid="urn:ok"), news_item(guid="urn:bad", version_created=""))
        )


# provider and versions


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ('<provider literal="reuters.com" qcode="nprov:X"/>', "reuters.com"),
        ('<provider qcode="nprov:REUTERS"><name>Thomson</name></provider>', "REUTERS"),
        ("<provider><name>ANSA</name></provider>", "ANSA"),
        ('<provider uri="http://example.com/"/>', ""),
        ("", ""),
    ],
)
def test_provider(provider: str, expected: str) -> None:
    assert parse_one(news_item(provider=provider)).provider == expected


@pytest.mark.parametrize(
    ("guid", "provider", "ordinal"),
    [
        ("tag:reuters.com,2016:newsml_X", '<provider literal="Test"/>', False),
        ("tag_reuters.com_2014_newsml_X", "", False),
        ("urn:x", '<provider literal="reuters.com"/>', False),
        ("urn:x", '<provider qcode="nprov:REUTERS"/>', False),
        ("urn:x", '<provider qcode="nprov:dpa"/>', True),
        ("urn:x", '<provider literal="Reutersville Gazette"/>', True),
        ("urn:newsml:reuters-like.example", '<provider literal="AP"/>', True),
    ],
)
def test_version_is_opaque_for_every_reuters_item(guid: str, provider: str, ordinal: bool) -> None:
    dispatch = parse_one(news_item(guid=guid, provider=provider))
    assert dispatch.version_is_ordinal is ordinal


# status, signals, dates


@pytest.mark.parametrize(
    ("meta", "status"),
    [
        ("", PubStatus.USABLE),
        ('<pubStatus qcode="stat:usable"/>', PubStatus.USABLE),
        ('<pubStatus qcode="stat:withheld"/>', PubStatus.WITHHELD),
        ('<pubStatus qcode="stat:canceled"/>', PubStatus.CANCELED),
        ('<pubStatus qcode="stat:usable"/><signal qcode="edStat:D"/>', PubStatus.CANCELED),
        ('<pubStatus qcode="stat:withheld"/><signal qcode="edStat:D"/>', PubStatus.CANCELED),
        ('<signal qcode="edStat:U"/>', PubStatus.USABLE),
    ],
)
def test_status(meta: str, status: PubStatus) -> None:
    assert parse_one(news_item(meta=meta)).status is status


def test_reuters_message_type_d_is_a_kill() -> None:
    xml = news_item(item_class="").replace(
        "<itemMeta>",
        '<itemMeta xmlns:rtr="http://www.reuters.com/ns/2003/08/content">'
        '<itemClass qcode="icls:text" rtr:msgType="D"/>',
    )
    assert parse_one(xml).status is PubStatus.CANCELED


def test_invalid_pub_status() -> None:
    with pytest.raises(ParseError, match="invalid pubStatus: 'stat:published'"):
        newsml_g2.parse(news_item(meta='<pubStatus qcode="stat:published"/>').encode())


@pytest.mark.parametrize(
    ("signals", "correction"),
    [
        ('<signal qcode="sig:correction"/>', True),
        ('<signal qcode="edStat:C"/>', True),
        ('<signal qcode="sig:update"/>', False),
        ('<signal qcode="edStat:U"/><signal qcode="edStat:N"/>', False),
        ("", False),
    ],
)
def test_correction_signals(signals: str, correction: bool) -> None:
    assert parse_one(news_item(meta=signals)).is_correction is correction


@pytest.mark.parametrize(
    ("meta", "embargo"),
    [
        ("<embargoed>2024-03-02T08:00:00+01:00</embargoed>", utc(2024, 3, 2, 7)),
        ("<embargoed></embargoed>", None),
        ("<embargoed>  </embargoed>", None),
        ("<!-- <embargoed>2024-03-02T08:00:00Z</embargoed> -->", None),
        ("", None),
    ],
)
def test_embargo(meta: str, embargo: datetime | None) -> None:
    assert parse_one(news_item(meta=meta)).embargoed == embargo


def test_unreadable_embargo_rejects_the_item() -> None:
    with pytest.raises(ParseError, match="invalid embargoed: 'soon'"):
        newsml_g2.parse(news_item(meta="<embargoed>soon</embargoed>").encode())


def test_unreadable_first_created_is_dropped() -> None:
    dispatch = parse_one(news_item(meta="<firstCreated>YYYYMMDD</firstCreated>"))
    assert dispatch.first_created is None
    dispatch = parse_one(news_item(meta="<firstCreated>2024-02-29T09:00:00Z</firstCreated>"))
    assert dispatch.first_created == utc(2024, 2, 29, 9)


def test_ed_notes_are_all_joined() -> None:
    meta = (
        "<edNote>First note.</edNote><edNote/>"
        '<edNote pubconstraint="x:nonpublic">Call  the\n desk.</edNote>'
        "<ednote>First note.</ednote><ednote>Lowercase too.</ednote>"
    )
    assert parse_one(news_item(meta=meta)).ed_note == "First note.\nCall the desk.\nLowercase too."


def test_extra_keeps_rights_urgency_and_signals() -> None:
    xml = news_item(
        meta='<signal qcode="sig:update"/><signal qcode="x:y"/>',
        content_meta="<urgency>2</urgency><headline>H</headline><creditline>AFP</creditline>",
    ).replace(
        "<itemMeta>",
        "<rightsInfo><copyrightHolder><name>Agence</name></copyrightHolder>"
        "<copyrightNotice>(c) A</copyrightNotice><usageTerms>None</usageTerms></rightsInfo>"
        "<itemMeta>",
    )
    assert parse_one(xml).extra == {
        "itemclass": "ninat:text",
        "signals": "sig:update\nx:y",
        "urgency": "2",
        "creditline": "AFP",
        "copyrightholder": "Agence",
        "copyrightnotice": "(c) A",
        "usageterms": "None",
    }


# words


@pytest.mark.parametrize(
    ("content_meta", "headline"),
    [
        ('<headline>First</headline><headline role="hld:main">Main</headline>', "Main"),
        ('<headline role="hld:subHeadline">Sub</headline><headline>Plain</headline>', "Plain"),
        ('<headline role="hld:subHeadline">Only sub</headline>', "Only sub"),
        ("<headline>  Spread\n over  lines </headline>", "Spread over lines"),
        ("<headline><span>Inline</span> markup</headline>", "Inline markup"),
        (
            '<headline/><description role="drol:summary">First one. Second one.</description>',
            "First one.",
        ),
    ],
)
def test_headline(content_meta: str, headline: str) -> None:
    assert parse_one(news_item(content_meta=content_meta)).headline == headline


def test_headline_fallback_is_cut_when_long() -> None:
    summary = "word " * 60
    dispatch = parse_one(
        news_item(content_meta=f'<description role="drol:summary">{summary}</description>')
    )
    assert dispatch.headline.endswith("…")
    assert len(dispatch.headline) <= 161
    assert dispatch.headline.startswith("word word")


def test_headline_from_nitf() -> None:
    nitf = (
        '<inlineXML><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head><title>Title</title>'
        "</head><body><body.head><hedline><hl1>From hl1</hl1></hedline></body.head>"
        "<body.content><p>x</p></body.content></body></nitf></inlineXML>"
    )
    assert parse_one(news_item(content_meta="", content_set=nitf)).headline == "From hl1"
    no_hl1 = nitf.replace("<hl1>From hl1</hl1>", "")
    assert parse_one(news_item(content_meta="", content_set=no_hl1)).headline == "Title"


def test_usable_item_without_any_headline_is_refused() -> None:
    with pytest.raises(ParseError, match=r"^missing headline$"):
        newsml_g2.parse(news_item(content_meta="").encode())


def test_a_kill_needs_no_headline() -> None:
    dispatch = parse_one(news_item(content_meta="", meta='<pubStatus qcode="stat:canceled"/>'))
    assert dispatch.headline == ""
    assert dispatch.status is PubStatus.CANCELED


@pytest.mark.parametrize(
    ("descriptions", "standfirst"),
    [
        (
            '<description role="drol:caption">Cap</description>'
            '<description role="drol:summary">Sum</description>',
            "Sum",
        ),
        ('<description role="drol:abstract">Abs</description>', "Abs"),
        ("<description>Untyped</description>", "Untyped"),
        ('<description role="descRole:caption">Reuters slug:headline</description>', ""),
    ],
)
def test_standfirst(descriptions: str, standfirst: str) -> None:
    xml = news_item(content_meta=f"<headline>H</headline>{descriptions}")
    assert parse_one(xml).standfirst == standfirst


@pytest.mark.parametrize(
    ("attrs", "content_meta", "language"),
    [
        ('xml:lang="fr"', '<language tag="de"/><headline>H</headline>', "de"),
        ('xml:lang="fr"', "<headline>H</headline>", "fr"),
        ("", '<headline xml:lang="en-GB">H</headline>', "en-GB"),
        ("", "<headline>H</headline>", ""),
    ],
)
def test_language(attrs: str, content_meta: str, language: str) -> None:
    assert parse_one(news_item(attrs=attrs, content_meta=content_meta)).language == language


@pytest.mark.parametrize(
    ("people", "byline"),
    [
        ("<by>By Jane Roe</by><creator><name>Other</name></creator>", "By Jane Roe"),
        (
            "<creator><name>Jane Roe</name></creator><creator><name>Ann Lee</name></creator>",
            "Jane Roe, Ann Lee",
        ),
        ('<creator qcode="staff:jroe"><name>jroe</name></creator>', ""),
        ('<creator literal="VRG"><name>VRG</name></creator>', ""),
        ('<creator literal="Reuters"/>', ""),
        ("<by/>", ""),
    ],
)
def test_byline(people: str, byline: str) -> None:
    assert parse_one(news_item(content_meta=f"<headline>H</headline>{people}")).byline == byline


def test_slugline() -> None:
    xml = news_item(content_meta='<headline>H</headline><slugline separator="-">A-B </slugline>')
    assert parse_one(xml).slugline == "A-B"


def test_subjects() -> None:
    content_meta = (
        "<headline>H</headline>"
        '<subject qcode="medtop:04000000"><name xml:lang="en">economy</name>'
        '<name xml:lang="de">Wirtschaft</name><broader qcode="medtop:1"><name>B</name></broader>'
        "</subject>"
        '<subject uri="http://cv.iptc.org/newscodes/subjectcode/15054000"><name>soccer</name>'
        "</subject>"
        '<subject uri="https://example.com/topics/7"/>'
        '<subject literal="ID0E2E"><name>Only a literal</name></subject>'
        '<subject qcode="medtop:04000000"><name>again</name></subject>'
    )
    assert parse_one(news_item(content_meta=content_meta)).subjects == (
        Subject("medtop:04000000", "economy"),
        Subject("subj:15054000", "soccer"),
        Subject("https://example.com/topics/7", ""),
    )


# body


def test_xhtml_body_loses_its_namespace_and_prefixes() -> None:
    prefixed = (
        '<inlineXML><h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:body>'
        '<h:p xml:lang="fr">Un <h:a href="https://e.com/?a=1&amp;b=2">lien</h:a></h:p>'
        "<h:p/></h:body></h:html></inlineXML>"
    )
    assert parse_one(news_item(content_set=prefixed)).body_html == (
        '<p lang="fr">Un <a href="https://e.com/?a=1&amp;b=2">lien</a></p><p></p>'
    )


def test_xhtml_header_is_dropped_but_its_tail_kept() -> None:
    body = (
        '<inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>Lead '
        "<header><h1>Repeated headline</h1></header>text<p>Para</p></body></html></inlineXML>"
    )
    assert parse_one(news_item(content_set=body)).body_html == "Lead text<p>Para</p>"


def test_xhtml_body_with_only_empty_paragraphs_is_no_body() -> None:
    body = (
        '<inlineXML><html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><p/> <p> </p></body></html></inlineXML>"
    )
    assert parse_one(news_item(content_set=body)).body_html == ""


def test_nitf_body_is_mapped_to_html() -> None:
    nitf = (
        '<inlineXML contenttype="application/nitf+xml">'
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>'
        "<block><p>One <person>Ann</person> &amp; <em>two</em></p></block>"
        "<hl2>Section</hl2>"
        "<bq><block><p>Quoted</p></block><credit>Someone</credit></bq>"
        '<ul><li>a</li></ul><p><a href="https://e.com">link</a><br/>next</p>'
        '<media media-type="image"><media-caption>Gone</media-caption></media>'
        '<note noteclass="editorsnote"><body.content><p>Not for print</p></body.content></note>'
        "</body.content></body></nitf></inlineXML>"
    )
    assert parse_one(news_item(content_set=nitf)).body_html == (
        "<p>One Ann &amp; <em>two</em></p><h2>Section</h2>"
        "<blockquote><p>Quoted</p><cite>Someone</cite></blockquote>"
        '<ul><li>a</li></ul><p><a href="https://e.com">link</a><br>next</p>'
    )


def test_plain_inline_data_becomes_paragraphs() -> None:
    plain = '<inlineData contenttype="text/plain">First &lt;line&gt;\n\nSecond</inlineData>'
    assert parse_one(news_item(content_set=plain)).body_html == (
        "<p>First &lt;line&gt;</p><p>Second</p>"
    )


def test_html_inline_data_is_kept() -> None:
    markup = (
        '<inlineData contenttype="text/html"><![CDATA[<p>Already <b>HTML</b></p>]]></inlineData>'
    )
    assert parse_one(news_item(content_set=markup)).body_html == "<p>Already <b>HTML</b></p>"


def test_xhtml_is_preferred_to_nitf_and_nitf_to_plain() -> None:
    plain = '<inlineData contenttype="text/plain">Plain</inlineData>'
    nitf = (
        '<inlineXML><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>'
        "<p>NITF</p></body.content></body></nitf></inlineXML>"
    )
    assert parse_one(news_item(content_set=plain + nitf + XHTML_BODY)).body_html == "<p>One</p>"
    assert parse_one(news_item(content_set=plain + nitf)).body_html == "<p>NITF</p>"
    assert parse_one(news_item(content_set=plain)).body_html == "<p>Plain</p>"


def test_declared_encoding_is_honoured() -> None:
    xml = news_item(content_meta="<headline>Économie française</headline>")
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml.encode("latin-1")
    assert parse_one_bytes(data).headline == "Économie française"


def parse_one_bytes(data: bytes) -> Dispatch:
    (dispatch,) = newsml_g2.parse(data)
    return dispatch


# pictures


def picture_item(content_meta: str, content_set: str = JPEG, **kwargs: str) -> str:
    return news_item(
        item_class="ninat:picture", content_meta=content_meta, content_set=content_set, **kwargs
    )


def test_picture_item_is_a_dispatch_with_its_picture() -> None:
    content_set = (
        JPEG + '<remoteContent residref="urn:thumb" rendition="rnd:thumbnail" width="120" '
        'height="80" contenttype="image/jpeg"/>'
        + '<remoteContent href="clip.mp4" contenttype="video/mp4" width="1920" height="1080"/>'
        + '<remoteContent rendition="rnd:nothing" contenttype="image/jpeg"/>'
    )
    content_meta = (
        "<headline>Headline</headline><by>Ann Lee</by>"
        '<description role="drol:caption">The caption.</description>'
        '<description role="drol:alternative">Alt words.</description>'
        "<creditline>Agency/Ann Lee</creditline>"
    )
    dispatch = parse_one(picture_item(content_meta, content_set))
    assert dispatch.standfirst == ""
    assert dispatch.body_html == ""
    assert dispatch.byline == "Ann Lee"
    (picture,) = dispatch.pictures
    assert picture.guid == "urn:test:1"
    assert picture.caption == "The caption."
    assert picture.alt_text == "Alt words."
    assert picture.credit == "Agency/Ann Lee"
    assert picture.renditions == (
        Rendition("pic.jpg", "rnd:highRes", 1200, 800, "image/jpeg"),
        Rendition("urn:thumb", "rnd:thumbnail", 120, 80, "image/jpeg"),
    )


@pytest.mark.parametrize(
    ("holder", "by", "credit"),
    [
        ('<copyrightHolder literal="AFP"/>', "<by>John Doe</by>", "AFP / John Doe"),
        (
            "<copyrightHolder><name>AFP</name></copyrightHolder>",
            "<by>JOHN DOE/AFP</by>",
            "JOHN DOE/AFP",
        ),
        ("", "<by>John Doe</by>", "John Doe"),
    ],
)
def test_picture_credit_without_creditline(holder: str, by: str, credit: str) -> None:
    xml = picture_item(f"<headline>H</headline>{by}").replace(
        "<itemMeta>", f"<rightsInfo>{holder}</rightsInfo><itemMeta>"
    )
    assert parse_one(xml).pictures[0].credit == credit


def test_picture_headline_falls_back_to_the_caption() -> None:
    xml = picture_item('<description role="drol:caption">A cat. It sleeps.</description>')
    dispatch = parse_one(xml)
    assert dispatch.headline == "A cat."
    assert dispatch.pictures[0].caption == "A cat. It sleeps."


def test_picture_without_image_is_refused() -> None:
    xml = picture_item(
        "<headline>H</headline>", '<remoteContent href="a.mp4" contenttype="video/mp4"/>'
    )
    with pytest.raises(ParseError, match=r"^picture item without an image rendition$"):
        newsml_g2.parse(xml.encode())


def test_graphic_is_a_picture_only_as_an_image() -> None:
    graphic = news_item(item_class="ninat:graphic", content_set=JPEG)
    assert parse_one(graphic).pictures[0].renditions[0].href == "pic.jpg"
    interactive = news_item(
        item_class="ninat:graphic",
        content_set='<remoteContent href="g.html" contenttype="text/html"/>',
    )
    with pytest.raises(ParseError, match="unsupported item class ninat:graphic"):
        newsml_g2.parse(interactive.encode())


# packages

PICTURE_A = picture_item(
    '<headline>Pic A</headline><description role="drol:caption">Caption A</description>',
    guid="urn:pic:a",
)
PICTURE_B = picture_item("<headline>Pic B</headline>", guid="urn:pic:b")


def package(group_set: str, content_meta: str = "", guid: str = "urn:pkg") -> str:
    return (
        f'<packageItem xmlns="{NAR}" guid="{guid}" version="2"><itemMeta>'
        '<itemClass qcode="ninat:composite"/><provider literal="Test"/>'
        f"<versionCreated>{VERSION_CREATED}</versionCreated></itemMeta>"
        f"<contentMeta>{content_meta}</contentMeta>{group_set}</packageItem>"
    )


MAIN_AND_SIDEBAR = (
    '<groupSet root="root">'
    '<group id="root" role="grpRole:NEP"><groupRef idref="main"/><groupRef idref="side"/></group>'
    '<group id="main" role="grpRole:Main">'
    '<itemRef residref="urn:pic:b"><itemClass qcode="ninat:picture"/></itemRef>'
    '<itemRef residref="urn:text"><itemClass qcode="ninat:text"/>'
    '<description role="drol:summary">Ref summary</description></itemRef>'
    '<itemRef residref="urn:pic:a"><itemClass qcode="ninat:picture"/></itemRef>'
    '<itemRef residref="urn:video"><itemClass qcode="ninat:video"/></itemRef>'
    "</group>"
    '<group id="side" role="grpRole:sidebars">'
    '<itemRef residref="urn:side"><itemClass qcode="ninat:text"/></itemRef></group>'
    "</groupSet>"
)


def test_package_in_a_message_gives_its_pictures_to_the_main_text() -> None:
    dispatches = newsml_g2.parse(
        message(
            package(MAIN_AND_SIDEBAR, "<headline>Package</headline>"),
            news_item(guid="urn:side"),
            PICTURE_A,
            news_item(guid="urn:text"),
            news_item(guid="urn:video", item_class="ninat:video"),
            PICTURE_B,
        )
    )
    side, text = dispatches
    assert side.guid == "urn:side"
    assert side.pictures == ()
    assert text.guid == "urn:text"
    assert text.headline == "Headline"  # the item's own words, not the package's
    assert [p.guid for p in text.pictures] == ["urn:pic:b", "urn:pic:a"]
    assert text.pictures[1].caption == "Caption A"
    assert text.extra["package"] == "urn:pkg"


def test_package_without_its_main_text_stands_alone_with_the_pictures_present() -> None:
    (dispatch,) = newsml_g2.parse(
        message(package(MAIN_AND_SIDEBAR, "<headline>Package</headline>"), PICTURE_A)
    )
    assert dispatch.guid == "urn:pkg"
    assert dispatch.version == "2"
    assert dispatch.headline == "Package"
    assert dispatch.standfirst == "Ref summary"
    assert [p.guid for p in dispatch.pictures] == ["urn:pic:a"]
    assert dispatch.extra["package_main"] == "urn:text"
    assert dispatch.extra["package_items"].split("\n") == [
        "urn:pic:b",
        "urn:text",
        "urn:video",
        "urn:side",
    ]


def test_package_without_headline_or_main_item_is_rejected() -> None:
    with pytest.raises(
        ParseError,
        match=r"^package without headline and its main item 'urn:text' is not in this document$",
    ):
        newsml_g2.parse(package(MAIN_AND_SIDEBAR).encode())


def test_unusable_package_in_a_message_is_skipped() -> None:
    (dispatch,) = newsml_g2.parse(message(package(MAIN_AND_SIDEBAR), news_item(guid="urn:side")))
    assert dispatch.guid == "urn:side"


def test_package_with_only_unusable_items_names_the_package() -> None:
    with pytest.raises(ParseError, match="packageItem 'urn:pkg': package without headline"):
        newsml_g2.parse(
            message(
                package(MAIN_AND_SIDEBAR), news_item(guid="urn:video", item_class="ninat:video")
            )
        )


def test_package_group_cycles_end() -> None:
    cycle = (
        '<groupSet root="a"><group id="a"><groupRef idref="b"/></group>'
        '<group id="b"><groupRef idref="a"/>'
        '<itemRef residref="urn:text"><itemClass qcode="ninat:text"/></itemRef></group></groupSet>'
    )
    dispatches = newsml_g2.parse(message(package(cycle), news_item(guid="urn:text"), PICTURE_A))
    # The picture is not referenced: it stays a dispatch of its own.
    assert [(d.guid, len(d.pictures)) for d in dispatches] == [("urn:text", 0), ("urn:pic:a", 1)]
    assert dispatches[0].extra["package"] == "urn:pkg"
