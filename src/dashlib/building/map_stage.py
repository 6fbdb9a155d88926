"""The build's map stage: one article file -> its compact :class:`ArticleRecord`.

:func:`process_source` decodes, cleans and extracts one file. It is pure and
independent of every other file, so it can run anywhere (this process, Dask
workers); the reduce (:func:`dashlib.building.pipeline.reduce_results`) sees
the results in file-name order, which is why every engine builds the same
tables. The record it leaves is small on purpose: at 100,000 articles every
record is alive when resolution starts.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dashlib.building.compact_columns import _TEXT_CODEC
from dashlib.building.load import Decoded, Skipped, SourceFile, decode_article
from dashlib.extraction.clean import CleanArticle, clean_article
from dashlib.extraction.events import (
    ArticleExtraction,
    LocalIncident,
    claim_id,
    claim_values,
    extract_article,
)
from dashlib.extraction.reference import Reference

Progress = Callable[[int, int], None]

_META = (
    "article_id",
    "file",
    "title",
    "published",
    "published_precision",
    "outlet",
    "byline",
    "url",
)
_NO_ROWS = ()  # shared by the events once their rows are laid out (nothing appends to them later)


@dataclass(slots=True)
class ArticleRecord:
    """One article as the map stage leaves it for the reduce, laid out compactly.

    At 100,000 articles everything the map stage produces is alive when
    resolution starts (any event may merge with any other), so it is kept
    small: the articles table's fields and the text as UTF-8 bytes; the
    events with only what resolution compares (``events``, each event's
    ``index`` its position in the list; ``firsts``, the offset of each one's
    first mention); and the article's claims, targets and mentions as rows of
    plain values, each naming its event's position, pickled into one bytes
    object (``rows``). A quote that is the text's slice at the row's offsets
    (every quote the rules produce) is not stored but cut again in the reduce.
    """

    article_id: str
    file: str
    title: str
    published: str
    published_precision: str
    outlet: str
    byline: str
    url: str
    warnings: tuple[str, ...]
    text: bytes
    n_chars: int
    events: list[LocalIncident] | None = None
    firsts: tuple[int, ...] | None = None
    rows: bytes | None = None

    @classmethod
    def of(cls, article: CleanArticle, extraction: ArticleExtraction | None) -> ArticleRecord:
        """The record of a cleaned article and (when extracted) its extraction.

        The extraction's events are reused, their claims, mentions and date texts
        moved out into ``rows``.
        """
        record = cls(
            *(getattr(article, name) for name in _META),
            tuple(article.warnings),
            article.text.encode(*_TEXT_CODEC),
            len(article.text),
        )
        if extraction is not None:
            record.events, record.firsts, record.rows = _layout(article, extraction)
        return record

    def clean_article(self) -> CleanArticle:
        """The cleaned article again (text decoded, warnings as a list)."""
        return CleanArticle(
            self.article_id,
            self.file,
            self.text.decode(*_TEXT_CODEC),
            self.title,
            self.published,
            self.published_precision,
            self.outlet,
            self.byline,
            self.url,
            list(self.warnings),
        )


def _layout(
    article: CleanArticle, extraction: ArticleExtraction
) -> tuple[list[LocalIncident], tuple[int, ...], bytes]:
    """An article's events (stripped to what resolution reads), first offsets and pickled rows.

    The rows hold the values :func:`dashlib.building.resolve.resolve_incidents` would
    lay out for each event, in the same order, with the event's position in
    place of the incident ID (which only the reduce knows).
    """
    aid, text = article.article_id, article.text
    claims, targets, mentions, firsts = [], [], [], []
    for ev, inc in enumerate(extraction.incidents):
        firsts.append(min(s for s, *_ in inc.mentions))
        for c in inc.claims:
            f, sent = c.figure, c.sentence
            quote = sent.text
            claims.append(
                (
                    ev,
                    claim_id(aid, f),
                    *claim_values(c),
                    None if quote == text[sent.start : sent.end] else quote,
                    sent.start,
                    sent.end,
                    f.start,
                    f.end,
                )
            )
        for cat, (s, e) in sorted(inc.targets.items()):
            targets.append((ev, cat, s, e))
        for s, e, role, date_text, place_text in inc.mentions:
            mentions.append((ev, role, s, e, date_text, place_text))
        inc.index = ev
        inc.claims = inc.mentions = inc.date_texts = _NO_ROWS
        # Resolution only reads these: tuples and a frozenset (the empty ones shared)
        # take far less than lists and a set, times 150,000 events at 100,000 articles.
        inc.type_hits = tuple(inc.type_hits)
        inc.perpetrators = tuple(inc.perpetrators)
        inc.group_labels = tuple(inc.group_labels)
        inc.places = tuple(inc.places)
        inc.named = frozenset(inc.named)
    rows = pickle.dumps((claims, targets, mentions), protocol=pickle.HIGHEST_PROTOCOL)
    return list(extraction.incidents), tuple(firsts), rows


@dataclass
class SourceResult:
    """What the map stage makes of one file.

    ``article_id`` is set when the bytes decoded as text (duplicates are
    recognised by it in the reduce stage, before anything else is looked at).
    Either ``record`` (the article and, when extracted, its events and rows;
    see :class:`ArticleRecord`) or ``skipped`` is set.
    """

    name: str
    article_id: str = ""
    record: ArticleRecord | None = None
    skipped: Skipped | None = None
    extract_warning: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def article(self) -> CleanArticle | None:
        """The cleaned article, made again from ``record`` (None when skipped)."""
        return None if self.record is None else self.record.clean_article()


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
    kept = None
    try:
        decoded = decode_article(src)
        if isinstance(decoded, Decoded):
            res.article_id = decoded.article_id
            article = clean_article(decoded.text, decoded.article_id, src.name, reference)
            article.warnings[:0] = list(decoded.warnings)
            if not article.text.strip():
                res.skipped = Skipped(src.name, "no article text left after cleaning")
            else:
                kept = article
        else:
            res.skipped = decoded
    except Exception as err:  # one broken article must never spoil a build
        res.skipped = Skipped(src.name, f"could not be processed: {type(err).__name__}: {err}")
    t1 = time.perf_counter()
    res.seconds["clean"] = t1 - t0
    if kept is not None:
        extraction = None
        if extract:
            extraction, res.extract_warning = _extract_one(kept, reference)
            # What extraction noticed (statistics left out, figures with no event,
            # passages that are not prose) is reported with the article.
            kept.warnings.extend(extraction.warnings)
        res.record = ArticleRecord.of(kept, extraction)
        if extract:
            res.seconds["extract"] = time.perf_counter() - t1
    return res


def _kept(results: Iterable[SourceResult], skipped: list[Skipped]) -> Iterator[SourceResult]:
    """The results whose article is kept, in order; the others are added to ``skipped``.

    Later copies of the same bytes are skipped as duplicates.
    """
    seen: dict[str, str] = {}
    for res in results:
        if res.article_id and res.article_id in seen:
            skipped.append(Skipped(res.name, f"duplicate of {seen[res.article_id]} (same bytes)"))
        elif res.skipped is not None:
            skipped.append(res.skipped)
        else:
            seen[res.article_id] = res.name
            yield res


def _dedupe(
    results: Iterable[SourceResult],
) -> tuple[list[SourceResult], list[Skipped]]:
    """Results in order, with later copies of the same bytes skipped as duplicates."""
    skipped: list[Skipped] = []
    kept = list(_kept(results, skipped))
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


def map_sources_iter(
    sources: Iterable[SourceFile],
    reference: Reference,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[SourceResult]:
    """The map stage on this process, file by file, as a stream (the local engine).

    ``timings["map"]`` adds up the seconds spent in the map.
    """
    total = len(sources) if hasattr(sources, "__len__") else None
    sources = sources if total is not None else list(sources)
    total = len(sources) if total is None else total
    timings = {} if timings is None else timings
    timings.setdefault("map", 0.0)
    for i, src in enumerate(sources):
        t0 = time.perf_counter()
        res = process_source(src, reference)
        if progress:
            progress(i + 1, total)
        timings["map"] += time.perf_counter() - t0
        yield res


def map_sources(
    sources: Iterable[SourceFile], reference: Reference, progress: Progress | None = None
) -> list[SourceResult]:
    """The map stage on this process, file by file (the local engine)."""
    return list(map_sources_iter(sources, reference, progress))
