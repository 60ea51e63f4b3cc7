"""Excerpts for teasers and descriptions cut where a reader expects them to."""

from manchette.ui.text import excerpt, shorten


def test_excerpt_cuts_at_a_word_boundary_and_ends_with_an_ellipsis():
    text = "Le CAC 40 a terminé la séance en hausse de 0,8 % porté par les valeurs bancaires"
    result = excerpt(text, 40)
    assert result == "Le CAC 40 a terminé la séance en hausse..."
    assert len(result) <= 43


def test_excerpt_never_splits_a_word():
    result = excerpt("anticonstitutionnellement extraordinairement", 30)
    assert result == "anticonstitutionnellement..."


def test_excerpt_drops_trailing_punctuation_before_the_ellipsis():
    assert excerpt("Une phrase courte. Et une autre phrase ici", 19) == "Une phrase courte..."


def test_a_short_text_is_kept_whole_and_still_ends_with_an_ellipsis():
    assert excerpt("Tout est là.", 200) == "Tout est là..."


def test_excerpt_collapses_whitespace():
    assert excerpt("deux\n\nparagraphes   ici", 200) == "deux paragraphes ici..."


def test_a_single_word_longer_than_the_limit_is_cut_hard():
    assert excerpt("x" * 50, 10) == "x" * 10 + "..."


def test_shorten_keeps_text_that_fits_and_cuts_the_rest():
    assert shorten("Court.", 160) == "Court."
    assert shorten("un deux trois quatre", 12) == "un deux…"
