"""Telling readers from robots, and the keys readers are counted by."""

from __future__ import annotations

from manchette.popularity.readers import Reader, is_robot, reader_key
from tests.popularity.conftest import BROWSER

SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def test_browsers_are_readers():
    assert not any(is_robot(agent) for agent in (BROWSER, SAFARI, FIREFOX))


def test_crawlers_and_tools_are_robots():
    for agent in (
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Wget/1.21.4",
        "   ",
    ):
        assert is_robot(agent), agent


def test_a_reader_key_changes_with_the_day_salt_and_the_article():
    reader = Reader(address="198.51.100.4", user_agent=FIREFOX)
    today = reader_key(salt=b"a" * 16, reader=reader, article_id=1)
    assert reader_key(salt=b"a" * 16, reader=reader, article_id=1) == today
    assert reader_key(salt=b"b" * 16, reader=reader, article_id=1) != today
    assert reader_key(salt=b"a" * 16, reader=reader, article_id=2) != today
    other = Reader(address="198.51.100.5", user_agent=FIREFOX)
    assert reader_key(salt=b"a" * 16, reader=other, article_id=1) != today
    assert -(2**63) <= today < 2**63
