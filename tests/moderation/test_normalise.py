"""Watched words are found past accents, case, leetspeak, repeats and spelt-out letters."""

from __future__ import annotations

import pytest

from manchette.moderation.normalise import canonical, readable


def found(word: str, text: str) -> bool:
    return readable(text).contains(canonical(word))


@pytest.mark.parametrize(
    "text",
    [
        "Quel connard",
        "Quel CONNARD !",
        "Quel cönnärd",  # accents
        "Quel C0NN4RD",  # leetspeak
        "Quel connnnnnard",  # repeated letters
        "Quel c.o.n.n.a.r.d",  # spelt out with dots
        "Quel c o n n a r d",  # with spaces
        "Quel c-o-n-n-a-r-d",  # with hyphens
        "Ces connards",  # plural
        "Quel conn@rd",
    ],
)
def test_a_disguised_word_is_found(text):
    assert found("connard", text)


@pytest.mark.parametrize("text", ["sa1ope", "1d1ot"])
def test_a_one_reads_as_i_or_l(text):
    assert found("salope", text) or found("idiot", text)
    assert found("salope", "sa1ope") and found("idiot", "1d1ot")


def test_dollar_and_at_read_as_letters():
    assert found("ass", "you @$$")


def test_whole_words_only():
    assert not found("con", "Le conseil municipal a voté.")
    assert not found("con", "Un bon compromis.")
    assert found("con", "Espèce de con.")


def test_a_trailing_star_matches_every_word_starting_with_it():
    assert found("encul*", "Bande d’enculés")
    assert not found("encul*", "Rien à signaler")


def test_phrases_match_as_a_sequence():
    assert found("fils de pute", "Ce FILS DE PÛTE")
    assert not found("fils de pute", "Le fils de la voisine est une pute")


def test_english_is_read_the_same_way():
    assert found("moron", "What a M0R0N")
    assert found("idiot", "you I.D.I.O.T")


def test_ordinary_single_letters_are_left_alone():
    assert not found("ya", "Il y a du monde.")


def test_a_word_of_punctuation_alone_is_nothing():
    assert canonical("!!!") == ""
    assert not readable("!!!").contains("")
