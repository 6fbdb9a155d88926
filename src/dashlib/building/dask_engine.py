"""The Dask engine: ``dashlib build --engine dask [--scheduler ADDRESS]``.

Cleaning and extraction run per article on a ``dask.distributed`` cluster;
resolution, curation, estimates and validation run on the client, in the same
reduce step as the local engine (:func:`dashlib.building.pipeline.reduce_results`). The
map step is a pure function of each file's bytes and the reduce step sees the
results in file-name order, so both engines write the same tables, byte for
byte.

* No address: a :class:`distributed.LocalCluster` is started on this machine
  (one single-threaded worker process per core: the rules are pure Python, so
  threads would share one interpreter lock) and closed afterwards.
* With an address (``tcp://host:8786``): ``Client(address)`` joins a running
  cluster. The workers need ``dashlib`` installed (same version); they do not
  need the article folder or the reference data: the client reads the files
  and sends their bytes, and ships the reference data once to every worker.

Files travel in batches (a few hundred per task) so that the scheduler handles
hundreds of tasks, not one per article.
"""

from __future__ import annotations

import logging
import math
import time
from contextlib import contextmanager
from pathlib import Path

from dashlib import paths
from dashlib.building.load import SourceFile
from dashlib.building.map_stage import Progress, SourceResult, process_source
from dashlib.building.pipeline import NothingToBuild, build_folder_with, reduce_results
from dashlib.extraction.reference import Reference, load_reference
from dashlib.tables import Tables

MAX_BATCH = 400


def map_batch(sources: list[SourceFile], reference: Reference) -> list[SourceResult]:
    """Run the map stage on a batch of files (the task every worker runs)."""
    return [process_source(src, reference) for src in sources]


def batch_size(n_files: int, n_threads: int) -> int:
    """Files per task: about eight tasks per worker thread, at most :data:`MAX_BATCH`."""
    if n_files <= 0:
        return 1
    return max(1, min(MAX_BATCH, math.ceil(n_files / max(1, n_threads * 8))))


@contextmanager
def dask_client(
    scheduler: str | None = None,
    *,
    n_workers: int | None = None,
    processes: bool = True,
):
    """A ``distributed.Client``: to ``scheduler`` if given, else to a new LocalCluster."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    import os

    n = n_workers or os.cpu_count() or 1
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=processes,
        # The scheduler's HTTP server (health, info, metrics) on a free loopback port,
        # with no dashboard: on 8787 a second cluster on the machine warns or fails, and
        # an address without a host would listen on every interface.
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def map_sources_dask(
    client,
    sources: list[SourceFile],
    reference: Reference,
    progress: Progress | None = None,
    *,
    batch: int | None = None,
) -> list[SourceResult]:
    """The map stage on the cluster; results come back in the order of ``sources``."""
    from distributed import as_completed

    if not sources:
        return []
    threads = sum(client.nthreads().values()) or 1
    size = batch or batch_size(len(sources), threads)
    ref = client.scatter(reference, broadcast=True)
    batches = [sources[i : i + size] for i in range(0, len(sources), size)]
    futures = [client.submit(map_batch, b, ref, pure=False) for b in batches]
    where = {f.key: i for i, f in enumerate(futures)}
    out: list[list[SourceResult] | None] = [None] * len(batches)
    done = 0
    for fut in as_completed(futures):
        i = where[fut.key]
        out[i] = fut.result()
        fut.release()
        done += len(batches[i])
        if progress:
            progress(done, len(sources))
    return [r for part in out for r in part]


def build_tables_dask(
    sources: list[SourceFile],
    *,
    scheduler: str | None = None,
    client=None,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_entries: list[dict] | None = None,
    skipped=(),
    progress: Progress | None = None,
    require_articles: bool = False,
    n_workers: int | None = None,
    processes: bool = True,
    batch: int | None = None,
) -> Tables:
    """:func:`dashlib.building.pipeline.build_tables` with the map stage on Dask."""
    reference = load_reference(str(reference_dir))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if client is not None:
        results = map_sources_dask(client, sources, reference, progress, batch=batch)
    else:
        with dask_client(scheduler, n_workers=n_workers, processes=processes) as c:
            timings["cluster_start"] = time.perf_counter() - t0
            results = map_sources_dask(c, sources, reference, progress, batch=batch)
    timings["map"] = time.perf_counter() - t0
    return reduce_results(
        results,
        reference,
        curation_entries=curation_entries,
        skipped=skipped,
        require_articles=require_articles,
        timings=timings,
    )


def build_folder_dask(
    articles_dir: str | Path,
    out_dir: str | Path | None = None,
    *,
    scheduler: str | None = None,
    progress: Progress | None = None,
    client=None,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
    n_workers: int | None = None,
    processes: bool = True,
    batch: int | None = None,
) -> Tables:
    """:func:`dashlib.building.pipeline.build_folder` on Dask: same inputs, same tables, same files."""
    return build_folder_with(
        build_tables_dask,
        articles_dir,
        out_dir,
        reference_dir=reference_dir,
        curation_file=curation_file,
        scheduler=scheduler,
        client=client,
        progress=progress,
        n_workers=n_workers,
        processes=processes,
        batch=batch,
    )


__all__ = [
    "NothingToBuild",
    "batch_size",
    "build_folder_dask",
    "build_tables_dask",
    "dask_client",
    "map_batch",
    "map_sources_dask",
]
