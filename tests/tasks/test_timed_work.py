"""Timed work goes through the queue: each slot enqueued once, embargoes and polls done."""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone

from manchette.news.models import Article
from manchette.tasks import registry
from manchette.tasks.running import execute
from manchette.tasks.worker import enqueue_due
from manchette.wires.models import Source
from tests.factories import apply, dispatch
from tests.wires.test_polling import endpoint, source  # noqa: F401 - fixtures

TIMED = {"news.release_embargoes", "wires.poll_sources", "related.index_pending"}


def run_queued(queue) -> list[str]:
    """What one worker does until the queue is empty; the names of the tasks run."""
    ran = []
    while claims := queue.claim("w1", limit=10, lease_seconds=30, wait_seconds=0):
        for claim in claims:
            execute(queue, claim, lease_seconds=30)
            ran.append(claim.name)
    return ran


def test_each_time_slot_is_enqueued_once_whatever_the_number_of_workers(queue, settings):
    settings.MANCHETTE_TASK_EVERY_SECONDS = 5
    registry.discover()
    moment = 1_000_000.0  # the start of a 5-second slot, and within a 10-minute one
    first_worker: dict[str, str] = {}
    second_worker: dict[str, str] = {}
    assert set(enqueue_due(queue, moment, first_worker)) == {*TIMED, "tasks.prune"}
    assert enqueue_due(queue, moment + 1, second_worker) == []
    assert enqueue_due(queue, moment + 4.9, first_worker) == []
    assert set(enqueue_due(queue, moment + 5, second_worker)) == TIMED
    assert enqueue_due(queue, moment + 6, first_worker) == []
    assert sorted(run_queued(queue)) == sorted([*TIMED, *TIMED, "tasks.prune"])


def test_a_lifted_embargo_is_released_by_the_worker(queue):
    registry.discover()
    article = apply(dispatch(embargoed=timezone.now() + timedelta(hours=1))).article
    assert article.release_pending
    enqueue_due(queue, time.time(), {})
    run_queued(queue)
    assert Article.objects.get().release_pending, "released before its time"
    # The hour passes.
    Article.objects.update(embargoed_until=timezone.now() - timedelta(seconds=1))
    enqueue_due(queue, time.time() + 3600, {})
    assert "news.release_embargoes" in run_queued(queue)
    assert not Article.objects.get().release_pending


def test_due_sources_are_polled_by_the_worker(queue, source):  # noqa: F811 - fixture
    registry.discover()
    enqueue_due(queue, time.time(), {})
    run_queued(queue)
    assert Source.objects.get().last_success_at is not None
    assert set(Article.objects.values_list("headline", flat=True)) == {"Sondée", "Sondée aussi"}
