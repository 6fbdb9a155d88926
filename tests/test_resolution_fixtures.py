"""One attack, one incident, across outlets: reports written for the project in its own words.

``tests/fixtures/resolution/articles/`` holds, for each way reports of one attack differ
(the file name says which), a wire report, an official statement as a daily relays it
and the armed group's claim, plus distractors that must stay apart: places spelt
differently, a town in one report and its district or highway in another, dates given
relative to publication or as a night across two days, the government's names for the
group, an earlier attack recalled in passing, a claim published days later. ``gold.csv``
states every figure and which attack it belongs to (``incident_key``); the shared
scorer's rules (``dashlib evaluate``) say whether the build joins them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from dashlib.bench.figure_gold import load_figure_gold, score_figures
from dashlib.building.pipeline import build_folder
from dashlib.reading.columnar import ColumnarBuild, FilteredTables
from dashlib.reading.filters import Filters
from dashlib.views import compared_claims
from dashlib.views.claim_tables import both_sides_counts, both_sides_table

FIXTURES = Path(__file__).parent / "fixtures" / "resolution"
KINDS = ("spelling", "levels", "dates", "names", "background", "claims", "distractors")


@pytest.fixture(scope="module")
def tables():
    return build_folder(FIXTURES / "articles", None, curation_file=None)


@pytest.fixture(scope="module")
def score(tables):
    return score_figures(tables, load_figure_gold(FIXTURES / "gold.csv"))


def _pairs(score):
    """(same attack, same incident) for every two articles' units, as the scorer counts."""
    units: dict[tuple[str, str], list[str]] = {}
    for g, c in score.found:
        if g.get("incident_key"):
            units.setdefault((g["file"], g["incident_key"]), []).append(c["incident_id"])
    items = [(f, k, max(set(ids), key=ids.count)) for (f, k), ids in units.items()]
    return [
        (k1 == k2, p1 == p2, (f1, k1, f2, k2))
        for i, (f1, k1, p1) in enumerate(items)
        for f2, k2, p2 in items[i + 1 :]
        if f1 != f2
    ]


def test_every_kind_has_articles_and_gold():
    gold = load_figure_gold(FIXTURES / "gold.csv")
    kinds = Counter(row["file"].split("_")[0] for row in gold)
    assert set(kinds) == set(KINDS)
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        text = path.read_text("utf-8")
        rows = [r for r in gold if r["file"] == path.name]
        assert rows, path.name
        for row in rows:
            assert row["evidence"] in text, (path.name, row["evidence"])


def test_reports_of_one_attack_join_and_others_stay_apart(score, capsys):
    with capsys.disabled():
        print(f"\nresolution fixtures: {score.summary()}")
    assert score.pair_precision == 1.0, [
        p for same, joined, p in _pairs(score) if joined and not same
    ]
    assert score.pair_recall >= 0.70, [
        p for same, joined, p in _pairs(score) if same and not joined
    ]


@pytest.mark.parametrize("kind", ["spelling", "names", "claims", "background"])
def test_each_kind_joins_its_main_attack(score, kind):
    """The attack each case is about: its wire report, official statement and claim are one."""
    missed = [
        p
        for same, joined, p in _pairs(score)
        if same and not joined and p[0].startswith(kind) and p[2].startswith(kind)
    ]
    joined = [p for same, joined, p in _pairs(score) if same and joined and p[0].startswith(kind)]
    assert joined, kind
    assert len(missed) <= len(joined) // 2, missed


def test_distractors_never_join(score):
    wrong = [p for same, joined, p in _pairs(score) if joined and not same]
    assert not wrong


def test_both_sides_are_side_by_side(score, tables):
    assert score.sides_of >= 10
    assert score.sides_met / score.sides_of >= 0.6, (score.sides_met, score.sides_of)
    counts = both_sides_counts(tables.claims)
    table = both_sides_table(tables.claims, tables.incidents, counts)
    assert len(table) >= score.sides_met
    assert (table["government"] != "").all() and (table["insurgents"] != "").all()
    texts = "\n".join(tables.articles["text"])
    for quotes in table["government_quote"].tolist() + table["insurgents_quote"].tolist():
        assert quotes
        for quote in quotes.split("\n"):  # each side's sentences, one per line
            assert quote in texts


