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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from dashlib import freshness, paths, schemas
from dashlib.clean import CleanArticle, clean_article
from dashlib.extract import ArticleExtraction, LocalIncident, claim_id, extract_article
from dashlib.load import Decoded, Skipped, SourceFile, decode_article, read_folder
from dashlib.reconcile import estimates_from_claims
from dashlib.reference import Reference, load_reference
from dashlib.resolve import Resolved, _frames, incidents_of
from dashlib.tables import Tables
from dashlib.validate import validate_tables

Progress = Callable[[int, int], None]


class NothingToBuild(Exception):
    """No article in the input could be read."""


# Text travels between the stages as UTF-8 bytes: a str that holds a single curly
# quote or dash (most articles do) takes 2 bytes per character, its UTF-8 about 1.
# "surrogatepass" gives back exactly the str that was encoded, whatever it holds.
_TEXT_CODEC = ("utf-8", "surrogatepass")
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

    The rows hold the values :func:`dashlib.resolve.resolve_incidents` would
    lay out for each event, in the same order, with the event's position in
    place of the incident ID (which only the reduce knows).
    """
    aid, text = article.article_id, article.text
    claims, targets, mentions, firsts = [], [], [], []
    for ev, inc in enumerate(extraction.incidents):
        firsts.append(min(s for s, *_ in inc.mentions))
        for c in inc.claims:
            f, cue, sent = c.figure, c.cue, c.sentence
            quote = sent.text
            claims.append(
                (
                    ev,
                    claim_id(aid, f),
                    f.metric,
                    f.victim_group,
                    cue.claimant_type if cue else "unspecified",
                    cue.claimant if cue else "",
                    cue.relayed_by if cue else "",
                    f.low,
                    f.high,
                    f.qualifier,
                    f.text,
                    cue.stance if cue else "claim",
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
    rows = pickle.dumps((claims, targets, mentions), protocol=pickle.HIGHEST_PROTOCOL)
    return list(extraction.incidents), tuple(firsts), rows


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


class _Articles:
    """The kept articles, gathered column by column in file order by the reduce."""

    def __init__(self):
        self.columns: dict[str, list[str]] = {name: [] for name in _META}
        self.warnings: list[tuple[str, ...]] = []
        self.n_chars: list[int] = []
        self.texts: list[bytes] | None = []  # UTF-8; let go once the articles table holds them
        self.events: list[list[LocalIncident] | None] = []  # let go as resolution takes them
        self.firsts: list[tuple[int, ...]] = []
        self.rows: list[bytes | None] = []  # let go as the rows are laid out
        self.base: list[int] = []  # number of the article's first event among all events
        self.n_events = 0

    def add(self, record: ArticleRecord) -> None:
        for name, values in self.columns.items():
            values.append(getattr(record, name))
        self.warnings.append(record.warnings)
        self.n_chars.append(record.n_chars)
        self.texts.append(record.text)
        events = record.events or []
        self.events.append(events)
        self.firsts.append(record.firsts or ())
        self.rows.append(record.rows)
        self.base.append(self.n_events)
        self.n_events += len(events)

    def __len__(self) -> int:
        return len(self.n_chars)

    def ids(self) -> list[str]:
        return self.columns["article_id"]

    def take_events(self) -> Iterator[tuple[str, LocalIncident, int]]:
        """(article ID, event, offset of its first mention) of every event, in order, let go as read."""
        for i, aid in enumerate(self.ids()):
            events, self.events[i] = self.events[i], None
            yield from zip([aid] * len(events), events, self.firsts[i], strict=True)


class _Texts(Mapping):
    """Article ID -> cleaned text, decoded on each access from one compact store.

    ``store`` is the list of UTF-8 texts or the articles table's Arrow text
    column, so the texts are never held as a second copy of Python strings.
    The last text read is kept (rows of one article usually come together).
    """

    def __init__(self, ids: list[str], store):
        self._index = {aid: i for i, aid in enumerate(ids)}
        self._store = store
        self._last: tuple[str, str] | None = None

    def __getitem__(self, aid: str) -> str:
        if self._last is not None and self._last[0] == aid:
            return self._last[1]
        value = self._store[self._index[aid]]
        text = value.decode(*_TEXT_CODEC) if isinstance(value, bytes) else value.as_py()
        self._last = (aid, text)
        return text

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self):
        return iter(self._index)


_ARROW_TYPES = {"str": pa.large_string(), "int": pa.int64()}
_CHUNK_ROWS = 20_000  # rows gathered as Python values before they become Arrow arrays


class _Columns:
    """One table's rows gathered column by column and turned into Arrow arrays every
    :data:`_CHUNK_ROWS` rows, so that no table ever exists as Python objects whole.
    ``event`` holds each row's event number (the incident is known only later)."""

    def __init__(self, table: str, names: Iterable[str]):
        kinds = {c.name: c.kind for c in schemas.TABLES[table]}
        self.types = {name: _ARROW_TYPES[kinds[name]] for name in names}
        self.lists: dict[str, list] = {name: [] for name in self.types}
        self.chunks: dict[str, list[pa.Array]] = {name: [] for name in self.types}
        self.event: list[int] = []
        self.event_chunks: list[np.ndarray] = []

    def flush(self, force: bool = False) -> None:
        if len(self.event) < (1 if force else _CHUNK_ROWS):
            return
        for name, values in self.lists.items():
            self.chunks[name].append(pa.array(values, type=self.types[name]))
            values.clear()
        self.event_chunks.append(np.array(self.event, dtype=np.int64))
        self.event.clear()

    def frame(
        self, table: str, rank: np.ndarray, which: np.ndarray, iids: pa.Array, constants: dict
    ) -> pd.DataFrame:
        """The rows in the order :func:`dashlib.resolve.resolve_incidents` lays them out, as a
        frame with the schema's dtypes (not yet deduplicated or sorted)."""
        self.flush(force=True)
        event = np.concatenate(self.event_chunks) if self.event_chunks else np.zeros(0, np.int64)
        order = np.argsort(
            rank[event], kind="stable"
        )  # incidents' order, then members', then rows'
        take = pa.array(order)
        data = {}
        for c in schemas.TABLES[table]:
            if c.name == "incident_id":
                arr = iids.take(pa.array(which[event][order]))
            elif c.name in constants:
                arr = pa.array([constants[c.name]] * len(order), type=_ARROW_TYPES[c.kind])
            else:
                chunks = self.chunks.pop(c.name)
                arr = (
                    pa.concat_arrays(chunks) if chunks else pa.array([], type=self.types[c.name])
                ).take(take)
                del chunks
            data[c.name] = _pandas_array(arr, c.kind)
        return pd.DataFrame(data)


