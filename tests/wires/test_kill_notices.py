"""An NITF document that kills another story takes that story down everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from manchette.news.models import Article
from tests.pages import get_page

pytestmark = pytest.mark.django_db


def nitf(
    doc_id: str, issued: str, *, headline: str, docdata_attrs: str = "", version: str = ""
) -> str:
    du_key = f'<du-key key="tempete" version="{version}"/>' if version else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<nitf><head><docdata"
        f"{docdata_attrs}>"
        f'<doc-id id-string="{doc_id}"/>'
        f'<date.issue norm="{issued}"/>{du_key}'
        '</docdata><pubdata type="web"/></head>'
        "<body><body.head><hedline>"
        f"<hl1>{headline}</hl1></hedline>"
        "<distributor>Agence Hexagone</distributor></body.head>"
        "<body.content><p>La tempête a touché la côte dans la nuit.</p></body.content>"
        "</body></nitf>"
    )


STORY = nitf(
    "hex.2026.tempete",
    "20261120T080000+0100",
    headline="Une tempête frappe la côte atlantique",
    version="3",
)
KILL = nitf(
    "hex.2026.tempete.kill",
    "20261120T093000+0100",
    headline="KILL : Une tempête frappe la côte atlantique",
    docdata_attrs=(
        ' management-status="canceled" management-doc-idref="hex.2026.tempete"'
        ' management-idref-status="canceled"'
    ),
)


def ingest(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    call_command("ingest", str(folder / name), verbosity=0)


def story() -> Article:
    return Article.objects.get(guid="hex.2026.tempete")


def test_the_named_story_is_killed_and_answers_gone(client, tmp_path):
    ingest(tmp_path / "in", "story.xml", STORY)
    url = story().get_absolute_url()
    get_page(client, url)
    assert "Une tempête frappe" in get_page(client, "/").get_text()

    ingest(tmp_path / "in", "kill.xml", KILL)

    killed = story()
    assert killed.status == Article.Status.KILLED
    get_page(client, url, status=410)
    assert "Une tempête frappe" not in get_page(client, "/").get_text()
    # The story's history keeps its own version and the kill, which names the notice.
    assert [(v.pub_status, v.ed_note) for v in killed.versions.order_by("version_created")] == [
        ("usable", ""),
        ("canceled", "canceled by NITF document hex.2026.tempete.kill"),
    ]


def test_a_story_arriving_after_its_kill_stays_down(client, tmp_path):
    # The kill arrived first (feeds do reorder); the story's own version
    # number cannot outrank it, its earlier time decides.
    ingest(tmp_path / "in", "kill.xml", KILL)
    ingest(tmp_path / "in", "story.xml", STORY)
    assert story().status == Article.Status.KILLED
    assert "Une tempête frappe" not in get_page(client, "/").get_text()


def test_check_shows_the_kill_of_the_named_story(tmp_path, capsys):
    (tmp_path / "kill.xml").write_text(KILL, encoding="utf-8")
    call_command("ingest", str(tmp_path / "kill.xml"), check=True)
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["guid"], r["status"]) for r in records] == [
        ("hex.2026.tempete", "canceled"),
        ("hex.2026.tempete.kill", "canceled"),
    ]
