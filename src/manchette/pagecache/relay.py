"""Renders shared by the app processes of one machine.

`flights` makes the readers of one process share a render; each process
still rendered the page itself after every change, and under a stream of
comments two processes did twice the work one did (measured: one worker
process accepted 361 comments a second where two accepted 255). So the
process that renders a page takes its slot in a lock file first; a process
that finds the slot taken waits for it, then reads the page that render
left in the slot's file, and answers with it if it is new enough for its
readers (`flights.new_enough`), else renders it in turn.

Slots are byte-range locks (`fcntl.lockf`), which the kernel releases if
the process dies. They belong to a process, not a thread: two pages of one
process that share a slot do not exclude each other, which costs at most
a render done twice.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import pickle
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from manchette.pagecache.entries import Entry

logger = logging.getLogger(__name__)

SLOTS = 1024
"""At most this many pages are left on disk for other processes (about 60 KB each)."""
_POLL_SECONDS = 0.001


@dataclass(slots=True)
class Turn:
    held: bool
    """Whether this process holds the slot (False past the deadline: it renders anyway)."""
    waited: bool
    """Whether another process held it first: its render may be in the slot's file."""


@dataclass(frozen=True, slots=True)
class Relayed:
    key: str
    page: Entry
    epoch: int


class Relay:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._fd = -1
        self._pid = 0

    def _lock_file(self) -> int:
        # Opened once per process: a forked worker must not share its parent's descriptor.
        if self._pid != os.getpid():
            self._folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self._folder / "slots.lock", os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    @contextmanager
    def turn(self, key: str, deadline: float) -> Iterator[Turn]:
        """Hold `key`'s slot on this machine until the block ends, waiting for it until
        `deadline` (time.monotonic())."""
        turn = Turn(held=False, waited=False)
        slot = _slot(key)
        try:
            fd = self._lock_file()
        except OSError:
            # Sharing renders saves work; without it (a data folder it cannot write) the
            # page is still rendered.
            logger.warning("render relay unavailable in %s", self._folder, exc_info=True)
            yield turn
            return
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, slot)
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    logger.warning("render relay: could not lock a slot", exc_info=True)
                    break
                turn.waited = True
                if time.monotonic() >= deadline:
                    break
                time.sleep(_POLL_SECONDS)
                continue
            turn.held = True
            break
        try:
            yield turn
        finally:
            if turn.held:
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, slot)

    def publish(self, key: str, page: Entry, epoch: int) -> None:
        """Leave the page rendered since `epoch` in its slot for the processes waiting."""
        data = pickle.dumps(Relayed(key, page, epoch), protocol=5)
        try:
            handle, temporary = tempfile.mkstemp(dir=self._folder, prefix=".render-")
        except OSError:
            logger.warning("render relay: could not write in %s", self._folder, exc_info=True)
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self._path(key))
        except OSError:
            # The other processes render the page themselves; the reader has it already.
            Path(temporary).unlink(missing_ok=True)
            logger.warning("render relay: could not write in %s", self._folder, exc_info=True)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def taken(self, key: str) -> Relayed | None:
        """The render of `key` another process left in its slot, if the slot holds one."""
        try:
            found = pickle.loads(self._path(key).read_bytes())  # noqa: S301 - written by this code
        except OSError:  # none left yet, or a slot file it cannot read
            return None
        except (pickle.UnpicklingError, AttributeError, EOFError, TypeError, ValueError):
            return None  # left by an older release
        return found if isinstance(found, Relayed) and found.key == key else None

    def _path(self, key: str) -> Path:
        return self._folder / f"{_slot(key)}.render"


def _slot(key: str) -> int:
    return zlib.crc32(key.encode()) % SLOTS
