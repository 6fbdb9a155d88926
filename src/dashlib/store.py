"""Reading and writing a build's tables as CSV (the I/O edge of the pipeline)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashlib import schemas
from dashlib.csvsafe import restore_frame, to_csv_bytes
from dashlib.fsutil import atomic_write_bytes, folder_lock
from dashlib.tables import TABLE_NAMES, Tables

REPORT_FILE = "build_report.json"


def write_tables(tables: Tables, out_dir: str | Path) -> list[Path]:
    """Write every table as ``<name>.csv`` plus ``build_report.json`` into ``out_dir``.

    Each file is written atomically under a folder lock. Returns the paths written.
    """
    out_dir = Path(out_dir)
    written = []
    with folder_lock(out_dir):
        for name, df in tables.items():
            path = out_dir / f"{name}.csv"
            atomic_write_bytes(path, to_csv_bytes(df))
            written.append(path)
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


def read_tables(data_dir: str | Path) -> Tables:
    """Read a build written by :func:`write_tables`."""
    data_dir = Path(data_dir)
    frames = {n: read_table(data_dir / f"{n}.csv", n) for n in TABLE_NAMES}
    report_path = data_dir / REPORT_FILE
    report = json.loads(report_path.read_text("utf-8")) if report_path.is_file() else {}
    return Tables(**frames, report=report)
