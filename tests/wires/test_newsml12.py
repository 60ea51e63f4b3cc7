"""The NewsML 1.2 parser: real agency files first, then one small case per rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats import newsml12
from manchette.wires.formats.xml import parse_xml
from tests.wires.fuzzing import mutated, survives

NEWSML12_FILES = (
    "afp_newsml12_en.xml",
    "afp_newsml12_fr_iso8859-1.xml",
    "ana_mpe_newsml12_en.xml",
)


# --- the real files ------------------------------------------------------------


@pytest.fixture(scope="module")
def newsml_dir(wire_fixtures: Path) -> Path:
    return wire_fixtures / "newsml-1.2"


def parse_one_file(folder: Path, name: str) -> Dispatch:
    dispatches = newsml12.parse((folder / name).read_bytes())
    assert len(dispatches) == 1
    return dispatches[0]


def test_every_fixture_is_covered_here(newsml_dir: Path) -> None:
    # A file added to (or removed from) the corpus must get its own expectations below.
    assert sorted(p.name for p in newsml_dir.iterdir()) == sorted(NEWSML12_FILES)


@pytest.mark.parametrize("name", NEWSML12_FILES)
def test_every_fixture_parses(newsml_dir: Path, name: str) -> None:
    d = parse_one_file(newsml_dir, name)
    assert d.guid.startswith("urn:newsml:")
    assert d.version_created.tzinfo is not None
    assert d.source_format == "newsml-1.2"
    assert d.version_is_ordinal
    assert d.body_html


def test_afp_english(newsml_dir: Path) -> None:
    d = parse_one_file(newsml_dir, "afp_newsml12_en.xml")
    # PublicIdentifier "...:TX-PAR-FXW86:1" without its revision number.
    assert d.guid == "urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86"
    assert d.version == "1"
    assert d.version_created == datetime(2014, 8, 29, 13, 49, 51, tzinfo=UTC)
    assert d.first_created == datetime(2014, 8, 29, 13, 49, 51, tzinfo=UTC)
    assert d.headline == "Sweden court accepts receivership for Saab carmaker"
    assert d.standfirst == ""
    assert d.slugline == "Sweden-SAAB"
    assert d.provider == "AFP"
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    assert d.language == "en"
    assert d.byline == ""
    # Eight SubjectCodes, four of them the same 04000000: kept once, in order.
    assert [s.code for s in d.subjects] == [
        "subj:04011002",
        "subj:04016007",
        "subj:04000000",
        "subj:04016038",
        "subj:04011000",
    ]
    assert (d.ed_note, d.is_correction, d.pictures) == ("", False, ())
    assert d.extra == {
        "urgency": "4",
        "previous_revision": "0",
        "dateline": "STOCKHOLM, Aug 29, 2014 (AFP) -",
        "usageterms": "NO ARCHIVAL USE",
    }
    # NITF inside DataContent, mapped like any NITF body.
    assert d.body_html.startswith(
        "<p>A Chinese-owned company set up to take over Saab's assets after the troubled"
    )
    assert d.body_html.endswith("<p>hh/ph/ts/hd</p>")
    assert d.body_html.count("<p>") == 10


def test_afp_french_utf8_declared_latin1(newsml_dir: Path) -> None:
    d = parse_one_file(newsml_dir, "afp_newsml12_fr_iso8859-1.xml")
    assert d.guid == "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk"
    assert d.version == "1"
    assert d.version_created == datetime(2024, 7, 10, 12, 59, 2, tzinfo=UTC)
    assert d.first_created == datetime(2024, 7, 10, 12, 59, 2, tzinfo=UTC)
    # Accents survive the wrong ISO-8859-1 label.
    assert d.headline == "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée"
    assert d.slugline == "procès-santé-secours"
    assert d.provider == "AFP"
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    assert d.language == "fr"  # from the nested component's DescriptiveMetadata
    assert (d.standfirst, d.byline, d.ed_note) == ("", "", "")
    assert d.subjects == ()
    assert not d.is_correction
    assert d.pictures == ()
    assert d.extra == {
        "previous_revision": "0",
        "copyrightnotice": "© 2024 AFP",
        "dateline": "Strasbourg, 10 juil 2024 (AFP)",
    }
    # Bare NITF paragraphs directly in DataContent.
    assert d.body_html.startswith(
        "<p>L'opératrice du Samu condamnée pour non-assistance à personne en danger"
    )
    assert d.body_html.endswith("</p><p>L'opératrice, Corinne M.</p>")
    assert "Ã" not in d.body_html + d.headline


def test_ana_mpe_html_in_cdata(newsml_dir: Path) -> None:
    d = parse_one_file(newsml_dir, "ana_mpe_newsml12_en.xml")
    assert d.guid == "urn:newsml:ana-mpe.gr:20180404:19336333"
    assert d.version == "1"
    assert d.version_created == datetime(
        2018, 4, 4, 17, 58, 59, tzinfo=timezone(timedelta(hours=3))
    )
    assert d.first_created == d.version_created
    assert d.headline == "Wage employment balance positive in Jan-March"
    assert d.standfirst == (
        "Wage employment in the private sector grew in March, recording the best performance"
        " since 2001, the Labour ministry said in a report released on Wednesday."
    )
    assert d.slugline == ""  # NameLabel is an empty CDATA section
    # No Provider party: the ProviderId domain.
    assert d.provider == "ana-mpe.gr"
    assert d.status is PubStatus.USABLE
    assert d.embargoed is None
    assert d.language == "en"  # "EN" in the file
    assert d.byline == ""
    # Names come from the TopicSet, in English.
    assert d.subjects == (
        Subject("subj:09003000", "Employment/Unemployment"),
        Subject("subj:09003002", "Job Layoffs"),
        Subject("subj:04008004", "Economic Indicator"),
    )
    assert (d.ed_note, d.is_correction, d.pictures) == ("", False, ())
    assert d.extra["creditline"] == "ΑΠΕ-ΜΠΕ"
    assert d.extra["copyrightnotice"].startswith("© 2018 ΑΘΗΝΑΪΚΟ ΠΡΑΚΤΟΡΕΙΟ ΕΙΔΗΣΕΩΝ")
    # Format HTML, sent as a string: kept as sent for the pipeline to sanitise.
    assert d.body_html.startswith(
        "<P>Wage employment in the private sector grew in March, recording the best"
    )
    assert d.body_html.endswith("για συγκεκριμένη χρήση.</P>")


# --- one rule at a time ----------------------------------------------------------

IDENTIFIER = (
    "<ProviderId>example.com</ProviderId><DateId>20240301</DateId>"
    "<NewsItemId>story-1</NewsItemId>"
    '<RevisionId PreviousRevision="1" Update="N">2</RevisionId>'
    "<PublicIdentifier>urn:newsml:example.com:20240301:story-1:2</PublicIdentifier>"
)
MANAGEMENT = (
    "<NewsItemType FormalName='News'/>"
    "<FirstCreated>20240301T090000Z</FirstCreated>"
    "<ThisRevisionCreated>20240301T100000Z</ThisRevisionCreated>"
    "<Status FormalName='Usable'/>"
)
TEXT = (
    "<ContentItem><MediaType FormalName='Text'/><Format FormalName='NITF3.1'/>"
    "<DataContent><nitf><body><body.content><p>Body text.</p></body.content></body></nitf>"
    "</DataContent></ContentItem>"
)
COMPONENT = (
    "<NewsComponent><NewsLines><HeadLine>Headline</HeadLine></NewsLines>"
    "<AdministrativeMetadata><Provider><Party FormalName='ACME'/></Provider>"
    f"</AdministrativeMetadata>{TEXT}</NewsComponent>"
)
WHEN = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def item_xml(
    *,
    identifier: str = IDENTIFIER,
    management: str = MANAGEMENT,
    component: str = COMPONENT,
    item_attrs: str = "",
) -> str:
    return (
        f"<NewsItem{item_attrs}><Identification><NewsIdentifier>{identifier}</NewsIdentifier>"
        f"<NameLabel>name-label</NameLabel></Identification>"
        f"<NewsManagement>{management}</NewsManagement>{component}</NewsItem>"
    )


def newsml(*items: str, encoding: str = "UTF-8") -> bytes:
    text = f'<?xml version="1.0" encoding="{encoding}"?><NewsML Version="1.2">'
    text += "<NewsEnvelope><DateAndTime>20240301T100000Z</DateAndTime></NewsEnvelope>"
    text += "".join(items or (item_xml(),)) + "</NewsML>"
    return text.encode("utf-8" if encoding.upper() == "UTF-8" else encoding)


def one(**parts: str) -> Dispatch:
    [dispatch] = newsml12.parse(newsml(item_xml(**parts)))
    return dispatch


def error(data: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        newsml12.parse(data)
    return str(caught.value)


def story(lines: str = "<HeadLine>Headline</HeadLine>", inside: str = TEXT, meta: str = "") -> str:
    return f"<NewsComponent><NewsLines>{lines}</NewsLines>{meta}{inside}</NewsComponent>"


def test_minimal_item() -> None:
    d = one()
    assert d.guid == "urn:newsml:example.com:20240301:story-1"
    assert d.version == "2"
    assert d.version_created == WHEN
    assert d.first_created == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert d.headline == "Headline"
    assert d.provider == "ACME"
    assert d.body_html == "<p>Body text.</p>"
    assert d.slugline == "name-label"  # NameLabel when there is no SlugLine
    assert d.extra == {"previous_revision": "1"}


# identity and revisions


def test_guid_is_the_same_for_every_revision() -> None:
    later = IDENTIFIER.replace(">2</RevisionId>", ">3</RevisionId>").replace(":2<", ":3<")
    assert one(identifier=later).guid == one().guid
    assert one(identifier=later).version == "3"


def test_guid_from_public_identifier_alone() -> None:
    identifier = "<PublicIdentifier>urn:newsml:x.org:2024:abc:7U</PublicIdentifier>"
    assert one(identifier=identifier).guid == "urn:newsml:x.org:2024:abc"


def test_missing_identifier() -> None:
    identifier = "<ProviderId>example.com</ProviderId><RevisionId>1</RevisionId>"
    assert error(newsml(item_xml(identifier=identifier))) == (
        "missing NewsIdentifier: neither ProviderId, DateId and NewsItemId nor a PublicIdentifier"
    )


def test_missing_news_identifier() -> None:
    assert error(newsml("<NewsItem><Identification/></NewsItem>")) == (
        "missing Identification/NewsIdentifier"
    )


def test_partial_update_is_refused() -> None:
    identifier = IDENTIFIER.replace('Update="N"', 'Update="U"')
    assert error(newsml(item_xml(identifier=identifier))) == (
        'RevisionId Update="U": the item only patches revision 1,'
        " which cannot be applied on its own"
    )


def test_unknown_update_value_is_refused() -> None:
    identifier = IDENTIFIER.replace('Update="N"', 'Update="X"')
    assert error(newsml(item_xml(identifier=identifier))) == (
        "invalid RevisionId/@Update: 'X' (expected N, A or U)"
    )


def test_management_only_revision_can_kill() -> None:
    identifier = IDENTIFIER.replace('Update="N"', 'Update="A"')
    management = MANAGEMENT.replace("Usable", "Canceled")
    d = one(identifier=identifier, management=management, component="")
    assert d.status is PubStatus.CANCELED
    assert (d.headline, d.body_html) == ("", "")
    assert d.guid == "urn:newsml:example.com:20240301:story-1"
    assert d.provider == "example.com"


def test_management_only_revision_cannot_publish() -> None:
    identifier = IDENTIFIER.replace('Update="N"', 'Update="A"')
    assert error(newsml(item_xml(identifier=identifier, component=""))) == (
        'no NewsComponent: nothing to publish (RevisionId Update="A": only NewsManagement changed)'
    )


# time and status


def test_missing_revision_time() -> None:
    management = MANAGEMENT.replace(
        "<ThisRevisionCreated>20240301T100000Z</ThisRevisionCreated>", ""
    )
    assert error(newsml(item_xml(management=management))) == (
        "missing NewsManagement/ThisRevisionCreated"
    )


def test_malformed_revision_time() -> None:
    management = MANAGEMENT.replace("20240301T100000Z", "yesterday")
    assert error(newsml(item_xml(management=management))) == (
        "invalid ThisRevisionCreated: 'yesterday' is not an ISO 8601 date-time"
    )


def test_unreadable_first_created_is_dropped() -> None:
    assert one(management=MANAGEMENT.replace("20240301T090000Z", "soon")).first_created is None


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Usable", PubStatus.USABLE),
        ("Withheld", PubStatus.WITHHELD),
        ("Canceled", PubStatus.CANCELED),
        ("cancelled", PubStatus.CANCELED),
    ],
)
def test_status(value: str, status: PubStatus) -> None:
    d = one(management=MANAGEMENT.replace("Usable", value))
    assert d.status is status
    assert d.embargoed is None


def test_missing_status_is_usable() -> None:
    assert one(management=MANAGEMENT.replace("<Status FormalName='Usable'/>", "")).status is (
        PubStatus.USABLE
    )


def test_unknown_status_is_refused() -> None:
    assert error(newsml(item_xml(management=MANAGEMENT.replace("Usable", "Killed")))) == (
        "invalid NewsManagement/Status: 'Killed' (expected Usable, Embargoed, Withheld or Canceled)"
    )


def test_embargo_from_status_will_change() -> None:
    management = MANAGEMENT.replace("Usable", "Embargoed") + (
        "<StatusWillChange><FutureStatus FormalName='Usable'/>"
        "<DateAndTime>20240302T060000+0100</DateAndTime></StatusWillChange>"
    )
    d = one(management=management)
    assert d.status is PubStatus.USABLE
    assert d.embargoed == datetime(2024, 3, 2, 6, 0, tzinfo=timezone(timedelta(hours=1)))


def test_embargoed_without_lift_time_is_withheld() -> None:
    d = one(management=MANAGEMENT.replace("Usable", "Embargoed"))
    assert (d.status, d.embargoed) == (PubStatus.WITHHELD, None)


def test_unreadable_lift_time_rejects_the_item() -> None:
    management = MANAGEMENT.replace("Usable", "Embargoed") + (
        "<StatusWillChange><DateAndTime>tomorrow</DateAndTime></StatusWillChange>"
    )
    assert error(newsml(item_xml(management=management))) == (
        "invalid StatusWillChange/DateAndTime: 'tomorrow' is not an ISO 8601 date-time"
    )


@pytest.mark.parametrize(("name", "expected"), [("Correction", True), ("Lift", False)])
def test_correction_instruction(name: str, expected: bool) -> None:
    management = MANAGEMENT + f"<Instruction FormalName='{name}'/>"
    assert one(management=management).is_correction is expected


# words


def test_news_lines() -> None:
    lines = (
        "<HeadLine>  Head\n line </HeadLine><SubHeadLine>Sub head.</SubHeadLine>"
        "<ByLine>By Jane Doe</ByLine><SlugLine>slug</SlugLine><CreditLine>ACME</CreditLine>"
        "<CopyrightLine>© ACME</CopyrightLine><DateLine>PARIS</DateLine>"
        "<NewsLine><NewsLineType FormalName='EditorialNote'/>"
        "<NewsLineText>Not for publication.</NewsLineText></NewsLine>"
        "<NewsLine><NewsLineType FormalName='ExtraLine'/><NewsLineText>x</NewsLineText></NewsLine>"
    )
    d = one(component=story(lines))
    assert d.headline == "Head line"
    assert d.standfirst == "Sub head."
    assert d.byline == "Jane Doe"
    assert d.slugline == "slug"
    assert d.ed_note == "Not for publication."
    assert d.extra["creditline"] == "ACME"
    assert d.extra["copyrightnotice"] == "© ACME"
    assert d.extra["dateline"] == "PARIS"


def test_usable_item_needs_a_headline() -> None:
    assert error(newsml(item_xml(component=story("")))) == "missing NewsLines/HeadLine"


def test_provider_falls_back_to_provider_id() -> None:
    assert one(component=story()).provider == "example.com"


@pytest.mark.parametrize(
    ("meta", "lines", "item_attrs", "expected"),
    [
        (
            "<DescriptiveMetadata><Language FormalName='FR-ca'/></DescriptiveMetadata>",
            "",
            "",
            "fr-ca",
        ),
        ("", "<HeadLine xml:lang='de'>H</HeadLine>", ' xml:lang="it"', "de"),
        ("", "<HeadLine xml:lang='x-default'>H</HeadLine>", ' xml:lang="it"', "it"),
        ("", "<HeadLine>H</HeadLine>", "", ""),
    ],
)
def test_language(meta: str, lines: str, item_attrs: str, expected: str) -> None:
    component = story(lines or "<HeadLine>H</HeadLine>", meta=meta)
    assert one(component=component, item_attrs=item_attrs).language == expected


def test_subjects_levels_schemes_and_names() -> None:
    meta = (
        "<DescriptiveMetadata><SubjectCode><Subject FormalName='15000000'/>"
        "<SubjectMatter FormalName='15054000' Scheme='IptcSubjectCodes'/>"
        "<SubjectQualifier FormalName='15054001'/></SubjectCode>"
        "<SubjectCode><SubjectDetail FormalName='X1' Scheme='acme'/>"
        "<Subject FormalName='15000000'/></SubjectCode></DescriptiveMetadata>"
    )
    topics = (
        "<TopicSet><Topic><FormalName>15054000</FormalName>"
        "<Description xml:lang='fr' Variant='Name'>Football</Description>"
        "<Description xml:lang='en' Variant='Name'>Soccer</Description>"
        "<Description xml:lang='en' Variant='Category'>SPO</Description></Topic></TopicSet>"
    )
    component = (
        f"<NewsComponent>{topics}<NewsLines><HeadLine>H</HeadLine></NewsLines>"
        f"{meta}{TEXT}</NewsComponent>"
    )
    assert one(component=component).subjects == (
        Subject("subj:15000000"),
        Subject("subj:15054000", "Soccer"),
        Subject("acme:X1"),
    )


# bodies


def text_item(data: str, format_name: str = "", mime: str = "") -> str:
    extra = f"<Format FormalName='{format_name}'/>" if format_name else ""
    extra += f"<MimeType FormalName='{mime}'/>" if mime else ""
    return (
        f"<ContentItem><MediaType FormalName='Text'/>{extra}"
        f"<DataContent>{data}</DataContent></ContentItem>"
    )


@pytest.mark.parametrize(
    ("content_item", "expected"),
    [
        (text_item("<body.content><p>NITF</p></body.content>"), "<p>NITF</p>"),
        (text_item("<p>Bare</p><p>paragraphs</p>"), "<p>Bare</p><p>paragraphs</p>"),
        (
            text_item(
                "<html xmlns='http://www.w3.org/1999/xhtml'><head><title>T</title></head>"
                "<body><h1>Title</h1><p>XHTML <b>bold</b></p></body></html>"
            ),
            "<h2>Title</h2><p>XHTML <strong>bold</strong></p>",
        ),
        (
            text_item("First line.\nSecond &amp; last."),
            "<p>First line.</p><p>Second &amp; last.</p>",
        ),
        (text_item("<![CDATA[<p>Sent as HTML</p>]]>"), "<p>Sent as HTML</p>"),
        (text_item("Plain but HTML-typed", format_name="HTML"), "Plain but HTML-typed"),
        (text_item("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>"),
        (text_item(""), ""),
    ],
)
def test_body_forms(content_item: str, expected: str) -> None:
    assert one(component=story(inside=content_item)).body_html == expected


def test_main_role_wins_and_captions_are_not_the_body() -> None:
    inside = (
        "<NewsComponent><Role FormalName='Caption'/>"
        + text_item("<p>Caption text</p>")
        + "</NewsComponent>"
        + "<NewsComponent><Role FormalName='Other'/>"
        + text_item("<p>Other text</p>")
        + "</NewsComponent>"
        + "<NewsComponent><Role FormalName='Main'/>"
        + text_item("<p>Main text</p>")
        + "</NewsComponent>"
    )
    assert one(component=story(inside=inside)).body_html == "<p>Main text</p>"


# pictures (AFP "text-photo" profile)


def photo(role: str, href: str, width: int, height: int) -> str:
    return (
        f"<NewsComponent><Role FormalName='{role}'/>"
        f"<ContentItem Href='{href}'><MediaType FormalName='Photo'/>"
        "<Format FormalName='JPEG Baseline'/><MimeType FormalName='image/jpeg'/>"
        "<Characteristics><SizeInBytes>1234</SizeInBytes>"
        f"<Property FormalName='Width' Value='{width}'/>"
        f"<Property FormalName='Height' Value='{height}'/></Characteristics>"
        "</ContentItem></NewsComponent>"
    )


def picture_component(duid: str, caption: str, credit: str, href: str) -> str:
    return (
        f"<NewsComponent Duid='{duid}'><Role FormalName='Photo'/>"
        f"<NewsLines><HeadLine>Photo title</HeadLine><CreditLine>{credit}</CreditLine></NewsLines>"
        "<NewsComponent><Role FormalName='Caption'/>"
        + text_item(f"<p>{caption}</p>")
        + "</NewsComponent>"
        + photo("Quicklook", f"{href}-ql.jpg", 200, 133)
        + photo("HighDef", f"{href}-hd.jpg", 3000, 2000)
        + "</NewsComponent>"
    )


def test_text_with_two_pictures() -> None:
    inside = (
        "<NewsComponent><Role FormalName='Main'/>"
        + TEXT
        + "</NewsComponent>"
        + picture_component("p1", "A first caption.", "AFP / Jane Doe", "one")
        + picture_component("p2", "A second caption.", "AFP", "two")
    )
    d = one(component=story(inside=inside))
    assert d.body_html == "<p>Body text.</p>"
    assert d.pictures == (
        Picture(
            renditions=(
                Rendition("one-ql.jpg", "Quicklook", 200, 133, "image/jpeg"),
                Rendition("one-hd.jpg", "HighDef", 3000, 2000, "image/jpeg"),
            ),
            caption="A first caption.",
            credit="AFP / Jane Doe",
            guid="p1",
        ),
        Picture(
            renditions=(
                Rendition("two-ql.jpg", "Quicklook", 200, 133, "image/jpeg"),
                Rendition("two-hd.jpg", "HighDef", 3000, 2000, "image/jpeg"),
            ),
            caption="A second caption.",
            credit="AFP",
            guid="p2",
        ),
    )
    assert d.pictures[0].best_rendition() == Rendition(
        "one-hd.jpg", "HighDef", 3000, 2000, "image/jpeg"
    )


def test_picture_without_caption_uses_its_headline_and_byline() -> None:
    inside = TEXT + (
        "<NewsComponent Duid='p'><NewsLines><HeadLine>Photo title</HeadLine>"
        "<ByLine>By Jo Snap</ByLine></NewsLines>"
        + photo("Preview", "p.jpg", 600, 400)
        + "</NewsComponent>"
    )
    [picture] = one(component=story(inside=inside)).pictures
    assert (picture.caption, picture.credit, picture.guid) == ("Photo title", "Jo Snap", "p")


def test_photo_beside_the_text_is_a_picture_of_its_own() -> None:
    loose = "<ContentItem Href='loose.jpg' Duid='c1'><MediaType FormalName='Photo'/></ContentItem>"
    [picture] = one(component=story(inside=TEXT + loose)).pictures
    assert picture.renditions == (Rendition("loose.jpg"),)
    assert picture.guid == "c1"


def test_photo_only_item_is_a_picture_dispatch() -> None:
    component = (
        "<NewsComponent Duid='only'><NewsLines><HeadLine>Photo headline</HeadLine></NewsLines>"
        + photo("HighDef", "only.jpg", 800, 600)
        + "</NewsComponent>"
    )
    d = one(component=component)
    assert d.headline == "Photo headline"
    assert d.body_html == ""
    [picture] = d.pictures
    assert picture.renditions == (Rendition("only.jpg", "HighDef", 800, 600, "image/jpeg"),)


def test_photo_without_href_is_no_rendition() -> None:
    inside = TEXT + "<ContentItem><MediaType FormalName='Photo'/></ContentItem>"
    assert one(component=story(inside=inside)).pictures == ()


# documents


def test_several_items_each_become_a_dispatch() -> None:
    second = item_xml(identifier=IDENTIFIER.replace("story-1", "story-2"))
    dispatches = newsml12.parse(newsml(item_xml(), second))
    assert [d.guid for d in dispatches] == [
        "urn:newsml:example.com:20240301:story-1",
        "urn:newsml:example.com:20240301:story-2",
    ]


def test_one_bad_item_rejects_the_file_and_says_which() -> None:
    bad = item_xml(management=MANAGEMENT.replace("Usable", "Killed"))
    assert error(newsml(item_xml(), bad)).startswith("NewsItem 2: invalid NewsManagement/Status")


def test_no_item() -> None:
    assert error(b"<NewsML><NewsEnvelope/></NewsML>") == "no NewsItem in the NewsML document"


def test_bare_news_item_root_is_accepted() -> None:
    [d] = newsml12.parse(item_xml().encode())
    assert d.headline == "Headline"


def test_utf8_bytes_under_a_latin1_declaration() -> None:
    data = newsml(item_xml(component=story("<HeadLine>Élysée : réunion à l'Hôtel</HeadLine>")))
    data = data.replace(b'encoding="UTF-8"', b'encoding="iso-8859-1"')
    [d] = newsml12.parse(data)
    assert d.headline == "Élysée : réunion à l'Hôtel"


def test_real_latin1_bytes() -> None:
    data = newsml(
        item_xml(component=story("<HeadLine>Élysée : réunion</HeadLine>")), encoding="iso-8859-1"
    )
    assert "Élysée".encode("latin-1") in data
    [d] = newsml12.parse(data)
    assert d.headline == "Élysée : réunion"


def test_malformed_xml_is_refused_with_position() -> None:
    assert error(b"<NewsML>\n<NewsItem></NewsML>").startswith("malformed XML at line 2, column")


def test_entity_declarations_are_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE NewsML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<NewsML><NewsItem>&xxe;</NewsItem></NewsML>"
    )
    assert error(xxe) == "XML with entity declarations is refused (entity expansion, XXE)"


def test_other_roots_are_refused() -> None:
    assert error(b"<nitf/>") == "expected a NewsML 1.2 document (root <NewsML>), got <nitf>"


def test_parse_root_takes_a_parsed_document() -> None:
    [d] = newsml12.parse_root(parse_xml(newsml()))
    assert d.guid == "urn:newsml:example.com:20240301:story-1"


# robustness


@settings(
    max_examples=200,
    deadline=2000,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_mutated_files_give_dispatches_or_a_parse_error(
    newsml_dir: Path, data: st.DataObject
) -> None:
    seeds = [(newsml_dir / name).read_bytes() for name in NEWSML12_FILES]
    seeds.append(
        newsml(item_xml(component=story(inside=TEXT + picture_component("p", "c", "k", "h"))))
    )
    survives(newsml12.parse, data.draw(mutated(seeds, most=6)))
