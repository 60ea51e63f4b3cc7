"""A 5,000-comment article costs as many queries per page as a 5-comment one."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.news.models import Article
from tests.pages import text_of
from tests.queries import page_and_queries


def fill(article, authors, count):
    now = timezone.now()
    top = [
        Comment(
            article=article,
            author=authors[n % len(authors)],
            body=f"Commentaire {n}",
            status=Comment.Status.PUBLISHED,
            created_at=now - timedelta(seconds=count - n),
            published_at=now,
        )
        for n in range(count)
    ]
    Comment.objects.bulk_create(top, batch_size=500)
    parents = list(Comment.objects.filter(article=article, parent=None).order_by("id")[::10])
    Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                parent=parent,
                author=authors[0],
                body="Réponse",
                status=Comment.Status.PUBLISHED,
                published_at=now,
            )
            for parent in parents
        ],
        batch_size=500,
    )


def queries_for(client, url):
    """The queries of one page view that read comments, and the page.

    Other parts of the page (most read, read also) keep caches of their own,
    so only the comment queries are compared between views.
    """
    queries, page = page_and_queries(client, url)
    return len([sql for sql in queries if "comments_comment" in sql]), page


def test_queries_do_not_grow_with_the_thread(
    open_article, reader, other_reader, signed_in, no_page_cache
):
    url = open_article.get_absolute_url()
    fill(open_article, [reader, other_reader], 5)
    small_anonymous, _ = queries_for(Client(), url)
    small_signed_in, _ = queries_for(signed_in, url)
    assert small_anonymous == small_signed_in == 2
    Comment.objects.all().delete()
    fill(open_article, [reader, other_reader], 5000)
    big_anonymous, page = queries_for(Client(), url)
    assert text_of(page.find(id="commentaires").find("h2")) == "5500 commentaires"
    assert len(page.select(".comments__list > li")) == 50
    assert big_anonymous == small_anonymous
    big_signed_in, _ = queries_for(signed_in, url)
    assert big_signed_in == small_signed_in
    deep, page = queries_for(Client(), url + "?tri=anciens&page=80")
    assert deep == small_anonymous
    assert "Commentaire 3950" in page.get_text()


def render_section(article, client_cookies=None, user=None, query=""):
    request = RequestFactory().get(article.get_absolute_url() + query)
    request.COOKIES.update(client_cookies or {})
    request.user = user or AnonymousUser()
    return Template("{% load comments_tags %}{% comment_section article %}").render(
        Context({"article": article, "request": request})
    )


def test_the_comment_section_takes_two_queries_per_page(
    open_article, reader, other_reader, django_assert_max_num_queries
):
    fill(open_article, [reader, other_reader], 5000)
    # As the article view reads it: with its section, which its address needs.
    open_article = Article.objects.select_related("section").get(pk=open_article.pk)
    with django_assert_max_num_queries(2):
        html = render_section(open_article, query="?page=42")
    assert "Page 42 sur 100" in html
    with django_assert_max_num_queries(2):
        render_section(open_article, {settings.SESSION_COOKIE_NAME: "x"}, user=reader)


def post_queries(client, path, body):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, {"body": body, "tri": "recents"})
    assert response.status_code == 303
    return [q["sql"] for q in captured.captured_queries]


def test_a_comment_post_costs_a_fixed_number_of_queries(
    open_article, reader, other_reader, signed_in, settings
):
    """What every post pays, rate limits on; the thread's size and the moderators'
    lists (kept by each process) add nothing."""
    settings.MANCHETTE_RATE_LIMITS = True
    fill(open_article, [reader, other_reader], 120)
    path = f"/commentaires/article/{open_article.public_id}"
    post_queries(signed_in, path, "Le premier, qui lit les listes des modérateurs.")
    # The reader's account (read with the session, in the same statement, once the
    # process knows whose session it is; alone when Redis keeps the session), the
    # author's recent comments for the policy, the insert; one upsert per rate-limit
    # bucket unless Redis counts them. The article is the copy its page read.
    expected = 3
    expected += 0 if settings.REDIS_URL else 2
    top = post_queries(signed_in, path, "Un second avis, tout aussi mesuré.")
    assert len(top) == expected, top
    parent = Comment.objects.filter(article=open_article, parent=None).earliest("created_at")
    # A reply reads its parent (with its article), and counts the comments shown before
    # the parent's to land on its page.
    reply = post_queries(signed_in, f"/commentaires/{parent.pk}/repondre", "Une réponse.")
    assert len(reply) == expected + 2, reply
    assert Comment.objects.filter(parent=parent, body="Une réponse.").count() == 1
