"""The account forms. Each invalid field points at its message for screen readers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.base_user import BaseUserManager
from django.utils.translation import gettext_lazy as _

from manchette.accounts.models import PSEUDONYM_MAX_LENGTH, User

PSEUDONYM_MIN_LENGTH = 2
NEW_PASSWORD_HELP = _("At least 8 characters, not a common password, not only digits.")
# Letters (any script), digits, spaces and a little punctuation: nothing that
# could pass for markup, a link or another reader's name by invisible tricks.
_PSEUDONYM = re.compile(r"^[\w][\w .'’-]*$")
# Names that would make a reader look like the site, its staff or a deleted account.
RESERVED_PSEUDONYMS = frozenset(
    {
        "admin",
        "administrateur",
        "administrator",
        "moderateur",
        "modérateur",
        "moderator",
        "moderation",
        "modération",
        "redaction",
        "rédaction",
        "compte supprimé",
        "compte supprime",
        "deleted account",
        "manchette",
    }
)


class DescribedErrors:
    """After validation, mark invalid fields `aria-invalid` and tie them to their message.

    Templates print a field's errors in an element with id `<field id>-erreur`
    (`accounts/_field.html`) and every error again in the summary at the top.
    """

    fields: dict[str, forms.Field]
    errors: Any

    def mark_errors(self, bound: Any) -> None:
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"{bound[name].auto_id}-erreur"]
                if self.fields[name].help_text:
                    # The id Django gives the help text, which `_field.html` prints.
                    described.append(f"{bound[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)


class DescribedForm(DescribedErrors, forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors(self)


def clean_pseudonym(value: str, *, exclude_pk: int | None = None) -> str:
    pseudonym = " ".join(unicodedata.normalize("NFC", value).split())
    if len(pseudonym) < PSEUDONYM_MIN_LENGTH:
        raise forms.ValidationError(
            _("A pseudonym needs at least %(count)d characters."),
            params={"count": PSEUDONYM_MIN_LENGTH},
        )
    if not _PSEUDONYM.match(pseudonym):
        raise forms.ValidationError(
            _(
                "Use letters, digits, spaces, hyphens, dots and apostrophes only, "
                "starting with a letter or a digit."
            )
        )
    if pseudonym.casefold() in RESERVED_PSEUDONYMS:
        raise forms.ValidationError(_("This pseudonym is reserved. Choose another one."))
    taken = User.objects.filter(pseudonym__iexact=pseudonym)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise forms.ValidationError(_("Another reader already uses this pseudonym."))
    return pseudonym


def _pseudonym_field() -> forms.CharField:
    return forms.CharField(
        label=_("Pseudonym"),
        max_length=PSEUDONYM_MAX_LENGTH,
        help_text=_("Shown with your comments. Your e-mail address is never shown."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )


class SignUpForm(DescribedForm):
    pseudonym = _pseudonym_field()
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("To reset your password if you forget it. Never shown to anyone."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=NEW_PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # The honeypot: hidden from people and assistive technology, filled by form robots.
    site_web = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_pseudonym(self) -> str:
        return clean_pseudonym(self.cleaned_data["pseudonym"])

    def clean_email(self) -> str:
        email = BaseUserManager.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already uses this e-mail address. Log in, or reset its password.")
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            # Checked against what was typed, so "looks like your e-mail" can be said.
            candidate = User(email=cleaned.get("email", ""), pseudonym=cleaned.get("pseudonym", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("site_web"))


class LoginForm(DescribedErrors, auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Staff may use their username."),
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match an account. Check both and try "
            "again; passwords are case-sensitive."
        ),
        "inactive": _("This account is closed."),
    }

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors(self)


class PseudonymForm(DescribedForm):
    pseudonym = _pseudonym_field()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        kwargs.setdefault("initial", {"pseudonym": user.pseudonym})
        super().__init__(*args, **kwargs)

    def clean_pseudonym(self) -> str:
        return clean_pseudonym(self.cleaned_data["pseudonym"], exclude_pk=self.user.pk)


class DeleteAccountForm(DescribedForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To be sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class PasswordResetForm(DescribedErrors, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address of your account. We send it a link to choose a new password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors(self)


def _plain_new_password_fields(fields: dict[str, forms.Field]) -> None:
    """Django's help for a new password is an HTML list; `_field.html` wants a sentence."""
    fields["new_password1"].label = _("New password")
    fields["new_password1"].help_text = NEW_PASSWORD_HELP
    fields["new_password2"].label = _("New password, again")
    fields["new_password2"].help_text = _("Type it a second time, to rule out a typing slip.")


class SetPasswordForm(DescribedErrors, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_new_password_fields(self.fields)

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors(self)


class PasswordChangeForm(DescribedErrors, auth_forms.PasswordChangeForm):
    """Current password, new password twice; Django's validators judge the new one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.fields["old_password"]
        current.label = _("Current password")
        # The form sits on the account page: focus must not jump past what comes before it.
        current.widget.attrs.pop("autofocus", None)
        _plain_new_password_fields(self.fields)

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors(self)
