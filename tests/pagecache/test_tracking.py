"""Tag versions kept per process with Redis telling each process when they move.

Two `TrackedVersions` on the same Redis stand for two app processes: what
one bumps, the other must see on its very next read, and reads of versions
that did not move must not cost a round trip to Redis.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from redis import Redis

from manchette.pagecache import tracking
from manchette.pagecache.tracking import TrackedVersions
from manchette.pagecache.versions import RedisVersions
from tests.faults import Relay
from tests.services import redis_url


@pytest.fixture
def prefix() -> str:
    return f"test:tags:{uuid.uuid4().hex}:"


@pytest.fixture
def client() -> Iterator[CountingRedis]:
    client = CountingRedis.from_url(redis_url())
    assert isinstance(client, CountingRedis)
    client.sent = []
    yield client
    client.close()


@pytest.fixture
def processes(client: Redis[bytes], prefix: str) -> Iterator[list[TrackedVersions]]:
    made = [TrackedVersions(client, redis_url(), prefix) for _ in range(2)]
    yield made
    made[0].reset()
    for versions in made:
        versions.close()


class CountingRedis(Redis):  # type: ignore[type-arg]
    """Counts the commands this process sends (Redis's own statistics count everyone's)."""

    sent: list[str]

    def execute_command(self, *args, **options):
        self.sent.append(str(args[0]).upper())
        return super().execute_command(*args, **options)


def test_a_bump_in_one_process_shows_on_the_next_read_in_the_other(processes):
    reader, writer = processes
    before = reader.current(["a1", "home"])
    for _ in range(50):
        writer.bump(["a1"])
        now = reader.current(["a1", "home"])
        assert now[1] > before[1], "the other process still reads the old version"
        assert now[2] == before[2], "a tag nobody bumped moved"
        before = now


def test_versions_that_did_not_move_are_read_without_asking_redis(processes, client):
    reader, writer = processes
    writer.current([])  # the site's generation, drawn once when its Redis is new
    first = reader.current(["a1", "c1"])
    epoch = reader.epoch()
    client.sent.clear()
    for _ in range(20):
        assert reader.current(["a1", "c1"]) == first
        assert reader.epoch() == epoch
    assert client.sent == []
    writer.bump(["c1"])
    assert reader.current(["a1", "c1"])[2] > first[2]
    assert reader.epoch() > epoch


def test_the_bumping_process_sees_its_own_bump_at_once(processes):
    versions, _ = processes
    seen = versions.current(["s2"])
    versions.bump(["s2"])
    assert versions.current(["s2"])[1] > seen[1]


def test_the_values_agree_with_redis_itself(processes, client, prefix):
    reader, writer = processes
    plain = RedisVersions(client, prefix)
    names = ["a1", "a2", "site"]
    reader.current(names)
    writer.bump(["a2", "site"])
    assert reader.current(names) == plain.current(names)
    assert reader.epoch() == plain.epoch()


def test_kept_versions_stay_within_their_bound_and_right(processes, monkeypatch):
    reader, writer = processes
    monkeypatch.setattr(tracking, "MAX_KEPT", 10)
    names = [f"a{n}" for n in range(25)]
    for name in names:
        reader.current([name])
    writer.bump(["a3"])
    assert len(reader._known) <= 10
    assert reader.current(["a3"])[1] > 0
    assert reader.current(names) == writer.current(names)


def test_a_lost_connection_falls_back_to_redis_and_keeps_nothing_stale(processes, client):
    reader, writer = processes
    seen = reader.current(["a1"])
    # Redis drops the connection its notices come on (a restart, a proxy timing out)...
    own = f"manchette-versions-{os.getpid()}"
    for connection in client.client_list(_type="pubsub"):
        if connection["name"] == own:
            client.client_kill_filter(_id=connection["id"])
    # ...and a bump happens while nobody can tell this process.
    writer.bump(["a1"])
    assert reader.current(["a1"])[1] > seen[1]


def test_a_connection_that_dies_silently_is_given_up(client, prefix):
    """Packets lost without a reset: no notice, no error. The process must stop trusting what
    it kept, then read Redis again."""
    target = urlparse(redis_url())
    relay = Relay((target.hostname or "127.0.0.1", target.port or 6379))
    through_relay = f"redis://127.0.0.1:{relay.port}{target.path}"
    reader = TrackedVersions(client, through_relay, prefix)
    writer = TrackedVersions(client, redis_url(), prefix)
    try:
        writer.current([])  # the site's generation, drawn once when its Redis is new
        seen = reader.current(["a1"])
        assert reader.current(["a1"]) == seen
        relay.freeze()
        writer.bump(["a1"])
        deadline = time.monotonic() + 10
        while reader.current(["a1"])[1] == seen[1]:
            assert time.monotonic() < deadline, "the process kept trusting a dead connection"
            time.sleep(0.05)
    finally:
        writer.reset()
        reader.close()
        writer.close()
        relay.cut()


def test_a_flushed_redis_forgets_every_kept_version(processes, client, prefix):
    reader, _ = processes
    seen = reader.current(["a1"])
    plain = RedisVersions(client, prefix)
    plain.bump(["a1"])
    plain.bump(["a1"])
    assert reader.current(["a1"])[1] == seen[1] + 2
    reader.reset()
    assert reader.current(["a1"]) == plain.current(["a1"])
    assert reader.current(["a1"])[1] == 0


def test_reads_racing_bumps_never_keep_an_old_version(processes, client, prefix):
    """Threads of one process read while another process bumps: once the bumps stop,
    the process must read what Redis holds, whatever order the replies crossed in."""
    reader, writer = processes
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            reader.current(["a1", "a2"])
            reader.epoch()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(1000):
            writer.bump(["a1"] if round_ % 2 else ["a1", "a2"])
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    plain = RedisVersions(client, prefix)
    assert reader.current(["a1", "a2"]) == plain.current(["a1", "a2"])
    assert reader.epoch() == plain.epoch()
