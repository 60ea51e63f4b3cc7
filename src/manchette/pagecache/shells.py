"""A page kept whole but for one part that changes far more often than the rest.

A busy article takes a comment every few seconds, and every comment makes
its stored page stale. Rendering the page again around a new comment
section is most of the cost of answering the next reader, yet nothing
around that section changed. So, for the pages the page cache would keep,
the page is also kept as a shell: its HTML with a hole where the comments
go, under the tags of everything else it shows (the article, its read-also
and most-read blocks, the site). A comment then costs one comment section,
set into the kept shell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from manchette.pagecache import blocks
from manchette.pagecache.cache import KEY

HOLE = "<!--manchette:hole-->"
_shaping: ContextVar[bool] = ContextVar("manchette_shell_shaping", default=False)


def hole(render: Callable[[], SafeString]) -> SafeString:
    """The part, or while a shell is being rendered, the place where it will be set."""
    return mark_safe(HOLE) if _shaping.get() else render()  # noqa: S308 - our marker


def around(
    request: HttpRequest,
    shell: Callable[[], str],
    fill: Callable[[], str],
    *,
    names: Iterable[str],
) -> str | None:
    """The page: its kept shell (rendered by `shell` when stale) with `fill()` in its hole.

    None when the page is not everyone's (the page cache gave it no key): the
    caller renders it whole.
    """
    key = request.META.get(KEY)
    if key is None:
        return None
    shaping = _shaping.set(True)
    try:
        html = blocks.kept(f"shell {key}", lambda: mark_safe(shell()), names=names)  # noqa: S308 - a rendered template
    finally:
        _shaping.reset(shaping)
    before, found, after = html.partition(HOLE)
    return f"{before}{fill()}{after}" if found else html
