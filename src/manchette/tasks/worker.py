"""`manchette worker`: threads that claim and run tasks, a beat for timed work, renewals.

The beat of every worker enqueues each timed task once per time slot of
`every` seconds, under a dedup key naming the slot: however many workers
run, each slot's task is enqueued once. The renewal thread extends the
leases of the tasks this process is running, so only a dead (or stuck)
worker's tasks are taken over.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.db import close_old_connections, connections

from manchette.tasks import registry
from manchette.tasks.backends.base import Claim, TaskBackend
from manchette.tasks.running import execute

logger = logging.getLogger(__name__)

BEAT_SECONDS = 0.5
GRACE_SECONDS = 8.0
"""On SIGTERM, how long running tasks may take to finish before the worker leaves them
to be taken over when their lease runs out."""


def enqueue_due(queue: TaskBackend, moment: float, enqueued: dict[str, str]) -> list[str]:
    """One beat: enqueue each timed task whose current slot this worker has not enqueued
    yet (`enqueued` remembers it); the names of those the queue took as new."""
    added = []
    for spec in registry.periodic():
        if spec.every is None:  # periodic() keeps only timed tasks; this tells mypy
            continue
        every = max(1, spec.every())
        key = f"every:{spec.name}:{every}:{int(moment // every)}"
        if enqueued.get(spec.name) == key:
            continue
        if queue.enqueue(spec.name, {}, dedup_key=key) is not None:
            added.append(spec.name)
        enqueued[spec.name] = key
    return added


class Worker:
    def __init__(
        self,
        queue: TaskBackend,
        *,
        concurrency: int = 1,
        lease_seconds: float = 30.0,
        idle_seconds: float = 1.0,
    ) -> None:
        self.queue = queue
        self.concurrency = max(1, concurrency)
        self.lease_seconds = lease_seconds
        self.idle_seconds = idle_seconds
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._running: dict[tuple[str, str], Claim] = {}
        self._lock = threading.Lock()

    def run(self, stop: threading.Event) -> None:
        """Work until `stop` is set, then give running tasks `GRACE_SECONDS` to finish."""
        finished = threading.Event()
        runners = [
            threading.Thread(target=self._work, args=(stop, f"{self.name}:{n}"), daemon=True)
            for n in range(self.concurrency)
        ]
        helpers = [
            threading.Thread(target=self._beat, args=(stop,), daemon=True),
            threading.Thread(target=self._renew, args=(finished,), daemon=True),
        ]
        for thread in [*runners, *helpers]:
            thread.start()
        logger.info(
            "worker %s: %d thread(s) on the %s",
            self.name,
            self.concurrency,
            type(self.queue).__name__,
        )
        stop.wait()
        deadline = time.monotonic() + GRACE_SECONDS
        for runner in runners:
            runner.join(max(0.0, deadline - time.monotonic()))
        finished.set()

    def _work(self, stop: threading.Event, holder: str) -> None:
        refreshed = time.monotonic()
        try:
            while not stop.is_set():
                # Connections are checked (and SQLite's closed) at most once a second: closing
                # a SQLite connection checkpoints its log, some 10 ms, longer than a small task.
                if time.monotonic() - refreshed >= 1.0:
                    close_old_connections()
                    refreshed = time.monotonic()
                try:
                    claims = self.queue.claim(
                        holder,
                        limit=1,
                        lease_seconds=self.lease_seconds,
                        wait_seconds=self.idle_seconds,
                    )
                except Exception:  # the database or Redis went away: try again shortly
                    logger.exception("worker %s cannot claim", holder)
                    close_old_connections()
                    stop.wait(self.idle_seconds)
                    continue
                if not claims and not self.queue.blocks:
                    stop.wait(self.idle_seconds)
                for claim in claims:
                    self._run_one(claim)
        finally:
            connections.close_all()

    def _run_one(self, claim: Claim) -> None:
        key = (claim.holder, claim.id)
        with self._lock:
            self._running[key] = claim
        try:
            outcome = execute(self.queue, claim, lease_seconds=self.lease_seconds)
            logger.debug("task %s #%s: %s", claim.name, claim.id, outcome.value)
        except Exception:  # recording the outcome failed: the lease will bring it back
            logger.exception("task %s #%s: outcome not recorded", claim.name, claim.id)
        finally:
            with self._lock:
                del self._running[key]

    def _beat(self, stop: threading.Event) -> None:
        enqueued: dict[str, str] = {}
        try:
            while not stop.is_set():
                try:
                    enqueue_due(self.queue, time.time(), enqueued)
                except Exception:  # what was not enqueued is tried again on the next beat
                    logger.exception("worker %s: the beat could not enqueue", self.name)
                close_old_connections()
                stop.wait(BEAT_SECONDS)
        finally:
            connections.close_all()

    def _renew(self, finished: threading.Event) -> None:
        try:
            while not finished.wait(self.lease_seconds / 3):
                with self._lock:
                    held = list(self._running.values())
                if not held:
                    continue
                try:
                    self.queue.renew(held, lease_seconds=self.lease_seconds)
                except Exception:  # the next renewal may succeed before the lease ends
                    logger.exception("worker %s could not renew its leases", self.name)
                finally:
                    close_old_connections()
        finally:
            connections.close_all()
