"""The policy: each check on its own, then the order in which they decide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.moderation import policy
from manchette.moderation.models import PremoderationRule, WatchedWord
from manchette.moderation.policy import Verdict, evaluate
from tests.moderation.conftest import make_comment, make_reader

pytestmark = pytest.mark.django_db


def new(article, author, body="Un avis argumenté sur la question.") -> Comment:
    return Comment(article=article, author=author, body=body)


def test_an_ordinary_comment_is_published(article, reader):
    verdict = evaluate(new(article, reader))
    assert verdict == Verdict(status="published", check="policy:default", reason="")


# ------------------------------------------------------------------ repeated text


def test_the_same_text_again_within_minutes_is_rejected(article, reader):
    make_comment(article, reader, "Bravo pour cet article !")
    verdict = evaluate(new(article, reader, "  bravo pour   cet article ! "))
    assert verdict.status == "rejected"
    assert verdict.check == "policy:repeated_text"
    assert verdict.reason


def test_the_same_text_later_or_by_someone_else_is_fine(article, reader):
    make_comment(
        article, reader, "Bravo pour cet article !", created_at=timezone.now() - timedelta(hours=1)
    )
    make_comment(article, make_reader(), "Tout à fait d'accord.")
    assert evaluate(new(article, reader, "Bravo pour cet article !")).status == "published"
    assert evaluate(new(article, reader, "Tout à fait d'accord.")).status == "published"


def test_a_comment_is_not_its_own_duplicate_when_edited(article, reader):
    comment = make_comment(article, reader, "Texte corrigé.")
    assert policy.repeated_text(comment) is None


def test_the_window_is_a_setting(article, reader, settings):
    settings.MANCHETTE_DUPLICATE_MINUTES = 0
    make_comment(article, reader, "Encore.")
    assert policy.repeated_text(new(article, reader, "Encore.")) is None


# ------------------------------------------------------------------------- words


def test_a_banned_word_rejects_and_a_suspect_word_holds(article, reader):
    WatchedWord.objects.create(text="connard", kind=WatchedWord.Kind.BANNED)
    WatchedWord.objects.create(text="arnaque", kind=WatchedWord.Kind.SUSPECT)
    banned = evaluate(new(article, reader, "Quel c0nnnard, ce ministre."))
    assert (banned.status, banned.check) == ("rejected", "policy:banned_words")
    suspect = evaluate(new(article, reader, "C'est une ARNAQUE."))
    assert (suspect.status, suspect.check) == ("pending", "policy:suspect_words")
    assert evaluate(new(article, reader, "Un conseil avisé.")).status == "published"


# -------------------------------------------------------------- pre-moderation


def test_site_premoderation_holds_everything(article, reader, settings):
    settings.MANCHETTE_PREMODERATION = True
    verdict = evaluate(new(article, reader))
    assert (verdict.status, verdict.check) == ("pending", "policy:site")


def test_a_section_rule_holds_comments_in_it_and_below(article, reader, sections):
    # The article is in Monde; a rule on Économie does not touch it.
    PremoderationRule.objects.create(section=sections["economie"])
    assert evaluate(new(article, reader)).status == "published"
    PremoderationRule.objects.create(section=sections["monde"], note="Sujet sensible.")
    verdict = evaluate(new(article, reader))
    assert (verdict.status, verdict.check, verdict.reason) == (
        "pending",
        "policy:section",
        "Sujet sensible.",
    )


def test_a_parent_section_rule_reaches_its_children(many_articles, reader, sections):
    from manchette.news.models import Article

    child = Article.objects.filter(section=sections["entreprises"]).first()
    PremoderationRule.objects.create(section=sections["economie"])
    assert evaluate(new(child, reader)).check == "policy:section"


def test_an_article_rule_holds_comments_on_that_article_only(article, many_articles, reader):
    from manchette.news.models import Article

    other = Article.objects.exclude(pk=article.pk).first()
    PremoderationRule.objects.create(article=article)
    assert evaluate(new(article, reader)).check == "policy:article"
    assert evaluate(new(other, reader)).status == "published"


# ---------------------------------------------------------------------- newcomers


def test_newcomers_are_held_until_enough_comments_were_published(article, reader, settings):
    settings.MANCHETTE_NEWCOMER_APPROVALS = 2
    assert evaluate(new(article, reader)).check == "policy:newcomer"
    make_comment(article, reader, "Premier.")
    assert evaluate(new(article, reader)).check == "policy:newcomer"
    make_comment(article, reader, "Deuxième.")
    assert evaluate(new(article, reader, "Troisième.")).status == "published"


def test_newcomers_are_not_held_by_default(article, reader):
    assert policy.newcomer(new(article, reader)) is None


# -------------------------------------------------------------------------- links


def test_more_links_than_allowed_are_held(article, reader, settings):
    settings.MANCHETTE_COMMENT_MAX_LINKS = 2
    two = "Voir https://example.org/a et www.example.net/b."
    three = two + " Et http://example.com/c"
    assert evaluate(new(article, reader, two)).status == "published"
    verdict = evaluate(new(article, reader, three))
    assert (verdict.status, verdict.check) == ("pending", "policy:links")


# ---------------------------------------------------------------- rejected history


def test_a_reader_mostly_rejected_lately_is_held(article, reader):
    for n in range(3):
        make_comment(article, reader, f"Refusé {n}", status="rejected")
    make_comment(article, reader, "Publié", status="published")
    verdict = evaluate(new(article, reader, "Nouveau commentaire."))
    assert (verdict.status, verdict.check) == ("pending", "policy:rejected_history")


def test_a_reader_with_few_rejections_is_not_held(article, reader):
    make_comment(article, reader, "Refusé", status="rejected")
    make_comment(article, reader, "Refusé bis", status="rejected")
    assert policy.rejected_history(new(article, reader)) is None
    for n in range(3):
        make_comment(article, reader, f"Publié {n}")
    assert policy.rejected_history(new(article, reader)) is None


def test_old_rejections_are_forgotten(article, reader):
    old = timezone.now() - timedelta(days=policy.HISTORY_DAYS + 1)
    for n in range(4):
        make_comment(article, reader, f"Ancien {n}", status="rejected", created_at=old)
    assert policy.rejected_history(new(article, reader)) is None


# -------------------------------------------------------------------------- scorer

SCORES: dict[str, object] = {}


def fake_scorer(comment):
    answer = SCORES["answer"]
    if isinstance(answer, Exception):
        raise answer
    return answer


@pytest.mark.parametrize(
    ("answer", "status"),
    [(0.1, "published"), (0.6, "pending"), (0.95, "rejected"), (None, "published")],
)
def test_the_scorer_hook_holds_or_rejects_by_score(article, reader, settings, answer, status):
    settings.MANCHETTE_COMMENT_SCORER = "tests.moderation.test_policy.fake_scorer"
    SCORES["answer"] = answer
    assert evaluate(new(article, reader)).status == status


def test_the_scorer_may_answer_with_a_verdict(article, reader, settings):
    settings.MANCHETTE_COMMENT_SCORER = "tests.moderation.test_policy.fake_scorer"
    SCORES["answer"] = Verdict(status="pending", check="scorer:local", reason="À relire.")
    assert evaluate(new(article, reader)).check == "scorer:local"


def test_a_failing_scorer_is_ignored(article, reader, settings, caplog):
    settings.MANCHETTE_COMMENT_SCORER = "tests.moderation.test_policy.fake_scorer"
    SCORES["answer"] = RuntimeError("model not loaded")
    assert evaluate(new(article, reader)).status == "published"
    assert "scorer" in caplog.text


def test_the_scorer_is_off_by_default(article, reader, settings):
    assert settings.MANCHETTE_COMMENT_SCORER == ""
    assert policy.scorer(new(article, reader)) is None


# --------------------------------------------------------------------------- order


def test_the_checks_run_in_the_documented_order():
    assert [check.__name__ for check in policy.CHECKS] == [
        "repeated_text",
        "banned_words",
        "site_premoderation",
        "section_premoderation",
        "article_premoderation",
        "newcomer",
        "suspect_words",
        "links",
        "rejected_history",
        "scorer",
    ]


def test_a_rejecting_check_wins_over_a_holding_one(article, reader, settings):
    settings.MANCHETTE_PREMODERATION = True
    WatchedWord.objects.create(text="connard", kind=WatchedWord.Kind.BANNED)
    verdict = evaluate(new(article, reader, "connard"))
    assert verdict.check == "policy:banned_words"


def test_the_first_holding_check_gives_the_reason(article, reader, settings):
    settings.MANCHETTE_NEWCOMER_APPROVALS = 1
    PremoderationRule.objects.create(article=article, note="Article sous surveillance.")
    verdict = evaluate(
        new(article, reader, "https://a.example https://b.example https://c.example")
    )
    assert (verdict.check, verdict.reason) == ("policy:article", "Article sous surveillance.")


def test_a_comment_costs_a_few_queries_whatever_the_lists_hold(
    article, reader, django_assert_max_num_queries
):
    for n in range(30):
        WatchedWord.objects.create(
            text=f"mot{'abcdefghij'[n % 10]}z{'klmnopqrst'[n // 10]}", kind="suspect"
        )
    PremoderationRule.objects.create(section=article.section)
    for n in range(5):
        make_comment(article, reader, f"Ancien {n}")
    fresh = new(article, reader, "Un texte sans rien de particulier.")
    fresh.article = type(article).objects.select_related("section").get(pk=article.pk)
    with django_assert_max_num_queries(3):
        assert evaluate(fresh).check == "policy:section"
    PremoderationRule.objects.all().delete()
    with django_assert_max_num_queries(3):
        assert evaluate(fresh).status == "published"
    # Nothing changed since: the lists and rules kept by the process are used as they are.
    with django_assert_max_num_queries(1):
        assert evaluate(fresh).status == "published"


def test_the_moderators_changes_apply_to_the_very_next_comment(article, reader, moderator):
    """The lists are kept between comments, never past a change."""
    from manchette.moderation import services

    assert evaluate(new(article, reader, "Quel margoulin, ce ministre.")).status == "published"
    word = services.add_word(text="margoulin", kind="banned", moderator=moderator)
    assert evaluate(new(article, reader, "Quel margoulin, ce ministre.")).status == "rejected"
    services.remove_word(word=word, moderator=moderator)
    assert evaluate(new(article, reader, "Quel margoulin, ce ministre.")).status == "published"
