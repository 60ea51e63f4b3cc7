"""ANPA-1312 (AP) and IPTC 7901 (dpa) plain-text wire takes into dispatches.

Both are teleprinter-era framings of plain text: a heading between SOH and
STX, the story between STX and ETX, the transmission time after ETX, EOT to
close. What differs is the heading and the conventions inside the text:

- ANPA-1312, as AP sends it: SYN SYN SOH, a service level letter and a
  four-digit sequence number, US, selector codes; then a line holding the
  priority, the category, two format codes (DC3/DC1 for text, DC4/DC2 for
  tabular copy) and the keyword line: `BC-US--Slug 1stLd-Writethru 11-13 1693`.
  Inside the text, `^...<` and `^...=` are heading lines (slug line,
  headline, `Eds:` note, byline), a TAB starts a paragraph, BS starts a table
  row whose cells are split by US and RS. After ETX: `AP-WF-11-13-13 0745GMT`.
- IPTC 7901, as dpa sends it: SOH, `eca062 4 i 211 ...` (source and number,
  priority, category, word count), a keyword line (`Germany-politics/`),
  then STX, update lines (`REFILE`, `1ST LEAD`), the headline and byline
  ended by ` =`, the text, a `# Notebook` for editors. After ETX:
  `131137 GMT Nov 13` (day, hour, minute, zone, month, year).

Versions, the key decision. Updates are announced only in the keyword line
(AP's version field after the slug; dpa's update lines right after STX):
no marker is version 1, "1stLd", "1ST LEAD", "Writethru" or "1stLd-Writethru"
is version 2, "2ndLd(-Writethru)" version 3, and so on. A REFILE, a
CORRECTION or a KILL re-sends a lead number the site may already hold, so
such a take gets a label ("2-refile") with `version_is_ordinal=False`: the
pipeline then orders it by its transmission time and keeps it apart from the
take it replaces. Partial takes ("1st Add", "Insert", "Sub") are refused:
they carry a fragment, which would replace the whole story.

Identity. AP's sequence number changes with every take, so it cannot tie a
lead to its story. The guid is provider + date + keyword stem:
`AP:2013-11-13:US--Ethanol-LosingGra` (AP: category and slug of the keyword,
without the AM/PM/BC cycle, which can change between leads, and without the
version field; the date is AP's own in the keyword line) or
`dpa:2013-11-13:Germany-politics` (dpa: keyword line, date of the
transmission line). The date keeps daily slugs ("WildCardGlance") apart; the
price is that a lead filed after the agency's midnight starts a new story.
Splitting is the lesser evil: a wrong merge would overwrite one story with
another. News alerts share the slug "APNewsAlert", so their guid also holds
the sequence number.

Time. The line after ETX gives date, time and zone (AP "GMT"/"EDT", dpa
"GMT"): version_created follows it. Without a zone AP is taken as US
Eastern and dpa as Berlin time, their newsroom clocks.

Bytes. Valid UTF-8 is UTF-8 (pure ASCII included). Otherwise the file is an
8-bit national charset; both agencies' is Latin-1, read as Windows-1252 so
that the 0x80-0x9F quotes and dashes some senders use are characters, not
C1 controls. A byte Windows-1252 leaves undefined, a file mixing UTF-8 with
8-bit bytes, or an ISO 2022 escape sequence (ESC) is refused with its byte
offset: guessing would print garbage under the agency's name.

Pure: bytes in, dispatches or a `ParseError` out. No I/O, no Django.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from manchette.wires.dispatch import Dispatch, ParseError, PubStatus
from manchette.wires.formats.common import collapse, plain_to_html

SOH, STX, ETX, EOT, SYN = "\x01", "\x02", "\x03", "\x04", "\x16"
BS, DLE, US, RS, ESC = "\x08", "\x10", "\x1f", "\x1e", "\x1b"
_DC_CODES = {"\x11": "DC1", "\x12": "DC2", "\x13": "DC3", "\x14": "DC4"}

ANPA = "anpa-1312"
IPTC_7901 = "iptc-7901"

# --- sniffing and bytes ---------------------------------------------------------

_SNIFF_PREFIX = re.compile(rb"^[\x16\r\n ]*\x01")
_SNIFF_WINDOW = 4096


def looks_like(data: bytes) -> bool:
    """Whether `data` is framed like an ANPA-1312 / IPTC 7901 take (SOH first, STX soon)."""
    head = data[:_SNIFF_WINDOW]
    return bool(_SNIFF_PREFIX.match(head)) and b"\x02" in head


# One well-formed UTF-8 multi-byte sequence. Latin-1 prose almost never
# contains one ("Ã©"), so finding one next to invalid bytes means a file
# mixing encodings, not an 8-bit file.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode(data: bytes) -> str:
    escape = data.find(b"\x1b")
    if escape >= 0:
        raise ParseError(
            f"escape sequence (ESC) at byte offset {escape}: "
            "ISO 2022 character-set switching is not supported"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data):
            raise ParseError(
                f"invalid UTF-8: byte 0x{data[error.start]:02x} at byte offset {error.start} "
                "in a file that also holds UTF-8 sequences (mixed encodings)"
            ) from error
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"byte 0x{data[error.start]:02x} at byte offset {error.start} "
            "is not text in UTF-8 nor in Latin-1 / Windows-1252"
        ) from error


# --- framing -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Take:
    heading: list[str]  # non-blank lines between SOH and STX
    text: str  # between STX and ETX
    trailer: str  # the first non-blank line after ETX


def _split_takes(text: str) -> list[str]:
    # A file may hold several transmissions back to back, each closed by EOT;
    # what follows the last EOT (a line end, padding) is not a take.
    chunks = [chunk for chunk in text.split(EOT) if chunk.strip(" \t\r\n\x0c\x16\x7f")]
    if not chunks:
        raise ParseError("empty file")
    return chunks


def _frame(chunk: str) -> _Take:
    soh = chunk.find(SOH)
    if soh < 0 or chunk[:soh].strip(" \r\n" + SYN):
        raise ParseError("no SOH (start of heading): not an ANPA-1312 or IPTC 7901 take")
    stx = chunk.find(STX, soh)
    if stx < 0:
        raise ParseError("no STX (start of text) after the heading")
    etx = chunk.find(ETX, stx)
    if etx < 0:
        raise ParseError("no ETX (end of text): the take is truncated")
    # Not str.strip(): Python counts US and RS as white space.
    heading = [line.strip(" \t") for line in _lines(chunk[soh + 1 : stx]) if line.strip(" \t")]
    if not heading:
        raise ParseError("empty heading between SOH and STX")
    trailer_lines = [line.strip() for line in _lines(chunk[etx + 1 :]) if line.strip()]
    return _Take(heading, chunk[stx + 1 : etx], trailer_lines[0] if trailer_lines else "")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# --- versions -------------------------------------------------------------------

_ORDINAL = r"(\d+)(?:st|nd|rd|th)"
# "1ST LEAD" and "1st Ld" are one marker once the gap is closed.
_ORDINAL_GAP = re.compile(
    r"(\d+(?:st|nd|rd|th))[\s-]+(?=(?:ld|lead|writethru|write-thru|add|insert|sub)\b)",
    re.IGNORECASE,
)
_LEAD = re.compile(_ORDINAL + r"(?:ld|lead)", re.IGNORECASE)
_NUMBERED_WRITETHRU = re.compile(_ORDINAL + r"(?:writethru|write-thru)", re.IGNORECASE)
_WRITETHRU = re.compile(r"writethru|write-thru|writethrough", re.IGNORECASE)
_PARTIAL = re.compile(r"(?:\d+(?:st|nd|rd|th))?(?:add|insert|sub|takes?)", re.IGNORECASE)
_FLAGS = {
    "refile": re.compile(r"refiled?|refiling", re.IGNORECASE),
    "correction": re.compile(r"correct(?:ion|ive|s|ed)?", re.IGNORECASE),
    "kill": re.compile(r"kill(?:ed)?|elimination|withdrawal|withdrawn|storno", re.IGNORECASE),
}
_MARKER_SPLIT = re.compile(r"[\s,;/]+|-(?!thru\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Update:
    version: str = "1"
    ordinal: bool = True
    is_correction: bool = False
    killed: bool = False
    markers: str = ""


def _update(markers: str) -> _Update:
    """The version a take's update markers announce (see the module docstring)."""
    text = _ORDINAL_GAP.sub(r"\1", markers.strip())
    lead = 0
    flags: set[str] = set()
    for token in filter(None, _MARKER_SPLIT.split(text)):
        if _PARTIAL.fullmatch(token):
            raise ParseError(
                f"{markers.strip()!r} is a partial take (add, insert, sub): "
                "it must be assembled into the story before ingest"
            )
        if match := _LEAD.fullmatch(token) or _NUMBERED_WRITETHRU.fullmatch(token):
            lead = max(lead, int(match.group(1)))
        elif _WRITETHRU.fullmatch(token):
            lead = max(lead, 1)
        else:
            flags.update(name for name, pattern in _FLAGS.items() if pattern.fullmatch(token))
        # Anything else ("Urgent", "Advisory", "APNewsNow") is a handling note.
    number = str(lead + 1)
    suffix = "".join(f"-{name}" for name in _FLAGS if name in flags)
    return _Update(
        version=number + suffix,
        ordinal=not suffix,
        is_correction="correction" in flags,
        killed="kill" in flags,
        markers=collapse(markers),
    )


