"""IPTC NewsML 1.2 (AFP's long-standing format, also ANA-MPE's) into dispatches.

A NewsML document holds NewsItems; each is one revision of one story and
becomes one dispatch. Inside, a tree of NewsComponents carries the parts:
the story's text in a ContentItem of MediaType Text, and in AFP's
"text-photo" profile one component per picture, whose ContentItems of
MediaType Photo are the same image at several sizes and whose "Caption"
component holds its caption.

The identifier of a NewsItem (ProviderId, DateId, NewsItemId) is stable
across revisions; RevisionId orders them. PublicIdentifier serialises all
four, so it names one revision, not the story.

Pure: bytes in, dispatches or a `ParseError` out. No I/O, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats.common import (
    collapse,
    parse_timestamp,
    plain_to_html,
    strip_tags,
)
from manchette.wires.formats.elements import attribute, child_at, children_named, descendants_named
from manchette.wires.formats.nitf import nitf_body_to_html, repair_mislabelled_utf8
from manchette.wires.formats.xml import local_name, parse_xml

Element = etree._Element

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_STATUSES = {
    "usable": PubStatus.USABLE,
    "embargoed": PubStatus.USABLE,  # usable once StatusWillChange says so
    "withheld": PubStatus.WITHHELD,
    "canceled": PubStatus.CANCELED,
    "cancelled": PubStatus.CANCELED,  # the same lenience as ninjs and NITF
}
_TEXT_MEDIA = frozenset({"text"})
_PICTURE_MEDIA = frozenset({"photo", "image", "graphic", "picture"})
_SUBJECT_LEVELS = frozenset({"Subject", "SubjectMatter", "SubjectDetail"})
_IPTC_SUBJECT = re.compile(r"^\d{8}$")
_IPTC_SCHEMES = frozenset({"", "iptcsubjectcodes", "iptc", "subjectcode"})
# A revision number, optionally followed by its Update letter, ends a PublicIdentifier.
_REVISION_SUFFIX = re.compile(r":\d+[NAU]?$")
_MARKUP = re.compile(r"<[A-Za-z!/]")
_LEADING_BY = re.compile(r"^by\s+(?=\S)", re.IGNORECASE)
# Instructions (NewsManagement/Instruction/@FormalName) announcing a correction.
_CORRECTION_INSTRUCTIONS = frozenset({"correction", "corrected", "rectification", "rectificatif"})
# NewsLine types that address editors rather than readers.
_ED_NOTE_LINE = re.compile(r"^(?:ed(?:itor(?:ial)?s?)?[ _-]?notes?|advisory(?:line)?)$", re.I)


def parse(data: bytes) -> list[Dispatch]:
    """Parse one NewsML 1.2 file into one dispatch per NewsItem."""
    return parse_root(parse_xml(data))


def parse_root(root: Element) -> list[Dispatch]:
    """The dispatches in an already parsed NewsML 1.2 document (root element `NewsML`)."""
    name = local_name(root)
    if name not in ("NewsML", "NewsItem"):
        raise ParseError(f"expected a NewsML 1.2 document (root <NewsML>), got <{name}>")
    root = repair_mislabelled_utf8(root)
    items = [root] if name == "NewsItem" else children_named(root, "NewsItem")
    if not items:
        raise ParseError("no NewsItem in the NewsML document")
    if len(items) == 1:
        return [_parse_item(items[0])]
    dispatches = []
    for index, item in enumerate(items, start=1):
        try:
            dispatches.append(_parse_item(item))
        except ParseError as error:
            # One bad item rejects the file: a partial import would hide it.
            raise ParseError(f"NewsItem {index}: {error}") from error
    return dispatches


# --- one NewsItem ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Parts:
    """Where the pieces of a NewsItem are in its component tree."""

    story: list[Element]  # components about the story itself, outermost first
    body: Element | None  # the ContentItem with the story's text
    pictures: list[tuple[Element | None, list[Element]]]  # (component, photo ContentItems)


def _parse_item(item: Element) -> Dispatch:
    identifier = child_at(item, "Identification", "NewsIdentifier")
    if identifier is None:
        raise ParseError("missing Identification/NewsIdentifier")
    revision = child_at(identifier, "RevisionId")
    update = _update(revision)
    management = child_at(item, "NewsManagement")
    created = _text(child_at(management, "ThisRevisionCreated"))
    if not created:
        raise ParseError("missing NewsManagement/ThisRevisionCreated")
    status, embargoed = _status(management)
    root_component = child_at(item, "NewsComponent")
    if root_component is None and status is PubStatus.USABLE:
        detail = ' (RevisionId Update="A": only NewsManagement changed)' if update == "A" else ""
        raise ParseError(f"no NewsComponent: nothing to publish{detail}")
    # Without components, a kill or hold of earlier revisions still applies.
    parts = _parts(root_component) if root_component is not None else _Parts([], None, [])
    lines = _news_lines(parts)
    headline = _text(child_at(lines, "HeadLine"))
    if not headline and status is PubStatus.USABLE:
        raise ParseError("missing NewsLines/HeadLine")
    return Dispatch(
        guid=_guid(identifier),
        version=_text(revision),
        version_created=parse_timestamp("ThisRevisionCreated", created),
        headline=headline,
        provider=_provider(identifier, parts),
        status=status,
        first_created=_optional_time(_text(child_at(management, "FirstCreated"))),
        embargoed=embargoed,
        standfirst=_text(child_at(lines, "SubHeadLine")),
        body_html=_body_html(parts.body),
        language=_language(item, parts, lines),
        byline=_LEADING_BY.sub("", _text(child_at(lines, "ByLine"))),
        slugline=_text(child_at(lines, "SlugLine"))
        or _text(child_at(item, "Identification", "NameLabel")),
        subjects=_subjects(item, parts),
        pictures=tuple(_picture(component, photos) for component, photos in parts.pictures),
        ed_note=_ed_note(lines),
        is_correction=_is_correction(management),
        source_format="newsml-1.2",
        extra=_extra(revision, management, lines, parts),
    )


def _guid(identifier: Element) -> str:
    provider_id = _text(child_at(identifier, "ProviderId"))
    date_id = _text(child_at(identifier, "DateId"))
    item_id = _text(child_at(identifier, "NewsItemId"))
    if provider_id and date_id and item_id:
        # PublicIdentifier without its revision: the same for every revision.
        return f"urn:newsml:{provider_id}:{date_id}:{item_id}"
    public = _text(child_at(identifier, "PublicIdentifier"))
    if public:
        return _REVISION_SUFFIX.sub("", public)
    raise ParseError(
        "missing NewsIdentifier: neither ProviderId, DateId and NewsItemId nor a PublicIdentifier"
    )


def _update(revision: Element | None) -> str:
    """RevisionId/@Update: N (complete item), A (new NewsManagement only), U (Update elements)."""
    raw = attribute(revision, "Update")
    value = raw.upper() or "N"
    if value == "U":
        # Update elements patch components of the previous revision by Duid:
        # without that revision at hand there is nothing whole to publish.
        previous = attribute(revision, "PreviousRevision") or "?"
        raise ParseError(
            f'RevisionId Update="U": the item only patches revision {previous},'
            " which cannot be applied on its own"
        )
    if value not in ("N", "A"):
        raise ParseError(f"invalid RevisionId/@Update: {raw!r} (expected N, A or U)")
    return value


def _status(management: Element | None) -> tuple[PubStatus, datetime | None]:
    raw = attribute(child_at(management, "Status"), "FormalName")
    value = raw.lower()
    if not value:
        return PubStatus.USABLE, None
    if value not in _STATUSES:
        raise ParseError(
            f"invalid NewsManagement/Status: {raw!r}"
            " (expected Usable, Embargoed, Withheld or Canceled)"
        )
    if value != "embargoed":
        return _STATUSES[value], None
    # The lift time is StatusWillChange/DateAndTime. An unreadable one
    # rejects the item (publishing early is the one mistake that cannot be
    # taken back); a missing one holds it until the next revision.
    when = _text(child_at(management, "StatusWillChange", "DateAndTime"))
    if not when:
        return PubStatus.WITHHELD, None
    return PubStatus.USABLE, parse_timestamp("StatusWillChange/DateAndTime", when)


def _optional_time(value: str) -> datetime | None:
    # FirstCreated only informs: an unreadable one is dropped, not fatal.
    try:
        return parse_timestamp("FirstCreated", value) if value else None
    except ParseError:
        return None


def _is_correction(management: Element | None) -> bool:
    return any(
        attribute(instruction, "FormalName").lower() in _CORRECTION_INSTRUCTIONS
        for instruction in children_named(management, "Instruction")
    )


# --- finding the parts -------------------------------------------------------


def _parts(root_component: Element) -> _Parts:
    body = _body_item(root_component)
    pictures = list(_picture_groups(root_component, body))
    # A picture's own lines and metadata are not the story's, unless the
    # picture is the whole item (a photo sent on its own).
    inside = {
        id(nested)
        for component, _ in pictures
        if component is not None and component is not root_component
        for nested in _components(component)
    }
    story = [c for c in _components(root_component) if id(c) not in inside]
    return _Parts(story=story, body=body, pictures=pictures)


def _components(component: Element) -> Iterator[Element]:
    """`component` and every NewsComponent nested in it, in document order."""
    yield component
    for child in children_named(component, "NewsComponent"):
        yield from _components(child)


def _items(component: Element) -> Iterator[Element]:
    for nested in _components(component):
        yield from children_named(nested, "ContentItem")


def _media_type(content_item: Element) -> str:
    return attribute(child_at(content_item, "MediaType"), "FormalName").lower()


def _role(component: Element | None) -> str:
    return attribute(child_at(component, "Role"), "FormalName")


def _is_caption(component: Element) -> bool:
    return "caption" in _role(component).lower()


def _is_photo(content_item: Element) -> bool:
    return _media_type(content_item) in _PICTURE_MEDIA and bool(attribute(content_item, "Href"))


def _body_item(root_component: Element) -> Element | None:
    """The story's text: a Text ContentItem outside captions, the "Main" one first."""
    candidates = [
        (component, item)
        for component in _components(root_component)
        if not _is_caption(component)
        for item in children_named(component, "ContentItem")
        if _media_type(item) in _TEXT_MEDIA and child_at(item, "DataContent") is not None
    ]
    for component, item in candidates:
        if _role(component).lower() == "main":
            return item
    return candidates[0][1] if candidates else None


