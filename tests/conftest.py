"""Shared test set-up: where the third-party wire fixtures live, and service gates."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

REPO_ROOT = Path(__file__).resolve().parents[1]


def _services_required() -> bool:
    return os.environ.get("MANCHETTE_REQUIRE_SERVICES", "") == "1"


@pytest.fixture(scope="session")
def wire_fixtures() -> Path:
    """The real agency files under ../shared/fixtures/wires.

    They are not shipped with Manchette, so on a user's machine the tests that
    need them skip; CI sets MANCHETTE_REQUIRE_SERVICES=1 and they must run.
    """
    folder = Path(
        os.environ.get(
            "MANCHETTE_WIRE_FIXTURES", REPO_ROOT.parent / "shared" / "fixtures" / "wires"
        )
    )
    if not folder.is_dir():
        if _services_required():
            pytest.fail(f"wire fixtures required but missing: {folder}")
        pytest.skip(f"third-party wire fixtures not found at {folder}")
    return folder


@pytest.fixture(autouse=True)
def _site_files_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Pictures stored by a test land in its own folder, never in ./var.

    Static files are looked up in the apps rather than in a collected
    manifest; the server tests run `collectstatic` and the real storage.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site language: a request in English must not leak."""
    with translation.override("fr"):
        yield


# Content fixtures shared by the page tests of every app.
from tests.site_fixtures import article, many_articles, providers, sections  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    """Argon2 is slow by design; the tests that check it ask for it (tests/accounts)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings: Any) -> None:
    """Redis counts outlive a test's transaction (the database's are rolled back)."""
    if settings.REDIS_URL:
        from manchette import ratelimit

        ratelimit.reset()


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Stored pages and blocks outlive a test's transaction: each test starts with none.

    The tag versions file goes to the test's own folder, away from ./var and
    from other test runs. Comments are on the very next view (no lag): the
    lag has tests of its own (tests/pagecache/test_comment_lag.py).
    """
    from manchette.pagecache import blocks, invalidation
    from manchette.pagecache.cache import forget, page_cache

    invalidation.BUMP_BEFORE_COMMIT = True
    settings.DATA_DIR = tmp_path / "var"
    settings.MANCHETTE_COMMENT_LAG_MS = 0
    forget()
    blocks.forget()
    cache = page_cache()
    if cache is not None:
        cache.clear()
    yield
    forget()
    blocks.forget()


@pytest.fixture
def no_page_cache(settings: Any) -> None:
    """Every request rendered by its view, blocks included: for tests that count what a
    render costs."""
    from manchette.pagecache import blocks
    from manchette.pagecache.cache import forget

    settings.MANCHETTE_PAGE_CACHE = False
    settings.MANCHETTE_BLOCK_CACHE_MB = 0
    forget()
    blocks.forget()
