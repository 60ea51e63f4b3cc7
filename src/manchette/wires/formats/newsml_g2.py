"""IPTC NewsML-G2 (newsMessage, newsItem, packageItem) into dispatches.

A NewsML-G2 document is either one item or a `newsMessage` whose `itemSet`
carries several. Text items become text dispatches; picture items become a
dispatch carrying their picture (a picture published on its own); a
`packageItem` is assembled: its main text item receives the pictures the
package references, when those items travel in the same document.

Elements are matched by local name, never by namespace: agencies put NITF
and XHTML in the NewsML namespace by forgetting an `xmlns` (Scoop, STT), and
that must not make a story disappear. The root alone must be in the NAR
namespace, since that is how the format is recognised.

Pure: an lxml element (or bytes) in, dispatches or a `ParseError` out.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats.common import (
    collapse,
    join_credit,
    normalise_subject_code,
    parse_timestamp,
    plain_to_html,
    strip_tags,
)
from manchette.wires.formats.xml import local_name, parse_xml

NAR_NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"
SOURCE_FORMAT = "newsml-g2"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The schema makes `version` optional with a default of 1.
_DEFAULT_VERSION = "1"

_STATUSES = {
    "usable": PubStatus.USABLE,
    "withheld": PubStatus.WITHHELD,
    "canceled": PubStatus.CANCELED,
    # Not an IPTC code, but a kill spelled the British way is still a kill:
    # refusing it would leave a withdrawn story online (as in ninjs).
    "cancelled": PubStatus.CANCELED,
}

# Reuters editorial status signals: N new, U update, C correction, D deletion.
# Its `msgType` attribute on itemClass says D for a deletion too.
_REUTERS_CORRECTION = "edstat:c"
_REUTERS_KILL = "edstat:d"
_KILL_MESSAGE_TYPE = "D"

_TEXT_CLASSES = frozenset({"text"})
_PICTURE_CLASSES = frozenset({"picture", "graphic"})

# Description roles, by the code after the scheme alias (`drol:summary`,
# Reuters `descRole:intro`). A description without role is the generic one:
# a summary on a text, the caption on a picture.
_STANDFIRST_ROLES = ("summary", "abstract", "intro", "")
_CAPTION_ROLES = ("caption", "")
_ALT_ROLES = frozenset({"alternative", "alt", "alttext"})

# Reuters' guids ("tag:reuters.com,2016:newsml_…", or with underscores in the
# 2014 package files) and its provider names ("reuters.com", nprov:REUTERS).
_REUTERS_GUID = re.compile(r"^tag[:_]reuters\.com", re.IGNORECASE)
_REUTERS_NAME = re.compile(r"(?<![a-z])reuters(?![a-z])", re.IGNORECASE)

# A text/plain payload that opens with a block tag is HTML mislabelled (ANSA
# wraps its "plain" copy in <p>): escaping it would print the tags.
_MARKUP_START = re.compile(r"^\s*<(?:p|div|br|h[1-6]|ul|ol|blockquote|table)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
_HEADLINE_FALLBACK_MAX = 160

# NITF body markup to HTML. Elements not listed are unwrapped (their text
# kept): NITF's inline semantics (person, org, chron, money…) have no HTML
# equivalent and the words matter more than the tags.
_NITF_KEPT = frozenset(
    {
        "p",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "em",
        "strong",
        "b",
        "i",
        "q",
        "sub",
        "sup",
        "pre",
        "blockquote",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
    }
)
_NITF_RENAMED = {"hl1": "h2", "hl2": "h2", "bq": "blockquote", "credit": "cite"}
_NITF_EMPTY = frozenset({"br", "hr"})
# A media block without renditions shows nothing, a note is editorial (NITF
# marks some "not for publication"), table metadata is not table content.
_NITF_DROPPED = frozenset({"media", "note", "nitf-table-metadata"})


def parse(data: bytes) -> list[Dispatch]:
    """Parse one NewsML-G2 file (a newsMessage or a single item)."""
    return parse_root(parse_xml(data))


def parse_root(root: etree._Element) -> list[Dispatch]:
    """The dispatches of a NewsML-G2 document whose root element was already parsed."""
    name = local_name(root)
    if etree.QName(root).namespace != NAR_NAMESPACE:
        raise ParseError(f"not NewsML-G2: root element <{name}> is not in the IPTC NAR namespace")
    if name == "newsMessage":
        return _parse_message(root)
    if name.endswith("Item"):
        return _parse_items([root], in_message=False)
    raise ParseError(f"not NewsML-G2: unexpected root element <{name}>")


# --- documents ---------------------------------------------------------------


class _Unsupported(ParseError):
    """An item this site cannot publish (video, concept…), as opposed to a broken one."""


def _parse_message(message: etree._Element) -> list[Dispatch]:
    item_set = _child(message, "itemSet")
    if item_set is None:
        raise ParseError("newsMessage without itemSet")
    items = _elements(item_set)
    if not items:
        raise ParseError("newsMessage with an empty itemSet")
    return _parse_items(items, in_message=True)


@dataclass
class _Slot:
    """One place in the output, in document order; `dispatch` None once consumed."""

    element: etree._Element
    dispatch: Dispatch | None
    is_picture: bool = False


def _parse_items(items: list[etree._Element], in_message: bool) -> list[Dispatch]:
    # Unsupported items (video, audio, concepts) and packages that cannot be
    # used are skipped: a newsMessage commonly mixes them with publishable
    # items, and the file is rejected only when nothing usable is left.
    # A broken text or picture item (no versionCreated, bad date) rejects
    # the whole file instead, as in ninjs: a partial import would hide it.
    skipped: list[str] = []
    slots: list[_Slot] = []
    packages: list[_Slot] = []
    for item in items:
        try:
            kind = _kind(item)
            if kind == "package":
                packages.append(_Slot(item, None))
                slots.append(packages[-1])
            else:
                slots.append(_Slot(item, _news_item(item, kind), is_picture=kind == "picture"))
        except _Unsupported as reason:
            skipped.append(str(reason))
        except ParseError as error:
            raise _in_item(item, error, in_message) from error
    by_guid = {_attr(slot.element, "guid"): slot for slot in slots if slot.dispatch is not None}
    for package in packages:
        try:
            package.dispatch = _package(package.element, by_guid)
        except ParseError as error:
            skipped.append(str(_in_item(package.element, error, in_message)))
    dispatches = []
    for slot in slots:
        if slot.dispatch is None:
            continue
        try:
            dispatches.append(_publishable(slot.dispatch, slot.is_picture))
        except ParseError as error:
            raise _in_item(slot.element, error, in_message) from error
    if not dispatches:
        if not in_message and len(skipped) == 1:
            raise ParseError(skipped[0])
        raise ParseError("no usable item in newsMessage: " + ("; ".join(skipped) or "none"))
    return dispatches


def _in_item(item: etree._Element, error: ParseError, in_message: bool) -> ParseError:
    # In a message the reader needs to know which item; alone, the item is the file.
    if isinstance(error, _Unsupported) or not in_message:
        return error
    return ParseError(f"{_label(item)}: {error}")


def _label(item: etree._Element) -> str:
    guid = item.get("guid")
    return f"{local_name(item)} {guid!r}" if guid else f"{local_name(item)} without guid"


def _kind(item: etree._Element) -> str:
    name = local_name(item)
    if name == "packageItem":
        return "package"
    if name != "newsItem":
        raise _Unsupported(f"{_label(item)}: a {name} is not news content")
    meta = _child(item, "itemMeta")
    if meta is None:
        raise ParseError("missing itemMeta (itemClass, versionCreated)")
    qcode = _attr(_child(meta, "itemClass"), "qcode")
    if not qcode:
        raise ParseError("missing itemClass")
    item_class = _code(qcode).lower()
    if item_class in _TEXT_CLASSES:
        return "text"
    # A graphic is a picture when it comes as an image; an interactive or
    # animated one is not something a page can show.
    if item_class in _PICTURE_CLASSES and (item_class == "picture" or _image_renditions(item)):
        return "picture"
    raise _Unsupported(
        f"{_label(item)}: unsupported item class {qcode} (only text and pictures are published)"
    )


def _publishable(dispatch: Dispatch, is_picture: bool) -> Dispatch:
    # Checked only for items that stand alone: a picture consumed by a package
    # needs no headline (Reuters video keyframes have none).
    if is_picture and not dispatch.pictures:
        raise ParseError("picture item without an image rendition")
    if not dispatch.headline and dispatch.status is PubStatus.USABLE:
        raise ParseError("missing headline")
    return dispatch


# --- one news item -----------------------------------------------------------


def _news_item(item: etree._Element, kind: str) -> Dispatch:
    is_picture = kind == "picture"
    content_meta = _child(item, "contentMeta")
    nitf = _nitf(item)
    # A picture's descriptions are its caption: the words live on the Picture,
    # not repeated as standfirst.
    standfirst = "" if is_picture else _standfirst(content_meta, nitf)
    headline = _headline(content_meta) or _nitf_headline(nitf)
    if not headline:
        fallback = _caption(content_meta) if is_picture else standfirst
        headline = _first_sentence(fallback)
    picture = _picture(item)
    return dataclasses.replace(
        _common(item),
        headline=headline,
        standfirst=standfirst,
        body_html="" if is_picture else _body(item),
        pictures=(picture,) if picture is not None else (),
    )


def _common(item: etree._Element) -> Dispatch:
    """What every item carries, read from itemMeta, contentMeta and rightsInfo."""
    guid = collapse(item.get("guid") or "")
    if not guid:
        raise ParseError("missing guid")
    meta = _child(item, "itemMeta")
    if meta is None:
        raise ParseError("missing itemMeta")
    content_meta = _child(item, "contentMeta")
    version_created = _text(_child(meta, "versionCreated"))
    if not version_created:
        raise ParseError("missing versionCreated")
    provider = _provider(meta)
    signals = _signals(meta)
    return Dispatch(
        guid=guid,
        version=collapse(item.get("version") or "") or _DEFAULT_VERSION,
        version_created=parse_timestamp("versionCreated", version_created),
        headline="",
        provider=provider,
        status=_status(meta, signals),
        first_created=_optional_timestamp(meta, "firstCreated"),
        embargoed=_embargo(meta),
        language=_language(item, content_meta),
        byline=_byline(content_meta),
        slugline=_text(_child(content_meta, "slugline")),
        subjects=_subjects(content_meta),
        ed_note=_ed_note(meta),
        is_correction=any(_is_correction(signal) for signal in signals),
        version_is_ordinal=not _is_reuters(guid, meta),
        source_format=SOURCE_FORMAT,
        extra=_extra(item, meta, content_meta, signals),
    )


def _is_reuters(guid: str, meta: etree._Element) -> bool:
    # Reuters versions are opaque numbers (978556838 then 1542761538): only
    # versionCreated orders them. Every item Reuters provides is treated so,
    # whatever its guid looks like; other agencies count 1, 2, 3.
    provider = _child(meta, "provider")
    names = [_attr(provider, "literal"), _attr(provider, "qcode"), _text(provider)]
    return bool(_REUTERS_GUID.match(guid)) or any(_REUTERS_NAME.search(name) for name in names)


def _provider(meta: etree._Element) -> str:
    provider = _child(meta, "provider")
    literal = _attr(provider, "literal")
    if literal:
        return literal
    qcode = _attr(provider, "qcode")
    if qcode:
        return _code(qcode)  # nprov:REUTERS → REUTERS
    # ANSA names its provider only in a child element.
    return _text(_child(provider, "name"))


def _signals(meta: etree._Element) -> list[str]:
    return [qcode for signal in _children(meta, "signal") if (qcode := _attr(signal, "qcode"))]


def _is_correction(signal: str) -> bool:
    return signal.lower() == _REUTERS_CORRECTION or _code(signal).lower() == "correction"


def _status(meta: etree._Element, signals: list[str]) -> PubStatus:
    qcode = _attr(_child(meta, "pubStatus"), "qcode")
    status = PubStatus.USABLE
    if qcode:
        found = _STATUSES.get(_code(qcode).lower())
        if found is None:
            raise ParseError(f"invalid pubStatus: {qcode!r}")
        status = found
    # Reuters kills with edStat:D (and msgType D) while pubStatus may still
    # say usable: the signal wins, or a withdrawn story would stay online.
    killed = any(signal.lower() == _REUTERS_KILL for signal in signals)
    if killed or _message_type(meta) == _KILL_MESSAGE_TYPE:
        return PubStatus.CANCELED
    return status


def _message_type(meta: etree._Element) -> str:
    item_class = _child(meta, "itemClass")
    if item_class is None:
        return ""
    for name, value in item_class.attrib.items():
        if etree.QName(name).localname == "msgType":
            return str(value).strip().upper()
    return ""


def _optional_timestamp(meta: etree._Element, name: str) -> datetime | None:
    # firstCreated only informs; an unreadable one is no reason to lose the story.
    value = _text(_child(meta, name))
    try:
        return parse_timestamp(name, value) if value else None
    except ParseError:
        return None


def _embargo(meta: etree._Element) -> datetime | None:
    # An empty <embargoed/> (Scoop) is no embargo. An unreadable one rejects
    # the item: ignoring it could publish the story before the agency allows.
    # An embargo inside an XML comment is gone before we look (parse_xml
    # drops comments), which is right: a commented-out embargo is none.
    value = _text(_child(meta, "embargoed"))
    return parse_timestamp("embargoed", value) if value else None


def _language(item: etree._Element, content_meta: etree._Element | None) -> str:
    # contentMeta/language says what the content is in; xml:lang only what
    # the markup is in (L26 and L06 have nothing else).
    candidates = [_attr(_child(content_meta, "language"), "tag"), _attr(item, _XML_LANG)]
    candidates += [_attr(h, _XML_LANG) for h in _children(content_meta, "headline")]
    return next((tag for tag in candidates if tag), "")


def _byline(content_meta: etree._Element | None) -> str:
    by = _text(_child(content_meta, "by"))
    if by:
        return by
    names = []
    for creator in _children(content_meta, "creator"):
        name = _text(_child(creator, "name"))
        # dpa names its author "degenhardt.sandra" (the qcode's code), ANSA
        # "VRG" (the literal): a name that only repeats an identifier is a
        # login, not a byline.
        identifiers = {_code(_attr(creator, "qcode")), _attr(creator, "literal")}
        if name and name not in identifiers:
            names.append(name)
    return ", ".join(dict.fromkeys(names))


def _ed_note(meta: etree._Element) -> str:
    # Every note, public or marked pubconstraint "nonpublic" (dpa's contact
    # details): ed_note is for the desk and never published. Scoop spells the
    # element <ednote>.
    notes = [_text(note) for note in meta if _local_lower(note) == "ednote"]
    return "\n".join(dict.fromkeys(note for note in notes if note))


def _subjects(content_meta: etree._Element | None) -> tuple[Subject, ...]:
    found: dict[str, Subject] = {}
    for subject in _children(content_meta, "subject"):
        uri = _attr(subject, "uri")
        code = _attr(subject, "qcode") or (normalise_subject_code(uri) if uri else "")
        # A `literal` is only meaningful inside its file (dpa "ID0E2E" points
        # at an <assert>): without a qcode or uri there is no code to keep.
        if code and code not in found:
            found[code] = Subject(code=code, name=_text(_child(subject, "name")))
    return tuple(found.values())


def _extra(
    item: etree._Element,
    meta: etree._Element,
    content_meta: etree._Element | None,
    signals: list[str],
) -> dict[str, str]:
    rights = _child(item, "rightsInfo")
    values = {
        "itemclass": _attr(_child(meta, "itemClass"), "qcode"),
        "signals": "\n".join(signals),
        "urgency": _text(_child(content_meta, "urgency")),
        "creditline": _text(_child(content_meta, "creditline")),
        "copyrightholder": _copyright_holder(item),
        "copyrightnotice": "\n".join(_texts(rights, "copyrightNotice")),
        "usageterms": "\n".join(_texts(rights, "usageTerms")),
    }
    return {key: value for key, value in values.items() if value}


def _copyright_holder(item: etree._Element) -> str:
    holder = _child(_child(item, "rightsInfo"), "copyrightHolder")
    return _attr(holder, "literal") or _text(_child(holder, "name"))


# --- words -------------------------------------------------------------------


def _headline(content_meta: etree._Element | None) -> str:
    headlines = [h for h in _children(content_meta, "headline") if _text(h)]
    for headline in headlines:
        if _code(_attr(headline, "role")).lower() == "main":
            return _text(headline)
    # ANSA adds an hld:subHeadline: a role-less headline is the main one.
    for headline in headlines:
        if not _attr(headline, "role"):
            return _text(headline)
    return _text(headlines[0]) if headlines else ""


def _first_sentence(text: str) -> str:
    # STT sends an empty <headline/> and the story's summary: its first
    # sentence (cut at a word if long) stands in for the headline.
    sentence = _SENTENCE_END.split(collapse(text), maxsplit=1)[0]
    if len(sentence) <= _HEADLINE_FALLBACK_MAX:
        return sentence
    cut = sentence[:_HEADLINE_FALLBACK_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _description(content_meta: etree._Element | None, roles: tuple[str, ...]) -> str:
    descriptions = [d for d in _children(content_meta, "description") if _text(d)]
    for role in roles:
        for description in descriptions:
            if _code(_attr(description, "role")).lower() == role:
                return _text(description)
    return ""


def _standfirst(content_meta: etree._Element | None, nitf: etree._Element | None) -> str:
    standfirst = _description(content_meta, _STANDFIRST_ROLES)
    if standfirst or nitf is None:
        return standfirst
    return _text(_descendant(nitf, "abstract"))


def _caption(content_meta: etree._Element | None) -> str:
    return _description(content_meta, _CAPTION_ROLES)


def _alt_text(content_meta: etree._Element | None) -> str:
    for description in _children(content_meta, "description"):
        if _code(_attr(description, "role")).lower() in _ALT_ROLES and _text(description):
            return _text(description)
    return ""


# --- body --------------------------------------------------------------------


def _body(item: etree._Element) -> str:
    # Several renditions may come together: XHTML is closest to a page, then
    # NITF (mapped), then plain text. Which one is decided by what the
    # content is, not by contenttype: STT declares "xhtml/xml", Reuters
    # "application/xhtml+html", ANSA "text/plain" around HTML.
    xhtml: list[str] = []
    nitf: list[str] = []
    plain: list[str] = []
    for content in _elements(_child(item, "contentSet")):
        name = local_name(content)
        if name == "inlineXML":
            for root in _elements(content):
                if local_name(root) == "nitf":
                    nitf.append(_nitf_body(root))
                elif (body := _xhtml_body(root)) is not None:
                    xhtml.append(_xhtml_inner(body))
        elif name == "inlineData":
            text = content.text or ""
            content_type = _attr(content, "contenttype").lower()
            if "html" in content_type or _MARKUP_START.match(text):
                xhtml.append(text.strip())
            elif content_type in ("", "text/plain"):
                plain.append(plain_to_html(text))
    for candidates in (xhtml, nitf, plain):
        for markup in candidates:
            if strip_tags(markup):
                return markup
    return ""


def _xhtml_body(root: etree._Element) -> etree._Element | None:
    if local_name(root) == "body":
        return root
    if local_name(root) == "html":
        return _child(root, "body")
    return None


def _xhtml_inner(body: etree._Element) -> str:
    """The body's content as plain HTML: no namespaces, no prefixes."""
    fragment = copy.deepcopy(body)
    for element in fragment.iter("*"):  # elements only, not comments
        element.tag = local_name(element)
        for name in [name for name in element.attrib if str(name).startswith("{")]:
            value = element.attrib.pop(name)
            if name == _XML_LANG:
                element.set("lang", value)
    # dpa opens its body with a <header> repeating the headline, the date and
    # the keywords: the page shows those from the metadata.
    for header in [child for child in fragment if child.tag == "header"]:
        _remove_keeping_tail(header)
    etree.cleanup_namespaces(fragment)
    if len(fragment) == 0:
        # Bare text in <body> (Reuters results tables) is plain text with its
        # line breaks: paragraphs, not one run-on line.
        return plain_to_html(fragment.text or "")
    parts = [html.escape(fragment.text or "", quote=False)]
    parts.extend(
        etree.tostring(child, method="html", encoding="unicode", with_tail=True)
        for child in fragment
    )
    return "".join(parts).strip()


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _nitf(item: etree._Element) -> etree._Element | None:
    for content in _children(_child(item, "contentSet"), "inlineXML"):
        for root in _elements(content):
            if local_name(root) == "nitf":
                return root
    return None


