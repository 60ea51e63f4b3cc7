"""Readable names for what the audit records under test names: page types, check files."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PAGE_TYPES: dict[str, Promise] = {
    "home": _("Home page"),
    "section": _("Section page"),
    "provider": _("Provider page"),
    "article-picture": _("Article with a picture"),
    "article-plain": _("Article without a picture"),
    "article-english": _("Article in English"),
    "search": _("Search results"),
    "404": _("Page not found (404)"),
    "410": _("Article withdrawn (410)"),
    "accessibility": _("Accessibility statement"),
}

# What each file of scripted browser checks verifies, for readers of the statement.
CHECKS: dict[str, Promise] = {
    "test_keyboard": _(
        "Keyboard: the skip link is the first stop and leads to the content; every control "
        "is reached in reading order, shows a visible focus indicator and measures at least "
        "24×24 pixels; focus is never trapped."
    ),
    "test_contrast": _(
        "Adapted contrast: the toggle flips its label, keeps the choice across pages and "
        "works without JavaScript; every text reaches 7:1 in high contrast; the system's "
        "contrast and forced-colours settings give a usable page."
    ),
    "test_page_rules": _(
        "Language of each page and of every passage in another language; pictures with a "
        "real text alternative and their caption tied to them; every “Read more” link names "
        "its article; no sideways scrolling at 320 pixels wide with text at 200%."
    ),
    "test_account_pages": _(
        "Account pages: every field has a label; errors are announced and tied to their field."
    ),
    "test_comments": _(
        "Comments: the form's errors are announced; the report dialog opens by keyboard, "
        "takes focus, closes with Escape or “Close” and gives focus back."
    ),
    "test_moderation_desk": _("Moderation desk: its queues and keyboard shortcuts."),
    "test_reader_pages_by_script": _(
        "Log-in, sign-up and most-read pages: keyboard walk in reading order and 7:1 "
        "contrast in high contrast."
    ),
    "test_signed_in_pages_by_script": _(
        "Account page, report page and moderation desk: keyboard walk in reading order, "
        "7:1 contrast in high contrast, a refused password change announced."
    ),
    "test_system_contrast_settings": _(
        "Every other page type with the system's “more contrast” and forced-colours "
        "settings: a usable page, 7:1 contrast."
    ),
    "test_read_also": _("The “Read also” block of articles."),
    "test_popular": _("The “Most popular” block."),
}


def page_type_label(page_type: str) -> str:
    return str(PAGE_TYPES.get(page_type, page_type))


def checks_label(module: str) -> str:
    return str(CHECKS.get(module, module.removeprefix("test_").replace("_", " ")))
