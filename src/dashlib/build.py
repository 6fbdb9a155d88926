"""The build: files in, validated tables out.

:func:`build_tables` is pure (bytes in, DataFrames out); :func:`build_folder`
adds the I/O at the edges: reading the folder, the curation file, and writing.
One broken article never spoils a build: it is skipped with a reason.

The build has two stages that every engine shares:

* **map**, :func:`process_source`: one file's bytes -> decoded, cleaned and
  extracted article (or the reason it was skipped). Pure and independent of
  every other file, so it can run anywhere (this process, Dask workers).
* **reduce**, :func:`reduce_results`: the per-file results *in file-name
  order* -> duplicates dropped, incidents resolved across articles, curation,
  estimates, validation, report. Because the map is a pure function of each
  file and the reduce sees the results in the same order, every engine builds
  the same tables, byte for byte.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import pickle
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashlib import freshness, paths, schemas
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
    # Column by column (a dict per row would hold every text twice at 100k articles).
    columns = {
        "article_id": [a.article_id for a in cleaned],
        "file": [a.file for a in cleaned],
        "title": [a.title for a in cleaned],
        "published": [a.published for a in cleaned],
        "published_precision": [a.published_precision for a in cleaned],
        "outlet": [a.outlet for a in cleaned],
        "byline": [a.byline for a in cleaned],
        "url": [a.url for a in cleaned],
        "n_chars": [len(a.text) for a in cleaned],
        "n_claims": [n_claims.get(a.article_id, 0) for a in cleaned],
        "warnings": [" | ".join(a.warnings) for a in cleaned],
        "text": [a.text for a in cleaned],
    }
    # Object columns: schemas.conform converts each once (no Arrow round trip of every text).
    return schemas.conform(pd.DataFrame(columns, dtype=object), "articles")


class Packed(Sequence):
    """A list kept as one pickled blob, unpickled each time it is read.

    The map stage packs each event's claims and mentions, the bulk of what an
    article leaves for the reduce: one bytes object instead of dozens of small
    ones per event (about a fifth less memory held between the stages at
    100,000 articles, and less to ship back from Dask workers). The values
    read back are equal to the ones packed.
    """

    __slots__ = ("_blob", "_n")

    def __init__(self, items: Iterable = ()):
        items = list(items)
        self._n = len(items)
        self._blob = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def _from_blob(cls, blob: bytes, n: int) -> Packed:
        self = cls.__new__(cls)
        self._blob, self._n = blob, n
        return self

    def __reduce__(self):
        return (Packed._from_blob, (self._blob, self._n))

    def __len__(self) -> int:
        return self._n

    def __iter__(self):
        return iter(pickle.loads(self._blob))

    def __getitem__(self, i):
        return pickle.loads(self._blob)[i]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None


def pack_extraction(extraction: ArticleExtraction) -> ArticleExtraction:
    """Pack each event's claims and mentions (see :class:`Packed`); returns ``extraction``."""
    for inc in extraction.incidents:
        if inc.claims and not isinstance(inc.claims, Packed):
            inc.claims = Packed(inc.claims)
        if inc.mentions and not isinstance(inc.mentions, Packed):
            inc.mentions = Packed(inc.mentions)
    return extraction


def _malloc_trim():
    path = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(path).malloc_trim if path else None
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        return None


_TRIM = _malloc_trim()


def release_memory(collect: bool = False) -> None:
    """Give freed heap memory back to the system between the reduce's stages (glibc only).

    The stages allocate differently (Python objects, then pandas/Arrow buffers),
    so memory one stage frees is often not what the next one needs; returning
    it keeps the build's peak down at 100,000 articles.
    """
    if collect:
        gc.collect()
    if _TRIM is not None:
        _TRIM(0)


@dataclass
class SourceResult:
    """What the map stage makes of one file.

    ``article_id`` is set when the bytes decoded as text (duplicates are
    recognised by it in the reduce stage, before anything else is looked at).
    Either ``article`` (with its ``extraction``) or ``skipped`` is set.
    """

    name: str
    article_id: str = ""
    article: CleanArticle | None = None
    extraction: ArticleExtraction | None = None
    skipped: Skipped | None = None
    extract_warning: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def _extract_one(article: CleanArticle, reference: Reference) -> tuple[ArticleExtraction, str]:
    try:
        return extract_article(article, reference), ""
    except Exception as err:  # keep the article, report the failure
        return ArticleExtraction(article_id=article.article_id), (
            f"{article.file}: extraction failed ({type(err).__name__}: {err}); article kept without figures"
        )


def process_source(src: SourceFile, reference: Reference, *, extract: bool = True) -> SourceResult:
    """The map stage for one file: decode, clean and (with ``extract``) extract. Pure."""
    t0 = time.perf_counter()
    res = SourceResult(src.name)
    try:
        decoded = decode_article(src)
        if isinstance(decoded, Decoded):
            res.article_id = decoded.article_id
            article = clean_article(decoded.text, decoded.article_id, src.name, reference)
            article.warnings[:0] = list(decoded.warnings)
            if not article.text.strip():
                res.skipped = Skipped(src.name, "no article text left after cleaning")
            else:
                res.article = article
        else:
            res.skipped = decoded
    except Exception as err:  # one broken article must never spoil a build
        res.skipped = Skipped(src.name, f"could not be processed: {type(err).__name__}: {err}")
    t1 = time.perf_counter()
    res.seconds["clean"] = t1 - t0
    if extract and res.article is not None:
        res.extraction, res.extract_warning = _extract_one(res.article, reference)
        pack_extraction(res.extraction)
        # What extraction noticed (statistics left out, figures with no event,
        # passages that are not prose) is reported with the article.
        res.article.warnings.extend(res.extraction.warnings)
        res.seconds["extract"] = time.perf_counter() - t1
    return res


