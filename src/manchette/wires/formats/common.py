"""Small readers every wire format needs: dates, text, subject codes, credits."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from manchette.wires.dispatch import ParseError

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# ISO 8601 "basic" forms used by NITF and NewsML 1.2: 20231011T141500Z,
# 20231011T141500+0200, 20231011T1415, 20231011.
_BASIC = re.compile(
    r"^(?P<date>\d{8})(?:T(?P<time>\d{4}(?:\d{2})?)(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)
_IPTC_NEWSCODE = re.compile(
    r"^https?://cv\.iptc\.org/newscodes/(?P<cv>[a-z0-9_-]+)/(?P<code>[^/?#]+)/?$", re.IGNORECASE
)
_IPTC_ALIASES = {"mediatopic": "medtop", "subjectcode": "subj"}


def parse_timestamp(field: str, value: object) -> datetime:
    """An ISO 8601 date-time (extended or basic form) as an aware datetime.

    A value without offset is taken as UTC: wire servers that omit it report
    UTC, and a naive value could be neither stored nor compared.
    """
    if not isinstance(value, str) or not value.strip():
        raise ParseError(f"invalid {field}: {value!r} is not a date-time")
    text = value.strip()
    basic = _BASIC.match(text)
    if basic:
        text = _extended(basic["date"], basic["time"] or "", basic["zone"] or "")
    elif text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise ParseError(f"invalid {field}: {value!r} is not an ISO 8601 date-time") from error
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _extended(date: str, time: str, zone: str) -> str:
    text = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    if time:
        text += f"T{time[:2]}:{time[2:4]}" + (f":{time[4:6]}" if len(time) == 6 else "")
    if zone == "Z":
        zone = "+00:00"
    elif zone and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    return text + zone


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) folded to single spaces, ends trimmed."""
    return " ".join(text.split())


def plain_to_html(text: str) -> str:
    """Plain wire text as escaped paragraphs.

    Wires use two conventions: paragraphs separated by blank lines with lines
    hard-wrapped inside (ANPA heritage), or one paragraph per line (TT,
    SIPA). A blank line anywhere means the first; otherwise each line is a
    paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if _BLANK_LINE.search(text):
        paragraphs = [" ".join(block.split()) for block in _BLANK_LINE.split(text)]
    else:
        paragraphs = [line.strip() for line in text.split("\n")]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


class _TextExtractor(HTMLParser):
    _SKIPPED = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        self.parts.append(" ")  # "<p>a</p><p>b</p>" must not read "ab"

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_tags(markup: str) -> str:
    """The text of an HTML fragment, entities decoded, whitespace collapsed."""
    if not markup:
        return ""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return collapse("".join(extractor.parts))


def normalise_subject_code(uri: str) -> str:
    """An IPTC NewsCodes URI as its `alias:code` (`medtop:04000000`); anything else as is."""
    match = _IPTC_NEWSCODE.match(uri)
    if match:
        alias = _IPTC_ALIASES.get(match["cv"].lower())
        if alias:
            return f"{alias}:{match['code']}"
    return uri


def join_credit(holder: str, by: str) -> str:
    """ "HOLDER / BY", unless BY already names the holder ("X/AFP" for AFP)."""
    if not holder or not by:
        return holder or by
    if re.search(rf"(?<!\w){re.escape(holder)}(?!\w)", by, re.IGNORECASE):
        return by
    return f"{holder} / {by}"
