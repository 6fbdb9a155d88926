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
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashlib import paths, schemas
from dashlib.building import freshness
from dashlib.building.load import Decoded, Skipped, SourceFile, decode_article, read_folder
from dashlib.building.reconcile import estimates_from_claims
from dashlib.building.resolve import Resolved, _frames, incidents_of
from dashlib.building.validate import validate_tables
from dashlib.extraction.clean import CleanArticle, clean_article
from dashlib.extraction.events import (
    ArticleExtraction,
    LocalIncident,
    claim_id,
    claim_values,
    extract_article,
)
from dashlib.extraction.reference import Reference, load_reference
from dashlib.tables import Tables

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
        inc.places = tuple(inc.places)
        inc.named = frozenset(inc.named)
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
    pa.default_memory_pool().release_unused()  # Arrow's own pool (mimalloc) keeps freed pages
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


class _Articles:
    """The kept articles, gathered column by column in file order by the reduce."""

    def __init__(self):
        self.columns: dict[str, list[str]] = {name: [] for name in _META}
        self.warnings: list[tuple[str, ...]] = []
        self.n_chars: list[int] = []
        self.texts = _TextStore()
        self.events: list[list[LocalIncident] | None] = []  # let go as resolution takes them
        self.firsts: list[tuple[int, ...]] = []
        self.rows: list[bytes | None] = []  # let go as the rows are laid out
        self.base: list[int] = []  # number of the article's first event among all events
        self.n_events = 0
        self._values: dict | None = {}  # see _share

    def _share(self, value):
        """One object for all equal immutable values: the same places, type hits, groups
        and dates recur across thousands of events (resolution only compares them)."""
        return self._values.setdefault(value, value)

    def add(self, record: ArticleRecord) -> None:
        for name, values in self.columns.items():
            values.append(getattr(record, name))
        self.warnings.append(record.warnings)
        self.n_chars.append(record.n_chars)
        self.texts.add(record.text)
        events = record.events or []
        share = self._share
        for inc in events:
            inc.places = share(tuple(share(p) for p in inc.places))
            inc.type_hits = share(tuple(inc.type_hits))
            inc.perpetrators = share(tuple(inc.perpetrators))
            inc.named = share(frozenset(inc.named))
            inc.date = share(inc.date)
        self.events.append(events)
        self.firsts.append(record.firsts or ())
        self.rows.append(record.rows)
        self.base.append(self.n_events)
        self.n_events += len(events)

    def __len__(self) -> int:
        return len(self.n_chars)

    def gathered(self) -> None:
        """Every record is in: let go of the table of shared values (not of the values)."""
        self._values = None

    def ids(self) -> list[str]:
        return self.columns["article_id"]

    def take_events(self) -> Iterator[tuple[str, LocalIncident, int]]:
        """(article ID, event, offset of its first mention) of every event, in order, let go as read."""
        for i, aid in enumerate(self.ids()):
            events, self.events[i] = self.events[i], None
            yield from zip([aid] * len(events), events, self.firsts[i], strict=True)


