"""What the sidebar offers for a build: filter choices, the stamp that says when a build
changed, and how many article files a folder holds."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from dashlib import schemas
from dashlib.reading.code_labels import article_order
from dashlib.reading.frames import explode_categories, objects


def filter_options(tables) -> dict[str, list[str]]:
    """Values offered by each sidebar filter, taken from the unfiltered tables."""
    inc = tables.incidents
    places = set(objects(inc["district"].unique())) | set(objects(inc["place"].unique()))
    places.discard("")
    present_cats = set(objects(explode_categories(inc)["category"].unique())) if len(inc) else set()
    return {
        "place": sorted(places),
        "target": [c for c in schemas.TARGET_CATEGORIES if c in present_cats]
        or list(schemas.TARGET_CATEGORIES),
        "type": [
            t for t in schemas.INCIDENT_TYPES if t in set(objects(inc["incident_type"].unique()))
        ]
        or list(schemas.INCIDENT_TYPES),
        "perp": sorted(set(objects(inc["perpetrator"].unique())), key=lambda p: (p == "", p)),
        "claimant": list(schemas.CLAIMANT_TYPES),
        "article": article_order(tables.articles),
    }


# --- app support (small I/O helpers the entry point uses) --------------------------------


def build_stamp(data_dir: str | os.PathLike, articles_dir: str | os.PathLike) -> str:
    """A string that changes when the build or the article folder changes (for cache keys).

    Any file added, removed, resized or touched changes it. The folders are walked
    one entry at a time and the entries combined in an order-free sum, so no list of
    10,000 paths is held: the dashboard takes this stamp every few seconds while
    visitors come, and such lists left the server's small-object heap fragmented.
    """
    from dashlib import paths  # the reference data and curation file feed the build too

    total, count = 0, 0
    for folder, pattern in (
        (Path(data_dir), "*.csv"),
        (Path(data_dir), "*.json"),
        (Path(articles_dir), "*"),
        (paths.REFERENCE_DIR, "*"),
        (paths.CURATION_FILE.parent, paths.CURATION_FILE.name),
    ):
        try:
            entries = os.scandir(folder)
        except OSError:  # no such folder (yet)
            continue
        with entries:
            for entry in entries:
                if not fnmatch.fnmatchcase(entry.name, pattern):
                    continue
                try:
                    st_ = entry.stat()
                except OSError:
                    continue
                key = (str(folder), pattern, entry.name, st_.st_size, st_.st_mtime_ns)
                total = (total + hash(key)) & 0xFFFFFFFFFFFFFFFF
                count += 1
    return f"{total:016x}-{count}"


def count_article_files(articles_dir: str | os.PathLike) -> int:
    """How many article files (by suffix) ``articles_dir`` holds; 0 if it does not exist."""
    from dashlib.building.load import ARTICLE_SUFFIXES

    folder = Path(articles_dir)
    if not folder.is_dir():
        return 0
    return sum(
        1
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
    )
