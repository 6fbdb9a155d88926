"""First paint of the overview in headless Chromium, against an empty Streamlit page.

Both pages are served by ``streamlit run`` in the same run, so the ratio of
their times says how much the overview adds to Streamlit's own start, whatever
the (shared) machine's speed.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from dashlib.bench.serve_server import empty_page_folder, streamlit_server

TARGET_FIRST_PAINT_RATIO = 1.5

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextlib.contextmanager
def headless_chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright (closed on the way out)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


_IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const busy = document.querySelector('[data-testid="stStatusWidgetRunningIcon"], '
    + '[data-testid="stSpinner"], [data-testid="stSkeleton"]');
  return !!app && state === 'notRunning' && !busy;
}
"""


def first_paint(browser, url: str, timeout_ms: float = 600_000) -> dict:
    """Seconds from navigation to the page title (h1) and to a finished script run,
    and what the visit fetched: websocket bytes, HTTP responses and their bytes, and
    ``http_paths``, the paths of the GET requests made to ``url``'s server."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    received = [0, 0]  # bytes and frames the server sent over the WebSocket
    http = [0, 0]  # HTTP responses and their bytes (Content-Length)
    server = urlsplit(url)[:2]  # scheme and host:port
    paths: list[str] = []

    def on_response(response):
        http[0] += 1
        http[1] += int(response.headers.get("content-length") or 0)
        parts = urlsplit(response.url)
        if response.request.method == "GET" and parts[:2] == server:
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    def on_socket(ws):
        def frame(payload):
            received[0] += len(payload)
            received[1] += 1

        ws.on("framereceived", frame)

    page.on("websocket", on_socket)
    page.on("response", on_response)
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_selector("h1", state="visible", timeout=timeout_ms)
        title = time.perf_counter() - t0
        page.wait_for_function(_IDLE_JS, timeout=timeout_ms, polling=50)
        done = time.perf_counter() - t0
        fcp = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null"
        )
        return {
            "title_seconds": round(title, 3),
            "complete_seconds": round(done, 3),
            "browser_fcp_seconds": round(fcp / 1000, 3) if fcp else None,
            "websocket_kb": round(received[0] / 1024, 1),
            "websocket_frames": received[1],
            "http_requests": http[0],
            "http_kb": round(http[1] / 1024, 1),
            "http_paths": paths,
        }
    finally:
        ctx.close()


def time_first_paint(
    root: Path, data_dir: Path, articles_dir: Path, workdir: Path, repeats: int = 3
) -> dict:
    """First paint of the overview against an empty Streamlit page, both served now."""
    env = {"DASHLIB_DATA_DIR": str(data_dir), "DASHLIB_ARTICLES_DIR": str(articles_dir)}
    # the empty page is served with a copy of the project's Streamlit config
    empty_dir = empty_page_folder(workdir, root)
    out: dict = {}
    with (
        streamlit_server("dashboard", "app.py", root, env, workdir / "streamlit-app.log") as app,
        streamlit_server(
            "empty page", "empty_page.py", empty_dir, {}, workdir / "streamlit-empty.log"
        ) as empty,
        headless_chromium() as browser,
    ):
        for label, url in (("empty", empty.url), ("overview", app.url)):
            runs = [first_paint(browser, url) for _ in range(repeats + 1)]
            for r in runs:
                del r["http_paths"]
            out[label] = {"cold": runs[0], "warm": runs[1:]}

    return first_paint_ratios(out)


def first_paint_ratios(out: dict) -> dict:
    """Add the overview/empty-page ratios (warm: medians; cold: first visits) to the
    measurements ``out`` = {'empty': {'cold': run, 'warm': [runs]}, 'overview': ...},
    and ``met``: the ratio of the time to the overview's title within the target."""

    def med(label, key):
        return statistics.median(r[key] for r in out[label]["warm"])

    for key in ("browser_fcp_seconds", "title_seconds", "complete_seconds"):
        name = key.replace("browser_", "").replace("_seconds", "")
        runs = [r for lab in ("empty", "overview") for r in [out[lab]["cold"], *out[lab]["warm"]]]
        if any(r[key] is None for r in runs):
            out[f"ratio_{name}_warm"] = out[f"ratio_{name}_cold"] = None
            continue
        out[f"ratio_{name}_warm"] = round(med("overview", key) / max(med("empty", key), 1e-9), 2)
        out[f"ratio_{name}_cold"] = round(
            out["overview"]["cold"][key] / max(out["empty"]["cold"][key], 1e-9), 2
        )
    # Judged on the first paint of the overview's own content, its title. The browser's
    # first-contentful-paint is mostly Streamlit's app shell (the same for any page), so
    # it says little about the overview; the complete render is the strictest measure.
    # Both are reported beside it.
    out["met"] = out["ratio_title_warm"] <= TARGET_FIRST_PAINT_RATIO
    return out
