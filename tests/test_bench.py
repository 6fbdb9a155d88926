"""``dashlib bench``: a tiny build benchmark runs end to end and reports every field."""

from __future__ import annotations

import json

from dashlib import bench
from dashlib.cli import main as cli_main


def test_bench_generate_via_cli(tmp_path, capsys):
    out = tmp_path / "c"
    assert cli_main(["bench", "generate", "--n", "5", "--out", str(out), "--quiet"]) == 0
    assert len([p for p in out.iterdir() if p.is_file()]) == 5
    assert "wrote 5 articles" in capsys.readouterr().out


def test_bench_build_reports_all_fields(tmp_path, capsys):
    work = tmp_path / "w"
    code = bench.main(["build", "--sizes", "20", "--workdir", str(work), "--quiet"])
    assert code == 0
    text = capsys.readouterr().out
    for label in ("extract s", "articles/s", "MB/s", "peak memory MB", "ratio to floor"):
        assert label in text
    report = json.loads((work / "bench-build.json").read_text())
    assert report["machine"]["cpus"] >= 1
    (r,) = report["results"]
    assert r["n"] == 20
    assert set(r["stages"]) == set(bench.STAGES)
    assert r["stages"]["extract"] > 0 and r["stages"]["write"] > 0
    for key in (
        "build_seconds",
        "articles_per_second",
        "mb_per_second",
        "peak_memory_mb",
        "floor_seconds",
        "ratio_to_floor",
    ):
        assert r[key] > 0, key
    assert r["counts"]["articles"] == 20
    assert 0 <= r["resolution"]["pairwise_precision"] <= 1
    assert 0 <= r["resolution"]["pairwise_recall"] <= 1
    # the build folder holds CSV and Parquet
    built = work / "build-20-s0-local"
    assert (built / "claims.csv").is_file() and (built / "claims.parquet").is_file()


def test_targets_are_checked():
    def result(n, seconds, peak):
        return {"n": n, "build_seconds": seconds, "peak_memory_mb": peak}

    checks = bench.targets([result(10_000, 50.0, 400), result(100_000, 700.0, 1400)])
    assert [c["met"] for c in checks] == [True, False, True]
    assert "11.67x" not in checks[1]["measured"] and checks[1]["measured"] == "14.00x"
