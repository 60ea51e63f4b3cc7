"""The moderation desk at /moderation/: queues, decisions, sanctions, lists, the log.

Everything works as plain forms posting back here (CSRF-protected) and
redirecting to the page they came from, with the outcome in a status
message the page focuses (`#resultat`). The desk is for people with the
`moderation.use_desk` permission, and for staff; pages are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from manchette.comments.models import Comment
from manchette.moderation import forms, selectors, services
from manchette.moderation.models import PremoderationRule, Sanction, WatchedWord
from manchette.news.models import Article

View = Callable[..., HttpResponse]
STATUS_ANCHOR = "resultat"


def may_use_desk(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.has_perm("moderation.use_desk")))


def may_close_comments(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("news.change_article"))


def desk(view: View) -> View:
    """Moderators only: others are sent to log in, or refused when logged in."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_use_desk(request.user):
            raise PermissionDenied(_("The moderation desk is for moderators."))
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(guarded)


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """To the page the form was on (never another site), at the status message."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(f"{target.split('#')[0]}#{STATUS_ANCHOR}")


def _refuse(request: HttpRequest, form: Form) -> None:
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    messages.error(request, _("Nothing was done: %(errors)s") % {"errors": " ".join(errors)})


def _page(request: HttpRequest, items: QuerySet[Any]) -> dict[str, Any]:
    paginator = Paginator(items, settings.MANCHETTE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    def url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return f"{request.path}?{params.urlencode()}"

    return {
        "page": page,
        "listing": {
            "page": page,
            "previous_url": url(page.number - 1) if page.has_previous() else None,
            "next_url": url(page.number + 1) if page.has_next() else None,
        },
    }


def _desk_context(current: str) -> dict[str, Any]:
    counts = selectors.queue_counts()
    return {
        "queues": [
            {
                "key": queue.key,
                "url": _queue_url(queue.key),
                "count": counts[queue.key],
                "current": queue.key == current,
            }
            for queue in selectors.QUEUES
        ],
        "current": current,
    }


def _queue_url(key: str) -> str:
    slug = next(queue.slug for queue in selectors.QUEUES if queue.key == key)
    return (
        reverse("moderation:queue", kwargs={"slug": slug})
        if slug
        else reverse("moderation:pending")
    )


# ------------------------------------------------------------------------------ queues


@desk
@require_GET
def queue(request: HttpRequest, slug: str = "") -> HttpResponse:
    chosen = selectors.QUEUE_BY_SLUG.get(slug)
    if chosen is None:
        raise Http404(_("No such queue."))
    context = {**_desk_context(chosen.key), **_page(request, selectors.queue(chosen.key))}
    comments: list[Comment] = list(context["page"].object_list)
    facts = selectors.author_facts({c.author_id for c in comments if c.author_id is not None})
    context["items"] = [
        {"comment": comment, "facts": facts.get(comment.author_id or 0)} for comment in comments
    ]
    context["reasons"] = forms.STANDARD_REASONS
    context["report_form"] = forms.ReportDecisionForm
    context["may_close"] = may_close_comments(request.user)
    return render(request, "moderation/queue.html", context)


@desk
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    services.approve(comment=comment, moderator=request.user)
    messages.success(request, _("Comment #%(id)s approved.") % {"id": pk})
    return _back(request, reverse("moderation:pending"))


@desk
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
    else:
        services.reject(comment=comment, moderator=request.user, reason=form.author_reason())
        messages.success(request, _("Comment #%(id)s rejected.") % {"id": pk})
    return _back(request, reverse("moderation:pending"))


@desk
@require_POST
def decide_reports(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    form = forms.ReportDecisionForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
    else:
        count = services.decide_reports(
            comment=comment,
            moderator=request.user,
            outcome=form.cleaned_data["outcome"],
            ground=form.cleaned_data["ground"],
            explanation=form.cleaned_data["explanation"],
        )
        messages.success(
            request,
            _("Reports on comment #%(id)s decided (%(count)s); the reporters are told.")
            % {"id": pk, "count": count},
        )
    return _back(request, reverse("moderation:queue", kwargs={"slug": "signales"}))


@desk
@require_POST
def article_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """Close or reopen comments on an article: editors only."""
    if not may_close_comments(request.user):
        raise PermissionDenied(_("Only editors close or reopen comments."))
    article = get_object_or_404(Article, pk=pk)
    form = forms.CommentsOpenForm(request.POST)
    closed = request.POST.get("closed") == "1"
    if form.is_valid():
        services.set_comments_closed(
            article=article,
            closed=closed,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
        )
        text = (
            _("Comments closed on “%(headline)s”.")
            if closed
            else _("Comments reopened on “%(headline)s”.")
        )
        messages.success(request, text % {"headline": article.headline})
    else:
        _refuse(request, form)
    return _back(request, reverse("moderation:pending"))


# ----------------------------------------------------------------------------- readers


@desk
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        form = forms.SanctionForm(request.POST)
        if form.is_valid():
            sanction = services.issue_sanction(
                user=user,
                moderator=request.user,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                days=(
                    form.cleaned_data.get("days")
                    if form.cleaned_data["kind"] == Sanction.Kind.SUSPENSION
                    else None
                ),
            )
            messages.success(
                request,
                _("Sanction issued to %(reader)s: %(sanction)s.")
                % {"sanction": sanction.get_kind_display(), "reader": user.pseudonym},
            )
        else:
            _refuse(request, form)
        return _back(request, reverse("moderation:reader", kwargs={"pk": pk}))
    facts = selectors.author_facts({user.pk}).get(user.pk)
    recent = (
        Comment.objects.filter(author=user)
        .select_related("article__section")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "moderation/reader.html",
        {
            **_desk_context("reader"),
            "reader": user,
            "facts": facts,
            "recent": recent,
            "sanctions": selectors.sanctions_of(user.pk),
            "kinds": Sanction.Kind.choices,
        },
    )


@desk
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction.objects.select_related("user"), pk=pk)
    form = forms.LiftForm(request.POST)
    if form.is_valid() and sanction.lifted_at is None:
        services.lift_sanction(
            sanction=sanction, moderator=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Sanction lifted."))
    elif not form.is_valid():
        _refuse(request, form)
    return _back(request, reverse("moderation:reader", kwargs={"pk": sanction.user_id}))


@desk
@require_GET
def sanctions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/sanctions.html",
        {**_desk_context("sanctions"), "sanctions": selectors.active_sanctions()},
    )


# ---------------------------------------------------------------------- words and rules


@desk
def words(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = forms.WordForm(request.POST)
        if form.is_valid():
            word = services.add_word(
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                moderator=request.user,
            )
            messages.success(
                request,
                _("“%(word)s” added to the %(list)s words.")
                % {"word": word.text, "list": word.get_kind_display()},
            )
        else:
            _refuse(request, form)
        return _back(request, reverse("moderation:words"))
    watched = list(selectors.watched_words())
    return render(
        request,
        "moderation/words.html",
        {
            **_desk_context("words"),
            "banned": [w for w in watched if w.kind == WatchedWord.Kind.BANNED],
            "suspect": [w for w in watched if w.kind == WatchedWord.Kind.SUSPECT],
            "kinds": WatchedWord.Kind.choices,
        },
    )


@desk
@require_POST
def word_remove(request: HttpRequest, pk: int) -> HttpResponse:
    word = get_object_or_404(WatchedWord, pk=pk)
    services.remove_word(word=word, moderator=request.user)
    messages.success(request, _("“%(word)s” removed.") % {"word": word.text})
    return _back(request, reverse("moderation:words"))


@desk
def rules(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = forms.RuleForm(request.POST)
        if form.is_valid():
            services.add_rule(
                moderator=request.user,
                section=form.cleaned_data.get("section"),
                article=form.cleaned_data.get("article_object"),
                note=form.cleaned_data.get("note", ""),
            )
            messages.success(request, _("Pre-moderation rule added."))
        else:
            _refuse(request, form)
        return _back(request, reverse("moderation:rules"))
    return render(
        request,
        "moderation/rules.html",
        {
            **_desk_context("rules"),
            "rules": selectors.premoderation_rules(),
            "form": forms.RuleForm(auto_id="regle-%s"),
        },
    )


@desk
@require_POST
def rule_remove(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(PremoderationRule.objects.select_related("section", "article"), pk=pk)
    services.remove_rule(rule=rule, moderator=request.user)
    messages.success(request, _("Pre-moderation rule removed."))
    return _back(request, reverse("moderation:rules"))


# ------------------------------------------------------------------------------ the log


@desk
@require_GET
def journal(request: HttpRequest) -> HttpResponse:
    moderator = request.GET.get("moderateur", "")
    raw_comment = request.GET.get("commentaire", "").strip().lstrip("#")
    comment = int(raw_comment) if raw_comment.isdigit() else None
    entries = selectors.audit_log(moderator=moderator, comment=comment)
    return render(
        request,
        "moderation/journal.html",
        {
            **_desk_context("journal"),
            **_page(request, entries),
            "moderators": selectors.audit_moderators(),
            "moderator": moderator,
            "comment_filter": raw_comment if comment is not None else "",
        },
    )
