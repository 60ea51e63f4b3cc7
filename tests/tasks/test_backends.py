"""What both queues promise: one holder per task, leases that end, fenced completion."""

from __future__ import annotations

import time

from manchette.tasks.backends.base import Claim, TaskBackend

LEASE = 30.0


def take(queue: TaskBackend, holder: str, *, lease: float = LEASE, limit: int = 10) -> list[Claim]:
    return queue.claim(holder, limit=limit, lease_seconds=lease, wait_seconds=0)


def test_a_task_is_handed_out_once_with_its_arguments(queue):
    queue.enqueue("probe.note", {"key": "a", "n": 1})
    (claim,) = take(queue, "w1")
    assert (claim.name, claim.args, claim.attempt) == ("probe.note", {"key": "a", "n": 1}, 1)
    assert take(queue, "w2") == []
    assert queue.complete(claim)
    assert take(queue, "w2", lease=0) == []


def test_tasks_come_out_in_the_order_they_went_in(queue):
    for n in range(5):
        queue.enqueue("probe.note", {"n": n})
    first = take(queue, "w1", limit=2)
    rest = take(queue, "w2", limit=10)
    assert [c.args["n"] for c in first] == [0, 1]
    assert [c.args["n"] for c in rest] == [2, 3, 4]


def test_a_dedup_key_enqueues_once(queue):
    assert queue.enqueue("probe.note", {"n": 1}, dedup_key="slot-7") is not None
    assert queue.enqueue("probe.note", {"n": 2}, dedup_key="slot-7") is None
    assert queue.enqueue("probe.note", {"n": 3}, dedup_key="slot-8") is not None
    (first,) = take(queue, "w1", limit=1)
    assert queue.complete(first)
    # Still remembered once done: a late worker's beat must not run the slot again.
    assert queue.enqueue("probe.note", {"n": 4}, dedup_key="slot-7") is None
    assert sorted(c.args["n"] for c in take(queue, "w1")) == [3]


def test_a_task_whose_lease_ran_out_goes_to_another_worker(queue):
    queue.enqueue("probe.note", {"key": "lost"})
    (lost,) = take(queue, "dead", lease=0.2)
    assert take(queue, "alive", lease=0.2) == []
    time.sleep(0.4)
    (again,) = take(queue, "alive", lease=0.2)
    assert again.args == {"key": "lost"} and again.attempt == 2
    assert not queue.complete(lost), "the first holder lost its lease"
    assert queue.complete(again)
    time.sleep(0.4)
    assert take(queue, "third", lease=0.2) == []


def test_renewing_keeps_a_task_from_being_taken_over(queue):
    queue.enqueue("probe.note", {})
    (held,) = take(queue, "w1", lease=0.3)
    for _ in range(3):
        time.sleep(0.15)
        queue.renew([held], lease_seconds=0.3)
        assert take(queue, "w2", lease=0.3) == []
    assert queue.complete(held)


def test_a_retried_task_comes_back_after_its_delay(queue):
    queue.enqueue("probe.note", {})
    (claim,) = take(queue, "w1", lease=0.5)
    queue.retry(claim, error="boom", delay_seconds=0.3, lease_seconds=0.5)
    assert take(queue, "w2", lease=0.5) == []
    time.sleep(0.45)
    (again,) = take(queue, "w2", lease=0.5)
    assert again.attempt == 2


def test_a_failed_task_is_never_handed_out_again(queue):
    queue.enqueue("probe.note", {})
    (claim,) = take(queue, "w1", lease=0.2)
    queue.fail(claim, error="boom")
    time.sleep(0.4)
    assert take(queue, "w2", lease=0.2) == []


def test_two_workers_take_disjoint_tasks(queue):
    for n in range(10):
        queue.enqueue("probe.note", {"n": n})
    one = take(queue, "w1", limit=4)
    two = take(queue, "w2", limit=10)
    ids_one, ids_two = {c.id for c in one}, {c.id for c in two}
    assert len(ids_one) == 4 and len(ids_two) == 6 and not ids_one & ids_two


def test_a_completion_in_a_transaction_is_recorded_once(queue):
    queue.enqueue("probe.note", {})
    (first,) = take(queue, "w1", lease=0.2)
    time.sleep(0.4)
    (second,) = take(queue, "w2", lease=0.2)
    assert queue.complete_in_transaction(second)
    assert not queue.complete_in_transaction(first)


def test_a_dedup_key_holds_while_its_task_waits(queue):
    queue.enqueue("probe.note", {"n": 1}, dedup_key="k")
    (claim,) = take(queue, "w1")
    queue.retry(claim, error="boom", delay_seconds=0, lease_seconds=LEASE)
    assert queue.enqueue("probe.note", {"n": 2}, dedup_key="k") is None
