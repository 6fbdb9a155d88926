"""Opening a build for DuckDB: one view per table, cursors, unfiltered reads.

:class:`BuildViews` is the base of :class:`dashlib.reading.columnar.ColumnarBuild`: it
opens an in-memory DuckDB database with a view per table over the build's Parquet files
(or over tables held in memory), hands out cursors, runs SQL on the unfiltered tables and
reads whole tables. Results come back as pandas frames with nullable dtypes
(:func:`to_pandas`), with the schema's dtypes where a column is a table's own
(:func:`schema_typed`).
"""

from __future__ import annotations

import json
import threading
import weakref
from pathlib import Path
from typing import Self

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashlib import schemas
from dashlib.building.store import REPORT_FILE, has_parquet
from dashlib.tables import TABLE_NAMES, Tables

ROW = "file_row_number"  # DuckDB's row position in the Parquet file; keeps the build's order


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


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas with nullable dtypes (sums come back from DuckDB as decimals)."""
    for i, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            to = pa.int64() if field.type.scale == 0 else pa.float64()
            table = table.set_column(i, field.name, table.column(i).cast(to))
    return table.to_pandas(types_mapper=_types_mapper)


def schema_typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Give the columns of ``df`` that belong to ``table`` their schema dtypes (cheaply)."""
    want = schemas.frame_dtypes(table)
    for c in df.columns:
        if c in want.index and df[c].dtype != want[c]:
            df[c] = df[c].astype(want[c])
    return df


ALLOCATOR_FLUSH_MB = 16


class SchemaMismatch(ValueError):
    """A build's Parquet files do not have the current schema's columns."""


class BuildViews:
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
    def from_tables(cls, tables: Tables, *, threads: int | None = None) -> Self:
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
        # The dashboard's queries are small and many: DuckDB's allocator would keep up to
        # 128 MB after each; hand what a query frees back to the system sooner.
        self._con.execute(f"SET allocator_flush_threshold = '{ALLOCATOR_FLUSH_MB}MB'")
        if threads:
            self._con.execute(f"SET threads = {int(threads)}")
        self._lock = threading.Lock()
        self._recomputed: dict = {}  # estimates recomputed per filter set (FilteredQueries)
        # close the database when the object goes (e.g. evicted from the app's cache)
        weakref.finalize(self, self._con.close)

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
            return to_pandas(cur.sql(sql, params=params or None).to_arrow_table())
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
        return schema_typed(to_pandas(arrow), name)

    def close(self) -> None:
        self._con.close()
