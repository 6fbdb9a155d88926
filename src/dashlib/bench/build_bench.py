"""``dashlib bench build``: the build's time, speed and memory at several corpus sizes.

For each size N: generate (or reuse) a corpus of N articles, then build it in a
child process and report the time of every stage, articles/s, MB/s, the child's
peak memory and the ratio to a floor measured in the same run (a child that reads
the same files and splits them into words), with the resolution quality against
the corpus's ground truth.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from dashlib.bench.children import run_child
from dashlib.bench.machine import machine

# Targets of issue 6 (checked and printed by ``bench build``).
TARGET_10K_SECONDS = 60.0
TARGET_SCALING = 12.0  # time(100k) / time(10k)
TARGET_PEAK_MB = 1536.0  # 1.5 GB for 100k articles

STAGES = (
    "read",
    "clean",
    "extract",
    "resolve",
    "curation",
    "reconcile",
    "assemble",
    "validate",
    "write",
)


def ensure_corpus(
    n: int, folder: Path, seed: int, quiet: bool = False, article_bytes: int = 0
) -> dict:
    """Generate the corpus unless ``folder`` already holds the same one (same n, seed and
    article size)."""
    from dashlib.bench.corpus import TRUTH_DIR, generate_corpus

    summary_path = folder / TRUTH_DIR / "summary.json"
    if summary_path.is_file():
        summary = json.loads(summary_path.read_text("utf-8"))
        if (
            summary.get("n_articles") == n
            and summary.get("seed") == seed
            and summary.get("article_bytes", 0) == article_bytes
        ):
            return summary
    if folder.exists():
        for p in folder.iterdir():
            if p.is_file():
                p.unlink()
    progress = None
    if not quiet:
        from dashlib.progress import Progress

        progress = Progress(f"generating {n:,}")
    return generate_corpus(n, folder, seed, progress=progress, article_bytes=article_bytes)


def bench_size(
    n: int,
    workdir: Path,
    seed: int = 0,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    quiet: bool = False,
    article_bytes: int = 0,
) -> dict:
    """Measure one size: floor and build, each in its own child process."""
    size = f"-b{article_bytes}" if article_bytes else ""
    corpus = workdir / f"corpus-{n}-s{seed}{size}"
    t0 = time.perf_counter()
    summary = ensure_corpus(n, corpus, seed, quiet=quiet, article_bytes=article_bytes)
    gen_seconds = time.perf_counter() - t0
    floor, _floor_wall, floor_peak = run_child(["_child-floor", str(corpus)], quiet=True)
    out_dir = workdir / f"build-{n}-s{seed}{size}-{engine}"
    argv = ["_child-build", str(corpus), str(out_dir), "--n", str(n), "--engine", engine]
    if scheduler:
        argv += ["--scheduler", scheduler]
    if workers:
        argv += ["--workers", str(workers)]
    if quiet:
        argv.append("--quiet")
    built, wall, peak = run_child(argv, quiet=quiet)
    mb = summary["bytes"] / 1e6
    seconds = built["seconds"]
    stages = {k: built["timings"].get(k, 0.0) for k in STAGES}
    return {
        "n": n,
        "engine": engine,
        "corpus": str(corpus),
        "corpus_mb": round(mb, 2),
        "generate_seconds": round(gen_seconds, 2),
        "build_seconds": round(seconds, 3),
        "process_seconds": round(wall, 3),
        "stages": stages,
        "map_seconds": built["timings"].get("map", 0.0),
        "articles_per_second": round(n / seconds, 1),
        "mb_per_second": round(mb / seconds, 3),
        "peak_memory_mb": round(peak, 1),
        "floor_seconds": round(floor["seconds"], 4),
        "floor_peak_memory_mb": round(floor_peak, 1),
        "ratio_to_floor": round(seconds / max(floor["seconds"], 1e-9), 1),
        "counts": built["counts"],
        "files_skipped": built["files_skipped"],
        "warnings": built["warnings"],
        "resolution": built.get("resolution", {}),
        "clustering": built.get("clustering", {}),
    }


def targets(results: list[dict]) -> list[dict]:
    """Issue 6's build targets, checked against the measured sizes that are present."""
    by_n = {r["n"]: r for r in results}
    out = []
    if 10_000 in by_n:
        t = by_n[10_000]["build_seconds"]
        out.append(
            {
                "target": "10,000 articles in <= 60 s",
                "measured": f"{t:.1f} s",
                "met": t <= TARGET_10K_SECONDS,
            }
        )
    if 10_000 in by_n and 100_000 in by_n:
        ratio = by_n[100_000]["build_seconds"] / by_n[10_000]["build_seconds"]
        out.append(
            {
                "target": "100,000 in <= 12x the 10,000 time",
                "measured": f"{ratio:.2f}x",
                "met": ratio <= TARGET_SCALING,
            }
        )
    if 100_000 in by_n:
        peak = by_n[100_000]["peak_memory_mb"]
        out.append(
            {
                "target": "peak memory <= 1.5 GB at 100,000",
                "measured": f"{peak:,.0f} MB",
                "met": peak <= TARGET_PEAK_MB,
            }
        )
    return out


