"""What the benches share to run the real server: a free port, `manchette serve`, its memory.

A bench builds its site in a scratch data folder, then starts the production
server on it with `start()`, loads it from another process, and stops it
with `stop()`. `worker_rss_mib()` reads the resident size of the server's
worker processes from /proc (Linux only).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
MANCHETTE = Path(sys.executable).parent / "manchette"
HOST = "127.0.0.1"


def free_port(candidates: range | None = None) -> int:
    """A port nothing listens on: the first free one of `candidates`, else any the system gives."""
    for port in candidates or ():
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start(
    env: dict[str, str],
    port: int,
    *,
    workers: int = 0,
    extra: Sequence[str] = ("--no-scheduler",),
    log: IO[bytes] | int | None = subprocess.DEVNULL,
) -> subprocess.Popen[bytes]:
    """`manchette serve` on `port`, answering; `workers=0` keeps serve's own default."""
    command = [str(MANCHETTE), "serve", "--host", HOST, "--port", str(port), *extra]
    if workers:
        command += ["--workers", str(workers)]
    # A group of its own, so stopping it reaches every worker even if the master dies first.
    server = subprocess.Popen(  # noqa: S603 - the site's own command
        command, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    try:
        wait_for(port, server)
    except BaseException:
        stop(server)
        raise
    return server


def wait_for(port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Return once `port` accepts connections; exit the bench if the server dies or hangs."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            sys.exit(f"the server stopped while starting (exit {server.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not start")


def stop(server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Ask the server to stop (workers write what they hold), then insist."""
    if server.poll() is None:
        server.terminate()
    try:
        server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def descendants(pid: int) -> list[int]:
    """Every process started under `pid`, children first."""
    found: list[int] = []
    pending = [pid]
    while pending:
        parent = pending.pop(0)
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.append(child)
                    pending.append(child)
    return found


def rss_mib(pid: int) -> float:
    """Resident size of one process (VmRSS), or 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_rss_mib(server: subprocess.Popen[bytes]) -> dict[int, float]:
    """{pid: MiB} of the server's workers (its descendants), for a memory line."""
    return {pid: rss_mib(pid) for pid in descendants(server.pid) if rss_mib(pid)}


def describe_rss(sizes: dict[int, float]) -> str:
    if not sizes:
        return "no worker found"
    shown = ", ".join(f"{size:.0f}" for size in sizes.values())
    return f"{len(sizes)} processes, MiB each: {shown} (total {sum(sizes.values()):.0f})"


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


# Pasted into the child scripts that set a bench's site up (after django.setup()): readers
# signed in with sessions of their own, whose cookies the load generator sends.
SIGN_IN = """
def signed_in(prefix, count):
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model)
    from django.contrib.sessions.backends.db import SessionStore
    User = get_user_model()
    User.objects.filter(username__startswith=prefix + "-").delete()
    sessions = []
    for n in range(count):
        user = User(username=f"{prefix}-{n}@example.org", email=f"{prefix}-{n}@example.org",
                    pseudonym=f"Banc {prefix} {n}")
        user.set_unusable_password()
        user.save()
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return sessions
"""


@dataclass
class Wrk:
    """What one wrk run measured."""

    per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_status: int
    socket_errors: int
    tally: dict[str, int]
    socket_detail: str = ""
    """wrk's own line on failed sockets, when any failed."""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a Lua string literal


def milliseconds(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(out: str) -> Wrk:
    def find(pattern: str) -> re.Match[str]:
        found = re.search(pattern, out)
        if found is None:
            sys.exit(f"unexpected wrk output (no {pattern!r}):\n{out}")
        return found

    p50 = find(r"\s50%\s+([\d.]+)(us|ms|s|m)\b")
    p99 = find(r"\s99%\s+([\d.]+)(us|ms|s|m)\b")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    tally = re.search(r"TALLY (.*)", out)
    return Wrk(
        per_s=float(find(r"Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=milliseconds(*p50.groups()),
        p99_ms=milliseconds(*p99.groups()),
        requests=int(find(r"(\d+) requests in").group(1)),
        bad_status=int(bad.group(1)) if bad else 0,
        socket_errors=sum(map(int, sockets.groups())) if sockets else 0,
        tally={k: int(v) for k, v in (p.split("=") for p in tally.group(1).split())}
        if tally
        else {},
        socket_detail=f" (wrk: {sockets.group(0)})" if sockets else "",
    )


def wrk(url: str, seconds: float, connections: int, *extra: str) -> Wrk:
    return wrk_result(wrk_start(url, seconds, connections, *extra))


def wrk_start(url: str, seconds: float, connections: int, *extra: str) -> subprocess.Popen[str]:
    """wrk running from its own process while the caller does something else."""
    return subprocess.Popen(  # noqa: S603 - wrk from the system, our arguments
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", *extra, url],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wrk_result(running: subprocess.Popen[str]) -> Wrk:
    out, err = running.communicate()
    if running.returncode:
        sys.exit(f"wrk failed:\n{err}{out}")
    return parse_wrk(out)


def nginx_front(
    folder: Path, listen: int, app: int, *, nginx: str = "nginx", workers: str = "1"
) -> subprocess.Popen[bytes]:
    """nginx with the shipped deploy/nginx.conf in front of the app on `app`, answering on
    `listen`: the production layout (the benches' and tests/test_proxy.py's), with one
    nginx worker, as docs/deploy.md advises where nginx shares a small machine with the
    app and PostgreSQL."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    for shipped, local in (
        ("server 127.0.0.1:8000;", f"server {HOST}:{app};"),
        ("listen 80;", f"listen {HOST}:{listen};"),
        ("/var/cache/nginx/manchette", str(folder / "cache")),
    ):
        if shipped not in site:
            sys.exit(f"deploy/nginx.conf no longer has {shipped!r}")
        site = site.replace(shipped, local)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manchette.conf").write_text(site)
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}\nworker_processes {workers};\ndaemon off;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\nevents {{ worker_connections 4096; }}\n"
        f"http {{\n access_log off;\n keepalive_requests 1000000;\n{temp}\n"
        f" include {folder / 'manchette.conf'};\n}}\n"
    )
    front = subprocess.Popen(  # noqa: S603 - nginx from the system, our configuration
        [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(listen, front)
    except BaseException:
        stop(front)
        raise
    return front


def cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """CPU time (user and system) a process has used so far, or 0 once it has gone; with
    `reaped`, that of its children which have ended too."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and everything it started (a server and its workers)."""
    return sum(cpu_seconds(each) for each in (pid, *descendants(pid)))


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process of the machine (the bench's sessions and the
    server's own workers), sessions that have ended included (the server's main process
    counts them as its reaped children); 0 where PostgreSQL runs elsewhere."""
    total = 0.0
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                total += cpu_seconds(int(comm.parent.name), reaped=True)
        except OSError:
            continue
    return total
