"""The account pages: sign up, log in and out, password reset, "my account" and its actions.

Every form posts with Django's CSRF token; sign-up, log-in and reset requests
are counted by `manchette.ratelimit` before anything else is done with them.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from manchette.accounts import limits, selectors, services
from manchette.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordResetForm,
    PseudonymForm,
    SetPasswordForm,
    SignUpForm,
)
from manchette.accounts.models import User
from manchette.ratelimit import check, refusal


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": SignUpForm()})
    wait = check(request, "accounts.signup", per_ip=limits.SIGNUP_PER_IP)
    if wait is not None:
        return refusal(request, wait, what=_("Too many accounts created from here recently."))
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


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        typed = request.POST.get("username", "").strip().casefold()[:254]
        wait = check(
            request,
            "accounts.login",
            per_account=limits.LOGIN_PER_ACCOUNT if typed else None,
            per_ip=limits.LOGIN_PER_IP,
            account=f"login:{typed}",
        )
        if wait is not None:
            return refusal(request, wait, what=_("Too many login attempts in a short time."))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        typed = request.POST.get("email", "").strip().casefold()[:254]
        wait = check(
            request,
            "accounts.password-reset",
            per_account=limits.RESET_PER_ACCOUNT if typed else None,
            per_ip=limits.RESET_PER_IP,
            account=f"reset:{typed}",
        )
        if wait is not None:
            return refusal(request, wait, what=_("Too many password reset requests."))
        # The e-mail names the site as its settings do, not by its host name.
        self.extra_email_context = {"site_name": settings.MANCHETTE_SITE_NAME}
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = True
    post_reset_login_backend = "manchette.accounts.backends.EmailOrUsernameBackend"

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    comments = Paginator(selectors.my_comments(user), selectors.ACCOUNT_PAGE_ITEMS).get_page(1)
    reports = Paginator(selectors.my_reports(user), selectors.ACCOUNT_PAGE_ITEMS).get_page(1)
    return render(
        request,
        "accounts/home.html",
        {
            "comments": comments,
            "comment_items": [
                (comment, selectors.COMMENT_STATUS.get(comment.status, comment.status))
                for comment in comments
            ],
            "reports": reports,
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