def _nitf_headline(nitf: etree._Element | None) -> str:
    # Scoop has no contentMeta headline, only NITF's: hl1 (in <hedline>, or
    # AP's <headline>), else the document title.
    if nitf is None:
        return ""
    body_head = _child(_child(nitf, "body"), "body.head")
    return _text(_descendant(body_head, "hl1")) or _text(_child(_child(nitf, "head"), "title"))


def _nitf_body(nitf: etree._Element) -> str:
    # Only the body's own body.content: a <note> nests one of its own.
    contents = _children(_child(nitf, "body"), "body.content")
    return "".join(_nitf_children(content) for content in contents).strip()


def _nitf_children(element: etree._Element) -> str:
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_nitf_element(child))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def _nitf_element(element: etree._Element) -> str:
    name = local_name(element)
    if name in _NITF_DROPPED:
        return ""
    if name in _NITF_EMPTY:
        return f"<{name}>"
    inner = _nitf_children(element)
    if name == "a":
        href = _attr(element, "href")
        return f'<a href="{html.escape(href)}">{inner}</a>' if href else inner
    tag = _NITF_RENAMED.get(name, name if name in _NITF_KEPT else "")
    return f"<{tag}>{inner}</{tag}>" if tag else inner  # `block` and the like unwrap


# --- pictures ----------------------------------------------------------------