def test_the_pages_both_sides_over_duckdb_equal_the_pandas_table(tables):
    """Reported vs claimed reads the table through DuckDB (fetching only the shown
    incidents' quotes); it must hold what the pandas functions make of the whole tables."""
    source = ColumnarBuild.from_tables(tables)
    n, page = compared_claims.both_sides(FilteredTables(source, Filters()), limit=1000)
    counts = both_sides_counts(tables.claims)
    table = both_sides_table(tables.claims, tables.incidents, counts)
    assert n == len(counts) == len(page) == len(table) > 0
    assert page["government"].tolist() == table["government"].tolist()
    assert page["insurgents"].tolist() == table["insurgents"].tolist()
    assert page["insurgents_quote"].tolist() == [
        q.replace("\n", " ‖ ") for q in table["insurgents_quote"]
    ]
    first, _ = compared_claims.both_sides(FilteredTables(source, Filters()), limit=2)
    assert first == n  # the count is of all, the rows only of the first ``limit``
    assert len(compared_claims.both_sides(FilteredTables(source, Filters()), limit=2)[1]) == 2


def test_the_build_report_lists_merge_candidates_with_a_curation_entry(tables):
    json.dumps(tables.report)  # the report is written as JSON
    listed = tables.report["merge_candidates"]["listed"]
    assert tables.report["merge_candidates"]["total"] == len(listed)
    for cand in listed:
        assert len(cand["incident_ids"]) == 2 and cand["for"]
        assert set(cand["incident_ids"]) <= set(tables.incidents["incident_id"])
        entry = cand["curation_entry"]
        assert entry["action"] == "merge_incidents"
        assert sorted(entry["incident_ids"]) == sorted(cand["incident_ids"])


AMBIGUOUS = {
    "monday.txt": "date: 2025-05-13\n\nA roadside bomb killed four soldiers in Kharan on "
    "Monday, the ISPR said.\n",
    "wednesday.txt": "date: 2025-05-15\n\nA roadside bomb killed two soldiers in Kharan on "
    "Wednesday, police said.\n",
    "undated.txt": "date: 2025-05-16\n\nThe BLA said its fighters had killed soldiers with a "
    "roadside bomb in Kharan, according to a statement.\n",
}


def test_an_analyst_merges_a_candidate_in_one_step(tmp_path, capsys):
    """Two bombings in one district a few days apart, and an undated claim that fits
    either: the rules do not guess, the build report lists both pairs, `dashlib
    candidates` shows them and `--merge N` writes the curation entry the next build applies."""
    from dashlib.building.curation import load_curation
    from dashlib.cli import main

    articles, out, curation = tmp_path / "articles", tmp_path / "build", tmp_path / "cur.yaml"
    articles.mkdir()
    for name, text in AMBIGUOUS.items():
        (articles / name).write_text(text, "utf-8")
    tables = build_folder(articles, out, curation_file=None)
    assert len(tables.incidents) == 3
    listed = tables.report["merge_candidates"]["listed"]
    assert len(listed) == 2 and all("1 other event(s) fit as well" in c["against"] for c in listed)
    assert main(["candidates", "--build", str(out)]) == 0
    assert listed[0]["labels"][0] in capsys.readouterr().out
    assert (
        main(["candidates", "--build", str(out), "--merge", "1", "--curation", str(curation)]) == 0
    )
    (entry,) = load_curation(curation)
    assert entry["action"] == "merge_incidents" and entry["date"]
    merged = build_folder(articles, None, curation_file=curation)
    keep, other = entry["incident_ids"]
    assert keep in set(merged.incidents["incident_id"])
    assert other not in set(merged.incidents["incident_id"])
    assert len(merged.incidents) == 2
    assert (
        main(["candidates", "--build", str(out), "--merge", "9", "--curation", str(curation)]) == 2
    )
