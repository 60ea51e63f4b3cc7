"""What happens to a new comment: the moderation policy, as an ordered list of checks.

`comments` calls `evaluate()` on every comment before saving it. The checks
in `CHECKS` run top to bottom; the first that returns a verdict decides, and
its name and reason are recorded on the comment (`decided_by`,
`status_reason`, which the author is shown). A comment no check stops is
published.

The order is deliberate: the two checks that reject come first, so a
comment that would be refused anyway never waits in a moderator's queue;
then everything that only holds a comment for a person to read; the
optional scorer last, as the most expensive.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from manchette.conf.rows import aware, fetch, moment_param
from manchette.moderation import kept
from manchette.moderation.models import PremoderationRule, WatchedWord
from manchette.moderation.normalise import Readable, readable
from manchette.pagecache.stamped import stamped

if TYPE_CHECKING:
    from manchette.comments.models import Comment

logger = logging.getLogger(__name__)

PUBLISHED, PENDING, REJECTED = "published", "pending", "rejected"

# A reader whose last comments were mostly rejected is held: how many recent
# decided comments are looked at, over how long, and how many must exist first.
HISTORY_SIZE = 10
HISTORY_DAYS = 30
HISTORY_MINIMUM = 3
# Rows read from the author's history: enough for both the history and the double posts.
HISTORY_ROWS = 30
# What a scorer's number means: from 0 (fine) to 1 (surely abusive or spam).
SCORE_HOLD = 0.5
SCORE_REJECT = 0.9

_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+")


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str  # one of Comment.Status: "published", "pending" or "rejected"
    check: str  # the check that decided, recorded as Comment.decided_by ("policy:links")
    reason: str  # shown to the author


Check = Callable[["Comment"], Verdict | None]


def hold(check: str, reason: str) -> Verdict:
    return Verdict(status=PENDING, check=f"policy:{check}", reason=reason)


def reject(check: str, reason: str) -> Verdict:
    return Verdict(status=REJECTED, check=f"policy:{check}", reason=reason)


@dataclass(frozen=True, slots=True)
class Past:
    """One of the author's recent comments, as the checks read it."""

    body: str
    status: str
    created_at: datetime


class Facts:
    """What the checks read from the database, loaded once per comment on first use.

    Several checks read the author's recent comments, the watched words or
    the rules; evaluating a comment costs one small query (the history),
    whichever checks run: words and rules are kept per process (`kept`).
    """

    def __init__(self, comment: Comment) -> None:
        self.comment = comment

    @cached_property
    def history(self) -> list[Past]:
        """The author's latest comments (newest first) over the last `HISTORY_DAYS` days."""
        comment = self.comment
        if comment.author_id is None:
            return []
        since = timezone.now() - timedelta(days=HISTORY_DAYS)
        # Written once: building it with the ORM cost more than the read, on every post.
        rows = fetch(
            f"SELECT body, status, created_at FROM {type(comment)._meta.db_table} "  # noqa: S608 (our table)
            "WHERE author_id = %s AND created_at >= %s AND status <> 'deleted' AND id <> %s "
            f"ORDER BY created_at DESC LIMIT {HISTORY_ROWS}",
            [comment.author_id, moment_param(since), comment.pk or 0],
        )
        return [Past(body, status, aware(created_at)) for body, status, created_at in rows]

    @cached_property
    def words(self) -> list[tuple[str, str]]:
        return stamped((kept.WORDS,), _all_words)

    @cached_property
    def rules(self) -> list[PremoderationRule]:
        """Rules on the article, or on its section or any section above it, newest first."""
        article = self.comment.article
        parts = article.section.path.split("/")
        lineage = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
        every = stamped(kept.RULES, _all_rules)
        found = every.by_article.get(article.pk, []) + [
            rule for path in lineage for rule in every.by_section_path.get(path, [])
        ]
        return sorted(found, key=lambda rule: rule.created_at, reverse=True)


def _all_words() -> list[tuple[str, str]]:
    return list(WatchedWord.objects.values_list("canonical", "kind"))


@dataclass(frozen=True, slots=True)
class _Rules:
    by_article: dict[int, list[PremoderationRule]]
    by_section_path: dict[str, list[PremoderationRule]]


def _all_rules() -> _Rules:
    # A few per section and per watched article: small enough to keep whole.
    rules = _Rules({}, {})
    for rule in PremoderationRule.objects.select_related("section"):
        if rule.section is not None:
            rules.by_section_path.setdefault(rule.section.path, []).append(rule)
        elif rule.article_id is not None:
            rules.by_article.setdefault(rule.article_id, []).append(rule)
    return rules


_current: ContextVar[Facts | None] = ContextVar("moderation_policy_facts", default=None)


def facts(comment: Comment) -> Facts:
    """The facts of the comment being evaluated (fresh ones for a check called alone)."""
    current = _current.get()
    if current is not None and current.comment is comment:
        return current
    return Facts(comment)


# ------------------------------------------------------------------ checks that reject


