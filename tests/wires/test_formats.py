"""The registry tells each format from its content and routes it to its parser."""

from __future__ import annotations

import pytest

from manchette.wires.dispatch import ParseError
from manchette.wires.formats import parse

EXPECTED_FORMATS = {
    "ninjs": {"ninjs-1", "ninjs-2", "ninjs-3"},
    "newsml-g2": {"newsml-g2"},
    "nitf": {"nitf"},
    "newsml-1.2": {"newsml-1.2"},
    "anpa": {"anpa-1312", "iptc-7901"},
    "rss": {"rss", "rss-2.0", "rss-0.91", "rss-0.92", "rss-1.0", "atom-1.0", "atom-0.3"},
}
# A bare NewsML-G2 contentSet fragment (IPTC's listing 25) is no document of any format.
NOT_DOCUMENTS = {"iptc_L25_nitf_in_inlinexml.xml"}


@pytest.mark.parametrize("folder", sorted(EXPECTED_FORMATS))
def test_every_agency_file_reaches_its_own_parser(wire_fixtures, folder):
    parsed = refused = 0
    for path in sorted((wire_fixtures / folder).iterdir()):
        if not path.is_file():
            continue
        try:
            dispatches = parse(path.read_bytes())
        except ParseError as error:
            if path.name not in NOT_DOCUMENTS:
                assert "unrecognised" not in str(error), f"{path.name} was not recognised"
            refused += 1
            continue
        parsed += 1
        formats = {d.source_format for d in dispatches}
        assert formats <= EXPECTED_FORMATS[folder], (path.name, formats)
    assert parsed >= 1 and parsed + refused >= 3, folder


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"hello world", "unrecognised format"),
        (b"<html><body>x</body></html>", "unrecognised XML document: root element <html>"),
    ],
)
def test_unknown_content_is_named_as_such(data, message):
    with pytest.raises(ParseError, match=message):
        parse(data)
