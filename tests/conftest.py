"""Shared test setup, including the browser harness.

Browser fixtures (usable from any test module):

``app_server`` / ``app_url`` (session)
    Start ``streamlit run app.py`` from the repository root on a free loopback
    port, wait until ``/_stcore/health`` answers ``ok`` and stop the whole
    process group at the end. ``app_url`` is the base URL as a string;
    ``app_server`` also exposes the log file (``tests/artifacts/``).
``browser`` (session)
    Headless Debian Chromium (``/usr/bin/chromium``) driven by Playwright.
``page`` (function)
    A fresh 1400x1000 context and page. Console errors and uncaught page
    errors are appended to ``page.js_errors``. A failing test leaves a
    screenshot in ``tests/artifacts/failures/``.

Tests in ``tests/browser/`` or in files named ``*_browser.py`` are marked
``browser`` automatically; mark others with ``@pytest.mark.browser``. Browser
tests are skipped with a reason when Chromium is missing, but fail when
``CI=true``. Under pytest-xdist ``--dist loadgroup`` all browser test files run
on one worker, so a run starts only one Streamlit server and one browser.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashlib.bench.serve_server import Server, streamlit_server

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: install it with apt-get install -y chromium "
    "to run browser tests"
)
VIEWPORT = {"width": 1400, "height": 1000}

# The first start may build the tables, so allow the server a while to come up.
APP_START_TIMEOUT_S = float(os.environ.get("APP_START_TIMEOUT", "90"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _require_chromium() -> None:
    """Skip (locally) or fail (in CI) when the Debian Chromium is missing."""
    if CHROMIUM.exists():
        return
    if _in_ci():
        pytest.fail(f"{CHROMIUM_MISSING} (CI=true, so browser tests may not be skipped)")
    pytest.skip(CHROMIUM_MISSING)


# ---------------------------------------------------------------------------
# Collection: mark and group browser tests
# ---------------------------------------------------------------------------


def _is_browser_file(path: str) -> bool:
    """Browser tests live in tests/browser/ or in files named ``*_browser.py``."""
    path = path.replace("\\", "/")
    return path.startswith("tests/browser/") or path.endswith("_browser.py")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marks must be in place before `-m` deselection runs.
    for item in items:
        path = Path(str(item.path)).resolve()
        rel = path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else ""
        if _is_browser_file(rel):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadgroup``: run every browser test file on one worker.

    One worker then starts a single Streamlit server and browser, while the
    other workers take the remaining tests one by one. Grouping goes by file
    location because pytest 9.2 ignores xdist's usual way of grouping by
    ``xdist_group`` mark (pytest-dev/pytest-xdist#1386); explicit ``@group``
    node ids are still honoured.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):
                return super()._split_scope(nodeid)
            if _is_browser_file(nodeid.split("::", 1)[0]):
                return "browser"
            return nodeid

    return BrowserGroupScheduling(config, log)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser"):
        _require_chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the item so fixtures can see a failure.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# ---------------------------------------------------------------------------
# Streamlit server
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    """A running ``streamlit run app.py`` on a free loopback port (one per xdist worker),
    started as ``dashlib bench serve`` starts it: the project's own Streamlit config."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log = ARTIFACTS_DIR / f"streamlit-{worker}.log"
    with streamlit_server("dashboard", "app.py", REPO_ROOT, {}, log, APP_START_TIMEOUT_S) as server:
        yield server


@pytest.fixture(scope="session")
def app_url(app_server: Server) -> str:
    """Base URL of the running dashboard, e.g. ``http://127.0.0.1:40123``."""
    return app_server.url


# ---------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, launched through Playwright's sync API."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:150]


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A new 1400x1000 page; ``page.js_errors`` collects console and page errors."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.js_errors = []

    def on_console(msg) -> None:
        if msg.type == "error":
            pg.js_errors.append(f"console.error: {msg.text}")

    def on_pageerror(exc) -> None:
        pg.js_errors.append(f"pageerror: {exc}")

    pg.on("console", on_console)
    pg.on("pageerror", on_pageerror)
    try:
        yield pg
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            shots = ARTIFACTS_DIR / "failures"
            shots.mkdir(parents=True, exist_ok=True)
            try:
                pg.screenshot(path=str(shots / f"{_safe_name(request.node.nodeid)}.png"))
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"could not save failure screenshot: {exc}")
        context.close()
