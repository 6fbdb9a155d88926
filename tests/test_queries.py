"""The DuckDB aggregates (dashlib.views.queries) give exactly what their pandas twins give."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from test_reconcile import claim_rows, claims_frame

from dashlib import schemas
from dashlib.bench.corpus import generate_corpus
from dashlib.bench.synthetic import synthetic_tables
from dashlib.building.pipeline import build_folder
from dashlib.building.reconcile import estimates_from_claims
from dashlib.building.reconcile_sql import estimates_in_duckdb
from dashlib.building.store import read_tables, write_tables
from dashlib.paths import SEEDS_DIR
from dashlib.reading import filters as dfilters
from dashlib.reading import options
from dashlib.reading.columnar import ColumnarBuild, FilteredTables
from dashlib.views import queries, timeline_charts, totals

METRICS = ("killed", "injured", "hostages", "abducted")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    out = {}
    synthetic = tmp_path_factory.mktemp("synthetic")
    write_tables(synthetic_tables(1200, 5, seed=11), synthetic)
    out["synthetic"] = synthetic
    corpus = tmp_path_factory.mktemp("corpus")
    generate_corpus(80, corpus, seed=9)
    out["generated"] = tmp_path_factory.mktemp("generated")
    build_folder(corpus, out["generated"], curation_file=None)
    out["seeds"] = tmp_path_factory.mktemp("seeds")
    build_folder(SEEDS_DIR, out["seeds"], curation_file=None)
    return out


def _filters(tables):
    opts = options.filter_options(tables)
    dated = tables.incidents.loc[tables.incidents["date_start"] != "", "date_start"].sort_values()
    mid = dated.iloc[len(dated) // 2] if len(dated) else "2020-01-01"
    F = dfilters.Filters
    return [
        None,
        F(),
        F(date_from=mid),
        F(places=tuple(opts["place"][:3])),
        F(places=()),
        F(incident_types=tuple(opts["type"][:2])),
        F(claimant_types=("government",)),
        F(claimant_types=("insurgents", "media")),
        F(article_ids=tuple(tables.articles["article_id"][:3])),
    ]


def _text_as_object(df):
    """String columns compared by value (pandas and Arrow label their string dtypes apart)."""
    return df.astype({c: object for c in ("incident_id", "basis")})


def _same_number(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def _same_headline(got: dict, want: dict, where: str):
    for k in ("low", "best", "high"):
        assert _same_number(got[k], want[k]), (where, k, got[k], want[k])
    for k in ("metric", "high_open", "n_incidents", "n_claims", "n_articles"):
        assert got[k] == want[k], (where, k, got[k], want[k])
    assert got["sides"].keys() == want["sides"].keys(), where
    for side, (lo, hi, n, open_) in want["sides"].items():
        g = got["sides"][side]
        assert _same_number(g[0], lo) and _same_number(g[1], hi), (where, side, g, want)
        assert (g[2], g[3]) == (n, open_), (where, side, g, want)


@pytest.mark.parametrize("which", ["synthetic", "generated", "seeds"])
def test_headlines_and_totals_equal_the_pandas_twins(folders, which):
    folder = folders[which]
    tables = read_tables(folder)
    cb = ColumnarBuild(folder)
    for f in _filters(tables):
        t = dfilters.apply_filters(tables, f) if f is not None else tables
        ft = FilteredTables(cb, f)
        got = queries.headlines(ft, METRICS)
        for m in METRICS:
            _same_headline(got[m], totals.headline(t.estimates, t.claims, m), f"{which} {m} {f}")
        pd.testing.assert_frame_equal(
            queries.headline_table(ft, METRICS),
            totals.headline_table(t.estimates, t.claims, METRICS),
        )
        for m in ("killed", "hostages"):
            pd.testing.assert_frame_equal(
                _text_as_object(queries.incident_totals(ft, m)),
                _text_as_object(totals.incident_totals(t.estimates, m)),
                check_exact=False,
                atol=1e-9,
                obj=f"{which} incident_totals {m} {f}",
            )
        want_fig = timeline_charts.incidents_timeline(t.incidents, t.estimates, "incident", 30)
        got_fig = queries.incidents_timeline(ft, "incident", 30)
        assert got_fig.to_json() == want_fig.to_json(), f"{which} timeline {f}"


def test_the_all_victims_rule_and_open_ended_figures_by_hand():
    """Hand-made estimates: one incident with an 'all' row below its groups' sum, one with
    groups only and an open-ended ('over 200') figure, one with a side's figure only."""
    from dashlib.tables import Tables

    est = schemas.empty_frame("estimates")
    rows = [
        # incident, group, gov lo/hi, ins lo/hi, low, best, high
        ("i1", "all", 30, 30, None, None, 30, 30, 30),
        ("i1", "security_forces", 10, 10, 50, 50, 10, 30, 50),
        ("i1", "civilians", None, None, 40, 40, 40, 40, 40),
        ("i2", "hostages", None, None, 200, None, 200, 200, None),
        ("i2", "security_forces", 5, 5, None, None, 5, 5, 5),
        ("i3", "all", None, None, 12, 15, 12, 13, 15),
    ]
    frame = pd.DataFrame(
        [
            {
                "incident_id": i,
                "metric": "killed",
                "victim_group": g,
                "government_low": gl,
                "government_high": gh,
                "insurgents_low": il,
                "insurgents_high": ih,
                "low": lo,
                "best": b,
                "high": hi,
                "n_claims": 1,
            }
            for i, g, gl, gh, il, ih, lo, b, hi in rows
        ]
    )
    est = schemas.conform(pd.concat([est, frame], ignore_index=True), "estimates")
    inc = schemas.conform(
        pd.concat(
            [schemas.empty_frame("incidents"), pd.DataFrame({"incident_id": ["i1", "i2", "i3"]})],
            ignore_index=True,
        ),
        "incidents",
    )
    cb = ColumnarBuild.from_tables(Tables(incidents=inc, estimates=est))
    ft = FilteredTables(cb, None)
    got = queries.incident_totals(ft, "killed").set_index("incident_id")
    # i1: the 'all' row gives low/best (30), the groups' highs sum to 90 > 30
    assert (got.at["i1", "low"], got.at["i1", "best"], got.at["i1", "high"]) == (30, 30, 90)
    assert got.at["i1", "basis"] == "all victims" and not got.at["i1", "high_open"]
    # i2: groups only; 'over 200' leaves the high a minimum
    assert (got.at["i2", "low"], got.at["i2", "high"]) == (205, 5)
    assert got.at["i2", "high_open"] and got.at["i2", "basis"] == "sum of groups"
    assert (got.at["i3", "low"], got.at["i3", "best"], got.at["i3", "high"]) == (12, 13, 15)
    h = queries.headline(ft, "killed")
    assert h["sides"]["insurgents"] == (302.0, 305.0, 3, True)  # 50+40, 200+, 12-15
    assert h["sides"]["government"] == (35.0, 35.0, 2, False)
    _same_headline(h, totals.headline(est, schemas.empty_frame("claims"), "killed"), "by hand")


# --- the estimates rule in SQL (dashlib.building.reconcile_sql) ------------------------------------


@settings(max_examples=150, deadline=None)
@given(claim_rows)
def test_estimates_in_sql_equal_the_pandas_rule_on_any_claims(rows):
    claims = claims_frame(rows)
    pd.testing.assert_frame_equal(estimates_in_duckdb(claims), estimates_from_claims(claims))


@pytest.mark.parametrize("seed", [3, 4])
def test_estimates_in_sql_equal_the_pandas_rule_on_synthetic_claims(seed):
    claims = synthetic_tables(400, claims_per_incident=5, seed=seed).claims
    pd.testing.assert_frame_equal(estimates_in_duckdb(claims), estimates_from_claims(claims))
