"""The article page: the anatomy's elements, in order, in both languages."""

from __future__ import annotations

import json

import pytest

from manchette.news.models import Article
from tests.pages import focusable, get_page, text_of

pytestmark = pytest.mark.django_db


def _order(soup, nodes):
    everything = list(soup.descendants)
    return [everything.index(node) for node in nodes]


def test_anatomy_elements_appear_in_order_in_french(client, article):
    soup = get_page(client, article.get_absolute_url())
    main = soup.find("main")
    skip = focusable(soup)[0]
    toggle = soup.select_one("form.contrast-toggle button")
    h1 = main.find("h1")
    provider_line = main.select_one(".article .provider-line")
    timestamp = main.select_one(".article .timestamp")
    standfirst = main.select_one(".article .standfirst")
    figure = main.select_one(".article figure")
    body = main.select_one(".article .article-body")

    assert text_of(skip) == "Aller au contenu principal"
    assert skip["href"] == "#" + main["id"]
    assert text_of(toggle) == "Activer le contraste adapté"
    assert len(soup.find_all("h1")) == 1
    assert text_of(h1) == "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok"
    assert text_of(provider_line) == "information fournie par AFP"
    assert text_of(timestamp) == "20/11/2026 à 14:15, mis à jour le 20/11/2026 à 16:02"
    assert text_of(standfirst).startswith("Le dirigeant nord-coréen est arrivé en Russie")
    assert text_of(figure.figcaption) == (
        "Le port de Vladivostok, en Russie, le 25 avril 2019. ( AFP / JEANNE MARTIN )"
    )
    assert figure.img["alt"] == "Des grues portuaires devant une baie grise."
    assert figure.img["alt"] != text_of(figure.figcaption)
    assert (figure.img["width"], figure.img["height"]) == ("1600", "900")
    assert body.find("h2").get_text() == "Une rencontre à Vladivostok ?"
    assert body.find("blockquote") is not None
    assert _order(soup, [skip, toggle, h1, provider_line, timestamp, standfirst, figure, body]) == (
        sorted(_order(soup, [skip, toggle, h1, provider_line, timestamp, standfirst, figure, body]))
    )


def test_time_elements_carry_machine_readable_dates(client, article):
    soup = get_page(client, article.get_absolute_url())
    published, updated = soup.select(".article .timestamp time")
    assert published["datetime"] == "2026-11-20T13:15:00+00:00"
    assert updated["datetime"] == "2026-11-20T15:02:00+00:00"


def test_the_page_in_english(client, article):
    soup = get_page(client, "/en" + article.get_absolute_url())
    assert soup.html["lang"] == "en"
    assert text_of(focusable(soup)[0]) == "Skip to main content"
    assert text_of(soup.select_one("form.contrast-toggle button")) == "Turn on adapted contrast"
    assert text_of(soup.select_one(".article .provider-line")) == "information provided by AFP"
    assert text_of(soup.select_one(".article .timestamp")) == (
        "20 Nov 2026, 14:15, updated on 20 Nov 2026, 16:02"
    )
    # The French story keeps its language on the English page.
    assert soup.select_one(".article h1")["lang"] == "fr"
    assert soup.select_one(".article .article-body")["lang"] == "fr"


def test_a_partner_appears_in_the_provider_line(client, sections, providers):
    from tests.factories import apply, dispatch

    story = apply(dispatch(provider="BMX", guid="urn:test:bmx")).article
    soup = get_page(client, story.get_absolute_url())
    assert text_of(soup.select_one(".article .provider-line")) == (
        "information fournie par Boursorama avec Media Services"
    )
    assert soup.select_one(".article .provider-line a")["href"] == "/fournisseur/boursorama/"


def test_no_update_notice_before_an_update(client, sections, providers):
    from tests.factories import apply, dispatch

    story = apply(dispatch(guid="urn:test:fresh")).article
    soup = get_page(client, story.get_absolute_url())
    assert text_of(soup.select_one(".article .timestamp")) == "20/11/2026 à 14:15"


def test_landmarks_and_the_skip_target(client, article):
    soup = get_page(client, article.get_absolute_url())
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.find(landmark) is not None, landmark
    main = soup.find("main")
    assert main["id"] == "contenu" and main["tabindex"] == "-1"
    assert soup.html["lang"] == "fr"


def test_head_carries_canonical_title_description_and_open_graph(client, article):
    url = article.get_absolute_url()
    soup = get_page(client, url)
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{url}"
    assert soup.title.get_text() == (
        "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok – Manchette"
    )
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Le dirigeant nord-coréen est arrivé en Russie")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == article.headline
    assert og["og:url"] == canonical
    assert og["og:locale"] == "fr_FR"
    assert og["og:image"].startswith("http://testserver/media/pictures/")
    assert og["article:published_time"] == "2026-11-20T13:15:00+00:00"
    assert og["article:modified_time"] == "2026-11-20T15:02:00+00:00"
    twitter = {
        m["name"]: m["content"]
        for m in soup.find_all("meta", attrs={"name": True})
        if m["name"].startswith("twitter:")
    }
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:image"] == og["og:image"]
    alternates = {a["hreflang"]: a["href"] for a in soup.find_all("link", rel="alternate")}
    assert alternates == {"fr": canonical, "en": f"http://testserver/en{url}"}


