"""Setting up the demo site: its sections and providers, then its dispatches.

The dispatches go through the same ingestion pipeline as any agency's, with
their times moved so the newest one is "now" and the site looks live.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from manchette.news.services import provider_ensure, section_ensure, subject_mapping_ensure
from manchette.wires.formats import parse
from manchette.wires.ingest import IngestReport, ingest_paths, ingest_shift_to, wire_files

DEMO_DIR = Path(__file__).resolve().parent
CONTENT_DIR = DEMO_DIR / "content"
SITE_CONFIG = DEMO_DIR / "site.json"


@transaction.atomic
def load_site(config_path: Path = SITE_CONFIG) -> dict[str, int]:
    """Create or update the demo's sections, providers and subject mappings."""
    config: dict[str, Any] = json.loads(config_path.read_text(encoding="utf-8"))
    for section in config["sections"]:
        section_ensure(
            path=section["path"],
            name=section["name"],
            name_en=section.get("name_en", ""),
            position=section.get("position", 0),
        )
    for provider in config["providers"]:
        provider_ensure(
            code=provider["code"],
            name=provider["name"],
            partner=provider.get("partner", ""),
            licence=provider.get("licence", ""),
            default_section=provider.get("default_section", ""),
        )
    for mapping in config["subjects"]:
        subject_mapping_ensure(code=mapping["code"], section=mapping["section"])
    return {key: len(config[key]) for key in ("sections", "providers", "subjects")}


def newest_dispatch_time(folder: Path) -> datetime:
    return max(
        dispatch.version_created
        for path, _root in wire_files([folder])
        for dispatch in parse(path.read_bytes())
    )


def ingest_demo(folder: Path = CONTENT_DIR, *, now: datetime | None = None) -> IngestReport:
    """Ingest the demo dispatches, shifted so the newest one is dated `now`."""
    delta = (now or timezone.now()) - newest_dispatch_time(folder)
    return ingest_paths([folder], transform=ingest_shift_to(delta))
