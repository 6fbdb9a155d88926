"""The public Python API: build tables from a folder, or read a finished build."""

from __future__ import annotations

from pathlib import Path

from dashlib import paths, store
from dashlib.build import build_folder
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
) -> Tables:
    """Read the build in ``data_dir``; if there is none, build it from ``articles_dir`` first.

    When ``data_dir`` cannot be written (a read-only deployment), the tables are
    built in memory and returned without being saved.
    """
    if store.has_tables(data_dir):
        return store.read_tables(data_dir)
    try:
        return build(articles_dir, data_dir)
    except OSError:
        return build(articles_dir, None)
