"""Exports: the one place that turns (filtered) tables into downloadable CSV.

The dashboard's download buttons and the CLI both call :func:`table_csv`, so a
file downloaded from the browser and one written by ``dashlib export`` with the
same filters have the same bytes. Text cells pass through
:func:`dashlib.csvsafe.to_csv_bytes`, which neutralises spreadsheet formulas.

The articles export leaves out the full ``text`` column (articles can be long
and are copyrighted); every other column is kept, in schema order.
"""

from __future__ import annotations

import pandas as pd

from dashlib import schemas
from dashlib.csvsafe import to_csv_bytes
from dashlib.reading.filters import Filters, apply_filters
from dashlib.tables import TABLE_NAMES, Tables

EXPORT_TABLES = ("incidents", "claims", "estimates", "targets", "articles", "mentions")
DROPPED_COLUMNS = {"articles": ("text",)}
TABLE_TITLES = {
    "incidents": "Incidents",
    "claims": "Claims",
    "estimates": "Estimates",
    "targets": "Targets",
    "articles": "Articles",
    "mentions": "Mentions",
}
TABLE_DESCRIPTIONS = {
    "incidents": "One row per event: its date span and precision, place, type, perpetrator as "
    "reported, target categories and the articles that report it.",
    "claims": "One row per attributed figure: who states it (claimant type and name, relaying "
    "outlet), what it counts, its bounds as worded, and the quoted sentence with offsets into "
    "the article text.",
    "estimates": "One row per incident, metric and victim group: each kind of source's range "
    "side by side, the overall low / best / high, and the insurgent-to-government gap.",
    "targets": "One row per incident and target category, with the sentence that names the target.",
    "articles": "One row per source article: title, publication date at its own precision, "
    "outlet, byline, URL and cleaning notes. The full text is not exported.",
    "mentions": "One row per article that mentions an incident, with the sentence and the date "
    "and place expressions as written.",
}


def export_columns(name: str) -> list[str]:
    """The columns of ``name`` as exported (schema order, minus dropped ones)."""
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLE_NAMES)}")
    drop = DROPPED_COLUMNS.get(name, ())
    return [c for c in schemas.columns(name) if c not in drop]


def export_frame(tables: Tables, name: str, filters: Filters | None = None) -> pd.DataFrame:
    """Table ``name`` as it is exported: filtered by ``filters`` (if given), without dropped columns."""
    cols = export_columns(name)
    if filters is not None:
        tables = apply_filters(tables, filters)
    return tables.full(name)[cols].reset_index(drop=True)


def table_csv(tables: Tables, name: str, filters: Filters | None = None) -> bytes:
    """UTF-8 CSV bytes of table ``name`` filtered by ``filters``, formula-safe, with a header row.

    Pass ``filters=None`` when ``tables`` are already filtered.
    """
    return to_csv_bytes(export_frame(tables, name, filters))


def export_filename(name: str, filters: Filters | None = None) -> str:
    """File name for a download: ``claims.csv``, or ``claims_filtered.csv`` when a filter is active."""
    filtered = filters is not None and not filters.is_default()
    return f"{name}{'_filtered' if filtered else ''}.csv"


def data_dictionary() -> pd.DataFrame:
    """The data dictionary of the exported tables (the article text column marked as not exported)."""
    dd = schemas.data_dictionary()
    dd = dd[dd["table"].isin(EXPORT_TABLES)].copy()
    dropped = [(t, c) for t, cols in DROPPED_COLUMNS.items() for c in cols]
    mask = pd.Series(
        [(t, c) in dropped for t, c in zip(dd["table"], dd["column"], strict=True)], index=dd.index
    )
    dd["exported"] = ~mask
    return dd.reset_index(drop=True)


def column_specs(name: str) -> list[dict]:
    """Per exported column of ``name``: name, kind (str/int/float/bool), help text, allowed values.

    The dashboard turns these into ``st.column_config`` entries, so every table
    it shows carries the data dictionary's descriptions as column help.
    """
    drop = DROPPED_COLUMNS.get(name, ())
    out = []
    for c in schemas.TABLES[name]:
        if c.name in drop:
            continue
        help_text = c.description
        if c.allowed:
            help_text += " Values: " + ", ".join(c.allowed) + "."
        out.append({"name": c.name, "kind": c.kind, "help": help_text, "allowed": c.allowed})
    return out


def data_dictionary_csv() -> bytes:
    """The data dictionary as formula-safe CSV bytes."""
    return to_csv_bytes(data_dictionary())
