"""The names of what a page is built from; a change to one bumps its tag.

They double as surrogate keys in the `Surrogate-Key` header, so a reverse
proxy or CDN can purge by the same names.
"""

from __future__ import annotations

SITE = "site"
"""Sections, providers and anything every page shows (the navigation)."""
HOME = "home"


def article(article_id: int) -> str:
    """The article's own data: headline, picture, status. Every page linking it carries it."""
    return f"a{article_id}"


def comments(article_id: int) -> str:
    return f"c{article_id}"


def is_comments(name: str) -> bool:
    """Whether `name` is the tag of an article's comments (see `comments`)."""
    return name[:1] == "c" and name[1:].isdigit()


def read_also(article_id: int) -> str:
    return f"r{article_id}"


def section(section_id: int) -> str:
    return f"s{section_id}"


def provider(provider_id: int) -> str:
    return f"p{provider_id}"
