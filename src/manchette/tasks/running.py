"""Running one claimed task, and what becomes of it when it fails or is overtaken."""

from __future__ import annotations

import logging
import traceback
from enum import Enum

from django.db import transaction

from manchette.tasks import registry
from manchette.tasks.backends.base import Claim, TaskBackend

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = 300.0


class Outcome(Enum):
    DONE = "done"
    SUPERSEDED = "superseded"
    RETRY = "retry"
    FAILED = "failed"


class _Superseded(Exception):
    """Another worker completed this task first: undo this run's writes."""


def retry_delay(attempt: int) -> float:
    return float(min(5.0 * 2 ** (attempt - 1), MAX_RETRY_DELAY))


def execute(queue: TaskBackend, claim: Claim, *, lease_seconds: float) -> Outcome:
    """Run `claim`'s task once and record the outcome in `queue`."""
    spec = registry.lookup(claim.name)
    if spec is None:
        logger.error("task #%s: no task named %r; given up", claim.id, claim.name)
        queue.fail(claim, error=f"no task named {claim.name!r}")
        return Outcome.FAILED
    try:
        if spec.atomic:
            if queue.completed_before(claim):
                # The worker died between its commit and the acknowledgement.
                queue.complete(claim)
                return Outcome.SUPERSEDED
            with transaction.atomic():
                spec.function(**claim.args)
                if not queue.complete_in_transaction(claim):
                    raise _Superseded
        else:
            spec.function(**claim.args)
    except _Superseded:
        logger.warning("task %s #%s finished elsewhere first: undone here", claim.name, claim.id)
        queue.complete(claim)
        return Outcome.SUPERSEDED
    except Exception:  # a task's failure must not take the worker down
        error = traceback.format_exc()
        if claim.attempt < spec.max_attempts:
            delay = retry_delay(claim.attempt)
            logger.warning(
                "task %s #%s failed (attempt %d), again in %.0f s",
                *(claim.name, claim.id, claim.attempt, delay),
                exc_info=True,
            )
            queue.retry(claim, error=error, delay_seconds=delay, lease_seconds=lease_seconds)
            return Outcome.RETRY
        logger.error("task %s #%s failed for good", claim.name, claim.id, exc_info=True)
        queue.fail(claim, error=error)
        return Outcome.FAILED
    if not queue.complete(claim) and not spec.atomic:
        logger.warning("task %s #%s outlived its lease: may run again", claim.name, claim.id)
    return Outcome.DONE
