"""Real-browser tests: Debian's Chromium driven by Playwright, with axe-core injected.

Needs Chromium (`/usr/bin/chromium`, or `$CHROMIUM`) and axe-core from npm
(`node_modules/axe-core/axe.min.js` at the repository root, or `$AXE_JS`).
Without them every test in this folder skips with one message saying how to
get them; with `MANCHETTE_REQUIRE_SERVICES=1` (CI) they fail instead.

One browser for the whole folder, one context (and page) per theme and
viewport reused by the axe matrix, fresh contexts for tests that change
cookies. Pages come from pytest-django's `live_server`; the live server
serves /static/ through the staticfiles finders and /media/ from the
per-test MEDIA_ROOT that `tests/conftest.py` sets.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response

from manchette.news.models import Article
from manchette.ui.theme import COOKIE_NAME
from manchette.wires.dispatch import PubStatus, Subject
from tests.browser import audit_record
from tests.conftest import REPO_ROOT
from tests.factories import BASE_TIME, apply, dispatch, jpeg, later, picture

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(os.environ.get("AXE_JS", REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"))
# The version package-lock.json pins (`npm ci` installs it; .ci/run does).
_NPM_LOCK = json.loads((REPO_ROOT / "package-lock.json").read_text(encoding="utf-8"))
AXE_VERSION = _NPM_LOCK["packages"]["node_modules/axe-core"]["version"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
RGAA_TAGS = ("RGAAv4",)
BLOCKING = ("serious", "critical")

THEMES = ("default", "high")
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "375": {"width": 375, "height": 812}}
LOCALES = {"fr": "", "en": "/en"}
PAGE_TYPES = (
    "home",
    "section",
    "provider",
    "article-picture",
    "article-plain",
    "article-english",
    "404",
    "410",
    "accessibility",
)

# --------------------------------------------------------------- the gate


def missing_pieces() -> list[str]:
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM}")
    if not AXE_JS.is_file():
        missing.append(f"axe-core at {AXE_JS}")
    return missing


def why_missing(missing: list[str]) -> str:
    return (
        f"{SKIP_MARK} {' and '.join(missing)}. To run them: `.ci/run` installs everything; "
        "or `apt-get install chromium fonts-dejavu-core fonts-liberation` and, at the "
        f"repository root, `npm ci` (axe-core {AXE_VERSION}, as package-lock.json pins it). "
        "$CHROMIUM and $AXE_JS point at other copies."
    )


SKIP_MARK = "browser tests need"


def _required() -> bool:
    return os.environ.get("MANCHETTE_REQUIRE_SERVICES", "") == "1"


def _in_this_folder(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium (tests/browser); `-m 'not browser'` skips"
    )
    config.pluginmanager.register(audit_record, "manchette-audit")  # the statement's results


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _in_this_folder(item):
            item.add_marker(pytest.mark.browser)
            # The live server's WhiteNoise finds no collected files in the test data
            # folder; its staticfiles handler serves /static/ from the apps instead.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """All skips for want of Chromium or axe-core fold into one line of the summary."""
    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and SKIP_MARK in longrepr[2]:
        report.longrepr = (__file__, missing_pieces.__code__.co_firstlineno, longrepr[2])
    return report


@pytest.fixture(scope="session", autouse=True)
def _chromium_and_axe_core() -> None:
    """Skip every browser test with one message, before any database or server starts."""
    missing = missing_pieces()
    if missing:
        message = why_missing(missing)
        if _required():
            pytest.fail(f"MANCHETTE_REQUIRE_SERVICES=1, and the {message}", pytrace=False)
        pytest.skip(message)


# ----------------------------------------------------------- the browser


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for every test in this folder."""
    # Playwright's sync API keeps an asyncio loop running in this thread; Django
    # refuses ORM calls under a running loop unless told it is safe (tests only).
    # Set only while the browser lives, so other tests keep Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# How a reader's browser is set up: a contrast cookie, or an operating-system setting.
MODES: dict[str, dict[str, Any]] = {
    "default": {},
    "high": {"cookie": "high"},
    "more": {"contrast": "more"},
    "forced": {"forced_colors": "active"},
}


def context_options(width: str = "1280", **extra: Any) -> dict[str, Any]:
    return {
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": VIEWPORTS[width],
        "reduced_motion": "reduce",  # no transitions between a state change and a reading
        **extra,
    }


