"""The WSGI application as the workers of `manchette serve` (Granian) load it: with their
stop signals relayed to the main thread that waits for them (`ui.stop_signals`)."""

from __future__ import annotations

from manchette.ui.stop_signals import relay_stop_signals
from manchette.wsgi import application

__all__ = ["application"]

relay_stop_signals()
