"""The build: files in, validated tables out.

:func:`build_tables` is pure (bytes in, DataFrames out); :func:`build_folder`
adds the I/O at the edges: reading the folder, the curation file, and writing.
One broken article never spoils a build: it is skipped with a reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from dashlib import paths, schemas
from dashlib.clean import CleanArticle, clean_article
from dashlib.extract import ArticleExtraction, extract_article
from dashlib.load import Decoded, Skipped, SourceFile, decode_article, read_folder
from dashlib.reconcile import estimates_from_claims
from dashlib.reference import Reference, load_reference
from dashlib.resolve import resolve_incidents
from dashlib.tables import Tables
from dashlib.validate import validate_tables

Progress = Callable[[int, int], None]


class NothingToBuild(Exception):
    """No article in the input could be read."""


def _articles_frame(cleaned: list[CleanArticle], n_claims: dict[str, int]) -> pd.DataFrame:
    rows = [
        {
            "article_id": a.article_id,
            "file": a.file,
            "title": a.title,
            "published": a.published,
            "published_precision": a.published_precision,
            "outlet": a.outlet,
            "byline": a.byline,
            "url": a.url,
            "n_chars": len(a.text),
            "n_claims": n_claims.get(a.article_id, 0),
            "warnings": " | ".join(a.warnings),
            "text": a.text,
        }
        for a in cleaned
    ]
    return schemas.conform(pd.DataFrame(rows), "articles")


def clean_sources(
    sources: Iterable[SourceFile], reference: Reference, progress: Progress | None = None
) -> tuple[list[CleanArticle], list[Skipped]]:
    """Decode and clean every source; duplicates and unreadable files become :class:`Skipped`."""
    sources = list(sources)
    cleaned: list[CleanArticle] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for i, src in enumerate(sources):
        try:
            decoded = decode_article(src)
            if isinstance(decoded, Decoded):
                if decoded.article_id in seen:
                    skipped.append(
                        Skipped(src.name, f"duplicate of {seen[decoded.article_id]} (same bytes)")
                    )
                else:
                    article = clean_article(decoded.text, decoded.article_id, src.name, reference)
                    article.warnings[:0] = list(decoded.warnings)
                    if not article.text.strip():
                        skipped.append(Skipped(src.name, "no article text left after cleaning"))
                    else:
                        seen[decoded.article_id] = src.name
                        cleaned.append(article)
            else:
                skipped.append(decoded)
        except Exception as err:  # one broken article must never spoil a build
            skipped.append(
                Skipped(src.name, f"could not be processed: {type(err).__name__}: {err}")
            )
        if progress:
            progress(i + 1, len(sources))
    return cleaned, skipped


def extract_all(
    cleaned: list[CleanArticle], reference: Reference
) -> tuple[list[ArticleExtraction], list[str]]:
    """Run extraction per article; an article whose extraction fails keeps its text but no figures."""
    out, warnings = [], []
    for article in cleaned:
        try:
            out.append(extract_article(article, reference))
        except Exception as err:  # keep the article, report the failure
            warnings.append(
                f"{article.file}: extraction failed ({type(err).__name__}: {err}); article kept without figures"
            )
            out.append(ArticleExtraction(article_id=article.article_id))
    return out, warnings


def build_tables(
    sources: Iterable[SourceFile],
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_entries: list[dict] | None = None,
    skipped: Iterable[Skipped] = (),
    progress: Progress | None = None,
    require_articles: bool = False,
) -> Tables:
    """Build and validate every table from article files. Pure: no file is read or written.

    ``skipped`` lists files the caller already rejected (they go into the
    report). With ``require_articles`` a build in which no article could be read
    raises :class:`NothingToBuild`.
    """
    reference = load_reference(str(reference_dir))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    cleaned, skipped_now = clean_sources(sources, reference, progress)
    skipped_all = [*skipped, *skipped_now]
    timings["clean"] = time.perf_counter() - t0

    if require_articles and not cleaned:
        reasons = (
            "; ".join(f"{s.name}: {s.reason}" for s in skipped_all)
            or "the folder has no article files"
        )
        raise NothingToBuild(f"no article could be read ({reasons})")

    t0 = time.perf_counter()
    extractions, warnings = extract_all(cleaned, reference)
    timings["extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    published = {a.article_id: a.published for a in cleaned}
    texts = {a.article_id: a.text for a in cleaned}
    resolved = resolve_incidents(extractions, published, texts, reference)
    timings["resolve"] = time.perf_counter() - t0

    curation_report: dict = {}
    if curation_entries:
        from dashlib.curation import apply_curation

        resolved, curation_report = apply_curation(resolved, curation_entries)
        resolved = resolved.recount(published)

    t0 = time.perf_counter()
    estimates = estimates_from_claims(resolved.claims)
    timings["reconcile"] = time.perf_counter() - t0

    n_claims = (
        resolved.claims.groupby("article_id").size().to_dict() if len(resolved.claims) else {}
    )
    tables = Tables(
        articles=_articles_frame(cleaned, n_claims),
        incidents=resolved.incidents,
        claims=resolved.claims,
        targets=resolved.targets,
        mentions=resolved.mentions,
        estimates=estimates,
    )
    t0 = time.perf_counter()
    validate_tables(tables)
    timings["validate"] = time.perf_counter() - t0

    article_warnings = [f"{a.file}: {w}" for a in cleaned for w in a.warnings]
    tables.report = {
        "files_read": len(cleaned),
        "files_skipped": [
            {"file": s.name, "reason": s.reason} for s in sorted(skipped_all, key=lambda s: s.name)
        ],
        "counts": {name: len(df) for name, df in tables.items()},
        "warnings": sorted([*article_warnings, *warnings, *resolved.warnings]),
        "curation": curation_report,
        "timings_seconds": {k: round(v, 4) for k, v in timings.items()},
    }
    return tables


def read_curation(curation_file: str | Path | None) -> list[dict] | None:
    """Entries of the curation file, or None when there is no file."""
    if not curation_file or not Path(curation_file).is_file():
        return None
    from dashlib.curation import load_curation

    return load_curation(curation_file)


def build_folder(
    articles_dir: str | Path,
    out_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
    progress: Progress | None = None,
) -> Tables:
    """Build from the article files in ``articles_dir``; write CSVs to ``out_dir`` if given."""
    from dashlib.store import write_tables

    sources, skipped = read_folder(articles_dir)
    tables = build_tables(
        sources,
        reference_dir=reference_dir,
        curation_entries=read_curation(curation_file),
        skipped=skipped,
        progress=progress,
        require_articles=True,
    )
    if out_dir is not None:
        t0 = time.perf_counter()
        write_tables(tables, out_dir)
        tables.report["timings_seconds"]["write"] = round(time.perf_counter() - t0, 4)
    return tables
