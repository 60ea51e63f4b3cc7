"""NITF 3.x (News Industry Text Format) into dispatches.

One NITF document is one version of one story: `head/docdata` says who sent
it, when and in what state, `body/body.head` carries the headline and byline,
and `body/body.content` the text, in a small markup of its own that
`nitf_body_to_html` turns into HTML. That function is public because NITF
also travels inside other formats (NewsML-G2 `inlineXML`, NewsML 1.2
`DataContent`).

Elements are matched by local name, so a namespaced NITF (as embedded in
NewsML-G2) reads the same as a plain one.

Pure: bytes in, dispatches or a `ParseError` out. No I/O, no Django.
"""

from __future__ import annotations

import codecs
import html
import re
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats.common import (
    collapse,
    join_credit,
    normalise_subject_code,
    parse_timestamp,
)
from manchette.wires.formats.elements import attribute, child_at, children_named, descendants_named
from manchette.wires.formats.xml import local_name, parse_xml

Element = etree._Element

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# management-status values of NITF 3.x docdata. "embargoed" is not a
# PubStatus of its own: the story is usable once date.release has passed.
_STATUSES = {
    "usable": PubStatus.USABLE,
    "embargoed": PubStatus.USABLE,
    "withheld": PubStatus.WITHHELD,
    "canceled": PubStatus.CANCELED,
    # Not in the DTD; accepted for the same reason as in ninjs: the intent
    # is a kill, and refusing it would leave a withdrawn story online.
    "cancelled": PubStatus.CANCELED,
}

# An unfilled template such as CP's "YYYYMMDD000000-HHMM": no date at all,
# as opposed to a date that is merely malformed.
_PLACEHOLDER = re.compile(r"yyyy|mm-?dd|hh:?mm", re.IGNORECASE)
_LEADING_BY = re.compile(r"^by\s+(?=\S)", re.IGNORECASE)
_RIGHTS_BOILERPLATE = re.compile(r"[\s.,;]*all rights reserved\.?\s*$", re.IGNORECASE)
_COPYRIGHT_PREFIX = re.compile(r"^(?:©|\(c\)|copyright)?\s*(?:\d{4}\s+)?", re.IGNORECASE)
_IPTC_SUBJECT = re.compile(r"^\d{8}$")
_PICTURE_MEDIA = frozenset({"image", "photo", "graphic"})
_CREDIT_METADATA = ("credit", "creditline", "byline", "photographer")

_UTF8_MISLABELLED_AS = frozenset({"iso8859-1", "cp1252"})


def parse(data: bytes) -> list[Dispatch]:
    """Parse one NITF file into its one dispatch."""
    return parse_root(parse_xml(data))


def parse_root(root: Element) -> list[Dispatch]:
    """The dispatches in an already parsed NITF document (root element `nitf`).

    One, the document itself; two when the document also kills or holds
    the earlier document it names (see `_referenced_notice`).
    """
    if local_name(root) != "nitf":
        raise ParseError(f"expected an NITF document (root <nitf>), got <{local_name(root)}>")
    document = _parse_document(repair_mislabelled_utf8(root))
    notice = _referenced_notice(document)
    return [document] if notice is None else [notice, document]


# --- the document ------------------------------------------------------------


