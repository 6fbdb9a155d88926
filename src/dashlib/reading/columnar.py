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
build folder and its stamp.
"""

from __future__ import annotations

import json
import threading
import weakref
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashlib import schemas
from dashlib.building.reconcile_sql import conform_estimates, estimates_sql
from dashlib.building.store import REPORT_FILE, has_parquet
from dashlib.tables import TABLE_NAMES, Tables

ROW = "file_row_number"  # DuckDB's row position in the Parquet file; keeps the build's order

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


def _types_mapper(t: pa.DataType):
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return pd.StringDtype("pyarrow")
    if pa.types.is_integer(t):
        return pd.Int64Dtype()
    if pa.types.is_floating(t):
        return pd.Float64Dtype()
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    return None


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas with nullable dtypes (sums come back from DuckDB as decimals)."""
    for i, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            to = pa.int64() if field.type.scale == 0 else pa.float64()
            table = table.set_column(i, field.name, table.column(i).cast(to))
    return table.to_pandas(types_mapper=_types_mapper)


def _typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Give the columns of ``df`` that belong to ``table`` their schema dtypes (cheaply)."""
    want = schemas.empty_frame(table).dtypes
    for c in df.columns:
        if c in want.index and df[c].dtype != want[c]:
            df[c] = df[c].astype(want[c])
    return df


class SchemaMismatch(ValueError):
    """A build's Parquet files do not have the current schema's columns."""


class ColumnarBuild:
    """A build folder's tables as DuckDB views over its Parquet files."""

    def __init__(self, data_dir: str | Path, *, threads: int | None = None):
        self.data_dir: Path | None = Path(data_dir)
        if not has_parquet(self.data_dir):
            raise FileNotFoundError(
                f"no current Parquet build in {self.data_dir}: run `dashlib build --out {self.data_dir}`"
            )
        for name in TABLE_NAMES:
            found = pq.read_schema(self.data_dir / f"{name}.parquet").names
            if found != schemas.columns(name):
                # a build written by an older version: read it through store.read_tables,
                # which conforms it, rather than query columns it does not have
                raise SchemaMismatch(
                    f"{name}.parquet in {self.data_dir} has columns {found}, not the current "
                    f"{schemas.columns(name)}"
                )
        self._connect(threads)
        for name in TABLE_NAMES:
            path = str(self.data_dir / f"{name}.parquet").replace("'", "''")
            self._con.execute(
                f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}', file_row_number = true)"
            )
        report = self.data_dir / REPORT_FILE
        self.report = json.loads(report.read_text("utf-8")) if report.is_file() else {}

    @classmethod
    def from_tables(cls, tables: Tables, *, threads: int | None = None) -> ColumnarBuild:
        """The same queries over tables held in memory (a build that was not written to
        disk, the session's tables in a read-only deployment, synthetic tables).

        The frames are handed to DuckDB as Arrow tables, registered on each
        cursor (a registration is visible to its own connection only), so
        nothing is copied into DuckDB; each gets the row-position column the
        Parquet views have, so results keep the build's order either way.
        """
        self = cls.__new__(cls)
        self.data_dir = None
        self._frames = {name: tables.frame(name) for name in TABLE_NAMES}
        self._arrow = {}
        for name, df in self._frames.items():
            arrow = pa.Table.from_pandas(df, preserve_index=False)
            self._arrow[name] = arrow.append_column(
                ROW, pa.array(np.arange(len(df), dtype="int64"))
            )
        self._connect(threads)
        self.report = dict(tables.report)
        return self

    def _connect(self, threads: int | None) -> None:
        self._con = duckdb.connect(":memory:")
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        self._lock = threading.Lock()
        self._recomputed: dict = {}
        # close the database when the object goes (e.g. evicted from the app's cache)
        weakref.finalize(self, self._con.close)

    # -- plumbing ---------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (DuckDB connections must not be shared between threads)."""
        with self._lock:
            cur = self._con.cursor()
        for name, arrow in getattr(self, "_arrow", {}).items():
            cur.register(name, arrow)  # in-memory tables: no copy, this cursor only
        return cur

    def sql(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the unfiltered views; a pandas frame with nullable dtypes."""
        cur = self.cursor()
        try:
            return _to_pandas(cur.sql(sql, params=params or None).to_arrow_table())
        finally:
            cur.close()

    def columns(self, table: str) -> list[str]:
        return schemas.columns(table)

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Table ``name`` unfiltered, in build order (only ``columns`` if given).

        Read straight from its Parquet file with pyarrow (or taken from the frames
        held in memory): for a whole table that is 2-4x faster than a DuckDB scan
        ordered by row position (measured at 100,000 incidents, BENCHMARKS.md).
        """
        cols = list(columns or schemas.columns(name))
        if self.data_dir is None:
            return self._frames[name][cols]
        arrow = pq.read_table(self.data_dir / f"{name}.parquet", columns=cols)
        return _typed(_to_pandas(arrow), name)

    # -- filters in SQL ----------------------------------------------------------
    @staticmethod
    def _partial_overlaps(col: str, f) -> tuple[str, list]:
        """SQL twin of :func:`dashlib.reading.partial_dates.partial_overlaps`."""
        parts, params = [f"length({col}) > 0"], []
        for n in (4, 7, 10):
            if f.date_from:
                parts.append(f"(length({col}) <> {n} OR {col} >= ?)")
                params.append(f.date_from[:n])
            if f.date_to:
                parts.append(f"(length({col}) <> {n} OR {col} <= ?)")
                params.append(f.date_to[:n])
        return "(" + " AND ".join(parts) + ")", params

    @staticmethod
    def _span_overlaps(f) -> tuple[str, list]:
        """SQL twin of :func:`dashlib.reading.partial_dates.span_overlaps` on date_start/date_end."""
        s = "(CASE WHEN date_start <> '' THEN date_start ELSE date_end END)"
        e = "(CASE WHEN date_end <> '' THEN date_end ELSE date_start END)"
        parts, params = [f"{s} <> ''"], []
        if f.date_from:
            parts.append(f"{e} >= ?")
            params.append(f.date_from)
        if f.date_to:
            parts.append(f"{s} <= ?")
            params.append(f.date_to)
        return "(" + " AND ".join(parts) + ")", params

    def incident_where(self, f) -> tuple[str, list]:
        """SQL condition (and parameters) of :func:`dashlib.reading.filters.incident_mask`."""
        parts: list[str] = []
        params: list = []
        if f is None:
            return "TRUE", []
        if f.date_basis == "incident":
            undated = "(date_start = '' AND date_end = '')"
            if f.has_date_range:
                inside, p = self._span_overlaps(f)
                parts.append(
                    f"({inside} OR ({undated} AND {'TRUE' if f.include_undated else 'FALSE'}))"
                )
                params += p
            elif not f.include_undated:
                parts.append(f"NOT {undated}")
        else:
            undated = "(first_reported = '')"
            if f.has_date_range:
                inside, p = self._partial_overlaps("first_reported", f)
                parts.append(
                    f"({inside} OR ({undated} AND {'TRUE' if f.include_undated else 'FALSE'}))"
                )
                params += p
            elif not f.include_undated:
                parts.append(f"NOT {undated}")
        if f.places is not None:
            wanted = sorted(set(f.places))
            parts.append(
                "(list_contains(?, district) OR list_contains(?, place) OR "
                "(len(?) > 0 AND places_mentioned <> '' AND "
                "list_has_any(string_split(places_mentioned, ';'), ?)))"
            )
            params += [wanted, wanted, wanted, wanted]
        if f.target_categories is not None:
            parts.append("list_has_any(string_split(target_categories, ';'), ?)")
            params.append(sorted(set(f.target_categories)))
        if f.incident_types is not None:
            parts.append("list_contains(?, incident_type)")
            params.append(sorted(set(f.incident_types)))
        if f.perpetrators is not None:
            parts.append("list_contains(?, perpetrator)")
            params.append(sorted(set(f.perpetrators)))
        return (" AND ".join(parts) or "TRUE"), params

    def article_where(self, f) -> tuple[str, list]:
        """SQL condition of :func:`dashlib.reading.filters.article_mask`."""
        if f is None:
            return "TRUE", []
        parts: list[str] = []
        params: list = []
        if f.article_ids is not None:
            wanted = sorted(set(f.article_ids))
            parts.append("(list_contains(?, article_id) OR list_contains(?, file))")
            params += [wanted, wanted]
        if f.date_basis == "report":
            undated = "(published = '')"
            if f.has_date_range:
                inside, p = self._partial_overlaps("published", f)
                parts.append(
                    f"({inside} OR ({undated} AND {'TRUE' if f.include_undated else 'FALSE'}))"
                )
                params += p
            elif not f.include_undated:
                parts.append(f"NOT {undated}")
        return (" AND ".join(parts) or "TRUE"), params

    def _ctes(self, f) -> tuple[str, list]:
        """``WITH`` clauses defining f_incidents ... f_mentions (estimates come separately)."""
        inc_where, params = self.incident_where(f)
        art_where, p = self.article_where(f)
        params += p
        narrowed = f is not None and (
            f.article_ids is not None
            or (f.date_basis == "report" and (f.has_date_range or not f.include_undated))
        )
        # With no condition on incidents, every claim, target and mention follows anyway
        # (each names an incident of the build): skip the semi-join, the costliest step.
        all_incidents = inc_where == "TRUE"
        follow = "TRUE" if all_incidents else "incident_id IN (SELECT incident_id FROM i0)"
        if narrowed:
            follow += " AND article_id IN (SELECT article_id FROM a0)"
        claim_extra = ""
        if f is not None and f.claimant_types is not None:
            claim_extra = " AND list_contains(?, claimant_type)"
        ctes = [
            f"i0 AS (SELECT * FROM incidents WHERE {inc_where})",
            f"a0 AS (SELECT * FROM articles WHERE {art_where})",
            f"c0 AS (SELECT * FROM claims WHERE {follow}{claim_extra})",
            f"t0 AS (SELECT * FROM targets WHERE {follow})",
            f"m0 AS (SELECT * FROM mentions WHERE {follow})",
        ]
        if claim_extra:
            params.append(sorted(set(f.claimant_types)))
        if f is not None and f.article_ids is not None:
            ctes += [
                "reported AS ("
                " SELECT incident_id FROM m0 UNION SELECT incident_id FROM c0"
                " UNION SELECT incident_id FROM t0"
                " UNION SELECT incident_id FROM i0"
                "  WHERE list_has_any(string_split(article_ids, ';'), (SELECT list(article_id) FROM a0)))",
                "f_incidents AS (SELECT * FROM i0 WHERE incident_id IN (SELECT incident_id FROM reported))",
                "f_claims AS (SELECT * FROM c0 WHERE incident_id IN (SELECT incident_id FROM f_incidents))",
                "f_targets AS (SELECT * FROM t0 WHERE incident_id IN (SELECT incident_id FROM f_incidents))",
                "f_mentions AS (SELECT * FROM m0 WHERE incident_id IN (SELECT incident_id FROM f_incidents))",
            ]
        else:
            ctes += [
                "f_incidents AS (SELECT * FROM i0)",
                "f_claims AS (SELECT * FROM c0)",
                "f_targets AS (SELECT * FROM t0)",
                "f_mentions AS (SELECT * FROM m0)",
            ]
        if f is not None and f.incident_filter_active:
            ctes.append(
                "f_articles AS (SELECT * FROM a0 WHERE article_id IN ("
                " SELECT unnest(string_split(article_ids, ';')) FROM f_incidents"
                " UNION SELECT article_id FROM f_mentions UNION SELECT article_id FROM f_claims))"
            )
        else:
            ctes.append("f_articles AS (SELECT * FROM a0)")
        if all_incidents and (f is None or f.article_ids is None):
            ctes.append("f_estimates_kept AS (SELECT * FROM estimates)")
        else:
            ctes.append(
                "f_estimates_kept AS (SELECT * FROM estimates"
                " WHERE incident_id IN (SELECT incident_id FROM f_incidents))"
            )
        return "WITH " + ",\n".join(ctes) + "\n", params

    # -- public ---------------------------------------------------------------------
    MAX_KEPT_ESTIMATES = 8  # recomputed estimates kept, one per claim-narrowing filter set

    def _recomputed_estimates(self, f, cur) -> pd.DataFrame:
        """The estimates recomputed from the claims ``f`` keeps (the costly case: ~2 s for
        170,000 claims), kept for the last few filter sets."""
        kept = self._recomputed.get(f)
        if kept is None:
            kept = self._recompute_estimates(f, cur)
            with self._lock:
                self._recomputed[f] = kept
                while len(self._recomputed) > self.MAX_KEPT_ESTIMATES:
                    del self._recomputed[next(iter(self._recomputed))]
        return kept

    def _recompute_estimates(self, f, cur) -> pd.DataFrame:
        # the estimates rule in SQL, run where the kept claims are (dashlib.building.reconcile_sql)
        ctes, params = self._ctes(f)
        arrow = cur.sql(ctes + estimates_sql("f_claims"), params=params or None).to_arrow_table()
        return conform_estimates(_to_pandas(arrow))

    def query(self, sql: str, f=None, params: list | None = None) -> pd.DataFrame:
        """Run ``sql`` against the filtered tables ``f_incidents``, ``f_claims``, ``f_articles``,
        ``f_targets``, ``f_mentions``, ``f_estimates`` (and the unfiltered ones).

        ``f`` is a :class:`dashlib.reading.filters.Filters` (or None for no filter);
        ``params`` fill the ``?`` placeholders of ``sql``. When the filters cut
        claims below the kept incidents, ``f_estimates`` is recomputed from the
        kept claims exactly as :func:`dashlib.reading.filters.apply_filters` does.
        """
        cur = self.cursor()
        try:
            ctes, cte_params = self._ctes(f)
            if f is not None and f.narrows_claims and "f_estimates" in sql:
                est = self._recomputed_estimates(f, cur)
                # with a row position like the Parquet views', so ORDER BY works the same
                est = pa.Table.from_pandas(est, preserve_index=False).append_column(
                    ROW, pa.array(np.arange(len(est), dtype="int64"))
                )
                cur.register("f_estimates_recomputed", est)
                ctes += ", f_estimates AS (SELECT * FROM f_estimates_recomputed)\n"
            else:
                ctes += ", f_estimates AS (SELECT * FROM f_estimates_kept)\n"
            out = cur.sql(
                ctes + sql, params=(cte_params + list(params or [])) or None
            ).to_arrow_table()
            return _to_pandas(out)
        finally:
            cur.close()

    def incident_ids(self, f=None) -> list[str]:
        """IDs of the incidents the filters keep, in build order."""
        return self.query(f"SELECT incident_id FROM f_incidents ORDER BY {ROW}", f)[
            "incident_id"
        ].tolist()

    def counts(self, f=None) -> dict[str, int]:
        """Rows per filtered table (cheap: nothing is copied out)."""
        parts = " UNION ALL ".join(
            f"SELECT '{n}' AS t, count(*) AS n FROM f_{n}" for n in TABLE_NAMES
        )
        df = self.query(parts, f)
        got = dict(zip(df["t"], df["n"].astype(int), strict=True))
        return {n: got[n] for n in TABLE_NAMES}

    def filtered(
        self,
        f=None,
        *,
        tables: tuple[str, ...] | list[str] = TABLE_NAMES,
        columns: dict[str, list[str]] | None = None,
    ) -> Tables:
        """The tables narrowed by ``f``: same rows, order and dtypes as
        :func:`dashlib.reading.filters.apply_filters` on the full tables.

        Only ``tables`` are filled (the others stay empty); ``columns`` maps a
        table to the columns to fetch (leave out ``text``/``quote`` when a page
        does not show them: they are most of the bytes).
        """
        columns = columns or {}
        frames: dict[str, pd.DataFrame] = {}
        if f is None or f.is_default():  # nothing narrowed: whole tables, no query
            out = Tables(report=filtered_report(self.report, f))
            for name in tables:
                setattr(out, name, self.table(name, columns.get(name)).reset_index(drop=True))
            return out
        cur = self.cursor()
        try:
            ctes, params = self._ctes(f)
            for name in tables:
                if name == "estimates":
                    if f is not None and f.narrows_claims:
                        df = self._recomputed_estimates(f, cur)
                        if name in columns:
                            df = df[columns[name]]
                        frames[name] = df
                        continue
                    source = "f_estimates_kept"
                else:
                    source = f"f_{name}"
                cols = ", ".join(columns.get(name) or schemas.columns(name))
                arrow = cur.sql(
                    f"{ctes}SELECT {cols} FROM {source} ORDER BY {ROW}", params=params or None
                ).to_arrow_table()
                frames[name] = _typed(_to_pandas(arrow), name)
        finally:
            cur.close()
        out = Tables(report=filtered_report(self.report, f))
        for name, df in frames.items():
            setattr(out, name, df.reset_index(drop=True))
        return out

    def rows(
        self, f, table: str, column: str, values, *, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """The filtered rows of ``table`` whose ``column`` is one of ``values``, with every
        column (quotes and article text included) unless ``columns`` says otherwise.

        For what a page shows a few rows of at a time: one article with its text,
        the claims of one incident with their quotes.
        """
        values = [values] if isinstance(values, str) else list(values)
        if column not in schemas.columns(table):  # names go into the SQL text: only known ones
            raise KeyError(f"{table} has no column {column!r}")
        if table == "estimates":
            est = self.filtered(f, tables=("estimates",)).estimates
            est = est[est[column].isin(values)]
            return est[columns] if columns else est.reset_index(drop=True)
        cols = ", ".join(columns or schemas.columns(table))
        cur = self.cursor()
        try:
            ctes, params = self._ctes(f)
            arrow = cur.sql(
                f"{ctes}SELECT {cols} FROM f_{table} WHERE list_contains(?, {column}) "
                f"ORDER BY {ROW}",
                params=[*params, values],
            ).to_arrow_table()
        finally:
            cur.close()
        return _typed(_to_pandas(arrow), table).reset_index(drop=True)

    def head(self, f, table: str, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        """The first ``n`` filtered rows of ``table`` (every column, or ``columns``)."""
        cols = [c for c in schemas.columns(table) if columns is None or c in columns]
        if table == "estimates":
            return self.filtered(f, tables=("estimates",)).estimates.head(n)[cols]
        cur = self.cursor()
        try:
            ctes, params = self._ctes(f)
            arrow = cur.sql(
                f"{ctes}SELECT {', '.join(cols)} FROM f_{table} ORDER BY {ROW} LIMIT {int(n)}",
                params=params or None,
            ).to_arrow_table()
        finally:
            cur.close()
        return _typed(_to_pandas(arrow), table).reset_index(drop=True)

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

    def close(self) -> None:
        self._con.close()


def estimates_basis(f) -> str:
    """How the estimates under ``f`` are obtained (the pages' captions repeat it)."""
    if f is not None and f.narrows_claims:
        return "recomputed from the filtered claims only"
    return "all claims about the shown incidents"


def filtered_report(report: dict, f) -> dict:
    """A copy of a build's report that says which filters made the tables (as
    :func:`dashlib.reading.filters.apply_filters` writes it)."""
    out = dict(report)
    if f is not None:
        out["filters"] = {"active": f.describe(), "estimates_basis": estimates_basis(f)}
    return out


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
    "TEXT_COLUMNS",
    "ColumnarBuild",
    "FilteredTables",
    "SchemaMismatch",
    "light_columns",
    "open_build",
]
