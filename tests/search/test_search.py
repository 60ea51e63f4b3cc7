"""The search contract, read through /recherche as a reader would.

The same cases run against the backend of the database under test: SQLite
FTS5 in the plain run, PostgreSQL full-text search when DATABASE_URL points
at PostgreSQL. Stories are applied through the real pipeline, and the index
hears of them the real way, through `news.surfaces` after each commit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from manchette.news.models import Article
from manchette.search.backends import backend_for
from manchette.search.query import MAX_LENGTH, MAX_WORDS
from manchette.search.services import document_of, rebuild
from manchette.wires.dispatch import PubStatus, Subject
from tests.factories import BASE_TIME, apply, dispatch, later
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db

WORLD = (Subject("medtop:11000000"),)
ECONOMY = (Subject("medtop:04000000"),)
COMPANIES = (Subject("medtop:04006000"),)


@pytest.fixture(autouse=True)
def _backend_of_this_database():
    assert (
        backend_for().__class__.__name__
        == {
            "sqlite": "SQLiteBackend",
            "postgresql": "PostgresBackend",
        }[connection.vendor]
    )


@pytest.fixture
def publish(sections, providers, django_capture_on_commit_callbacks):
    """Apply a story the real way and deliver its announcements, as after a commit."""
    count = 0

    def publish(**fields) -> Article:
        nonlocal count
        count += 1
        fields.setdefault("guid", f"urn:search:{count}")
        fields.setdefault("body_html", "<p>Un texte sans rapport avec la recherche.</p>")
        fields.setdefault("standfirst", "")
        when = fields.pop("at", BASE_TIME)
        with django_capture_on_commit_callbacks(execute=True):
            return apply(dispatch(version_created=when, first_created=when, **fields)).article

    return publish


def headlines(client, **params) -> list[str]:
    soup = get_page(client, "/recherche?" + _query(params))
    return [text_of(h) for h in soup.select("main .teaser__title")]


def _query(params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def test_accents_fold_both_ways(client, publish):
    publish(headline="L'économie française ralentit")
    publish(headline="LA BOURSE SALUE LES CHIFFRES DE L'ECONOMIE")  # a wire without accents
    both = {"L'économie française ralentit", "LA BOURSE SALUE LES CHIFFRES DE L'ECONOMIE"}
    assert set(headlines(client, q="economie")) == both
    assert set(headlines(client, q="Économie")) == both
    assert set(headlines(client, q="ÉCONOMIQUE")) == both  # same French stem


def test_french_words_are_found_by_their_stem(client, publish):
    publish(headline="Le marché du cacao s'envole")
    publish(headline="Les marchés européens ouvrent en hausse")
    expected = {"Le marché du cacao s'envole", "Les marchés européens ouvrent en hausse"}
    assert set(headlines(client, q="marchés")) == expected
    assert set(headlines(client, q="marche")) == expected


def test_english_words_are_found_by_their_stem(client, publish):
    publish(headline="Markets rally as inflation cools", language="en")
    publish(headline="A market for second-hand phones", language="en")
    expected = {"Markets rally as inflation cools", "A market for second-hand phones"}
    assert set(headlines(client, q="market")) == expected
    assert set(headlines(client, q="markets")) == expected


def test_other_languages_are_folded_but_not_stemmed(client, publish):
    publish(headline="Die Märkte erholen sich", language="de")
    assert headlines(client, q="markte") == ["Die Märkte erholen sich"]
    assert headlines(client, q="Markt") == []


def test_every_word_must_match_in_the_headline_standfirst_or_body(client, publish):
    publish(headline="Le pétrole recule", standfirst="Les stocks américains augmentent.")
    publish(headline="Le pétrole monte", body_html="<p>Le gaz aussi.</p>")
    assert headlines(client, q="pétrole stocks") == ["Le pétrole recule"]
    assert headlines(client, q="pétrole gaz") == ["Le pétrole monte"]
    assert headlines(client, q="stocks gaz") == []


def test_a_headline_match_ranks_above_a_body_match(client, publish):
    publish(headline="Cours du pétrole : nouvelle hausse", at=BASE_TIME)
    publish(
        headline="Les transporteurs inquiets",
        body_html="<p>Les transporteurs surveillent le pétrole de près.</p>",
        at=BASE_TIME + timedelta(hours=1),  # fresher, and still second
    )
    assert headlines(client, q="pétrole") == [
        "Cours du pétrole : nouvelle hausse",
        "Les transporteurs inquiets",
    ]


def test_at_equal_relevance_the_fresher_story_wins(client, publish):
    # The newer story is applied first, so the order cannot come from the ids.
    publish(headline="Grève à la SNCF", at=BASE_TIME + timedelta(days=2))
    publish(headline="Grève à la SNCF", at=BASE_TIME)
    soup = get_page(client, "/recherche?q=grève")
    times = [t["datetime"] for t in soup.select("main .teaser time")]
    assert times == sorted(times, reverse=True) and len(times) == 2


def test_the_section_filter_includes_sub_sections(client, publish):
    publish(headline="Inflation : la zone euro ralentit", subjects=ECONOMY)
    publish(headline="Inflation : Renault relève ses prix", subjects=COMPANIES)
    publish(headline="Inflation : l'Argentine manifeste", subjects=WORLD)
    assert set(headlines(client, q="inflation", rubrique="economie")) == {
        "Inflation : la zone euro ralentit",
        "Inflation : Renault relève ses prix",
    }
    assert headlines(client, q="inflation", rubrique="economie/entreprises") == [
        "Inflation : Renault relève ses prix"
    ]
    assert headlines(client, q="inflation", rubrique="monde") == [
        "Inflation : l'Argentine manifeste"
    ]


def test_the_provider_filter(client, publish):
    publish(headline="Séance agitée à la Bourse", provider="AFP")
    publish(headline="Bourse : le CAC 40 recule", provider="BMX")
    assert headlines(client, q="bourse", fournisseur="boursorama") == ["Bourse : le CAC 40 recule"]
    assert headlines(client, q="bourse", fournisseur="afp") == ["Séance agitée à la Bourse"]


def test_the_date_filters_take_whole_days_in_the_site_time_zone(client, publish):
    publish(headline="Tempête sur la Bretagne", at=datetime(2026, 11, 19, 12, 0, tzinfo=UTC))
    # 23:30 UTC on the 20th is 00:30 on the 21st in Paris.
    publish(headline="Tempête sur la Normandie", at=datetime(2026, 11, 20, 23, 30, tzinfo=UTC))
    publish(headline="Tempête sur l'Alsace", at=datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    assert headlines(client, q="tempête", du="2026-11-20", au="2026-11-21") == [
        "Tempête sur la Normandie"
    ]
    assert set(headlines(client, q="tempête", au="2026-11-20")) == {"Tempête sur la Bretagne"}
    assert set(headlines(client, q="tempête", du="2026-11-21")) == {
        "Tempête sur la Normandie",
        "Tempête sur l'Alsace",
    }
    assert len(headlines(client, q="tempête", du="0001-01-01", au="9999-12-31")) == 3


def test_results_are_paginated_and_keep_the_search_in_their_links(client, publish, settings):
    settings.MANCHETTE_PAGE_SIZE = 4
    for n in range(10):
        publish(headline=f"Vendanges numéro {n}", at=BASE_TIME + timedelta(minutes=n))
    first = get_page(client, "/recherche?q=vendanges&rubrique=monde")
    assert text_of(first.select_one(".search-summary")) == "10 résultats pour « vendanges »"
    assert [text_of(h) for h in first.select(".teaser__title")] == [
        f"Vendanges numéro {n}" for n in (9, 8, 7, 6)
    ]
    next_url = first.find("link", rel="next")["href"]
    assert next_url == "/recherche?q=vendanges&rubrique=monde&page=2"
    third = get_page(client, "/recherche?q=vendanges&rubrique=monde&page=3")
    assert [text_of(h) for h in third.select(".teaser__title")] == [
        "Vendanges numéro 1",
        "Vendanges numéro 0",
    ]
    assert third.find("link", rel="prev")["href"] == "/recherche?q=vendanges&rubrique=monde&page=2"
    assert text_of(third.select_one(".pagination [aria-current]")) == "Page 3 sur 3"
    get_page(client, "/recherche?q=vendanges&page=4", status=404)
    # Not a page number: the first page.
    assert len(headlines(client, q="vendanges", page="deux")) == 4


def test_the_excerpt_escapes_the_story_and_marks_only_the_query_words(client, publish):
    publish(
        headline="Un piège dans la dépêche",
        body_html=(
            "<p>Le texte cite &lt;script&gt;alert('marché')&lt;/script&gt; tel quel.</p>"
            "<p>Les marchés n'en ont rien su &amp; ont monté.</p>"
        ),
    )
    soup = get_page(client, "/recherche?q=marché")
    excerpt = soup.select_one("main .teaser__excerpt")
    assert excerpt.find("script") is None
    assert "<script>alert('marché')</script>" in excerpt.get_text()
    assert [m.get_text() for m in excerpt.find_all("mark")] == ["marché", "marchés"]
    assert soup.find("script", string=lambda s: s and "alert" in s) is None


def test_a_kill_or_a_withholding_leaves_the_results_at_once(
    client, publish, django_capture_on_commit_callbacks
):
    killed = publish(guid="urn:kill", headline="Incendie à Marseille")
    withheld = publish(guid="urn:hold", headline="Incendie à Lyon")
    assert len(headlines(client, q="incendie")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        apply(
            later(
                dispatch(guid="urn:kill", headline="Incendie à Marseille"),
                version="2",
                minutes=5,
                status=PubStatus.CANCELED,
            )
        )
        apply(
            later(
                dispatch(guid="urn:hold", headline="Incendie à Lyon"),
                version="2",
                minutes=5,
                status=PubStatus.WITHHELD,
            )
        )
    assert headlines(client, q="incendie") == []
    assert {killed.pk, withheld.pk}.isdisjoint(backend_for().indexed_ids())


def test_a_stale_index_never_shows_a_killed_or_embargoed_story(
    client, publish, django_capture_on_commit_callbacks
):
    publish(guid="urn:kill", headline="Séisme au Japon")
    with django_capture_on_commit_callbacks(execute=False):  # the index is never told
        apply(
            later(
                dispatch(guid="urn:kill", headline="Séisme au Japon"),
                version="2",
                minutes=5,
                status=PubStatus.CANCELED,
            )
        )
    embargoed = publish(
        headline="Séisme : le rapport secret", embargoed=timezone.now() + timedelta(hours=1)
    )
    backend_for().upsert([document_of(embargoed)])  # as if the index had it anyway
    indexed = backend_for().indexed_ids()
    assert embargoed.pk in indexed and Article.objects.get(guid="urn:kill").pk in indexed
    soup = get_page(client, "/recherche?q=séisme")
    assert soup.select("main .teaser") == []
    assert "Aucun article" in text_of(soup.select_one(".search-message"))


def test_an_embargoed_story_is_found_once_released(
    client, publish, django_capture_on_commit_callbacks
):
    from manchette.news.services import release_due_embargoes

    story = publish(
        headline="Prix Goncourt : le lauréat", embargoed=timezone.now() + timedelta(hours=1)
    )
    assert story.pk not in backend_for().indexed_ids()
    assert headlines(client, q="goncourt") == []
    # The hour passes; the scheduler then announces the release.
    Article.objects.filter(pk=story.pk).update(
        embargoed_until=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert release_due_embargoes() == [story.pk]
    assert headlines(client, q="goncourt") == ["Prix Goncourt : le lauréat"]


def test_an_update_is_found_by_its_new_words_and_not_its_old_ones(
    client, publish, django_capture_on_commit_callbacks
):
    first = dispatch(
        guid="urn:update",
        headline="Le Brent flambe",
        version_created=BASE_TIME,
        first_created=BASE_TIME,
        body_html="<p>Rien.</p>",
        standfirst="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        apply(first)
    assert headlines(client, q="brent") == ["Le Brent flambe"]
    with django_capture_on_commit_callbacks(execute=True):
        apply(later(first, version="2", minutes=10, headline="Le gaz naturel flambe"))
    assert headlines(client, q="gaz") == ["Le gaz naturel flambe"]
    assert headlines(client, q="brent") == []


def test_the_empty_search_page_invites_a_search(client, sections):
    for url in ("/recherche", "/recherche?q=", "/recherche?q=%20%20", "/recherche?rubrique=monde"):
        soup = get_page(client, url)
        assert text_of(soup.find("h1")) == "Rechercher dans l’actualité"
        assert "Tapez un ou plusieurs mots" in text_of(soup.select_one(".search-message"))
        assert soup.select("main .teaser") == []
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        "*",
        "!!!",
        "()",
        "NEAR(",
        '"marché',
        "marché*",
        "AND OR NOT",
        "-",
        "'; DROP TABLE news_article; --",
        "%",
        "{fr_headline}:x",
        "\x00",
    ],
)
def test_absurd_queries_get_a_clear_page(client, publish, typed):
    publish(headline="Le marché du travail se tend")
    soup = get_page(client, "/recherche?" + _query({"q": typed}))
    assert text_of(soup.find("h1")) == "Rechercher dans l’actualité"
    message = soup.select_one(".search-summary, .search-message")
    assert message is not None and text_of(message)
    assert Article.objects.count() == 1


def test_a_query_with_syntax_around_a_word_finds_the_word(client, publish):
    publish(headline="Le marché du travail se tend")
    assert headlines(client, q='"marché') == ["Le marché du travail se tend"]
    assert headlines(client, q="marché*") == ["Le marché du travail se tend"]


def test_a_very_long_query_is_refused_politely(client, publish):
    publish(headline="Le marché du travail se tend")
    response = client.get("/recherche?" + _query({"q": "marché " * 1500}))
    assert response.status_code == 400
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    assert text_of(soup.find("h1")) == "Rechercher dans l’actualité"
    field = soup.find("input", attrs={"name": "q", "id": "id_q"})
    assert len(field["value"]) <= MAX_LENGTH
    assert field["aria-invalid"] == "true"
    error = soup.find(id=field["aria-describedby"])
    assert "10500 caractères" in text_of(error) and str(MAX_LENGTH) in text_of(error)
    assert soup.select("main .teaser") == []


def test_too_many_words_are_cut_with_a_note(client, publish):
    publish(headline="Le marché du travail se tend")
    words = " ".join(["marché"] + [f"mot{n}" for n in range(MAX_WORDS + 3)])
    soup = get_page(client, "/recherche?" + _query({"q": words}))
    assert f"Seuls les {MAX_WORDS} premiers mots" in text_of(soup.select_one(".search-results"))


@pytest.mark.parametrize(
    "params",
    [
        {"rubrique": "nulle-part"},
        {"fournisseur": "inconnu"},
        {"du": "2026-13-45"},
        {"du": "2026-11-21", "au": "2026-11-20"},
    ],
)
def test_filters_that_cannot_be_used_say_why(client, sections, providers, params):
    soup = get_page(client, "/recherche?" + _query({"q": "marché", **params}), status=400)
    assert soup.select_one(".search-message--error") is not None
    name: str = "au" if "au" in params else next(iter(params))
    field = soup.select_one(f"main [name={name}]")
    assert field["aria-invalid"] == "true"
    assert text_of(soup.find(id=field["aria-describedby"]))


def test_the_page_in_french_and_in_english(client, publish):
    publish(headline="Le marché du travail se tend")
    publish(headline="Labour market tightens", language="en")
    french = get_page(client, "/recherche?q=marché")
    assert french.html["lang"] == "fr"
    assert text_of(french.select_one(".search-summary")) == "1 résultat pour « marché »"
    assert text_of(french.select_one("main label[for=id_q]")) == "Mots à rechercher"
    sections = [text_of(o) for o in french.select("main select[name=rubrique] option")]
    assert sections == ["Toutes les rubriques", "Monde", "Économie", "Économie › Entreprises"]
    english = get_page(client, "/en/recherche?q=market")
    assert english.html["lang"] == "en"
    sections = [text_of(o) for o in english.select("main select[name=rubrique] option")]
    assert sections == ["All sections", "World", "Economy", "Economy › Companies"]
    assert text_of(english.select_one(".search-summary")) == "1 result for “market”"
    teaser = english.select_one("main .teaser")
    assert teaser.get("lang") is None  # an English story on the English page
    assert text_of(teaser.select_one(".read-more")).startswith("Read more")
    # The language switch keeps the search.
    switch = {a["lang"]: a["href"] for a in english.select(".language-switch a")}
    assert switch == {"fr": "/recherche?q=market", "en": "/en/recherche?q=market"}


def test_every_page_has_the_search_box_in_its_header(client, sections):
    for url, action, label in (
        ("/", "/recherche", "Rechercher dans l’actualité"),
        ("/en/", "/en/recherche", "Search the news"),
    ):
        form = get_page(client, url).select_one("header form[role=search]")
        assert form["action"] == action and form.get("method", "get") == "get"
        field = form.find("input", attrs={"name": "q"})
        assert text_of(form.find("label", attrs={"for": field["id"]})) == label
        assert form.find("button", attrs={"type": "submit"}) is not None


def test_search_queries_do_not_grow_with_the_results(
    client, publish, django_assert_max_num_queries
):
    for n in range(12):
        publish(headline=f"Élection numéro {n}")
    with django_assert_max_num_queries(9):
        assert len(headlines(client, q="élection")) == 12


def test_reindex_rebuilds_what_the_index_missed(
    client, publish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the listener never ran
        apply(dispatch(guid="urn:missed", headline="Un article oublié par l'index"))
    assert headlines(client, q="oublié") == []
    report = rebuild()
    assert report.indexed == 1
    assert headlines(client, q="oublié") == ["Un article oublié par l'index"]


def test_a_very_common_word_ranks_the_newest_matches_and_says_more(client, publish, monkeypatch):
    from manchette.search.backends.base import SearchBackend

    monkeypatch.setattr(SearchBackend, "window", 3)
    for n in range(5):
        # The oldest stories have the word in their headline: they would rank first.
        if n < 2:
            publish(headline=f"Météo : orages, épisode {n}", at=BASE_TIME + timedelta(hours=n))
        else:
            publish(
                headline=f"Bulletin {n}",
                body_html="<p>Des orages sont attendus.</p>",
                at=BASE_TIME + timedelta(hours=n),
            )
    soup = get_page(client, "/recherche?q=orages")
    assert text_of(soup.select_one(".search-summary")) == "Plus de 3 résultats pour « orages »"
    assert [text_of(h) for h in soup.select("main .teaser__title")] == [
        "Bulletin 4",
        "Bulletin 3",
        "Bulletin 2",
    ]
    assert soup.select_one(".pagination") is None
