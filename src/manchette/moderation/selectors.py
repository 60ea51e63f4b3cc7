"""What the desk reads: the queues, their counts, and what is known about each author."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from manchette.comments.models import Comment, Report
from manchette.moderation.models import AuditEntry, PremoderationRule, Sanction, WatchedWord
from manchette.moderation.services import MODERATOR_PREFIX


@dataclass(frozen=True, slots=True)
class Queue:
    slug: str  # the address, in French like every address on the site
    key: str  # the name code and templates use


QUEUES = (
    Queue("", "pending"),
    Queue("signales", "reported"),
    Queue("non-moderes", "unmoderated"),
    Queue("approuves", "approved"),
    Queue("rejetes", "rejected"),
)
QUEUE_BY_SLUG = {queue.slug: queue for queue in QUEUES}

_BY_PERSON = Q(decided_by__startswith=MODERATOR_PREFIX)


def _filter(key: str) -> Q:
    if key == "pending":
        return Q(status=Comment.Status.PENDING)
    if key == "reported":
        return Q(pk__in=Report.objects.filter(outcome=Report.Outcome.OPEN).values("comment_id"))
    if key == "unmoderated":
        return Q(status=Comment.Status.PUBLISHED) & ~_BY_PERSON
    if key == "approved":
        return Q(status=Comment.Status.PUBLISHED) & _BY_PERSON
    if key == "rejected":
        return Q(status=Comment.Status.REJECTED)
    raise ValueError(key)


def queue_counts() -> dict[str, int]:
    """How many comments wait in each queue, in one query."""
    counts = Comment.objects.aggregate(
        **{queue.key: Count("pk", filter=_filter(queue.key)) for queue in QUEUES}
    )
    return {key: int(value or 0) for key, value in counts.items()}


def queue(key: str) -> QuerySet[Comment]:
    """A queue's comments, oldest first, with what each item shows."""
    comments = (
        Comment.objects.filter(_filter(key))
        .select_related("article__section", "author", "parent")
        .order_by("created_at", "pk")
    )
    if key == "reported":
        comments = comments.prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(outcome=Report.Outcome.OPEN)
                .select_related("reporter")
                .order_by("created_at"),
                to_attr="open_reports",
            )
        )
    return comments


@dataclass
class AuthorFacts:
    """What a moderator needs to know about the author of a comment."""

    joined: Any
    published: int = 0
    pending: int = 0
    rejected: int = 0
    reports: int = 0
    active_sanctions: list[Sanction] = field(default_factory=list)
    warnings: int = 0


def author_facts(author_ids: set[int]) -> dict[int, AuthorFacts]:
    """History counts and sanctions for every author on a page, in three queries."""
    if not author_ids:
        return {}
    users = (
        get_user_model()
        .objects.filter(pk__in=author_ids)
        .annotate(
            n_published=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED)),
            n_pending=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)),
            n_rejected=Count("comments", filter=Q(comments__status=Comment.Status.REJECTED)),
        )
    )
    facts = {
        user.pk: AuthorFacts(
            joined=user.date_joined,
            published=user.n_published,
            pending=user.n_pending,
            rejected=user.n_rejected,
        )
        for user in users
    }
    reported = (
        Report.objects.filter(comment__author_id__in=author_ids)
        .values("comment__author_id")
        .annotate(n=Count("pk"))
    )
    for row in reported:
        facts[row["comment__author_id"]].reports = row["n"]
    now = timezone.now()
    for sanction in Sanction.objects.filter(user_id__in=author_ids, lifted_at__isnull=True):
        if sanction.is_active(now):
            facts[sanction.user_id].active_sanctions.append(sanction)
        elif sanction.kind == Sanction.Kind.WARNING:
            facts[sanction.user_id].warnings += 1
    return facts


def sanctions_of(user_id: int) -> QuerySet[Sanction]:
    return Sanction.objects.filter(user_id=user_id).select_related("issued_by")


def active_sanctions() -> list[Sanction]:
    now = timezone.now()
    current = (
        Sanction.objects.filter(lifted_at__isnull=True)
        .exclude(kind=Sanction.Kind.WARNING)
        .select_related("user", "issued_by")
        .order_by("-created_at")
    )
    return [sanction for sanction in current if sanction.is_active(now)]


def audit_log(*, moderator: str = "", comment: int | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if moderator:
        entries = entries.filter(actor_name=moderator)
    if comment is not None:
        entries = entries.filter(comment_ref=comment)
    return entries


def audit_moderators() -> list[str]:
    return list(
        AuditEntry.objects.order_by("actor_name").values_list("actor_name", flat=True).distinct()
    )


def watched_words() -> QuerySet[WatchedWord]:
    return WatchedWord.objects.select_related("added_by")


def premoderation_rules() -> QuerySet[PremoderationRule]:
    return PremoderationRule.objects.select_related(
        "section", "article__section", "created_by"
    ).order_by("-created_at")
