"""Home, section and provider pages: teasers, grouping and /page-N pagination."""

from __future__ import annotations

import pytest

from manchette.news.models import Article
from tests.factories import apply, dispatch, jpeg, picture
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db


def test_home_groups_the_latest_articles_by_section(client, many_articles, settings):
    soup = get_page(client, "/")
    assert text_of(soup.find("h1")) == "L'actu en continu"
    groups = soup.select("main .section-group")
    titles = [text_of(g.find("h2")) for g in groups]
    # Newest story is n=44 (even → Entreprises), so its section comes first.
    assert titles == ["Entreprises", "Monde"]
    assert len(soup.select("main .teaser")) == settings.MANCHETTE_PAGE_SIZE
    first_group_headlines = [text_of(h) for h in groups[0].select(".teaser__title")]
    assert first_group_headlines[:2] == ["Dépêche numéro 44", "Dépêche numéro 42"]


def test_home_pages_follow_with_page_n_and_stop_at_the_end(client, many_articles):
    page2 = get_page(client, "/page-2")
    assert text_of(page2.select(".teaser__title")[0]) == "Dépêche numéro 24"
    assert page2.find("link", rel="prev")["href"] == "/"
    assert page2.find("link", rel="next")["href"] == "/page-3"
    page3 = get_page(client, "/page-3")
    assert len(page3.select(".teaser")) == 5
    assert page3.find("link", rel="next") is None
    assert text_of(page3.select_one(".pagination [aria-current]")) == "Page 3 sur 3"
    get_page(client, "/page-4", status=404)


def test_page_one_redirects_to_the_listing_itself(client, many_articles, sections):
    response = client.get("/page-1")
    assert response.status_code == 301 and response["Location"] == "/"
    response = client.get("/monde/page-1")
    assert response.status_code == 301 and response["Location"] == "/monde/"


def test_a_section_page_lists_its_own_and_its_children_articles(client, many_articles):
    economy = get_page(client, "/economie/")
    assert text_of(economy.find("h1")) == "Économie"
    # Every Économie story is filed under its child section Entreprises.
    assert len(economy.select(".teaser")) == 20
    companies = get_page(client, "/economie/entreprises/")
    assert text_of(companies.find("h1")) == "Entreprises"
    crumbs = [text_of(li) for li in companies.select(".breadcrumb li")]
    assert crumbs == ["Accueil", "Économie", "Entreprises"]
    world = get_page(client, "/monde/page-2")
    assert len(world.select(".teaser")) == 2  # 22 odd-numbered stories, 20 a page


def test_section_names_follow_the_language(client, many_articles):
    soup = get_page(client, "/en/economie/entreprises/")
    assert text_of(soup.find("h1")) == "Companies"


def test_unknown_section_is_a_404(client, sections):
    soup = get_page(client, "/nulle-part/", status=404)
    assert text_of(soup.find("h1")) == "Page introuvable"


def test_a_provider_page_lists_only_that_provider(client, many_articles):
    soup = get_page(client, "/fournisseur/boursorama/")
    assert text_of(soup.find("h1")) == "Boursorama avec Media Services"
    lines = {text_of(p) for p in soup.select(".teaser .provider-line")}
    assert lines == {"information fournie par Boursorama avec Media Services"}
    assert len(soup.select(".teaser")) == 15
    get_page(client, "/fournisseur/inconnu/", status=404)


def test_a_teaser_has_picture_provider_line_timestamp_and_excerpt(client, sections, providers):
    long_standfirst = " ".join(["Les marchés européens ont ouvert en nette hausse"] * 8)
    apply(dispatch(standfirst=long_standfirst, pictures=(picture(),)), {"pictures/one.jpg": jpeg()})
    teaser = get_page(client, "/").select_one(".teaser")
    image = teaser.find("img")
    assert image["src"].endswith("-w640.jpg")
    assert image["alt"] == "Des grues portuaires devant une baie grise."
    assert text_of(teaser.select_one(".credit")) == "( AFP / JEANNE MARTIN )"
    assert text_of(teaser.select_one(".provider-line")) == "information fournie par AFP"
    assert text_of(teaser.select_one(".timestamp")) == "20/11/2026 à 14:15"
    excerpt = text_of(teaser.select_one(".teaser__excerpt"))
    assert excerpt.endswith("... Lire la suite : " + Article.objects.get().headline)
    visible = excerpt.split("... Lire la suite")[0]
    assert len(visible) <= 180
    assert long_standfirst.startswith(visible)
    assert long_standfirst[len(visible)] == " "  # cut between two words


def test_hidden_articles_stay_out_of_listings(client, sections, providers):
    from datetime import timedelta

    from django.utils import timezone

    from manchette.wires.dispatch import PubStatus

    apply(dispatch(guid="urn:a", headline="Visible"))
    apply(dispatch(guid="urn:b", headline="Retenue", status=PubStatus.WITHHELD))
    apply(dispatch(guid="urn:c", headline="Retirée", status=PubStatus.CANCELED))
    apply(
        dispatch(
            guid="urn:d", headline="Sous embargo", embargoed=timezone.now() + timedelta(hours=1)
        )
    )
    for url in ("/", "/monde/", "/fournisseur/afp/"):
        headlines = [text_of(h) for h in get_page(client, url).select(".teaser__title")]
        assert headlines == ["Visible"], url


def test_a_section_page_carries_a_breadcrumb_list(client, many_articles):
    import json

    soup = get_page(client, "/economie/entreprises/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "BreadcrumbList"
    assert [i["name"] for i in data["itemListElement"]] == ["Accueil", "Économie", "Entreprises"]