def _parse_document(root: Element) -> Dispatch:
    head = child_at(root, "head")
    docdata = child_at(head, "docdata")
    body = child_at(root, "body")
    body_head = child_at(body, "body.head")
    guid = _guid(docdata)
    issued = _date(docdata, "date.issue")
    release = _date(docdata, "date.release")
    version_created = issued or release or _publication_date(head, docdata)
    if version_created is None:
        raise ParseError(
            "missing version time: none of docdata/date.issue, docdata/date.release"
            " or pubdata/@date.publication holds a date"
        )
    management = _management_status(docdata)
    status, embargoed = _status_and_embargo(management, release, issued)
    headline = _headline(head, body_head)
    if not headline and status is PubStatus.USABLE:
        raise ParseError("missing headline: no body.head/hedline/hl1 and no head/title")
    return Dispatch(
        guid=guid,
        version=_version(docdata),
        version_created=version_created,
        headline=headline,
        provider=_provider(head, docdata, body_head),
        status=status,
        first_created=_first_created(head),
        embargoed=embargoed,
        standfirst=_standfirst(body_head, headline),
        body_html=nitf_body_to_html(body) if body is not None else "",
        language=_language(root, body, head),
        byline=_byline(body_head),
        slugline=attribute(child_at(docdata, "du-key"), "key"),
        subjects=_subjects(head, docdata),
        pictures=_pictures(body),
        ed_note=_ed_note(docdata, body),
        is_correction=child_at(docdata, "correction") is not None,
        source_format="nitf",
        extra=_extra(head, docdata, body_head),
    )


def _referenced_notice(document: Dispatch) -> Dispatch | None:
    """What the document says of the earlier document it names, when that is a kill or hold.

    `management-doc-idref` names an earlier document and
    `management-idref-status` gives that document's status from now on; a
    canceled document naming another without saying its status takes it
    down with it. That other document is often a story the site already
    shows under its own id: left alone, it would stay online. So the
    notice is applied to it as one more version, ordered by time (this
    document's version number counts another document's updates).
    """
    target = document.extra.get("refers_to", "")
    named = document.extra.get("refers_to_status", "")
    if named:
        status = _STATUSES[named]
    elif document.status is PubStatus.CANCELED:
        status = PubStatus.CANCELED
    else:
        return None
    if not target or target == document.guid or status is PubStatus.USABLE:
        return None
    return Dispatch(
        guid=target,
        version="",
        version_created=document.version_created,
        headline=document.headline,
        provider=document.provider,
        status=status,
        language=document.language,
        ed_note=f"{status.value} by NITF document {document.guid}",
        version_is_ordinal=False,
        source_format=document.source_format,
        extra={"notice_from": document.guid},
    )


def _guid(docdata: Element | None) -> str:
    doc_id = child_at(docdata, "doc-id")
    id_string = attribute(doc_id, "id-string")
    if id_string:
        return id_string
    regsrc, xml_id = attribute(doc_id, "regsrc"), attribute(doc_id, "id")
    if regsrc and xml_id:
        return f"{regsrc}:{xml_id}"
    # Without an identifier, later versions and kills could never find the
    # story: inventing one (say, from a hash) would publish duplicates.
    detail = f" (doc-id names only its source, regsrc={regsrc!r})" if regsrc else ""
    raise ParseError(f"missing docdata/doc-id/@id-string: the document has no identifier{detail}")


def _version(docdata: Element | None) -> str:
    # du-key/@version counts the updates of a story ("48" at NTB, "04" at
    # Ritzau); as an ordinal, "04" and "4" are the same version.
    value = attribute(child_at(docdata, "du-key"), "version")
    return str(int(value)) if value.isascii() and value.isdigit() else value


# --- time and status ---------------------------------------------------------


def _date(docdata: Element | None, name: str) -> datetime | None:
    """A docdata date (`norm` attribute, else text), None if absent or a placeholder."""
    node = child_at(docdata, name)
    value = attribute(node, "norm") or _text(node)
    if not value or _PLACEHOLDER.search(value):
        return None
    # A date that is there but unreadable rejects the file: date.release may
    # be an embargo, and guessing could publish a story too early.
    return parse_timestamp(f"{name}/@norm", value)


def _publication_date(head: Element | None, docdata: Element | None) -> datetime | None:
    # pubdata belongs in head; Ritzau puts it inside docdata.
    pubdata = child_at(head, "pubdata")
    if pubdata is None:
        pubdata = child_at(docdata, "pubdata")
    value = attribute(pubdata, "date.publication")
    if not value or _PLACEHOLDER.search(value):
        return None
    return parse_timestamp("pubdata/@date.publication", value)


