"""Posting, replying, editing, deleting and reporting, each working as a plain form.

The article page only shows comments (see templatetags/comments_tags.py);
every action has its own page here, so nothing needs JavaScript, and the
article page for anonymous readers stays free of sessions and tokens.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from manchette.comments import links, rules, selectors, services
from manchette.comments.forms import CommentForm, ReportForm
from manchette.comments.models import Comment, Report
from manchette.comments.throttle import address, retry_after
from manchette.news import selectors as news_selectors
from manchette.news.models import Article
from manchette.ratelimit import retry_message


def _visible_article(public_id: str) -> Article:
    # The copy the article page reads, kept per process until the article changes: reading
    # it again cost a quarter of a comment post.
    article = news_selectors.article_by_public_id(public_id)
    if article is None or not news_selectors.is_visible(article):
        raise Http404(_("No such article."))
    return article


def _comment(pk: int, *, status: str | None = None) -> Comment:
    queryset = Comment.objects.select_related("article", "article__section", "author", "parent")
    comment = get_object_or_404(queryset, pk=pk)
    if not news_selectors.is_visible(comment.article):
        raise Http404(_("No such comment."))
    if status is not None and comment.status != status:
        raise Http404(_("No such comment."))
    return comment


def _too_many(
    request: HttpRequest, action: str, template: str, context: dict[str, Any]
) -> HttpResponse | None:
    """The form again, with the reader's text and when to retry, if they go too fast."""
    wait = retry_after(request, action)
    if wait is None:
        return None
    if action == "comment":
        what = _("Too many comments in a short time.")
    else:
        what = _("Too many reports in a short time.")
    context["refusal"] = f"{what} {retry_message(wait)}"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


def _post(request: HttpRequest, article: Article, parent: Comment | None) -> HttpResponse:
    order = selectors.order_from(request.POST.get("tri"))
    form = CommentForm(request.POST)
    context = {
        "action": "reply" if parent else "post",
        "article": article,
        "parent": parent,
        "form": form,
        "order": order,
    }
    if not form.is_valid():
        return render(request, "comments/form.html", context, status=400)
    limited = _too_many(request, "comment", "comments/form.html", context)
    if limited:
        return limited
    try:
        comment = services.comment_post(
            author=request.user,
            article=article,
            body=form.cleaned_data["body"],
            parent=parent,
            address=address(request),
        )
    except services.Refused as refusal:
        context["refusal"] = str(refusal)
        return render(request, "comments/form.html", context, status=403)
    return HttpResponseRedirect(
        links.new_comment_url(comment, viewer_id=request.user.pk, order=order), status=303
    )


@require_POST
@login_required
def post(request: HttpRequest, public_id: str) -> HttpResponse:
    return _post(request, _visible_article(public_id), parent=None)


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _comment(pk, status=Comment.Status.PUBLISHED)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(links.login_url(request.path))
    if request.method == "POST":
        return _post(request, parent.article, parent)
    context = {
        "action": "reply",
        "article": parent.article,
        "parent": parent,
        "form": CommentForm(),
        "order": selectors.order_from(request.GET.get("tri")),
    }
    if not rules.comments_open(parent.article):
        context["refusal"] = _("Comments are closed on this article.")
    return render(request, "comments/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    if comment.author_id != request.user.pk:
        raise Http404(_("No such comment."))
    order = selectors.order_from(request.POST.get("tri") or request.GET.get("tri"))
    form = CommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    context = {
        "action": "edit",
        "article": comment.article,
        "comment": comment,
        "form": form,
        "order": order,
    }
    if not rules.may_edit(comment, request.user.pk):
        context["refusal"] = _("This comment can no longer be edited.")
        return render(request, "comments/form.html", context, status=403)
    if request.method == "GET":
        return render(request, "comments/form.html", context)
    if not form.is_valid():
        return render(request, "comments/form.html", context, status=400)
    try:
        comment = services.comment_edit(
            comment=comment, editor=request.user, body=form.cleaned_data["body"]
        )
    except services.Refused as refusal:
        context["refusal"] = str(refusal)
        return render(request, "comments/form.html", context, status=403)
    return HttpResponseRedirect(
        links.comment_url(comment, viewer_id=request.user.pk, order=order), status=303
    )


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    if not rules.may_delete(comment, request.user.pk):
        raise Http404(_("No such comment."))
    order = selectors.order_from(request.POST.get("tri") or request.GET.get("tri"))
    if request.method == "GET":
        return render(request, "comments/delete.html", {"comment": comment, "order": order})
    services.comment_delete(comment=comment, user=request.user)
    # Back to where the comment was: its tombstone, or the thread it left.
    if (
        comment.parent_id is None
        and comment.replies.filter(status=Comment.Status.PUBLISHED).exists()
    ):
        target = links.comment_url(comment, viewer_id=request.user.pk, order=order)
    else:
        target = links.thread_url(comment.article, order=order)
    return HttpResponseRedirect(target, status=303)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk, status=Comment.Status.PUBLISHED)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(links.login_url(request.path))
    context: dict[str, Any] = {
        "action": "report",
        "comment": comment,
        "article": comment.article,
        "back_url": links.comment_url(
            comment, viewer_id=request.user.pk, order=selectors.DEFAULT_ORDER
        ),
        "reasons": Report.Reason,
    }
    earlier = selectors.existing_report(comment, request.user.pk)
    if earlier is not None:
        context["earlier"] = earlier
        context["refusal"] = _("You have already reported this comment.")
        status = 409 if request.method == "POST" else 200
        return render(request, "comments/report.html", context, status=status)
    if comment.author_id == request.user.pk:
        context["refusal"] = _("You cannot report your own comment.")
        return render(request, "comments/report.html", context, status=403)
    form = ReportForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "GET":
        return render(request, "comments/report.html", context)
    if not form.is_valid():
        return render(request, "comments/report.html", context, status=400)
    limited = _too_many(request, "report", "comments/report.html", context)
    if limited:
        return limited
    try:
        filed = services.report_file(
            comment=comment,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            law=form.cleaned_data["law"],
            explanation=form.cleaned_data["explanation"],
        )
    except services.AlreadyReported as refusal:
        context["refusal"] = str(refusal)
        return render(request, "comments/report.html", context, status=409)
    except services.Refused as refusal:
        context["refusal"] = str(refusal)
        return render(request, "comments/report.html", context, status=403)
    context["filed"] = filed
    return render(request, "comments/report.html", context)
