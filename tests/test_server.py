"""`manchette serve`: the real HTTP server, static files and pictures included."""

from __future__ import annotations

import ctypes
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest

from manchette.ui.server import WORKERS_KILL_SECONDS
from tests.cli import manchette, manchette_command, manchette_env, scratch_database
from tests.factories import jpeg
from tests.wires.test_ingest_command import ninjs, write

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def fetch(url: str) -> tuple[int, Message, bytes]:
    """Status, headers (names in any case, as HTTP has them) and body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def site_data(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A data folder and database with two stories and a picture."""
    data = tmp_path_factory.mktemp("served")
    inbox = tmp_path_factory.mktemp("inbox")
    (inbox / "pictures").mkdir()
    (inbox / "pictures" / "port.jpg").write_bytes(jpeg(1200, 800))
    write(
        inbox,
        "a.json",
        ninjs(
            "urn:serve:a",
            1,
            0,
            "Le port de Marseille accélère",
            associations=[
                {
                    "type": "picture",
                    "by": "JEANNE MARTIN",
                    "copyrightholder": "HEX",
                    "descriptions": [{"role": "caption", "value": "Le port."}],
                    "renditions": [{"href": "pictures/port.jpg", "width": 1200, "height": 800}],
                }
            ],
        ),
    )
    write(inbox, "b.json", ninjs("urn:serve:b", 1, 5, "Les dockers reprennent le travail"))
    with scratch_database() as database:
        manchette("migrate", "-v", "0", data_dir=data, **database)
        manchette("ingest", str(inbox), data_dir=data, **database)
        yield data, database


@pytest.fixture(scope="module")
def site(site_data: tuple[Path, dict[str, str]]) -> Iterator[tuple[str, Path]]:
    """The site, served on a free port."""
    yield from _serve(*site_data)


def _serve(data: Path, database: dict[str, str]) -> Generator[tuple[str, Path], None, None]:
    with serving(data, database) as (url, _):
        yield url, data