def _management_status(docdata: Element | None) -> str:
    raw = attribute(docdata, "management-status")
    value = raw.lower()
    if not value:
        return "usable"  # the DTD's default
    if value not in _STATUSES:
        raise ParseError(
            f"invalid docdata/@management-status: {raw!r}"
            " (expected usable, embargoed, withheld or canceled)"
        )
    return value


def _status_and_embargo(
    management: str, release: datetime | None, issued: datetime | None
) -> tuple[PubStatus, datetime | None]:
    """The status and embargo a docdata states.

    NITF defines date.release as the time from which the document may be
    published and date.expire as the time after which it may not; so
    date.release is the embargo, and an explicit "embargoed" status only
    insists on it. Agencies such as AAP stamp date.release equal to
    date.issue on ordinary copy, so only a release later than the issue
    holds a story back.
    """
    if management == "embargoed":
        if release is None:
            # Embargoed until an unknown time: hold it. The agency's next
            # version (with a date, or usable) releases it.
            return PubStatus.WITHHELD, None
        return PubStatus.USABLE, release
    if release is not None and issued is not None and release > issued:
        return _STATUSES[management], release
    return _STATUSES[management], None


def _first_created(head: Element | None) -> datetime | None:
    # The oldest revision-history entry dates the story's creation. It only
    # informs, so unreadable entries are skipped rather than rejected.
    moments = []
    for entry in descendants_named(head, "revision-history"):
        value = attribute(entry, "norm")
        if value and not _PLACEHOLDER.search(value):
            try:
                moments.append(parse_timestamp("revision-history/@norm", value))
            except ParseError:
                continue
    return min(moments, default=None)


# --- words -------------------------------------------------------------------


def _headline(head: Element | None, body_head: Element | None) -> str:
    return _text(child_at(body_head, "hedline", "hl1")) or _text(child_at(head, "title"))


def _standfirst(body_head: Element | None, headline: str) -> str:
    # The abstract is the summary; hl2 is a secondary headline, the next best
    # thing. Either is dropped when it only repeats the headline (AAP's
    # abstract, AP's "originalHeadline" hl2).
    candidates = [_text(child_at(body_head, "abstract"))]
    candidates += [_text(node) for node in children_named(child_at(body_head, "hedline"), "hl2")]
    for text in candidates:
        if text and text.casefold() != headline.casefold():
            return text
    return ""


def _byline(body_head: Element | None) -> str:
    names = []
    for byline in children_named(body_head, "byline"):
        persons = [_text(person) for person in descendants_named(byline, "person")]
        persons = [name for name in persons if name]
        if persons:
            names.extend(persons)
            continue
        # byttl is the writer's job title ("AP Business Writer"), not a name.
        text = _text(byline, skip=frozenset({"byttl"}))
        if text:
            # The site prints its own, translated "By".
            names.append(_LEADING_BY.sub("", text))
    return ", ".join(dict.fromkeys(names))


def _provider(head: Element | None, docdata: Element | None, body_head: Element | None) -> str:
    """The agency the story comes from, which is whom the site credits.

    The copyright holder comes first because relayed copy keeps its
    author's: AAP delivers AFP finance stories with holder "Agence France
    Presse", and the site must say AFP. Then the body's rights owner (EFE),
    the doc-id's registering source (AP, NTB), the distributor, the first
    source of the delivery list, and the publication's name.
    """
    candidates = [
        _clean_holder(attribute(child_at(docdata, "doc.copyright"), "holder")),
        _text(child_at(body_head, "rights", "rights.owner")),
        attribute(child_at(docdata, "doc-id"), "regsrc"),
        _text(child_at(body_head, "distributor")),
        _first_source(docdata),
        attribute(child_at(head, "pubdata"), "name"),
    ]
    return next((name for name in candidates if name), "")


def _clean_holder(holder: str) -> str:
    # "The Canadian Press. All rights reserved." names "The Canadian Press".
    holder = _RIGHTS_BOILERPLATE.sub("", holder)
    return _COPYRIGHT_PREFIX.sub("", holder).strip()


