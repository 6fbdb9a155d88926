"""DuckDB over Parquet against pandas on Arrow-backed frames, on one build folder.

    python benchmarks/columnar_vs_pandas.py DATA_DIR [--repeats 3]

DATA_DIR is a build folder with Parquet files, e.g. the synthetic build that
``dashlib bench pages`` writes (100,000 incidents, 500,000 claims). Prints the
best of ``--repeats`` runs for each operation, both ways.
"""

from __future__ import annotations

import argparse
import time

from dashlib.building.store import read_tables
from dashlib.reading import filters as dfilters
from dashlib.reading import options
from dashlib.reading.columnar import ColumnarBuild
from dashlib.views import timeline_charts, totals


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    r = args.repeats
    t0 = time.perf_counter()
    tables = read_tables(args.data_dir)
    load_pd = time.perf_counter() - t0
    t0 = time.perf_counter()
    cb = ColumnarBuild(args.data_dir)
    load_db = time.perf_counter() - t0
    print(f"{'operation':<52} {'pandas s':>9} {'duckdb s':>9}")
    print(f"{'open the build (pandas: read all Parquet)':<52} {load_pd:>9.3f} {load_db:>9.3f}")
    F = dfilters.Filters
    cases = {
        "date range + two districts": F(
            date_from="2024-01-01", date_to="2024-12-31", places=("Kech", "Quetta")
        ),
        "one incident type": F(incident_types=("ied",)),
        "claimant type (estimates recomputed)": F(claimant_types=("government",)),
    }
    inc = tables.incidents
    for label, f in cases.items():
        print(f"-- {label}")
        rows = [
            (
                "incident ids",
                lambda f=f: inc[dfilters.incident_mask(inc, f)]["incident_id"].tolist(),
                lambda f=f: cb.incident_ids(f),
            ),
            (
                "all filtered tables (apply_filters / filtered)",
                lambda f=f: dfilters.apply_filters(tables, f),
                lambda f=f: cb.filtered(f),
            ),
            (
                "incidents per month and type",
                lambda f=f: (
                    lambda t: (
                        t.incidents[t.incidents["date_start"] != ""]
                        .groupby([t.incidents["date_start"].str[:7], "incident_type"])
                        .size()
                    )
                )(dfilters.apply_filters(tables, f)),
                lambda f=f: cb.query(
                    "SELECT substr(date_start, 1, 7) AS month, incident_type, count(*) AS n "
                    "FROM f_incidents WHERE date_start <> '' GROUP BY ALL",
                    f,
                ),
            ),
            (
                "best 'killed' by district",
                lambda f=f: (
                    lambda t: (
                        t.estimates[t.estimates["metric"] == "killed"]
                        .merge(t.incidents[["incident_id", "district"]], on="incident_id")
                        .groupby("district")["best"]
                        .sum()
                    )
                )(dfilters.apply_filters(tables, f)),
                lambda f=f: cb.query(
                    "SELECT i.district, sum(e.best) AS best FROM f_estimates e "
                    "JOIN f_incidents i USING (incident_id) WHERE e.metric = 'killed' GROUP BY 1",
                    f,
                ),
            ),
        ]
        for name, pd_fn, db_fn in rows:
            print(f"   {name:<49} {best(pd_fn, r):>9.3f} {best(db_fn, r):>9.3f}")
    print(
        f"{'filter options (sidebar)':<52} {best(lambda: options.filter_options(tables), r):>9.3f} "
        f"{best(cb.filter_options, r):>9.3f}"
    )
    dashboard_rows(tables, cb, r)


def dashboard_rows(tables, cb, r: int) -> None:
    """What the dashboard itself runs, each against its pandas twin on frames in memory.

    pandas: the twin on the tables already filtered in memory (the filtering is
    timed on its own row); DuckDB: what the pages call (dashlib.views.queries,
    FilteredTables), from the Parquet files, with fresh FilteredTables each time
    so nothing is cached between repeats.
    """
    from dashlib.building.reconcile import estimates_from_claims
    from dashlib.reading.columnar import FilteredTables, light_columns
    from dashlib.views import queries

    metrics = ("killed", "injured", "hostages", "abducted")

    def fresh(f):
        cb._recomputed.clear()  # no estimates kept from an earlier repeat
        return FilteredTables(cb, f)

    print("-- the dashboard's own calls (pandas twin on filtered frames | DuckDB)")
    for label, f in {
        "no filter": dfilters.Filters(),
        "one district": dfilters.Filters(places=("Quetta",)),
        "claimant type": dfilters.Filters(claimant_types=("government",)),
    }.items():
        t = dfilters.apply_filters(tables, f)
        cases = [
            (
                "filter every table (apply_filters | lazy fetch, no text)",
                lambda f=f: dfilters.apply_filters(tables, f),
                lambda f=f: [fresh(f).frame(n) for n in ("incidents", "claims", "estimates")],
            ),
            (
                "headline table, 4 metrics x 5 series",
                lambda t=t: totals.headline_table(t.estimates, t.claims, metrics),
                lambda f=f: queries.headline_table(fresh(f), metrics),
            ),
            (
                "killed per incident (incident_totals)",
                lambda t=t: totals.incident_totals(t.estimates, "killed"),
                lambda f=f: queries.incident_totals(fresh(f), "killed"),
            ),
            (
                "overview timeline (400 deadliest)",
                lambda t=t: timeline_charts.incidents_timeline(t.incidents, t.estimates),
                lambda f=f: queries.incidents_timeline(fresh(f)),
            ),
        ]
        if f.narrows_claims:
            kept = t.claims[light_columns("claims")]
            cases.append(
                (
                    "estimates recomputed from the kept claims",
                    lambda kept=kept: estimates_from_claims(kept),
                    lambda f=f: fresh(f).source._recompute_estimates(f, cb.cursor()),
                )
            )
        print(f"   {label}")
        for name, pd_fn, db_fn in cases:
            print(f"      {name:<46} {best(pd_fn, r):>9.3f} {best(db_fn, r):>9.3f}")


if __name__ == "__main__":
    main()
