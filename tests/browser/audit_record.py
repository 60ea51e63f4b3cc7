"""Recording what the browser suite finds, for the accessibility statement.

The axe matrix hands every run to `record` (page type, and from the page
itself its language, theme, viewport and address) with all of axe's
violations; every browser test's outcome is counted per file. With
`MANCHETTE_WRITE_AUDIT=1` the session's results replace
`src/manchette/ui/accessibility/audit.json`, which the statement page and
every footer are rendered from. Without it nothing is written, so an
ordinary run (or one narrowed with `-k`) never rewrites the committed
audit. `tests/ui/test_accessibility_statement.py` fails when the
committed file misses a page type or a combination the matrix tests.

Registered as a plugin by tests/browser/conftest.py.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from manchette.ui.accessibility.audit import AUDIT_FILE

WRITE_VARIABLE = "MANCHETTE_WRITE_AUDIT"
# The axe matrix is the audit's runs; the other files are its scripted checks.
MATRIX_MODULE = "test_axe_matrix"


class Recorder:
    def __init__(self) -> None:
        self.runs: list[dict[str, Any]] = []
        self.checks: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.tools: dict[str, str] = {}
        self.standards: dict[str, list[str]] = {}

    def record(
        self,
        page: Page,
        page_type: str,
        violations: list[Any],
        standards: dict[str, tuple[str, ...]],
    ) -> None:
        facts = page.evaluate(
            """() => ({lang: document.documentElement.lang,
                       theme: document.documentElement.dataset.theme,
                       axe: axe.version})"""
        )
        if not self.tools:
            browser = page.context.browser
            self.tools = {
                "manchette": version("manchette"),
                "axe_core": facts["axe"],
                "chromium": browser.version if browser else "",
                "playwright": version("playwright"),
            }
        self.standards.update({name: sorted(tags) for name, tags in standards.items()})
        viewport = page.viewport_size or {"width": 0}
        self.runs.append(
            {
                "page_type": page_type,
                "locale": facts["lang"],
                # Without a contrast cookie the server sends "auto" (follow the system),
                # which in the matrix's browser is the default palette.
                "theme": "high" if facts["theme"] == "high" else "default",
                "viewport": viewport["width"],
                "path": urlsplit(page.url).path,
                "violations": [
                    {
                        "id": v["id"],
                        "impact": v["impact"],
                        "help": v["help"],
                        "tags": sorted(v["tags"]),
                        "nodes": len(v["nodes"]),
                    }
                    for v in violations
                ],
            }
        )

    def as_json(self) -> dict[str, Any]:
        order = {
            page_type: n
            for n, page_type in enumerate(dict.fromkeys(r["page_type"] for r in self.runs))
        }
        runs = sorted(
            self.runs,
            key=lambda r: (order[r["page_type"]], r["locale"] != "fr", r["theme"], -r["viewport"]),
        )
        return {
            "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "tools": self.tools,
            "standards": self.standards,
            "runs": runs,
            "checks": {
                module: dict(sorted(c.items())) for module, c in sorted(self.checks.items())
            },
        }


RECORDER = Recorder()


def record(
    page: Page, page_type: str, violations: list[Any], standards: dict[str, tuple[str, ...]]
) -> None:
    """Keep one axe run of the matrix for the audit file."""
    RECORDER.record(page, page_type, violations, standards)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count each browser test once: its call, or the setup that failed or skipped it."""
    path = report.nodeid.split("::")[0]
    if not path.startswith("tests/browser/"):
        return
    module = Path(path).stem
    if module == MATRIX_MODULE:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        RECORDER.checks[module][report.outcome] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get(WRITE_VARIABLE, "") != "1" or not RECORDER.runs:
        return
    text = json.dumps(RECORDER.as_json(), ensure_ascii=False, indent=1)
    AUDIT_FILE.write_text(text + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if os.environ.get(WRITE_VARIABLE, "") == "1" and RECORDER.runs:
        terminalreporter.write_line(
            f"accessibility audit: {len(RECORDER.runs)} axe runs written to {AUDIT_FILE}"
        )
