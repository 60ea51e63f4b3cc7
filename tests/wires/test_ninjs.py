"""The ninjs parser: real agency files first, then one small case per rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats import ninjs

NINJS_FILES = (
    "ap_media_api_picture.json",
    "ap_media_api_text.json",
    "bbc_ninjs_composite_wrapped.json",
    "iptc_testsuite_INVALID_pubstatus_cancelled_spelling.json",
    "iptc_testsuite_pubstatus_canceled.json",
    "iptc_testsuite_pubstatus_withheld.json",
    "iptc_v1.4_businesswire_zh.json",
    "iptc_v1.4_complex_composite_associations.json",
    "iptc_v1.4_simple_photo_renditions.json",
    "iptc_v2.1_ap_image.json",
    "iptc_v2.1_dpa_text_de.json",
    "iptc_v2.1_ntb_text_nb-NO.json",
    "iptc_v2.1_sipa_image.json",
    "iptc_v2.1_tt_text_image_sv.json",
    "iptc_v3.0_tt_text_image_sv.json",
    "superdesk_embargoed_featuremedia.json",
    "superdesk_embedded_pictures_utf8.json",
    "superdesk_text_featuremedia_renditions.json",
)

VERSION_CREATED = "2024-03-01T10:00:00Z"
WHEN = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- the real files ------------------------------------------------------------


@pytest.fixture(scope="module")
def ninjs_dir(wire_fixtures: Path) -> Path:
    return wire_fixtures / "ninjs"


def parse_file(folder: Path, name: str) -> list[Dispatch]:
    return ninjs.parse((folder / name).read_bytes())


def parse_one_file(folder: Path, name: str) -> Dispatch:
    dispatches = parse_file(folder, name)
    assert len(dispatches) == 1
    return dispatches[0]


def test_every_fixture_is_covered_here(ninjs_dir: Path) -> None:
    # A file added to the corpus must get its own expectations below.
    assert sorted(p.name for p in ninjs_dir.iterdir()) == sorted(NINJS_FILES)


@pytest.mark.parametrize("name", NINJS_FILES)
def test_every_fixture_parses(ninjs_dir: Path, name: str) -> None:
    for dispatch in parse_file(ninjs_dir, name):
        assert dispatch.guid
        assert dispatch.version_created.tzinfo is not None
        assert dispatch.source_format in ("ninjs-1", "ninjs-2", "ninjs-3")
        for picture in dispatch.pictures:
            assert picture.renditions
            assert all(r.href for r in picture.renditions)


@pytest.mark.parametrize(
    ("name", "guid", "status"),
    [
        ("iptc_testsuite_pubstatus_withheld.json", "022_pubstatus_withheld", PubStatus.WITHHELD),
        ("iptc_testsuite_pubstatus_canceled.json", "023_pubstatus_canceled", PubStatus.CANCELED),
        (
            "iptc_testsuite_INVALID_pubstatus_cancelled_spelling.json",
            "007_pubstatus_cancelled",
            PubStatus.CANCELED,
        ),
    ],
)
def test_status_notices_parse_without_date_or_headline(
    ninjs_dir: Path, name: str, guid: str, status: PubStatus
) -> None:
    dispatch = parse_one_file(ninjs_dir, name)
    assert dispatch.guid == guid
    assert dispatch.status is status
    assert dispatch.headline == ""
    assert dispatch.version == ""
    assert dispatch.extra["versioncreated_missing"] == "true"


def test_ap_media_api_picture(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "ap_media_api_picture.json")
    assert d.guid == "https://a.b.c"
    assert d.version == "0"
    assert d.version_created == utc(2019, 6, 19, 10, 22, 14)
    assert d.first_created == utc(2018, 9, 23, 6, 23, 19)
    assert d.headline == "US Paul Simon Poets Society"
    assert d.provider == "AP"
    assert d.language == "en"
    assert d.ed_note == "092218124137, 21334631,"
    assert (d.standfirst, d.body_html) == ("", "")
    assert not d.is_correction
    assert d.extra["usageterms"].startswith("This content is intended for editorial use only.")
    [picture] = d.pictures
    assert picture.guid == "https://a.b.c"
    assert picture.caption.startswith("FILE - This Sept. 22, 2018 file photo something.")
    assert picture.credit == "john Doe/Something/AP"
    # The NITF caption file (text/xml) is not a rendition of the image.
    assert [r.name for r in picture.renditions] == ["main", "preview", "thumbnail"]
    assert picture.best_rendition() == Rendition(
        href="https://a.b.c", name="main", width=3500, height=2592, mime_type="image/jpeg"
    )
    assert Subject("a", "Domestic News") in d.subjects
    codes = [s.code for s in d.subjects]
    assert codes.count("http://cv.ap.org/id/5b4319707dd310048b23df092526b43e") == 1


def test_ap_media_api_text_has_no_inline_body(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "ap_media_api_text.json")
    assert d.guid.startswith("https://d.e.f/media/v/content/5ee9b4b40ea5fe9c9ca60f890fb2e1d9")
    assert d.version == "0"
    assert d.version_created == utc(2019, 7, 3, 4, 5, 12)
    assert d.headline == "BC-BBN--Top Ten"
    assert d.slugline == "BC-BBN--Top Ten"
    assert d.provider == "AP"
    assert d.body_html == ""
    assert d.standfirst == ""
    assert d.pictures == ()
    assert not d.is_correction  # the "newscontent" signal is not a correction
    assert [s.code for s in d.subjects][:2] == [
        "s",
        "http://cv.ap.org/id/94aaa8f88c0c100489d7b9433d2f4c0e",
    ]
    assert d.extra["copyrightnotice"].startswith("Copyright 2019 The Associated Press.")


def test_bbc_wrapper_unwraps(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "bbc_ninjs_composite_wrapped.json")
    assert d.guid == "https://example.com/56789"
    assert d.version == ""
    assert d.version_created == utc(2018, 5, 30, 15, 14, 24)  # naive in the file
    assert d.headline == "abcdef"
    assert d.standfirst == "ldrs"
    assert d.body_html == "abcd"
    assert d.byline == "Jane Doe"
    assert d.language == "en"
    assert d.extra["type"] == "story"
    assert [s.code for s in d.subjects] == [
        "category:cynllunio",
        "category:cead-dealbhaidh",
        "category:leisure",
        "location:risca",
    ]
    [picture] = d.pictures
    assert picture.caption == "abc"
    assert picture.guid == ""
    assert picture.renditions == (
        Rendition(
            href="https://www.superdesk.org/public/img/logo-footer.png",
            name="original",
            width=172,
            height=57,
            mime_type="image/png",
        ),
    )


def test_business_wire_chinese(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v1.4_businesswire_zh.json")
    assert d.guid == "http://www.businesswire.com/news/home/20130605006126/zh"
    assert d.version == "1"
    assert d.version_created == utc(2013, 6, 5, 21, 0)
    assert d.language == "zh"
    assert d.headline == "Cambrios被Gartner評選為「最酷供應商」"
    assert d.body_html.startswith("(美國商業資訊)--為透明及軟性導體市場")
    assert len(d.subjects) == 13
    assert d.subjects[0] == Subject("United States", "United States")
    assert d.source_format == "ninjs-1"


def test_ninjs_1_composite_with_object_associations(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v1.4_complex_composite_associations.json")
    assert d.guid == "http://ninjs.example.com/newsitems/20130709cplx123"
    assert d.version == ""
    assert d.version_created == utc(2013, 7, 9, 10, 37)
    assert d.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert d.byline == "Paulo Santalucia and Frances d'Emilio"
    # body_xhtml (markup) wins over body_text.
    assert d.body_html.startswith("<p>GROSSETO, Italy (AP) -- The trial")
    assert d.body_html.count("<p>") == 4
    assert d.extra["located"] == "Grossetto, Italy"
    assert d.source_format == "ninjs-1"
    [picture] = d.pictures
    assert picture.guid == "http://ninjs.example.com/newsitems/20130709simpPh123"
    assert picture.caption.startswith("The Costa Concordia cruise ship lies on its side")
    assert picture.credit == "Paulo Santalucia"
    assert [(r.name, r.width, r.height, r.mime_type) for r in picture.renditions] == [
        ("main", 429, 281, "image/jpg"),
        ("small", 179, 117, "image/jpg"),
    ]


def test_ninjs_1_picture_item(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v1.4_simple_photo_renditions.json")
    assert d.guid == "http://ninjs.example.com/newsitems/20130709simpPh123"
    assert d.headline == "Costa Concordia cruise ship"
    assert d.byline == "Paulo Santalucia"
    assert d.standfirst == ""  # the description is the caption
    assert d.body_html == ""
    [picture] = d.pictures
    assert picture.guid == d.guid
    assert picture.caption.startswith("The Costa Concordia cruise ship lies on its side")
    assert len(picture.renditions) == 2


def test_ninjs_2_ap_image(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v2.1_ap_image.json")
    assert d.guid.startswith("http://api.ap.org/media/v/content/b2b6c3f4642f46deac7509d4db315ca0")
    assert d.version == "0"
    assert d.version_created == utc(2019, 11, 15, 14, 39, 44)
    assert d.first_created == utc(2019, 11, 15, 13, 39, 59)
    assert d.headline == "Turkey Islamic State"
    assert d.provider == "DHA"
    assert d.ed_note == "TURKEY OUT  NOV. 11, 2019 FILE PHOTO"
    assert d.extra["urgency"] == "5"
    assert d.source_format == "ninjs-2"
    [picture] = d.pictures
    assert picture.caption.startswith("FILE - In this Monday, Nov. 11, 2019 file photo")
    assert picture.credit == "ASSOCIATED PRESS"
    assert [r.name for r in picture.renditions] == ["main", "preview", "thumbnail"]
    assert picture.renditions[0].width == 3000


def test_ninjs_2_dpa_text(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v2.1_dpa_text_de.json")
    assert d.guid == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert d.version == "2"
    assert d.version_created == utc(2019, 5, 10, 14, 2, 28)
    assert d.version_created.utcoffset() == timedelta(hours=2)
    assert d.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert d.byline == "Von Christian Hollmann, dpa"
    assert d.provider == "dpa"
    assert d.language == "de"
    assert d.body_html.startswith('<section class="main"><p>Für Lucien Favre war es «der größte')
    assert d.extra["urgency"] == "4"
    assert d.pictures == ()


def test_ninjs_2_ntb_text(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v2.1_ntb_text_nb-NO.json")
    assert d.guid == "urn:8d19cf88-b3ab-4972-8fec-1207599f2872"
    assert d.version == "6"
    assert d.language == "nb-NO"
    assert d.headline == "Google har kjøpt giganttomt i Skien"
    assert d.standfirst == (
        "IT-giganten Google har kjøpt en tomt på nærmere 2.000 mål i Skien i tilfelle det blir "
        "behov for flere datasentre i Europa."
    )
    assert d.ed_note == "Noe utvidet."
    assert d.byline == "NTB"
    assert d.provider == "NTB"
    assert d.slugline == "skien-google"
    assert d.body_html == ""
    assert [s.code for s in d.subjects] == ["Innenriks", "13010000", "04011000", "04005000"]
    assert "copyrightnotice" not in d.extra  # empty in the file


def test_ninjs_2_sipa_picture(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v2.1_sipa_image.json")
    assert d.headline == "Italy: Italy Demonstration of the workers congresses and conferences"
    assert d.provider == "SIPA USA"
    assert d.byline == "Insidefoto"
    # The file's HTML body is an unrelated Costa Concordia text: not used.
    assert d.body_html == ""
    [picture] = d.pictures
    assert picture.caption.startswith("Demonstration of the workers of congresses")
    assert picture.credit == "SIPA USA / Insidefoto"
    assert [(r.width, r.height) for r in picture.renditions] == [(3543, 2362)]


def test_ninjs_2_tt_text_with_picture(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "iptc_v2.1_tt_text_image_sv.json")
    assert d.guid == "http://tt.se/media/text/210526-militarovning-a0f2d045"
    assert d.version == "1"
    assert d.headline == "Militärövning i jätteformat hålls 2023"
    assert d.provider == "TT"
    assert d.language == "sv"
    assert d.slugline == "militärövning"
    assert d.standfirst.startswith("Pandemin satte stopp")
    # First HTML body (role html5), not the plain text nor the TTNITF XML.
    assert d.body_html.startswith("<html><head><title>Militärövning")
    assert "<blockquote>" in d.body_html
    assert "TTNITF" not in d.body_html
    assert [s.code for s in d.subjects] == ["http://tt.se/spec/subref/1.0/16000000"]
    [picture] = d.pictures
    assert picture.guid == "http://tt.se/media/image/sdlk2sirkPaauM"
    assert picture.caption.startswith("En stor internationell försvarsövning")
    assert picture.credit == "Karl Melander/TT"
    assert picture.alt_text == ""
    assert [r.name for r in picture.renditions] == ["r00", "r01", "r02", "r03"]
    assert picture.best_rendition() == picture.renditions[0]


def test_ninjs_3_reads_like_its_2_1_twin(ninjs_dir: Path) -> None:
    v2 = parse_one_file(ninjs_dir, "iptc_v2.1_tt_text_image_sv.json")
    v3 = parse_one_file(ninjs_dir, "iptc_v3.0_tt_text_image_sv.json")
    assert (v2.source_format, v3.source_format) == ("ninjs-2", "ninjs-3")
    assert v3.guid == v2.guid
    assert v3.version == v2.version
    assert v3.version_created == v2.version_created
    assert v3.headline == v2.headline
    assert v3.provider == v2.provider == "TT"  # from copyrightHolder
    assert v3.standfirst == v2.standfirst
    assert v3.subjects == v2.subjects
    assert v3.pictures == v2.pictures
    assert v3.body_html.startswith("<html><head><title>Militärövning")


def test_superdesk_embargoed(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "superdesk_embargoed_featuremedia.json")
    assert d.guid == "fd8e441b-a698-4411-9246-7d5de21cced9"  # `guid`, no `uri`
    assert d.version == "11"
    assert d.version_created == utc(2022, 6, 26, 23, 54, 25)  # "+0000" offset
    assert d.embargoed == utc(2022, 6, 29, 2, 30)
    assert d.headline == "Trouble is brewing for the future of beer"
    assert d.byline == "Aaron J. Staples, Michigan State University"
    assert d.provider == "360info"
    assert d.standfirst.startswith("Brewers are pursuing solutions")
    assert d.slugline == "Climate-smart food"
    assert [s.code for s in d.subjects] == ["06011000", "04001000"]
    assert "copyrightholder" not in d.extra
    [picture] = d.pictures
    assert picture.guid == "ae041266-2700-4c52-94fe-a46ebca0d3a9"
    assert picture.caption.startswith("There\u2019s nothing quite like a cold beer")
    assert picture.credit == "Photograph by Pea, available at https://bit.ly/3Najj58"
    assert [r.name for r in picture.renditions] == ["original", "FIXME"]


def test_superdesk_embedded_pictures(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "superdesk_embedded_pictures_utf8.json")
    assert d.headline == "China behauptet, einen Polizeihund geklont zu haben"
    assert d.language == "de"
    assert d.byline == "futurezone/KN"
    assert d.provider == ""
    assert d.body_html.startswith("<p>Es kann ganz schön kostspielig sein")
    assert [s.code for s in d.subjects] == [
        "fuzo:science",
        "topic:#Biologie",
        "topic:#Sicherheit",
        "topic:#Gentechnik",
    ]
    feature, embedded = d.pictures
    assert feature.guid.endswith("/Polizeihund-China-2.jpg")
    assert embedded.guid.endswith("/Polizeihund-China.jpg")
    assert feature.caption == (
        "Polizeihunde sollen effizienter trainiert werden \u2013 Klone sollen die Lösung sein."
    )
    assert embedded.caption == "Ob China bald ganze Polizeihund-Staffeln voller Klone haben wird?"
    assert feature.credit == embedded.credit == "ANTHONY WALLACE/AFP/Getty Images"


def test_superdesk_text_with_featuremedia(ninjs_dir: Path) -> None:
    d = parse_one_file(ninjs_dir, "superdesk_text_featuremedia_renditions.json")
    assert d.guid == "tag:localhost:2017:7ca07622-3b19-4d61-8daf-18500412d46b"
    assert d.version == "4"
    assert d.version_created == utc(2017, 8, 24, 1, 58, 40)
    assert d.first_created == utc(2017, 7, 3, 1, 38, 13)
    assert d.headline == "Oil prices edge up on first drop in US drilling in months"
    assert d.byline == "By Henning Gloystein"
    assert d.provider == "Reuters"  # `source`, ahead of copyrightholder AAP
    assert d.language == ""
    assert d.body_html.startswith("<p>Oil prices edged up on Monday,")
    # The picture's own subject (04005004 is the story's too) is not merged twice.
    assert d.subjects == (Subject("04005004", "oil and gas - upstream activities"),)
    [picture] = d.pictures
    assert picture.credit == "Australian Associated Press / Bebeto Matthews"
    assert len(picture.renditions) == 6
    best = picture.best_rendition()
    assert best is not None
    assert (best.name, best.width, best.height) == ("original", 3489, 2296)


# --- inline cases ---------------------------------------------------------------


def doc(*, drop: tuple[str, ...] = (), **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "uri": "urn:test:1",
        "versioncreated": VERSION_CREATED,
        "headline": "A headline",
    }
    base.update(fields)
    for key in drop:
        base.pop(key)
    return base


def raw(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def one(*, drop: tuple[str, ...] = (), **fields: Any) -> Dispatch:
    [dispatch] = ninjs.parse(raw(doc(drop=drop, **fields)))
    return dispatch


def error(data: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        ninjs.parse(data)
    return str(caught.value)


DEMO = {
    "uri": "urn:manchette-demo:hex:2026-0001",
    "type": "text",
    "version": "2",
    "versioncreated": "2026-11-20T14:15:00+01:00",
    "firstcreated": "2026-11-20T09:02:00+01:00",
    "pubstatus": "usable",
    "language": "fr",
    "slugline": "hex-croissance",
    "by": "Camille Durand",
    "infosources": [{"literal": "HEX", "name": "Agence Hexagone", "role": "originator"}],
    "copyrightholder": "Agence Hexagone",
    "headlines": [{"role": "main", "value": "La croissance repart"}],
    "descriptions": [{"role": "summary", "value": "Le chapeau."}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "<p>Un.</p><h2>Deux</h2><blockquote><p>Trois.</p></blockquote>",
        }
    ],
    "subjects": [
        {
            "uri": "http://cv.iptc.org/newscodes/mediatopic/04000000",
            "name": "économie, affaires et finances",
        }
    ],
    "signals": [{"uri": "http://cv.iptc.org/newscodes/signal/correction"}],
    "associations": [
        {
            "name": "featuremedia",
            "type": "picture",
            "uri": "urn:manchette-demo:hex:pic-12",
            "by": "JEANNE MARTIN",
            "copyrightholder": "HEX",
            "descriptions": [
                {"role": "caption", "value": "La légende."},
                {"role": "alt", "value": "Le texte alternatif."},
            ],
            "renditions": [
                {
                    "name": "original",
                    "href": "pictures/x.jpg",
                    "width": 1600,
                    "height": 900,
                    "contenttype": "image/jpeg",
                }
            ],
        }
    ],
}


def test_manchette_demo_item_parses_exactly() -> None:
    [d] = ninjs.parse(raw(DEMO))
    paris = timezone(timedelta(hours=1))
    assert d == Dispatch(
        guid="urn:manchette-demo:hex:2026-0001",
        version="2",
        version_created=datetime(2026, 11, 20, 14, 15, tzinfo=paris),
        headline="La croissance repart",
        provider="HEX",
        status=PubStatus.USABLE,
        first_created=datetime(2026, 11, 20, 9, 2, tzinfo=paris),
        embargoed=None,
        standfirst="Le chapeau.",
        body_html="<p>Un.</p><h2>Deux</h2><blockquote><p>Trois.</p></blockquote>",
        language="fr",
        byline="Camille Durand",
        slugline="hex-croissance",
        subjects=(Subject("medtop:04000000", "économie, affaires et finances"),),
        pictures=(
            Picture(
                renditions=(
                    Rendition(
                        href="pictures/x.jpg",
                        name="original",
                        width=1600,
                        height=900,
                        mime_type="image/jpeg",
                    ),
                ),
                caption="La légende.",
                credit="HEX / JEANNE MARTIN",
                alt_text="Le texte alternatif.",
                guid="urn:manchette-demo:hex:pic-12",
            ),
        ),
        ed_note="",
        is_correction=True,
        source_format="ninjs-2",
    )
    assert d.extra == {"type": "text", "copyrightholder": "Agence Hexagone"}


# errors


def test_invalid_json_reports_line_and_column() -> None:
    message = error(b'{\n  "uri": "x",\n  "headline": }')
    assert message == "invalid JSON: Expecting value at line 3, column 15"


def test_empty_file_is_invalid_json() -> None:
    assert error(b"") == "invalid JSON: Expecting value at line 1, column 1"


def test_bad_utf8_reports_byte_offset() -> None:
    message = error(b'{"uri": "caf\xe9"}')
    assert message == "file is not valid UTF-8: byte 0xe9 at byte offset 12"


def test_utf8_bom_is_accepted() -> None:
    [d] = ninjs.parse(b"\xef\xbb\xbf" + raw(doc()))
    assert d.guid == "urn:test:1"


@pytest.mark.parametrize(
    ("data", "kind"), [(b'"x"', "string"), (b"42", "number"), (b"null", "null")]
)
def test_top_level_scalar_is_refused(data: bytes, kind: str) -> None:
    assert error(data) == f"expected a JSON object or array, got {kind}"


@pytest.mark.parametrize("data", [b"[]", b'{"items": []}', b'{"total": 0, "item": []}'])
def test_envelope_without_items(data: bytes) -> None:
    assert error(data) == "no items"


def test_non_object_in_array_is_refused() -> None:
    assert error(raw([doc(), 3])) == "item 2: expected a JSON object, got number"


def test_error_in_second_item_names_it() -> None:
    assert error(raw([doc(), doc(drop=("uri",))])) == "item 2: missing uri"


@pytest.mark.parametrize("uri", [None, "", "   "])
def test_missing_uri(uri: str | None) -> None:
    data = raw(doc(uri=uri) if uri is not None else doc(drop=("uri",)))
    assert error(data) == "missing uri"


def test_guid_and_id_fall_back_for_uri() -> None:
    assert one(drop=("uri",), guid="sd-guid").guid == "sd-guid"
    assert one(drop=("uri",), id=5678).guid == "5678"
    assert one(guid="other").guid == "urn:test:1"


def test_missing_versioncreated() -> None:
    assert error(raw(doc(drop=("versioncreated",)))) == "missing versioncreated"


def test_missing_versioncreated_named_in_camel_case_for_ninjs_3() -> None:
    data = raw({"uri": "u", "pubStatus": "usable", "headline": "h"})
    assert error(data) == "missing versionCreated"


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01T00:00:00Z", 1700000000])
def test_unparseable_versioncreated_names_field_and_value(value: Any) -> None:
    message = error(raw(doc(versioncreated=value)))
    assert message.startswith("invalid versioncreated: ")
    assert repr(value) in message


def test_bad_pubstatus_names_value() -> None:
    assert error(raw(doc(pubstatus="killed"))) == "invalid pubstatus: 'killed'"
    assert error(raw(doc(pubstatus=3))) == "invalid pubstatus: 3"


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("usable", PubStatus.USABLE),
        ("withheld", PubStatus.WITHHELD),
        ("canceled", PubStatus.CANCELED),
        ("cancelled", PubStatus.CANCELED),
        ("Withheld", PubStatus.WITHHELD),
        ("stat:canceled", PubStatus.CANCELED),
    ],
)
def test_pubstatus_values(value: str, status: PubStatus) -> None:
    assert one(pubstatus=value).status is status


def test_missing_pubstatus_is_usable() -> None:
    assert one().status is PubStatus.USABLE


def test_usable_item_needs_a_headline() -> None:
    assert error(raw(doc(drop=("headline",)))) == "missing headline"


def test_kill_notice_needs_neither_headline_nor_date() -> None:
    d = one(drop=("headline", "versioncreated"), pubstatus="canceled")
    assert d.status is PubStatus.CANCELED
    assert d.headline == ""
    assert d.extra["versioncreated_missing"] == "true"


def test_dated_item_has_no_undated_flag() -> None:
    assert "versioncreated_missing" not in one(pubstatus="withheld").extra


# time


def test_naive_timestamp_is_utc() -> None:
    assert one(versioncreated="2018-05-30T15:14:24").version_created == utc(2018, 5, 30, 15, 14, 24)


def test_offsets_are_kept_and_z_is_utc() -> None:
    d = one(versioncreated="2024-03-01T11:00:00+01:00", firstcreated="2024-03-01T08:00:00z")
    assert d.version_created == WHEN
    assert d.version_created.utcoffset() == timedelta(hours=1)
    assert d.first_created == utc(2024, 3, 1, 8, 0)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty_embargoed_is_none(value: str | None) -> None:
    assert one(embargoed=value).embargoed is None


def test_embargoed_is_read() -> None:
    assert one(embargoed="2024-03-02T06:00:00+00:00").embargoed == utc(2024, 3, 2, 6, 0)


def test_unreadable_embargo_rejects_the_item() -> None:
    assert error(raw(doc(embargoed="soon"))) == (
        "invalid embargoed: 'soon' is not an ISO 8601 date-time"
    )


def test_unreadable_firstcreated_is_dropped() -> None:
    assert one(firstcreated="YYYYMMDD").first_created is None


# version, language, slugline, ednote


@pytest.mark.parametrize(("value", "expected"), [("7", "7"), (0, "0"), (12, "12")])
def test_version_as_given(value: Any, expected: str) -> None:
    assert one(version=value).version == expected


def test_missing_version_is_empty() -> None:
    assert one().version == ""


def test_language_slugline_as_given() -> None:
    d = one(language="en-GB", slugline="  UK-POLITICS  ")
    assert (d.language, d.slugline) == ("en-GB", "UK-POLITICS")


def test_ed_notes_joined() -> None:
    assert one(ednote="Eds: adds quote").ed_note == "Eds: adds quote"
    assert one(ednote=["One", "Two", "One"]).ed_note == "One\nTwo"
    data = raw({"uri": "u", "versionCreated": VERSION_CREATED, "headline": "h", "edNote": "N"})
    [d] = ninjs.parse(data)
    assert d.ed_note == "N"


# headline and standfirst


def test_main_headline_preferred() -> None:
    headlines = [{"role": "short", "value": "Short"}, {"role": "main", "value": "Main one"}]
    assert one(drop=("headline",), headlines=headlines).headline == "Main one"


def test_first_headline_without_main() -> None:
    headlines = [{"role": "short", "value": " Short\n  one "}, {"role": "sub", "value": "Sub"}]
    assert one(drop=("headline",), headlines=headlines).headline == "Short one"


def test_empty_headline_falls_back_to_first_sentence_of_standfirst() -> None:
    d = one(headline="", description_text="Prices rose 3%. Analysts were surprised.")
    assert d.headline == "Prices rose 3%."
    assert d.standfirst == "Prices rose 3%. Analysts were surprised."


def test_headline_fallback_is_shortened_at_a_word() -> None:
    words = " ".join(["word"] * 60)
    headline = one(headline="", description_text=words).headline
    assert headline.endswith("word…")
    assert len(headline) <= 161


def test_standfirst_prefers_summary() -> None:
    descriptions = [
        {"role": "text", "value": "Text"},
        {"role": "abstract", "value": "Abstract"},
        {"role": "summary", "value": "Summary"},
    ]
    assert one(descriptions=descriptions).standfirst == "Summary"
    assert one(descriptions=descriptions[:2]).standfirst == "Text"
    assert one(descriptions=descriptions[1:2]).standfirst == "Abstract"


def test_standfirst_ignores_caption_like_roles() -> None:
    descriptions = [{"role": "creditline", "value": "AP"}]
    assert one(descriptions=descriptions).standfirst == ""


def test_standfirst_from_description_html_is_plain_text() -> None:
    markup = "<p>Tom &amp; Jerry</p><p>return<script>alert(1)</script></p>"
    assert one(description_html=markup).standfirst == "Tom & Jerry return"


def test_html_description_role_is_stripped() -> None:
    descriptions = [{"role": "summary", "contenttype": "text/html", "value": "<b>Bold</b> move"}]
    assert one(descriptions=descriptions).standfirst == "Bold move"


def test_picture_item_uses_caption_as_headline_not_standfirst() -> None:
    d = one(
        drop=("headline",),
        type="picture",
        descriptions=[{"role": "caption", "value": "A caption."}],
        renditions=[{"name": "main", "href": "a.jpg"}],
    )
    assert d.headline == "A caption."
    assert d.standfirst == ""
    assert d.pictures[0].caption == "A caption."


# body


def test_plain_text_body_becomes_escaped_paragraphs() -> None:
    text = "First <script>alert('x')</script> line\nwrapped here.\n\nSecond & last."
    assert one(body_text=text).body_html == (
        "<p>First &lt;script&gt;alert('x')&lt;/script&gt; line wrapped here.</p>"
        "<p>Second &amp; last.</p>"
    )


def test_plain_text_without_blank_lines_is_one_paragraph_per_line() -> None:
    assert one(body_text="One.\r\nTwo.\nThree.").body_html == (
        "<p>One.</p><p>Two.</p><p>Three.</p>"
    )


def test_whitespace_only_line_counts_as_blank() -> None:
    assert one(body_text="One.\r\nTwo.\n  \nThree.").body_html == ("<p>One. Two.</p><p>Three.</p>")


def test_html_body_preferred_and_kept_as_sent() -> None:
    d = one(body_text="plain", body_html="  <p>Rich <em>text</em></p>\n")
    assert d.body_html == "<p>Rich <em>text</em></p>"
    assert one(body_text="plain", body_xhtml="<p>X</p>").body_html == "<p>X</p>"


def test_bodies_prefer_html_main_role() -> None:
    bodies = [
        {"role": "text", "contenttype": "text/plain", "value": "plain"},
        {"role": "extra", "contenttype": "text/html", "value": "<p>extra</p>"},
        {"role": "main", "contenttype": "application/xhtml+xml", "value": "<p>main</p>"},
    ]
    assert one(bodies=bodies).body_html == "<p>main</p>"
    assert one(bodies=bodies[:2]).body_html == "<p>extra</p>"


def test_bodies_fall_back_to_plain_text() -> None:
    bodies = [
        {"role": "nitf", "contenttype": "application/xml", "value": "<nitf/>"},
        {"role": "text", "contenttype": "text/plain", "value": "a < b"},
    ]
    assert one(bodies=bodies).body_html == "<p>a &lt; b</p>"
    assert one(bodies=bodies[:1]).body_html == ""


def test_untyped_body_judged_by_content() -> None:
    assert one(bodies=[{"value": "<p>tagged</p>"}]).body_html == "<p>tagged</p>"
    assert one(bodies=[{"value": "untagged"}]).body_html == "<p>untagged</p>"


def test_no_body_is_empty() -> None:
    assert one().body_html == ""


# byline and provider


def test_byline_sources() -> None:
    assert one(by="Ann", byline="Bob").byline == "Ann"
    assert one(byline="Bob").byline == "Bob"
    authors = [
        {"name": "Ed Itor", "role": "editor"},
        {"name": "Au Thor", "role": "author"},
        {"name": "No Role"},
    ]
    assert one(authors=authors).byline == "Au Thor, No Role"
    people = [{"name": "Subject Person", "rel": "about"}, {"name": "Writer", "rel": "author"}]
    assert one(people=people).byline == "Writer"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"infosources": [{"literal": "HEX", "name": "Agence Hexagone"}]}, "HEX"),
        ({"infosources": [{"name": "DHA"}], "provider": "AP"}, "DHA"),
        ({"provider": {"name": "AFP"}, "copyrightholder": "X"}, "AFP"),
        ({"source": "Reuters", "copyrightholder": "AAP"}, "Reuters"),
        ({"copyrightholder": "dpa"}, "dpa"),
        ({}, ""),
    ],
)
def test_provider_order(fields: dict[str, Any], expected: str) -> None:
    assert one(**fields).provider == expected


# subjects


def test_subject_normalisation_and_dedup() -> None:
    subjects = [
        {"uri": "http://cv.iptc.org/newscodes/mediatopic/04000000", "name": "economy"},
        {"uri": "https://cv.iptc.org/newscodes/subjectcode/15000000/", "name": "sport"},
        {"uri": "http://cv.iptc.org/newscodes/genre/Analysis", "name": "analysis"},
        {"literal": "Innenriks", "name": "Innenriks"},
        {"uri": "http://cv.iptc.org/newscodes/mediatopic/04000000", "name": "duplicate"},
    ]
    assert one(subjects=subjects).subjects == (
        Subject("medtop:04000000", "economy"),
        Subject("subj:15000000", "sport"),
        Subject("http://cv.iptc.org/newscodes/genre/Analysis", "analysis"),
        Subject("Innenriks", "Innenriks"),
    )


def test_ninjs_1_subject_codes() -> None:
    subject = [
        {"scheme": "fuzo", "code": "science", "name": "Science"},
        {"scheme": "category", "code": "category:leisure", "name": "Leisure"},
        {"scheme": "http://cv.iptc.org/newscodes/mediatopic/", "code": "20000002"},
        {"scheme": "http://cv.ap.org/id", "code": "abc"},
        {"qcode": "subj:01000000", "name": "arts"},
        {"code": "06011000", "name": "global warming"},
        {"name": "Technology", "rel": "about"},
        {"rel": "about"},
    ]
    assert [s.code for s in one(subject=subject).subjects] == [
        "fuzo:science",
        "category:leisure",
        "medtop:20000002",
        "http://cv.ap.org/id/abc",
        "subj:01000000",
        "06011000",
        "Technology",
    ]


# correction


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"signals": [{"uri": "http://cv.iptc.org/newscodes/signal/correction"}]}, True),
        ({"signals": [{"literal": "Correction"}]}, True),
        ({"signals": ["newscontent", "isCorrection"]}, True),
        ({"signals": ["newscontent"]}, False),
        ({"ednote": "This is a correction"}, False),
        ({}, False),
    ],
)
def test_correction_signal(fields: dict[str, Any], expected: bool) -> None:
    assert one(**fields).is_correction is expected


# pictures


def picture(**fields: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "picture", "renditions": {"main": {"href": "m.jpg"}}}
    node.update(fields)
    return node


def test_featuremedia_comes_first_and_text_associations_are_ignored() -> None:
    associations = {
        "embedded1": picture(uri="urn:p:1"),
        "related": {"type": "text", "uri": "urn:t:1", "headline": "Other story"},
        "featuremedia": picture(uri="urn:p:feature"),
        "graphic": picture(uri="urn:p:2", type="graphic"),
        "nothing": None,
    }
    d = one(associations=associations)
    assert [p.guid for p in d.pictures] == ["urn:p:feature", "urn:p:1", "urn:p:2"]


def test_array_associations_keep_document_order() -> None:
    associations = [
        {**picture(uri="urn:p:1"), "name": "a1"},
        {**picture(uri="urn:p:2"), "name": "a2", "type": "image"},
    ]
    assert [p.guid for p in one(associations=associations).pictures] == ["urn:p:1", "urn:p:2"]


def test_renditions_read_and_filtered() -> None:
    renditions = [
        {
            "name": "big",
            "href": "b.jpg",
            "width": "1600",
            "height": 900.0,
            "contenttype": "image/jpeg",
        },
        {"name": "nohref", "width": 10, "height": 10},
        {"name": "junk", "href": "j.jpg", "width": "wide", "height": True},
        {"name": "caption", "href": "c.xml", "contenttype": "text/xml"},
    ]
    [p] = one(associations=[picture(renditions=renditions)]).pictures
    assert p.renditions == (
        Rendition(href="b.jpg", name="big", width=1600, height=900, mime_type="image/jpeg"),
        Rendition(href="j.jpg", name="junk", width=None, height=None, mime_type=""),
    )


def test_picture_without_renditions_is_skipped() -> None:
    associations = {"featuremedia": {"type": "picture", "guid": "urn:p:ref", "renditions": {}}}
    assert one(associations=associations).pictures == ()


@pytest.mark.parametrize(
    ("fields", "credit"),
    [
        ({"copyrightholder": "HEX", "by": "JEANNE MARTIN"}, "HEX / JEANNE MARTIN"),
        ({"copyrightholder": "AFP", "byline": "Anthony Wallace/afp"}, "Anthony Wallace/afp"),
        ({"copyrightholder": "AP", "by": "Japan Times"}, "AP / Japan Times"),
        ({"copyrightholder": "TT"}, "TT"),
        ({"by": "Karl Melander/TT"}, "Karl Melander/TT"),
        ({"copyrightholder": "X", "by": "Y", "creditline": "Explicit"}, "Explicit"),
        ({"description_creditline": "john Doe/Something/AP", "by": "Y"}, "john Doe/Something/AP"),
        (
            {"descriptions": [{"role": "creditline", "value": "ASSOCIATED PRESS"}]},
            "ASSOCIATED PRESS",
        ),
        ({"photographer": {"name": "John Doe"}}, "John Doe"),
        ({}, ""),
    ],
)
def test_picture_credit(fields: dict[str, Any], credit: str) -> None:
    [p] = one(associations=[picture(**fields)]).pictures
    assert p.credit == credit


def test_picture_caption_and_alt_text() -> None:
    descriptions = [
        {"role": "writer", "value": "www.example.com"},
        {"role": "alternative", "value": "Alt."},
        {"role": "text", "value": "The caption."},
    ]
    [p] = one(associations=[picture(descriptions=descriptions)]).pictures
    assert (p.caption, p.alt_text) == ("The caption.", "Alt.")


def test_alt_text_is_not_the_caption() -> None:
    [p] = one(associations=[picture(description_text="Only a caption.")]).pictures
    assert (p.caption, p.alt_text) == ("Only a caption.", "")


def test_ninjs_1_caption_fallbacks() -> None:
    [p] = one(associations=[picture(description_html="<p>From <b>HTML</b></p>")]).pictures
    assert p.caption == "From HTML"
    [p] = one(associations=[picture(headline="Just a title")]).pictures
    assert p.caption == "Just a title"


# envelopes and generations


def test_top_level_array_yields_each_item() -> None:
    items = [doc(uri="urn:a"), doc(uri="urn:b")]
    assert [d.guid for d in ninjs.parse(raw(items))] == ["urn:a", "urn:b"]


@pytest.mark.parametrize(
    "envelope",
    [
        {"total": 1, "limit": 20, "offset": 0, "item": [doc()]},
        {"items": [doc()]},
        {"api_version": "1.1", "id": "x", "data": {"meta": {}, "item": doc()}},
        {"data": {"items": [{"meta": {}, "item": doc()}]}},
    ],
)
def test_envelopes_unwrap(envelope: dict[str, Any]) -> None:
    [d] = ninjs.parse(raw(envelope))
    assert d.guid == "urn:test:1"


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"}, "ninjs-2"),
        (
            {"$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_1.4.json", "headlines": []},
            "ninjs-1",
        ),
        ({"headlines": [{"value": "H"}]}, "ninjs-2"),
        ({"bodies": [{"value": "B"}]}, "ninjs-2"),
        ({"pubStatus": "usable"}, "ninjs-3"),
        ({"myExtensionField": "x"}, "ninjs-1"),
        ({}, "ninjs-1"),
    ],
)
def test_generation_label(fields: dict[str, Any], label: str) -> None:
    assert one(**fields).source_format == label


def test_ninjs_3_camel_case_fields() -> None:
    item = {
        "uri": "urn:v3",
        "versionCreated": "2024-03-01T10:00:00Z",
        "firstCreated": "2024-03-01T09:00:00Z",
        "pubStatus": "withheld",
        "copyrightHolder": "TT",
        "headlines": [{"role": "main", "value": "V3"}],
        "infoSources": [{"name": "TT Nyhetsbyrån"}],
        "bodies": [{"contentType": "text/plain", "value": "Hello"}],
        "associations": [
            {
                "type": "picture",
                "uri": "urn:v3:pic",
                "copyrightHolder": "TT",
                "by": "Ann",
                "renditions": [
                    {"name": "r", "href": "r.jpg", "contentType": "image/jpeg", "width": 10}
                ],
            }
        ],
    }
    [d] = ninjs.parse(raw(item))
    assert d.source_format == "ninjs-3"
    assert (d.version_created, d.first_created) == (WHEN, utc(2024, 3, 1, 9, 0))
    assert d.status is PubStatus.WITHHELD
    assert d.provider == "TT Nyhetsbyrån"
    assert d.body_html == "<p>Hello</p>"
    [p] = d.pictures
    assert p.credit == "TT / Ann"
    assert p.renditions == (Rendition(href="r.jpg", name="r", width=10, mime_type="image/jpeg"),)


def test_extra_keeps_small_string_facts() -> None:
    d = one(urgency=3, usageterms=["Editorial use only.", "No archive."], copyrightnotice="")
    assert d.extra == {"urgency": "3", "usageterms": "Editorial use only.\nNo archive."}