def _picture_groups(
    component: Element, body: Element | None
) -> Iterator[tuple[Element | None, list[Element]]]:
    """Each picture as (its component, its photo ContentItems).

    A picture is the largest component holding photos but neither the
    story's text nor a second caption (which would mean a second picture).
    Photos lying beside the story's text, outside any such component, are a
    picture each.
    """
    items = list(_items(component))
    photos = [item for item in items if _is_photo(item)]
    if not photos:
        return
    captions = [c for c in _components(component) if _is_caption(c)]
    if all(item is not body for item in items) and len(captions) <= 1:
        yield component, photos
        return
    for item in children_named(component, "ContentItem"):
        if _is_photo(item):
            yield None, [item]
    for child in children_named(component, "NewsComponent"):
        yield from _picture_groups(child, body)


def _news_lines(parts: _Parts) -> Element | None:
    for component in parts.story:
        lines = child_at(component, "NewsLines")
        if lines is not None:
            return lines
    return None


# --- words -------------------------------------------------------------------


def _body_html(content_item: Element | None) -> str:
    data = child_at(content_item, "DataContent")
    if content_item is None or data is None:
        return ""
    if any(local_name(child) for child in data):
        # NITF (AFP English: nitf/body/body.content), bare NITF paragraphs
        # (AFP French) or XHTML: one mapping serves them all.
        return nitf_body_to_html(data)
    text = data.text or ""
    if _is_html(content_item) or _MARKUP.search(text):
        # HTML as a string (ANA-MPE's CDATA): kept as sent, the pipeline sanitises.
        return text.strip()
    return plain_to_html(text)


