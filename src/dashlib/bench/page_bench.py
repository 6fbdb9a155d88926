"""``dashlib bench pages``: every dashboard page's script time, cold and warm.

Pages run with Streamlit's AppTest on a synthetic build (by default 100,000
incidents and 500,000 claims) written to a folder as a real build is; the first
paint of the overview in a browser comes from :mod:`dashlib.bench.first_paint`.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from dashlib.bench.first_paint import TARGET_FIRST_PAINT_RATIO, time_first_paint
from dashlib.bench.machine import machine

TARGET_PAGE_WARM_SECONDS = 0.5


def page_scripts(app_file: Path) -> list[str]:
    """The page scripts that ``app.py`` registers with ``st.Page`` (in its order)."""
    text = app_file.read_text("utf-8")
    return re.findall(r"st\.Page\(\s*[\"']([^\"']+\.py)[\"']", text)


def synthetic_build(
    workdir: Path, n_incidents: int, n_claims: int, seed: int = 0, articles_dir: Path | None = None
) -> Path:
    """Write synthetic tables as a build folder (CSV and Parquet); reused when present.

    The folder records the fingerprint of the inputs the app will check
    (``articles_dir``, the reference data, the curation file and the code), so
    the dashboard reads it instead of treating it as stale and rebuilding.
    """
    from dashlib import paths
    from dashlib.bench.synthetic import synthetic_tables
    from dashlib.building import freshness
    from dashlib.building.store import has_tables, write_tables

    folder = workdir / f"pages-{n_incidents}-{n_claims}-s{seed}"
    stamp = folder / "synthetic.json"

    def fingerprint():
        if articles_dir is not None:
            freshness.write_fingerprint(
                folder,
                freshness.inputs_fingerprint(
                    articles_dir, paths.REFERENCE_DIR, paths.CURATION_FILE
                ),
            )

    if has_tables(folder) and stamp.is_file():
        fingerprint()
        return folder
    per = max(1, round(n_claims / max(1, n_incidents)))
    tables = synthetic_tables(n_incidents, per, seed=seed)
    write_tables(tables, folder)
    counts = {n: len(df) for n, df in tables.items()}
    stamp.write_text(json.dumps({"counts": counts, "seed": seed}) + "\n", "utf-8")
    fingerprint()
    return folder


def time_pages(
    app_file: Path, pages: list[str], data_dir: Path, articles_dir: Path, repeats: int = 3
) -> list[dict]:
    """Cold and warm script times of every page with AppTest (this process)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DASHLIB_DATA_DIR"] = str(data_dir)
    os.environ["DASHLIB_ARTICLES_DIR"] = str(articles_dir)
    os.environ.pop("DASHLIB_SYNTHETIC", None)
    out = []
    for page in pages:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(app_file), default_timeout=1800)
        at.switch_page(page)
        t0 = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t0)
        # An exception or an error box (e.g. "the tables could not be loaded") means
        # the page did not show the data: its time does not count.
        errors = [str(e.value)[:300] for e in at.exception]
        errors += [str(e.value)[:300] for e in at.error]
        row = {
            "page": page,
            "cold_seconds": round(cold, 3),
            "warm_seconds": round(statistics.median(warm), 3) if warm else None,
            "warm_runs": [round(w, 3) for w in warm],
            "exceptions": errors,
        }
        row["met"] = bool(warm) and row["warm_seconds"] <= TARGET_PAGE_WARM_SECONDS and not errors
        out.append(row)
        print(
            f"{page}: cold {cold:.2f} s, warm {row['warm_seconds']} s"
            + (f", {len(errors)} exception(s)" if errors else ""),
            file=sys.stderr,
        )
    return out


def format_pages(result: dict) -> str:
    lines = [f"{'page':<34} {'cold s':>8} {'warm s':>8}  target <= {TARGET_PAGE_WARM_SECONDS} s"]
    for r in result["pages"]:
        flag = "MET " if r["met"] else "MISS"
        extra = f"  ({len(r['exceptions'])} exception(s) or error(s))" if r["exceptions"] else ""
        lines.append(
            f"{r['page']:<34} {r['cold_seconds']:>8.2f} {r['warm_seconds'] or 0:>8.2f}  {flag}{extra}"
        )
    fp = result.get("first_paint")
    if fp:
        for label in ("empty", "overview"):
            w = fp[label]["warm"]
            fcps = [x["browser_fcp_seconds"] for x in w if x["browser_fcp_seconds"] is not None]
            lines.append(
                f"first paint {label:<9}: browser FCP "
                f"{statistics.median(fcps) if fcps else float('nan'):.2f} s, "
                f"title {statistics.median(x['title_seconds'] for x in w):.2f} s, "
                f"complete {statistics.median(x['complete_seconds'] for x in w):.2f} s warm; "
                f"cold title {fp[label]['cold']['title_seconds']:.2f} s, complete "
                f"{fp[label]['cold']['complete_seconds']:.2f} s; "
                f"{statistics.median(x['websocket_kb'] for x in w):,.0f} KB over the WebSocket"
            )
        lines.append(
            f"{'MET ' if fp['met'] else 'MISS'}  first paint of the overview (its title, warm) <= "
            f"{TARGET_FIRST_PAINT_RATIO}x empty page: {fp['ratio_title_warm']}x (cold "
            f"{fp['ratio_title_cold']}x). Also: browser FCP {fp['ratio_fcp_warm']}x; complete "
            f"render {fp['ratio_complete_warm']}x warm ({fp['ratio_complete_cold']}x cold)"
        )
    return "\n".join(lines)


def cmd_pages(args) -> int:
    from dashlib import paths

    root = Path(args.root) if args.root else paths.PROJECT_ROOT
    app_file = root / "app.py"
    if not app_file.is_file():
        print(f"error: no app.py in {root}", file=sys.stderr)
        return 2
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    articles_dir = workdir / "no-articles"
    articles_dir.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    data_dir = synthetic_build(workdir, args.incidents, args.claims, articles_dir=articles_dir)
    prep = time.perf_counter() - t0
    pages = page_scripts(app_file)
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",")}
        pages = [p for p in pages if p in wanted or Path(p).stem in wanted]
    counts = json.loads((data_dir / "synthetic.json").read_text())["counts"]
    result = {
        "command": "dashlib bench " + " ".join(args.argv_full),
        "machine": machine(),
        "data_dir": str(data_dir),
        "counts": counts,
        "prepare_seconds": round(prep, 1),
        "pages": time_pages(app_file, pages, data_dir, articles_dir, args.repeats),
    }
    if not args.no_browser:
        result["first_paint"] = time_first_paint(
            root, data_dir, articles_dir, workdir, repeats=args.repeats
        )
    json_path = Path(args.json) if args.json else workdir / "bench-pages.json"
    json_path.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"tables: {', '.join(f'{k} {v:,}' for k, v in counts.items())}")
    print(format_pages(result))
    print(f"\nfull results: {json_path}")
    return 0