def open_page(
    browser: Browser, base_url: str, width: str = "1280", mode: str = "default", **extra: Any
) -> Page:
    """A page in a new context for this viewport and mode, with axe-core preloaded."""
    options = dict(MODES[mode])
    cookie = options.pop("cookie", None)
    context = browser.new_context(**context_options(width, **options, **extra))
    if extra.get("java_script_enabled", True):
        context.add_init_script(path=str(AXE_JS))
    if cookie:
        context.add_cookies([{"name": COOKIE_NAME, "value": cookie, "url": base_url}])
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not 30
    return context.new_page()


class Pool:
    """A context and a page per (mode, viewport), opened on first use and reused.

    For tests that only read pages; anything that changes cookies or storage
    takes a page from `new_page` instead.
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self._pages: dict[tuple[str, str], Page] = {}

    def page(self, mode: str = "default", width: str = "1280") -> Page:
        key = (mode, width)
        if key not in self._pages or self._pages[key].is_closed():
            self._pages[key] = open_page(self.browser, self.base_url, width, mode)
        return self._pages[key]

    def close(self) -> None:
        for page in self._pages.values():
            page.context.close()


@pytest.fixture(scope="package")
def pool(browser: Browser, live_server: Any) -> Iterator[Pool]:
    shared = Pool(browser, live_server.url)
    yield shared
    shared.close()


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """Pages in fresh contexts, closed after the test: `new_page("375", "high", ...)`."""
    opened: list[Page] = []

    def make(width: str = "1280", mode: str = "default", **extra: Any) -> Page:
        page = open_page(browser, live_server.url, width, mode, **extra)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.context.close()


# ------------------------------------------------------------------- axe


def axe_run(page: Page, tags: tuple[str, ...] = WCAG_TAGS, include: str | None = None) -> Any:
    """All of axe's violations on the page (or under the `include` selector)."""
    return page.evaluate(
        """([include, tags]) => axe.run(include ? document.querySelector(include) : document, {
               runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        [include, list(tags)],
    )["violations"]


def blocking(violations: list[Any], tags: tuple[str, ...] = WCAG_TAGS) -> list[Any]:
    """The serious and critical violations of rules carrying one of `tags`."""
    return [v for v in violations if v["impact"] in BLOCKING and set(v["tags"]).intersection(tags)]


def describe(violations: list[Any]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page, tags: tuple[str, ...] = WCAG_TAGS, **kw: Any) -> None:
    bad = blocking(axe_run(page, tags, **kw), tags)
    assert not bad, f"{page.url}\n{describe(bad)}"


def rgaa_rule_count(page: Page) -> int:
    return int(page.evaluate("(tags) => axe.getRules(tags).length", list(RGAA_TAGS)))


# ----------------------------------------------------------- screenshots


class Screenshots:
    """Full-page screenshots in one folder per run, printed at the end."""

    KEEP = 5  # runs kept under var/screenshots; $MANCHETTE_SCREENSHOTS is never pruned

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.count = 0

    def save(self, page: Page, name: str) -> None:
        if self.folder is None:
            self.folder = self._new_folder()
        page.screenshot(path=self.folder / f"{name}.png", full_page=True, animations="disabled")
        self.count += 1

    def _new_folder(self) -> Path:
        wanted = os.environ.get("MANCHETTE_SCREENSHOTS")
        if wanted:
            folder = Path(wanted)
        else:
            runs = REPO_ROOT / "var" / "screenshots"
            stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
            folder = runs / stamp
            if runs.is_dir():
                for old in sorted(runs.iterdir())[: -(self.KEEP - 1)]:
                    if old.is_dir() and old.name[:8].isdigit():
                        shutil.rmtree(old)
        folder.mkdir(parents=True, exist_ok=True)
        return folder


SCREENSHOTS = Screenshots()


@pytest.fixture(scope="session")
def screenshots() -> Screenshots:
    return SCREENSHOTS


TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="package", autouse=True)
def _time_the_folder() -> Iterator[None]:
    started = time.monotonic()
    yield
    TIMINGS["browser tests"] = time.monotonic() - started


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if "browser tests" in TIMINGS:
        terminalreporter.write_line(
            f"browser tests: {TIMINGS['browser tests']:.1f} s in tests/browser"
        )
    if SCREENSHOTS.folder is not None:
        terminalreporter.write_line(
            f"browser screenshots: {SCREENSHOTS.count} in {SCREENSHOTS.folder}"
        )


# --------------------------------------------------------------- content


@dataclass
class Site:
    """The stories every page type is built from, and where each page type lives."""

    base_url: str
    pictured: Article
    plain: Article
    english: Article
    killed: Article
    paths: dict[str, str] = field(default_factory=dict)

    def url(self, page_type: str, locale: str = "fr") -> str:
        return f"{self.base_url}{LOCALES[locale]}{self.paths[page_type]}"

    def visit(self, page: Page, page_type: str, locale: str = "fr") -> Response:
        """Load a page type; fail unless it answers with its status (404, 410 or 200)."""
        response = goto(page, self.url(page_type, locale))
        expected = EXPECTED_STATUS.get(page_type, 200)
        assert response.status == expected, f"{page.url}: {response.status}, not {expected}"
        return response


ENGLISH_BODY = (
    "<p>Shares rose across Europe on Tuesday after the central bank held its rates.</p>"
    "<h2>A pause, not a pivot</h2>"
    "<blockquote><p>“We will stay the course,” the governor said.</p></blockquote>"
    "<p>Trading volumes were thin ahead of the holiday.</p>"
)


@pytest.fixture
def site(live_server, article, many_articles) -> Site:
    """Every page type: 45 teasers and the stories below, applied through the pipeline."""
    plain = apply(
        dispatch(
            guid="urn:test:plain",
            headline="La Bourse de Paris termine la séance en nette hausse",
            standfirst="Le CAC 40 a gagné 1,2 % porté par les valeurs bancaires.",
            provider="BMX",
            subjects=(Subject("medtop:04006000"),),
            version_created=BASE_TIME + timedelta(minutes=90),
            first_created=BASE_TIME + timedelta(minutes=90),
        )
    ).article
    english = apply(
        dispatch(
            guid="urn:test:english",
            headline="European shares rally as the central bank holds its rates",
            standfirst="Investors welcomed a pause that most economists had expected.",
            body_html=ENGLISH_BODY,
            language="en",
            byline="Jane Smith",
            subjects=(Subject("medtop:04006000"),),
            version_created=BASE_TIME + timedelta(minutes=100),
            first_created=BASE_TIME + timedelta(minutes=100),
            pictures=(
                picture(
                    href="pictures/two.jpg",
                    guid="urn:test:pic:2",
                    caption="Traders at the Frankfurt stock exchange on 20 November 2026.",
                    credit="AFP / JOHN DOE",
                    alt_text="Traders in front of screens showing green figures.",
                ),
            ),
        ),
        {"pictures/two.jpg": jpeg(colour=(20, 110, 60))},
    ).article
    gone = dispatch(guid="urn:test:killed", headline="Une dépêche retirée par l'agence")
    apply(gone)
    apply(later(gone, version="2", minutes=5, status=PubStatus.CANCELED))
    killed = Article.objects.get(guid="urn:test:killed")
    return Site(
        base_url=live_server.url,
        pictured=article,
        plain=plain,
        english=english,
        killed=killed,
        paths={
            "home": "/",
            "section": "/economie/entreprises/",
            "provider": "/fournisseur/boursorama/",
            "article-picture": article.get_absolute_url(),
            "article-plain": plain.get_absolute_url(),
            "article-english": english.get_absolute_url(),
            "404": "/nulle-part/",
            "410": killed.get_absolute_url(),
            "accessibility": "/accessibilite",  # /en/accessibility, by a redirect
        },
    )


EXPECTED_STATUS = {"404": 404, "410": 410}


def goto(page: Page, url: str) -> Response:
    """Load an address and wait for the page and its pictures, stylesheets and scripts."""
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    return response


def pictures_load(page: Page) -> bool:
    """Every picture on the page answers 200 with an image (lazy ones included)."""
    return bool(
        page.evaluate(
            """() => Promise.all([...document.images].map(img => fetch(img.currentSrc || img.src)
                   .then(r => r.ok && r.headers.get("content-type").startsWith("image/"))))
               .then(all => all.every(Boolean))"""
        )
    )
