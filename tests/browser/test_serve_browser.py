"""``dashlib bench serve --browser-views``: what a first-time visitor's browser costs the server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_browser_first_views_count_the_servers_cpu_and_the_front_end_requests(tmp_path):
    # A child process: the benchmark starts its own Playwright, which cannot share this
    # test session's thread with the page fixtures of the other browser tests.
    out = tmp_path / "serve.json"
    cmd = [sys.executable, "-m", "dashlib", "bench", "serve", "--sessions", "1"]
    cmd += ["--settle", "0", "--browser-views", "1", "--workdir", str(tmp_path)]
    cmd += ["--json", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    run = json.loads(out.read_text("utf-8"))["run"]
    views = run["browser_first_views"]
    assert set(views) == {"dashboard", "empty page", "stock empty page"}
    for v in views.values():
        assert v["visits"] == 1 and v["cpu_seconds_per_view"] > 0
        assert v["http_requests"] > 1  # the page and Streamlit's front end
    # the dashboard's elements load parts of the front end an empty page does not need
    assert views["dashboard"]["http_requests"] > views["empty page"]["http_requests"]
    assert views["dashboard"]["websocket_kb"] > views["empty page"]["websocket_kb"]
    expected = (
        views["dashboard"]["cpu_seconds_per_view"] / views["empty page"]["cpu_seconds_per_view"]
    )
    assert run["cpu_ratio_browser"] == pytest.approx(expected, abs=0.01)
    assert "ratio in a browser" in proc.stdout
    # the visit's files fetched again without a browser: what they cost on their own
    files = {name: v["front_end"] for name, v in views.items()}
    for name, f in files.items():
        # the visit's GETs to that server, less its session's own media (the favicon)
        assert 1 < f["files"] <= views[name]["http_requests"]
        assert f["cpu_seconds_per_visit"] > 0
    assert files["dashboard"]["files"] > files["empty page"]["files"]
    expected = (
        files["dashboard"]["cpu_seconds_per_visit"] / files["empty page"]["cpu_seconds_per_visit"]
    )
    assert run["cpu_ratio_front_end_files"] == pytest.approx(expected, abs=0.01)
