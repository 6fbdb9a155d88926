"""The dashboard's heaviest aggregates, computed by DuckDB over a build's filtered tables.

Each function takes a :class:`dashlib.reading.columnar.FilteredTables` (a build under
one set of filters) and returns exactly what its pandas twin in
:mod:`dashlib.views` or :mod:`dashlib.charts` returns on the filtered frames (``tests/test_queries.py``
holds them equal on many builds and filters). The pandas twins stay the
readable definition of each rule; these are how the pages get the numbers
without copying the filtered tables out of DuckDB first.

Why these: the overview's headline figures sum every incident's estimates for
four metrics, per kind of source. In pandas that meant selecting rows of the
200,000-row estimates table many times over (~0.6 s per metric at 100,000
incidents); here it is one grouped pass per query (BENCHMARKS.md has the
numbers).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashlib.reading.code_labels import SIDES
from dashlib.reading.columnar import ROW, FilteredTables
from dashlib.views import timeline_charts, totals

# An estimate row is "open" when some claim behind it has no upper bound: a side's
# low without its high, or a low without an overall high (totals.row_open_high).
_ROW_OPEN = " OR ".join(
    [f"({s}_low IS NOT NULL AND {s}_high IS NULL)" for s in SIDES]
    + ["(high IS NULL AND low IS NOT NULL)"]
)


# The series combined per incident: every claim ('' prefix) and each kind of source.
# For a side, a row counts when the side gave a figure; a missing low counts as 0
# and a missing high as the low, and the figure is open when it has no high
# (totals.side_totals).
def _series() -> list[tuple[str, str, str, str, str, str]]:
    """(prefix, low, best, high, open, row condition) of each series, as SQL expressions."""
    out = [("", "low", "best", "high", "row_open", "TRUE")]
    for s in SIDES:
        lo, hi = f"coalesce({s}_low, 0)", f"coalesce({s}_high, {s}_low)"
        out.append(
            (
                f"{s}_",
                lo,
                lo,
                hi,
                f"({s}_low IS NOT NULL AND {s}_high IS NULL)",
                f"({s}_low IS NOT NULL OR {s}_high IS NOT NULL)",
            )
        )
    return out


def _grouped(series) -> str:
    """One GROUP BY (metric, incident) for every series: grouping 100,000 incident IDs is
    the costly step, so it is done once. SQL twin of ``totals._combine_groups``: the 'all
    victims' row where there is one (``a_``), else the sum of the victim groups (``g_``)."""
    cols = []
    for p, lo, best, hi, op, cond in series:
        a, g = f"is_all AND {cond}", f"NOT is_all AND {cond}"
        cols += [
            f"bool_or({cond}) AS {p}present",
            f"max({lo}) FILTER (WHERE {a}) AS {p}a_low",
            f"max({best}) FILTER (WHERE {a}) AS {p}a_best",
            f"max({hi}) FILTER (WHERE {a}) AS {p}a_high",
            f"coalesce(bool_or({op}) FILTER (WHERE {a}), false) AS {p}a_open",
            f"sum({lo}) FILTER (WHERE {g}) AS {p}g_low",
            f"sum({best}) FILTER (WHERE {g}) AS {p}g_best",
            f"sum({hi}) FILTER (WHERE {g}) AS {p}g_high",
            f"coalesce(bool_or({op}) FILTER (WHERE {g}), false) AS {p}g_open",
        ]
    return (
        "SELECT metric, incident_id, min(r) AS r, sum(coalesce(nc, 0)) AS n_claims, "
        + ", ".join(cols)
        + " FROM e GROUP BY metric, incident_id"
    )


def _combined(series) -> str:
    """Per (metric, incident) and series: low, best, high (the larger of the 'all' high and
    the groups' sum, so a higher claim about one group is never hidden) and high_open."""
    cols = []
    for p, *_ in series:
        has_all = f"({p}a_low IS NOT NULL OR {p}a_best IS NOT NULL OR {p}a_high IS NOT NULL)"
        low = f"(CASE WHEN {has_all} THEN {p}a_low ELSE {p}g_low END)"
        high = (
            f"(CASE WHEN {p}a_high IS NULL THEN {p}g_high WHEN {p}g_high IS NULL THEN {p}a_high "
            f"ELSE greatest({p}a_high, {p}g_high) END)"
        )
        wins = f"coalesce({p}a_high, -1) >= coalesce({p}g_high, -1)"
        cols += [
            f"{p}present",
            f"{has_all} AS {p}has_all",
            f"{low} AS {p}low",
            f"(CASE WHEN {has_all} THEN {p}a_best ELSE {p}g_best END) AS {p}best",
            f"{high} AS {p}high",
            f"((CASE WHEN {wins} THEN {p}a_open ELSE {p}g_open END)"
            f" OR ({high} IS NULL AND {low} IS NOT NULL)) AS {p}high_open",
        ]
    return "SELECT metric, incident_id, r, n_claims, " + ", ".join(cols) + " FROM g"


