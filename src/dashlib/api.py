"""The public Python API: build tables from a folder, or read a finished build."""

from __future__ import annotations

from pathlib import Path

from dashlib import paths
from dashlib.building import freshness, store
from dashlib.building.pipeline import NothingToBuild, build_folder
from dashlib.building.validate import ValidationFailed
from dashlib.tables import Tables


def build(
    articles_dir: str | Path = paths.SEEDS_DIR,
    out_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
) -> Tables:
    """Build every table from the article files in ``articles_dir``.

    With ``out_dir`` the tables are also written there as CSV with a build
    report. Raises :class:`dashlib.building.validate.ValidationFailed` if a table breaks
    its schema.
    """
    return build_folder(
        articles_dir, out_dir, reference_dir=reference_dir, curation_file=curation_file
    )


def load_tables(data_dir: str | Path = paths.BUILD_DIR) -> Tables:
    """Read the tables that a build wrote into ``data_dir``."""
    return store.read_tables(data_dir)


def _refresh(
    data_dir: str | Path, articles_dir: str | Path, reference_dir, curation_file
) -> tuple[Tables | None, bool, str | None]:
    """Make ``data_dir`` hold a current build if it can.

    Returns (tables, saved, warning): ``tables`` when a build was just made
    (None when the one on disk is current or has to stand in), ``saved`` False
    when ``data_dir`` could not be written (the tables exist only in memory),
    and a warning when a stale build is kept because rebuilding failed.
    """
    fingerprint = freshness.inputs_fingerprint(articles_dir, reference_dir, curation_file)
    if store.has_tables(data_dir) and not freshness.stale_inputs(data_dir, fingerprint):
        return None, True, None
    try:
        # build_folder records the inputs' fingerprint next to the tables
        tables = build(
            articles_dir, data_dir, reference_dir=reference_dir, curation_file=curation_file
        )
        return tables, True, None
    except (NothingToBuild, ValidationFailed) as err:
        # A stale build beats no build: keep showing the last one, and say why.
        if not store.has_tables(data_dir):
            raise
        return None, True, f"showing the last build: rebuilding from {articles_dir} failed ({err})"
    except OSError:
        tables = build(articles_dir, None, reference_dir=reference_dir, curation_file=curation_file)
        return tables, False, None


def load_or_build(
    data_dir: str | Path = paths.BUILD_DIR,
    articles_dir: str | Path = paths.SEEDS_DIR,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
) -> Tables:
    """Read the build in ``data_dir``; build it first if there is none or it is stale.

    A build is stale when its articles, reference data, curation file or the
    library's code changed since it was written (see :mod:`dashlib.building.freshness`).
    When ``data_dir`` cannot be written (a read-only deployment), the tables are
    built in memory and returned without being saved. When a stale build cannot
    be rebuilt, the last build is returned with a warning in its report.
    """
    tables, _, warning = _refresh(data_dir, articles_dir, reference_dir, curation_file)
    if tables is None:
        tables = store.read_tables(data_dir)
    if warning:
        tables.report.setdefault("warnings", []).insert(0, warning)
    return tables


def open_or_build(
    data_dir: str | Path = paths.BUILD_DIR,
    articles_dir: str | Path = paths.SEEDS_DIR,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
):
    """Like :func:`load_or_build`, but returns a :class:`dashlib.reading.columnar.ColumnarBuild`:
    DuckDB views over the build's Parquet files, which are read when queried, not loaded.

    This is how the dashboard reads a build of any size. Tables that exist
    only in memory (``data_dir`` not writable, or an old build without Parquet
    files) are served by the same class over the in-memory frames.
    """
    from dashlib.reading.columnar import ColumnarBuild, SchemaMismatch

    tables, saved, warning = _refresh(data_dir, articles_dir, reference_dir, curation_file)
    source = None
    if saved and store.has_parquet(data_dir):
        try:
            source = ColumnarBuild(data_dir)
        except SchemaMismatch:
            source = None  # an older build kept after a failed rebuild: conform it in memory
    if source is None:
        source = ColumnarBuild.from_tables(
            tables if tables is not None else store.read_tables(data_dir)
        )
    if warning:
        source.report.setdefault("warnings", []).insert(0, warning)
    return source
