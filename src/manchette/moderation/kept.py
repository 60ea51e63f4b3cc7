"""Watched words, pre-moderation rules and active sanctions, kept per process.

Read on every post, reply and report, changed a few times a day: kept
under tags (`pagecache.stamped`) that a moderator's change bumps on commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manchette.pagecache import tags
from manchette.pagecache.invalidation import invalidate

# Names in the version store; none of the page tags look like them.
WORDS = "moderation-words"
SANCTIONS = "moderation-sanctions"
# Rules are matched on section paths, which change with a section's save (the site tag).
RULES = ("moderation-rules", tags.SITE)


def _on_change(names: tuple[str, ...]) -> Callable[..., None]:
    # Every process reads these rows again once the saving transaction commits.
    def receiver(sender: Any, using: str, **kwargs: Any) -> None:
        invalidate(names, using=using)

    return receiver


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from manchette.moderation.models import PremoderationRule, Sanction, WatchedWord

    for model, names in (
        (WatchedWord, (WORDS,)),
        (PremoderationRule, (RULES[0],)),
        (Sanction, (SANCTIONS,)),
    ):
        receiver = _on_change(names)
        uid = f"manchette.moderation.kept.{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
