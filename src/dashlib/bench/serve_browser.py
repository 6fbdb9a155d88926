"""What a new visitor with a browser costs the server: ``dashlib bench serve --browser-views N``.

The protocol sessions of :mod:`dashlib.bench.serve_load` send what a browser sends
over the websocket, but not the HTTP requests for Streamlit's front end (the page,
its scripts, styles and fonts) that a first-time visitor's browser makes before it
opens the websocket. The issue's first measurement was taken with browsers, so this
phase repeats it: N visits to each server in headless Chromium, each in a fresh
browser context (an empty cache, as for a first-time visitor), each waiting for
the finished script run. Only the server's CPU is counted (``/proc``), so the
browser sharing the cores does not enter it; the servers take turns, visit by
visit, so a change in the machine's load falls on all of them alike.
"""

from __future__ import annotations

import http.client
import statistics
from typing import Any
from urllib.parse import urlsplit

from dashlib.bench.first_paint import first_paint, headless_chromium
from dashlib.bench.serve_server import Server

# Rounds of the front end's files fetched again per server (see front_end_cpu).
FRONT_END_ROUNDS = 5


def browser_first_views(servers: list[Server], visits: int) -> dict[str, Any]:
    """Server CPU seconds per cold browser visit to each server, and the HTTP requests
    and websocket bytes a visit takes. One unmeasured visit per server first (its
    caches and Python modules are warm, as in the protocol phases). ``front_end`` is
    :func:`front_end_cpu` of the last visit's files."""
    cpu = {s.name: 0.0 for s in servers}
    runs: dict[str, list[dict]] = {s.name: [] for s in servers}
    with headless_chromium() as browser:
        for s in servers:
            first_paint(browser, s.url)
        for _ in range(visits):
            for s in servers:
                before = s.cpu_seconds()
                runs[s.name].append(first_paint(browser, s.url))
                cpu[s.name] += s.cpu_seconds() - before
    out = {name: visit_summary(runs[name], cpu[name]) for name in cpu}
    files = {s.name: front_end_paths(runs[s.name][-1]["http_paths"]) for s in servers}
    for name, row in front_end_cpu(servers, files).items():
        out[name]["front_end"] = row
    return out


def front_end_paths(paths: list[str]) -> list[str]:
    """The front end's files among a visit's GET paths: not ``/media/`` files, which
    belong to the visit's session (the favicon) and are gone once it is."""
    return [p for p in paths if not p.startswith("/media/")]


def front_end_cpu(
    servers: list[Server], files: dict[str, list[str]], rounds: int = FRONT_END_ROUNDS
) -> dict[str, dict]:
    """Server CPU seconds for the front end's files of one visit (``files[name]``: the
    page, its scripts, styles and fonts), fetched again ``rounds`` times over one
    keep-alive connection each time, with no browser and no websocket: what a new
    visitor's files cost on their own, apart from the script run. The servers take
    turns round by round, as the visits do. Per round, and per file."""
    rounds = max(1, rounds)
    total = {s.name: 0.0 for s in servers}
    for _ in range(rounds):
        for s in servers:
            total[s.name] += _fetch_all(s, files[s.name])
    out = {}
    for s in servers:
        per_round = total[s.name] / rounds
        n = len(files[s.name])
        out[s.name] = {
            "files": n,
            "rounds": rounds,
            "cpu_seconds_per_visit": round(per_round, 4),
            "cpu_ms_per_file": round(1000 * per_round / n, 2) if n else None,
        }
    return out


def _fetch_all(server: Server, paths: list[str]) -> float:
    """Server CPU seconds to serve ``paths`` one after another on one connection."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        before = server.cpu_seconds()
        for path in paths:
            # a browser's Accept-Encoding, so the server compresses what it would
            conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
            conn.getresponse().read()
        return server.cpu_seconds() - before
    finally:
        conn.close()


def visit_summary(runs: list[dict], cpu_seconds: float) -> dict[str, Any]:
    """Server CPU seconds per visit over ``runs`` (:func:`first_paint` results) that took
    ``cpu_seconds`` in all, and the median HTTP requests, bytes and time of one."""
    return {
        "visits": len(runs),
        "cpu_seconds_per_view": round(cpu_seconds / len(runs), 4),
        "http_requests": statistics.median(r["http_requests"] for r in runs),
        "http_kb": round(statistics.median(r["http_kb"] for r in runs), 1),
        "websocket_kb": round(statistics.median(r["websocket_kb"] for r in runs), 1),
        "complete_seconds_p50": round(statistics.median(r["complete_seconds"] for r in runs), 3),
    }


def browser_ratios(views: dict[str, Any], app: str, empty: str, stock: str) -> dict[str, Any]:
    """The dashboard's CPU per cold browser visit over each empty page's."""
    a = views[app]["cpu_seconds_per_view"]
    out = {}
    for key, name in (("cpu_ratio_browser", empty), ("cpu_ratio_browser_stock", stock)):
        e = views.get(name, {}).get("cpu_seconds_per_view")
        out[key] = round(a / e, 2) if e else None
    # the same ratio for the front end's files alone, fetched without a browser
    files = views[app].get("front_end", {}).get("cpu_seconds_per_visit")
    e = views.get(empty, {}).get("front_end", {}).get("cpu_seconds_per_visit")
    out["cpu_ratio_front_end_files"] = round(files / e, 2) if files is not None and e else None
    return out
