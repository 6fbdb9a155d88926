"""Benchmarks: ``dashlib bench generate | build | pages | serve`` (see BENCHMARKS.md).

``generate``
    Write a synthetic corpus with its ground truth (:mod:`dashlib.bench.corpus`).
``build``
    For each size N: generate (or reuse) a corpus of N articles, then build it
    in a child process and report the time of every stage, articles/s, MB/s,
    the child's peak memory (``ru_maxrss`` from ``wait4``) and the ratio to a
    floor measured in the same run (a child that reads the same files and
    splits them into words). Resolution quality against the ground truth
    (pairwise precision and recall of incidents) comes as a bonus.
``pages``
    Time every dashboard page's script, cold (fresh session, empty caches) and
    warm (a rerun), with Streamlit's AppTest on a synthetic build of 100,000
    incidents and 500,000 claims written to a folder as a real build is; and
    the first paint of the overview in headless Chromium against an empty
    Streamlit page served in the same run.
``serve``
    Serve the dashboard as the README does and drive many sessions at once
    through Streamlit's own websocket protocol (no browser): errors, p50 and
    p95 per page, server CPU per page view against an empty Streamlit page
    served in the same run, and server memory before, during and after.

Timings are only compared as ratios inside one run: the machine is shared.

This module is the command line (and the entry of the benchmark's child
processes); the benchmarks live in :mod:`~dashlib.bench.build_bench`,
:mod:`~dashlib.bench.children`, :mod:`~dashlib.bench.page_bench`,
:mod:`~dashlib.bench.first_paint` and ``serve_*`` (:mod:`~dashlib.bench.serve_cmd`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashlib.bench.build_bench import cmd_build
from dashlib.bench.children import child_build, child_floor
from dashlib.bench.page_bench import cmd_pages
from dashlib.bench.serve_cmd import add_parser as add_serve_parser


def cmd_generate(args) -> int:
    from dashlib.bench.corpus import generate_corpus

    progress = None
    if not args.quiet:
        from dashlib.progress import Progress

        progress = Progress("generating")
    t0 = time.perf_counter()
    summary = generate_corpus(
        args.n, args.out, args.seed, progress=progress, article_bytes=args.article_bytes
    )
    print(
        f"wrote {summary['n_articles']:,} articles about {summary['n_events']:,} events "
        f"({summary['bytes'] / 1e6:.1f} MB) to {args.out} in {time.perf_counter() - t0:.1f} s; "
        f"ground truth in {Path(args.out) / 'ground_truth'}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dashlib bench", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write a synthetic corpus with ground truth")
    g.add_argument("--n", type=int, required=True, help="number of articles")
    g.add_argument("--out", required=True, help="output folder")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument(
        "--article-bytes", type=int, default=0, help="make articles of about this many bytes"
    )
    g.add_argument("--quiet", action="store_true")
    g.set_defaults(func=cmd_generate)

    b = sub.add_parser("build", help="time the build at several corpus sizes")
    b.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    b.add_argument("--workdir", default="/tmp/dashlib-bench", help="corpora and builds go here")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument(
        "--article-bytes", type=int, default=0, help="corpora of articles of about this size"
    )
    b.add_argument("--engine", choices=["local", "dask"], default="local")
    b.add_argument("--scheduler", default=None, help="Dask scheduler address (engine dask)")
    b.add_argument("--workers", type=int, default=None, help="LocalCluster workers (engine dask)")
    b.add_argument(
        "--json", default=None, help="write the results here (default: WORKDIR/bench-build.json)"
    )
    b.add_argument("--quiet", action="store_true", help="no progress lines")
    b.set_defaults(func=cmd_build)

    pg = sub.add_parser(
        "pages", help="time the dashboard pages (AppTest) and first paint (Chromium)"
    )
    pg.add_argument("--incidents", type=int, default=100_000)
    pg.add_argument("--claims", type=int, default=500_000)
    pg.add_argument("--workdir", default="/tmp/dashlib-bench", help="the synthetic build goes here")
    pg.add_argument("--repeats", type=int, default=3, help="warm runs per page")
    pg.add_argument("--no-browser", action="store_true", help="skip the first-paint measurement")
    pg.add_argument(
        "--json", default=None, help="write the results here (default: WORKDIR/bench-pages.json)"
    )
    pg.add_argument("--pages", default=None, help="only these pages (file names or stems)")
    pg.add_argument("--root", default=None, help="folder with app.py (default: project root)")
    pg.set_defaults(func=cmd_pages)

    add_serve_parser(sub)

    c = sub.add_parser("_child-floor")
    c.add_argument("corpus")
    c.set_defaults(func=child_floor)

    c = sub.add_parser("_child-build")
    c.add_argument("corpus")
    c.add_argument("out")
    c.add_argument("--n", type=int, default=0)
    c.add_argument("--engine", default="local")
    c.add_argument("--scheduler", default=None)
    c.add_argument("--workers", type=int, default=None)
    c.add_argument("--quiet", action="store_true")
    c.set_defaults(func=child_build)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    args.argv = argv[1:]
    args.argv_full = argv
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
