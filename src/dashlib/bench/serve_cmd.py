"""The ``dashlib bench serve`` command: pick or make a build, serve it, run the load.

* ``--data DIR`` serves an existing build (``--articles-dir`` names the folder it
  was built from; a build that does not match its inputs is refused, because the
  dashboard would rebuild it on its first visit);
* ``--articles N`` generates a corpus of N articles (``dashlib bench generate``)
  and builds it (``dashlib build``) in the work folder, reusing both when present;
* by default the seed articles are built into the work folder.

See :mod:`dashlib.bench.serve_load` for what is measured.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from dashlib.bench.machine import machine

TARGET_CPU_RATIO = 1.5
TARGET_CPU_RATIO_LARGE = 2.0  # builds of LARGE_BUILD articles or more
LARGE_BUILD = 10_000


def _fresh(data_dir: Path, articles_dir: Path) -> bool:
    from dashlib import paths
    from dashlib.building import freshness, store

    fp = freshness.inputs_fingerprint(articles_dir, paths.REFERENCE_DIR, paths.CURATION_FILE)
    return store.has_tables(data_dir) and not freshness.stale_inputs(data_dir, fp)


def _run(cmd: list[str]) -> None:
    print("$ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)


def prepare_build(args, workdir: Path) -> tuple[Path, Path, str]:
    """(build folder, its article folder, a description) for the options given."""
    from dashlib import paths

    if args.data:
        data_dir = Path(args.data)
        articles_dir = Path(args.articles_dir or paths.SEEDS_DIR)
        if not _fresh(data_dir, articles_dir):
            raise SystemExit(
                f"error: {data_dir} is not a current build of {articles_dir} (the dashboard "
                "would rebuild it); pass --articles-dir with the folder it was built from"
            )
    elif args.articles:
        articles_dir = workdir / f"corpus-{args.articles}-s{args.seed}"
        data_dir = workdir / f"build-{args.articles}-s{args.seed}"
        if not (articles_dir / "ground_truth" / "summary.json").is_file():
            gen = [sys.executable, "-m", "dashlib", "bench", "generate", "--n", str(args.articles)]
            _run([*gen, "--out", str(articles_dir), "--seed", str(args.seed), "--quiet"])
    else:
        articles_dir = Path(paths.SEEDS_DIR)
        data_dir = workdir / "build-seeds"
    if not _fresh(data_dir, articles_dir):
        cmd = [sys.executable, "-m", "dashlib", "build", "--articles", str(articles_dir)]
        _run([*cmd, "--out", str(data_dir), "--quiet"])
    counts = json.loads((data_dir / "build_report.json").read_text("utf-8"))["counts"]
    desc = f"{data_dir} ({', '.join(f'{k} {v:,}' for k, v in counts.items())})"
    return data_dir, articles_dir, desc


def cmd_serve(args) -> int:
    from dashlib import paths
    from dashlib.bench import serve_load
    from dashlib.bench.serve_server import empty_page_folder, reconnect_ttl, streamlit_server

    root = Path(args.root) if args.root else paths.PROJECT_ROOT
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.element_kinds:
        return cmd_element_kinds(args, root, workdir)
    data_dir, articles_dir, desc = prepare_build(args, workdir)
    n_articles = json.loads((data_dir / "build_report.json").read_text("utf-8"))["counts"].get(
        "articles", 0
    )
    target = TARGET_CPU_RATIO_LARGE if n_articles >= LARGE_BUILD else TARGET_CPU_RATIO
    settle = None if args.settle == 0 else (args.settle or reconnect_ttl(root))
    env = {"DASHLIB_DATA_DIR": str(data_dir), "DASHLIB_ARTICLES_DIR": str(articles_dir)}
    empty_dir = empty_page_folder(workdir, root)
    stock_dir = empty_page_folder(workdir / "stock", None)
    concurrency = args.concurrency or args.sessions
    t0 = time.perf_counter()
    with (
        streamlit_server("dashboard", "app.py", root, env, workdir / "serve-app.log") as app,
        streamlit_server(
            "empty page", "empty_page.py", empty_dir, {}, workdir / "serve-empty.log"
        ) as empty,
        streamlit_server(
            "stock empty page", "empty_page.py", stock_dir, {}, workdir / "serve-stock.log"
        ) as stock,
    ):
        run = asyncio.run(
            serve_load.run_phases(
                app,
                empty,
                stock,
                sessions=args.sessions,
                concurrency=concurrency,
                spread=not args.same_filter,
                timeout=args.timeout,
                settle=settle,
                settle_extra=args.settle_extra,
            )
        )
        if args.browser_views:
            from dashlib.bench.serve_browser import browser_first_views, browser_ratios

            views = browser_first_views([app, empty, stock], args.browser_views)
            run["browser_first_views"] = views
            run |= browser_ratios(views, app.name, empty.name, stock.name)
    result = {
        **_run_info(args),
        "seconds": round(time.perf_counter() - t0, 1),
        "build": {
            "data_dir": str(data_dir),
            "articles_dir": str(articles_dir),
            "description": desc,
        },
        "run": run,
    }
    result["targets"] = serve_load.judge(result, target)
    json_path = Path(args.json) if args.json else workdir / "bench-serve.json"
    serve_load.write_result(result, json_path)
    print(serve_load.format_serve(result))
    print(f"load average at start / end: {result['load_average_at_start_and_end']}")
    print(f"full results: {json_path}")
    return 0 if run["error_count"] == 0 else 1


def cmd_element_kinds(args, root: Path, workdir: Path) -> int:
    """``--element-kinds N``: what each kind of element adds to a first-time visit."""
    from dashlib.bench import serve_load
    from dashlib.bench.element_kinds import element_kind_visits, format_kinds

    kinds = element_kind_visits(workdir, root, args.element_kinds)
    result = {**_run_info(args), "element_kinds": kinds}
    json_path = Path(args.json) if args.json else workdir / "bench-element-kinds.json"
    serve_load.write_result(result, json_path)
    print(format_kinds(kinds))
    print(f"full results: {json_path}")
    return 0


def _run_info(args) -> dict:
    """What every result of the command starts with: the command, the machine, the load."""
    return {
        "command": "dashlib bench " + " ".join(args.argv_full),
        "machine": machine(),
        "load_average_at_start_and_end": [args.load_start, _load()],
    }


def _load() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def add_parser(sub) -> None:
    """Register ``serve`` on the ``dashlib bench`` parser."""
    s = sub.add_parser(
        "serve",
        help="many sessions at once through Streamlit's protocol: errors, latency, CPU, memory",
    )
    what = s.add_mutually_exclusive_group()
    what.add_argument("--data", default=None, help="serve this existing build")
    what.add_argument(
        "--articles", type=int, default=0, help="generate and build a corpus of N articles"
    )
    s.add_argument(
        "--articles-dir", default=None, help="with --data: the folder it was built from (seeds)"
    )
    s.add_argument("--seed", type=int, default=0, help="with --articles: the corpus seed")
    s.add_argument("--sessions", type=int, default=20, help="sessions at once")
    s.add_argument("--concurrency", type=int, default=0, help="at most this many (default: all)")
    s.add_argument(
        "--same-filter",
        action="store_true",
        help="every session picks the same filter value (default: session i picks option i)",
    )
    s.add_argument("--timeout", type=float, default=300.0, help="seconds per request")
    s.add_argument(
        "--settle",
        type=float,
        default=None,
        help="seconds Streamlit keeps closed sessions (default: the config's "
        "server.disconnectedSessionTTL); 0 skips the idle-session phase and the wait",
    )
    s.add_argument(
        "--settle-extra",
        type=float,
        default=35.0,
        help="seconds more before the memory after (the dashboard frees memory every 30 s)",
    )
    s.add_argument(
        "--browser-views",
        type=int,
        default=0,
        help="after the load, N first visits to each server in headless Chromium (fresh "
        "cache each): server CPU per visit with the front end's files (needs playwright)",
    )
    s.add_argument(
        "--element-kinds",
        type=int,
        default=0,
        help="instead of the load: N first visits in headless Chromium to a small page per "
        "kind of element: the front end's files and server CPU each kind adds",
    )
    s.add_argument("--workdir", default="/tmp/dashlib-bench", help="builds and logs go here")
    s.add_argument("--root", default=None, help="folder with app.py (default: project root)")
    s.add_argument("--json", default=None, help="results (default: WORKDIR/bench-serve.json)")
    s.set_defaults(func=cmd_serve, load_start=_load())
