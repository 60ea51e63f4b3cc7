"""nginx with deploy/nginx.conf in front of the real server: it caches pages and refreshes
exactly those that change, told by the app (MANCHETTE_PURGE_URLS)."""

from __future__ import annotations

import gzip
import importlib.util
import os
import re
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.cli import manchette, scratch_database
from tests.conftest import REPO_ROOT
from tests.test_server import _serve, free_port
from tests.wires.test_ingest_command import ninjs, write

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUID = "urn:proxy:a"


def _nginx_available() -> None:
    if Path(NGINX).exists():
        return
    if os.environ.get("MANCHETTE_REQUIRE_SERVICES") == "1":
        pytest.fail("nginx is required for the proxy test (apt-get install nginx)")
    pytest.skip("nginx not installed (apt-get install nginx-light or nginx)")


def _bench_server() -> ModuleType:
    """bench/_server.py, which starts nginx with deploy/nginx.conf for the benches too."""
    spec = importlib.util.spec_from_file_location(
        "bench_server", REPO_ROOT / "bench" / "_server.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


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
            bench = _bench_server()
            nginx = bench.nginx_front(folder, listen, app, nginx=NGINX)
            try:
                yield front, data, settings
            finally:
                bench.stop(nginx, seconds=10)


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
