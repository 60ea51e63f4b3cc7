"""The accessibility statement, rendered from the committed browser-test audit."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from manchette.ui.accessibility import audit, labels


def statement(request: HttpRequest) -> HttpResponse:
    results = audit.current_audit()
    runs = results.runs
    contact = settings.MANCHETTE_ACCESSIBILITY_CONTACT
    return render(
        request,
        "accessibility/statement.html",
        {
            "audit": results,
            "level": results.level,
            "pages": [
                {
                    "label": labels.page_type_label(page_type),
                    "path": next(run.path for run in runs if run.page_type == page_type),
                }
                for page_type in results.page_types
            ],
            "locales": sorted({run.locale for run in runs}),
            "viewports": sorted({run.viewport for run in runs}, reverse=True),
            "themes": len({run.theme for run in runs}),
            "clean_percent": round(100 * results.clean_runs / len(runs)) if runs else 0,
            "findings": [
                {
                    "finding": finding,
                    "pages": [labels.page_type_label(p) for p in finding.page_types],
                }
                for finding in results.findings
            ],
            "checks": [
                {"label": labels.checks_label(checks.module), "result": checks}
                for checks in results.checks
            ],
            "contact": contact,
            "contact_is_email": "@" in contact and "://" not in contact,
        },
    )