def _is_marker_line(line: str) -> bool:
    """A dpa update line: only markers ("REFILE", "1ST LEAD", "CORRECTION")."""
    text = _ORDINAL_GAP.sub(r"\1", line.strip())
    tokens = [token for token in _MARKER_SPLIT.split(text) if token]
    return bool(tokens) and all(
        _LEAD.fullmatch(token)
        or _NUMBERED_WRITETHRU.fullmatch(token)
        or _WRITETHRU.fullmatch(token)
        or any(pattern.fullmatch(token) for pattern in _FLAGS.values())
        for token in tokens
    )


# --- time -----------------------------------------------------------------------

# Fixed offsets for the abbreviations agencies print after a time.
_ZONES = {
    "GMT": 0,
    "UTC": 0,
    "UT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "WEST": 1,
    "CET": 1,
    "MEZ": 1,
    "CEST": 2,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_EASTERN = "America/New_York"
_BERLIN = "Europe/Berlin"
# dpa prints the month in the service's language ("Okt" in an English take).
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "mär": 3,
    "mrz": 3,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    "dez": 12,
}


def _moment(
    what: str, year: int, month: int, day: int, hour: int, minute: int, zone: str, default: str
) -> datetime:
    if zone:
        offset = _ZONES.get(zone.upper())
        if offset is None:
            raise ParseError(f"unknown time zone {zone!r} in {what!r}")
        zone_info: tzinfo = timezone(timedelta(hours=offset))
    else:
        zone_info = ZoneInfo(default)
    try:
        return datetime(year, month, day, hour, minute, tzinfo=zone_info)
    except ValueError as error:
        raise ParseError(f"impossible date or time in {what!r}: {error}") from error


