"""The child processes of the build benchmark, and how the parent runs them.

Each measurement runs in its own ``python -m dashlib.bench.runner _child-...``
process, so the peak memory the parent reads from ``wait4`` is that
measurement's own. The child prints its result as one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def floor_read_split(folder: str | Path) -> dict:
    """The floor: read every article file and split it into words."""
    t0 = time.perf_counter()
    n_files = n_bytes = n_words = 0
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        data = path.read_bytes()
        n_files += 1
        n_bytes += len(data)
        n_words += len(data.decode("utf-8", "replace").split())
    return {
        "seconds": time.perf_counter() - t0,
        "files": n_files,
        "bytes": n_bytes,
        "words": n_words,
    }


def child_floor(args) -> int:
    print(json.dumps(floor_read_split(args.corpus)))
    return 0


def child_build(args) -> int:
    from dashlib.progress import Progress

    progress = None if args.quiet else Progress(f"building {args.n:,}")
    t0 = time.perf_counter()
    if args.engine == "dask":
        from dashlib.building.dask_engine import build_folder_dask

        tables = build_folder_dask(
            args.corpus,
            args.out,
            scheduler=args.scheduler,
            progress=progress,
            curation_file=None,
            n_workers=args.workers,
        )
    else:
        from dashlib.building.pipeline import build_folder

        tables = build_folder(args.corpus, args.out, curation_file=None, progress=progress)
    seconds = time.perf_counter() - t0
    out = {
        "seconds": seconds,
        "timings": tables.report["timings_seconds"],
        "counts": tables.report["counts"],
        "files_skipped": len(tables.report["files_skipped"]),
        "warnings": len(tables.report["warnings"]),
    }
    from dashlib.building import resolve

    out["clustering"] = dict(getattr(resolve, "LAST_STATS", {}))
    try:
        from dashlib.bench.corpus import resolution_quality

        out["resolution"] = resolution_quality(tables, args.corpus)
    except (OSError, KeyError, ValueError) as err:
        out["resolution"] = {"error": f"{type(err).__name__}: {err}"}
    print(json.dumps(out))
    return 0


def run_child(argv: list[str], *, quiet: bool = False) -> tuple[dict, float, float]:
    """Run ``python -m dashlib.bench.runner <argv>``; returns (its JSON, wall seconds, peak RSS in MB)."""
    cmd = [sys.executable, "-m", "dashlib.bench.runner", *argv]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else None,
        text=True,
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}): {' '.join(cmd)}")
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return json.loads(out.strip().splitlines()[-1]), wall, peak_mb
