"""Counting actions: allowed up to the rate, refused after, with the time to wait."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from manchette.ratelimit import Rate, check
from manchette.ratelimit.limiter import hit, seconds_until_allowed
from tests.conftest import REPO_ROOT

T0 = 1_800_000_000.0  # the start of a 60-second slot: 1_800_000_000 = 30_000_000 × 60


def fresh() -> str:
    return f"test-{uuid.uuid4()}"


def reader_request(ip: str = "198.51.100.1", user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


class User:
    """Just what the limiter reads of a signed-in reader."""

    is_authenticated = True

    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_the_limit_is_allowed_then_the_next_is_refused(store):
    bucket, rate = fresh(), Rate(3, 60)
    assert [hit(store, bucket, rate, T0 + n) for n in range(3)] == [None, None, None]
    wait = hit(store, bucket, rate, T0 + 10)
    assert wait is not None
    # This slot alone is full: free again once the next slot has weighed it down.
    assert 50 < wait <= 110


def test_a_refused_attempt_is_not_counted(store):
    bucket, rate = fresh(), Rate(1, 60)
    assert hit(store, bucket, rate, T0) is None
    first = hit(store, bucket, rate, T0 + 1)
    for n in range(20):
        hit(store, bucket, rate, T0 + 2 + n)
    assert first is not None
    # Waiting what the first refusal said is enough, however often one tried meanwhile.
    assert hit(store, bucket, rate, T0 + 1 + first) is None


def test_the_window_slides_over_the_slot_edge(store):
    """A burst at the end of one slot still counts at the start of the next."""
    bucket, rate = fresh(), Rate(4, 60)
    for n in range(4):
        assert hit(store, bucket, rate, T0 + 55 + n) is None
    assert hit(store, bucket, rate, T0 + 61) is not None
    # Halfway through the next slot, half the previous count is still in the window.
    assert hit(store, bucket, rate, T0 + 90) is None
    assert hit(store, bucket, rate, T0 + 90) is None
    assert hit(store, bucket, rate, T0 + 90) is not None


def test_buckets_are_separate(store):
    rate = Rate(1, 60)
    assert hit(store, fresh(), rate, T0) is None
    assert hit(store, fresh(), rate, T0) is None


def test_clear_forgets_counts(store):
    bucket, rate = fresh(), Rate(1, 60)
    hit(store, bucket, rate, T0)
    store.clear()
    assert hit(store, bucket, rate, T0) is None


@pytest.mark.parametrize(
    ("previous", "current", "elapsed", "expected"),
    [
        (0, 0, 10, 0.0),
        (10, 0, 0, 60 * (1 - 9 / 10)),  # the previous slot must fade to 9 of 10
        (0, 10, 30, 30 + 60 * (1 - 9 / 10)),
        (0, 1, 0, 120.0),  # a limit of one: a whole slot after this one
    ],
)
def test_the_wait_is_when_one_more_fits(previous, current, elapsed, expected):
    limit = 1 if current == 1 else 10
    assert seconds_until_allowed(previous, current, Rate(limit, 60), elapsed) == pytest.approx(
        expected
    )


def test_per_account_and_per_address(store):
    scope = fresh()
    per_account, per_ip = Rate(2, 60), Rate(2, 60)
    alice, bob = User(1), User(2)
    ask = lambda ip, user: check(  # noqa: E731
        reader_request(ip, user),
        scope,
        per_account=per_account,
        per_ip=per_ip,
        store=store,
        now=T0,
    )
    assert ask("198.51.100.1", alice) is None
    assert ask("198.51.100.2", alice) is None
    assert ask("198.51.100.3", alice) is not None  # alice's account is at its limit
    assert ask("198.51.100.1", bob) is None  # the address has room for a second
    assert ask("198.51.100.1", User(3)) is not None  # now the address is full
    assert ask("198.51.100.9", User(3)) is None  # the account refused above was not counted


def test_an_account_refusal_gives_the_address_its_hit_back(store):
    scope = fresh()
    alice = User(1)
    for _ in range(2):
        check(
            reader_request(user=alice),
            scope,
            per_account=Rate(1, 60),
            per_ip=Rate(2, 60),
            store=store,
            now=T0,
        )
    # One went through, one was refused for the account: the address counted only one.
    assert (
        check(reader_request(user=User(2)), scope, per_ip=Rate(2, 60), store=store, now=T0) is None
    )


def test_an_anonymous_reader_is_limited_by_address_and_named_account(store):
    scope = fresh()
    for _ in range(2):
        check(
            reader_request(),
            scope,
            per_account=Rate(2, 60),
            account="x@example.org",
            store=store,
            now=T0,
        )
    assert (
        check(
            reader_request("198.51.100.7"),
            scope,
            per_account=Rate(2, 60),
            account="x@example.org",
            store=store,
            now=T0,
        )
        is not None
    )
    assert (
        check(
            reader_request("198.51.100.7"),
            scope,
            per_account=Rate(2, 60),
            account="y@example.org",
            store=store,
            now=T0,
        )
        is None
    )


def test_limits_can_be_turned_off(settings, store):
    settings.MANCHETTE_RATE_LIMITS = False
    scope = fresh()
    for _ in range(5):
        assert check(reader_request(), scope, per_ip=Rate(1, 60), store=store) is None


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_worker_processes_share_the_count(tmp_path, kind):
    """Four processes racing on one bucket let exactly the limit through, no more, no less."""
    env = {**os.environ, "MANCHETTE_DATA_DIR": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    if kind == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'counts.sqlite3'}"
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "-m", "manchette", "migrate", "ratelimit", "-v", "0"],
            env=env,
            check=True,
            cwd=REPO_ROOT,
        )
    else:
        from tests.services import redis_url

        env["REDIS_URL"] = redis_url()
    bucket = fresh()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.ratelimit._worker", bucket, "60", "100"],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    allowed = [int(worker.communicate(timeout=120)[0]) for worker in workers]
    assert sum(allowed) == 100
