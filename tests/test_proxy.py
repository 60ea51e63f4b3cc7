"""nginx with deploy/nginx.conf in front of the real server: it caches pages and refreshes
exactly those that change, told by the app (MANCHETTE_PURGE_URLS)."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import manchette, scratch_database
from tests.conftest import REPO_ROOT
from tests.test_server import _serve, free_port, wait_for
from tests.wires.test_ingest_command import ninjs, write

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUID = "urn:proxy:a"


def _nginx_available() -> None:
    if Path(NGINX).exists():
        return
    if os.environ.get("MANCHETTE_REQUIRE_SERVICES") == "1":
        pytest.fail("nginx is required for the proxy test (apt-get install nginx)")
    pytest.skip("nginx not installed (apt-get install nginx-light or nginx)")


def _nginx_config(folder: Path, *, listen: int, app: int) -> Path:
    site = (REPO_ROOT / "deploy" / "nginx.conf").read_text()
    for shipped, local in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app};"),
        ("listen 80;", f"listen 127.0.0.1:{listen};"),
        ("/var/cache/nginx/manchette", str(folder / "cache")),
    ):
        assert shipped in site, f"deploy/nginx.conf no longer has {shipped!r}"
        site = site.replace(shipped, local)
    (folder / "manchette.conf").write_text(site)
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}\nworker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'};\nevents {{ worker_connections 256; }}\n"
        f"http {{\n access_log off;\n{temp}\n include {folder / 'manchette.conf'};\n}}\n"
    )
    return main


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    _nginx_available()
    data = tmp_path_factory.mktemp("proxied-site")
    inbox = tmp_path_factory.mktemp("proxied-inbox")
    folder = tmp_path_factory.mktemp("nginx")
    write(inbox, "a.json", ninjs(GUID, 1, 0, "Le bac reprend la mer"))
    listen = free_port()
    front = f"http://127.0.0.1:{listen}"
    services = {"REDIS_URL": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}
    with scratch_database() as database:
        settings = {
            **database,
            **services,
            "MANCHETTE_PURGE_URLS": front,
            "MANCHETTE_SITE_URL": front,
        }
        manchette("migrate", "-v", "0", data_dir=data, **settings)
        manchette("ingest", str(inbox), data_dir=data, **settings)
        for app_url, _ in _serve(data, settings):
            app = int(app_url.rsplit(":", 1)[1])
            config = _nginx_config(folder, listen=listen, app=app)
            nginx = subprocess.Popen(
                [NGINX, "-c", str(config), "-p", str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                wait_for(listen, nginx)
                yield front, data, settings
            finally:
                nginx.terminate()
                nginx.wait(timeout=10)


def through(url: str, cookie: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.status,
                response.headers.get("X-Proxy-Cache", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Proxy-Cache", ""), error.read().decode()


def article_url(front: str) -> str:
    _, _, home = through(front + "/")
    found = re.search(r'href="(/[^"]+/actualites/le-bac-reprend-la-mer-[a-z0-9]{10})"', home)
    assert found
    return front + found.group(1)


def test_the_stored_copy_is_sent_compressed_or_unpacked_as_the_reader_asks(proxied):
    front, _, _ = proxied
    # The home page: each test empties the page cache's Redis keys (tests/conftest.py),
    # the app's addresses among them, so the next test's article must be first read there.
    url = front + "/"
    through(url)
    through(url)
    raw = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(raw, timeout=10) as response:
        packed = response.read()
        assert response.headers["X-Proxy-Cache"] == "HIT"
        assert response.headers["Content-Encoding"] == "gzip"
    status, cached, plain = through(url)  # urllib asks for no coding
    assert (status, cached) == (200, "HIT")
    assert gzip.decompress(packed).decode() == plain
    assert "Le bac reprend la mer" in plain


def test_the_proxy_keeps_pages_and_refreshes_the_changed_ones(proxied, tmp_path):
    front, data, settings = proxied
    url = article_url(front)
    # The first view also ranks the article's read-also block, so the app stores the
    # page (and lets the proxy keep it) from the second on.
    through(url)
    through(url)
    status, cached, _ = through(url)
    assert (status, cached) == (200, "HIT")
    # A reader with the high contrast: the home page has a stored copy for that choice.
    through(front + "/", "contraste=high")
    assert "Le bac reprend" in through(front + "/", "contraste=high")[2]

    write(
        tmp_path,
        "v2.json",
        ninjs(
            GUID,
            2,
            5,
            "Le bac reprend la mer",
            descriptions=[{"role": "summary", "value": "La houle est tombée."}],
        ),
    )
    manchette("ingest", str(tmp_path / "v2.json"), data_dir=data, **settings)
    status, cached, fresh = through(url)
    assert status == 200 and cached == "HIT", "the refreshed page is already stored"
    assert "La houle est tombée." in fresh

    # The home page lists it: its high-contrast copy, which a reader took, is refreshed too.
    assert through(front + "/", "contraste=high")[1] == "HIT"

    write(tmp_path, "v3.json", ninjs(GUID, 3, 9, "Le bac reprend la mer", pubstatus="canceled"))
    manchette("ingest", str(tmp_path / "v3.json"), data_dir=data, **settings)
    assert through(url)[0] == 410
    assert "Le bac reprend" not in through(front + "/", "contraste=high")[2]


def test_signed_in_readers_go_past_the_proxy(proxied):
    front, _, _ = proxied
    through(front + "/")
    assert through(front + "/")[1] == "HIT"
    assert through(front + "/", "sessionid=whatever")[1] == "BYPASS"
