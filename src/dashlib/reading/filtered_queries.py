"""Queries and fetches under the dashboard's filters, over the views of a build.

:class:`FilteredQueries` adds to :class:`~dashlib.reading.build_views.BuildViews` what
reads the build *under* a :class:`~dashlib.reading.filters.Filters`: SQL over the
filtered tables (:meth:`~FilteredQueries.query`), the filtered tables themselves
(:meth:`~FilteredQueries.filtered`), a few of their rows (:meth:`~FilteredQueries.rows`,
:meth:`~FilteredQueries.head`), and the estimates recomputed from the kept claims when
the filters cut claims below the kept incidents. The filtered tables are defined by
:func:`dashlib.reading.filter_sql.filtered_ctes`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from dashlib import schemas
from dashlib.building.reconcile_sql import conform_estimates, estimates_sql
from dashlib.reading.build_views import ROW, BuildViews, schema_typed, to_pandas
from dashlib.reading.filter_sql import filtered_ctes
from dashlib.tables import TABLE_NAMES, Tables


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


class FilteredQueries(BuildViews):
    """A build's views, read under a :class:`~dashlib.reading.filters.Filters`."""

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
        ctes, params = filtered_ctes(f)
        arrow = cur.sql(ctes + estimates_sql("f_claims"), params=params or None).to_arrow_table()
        return conform_estimates(to_pandas(arrow))

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
            ctes, cte_params = filtered_ctes(f)
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
            return to_pandas(out)
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
            ctes, params = filtered_ctes(f)
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
                frames[name] = schema_typed(to_pandas(arrow), name)
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
            ctes, params = filtered_ctes(f)
            arrow = cur.sql(
                f"{ctes}SELECT {cols} FROM f_{table} WHERE list_contains(?, {column}) "
                f"ORDER BY {ROW}",
                params=[*params, values],
            ).to_arrow_table()
        finally:
            cur.close()
        return schema_typed(to_pandas(arrow), table).reset_index(drop=True)

    def head(self, f, table: str, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        """The first ``n`` filtered rows of ``table`` (every column, or ``columns``)."""
        cols = [c for c in schemas.columns(table) if columns is None or c in columns]
        if table == "estimates":
            return self.filtered(f, tables=("estimates",)).estimates.head(n)[cols]
        cur = self.cursor()
        try:
            ctes, params = filtered_ctes(f)
            arrow = cur.sql(
                f"{ctes}SELECT {', '.join(cols)} FROM f_{table} ORDER BY {ROW} LIMIT {int(n)}",
                params=params or None,
            ).to_arrow_table()
        finally:
            cur.close()
        return schema_typed(to_pandas(arrow), table).reset_index(drop=True)
