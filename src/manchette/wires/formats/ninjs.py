"""IPTC ninjs ("News in JSON") 1.x, 2.x and 3.x into dispatches.

ninjs changed shape twice: 1.x uses flat snake-ish properties (`body_html`,
`description_text`, associations and renditions as objects keyed by name),
2.x moved to arrays of role-tagged objects (`headlines`, `descriptions`,
`bodies`, associations and renditions as arrays), and 3.x kept 2.x but
renamed properties to camelCase. Agencies also mix generations and wrap items
in search envelopes, so this parser reads the *structure* it finds rather
than trusting a declared version: the generation is only a label
(`source_format`) and the switch that folds 3.x names back onto 2.x ones.

Pure: bytes in, dispatches or a `ParseError` out. No I/O, no Django.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from manchette.wires.dispatch import Dispatch, ParseError, Picture, PubStatus, Rendition, Subject
from manchette.wires.formats.common import (
    collapse,
    join_credit,
    normalise_subject_code,
    parse_timestamp,
    plain_to_html,
    strip_tags,
)

Item = dict[str, Any]

# Envelopes seen in the wild: BBC search results {"total", "item": [...]},
# generic {"items": [...]}, AP Media API {"data": {"item": {...}}} and its
# feeds {"data": {"items": [{"item": {...}}]}}. None of these keys is a ninjs
# property, so they are safe to descend into when the object is not an item.
_ENVELOPE_KEYS = ("items", "item", "data")
_MAX_ENVELOPE_DEPTH = 6

# Only names that exist in ninjs 3 and not in 1.x/2.x, so that a 1.x feed
# carrying one camelCase extension property is not relabelled as 3.x.
_NINJS3_PROPERTIES = frozenset(
    {
        "versionCreated",
        "firstCreated",
        "contentCreated",
        "pubStatus",
        "copyrightHolder",
        "copyrightNotice",
        "usageTerms",
        "edNote",
        "altIds",
        "infoSources",
        "representationType",
    }
)
_NINJS2_ARRAYS = ("headlines", "descriptions", "bodies")
_SCHEMA_MAJOR = re.compile(r"ninjs-schema[_-]v?(\d+)", re.IGNORECASE)

# Error messages name a field the way the agency spelled it.
_CAMEL_NAMES = {
    "versioncreated": "versionCreated",
    "firstcreated": "firstCreated",
    "pubstatus": "pubStatus",
}

_STATUSES = {
    "usable": PubStatus.USABLE,
    "withheld": PubStatus.WITHHELD,
    "canceled": PubStatus.CANCELED,
    # Not a valid IPTC value (the IPTC test suite marks it invalid), but the
    # British spelling is an obvious human slip and the intent is a kill:
    # refusing it would leave a withdrawn story online.
    "cancelled": PubStatus.CANCELED,
}

# A kill or hold notice (IPTC allows an item with nothing but `uri`) must
# still reach the pipeline. Without a versioncreated it gets this instant and
# a flag in `extra`, so the pipeline can tell "undated" from a real date.
_UNDATED = datetime(1970, 1, 1, tzinfo=UTC)
_UNDATED_FLAG = "versioncreated_missing"

_PICTURE_TYPES = frozenset({"picture", "image", "graphic"})
_FEATURE = "featuremedia"

_STANDFIRST_ROLES = ("summary", "text", "abstract", "")
_CAPTION_FALLBACK_ROLES = frozenset({"", "text", "summary", "description", "abstract"})
_ALT_ROLES = frozenset({"alt", "alternative", "alttext", "alt_text"})
_CREDIT_ROLES = frozenset({"creditline", "credit"})
_AUTHOR_ROLES = frozenset({"author", "writer"})

# IPTC's recommended scheme aliases for the two vocabularies agencies use.

_EXTRA_FIELDS = (
    "type",
    "urgency",
    "copyrightholder",
    "copyrightnotice",
    "usageterms",
    "located",
    "expires",
)

_MARKUP = re.compile(r"<[A-Za-z!/]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+\d*);")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
_HEADLINE_FALLBACK_MAX = 160


def parse(data: bytes) -> list[Dispatch]:
    """Parse one ninjs file (an item, an array of items or an envelope)."""
    items = _items(_load(data))
    if not items:
        raise ParseError("no items")
    if len(items) == 1:
        return [_parse_item(items[0])]
    dispatches = []
    for index, item in enumerate(items, start=1):
        try:
            dispatches.append(_parse_item(item))
        except ParseError as error:
            # One bad item rejects the file: a partial import would hide it.
            raise ParseError(f"item {index}: {error}") from error
    return dispatches


# --- bytes to JSON values ----------------------------------------------------


def _load(data: bytes) -> Any:
    # JSON on the wire must be UTF-8 (RFC 8259); guessing another charset
    # would silently corrupt names and quotes.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"file is not valid UTF-8: byte 0x{data[error.start]:02x} at byte offset {error.start}"
        ) from error
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ParseError(
            f"invalid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from error
    except RecursionError as error:
        raise ParseError("invalid JSON: nested too deeply") from error


def _items(document: Any) -> list[Item]:
    if not isinstance(document, dict | list):
        raise ParseError(f"expected a JSON object or array, got {_json_type(document)}")
    return list(_unwrap(document, 0))


def _unwrap(value: Any, depth: int) -> Iterator[Item]:
    if depth > _MAX_ENVELOPE_DEPTH:
        raise ParseError("envelope nested too deeply")
    if isinstance(value, list):
        for index, element in enumerate(value, start=1):
            if not isinstance(element, dict | list):
                raise ParseError(f"item {index}: expected a JSON object, got {_json_type(element)}")
            yield from _unwrap(element, depth + 1)
        return
    if not isinstance(value, dict):
        raise ParseError(f"expected a JSON object for an item, got {_json_type(value)}")
    if "uri" not in value and "guid" not in value:
        for key in _ENVELOPE_KEYS:
            if key in value:
                yield from _unwrap(value[key], depth + 1)
                return
    # Anything else is taken as an item: its own checks say what is missing.
    yield value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


# --- one item ----------------------------------------------------------------


def _parse_item(raw: Item) -> Dispatch:
    generation = _generation(raw)
    item: Item = _lower_keys(raw) if generation == 3 else raw
    status = _status(item, generation)
    version_created, dated = _version_created(item, status, generation)
    is_picture = _str(item, "type").lower() in _PICTURE_TYPES
    # A picture's descriptions are its caption and its bodies repeat it (or,
    # in the SIPA sample, carry unrelated text): the words live on the
    # Picture, so they are not repeated as standfirst or body.
    standfirst = "" if is_picture else _standfirst(item)
    extra = _extra(item)
    if not dated:
        extra[_UNDATED_FLAG] = "true"
    return Dispatch(
        guid=_guid(item),
        version=_scalar(item.get("version")),
        version_created=version_created,
        headline=_headline(item, standfirst, is_picture, status),
        provider=_provider(item),
        status=status,
        first_created=_optionalparse_timestamp(item, "firstcreated"),
        embargoed=_embargo(item),
        standfirst=standfirst,
        body_html="" if is_picture else _body(item),
        language=_str(item, "language"),
        byline=_byline(item),
        slugline=_str(item, "slugline"),
        subjects=_subjects(item),
        pictures=_pictures(item, is_picture),
        ed_note=_ed_note(item),
        is_correction=_is_correction(item),
        source_format=f"ninjs-{generation}",
        extra=extra,
    )


def _generation(item: Item) -> int:
    schema = _SCHEMA_MAJOR.search(_str(item, "$schema"))
    if schema and schema.group(1) in ("1", "2", "3"):
        return int(schema.group(1))
    if _NINJS3_PROPERTIES.intersection(item):
        return 3
    if any(isinstance(item.get(name), list) for name in _NINJS2_ARRAYS):
        return 2
    return 1


def _lower_keys(value: Any) -> Any:
    # ninjs 3 is ninjs 2 with camelCase names; folding the case lets one
    # reader serve both. Values (rendition names, codes) are left alone.
    if isinstance(value, dict):
        return {key.lower(): _lower_keys(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_lower_keys(child) for child in value]
    return value


def _label(field: str, generation: int) -> str:
    return _CAMEL_NAMES.get(field, field) if generation == 3 else field


def _guid(item: Item) -> str:
    # Superdesk renamed `uri` to `guid`, BBC sends an integer `id`.
    for key in ("uri", "guid", "id"):
        value = _scalar(item.get(key))
        if value:
            return value
    raise ParseError("missing uri")


def _status(item: Item, generation: int) -> PubStatus:
    value = item.get("pubstatus")
    if value is None or value == "":
        return PubStatus.USABLE
    if isinstance(value, str):
        # Case and the NewsML-G2 "stat:" prefix carry no meaning of their own.
        status = _STATUSES.get(value.strip().lower().removeprefix("stat:"))
        if status is not None:
            return status
    raise ParseError(f"invalid {_label('pubstatus', generation)}: {value!r}")


# --- time --------------------------------------------------------------------


def _version_created(item: Item, status: PubStatus, generation: int) -> tuple[datetime, bool]:
    label = _label("versioncreated", generation)
    value = item.get("versioncreated")
    if value is None or value == "":
        if status is PubStatus.USABLE:
            raise ParseError(f"missing {label}")
        return _UNDATED, False
    return parse_timestamp(label, value), True


def _optionalparse_timestamp(item: Item, field: str) -> datetime | None:
    # firstcreated only informs; a placeholder there is no reason to reject
    # the story, so an unreadable value is dropped.
    try:
        value = item.get(field)
        return None if value is None or value == "" else parse_timestamp(field, value)
    except ParseError:
        return None


def _embargo(item: Item) -> datetime | None:
    # Unlike firstcreated, an unreadable embargo rejects the item: ignoring
    # it could publish the story before the agency allows.
    value = item.get("embargoed")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_timestamp("embargoed", value)


# --- words -------------------------------------------------------------------


def _headline(item: Item, standfirst: str, is_picture: bool, status: PubStatus) -> str:
    headline = collapse(_main_headline(item))
    if not headline and is_picture:
        headline = collapse(_caption(item))
    if not headline and standfirst:
        headline = _headline_from(standfirst)
    if not headline and status is PubStatus.USABLE:
        raise ParseError("missing headline")
    return headline


def _main_headline(item: Item) -> str:
    headlines = [h for h in _dicts(item, "headlines") if _str(h, "value")]
    for entry in headlines:
        if _str(entry, "role").lower() == "main":
            return _str(entry, "value")
    if headlines:
        return _str(headlines[0], "value")
    return _str(item, "headline")


def _headline_from(text: str) -> str:
    sentence = _SENTENCE_END.split(collapse(text), maxsplit=1)[0]
    if len(sentence) <= _HEADLINE_FALLBACK_MAX:
        return sentence
    cut = sentence[:_HEADLINE_FALLBACK_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _standfirst(item: Item) -> str:
    descriptions = _dicts(item, "descriptions")
    for role in _STANDFIRST_ROLES:
        for entry in descriptions:
            if _str(entry, "role").lower() == role and _str(entry, "value"):
                return _description_text(entry)
    text = _str(item, "description_text")
    if text:
        return text
    return strip_tags(_str(item, "description_html"))


def _description_text(entry: Item) -> str:
    value = _str(entry, "value")
    return strip_tags(value) if "html" in _str(entry, "contenttype").lower() else value


def _body(item: Item) -> str:
    # Markup is kept as sent: the pipeline sanitises, the parser does not.
    markup = _str(item, "body_html", "body_xhtml")
    if markup:
        return markup
    bodies = [b for b in _dicts(item, "bodies") if _str(b, "value")]
    if bodies:
        return _body_from_bodies(bodies)
    return plain_to_html(_str(item, "body_text"))


def _body_from_bodies(bodies: list[Item]) -> str:
    markup = [b for b in bodies if _body_kind(b) == "html"]
    if markup:
        return _str(_prefer_main(markup), "value")
    plain = [b for b in bodies if _body_kind(b) == "text"]
    if plain:
        return plain_to_html(_str(_prefer_main(plain), "value"))
    # Only XML dialects (TT's TTNITF) remain: nothing a page can show.
    return ""


def _body_kind(body: Item) -> str:
    content_type = _str(body, "contenttype").lower()
    if "html" in content_type:  # also catches the odd "xhtml/xml" senders use
        return "html"
    if content_type in ("", "text/plain"):
        # ninjs leaves an untyped body "up to the provider": judge by content.
        has_markup = content_type == "" and _MARKUP.search(_str(body, "value"))
        return "html" if has_markup else "text"
    return "other"


def _prefer_main(entries: list[Item]) -> Item:
    for entry in entries:
        if _str(entry, "role").lower() == "main":
            return entry
    return entries[0]


def _byline(item: Item) -> str:
    byline = _str(item, "by", "byline")
    if byline:
        return byline
    names = [
        _str(person, "name")
        for key in ("authors", "people")
        for person in _dicts(item, key)
        if _is_author(person, listed_as_author=key == "authors")
    ]
    return ", ".join(dict.fromkeys(name for name in names if name))


def _is_author(person: Item, listed_as_author: bool) -> bool:
    # Superdesk lists editors among `authors`; `people` are mostly the
    # story's subjects, so there only an explicit author role counts.
    role = _str(person, "role", "rel").lower()
    return role in _AUTHOR_ROLES or (listed_as_author and not role)


def _provider(item: Item) -> str:
    for source in _dicts(item, "infosources"):
        name = _str(source, "literal", "name")
        if name:
            return name
    for key in ("provider", "source"):
        value = item.get(key)
        name = _str(value, "name", "literal", "code") if isinstance(value, dict) else _scalar(value)
        if name:
            return name
    return _str(item, "copyrightholder")


def _ed_note(item: Item) -> str:
    notes = _texts(item.get("ednote")) + _texts(item.get("ednotes"))
    return "\n".join(dict.fromkeys(note for note in notes if note))


def _is_correction(item: Item) -> bool:
    signals = _texts(item.get("signals")) + _texts(item.get("signal"))
    return any("correction" in signal.lower() for signal in signals)


def _extra(item: Item) -> dict[str, str]:
    extra = {}
    for key in _EXTRA_FIELDS:
        value = "\n".join(_texts(item.get(key)))
        if value:
            extra[key] = value
    return extra


# --- subjects ----------------------------------------------------------------


def _subjects(item: Item) -> tuple[Subject, ...]:
    found: dict[str, Subject] = {}
    for node in _dicts(item, "subjects") + _dicts(item, "subject"):
        subject = _subject(node)
        if subject is not None and subject.code not in found:
            found[subject.code] = subject
    return tuple(found.values())


def _subject(node: Item) -> Subject | None:
    name = _str(node, "name")
    uri = _str(node, "uri")
    if uri:
        code = normalise_subject_code(uri)
    elif qcode := _str(node, "qcode"):
        code = qcode
    elif raw_code := _scalar(node.get("code")):
        code = _scoped(_str(node, "scheme"), raw_code)
    else:
        # Business Wire sends bare names: the name is the only identifier.
        code = _str(node, "literal") or name
    return Subject(code=code, name=name) if code else None


def _scoped(scheme: str, code: str) -> str:
    if not scheme or code.startswith(f"{scheme}:"):
        return code
    if "://" in scheme:
        # A URI scheme plus a code is a URI: join them so an IPTC vocabulary
        # still normalises to its alias.
        separator = "" if scheme.endswith(("/", "#", ":")) else "/"
        return normalise_subject_code(f"{scheme}{separator}{code}")
    return f"{scheme}:{code}"


# --- pictures ----------------------------------------------------------------


def _pictures(item: Item, is_picture: bool) -> tuple[Picture, ...]:
    # A picture sent on its own still becomes a dispatch (photo desks
    # publish galleries and photo-only stories); the picture is the item.
    nodes = [item] if is_picture else []
    nodes += [node for node in _associations(item) if _is_picture(node)]
    pictures = (_picture(node) for node in nodes)
    return tuple(picture for picture in pictures if picture is not None)


def _associations(item: Item) -> list[Item]:
    raw = item.get("associations")
    if isinstance(raw, dict):
        named = [(name, node) for name, node in raw.items() if isinstance(node, dict)]
    elif isinstance(raw, list):
        named = [(_str(node, "name"), node) for node in raw if isinstance(node, dict)]
    else:
        return []
    # The feature picture leads the story whatever its position in the file.
    named.sort(key=lambda pair: pair[0] != _FEATURE)
    return [node for _, node in named]


def _is_picture(node: Item) -> bool:
    return _str(node, "type").lower() in _PICTURE_TYPES


def _picture(node: Item) -> Picture | None:
    renditions = _renditions(node.get("renditions"))
    if not renditions:
        # A bare reference: the picture travels as its own item and will
        # become its own dispatch; here there is nothing to show.
        return None
    return Picture(
        renditions=renditions,
        caption=_caption(node),
        credit=_credit(node),
        alt_text=_alt_text(node),
        # Not `id`: BBC uses it for the association's slot name ("featureimage").
        guid=_scalar(node.get("uri")) or _scalar(node.get("guid")),
    )


def _renditions(value: Any) -> tuple[Rendition, ...]:
    if isinstance(value, dict):
        named = [(name, node) for name, node in value.items() if isinstance(node, dict)]
    elif isinstance(value, list):
        named = [(_str(node, "name"), node) for node in value if isinstance(node, dict)]
    else:
        return ()
    renditions = (_rendition(name, node) for name, node in named)
    return tuple(r for r in renditions if r is not None)


def _rendition(name: str, node: Item) -> Rendition | None:
    href = _str(node, "href")
    mime_type = _str(node, "mimetype", "contenttype", "mime_type")
    # AP lists the picture's NITF caption file among its renditions: a
    # picture keeps only files that may be images.
    if not href or (mime_type and not mime_type.lower().startswith("image/")):
        return None
    return Rendition(
        href=href,
        name=name,
        width=_dimension(node.get("width")),
        height=_dimension(node.get("height")),
        mime_type=mime_type,
    )


def _dimension(value: Any) -> int | None:
    # BBC sends "172"; schemas say number, so 1600.0 is fine too.
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and value > 0 else None


def _caption(node: Item) -> str:
    descriptions = [d for d in _dicts(node, "descriptions") if _str(d, "value")]
    for entry in descriptions:
        if _str(entry, "role").lower() == "caption":
            return _description_text(entry)
    for entry in descriptions:
        # Roles such as creditline, alt or writer are not captions (SIPA
        # puts the photographer's website first).
        if _str(entry, "role").lower() in _CAPTION_FALLBACK_ROLES:
            return _description_text(entry)
    text = _str(node, "description_text", "description_caption")
    if text:
        return text
    text = strip_tags(_str(node, "description_html"))
    return text or _str(node, "body_text") or _main_headline(node)


def _alt_text(node: Item) -> str:
    for entry in _dicts(node, "descriptions"):
        if _str(entry, "role").lower() in _ALT_ROLES and _str(entry, "value"):
            return _description_text(entry)
    # No fallback to the caption: the site does that, and a copy here would
    # look like an agency-written alternative text.
    return _str(node, "alt_text", "description_alt")


def _credit(node: Item) -> str:
    for entry in _dicts(node, "descriptions"):
        if _str(entry, "role").lower() in _CREDIT_ROLES and _str(entry, "value"):
            return _str(entry, "value")
    explicit = _str(node, "creditline", "credit", "description_creditline")
    if explicit:
        return explicit
    return join_credit(_str(node, "copyrightholder"), _picture_by(node))


def _picture_by(node: Item) -> str:
    by = _str(node, "by", "byline")
    if by:
        return by
    photographer = node.get("photographer")
    if isinstance(photographer, dict) and _str(photographer, "name"):
        return _str(photographer, "name")
    names = (_str(author, "name") for author in _dicts(node, "authors"))
    return ", ".join(dict.fromkeys(name for name in names if name))


# --- small readers -----------------------------------------------------------


def _str(node: Any, *keys: str) -> str:
    """The first non-blank string among `keys`, stripped; "" if none."""
    if not isinstance(node, dict):
        return ""
    for key in keys:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _scalar(value: Any) -> str:
    """A string or number as text (versions and ids come as either)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _dicts(node: Item, key: str) -> list[Item]:
    value = node.get(key)
    if isinstance(value, dict):  # a lone object where an array is expected
        value = [value]
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _texts(value: Any) -> list[str]:
    """Strings from a value that may be a string, a number, an object or a list."""
    if isinstance(value, list):
        return [text for entry in value for text in _texts(entry)]
    if isinstance(value, dict):
        text = _str(value, "value", "uri", "qcode", "literal", "name", "code")
        return [text] if text else []
    text = _scalar(value)
    return [text] if text else []