def _full_year(two_digits: str) -> int:
    year = int(two_digits)
    if len(two_digits) == 4:
        return year
    return 2000 + year if year < 70 else 1900 + year


# --- text conventions -----------------------------------------------------------

# AP's 7-bit character set has no dashes or curly quotes: " _ " is a dash,
# `` and '' are double quotes, ` opens a single quote, and "{" after a figure
# is one half (the standings take reads "16{" for 16½ games behind).
_AP_DASH = re.compile(r"(?<!\S)_(?!\S)")
_AP_HALF = re.compile(r"(?<=\d)\{")


def _ap_typography(text: str) -> str:
    text = _AP_DASH.sub("—", text)
    text = text.replace("``", "“").replace("''", "”").replace("`", "‘").replace("'", "’")
    return _AP_HALF.sub("½", text)


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# "CHATHAM, Mass. (AP) — ", "Berlin (dpa) - ": where and who, not the news.
_DATELINE = re.compile(r"^[^\W\d_][^()\n]{0,60}?\s*\((?:AP|dpa)\)\s*(?:[—–_-]+\s*)?")
# A sentence ends after a lower-case word, so "U.S." does not end one.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9”’)][.!?])\s+(?=[A-Z“‘\"])")
_HEADLINE_MAX = 160


def _headline_from(paragraph: str) -> str:
    """A headline for a take that has none: its first sentence, dateline removed."""
    text = _DATELINE.sub("", paragraph)
    if len(text) <= _HEADLINE_MAX:
        return text
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(sentence) <= _HEADLINE_MAX:
        return sentence
    return sentence[:_HEADLINE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --- entry point ----------------------------------------------------------------


def parse(data: bytes) -> list[Dispatch]:
    """Parse one ANPA-1312 or IPTC 7901 file (one take, or several back to back)."""
    chunks = _split_takes(_decode(data))
    if len(chunks) == 1:
        return [_parse_take(chunks[0])]
    dispatches = []
    for index, chunk in enumerate(chunks, start=1):
        try:
            dispatches.append(_parse_take(chunk))
        except ParseError as error:
            # One bad take rejects the file: a partial import would hide it.
            raise ParseError(f"take {index}: {error}") from error
    return dispatches


_ANPA_FIRST = re.compile(r"^(?P<level>[A-Za-z])(?P<sequence>\d{3,5})\x1f(?P<selectors>.*)$")
_IPTC_FIRST = re.compile(
    r"^(?P<source>[A-Za-z]+)(?P<number>\d+)\s+(?P<priority>\d)\s+(?P<category>[A-Za-z]{1,3})"
    r"\s+(?P<words>\d+)(?P<rest>.*)$"
)


def _parse_take(chunk: str) -> Dispatch:
    take = _frame(chunk)
    first = take.heading[0]
    if anpa := _ANPA_FIRST.match(first):
        return _parse_anpa(take, anpa)
    if iptc := _IPTC_FIRST.match(first):
        return _parse_7901(take, iptc)
    raise ParseError(
        f"unrecognised heading {_printable(first)!r}: expected ANPA-1312 (service level, "
        "sequence number, US, selectors) or IPTC 7901 (source and number, priority, "
        "category, word count)"
    )


def _printable(text: str) -> str:
    return _CONTROLS.sub(lambda m: f"<{ord(m.group()):02x}>", text)


# --- ANPA-1312 (AP) ---------------------------------------------------------------

_ANPA_KEYWORD_LINE = re.compile(
    r"^(?P<priority>[A-Za-z])\s+(?P<category>[A-Za-z])(?P<format>[\x11-\x14]*)\s+"
    r"(?P<keyword>\S+)(?:\s+(?P<version>\S.*?))??\s+(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:\s+(?P<words>\d+))?\s*$"
)
_CYCLE = re.compile(r"^(?:AM|PM|BC)-", re.IGNORECASE)
_AP_TRAILER = re.compile(
    r"^(?P<agency>[A-Z]+)-(?P<desk>[A-Z]{2,})-(?P<month>\d{2})-(?P<day>\d{2})-(?P<year>\d{2})"
    r"\s+(?P<hour>\d{2})(?P<minute>\d{2})\s*(?P<zone>[A-Z]{1,4})?\s*<?$"
)
# The slug line opening the text repeats the keyword in full, with the
# version and the word count: "BC-US--Giant Lobster Death, 1st Ld-Writethru,127".
_SLUG_LINE = re.compile(r"^(?:AM|PM|BC)-[^-\s]*--(?P<slug>[^,]*)(?P<rest>.*)$", re.IGNORECASE)
_SLUG_WORDS = re.compile(r",\s*(\d+)\s*$")
_PHOTOS = re.compile(r"^AP Photos?\b\s*:?\s*", re.IGNORECASE)
_EDS = re.compile(r"^Eds?\s*:\s*", re.IGNORECASE)
_EDITORS_NOTE = re.compile(r"^EDITOR[’']?S NOTE\b", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+(?=\S)", re.IGNORECASE)
_BYLINE_TITLE = re.compile(
    r"Associated Press|^AP\b.*\b(?:Writer|Editor|Correspondent|Columnist)s?$", re.IGNORECASE
)
# Slugs AP gives to every story of a kind: the sequence number tells them apart.
_GENERIC_SLUGS = frozenset({"apnewsalert"})


def _parse_anpa(take: _Take, first: re.Match[str]) -> Dispatch:
    if len(take.heading) < 2:
        raise ParseError("ANPA heading has no keyword line after the selector line")
    line = take.heading[1]
    keyword_line = _ANPA_KEYWORD_LINE.match(line)
    if keyword_line is None:
        raise ParseError(
            f"unreadable ANPA keyword line {_printable(line)!r}: expected priority, category, "
            "format codes, keyword, optional version and MM-DD date"
        )
    update = _update(keyword_line["version"] or "")
    trailer = _AP_TRAILER.match(take.trailer)
    if trailer is None:
        raise ParseError(
            f"no transmission time after ETX (expected e.g. 'AP-WF-11-13-13 0745GMT', "
            f"found {_printable(take.trailer)!r})"
        )
    provider = "AP" if trailer["agency"] == "AP" else ""
    version_created = _moment(
        take.trailer,
        _full_year(trailer["year"]),
        int(trailer["month"]),
        int(trailer["day"]),
        int(trailer["hour"]),
        int(trailer["minute"]),
        trailer["zone"] or "",
        _EASTERN,
    )
    keyword = keyword_line["keyword"]
    story_date = _keyword_date(
        int(keyword_line["month"]), int(keyword_line["day"]), version_created, line
    )
    stem = _CYCLE.sub("", keyword)
    guid = f"{provider or 'anpa'}:{story_date}:{stem}"
    if stem.rsplit("--", 1)[-1].lower() in _GENERIC_SLUGS:
        guid += f":{first['sequence']}"

    text = _anpa_text(take.text)
    headline = text.headline
    body_blocks = text.blocks
    if not headline and text.first_paragraph:
        # A news alert is one sentence and no headline line: the sentence
        # is the headline, and nothing is left for a body.
        headline = _headline_from(text.first_paragraph)
        if len(body_blocks) == 1 and headline == _DATELINE.sub("", text.first_paragraph):
            body_blocks = []
    if not headline:
        raise ParseError("no headline: neither a headline line nor any text")

    extra = {
        "keyword": keyword,
        "sequence": first["sequence"],
        "service_level": first["level"],
        "selectors": first["selectors"].strip(),
        "priority": keyword_line["priority"],
        "category": keyword_line["category"],
        "format": "+".join(_DC_CODES[c] for c in keyword_line["format"]),
        **text.extra,
    }
    if update.markers:
        extra["update"] = update.markers
    if keyword_line["words"]:
        # ANPA-1312 calls this field the word count, but AP's figures do not
        # match the text (1693 for the 1140 words of the ethanol lead): kept
        # apart from the slug line's count, as sent.
        extra["header_word_count"] = keyword_line["words"]
    return Dispatch(
        guid=guid,
        version=update.version,
        version_created=version_created,
        headline=headline,
        provider=provider,
        status=PubStatus.CANCELED if update.killed else PubStatus.USABLE,
        body_html="".join(body_blocks),
        byline=text.byline,
        slugline=text.slugline or stem.rsplit("--", 1)[-1],
        ed_note=text.ed_note,
        is_correction=update.is_correction,
        version_is_ordinal=update.ordinal,
        source_format=ANPA,
        extra={key: value for key, value in extra.items() if value},
    )


def _keyword_date(month: int, day: int, sent: datetime, line: str) -> str:
    # The keyword line has no year: it is the transmission's, except across
    # New Year (a December story re-sent on January 1st, or the reverse).
    year = sent.year
    if month == 12 and sent.month == 1:
        year -= 1
    elif month == 1 and sent.month == 12:
        year += 1
    try:
        return date(year, month, day).isoformat()
    except ValueError as error:
        raise ParseError(
            f"impossible date {month:02d}-{day:02d} in {_printable(line)!r}"
        ) from error


@dataclass(slots=True)
class _AnpaText:
    headline: str = ""
    byline: str = ""
    slugline: str = ""
    ed_note: str = ""
    first_paragraph: str = ""
    blocks: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def _anpa_text(raw: str) -> _AnpaText:
    result = _AnpaText()
    lines = _lines(raw)
    # Heading lines that are text ("All Times EDT") open the text, in order.
    paragraphs, index = _anpa_heading(lines, result)  # plain text, not yet HTML
    current: list[str] = []
    table: list[list[str]] = []

    def flush_paragraph() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    def flush_all() -> None:
        flush_paragraph()
        if paragraphs:
            if not result.first_paragraph:
                result.first_paragraph = paragraphs[0]
            result.blocks.extend(plain_to_html(p) for p in paragraphs)
            paragraphs.clear()
        if table:
            result.blocks.append(f"<pre>{html.escape(_layout(table), quote=False)}</pre>")
            table.clear()

    for line in lines[index:]:
        if line.startswith(BS):
            if current or paragraphs:
                flush_all()
            table.append(_row(line))
            continue
        if table:
            flush_all()
        content = _clean(line)
        if not content:
            flush_paragraph()
        elif line.startswith(("\t", "^", "   ")) or not current:
            # A TAB (or its spaces) opens a paragraph; a "^" line stands alone.
            flush_paragraph()
            current.append(content)
            if line.startswith("^"):
                flush_paragraph()
        else:
            current.append(content)  # a hard-wrapped continuation
    flush_all()
    return result


def _anpa_heading(lines: list[str], result: _AnpaText) -> tuple[list[str], int]:
    """Read the leading "^" lines into `result`.

    Returns the lines the heading does not claim ("All Times EDT" in a
    standings take, an EDITOR'S NOTE), cleaned, and where the text starts.
    """
    notes: list[str] = []
    leftovers: list[str] = []
    index = 0
    after_byline = False
    while index < len(lines) and lines[index].startswith("^"):
        content = _clean(lines[index])
        index += 1
        if not content:
            continue
        slug = _SLUG_LINE.match(content) if not result.slugline else None
        if slug:
            result.slugline = collapse(slug["slug"])
            if words := _SLUG_WORDS.search(slug["rest"]):
                result.extra["word_count"] = words.group(1)
        elif _PHOTOS.match(content):
            result.extra["photos"] = _PHOTOS.sub("", content)
        elif _EDS.match(content):
            notes.append(_EDS.sub("", content))
        elif _EDITORS_NOTE.match(content):
            # Written for readers (it runs above the story), unlike "Eds:".
            leftovers.append(content)
        elif _BYLINE.match(content) and not result.byline:
            result.byline = _BYLINE.sub("", content)
            after_byline = True
            continue
        elif after_byline and _BYLINE_TITLE.search(content):
            result.extra["byline_title"] = content
        elif not result.headline:
            result.headline = content
        else:
            leftovers.append(content)
        after_byline = False
    result.ed_note = "\n".join(notes)
    return leftovers, index


def _clean(line: str) -> str:
    """A text line without its format codes, in AP's typography decoded."""
    text = line.strip()
    text = text.removeprefix("^")
    if text.endswith(("<", "=")):
        text = text[:-1]
    text = _CONTROLS.sub(" ", text.replace(DLE, ""))
    return _ap_typography(collapse(text))


def _row(line: str) -> list[str]:
    # BS opens a row, a leading "^" marks the header row, US closes the stub
    # (DLE glues a team name's words), RS separates cells and pads figures.
    stub, _, cells = line[1:].removeprefix("^").partition(US)
    values = [_ap_typography(collapse(cell)) for cell in cells.split(RS)]
    return [_ap_typography(collapse(stub.replace(DLE, "")))] + [v for v in values if v]


def _layout(rows: list[list[str]]) -> str:
    # Stubs flush left, figures flush right: the table reads in a <pre>.
    width = max(len(row) for row in rows)
    cells = [row + [""] * (width - len(row)) for row in rows]
    sizes = [max(len(row[column]) for row in cells) for column in range(width)]
    lines = []
    for row in cells:
        parts = [row[0].ljust(sizes[0])]
        parts += [value.rjust(size) for value, size in zip(row[1:], sizes[1:], strict=True)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


# --- IPTC 7901 (dpa) --------------------------------------------------------------

_IPTC_TRAILER = re.compile(
    r"^(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s+(?:(?P<zone>[A-Za-z]{1,4})\s+)?"
    r"(?P<month>[^\W\d_]{3})[^\W\d_]*\.?\s+(?P<year>\d{2}(?:\d{2})?)$"
)
_HEADLINE_END = re.compile(r"\s*=\s*$")
_NOTEBOOK = re.compile(r"^#\s")
_NOT_FOR_PUBLICATION = re.compile(r"^\*(?:\s*\*){2,}\s*$")
_SECTION = re.compile(r"^##\s*(.*?)\s*$")
_EDITOR_SECTIONS = re.compile(r"note to editors|hinweis|redaktion", re.IGNORECASE)
_LINK_SECTIONS = re.compile(r"links?\b", re.IGNORECASE)
_KNOWN_7901_SOURCES = {"dpa": "dpa"}


def _parse_7901(take: _Take, first: re.Match[str]) -> Dispatch:
    provider = _7901_provider(first["rest"])
    trailer = _IPTC_TRAILER.match(take.trailer)
    if trailer is None:
        raise ParseError(
            f"no transmission time after ETX (expected e.g. '131137 GMT Nov 13', "
            f"found {_printable(take.trailer)!r})"
        )
    month = _MONTHS.get(trailer["month"].lower())
    if month is None:
        raise ParseError(f"unknown month {trailer['month']!r} in {take.trailer!r}")
    version_created = _moment(
        take.trailer,
        _full_year(trailer["year"]),
        month,
        int(trailer["day"]),
        int(trailer["hour"]),
        int(trailer["minute"]),
        trailer["zone"] or "",
        _BERLIN,
    )
    keyword = " ".join(take.heading[1:]).strip().rstrip("/").strip()
    if not keyword:
        raise ParseError("IPTC 7901 heading has no keyword line")

    lines = [line.rstrip() for line in _lines(take.text)]
    markers, headline, byline, index = _7901_heading(lines)
    update = _update(" ".join(markers))
    body_lines, notebook, signoff = _7901_split(lines[index:], provider)
    body = "\n".join(body_lines)
    if not headline:
        paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
        if not paragraphs:
            raise ParseError("no headline: neither a headline line nor any text")
        headline = _headline_from(collapse(paragraphs[0]))
    ed_note, links = _7901_notebook(notebook)
    extra = {
        "keyword": keyword,
        "sequence": first["source"] + first["number"],
        "priority": first["priority"],
        "category": first["category"],
        "word_count": first["words"],
        "links": links,
        "signoff": signoff,
    }
    if update.markers:
        extra["update"] = update.markers
    return Dispatch(
        guid=f"{provider or 'iptc7901'}:{version_created.date().isoformat()}:{keyword}",
        version=update.version,
        version_created=version_created,
        headline=headline,
        provider=provider,
        status=PubStatus.CANCELED if update.killed else PubStatus.USABLE,
        body_html=plain_to_html(body),
        byline=byline,
        slugline=keyword,
        ed_note=ed_note,
        is_correction=update.is_correction,
        version_is_ordinal=update.ordinal,
        source_format=IPTC_7901,
        extra={key: value for key, value in extra.items() if value},
    )


def _7901_provider(rest: str) -> str:
    # The optional end of the first heading line names the agency ("dpa 061").
    for token in rest.split():
        if token.lower() in _KNOWN_7901_SOURCES:
            return _KNOWN_7901_SOURCES[token.lower()]
    return ""


def _7901_heading(lines: list[str]) -> tuple[list[str], str, str, int]:
    """Update lines, headline and byline, and where the text starts.

    The heading ends with the line closed by " =" (headline or byline), or
    failing that at the first blank line after the headline.
    """
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    markers: list[str] = []
    while index < len(lines) and _is_marker_line(lines[index]):
        markers.append(lines[index].strip())
        index += 1
    headline_parts: list[str] = []
    byline = ""
    while index < len(lines):
        line = _CONTROLS.sub(" ", lines[index]).strip()
        if not line:
            if headline_parts or byline:
                break
            index += 1
            continue
        index += 1
        closed = bool(_HEADLINE_END.search(line))
        text = collapse(_HEADLINE_END.sub("", line))
        if _BYLINE.match(text):
            byline = _BYLINE.sub("", text)
        elif text:
            headline_parts.append(text)
        if closed:
            break
    return markers, " ".join(headline_parts), byline, index


def _7901_split(lines: list[str], provider: str) -> tuple[list[str], list[str], str]:
    """The publishable text, the notebook for editors, and the sign-off initials."""
    body: list[str] = []
    notebook: list[str] = []
    target = body
    for line in lines:
        if target is body and (_NOTEBOOK.match(line) or _NOT_FOR_PUBLICATION.match(line)):
            target = notebook
        target.append(_CONTROLS.sub(" ", line))
    signoff = ""
    for candidates in (notebook, body):
        # "dpa wsz jln npr": the agency and its editors' initials, last line.
        filled = [i for i, line in enumerate(candidates) if line.strip()]
        if filled and provider:
            last = candidates[filled[-1]].split()
            if (
                len(last) > 1
                and last[0].lower() == provider.lower()
                and all(re.fullmatch(r"[a-z]{2,4}", part) for part in last[1:])
            ):
                signoff = " ".join(last[1:])
                del candidates[filled[-1]]
                break
    return body, notebook, signoff


def _7901_notebook(lines: list[str]) -> tuple[str, str]:
    """The notes to editors and the links, from the public part of the notebook."""
    notes: list[str] = []
    links: list[str] = []
    section = ""
    for line in lines:
        if _NOT_FOR_PUBLICATION.match(line):
            break  # contacts and phone numbers: not for the site, not even privately
        heading = _SECTION.match(line)
        if heading:
            section = heading.group(1)
            continue
        item = line.strip().removeprefix("-").strip()
        if not item or _NOTEBOOK.match(line):
            continue
        if _EDITOR_SECTIONS.search(section):
            notes.append(item)
        elif _LINK_SECTIONS.search(section):
            links.append(item)
    return "\n".join(notes), "\n".join(links)
