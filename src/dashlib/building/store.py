"""Reading and writing a build's tables (the I/O edge of the pipeline).

Every table is written twice: ``<name>.csv`` (formula-safe, for people and
spreadsheets; byte-identical for the same input) and ``<name>.parquet``
(columnar, typed, zstd-compressed, for the dashboard and DuckDB; see
:mod:`dashlib.reading.columnar`). :func:`read_tables` reads the Parquet files when
they are there and not older than the CSVs, and the CSVs otherwise; both give
the same frames.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashlib import schemas
from dashlib.csvsafe import restore_frame, to_csv_bytes
from dashlib.fsutil import atomic_write_bytes, atomic_write_chunks, folder_lock
from dashlib.tables import TABLE_NAMES, Tables

REPORT_FILE = "build_report.json"
PARQUET_COMPRESSION = "zstd"
# Frames longer than this are written to CSV in slices of this many rows, so that
# 100,000 articles never need their whole CSV text in memory at once.
CSV_CHUNK_ROWS = 10_000


def _text_has_carriage_return(df: pd.DataFrame) -> bool:
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            try:
                if bool(
                    series.astype("string").str.contains("\r", regex=False).fillna(False).any()
                ):
                    return True
            except (TypeError, ValueError):
                return True  # unusual cells: let the one-piece writer decide
    return any("\r" in str(c) for c in df.columns)


def csv_chunks(df: pd.DataFrame, chunk_rows: int = CSV_CHUNK_ROWS) -> Iterable[bytes]:
    """The bytes of ``to_csv_bytes(df)``, produced slice by slice.

    Each slice goes through :func:`dashlib.csvsafe.to_csv_bytes` itself and
    loses its repeated header line. The only whole-frame decision that writer
    makes (quote every cell when some cell holds a carriage return) is checked
    first: such a frame is written in one piece.
    """
    if len(df) <= chunk_rows or _text_has_carriage_return(df):
        yield to_csv_bytes(df)
        return
    for start in range(0, len(df), chunk_rows):
        data = to_csv_bytes(df.iloc[start : start + chunk_rows])
        if start:
            data = data[data.index(b"\n") + 1 :]
        yield data


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """The frame as Parquet: same bytes for the same frame, schema dtypes kept."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    buf = io.BytesIO()
    pq.write_table(
        table,
        buf,
        compression=PARQUET_COMPRESSION,
        row_group_size=256 * 1024,
        use_dictionary=True,
        write_statistics=True,
    )
    return buf.getvalue()


def write_tables(tables: Tables, out_dir: str | Path, *, parquet: bool = True) -> list[Path]:
    """Write every table as ``<name>.csv`` (and ``<name>.parquet``) plus ``build_report.json``.

    Each file is written atomically under a folder lock. Returns the paths written.
    """
    out_dir = Path(out_dir)
    written = []
    with folder_lock(out_dir):
        for name, df in tables.items():
            path = out_dir / f"{name}.csv"
            atomic_write_chunks(path, csv_chunks(df))
            written.append(path)
            if parquet:
                ppath = out_dir / f"{name}.parquet"
                atomic_write_bytes(ppath, parquet_bytes(df))
                written.append(ppath)
        # Timings change from run to run; keep them out so that a build folder is
        # byte-identical for the same input. They stay in ``tables.report``.
        stable = {k: v for k, v in tables.report.items() if k != "timings_seconds"}
        report = json.dumps(stable, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        atomic_write_bytes(out_dir / REPORT_FILE, report.encode("utf-8"))
        written.append(out_dir / REPORT_FILE)
    return written


def read_table(path: str | Path, table: str) -> pd.DataFrame:
    """Read one table's CSV back with the schema's dtypes and the formula prefix undone."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    return schemas.conform(_typed(raw, table), table)


def _typed(raw: pd.DataFrame, table: str) -> pd.DataFrame:
    raw = restore_frame(raw)
    kinds = {c.name: c.kind for c in schemas.TABLES[table]}
    for col, kind in kinds.items():
        if col in raw.columns and kind != "str":
            raw[col] = raw[col].replace("", None)
            if kind == "bool":
                raw[col] = raw[col].map({"True": True, "False": False, None: None})
    return raw


def has_tables(data_dir: str | Path) -> bool:
    """True when ``data_dir`` holds a complete build."""
    data_dir = Path(data_dir)
    return all((data_dir / f"{n}.csv").is_file() for n in TABLE_NAMES)


def read_parquet_table(
    path: str | Path, table: str, columns: list[str] | None = None
) -> pd.DataFrame:
    """Read one table's Parquet file with the schema's dtypes (optionally only ``columns``)."""
    df = pq.read_table(path, columns=columns).to_pandas()
    if columns is None and not _conforms(df, table):
        return schemas.conform(df, table)
    return df


def _conforms(df: pd.DataFrame, table: str) -> bool:
    """Does ``df`` already have the schema's columns, in order, with its dtypes?"""
    expected = schemas.frame_dtypes(table)
    return (
        list(df.columns) == list(expected.index)
        and all(df.dtypes.iloc[i] == expected.iloc[i] for i in range(len(expected)))
        and isinstance(df.index, pd.RangeIndex)
        and df.index.start == 0
        and df.index.step == 1
    )


def has_parquet(data_dir: str | Path) -> bool:
    """True when every table has a Parquet file at least as new as its CSV."""
    data_dir = Path(data_dir)
    for n in TABLE_NAMES:
        pq_path, csv_path = data_dir / f"{n}.parquet", data_dir / f"{n}.csv"
        if not pq_path.is_file():
            return False
        if csv_path.is_file() and csv_path.stat().st_mtime_ns > pq_path.stat().st_mtime_ns:
            return False
    return True


def read_tables(data_dir: str | Path, *, prefer_parquet: bool = True) -> Tables:
    """Read a build written by :func:`write_tables` (Parquet when present and current)."""
    data_dir = Path(data_dir)
    if prefer_parquet and has_parquet(data_dir):
        frames = {n: read_parquet_table(data_dir / f"{n}.parquet", n) for n in TABLE_NAMES}
    else:
        frames = {n: read_table(data_dir / f"{n}.csv", n) for n in TABLE_NAMES}
    report_path = data_dir / REPORT_FILE
    report = json.loads(report_path.read_text("utf-8")) if report_path.is_file() else {}
    return Tables(**frames, report=report)
