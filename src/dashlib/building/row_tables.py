"""The reduce's layout: gathered articles and their compact rows -> the build's tables.

The reduce gathers every :class:`dashlib.building.map_stage.ArticleRecord` into
:class:`_Articles` (in file order), resolves incidents across articles from
the events alone, then lays each article's pickled rows out into the claims,
targets and mentions tables, deduplicated and sorted exactly as
:func:`dashlib.building.resolve._frames` does, and counts the incidents from
them. :func:`_resolve` and :func:`_articles_frame` are what the reduce calls.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from dashlib import schemas
from dashlib.building.compact_columns import (
    _byte_offsets,
    _dense_rank,
    _IntColumn,
    _StrColumn,
    _string_array,
    _TextStore,
)
from dashlib.building.map_stage import _META, ArticleRecord
from dashlib.building.memory import release_memory
from dashlib.building.resolve import Resolved, _frames, incidents_of
from dashlib.extraction.events import LocalIncident
from dashlib.extraction.reference import Reference


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


# The claim rows' values between the event and the quote, in the order of
# dashlib.extraction.events.claim_values (see map_stage._layout).
_CLAIM_VALUES = (
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


def _row_tables(arts: _Articles, rank: np.ndarray, which: np.ndarray, iids: list[str]):
    """Claims, targets and mentions, from every article's rows (see :func:`_gather_rows`).

    Each row gets its incident from ``which`` (event -> incident number) and
    its place from ``rank`` (event -> position in the layout order of
    :func:`dashlib.building.resolve.incidents_of`); then duplicates are dropped and the
    rows sorted exactly as :func:`dashlib.building.resolve._frames` does. Quotes are
    never gathered: each is cut from the text buffer once the rows' final
    order is known.
    """
    claims, targets, mentions = _gather_rows(arts)
    context = _LayoutContext(
        rank,
        which,
        pa.array(iids, type=pa.large_string()),
        pa.array(arts.ids(), type=pa.large_string()),
        pa.array(arts.columns["published"], type=pa.large_string()),
        arts.texts,
    )
    # The keys and orders of resolve._frames.
    claims_df = claims.frame(
        context, ["claim_id"], ["incident_id", "article_id", "figure_start", "claim_id"]
    )
    numbers = [(claims.incident_numbers, claims.article_numbers)]
    del claims
    release_memory(len(arts))
    targets_df = targets.frame(
        context,
        ["incident_id", "category", "article_id"],
        ["incident_id", "category", "article_id"],
    )
    numbers.append((targets.incident_numbers, targets.article_numbers))
    del targets
    release_memory(len(arts))
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


def _gather_rows(arts: _Articles) -> tuple[_Gathered, _Gathered, _Gathered]:
    """Every article's claims, targets and mentions rows, in compact columns.

    The rows are those :func:`dashlib.building.map_stage._layout` pickled; each
    article's are let go once read. A quote that is the text's slice is kept
    as its byte offsets in the text store, any other quote as it is.
    """
    claims, targets, mentions = _Gathered("claims"), _Gathered("targets"), _Gathered("mentions")
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
        _add_claims(claims, c_rows, i, base, tbase, at)
        _add_targets(targets, t_rows, i, base, tbase, at)
        _add_mentions(mentions, m_rows, i, base, tbase, at)
    return claims, targets, mentions


def _add_claims(claims: _Gathered, rows, i: int, base: int, tbase: int, at: dict) -> None:
    """Article ``i``'s claim rows, added to ``claims``.

    ``base`` is the number of the article's first event, ``tbase`` the byte
    offset of its text in the store, ``at`` its character -> byte offsets.
    """
    cc = claims.columns
    c_values = [cc[n] for n in _CLAIM_VALUES]
    for ev, *values, quote, s, e, fs, fe in rows:
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


def _add_targets(targets: _Gathered, rows, i: int, base: int, tbase: int, at: dict) -> None:
    """Article ``i``'s target rows (arguments as for :func:`_add_claims`)."""
    tc = targets.columns
    for ev, cat, s, e in rows:
        targets.event.append(base + ev)
        targets.article.append(i)
        tc["category"].append(cat)
        targets.quote_start.append(tbase + at[s])
        targets.quote_end.append(tbase + at[e])
        tc["char_start"].append(s)
        tc["char_end"].append(e)


def _add_mentions(mentions: _Gathered, rows, i: int, base: int, tbase: int, at: dict) -> None:
    """Article ``i``'s mention rows (arguments as for :func:`_add_claims`)."""
    mc = mentions.columns
    for ev, role, s, e, date_text, place_text in rows:
        mentions.event.append(base + ev)
        mentions.article.append(i)
        mc["role"].append(role)
        mentions.quote_start.append(tbase + at[s])
        mentions.quote_end.append(tbase + at[e])
        mc["char_start"].append(s)
        mc["char_end"].append(e)
        mc["date_text"].append(date_text)
        mc["place_text"].append(place_text)


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
    left_apart: list[dict] = []
    for k, (iid, group, row) in enumerate(incidents_of(arts.take_events(), reference, left_apart)):
        iids.append(iid)
        inc_rows.append(tuple(row.get(c) for c in cols))  # a tuple, not a dict, per incident
        for m in group:
            g = base[m.article_id] + m.local.index
            rank[g] = position
            which[g] = k
            position += 1
    del base
    release_memory(len(arts), collect=True)  # the events and clusters are gone
    # The incidents table exactly as resolve._frames makes it (counted below, with the rows).
    incidents = _frames(inc_rows, [], [], [], published).incidents
    del inc_rows
    claims, targets, mentions, counts = _row_tables(arts, rank, which, iids)
    release_memory(len(arts))
    return Resolved(
        counts.recount(incidents, iids, arts),
        claims,
        targets,
        mentions,
        merge_candidates=left_apart,
    )


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
