"""What the sidebar offers for a build: filter choices, the stamp that says when a build
changed, and how many article files a folder holds."""

from __future__ import annotations

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
    """A string that changes when the build or the article folder changes (for cache keys)."""
    parts = []
    from dashlib import paths  # the reference data and curation file feed the build too

    for folder, pattern in (
        (Path(data_dir), "*.csv"),
        (Path(data_dir), "*.json"),
        (Path(articles_dir), "*"),
        (paths.REFERENCE_DIR, "*"),
        (paths.CURATION_FILE.parent, paths.CURATION_FILE.name),
    ):
        if folder.is_dir():
            for p in sorted(folder.glob(pattern)):
                try:
                    st_ = p.stat()
                except OSError:
                    continue
                parts.append(f"{p.name}:{st_.st_size}:{int(st_.st_mtime)}")
    return str(hash("|".join(parts)) & 0xFFFFFFFF) + f"-{len(parts)}"


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
