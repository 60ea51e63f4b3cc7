"""RSS 2.0, RSS 1.0 and Atom 1.0 feeds into dispatches, one per entry.

feedparser does the reading: it knows the many dialects, date formats and
charset mistakes feeds carry. Around it:

- Safety first. The bytes go through `parse_xml` before feedparser sees
  them, so a document declaring entities is refused (billion laughs, XXE).
  They reach feedparser as a stream, never as `bytes`: feedparser tries
  bytes as a *file name* first, so a "feed" reading `/etc/passwd` would be
  read from disk.
- Well-formedness. `parse_xml` being strict, its complaint about a
  malformed document is not final: feedparser gets the bytes and judges.
  When feedparser also finds the XML broken ("bozo"), the file is refused
  with feedparser's words. When its only complaint is a charset override
  (UOL: Latin-1 bytes, no declaration, so not UTF-8), it has decoded the
  feed with the charset that fits, and parsing goes on: the text is right,
  only the declaration was.
- Routing. `looks_like` tells a feed by its root element (`rss`, Atom
  `feed`, RSS 1.0 `rdf:RDF`), malformed or not, so that a broken feed
  still gets feedparser's diagnosis rather than a generic XML error.
- What feedparser loses. It flattens Media RSS (every `media:credit` of an
  item in one list, detached from its `media:content`) and turns a
  `media:description` into the entry's summary, replacing the item's own
  description when it comes later. Pictures, their captions and credits,
  and `dc:publisher`, are therefore read from the XML tree, item by item;
  the summary too when a caption could have replaced it.

Decisions: the guid is the entry id (RSS `guid`, Atom `id`), else its link;
the version is "" and ordered by time (`updated`, else `published`); the
provider is only a publisher the feed names (`dc:publisher`), never its
webmaster or author: the ingest source says who the provider is otherwise.
`media:text` is a transcript in Media RSS, not alternative text, so pictures
get no alt text. Markup is handed over as the feed sent it (feedparser's own
sanitiser is off): the pipeline sanitises.

Pure: bytes in, dispatches or a `ParseError` out. No I/O, no Django.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import feedparser
from lxml import etree

from manchette.wires.dispatch import Dispatch, ParseError, Picture, Rendition, Subject
from manchette.wires.formats.common import (
    collapse,
    normalise_subject_code,
    plain_to_html,
    strip_tags,
)
from manchette.wires.formats.xml import local_name, parse_xml

Entry = Any  # a feedparser.FeedParserDict: untyped

_FORMATS = {
    "rss20": "rss-2.0",
    "rss10": "rss-1.0",
    "rss090": "rss-0.90",
    "rss091n": "rss-0.91",
    "rss091u": "rss-0.91",
    "rss092": "rss-0.92",
    "rss093": "rss-0.93",
    "rss094": "rss-0.94",
    # A root <rss> without a version attribute.
    "rss": "rss",
    "atom10": "atom-1.0",
    "atom03": "atom-0.3",
    "atom02": "atom-0.2",
    "atom01": "atom-0.1",
    "atom": "atom",
}

_ITEM_NAMESPACES = frozenset(
    {
        "",
        "http://purl.org/rss/1.0/",
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://backend.userland.com/rss2",
        "http://blogs.law.harvard.edu/tech/rss",
        "http://www.w3.org/2005/Atom",
        "http://purl.org/atom/ns#",
    }
)
_ATOM_NAMESPACES = frozenset({"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"})
_MEDIA_NAMESPACES = frozenset({"http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"})
_DC_NAMESPACES = frozenset({"http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"})

_MALFORMED = "malformed XML"

_SNIFF_WINDOW = 4096
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_FEED_NAMESPACE = re.compile(
    rb"http://(?:www\.w3\.org/2005/Atom|purl\.org/atom/ns#|purl\.org/rss/1\.0/"
    rb"|my\.netscape\.com/rdf/simple/0\.9/)"
)


def looks_like(data: bytes) -> bool:
    """Whether `data` opens like an RSS or Atom document (a cheap sniff, for routing).

    Judged on the root element, malformed or not: a broken feed must still
    reach this parser to be refused with feedparser's reason.
    """
    head = data[:_SNIFF_WINDOW]
    # Skip the prologue: declaration, comments, doctype.
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", b"", head, flags=re.S)
    root = _FIRST_ELEMENT.search(head)
    if root is None:
        return False
    name = root.group(2)
    if name == b"rss":
        return True
    return name in (b"feed", b"RDF") and bool(_FEED_NAMESPACE.search(head))


# --- entry point ----------------------------------------------------------------


def parse(data: bytes) -> list[Dispatch]:
    """Parse one RSS or Atom document into one dispatch per entry."""
    tree, strict_error = _strict_tree(data)
    try:
        result = feedparser.parse(
            io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False
        )
    except (ValueError, LookupError) as error:
        # feedparser trips on some broken declarations (a non-ASCII byte in
        # the encoding name raises UnicodeDecodeError).
        raise ParseError(f"unreadable feed: {error}") from error
    if result.get("bozo"):
        problem = result.get("bozo_exception")
        if not isinstance(problem, feedparser.CharacterEncodingOverride):
            shift = _added_lines(data, str(result.get("encoding") or ""))
            raise ParseError(f"not a well-formed feed: {_describe(problem, shift)}")
    if tree is None:
        tree = _reparse(data, str(result.get("encoding") or ""), strict_error)
    version = str(result.get("version") or "")
    source_format = _FORMATS.get(version)
    if source_format is None:
        # Unknown to feedparser, or a format it reads that is no news feed (CDF).
        read_as = f", read as {version!r}" if version else ""
        raise ParseError(f"not an RSS or Atom feed (root element <{local_name(tree)}>{read_as})")
    entries = list(result.entries)
    if not entries:
        raise ParseError("feed has no entries")
    items = list(_items(tree))
    if len(items) != len(entries):
        raise ParseError(
            f"feedparser read {len(entries)} entries where the XML holds {len(items)} items"
        )
    feed = _FeedContext(
        language=_text(result.feed.get("language")),
        publisher=_publisher(_channel(tree)),
        source_format=source_format,
    )
    dispatches = []
    for index, (entry, item) in enumerate(zip(entries, items, strict=True), start=1):
        try:
            dispatches.append(_parse_entry(entry, item, feed))
        except ParseError as error:
            # One bad entry rejects the file: a partial import would hide it.
            raise ParseError(f"entry {index}: {error}") from error
    return dispatches


def _strict_tree(data: bytes) -> tuple[etree._Element | None, ParseError | None]:
    try:
        return parse_xml(data), None
    except ParseError as error:
        # Only a malformed document is left for feedparser to judge; any
        # other refusal (entity declarations above all) is final.
        if not str(error).startswith(_MALFORMED):
            raise
        return None, error


def _reparse(data: bytes, encoding: str, strict_error: ParseError | None) -> etree._Element:
    # feedparser decoded the feed with the charset that fits its bytes; the
    # tree must read the same text, so it parses that text without the
    # declaration that lied about it.
    try:
        text = data.decode(encoding) if encoding else ""
    except (LookupError, UnicodeDecodeError):
        text = ""
    if not text:
        raise strict_error or ParseError("unreadable feed")
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text)
    try:
        return parse_xml(text.encode("utf-8"))
    except ParseError:
        raise strict_error or ParseError("unreadable feed") from None


def _added_lines(data: bytes, encoding: str) -> int:
    # feedparser puts its own XML declaration on a line of its own in front
    # of a document that does not start with one, so its line numbers are
    # one too high for the file as sent.
    try:
        text = data[:64].decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return 0
    return 0 if text.lstrip("\ufeff").startswith("<?xml") else 1


def _describe(problem: object, shift: int) -> str:
    get_message = getattr(problem, "getMessage", None)
    line = getattr(problem, "getLineNumber", None)
    column = getattr(problem, "getColumnNumber", None)
    if callable(get_message) and callable(line) and callable(column):
        return f"{get_message()} at line {max(1, line() - shift)}, column {column()}"
    return str(problem) or type(problem).__name__


# --- the XML tree, for what feedparser loses ----------------------------------------


def _items(root: etree._Element) -> Iterator[etree._Element]:
    """Entries in document order, as feedparser reads them (RSS item, Atom entry)."""
    for element in root.iter("{*}item", "{*}entry"):
        if (etree.QName(element).namespace or "") in _ITEM_NAMESPACES:
            yield element


def _channel(root: etree._Element) -> etree._Element:
    if local_name(root) in ("feed", "channel"):
        return root
    for child in root:
        if isinstance(child.tag, str) and local_name(child) == "channel":
            return child
    return root


def _children(element: etree._Element, namespaces: frozenset[str], name: str) -> list[Any]:
    return [
        child
        for child in element
        if isinstance(child.tag, str)
        and etree.QName(child).namespace in namespaces
        and etree.QName(child).localname == name
    ]


def _publisher(element: etree._Element) -> str:
    for child in _children(element, _DC_NAMESPACES, "publisher"):
        name = collapse("".join(child.itertext()))
        if name:
            return name
    return ""


def _own_summary(item: etree._Element) -> tuple[str, str]:
    """The item's own description (markup, type), ignoring Media RSS captions."""
    namespace = etree.QName(item).namespace or ""
    if namespace in _ATOM_NAMESPACES:
        for summary in _children(item, frozenset({namespace}), "summary"):
            kind = (summary.get("type") or "text").lower()
            if kind == "xhtml":
                inner = "".join(etree.tostring(child, encoding="unicode") for child in summary)
                return inner, "application/xhtml+xml"
            return summary.text or "", "text/html" if "html" in kind else "text/plain"
        return "", ""
    for description in _children(item, frozenset({namespace}), "description"):
        return description.text or "", "text/html"
    return "", ""