def _picture(item: etree._Element) -> Picture | None:
    # A picture item is its own picture; a text item with an image among its
    # renditions (ANSA) carries one too.
    renditions = _image_renditions(item)
    if not renditions:
        return None
    content_meta = _child(item, "contentMeta")
    credit = _text(_child(content_meta, "creditline")) or join_credit(
        _copyright_holder(item), _text(_child(content_meta, "by"))
    )
    return Picture(
        renditions=renditions,
        caption=_caption(content_meta),
        credit=credit,
        alt_text=_alt_text(content_meta),
        guid=collapse(item.get("guid") or ""),
    )


def _image_renditions(item: etree._Element) -> tuple[Rendition, ...]:
    renditions = []
    for remote in _children(_child(item, "contentSet"), "remoteContent"):
        href = _attr(remote, "href") or _attr(remote, "residref")
        mime_type = _attr(remote, "contenttype")
        # Video and audio renditions (Reuters sends MP4, FLV, MP3) are no picture.
        if not href or (mime_type and not mime_type.lower().startswith("image/")):
            continue
        renditions.append(
            Rendition(
                href=href,
                name=_attr(remote, "rendition"),
                width=_dimension(_attr(remote, "width")),
                height=_dimension(_attr(remote, "height")),
                mime_type=mime_type,
            )
        )
    return tuple(renditions)


