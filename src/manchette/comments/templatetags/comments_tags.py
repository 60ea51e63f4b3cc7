"""The comment section of the article page (anatomy elements 10 to 12).

Anonymous readers get a page with no session read, no token and no cookie,
so the article page can later be cached whole for them: the reader is looked
up only when the browser sends a session cookie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from manchette.comments import links, markup, rules, selectors, text
from manchette.comments.forms import CommentForm, ReportForm
from manchette.comments.models import Comment, Report
from manchette.news.models import Article
from manchette.pagecache import blocks, shells, tags

register = template.Library()


def signed_in_reader(request: HttpRequest) -> Any | None:
    """The logged-in reader, or None, without touching the session of a reader who has none."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = request.user
    return user if user.is_authenticated else None


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


@register.simple_tag(takes_context=True)
def comment_section(context: template.Context, article: Article) -> SafeString:
    request: HttpRequest = context["request"]
    # Where the article page is kept as a shell, its comments are set in for each reader.
    return shells.hole(
        lambda: section_html(
            request,
            article,
            csrf_token=context.get("csrf_token"),
            language_code=context.get("LANGUAGE_CODE"),
        )
    )


def section_html(
    request: HttpRequest, article: Article, *, csrf_token: Any = None, language_code: Any = None
) -> SafeString:
    """The comment section of `article` for this request's reader."""
    reader = signed_in_reader(request)
    order = selectors.order_from(request.GET.get("tri"))
    number = _page_number(request)
    is_open = rules.comments_open(article, timezone.now())
    values = {"request": request, "csrf_token": csrf_token, "LANGUAGE_CODE": language_code}

    def render() -> SafeString:
        return blocks.rendered(
            "comments/section.html",
            _section(values, article, reader=reader, order=order, number=number, open=is_open),
        )

    if reader is not None:  # their own comments carry links to edit them: not everyone's
        return render()
    return blocks.kept(
        f"comments {article.pk} {order} {number} {is_open} {request.path}",
        render,
        names=[tags.comments(article.pk), tags.article(article.pk)],
    )


def _section(
    context: dict[str, Any], article: Article, *, reader: Any, order: str, number: int, open: bool
) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    reader_id = reader.pk if reader is not None else None
    thread = selectors.thread(article, viewer_id=reader_id, order=order, number=number)
    page = thread.page
    report_url = _report_urls(signed_in=reader is not None)
    for comment in page.object_list:
        comment.report_url = report_url(comment.pk)
        for reply in comment.shown_replies:
            reply.report_url = report_url(reply.pk)
    values = {
        "article": article,
        "thread": thread,
        "reader": reader,
        "reader_id": reader_id,
        "open": open,
        "order": order,
        "orders": [
            (selectors.NEWEST, links.thread_url(article, order=selectors.NEWEST)),
            (selectors.OLDEST, links.thread_url(article, order=selectors.OLDEST)),
        ],
        "previous_url": links.thread_url(article, order=order, page=page.number - 1)
        if page.has_previous()
        else None,
        "next_url": links.thread_url(article, order=order, page=page.number + 1)
        if page.has_next()
        else None,
        "login_url": links.login_url(f"{request.path}#{links.SECTION_ANCHOR}"),
        "form": CommentForm() if reader is not None else None,
        "report_form": ReportForm() if reader is not None else None,
        "reasons": Report.Reason,
        "statuses": Comment.Status,
        "csrf_token": context.get("csrf_token") if reader is not None else None,
        "request": request,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
    values["comments_html"] = _comment_list(page.object_list, values)
    return values


def _comment_list(tops: Iterable[selectors.Shown], values: dict[str, Any]) -> SafeString:
    """The page's comments with their replies, joined here rather than by a template loop.

    A busy thread is redrawn after every comment; a template loop over its
    fifty comments cost more than the rest of the section.
    """
    tops = list(tops)
    if not tops:
        return mark_safe("")
    reader_id = values["reader_id"]
    kept = reader_id is None  # a signed-in reader's own comments link to their edit page
    open_now, login_url, order = values["open"], values["login_url"], values["order"]
    replies_label = escape(_("Replies"))

    def one(comment: selectors.Shown, level: int) -> str:
        def render() -> SafeString:
            return markup.comment_html(
                comment,
                level=level,
                reader_id=reader_id,
                open=open_now,
                order=order,
                login_url=login_url,
            )

        if not kept:
            return render()
        key = (
            f"comment {comment.pk} {level} {comment.status} {comment.edited_at} "
            f"{hash(comment.body)} {comment.author_pseudonym} {open_now} {login_url} "
            f"{comment.report_url}"
        )
        return blocks.piece(key, render)

    parts = ['<ol class="comments__list">']
    for top in tops:
        parts.append(f"<li>{one(top, 3)}")
        replies = top.shown_replies
        if replies:
            parts.append(f'<ol class="comments__replies" aria-label="{replies_label}">')
            parts.extend(f"<li>{one(reply, 4)}</li>" for reply in replies)
            parts.append("</ol>")
        parts.append("</li>")
    parts.append("</ol>")
    return mark_safe("".join(parts))  # noqa: S308 - pieces of rendered templates


@register.filter
def comment_html(body: str) -> SafeString:
    """A comment's text as paragraphs and links, everything the reader typed escaped."""
    return text.render(body)


# A comment id no address of the site contains: where the report page's address takes the id.
_SOME_ID = 918273645


def _report_urls(*, signed_in: bool) -> Callable[[int], str]:
    """The report page of a comment, or for anonymous readers the login page on the way to it.

    Both addresses are made once per thread, the id set in by replacing a
    placeholder: making them for each comment took more time than the rest
    of the comment's markup.
    """
    report = reverse("comments:report", args=[_SOME_ID])
    if not signed_in:
        report = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': report})}"
    placeholder = str(_SOME_ID)
    return lambda pk: report.replace(placeholder, str(pk))