def _is_html(content_item: Element) -> bool:
    kinds = (
        attribute(child_at(content_item, "Format"), "FormalName"),
        attribute(child_at(content_item, "MimeType"), "FormalName"),
    )
    return any("html" in kind.lower() for kind in kinds)


def _item_text(content_item: Element | None) -> str:
    """A ContentItem's words as plain text (captions)."""
    data = child_at(content_item, "DataContent")
    if content_item is None or data is None:
        return ""
    if any(local_name(child) for child in data):
        return strip_tags(nitf_body_to_html(data))
    text = data.text or ""
    return strip_tags(text) if _is_html(content_item) or _MARKUP.search(text) else collapse(text)


def _provider(identifier: Element, parts: _Parts) -> str:
    # The Provider party is who the site credits ("AFP"); ProviderId is the
    # provider's domain ("afp.com", "ana-mpe.gr"), always present.
    for component in parts.story:
        party = attribute(
            child_at(component, "AdministrativeMetadata", "Provider", "Party"), "FormalName"
        )
        if party:
            return party
    return _text(child_at(identifier, "ProviderId"))


def _language(item: Element, parts: _Parts, lines: Element | None) -> str:
    for component in parts.story:
        language = attribute(child_at(component, "DescriptiveMetadata", "Language"), "FormalName")
        if language:
            return _language_tag(language)
    for node in (child_at(lines, "HeadLine"), item):
        language = attribute(node, _XML_LANG)
        if language and language.lower() != "x-default":
            return _language_tag(language)
    return ""


def _language_tag(tag: str) -> str:
    # ANA-MPE writes "EN": language subtags are lower case by convention.
    primary, _, rest = tag.partition("-")
    return f"{primary.lower()}-{rest}" if rest else primary.lower()