def _utf8_array(data: bytearray, ends: array) -> pa.Array:
    """A large_string Arrow array over ``data`` (no copy); ``ends`` are the values' end offsets.

    Checked to be UTF-8 (raises ``pyarrow.ArrowInvalid`` otherwise), as
    converting the strs would have been.
    """
    offsets = np.zeros(len(ends) + 1, dtype=np.int64)
    offsets[1:] = np.frombuffer(ends, dtype=np.int64)
    arr = pa.Array.from_buffers(
        pa.large_string(), len(ends), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    arr.validate(full=True)
    return arr


class _TextStore:
    """Every kept article's UTF-8 text in one growing buffer, with the end offsets.

    The articles table's text column is an Arrow array over this same buffer
    (no copy), and quotes are cut from it by byte offsets, so the texts exist
    once, at about 1 byte per character, from the map stage to the written
    files. (Each as a str would take 2 bytes per character for most articles;
    strs plus an Arrow column held them twice.)
    """

    def __init__(self):
        self.data = bytearray()  # grows in place (realloc), no copy of what is there
        self._ends = array("q")

    def add(self, utf8: bytes) -> None:
        self.data += utf8
        self._ends.append(len(self.data))

    def __len__(self) -> int:
        return len(self._ends)

    def start(self, i: int) -> int:
        """Byte offset of text ``i`` in :attr:`data`."""
        return self._ends[i - 1] if i else 0

    def __getitem__(self, i: int) -> str:
        return str(memoryview(self.data)[self.start(i) : self._ends[i]], *_TEXT_CODEC)

    def arrow(self) -> pa.Array:
        """The texts as an Arrow large_string array over the buffer (checked to be UTF-8)."""
        return _utf8_array(self.data, self._ends)


class _Texts(Mapping):
    """Article ID -> cleaned text, decoded on each access from the :class:`_TextStore`.

    The last text read is kept (rows of one article usually come together).
    """

    def __init__(self, ids: list[str], store: _TextStore):
        self._index = {aid: i for i, aid in enumerate(ids)}
        self._store = store
        self._last: tuple[str, str] | None = None

    def __getitem__(self, aid: str) -> str:
        if self._last is not None and self._last[0] == aid:
            return self._last[1]
        text = self._store[self._index[aid]]
        self._last = (aid, text)
        return text

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self):
        return iter(self._index)


class _StrColumn:
    """A string column gathered as UTF-8 in one buffer: no Python object per value."""

    __slots__ = ("data", "ends")

    def __init__(self):
        self.data = bytearray()
        self.ends = array("q")

    def append(self, value: str) -> None:
        self.data += value.encode(*_TEXT_CODEC)
        self.ends.append(len(self.data))

    def append_utf8(self, value) -> None:
        self.data += value
        self.ends.append(len(self.data))

    def arrow(self) -> pa.Array:
        return _utf8_array(self.data, self.ends)


class _IntColumn:
    """A nullable integer column gathered as int64 values and a null mask."""

    __slots__ = ("nulls", "values")

    def __init__(self):
        self.values = array("q")
        self.nulls = bytearray()

    def append(self, value: int | None) -> None:
        self.values.append(0 if value is None else value)
        self.nulls.append(value is None)

    def take(self, rows: np.ndarray) -> pd.arrays.IntegerArray:
        values = np.frombuffer(self.values, dtype=np.int64)[rows]
        nulls = np.frombuffer(self.nulls, dtype=np.bool_)[rows]
        return pd.arrays.IntegerArray(values, nulls)


def _string_array(arr: pa.Array) -> pd.arrays.ArrowStringArray:
    """A large_string Arrow array as the pandas array :func:`dashlib.schemas.conform` gives."""
    return pd.arrays.ArrowStringArray(pa.chunked_array([arr], type=pa.large_string()))


# Columns every table's rows get at the end rather than row by row.
_DERIVED = ("incident_id", "article_id", "published", "quote", "source")