def _pandas_array(arr: pa.Array, kind: str):
    """An Arrow array as the pandas array :func:`dashlib.schemas.conform` gives that kind."""
    if kind == "str":
        return pd.arrays.ArrowStringArray(pa.chunked_array([arr], type=pa.large_string()))
    mask = arr.is_null().to_numpy(zero_copy_only=False)
    values = arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    return pd.arrays.IntegerArray(values, mask)


def _row_tables(arts: _Articles, rank: np.ndarray, which: np.ndarray, iids: list[str]):
    """Claims, targets and mentions, from every article's rows (see :func:`_layout`).

    Each row gets its incident from ``which`` (event -> incident number) and
    its place from ``rank`` (event -> position in the layout order of
    :func:`dashlib.resolve.incidents_of`); then duplicates are dropped and the
    rows sorted exactly as :func:`dashlib.resolve._frames` does.
    """
    skip = ("incident_id", "source")
    claims = _Columns("claims", [n for n in schemas.columns("claims") if n not in skip])
    targets = _Columns("targets", [n for n in schemas.columns("targets") if n not in skip])
    mentions = _Columns("mentions", [n for n in schemas.columns("mentions") if n not in skip])
    cl, tl, ml = claims.lists, targets.lists, mentions.lists
    c_cols = [
        cl[n]
        for n in (
            "claim_id",
            "metric",
            "victim_group",
            "claimant_type",
            "claimant",
            "relayed_by",
            "value_low",
            "value_high",
            "qualifier",
            "number_text",
            "stance",
        )
    ]
    ids, published = arts.ids(), arts.columns["published"]
    for i, blob in enumerate(arts.rows):
        if blob is None:
            continue
        arts.rows[i] = None
        aid, pub, base = ids[i], published[i], arts.base[i]
        text = arts.texts[i].decode(*_TEXT_CODEC)
        c_rows, t_rows, m_rows = pickle.loads(blob)
        for ev, *values, quote, s, e, fs, fe in c_rows:
            claims.event.append(base + ev)
            for col, value in zip(c_cols, values, strict=True):
                col.append(value)
            cl["article_id"].append(aid)
            cl["quote"].append(text[s:e] if quote is None else quote)
            cl["char_start"].append(s)
            cl["char_end"].append(e)
            cl["figure_start"].append(fs)
            cl["figure_end"].append(fe)
            cl["published"].append(pub)
        for ev, cat, s, e in t_rows:
            targets.event.append(base + ev)
            tl["category"].append(cat)
            tl["article_id"].append(aid)
            tl["quote"].append(text[s:e])
            tl["char_start"].append(s)
            tl["char_end"].append(e)
        for ev, role, s, e, date_text, place_text in m_rows:
            mentions.event.append(base + ev)
            ml["article_id"].append(aid)
            ml["role"].append(role)
            ml["quote"].append(text[s:e])
            ml["char_start"].append(s)
            ml["char_end"].append(e)
            ml["date_text"].append(date_text)
            ml["place_text"].append(place_text)
        claims.flush()
        targets.flush()
        mentions.flush()
    iid_arr = pa.array(iids, type=pa.large_string())
    extracted = {"source": "extracted"}
    # Same drop_duplicates and sort_values as resolve._frames, on the same rows in the
    # same order; the frames already have the schema's dtypes (conform would only copy).
    out = claims.frame("claims", rank, which, iid_arr, extracted)
    del claims
    if len(out):
        out = out.drop_duplicates("claim_id").sort_values(
            ["incident_id", "article_id", "figure_start", "claim_id"]
        )
    claims_df = out.reset_index(drop=True)
    out = targets.frame("targets", rank, which, iid_arr, extracted)
    del targets
    if len(out):
        out = out.drop_duplicates(["incident_id", "category", "article_id"]).sort_values(
            ["incident_id", "category", "article_id"]
        )
    targets_df = out.reset_index(drop=True)
    out = mentions.frame("mentions", rank, which, iid_arr, {})
    del mentions
    if len(out):
        out = out.drop_duplicates(
            ["incident_id", "article_id", "char_start", "char_end"]
        ).sort_values(["incident_id", "article_id", "char_start"])
    mentions_df = out.reset_index(drop=True)
    return claims_df, targets_df, mentions_df


