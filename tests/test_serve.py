"""The served dashboard under load and between sessions, through Streamlit's own protocol.

No browser: :mod:`dashlib.bench.serve_protocol` speaks the websocket protocol the
frontend speaks (``BackMsg`` / ``ForwardMsg``), so these tests see what a visitor's
browser would receive, from the real ``streamlit run app.py`` server.

* a small ``dashlib bench serve`` run: a few sessions at once open every page,
  change a filter and download a CSV, with no error and no exception;
* two sessions in parallel keep their own filters, uploads (the read-only Add
  articles mode) and tables: nothing of one shows in the other.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dashlib
from dashlib.bench.serve_protocol import RunResult, Session
from dashlib.bench.serve_server import streamlit_server

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"

NEW_ARTICLE = (
    b"Title: Isolation check report from Surab\n"
    b"Date: 2026-03-02\n\n"
    b"On March 1, 2026, militants attacked a police station in Surab, officials said. "
    b"Four policemen were killed in the attack, the district police officer said.\n"
)


def test_a_small_load_run_has_no_errors(tmp_path):
    """``dashlib bench serve`` with three sessions at once: every page, a filter, a CSV."""
    out = tmp_path / "serve.json"
    cmd = [sys.executable, "-m", "dashlib", "bench", "serve", "--sessions", "3"]
    cmd += ["--settle", "0", "--workdir", str(tmp_path), "--json", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text("utf-8"))
    run = result["run"]
    assert run["error_count"] == 0, json.dumps(run, indent=1)[:3000]
    visits = run["visits"]
    assert visits["sessions_with_every_page"] == 3
    assert visits["downloads"] == {**visits["downloads"], "n": 3, "ok": 3}
    assert visits["pages"]["click /data"]["views"] == 3  # "Prepare", then the table's CSV
    opened = {k for k in visits["pages"] if k.startswith("open ")}
    assert len(opened) == 8  # every page of the navigation
    assert all(p["exceptions"] == 0 and p["errors"] == 0 for p in visits["pages"].values())
    for phase in ("first_views_app", "first_views_empty", "first_views_stock"):
        assert run[phase]["error_count"] == 0 and run[phase]["cpu_seconds"] >= 0
    assert run["rss_mb_before_load"] > 0 and visits["rss_mb_peak"] >= run["rss_mb_before_load"]
    assert "server CPU s per new session's page view" in proc.stdout


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory):
    """The dashboard served read-only (as on Community Cloud) on a build of the seeds."""
    build = tmp_path_factory.mktemp("serve_build")
    dashlib.build(ROOT / "seeds", out_dir=build)
    env = {
        "DASHLIB_DATA_DIR": str(build),
        "DASHLIB_ARTICLES_DIR": str(ROOT / "seeds"),
        "DASHLIB_READ_ONLY": "1",
        "DASHLIB_SYNTHETIC": "",
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log = ARTIFACTS / f"streamlit-serve-{worker}.log"
    with streamlit_server("dashboard", "app.py", ROOT, env, log) as server:
        yield server


def _texts(run: RunResult) -> str:
    return "\n".join(run.texts)


def _filter_caption(run: RunResult) -> str:
    """The page's 'Filtered: ...' caption ('' when no filter is active)."""
    return next((t for t in run.texts if "Filtered:" in t), "")


def _prepare_labels(run: RunResult) -> dict[str, str]:
    return {
        w.user_key: w.label
        for w in run.widgets.values()
        if (w.user_key or "").startswith("prepare_")
    }


async def _csv_rows(s: Session, name: str) -> list[dict]:
    res = await s.click(f"prepare_{name}")
    assert res.ok, res.summary()
    button = next(d for d in res.downloads if d.id.endswith(f"-download_{name}"))
    got = await s.download(button, keep_body=True)
    assert got.ok, got.error
    return list(csv.DictReader(io.StringIO(got.body.decode("utf-8-sig"))))


async def _add_article(a: Session) -> None:
    """Session A uploads an article, previews it and keeps it for its session."""
    await a.open_page("add-articles")
    res = await a.upload("add_upload", [("isolation.txt", NEW_ARTICLE)])
    assert res.ok, res.summary()
    res = await a.click("add_preview_btn")
    assert res.ok and "add_keep_btn" in {w.user_key for w in res.widgets.values()}, res.summary()
    res = await a.click("add_keep_btn")
    assert res.ok, res.summary()
    assert "Kept for this session" in _texts(res)
    assert "isolation.txt" in _texts(res) or "Articles kept in this session: 1" in _texts(res)