class _Gathered:
    """One table's rows, gathered article by article in compact columns.

    ``event`` and ``article`` are each row's event and article numbers (the
    incident is known only after resolution; the article gives the ID and
    date); ``quote_start``/``quote_end`` are the quote's byte offsets in the
    :class:`_TextStore`, or -1 when the quote is not the text's slice and is
    kept in ``quotes`` instead.
    """

    def __init__(self, table: str):
        self.table = table
        self.columns = {
            c.name: _StrColumn() if c.kind == "str" else _IntColumn()
            for c in schemas.TABLES[table]
            if c.name not in _DERIVED
        }
        self.event = array("q")
        self.article = array("q")
        self.quote_start = array("q")
        self.quote_end = array("q")
        self.quotes: dict[int, str] = {}

    def frame(self, context: _LayoutContext, unique: list[str], by: list[str]) -> pd.DataFrame:
        """The table, exactly as resolve._frames makes it from the same rows.

        resolve._frames lays the rows out in its order (incidents, their
        members, each member's rows), drops later rows that repeat ``unique``
        and sorts by ``by``. Which rows survive, and in what order, depends
        only on how the key values compare, so the same pandas calls run on a
        frame of the keys alone, each text key replaced by its dense rank (the
        same equalities and the same order, with no Python string per row);
        then each column is made once, in the final order, and its gathered
        values let go.
        """
        event = np.frombuffer(self.event, dtype=np.int64)
        article = np.frombuffer(self.article, dtype=np.int64)
        laid_out = np.argsort(context.rank[event], kind="stable")  # resolve's row order
        kinds = {c.name: c.kind for c in schemas.TABLES[self.table]}

        def column(name: str, rows: np.ndarray):
            if name == "incident_id":
                return _string_array(context.iids.take(pa.array(context.which[event[rows]])))
            if name == "article_id":
                return _string_array(context.ids.take(pa.array(article[rows])))
            if name == "published":
                return _string_array(context.published.take(pa.array(article[rows])))
            if name == "source":
                return _string_array(
                    pa.repeat(pa.scalar("extracted", pa.large_string()), len(rows))
                )
            if name == "quote":
                return _string_array(self._quotes(rows, context.texts))
            col = self.columns[name]
            if kinds[name] == "str":
                return _string_array(col.arrow().take(pa.array(rows)))
            return col.take(rows)

        def key(name: str, rows: np.ndarray) -> np.ndarray:
            if name == "incident_id":
                return context.iid_rank[context.which[event[rows]]]
            if name == "article_id":
                return context.id_rank[article[rows]]
            col = self.columns[name]
            if isinstance(col, _StrColumn):
                return _dense_rank(col.arrow())[rows]
            return np.frombuffer(col.values, dtype=np.int64)[rows]  # offsets: never null

        keys = pd.DataFrame({k: key(k, laid_out) for k in dict.fromkeys(unique + by)})
        if len(keys):
            keys = keys.drop_duplicates(unique).sort_values(by)
        rows = laid_out[keys.index.to_numpy()]
        del keys, laid_out
        # each final row's incident and article numbers, for the incidents' counts
        self.incident_numbers = context.which[event[rows]]
        self.article_numbers = article[rows]
        data = {}
        for c in schemas.TABLES[self.table]:
            data[c.name] = column(c.name, rows)
            self.columns.pop(c.name, None)  # its gathered values are no longer needed
        return pd.DataFrame(data)

    def _quotes(self, rows: np.ndarray, texts: _TextStore) -> pa.Array:
        out = _StrColumn()
        data = memoryview(texts.data)
        starts = np.frombuffer(self.quote_start, dtype=np.int64)[rows].tolist()
        ends = np.frombuffer(self.quote_end, dtype=np.int64)[rows].tolist()
        for k, start, end in zip(rows.tolist(), starts, ends, strict=True):
            if start < 0:
                out.append(self.quotes[k])
            else:
                out.append_utf8(data[start:end])
        del data
        return out.arrow()


def _dense_rank(values) -> np.ndarray:
    """0-based dense rank of each value (equal values, equal ranks; string order)."""
    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    ranks = pc.rank(arr, sort_keys="ascending", tiebreaker="dense")
    return ranks.to_numpy().astype(np.int64) - 1


@dataclass
class _LayoutContext:
    """What every row table needs to finish its rows (see :meth:`_Gathered.frame`)."""

    rank: np.ndarray  # event -> position in resolve's layout order
    which: np.ndarray  # event -> incident number
    iids: pa.Array  # incident number -> ID
    ids: pa.Array  # article number -> ID
    published: pa.Array  # article number -> publication date
    texts: _TextStore
    iid_rank: np.ndarray = field(init=False)  # incident number -> rank of its ID
    id_rank: np.ndarray = field(init=False)  # article number -> rank of its ID

    def __post_init__(self):
        self.iid_rank = _dense_rank(self.iids)
        self.id_rank = _dense_rank(self.ids)