def _ed_note(lines: Element | None) -> str:
    notes = [
        _text(child_at(line, "NewsLineText"))
        for line in children_named(lines, "NewsLine")
        if _ED_NOTE_LINE.match(attribute(child_at(line, "NewsLineType"), "FormalName"))
    ]
    return "\n".join(dict.fromkeys(note for note in notes if note))


def _extra(
    revision: Element | None, management: Element | None, lines: Element | None, parts: _Parts
) -> dict[str, str]:
    values = {
        "urgency": attribute(child_at(management, "Urgency"), "FormalName"),
        "previous_revision": attribute(revision, "PreviousRevision"),
        "copyrightnotice": _text(child_at(lines, "CopyrightLine")),
        "creditline": _text(child_at(lines, "CreditLine")),
        "dateline": _text(child_at(lines, "DateLine")),
        "usageterms": "\n".join(
            _text(usage)
            for component in parts.story
            for rights in children_named(component, "RightsMetadata")
            for usage in descendants_named(rights, "UsageType")
            if _text(usage)
        ),
    }
    return {key: value for key, value in values.items() if value}


# --- subjects ----------------------------------------------------------------


def _subjects(item: Element, parts: _Parts) -> tuple[Subject, ...]:
    names = _topic_names(item)
    found: dict[str, Subject] = {}
    for component in parts.story:
        for metadata in children_named(component, "DescriptiveMetadata"):
            for subject_code in children_named(metadata, "SubjectCode"):
                for node in subject_code:
                    subject = _subject(node, names)
                    if subject is not None and subject.code not in found:
                        found[subject.code] = subject
    return tuple(found.values())


def _subject(node: Element, names: dict[str, str]) -> Subject | None:
    # SubjectQualifier refines a code rather than being one.
    if local_name(node) not in _SUBJECT_LEVELS:
        return None
    value = attribute(node, "FormalName")
    if not value:
        return None
    scheme = attribute(node, "Scheme")
    if _IPTC_SUBJECT.match(value) and scheme.lower() in _IPTC_SCHEMES:
        code = f"subj:{value}"
    else:
        code = f"{scheme}:{value}" if scheme else value
    return Subject(code=code, name=names.get(value, ""))


def _topic_names(item: Element) -> dict[str, str]:
    """Subject names given in TopicSets (ANA-MPE), English first."""
    names: dict[str, str] = {}
    for topic in descendants_named(item, "Topic"):
        code = _text(child_at(topic, "FormalName"))
        labels = [
            (attribute(description, _XML_LANG).lower(), _text(description))
            for description in children_named(topic, "Description")
            if attribute(description, "Variant").lower() in ("", "name") and _text(description)
        ]
        labels.sort(key=lambda label: not label[0].startswith("en"))
        if code and labels:
            names.setdefault(code, labels[0][1])
    return names


# --- pictures ----------------------------------------------------------------


def _picture(component: Element | None, photos: list[Element]) -> Picture:
    lines = child_at(component, "NewsLines")
    caption_components = (
        [c for c in _components(component) if _is_caption(c)] if component is not None else []
    )
    caption = next(
        (
            _item_text(item)
            for caption_component in caption_components
            for item in children_named(caption_component, "ContentItem")
            if _item_text(item)
        ),
        "",
    )
    credit = _text(child_at(lines, "CreditLine")) or _LEADING_BY.sub(
        "", _text(child_at(lines, "ByLine"))
    )
    return Picture(
        renditions=tuple(_rendition(photo) for photo in photos),
        caption=caption or _text(child_at(lines, "HeadLine")),
        credit=credit,
        guid=attribute(component, "Duid")
        if component is not None
        else attribute(photos[0], "Duid"),
    )


def _rendition(photo: Element) -> Rendition:
    sizes = {
        attribute(prop, "FormalName").lower(): attribute(prop, "Value")
        for prop in children_named(child_at(photo, "Characteristics"), "Property")
    }
    parent = photo.getparent()
    return Rendition(
        href=attribute(photo, "Href"),
        # AFP names each size by its component's Role: HighDef, Preview, Quicklook.
        name=_role(parent) or attribute(child_at(photo, "Format"), "FormalName"),
        width=_dimension(sizes.get("width", "")),
        height=_dimension(sizes.get("height", "")),
        mime_type=attribute(child_at(photo, "MimeType"), "FormalName"),
    )


def _dimension(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else None


# --- small readers -----------------------------------------------------------


def _text(node: Element | None) -> str:
    """All the text under `node` (CDATA included), whitespace collapsed."""
    if node is None:
        return ""
    parts = [node.text or ""]
    for child in node:
        parts.append(_text(child) if local_name(child) else "")
        parts.append(child.tail or "")
    return collapse(" ".join(parts))
