"""The account pages: sign up, log in and out, password reset, "my account" and its actions.

Every form posts with Django's CSRF token; sign-up, log-in, password changes
and reset requests are counted by `manchette.ratelimit` before anything else
is done with them.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic.edit import FormView

from manchette.accounts import limits, selectors, services
from manchette.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    PseudonymForm,
    SetPasswordForm,
    SignUpForm,
)
from manchette.accounts.models import User
from manchette.ratelimit import Rate, refuse_if_limited


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": SignUpForm()})
    refused = refuse_if_limited(
        request,
        "accounts.signup",
        per_ip=limits.SIGNUP_PER_IP,
        what=_("Too many accounts created from here recently."),
    )
    if refused is not None:
        return refused
    form = SignUpForm(request.POST)
    if form.is_valid() and not form.is_robot:
        user = services.reader_create(
            pseudonym=form.cleaned_data["pseudonym"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
        login(request, user, backend="manchette.accounts.backends.EmailOrUsernameBackend")
        messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user})
        return redirect("accounts:home")
    if form.is_robot:
        # Said plainly, without naming the trap, in case a person's browser filled it.
        form.add_error(None, _("The form could not be sent as it was. Please send it again."))
    return render(request, "accounts/signup.html", {"form": form}, status=400)


def _refuse_if_limited_by_typed_account(
    request: HttpRequest,
    scope: str,
    *,
    field: str,
    key_prefix: str,
    per_account: Rate,
    per_ip: Rate,
    what: str,
) -> HttpResponse | None:
    """Rate-limit a form naming an account by what was typed in `field`, an account
    that need not exist: tries at one name count together however it is spelt, and
    an empty field counts against the address only."""
    typed = request.POST.get(field, "").strip().casefold()[:254]
    return refuse_if_limited(
        request,
        scope,
        per_account=per_account if typed else None,
        per_ip=per_ip,
        account=f"{key_prefix}:{typed}",
        what=what,
    )


class InvalidFormIsBadRequest(FormView[Any]):
    """A form sent back with errors answers 400, so that a script posting it can tell."""

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LoginView(InvalidFormIsBadRequest, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _refuse_if_limited_by_typed_account(
            request,
            "accounts.login",
            field="username",
            key_prefix="login",
            per_account=limits.LOGIN_PER_ACCOUNT,
            per_ip=limits.LOGIN_PER_IP,
            what=_("Too many login attempts in a short time."),
        )
        if refused is not None:
            return refused
        return super().post(request, *args, **kwargs)


class PasswordResetView(InvalidFormIsBadRequest, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _refuse_if_limited_by_typed_account(
            request,
            "accounts.password-reset",
            field="email",
            key_prefix="reset",
            per_account=limits.RESET_PER_ACCOUNT,
            per_ip=limits.RESET_PER_IP,
            what=_("Too many password reset requests."),
        )
        if refused is not None:
            return refused
        # The e-mail names the site as its settings do, not by its host name.
        self.extra_email_context = {"site_name": settings.MANCHETTE_SITE_NAME}
        return super().post(request, *args, **kwargs)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = True
    post_reset_login_backend = "manchette.accounts.backends.EmailOrUsernameBackend"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# The query parameters naming the page shown of each list; each list pages on its own.
COMMENTS_PAGE = "commentaires"
REPORTS_PAGE = "signalements"


@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    comments = Paginator(selectors.my_comments(user), selectors.ACCOUNT_PAGE_ITEMS).get_page(
        request.GET.get(COMMENTS_PAGE)
    )
    reports = Paginator(selectors.my_reports(user), selectors.ACCOUNT_PAGE_ITEMS).get_page(
        request.GET.get(REPORTS_PAGE)
    )
    return render(
        request,
        "accounts/home.html",
        {
            "password_form": PasswordChangeForm(user),
            "comments": comments,
            "comment_pages": _pages(request, COMMENTS_PAGE, comments, "mes-commentaires"),
            "comment_items": [
                (comment, selectors.COMMENT_STATUS.get(comment.status, comment.status))
                for comment in comments
            ],
            "reports": reports,
            "report_pages": _pages(request, REPORTS_PAGE, reports, "mes-signalements"),
            "report_items": [
                (
                    report,
                    selectors.REPORT_REASON.get(report.reason, report.reason),
                    selectors.REPORT_OUTCOME.get(report.outcome, report.outcome),
                )
                for report in reports
            ],
        },
    )


def _pages(request: HttpRequest, key: str, page: Page[Any], anchor: str) -> dict[str, str]:
    """Links to the pages before and after `page`, keeping the other list where it was."""

    def url(number: int) -> str:
        query = request.GET.copy()
        if number == 1:
            query.pop(key, None)
        else:
            query[key] = str(number)
        encoded = query.urlencode()
        return f"{request.path}{'?' + encoded if encoded else ''}#{anchor}"

    links = {}
    if page.has_previous():
        links["previous"] = url(page.previous_page_number())
    if page.has_next():
        links["next"] = url(page.next_page_number())
    return links


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """The form lives on the account page; its errors get a page of their own."""
    user = _reader(request)
    if request.method != "POST":
        return render(request, "accounts/password_change.html", {"form": PasswordChangeForm(user)})
    refused = refuse_if_limited(
        request,
        "accounts.password-change",
        per_account=limits.PASSWORD_CHANGE_PER_ACCOUNT,
        per_ip=limits.PASSWORD_CHANGE_PER_IP,
        what=_("Too many password change attempts in a short time."),
    )
    if refused is not None:
        return refused
    form = PasswordChangeForm(user, request.POST)
    if form.is_valid():
        form.save()
        # This session stays signed in; every other one of the account is signed out,
        # its stored hash no longer matching the password's.
        update_session_auth_hash(request, user)
        messages.success(
            request, _("Your new password is saved. Your other sessions are logged out.")
        )
        return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form}, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pseudonym(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form = PseudonymForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            services.pseudonym_change(user=user, pseudonym=form.cleaned_data["pseudonym"])
            messages.success(request, _("Your pseudonym is now %(name)s.") % {"name": user})
            return redirect("accounts:home")
        return render(request, "accounts/pseudonym.html", {"form": form}, status=400)
    return render(request, "accounts/pseudonym.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET"])
def data_download(request: HttpRequest) -> HttpResponse:
    data = selectors.data_export(_reader(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-manchette.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            logout(request)
            services.account_delete(user=user)
            return redirect("accounts:deleted")
        return render(request, "accounts/delete.html", _delete_context(form), status=400)
    return render(request, "accounts/delete.html", _delete_context(form))


def _delete_context(form: DeleteAccountForm) -> dict[str, Any]:
    fate = settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS
    if fate == services.KEEP_TEXT:
        said = _("Your comments stay on the site, signed “deleted account”.")
    elif fate == services.REMOVE:
        said = _(
            "Your comments are deleted; those other readers replied to stay as empty "
            "“deleted account” notices, so the replies keep their place."
        )
    else:
        said = _("Your comments are erased and shown as “deleted account” notices.")
    return {"form": form, "comment_fate": said}


def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")


def _reader(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required let only accounts in
    return user