def _byte_offsets(text: str, positions: Iterable[int]) -> dict[int, int]:
    """Character offset -> UTF-8 byte offset in ``text`` for each position (one pass)."""
    if text.isascii():
        return {p: p for p in positions}
    out, prev, acc = {}, 0, 0
    for p in sorted(set(positions)):
        acc += len(text[prev:p].encode(*_TEXT_CODEC))
        out[p] = acc
        prev = p
    return out


def _row_tables(arts: _Articles, rank: np.ndarray, which: np.ndarray, iids: list[str]):
    """Claims, targets and mentions, from every article's rows (see :func:`_layout`).

    Each row gets its incident from ``which`` (event -> incident number) and
    its place from ``rank`` (event -> position in the layout order of
    :func:`dashlib.building.resolve.incidents_of`); then duplicates are dropped and the
    rows sorted exactly as :func:`dashlib.building.resolve._frames` does. Quotes are
    never gathered: each is cut from the text buffer once the rows' final
    order is known.
    """
    claims, targets, mentions = _Gathered("claims"), _Gathered("targets"), _Gathered("mentions")
    cc, tc, mc = claims.columns, targets.columns, mentions.columns
    c_values = [
        cc[n]
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
    texts = arts.texts
    for i, blob in enumerate(arts.rows):
        if blob is None:
            continue
        arts.rows[i] = None
        base, tbase = arts.base[i], texts.start(i)
        c_rows, t_rows, m_rows = pickle.loads(blob)
        spans = [(s, e) for *_, quote, s, e, _, _ in c_rows if quote is None]
        spans += [(s, e) for _, _, s, e in t_rows]
        spans += [(s, e) for _, _, s, e, _, _ in m_rows]
        at = _byte_offsets(texts[i], [p for span in spans for p in span]) if spans else {}
        for ev, *values, quote, s, e, fs, fe in c_rows:
            claims.event.append(base + ev)
            claims.article.append(i)
            for col, value in zip(c_values, values, strict=True):
                col.append(value)
            if quote is None:
                claims.quote_start.append(tbase + at[s])
                claims.quote_end.append(tbase + at[e])
            else:
                claims.quotes[len(claims.quote_start)] = quote
                claims.quote_start.append(-1)
                claims.quote_end.append(-1)
            cc["char_start"].append(s)
            cc["char_end"].append(e)
            cc["figure_start"].append(fs)
            cc["figure_end"].append(fe)
        for ev, cat, s, e in t_rows:
            targets.event.append(base + ev)
            targets.article.append(i)
            tc["category"].append(cat)
            targets.quote_start.append(tbase + at[s])
            targets.quote_end.append(tbase + at[e])
            tc["char_start"].append(s)
            tc["char_end"].append(e)
        for ev, role, s, e, date_text, place_text in m_rows:
            mentions.event.append(base + ev)
            mentions.article.append(i)
            mc["role"].append(role)
            mentions.quote_start.append(tbase + at[s])
            mentions.quote_end.append(tbase + at[e])
            mc["char_start"].append(s)
            mc["char_end"].append(e)
            mc["date_text"].append(date_text)
            mc["place_text"].append(place_text)
    context = _LayoutContext(
        rank,
        which,
        pa.array(iids, type=pa.large_string()),
        pa.array(arts.ids(), type=pa.large_string()),
        pa.array(arts.columns["published"], type=pa.large_string()),
        texts,
    )
    # The keys and orders of resolve._frames.
    claims_df = claims.frame(
        context, ["claim_id"], ["incident_id", "article_id", "figure_start", "claim_id"]
    )
    numbers = [(claims.incident_numbers, claims.article_numbers)]
    del claims
    release_memory()
    targets_df = targets.frame(
        context,
        ["incident_id", "category", "article_id"],
        ["incident_id", "category", "article_id"],
    )
    numbers.append((targets.incident_numbers, targets.article_numbers))
    del targets
    release_memory()
    mentions_df = mentions.frame(
        context,
        ["incident_id", "article_id", "char_start", "char_end"],
        ["incident_id", "article_id", "char_start"],
    )
    numbers.append((mentions.incident_numbers, mentions.article_numbers))
    counts = _Counts(
        np.concatenate([n[0] for n in numbers]),
        np.concatenate([n[1] for n in numbers]),
        numbers[0][0],
    )
    return claims_df, targets_df, mentions_df, counts


@dataclass
class _Counts:
    """Incident and article numbers of every final claim, mention and target row."""

    incidents: np.ndarray
    articles: np.ndarray
    claim_incidents: np.ndarray

    def recount(self, incidents: pd.DataFrame, iids: list[str], arts: _Articles) -> pd.DataFrame:
        """What :meth:`dashlib.building.resolve.Resolved.recount` gives, from the numbers.

        Each incident's articles (those of its claims, mentions and targets),
        their count and IDs (sorted, ';'-joined), its claims and its earliest
        non-empty publication date: the same values, without a Python string
        per row of the three tables.
        """
        n_inc, n_art = len(iids), len(arts)
        ids, published = arts.ids(), arts.columns["published"]
        pairs = np.unique(self.incidents * n_art + self.articles)
        inc_of, art_of = pairs // n_art, pairs % n_art
        n_articles = np.bincount(inc_of, minlength=n_inc)
        n_claims = np.bincount(self.claim_incidents, minlength=n_inc)
        order = np.lexsort((_dense_rank(ids)[art_of], inc_of))
        inc_of, art_of = inc_of[order], art_of[order]
        bounds = np.searchsorted(inc_of, np.arange(n_inc + 1)).tolist()
        arts_sorted = art_of.tolist()
        dates = sorted({p for p in published if p})
        date_rank = {p: i for i, p in enumerate(dates)}
        none = len(dates)
        art_date = np.array([date_rank.get(p, none) for p in published], dtype=np.int64)
        first = np.full(n_inc, none, dtype=np.int64)
        np.minimum.at(first, inc_of, art_date[art_of])
        number = {iid: k for k, iid in enumerate(iids)}
        nums = [number[i] for i in incidents["incident_id"].tolist()]
        inc = incidents.copy()
        inc["n_articles"] = n_articles[nums].tolist()
        inc["n_claims"] = n_claims[nums].tolist()
        inc["article_ids"] = [
            ";".join([ids[a] for a in arts_sorted[bounds[k] : bounds[k + 1]]]) for k in nums
        ]
        inc["first_reported"] = [dates[d] if d < none else "" for d in first[nums].tolist()]
        return schemas.conform(inc, "incidents")


def _resolve(arts: _Articles, published: dict[str, str], reference: Reference) -> Resolved:
    """Incidents across articles (:func:`dashlib.building.resolve.incidents_of`) and their tables.

    The same tables as :func:`dashlib.building.resolve.resolve_incidents`, made from the
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
    claims, targets, mentions, counts = _row_tables(arts, rank, which, iids)
    release_memory()
    return Resolved(counts.recount(incidents, iids, arts), claims, targets, mentions)


def _articles_frame(arts: _Articles, n_claims: dict[str, int]) -> pd.DataFrame:
    """The articles table; the texts go from UTF-8 bytes into its Arrow column directly."""
    columns = {
        **arts.columns,
        "n_chars": arts.n_chars,
        "n_claims": [n_claims.get(a, 0) for a in arts.ids()],
        "warnings": [" | ".join(w) for w in arts.warnings],
    }
    frame = schemas.conform(pd.DataFrame(columns, dtype=object), "articles")  # text '' for now
    # The same values conform would give from the strs, over the texts' own buffer.
    frame["text"] = _string_array(arts.texts.arrow())
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
    arts.gathered()
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
        from dashlib.building.curation import apply_curation

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
    # The articles table's text column is a view of this same store (see _TextStore).
    texts = _Texts(arts.ids(), arts.texts)
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
    # A stream: the reduce gathers each file's record as soon as the map has made
    # it, so no more than one file's full objects exist at a time, and the memory
    # each one frees is reused by the next (none is left scattered in the heap).
    return reduce_results(
        map_sources_iter(sources, reference, progress, timings),
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
    release_memory(collect=True)
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
