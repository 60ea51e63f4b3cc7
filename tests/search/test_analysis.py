"""The pure parts of search: analysing words, reading queries, building excerpts."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from manchette.search.analysis import fold, group_of, key, keys
from manchette.search.highlight import excerpt
from manchette.search.query import MAX_WORDS, parse


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Économie", "economie"), ("CŒUR", "coeur"), ("Straße", "strasse"), ("naïve", "naive")],
)
def test_fold_lowers_and_drops_accents(word, folded):
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("language", "group"),
    [("fr", "fr"), ("fr-CA", "fr"), ("en-GB", "en"), ("de", "xx"), ("", "xx")],
)
def test_the_article_language_picks_the_analysis(language, group):
    assert group_of(language) == group


def test_french_words_stem_and_fold_to_one_key():
    assert {key(w, "fr") for w in ["marché", "marchés", "Marches", "MARCHE"]} == {"march"}
    assert key("économie", "fr") == key("economie", "fr") == key("économiques", "fr")


def test_english_words_stem_in_english_and_other_languages_only_fold():
    assert key("markets", "en") == key("market", "en") == "market"
    assert key("Märkte", "xx") == "markte"
    assert key("Märkte", "xx") != key("Markt", "xx")


def test_stop_words_are_left_out_per_language():
    assert list(keys("Le marché et les prix", "fr")) == ["march", "le", "prix"]
    assert list(keys("The markets and the prices", "en")) == ["market", "price"]


def test_a_query_keeps_words_only_never_syntax():
    for typed in ['"', "*", "()", "-", "«»", "   ", "'; --"]:
        assert not parse(typed).searchable, typed
    query = parse('"marchés" NEAR(économie* -)')
    assert query.words == ("marchés", "NEAR", "économie")
    assert query.terms["fr"] == ("march", "near", "econom")


def test_a_query_drops_repeated_words_and_stops_at_the_word_limit():
    assert parse("Marché marché MARCHE").words == ("Marché",)
    many = parse(" ".join(f"mot{n}" for n in range(MAX_WORDS + 5)))
    assert len(many.words) == MAX_WORDS and many.truncated
    assert not parse("un deux").truncated


def test_a_query_of_french_stop_words_still_searches_the_other_languages():
    query = parse("le la les")
    assert query.terms["fr"] == ("le",)  # "les" is no French stop word: it stems to "le"
    assert query.terms["xx"] == ("le", "la", "les")


def _marks(html: str) -> list[str]:
    return [m.get_text() for m in BeautifulSoup(html, "html.parser").find_all("mark")]


def test_an_excerpt_escapes_the_text_and_marks_only_the_matched_words():
    text = 'Le code <script>alert("marché")</script> & <b>gras</b> : les marchés montent.'
    html = excerpt(text, "fr", parse("marché").keys_for("fr"))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("b") is None
    assert [tag.name for tag in soup.find_all(True)] == ["mark", "mark"]
    assert _marks(html) == ["marché", "marchés"]
    assert soup.get_text() == text


def test_an_excerpt_centres_on_the_passage_with_the_most_query_words():
    filler = "Rien de particulier à signaler dans ce paragraphe. " * 12
    text = f"Le pétrole monte. {filler}Le pétrole et le gaz reculent ensemble. {filler}"
    html = excerpt(text, "fr", parse("gaz pétrole").keys_for("fr"))
    assert html.startswith("... ") and html.endswith("...")
    assert _marks(html) == ["pétrole", "gaz"]


def test_an_excerpt_without_a_match_is_the_start_of_the_text():
    html = excerpt("Un texte court & sûr.", "fr", parse("absent").keys_for("fr"))
    assert html == "Un texte court &amp; sûr."
