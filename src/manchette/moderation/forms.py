"""The desk's forms: each one a plain POST, checked here, acted on by `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from manchette.comments.models import Report
from manchette.moderation import notices
from manchette.moderation.models import Sanction, WatchedWord
from manchette.news.models import Article, Section

# The reasons moderators give most; the author is shown the one chosen.
STANDARD_REASONS = [
    ("insults", _("Insults or personal attacks")),
    ("harassment", _("Harassment")),
    ("hate", _("Hateful or discriminatory content")),
    ("spam", _("Spam or advertising")),
    ("off_topic", _("Off topic")),
    ("personal_data", _("Reveals someone’s personal data")),
    ("illegal", _("Illegal content")),
    ("other", _("Other (say why below)")),
]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=STANDARD_REASONS)
    details = forms.CharField(
        label=_("Details for the author (optional)"),
        required=False,
        max_length=400,
        widget=forms.TextInput(),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == "other" and not cleaned.get("details", "").strip():
            self.add_error("details", _("Say why in a few words."))
        return cleaned

    def author_reason(self) -> str:
        """The sentence the author is shown: the standard reason, then the details."""
        label = str(dict(STANDARD_REASONS)[self.cleaned_data["reason"]])
        details = str(self.cleaned_data.get("details", "")).strip()
        if self.cleaned_data["reason"] == "other":
            return details
        return f"{label}. {details}" if details else label


class ReportDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Report.Outcome.REMOVED, _("Remove the comment")),
            (Report.Outcome.KEPT, _("Keep the comment")),
            (Report.Outcome.NOTED, _("Note the reports, no action")),
        ],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(
        label=_("Ground for a removal"),
        choices=[
            (notices.GROUND_TERMS, _("The site’s rules for comments")),
            (notices.GROUND_LAW, _("The law named in the report")),
        ],
        initial=notices.GROUND_TERMS,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Statement of reasons (facts and reasons, sent to the reporters)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=Sanction.Kind.choices)
    days = forms.IntegerField(
        label=_("Days of suspension"), required=False, min_value=1, max_value=3650
    )
    reason = forms.CharField(label=_("Reason (shown to the reader)"), max_length=500)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Sanction.Kind.SUSPENSION and not cleaned.get("days"):
            self.add_error("days", _("Say for how many days."))
        return cleaned


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Why lift it"), max_length=500)


class WordForm(forms.Form):
    text = forms.CharField(
        label=_("Word or phrase (end with * to catch every word starting with it)"),
        max_length=100,
    )
    kind = forms.ChoiceField(label=_("List"), choices=WatchedWord.Kind.choices)

    def clean_text(self) -> str:
        from manchette.moderation.normalise import canonical

        text: str = self.cleaned_data["text"].strip()
        if not canonical(text):
            raise forms.ValidationError(_("Type at least one letter or digit."))
        return text


class RuleForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.all(), required=False
    )
    article = forms.CharField(
        label=_("Or article address"),
        required=False,
        max_length=500,
        help_text=_("Paste the article’s address; its last part identifies it."),
    )
    note = forms.CharField(label=_("Note for authors (optional)"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        section, address = cleaned.get("section"), cleaned.get("article", "").strip()
        if bool(section) == bool(address):
            raise forms.ValidationError(_("Choose a section or give an article, not both."))
        if address:
            public_id = address.rstrip("/").rsplit("-", 1)[-1]
            article = Article.objects.filter(public_id=public_id).first()
            if article is None:
                self.add_error("article", _("No article has this address."))
            cleaned["article_object"] = article
        return cleaned


class CommentsOpenForm(forms.Form):
    reason = forms.CharField(label=_("Why"), required=False, max_length=300)