def _dimension(value: str) -> int | None:
    return int(value) if value.isdigit() and int(value) > 0 else None


# --- packages ----------------------------------------------------------------


def _package(package: etree._Element, items: dict[str, _Slot]) -> Dispatch | None:
    """Assemble a package; None when its dispatch is its main item's, already in `items`.

    The main item is the first text itemRef of the main group. When it is in
    the document, it gets the pictures of the package's picture itemRefs that
    are in the document too, and those pictures are not published on their
    own. When it is not (Reuters sends package and items as separate files),
    the package becomes a dispatch of its own if it has a headline, with the
    pictures found in the document and the references it could not resolve
    listed in `extra`, so the pipeline can link them when they arrive.
    Without a headline it is rejected: there would be nothing to show.
    """
    main_refs, all_refs = _item_refs(package)

    def item_class(ref: etree._Element) -> str:
        slot = items.get(_attr(ref, "residref"))
        if slot is not None and slot.dispatch is not None:
            return "picture" if slot.is_picture else "text"
        return _code(_attr(_child(ref, "itemClass"), "qcode")).lower()

    main = next((ref for ref in main_refs if item_class(ref) in _TEXT_CLASSES), None)
    picture_slots = [
        slot
        for ref in all_refs
        if item_class(ref) in _PICTURE_CLASSES
        and (slot := items.get(_attr(ref, "residref"))) is not None
        and slot.is_picture
    ]
    pictures = tuple(p for slot in picture_slots if slot.dispatch for p in slot.dispatch.pictures)
    main_slot = items.get(_attr(main, "residref")) if main is not None else None
    package_guid = collapse(package.get("guid") or "")

    if main_slot is not None and main_slot.dispatch is not None:
        text = main_slot.dispatch
        extra = {**text.extra, "package": package_guid} if package_guid else text.extra
        main_slot.dispatch = dataclasses.replace(
            text, pictures=text.pictures + pictures, extra=extra
        )
        _consume(picture_slots)
        return None

    content_meta = _child(package, "contentMeta")
    headline = _headline(content_meta)
    if not headline:
        missing = _attr(main, "residref")
        reason = f"its main item {missing!r} is not in this document" if missing else "no main item"
        raise ParseError(f"package without headline and {reason}")
    standfirst = _description(content_meta, _STANDFIRST_ROLES)
    if not standfirst and main is not None:
        standfirst = _description(main, _STANDFIRST_ROLES)  # copied into the itemRef (IPTC L06)
    dispatch = _common(package)
    unresolved = [residref for ref in all_refs if (residref := _attr(ref, "residref")) not in items]
    extra = dict(dispatch.extra)
    if main is not None and _attr(main, "residref"):
        extra["package_main"] = _attr(main, "residref")
    if unresolved:
        extra["package_items"] = "\n".join(unresolved)
    _consume(picture_slots)
    return dataclasses.replace(
        dispatch, headline=headline, standfirst=standfirst, pictures=pictures, extra=extra
    )


