"""Real reporting's wordings, in the project's own words: every kind the extraction must
read, scored as the real reports are (``dashlib evaluate GOLD.csv``).

``tests/fixtures/reporting/articles/`` holds short articles written for this project,
one file per kind of wording (the file name says which): South Asian casualty words,
victims named by trade, community or force, totals with breakdowns, headlines, bullets
and infobox lines, attribution in its real forms, revised tolls, attackers and
hostages. ``gold.csv`` states every figure in them, with the conventions of the shared
real-reports gold.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dashlib.bench.figure_gold import load_figure_gold, score_figures
from dashlib.building.pipeline import build_folder

FIXTURES = Path(__file__).parent / "fixtures" / "reporting"
KINDS = ("wording", "victims", "totals", "headlines", "attribution", "revisions", "attackers")


@pytest.fixture(scope="module")
def score():
    tables = build_folder(FIXTURES / "articles", None, curation_file=None)
    return score_figures(tables, load_figure_gold(FIXTURES / "gold.csv"))


def test_every_kind_has_articles_and_gold():
    gold = load_figure_gold(FIXTURES / "gold.csv")
    kinds = Counter(row["file"].split("_")[0] for row in gold)
    assert set(kinds) == set(KINDS)
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        text = path.read_text("utf-8")
        for row in gold:
            if row["file"] == path.name:
                assert row["evidence"] in text, (path.name, row["evidence"])


def test_scores(score, capsys):
    with capsys.disabled():
        print(f"\nreporting fixtures: {score.summary()}")
    assert score.recall >= 0.95, [g["evidence"] for g in score.missed]
    assert score.precision >= 0.95, [c["quote"] for c in score.unmatched]
    assert score.claimant >= 0.95


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_read(score, kind):
    found = [g for g, _ in score.found if g["file"].startswith(kind)]
    missed = [g for g in score.missed if g["file"].startswith(kind)]
    assert not missed, [(g["file"], g["evidence"]) for g in missed]
    assert found


def test_both_sides_of_one_attack_are_side_by_side(score):
    assert score.sides_of >= 1
    assert score.sides_met == score.sides_of