def _resolve(arts: _Articles, published: dict[str, str], reference: Reference) -> Resolved:
    """Incidents across articles (:func:`dashlib.resolve.incidents_of`) and their tables.

    The same tables as :func:`dashlib.resolve.resolve_incidents`, made from the
    records' compact rows: resolution sees only the events; each event's
    incident and layout position are kept as two integer arrays; the rows are
    laid out afterwards, article by article, when the events are gone.
    """
    rank = np.zeros(arts.n_events, dtype=np.int64)
    which = np.zeros(arts.n_events, dtype=np.int64)
    base = dict(zip(arts.ids(), arts.base, strict=True))
    cols = schemas.columns("incidents")
    inc_rows, iids = [], []
    position = 0
    for k, (iid, group, row) in enumerate(incidents_of(arts.take_events(), reference)):
        iids.append(iid)
        inc_rows.append(tuple(row.get(c) for c in cols))  # a tuple, not a dict, per incident
        for m in group:
            g = base[m.article_id] + m.local.index
            rank[g] = position
            which[g] = k
            position += 1
    del base
    release_memory(collect=True)  # the events and clusters are gone
    # The incidents table exactly as resolve._frames makes it (counted below, with the rows).
    incidents = _frames(inc_rows, [], [], [], published).incidents
    del inc_rows
    claims, targets, mentions = _row_tables(arts, rank, which, iids)
    return Resolved(incidents, claims, targets, mentions).recount(published)


def _articles_frame(arts: _Articles, n_claims: dict[str, int]) -> pd.DataFrame:
    """The articles table; the texts go from UTF-8 bytes into its Arrow column directly."""
    columns = {
        **arts.columns,
        "n_chars": arts.n_chars,
        "n_claims": [n_claims.get(a, 0) for a in arts.ids()],
        "warnings": [" | ".join(w) for w in arts.warnings],
    }
    frame = schemas.conform(pd.DataFrame(columns, dtype=object), "articles")  # text '' for now
    utf8 = pa.array(arts.texts, type=pa.large_binary())
    arts.texts = None
    # Checked as UTF-8 by the cast; the same values conform would give from the strs.
    frame["text"] = _pandas_array(utf8.cast(pa.large_string()), "str")
    return frame


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
    seconds = {"clean": 0.0, "extract": 0.0}

    def timed(results):
        for res in results:
            for k in seconds:
                seconds[k] += res.seconds.get(k, 0.0)
            yield res

    arts = _Articles()
    skipped_now: list[Skipped] = []
    warnings = []
    for res in _kept(timed(results), skipped_now):
        arts.add(res.record)
        if res.extract_warning:
            warnings.append(res.extract_warning)
    del results
    for k, v in seconds.items():
        timings.setdefault(k, v)
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
    release_memory(collect=True)
    timings["resolve"] = time.perf_counter() - t0

    curation_report: dict = {}
    if curation_entries:
        from dashlib.curation import apply_curation

        t0 = time.perf_counter()
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
    release_memory()
    timings["reconcile"] = time.perf_counter() - t0

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
    release_memory()
    timings["assemble"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    # The texts now live only in the articles table's Arrow column.
    texts = _Texts(arts.ids(), tables.articles["text"].array._pa_array.chunk(0))
    validate_tables(tables, texts=texts)
    timings["validate"] = time.perf_counter() - t0
    del texts

    article_warnings = [
        f"{file}: {w}"
        for file, ws in zip(arts.columns["file"], arts.warnings, strict=True)
        for w in ws
    ]
    tables.report = {
        "files_read": len(arts),
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
