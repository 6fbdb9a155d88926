"""Columnar access to a build: DuckDB over the Parquet files that every build writes.

Measured on a build of 100,000 incidents and 500,000 claims (BENCHMARKS.md):
selecting the incidents that match a filter takes ~30 ms in DuckDB against
~330 ms for the pandas mask, and a GROUP BY behind a chart 5-45 ms against
70-220 ms in pandas. Copying whole filtered tables into pandas costs far more
than either (0.3-0.8 s for 40,000 claims with their quotes), so pages should
ask for what they draw (aggregates, the rows on screen), not for every row.

:class:`ColumnarBuild` opens one in-memory DuckDB database with a view per
table over its Parquet file (the files are read where they lie, not loaded).
The same code serves 5 articles and 100,000.

* :meth:`ColumnarBuild.filtered` is a drop-in twin of
  :func:`dashlib.reading.filters.apply_filters` (same rows, order, dtypes and
  estimates; tests/test_columnar.py holds them equal), optionally restricted
  to some tables and columns.
* :meth:`ColumnarBuild.query` runs any SQL against the *filtered* tables,
  named ``f_incidents``, ``f_claims``, ``f_articles``, ``f_targets``,
  ``f_mentions`` and ``f_estimates`` (the unfiltered ones keep their plain
  names), and returns a pandas frame: the way to compute a chart's numbers.
* :meth:`ColumnarBuild.incident_ids`, :meth:`ColumnarBuild.counts` and
  :meth:`ColumnarBuild.filter_options` (twin of
  :func:`dashlib.reading.options.filter_options`) answer the sidebar's questions.

A ``ColumnarBuild`` is safe to share between Streamlit sessions (each call
uses its own DuckDB cursor): cache it with ``st.cache_resource`` keyed by the
build folder and its stamp. :class:`FilteredTables` reads one filter set of a
build like :class:`dashlib.tables.Tables`, fetching each table on first use.

``ColumnarBuild`` is assembled from three modules, each holding one part:
:mod:`dashlib.reading.build_views` opens the build (views, cursors, unfiltered
reads), :mod:`dashlib.reading.filter_sql` writes the filters as SQL, and
:mod:`dashlib.reading.filtered_queries` reads the build under them. This module
adds the sidebar's filter options and stays the one the app reads a build through.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd

from dashlib import schemas
from dashlib.reading import filter_sql
from dashlib.reading.build_views import ROW, SchemaMismatch
from dashlib.reading.filtered_queries import FilteredQueries, estimates_basis, filtered_report
from dashlib.tables import TABLE_NAMES

# The long text columns: most of a table's bytes (articles.csv is 157 MB at 100k
# articles, nearly all of it `text`), and shown only for a few rows at a time.
TEXT_COLUMNS = {
    "articles": ("text",),
    "claims": ("quote",),
    "targets": ("quote",),
    "mentions": ("quote",),
}


def light_columns(table: str) -> list[str]:
    """The columns of ``table`` without its long text columns (see :data:`TEXT_COLUMNS`)."""
    drop = TEXT_COLUMNS.get(table, ())
    return [c for c in schemas.columns(table) if c not in drop]


class ColumnarBuild(FilteredQueries):
    """A build folder's tables as DuckDB views over its Parquet files.

    Open one with ``ColumnarBuild(data_dir)`` (or :meth:`from_tables` for tables held in
    memory), read it unfiltered with :meth:`table` and :meth:`sql`, under filters with
    :meth:`query`, :meth:`filtered`, :meth:`rows` and :meth:`head`, and ask it what the
    sidebar offers with :meth:`filter_options`.
    """

    # the filters' SQL conditions, for callers that build their own queries
    incident_where = staticmethod(filter_sql.incident_where)
    article_where = staticmethod(filter_sql.article_where)

    def filter_options(self) -> dict[str, list[str]]:
        """The values each sidebar filter offers: twin of :func:`dashlib.reading.options.filter_options`."""
        from dashlib.reading import code_labels

        places = self.sql(
            "SELECT DISTINCT district AS v FROM incidents UNION SELECT DISTINCT place FROM incidents"
        )["v"].tolist()
        places = sorted({p for p in places if p})
        cats = set(
            self.sql(
                "SELECT DISTINCT unnest(string_split(target_categories, ';')) AS c FROM incidents"
            )["c"].tolist()
        )
        cats.discard("")
        types = set(self.sql("SELECT DISTINCT incident_type AS t FROM incidents")["t"].tolist())
        perps = set(self.sql("SELECT DISTINCT perpetrator AS p FROM incidents")["p"].tolist())
        n_inc = int(self.sql("SELECT count(*) AS n FROM incidents")["n"].iloc[0])
        articles = self.sql(
            f"SELECT article_id, title, published, file FROM articles ORDER BY {ROW}"
        )
        return {
            "place": places,
            "target": [c for c in schemas.TARGET_CATEGORIES if c in cats and n_inc]
            or list(schemas.TARGET_CATEGORIES),
            "type": [t for t in schemas.INCIDENT_TYPES if t in types]
            or list(schemas.INCIDENT_TYPES),
            "perp": sorted(perps, key=lambda p: (p == "", p)),
            "claimant": list(schemas.CLAIMANT_TYPES),
            "article": list(code_labels.article_labels(articles)),
        }


class FilteredTables:
    """The tables of a :class:`ColumnarBuild` under one :class:`~dashlib.reading.filters.Filters`,
    fetched from DuckDB table by table on first use.

    It reads like :class:`dashlib.tables.Tables` (``.incidents``, ``.claims``,
    ``.frame(name)``, ``.report``), with one difference that keeps a page at
    100,000 incidents fast: the attributes leave out the long text columns
    (:data:`TEXT_COLUMNS`: article text, quotes), which a page needs only for
    the few rows it shows. Ask for those with :meth:`rows`, :meth:`head` or
    :meth:`full`. Counts come from :meth:`count` without copying rows.

    Fetched frames are kept, so one object can be cached per build and filters
    and shared (read-only) between sessions.
    """

    def __init__(self, source: ColumnarBuild, filters=None):
        self.source = source
        self.filters = filters
        self._frames: dict[tuple, pd.DataFrame] = {}
        self._counts: dict[str, int] | None = None
        self._lock = threading.Lock()
        self.report = filtered_report(source.report, filters)

    MAX_KEPT_ROWS = 64  # row fetches kept (one per article or incident looked at)

    def _cached(self, key: tuple, make):
        got = self._frames.get(key)
        if got is None:
            got = make()
            with self._lock:
                self._frames[key] = got
                rows = [k for k in self._frames if k[0] == "rows"]
                for old in rows[: max(0, len(rows) - self.MAX_KEPT_ROWS)]:
                    del self._frames[old]  # oldest first: dicts keep insertion order
        return got

    def frame(self, name: str) -> pd.DataFrame:
        """Table ``name`` under the filters, without its long text columns."""
        if name not in TABLE_NAMES:
            raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLE_NAMES)}")
        return self._cached(
            ("light", name),
            lambda: self.source.filtered(
                self.filters, tables=(name,), columns={name: light_columns(name)}
            ).frame(name),
        )

    def full(self, name: str) -> pd.DataFrame:
        """Table ``name`` under the filters with every column (for downloads); not kept."""
        return self.source.filtered(self.filters, tables=(name,)).frame(name)

    def rows(self, name: str, column: str, values) -> pd.DataFrame:
        """The rows of ``name`` whose ``column`` is in ``values``, with every column."""
        key = ("rows", name, column, tuple([values] if isinstance(values, str) else values))
        return self._cached(key, lambda: self.source.rows(self.filters, name, column, key[3]))

    def head(self, name: str, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        """The first ``n`` rows of ``name`` with every column (or only ``columns``)."""
        key = ("head", name, n, tuple(columns or ()))
        return self._cached(key, lambda: self.source.head(self.filters, name, n, columns))

    def count(self, name: str) -> int:
        """Rows of ``name`` under the filters."""
        if name == "estimates":
            return len(self.frame("estimates"))
        if self._counts is None:
            parts = " UNION ALL ".join(
                f"SELECT '{n}' AS t, count(*) AS n FROM f_{n}"
                for n in TABLE_NAMES
                if n != "estimates"
            )
            df = self.source.query(parts, self.filters)
            self._counts = dict(zip(df["t"], df["n"].astype(int).tolist(), strict=True))
        return self._counts[name]

    def items(self):
        return [(n, self.frame(n)) for n in TABLE_NAMES]

    articles = property(lambda self: self.frame("articles"))
    incidents = property(lambda self: self.frame("incidents"))
    claims = property(lambda self: self.frame("claims"))
    targets = property(lambda self: self.frame("targets"))
    mentions = property(lambda self: self.frame("mentions"))
    estimates = property(lambda self: self.frame("estimates"))


def open_build(data_dir: str | Path) -> ColumnarBuild:
    """:class:`ColumnarBuild` for ``data_dir`` (a folder written by ``dashlib build``)."""
    return ColumnarBuild(data_dir)


__all__ = [
    "ROW",
    "TEXT_COLUMNS",
    "ColumnarBuild",
    "FilteredTables",
    "SchemaMismatch",
    "estimates_basis",
    "filtered_report",
    "light_columns",
    "open_build",
]