def _first_source(docdata: Element | None) -> str:
    for source in descendants_named(child_at(docdata, "del-list"), "from-src"):
        if attribute(source, "level-number") in ("", "1") and attribute(source, "src-name"):
            return attribute(source, "src-name")
    return ""


def _language(root: Element, body: Element | None, head: Element | None) -> str:
    for node in (body, root):
        value = attribute(node, _XML_LANG)
        if value:
            return value
    if attribute(root, "baselang"):
        return attribute(root, "baselang")
    for meta in children_named(head, "meta"):
        if attribute(meta, "name").lower() in ("language", "lang", "dc.language"):
            return attribute(meta, "content")
    return ""


def _ed_note(docdata: Element | None, body: Element | None) -> str:
    """Notes for editors, never published.

    ed-msg is the editors' message, correction/@info says what a correction
    changed, and notes of type "npa" (non-publishable advisory) are the
    newsroom's.
    """
    notes = [attribute(message, "info") for message in children_named(docdata, "ed-msg")]
    notes += [attribute(correction, "info") for correction in children_named(docdata, "correction")]
    notes += [_text(note) for note in descendants_named(body, "note") if _is_private(note)]
    return "\n".join(dict.fromkeys(collapse(note) for note in notes if note.strip()))


def _is_private(note: Element) -> bool:
    return attribute(note, "type").lower() == "npa"


def _extra(
    head: Element | None, docdata: Element | None, body_head: Element | None
) -> dict[str, str]:
    extra = {}
    # urgency belongs in docdata; CP puts it directly in head.
    urgency = attribute(child_at(docdata, "urgency"), "ed-urg") or attribute(
        child_at(head, "urgency"), "ed-urg"
    )
    if urgency:
        extra["urgency"] = urgency
    holder = _clean_holder(attribute(child_at(docdata, "doc.copyright"), "holder"))
    if holder:
        extra["copyrightholder"] = holder
    try:
        expires = _date(docdata, "date.expire")
    except ParseError:
        expires = None  # informative only: not a reason to reject the story
    if expires is not None:
        extra["expires"] = expires.isoformat()
    located = _text(child_at(body_head, "dateline"), skip=frozenset({"story.date"}))
    if located:
        extra["located"] = located
    # The document this one updates or cancels (NITF management-doc-idref).
    refers_to = attribute(docdata, "management-doc-idref")
    if refers_to:
        extra["refers_to"] = refers_to
        referenced_status = attribute(docdata, "management-idref-status").lower()
        if referenced_status:
            if referenced_status not in _STATUSES:
                raise ParseError(
                    f"invalid docdata/@management-idref-status: {referenced_status!r}"
                    " (expected usable, embargoed, withheld or canceled)"
                )
            extra["refers_to_status"] = referenced_status
    return extra


# --- subjects ----------------------------------------------------------------


def _subjects(head: Element | None, docdata: Element | None) -> tuple[Subject, ...]:
    found: dict[str, Subject] = {}
    subjects = [_tobject_subject(node) for node in descendants_named(head, "tobject.subject")]
    subjects += [
        _classifier(node)
        for content in children_named(docdata, "identified-content")
        for node in children_named(content, "classifier")
    ]
    for subject in subjects:
        if subject is not None and subject.code not in found:
            found[subject.code] = subject
    return tuple(found.values())


def _tobject_subject(node: Element) -> Subject | None:
    refnum = attribute(node, "tobject.subject.refnum")
    if not refnum:
        return None  # CP sends <tobject.subject ipr="IPTC"/> with no code
    ipr = attribute(node, "tobject.subject.ipr")
    if _IPTC_SUBJECT.match(refnum) and ipr.upper() in ("", "IPTC"):
        code = f"subj:{refnum}"
    else:
        # An agency's own scheme (EFE's "F01001000") stays apart from IPTC's.
        code = f"{ipr}:{refnum}" if ipr else refnum
    # The most specific of the three levels names the code.
    name = next(
        (
            attribute(node, f"tobject.subject.{level}")
            for level in ("detail", "matter", "type")
            if attribute(node, f"tobject.subject.{level}")
        ),
        "",
    )
    return Subject(code=code, name=name)


