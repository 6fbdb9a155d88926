"""Resident memory after each stage of a build (where the peak comes from).

    python benchmarks/memory_stages.py ARTICLES_DIR OUT_DIR

Wraps the build's stage functions and prints the process's RSS before and
after each, with the peak so far (``ru_maxrss``) and the stage's seconds.
"""

from __future__ import annotations

import importlib
import resource
import sys
import time


def rss() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def wrap(module, name: str) -> None:
    fn = getattr(module, name)

    def wrapped(*args, **kwargs):
        before, t0 = rss(), time.perf_counter()
        out = fn(*args, **kwargs)
        print(
            f"  {name:25s} rss {before:>6,} -> {rss():>6,} MB  peak {peak():>6,} MB  "
            f"{time.perf_counter() - t0:6.1f} s",
            flush=True,
        )
        return out

    setattr(module, name, wrapped)


def main() -> None:
    build = importlib.import_module("dashlib.building.pipeline")
    row_tables = importlib.import_module("dashlib.building.row_tables")
    resolve = importlib.import_module("dashlib.building.resolve")
    store = importlib.import_module("dashlib.building.store")
    # The build's stages (names of older versions too, so before/after runs compare).
    for name in (
        "map_sources",
        "resolve_incidents",
        "_resolve",
        "_frames",
        "_row_tables",
        "estimates_from_claims",
        "_articles_frame",
        "validate_tables",
        "reduce_results",
    ):
        if hasattr(build, name):
            wrap(build, name)
    for name in ("cluster_members", "_frames", "attach_quotes"):
        wrap(resolve, name)
    for name in ("_frames", "_row_tables"):  # called by _resolve there, not through the build
        wrap(row_tables, name)
    wrap(store, "write_tables")
    print(f"  start: rss {rss():,} MB")
    build.build_folder(sys.argv[1], sys.argv[2], curation_file=None)
    print(f"peak {peak():,} MB")


if __name__ == "__main__":
    main()