def _metric_rows(metrics_param: str = "?") -> str:
    return f"""
    SELECT metric, incident_id, victim_group = 'all' AS is_all, {ROW} AS r, n_claims AS nc,
           low, best, high, ({_ROW_OPEN}) AS row_open,
           {", ".join(f"{s}_low, {s}_high" for s in SIDES)}
    FROM f_estimates WHERE list_contains({metrics_param}, metric)"""


def incident_totals(t: FilteredTables, metric: str = "killed") -> pd.DataFrame:
    """Twin of :func:`dashlib.views.totals.incident_totals` on the estimates ``t`` keeps."""
    series = _series()[:1]
    sql = f"""
    , e AS ({_metric_rows()}), g AS ({_grouped(series)}), c AS ({_combined(series)})
    SELECT incident_id, low, best, high, high_open, n_claims,
           CASE WHEN has_all THEN 'all victims' ELSE 'sum of groups' END AS basis
    FROM c ORDER BY r"""
    out = t.source.query(sql, t.filters, [[metric]])  # sql continues query()'s WITH list
    for col in ("low", "best", "high"):
        out[col] = out[col].astype("Float64")
    out["high_open"] = out["high_open"].astype(bool)
    out["n_claims"] = out["n_claims"].astype("Int64")
    return out.reset_index(drop=True)


def headlines(t: FilteredTables, metrics: Iterable[str]) -> dict[str, dict]:
    """Twin of :func:`dashlib.views.totals.headline` for each of ``metrics``, in one query."""
    metrics = list(metrics)
    series = _series()
    per_metric = [
        "sum(low) AS low",
        "sum(best) AS best",
        "sum(high) AS high",
        "coalesce(bool_or(high_open), false) AS high_open",
        "count(*) AS n_incidents",
    ]
    for s in SIDES:
        w = f"FILTER (WHERE {s}_present)"
        per_metric += [
            f"sum({s}_low) {w} AS {s}_low",
            f"sum({s}_high) {w} AS {s}_high",
            f"count(*) {w} AS {s}_n",
            f"coalesce(bool_or({s}_high_open) {w}, false) AS {s}_open",
        ]
    sql = f"""
    , e AS ({_metric_rows()}), g AS ({_grouped(series)}), c AS ({_combined(series)}),
    per_metric AS (SELECT metric, {", ".join(per_metric)} FROM c GROUP BY metric),
    cl AS (
      SELECT metric, count(*) AS n_claims, count(DISTINCT article_id) AS n_articles
      FROM f_claims WHERE list_contains(?, metric) GROUP BY metric)
    SELECT * FROM per_metric FULL OUTER JOIN cl USING (metric)"""
    df = t.source.query(sql, t.filters, [metrics, metrics]).set_index("metric")
    out = {}
    for m in metrics:
        row = df.loc[m] if m in df.index else None
        h = {
            "metric": m,
            "low": _num(row, "low"),
            "best": _num(row, "best"),
            "high": _num(row, "high"),
            "high_open": _bool(row, "high_open"),
            "n_incidents": _int(row, "n_incidents"),
            "n_claims": _int(row, "n_claims"),
            "n_articles": _int(row, "n_articles"),
            "sides": {},
        }
        for s in SIDES:
            if _int(row, f"{s}_n"):
                h["sides"][s] = (
                    _num(row, f"{s}_low"),
                    _num(row, f"{s}_high"),
                    _int(row, f"{s}_n"),
                    _bool(row, f"{s}_open"),
                )
        out[m] = h
    return out


def _bool(row, col: str) -> bool:
    v = None if row is None else row[col]
    return False if v is None or pd.isna(v) else bool(v)


def _int(row, col: str) -> int:
    v = None if row is None else row[col]
    return 0 if v is None or pd.isna(v) else int(v)


def _num(row, col: str) -> float | None:
    v = None if row is None else row[col]
    return None if v is None or pd.isna(v) else float(v)


def headline(t: FilteredTables, metric: str = "killed") -> dict:
    """Twin of :func:`dashlib.views.totals.headline`."""
    return headlines(t, [metric])[metric]


def headline_table(t: FilteredTables, metrics: Iterable[str]) -> pd.DataFrame:
    """Twin of :func:`dashlib.views.totals.headline_table`."""
    metrics = list(metrics)
    got = headlines(t, metrics)
    return totals.headline_rows(got[m] for m in metrics)


def incidents_timeline(t: FilteredTables, basis: str = "incident", max_points: int = 400):
    """Twin of :func:`dashlib.views.timeline_charts.incidents_timeline`, with the killed totals from DuckDB."""
    return timeline_charts.incidents_timeline(
        t.incidents, None, basis, max_points, killed=incident_totals(t, "killed")
    )


__all__ = ["headline", "headline_table", "headlines", "incident_totals", "incidents_timeline"]