def _has_media_caption(item: etree._Element) -> bool:
    return any(
        isinstance(element.tag, str)
        and etree.QName(element).namespace in _MEDIA_NAMESPACES
        and etree.QName(element).localname == "description"
        for element in item.iter()
    )


# --- one entry ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FeedContext:
    """What the feed says once for all its entries."""

    language: str
    publisher: str
    source_format: str


def _parse_entry(entry: Entry, item: etree._Element, feed: _FeedContext) -> Dispatch:
    guid = _text(entry.get("id")) or _text(entry.get("link"))
    if not guid:
        raise ParseError("no guid, id or link")
    published = _time(entry, "published")
    updated = _time(entry, "updated")
    version_created = updated or published
    if version_created is None:
        raise ParseError("no date (updated or published)")

    content_markup, content_type = _content(entry)
    summary_markup, summary_type = _text(entry.get("summary")), _detail_type(entry, "summary")
    if _has_media_caption(item):
        summary_markup, summary_type = _own_summary(item)
    if content_markup and summary_markup.strip() == content_markup.strip():
        # feedparser fills a missing summary with the content: not a standfirst.
        summary_markup = ""
    if content_markup:
        standfirst = _plain(summary_markup, summary_type)
        body = _html(content_markup, content_type)
    else:
        standfirst = ""
        body = _html(summary_markup, summary_type)

    link = _text(entry.get("link"))
    words = (summary_markup, summary_type) if summary_markup else (content_markup, content_type)
    return Dispatch(
        guid=guid,
        version="",
        version_created=version_created,
        headline=_headline(entry, *words),
        provider=_publisher(item) or feed.publisher,
        first_created=published,
        standfirst=standfirst,
        body_html=body,
        language=_language(entry) or feed.language,
        byline=_byline(entry),
        subjects=_subjects(entry.get("tags") or []),
        pictures=_pictures(item, entry),
        # Nothing to number: feeds re-send entries, ordered by their time.
        version_is_ordinal=False,
        source_format=feed.source_format,
        extra={"link": link} if link and link != guid else {},
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _detail_type(entry: Entry, key: str) -> str:
    detail = entry.get(f"{key}_detail")
    return _text(detail.get("type")) if isinstance(detail, dict) else ""


def _is_html(content_type: str) -> bool:
    return "html" in content_type.lower()


_BLOCK = re.compile(
    r"<(?:p|div|h[1-6]|ul|ol|dl|table|blockquote|pre|figure|section|article|hr)\b", re.IGNORECASE
)


def _html(markup: str, content_type: str) -> str:
    if not _is_html(content_type):
        return plain_to_html(markup)
    markup = markup.strip()
    # An RSS description is often a bare run of text: a body is paragraphs.
    return markup if not markup or _BLOCK.search(markup) else f"<p>{markup}</p>"


def _plain(markup: str, content_type: str) -> str:
    return strip_tags(markup) if _is_html(content_type) else collapse(markup)


def _content(entry: Entry) -> tuple[str, str]:
    # RSS content:encoded and Atom content; HTML preferred over plain text.
    contents = [c for c in entry.get("content") or [] if _text(c.get("value"))]
    for content in contents:
        if _is_html(_text(content.get("type"))):
            return content["value"], _text(content.get("type"))
    if contents:
        return contents[0]["value"], _text(contents[0].get("type"))
    return "", ""


_SENTENCE_END = re.compile(r"(?<=[a-z0-9”’)][.!?])\s+(?=[A-Z“‘\"])")
_HEADLINE_MAX = 160


def _headline(entry: Entry, fallback_markup: str, fallback_type: str) -> str:
    title = _text(entry.get("title"))
    headline = _plain(title, _detail_type(entry, "title"))
    if headline:
        return headline
    # RSS allows an item with a description and no title.
    text = _plain(fallback_markup, fallback_type)
    if not text:
        raise ParseError("no title, and no text to take a headline from")
    if len(text) <= _HEADLINE_MAX:
        return text
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(sentence) <= _HEADLINE_MAX:
        return sentence
    return sentence[:_HEADLINE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _language(entry: Entry) -> str:
    # xml:lang on the entry's text, which feedparser reports per element.
    for key in ("content", "summary_detail", "title_detail"):
        value = entry.get(key)
        details = value if isinstance(value, list) else [value]
        for detail in details:
            if isinstance(detail, dict) and _text(detail.get("language")):
                return _text(detail.get("language"))
    return ""


def _byline(entry: Entry) -> str:
    # Names only: RSS <author> is an e-mail address, not for print.
    names = [_text(author.get("name")) for author in entry.get("authors") or []]
    return ", ".join(dict.fromkeys(name for name in names if name))


# --- time -----------------------------------------------------------------------

_RFC822 = re.compile(
    r"^(?:[^\W\d_]+\.?,?\s*)?(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)\.?\s+(?P<year>\d{2,4})"
    r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<zone>[+-]\d{4}|[A-Za-z]{1,5})?\s*$"
)
# Month names as non-English feeds print them in RFC 822 dates
# (UOL: "Seg, 24 Set 2018"): English, Portuguese, Spanish, French, German, Italian.
_MONTHS = {
    **dict.fromkeys(("jan", "ene", "gen", "janv"), 1),
    **dict.fromkeys(("feb", "fev", "fév", "févr", "fevr"), 2),
    **dict.fromkeys(("mar", "mär", "mrz", "mars"), 3),
    **dict.fromkeys(("apr", "abr", "avr"), 4),
    **dict.fromkeys(("may", "mai", "mag"), 5),
    **dict.fromkeys(("jun", "juin", "giu"), 6),
    **dict.fromkeys(("jul", "juil", "lug"), 7),
    **dict.fromkeys(("aug", "ago", "aoû", "aou", "août"), 8),
    **dict.fromkeys(("sep", "set", "sept"), 9),
    **dict.fromkeys(("oct", "out", "okt", "ott"), 10),
    **dict.fromkeys(("nov",), 11),
    **dict.fromkeys(("dec", "dez", "dic", "déc"), 12),
}
_ZONES = {"GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5}
_ZONES |= {"MST": -7, "MDT": -6, "PST": -8, "PDT": -7}


def _time(entry: Entry, key: str) -> datetime | None:
    # dict.get, not entry.get: feedparser answers a missing `updated` with
    # `published` (and a DeprecationWarning), which would hide that a feed
    # never dated the update.
    parsed = dict.get(entry, f"{key}_parsed")
    if parsed:
        # feedparser gives UTC as a struct_time.
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    raw = _text(dict.get(entry, key))
    if not raw:
        return None
    moment = _rfc822(raw)
    if moment is None:
        raise ParseError(f"unreadable {key} date {raw!r}")
    return moment


def _rfc822(text: str) -> datetime | None:
    """An RFC 822 date whose day and month names are not English, else None."""
    match = _RFC822.match(text)
    if match is None:
        return None
    name = match["month"].lower()
    month = _MONTHS.get(name) or _MONTHS.get(name[:4]) or _MONTHS.get(name[:3])
    zone = match["zone"] or "GMT"
    if zone[0] in "+-":
        sign = -1 if zone[0] == "-" else 1
        offset = sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    elif zone.upper() in _ZONES:
        offset = timedelta(hours=_ZONES[zone.upper()])
    else:
        return None
    year = int(match["year"])
    if len(match["year"]) == 2:
        year += 2000 if year < 70 else 1900
    if month is None:
        return None
    try:
        return datetime(
            year,
            month,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None


# --- subjects -------------------------------------------------------------------

_IPTC_SCHEME = re.compile(r"^https?://cv\.iptc\.org/newscodes/", re.IGNORECASE)


def _subjects(tags: Iterable[Any]) -> tuple[Subject, ...]:
    found: dict[str, Subject] = {}
    for tag in tags:
        term = _text(tag.get("term"))
        if not term:
            continue
        scheme = _text(tag.get("scheme"))
        label = _text(tag.get("label"))
        if "://" in term:
            code = normalise_subject_code(term)
        elif _IPTC_SCHEME.match(scheme) and ":" not in term:
            # <category domain="http://cv.iptc.org/newscodes/mediatopic/">04000000
            code = normalise_subject_code(f"{scheme.rstrip('/')}/{term}")
        else:
            code = term  # a plain keyword ("Donald Trump"): the term is all there is
        name = label or ("" if code != term or ":" in term else term)
        if code not in found:
            found[code] = Subject(code=code, name=name)
    return tuple(found.values())


# --- pictures -------------------------------------------------------------------

_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
_CREDIT_LABEL = re.compile(
    r"^(?:photograph|photo|foto|picture|image|bild)\s*(?:credit)?\s*:\s*", re.IGNORECASE
)


def _pictures(item: etree._Element, entry: Entry) -> tuple[Picture, ...]:
    """Media RSS groups, contents, thumbnails, then image enclosures.

    A media:group is one picture in several files. Sibling media:content
    elements are separate pictures by the Media RSS spec, but the Guardian
    sends each picture twice at different widths ("...3000.jpg?w=140",
    "?w=460"): contents sharing an address up to the query are one picture.
    """
    pictures: list[Picture] = []
    seen: set[str] = set()
    for group in _children(item, _MEDIA_NAMESPACES, "group"):
        contents = _children(group, _MEDIA_NAMESPACES, "content")
        picture = _picture(
            contents, _children(group, _MEDIA_NAMESPACES, "thumbnail"), [group, item]
        )
        if picture is not None:
            pictures.append(picture)
    clusters: dict[str, list[Any]] = {}
    for content in _children(item, _MEDIA_NAMESPACES, "content"):
        clusters.setdefault(_address(content.get("url") or ""), []).append(content)
    for contents in clusters.values():
        picture = _picture(contents, [], [item])
        if picture is not None:
            pictures.append(picture)
    seen.update(r.href for picture in pictures for r in picture.renditions)
    if not pictures:
        # A thumbnail of the item stands for its picture only when there is no other.
        thumbnails = _children(item, _MEDIA_NAMESPACES, "thumbnail")
        picture = _picture([], thumbnails, [item])
        if picture is not None:
            pictures.append(picture)
            seen.update(r.href for r in picture.renditions)
    for enclosure in entry.get("enclosures") or []:
        href = _text(enclosure.get("href"))
        mime_type = _text(enclosure.get("type"))
        if href and href not in seen and _is_image(href, mime_type, ""):
            seen.add(href)
            pictures.append(
                Picture(
                    renditions=(Rendition(href=href, mime_type=mime_type),),
                    caption=_caption([item]),
                    credit=_credit([item]),
                )
            )
    return tuple(pictures)


def _address(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else url.strip()


def _picture(contents: list[Any], thumbnails: list[Any], scopes: list[Any]) -> Picture | None:
    renditions: list[Rendition] = []
    images = [c for c in contents if _is_image(c.get("url") or "", c.get("type"), c.get("medium"))]
    for content in images:
        renditions.append(_rendition(content, ""))
        for thumbnail in _children(content, _MEDIA_NAMESPACES, "thumbnail"):
            renditions.append(_rendition(thumbnail, "thumbnail"))
    renditions += [_rendition(thumbnail, "thumbnail") for thumbnail in thumbnails]
    renditions = [r for r in renditions if r.href]
    if not renditions:
        return None
    # Largest first (stable for ties): the Guardian gives widths only, and a
    # ranking by area alone would tie its 140 and 460 pixel files.
    renditions.sort(key=lambda r: ((r.width or 0) * (r.height or 0), r.width or 0), reverse=True)
    # The most specific words win: the file's own, then its group's, the item's.
    nearest = [*images, *scopes]
    return Picture(
        renditions=tuple(dict.fromkeys(renditions)),
        caption=_caption(nearest),
        credit=_credit(nearest),
    )


def _is_image(url: str, mime_type: str | None, medium: str | None) -> bool:
    if medium:
        return medium.strip().lower() == "image"
    if mime_type:
        return mime_type.strip().lower().startswith("image/")
    return urlsplit(url).path.lower().endswith(_IMAGE_SUFFIXES)


def _rendition(element: Any, name: str) -> Rendition:
    return Rendition(
        href=(element.get("url") or "").strip(),
        name=name,
        width=_dimension(element.get("width")),
        height=_dimension(element.get("height")),
        mime_type=(element.get("type") or "").strip(),
    )


def _dimension(value: str | None) -> int | None:
    if value and value.strip().isdigit() and int(value) > 0:
        return int(value)
    return None


def _caption(scopes: list[Any]) -> str:
    for name in ("description", "title"):
        for scope in scopes:
            for element in _children(scope, _MEDIA_NAMESPACES, name):
                text = "".join(element.itertext())
                text = strip_tags(text) if element.get("type") == "html" else collapse(text)
                if text:
                    return text
    return ""


def _credit(scopes: list[Any]) -> str:
    for scope in scopes:
        credits = [
            _CREDIT_LABEL.sub("", collapse("".join(element.itertext())))
            for element in _children(scope, _MEDIA_NAMESPACES, "credit")
        ]
        credits = [credit for credit in credits if credit]
        if credits:
            return ", ".join(dict.fromkeys(credits))
    return ""
