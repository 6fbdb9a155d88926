"""The public Python API: build tables from a folder, or read a finished build."""

from __future__ import annotations

from pathlib import Path

from dashlib import freshness, paths, store
from dashlib.build import NothingToBuild, build_folder
from dashlib.tables import Tables
from dashlib.validate import ValidationFailed


def build(
    articles_dir: str | Path = paths.SEEDS_DIR,
    out_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
) -> Tables:
    """Build every table from the article files in ``articles_dir``.

    With ``out_dir`` the tables are also written there as CSV with a build
    report. Raises :class:`dashlib.validate.ValidationFailed` if a table breaks
    its schema.
    """
    return build_folder(
        articles_dir, out_dir, reference_dir=reference_dir, curation_file=curation_file
    )


def load_tables(data_dir: str | Path = paths.BUILD_DIR) -> Tables:
    """Read the tables that a build wrote into ``data_dir``."""
    return store.read_tables(data_dir)


def load_or_build(
    data_dir: str | Path = paths.BUILD_DIR,
    articles_dir: str | Path = paths.SEEDS_DIR,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
) -> Tables:
    """Read the build in ``data_dir``; build it first if there is none or it is stale.

    A build is stale when its articles, reference data, curation file or the
    library's code changed since it was written (see :mod:`dashlib.freshness`).
    When ``data_dir`` cannot be written (a read-only deployment), the tables are
    built in memory and returned without being saved.
    """
    fingerprint = freshness.inputs_fingerprint(articles_dir, reference_dir, curation_file)
    if store.has_tables(data_dir) and not freshness.stale_inputs(data_dir, fingerprint):
        return store.read_tables(data_dir)
    try:
        # build_folder records the inputs' fingerprint next to the tables
        return build(
            articles_dir, data_dir, reference_dir=reference_dir, curation_file=curation_file
        )
    except (NothingToBuild, ValidationFailed) as err:
        # A stale build beats no build: keep showing the last one, and say why.
        if not store.has_tables(data_dir):
            raise
        tables = store.read_tables(data_dir)
        tables.report.setdefault("warnings", []).insert(
            0, f"showing the last build: rebuilding from {articles_dir} failed ({err})"
        )
        return tables
    except OSError:
        return build(articles_dir, None, reference_dir=reference_dir, curation_file=curation_file)
