"""CSV bytes that are safe to open in a spreadsheet, and reversible.

OWASP's CSV-injection guidance: a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return can be run as a formula by Excel,
LibreOffice or Google Sheets. We prefix such cells with a single quote. To keep
the transform lossless we also prefix cells that already start with a quote, so
:func:`restore_cell` (strip one leading quote) gives every cell back exactly.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PREFIXED_STARTS = (*FORMULA_STARTS, "'")


def neutralize_cell(value: str) -> str:
    """Prefix ``value`` with ``'`` if a spreadsheet could read it as a formula."""
    if value and value.startswith(_PREFIXED_STARTS):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo :func:`neutralize_cell`."""
    if value.startswith("'"):
        return value[1:]
    return value


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if pd.api.types.is_string_dtype(df[c]) or df[c].dtype == object]


def neutralize_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell passed through :func:`neutralize_cell`.

    Vectorised (one ``str.startswith`` per column), so 500k claims take well under
    a second; columns holding other objects fall back to a per-cell map.
    """
    out = df.copy()
    for col in _text_columns(out):
        series = out[col]
        try:
            mask = series.str.startswith(_PREFIXED_STARTS, na=False).astype(bool)
        except (AttributeError, TypeError):
            out[col] = series.map(lambda v: neutralize_cell(v) if isinstance(v, str) else v)
            continue
        if mask.any():
            out[col] = series.where(~mask, "'" + series.astype("string"))
    return out


def restore_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell passed through :func:`restore_cell`."""
    out = df.copy()
    for col in _text_columns(out):
        out[col] = out[col].map(lambda v: restore_cell(v) if isinstance(v, str) else v)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a header row, ``\\n`` line ends and formula-safe text cells.

    This is the one CSV writer of the project: the build, ``dashlib export`` and
    the dashboard's download buttons all call it, so their bytes agree.
    """
    safe = neutralize_frame(df)
    # With "\n" line ends the csv module quotes only cells holding "\n", so a bare
    # "\r" would be written unquoted and split the row for every reader. Should
    # any text cell hold one (rare: cleaned article text has none), quote every cell.
    quoting = csv.QUOTE_ALL if _has_carriage_return(safe) else csv.QUOTE_MINIMAL
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\n", quoting=quoting)
    return buf.getvalue().encode("utf-8")


def _has_carriage_return(df: pd.DataFrame) -> bool:
    if any("\r" in str(c) for c in df.columns):
        return True
    return any(
        isinstance(v, str) and "\r" in v for col in _text_columns(df) for v in df[col].tolist()
    )