def _classifier(node: Element) -> Subject | None:
    value = attribute(node, "value")
    if not value:
        return None
    source = attribute(node, "idsrc")
    if not source:
        code = value
    elif "://" in source:
        separator = "" if source.endswith(("/", "#", ":")) else "/"
        code = normalise_subject_code(f"{source}{separator}{value}")
    else:
        code = f"{source}:{value}"
    return Subject(code=code, name=_text(node))


# --- pictures ----------------------------------------------------------------


def _pictures(body: Element | None) -> tuple[Picture, ...]:
    pictures = (
        _picture(media)
        for media in descendants_named(body, "media")
        if attribute(media, "media-type").lower() in _PICTURE_MEDIA
    )
    return tuple(picture for picture in pictures if picture is not None)


def _picture(media: Element) -> Picture | None:
    references = children_named(media, "media-reference")
    renditions = tuple(r for r in (_rendition(ref) for ref in references) if r is not None)
    if not renditions:
        return None  # CP's <media> holds only a transmission reference
    by = (
        _text(child_at(media, "media-producer"))
        or _first_attr(references, "source-credit")
        or _metadata(media, _CREDIT_METADATA)
    )
    return Picture(
        renditions=renditions,
        caption=_text(child_at(media, "media-caption")),
        credit=join_credit(_first_attr(references, "copyright"), by),
        alt_text=_first_attr(references, "alternate-text"),
        guid=attribute(media, "id"),
    )


def _first_attr(nodes: list[Element], name: str) -> str:
    return next((attribute(node, name) for node in nodes if attribute(node, name)), "")


def _rendition(reference: Element) -> Rendition | None:
    href = attribute(reference, "source")
    mime_type = attribute(reference, "mime-type")
    if not href or (mime_type and not mime_type.lower().startswith("image/")):
        return None
    return Rendition(
        href=href,
        name=attribute(reference, "name"),
        width=_dimension(attribute(reference, "width")),
        height=_dimension(attribute(reference, "height")),
        mime_type=mime_type,
    )


def _metadata(media: Element, names: tuple[str, ...]) -> str:
    for entry in children_named(media, "media-metadata"):
        if attribute(entry, "name").lower() in names and attribute(entry, "value"):
            return attribute(entry, "value")
    return ""


def _dimension(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else None


# --- body.content to HTML ----------------------------------------------------

# NITF elements with an HTML counterpart, plus the XHTML that agencies mix
# into NITF or send instead of it (NewsML 1.2 DataContent). Headings start at
# h2: the page's h1 is the headline.
_FLOW_TAGS = {
    "p": "p",
    "tagline": "p",
    "dd": "p",
    "hl1": "h2",
    "hl2": "h2",
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h4",
    "h6": "h4",
    "li": "li",
    "pre": "pre",
    "caption": "caption",
    "th": "th",
    "td": "td",
}
_INLINE_TAGS = {
    "em": "em",
    "i": "em",
    "strong": "strong",
    "b": "strong",
    "q": "q",
    "sub": "sub",
    "sup": "sup",
    "code": "code",
    "cite": "cite",
    "credit": "cite",  # the source of a bq quotation
}
_VOID_TAGS = {"br": "br", "hr": "hr"}
_LIST_TAGS = {
    "ul": "ul",
    "ol": "ol",
    "table": "table",
    "thead": "thead",
    "tbody": "tbody",
    "tfoot": "tfoot",
    "tr": "tr",
}
_QUOTE_TAGS = frozenset({"bq", "blockquote"})
# Containers whose children stand in the body on their own: NITF's block
# (a section), footnotes, publishable notes, definition lists, and the
# document wrappers themselves.
_UNWRAPPED_BLOCKS = frozenset(
    {
        "nitf",
        "body",
        "body.content",
        "body.end",
        "block",
        "nitf-table",
        "fn",
        "note",
        "dl",
        "div",
        "section",
        "article",
        "html",
    }
)
# Dropped with their content. media becomes a Picture; the heads repeat
# the headline; script and friends must never reach a page, not even as text.
_DROPPED = frozenset(
    {
        "head",
        "body.head",
        "media",
        "nitf-table-metadata",
        "col",
        "colgroup",
        "img",
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "title",
        "meta",
        "link",
    }
)
_BLOCKS = (
    frozenset(_FLOW_TAGS)
    | frozenset(_LIST_TAGS)
    | _QUOTE_TAGS
    | _UNWRAPPED_BLOCKS
    | frozenset({"hr", "dt"})
)
_KEPT_WHEN_EMPTY = frozenset({"td", "th"})  # an empty cell still holds its place
_SPACED_IN_TEXT = _BLOCKS | frozenset(
    {"br", "byttl", "city", "state", "region", "country", "sublocation", "story.date"}
)
_SPACES = re.compile(r"[ \t\r\n]+")
_SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})


