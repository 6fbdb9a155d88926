"""``dashlib bench serve``: many readers at once, through Streamlit's own protocol.

Starts the dashboard as the README does (``streamlit run app.py`` with the
project's config) on a build, and an empty Streamlit page as the baseline in the
same run, then drives sessions with :class:`~dashlib.bench.serve_protocol.Session`
(no browser). One session, a *visit*, is what a reader does: open the link,
open every page from the sidebar, change a sidebar filter on the first page that
offers a CSV, and download that CSV. The run has these phases:

1. **warm-up**: one visit to the dashboard and one view of each empty page (not
   counted; the first run opens the build); then the memory *before*;
2. **idle sessions** (unless ``--settle 0``): N visits with the warm-up's
   filter, one after the other, left open and idle: memory per open idle session;
3. **visits**: N sessions at once (``--sessions``), each a whole visit, each
   with its own filter value; per page: errors and exceptions, p50 and p95
   from request to ``script_finished``; server CPU seconds per page view; peak
   memory; memory with the N sessions open at the end;
4. **first views**: N new sessions at once that each open the link (one page
   view), on an empty page served with the project's config, on an empty page
   with Streamlit's defaults, and on the dashboard: server CPU seconds per new
   session's page view, and the dashboard's ratio to each;
5. **after** (unless ``--settle 0``): once Streamlit has dropped the closed
   sessions (it keeps them for a reconnect, ``server.disconnectedSessionTTL``)
   and ``--settle-extra`` seconds more, the memory *after*.

Results are printed as a table and written as JSON. Measurements are ratios
within one run: the machine may be shared.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashlib.bench.serve_protocol import DownloadResult, RunResult, Session
from dashlib.bench.serve_server import PeakRss, Server

PREPARE_KEY_PREFIX = "prepare_"  # buttons that make a large CSV ready to download


@dataclass
class Visit:
    """One session's requests and what went wrong."""

    index: int
    session: Session | None = None
    runs: list[RunResult] = field(default_factory=list)
    downloads: list[DownloadResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages_expected: int = 0
    pages_finished: set[str] = field(default_factory=set)


def _pick_filter(session: Session, run: RunResult, index: int):
    """A sidebar filter to change: the first URL-bound multiselect, its option ``index``."""
    for w in run.widgets.values():
        if w.in_sidebar and w.kind == "multiselect" and w.query_param_key and w.options:
            return w, [w.options[index % len(w.options)]]
    return None


async def _filter_and_download(visit: Visit, run: RunResult, choice: int) -> None:
    """Change a sidebar filter, then download the first CSV the page offers."""
    s = visit.session
    picked = _pick_filter(s, run, choice)
    if picked is None:
        visit.errors.append(f"no sidebar filter to change on {run.page}")
        return
    res = await s.set_widget(*picked)
    visit.runs.append(res)
    wanted = res.downloads
    prepare = [w for w in res.widgets.values() if (w.user_key or "").startswith(PREPARE_KEY_PREFIX)]
    if prepare:  # a table's CSV made on request: press "Prepare", then take its download
        res = await s.click(prepare[0])
        visit.runs.append(res)
        suffix = "-download_" + prepare[0].user_key[len(PREPARE_KEY_PREFIX) :]
        wanted = [d for d in res.downloads if d.id.endswith(suffix)]
    if not wanted:
        visit.errors.append(f"no download button on {res.page} after the filter")
        return
    visit.downloads.append(await s.download(wanted[0]))


async def visit_app(url: str, index: int, *, choice: int, timeout: float) -> Visit:
    """One reader's visit; the session is left open (close ``visit.session``)."""
    visit = Visit(index, Session(url, timeout=timeout))
    s = visit.session
    try:
        await s.connect()
        first = await s.open_default()
        visit.runs.append(first)
        pages = list(s.pages)
        visit.pages_expected = len(pages)
        done = False
        for page in pages:
            res = first if page.script_hash == first.page_script_hash else await s.open_page(page)
            if res is not first:
                visit.runs.append(res)
            if res.ok:
                visit.pages_finished.add(page.label)
            if res.status in ("timeout", "disconnected"):
                break
            offers = res.downloads or any(
                (w.user_key or "").startswith(PREPARE_KEY_PREFIX) for w in res.widgets.values()
            )
            if offers and not done:
                done = True
                await _filter_and_download(visit, res, choice)
        if not done:
            visit.errors.append("no page offers a CSV download")
    except Exception as err:
        visit.errors.append(f"{type(err).__name__}: {err}")
    return visit


async def view_once(url: str, index: int, *, timeout: float) -> Visit:
    """A new session that opens the link (one page view); left open."""
    visit = Visit(index, Session(url, timeout=timeout), pages_expected=1)
    try:
        await visit.session.connect()
        run = await visit.session.open_default()
        visit.runs.append(run)
        if run.ok:
            visit.pages_finished.add(run.page)
    except Exception as err:
        visit.errors.append(f"{type(err).__name__}: {err}")
    return visit


async def _gather(make, n: int, concurrency: int) -> list[Visit]:
    sem = asyncio.Semaphore(max(1, concurrency))

    async def one(i: int) -> Visit:
        async with sem:
            return await make(i)

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def close_all(visits: list[Visit]) -> None:
    await asyncio.gather(*(v.session.close() for v in visits if v.session is not None))


def _pct(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def visit_errors(visits: list[Visit]) -> list[dict[str, Any]]:
    """Every failure of the visits: requests, downloads, missed pages, stray exceptions."""
    errors: list[dict[str, Any]] = []
    for v in visits:
        errors += [{"session": v.index, "error": e} for e in v.errors]
        errors += [{"session": v.index, **r.summary()} for r in v.runs if not r.ok]
        for d in v.downloads:
            if not d.ok:
                errors.append({"session": v.index, "download": d.label, "error": d.error})
        if len(v.pages_finished) < v.pages_expected:
            errors.append(
                {
                    "session": v.index,
                    "error": f"{len(v.pages_finished)} of {v.pages_expected} pages",
                }
            )
        if v.session is not None:
            errors += [{"session": v.index, "stray": e} for e in v.session.stray_errors]
    return errors


def page_table(visits: list[Visit]) -> dict[str, dict[str, Any]]:
    """Per page and action: views, errors, exceptions, p50 / p95 ms, KB sent."""
    by: dict[str, list[RunResult]] = defaultdict(list)
    for v in visits:
        for r in v.runs:
            by[f"{r.action} {r.page}"].append(r)
    out = {}
    for key, runs in by.items():
        ms = sorted(r.elapsed * 1000 for r in runs if r.status not in ("timeout", "disconnected"))
        out[key] = {
            "views": len(runs),
            "errors": sum(not r.ok for r in runs),
            "exceptions": sum(len(r.exceptions) for r in runs),
            "status": dict(Counter(r.status for r in runs)),
            "p50_ms": round(_pct(ms, 50), 1) if ms else None,
            "p95_ms": round(_pct(ms, 95), 1) if ms else None,
            "kb_per_view": round(statistics.mean(r.n_bytes for r in runs) / 1024, 1),
        }
    return dict(sorted(out.items(), key=lambda kv: (kv[0].split()[0] != "open", kv[0])))


async def phase_visits(
    server: Server, n: int, concurrency: int, *, spread: bool, timeout: float
) -> dict[str, Any]:
    """N whole visits at once; the sessions stay open until all are done, then close."""
    cpu0, rss0 = server.cpu_seconds(), server.rss_mb()
    t0 = time.perf_counter()
    async with PeakRss(server.pid) as peak:
        visits = await _gather(
            lambda i: visit_app(server.url, i, choice=i if spread else 0, timeout=timeout),
            n,
            concurrency,
        )
        wall = time.perf_counter() - t0
        cpu = server.cpu_seconds() - cpu0
        rss_open = server.rss_mb()
    await close_all(visits)
    views = sum(len(v.runs) for v in visits)
    downloads = [d for v in visits for d in v.downloads]
    dl_ms = sorted(d.elapsed * 1000 for d in downloads if d.ok)
    errors = visit_errors(visits)
    return {
        "sessions": n,
        "concurrency": concurrency,
        "spread_filters": spread,
        "wall_seconds": round(wall, 2),
        "page_views": views,
        "sessions_with_every_page": sum(len(v.pages_finished) == v.pages_expected for v in visits),
        "pages": page_table(visits),
        "downloads": {
            "n": len(downloads),
            "ok": sum(d.ok for d in downloads),
            "p50_ms": round(_pct(dl_ms, 50), 1) if dl_ms else None,
            "p95_ms": round(_pct(dl_ms, 95), 1) if dl_ms else None,
        },
        "all_views_p50_ms": round(_pct([r.elapsed * 1000 for v in visits for r in v.runs], 50), 1),
        "all_views_p95_ms": round(_pct([r.elapsed * 1000 for v in visits for r in v.runs], 95), 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_seconds_per_page_view": round(cpu / views, 4) if views else None,
        "cpu_cores_used": round(cpu / wall, 2) if wall else None,
        "rss_mb_before": round(rss0, 1),
        "rss_mb_peak": round(peak.peak_mb, 1),
        "rss_mb_with_sessions_open": round(rss_open, 1),
        "error_count": len(errors),
        "errors": errors[:30],
    }


async def phase_first_views(
    server: Server, n: int, concurrency: int, *, timeout: float
) -> dict[str, Any]:
    """N new sessions that each open the link: CPU per new session's page view."""
    cpu0 = server.cpu_seconds()
    t0 = time.perf_counter()
    visits = await _gather(lambda i: view_once(server.url, i, timeout=timeout), n, concurrency)
    wall = time.perf_counter() - t0
    cpu = server.cpu_seconds() - cpu0
    await close_all(visits)
    ms = sorted(r.elapsed * 1000 for v in visits for r in v.runs)
    errors = visit_errors(visits)
    return {
        "server": server.name,
        "sessions": n,
        "wall_seconds": round(wall, 2),
        "p50_ms": round(_pct(ms, 50), 1) if ms else None,
        "p95_ms": round(_pct(ms, 95), 1) if ms else None,
        "cpu_seconds": round(cpu, 2),
        "cpu_seconds_per_view": round(cpu / n, 4) if n else None,
        "kb_per_view": round(statistics.mean(r.n_bytes for v in visits for r in v.runs) / 1024, 1)
        if ms
        else None,
        "error_count": len(errors),
        "errors": errors[:10],
    }


async def drop_closed_sessions(server: Server, ttl: float, extra: float) -> None:
    """Wait until Streamlit may drop the closed sessions, make it do so, wait ``extra`` s.

    Closed sessions are kept for a reconnect for ``ttl`` seconds and removed from
    that store only by a later write to it: one more session closing. ``extra``
    gives the server time to reclaim the memory (the dashboard does every 30 s).
    """
    await asyncio.sleep(ttl + 2)
    async with Session(server.url) as s:
        await s.open_default()
    await asyncio.sleep(extra)


async def phase_idle(server: Server, n: int, *, timeout: float) -> dict[str, Any]:
    """Memory per open idle session: N visits with the warm-up's filter (so no cache
    grows), one after the other (so the memory of runs in flight is one visit's, not
    N's), all left open and idle."""
    rss0 = server.rss_mb()
    visits = await _gather(lambda i: visit_app(server.url, i, choice=0, timeout=timeout), n, 1)
    await asyncio.sleep(2)
    rss_open = server.rss_mb()
    await close_all(visits)
    errors = visit_errors(visits)
    return {
        "sessions": n,
        "rss_mb_before": round(rss0, 1),
        "rss_mb_open": round(rss_open, 1),
        "mb_per_idle_session": round((rss_open - rss0) / n, 2) if n else None,
        "error_count": len(errors),
        "errors": errors[:10],
    }


async def run_phases(
    app: Server,
    empty: Server,
    stock: Server | None = None,
    *,
    sessions: int,
    concurrency: int,
    spread: bool,
    timeout: float,
    settle: float | None,
    settle_extra: float = 35.0,
) -> dict[str, Any]:
    """The phases of the module docstring; ``settle=None`` skips the idle phase and the
    wait for Streamlit to drop closed sessions (the memory after is then taken at once)."""
    out: dict[str, Any] = {}
    warm = await visit_app(app.url, 0, choice=0, timeout=timeout)
    await close_all([warm])
    warm_empty = await view_once(empty.url, 0, timeout=timeout)
    await close_all([warm_empty])
    out["warmup"] = {
        "first_view_ms": round(warm.runs[0].elapsed * 1000, 1) if warm.runs else None,
        "error_count": len(visit_errors([warm, warm_empty])),
        "errors": visit_errors([warm, warm_empty])[:10],
    }
    await asyncio.sleep(2)
    out["rss_mb_before_load"] = round(app.rss_mb(), 1)
    out["empty_rss_mb"] = round(empty.rss_mb(), 1)
    if settle is not None:
        out["idle"] = await phase_idle(app, sessions, timeout=timeout)
    out["visits"] = await phase_visits(app, sessions, concurrency, spread=spread, timeout=timeout)
    await asyncio.sleep(3)
    out["rss_mb_after_visits_closed"] = round(app.rss_mb(), 1)
    out["first_views_empty"] = await phase_first_views(
        empty, sessions, concurrency, timeout=timeout
    )
    if stock is not None:
        out["first_views_stock"] = await phase_first_views(
            stock, sessions, concurrency, timeout=timeout
        )
    out["first_views_app"] = await phase_first_views(app, sessions, concurrency, timeout=timeout)
    a = out["first_views_app"]["cpu_seconds_per_view"]
    for name, key in (("empty", "cpu_ratio_first_view"), ("stock", "cpu_ratio_first_view_stock")):
        e = out.get(f"first_views_{name}", {}).get("cpu_seconds_per_view")
        out[key] = round(a / e, 2) if e else None
    if settle is not None:
        await drop_closed_sessions(app, settle, settle_extra)
        out["settle_seconds"] = settle + settle_extra
    out["rss_mb_after"] = round(app.rss_mb(), 1)
    out["error_count"] = sum(
        out[k]["error_count"]
        for k in (
            "warmup",
            "idle",
            "visits",
            "first_views_empty",
            "first_views_stock",
            "first_views_app",
        )
        if k in out
    )
    return out


def judge(result: dict[str, Any], cpu_ratio_target: float) -> dict[str, Any]:
    """The issue's targets, met or not, from a run's results."""
    r = result["run"]
    before, after = r["rss_mb_before_load"], r["rss_mb_after"]
    out: dict[str, Any] = {
        "no_errors": r["error_count"] == 0,
        "every_session_every_page": r["visits"]["sessions_with_every_page"]
        == r["visits"]["sessions"],
    }
    for key in (
        "cpu_ratio_first_view",
        "cpu_ratio_first_view_stock",
        "cpu_ratio_browser",
        "cpu_ratio_browser_stock",
    ):
        if r.get(key) is not None:
            out[key] = {
                "value": r[key],
                "target": cpu_ratio_target,
                "met": r[key] <= cpu_ratio_target,
            }
    out |= {
        "memory_returns": {
            "before": before,
            "after": after,
            "change": round((after - before) / before, 3) if before else None,
            "target": 0.10,
            "met": before > 0 and abs(after - before) / before <= 0.10,
        },
    }
    if "idle" in r:
        per = r["idle"]["mb_per_idle_session"]
        out["mb_per_idle_session"] = {"value": per, "target": 5.0, "met": per <= 5.0}
    return out


def format_serve(result: dict[str, Any]) -> str:
    """The printed table of a run."""
    r, v = result["run"], result["run"]["visits"]
    lines = [
        f"build: {result['build']['description']}",
        f"{v['sessions']} sessions at once ({v['page_views']} page views in "
        f"{v['wall_seconds']} s); sessions with every page: {v['sessions_with_every_page']}",
        f"{'request':<34} {'views':>6} {'errors':>6} {'exc':>4} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}",
    ]
    for key, p in v["pages"].items():
        lines.append(
            f"{key:<34} {p['views']:>6} {p['errors']:>6} {p['exceptions']:>4} "
            f"{p['p50_ms'] or 0:>8.0f} {p['p95_ms'] or 0:>8.0f} {p['kb_per_view']:>7.1f}"
        )
    d = v["downloads"]
    lines.append(
        f"CSV downloads: {d['ok']} of {d['n']} ok, p50 {d['p50_ms']} ms, p95 {d['p95_ms']} ms"
    )
    fe, fa = r["first_views_empty"], r["first_views_app"]
    fs = r.get("first_views_stock") or {}
    lines += [
        f"server CPU s per page view (visits): {v['cpu_seconds_per_page_view']} "
        f"({v['cpu_cores_used']} cores busy)",
        f"server CPU s per new session's page view: dashboard {fa['cpu_seconds_per_view']}; "
        f"empty page, project config {fe['cpu_seconds_per_view']} (ratio "
        f"{r['cpu_ratio_first_view']}); empty page, Streamlit defaults "
        f"{fs.get('cpu_seconds_per_view')} (ratio {r.get('cpu_ratio_first_view_stock')})",
        f"  first view p50 / p95 ms: dashboard {fa['p50_ms']} / {fa['p95_ms']}, "
        f"empty page {fe['p50_ms']} / {fe['p95_ms']}, "
        f"stock empty page {fs.get('p50_ms')} / {fs.get('p95_ms')}",
        f"server RSS MB: before {r['rss_mb_before_load']}, peak {v['rss_mb_peak']}, "
        f"{v['sessions']} sessions open {v['rss_mb_with_sessions_open']}, "
        f"closed {r['rss_mb_after_visits_closed']}, after {r['rss_mb_after']}"
        + (f" ({r['settle_seconds']:.0f} s later)" if "settle_seconds" in r else " (at once)"),
    ]
    for name, b in r.get("browser_first_views", {}).items():
        lines.append(
            f"browser first visit, {name}: server CPU s {b['cpu_seconds_per_view']}, "
            f"{b['http_requests']} HTTP requests ({b['http_kb']} KB), websocket "
            f"{b['websocket_kb']} KB, complete in {b['complete_seconds_p50']} s (p50 of {b['visits']})"
        )
        if "front_end" in b:
            f = b["front_end"]
            lines.append(
                f"  its {f['files']} files alone, fetched again without a browser: server CPU s "
                f"{f['cpu_seconds_per_visit']} ({f['cpu_ms_per_file']} ms a file, {f['rounds']} rounds)"
            )
    if "cpu_ratio_browser" in r:
        lines.append(
            f"  ratio in a browser: {r['cpu_ratio_browser']} (project config), "
            f"{r['cpu_ratio_browser_stock']} (Streamlit defaults); the front end's files "
            f"alone: {r.get('cpu_ratio_front_end_files')} (project config)"
        )
    if "idle" in r:
        i = r["idle"]
        lines.append(
            f"idle sessions: {i['sessions']} open {i['rss_mb_open']} MB from {i['rss_mb_before']} MB "
            f"= {i['mb_per_idle_session']} MB each"
        )
    lines.append(f"errors: {r['error_count']}")
    for key, t in result["targets"].items():
        if isinstance(t, dict):
            lines.append(
                f"{'MET ' if t['met'] else 'MISS'}  {key}: {t.get('value', t.get('change'))} "
                f"(target {t['target']})"
            )
        else:
            lines.append(f"{'MET ' if t else 'MISS'}  {key}")
    return "\n".join(lines)


def write_result(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
