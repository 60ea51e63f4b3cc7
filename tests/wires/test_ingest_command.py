"""`manchette ingest PATH...`: files and folders in, a summary out, every file accounted for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from manchette.news.models import Article, ArticleVersion, Figure
from tests.factories import jpeg

pytestmark = pytest.mark.django_db


def ninjs(
    guid: str, version: int, minute: int, headline: str, **extra: object
) -> dict[str, object]:
    return {
        "uri": guid,
        "type": "text",
        "version": str(version),
        "versioncreated": f"2026-11-20T10:{minute:02d}:00+01:00",
        "firstcreated": "2026-11-20T10:00:00+01:00",
        "pubstatus": "usable",
        "language": "fr",
        "infosources": [{"literal": "HEX", "name": "Agence Hexagone"}],
        "headlines": [{"role": "main", "value": headline}],
        "descriptions": [{"role": "summary", "value": "Le chapô."}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Le corps.</p>"}],
        **extra,
    }


def write(folder: Path, name: str, item: dict[str, object] | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(item if isinstance(item, str) else json.dumps(item), encoding="utf-8")
    return path


def run(*paths: Path, **options) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_folder_is_ingested_recursively_with_a_summary(tmp_path):
    write(tmp_path, "a.json", ninjs("urn:a", 1, 0, "Première"))
    write(tmp_path, "sub/b.json", ninjs("urn:b", 1, 1, "Deuxième"))
    write(tmp_path, "sub/b-v2.json", ninjs("urn:b", 2, 5, "Deuxième, mise à jour"))
    write(tmp_path, "notes.md", "not a wire file, skipped in folders")
    out, _ = run(tmp_path)
    assert out.strip().endswith("2 created, 1 updated, 0 unchanged, 0 rejected")
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Deuxième, mise à jour",
        "Première",
    ]


def test_ingesting_again_changes_nothing(tmp_path):
    write(tmp_path, "a.json", ninjs("urn:a", 1, 0, "Première"))
    run(tmp_path)
    out, _ = run(tmp_path)
    assert out.strip().endswith("0 created, 0 updated, 1 unchanged, 0 rejected")
    assert ArticleVersion.objects.count() == 1


def test_versions_in_one_batch_apply_oldest_first_whatever_the_file_names(tmp_path):
    write(tmp_path, "1.json", ninjs("urn:a", 3, 30, "Version 3"))
    write(tmp_path, "2.json", ninjs("urn:a", 1, 10, "Version 1"))
    write(tmp_path, "3.json", ninjs("urn:a", 2, 20, "Version 2"))
    out, _ = run(tmp_path)
    assert "1 created, 2 updated" in out
    assert Article.objects.get().headline == "Version 3"


def test_rejected_files_are_named_with_a_reason_and_never_stop_the_others(tmp_path):
    write(tmp_path, "a-broken.json", '{"uri": "urn:x", ')
    write(tmp_path, "b-good.json", ninjs("urn:a", 1, 0, "Bonne"))
    write(tmp_path, "c-nostatus.json", ninjs("urn:c", 1, 0, "Statut", pubstatus="draft"))
    (tmp_path / "d-latin1.json").write_bytes('{"uri": "é"}'.encode("latin-1"))
    write(tmp_path, "e-empty.json", "")
    with pytest.raises(CommandError) as failure:
        run(tmp_path)
    assert failure.value.returncode == 1
    assert Article.objects.get().headline == "Bonne"


def test_the_report_lists_each_rejection(tmp_path, capsys):
    from manchette.wires.ingest import ingest_paths

    broken = write(tmp_path, "broken.json", '{"uri": "urn:x", ')
    write(tmp_path, "good.json", ninjs("urn:a", 1, 0, "Bonne"))
    report = ingest_paths([tmp_path])
    assert report.summary() == "1 created, 0 updated, 0 unchanged, 1 rejected"
    [(label, reason)] = report.rejected
    assert label == str(broken)
    assert "line 1" in reason


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        run(tmp_path / "absent")


def test_pictures_beside_the_dispatches_are_stored(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "port.jpg").write_bytes(jpeg(1200, 800))
    write(
        tmp_path,
        "dispatches/a.json",
        ninjs(
            "urn:a",
            1,
            0,
            "Avec image",
            associations=[
                {
                    "name": "featuremedia",
                    "type": "picture",
                    "uri": "urn:pic",
                    "by": "JEANNE MARTIN",
                    "copyrightholder": "HEX",
                    "descriptions": [
                        {"role": "caption", "value": "Le port."},
                        {"role": "alt", "value": "Des grues."},
                    ],
                    "renditions": [
                        {
                            "name": "original",
                            "href": "pictures/port.jpg",
                            "width": 1200,
                            "height": 800,
                            "contenttype": "image/jpeg",
                        }
                    ],
                }
            ],
        ),
    )
    run(tmp_path)
    figure = Figure.objects.get()
    assert (figure.width, figure.height, figure.credit) == (1200, 800, "HEX / JEANNE MARTIN")


def test_a_picture_outside_the_ingested_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg())
    inbox = tmp_path / "inbox"
    write(
        inbox,
        "a.json",
        ninjs(
            "urn:a",
            1,
            0,
            "Curieuse",
            associations=[
                {
                    "type": "picture",
                    "renditions": [{"href": "../secret.jpg"}],
                }
            ],
        ),
    )
    _, err = run(inbox)
    assert "outside the ingested folder" in err
    assert Figure.objects.count() == 0
    assert Article.objects.count() == 1


def test_the_provider_option_names_the_agency_of_anonymous_dispatches(tmp_path):
    item = ninjs("urn:a", 1, 0, "Anonyme")
    del item["infosources"]
    write(tmp_path, "a.json", item)
    with pytest.raises(CommandError):
        run(tmp_path)
    run(tmp_path, provider="AFP")
    assert Article.objects.get().provider.code == "AFP"


def test_the_real_ninjs_files_of_agencies_ingest(wire_fixtures, capsys):
    """Every third-party ninjs file either ingests or is rejected for a stated reason."""
    from manchette.wires.ingest import ingest_paths

    folder = wire_fixtures / "ninjs"
    report = ingest_paths([folder], provider_code="AGENCE")
    accounted = report.created + report.updated + report.unchanged + len(report.rejected)
    assert accounted >= len(list(folder.glob("*.json")))
    assert all(reason for _, reason in report.rejected)
    assert report.created >= 12
    # The TT story (2.1 and 3.0 are the same item) is applied once, then unchanged.
    tt = Article.objects.filter(guid="http://tt.se/media/text/210526-militarovning-a0f2d045")
    assert tt.count() == 1
    assert report.ok or {label.split(" [")[0] for label, _ in report.rejected} <= {
        str(p) for p in folder.glob("*.json")
    }


def test_check_parses_without_storing_and_prints_json_lines(tmp_path):
    write(
        tmp_path,
        "a.json",
        ninjs(
            "urn:a",
            2,
            0,
            "Vérifiée",
            by="Camille Durand",
            signals=[{"uri": "http://cv.iptc.org/newscodes/signal/correction"}],
            embargoed="2026-11-21T06:00:00+01:00",
        ),
    )
    write(tmp_path, "b.json", "{broken")
    from io import StringIO

    printed = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(tmp_path), check=True, stdout=printed)
    records = [json.loads(line) for line in printed.getvalue().splitlines()]
    assert records[0] == {
        "file": str(tmp_path / "a.json"),
        "format": "ninjs-2",
        "provider": "HEX",
        "guid": "urn:a",
        "version": "2",
        "version_created": "2026-11-20T10:00:00+01:00",
        "status": "usable",
        "signals": ["correction"],
        "embargo": "2026-11-21T06:00:00+01:00",
        "language": "fr",
        "headline": "Vérifiée",
        "byline": "Camille Durand",
        "subjects": [],
        "pictures": [],
    }
    assert records[1]["file"] == str(tmp_path / "b.json")
    assert "line 1" in records[1]["error"]
    assert Article.objects.count() == 0


def test_quoted_glob_patterns_are_expanded(tmp_path):
    write(tmp_path, "in/a.json", ninjs("urn:g:a", 1, 0, "A"))
    write(tmp_path, "in/sub/b.json", ninjs("urn:g:b", 1, 1, "B"))
    write(tmp_path, "in/c.txt", "not matched")
    out, _ = run(Path(f"{tmp_path}/in/**/*.json"))
    assert "2 created" in out
    with pytest.raises(CommandError, match="no file matches"):
        run(Path(f"{tmp_path}/in/*.nitf"))
