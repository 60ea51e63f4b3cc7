"""Stop signals reach the main thread, whichever thread the kernel gave them to.

The server's processes (Granian's master and its workers) wait for a stop
signal in their main thread, blocked on a lock. The kernel may hand a signal
sent to a process to any of its threads; one that lands on another thread
(Granian's own, or ours) only marks the handler as due, and the main thread,
blocked, never runs it: the process never stops, and whoever stops the server
waits on it for ever (seen in the test suite). Here the signals' wakeup
descriptor tells a small thread of each stop signal, and that thread sends it
once more, to the main thread, whose wait it interrupts; a handler run twice
only asks for the same stop twice.
"""

from __future__ import annotations

import os
import signal
import threading

_STOP = frozenset({signal.SIGINT, signal.SIGTERM})


def relay_stop_signals() -> None:
    """Relay this process's stop signals to its main thread (call it from there)."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set the wakeup descriptor
    main = threading.main_thread().ident
    if main is None:
        return
    read, write = os.pipe()
    os.set_blocking(write, False)  # a full pipe must never block a signal handler
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)

    def forget() -> None:
        # A forked worker must not write its own signals into its parent's pipe.
        signal.set_wakeup_fd(-1)
        os.close(read)
        os.close(write)

    os.register_at_fork(after_in_child=forget)

    def relay() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP)  # never this thread's to take
        relayed: set[int] = set()
        while True:
            for number in os.read(read, 64):
                if number in _STOP and number not in relayed:
                    relayed.add(number)  # once: the main thread's own copy comes back here
                    signal.pthread_kill(main, number)

    threading.Thread(target=relay, name="manchette-stop-signals", daemon=True).start()