def format_results(results: list[dict]) -> str:
    """A plain-text table of the results, one column per size."""
    if not results:
        return "(no results)"
    head = ["", *[f"N={r['n']:,}" for r in results]]
    rows = [
        ["corpus MB", *[f"{r['corpus_mb']:.1f}" for r in results]],
        *[[f"  {s} s", *[f"{r['stages'].get(s, 0.0):.2f}" for r in results]] for s in STAGES],
        [
            "map s (wall; clean+extract are summed per article)",
            *[f"{r.get('map_seconds', 0.0):.2f}" for r in results],
        ],
        ["build s", *[f"{r['build_seconds']:.2f}" for r in results]],
        ["process s (incl. start)", *[f"{r['process_seconds']:.2f}" for r in results]],
        ["articles/s", *[f"{r['articles_per_second']:,.0f}" for r in results]],
        ["MB/s", *[f"{r['mb_per_second']:.3f}" for r in results]],
        ["peak memory MB", *[f"{r['peak_memory_mb']:,.0f}" for r in results]],
        ["floor s (read+split)", *[f"{r['floor_seconds']:.3f}" for r in results]],
        ["ratio to floor", *[f"{r['ratio_to_floor']:,.0f}x" for r in results]],
        ["incidents", *[f"{r['counts'].get('incidents', 0):,}" for r in results]],
        ["claims", *[f"{r['counts'].get('claims', 0):,}" for r in results]],
        ["events (members)", *[f"{r['clustering'].get('members', 0):,}" for r in results]],
        ["largest block", *[f"{r['clustering'].get('largest_block', 0):,}" for r in results]],
        ["pairs compared", *[f"{r['clustering'].get('pairs', 0):,}" for r in results]],
        [
            "pairs per event",
            *[
                f"{r['clustering'].get('pairs', 0) / max(1, r['clustering'].get('members', 0)):.1f}"
                for r in results
            ],
        ],
        [
            "pairwise precision",
            *[str(r["resolution"].get("pairwise_precision", "-")) for r in results],
        ],
        ["pairwise recall", *[str(r["resolution"].get("pairwise_recall", "-")) for r in results]],
    ]
    table = [head, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    lines = [
        "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row))
        for row in table
    ]
    lines.append("")
    for t in targets(results):
        lines.append(f"{'MET ' if t['met'] else 'MISS'}  {t['target']}: {t['measured']}")
    return "\n".join(lines)


def cmd_build(args) -> int:
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in sizes:
        r = bench_size(
            n,
            workdir,
            args.seed,
            engine=args.engine,
            scheduler=args.scheduler,
            workers=args.workers,
            quiet=args.quiet,
            article_bytes=args.article_bytes,
        )
        results.append(r)
        if not args.quiet:
            print(
                f"N={n:,}: {r['build_seconds']:.2f} s, {r['articles_per_second']:,.0f} articles/s, "
                f"peak {r['peak_memory_mb']:,.0f} MB",
                file=sys.stderr,
            )
    report = {
        "command": "dashlib bench build " + " ".join(args.argv),
        "machine": machine(),
        "results": results,
        "targets": targets(results),
    }
    json_path = Path(args.json) if args.json else workdir / "bench-build.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(format_results(results))
    print(f"\nfull results: {json_path}")
    return 0