def repeated_text(comment: Comment) -> Verdict | None:
    """The same text by the same reader within `MANCHETTE_DUPLICATE_MINUTES`: a double post."""
    minutes = settings.MANCHETTE_DUPLICATE_MINUTES
    if comment.author_id is None or minutes <= 0:
        return None
    since = timezone.now() - timedelta(minutes=minutes)
    text = _same_text_key(comment.body)
    if any(
        past.created_at >= since and _same_text_key(past.body) == text
        for past in facts(comment).history
    ):
        return reject(
            "repeated_text",
            _("You posted the same text a few minutes ago; it is only shown once."),
        )
    return None


def banned_words(comment: Comment) -> Verdict | None:
    if _contains_watched(comment, WatchedWord.Kind.BANNED):
        return reject("banned_words", _("Your comment contains words this site does not publish."))
    return None


# --------------------------------------------------------------------- checks that hold


def site_premoderation(comment: Comment) -> Verdict | None:
    if settings.MANCHETTE_PREMODERATION:
        return hold(
            "site", _("Every comment on this site is read by a moderator before it appears.")
        )
    return None


def section_premoderation(comment: Comment) -> Verdict | None:
    """A rule on the article's section or any section above it."""
    rule = next((r for r in facts(comment).rules if r.section_id is not None), None)
    if rule is None:
        return None
    return hold(
        "section",
        rule.note or _("Comments in this section are read by a moderator before they appear."),
    )


def article_premoderation(comment: Comment) -> Verdict | None:
    rule = next((r for r in facts(comment).rules if r.article_id is not None), None)
    if rule is None:
        return None
    return hold(
        "article",
        rule.note or _("Comments on this article are read by a moderator before they appear."),
    )


def newcomer(comment: Comment) -> Verdict | None:
    """Readers are held until `MANCHETTE_NEWCOMER_APPROVALS` of their comments were published."""
    needed = settings.MANCHETTE_NEWCOMER_APPROVALS
    author = comment.author
    if needed <= 0 or author is None or author.is_staff:
        return None
    published = type(comment).objects.filter(author_id=author.pk, status=PUBLISHED).count()
    if published >= needed:
        return None
    return hold(
        "newcomer",
        _("A reader’s first comments are read by a moderator before they appear."),
    )


def suspect_words(comment: Comment) -> Verdict | None:
    if _contains_watched(comment, WatchedWord.Kind.SUSPECT):
        return hold("suspect_words", _("Your comment will appear once a moderator has read it."))
    return None


def links(comment: Comment) -> Verdict | None:
    allowed = settings.MANCHETTE_COMMENT_MAX_LINKS
    if len(_LINK.findall(comment.body)) <= allowed:
        return None
    return hold(
        "links",
        _("Comments with many links are read by a moderator before they appear."),
    )


def rejected_history(comment: Comment) -> Verdict | None:
    """Most of the reader's recent decided comments were rejected."""
    if comment.author_id is None:
        return None
    statuses = [
        past.status for past in facts(comment).history if past.status in (PUBLISHED, REJECTED)
    ][:HISTORY_SIZE]
    if len(statuses) < HISTORY_MINIMUM or statuses.count(REJECTED) * 2 <= len(statuses):
        return None
    return hold(
        "rejected_history",
        _("Your comment will appear once a moderator has read it."),
    )


def scorer(comment: Comment) -> Verdict | None:
    """The site's own scorer, if `MANCHETTE_COMMENT_SCORER` names one (a local model, say).

    It is called with the comment and returns a number from 0 (fine) to 1
    (surely abusive), a `Verdict`, or None for no opinion. A scorer that
    fails is logged and ignored: comments keep flowing through the other checks.
    """
    path = settings.MANCHETTE_COMMENT_SCORER
    if not path:
        return None
    try:
        answer: Any = _load(path)(comment)
    except Exception:  # a broken plug-in must not stop readers from commenting
        logger.exception("comment scorer %s failed", path)
        return None
    if answer is None or isinstance(answer, Verdict):
        return answer
    score = float(answer)
    if score >= SCORE_REJECT:
        return reject("scorer", _("Your comment was refused by the site’s automatic filter."))
    if score >= SCORE_HOLD:
        return hold("scorer", _("Your comment will appear once a moderator has read it."))
    return None


CHECKS: list[Check] = [
    repeated_text,
    banned_words,
    site_premoderation,
    section_premoderation,
    article_premoderation,
    newcomer,
    suspect_words,
    links,
    rejected_history,
    scorer,
]


def evaluate(comment: Comment) -> Verdict:
    """Decide a comment not yet saved (author, article, parent and body set)."""
    token = _current.set(Facts(comment))
    try:
        for check in CHECKS:
            verdict = check(comment)
            if verdict is not None:
                return verdict
    finally:
        _current.reset(token)
    return Verdict(status=PUBLISHED, check="policy:default", reason="")


# ------------------------------------------------------------------------------ helpers


def _same_text_key(body: str) -> str:
    return " ".join(body.split()).casefold()


def _contains_watched(comment: Comment, kind: str) -> bool:
    watched = [word for word, word_kind in facts(comment).words if word_kind == kind]
    if not watched:
        return False
    text = _readable(comment.body)
    return any(text.contains(word) for word in watched)


@lru_cache(maxsize=32)
def _readable(body: str) -> Readable:
    # Both word checks read the same comment: normalise it once.
    return readable(body)


@lru_cache(maxsize=4)
def _load(path: str) -> Callable[[Comment], Any]:
    loaded: Callable[[Comment], Any] = import_string(path)
    return loaded
