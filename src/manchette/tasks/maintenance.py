"""The queue's own timed task: forgetting finished tasks once their dedup keys are stale."""

from __future__ import annotations

import logging

from manchette.tasks.backends import KEEP_SECONDS, backend
from manchette.tasks.registry import task

logger = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = KEEP_SECONDS // 6


@task("tasks.prune", every=lambda: PRUNE_EVERY_SECONDS, max_attempts=1)
def prune() -> None:
    removed = backend().prune()
    if removed:
        logger.info("tasks.prune: %d records removed", removed)
