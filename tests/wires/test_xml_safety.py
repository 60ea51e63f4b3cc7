"""Wire XML is parsed without expanding entities, reading files or using the network."""

from __future__ import annotations

import pytest

from manchette.wires.dispatch import ParseError
from manchette.wires.formats.common import parse_timestamp
from manchette.wires.formats.xml import local_name, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<newsItem>&lol3;</newsItem>"""

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem>&xxe;</newsItem>"""

XXE_PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
<newsItem/>"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, XXE_FILE, XXE_PARAMETER])
def test_entity_tricks_fail_cleanly(hostile):
    with pytest.raises(ParseError, match="entity declarations is refused"):
        parse_xml(hostile)


def test_an_external_dtd_is_never_fetched():
    root = parse_xml(
        b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://127.0.0.1:1/nitf.dtd"><nitf/>'
    )
    assert local_name(root) == "nitf"


def test_malformed_xml_says_where():
    with pytest.raises(ParseError, match=r"line 2, column \d+"):
        parse_xml(b"<a>\n<b></a>")


def test_the_declared_encoding_is_honoured():
    root = parse_xml('<?xml version="1.0" encoding="ISO-8859-1"?><p>Économie</p>'.encode("latin-1"))
    assert root.text == "Économie"


def test_bytes_that_do_not_fit_the_encoding_are_reported():
    with pytest.raises(ParseError, match="line 1"):
        parse_xml(b'<?xml version="1.0" encoding="UTF-8"?><p>\xe9conomie</p>')


def test_namespaces_are_stripped_by_local_name():
    root = parse_xml(b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>')
    assert local_name(root) == "newsItem"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-09-11T14:15:00+02:00", "2023-09-11T14:15:00+02:00"),
        ("2023-09-11T12:15:00Z", "2023-09-11T12:15:00+00:00"),
        ("20230911T141500+0200", "2023-09-11T14:15:00+02:00"),
        ("20230911T121500Z", "2023-09-11T12:15:00+00:00"),
        ("20230911T1215", "2023-09-11T12:15:00+00:00"),
        ("20230911", "2023-09-11T00:00:00+00:00"),
        ("2023-09-11T12:15:00", "2023-09-11T12:15:00+00:00"),
    ],
)
def test_timestamps_in_extended_and_basic_forms(text, iso):
    assert parse_timestamp("date", text).isoformat() == iso


@pytest.mark.parametrize("bad", ["", "yesterday", "2023-13-45", None, 12])
def test_unreadable_timestamps_name_the_field(bad):
    with pytest.raises(ParseError, match="invalid firstCreated"):
        parse_timestamp("firstCreated", bad)
