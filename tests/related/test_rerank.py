"""The optional re-rank: with a sentence encoder, what reads alike ranks up though worded apart."""

from __future__ import annotations

import pytest

from manchette.related import embedding
from manchette.related.models import Profile
from manchette.related.selectors import read_also
from manchette.related.services import rebuild
from tests.related.corpus import publish

pytestmark = pytest.mark.django_db

PROTEST = {
    "headline": "Les éleveurs bloquent les routes pour protester contre le prix du lait",
    "standfirst": "Des centaines de tracteurs ont convergé vers la préfecture jeudi.",
    "body_html": "<p>Les éleveurs bloquent les routes depuis l'aube. Ils protestent contre le "
    "prix du lait payé par les industriels, trop bas pour couvrir leurs coûts.</p>",
}
# The same subject in other words: not one term in common with the protest but the
# subject code and the section every story here carries.
SAME_SUBJECT = {
    "headline": "Colère paysanne : la filière bovine exige une meilleure rémunération",
    "standfirst": "Les agriculteurs menacent de poursuivre leur mouvement cette semaine.",
    "body_html": "<p>Les exploitants agricoles réclament aux laiteries une hausse des tarifs "
    "d'achat, faute de quoi leurs fermes disparaîtront.</p>",
}
# Words in common with the protest (prix, routes), about something else altogether.
SAME_WORDS = {
    "headline": "Le prix Goncourt couronne un roman sur les routes de la soie",
    "standfirst": "Le jury a salué le prix d'un long voyage sur les routes d'Asie centrale.",
    "body_html": "<p>Le prix littéraire le plus convoité récompense un récit des routes "
    "caravanières, entre poésie et histoire.</p>",
}


def _publish_three() -> tuple[int, int, int]:
    protest = publish("bce_taux", guid="urn:rerank:protest", provider="AFP", **PROTEST)
    subject = publish("bce_taux", guid="urn:rerank:subject", provider="BMX", **SAME_SUBJECT)
    words = publish("bce_taux", guid="urn:rerank:words", provider="REUTERS", **SAME_WORDS)
    return protest.pk, subject.pk, words.pk


def _block(pk: int) -> list[int]:
    from manchette.news.models import Article

    return [a.pk for a in read_also(Article.objects.get(pk=pk))]


def test_without_the_re_rank_shared_words_come_first(sections, providers, settings):
    """The control: terms alone put the article sharing words first (and store no embedding)."""
    settings.MANCHETTE_RELATED_EMBEDDINGS = False
    protest, subject, words = _publish_three()
    assert _block(protest) == [words, subject]
    assert bytes(Profile.objects.get(pk=protest).embedding) == b""


def test_the_re_rank_does_nothing_when_the_package_is_missing(
    sections, providers, settings, monkeypatch
):
    settings.MANCHETTE_RELATED_EMBEDDINGS = True
    monkeypatch.setattr(embedding, "available", lambda: False)
    protest, subject, words = _publish_three()
    assert _block(protest) == [words, subject]
    assert not embedding.enabled()


@pytest.fixture
def reranked(settings):
    pytest.importorskip(embedding.MODULE, reason="the embeddings extra is not installed")
    settings.MANCHETTE_RELATED_EMBEDDINGS = True


def test_with_the_re_rank_the_same_subject_in_other_words_ranks_first(
    sections, providers, reranked
):
    protest, subject, words = _publish_three()
    assert _block(protest) == [subject, words]
    # Both ways: the protest also leads the other story's block.
    assert _block(subject)[0] == protest


def test_the_rebuild_ranks_as_the_indexing_does(sections, providers, reranked):
    protest, subject, words = _publish_three()
    Profile.objects.update(embedding=b"")
    rebuild()
    assert _block(protest) == [subject, words]


def test_the_embedding_is_computed_when_indexed_never_when_read(
    sections, providers, reranked, monkeypatch
):
    protest, subject, _words = _publish_three()
    stored = bytes(Profile.objects.get(pk=protest).embedding)
    assert len(stored) == 512

    def refuse(texts: list[str]) -> list[bytes]:
        raise AssertionError("a block read encoded a text")

    monkeypatch.setattr(embedding, "encode", refuse)
    assert _block(protest)[0] == subject
