"""The search form: the GET parameters of /recherche, checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from manchette.search.query import MAX_LENGTH

DATE_FORMAT = "%Y-%m-%d"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to look for"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    rubrique = forms.ChoiceField(label=_("Section"), required=False)
    fournisseur = forms.ChoiceField(label=_("Provider"), required=False)
    du = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )
    au = forms.DateField(
        label=_("Until"),
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        providers: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubrique"].choices = [("", _("All sections")), *sections]  # type: ignore[attr-defined]
        self.fields["fournisseur"].choices = [("", _("All providers")), *providers]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("du"), cleaned.get("au")
        if since and until and until < since:
            self.add_error("au", _("This date is before the first one."))
        return cleaned

    def refuse_long_query(self, length: int) -> None:
        """Mark the query as too long (the view has cut what it shows back to `MAX_LENGTH`)."""
        self.add_error(
            "q",
            _(
                "Your search is %(length)s characters long; %(limit)s at most are read. "
                "Shorten it and search again."
            )
            % {"length": length, "limit": MAX_LENGTH},
        )

    def describe_errors(self) -> None:
        """Point each invalid field at its message (`aria-describedby`), for screen readers."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-erreur"