@contextmanager
def serving(
    data: Path, database: dict[str, str], *, workers: int = 2, **env: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`manchette serve` on a free port, its output kept."""
    port = free_port()
    server = subprocess.Popen(
        [
            *manchette_command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env={**manchette_env(data, **database), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(port, server)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait(timeout=20)


def _logged_lines(data: Path, database: dict[str, str], **env: str) -> list[str]:
    """What a server of its own printed about the one request for its home page."""
    # One thread: the second request starts after the first was logged, and is answered
    # before the server is stopped.
    with serving(data, database, workers=1, MANCHETTE_THREADS="1", **env) as (url, server):
        assert fetch(f"{url}/")[0] == 200
        fetch(f"{url}/page-absente")
    output = server.stdout.read() if server.stdout else ""
    return [line for line in output.splitlines() if '"GET / ' in line]


def test_each_request_is_logged_unless_a_proxy_logs_them(site_data):
    data, database = site_data
    assert len(_logged_lines(data, database)) == 1
    assert _logged_lines(data, database, MANCHETTE_ACCESS_LOG="0") == []


def test_the_home_page_is_served_with_its_stories(site):
    url, _ = site
    status, headers, body = fetch(url + "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "Le port de Marseille accélère" in page and "Les dockers reprennent le travail" in page


def test_static_files_have_hashed_names_and_far_future_caching(site):
    url, _ = site
    _, _, body = fetch(url + "/")
    css = re.search(r'href="(/static/ui/manchette\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "the stylesheet is linked under a content-hashed name"
    status, headers, _ = fetch(url + css.group(1))
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    for coding in ("br", "gzip"):
        asked = urllib.request.Request(url + css.group(1), headers={"Accept-Encoding": coding})
        with urllib.request.urlopen(asked, timeout=10) as response:
            assert response.headers["Content-Encoding"] == coding
            assert len(response.read()) < int(headers["Content-Length"])


def test_pages_go_out_compressed_and_revalidate(site):
    url, _ = site
    fetch(url + "/")
    asked = urllib.request.Request(url + "/", headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(asked, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "br"
        etag = response.headers["ETag"]
    again = urllib.request.Request(url + "/", headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(again, timeout=10)
        raise AssertionError("expected 304")
    except urllib.error.HTTPError as answer:
        assert answer.code == 304


def test_pictures_are_served_from_the_site_never_hotlinked(site):
    url, _ = site
    _, _, body = fetch(url + "/")
    src = re.search(r'<img src="(/media/pictures/[^"]+)"', body.decode())
    assert src
    status, headers, picture = fetch(url + src.group(1))
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert picture[:3] == b"\xff\xd8\xff"


def test_an_article_page_and_a_real_404(site):
    url, _ = site
    _, _, body = fetch(url + "/")
    link = re.search(r'href="(/[a-z0-9/-]+/actualites/[a-z0-9-]+)"', body.decode())
    assert link
    assert fetch(url + link.group(1))[0] == 200
    status, _, page = fetch(url + "/nulle-part/actualites/rien-0000000000")
    assert status == 404 and "Page introuvable" in page.decode()


def test_media_paths_cannot_escape_the_media_folder(site):
    url, data = site
    (data / "secret.txt").write_text("secret")
    for path in ("/media/..%2Fsecret.txt", "/media/../secret.txt", "/media/%2e%2e/secret.txt"):
        status, _, body = fetch(url + path)
        assert status in (400, 404), path
        assert b"secret" not in body


def _worker(server: subprocess.Popen[str]) -> int:
    """The pid of the server's one Granian worker (a fork: it has the server's command)."""
    command = Path(f"/proc/{server.pid}/cmdline").read_bytes()
    forks = [c for c in _children(server.pid) if Path(f"/proc/{c}/cmdline").read_bytes() == command]
    assert len(forks) == 1, forks
    return forks[0]


def _stopped(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # ended, not yet reaped by the server


def _last_words(server: subprocess.Popen[str]) -> str:
    """What a server that would not stop printed, once it is killed, and what its
    processes were doing (py-spy, where installed)."""
    stacks = ""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy:
        for pid in [server.pid, *_children(server.pid)]:
            dump = subprocess.run(
                [spy, "dump", "--pid", str(pid)], capture_output=True, text=True, check=False
            )
            stacks += f"--- {pid}\n{dump.stdout}{dump.stderr}"
    server.kill()
    output = server.communicate(timeout=10)[0] or ""
    return f"{output[-4000:]}\n{stacks[-6000:]}"


def _children(pid: int) -> list[int]:
    """The processes `pid` started, from any of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _stop_through_another_thread(pid: int, seconds: float) -> None:
    """SIGTERM to one of the process's threads other than its main one, as the kernel may
    choose to deliver it; then wait for the process to end."""
    sigterm = 1 << (signal.SIGTERM - 1)
    takers = [
        int(task.name)
        for task in Path(f"/proc/{pid}/task").iterdir()
        if int(task.name) != pid
        and not int(re.search(r"SigBlk:\s*(\w+)", (task / "status").read_text())[1], 16) & sigterm
    ]
    assert takers, "the process has no other thread that could take the signal"
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.tgkill(pid, takers[0], signal.SIGTERM) == 0, ctypes.get_errno()
    deadline = time.monotonic() + seconds
    while not _stopped(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_worker_stops_when_its_stop_signal_lands_on_another_of_its_threads(site_data):
    """The kernel may give a signal sent to a worker to any of its threads; the worker
    must stop whichever it is (one once waited for ever, its main thread never told)."""
    with serving(*site_data, workers=1) as (url, server):
        assert fetch(url + "/")[0] == 200  # the worker runs its request threads
        worker = _worker(server)
        _stop_through_another_thread(worker, seconds=15)
        assert _stopped(worker), "the worker did not stop"
        # The server starts another; stopping the server while it starts is another story
        # (the kill timeout's, `ui.server.WORKERS_KILL_SECONDS`).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(url + "/")[0] == 200:
                    break
            except OSError:
                pass  # none listening yet
            time.sleep(0.2)


def test_the_server_stops_when_its_stop_signal_lands_on_another_of_its_threads(site_data):
    with serving(*site_data, workers=1) as (url, server):
        assert fetch(url + "/")[0] == 200
        # Its stop waits for its workers and gives its scheduler's running tasks their
        # grace (tasks.worker.GRACE_SECONDS): a slow first task, in the suite, takes it all.
        _stop_through_another_thread(server.pid, seconds=45)
        try:
            # Its main thread shows as ended while the others still exit: reaped only then.
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the server did not stop:\n{_last_words(server)}")


def test_a_worker_that_does_not_stop_is_killed_and_the_server_stops():
    """A worker that outlives its stop signal (here a thread of its application never
    ends) is killed after `WORKERS_KILL_SECONDS` instead of holding the server for ever."""
    port = free_port()
    code = (
        "from manchette.ui import server; server._run(host='127.0.0.1', port=%d, workers=1, "
        "threads=1, access_log=False, application='tests.stubborn_worker_app:application')"
    )
    process = subprocess.Popen([sys.executable, "-c", code % port], cwd=ROOT, text=True)
    try:
        wait_for(port, process)
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 200
        worker = _worker(process)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=WORKERS_KILL_SECONDS + 25)
        assert time.monotonic() - started >= WORKERS_KILL_SECONDS - 0.5  # it was waited for
        assert _stopped(worker)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_server_that_could_exhaust_postgresql_connections_says_so(db):
    """Each request thread keeps a database connection: more than PostgreSQL accepts,
    and requests fail; `manchette serve` warns before it starts."""
    from django.db import connection

    from manchette.ui.server import connection_shortfall

    assert connection_shortfall(workers=2, threads=4, scheduler=True) is None
    warned = connection_shortfall(workers=4, threads=1000, scheduler=True)
    if connection.vendor != "postgresql":
        assert warned is None  # the embedded SQLite file has no such limit
        return
    assert warned is not None and "4002 PostgreSQL connections" in warned
    assert "max_connections" in warned


def test_a_full_collection_in_a_worker_skips_what_the_entry_point_loaded(tmp_path):
    """A full garbage collection holds every request of its worker while it runs: the
    modules, views and templates a worker loads at start, which live as long as it does,
    are set aside so that it walks only what requests have made since."""
    code = (
        "import gc, json, manchette.wsgi; "
        "print(json.dumps([gc.get_freeze_count(), len(gc.get_objects())]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=manchette_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    set_aside, walked = json.loads(done.stdout.splitlines()[-1])
    assert set_aside > 20_000  # Django and the site's modules
    assert walked < set_aside / 20
