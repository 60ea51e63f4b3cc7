"""Embargoes lift by themselves: pages at once, stateful surfaces through the worker."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from manchette.news import surfaces
from manchette.news.models import Article
from manchette.news.services import release_due_embargoes
from tests.cli import manchette, manchette_command, manchette_env
from tests.factories import apply, dispatch
from tests.wires.test_ingest_command import ninjs, write


@pytest.mark.django_db
def test_a_due_embargo_is_announced_once(django_capture_on_commit_callbacks):
    heard: list[surfaces.ArticleChange] = []
    surfaces.register(heard.append)
    try:
        lift = timezone.now() + timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            article = apply(dispatch(embargoed=lift)).article
        assert article.release_pending
        heard.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert release_due_embargoes(now=lift - timedelta(seconds=1)) == []
        with django_capture_on_commit_callbacks(execute=True):
            assert release_due_embargoes(now=lift + timedelta(seconds=1)) == [article.pk]
        with django_capture_on_commit_callbacks(execute=True):
            assert release_due_embargoes(now=lift + timedelta(hours=2)) == []
    finally:
        surfaces.unregister(heard.append)
    assert [(c.article_id, c.action) for c in heard] == [(article.pk, "released")]
    assert not Article.objects.get().release_pending


@pytest.mark.django_db
def test_a_past_embargo_needs_no_release():
    article = apply(dispatch(embargoed=timezone.now() - timedelta(minutes=1))).article
    assert not article.release_pending


def test_the_worker_releases_on_time(tmp_path):
    inbox = tmp_path / "inbox"
    data = tmp_path / "data"
    manchette("migrate", "-v", "0", data_dir=data)
    lift = timezone.now() + timedelta(seconds=4)
    write(inbox, "a.json", ninjs("urn:emb:1", 1, 0, "Sous embargo", embargoed=lift.isoformat()))
    manchette("ingest", str(inbox), data_dir=data)
    database = data / "manchette.sqlite3"

    def pending() -> int:
        with sqlite3.connect(database) as connection:
            return int(connection.execute("SELECT release_pending FROM news_article").fetchone()[0])

    assert pending() == 1
    process = subprocess.Popen(
        [*manchette_command(), "worker"],
        env=manchette_env(data, MANCHETTE_TASK_EVERY_SECONDS="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        if timezone.now() < lift - timedelta(seconds=0.3):
            assert pending() == 1, "released before its time"
        deadline = time.monotonic() + 15
        while pending() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pending() == 0
        assert timezone.now() >= lift
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_serve_runs_a_worker_beside_the_server_and_stops_it(monkeypatch):
    from manchette.ui import server

    started: list[Any] = []

    class Companion:
        def __init__(self) -> None:
            self.stopped = False
            started.append(self)

        def terminate(self) -> None:
            self.stopped = True

        def wait(self, timeout: float) -> int:
            return 0

    monkeypatch.setattr(server, "_start_scheduler", Companion)
    monkeypatch.setattr(server, "_run", lambda *a, **k: None)
    server.serve(host="127.0.0.1", port=1, workers=1)
    assert len(started) == 1 and started[0].stopped
    server.serve(host="127.0.0.1", port=1, workers=1, scheduler=False)
    assert len(started) == 1