def nitf_body_to_html(body_content: Element) -> str:
    """The HTML for NITF body content (children of `body_content`).

    Usually given `body.content`; a whole `nitf` or `body` element works too
    (its heads are skipped, `body.end` taglines kept), and so does any
    element whose children are NITF or XHTML body markup, such as a NewsML
    1.2 `DataContent`. Every text is escaped; only a small, fixed set of
    tags is produced. Mapping: p → p, hl2 → h2, block → its content, bq →
    blockquote, ul/ol/li, a (href kept if http, https, mailto or relative),
    em, strong, q, br, table and its parts; person, org, location and the
    other inline NITF markup → their text; media → nothing (see the
    dispatch's pictures); script, style and the like → nothing, text
    included. Text outside any paragraph is gathered into paragraphs.
    """
    return _blocks_of(body_content)


def _render(node: Element, pre: bool = False) -> str:
    name = local_name(node)
    if name in _DROPPED or (name == "note" and _is_private(node)):
        return ""
    if name in _VOID_TAGS:
        return f"<{_VOID_TAGS[name]}>"
    if name == "a":
        return _link(node, pre)
    if name == "dt":
        term = _inline_of(node, pre).strip()
        return f"<p><strong>{term}</strong></p>" if term else ""
    if name in _QUOTE_TAGS:
        return _element("blockquote", node, _blocks_of(node))
    if name in _LIST_TAGS:
        return _element(_LIST_TAGS[name], node, _items_of(node))
    if name in _FLOW_TAGS:
        tag = _FLOW_TAGS[name]
        inner = _inline_of(node, pre or tag == "pre")
        inner = inner if tag == "pre" else inner.strip()
        if not inner.strip() and tag not in _KEPT_WHEN_EMPTY:
            return ""
        return _element(tag, node, inner, _cell_attributes(node) if tag in ("td", "th") else "")
    if name in _INLINE_TAGS:
        inner = _inline_of(node, pre)
        return _element(_INLINE_TAGS[name], node, inner) if inner.strip() else inner
    if name in _UNWRAPPED_BLOCKS or _holds_blocks(node):
        return _blocks_of(node)
    # person, org, location, money, chron and any unknown inline markup.
    return _inline_of(node, pre)


def _blocks_of(node: Element) -> str:
    """Children in a block context: loose text and inline runs become paragraphs."""
    out: list[str] = []
    run: list[str] = [_escape(node.text, pre=False)]

    def flush() -> None:
        text = "".join(run).strip()
        run.clear()
        if text:
            out.append(f"<p>{text}</p>")

    for child in node:
        if _is_block(child):
            flush()
            out.append(_render(child))
        elif local_name(child):
            run.append(_render(child))
        run.append(_escape(child.tail, pre=False))
    flush()
    return "".join(out)


def _items_of(node: Element) -> str:
    """Children of a list or table part: only elements count, loose text is kept as is."""
    parts = [_escape(node.text, pre=False).strip()]
    for child in node:
        parts.append(_render(child) if local_name(child) else "")
        parts.append(_escape(child.tail, pre=False).strip())
    return "".join(parts)


