"""The drop folder: settled files taken once, filed under done/ or rejected/ with a reason."""

from __future__ import annotations

import json
import os
import time

import pytest

from manchette.news.models import Article, Figure
from manchette.wires.watch import PROCESSING, watch_once
from tests.factories import jpeg
from tests.wires.test_ingest_command import ninjs

pytestmark = pytest.mark.django_db


def drop(folder, name, content, age_seconds=10):
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    past = time.time() - age_seconds
    os.utime(path, (past, past))
    return path


def test_settled_files_are_ingested_and_moved_to_done(tmp_path):
    drop(tmp_path, "a.json", ninjs("urn:w:a", 1, 0, "Déposée"))
    result = watch_once(tmp_path)
    assert result.done == ["a.json"]
    assert (tmp_path / "done" / "a.json").exists()
    assert not (tmp_path / "a.json").exists()
    assert Article.objects.get().headline == "Déposée"


def test_a_file_still_being_written_is_left_alone(tmp_path):
    drop(tmp_path, "fresh.json", ninjs("urn:w:f", 1, 0, "En cours"), age_seconds=0)
    assert watch_once(tmp_path, settle_seconds=5).done == []
    assert (tmp_path / "fresh.json").exists()
    assert Article.objects.count() == 0


def test_a_rejected_file_goes_to_rejected_with_its_reason(tmp_path):
    drop(tmp_path, "bad.json", "{nope")
    result = watch_once(tmp_path)
    assert [name for name, _ in result.rejected] == ["bad.json"]
    assert (tmp_path / "rejected" / "bad.json").read_text() == "{nope"
    reason = (tmp_path / "rejected" / "bad.json.reason.txt").read_text()
    assert "line 1" in reason


def test_files_left_in_processing_by_a_crash_are_finished_once(tmp_path):
    (tmp_path / PROCESSING).mkdir()
    drop(tmp_path / PROCESSING, "halfway.json", ninjs("urn:w:h", 1, 0, "Reprise"))
    watch_once(tmp_path)
    watch_once(tmp_path)
    assert Article.objects.filter(guid="urn:w:h").count() == 1
    assert (tmp_path / "done" / "halfway.json").exists()


def test_pictures_in_the_drop_folder_are_found(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "p.jpg").write_bytes(jpeg(800, 600))
    drop(
        tmp_path,
        "a.json",
        ninjs(
            "urn:w:p",
            1,
            0,
            "Illustrée",
            associations=[
                {
                    "type": "picture",
                    "renditions": [{"href": "pictures/p.jpg"}],
                    "descriptions": [{"role": "caption", "value": "Une image."}],
                }
            ],
        ),
    )
    watch_once(tmp_path)
    assert Figure.objects.get().width == 800
    assert (tmp_path / "pictures" / "p.jpg").exists()  # only wire files move


def test_a_name_already_in_done_is_not_overwritten(tmp_path):
    drop(tmp_path, "a.json", ninjs("urn:w:1", 1, 0, "Première"))
    watch_once(tmp_path)
    drop(tmp_path, "a.json", ninjs("urn:w:2", 1, 0, "Seconde"))
    watch_once(tmp_path)
    assert len(list((tmp_path / "done").iterdir())) == 2
