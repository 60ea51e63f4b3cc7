"""Timed work, without anyone at the keyboard: lifting embargoes, polling wire sources,
indexing queued articles for the read-also blocks.

Each is a task that the beat of `manchette worker` enqueues once every
`MANCHETTE_TASK_EVERY_SECONDS` (see `manchette.tasks`). Running one twice is
harmless: state lives in the database (`Article.release_pending`, each
source's next poll time, the read-also `Pending` queue) and each piece of
work is claimed there with a conditional update, so a task re-run after its
worker died, or run while an earlier one is still busy, neither misses nor
repeats anything.
"""

from __future__ import annotations

import logging

from django.conf import settings

from manchette.news.services import release_due_embargoes
from manchette.tasks.registry import task

logger = logging.getLogger(__name__)


def _every() -> int:
    return settings.MANCHETTE_TASK_EVERY_SECONDS


def _report(what: str, done: list[int]) -> None:
    if done:
        logger.info("%s: %d", what, len(done))


# One attempt each: the next time slot is the retry, with fresh state.
@task("news.release_embargoes", every=_every, max_attempts=1)
def release_embargoes() -> None:
    _report("embargoes released", release_due_embargoes())


@task("wires.poll_sources", every=_every, max_attempts=1)
def poll_sources() -> None:
    from manchette.wires.polling import poll_due_sources

    _report("sources polled", poll_due_sources())


@task("related.index_pending", every=_every, max_attempts=1)
def index_read_also() -> None:
    from manchette.related.services import process_pending

    _report("articles indexed for read-also", process_pending())
