from __future__ import annotations

from typing import Any

from django import template

from manchette.ui.accessibility import audit

register = template.Library()


@register.inclusion_tag("accessibility/footer.html")
def accessibility_status() -> dict[str, Any]:
    """The footer line: the conformance level the audit supports, linking to the statement."""
    return {"level": audit.current_audit().level}
