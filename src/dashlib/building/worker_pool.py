"""The map stage on every core of this machine: the local engine's worker processes.

Extraction is pure and each article is read alone, so the map stage splits across
processes with no change to its results: files go out in chunks, results come back in
file order, and the reduce gathers them as a stream, as it does with the one-process map.
A window of chunks in flight bounds the memory; the workers are started with ``spawn``,
which is safe from a process that runs threads (a Streamlit server).

Small builds stay in one process: starting the workers (each imports the library) costs
about a second, more than a few hundred articles take to read.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from dashlib.building.load import SourceFile
from dashlib.building.map_stage import Progress, SourceResult, process_source
from dashlib.extraction.reference import load_reference

POOL_FROM_FILES = 2_000  # fewer files than this are read in this process
CHUNK_FILES = 32  # files per task: large enough that pickling is a small part
CHUNKS_PER_WORKER = 4  # chunks in flight per worker: keeps them busy, bounds memory


def default_workers(n_files: int) -> int:
    """How many processes a build of ``n_files`` files uses: every core from
    :data:`POOL_FROM_FILES` files on (``DASHLIB_WORKERS`` overrides), else one."""
    env = os.environ.get("DASHLIB_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    if n_files < POOL_FROM_FILES:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _map_chunk(chunk: list[SourceFile], reference_dir: str) -> list[SourceResult]:
    reference = load_reference(reference_dir)  # once per worker (cached per folder)
    return [process_source(src, reference) for src in chunk]


def map_sources_pool(
    sources: Iterable[SourceFile],
    total: int,
    reference_dir: str | Path,
    workers: int,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[SourceResult]:
    """The map stage on ``workers`` processes, results in file order, as a stream.

    ``timings["map"]`` adds up the wall-clock seconds the map stage takes.
    """
    timings = {} if timings is None else timings
    timings.setdefault("map", 0.0)
    files = iter(sources)
    ctx = multiprocessing.get_context("spawn")
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        window: deque[Future] = deque()

        def submit() -> None:
            chunk = list(islice(files, CHUNK_FILES))
            if chunk:
                window.append(pool.submit(_map_chunk, chunk, str(reference_dir)))

        for _ in range(workers * CHUNKS_PER_WORKER):
            submit()
        done = 0
        while window:
            results = window.popleft().result()
            submit()
            timings["map"] += time.perf_counter() - t0
            for res in results:
                done += 1
                if progress:
                    progress(done, total)
                yield res
            t0 = time.perf_counter()
