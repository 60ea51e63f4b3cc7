"""Named tasks: what a worker may run, and which of them come back on their own.

A task is a function taking JSON-serialisable keyword arguments. Workers in
other processes find it by name, so every module declaring tasks is listed
in `MODULES` (or given to `manchette worker --import`) and imported before
the first task runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

TaskFunction = Callable[..., object]

MODULES = [
    "manchette.news.scheduler",
    "manchette.pagecache.refresh_tasks",
    "manchette.tasks.maintenance",
]
"""Modules that declare tasks, imported by `discover()`."""


@dataclass(frozen=True, slots=True)
class TaskSpec:
    name: str
    function: TaskFunction
    atomic: bool
    """Run in one database transaction that also records the completion: a task
    whose worker died, or whose lease was taken over, leaves none of its writes."""
    max_attempts: int
    every: Callable[[], int] | None
    """Seconds between two runs for timed work; None for tasks run on demand."""


_specs: dict[str, TaskSpec] = {}


def task(
    name: str,
    *,
    atomic: bool = False,
    max_attempts: int = 3,
    every: Callable[[], int] | None = None,
) -> Callable[[TaskFunction], TaskFunction]:
    """Declare the decorated function as the task `name` (declaring it again replaces it)."""

    def declare(function: TaskFunction) -> TaskFunction:
        _specs[name] = TaskSpec(name, function, atomic, max(1, max_attempts), every)
        return function

    return declare


def forget(name: str) -> None:
    _specs.pop(name, None)


def lookup(name: str) -> TaskSpec | None:
    return _specs.get(name)


def periodic() -> list[TaskSpec]:
    return [spec for spec in _specs.values() if spec.every is not None]


def discover(extra: list[str] | None = None) -> None:
    """Import every module that declares tasks (idempotent, as imports are)."""
    for module in [*MODULES, *(extra or [])]:
        importlib.import_module(module)
