"""The reader's forms: a comment's text, and a report's reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from manchette.comments.models import BODY_MAX_LENGTH, Report
from manchette.comments.text import normalise


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write something before posting.")},
    )

    def clean_body(self) -> str:
        body = normalise(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write something before posting."))
        return body


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    law = forms.CharField(
        label=_("Which law does it break?"),
        help_text=_("Required for illegal content, e.g. incitement to hatred."),
        max_length=300,
        required=False,
    )
    explanation = forms.CharField(
        label=_("Explain"),
        help_text=_("Required for illegal content and for “other”."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = data.get("reason")
        if reason == Report.Reason.ILLEGAL:
            if not data.get("law", "").strip():
                self.add_error("law", _("Say which law the comment breaks."))
            if not data.get("explanation", "").strip():
                self.add_error("explanation", _("Say why the comment breaks this law."))
        elif reason == Report.Reason.OTHER and not data.get("explanation", "").strip():
            self.add_error("explanation", _("Say what is wrong with this comment."))
        return data