def _inline_of(node: Element, pre: bool) -> str:
    parts = [_escape(node.text, pre)]
    for child in node:
        if local_name(child):  # comments and processing instructions only keep their tail
            parts.append(_render(child, pre))
        parts.append(_escape(child.tail, pre))
    return "".join(parts)


def _link(node: Element, pre: bool) -> str:
    inner = _inline_of(node, pre)
    href = attribute(node, "href")
    if not href or not inner.strip() or urlsplit(href).scheme.lower() not in _SAFE_SCHEMES:
        return inner
    return f'<a href="{html.escape(href, quote=True)}">{inner}</a>'


def _element(tag: str, node: Element, inner: str, attributes: str = "") -> str:
    if not inner.strip() and tag not in _KEPT_WHEN_EMPTY:
        return ""
    lang = attribute(node, _XML_LANG) or attribute(node, "lang")
    if lang:
        attributes += f' lang="{html.escape(lang, quote=True)}"'
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _cell_attributes(node: Element) -> str:
    return "".join(
        f' {name}="{attribute(node, name)}"'
        for name in ("colspan", "rowspan")
        if attribute(node, name).isascii() and attribute(node, name).isdigit()
    )


def _is_block(node: Element) -> bool:
    name = local_name(node)
    return name in _BLOCKS or (
        name not in _DROPPED and name not in _INLINE_TAGS and _holds_blocks(node)
    )


def _holds_blocks(node: Element) -> bool:
    return any(local_name(child) in _BLOCKS for child in node.iterdescendants())


def _escape(text: str | None, pre: bool) -> str:
    if not text:
        return ""
    escaped = html.escape(text, quote=False)
    return escaped if pre else _SPACES.sub(" ", escaped)


# --- encodings ---------------------------------------------------------------


def repair_mislabelled_utf8(root: Element) -> Element:
    """The same document re-read as UTF-8 when its Latin-1 label is wrong.

    Some agencies (Ritzau, AFP's French service) declare ISO-8859-1 but send
    UTF-8, so "å" arrives as "Ã¥". Real Latin-1 text with accents is almost
    never valid UTF-8 (an accented letter would have to be followed by a
    byte in 0x80-0xBF every time), so a document whose Latin-1 bytes decode
    as UTF-8 is taken to be UTF-8. Anything else is returned untouched.
    """
    declared = root.getroottree().docinfo.encoding or ""
    try:
        codec = codecs.lookup(declared).name
    except (LookupError, ValueError):
        return root
    if codec not in _UTF8_MISLABELLED_AS:
        return root
    # Back to the bytes that were received: characters from character
    # references outside the charset come back as references, harmlessly.
    raw = etree.tostring(root, encoding="unicode").encode(codec, errors="xmlcharrefreplace")
    if raw.isascii():
        return root
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return root
    return parse_xml(b'<?xml version="1.0" encoding="UTF-8"?>' + raw)


# --- small readers -----------------------------------------------------------


def _text(node: Element | None, skip: frozenset[str] = frozenset()) -> str:
    """The text of `node` and its descendants (but not of `skip` ones), whitespace collapsed."""
    if node is None:
        return ""
    parts: list[str] = []
    _gather_text(node, skip, parts)
    return collapse("".join(parts))


def _gather_text(node: Element, skip: frozenset[str], parts: list[str]) -> None:
    parts.append(node.text or "")
    for child in node:
        name = local_name(child)
        # Paragraphs and address parts are separate words ("Ottawa Ontario");
        # inline markup such as <num> or <em> may sit inside a word.
        spaced = name in _SPACED_IN_TEXT
        if spaced:
            parts.append(" ")
        if name and name not in skip:
            _gather_text(child, skip, parts)
        tail = child.tail or ""
        if spaced and not tail.startswith((",", ".", ";")):
            parts.append(" ")
        parts.append(tail)
