"""Views counted by the real server's workers are written when the server stops.

Embedded backend: each worker keeps its counts for a few seconds; a clean stop
(a deploy, a restart) must not lose them.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from tests.cli import manchette, scratch_database
from tests.test_server import _serve, fetch
from tests.wires.test_ingest_command import ninjs, write

READERS = 12


def test_views_counted_just_before_a_stop_are_kept(tmp_path: Path, settings) -> None:
    if settings.REDIS_URL:
        pytest.skip("the Redis backend writes each view at once; this is the embedded one")
    data = tmp_path / "site"
    write(tmp_path / "in", "a.json", ninjs("urn:stop:a", 1, 0, "Le quai se vide"))
    with scratch_database() as database:
        manchette("migrate", "-v", "0", data_dir=data, **database)
        manchette("ingest", str(tmp_path / "in"), data_dir=data, **database)
        server = _serve(data, database)
        site, _ = next(server)
        _, _, home = fetch(site + "/")
        path = re.search(r'href="(/[^"]+/actualites/le-quai-se-vide-[a-z0-9]{10})"', home.decode())
        assert path
        beacon = re.search(r'data-beacon="([^"]+)"', fetch(site + path.group(1))[2].decode())
        assert beacon
        for n in range(READERS):
            view = urllib.request.Request(
                site + beacon.group(1),
                data=b"",
                method="POST",
                headers={"User-Agent": f"Mozilla/5.0 (X11; Linux x86_64) Lecteur/{n}"},
            )
            with urllib.request.urlopen(view, timeout=10) as answer:
                assert answer.status == 204
        server.close()  # at once: well within the few seconds between writes
        counted = manchette(
            "shell",
            "-c",
            "from manchette.popularity.models import SeenReader;print(SeenReader.objects.count())",
            data_dir=data,
            **database,
        )
    assert counted.stdout.strip().splitlines()[-1] == str(READERS)
