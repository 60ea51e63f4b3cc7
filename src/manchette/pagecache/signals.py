"""What expires which pages: every save of what pages show, whoever makes it.

Model signals rather than calls in each service, so the admin, the wire
pipeline, the moderation desk and a shell session are all covered. Pictures
change only with a save of their article. (A receiver on a model also costs
its deletions a read: Django must load rows to send their signals.) Writes
made with `QuerySet.update()` send no signal; the few that touch what a
page shows call `invalidate` themselves.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete

from manchette.pagecache import tags
from manchette.pagecache.invalidation import invalidate


def article_tags(article: Any) -> list[str]:
    """The article's own tag and the listings it appears in (a section page also carries
    the tags of its sub-sections)."""
    return [
        tags.article(article.pk),
        tags.HOME,
        tags.provider(article.provider_id),
        tags.section(article.section_id),
    ]


def _article_saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    invalidate(article_tags(instance), using=using)


def _article_deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    invalidate([tags.article(instance.pk), tags.HOME], using=using)


def _comment_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    invalidate([tags.comments(instance.article_id)], using=using)


def _comment_saved(sender: Any, instance: Any, created: bool, using: str, **kwargs: Any) -> None:
    # A new comment held for moderation shows on no page anyone else sees (its author's
    # own page is never stored): the article's stored pages stay as they are.
    if created and instance.status != instance.Status.PUBLISHED:
        return
    _comment_changed(sender, instance, using)


def _choice_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    invalidate([tags.read_also(instance.article_id)], using=using)


def _site_changed(sender: Any, using: str, **kwargs: Any) -> None:
    invalidate([tags.SITE], using=using)


def _commented_articles(user: Any) -> list[str]:
    from manchette.comments.models import Comment

    ids = Comment.objects.filter(author=user).values_list("article_id", flat=True).distinct()
    return [tags.comments(pk) for pk in ids]


# A reader's pseudonym signs their comments; a log-in only touches `last_login`.
_UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def _user_saved(
    sender: Any, instance: Any, created: bool, update_fields: Any, using: str, **kwargs: Any
) -> None:
    if created or (update_fields and _UNSHOWN_USER_FIELDS.issuperset(update_fields)):
        return
    invalidate(_commented_articles(instance), using=using)


def _user_deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    invalidate(_commented_articles(instance), using=using)


def _article_announced(change: Any) -> None:
    """An embargo lifted, with no save: the listings that now show the article.
    Every other change was a save, and expired the pages already."""
    from manchette.news.models import Article

    if change.action != "released":
        return
    article = Article.objects.filter(pk=change.article_id).first()
    if article is not None:
        invalidate(article_tags(article))


def connect() -> None:
    from manchette.news import surfaces

    surfaces.register(_article_announced)
    from manchette.comments.models import Comment
    from manchette.news.models import Article, Provider, Section
    from manchette.related.models import ReadAlsoChoice

    uid = "manchette.pagecache"
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}.article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=f"{uid}.article")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid=f"{uid}.comment")
    post_delete.connect(_comment_changed, sender=Comment, dispatch_uid=f"{uid}.comment")
    post_save.connect(_choice_changed, sender=ReadAlsoChoice, dispatch_uid=f"{uid}.choice")
    post_delete.connect(_choice_changed, sender=ReadAlsoChoice, dispatch_uid=f"{uid}.choice")
    for model in [Section, Provider]:
        post_save.connect(_site_changed, sender=model, dispatch_uid=f"{uid}.site")
        post_delete.connect(_site_changed, sender=model, dispatch_uid=f"{uid}.site")
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid=f"{uid}.user")
    pre_delete.connect(_user_deleted, sender=user, dispatch_uid=f"{uid}.user")
