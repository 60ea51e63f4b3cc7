"""Tasks in a Redis stream read by a consumer group, for sites with `REDIS_URL`.

Each task is a stream entry. `XREADGROUP` hands a new entry to one
consumer (a worker thread) and keeps it in the group's pending list until
`XACK`; an entry pending longer than the lease (its idle time, reset by
the holder's renewals) is taken over with `XAUTOCLAIM`. Finishing,
renewing and retrying first check, in the same script, that the entry is
still pending under the caller: a worker that lost a task cannot finish it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import redis
from django.db import IntegrityError, transaction
from django.utils import timezone

from manchette.tasks.backends.base import KEEP_SECONDS, Claim
from manchette.tasks.models import Completion

PREFIX = "manchette:tasks:"
QUEUED_KEY_SECONDS = 24 * 3600
GROUP = "workers"
FAILED_KEPT = 1000

# A dedup key and its entry are written together, or neither is. The key lives until an
# hour after the task is finished (see _IF_HELD), a day at most should that never happen.
_ENQUEUE = """
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then return false end
return redis.call('XADD', KEYS[1], '*', 'name', ARGV[1], 'args', ARGV[2], 'dedup', ARGV[4])
"""

# Only the consumer the entry is pending under may finish it or move its lease.
_IF_HELD = """
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #pending == 0 or pending[1][2] ~= ARGV[3] then return 0 end
if ARGV[4] == 'ack' then
  local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
  if #entry > 0 then
    local fields = entry[1][2]
    for i = 1, #fields, 2 do
      if fields[i] == 'dedup' then redis.call('EXPIRE', ARGV[6] .. fields[i + 1], ARGV[7]) end
    end
  end
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[1], ARGV[2])
else
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'IDLE', ARGV[5], 'JUSTID')
end
return 1
"""


class RedisBackend:
    blocks = True

    def __init__(self, url: str, *, prefix: str = PREFIX) -> None:
        self.prefix = prefix
        self.stream = f"{prefix}stream"
        self._client: redis.Redis[bytes] = redis.Redis.from_url(url)
        self._enqueue: Any = self._client.register_script(_ENQUEUE)
        self._if_held: Any = self._client.register_script(_IF_HELD)
        self._group_ready = False

    def enqueue(
        self, name: str, args: Mapping[str, Any], *, dedup_key: str | None = None
    ) -> str | None:
        self._ensure_group()
        payload = json.dumps(dict(args))
        if dedup_key is None:
            added = self._client.xadd(self.stream, {"name": name, "args": payload})
        else:
            added = self._enqueue(
                keys=[self.stream, f"{self.prefix}dedup:{dedup_key}"],
                args=[name, payload, QUEUED_KEY_SECONDS, dedup_key],
            )
        return _text(added) if added else None

    def claim(
        self, holder: str, *, limit: int, lease_seconds: float, wait_seconds: float
    ) -> list[Claim]:
        self._ensure_group()
        try:
            taken_over = self._take_over(holder, limit, lease_seconds)
            if taken_over:
                return taken_over
            block = int(wait_seconds * 1000)
            answer: Any = self._client.xreadgroup(
                GROUP, holder, {self.stream: ">"}, count=limit, block=block or None
            )
        except redis.ResponseError as error:
            if "NOGROUP" not in str(error):
                raise
            self._group_ready = False  # the stream was deleted under us: make it again
            return []
        entries = answer[0][1] if answer else []
        return [self._claim(entry_id, fields, 1, holder) for entry_id, fields in entries]

    def renew(self, claims: Sequence[Claim], *, lease_seconds: float) -> None:
        for claim in claims:
            self._if_still_held(claim, "idle", 0)

    def complete(self, claim: Claim) -> bool:
        return self._if_still_held(claim, "ack", 0)

    def complete_in_transaction(self, claim: Claim) -> bool:
        # The stream lives outside the database: the completion is written to
        # it, with the task's own writes, and acknowledged in Redis after commit.
        try:
            with transaction.atomic():
                Completion.objects.create(key=self._completion_key(claim), done_at=timezone.now())
        except IntegrityError:
            return False
        return True

    def completed_before(self, claim: Claim) -> bool:
        return Completion.objects.filter(key=self._completion_key(claim)).exists()

    def retry(
        self, claim: Claim, *, error: str, delay_seconds: float, lease_seconds: float
    ) -> None:
        # Left pending, with an idle time that reaches the lease after the delay:
        # the next `XAUTOCLAIM` past that moment takes it up again.
        idle = max(0, int((lease_seconds - delay_seconds) * 1000))
        self._if_still_held(claim, "idle", idle)

    def fail(self, claim: Claim, *, error: str) -> None:
        if self.complete(claim):
            record = {"id": claim.id, "name": claim.name, "args": claim.args, "error": error}
            failed = f"{self.prefix}failed"
            self._client.pipeline().lpush(failed, json.dumps(record)).ltrim(
                failed, 0, FAILED_KEPT - 1
            ).execute()

    def prune(self) -> int:
        cutoff = timezone.now() - timedelta(seconds=KEEP_SECONDS)
        deleted, _ = Completion.objects.filter(done_at__lt=cutoff).delete()
        # Workers that ended leave their consumer names in the group.
        client: Any = self._client  # these two calls have no types in the stubs
        for consumer in client.xinfo_consumers(self.stream, GROUP):
            if not consumer["pending"] and consumer["idle"] > KEEP_SECONDS * 1000:
                client.xgroup_delconsumer(self.stream, GROUP, consumer["name"])
                deleted += 1
        return deleted

    def clear(self) -> None:
        """Delete every key of this queue (tests)."""
        for key in self._client.scan_iter(match=f"{self.prefix}*", count=500):
            self._client.delete(key)
        self._group_ready = False

    def _if_still_held(self, claim: Claim, action: str, idle_ms: int) -> bool:
        args = [
            GROUP,
            claim.id,
            claim.holder,
            action,
            idle_ms,
            f"{self.prefix}dedup:",
            KEEP_SECONDS,
        ]
        return bool(self._if_held(keys=[self.stream], args=args))

    def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            # From the stream's start: entries added before any worker came are kept.
            self._client.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    def _take_over(self, holder: str, limit: int, lease_seconds: float) -> list[Claim]:
        answer: Any = self._client.xautoclaim(
            self.stream, GROUP, holder, int(lease_seconds * 1000), start_id="0-0", count=limit
        )
        claims = []
        for entry_id, fields in answer[1]:
            pending: Any = self._client.xpending_range(
                self.stream, GROUP, min=entry_id, max=entry_id, count=1
            )
            attempt = int(pending[0]["times_delivered"]) if pending else 1
            claims.append(self._claim(entry_id, fields, attempt, holder))
        return claims

    def _claim(self, entry_id: Any, fields: Any, attempt: int, holder: str) -> Claim:
        fields = {_text(k): _text(v) for k, v in (fields or {}).items()}
        return Claim(
            id=_text(entry_id),
            name=fields.get("name", ""),
            args=json.loads(fields.get("args", "{}")),
            attempt=attempt,
            holder=holder,
        )

    def _completion_key(self, claim: Claim) -> str:
        return f"{self.stream}:{claim.id}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
