"""The ANPA-1312 / IPTC 7901 parser: the real takes first, then one small case per rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manchette.wires.dispatch import Dispatch, ParseError, PubStatus
from manchette.wires.formats import anpa
from tests.wires.fuzzing import mutated, survives

ANPA_FILES = (
    "ap_anpa1312_1stLd_writethru.tst",
    "ap_anpa1312_newsalert.tst",
    "ap_anpa1312_short_writethru.tst",
    "ap_anpa1312_sports_table.tst",
    "ap_anpa1312_story.tst",
    "dpa_iptc7901.txt",
    "dpa_iptc7901_odd_charset.txt",
    "dpa_iptc7901_refile_1st_lead.txt",
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- takes built here, one rule at a time ----------------------------------------

AP_TEXT = (
    "^BC-US--Ethanol-Losing Grassland,1140<\n"
    "^Prairies vanish in the US push for green energy<\n"
    "^By JANE DOE=\n"
    "^Associated Press=\n"
    "\t   ROSCOE, South Dakota (AP) _ Corn is king.\n"
    " \n"
    "\t   Prairie is not.\n"
    " \n"
)


def ap_take(
    version: str = "",
    *,
    keyword: str = "BC-US--Ethanol-LosingGra",
    date: str = "11-13",
    sequence: str = "2607",
    trailer: str = "AP-WF-11-13-13 0745GMT",
    text: str = AP_TEXT,
    format_codes: str = "\x13\x11",
) -> bytes:
    version_field = f" {version}" if version else ""
    return (
        f"\x16\x16\x01W{sequence}\x1fasian\n"
        f"r a{format_codes} {keyword}{version_field}   {date} 1693\n"
        f"\x02{text}\t   \x03{trailer}<\n\n\x0c\n\x04"
    ).encode()


DPA_TEXT = (
    "Coalition talks could fail =\r\n\r\n   Berlin (dpa) - Talks could fail.\r\n\r\ndpa wsz\r\n"
)


def dpa_take(
    *markers: str,
    keyword: str = "Germany-politics/",
    trailer: str = "131137 GMT Nov 13",
    text: str = DPA_TEXT,
) -> bytes:
    lines = "".join(f"{marker}\r\n" for marker in markers)
    return (
        f"\x01eca062 4 i 211 ccccb   dpa 061\r\n\r\n{keyword}\r\n"
        f"\x02{lines}{text}\r\n\x03{trailer} \r\n\x7f\n\x7f\x04"
    ).encode()


def parse_one(data: bytes) -> Dispatch:
    dispatches = anpa.parse(data)
    assert len(dispatches) == 1
    return dispatches[0]


# --- the real files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def anpa_dir(wire_fixtures: Path) -> Path:
    return wire_fixtures / "anpa"


def parse_file(folder: Path, name: str) -> Dispatch:
    return parse_one((folder / name).read_bytes())


def test_every_fixture_is_covered_here(anpa_dir: Path) -> None:
    # A file added to the corpus must get its own expectations below.
    assert sorted(p.name for p in anpa_dir.iterdir()) == sorted(ANPA_FILES)


@pytest.mark.parametrize("name", ANPA_FILES)
def test_every_fixture_is_sniffed_and_parses(anpa_dir: Path, name: str) -> None:
    data = (anpa_dir / name).read_bytes()
    assert anpa.looks_like(data)
    dispatch = parse_one(data)
    assert dispatch.version_created.tzinfo is not None
    assert dispatch.source_format == ("anpa-1312" if name.startswith("ap_") else "iptc-7901")
    assert dispatch.provider == ("AP" if name.startswith("ap_") else "dpa")
    assert dispatch.headline
    # Framing never leaks into the text.
    for code in ("\x01", "\x02", "\x03", "\x04", "\x08", "\x1e", "\x1f", "^", "AP-WF-"):
        assert code not in dispatch.body_html
        assert code not in dispatch.headline


def test_ap_story(anpa_dir: Path) -> None:
    story = parse_file(anpa_dir, "ap_anpa1312_story.tst")
    assert story.guid == "AP:2013-11-13:LT--Argentina-CancerB"
    assert story.version == "1"
    assert story.version_is_ordinal
    assert story.version_created == utc(2013, 11, 13, 15, 9)  # "AP-WF-11-13-13 1509GMT"
    assert story.headline == "For Argentine chemo patients, mirrors can hurt"
    assert story.byline == "PAUL BYRNE and ALMUDENA CALATRAVA"
    assert story.slugline == "Argentina-Cancer Beauty"
    assert story.ed_note == "With AP Photos."
    assert not story.is_correction
    assert story.status is PubStatus.USABLE
    assert story.language == ""
    assert story.body_html.startswith(
        "<p>BUENOS AIRES, Argentina (AP) — For cancer patients dealing with the physical"
    )
    assert story.body_html.count("<p>") == 15
    # AP's 7-bit quotes become typographic ones.
    assert "<p>“Look Good Feel Better” is a program" in story.body_html
    assert "So they are faced with, ‘This is who I am,’ and from there on" in story.body_html
    assert story.body_html.endswith(
        "<p>___</p><p>APTN contributor Kacey Cherry in Buenos Aires helped with this story.</p>"
    )
    assert story.extra == {
        "keyword": "BC-LT--Argentina-CancerB",
        "sequence": "2870",
        "service_level": "W",
        "selectors": "asian",
        "priority": "f",
        "category": "l",
        "format": "DC3+DC1",
        "word_count": "466",
        "header_word_count": "1049",
        "photos": "XNP101, XNP102, XNP103, XNP104, XNP105, XNP106",
        "byline_title": "Associated Press",
    }


def test_ap_first_lead_writethru(anpa_dir: Path) -> None:
    lead = parse_file(anpa_dir, "ap_anpa1312_1stLd_writethru.tst")
    assert lead.guid == "AP:2013-11-13:US--Ethanol-LosingGra"
    assert lead.version == "2"
    assert lead.version_is_ordinal
    assert not lead.is_correction
    assert lead.extra["update"] == "1stLd-Writethru"
    assert lead.version_created == utc(2013, 11, 13, 7, 45)
    assert lead.headline == "Prairies vanish in the US push for green energy"
    assert lead.byline == "CHET BROKAW and JACK GILLUM"
    assert lead.slugline == "Ethanol-Losing Grassland"
    assert lead.ed_note == (
        "Restores reference in 3rd paragraph to years when fuel became No. 1 use for corn. "
        "Adds video link. With AP Photos. AP Video. For global distribution"
    )
    # The EDITOR'S NOTE is written for readers: it opens the body.
    assert lead.body_html.startswith(
        "<p>EDITOR’S NOTE — This is part of an Associated Press investigation into the hidden "
        "costs of green energy.</p><p>ROSCOE, South Dakota (AP) — Robert Malsam nearly went broke"
    )
    assert lead.body_html.count("<p>") == 35
    assert lead.extra["photos"] == "SDDD101, SDDD102, GFX0456"
    assert lead.extra["word_count"] == "1140"


def test_ap_short_writethru_with_crlf(anpa_dir: Path) -> None:
    short = parse_file(anpa_dir, "ap_anpa1312_short_writethru.tst")
    assert short.guid == "AP:2016-08-29:US--GiantLobsterDeath"
    assert short.version == "2"
    assert short.version_created == utc(2016, 8, 29, 16, 26)
    assert short.headline == "$210 lobster is found dead"
    assert short.slugline == "Giant Lobster Death"
    assert short.ed_note == "APNewsNow. Changes short headline. New approach."
    assert short.body_html == "<p>CHATHAM, Mass. (AP) — A lobster died.</p>"
    assert short.byline == ""
    assert short.extra["selectors"] == "glbsm"
    assert short.extra["category"] == "d"


def test_ap_news_alert_is_a_headline_without_body(anpa_dir: Path) -> None:
    alert = parse_file(anpa_dir, "ap_anpa1312_newsalert.tst")
    assert alert.headline == (
        "Hawaii files court challenge to Trump administration’s definition of close U.S. "
        "relationship needed to avoid travel ban."
    )
    assert alert.body_html == ""
    # Every alert is slugged "APNewsAlert": the sequence number tells them apart.
    assert alert.guid == "AP:2017-06-29:US--APNewsAlert:1645"
    assert alert.version == "1"
    assert alert.version_created == utc(2017, 6, 29, 23, 50)
    assert alert.slugline == "APNewsAlert"
    assert alert.extra["priority"] == "b"
    assert alert.extra["word_count"] == "17"
    assert alert.extra["header_word_count"] == "0358"


def test_ap_sports_table_stays_a_readable_table(anpa_dir: Path) -> None:
    data = (anpa_dir / "ap_anpa1312_sports_table.tst").read_bytes()
    assert data[1254] == 0xF3  # not UTF-8: Latin-1 "ó"
    table = parse_one(data)
    assert table.guid == "AP:2019-08-18:BBO--WildCardGlance"
    assert table.version == "1"
    assert table.version_created == utc(2019, 8, 18, 20, 17)
    assert table.headline == "Wild Card Glance"
    assert table.byline == "The Associated Press"
    assert table.slugline == "Wild Card Glance"
    assert table.extra["format"] == "DC4+DC2"
    # Neither the slug line nor the keyword line gives a count.
    assert "word_count" not in table.extra
    assert "header_word_count" not in table.extra
    assert table.body_html.startswith("<p>All Times EDT</p><p>AMERICAN LEAGUE</p><pre>")
    assert table.body_html.count("<pre>") == 2
    american = table.body_html.split("<pre>")[1].split("</pre>")[0].split("\n")
    assert american[:3] == [
        "              W   L   Pct  WCGB",
        "Tampa Bay    73  52  .584     —",
        "Cleveland    73  51  .589     —",
    ]
    # AP's "{" is one half: Chicago is 16½ games behind Tampa Bay (73-52).
    assert "Chicago      55  67  .451   16½" in american
    assert len(american) == 13
    assert "<p>Kansas City (López 1-7) at Baltimore (Means 8-8), 7:05 p.m.</p>" in table.body_html
    assert "<p>Saturday’s Games</p><p>N.Y. Yankees 6, Cleveland 5</p>" in table.body_html
    assert "San Francisco  63  61  .508    2½" in table.body_html


def test_dpa_7901(anpa_dir: Path) -> None:
    story = parse_file(anpa_dir, "dpa_iptc7901.txt")
    assert story.guid == "dpa:2013-11-13:Germany-politics"
    assert story.version == "1"
    assert story.version_created == utc(2013, 11, 13, 11, 37)  # "131137 GMT Nov 13"
    assert story.headline == "Germany Social Democrats: Coalition talks with Merkel could fail"
    assert story.byline == ""
    assert story.slugline == "Germany-politics"
    assert story.ed_note == ""
    assert story.body_html.startswith(
        "<p>Berlin (dpa) - Negotiations between German conservatives headed by Chancellor "
        "Angela Merkel and the left-leaning Social Democrats (SPD) on forming a coalition "
        "government could fail, a senior SPD member warned Wednesday.</p>"
    )
    assert story.body_html.count("<p>") == 5
    assert story.body_html.endswith("sworn in for a third term before Christmas.</p>")
    # The notebook and its contacts are not for publication.
    for private in ("NOTEBOOK", "Wolfgang Schmidt", "2852", "wsz"):
        assert private not in story.body_html
    assert story.extra == {
        "keyword": "Germany-politics",
        "sequence": "eca062",
        "priority": "4",
        "category": "i",
        "word_count": "211",
        "signoff": "wsz jln npr",
    }


def test_dpa_odd_charset_is_latin_1(anpa_dir: Path) -> None:
    data = (anpa_dir / "dpa_iptc7901_odd_charset.txt").read_bytes()
    assert data[3216] == 0xFC  # the only byte above 0x7F
    lead = parse_one(data)
    assert "Bastian Schweinsteiger and Thomas Müller, and" in lead.body_html
    assert lead.guid == "dpa:2015-10-07:Germany-football/Munich/Mueller"
    assert lead.version == "2"  # "1ST LEAD"
    assert lead.version_is_ordinal
    assert lead.extra["update"] == "1ST LEAD"
    # "Okt": dpa prints German month names in its English service.
    assert lead.version_created == utc(2015, 10, 7, 13, 41)
    assert lead.headline == "German football saddened by illness to striker legend Mueller"
    assert lead.byline == "Manuel Schwarz, dpa"
    assert lead.ed_note == "adds comments by Germany coach Loew, byline"
    assert lead.body_html.count("<p>") == 21
    for private in ("Barry Whelan", "international@dpa.com", "Notebook"):
        assert private not in lead.body_html
        assert private not in lead.ed_note


def test_dpa_refile_of_a_first_lead(anpa_dir: Path) -> None:
    data = (anpa_dir / "dpa_iptc7901_refile_1st_lead.txt").read_bytes()
    assert data[3014] == 0xA0  # a Latin-1 no-break space, in the contacts
    refile = parse_one(data)
    assert refile.guid == "dpa:2018-11-21:Switzerland/migration/UN"
    # A refile re-sends lead 1: a label ordered by its time, not a number.
    assert refile.version == "2-refile"
    assert not refile.version_is_ordinal
    assert not refile.is_correction
    assert refile.extra["update"] == "REFILE 1ST LEAD"
    assert refile.version_created == utc(2018, 11, 21, 23, 22)
    assert refile.headline == "Switzerland joins list of countries resisting UN migration pact"
    assert refile.byline == "dpa correspondents"
    assert refile.ed_note == "adds head of UNGA in grafs 7-11"
    assert refile.extra["links"] == (
        "[Swiss government statement](http://dpaq.de/EM405)\n"
        "[UN migration pact](http://dpaq.de/hKivX)"
    )
    assert refile.extra["signoff"] == "al rmo hct rmo"
    assert refile.body_html.count("<p>") == 15
    assert refile.body_html.endswith("Hungary, Israel, Poland and the United States.</p>")
    for private in ("Helen", "Rachel More", "Refile", "dpaq.de"):
        assert private not in refile.body_html


def test_a_lead_derived_from_a_real_take_keeps_the_story_guid(anpa_dir: Path) -> None:
    lead_bytes = (anpa_dir / "ap_anpa1312_1stLd_writethru.tst").read_bytes()
    original_bytes = lead_bytes.replace(b"W2607", b"W2411").replace(
        b"LosingGra 1stLd-Writethru   11-13", b"LosingGra     11-13"
    )
    lead, original = parse_one(lead_bytes), parse_one(original_bytes)
    assert original.guid == lead.guid
    assert (original.version, lead.version) == ("1", "2")


# --- versions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markers", "version", "ordinal", "correction", "status"),
    [
        ("", "1", True, False, PubStatus.USABLE),
        ("Urgent", "1", True, False, PubStatus.USABLE),
        ("1stLd", "2", True, False, PubStatus.USABLE),
        ("Writethru", "2", True, False, PubStatus.USABLE),
        ("1stLd-Writethru", "2", True, False, PubStatus.USABLE),
        ("2ndLd-Writethru", "3", True, False, PubStatus.USABLE),
        ("3rdLd-Writethru", "4", True, False, PubStatus.USABLE),
        ("2nd Writethru", "3", True, False, PubStatus.USABLE),
        ("1stLd-Write-Thru", "2", True, False, PubStatus.USABLE),
        ("REFILE", "1-refile", False, False, PubStatus.USABLE),
        ("Correction", "1-correction", False, True, PubStatus.USABLE),
        ("1stLd-Writethru-CORRECTS", "2-correction", False, True, PubStatus.USABLE),
        ("2ndLd-Writethru-Refiled-Corrected", "3-refile-correction", False, True, PubStatus.USABLE),
        ("Kill", "1-kill", False, False, PubStatus.CANCELED),
        ("1stLd-Elimination", "2-kill", False, False, PubStatus.CANCELED),
    ],
)
def test_update_markers_in_the_keyword_line_make_the_version(
    markers: str, version: str, ordinal: bool, correction: bool, status: PubStatus
) -> None:
    take = parse_one(ap_take(markers))
    assert take.version == version
    assert take.version_is_ordinal is ordinal
    assert take.is_correction is correction
    assert take.status is status
    assert take.guid == "AP:2013-11-13:US--Ethanol-LosingGra"


@pytest.mark.parametrize(
    ("markers", "version", "ordinal", "correction"),
    [
        ((), "1", True, False),
        (("1ST LEAD",), "2", True, False),
        (("2ND LEAD",), "3", True, False),
        (("REFILE", "1ST LEAD"), "2-refile", False, False),
        (("CORRECTION",), "1-correction", False, True),
        (("CORRECTION", "2ND LEAD"), "3-correction", False, True),
    ],
)
def test_dpa_update_lines_make_the_version(
    markers: tuple[str, ...], version: str, ordinal: bool, correction: bool
) -> None:
    take = parse_one(dpa_take(*markers))
    assert (take.version, take.version_is_ordinal, take.is_correction) == (
        version,
        ordinal,
        correction,
    )
    assert take.guid == "dpa:2013-11-13:Germany-politics"
    assert take.headline == "Coalition talks could fail"


def test_update_words_in_the_text_do_not_make_a_version() -> None:
    text = AP_TEXT.replace("^By JANE DOE=", "^Eds: CORRECTS spelling. 2nd Ld-Writethru.<")
    take = parse_one(ap_take("", text=text))
    assert (take.version, take.is_correction) == ("1", False)
    assert take.ed_note == "CORRECTS spelling. 2nd Ld-Writethru."


def test_leads_of_one_story_share_its_guid() -> None:
    original = parse_one(ap_take("", sequence="2411", keyword="PM-US--Ethanol-LosingGra"))
    first = parse_one(ap_take("1stLd-Writethru", sequence="2607"))
    second = parse_one(
        ap_take("2ndLd-Writethru", sequence="2950", trailer="AP-WF-11-13-13 2210EST")
    )
    # Sequence numbers and the AM/PM/BC cycle change from take to take; the story does not.
    assert original.guid == first.guid == second.guid == "AP:2013-11-13:US--Ethanol-LosingGra"
    assert [t.version for t in (original, first, second)] == ["1", "2", "3"]


def test_other_stories_and_other_days_get_other_guids() -> None:
    story = parse_one(ap_take(""))
    other_slug = parse_one(ap_take("", keyword="BC-US--Ethanol-Prices"))
    other_desk = parse_one(ap_take("", keyword="BC-LT--Ethanol-LosingGra"))
    next_day = parse_one(ap_take("", date="11-14", trailer="AP-WF-11-14-13 0745GMT"))
    guids = {t.guid for t in (story, other_slug, other_desk, next_day)}
    assert len(guids) == 4
    assert next_day.guid == "AP:2013-11-14:US--Ethanol-LosingGra"


def test_dpa_leads_share_the_guid_of_their_story() -> None:
    original = parse_one(dpa_take())
    lead = parse_one(dpa_take("1ST LEAD", trailer="131524 GMT Nov 13"))
    assert original.guid == lead.guid == "dpa:2013-11-13:Germany-politics"
    assert lead.version_created - original.version_created == timedelta(hours=3, minutes=47)
    assert parse_one(dpa_take(keyword="Germany-football/")).guid != original.guid


def test_news_alerts_of_one_day_are_different_stories() -> None:
    alert = "\t   HONOLULU (AP) _ Something happened.\n"
    first = parse_one(ap_take("", keyword="BC-US--APNewsAlert", sequence="1645", text=alert))
    second = parse_one(ap_take("", keyword="BC-US--APNewsAlert", sequence="1702", text=alert))
    assert first.guid != second.guid
    assert first.headline == "Something happened."
    assert first.body_html == ""


def test_a_partial_take_is_refused() -> None:
    with pytest.raises(ParseError, match=r"'1st Add' is a partial take"):
        anpa.parse(ap_take("1st Add"))
    with pytest.raises(ParseError, match="partial take"):
        anpa.parse(ap_take("Insert"))


# --- time ------------------------------------------------------------------------


def test_the_declared_zone_of_the_trailer_is_kept() -> None:
    take = parse_one(ap_take("", trailer="AP-NY-10-11-23 1415EDT", date="10-11"))
    assert take.version_created == datetime(
        2023, 10, 11, 14, 15, tzinfo=timezone(timedelta(hours=-4))
    )
    assert take.version_created == utc(2023, 10, 11, 18, 15)
    assert take.guid == "AP:2023-10-11:US--Ethanol-LosingGra"


def test_without_a_zone_ap_time_is_eastern_and_dpa_time_is_berlin() -> None:
    ap = parse_one(ap_take("", trailer="AP-NY-11-13-13 0745"))
    assert ap.version_created == utc(2013, 11, 13, 12, 45)  # EST in November
    summer = parse_one(ap_take("", date="07-01", trailer="AP-NY-07-01-13 0745"))
    assert summer.version_created == utc(2013, 7, 1, 11, 45)  # EDT
    dpa = parse_one(dpa_take(trailer="131137 Nov 13"))
    assert dpa.version_created == utc(2013, 11, 13, 10, 37)  # CET


def test_a_december_story_sent_on_new_year_keeps_its_year() -> None:
    take = parse_one(ap_take("1stLd", date="12-31", trailer="AP-WF-01-01-14 0130GMT"))
    assert take.guid == "AP:2013-12-31:US--Ethanol-LosingGra"
    assert take.version_created == utc(2014, 1, 1, 1, 30)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ap_take("", trailer=""), r"no transmission time after ETX .*found '<'"),
        (ap_take("", trailer="AP-WF-11-13-13 0745XYZ"), r"unknown time zone 'XYZ'"),
        (ap_take("", trailer="AP-WF-02-30-13 0745GMT"), r"impossible date or time"),
        (ap_take("", date="13-45"), r"impossible date 13-45"),
        (dpa_take(trailer="131137 GMT Foo 13"), r"unknown month 'Foo'"),
        (dpa_take(trailer=""), r"expected e.g. '131137 GMT Nov 13'"),
    ],
)
def test_an_unreadable_time_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        anpa.parse(data)


# --- bytes -----------------------------------------------------------------------


def test_utf8_is_read_as_utf8() -> None:
    data = ap_take("", text=AP_TEXT.replace("Corn is king", "Café crème"))
    assert "Café crème" in parse_one(data).body_html


def test_windows_1252_quotes_are_characters() -> None:
    data = ap_take("").replace(b"Corn is king", b"\x93Corn\x94 is king")
    assert "“Corn” is king" in parse_one(data).body_html


def test_a_byte_that_is_no_text_is_reported_with_its_offset() -> None:
    data = ap_take("").replace(b"Corn is king", b"Corn \x81 is king")
    offset = data.index(b"\x81")
    with pytest.raises(
        ParseError,
        match=rf"^byte 0x81 at byte offset {offset} is not text in UTF-8 nor in Latin-1",
    ):
        anpa.parse(data)


def test_mixed_encodings_are_refused_not_guessed() -> None:
    data = ap_take("").replace(b"Corn is king", "Café".encode() + b" M\xfcller")
    offset = data.index(b"\xfc")
    with pytest.raises(
        ParseError, match=rf"invalid UTF-8: byte 0xfc at byte offset {offset} .*mixed encodings"
    ):
        anpa.parse(data)


def test_iso_2022_escape_sequences_are_refused() -> None:
    data = ap_take("").replace(b"Corn is king", b"\x1b(KCorn")
    offset = data.index(b"\x1b")
    with pytest.raises(ParseError, match=rf"escape sequence \(ESC\) at byte offset {offset}"):
        anpa.parse(data)


# --- framing ---------------------------------------------------------------------


def test_looks_like_sniffs_the_framing() -> None:
    assert anpa.looks_like(ap_take(""))
    assert anpa.looks_like(dpa_take())
    assert anpa.looks_like(b"\r\n\x01eca062 4 i 211\r\n\x02x")
    assert not anpa.looks_like(b'{"uri": "x"}')
    assert not anpa.looks_like(b'<?xml version="1.0"?><rss/>')
    assert not anpa.looks_like(b"")
    assert not anpa.looks_like(b"\x01 heading with no text")
    assert not anpa.looks_like(b"plain text\x01\x02")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"\x04", "empty file"),
        (b"Hello\x02world\x03", r"no SOH \(start of heading\)"),
        (b"\x01W2607\x1fasian\nr a BC-US--X 11-13\n", r"no STX \(start of text\)"),
        (b"\x01W2607\x1fasian\nr a BC-US--X 11-13\n\x02text", r"no ETX .* truncated"),
        (b"\x01\x02text\x03", "empty heading"),
        (b"\x01Hello there\n\x02text\x03", r"unrecognised heading 'Hello there'"),
        (b"\x01W2607\x1fasian\n\x02text\x03", "no keyword line"),
        (b"\x01W2607\x1fasian\nr a BC-US--X\n\x02text\x03", r"unreadable ANPA keyword line"),
        (b"\x01eca062 4 i 211\n\x02Headline =\n\x03131137 GMT Nov 13", "no keyword line"),
    ],
)
def test_broken_framing_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        anpa.parse(data)


def test_control_codes_in_an_error_message_are_shown_not_sent() -> None:
    with pytest.raises(ParseError, match=r"'r a<13><11> BC-US--X'"):
        anpa.parse(b"\x01W2607\x1fasian\nr a\x13\x11 BC-US--X\n\x02text\x03")


def test_several_takes_in_one_file() -> None:
    dispatches = anpa.parse(ap_take("") + b"\r\n" + dpa_take("1ST LEAD"))
    assert [(d.source_format, d.version) for d in dispatches] == [
        ("anpa-1312", "1"),
        ("iptc-7901", "2"),
    ]
    with pytest.raises(ParseError, match=r"^take 2: no ETX"):
        anpa.parse(ap_take("") + b"\x01eca062 4 i 211\n\x02cut")


# --- text ------------------------------------------------------------------------


def test_ap_heading_and_typography() -> None:
    take = parse_one(ap_take(""))
    assert take.headline == "Prairies vanish in the US push for green energy"
    assert take.byline == "JANE DOE"
    assert take.extra["byline_title"] == "Associated Press"
    assert take.slugline == "Ethanol-Losing Grassland"
    assert take.body_html == (
        "<p>ROSCOE, South Dakota (AP) — Corn is king.</p><p>Prairie is not.</p>"
    )


def test_hard_wrapped_ap_lines_join_into_paragraphs() -> None:
    text = (
        "^A headline<\n"
        "\t   FIRST (AP) _ One ``quoted''\nline wrapped.\n"
        "\t   Second paragraph.\n"
        "^A subhead=\n"
        "\t   Third & last <b>.\n"
    )
    take = parse_one(ap_take("", text=text))
    assert take.body_html == (
        "<p>FIRST (AP) — One “quoted” line wrapped.</p><p>Second paragraph.</p>"
        "<p>A subhead</p><p>Third &amp; last &lt;b&gt;.</p>"
    )


def test_a_take_without_headline_line_takes_its_first_sentence() -> None:
    text = (
        "\t   WASHINGTON (AP) _ The U.S. Senate voted on Tuesday to approve a bill that "
        "funds the government for another month and averts a shutdown. The House follows "
        "on Wednesday, and the president has said he will sign it.\n"
        "\t   More text.\n"
    )
    take = parse_one(ap_take("", text=text))
    assert take.headline == (
        "The U.S. Senate voted on Tuesday to approve a bill that funds the government for "
        "another month and averts a shutdown."
    )
    assert take.body_html.startswith("<p>WASHINGTON (AP) — The U.S. Senate voted")
    assert take.body_html.count("<p>") == 2


def test_a_take_with_no_text_at_all_is_refused() -> None:
    with pytest.raises(ParseError, match="no headline"):
        anpa.parse(ap_take("", text="^BC-US--Ethanol-Losing Grassland,0<\n"))


def test_tabular_rows_are_aligned_in_a_pre() -> None:
    text = (
        "^Standings<\n"
        "\x08^\x1f\x1e W\x1e \x1e L\x1e \x1e GB\n"
        "\x08New\x10 York\x1f\x1e 63\x1e \x1e 60\x1e \x1e _\n"
        "\x08Miami\x1f\x1e 145\x1e \x1e 7\x1e \x1e 19{\n"
        "\t   ___\n"
    )
    take = parse_one(ap_take("", text=text, format_codes="\x14\x12"))
    assert take.headline == "Standings"
    assert take.body_html == (
        "<pre>            W   L   GB\nNew York   63  60    —\nMiami     145   7  19½</pre>"
        "<p>___</p>"
    )


def test_dpa_heading_without_terminator_ends_at_the_blank_line() -> None:
    text = "A headline\r\nBy Jane Doe, dpa\r\n\r\nBerlin (dpa) - Text.\r\n"
    take = parse_one(dpa_take(text=text))
    assert take.headline == "A headline"
    assert take.byline == "Jane Doe, dpa"
    assert take.body_html == "<p>Berlin (dpa) - Text.</p>"


def test_dpa_sign_off_without_notebook_leaves_the_body() -> None:
    take = parse_one(dpa_take())
    assert take.body_html == "<p>Berlin (dpa) - Talks could fail.</p>"
    assert take.extra["signoff"] == "wsz"


# --- fuzzing -------------------------------------------------------------------------

FUZZ = settings(
    max_examples=200,
    deadline=2000,  # milliseconds: a parser that takes longer on a small input is hanging
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


SEEDS = [
    ap_take(""),
    ap_take("2ndLd-Writethru-Correction"),
    ap_take(
        "",
        text="^T<\n\x08^\x1f\x1e W\x1e L\n\x08A\x10 B\x1f\x1e 1\x1e 2{\n",
        format_codes="\x14\x12",
    ),
    dpa_take("REFILE", "1ST LEAD"),
    dpa_take(
        text="Headline\r\nBy X, dpa =\r\n\r\nText.\r\n\r\n"
        "# Notebook\r\n## Note to editors\r\n- a\r\n"
    ),
]


@FUZZ
@given(mutated(SEEDS))
def test_mutated_takes_parse_or_fail_cleanly(data: bytes) -> None:
    survives(anpa.parse, data)


@FUZZ
@given(st.binary(max_size=512).map(lambda tail: b"\x16\x16\x01" + tail))
def test_random_bytes_after_soh_parse_or_fail_cleanly(data: bytes) -> None:
    survives(anpa.parse, data)