def _consume(slots: list[_Slot]) -> None:
    for slot in slots:
        slot.dispatch = None


def _item_refs(package: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """The itemRefs of the main group (groupRefs followed), and all of them."""
    group_set = _child(package, "groupSet")
    if group_set is None:
        # No groups (IPTC L24, Scoop): the package's own itemRefs are the main group.
        refs = _children(package, "itemRef")
        return refs, refs
    groups = {group.get("id"): group for group in _children(group_set, "group")}
    # The group whose role says main (IPTC group:main, Reuters grpRole:Main),
    # else the root group, whose groupRefs are followed in order.
    main = next((g for g in groups.values() if _code(_attr(g, "role")).lower() == "main"), None)
    if main is None:
        main = groups.get(group_set.get("root"))
    all_refs = [e for e in group_set.iter("*") if local_name(e) == "itemRef"]
    return list(_group_refs(main, groups, set())), all_refs


def _group_refs(
    group: etree._Element | None, groups: dict[str | None, etree._Element], seen: set[str | None]
) -> Iterator[etree._Element]:
    if group is None or group.get("id") in seen:
        return  # a groupRef cycle must not loop forever
    seen.add(group.get("id"))
    for child in _elements(group):
        if local_name(child) == "itemRef":
            yield child
        elif local_name(child) == "groupRef":
            yield from _group_refs(groups.get(child.get("idref")), groups, seen)


# --- small readers -----------------------------------------------------------


def _elements(parent: etree._Element | None) -> list[etree._Element]:
    return [] if parent is None else [c for c in parent if isinstance(c.tag, str)]


def _children(parent: etree._Element | None, name: str) -> list[etree._Element]:
    return [child for child in _elements(parent) if local_name(child) == name]


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    return next(iter(_children(parent, name)), None)


def _descendant(parent: etree._Element | None, name: str) -> etree._Element | None:
    if parent is None:
        return None
    for element in parent.iter("*"):
        if local_name(element) == name:
            return element
    return None


def _local_lower(element: etree._Element) -> str:
    return local_name(element).lower()


def _text(element: etree._Element | None) -> str:
    """All the text inside an element, whitespace collapsed; "" for none."""
    return "" if element is None else collapse("".join(map(str, element.itertext())))


def _texts(parent: etree._Element | None, name: str) -> list[str]:
    return [text for child in _children(parent, name) if (text := _text(child))]


def _attr(element: etree._Element | None, name: str) -> str:
    return "" if element is None else collapse(element.get(name) or "")


def _code(qcode: str) -> str:
    """The code of a QCode (`nprov:REUTERS` → `REUTERS`); a bare value as is."""
    return qcode.partition(":")[2] if ":" in qcode else qcode