async def _look_elsewhere(b: Session, place: str) -> None:
    """Session B meanwhile browses, filters by ``place`` and opens Add articles."""
    await b.open_page("escalation")
    res = await b.set_widget("place", [place])
    assert res.ok and place in _filter_caption(res), res.summary()
    res = await b.open_page("add-articles")
    assert res.ok and "Articles kept in this session" not in _texts(res)


def test_two_sessions_keep_their_filters_uploads_and_tables(read_only_server):
    async def scenario():
        async with Session(read_only_server.url) as a, Session(read_only_server.url) as b:
            first_a, first_b = await asyncio.gather(a.open_default(), b.open_default())
            assert first_a.ok and first_b.ok
            places = a.find_widget("place").options
            # in parallel: A adds an article for its session, B filters by a place
            await asyncio.gather(_add_article(a), _look_elsewhere(b, places[0]))

            # A sees its session's tables and no filter; B sees the build and its filter
            res_a, res_b = await asyncio.gather(a.open_page("data"), b.open_page("data"))
            assert res_a.ok and res_b.ok
            assert "Showing this session's tables" in _texts(res_a)
            assert "Showing this session's tables" not in _texts(res_b)
            # (A's own date range may show as a filter: its tables now reach a later date)
            assert places[0] not in _filter_caption(res_a)
            assert places[0] in _filter_caption(res_b)
            labels_a = _prepare_labels(res_a)
            assert labels_a["prepare_articles"] == "Prepare articles.csv (6 rows)"
            assert not any("Isolation check" in o for o in b.find_widget("article").options)
            assert any("Isolation check" in o for o in a.find_widget("article").options)

            # the tables: A's articles export holds the new article, B's never does
            rows_a, rows_b = await asyncio.gather(
                _csv_rows(a, "articles"), _csv_rows(b, "articles")
            )
            assert any("Isolation check" in r["title"] for r in rows_a)
            assert not any("Isolation check" in r["title"] for r in rows_b)
            # B's filter never reached A: A's incidents are every incident of its tables
            b_clear = await b.set_widget("place", [])
            assert b_clear.ok and _filter_caption(b_clear) == ""
            incidents_a = await _csv_rows(a, "incidents")
            incidents_b = await _csv_rows(b, "incidents")
            assert len(incidents_a) >= len(incidents_b) > 0
            assert not a.stray_errors and not b.stray_errors

    _run(scenario())


def _run(coro):
    """``asyncio.run`` in a thread of its own: another test on this worker may have left
    an event loop running in the main thread (Playwright's sync API, Dask)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


ARROW_PROBE = """\
import os, sys
pyarrow_before = "pyarrow" in sys.modules
exec(compile(open(os.environ["APP_HEAD"]).read(), "app_head", "exec"))
import pyarrow as pa
with open(os.environ["PROBE_OUT"], "w") as fh:
    fh.write(f"{pyarrow_before} {pa.default_memory_pool().backend_name}")
import streamlit as st
st.title("probe")
"""


def test_the_served_app_puts_arrow_buffers_in_the_trimmed_c_heap(tmp_path):
    """app.py chooses Arrow's system pool before pyarrow is first imported, which works
    only while Streamlit's server has not imported pyarrow before the script runs."""
    from dashlib.bench.serve_load import close_all, view_once

    # the lines of app.py before its first import of the project (which imports pyarrow)
    lines = (ROOT / "app.py").read_text("utf-8").splitlines()
    head = lines[: next(i for i, line in enumerate(lines) if line.startswith("ROOT ="))]
    (tmp_path / "app_head.py").write_text("\n".join(head) + "\n", "utf-8")
    (tmp_path / "probe.py").write_text(ARROW_PROBE, "utf-8")
    out = tmp_path / "probe.txt"
    env = {
        "APP_HEAD": str(tmp_path / "app_head.py"),
        "PROBE_OUT": str(out),
        "ARROW_DEFAULT_MEMORY_POOL": None,
    }
    with streamlit_server("probe", "probe.py", tmp_path, env, tmp_path / "log.txt") as server:

        async def one_view():
            await close_all([await view_once(server.url, 0, timeout=60)])

        _run(one_view())
    assert out.read_text("utf-8") == "False system"
