"""What the browser suite found, read from `audit.json`, and the conformance it supports.

The browser tests write `audit.json` when run with `MANCHETTE_WRITE_AUDIT=1`
(see tests/browser/audit_record.py): one entry per axe-core run (page type,
language, theme, viewport and every violation) and how each file of
scripted checks fared. The file is committed with the code, so the
statement a site shows describes the version it runs, not a hand-written
claim.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

AUDIT_FILE = Path(__file__).resolve().parent / "audit.json"
BLOCKING = ("serious", "critical")


class Level(StrEnum):
    """RGAA's conformance levels, less "totally compliant".

    Totally compliant means all 106 RGAA criteria were met in a full audit,
    which takes a person: automated and scripted checks cover a part of the
    criteria, so the best they can support is "partially compliant".
    """

    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    impact: str
    help: str
    tags: frozenset[str]
    nodes: int


@dataclass(frozen=True, slots=True)
class Run:
    """One axe-core run: a page type in a language, theme and viewport."""

    page_type: str
    locale: str
    theme: str
    viewport: int
    path: str
    violations: tuple[Violation, ...]


@dataclass(frozen=True, slots=True)
class Checks:
    """How the tests of one file of scripted checks (keyboard, contrast…) fared."""

    module: str
    passed: int
    failed: int
    skipped: int


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule broken in a serious or critical way, with where it was seen."""

    rule: str
    impact: str
    help: str
    standards: tuple[str, ...]
    page_types: tuple[str, ...]


@dataclass(frozen=True)
class Audit:
    generated_at: datetime | None
    tools: dict[str, str]
    standards: dict[str, frozenset[str]]
    runs: tuple[Run, ...]
    checks: tuple[Checks, ...]

    @property
    def page_types(self) -> list[str]:
        return list(dict.fromkeys(run.page_type for run in self.runs))

    def blocking(self, run: Run) -> list[Violation]:
        """The run's serious and critical violations of a rule of a standard audited."""
        tags = frozenset().union(*self.standards.values())
        return [v for v in run.violations if v.impact in BLOCKING and v.tags & tags]

    @property
    def clean_runs(self) -> int:
        return sum(1 for run in self.runs if not self.blocking(run))

    @property
    def failed_checks(self) -> int:
        return sum(checks.failed for checks in self.checks)

    @property
    def findings(self) -> list[Finding]:
        seen: dict[str, tuple[Violation, dict[str, None]]] = {}
        for run in self.runs:
            for violation in self.blocking(run):
                _, pages = seen.setdefault(violation.rule, (violation, {}))
                pages[run.page_type] = None
        return [
            Finding(
                rule=rule,
                impact=violation.impact,
                help=violation.help,
                standards=tuple(
                    name for name, tags in self.standards.items() if violation.tags & tags
                ),
                page_types=tuple(pages),
            )
            for rule, (violation, pages) in seen.items()
        ]

    @functools.cached_property  # every footer shows it
    def level(self) -> Level:
        """Partially compliant while at least half of the pages audited pass, else not.

        RGAA counts criteria met; without a criterion-by-criterion audit, the
        share of page views free of serious violations stands in for it.
        An audit with no runs supports no claim at all.
        """
        if not self.runs:
            return Level.NONE
        return Level.PARTIAL if self.clean_runs * 2 >= len(self.runs) else Level.NONE


def parse_audit(data: dict[str, Any]) -> Audit:
    generated = data.get("generated_at")
    return Audit(
        generated_at=datetime.fromisoformat(generated) if generated else None,
        tools=dict(data.get("tools", {})),
        standards={name: frozenset(tags) for name, tags in data.get("standards", {}).items()},
        runs=tuple(
            Run(
                page_type=run["page_type"],
                locale=run["locale"],
                theme=run["theme"],
                viewport=int(run["viewport"]),
                path=run["path"],
                violations=tuple(
                    Violation(
                        rule=v["id"],
                        impact=v["impact"] or "",
                        help=v["help"],
                        tags=frozenset(v["tags"]),
                        nodes=int(v["nodes"]),
                    )
                    for v in run["violations"]
                ),
            )
            for run in data.get("runs", [])
        ),
        checks=tuple(
            Checks(
                module=module,
                passed=counts.get("passed", 0),
                failed=counts.get("failed", 0),
                skipped=counts.get("skipped", 0),
            )
            for module, counts in data.get("checks", {}).items()
        ),
    )


def read_audit(path: Path) -> Audit:
    """The audit in `path`; an empty one (no claim) when the file is missing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    return parse_audit(data)


@functools.cache
def current_audit() -> Audit:
    """The committed audit, read once per process: it changes only with the code."""
    return read_audit(AUDIT_FILE)
