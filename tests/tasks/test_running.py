"""A claimed task run once: retried when it fails, undone when another run finished first."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from manchette.news.models import Provider
from manchette.tasks import registry, running
from manchette.tasks.running import Outcome, execute

LEASE = 0.2


@pytest.fixture
def declared(monkeypatch) -> Iterator[dict[str, int]]:
    """Two tasks writing a provider per run; `calls` counts runs, committed or not."""
    calls = {"flaky": 0, "write": 0}
    monkeypatch.setattr(running, "retry_delay", lambda attempt: 0.0)

    @registry.task("test.flaky", max_attempts=2)
    def flaky() -> None:
        calls["flaky"] += 1
        raise RuntimeError("the agency's server is down")

    @registry.task("test.write", atomic=True)
    def write() -> None:
        calls["write"] += 1
        code = uuid.uuid4().hex[:8]
        Provider.objects.create(code=code, name=code, slug=code)

    yield calls
    registry.forget("test.flaky")
    registry.forget("test.write")


def take(queue, holder):
    return queue.claim(holder, limit=1, lease_seconds=LEASE, wait_seconds=0)


def test_a_failing_task_is_retried_then_given_up(queue, declared):
    queue.enqueue("test.flaky", {})
    (first,) = take(queue, "w1")
    assert execute(queue, first, lease_seconds=LEASE) is Outcome.RETRY
    (second,) = take(queue, "w2")
    assert second.attempt == 2
    assert execute(queue, second, lease_seconds=LEASE) is Outcome.FAILED
    time.sleep(LEASE * 2)
    assert take(queue, "w3") == []
    assert declared["flaky"] == 2


def test_an_atomic_task_overtaken_by_another_run_leaves_no_writes(queue, declared):
    queue.enqueue("test.write", {})
    (stalled,) = take(queue, "stalled")
    time.sleep(LEASE * 2)
    (taker,) = take(queue, "taker")
    assert execute(queue, taker, lease_seconds=LEASE) is Outcome.DONE
    assert execute(queue, stalled, lease_seconds=LEASE) is Outcome.SUPERSEDED
    assert Provider.objects.count() == 1


def test_an_atomic_task_completes_with_its_writes(queue, declared):
    queue.enqueue("test.write", {})
    (claim,) = take(queue, "w1")
    assert execute(queue, claim, lease_seconds=LEASE) is Outcome.DONE
    time.sleep(LEASE * 2)
    assert take(queue, "w2") == []
    assert Provider.objects.count() == 1 and declared["write"] == 1


def test_a_task_nobody_declared_is_given_up(queue):
    queue.enqueue("test.nobody", {})
    (claim,) = take(queue, "w1")
    assert execute(queue, claim, lease_seconds=LEASE) is Outcome.FAILED
    time.sleep(LEASE * 2)
    assert take(queue, "w2") == []
