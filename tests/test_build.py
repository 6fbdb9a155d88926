"""The build as a whole: determinism, stable IDs, validation messages, the CLI."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import dashlib
from dashlib import schemas
from dashlib.building.load import SourceFile
from dashlib.building.pipeline import NothingToBuild, build_tables
from dashlib.building.store import read_tables
from dashlib.building.validate import ValidationFailed, validate_tables

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

UNRELATED = b"""date: 2025-06-01
outlet: Dawn

A roadside bomb killed four soldiers near Kohlu on Saturday, officials said.
"""


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    dashlib.build(SEEDS, a, curation_file=None)
    dashlib.build(SEEDS, b, curation_file=None)
    files = sorted(p.name for p in a.iterdir())
    assert {f"{n}.csv" for n in dashlib.TABLE_NAMES} <= set(files)
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_ids_do_not_change_when_an_unrelated_article_is_added(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    before = dashlib.build(folder, None, curation_file=None)
    (folder / "zz_new.txt").write_bytes(UNRELATED)
    after = dashlib.build(folder, None, curation_file=None)
    assert set(before.incidents["incident_id"]) < set(after.incidents["incident_id"])
    assert set(before.claims["claim_id"]) < set(after.claims["claim_id"])
    assert set(before.articles["article_id"]) < set(after.articles["article_id"])
    # an article's ID comes from its bytes, not its file name
    (folder / "zz_new.txt").rename(folder / "renamed.txt")
    renamed = dashlib.build(folder, None, curation_file=None)
    assert set(renamed.articles["article_id"]) == set(after.articles["article_id"])


def test_read_back_equals_built(tmp_path):
    built = dashlib.build(SEEDS, tmp_path, curation_file=None)
    back = read_tables(tmp_path)
    for name, df in built.items():
        pd.testing.assert_frame_equal(df, back.frame(name), check_dtype=True)


def test_schema_violation_names_table_column_and_rows():
    tables = dashlib.build(SEEDS, None, curation_file=None)
    bad = tables.claims.copy()
    bad.loc[2, "metric"] = "vibes"
    tables.claims = bad
    with pytest.raises(ValidationFailed) as err:
        validate_tables(tables)
    msg = str(err.value)
    assert (
        "table 'claims'" in msg and "column 'metric'" in msg and "rows 2" in msg and "vibes" in msg
    )


def test_offset_violation_is_reported():
    tables = dashlib.build(SEEDS, None, curation_file=None)
    bad = tables.claims.copy()
    bad.loc[0, "char_start"] = bad.loc[0, "char_start"] + 1
    tables.claims = schemas.conform(bad, "claims")
    with pytest.raises(ValidationFailed, match=r"quote.*row 0"):
        validate_tables(tables)


def test_nothing_readable_fails_clearly(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(NothingToBuild, match="empty file"):
        dashlib.build(tmp_path, None, curation_file=None)


def test_empty_input_gives_empty_valid_tables():
    tables = build_tables([])
    for name, df in tables.items():
        assert list(df.columns) == schemas.columns(name)
        assert len(df) == 0


def test_estimates_keep_every_side():
    tables = dashlib.build(SEEDS, None, curation_file=None)
    est = tables.estimates
    e004 = est[(est["metric"] == "killed") & (est["victim_group"] == "all")]
    row = e004[e004["government_low"] == 31].iloc[0]
    assert pd.isna(row["government_high"])  # "over 30": open-ended, never a made-up top
    assert row["low"] == 31 and row["best"] == 31
    assert "government" in row["best_basis"]


def test_estimate_best_rule():
    from dashlib.building.reconcile import estimates_from_claims

    rows = [
        # government 33, insurgents over 200 and "dozens", an unattributed 64
        ("government", 33, 33),
        ("insurgents", 201, None),
        ("insurgents", 24, 99),
        ("unspecified", 64, 64),
    ]
    claims = pd.DataFrame(
        [
            {
                "claim_id": f"c{i}",
                "incident_id": "i1",
                "article_id": f"a{i}",
                "metric": "killed",
                "victim_group": "all",
                "claimant_type": t,
                "value_low": lo,
                "value_high": hi,
                "stance": "claim",
            }
            for i, (t, lo, hi) in enumerate(rows)
        ]
    )
    claims = schemas.conform(claims, "claims")
    est = estimates_from_claims(claims).iloc[0]
    # per-type medians: government 33, insurgents median(201, 24) = 112.5, unspecified 64 -> median 64
    assert est["best"] == 64
    assert est["low"] == 24 and est["high"] == 201
    assert est["insurgents_low"] == 24 and pd.isna(est["insurgents_high"])
    assert est["contested"]
    assert est["gap_ratio"] == pytest.approx(112.5 / 33, rel=1e-3)
    # an independent figure, when there is one, is preferred
    extra = schemas.conform(
        pd.concat(
            [
                claims,
                claims.iloc[:1].assign(
                    claim_id="cx", claimant_type="media", value_low=50, value_high=50
                ),
            ]
        ),
        "claims",
    )
    est2 = estimates_from_claims(extra).iloc[0]
    assert est2["best"] == 50 and "independent" in est2["best_basis"]


def test_cli_build_and_export(tmp_path):
    out = tmp_path / "build"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashlib",
            "build",
            "--articles",
            str(SEEDS),
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert "read 5 article file(s)" in r.stdout
    assert "tables: articles 5, incidents 8, claims 19" in r.stdout
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashlib",
            "export",
            "--table",
            "claims",
            "--data",
            str(out),
            "--claimant",
            "insurgents",
        ],
        capture_output=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("utf-8").strip().splitlines()
    df = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    assert len(lines) - 1 == (df["claimant_type"] == "insurgents").sum()
    r = subprocess.run(
        [sys.executable, "-m", "dashlib", "build", "--articles", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 2 and "not found" in r.stderr


def test_one_broken_article_does_not_spoil_the_build():
    good = (SEEDS / "002_c1482cdd8b86017f.txt").read_bytes()
    tables = build_tables(
        [SourceFile("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00"), SourceFile("ok.txt", good)]
    )
    assert len(tables.articles) == 1
    assert tables.report["files_skipped"] == [
        {"file": "png.txt", "reason": "not text: looks like a PNG image"}
    ]


def test_data_dictionary_document_is_current():
    """docs/DATA_DICTIONARY.md is generated from the schemas: regenerate with `dashlib dictionary`."""
    doc = (ROOT / "docs" / "DATA_DICTIONARY.md").read_text("utf-8")
    assert doc.strip() == schemas.data_dictionary_markdown().strip()
    for table, cols in schemas.TABLES.items():
        assert f"## {table}" in doc
        for c in cols:
            assert f"`{c.name}`" in doc


def test_load_or_build_rebuilds_when_inputs_change(tmp_path):
    """New articles, reference data or curation never leave stale tables on screen."""
    arts, out, ref = tmp_path / "articles", tmp_path / "build", tmp_path / "reference"
    shutil.copytree(SEEDS, arts)
    shutil.copytree(ROOT / "data" / "reference", ref)
    first = dashlib.load_or_build(out, arts, reference_dir=ref, curation_file=None)
    assert len(first.articles) == 5
    built_at = (out / "claims.csv").stat().st_mtime_ns
    again = dashlib.load_or_build(out, arts, reference_dir=ref, curation_file=None)
    assert (out / "claims.csv").stat().st_mtime_ns == built_at  # read, not rebuilt
    pd.testing.assert_frame_equal(again.claims, first.claims)
    (arts / "zz_new.txt").write_bytes(UNRELATED)
    added = dashlib.load_or_build(out, arts, reference_dir=ref, curation_file=None)
    assert len(added.articles) == 6
    # a reference change (a new spelling in the gazetteer) also triggers a rebuild
    stamp = (out / "incidents.csv").stat().st_mtime_ns
    with open(ref / "gazetteer.csv", "a", encoding="utf-8") as fh:
        fh.write("Nowhere,,town,Kech,Balochistan,26.0,63.0,test\n")
    dashlib.load_or_build(out, arts, reference_dir=ref, curation_file=None)
    assert (out / "incidents.csv").stat().st_mtime_ns != stamp


def test_a_stale_build_that_cannot_be_rebuilt_is_kept_with_a_warning(tmp_path):
    arts, out = tmp_path / "articles", tmp_path / "build"
    shutil.copytree(SEEDS, arts)
    first = dashlib.load_or_build(out, arts, curation_file=None)
    for p in arts.iterdir():
        p.unlink()  # inputs changed, and nothing can be built from them
    kept = dashlib.load_or_build(out, arts, curation_file=None)
    assert len(kept.articles) == len(first.articles) == 5
    assert kept.report["warnings"][0].startswith("showing the last build: rebuilding from")
