"""Wire HTML made safe to publish, keeping the structure journalists gave it."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "q",
        "cite",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "abbr",
        "dfn",
        "small",
        "pre",
        "code",
        "hr",
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
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# Dropped with everything inside them, not just unwrapped.
CLEAN_CONTENT_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript"}
)

# The page's only <h1> is the headline, so wire headings move one level down.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_BLOCK_BOUNDARY = re.compile(r"</?(?:p|h[1-6]|li|br|blockquote|div|tr|td|th)\b", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|&#160;|\xa0|<br>)*</p>")


def sanitise_body(html: str) -> str:
    """Return `html` with only safe structure left: no script, handler or unsafe URL."""
    cleaned = nh3.clean(
        _H1.sub(r"<\1h2", html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def plain_text(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed, entities decoded."""
    if "<" not in html and "&" not in html:
        # Most headlines and bylines are plain already: skip the HTML parser.
        return " ".join(html.split())
    spaced = _BLOCK_BOUNDARY.sub(r" \g<0>", html)
    text = nh3.clean(spaced, tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS))
    return " ".join(html_lib.unescape(text).split())
