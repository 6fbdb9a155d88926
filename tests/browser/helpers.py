"""Helpers for browser tests of the Streamlit dashboard.

Import them with ``from browser.helpers import wait_for_app`` (``tests/`` is on
``sys.path`` during a pytest run) or, inside ``tests/browser/``, with
``from .helpers import wait_for_app``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from dashlib.bench.serve_server import streamlit_server

ROOT = Path(__file__).resolve().parents[2]

APP = '[data-testid="stApp"]'
EXCEPTION = '[data-testid="stException"]'

# True once Streamlit is connected, has run the script at least once, is not
# running it now, and no running indicator, spinner or skeleton is on screen.
# The state must hold for `settleMs` so a quick rerun is not mistaken for idle.
_IDLE_JS = """
({settleMs}) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const conn = app && app.getAttribute('data-test-connection-state');
  const busy = document.querySelector(
    '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stSpinner"], '
    + '[data-testid="stSkeleton"]'
  );
  const idle = conn === 'CONNECTED'
    && (state === 'notRunning' || state === 'compilationError')
    && !busy;
  if (!idle) { window.__stIdleSince = undefined; return false; }
  if (window.__stIdleSince === undefined) { window.__stIdleSince = performance.now(); }
  return performance.now() - window.__stIdleSince >= settleMs;
}
"""


def wait_for_app(page, timeout: float = 120_000, settle_ms: int = 400) -> None:
    """Wait until Streamlit has finished running the page's script.

    ``timeout`` is in milliseconds and is generous because the first run of a
    fresh server may build the tables. Call it after ``page.goto`` and after
    any interaction that makes Streamlit rerun.
    """
    page.wait_for_selector(APP, state="attached", timeout=timeout)
    page.evaluate("() => { window.__stIdleSince = undefined; }")
    page.wait_for_function(_IDLE_JS, arg={"settleMs": settle_ms}, timeout=timeout, polling=100)


def open_app(page, app_url: str, path: str = "", timeout: float = 120_000) -> None:
    """Go to ``app_url`` (plus an optional page path such as ``"claims"``) and wait for it."""
    page.goto(f"{app_url.rstrip('/')}/{path.lstrip('/')}", wait_until="domcontentloaded")
    wait_for_app(page, timeout=timeout)


def exception_texts(page) -> list[str]:
    """Texts of all Streamlit exception boxes on the page (empty when there are none)."""
    return [el.inner_text() for el in page.locator(EXCEPTION).all()]


def page_errors(page) -> list[str]:
    """Uncaught JavaScript errors collected by the ``page`` fixture."""
    return [e for e in getattr(page, "js_errors", []) if e.startswith("pageerror:")]


def assert_healthy(page) -> None:
    """Fail if the page shows a Streamlit exception or had an uncaught JS error."""
    excs = exception_texts(page)
    assert not excs, f"Streamlit exception on the page: {excs}"
    errs = page_errors(page)
    assert not errs, f"uncaught page errors: {errs}"


@contextlib.contextmanager
def streamlit_on(articles: Path, data: Path, log_path: Path, start_timeout_s: float = 120):
    """``streamlit run app.py`` on a build of ``articles`` in ``data``, on a free loopback
    port (with the project's config, as the README starts it); yields its URL and stops
    the whole process group afterwards."""
    env = {
        "DASHLIB_ARTICLES_DIR": str(articles),
        "DASHLIB_DATA_DIR": str(data),
        "DASHLIB_SYNTHETIC": None,
        "DASHLIB_READ_ONLY": None,
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with streamlit_server("dashboard", "app.py", ROOT, env, log_path, start_timeout_s) as server:
        yield server.url
