"""The estimates rule of :mod:`dashlib.building.reconcile` in SQL, for DuckDB.

When the dashboard's filters keep only some claims (a claimant type, an
article, a report-date range), the estimates are recomputed from the claims
kept. At 100,000 incidents that is ~170,000 claims: copying them into pandas
and running :func:`dashlib.building.reconcile.estimates_from_claims` took ~2 s; this
query runs where the claims are. ``tests/test_queries.py`` holds it equal to
the pandas version (and so to the plain-Python oracle of
``tests/test_reconcile.py``) on random claims and on synthetic builds.

The rule itself is documented in :mod:`dashlib.building.reconcile`; only the SQL
spelling of each step is commented here.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashlib import schemas
from dashlib.building.reconcile import _SIDE_OF_TYPE, SIDES

_KEYS = "incident_id, metric, victim_group"
_SIDE_CASE = (
    "CASE claimant_type "
    + " ".join(f"WHEN '{t}' THEN '{s}'" for t, s in _SIDE_OF_TYPE.items())
    + " END"
)
_INDEPENDENT_BASIS = "median of independent figures (media, other)"


def estimates_sql(claims: str) -> str:
    """A query (CTEs then SELECT) giving the estimates table of the claims in relation
    ``claims``; it can follow other CTEs (it starts with ``, c AS``)."""
    side_cols = []
    for s in SIDES:
        side_cols += [
            f"min(lo) FILTER (WHERE side = '{s}') AS {s}_low",
            # a side's high is unknown once one of its claims is open-ended
            f"CASE WHEN bool_or(hi IS NULL) FILTER (WHERE side = '{s}') THEN NULL "
            f"ELSE max(hi) FILTER (WHERE side = '{s}') END AS {s}_high",
            f"count(*) FILTER (WHERE side = '{s}') > 0 AS {s}_present",
        ]
    pairs = []
    for i, a in enumerate(SIDES):
        for b in SIDES[i + 1 :]:
            lo_a, lo_b = f"coalesce(g.{a}_low, 0)", f"coalesce(g.{b}_low, 0)"
            hi_a = f"coalesce(g.{a}_high, 'Infinity'::DOUBLE)"
            hi_b = f"coalesce(g.{b}_high, 'Infinity'::DOUBLE)"
            pairs.append(
                f"(g.{a}_present AND g.{b}_present AND ({lo_a} > {hi_b} OR {lo_b} > {hi_a}))"
            )
    side_out = ", ".join(f"g.{s}_low, g.{s}_high" for s in SIDES)
    return f"""
    , c AS MATERIALIZED (  -- read once: the steps below all start from the kept claims
      SELECT {_KEYS}, claimant_type AS ctype, article_id,
             CAST(value_low AS DOUBLE) AS lo, CAST(value_high AS DOUBLE) AS hi,
             {_SIDE_CASE} AS side,
             coalesce(CAST(value_low AS DOUBLE), CAST(value_high AS DOUBLE)) AS point,
             CASE WHEN value_low IS NULL THEN CAST(value_high AS DOUBLE)
                  WHEN value_high IS NULL THEN CAST(value_low AS DOUBLE)
                  ELSE greatest(CAST(value_low AS DOUBLE), CAST(value_high AS DOUBLE)) END
               AS stated_max
      FROM {claims} WHERE stance IS DISTINCT FROM 'denial'),
    g AS (
      SELECT {_KEYS}, min(point) AS low, max(stated_max) AS high, count(*) AS n_claims,
             count(DISTINCT article_id) AS n_articles, count(DISTINCT ctype) AS n_claimant_types,
             bool_or(hi IS NULL) AS high_open, {", ".join(side_cols)}
      FROM c GROUP BY ALL),
    type_median AS MATERIALIZED (
      SELECT {_KEYS}, ctype, side, median(point) AS m
      FROM c WHERE point IS NOT NULL GROUP BY ALL),
    independent AS (
      SELECT {_KEYS}, median(point) AS ind FROM c
      WHERE point IS NOT NULL AND side = 'independent' GROUP BY ALL),
    across AS (
      SELECT {_KEYS}, median(m) AS across, string_agg(ctype, ', ' ORDER BY ctype) AS names,
             max(m) FILTER (WHERE ctype = 'government') AS gov,
             max(m) FILTER (WHERE ctype = 'insurgents') AS ins
      FROM type_median WHERE ctype NOT IN ('media', 'other') GROUP BY ALL)
    SELECT g.incident_id, g.metric, g.victim_group, {side_out},
           g.low,
           floor(coalesce(i.ind, a.across) + 0.5) AS best,  -- half up, as reconcile._half_up
           g.high, g.high_open,
           CASE WHEN i.ind IS NOT NULL THEN '{_INDEPENDENT_BASIS}'
                WHEN a.across IS NOT NULL THEN 'median across claimant types: ' || a.names
                ELSE 'no bounded figure' END AS best_basis,
           g.n_claims, g.n_articles, g.n_claimant_types,
           -- pandas' round(3) is numpy's: half to even on x * 1000
           CASE WHEN a.gov > 0 THEN round_even(a.ins / a.gov * 1000, 0) / 1000 END AS gap_ratio,
           ({" OR ".join(pairs)}) AS contested
    FROM g
    LEFT JOIN independent i USING ({_KEYS})
    LEFT JOIN across a USING ({_KEYS})
    ORDER BY g.incident_id, g.metric, g.victim_group"""


def conform_estimates(df: pd.DataFrame) -> pd.DataFrame:
    """The query's result with the estimates table's columns and dtypes."""
    if df.empty:
        return schemas.empty_frame("estimates")
    return schemas.conform(df.reset_index(drop=True), "estimates")


def estimates_in_duckdb(claims: pd.DataFrame) -> pd.DataFrame:
    """:func:`dashlib.building.reconcile.estimates_from_claims` computed by DuckDB (for tests and
    for claims already in pandas)."""
    if claims is None or not len(claims):
        return schemas.empty_frame("estimates")
    con = duckdb.connect(":memory:")
    try:
        con.register("claims_frame", claims)
        sql = "WITH _ AS (SELECT 1)" + estimates_sql("claims_frame")
        return conform_estimates(con.sql(sql).df())
    finally:
        con.close()


__all__ = ["conform_estimates", "estimates_in_duckdb", "estimates_sql"]
