"""Numbers and counts as the pages print them."""

from __future__ import annotations

import numpy as np
import pandas as pd


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 incident', '3 incidents', '1,234 incidents'."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def fmt_num(v) -> str:
    """12345.0 -> '12,345'; None/NA -> '–'."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "–"
    return f"{round(float(v)):,}"


def fmt_short(v) -> str:
    """A count in at most four significant characters: 987, 12.3k, 1.13M; None/NA -> '–'.

    For headline tiles, where '1,126,415–2,828,295+' does not fit; the exact
    numbers stay in the tables below them.
    """
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "–"
    x = float(v)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            q = x / div
            return f"{q:.3g}{suffix}" if q < 1000 else f"{q:,.0f}{suffix}"
    return f"{round(x):,}"


def fmt_range(low, high, high_open: bool = False, *, short: bool = False) -> str:
    """'30–92'; '30 or more' (no upper bound); '30–92+' (92 is a minimum); 'up to 40'; '33'."""
    fmt = fmt_short if short else fmt_num
    lo, hi = fmt(low), fmt(high)
    if hi == "–":
        return f"{lo} or more" if lo != "–" else "–"
    if lo == "–":
        return f"up to {hi}" + ("+" if high_open else "")
    core = lo if lo == hi else f"{lo}–{hi}"
    return core + ("+" if high_open else "")