def test_json_ld_describes_a_news_article(client, article):
    soup = get_page(client, article.get_absolute_url())
    data, crumbs = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    for required in (
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "image",
        "mainEntityOfPage",
        "isAccessibleForFree",
        "description",
    ):
        assert data[required], required
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"]) for i in crumbs["itemListElement"]] == [
        (1, "Accueil"),
        (2, "Monde"),
    ]
    assert crumbs["itemListElement"][1]["item"] == "http://testserver/monde/"
    assert data["headline"] == article.headline
    assert data["datePublished"] == "2026-11-20T13:15:00+00:00"
    assert data["dateModified"] == "2026-11-20T15:02:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Camille Durand"}]
    assert data["image"][0]["creditText"] == "AFP / JEANNE MARTIN"
    assert data["inLanguage"] == "fr"


def test_json_ld_cannot_be_closed_by_a_headline(client, sections, providers):
    from tests.factories import apply, dispatch

    story = apply(dispatch(guid="urn:test:ld", headline="Fin </script><script>alert(1)")).article
    response = client.get(story.get_absolute_url())
    assert b"</script><script>alert(1)" not in response.content


def test_an_article_without_a_picture_has_no_figure(client, sections, providers):
    from tests.factories import apply, dispatch

    story = apply(dispatch(guid="urn:test:nopic")).article
    soup = get_page(client, story.get_absolute_url())
    assert soup.select_one(".article figure") is None
    assert soup.find("meta", property="og:image") is None


def test_comments_follow_the_body_count_first_then_each_with_its_report_control(client, article):
    from tests.comments import make

    make.open_for_comments(article)
    make.comment(article, make.reader("Camille"), "Premier avis.")
    soup = get_page(client, article.get_absolute_url())
    body = soup.select_one(".article-body")
    count = soup.select_one("#commentaires h2")
    comment = soup.find(string=lambda s: s and "Premier avis." in s)
    report = soup.find(string=lambda s: s and "Signaler le commentaire" in s)
    assert text_of(count) == "1 commentaire"
    assert _order(soup, [body, count, comment, report]) == sorted(
        _order(soup, [body, count, comment, report])
    )
    later_blocks = [soup.select_one("#commentaires"), *soup.select(".read-also, .most-popular")]
    assert _order(soup, later_blocks) == sorted(_order(soup, later_blocks))


def test_versions_are_listed_with_their_times(client, article):
    soup = get_page(client, article.get_absolute_url())
    history = soup.select_one(".article .version-history")
    assert text_of(history.summary) == "2 versions"
    assert [text_of(li) for li in history.select("li")] == [
        "20/11/2026 à 14:15 : Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok",
        "20/11/2026 à 16:02 : Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok",
    ]
    assert soup.select_one(".correction-notice") is None


def test_a_single_version_lists_no_history(client, sections, providers):
    from tests.factories import apply, dispatch

    story = apply(dispatch(guid="urn:test:single")).article
    assert get_page(client, story.get_absolute_url()).select_one(".version-history") is None


def test_a_correction_is_announced_and_editor_notes_never_published(client, sections, providers):
    from tests.factories import apply, dispatch, later

    first = dispatch(guid="urn:test:corr", body_html="<p>Le prêt atteint 1,9 milliard.</p>")
    apply(first)
    apply(
        later(
            first,
            version="2",
            minutes=30,
            is_correction=True,
            body_html="<p>Le prêt atteint 1,5 milliard.</p>",
            ed_note="Corrige le montant au 3e paragraphe",
        )
    )
    story = Article.objects.get(guid="urn:test:corr")
    soup = get_page(client, story.get_absolute_url())
    notice = soup.select_one(".article .correction-notice")
    assert text_of(notice) == (
        "Rectificatif Cet article a été corrigé par son fournisseur le 20/11/2026 à 14:45."
    )
    assert "1,5 milliard" in text_of(soup.select_one(".article-body"))
    assert "1,9 milliard" not in soup.get_text()
    assert "Corrige le montant" not in soup.get_text()
    items = [text_of(li) for li in soup.select(".version-history li")]
    assert items[-1].endswith("(correction)")


def test_withheld_versions_stay_out_of_the_history(client, sections, providers):
    from manchette.wires.dispatch import PubStatus
    from tests.factories import apply, dispatch, later

    first = dispatch(guid="urn:test:wh", status=PubStatus.WITHHELD)
    apply(first)
    apply(later(first, version="2", minutes=10, status=PubStatus.USABLE))
    story = Article.objects.get(guid="urn:test:wh")
    assert get_page(client, story.get_absolute_url()).select_one(".version-history") is None
