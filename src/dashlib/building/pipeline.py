"""The build: files in, validated tables out.

:func:`build_tables` is pure (bytes in, DataFrames out); :func:`build_folder`
adds the I/O at the edges: reading the folder, the curation file, and writing.
One broken article never spoils a build: it is skipped with a reason.

The build has two stages that every engine shares:

* **map**, :func:`dashlib.building.map_stage.process_source`: one file's bytes
  -> decoded, cleaned and extracted article (or the reason it was skipped).
  Pure and independent of every other file, so it can run anywhere (this
  process, Dask workers).
* **reduce**, :func:`reduce_results`: the per-file results *in file-name
  order* -> duplicates dropped, incidents resolved across articles, curation,
  estimates, validation, report. Because the map is a pure function of each
  file and the reduce sees the results in the same order, every engine builds
  the same tables, byte for byte.

The reduce's gathering and table layout live in
:mod:`dashlib.building.row_tables`, its compact columns in
:mod:`dashlib.building.compact_columns`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from dashlib import paths
from dashlib.building import freshness
from dashlib.building.compact_columns import _Texts
from dashlib.building.load import Skipped, SourceFile, read_folder
from dashlib.building.map_stage import Progress, SourceResult, _kept, map_sources_iter
from dashlib.building.memory import release_memory
from dashlib.building.merge_candidates import merge_candidates, report_entry
from dashlib.building.reconcile import estimates_from_claims
from dashlib.building.resolve import Resolved
from dashlib.building.row_tables import _Articles, _articles_frame, _resolve
from dashlib.building.validate import validate_tables
from dashlib.building.worker_pool import default_workers, map_sources_pool
from dashlib.extraction.reference import Reference, load_reference
from dashlib.tables import Tables


class NothingToBuild(Exception):
    """No article in the input could be read."""


def reduce_results(
    results: Iterable[SourceResult],
    reference: Reference,
    *,
    curation_entries: list[dict] | None = None,
    skipped: Iterable[Skipped] = (),
    require_articles: bool = False,
    timings: dict[str, float] | None = None,
) -> Tables:
    """The reduce stage: per-file results in file order -> validated tables and report.

    The reduce owns ``results``: a list passed in is emptied as it is read, so
    that each result is let go once its record is gathered.
    """
    timings = {} if timings is None else timings
    if isinstance(results, list):
        results = _Drain(results)
    arts, warnings, skipped_now = _gather(results, timings)
    del results
    skipped_all = [*skipped, *skipped_now]

    if require_articles and not len(arts):
        reasons = (
            "; ".join(f"{s.name}: {s.reason}" for s in skipped_all)
            or "the folder has no article files"
        )
        raise NothingToBuild(f"no article could be read ({reasons})")

    t0 = time.perf_counter()
    published = dict(zip(arts.ids(), arts.columns["published"], strict=True))
    resolved = _resolve(arts, published, reference)
    release_memory(len(arts), collect=True)
    timings["resolve"] = time.perf_counter() - t0

    curation_report: dict = {}
    if curation_entries:
        from dashlib.building.curation_apply import apply_curation

        t0 = time.perf_counter()
        # Rebound at once, so the tables before curation are let go as soon as
        # the curated ones exist.
        resolved, curation_report = apply_curation(
            resolved,
            curation_entries,
            texts=_Texts(arts.ids(), arts.texts),
            published=published,
            reference=reference,
        )
        resolved = resolved.recount(published)
        timings["curation"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    estimates = estimates_from_claims(resolved.claims)
    release_memory(len(arts))
    timings["reconcile"] = time.perf_counter() - t0

    tables = _assemble(arts, resolved, estimates, timings)
    t0 = time.perf_counter()
    # The articles table's text column is a view of this same store (see _TextStore).
    texts = _Texts(arts.ids(), arts.texts)
    validate_tables(tables, texts=texts)
    timings["validate"] = time.perf_counter() - t0
    del texts

    tables.report = _report(
        tables, arts, skipped_all, [*warnings, *resolved.warnings], curation_report, timings
    )
    tables.report["merge_candidates"] = report_entry(
        merge_candidates(resolved.merge_candidates, tables.incidents)
    )
    return tables


def _gather(
    results: Iterable[SourceResult], timings: dict[str, float]
) -> tuple[_Articles, list[str], list[Skipped]]:
    """The kept results' records gathered in file order, with their extraction warnings.

    Returns (articles, warnings, skipped): duplicates and unreadable files go
    into ``skipped``. The map's clean and extract seconds are added up into
    ``timings`` (unless the engine already timed them).
    """
    seconds = {"clean": 0.0, "extract": 0.0}

    def timed(results):
        for res in results:
            for k in seconds:
                seconds[k] += res.seconds.get(k, 0.0)
            yield res

    arts = _Articles()
    skipped: list[Skipped] = []
    warnings = []
    for res in _kept(timed(results), skipped):
        arts.add(res.record)
        if res.extract_warning:
            warnings.append(res.extract_warning)
    arts.gathered()
    for k, v in seconds.items():
        timings.setdefault(k, v)
    return arts, warnings, skipped


def _assemble(
    arts: _Articles, resolved: Resolved, estimates: pd.DataFrame, timings: dict[str, float]
) -> Tables:
    """The six tables: the articles table made from ``arts``, the others as resolved."""
    t0 = time.perf_counter()
    n_claims = (
        resolved.claims.groupby("article_id").size().to_dict() if len(resolved.claims) else {}
    )
    tables = Tables(
        articles=_articles_frame(arts, n_claims),
        incidents=resolved.incidents,
        claims=resolved.claims,
        targets=resolved.targets,
        mentions=resolved.mentions,
        estimates=estimates,
    )
    del n_claims
    release_memory(len(arts))
    timings["assemble"] = time.perf_counter() - t0
    return tables


def _report(
    tables: Tables,
    arts: _Articles,
    skipped: list[Skipped],
    warnings: list[str],
    curation_report: dict,
    timings: dict[str, float],
) -> dict:
    """The build report: files read and skipped, table sizes, every warning, curation, timings."""
    article_warnings = [
        f"{file}: {w}"
        for file, ws in zip(arts.columns["file"], arts.warnings, strict=True)
        for w in ws
    ]
    return {
        "files_read": len(arts),
        "files_skipped": [
            {"file": s.name, "reason": s.reason} for s in sorted(skipped, key=lambda s: s.name)
        ],
        "counts": {name: len(df) for name, df in tables.items()},
        "warnings": sorted([*article_warnings, *warnings]),
        "curation": curation_report,
        "timings_seconds": {k: round(v, 4) for k, v in timings.items()},
    }


def build_tables(
    sources: Iterable[SourceFile],
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_entries: list[dict] | None = None,
    skipped: Iterable[Skipped] = (),
    progress: Progress | None = None,
    require_articles: bool = False,
    workers: int | None = None,
) -> Tables:
    """Build and validate every table from article files. Pure: no file is read or written.

    ``skipped`` lists files the caller already rejected (they go into the
    report). With ``require_articles`` a build in which no article could be read
    raises :class:`NothingToBuild`. ``workers`` processes read the articles (default:
    every core for large builds, see :func:`~dashlib.building.worker_pool.default_workers`);
    the tables are the same whatever their number.
    """
    reference = load_reference(str(reference_dir))
    timings: dict[str, float] = {}
    if not hasattr(sources, "__len__"):
        sources = list(sources)
    n_workers = default_workers(len(sources)) if workers is None else workers
    # A stream: the reduce gathers each file's record as soon as the map has made
    # it, so no more than one file's full objects exist at a time, and the memory
    # each one frees is reused by the next (none is left scattered in the heap).
    if n_workers > 1:
        mapped = map_sources_pool(
            sources, len(sources), reference_dir, n_workers, progress, timings
        )
    else:
        mapped = map_sources_iter(sources, reference, progress, timings)
    return reduce_results(
        mapped,
        reference,
        curation_entries=curation_entries,
        skipped=skipped,
        require_articles=require_articles,
        timings=timings,
    )


class _Drain:
    """A sized, one-pass view of a list that lets go of each item once it is handed out.

    The folder's bytes are then freed as the build goes, not kept to the end.
    """

    def __init__(self, items: list):
        self._items = items
        self._n = len(items)

    def __len__(self) -> int:
        return self._n

    def __iter__(self):
        for i in range(self._n):
            item = self._items[i]
            self._items[i] = None
            yield item


def read_curation(curation_file: str | Path | None) -> list[dict] | None:
    """Entries of the curation file, or None when there is no file."""
    if not curation_file or not Path(curation_file).is_file():
        return None
    from dashlib.building.curation import load_curation

    return load_curation(curation_file)


def build_folder_with(
    build: Callable[..., Tables],
    articles_dir: str | Path,
    out_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
    **build_kwargs,
) -> Tables:
    """The I/O shell every engine shares: read ``articles_dir``, run ``build``, write ``out_dir``.

    ``build(sources, reference_dir=..., curation_entries=..., skipped=...,
    require_articles=True, **build_kwargs)`` is :func:`build_tables` or its
    Dask twin. The inputs' fingerprint is taken before reading, so files that
    arrive during the build make it stale.
    """
    from dashlib.building.store import write_tables

    fingerprint = freshness.inputs_fingerprint(articles_dir, reference_dir, curation_file)
    t0 = time.perf_counter()
    sources, skipped = read_folder(articles_dir)
    read_seconds = time.perf_counter() - t0
    tables = build(
        sources,
        reference_dir=reference_dir,
        curation_entries=read_curation(curation_file),
        skipped=skipped,
        require_articles=True,
        **build_kwargs,
    )
    tables.report["timings_seconds"]["read"] = round(read_seconds, 4)
    if out_dir is not None:
        t0 = time.perf_counter()
        write_tables(tables, out_dir)
        freshness.write_fingerprint(out_dir, fingerprint)
        tables.report["timings_seconds"]["write"] = round(time.perf_counter() - t0, 4)
    # What the caller does next with the tables (a dashboard, scoring) starts from the
    # tables alone, not from the build's freed but unreturned heap.
    release_memory(len(tables.articles), collect=True)
    return tables


def build_folder(
    articles_dir: str | Path,
    out_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Tables:
    """Build from the article files in ``articles_dir``; write CSVs to ``out_dir`` if given.

    ``workers``: processes that read the articles (default: see :func:`build_tables`).
    """
    return build_folder_with(
        lambda sources, **kw: build_tables(_Drain(sources), **kw),
        articles_dir,
        out_dir,
        reference_dir=reference_dir,
        curation_file=curation_file,
        progress=progress,
        workers=workers,
    )
