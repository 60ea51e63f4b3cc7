"""The NITF parser: real agency files first, then one small case per rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats import nitf
from manchette.wires.formats.nitf import nitf_body_to_html, repair_mislabelled_utf8
from manchette.wires.formats.xml import parse_xml
from tests.wires.fuzzing import mutated, survives

NITF_FILES = (
    "aap_nitf.xml",
    "aap_relayed_afp_finance_nitf.xml",
    "ap_nitf_3.4.xml",
    "cp_nitf_invalid_date_placeholder.xml",
    "efe_nitf_en.xml",
    "nitf_canceled_with_media_caption.xml",
    "ntb_nitf_iso8859-1_duKey_v48.xml",
    "pa_nitf_embargoed.xml",
    "pa_nitf_latin1_bytes.xml",
    "ritzau_nitf_iso8859-1_flash.xml",
)
# Files that must be refused, with the reason the parser gives.
REJECTED = {
    "ap_nitf_3.4.xml": (
        "missing docdata/doc-id/@id-string: the document has no identifier"
        " (doc-id names only its source, regsrc='AP')"
    ),
}


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# --- the real files ------------------------------------------------------------


@pytest.fixture(scope="module")
def nitf_dir(wire_fixtures: Path) -> Path:
    return wire_fixtures / "nitf"


def parse_one_file(folder: Path, name: str) -> Dispatch:
    dispatches = nitf.parse((folder / name).read_bytes())
    assert len(dispatches) == 1
    return dispatches[0]


def test_every_fixture_is_covered_here(nitf_dir: Path) -> None:
    # A file added to (or removed from) the corpus must get its own expectations below.
    assert sorted(p.name for p in nitf_dir.iterdir()) == sorted(NITF_FILES)


@pytest.mark.parametrize("name", NITF_FILES)
def test_every_fixture_parses_or_is_rejected_with_its_reason(nitf_dir: Path, name: str) -> None:
    data = (nitf_dir / name).read_bytes()
    if name in REJECTED:
        with pytest.raises(ParseError) as caught:
            nitf.parse(data)
        assert str(caught.value) == REJECTED[name]
        return
    *notices, dispatch = nitf.parse(data)
    # Only the canceled sample also takes down the document it names.
    assert len(notices) == (name == "nitf_canceled_with_media_caption.xml")
    assert dispatch.guid
    assert dispatch.version_created.tzinfo is not None
    assert dispatch.source_format == "nitf"
    assert dispatch.version_is_ordinal
    assert "<script" not in dispatch.body_html
    for picture in dispatch.pictures:
        assert picture.renditions
        assert all(r.href for r in picture.renditions)


def test_aap(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "aap_nitf.xml")
    assert d.guid == "AAP.115314987.5417374"
    assert d.version == ""
    assert d.version_created == datetime(2013, 10, 20, 19, 27, 51, tzinfo=zone(11))
    assert d.first_created is None
    assert d.headline == "The main stories on today's 1900 ABC TV news"
    # The abstract only repeats the headline.
    assert d.standfirst == ""
    assert d.provider == "Australian Associated Press"
    assert d.status is PubStatus.USABLE
    # date.release equals date.issue: a release stamp, not an embargo.
    assert d.embargoed is None
    assert d.byline == "John Doe"
    assert d.language == ""
    assert d.slugline == ""
    assert d.subjects == (
        Subject("subj:02003001", "law enforcement"),
        Subject("subj:02003002", "investigation"),
    )
    assert (d.ed_note, d.is_correction, d.pictures) == ("", False, ())
    assert d.extra == {
        "urgency": "5",
        "copyrightholder": "Australian Associated Press",
        "expires": "2013-11-19T19:27:51+11:00",
        "located": "Sydney",
    }
    # Empty <p/> are dropped; the agency's hard line breaks stay.
    assert d.body_html.startswith(
        "<p>The main stories on ABC television's 1900 news:</p>"
        "<p>1A) More extreme weather forecast over the next few days the <br>fire situation"
    )
    assert d.body_html.endswith("<p>AAP RTV ar</p>")
    assert "<p></p>" not in d.body_html
    assert d.body_html.count("<p>") == 13


def test_aap_relaying_afp_credits_afp(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "aap_relayed_afp_finance_nitf.xml")
    assert d.guid == "AFP.121974877.6504909"
    assert d.provider == "Agence France Presse"
    assert d.extra["copyrightholder"] == "Agence France Presse"
    assert d.version == ""
    # No offset in the file: read as UTC.
    assert d.version_created == datetime(2014, 11, 26, 15, 27, 3, tzinfo=UTC)
    assert d.embargoed is None
    assert d.headline == "ASIA:Samsung sells defence, petrochemical units"
    assert (d.standfirst, d.byline, d.language, d.ed_note) == ("", "", "", "")
    assert d.status is PubStatus.USABLE
    assert d.subjects == (Subject("subj:04000000", "Finance (General)"),)
    assert not d.is_correction
    assert d.pictures == ()
    assert d.body_html.startswith("<p>SEOUL, Nov 26 AFP - Samsung has announced")
    assert d.body_html.count("<p>") == 14


def test_ap_without_identifier_is_rejected(nitf_dir: Path) -> None:
    with pytest.raises(ParseError, match=r"missing docdata/doc-id/@id-string"):
        nitf.parse((nitf_dir / "ap_nitf_3.4.xml").read_bytes())


def test_ap_reads_once_given_an_identifier(nitf_dir: Path) -> None:
    # Everything but the identifier is usable: prove it, so the rejection
    # above is about the identifier alone.
    data = (nitf_dir / "ap_nitf_3.4.xml").read_bytes()
    data = data.replace(b'<doc-id regsrc="AP" />', b'<doc-id regsrc="AP" id-string="ap-1" />')
    [d] = nitf.parse(data)
    assert d.guid == "ap-1"
    assert d.provider == "AP"
    assert d.version_created == datetime(2015, 12, 10, 19, 10, 44, tzinfo=UTC)
    assert d.headline == "Can trading pollution like stocks help fight climate change?"
    # hl2 "originalHeadline" repeats hl1.
    assert d.standfirst == ""
    assert d.byline == "BERNARD CONDON"  # "By" dropped, byttl is a title
    assert d.ed_note == "For global distribution"
    assert d.body_html.startswith("<p>NEW YORK (AP) — The gas produced by hog manure")
    assert d.body_html.count("<p>") == 28


def test_cp_placeholder_dates_are_no_dates(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "cp_nitf_invalid_date_placeholder.xml")
    assert d.guid == "eed713d46d74499d86b3250fa47b341b"
    assert d.version == ""
    assert d.version_created == datetime(2020, 7, 3, 16, 51, 36, tzinfo=zone(-4))
    # date.release "YYYYMMDD000000-HHMM" is an unfilled template: no embargo.
    assert d.embargoed is None
    assert "expires" not in d.extra
    assert d.first_created == datetime(2020, 7, 3, 16, 51, 36, tzinfo=zone(-4))
    assert d.status is PubStatus.USABLE
    assert d.headline == (
        "Man accused of ramming gate at Rideau Hall with truck faces multiple charges"
    )
    # The abstract holds only a media reference; hl2 is the next best.
    assert d.standfirst == "Rideau Hall suspect faces multiple charges"
    assert d.byline == "Mia Rabson and Jordan Press"
    assert d.provider == "The Canadian Press"  # "All rights reserved." dropped
    assert d.language == ""
    assert d.ed_note == ""  # ed-msg info="" says nothing
    assert not d.is_correction
    # tobject.subject carries only ipr="IPTC", no code.
    assert d.subjects == ()
    # The <media> in the abstract has no media-reference: no picture.
    assert d.pictures == ()
    assert d.extra == {
        "urgency": "2",
        "copyrightholder": "The Canadian Press",
        "located": "Ottawa Ontario Canada",
    }
    assert d.body_html.startswith("<p>OTTAWA - A Manitoba man is facing 22 criminal charges")
    assert d.body_html.endswith(
        "<p>This report by The Canadian Press was first published July 3, 2020.</p>"
    )


def test_efe(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "efe_nitf_en.xml")
    assert d.guid == "22751909"
    assert d.version == ""
    assert d.version_created == datetime(2017, 1, 2, 22, 28, tzinfo=UTC)
    assert d.headline == "Honduran president announces Cabinet changes"
    assert d.standfirst == "Test Abstract"
    assert d.provider == "Agencia EFE"  # body.head rights.owner
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    assert d.language == "en-US"  # nitf/@baselang
    assert d.byline == "gr/bp"
    assert d.subjects == (
        Subject("subj:11006005", "Executive (government)"),
        Subject("EFE:F01001000", "GOVERNMENT"),  # EFE's own scheme stays apart
    )
    assert (d.ed_note, d.is_correction, d.pictures) == ("", False, ())
    assert d.body_html == "<p>Tegucigalpa, Jan 2 (EFE).- Test body.</p>"


def test_canceled_story_with_picture(nitf_dir: Path) -> None:
    notice, d = nitf.parse((nitf_dir / "nitf_canceled_with_media_caption.xml").read_bytes())
    # The document names the one it replaces, whose status is now canceled too.
    assert (notice.guid, notice.status) == ("iptc.321656141.a", PubStatus.CANCELED)
    assert (notice.version, notice.version_is_ordinal) == ("", False)
    assert notice.version_created == datetime(2002, 2, 25, 14, 30, tzinfo=zone(-5))
    assert notice.provider == "International Press Telecommunications Council"
    assert notice.extra == {"notice_from": "iptc.321656141.b"}
    assert d.guid == "iptc.321656141.b"
    assert d.status is PubStatus.CANCELED
    assert d.version == "1"
    assert d.slugline == "ongoing-winter-tide-updates"
    assert d.version_created == datetime(2002, 2, 25, 14, 30, tzinfo=zone(-5))
    assert d.first_created == datetime(2002, 2, 20, 9, 0, tzinfo=zone(-5))
    # date.release is later than date.issue: that is an embargo.
    assert d.embargoed == datetime(2002, 2, 26, 9, 30, tzinfo=zone(-5))
    assert d.headline == "Weather and Tide Updates for Norfolk"
    assert d.standfirst == "Superb weather in Norfolk today. Tides coming in and out as per usual."
    assert d.byline == "Alan Karben"
    assert d.provider == "International Press Telecommunications Council"
    assert d.language == ""
    assert d.subjects == (
        Subject("subj:17000000", "Weather"),
        Subject("subj:17004000", "Statistics"),
        Subject("subj:04001002", "Fishing Industry"),
    )
    # ed-msg, then the non-publishable ("npa") editors' note.
    assert d.ed_note == (
        "Today begins an expanded format of this popular column.\n"
        "This sample article was created completely from scratch in order to illustrate"
        " various features of NITF. Parts of it are somewhat contrived, in order to"
        " illustrate as much of the DTD as possible."
    )
    assert not d.is_correction
    assert d.extra["refers_to"] == "iptc.321656141.a"
    assert d.extra["located"] == "Newport News, VA"
    assert d.pictures == (
        Picture(
            renditions=(
                Rendition(href="high-tide.jpg", width=278, height=185, mime_type="image/jpeg"),
            ),
            caption="The tides, captured on film late yesterday.",
            credit="Karben",
            alt_text="The tides are high.",
        ),
    )
    # The picture is not repeated in the body; block is unwrapped; tagline closes.
    assert "high-tide" not in d.body_html
    assert d.body_html.startswith(
        '<p lang="en-US">The weather was superb today in Norfolk, Virginia.'
        " Made me want to take out my boat, manufactured by the Acme Boat Company.</p>"
    )
    assert "<h2>The Tides are High</h2>" in d.body_html
    assert "<h2>Local Nooks</h2>" in d.body_html
    assert "<ul><li><em>Deer Creek:</em> This area" in d.body_html
    assert d.body_html.endswith(
        "<p>Happy fishing everybody!</p><p>Stewart Klometers contributed to this article.</p>"
    )


def test_ntb_update_48_in_latin1_with_character_references(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "ntb_nitf_iso8859-1_duKey_v48.xml")
    # NTB's id-string carries a per-version suffix ("_47"): kept as sent.
    assert d.guid == "faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c_47"
    assert d.version == "48"
    assert d.slugline == "faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c"
    # Norwegian local time without offset, read as UTC.
    assert d.version_created == datetime(2020, 9, 7, 14, 45, 26, tzinfo=UTC)
    assert d.headline == (
        "Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030"
    )
    assert d.provider == "NTB"  # doc-id/@regsrc
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    assert d.language == "nb-NO"
    assert d.byline == "Geir Molnes / Faktisk.no"
    assert d.standfirst == ""
    assert d.subjects == ()
    assert d.ed_note == (
        "Dette stoffet distribuerer NTB på vegne av Faktisk.no. Det er ikke anledning til"
        " å endre innhold eller konklusjoner i faktasjekker fra Faktisk.no. Ved spørsmål,"
        " ta kontakt med kontakt@faktisk.no."
    )
    assert not d.is_correction
    assert d.pictures == (
        Picture(
            renditions=(Rendition(href="iJIJyyF0tiE", mime_type="image/jpeg"),),
            caption="Foto: NTB / Scanpix, montasje av Faktisk.no",
        ),
    )
    assert d.body_html.startswith(
        "<p>Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030</p>"
        "<h2>Påstand</h2><p>«[Dette dokumentet beskriver] FNs Agenda 21 og Agenda 2030»</p>"
    )
    assert "<ul><li>Én global verdensregjering</li>" in d.body_html
    assert '<a href="https://www.faktisk.no/faktasjekker/a0G">Faktisk.no</a></p>' in d.body_html
    # The embed code arrives as escaped text and must stay text.
    assert "&lt;script async defer src=" in d.body_html
    assert "<script" not in d.body_html
    assert "<div" not in d.body_html


def test_pa_embargoed(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "pa_nitf_embargoed.xml")
    assert d.guid == "4a82e12e-6b39-47eb-8e59-2c616a7e32a4HHH-13-1"
    assert d.version == ""
    assert d.slugline == "PA-HHH-POLITICS-UnitedKingdom"
    assert d.version_created == datetime(2016, 9, 8, 13, 24, 46, tzinfo=zone(1))
    assert d.status is PubStatus.USABLE
    assert d.embargoed == datetime(2016, 9, 9, 0, 1, tzinfo=zone(1))
    assert d.headline == (
        "UK BREAK-UP 'NOT INCONCEIVABLE', FIRST MINISTER WARNS AHEAD OF BREXIT TALKS"
    )
    assert d.standfirst == "The UK risks breaking"
    assert d.byline == "Benjamin Wright, Press Association"
    assert d.provider == "Press Association"
    assert d.language == ""
    assert d.subjects == (Subject("subj:04015000"),)
    # The newline inside the attribute is normalised by XML itself.
    assert d.ed_note == "(see also POLITICS EU) Embargoed to 0001 Friday September 9"
    assert not d.is_correction
    assert d.pictures == ()
    assert d.body_html == (
        "<p>The UK risks breaking up unless all home nations play a hands-on role"
        " in the Brexit negotiations</p>"
    )


def test_pa_real_latin1_bytes(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "pa_nitf_latin1_bytes.xml")
    assert d.guid == "17b7b4c3-6e05-4690-b7cb-37b5c99c9a86HHH-5-1"
    assert d.version == ""
    assert d.version_created == datetime(2016, 10, 11, 0, 13, 27, tzinfo=zone(1))
    assert d.headline == "HARD BREXIT TO COST UK UP TO £66BN A YEAR, SAYS TREASURY"
    assert d.standfirst == (
        "Treasury coffers will take a £66 billion annual hit if Britain goes for a"
        " so-called hard Brexit, Cabinet ministers have been warned."
    )
    assert d.byline == "Sam Lister, Press Association Political Correspondent"
    assert d.provider == "Press Association"
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    assert (d.language, d.ed_note, d.subjects, d.pictures) == ("", "", (), ())
    assert not d.is_correction
    # The raw £ byte (0xA3) is decoded as Latin-1; inline person/org/location unwrap.
    assert d.body_html.startswith(
        "<p>Treasury coffers will take a £66 billion annual hit if Britain goes for a"
    )
    assert "between £38 billion and £66 billion" in d.body_html
    assert "published by George Osborne in April" in d.body_html
    assert d.body_html.endswith("<p>ends</p>")


def test_ritzau_utf8_bytes_declared_latin1(nitf_dir: Path) -> None:
    d = parse_one_file(nitf_dir, "ritzau_nitf_iso8859-1_flash.xml")
    assert d.guid == "20160512:RTZ:8883:0"
    assert d.version == "4"  # du-key version="04"
    assert d.slugline == "NU-FLASH-K"
    assert d.version_created == datetime(2016, 5, 12, 0, 5, 13, tzinfo=zone(2))
    # UTF-8 bytes behind an ISO-8859-1 declaration come out right, not "Ã¥".
    assert d.headline == "*En 41-årig mand, der onsdag blev anholdt og sat i forbindel"
    assert d.provider == "Ritzau"
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    # The file says Norwegian (baselang no-NO) for Danish copy; kept as sent.
    assert d.language == "no-NO"
    assert (d.byline, d.standfirst, d.ed_note) == ("", "", "")
    assert d.subjects == (Subject("subj:02000000", "Kriminalitet og rettsvesen"),)
    assert not d.is_correction
    assert d.pictures == ()
    assert d.body_html.startswith("<p>København /ritzau/: En 41-årig mand, der onsdag blev anholdt")
    assert d.body_html.endswith("<p>Det oplyser Københavns Vestegns Politi.</p><p>/ritzau/</p>")
    assert "Ã" not in d.body_html


# --- one rule at a time ----------------------------------------------------------

DOC_ID = '<doc-id id-string="doc-1"/>'
ISSUED = '<date.issue norm="20240301T100000Z"/>'
WHEN = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def nitf_bytes(
    *,
    docdata: str = DOC_ID + ISSUED,
    docdata_attrs: str = "",
    head: str = "",
    body_head: str = "<hedline><hl1>Headline</hl1></hedline>",
    content: str = "<p>Text.</p>",
    root_attrs: str = "",
    body_attrs: str = "",
    encoding: str = "UTF-8",
) -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        f"<nitf{root_attrs}><head>{head}<docdata{docdata_attrs}>{docdata}</docdata></head>"
        f"<body{body_attrs}><body.head>{body_head}</body.head>"
        f"<body.content>{content}</body.content></body></nitf>"
    )
    return text.encode("utf-8" if encoding.upper() == "UTF-8" else encoding)


def one(**parts: str) -> Dispatch:
    [dispatch] = nitf.parse(nitf_bytes(**parts))
    return dispatch


def error(data: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        nitf.parse(data)
    return str(caught.value)


def html_of(markup: str) -> str:
    return nitf_body_to_html(parse_xml(f"<body.content>{markup}</body.content>".encode()))


def test_minimal_document() -> None:
    d = one()
    assert (d.guid, d.version, d.version_created, d.headline) == ("doc-1", "", WHEN, "Headline")
    assert d.status is PubStatus.USABLE
    assert d.body_html == "<p>Text.</p>"
    assert d.source_format == "nitf"


# identity and version


def test_guid_falls_back_to_regsrc_and_id() -> None:
    assert one(docdata='<doc-id regsrc="XYZ" id="n42"/>' + ISSUED).guid == "XYZ:n42"


@pytest.mark.parametrize("doc_id", ["", "<doc-id/>", '<doc-id id-string="  "/>'])
def test_missing_identifier(doc_id: str) -> None:
    assert error(nitf_bytes(docdata=doc_id + ISSUED)) == (
        "missing docdata/doc-id/@id-string: the document has no identifier"
    )


@pytest.mark.parametrize(("value", "expected"), [("3", "3"), ("007", "7"), ("v2", "v2")])
def test_version_from_du_key(value: str, expected: str) -> None:
    d = one(docdata=DOC_ID + ISSUED + f'<du-key key="slug" version="{value}"/>')
    assert d.version == expected
    assert d.version_is_ordinal
    assert d.slugline == "slug"


# time


def test_version_time_falls_back_to_release_then_publication() -> None:
    release = '<date.release norm="20240302T080000+0100"/>'
    assert one(docdata=DOC_ID + release).version_created == datetime(
        2024, 3, 2, 8, 0, tzinfo=zone(1)
    )
    pubdata = '<pubdata date.publication="20240303T000000Z"/>'
    assert one(docdata=DOC_ID, head=pubdata).version_created == datetime(2024, 3, 3, tzinfo=UTC)


def test_missing_version_time() -> None:
    assert error(nitf_bytes(docdata=DOC_ID)) == (
        "missing version time: none of docdata/date.issue, docdata/date.release"
        " or pubdata/@date.publication holds a date"
    )


def test_placeholder_issue_counts_as_missing() -> None:
    docdata = DOC_ID + '<date.issue norm="YYYYMMDDTHHMMSS"/>'
    assert error(nitf_bytes(docdata=docdata)).startswith("missing version time")


def test_malformed_issue_date_is_named() -> None:
    docdata = DOC_ID + '<date.issue norm="last Tuesday"/>'
    assert error(nitf_bytes(docdata=docdata)) == (
        "invalid date.issue/@norm: 'last Tuesday' is not an ISO 8601 date-time"
    )


def test_date_as_element_text() -> None:
    docdata = DOC_ID + "<date.issue>2024-03-01T10:00:00Z</date.issue>"
    assert one(docdata=docdata).version_created == WHEN


def test_unreadable_first_created_is_dropped() -> None:
    head = '<revision-history norm="garbage"/><revision-history norm="20240229T090000Z"/>'
    assert one(head=head).first_created == datetime(2024, 2, 29, 9, 0, tzinfo=UTC)


# status and embargo


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("usable", PubStatus.USABLE),
        ("withheld", PubStatus.WITHHELD),
        ("canceled", PubStatus.CANCELED),
        ("Canceled", PubStatus.CANCELED),
        ("cancelled", PubStatus.CANCELED),
    ],
)
def test_management_status(value: str, status: PubStatus) -> None:
    assert one(docdata_attrs=f' management-status="{value}"').status is status


def test_unknown_management_status_is_refused() -> None:
    assert error(nitf_bytes(docdata_attrs=' management-status="killed"')) == (
        "invalid docdata/@management-status: 'killed'"
        " (expected usable, embargoed, withheld or canceled)"
    )


# a document that kills or holds the one it names


@pytest.mark.parametrize(
    ("attrs", "status"),
    [
        (' management-doc-idref="doc-0" management-idref-status="canceled"', PubStatus.CANCELED),
        (' management-doc-idref="doc-0" management-idref-status="Withheld"', PubStatus.WITHHELD),
        # A canceled document that does not say what becomes of the one it
        # names takes it down too.
        (' management-status="canceled" management-doc-idref="doc-0"', PubStatus.CANCELED),
    ],
)
def test_a_document_naming_another_as_killed_or_held_gives_a_notice_for_it(
    attrs: str, status: PubStatus
) -> None:
    notice, document = nitf.parse(nitf_bytes(docdata_attrs=attrs))
    assert document.guid == "doc-1"
    assert (notice.guid, notice.status, notice.version_created) == ("doc-0", status, WHEN)
    # Its place among the other document's versions is set by time alone.
    assert (notice.version, notice.version_is_ordinal) == ("", False)
    assert notice.ed_note == f"{status.value} by NITF document doc-1"
    assert notice.extra == {"notice_from": "doc-1"}


@pytest.mark.parametrize(
    "attrs",
    [
        ' management-doc-idref="doc-0"',
        ' management-doc-idref="doc-0" management-idref-status="usable"',
        ' management-doc-idref="doc-0" management-idref-status="embargoed"',
        ' management-status="withheld" management-doc-idref="doc-0"',
        ' management-status="canceled" management-doc-idref="doc-1"',
    ],
)
def test_naming_another_document_without_killing_it_gives_no_notice(attrs: str) -> None:
    assert one(docdata_attrs=attrs).extra["refers_to"] in ("doc-0", "doc-1")


def test_unknown_referenced_status_is_refused() -> None:
    attrs = ' management-doc-idref="doc-0" management-idref-status="dead"'
    assert error(nitf_bytes(docdata_attrs=attrs)) == (
        "invalid docdata/@management-idref-status: 'dead'"
        " (expected usable, embargoed, withheld or canceled)"
    )


def test_embargoed_status_uses_release_time() -> None:
    docdata = DOC_ID + ISSUED + '<date.release norm="20240302T060000Z"/>'
    d = one(docdata=docdata, docdata_attrs=' management-status="embargoed"')
    assert d.status is PubStatus.USABLE
    assert d.embargoed == datetime(2024, 3, 2, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("release", ["", '<date.release norm="YYYYMMDD000000-HHMM"/>'])
def test_embargoed_without_release_time_is_withheld(release: str) -> None:
    d = one(docdata=DOC_ID + ISSUED + release, docdata_attrs=' management-status="embargoed"')
    assert d.status is PubStatus.WITHHELD
    assert d.embargoed is None


def test_later_release_is_an_embargo_even_without_the_status() -> None:
    docdata = DOC_ID + ISSUED + '<date.release norm="20240301T120000Z"/>'
    assert one(docdata=docdata).embargoed == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("norm", ["20240301T100000Z", "20240301T090000Z"])
def test_release_not_after_issue_is_no_embargo(norm: str) -> None:
    assert one(docdata=DOC_ID + ISSUED + f'<date.release norm="{norm}"/>').embargoed is None


def test_unreadable_release_rejects_the_story() -> None:
    docdata = DOC_ID + ISSUED + '<date.release norm="soon"/>'
    assert error(nitf_bytes(docdata=docdata)) == (
        "invalid date.release/@norm: 'soon' is not an ISO 8601 date-time"
    )


def test_unreadable_expiry_is_ignored() -> None:
    docdata = DOC_ID + ISSUED + '<date.expire norm="never"/>'
    assert "expires" not in one(docdata=docdata).extra


# notes and corrections


def test_correction_sets_flag_and_says_what_changed() -> None:
    docdata = DOC_ID + ISSUED + '<correction info="Fixes spelling of name." id-string="doc-0"/>'
    d = one(docdata=docdata)
    assert d.is_correction
    assert d.ed_note == "Fixes spelling of name."


def test_no_correction_element_is_no_correction() -> None:
    assert not one().is_correction


def test_ed_notes_gathered_and_never_in_the_body() -> None:
    docdata = DOC_ID + ISSUED + '<ed-msg info="Eds: note one."/><ed-msg info=""/>'
    content = (
        '<note type="npa"><p>Do not publish this.</p></note>'
        '<note type="pa"><p>Publishable note.</p></note><p>Text.</p>'
    )
    d = one(docdata=docdata, content=content)
    assert d.ed_note == "Eds: note one.\nDo not publish this."
    assert d.body_html == "<p>Publishable note.</p><p>Text.</p>"


# words


def test_headline_falls_back_to_title() -> None:
    assert one(head="<title>From title</title>", body_head="").headline == "From title"


def test_usable_story_needs_a_headline() -> None:
    assert error(nitf_bytes(body_head="<hedline><hl1>  </hl1></hedline>")) == (
        "missing headline: no body.head/hedline/hl1 and no head/title"
    )


def test_kill_needs_no_headline() -> None:
    d = one(body_head="", docdata_attrs=' management-status="canceled"')
    assert (d.status, d.headline) == (PubStatus.CANCELED, "")


def test_headline_text_spans_markup_and_whitespace() -> None:
    body_head = "<hedline><hl1>Over\n   <em>two</em> lines</hl1></hedline>"
    assert one(body_head=body_head).headline == "Over two lines"


def test_standfirst_prefers_abstract_over_hl2() -> None:
    body_head = (
        "<hedline><hl1>H</hl1><hl2>Second deck</hl2></hedline>"
        "<abstract><p>First.</p><p>Second.</p></abstract>"
    )
    assert one(body_head=body_head).standfirst == "First. Second."
    assert one(body_head="<hedline><hl1>H</hl1><hl2>Deck</hl2></hedline>").standfirst == "Deck"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("<byline>By Jane Doe</byline>", "Jane Doe"),
        ("<byline>BY JANE DOE<byttl>Staff Writer</byttl></byline>", "JANE DOE"),
        ("<byline>By <person>Ann</person> and <person>Bob</person></byline>", "Ann, Bob"),
        ("<byline>Bystander Report</byline>", "Bystander Report"),
        ("<byline>A</byline><byline>B</byline><byline>A</byline>", "A, B"),
        ("", ""),
    ],
)
def test_byline(byline: str, expected: str) -> None:
    assert one(body_head="<hedline><hl1>H</hl1></hedline>" + byline).byline == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            {
                "docdata": DOC_ID.replace("/>", ' regsrc="REG"/>')
                + ISSUED
                + '<doc.copyright holder="© 2024 Holder Inc. All rights reserved."/>'
            },
            "Holder Inc",
        ),
        ({"docdata": DOC_ID.replace("/>", ' regsrc="REG"/>') + ISSUED}, "REG"),
        (
            {"body_head": "<hedline><hl1>H</hl1></hedline><distributor>Dist</distributor>"},
            "Dist",
        ),
        (
            {
                "docdata": DOC_ID
                + ISSUED
                + '<del-list><from-src src-name="Origin" level-number="1"/></del-list>'
            },
            "Origin",
        ),
        ({"head": '<pubdata name="Paper"/>'}, "Paper"),
        ({}, ""),
    ],
)
def test_provider_order(parts: dict[str, str], expected: str) -> None:
    assert one(**parts).provider == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"body_attrs": ' xml:lang="de"', "root_attrs": ' baselang="en-US"'}, "de"),
        ({"root_attrs": ' xml:lang="fr" baselang="en-US"'}, "fr"),
        ({"root_attrs": ' baselang="sv-SE"'}, "sv-SE"),
        ({"head": '<meta name="language" content="da"/>'}, "da"),
        ({}, ""),
    ],
)
def test_language(parts: dict[str, str], expected: str) -> None:
    assert one(**parts).language == expected


# subjects


def test_subjects_from_tobject_and_classifiers() -> None:
    head = (
        '<tobject><tobject.subject tobject.subject.refnum="15000000" tobject.subject.type="Sport"/>'
        '<tobject.subject tobject.subject.ipr="IPTC" tobject.subject.refnum="15000000"/>'
        '<tobject.subject tobject.subject.ipr="XYZ" tobject.subject.refnum="A1"'
        ' tobject.subject.type="T" tobject.subject.matter="M"/>'
        '<tobject.subject tobject.subject.refnum="123"/></tobject>'
    )
    docdata = (
        DOC_ID
        + ISSUED
        + "<identified-content>"
        + '<classifier idsrc="http://cv.iptc.org/newscodes/mediatopic/" value="20000106">'
        + "art exhibition</classifier>"
        + '<classifier idsrc="acme" value="culture">Culture</classifier>'
        + '<classifier value="bare"/><classifier idsrc="x"/>'
        + "</identified-content>"
    )
    assert one(head=head, docdata=docdata).subjects == (
        Subject("subj:15000000", "Sport"),
        Subject("XYZ:A1", "M"),
        Subject("123"),
        Subject("medtop:20000106", "art exhibition"),
        Subject("acme:culture", "Culture"),
        Subject("bare"),
    )


# pictures


def test_picture_renditions_caption_and_credit() -> None:
    content = (
        '<media media-type="image" id="m1">'
        '<media-reference source="big.jpg" mime-type="image/jpeg" width="2000" height="1000"'
        ' name="master" copyright="Agency" alternate-text="Alt."/>'
        '<media-reference source="small.jpg" width="200" height="100"/>'
        '<media-reference source="caption.xml" mime-type="text/xml"/>'
        "<media-caption>\n A  caption. </media-caption>"
        "<media-producer>Jo Photographer</media-producer></media><p>Text.</p>"
    )
    [picture] = one(content=content).pictures
    assert picture == Picture(
        renditions=(
            Rendition("big.jpg", "master", 2000, 1000, "image/jpeg"),
            Rendition("small.jpg", "", 200, 100, ""),
        ),
        caption="A caption.",
        credit="Agency / Jo Photographer",
        alt_text="Alt.",
        guid="m1",
    )
    assert picture.best_rendition() == Rendition("big.jpg", "master", 2000, 1000, "image/jpeg")


@pytest.mark.parametrize(
    ("media", "credit"),
    [
        ('<media-reference source="a.jpg" source-credit="Source Credit"/>', "Source Credit"),
        (
            '<media-reference source="a.jpg"/><media-metadata name="Credit" value="Meta"/>',
            "Meta",
        ),
        (
            '<media-reference source="a.jpg" copyright="AFP"/>'
            "<media-producer>X/AFP</media-producer>",
            "X/AFP",
        ),
    ],
)
def test_picture_credit_sources(media: str, credit: str) -> None:
    [picture] = one(content=f'<media media-type="image">{media}</media>').pictures
    assert picture.credit == credit


def test_non_image_media_and_media_without_reference_are_no_pictures() -> None:
    content = (
        '<media media-type="video"><media-reference source="v.mp4"/></media>'
        '<media media-type="image"><media-caption>No file</media-caption></media>'
        '<media media-type="image"><media-reference source="x.pdf" mime-type="application/pdf"/>'
        "</media>"
    )
    assert one(content=content).pictures == ()


def test_bad_dimensions_are_unknown() -> None:
    content = (
        '<media media-type="image">'
        '<media-reference source="a.jpg" width="-3" height="wide"/></media>'
    )
    [picture] = one(content=content).pictures
    assert picture.renditions == (Rendition("a.jpg"),)


# body.content to HTML


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One</p><p>Two</p>", "<p>One</p><p>Two</p>"),
        ("<p>  Spaced\n   out  </p>", "<p>Spaced out</p>"),
        ("<p/><p>  </p><p>x</p>", "<p>x</p>"),
        ("<hl2>Sub</hl2>", "<h2>Sub</h2>"),
        ("<block><hl2>In</hl2><p>Block</p></block>", "<h2>In</h2><p>Block</p>"),
        (
            "<bq><block><p>Quoted.</p></block><credit>Someone</credit></bq>",
            "<blockquote><p>Quoted.</p><p><cite>Someone</cite></p></blockquote>",
        ),
        (
            "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>",
            "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>",
        ),
        (
            '<p><a href="https://example.org/?a=1&amp;b=2">link</a></p>',
            '<p><a href="https://example.org/?a=1&amp;b=2">link</a></p>',
        ),
        (
            '<p><a href="/local">rel</a> <a href="mailto:x@example.org">mail</a></p>',
            '<p><a href="/local">rel</a> <a href="mailto:x@example.org">mail</a></p>',
        ),
        (
            "<p><em>e</em> <strong>s</strong> <q>q</q></p>",
            "<p><em>e</em> <strong>s</strong> <q>q</q></p>",
        ),
        ("<p>line<br/>break</p>", "<p>line<br>break</p>"),
        (
            "<p><person>Ann</person> of <org>Org</org> in <location>Paris</location>"
            " paid <money>€5</money></p>",
            "<p>Ann of Org in Paris paid €5</p>",
        ),
        (
            '<table><tr><th colspan="2">Head</th></tr><tr><td>1</td><td/></tr></table>',
            '<table><tr><th colspan="2">Head</th></tr><tr><td>1</td><td></td></tr></table>',
        ),
        (
            "<nitf-table><nitf-table-metadata/><table><tr><td>x</td></tr></table></nitf-table>",
            "<table><tr><td>x</td></tr></table>",
        ),
        (
            "<dl><dt>Term</dt><dd>Definition</dd></dl>",
            "<p><strong>Term</strong></p><p>Definition</p>",
        ),
        ("<pre>a\n  b</pre>", "<pre>a\n  b</pre>"),
        ("<p>a &lt; b &amp; c &gt; d</p>", "<p>a &lt; b &amp; c &gt; d</p>"),
        ('<p xml:lang="de">Hallo</p>', '<p lang="de">Hallo</p>'),
        ("<hr/>", "<hr>"),
    ],
)
def test_body_mapping(markup: str, expected: str) -> None:
    assert html_of(markup) == expected


def test_loose_text_and_inline_runs_become_paragraphs() -> None:
    assert html_of("Loose <em>text</em> here<p>Para</p> tail text") == (
        "<p>Loose <em>text</em> here</p><p>Para</p><p>tail text</p>"
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>before<script>alert(1)</script>after</p>", "<p>beforeafter</p>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ("<p><style>p{}</style>styled</p>", "<p>styled</p>"),
        (
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        ),
        ('<p><a href="javascript:alert(1)">click</a></p>', "<p>click</p>"),
        ('<p><a href=" JavaScript:alert(1)">click</a></p>', "<p>click</p>"),
        ('<p onclick="alert(1)" class="x">plain</p>', "<p>plain</p>"),
        ('<p><a href="x" onmouseover="alert(1)">a</a></p>', '<p><a href="x">a</a></p>'),
        (
            '<p><a href="&quot;&gt;&lt;script&gt;">a</a></p>',
            '<p><a href="&quot;&gt;&lt;script&gt;">a</a></p>',
        ),
        ('<p><img src="x" onerror="alert(1)"/>no image</p>', "<p>no image</p>"),
        ("<p><iframe>frame</iframe>kept</p>", "<p>kept</p>"),
    ],
)
def test_body_mapping_never_emits_live_script(markup: str, expected: str) -> None:
    assert html_of(markup) == expected


def test_unknown_elements_are_unwrapped_and_keep_their_text() -> None:
    assert html_of("<p>a <custom>b</custom> c</p><wrapper><p>d</p></wrapper>") == (
        "<p>a b c</p><p>d</p>"
    )


def test_media_is_left_to_the_pictures() -> None:
    assert (
        html_of('<media media-type="image"><media-caption>Cap</media-caption></media><p>x</p>')
        == "<p>x</p>"
    )


def test_body_mapping_accepts_a_whole_nitf_document() -> None:
    root = parse_xml(
        nitf_bytes(content="<p>Body</p>").replace(
            b"</body>", b"<body.end><tagline>Tag</tagline></body.end></body>"
        )
    )
    assert nitf_body_to_html(root) == "<p>Body</p><p>Tag</p>"


def test_body_mapping_ignores_namespaces() -> None:
    element = parse_xml(
        b'<body.content xmlns="http://iptc.org/std/NITF/2006-10-18/">'
        b"<p>One <em>two</em></p><hl2>Three</hl2></body.content>"
    )
    assert nitf_body_to_html(element) == "<p>One <em>two</em></p><h2>Three</h2>"


def test_namespaced_nitf_document_parses() -> None:
    data = nitf_bytes(root_attrs=' xmlns="http://iptc.org/std/NITF/2006-10-18/"')
    [d] = nitf.parse(data)
    assert (d.guid, d.headline, d.body_html) == ("doc-1", "Headline", "<p>Text.</p>")


# encodings


def test_utf8_bytes_under_a_latin1_declaration_are_read_as_utf8() -> None:
    data = nitf_bytes(body_head="<hedline><hl1>Økonomi på 5 €</hl1></hedline>").replace(
        b'encoding="UTF-8"', b'encoding="ISO-8859-1"'
    )
    assert one_from(data).headline == "Økonomi på 5 €"


def test_real_latin1_stays_latin1() -> None:
    data = nitf_bytes(
        body_head="<hedline><hl1>Økonomi på 5 &#8364;</hl1></hedline>", encoding="iso-8859-1"
    )
    assert b"\xd8konomi" in data
    assert one_from(data).headline == "Økonomi på 5 €"


def test_repair_leaves_other_encodings_alone() -> None:
    root = parse_xml(nitf_bytes())
    assert repair_mislabelled_utf8(root) is root


def one_from(data: bytes) -> Dispatch:
    [dispatch] = nitf.parse(data)
    return dispatch


# refusals


def test_malformed_xml_is_refused_with_position() -> None:
    assert error(b"<nitf><head></nitf>").startswith("malformed XML at line 1, column")


def test_entity_declarations_are_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<nitf><body><body.head><hedline><hl1>&xxe;</hl1></hedline></body.head></body></nitf>"
    )
    assert error(xxe) == "XML with entity declarations is refused (entity expansion, XXE)"


def test_other_roots_are_refused() -> None:
    assert error(b"<NewsML/>") == "expected an NITF document (root <nitf>), got <NewsML>"


def test_parse_root_takes_a_parsed_document() -> None:
    [d] = nitf.parse_root(parse_xml(nitf_bytes()))
    assert d.guid == "doc-1"


# robustness


@settings(
    max_examples=200,
    deadline=2000,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_mutated_files_give_dispatches_or_a_parse_error(
    nitf_dir: Path, data: st.DataObject
) -> None:
    seeds = [(nitf_dir / name).read_bytes() for name in NITF_FILES]
    survives(nitf.parse, data.draw(mutated(seeds, most=6)))
