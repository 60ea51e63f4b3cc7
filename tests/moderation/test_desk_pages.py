"""The desk's pages: who may see them, the queues and their counts, what each item shows."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from manchette.comments.models import Comment
from manchette.moderation import services
from tests.moderation.conftest import make_comment, make_reader, make_report
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db

QUEUE_URLS = {
    "pending": "/moderation/",
    "reported": "/moderation/file/signales/",
    "unmoderated": "/moderation/file/non-moderes/",
    "approved": "/moderation/file/approuves/",
    "rejected": "/moderation/file/rejetes/",
}
PAGES = [
    *QUEUE_URLS.values(),
    "/moderation/sanctions/",
    "/moderation/mots/",
    "/moderation/regles/",
    "/moderation/journal/",
]


@pytest.mark.parametrize("url", PAGES)
def test_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_readers_are_refused(client, reader, url):
    client.force_login(reader)
    assert client.get(url).status_code == 403


def test_readers_cannot_act_either(client, reader, article):
    comment = make_comment(article, make_reader(), status="pending")
    client.force_login(reader)
    assert client.post(f"/moderation/commentaire/{comment.pk}/approuver").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


@pytest.mark.parametrize("url", PAGES)
def test_moderators_see_every_page_never_cached(desk_client, url):
    response = desk_client.get(url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


def test_staff_and_the_moderators_group_may_use_the_desk(client, db):
    staff = make_reader(is_staff=True)
    client.force_login(staff)
    assert client.get("/moderation/").status_code == 200
    member = make_reader()
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Modérateurs")
    group.permissions.add(Permission.objects.get(codename="use_desk"))
    member.groups.add(group)
    client.force_login(member)
    assert client.get("/moderation/").status_code == 200


def test_the_desk_speaks_english_under_en(desk_client):
    soup = get_page(desk_client, "/en/moderation/")
    assert soup.html["lang"] == "en"
    assert "Pending" in text_of(soup.find("h1"))


@pytest.fixture
def queues(article, many_articles, moderator):
    """One comment in each queue (two pending), from three readers."""
    alice, bruno, chloe = make_reader("Alice"), make_reader("Bruno"), make_reader("Chloé")
    pending_old = make_comment(article, alice, "Premier en attente.", status="pending")
    pending_new = make_comment(article, bruno, "Second en attente.", status="pending")
    reported = make_comment(article, chloe, "Un commentaire signalé.")
    make_report(reported, alice, "illegal", law="Loi de 1881", explanation="Diffamation.")
    unmoderated = make_comment(article, bruno, "Publié par la politique.")
    approved = make_comment(article, alice, "Approuvé par une personne.", status="pending")
    services.approve(comment=approved, moderator=moderator)
    rejected = make_comment(article, chloe, "Rejeté.", status="rejected", decided_by="policy:x")
    return {
        "pending": [pending_old, pending_new],
        "reported": [reported],
        "unmoderated": [reported, unmoderated],
        "approved": [approved],
        "rejected": [rejected],
    }


def _item_ids(soup) -> list[int]:
    return [int(node["id"].split("-")[1]) for node in soup.select("[data-desk-item]")]


def test_each_queue_lists_its_comments_oldest_first_with_counts(desk_client, queues):
    soup = get_page(desk_client, "/moderation/")
    counts = {
        a["href"]: text_of(a.select_one(".desk-nav__count"))
        for a in soup.select(".desk-nav a")
        if a.select_one(".desk-nav__count")
    }
    for key, url in QUEUE_URLS.items():
        assert counts[url] == str(len(queues[key])), key
        page = get_page(desk_client, url)
        assert _item_ids(page) == [c.pk for c in queues[key]], key


def test_the_current_queue_is_marked(desk_client, queues):
    soup = get_page(desk_client, QUEUE_URLS["reported"])
    current = soup.select('.desk-nav a[aria-current="page"]')
    assert [a["href"] for a in current] == [QUEUE_URLS["reported"]]


def test_an_item_shows_article_author_history_and_policy_reason(desk_client, article, db):
    author = make_reader("Dominique")
    make_comment(article, author, "Ancien refusé.", status="rejected")
    make_comment(article, author, "Ancien publié.")
    held = make_comment(
        article,
        author,
        "Première ligne.\n\nDeuxième paragraphe.",
        status="pending",
        decided_by="policy:links",
        status_reason="Trop de liens.",
    )
    soup = get_page(desk_client, "/moderation/")
    item = soup.select_one(f"#commentaire-{held.pk}")
    assert item.find("a", href=article.get_absolute_url())
    text = text_of(item)
    assert "Dominique" in text
    assert "publiés : 1, en attente : 1, rejetés : 1" in text
    assert "policy:links" in text and "Trop de liens." in text
    assert [text_of(p) for p in item.select(".desk-item__body p")] == [
        "Première ligne.",
        "Deuxième paragraphe.",
    ]
    assert item.find("a", href=f"/moderation/lecteur/{author.pk}/")


def test_reported_items_show_the_reports(desk_client, queues):
    soup = get_page(desk_client, QUEUE_URLS["reported"])
    reports = text_of(soup.select_one(".desk-reports"))
    assert "Loi de 1881" in reports and "Diffamation." in reports and "Alice" in reports
    assert soup.select_one(".desk-form--reports textarea[name=explanation]")


def test_queues_are_paginated(desk_client, article, settings):
    settings.MANCHETTE_PAGE_SIZE = 3
    author = make_reader()
    comments = [make_comment(article, author, f"n{n}", status="pending") for n in range(7)]
    second = get_page(desk_client, "/moderation/?page=2")
    assert _item_ids(second) == [c.pk for c in comments[3:6]]
    assert second.select_one('.pagination a[rel="next"]')["href"].endswith("page=3")


def test_every_form_posts_with_a_csrf_token_and_every_field_is_labelled(desk_client, queues):
    for url in PAGES:
        soup = get_page(desk_client, url)
        for form in soup.select("main form"):
            if form.get("method") == "post":
                assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}), url
            for field in form.select("input:not([type=hidden]), select, textarea"):
                if field.get("type") == "radio":
                    assert field.find_parent("label"), url
                else:
                    assert soup.find("label", attrs={"for": field["id"]}), (url, field)


def test_the_shortcuts_are_documented(desk_client, queues):
    soup = get_page(desk_client, "/moderation/")
    keys = [text_of(k) for k in soup.select(".desk-keys kbd")]
    assert keys == ["j", "k", "a", "r"]
    item = soup.select_one("[data-desk-item]")
    assert item.select_one('button[data-shortcut="a"]')
    assert item.select_one('select[data-shortcut="r"]')


def test_query_count_does_not_grow_with_the_page(
    desk_client, article, django_assert_max_num_queries
):
    for n in range(20):
        make_comment(article, make_reader(), f"texte {n}", status="pending")
    with django_assert_max_num_queries(15):
        desk_client.get("/moderation/")


def test_deleted_accounts_show_as_such(desk_client, article):
    comment = make_comment(article, None, "Orphelin.", status="pending")
    soup = get_page(desk_client, "/moderation/")
    assert "compte supprimé" in text_of(soup.select_one(f"#commentaire-{comment.pk} h2"))


def test_an_unknown_queue_is_404(desk_client):
    assert desk_client.get("/moderation/file/nulle-part/").status_code == 404


def test_comment_status_value_is_not_touched_by_viewing(desk_client, queues):
    desk_client.get("/moderation/")
    assert Comment.objects.filter(status="pending").count() == 2