def _dedupe(
    results: Iterable[SourceResult],
) -> tuple[list[SourceResult], list[Skipped]]:
    """Results in order, with later copies of the same bytes skipped as duplicates."""
    kept: list[SourceResult] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for res in results:
        if res.article_id and res.article_id in seen:
            skipped.append(Skipped(res.name, f"duplicate of {seen[res.article_id]} (same bytes)"))
        elif res.skipped is not None:
            skipped.append(res.skipped)
        else:
            seen[res.article_id] = res.name
            kept.append(res)
    return kept, skipped


def clean_sources(
    sources: Iterable[SourceFile], reference: Reference, progress: Progress | None = None
) -> tuple[list[CleanArticle], list[Skipped]]:
    """Decode and clean every source; duplicates and unreadable files become :class:`Skipped`."""
    sources = list(sources)
    results = []
    for i, src in enumerate(sources):
        results.append(process_source(src, reference, extract=False))
        if progress:
            progress(i + 1, len(sources))
    kept, skipped = _dedupe(results)
    return [r.article for r in kept], skipped


def extract_all(
    cleaned: list[CleanArticle], reference: Reference
) -> tuple[list[ArticleExtraction], list[str]]:
    """Run extraction per article; an article whose extraction fails keeps its text but no figures."""
    out, warnings = [], []
    for article in cleaned:
        extraction, warning = _extract_one(article, reference)
        out.append(extraction)
        if warning:
            warnings.append(warning)
    return out, warnings


def map_sources(
    sources: Iterable[SourceFile], reference: Reference, progress: Progress | None = None
) -> list[SourceResult]:
    """The map stage on this process, file by file (the local engine)."""
    total = len(sources) if hasattr(sources, "__len__") else None
    sources = sources if total is not None else list(sources)
    total = len(sources) if total is None else total
    results = []
    for i, src in enumerate(sources):
        results.append(process_source(src, reference))
        if progress:
            progress(i + 1, total)
    return results


def reduce_results(
    results: Iterable[SourceResult],
    reference: Reference,
    *,
    curation_entries: list[dict] | None = None,
    skipped: Iterable[Skipped] = (),
    require_articles: bool = False,
    timings: dict[str, float] | None = None,
) -> Tables:
    """The reduce stage: per-file results in file order -> validated tables and report."""
    timings = {} if timings is None else timings
    results = list(results)
    timings.setdefault("clean", sum(r.seconds.get("clean", 0.0) for r in results))
    timings.setdefault("extract", sum(r.seconds.get("extract", 0.0) for r in results))
    kept, skipped_now = _dedupe(results)
    cleaned = [r.article for r in kept]
    skipped_all = [*skipped, *skipped_now]

    if require_articles and not cleaned:
        reasons = (
            "; ".join(f"{s.name}: {s.reason}" for s in skipped_all)
            or "the folder has no article files"
        )
        raise NothingToBuild(f"no article could be read ({reasons})")

    extractions = [r.extraction for r in kept]
    warnings = [r.extract_warning for r in kept if r.extract_warning]
    del results, kept

    t0 = time.perf_counter()
    published = {a.article_id: a.published for a in cleaned}
    texts = {a.article_id: a.text for a in cleaned}
    # Handed over one by one, so each article's events are freed once laid out as rows.
    resolved = resolve_incidents(_Drain(extractions), published, texts, reference)
    del extractions
    release_memory(collect=True)
    timings["resolve"] = time.perf_counter() - t0

    curation_report: dict = {}
    if curation_entries:
        from dashlib.curation import apply_curation

        t0 = time.perf_counter()
        resolved, curation_report = apply_curation(
            resolved, curation_entries, texts=texts, published=published, reference=reference
        )
        resolved = resolved.recount(published)
        timings["curation"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    estimates = estimates_from_claims(resolved.claims)
    release_memory()
    timings["reconcile"] = time.perf_counter() - t0

    t0 = time.perf_counter()
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
    release_memory()
    timings["assemble"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    validate_tables(tables, texts=texts)
    timings["validate"] = time.perf_counter() - t0
    del texts

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
    results = map_sources(sources, reference, progress)
    timings["map"] = time.perf_counter() - t0
    return reduce_results(
        _Drain(results),  # the reduce owns the results and frees them as it goes
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
    from dashlib.curation import load_curation

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
    from dashlib.store import write_tables

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
    return tables


def build_folder(
    articles_dir: str | Path,
    out_dir: str | Path | None = None,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    curation_file: str | Path | None = paths.CURATION_FILE,
    progress: Progress | None = None,
) -> Tables:
    """Build from the article files in ``articles_dir``; write CSVs to ``out_dir`` if given."""
    return build_folder_with(
        lambda sources, **kw: build_tables(_Drain(sources), **kw),
        articles_dir,
        out_dir,
        reference_dir=reference_dir,
        curation_file=curation_file,
        progress=progress,
    )
