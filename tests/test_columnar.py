"""DuckDB over Parquet (dashlib.reading.columnar) gives what the pandas filters give."""

from __future__ import annotations

import pandas as pd
import pytest

from dashlib.bench.corpus import generate_corpus
from dashlib.bench.synthetic import synthetic_tables
from dashlib.building.pipeline import build_folder
from dashlib.building.store import read_tables, write_tables
from dashlib.reading import filters as dfilters
from dashlib.reading import options
from dashlib.reading.columnar import ColumnarBuild, FilteredTables, light_columns
from dashlib.tables import TABLE_NAMES


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    write_tables(synthetic_tables(1500, 5, seed=3), folder)
    return folder


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    generate_corpus(60, corpus, seed=5)
    out = tmp_path_factory.mktemp("build")
    build_folder(corpus, out, curation_file=None)
    return out


def _filters(tables):
    opts = options.filter_options(tables)
    inc = tables.incidents
    dated = inc[inc["date_start"] != ""]["date_start"].sort_values()
    mid = dated.iloc[len(dated) // 2] if len(dated) else "2020-01-01"
    lo = dated.iloc[len(dated) // 4] if len(dated) else "2019-01-01"
    arts = list(tables.articles["article_id"][:7]) + list(tables.articles["file"][7:9])
    F = dfilters.Filters
    return [
        None,
        F(),
        F(date_from=lo, date_to=mid),
        F(date_from=lo, date_to=mid, include_undated=False),
        F(include_undated=False),
        F(date_basis="report", date_from=lo[:7] + "-01", date_to=mid),
        F(date_basis="report", include_undated=False),
        F(places=tuple(opts["place"][:3])),
        F(places=()),
        F(target_categories=tuple(opts["target"][:2])),
        F(incident_types=tuple(opts["type"][:2]), perpetrators=tuple(opts["perp"][:2])),
        F(claimant_types=("government", "insurgents")),
        F(article_ids=tuple(arts)),
        F(date_from=lo, places=tuple(opts["place"][:5]), claimant_types=("media",)),
    ]


def _same(a, b, name):
    pd.testing.assert_frame_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_exact=True, obj=name
    )


@pytest.mark.parametrize("which", ["synthetic_dir", "built_dir"])
def test_filtered_equals_apply_filters(which, request):
    folder = request.getfixturevalue(which)
    tables = read_tables(folder)
    cb = ColumnarBuild(folder)
    for f in _filters(tables):
        want = dfilters.apply_filters(tables, f)
        got = cb.filtered(f)
        for name in TABLE_NAMES:
            _same(got.frame(name), want.frame(name), f"{name} with {f}")
        assert cb.counts(f) == {n: len(want.frame(n)) for n in TABLE_NAMES}
        assert cb.incident_ids(f) == list(want.incidents["incident_id"])
        if f is not None:
            assert got.report["filters"] == want.report["filters"]


def test_query_on_filtered_views_and_columns(synthetic_dir):
    tables = read_tables(synthetic_dir)
    cb = ColumnarBuild(synthetic_dir)
    f = dfilters.Filters(incident_types=("ied", "ambush"), claimant_types=("government",))
    want = dfilters.apply_filters(tables, f)
    by_type = cb.query(
        "SELECT incident_type, count(*) AS n FROM f_incidents GROUP BY 1 ORDER BY 1", f
    )
    expected = want.incidents.groupby("incident_type").size()
    assert dict(zip(by_type["incident_type"], by_type["n"], strict=True)) == expected.to_dict()
    best = cb.query(
        "SELECT CAST(sum(best) AS BIGINT) AS s FROM f_estimates WHERE metric = ?", f, ["killed"]
    )
    assert (
        best["s"].iloc[0] == want.estimates.loc[want.estimates["metric"] == "killed", "best"].sum()
    )
    slim = cb.filtered(f, tables=("claims",), columns={"claims": ["claim_id", "value_low"]})
    assert list(slim.claims.columns) == ["claim_id", "value_low"]
    _same(slim.claims, want.claims[["claim_id", "value_low"]], "slim claims")
    assert slim.incidents.empty


def test_filter_options_twin(synthetic_dir, built_dir):
    for folder in (synthetic_dir, built_dir):
        assert ColumnarBuild(folder).filter_options() == options.filter_options(read_tables(folder))


def test_needs_a_parquet_build(tmp_path):
    with pytest.raises(FileNotFoundError):
        ColumnarBuild(tmp_path)


def test_csv_written_in_slices_is_the_same_bytes(synthetic_dir, built_dir):
    from dashlib.building.store import csv_chunks
    from dashlib.csvsafe import to_csv_bytes

    for folder in (synthetic_dir, built_dir):
        for name, df in read_tables(folder).items():
            assert b"".join(csv_chunks(df, 97)) == to_csv_bytes(df), name
            assert (folder / f"{name}.csv").read_bytes() == to_csv_bytes(df), name
    odd = pd.DataFrame({"a": ["=x", "y\r", "z"] * 20, "b": [1.5, None, 3.25] * 20})
    assert b"".join(csv_chunks(odd, 7)) == to_csv_bytes(odd)


def test_parquet_is_deterministic(built_dir, tmp_path):
    tables = read_tables(built_dir)
    write_tables(tables, tmp_path / "again")
    for name in TABLE_NAMES:
        assert (tmp_path / "again" / f"{name}.parquet").read_bytes() == (
            built_dir / f"{name}.parquet"
        ).read_bytes()
        assert (tmp_path / "again" / f"{name}.csv").read_bytes() == (
            built_dir / f"{name}.csv"
        ).read_bytes()


def _without_text(df, name):
    return df[light_columns(name)]


@pytest.mark.parametrize("which", ["synthetic_dir", "built_dir"])
def test_filtered_tables_fetch_what_apply_filters_gives(which, request):
    """The dashboard's lazy tables: same rows as pandas, text columns only on request."""
    folder = request.getfixturevalue(which)
    tables = read_tables(folder)
    parquet, in_memory = ColumnarBuild(folder), ColumnarBuild.from_tables(tables)
    for k, f in enumerate(_filters(tables)[1:]):
        want = dfilters.apply_filters(tables, f)
        # every filter on Parquet; every third in memory (same SQL, other storage)
        sources = {"parquet": parquet} | ({"in memory": in_memory} if k % 3 == 0 else {})
        for kind, cb in sources.items():
            ft = FilteredTables(cb, f)
            assert ft.report["filters"] == want.report["filters"], kind
            for name in TABLE_NAMES:
                w = want.frame(name)
                _same(ft.frame(name), _without_text(w, name), f"{kind}: {name} with {f}")
                assert ft.count(name) == len(w), (kind, name, f)
                _same(ft.head(name, 5), w.head(5), f"{kind}: head of {name}")
            _same(ft.full("claims"), want.claims, f"{kind}: full claims")
            some = list(want.claims["incident_id"].drop_duplicates()[:3])
            _same(
                ft.rows("claims", "incident_id", tuple(some)),
                want.claims[want.claims["incident_id"].isin(some)],
                f"{kind}: claims of {some}",
            )
            if len(want.articles):
                one = want.articles["article_id"].iloc[-1]
                _same(
                    ft.rows("articles", "article_id", (one,)),
                    want.articles[want.articles["article_id"] == one],
                    f"{kind}: article {one} with its text",
                )


def test_filtered_tables_keep_a_bounded_number_of_row_fetches(synthetic_dir):
    ft = FilteredTables(ColumnarBuild(synthetic_dir), dfilters.Filters())
    ids = list(ft.incidents["incident_id"][: FilteredTables.MAX_KEPT_ROWS + 10])
    for i in ids:
        ft.rows("claims", "incident_id", (i,))
    kept = [k for k in ft._frames if k[0] == "rows"]
    assert len(kept) == FilteredTables.MAX_KEPT_ROWS
    assert kept[-1][3] == (ids[-1],)  # the newest are kept


def test_from_tables_of_empty_tables_answers_queries():
    from dashlib.tables import Tables

    ft = FilteredTables(ColumnarBuild.from_tables(Tables()), dfilters.Filters(places=("Quetta",)))
    assert all(ft.count(n) == 0 for n in TABLE_NAMES)
    assert ft.incidents.empty and ft.rows("claims", "incident_id", ("x",)).empty


def test_open_or_build_serves_the_build_from_its_parquet_files(tmp_path):
    """The dashboard's entry point: builds when needed, then queries the files on disk."""
    import shutil

    import dashlib
    from dashlib import paths

    arts, out = tmp_path / "articles", tmp_path / "build"
    shutil.copytree(paths.SEEDS_DIR, arts)
    cb = dashlib.open_or_build(out, arts, curation_file=None)
    assert cb.data_dir == out  # reads the Parquet files, nothing loaded
    want = read_tables(out)
    ft = FilteredTables(cb, dfilters.Filters())
    for name in TABLE_NAMES:
        _same(ft.full(name), want.frame(name), name)
    built_at = (out / "claims.parquet").stat().st_mtime_ns
    dashlib.open_or_build(out, arts, curation_file=None)
    assert (out / "claims.parquet").stat().st_mtime_ns == built_at  # current: not rebuilt
    for p in arts.iterdir():
        p.unlink()  # stale, and nothing can be built: the last build stays, with a warning
    kept = dashlib.open_or_build(out, arts, curation_file=None)
    assert FilteredTables(kept, None).count("articles") == 5
    assert kept.report["warnings"][0].startswith("showing the last build: rebuilding from")


def test_open_or_build_in_a_folder_it_cannot_write(tmp_path, monkeypatch):
    """A read-only deployment: built in memory and served by the same class."""
    import dashlib
    from dashlib import api, paths

    def refuse(*a, **k):
        raise PermissionError("read-only file system")

    real_build = api.build
    monkeypatch.setattr(
        api, "build", lambda arts, out, **kw: refuse() if out else real_build(arts, None, **kw)
    )
    cb = dashlib.open_or_build(tmp_path / "ro", paths.SEEDS_DIR, curation_file=None)
    assert cb.data_dir is None
    assert FilteredTables(cb, dfilters.Filters()).count("articles") == 5


def test_a_build_from_an_older_schema_is_served_through_the_conforming_reader(tmp_path):
    """A stale build kept after a failed rebuild may lack a newer column: it is read with
    store.read_tables (which conforms it), not queried for columns it does not have."""
    import shutil

    import pyarrow.parquet as pq

    import dashlib
    from dashlib import paths
    from dashlib.reading.columnar import SchemaMismatch

    arts, out = tmp_path / "articles", tmp_path / "build"
    shutil.copytree(paths.SEEDS_DIR, arts)
    dashlib.build(arts, out_dir=out, curation_file=None)
    path = out / "estimates.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["high_open"]), path)
    with pytest.raises(SchemaMismatch):
        ColumnarBuild(out)
    for p in arts.iterdir():
        p.unlink()  # stale, and nothing to rebuild from: the old build stays
    cb = dashlib.open_or_build(out, arts, curation_file=None)
    assert cb.data_dir is None and cb.report["warnings"][0].startswith("showing the last build")
    ft = FilteredTables(cb, dfilters.Filters(places=("Quetta",)))
    assert list(ft.estimates.columns) == light_columns("estimates")
    assert FilteredTables(cb, dfilters.Filters()).count("estimates") > 0


def test_build_stamp_changes_with_any_file_of_the_build_or_the_articles(tmp_path):
    import os

    build_stamp = options.build_stamp
    data, arts = tmp_path / "build", tmp_path / "articles"
    data.mkdir()
    arts.mkdir()
    (data / "claims.csv").write_text("a\n")
    (data / "notes.txt").write_text("not part of a build")
    (arts / "one.txt").write_text("Quetta, Jan 5: text")
    seen = [build_stamp(data, arts)]
    assert build_stamp(data, arts) == seen[0]  # nothing changed
    (data / "notes.txt").write_text("still not part of a build, longer now")
    assert build_stamp(data, arts) == seen[0]  # only *.csv and *.json of the build count

    def changed() -> bool:
        seen.append(build_stamp(data, arts))
        return seen[-1] not in seen[:-1]

    (arts / "two.txt").write_text("Turbat, Feb 2: text")
    assert changed()  # an article added
    (arts / "two.txt").write_text("Turbat, Feb 2: longer text")
    assert changed()  # resized
    st_ = (arts / "two.txt").stat()
    os.utime(arts / "two.txt", ns=(st_.st_atime_ns, st_.st_mtime_ns + 1_000))
    assert changed()  # touched, same size, within the same second
    (data / "report.json").write_text("{}")
    assert changed()  # a build file added
    (arts / "one.txt").unlink()
    assert changed()  # an article removed
    # folders that do not exist (yet) count no files
    absent = build_stamp(tmp_path / "absent", tmp_path / "absent too")
    assert absent.endswith(f"-{_reference_files()}")


def _reference_files() -> int:
    from dashlib import paths

    n = sum(1 for _ in paths.REFERENCE_DIR.iterdir()) if paths.REFERENCE_DIR.is_dir() else 0
    return n + int(paths.CURATION_FILE.exists())
