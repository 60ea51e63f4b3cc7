"""A reader's plain text as HTML: paragraphs, line breaks and links, nothing else.

Every piece of the reader's text is escaped on its way out; the only markup
is what this module writes itself. URLs are found in the raw text (so `&`
in a query string is seen as `&`, not `&amp;`), then written escaped, inside
an `href` that can only start with http:// or https://.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Up to the first space, quote or angle bracket: those never belong to a URL a reader pastes.
_URL = re.compile(r"\bhttps?://[^\s<>\"'`\x00-\x1f\x7f]+", re.IGNORECASE)
# Sentence punctuation right after a URL is the reader's, not the address's.
_TRAILING = ".,;:!?»”’)]}*_~"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Characters that change how text around them is displayed without being seen:
# bidirectional overrides and isolates (used to disguise a link's text), and zero-width joiners.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")

LINK_REL = "nofollow ugc noopener"


def normalise(text: str) -> str:
    """The text as stored: Unix line ends, no invisible direction tricks, no outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", text).strip()


def _split_url(match: str) -> tuple[str, str]:
    """A matched URL without the punctuation that ends the reader's sentence."""
    url = match
    while url and url[-1] in _TRAILING:
        # Keep a closing parenthesis that closes one opened inside the URL (Wikipedia links).
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url, match[len(url) :]


def _linkify(line: str) -> str:
    out: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url, rest = _split_url(match.group())
        out.append(escape(line[position : match.start()]))
        if url.split("://", 1)[1]:
            out.append(format_html('<a href="{}" rel="{}">{}</a>{}', url, LINK_REL, url, rest))
        else:
            out.append(escape(match.group()))
        position = match.end()
    out.append(escape(line[position:]))
    return "".join(out)


def render(text: str) -> SafeString:
    """Paragraphs (blank lines), line breaks and auto-linked http(s) URLs, all else escaped."""
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(normalise(text)) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - built only from escaped pieces above
