"""The `manchette` command: help, checks and migrations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.cli import manchette, manchette_env

COMMANDS = ("demo", "serve", "ingest", "migrate", "createsuperuser", "check")


def test_help_lists_the_commands(tmp_path):
    out = manchette("--help", data_dir=tmp_path).stdout
    for command in COMMANDS:
        assert f"    {command}\n" in out, command


def test_python_dash_m_is_the_same_command(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "manchette", "help", "ingest"],
        env=manchette_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "usage: manchette ingest" in out
    assert "--provider" in out


def test_demo_and_serve_take_host_and_port(tmp_path):
    for command in ("demo", "serve"):
        out = manchette("help", command, data_dir=tmp_path).stdout
        assert "--host" in out and "--port" in out, command


def test_check_passes(tmp_path):
    assert "no issues" in manchette("check", data_dir=tmp_path).stdout


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manchette(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        data_dir=tmp_path,
        HTTPS="1",
        SECRET_KEY="x7!" * 20 + "production-grade-secret",
        ALLOWED_HOSTS="news.example.com",
    )
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_models_and_migrations_agree(tmp_path):
    result = manchette("makemigrations", "--check", "--dry-run", data_dir=tmp_path, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrate_creates_the_database_in_the_data_folder_in_wal_mode(tmp_path):
    manchette("migrate", "-v", "0", data_dir=tmp_path)
    database = tmp_path / "manchette.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
