"""The French and English catalogues are complete and compiled."""

from __future__ import annotations

import io

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tests.conftest import REPO_ROOT

LOCALE = REPO_ROOT / "src" / "manchette" / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated and not fuzzy
    assert len(catalog) > 50


def _messages(handle: io.BufferedIOBase | io.BytesIO) -> dict[object, object]:
    def key(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {key(m.id): key(m.string) for m in read_mo(handle)}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.po").open("rb") as handle:
        expected = io.BytesIO()
        write_mo(expected, read_po(handle))
    with (folder / "django.mo").open("rb") as compiled:
        shipped = _messages(compiled)
    expected.seek(0)
    assert shipped == _messages(expected), "run `python tools/translate_fr.py` to recompile"


def test_templates_have_no_string_missing_from_the_catalogue():
    """Every msgid the templates use is in the French catalogue (makemessages was re-run)."""
    import re

    with (LOCALE / "fr" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        known = {m.id for m in read_po(handle) if m.id}
    translate = re.compile(r'{%\s*translate\s+"([^"]+)"')
    used = {
        match
        for template in (REPO_ROOT / "src" / "manchette").rglob("templates/**/*.html")
        for match in translate.findall(template.read_text(encoding="utf-8"))
    }
    assert used - known == set()
