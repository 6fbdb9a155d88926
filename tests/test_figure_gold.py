"""The real reports' scorer, on tables made by hand: each rule gives the number it says."""

from __future__ import annotations

import pandas as pd

from dashlib import schemas
from dashlib.bench.figure_gold import format_report, score_figures
from dashlib.tables import Tables


def _tables(claims: list[dict]) -> Tables:
    articles = pd.DataFrame(
        [{"article_id": "a1", "file": "one.txt"}, {"article_id": "a2", "file": "two.txt"}]
    )
    t = Tables()
    t.articles = schemas.conform(articles.reindex(columns=schemas.columns("articles")), "articles")
    rows = [
        {
            "article_id": c.get("article_id", "a1"),
            "incident_id": c.get("incident_id", "i1"),
            "metric": c["metric"],
            "victim_group": c.get("victim_group", "all"),
            "claimant_type": c.get("claimant_type", "unspecified"),
            "value_low": c["low"],
            "value_high": c.get("high", c["low"]),
            "qualifier": c.get("qualifier", "exact"),
            "quote": "q",
        }
        for c in claims
    ]
    t.claims = pd.DataFrame(rows)
    return t


def _gold(**row) -> dict:
    base = {"file": "one.txt", "claimant": "unspecified", "qualifier": "exact", "incident_key": ""}
    return {**base, **row}


def test_found_missed_and_extra_claims():
    tables = _tables(
        [
            {
                "metric": "killed",
                "victim_group": "civilians",
                "low": 5,
                "claimant_type": "government",
            },
            {"metric": "injured", "low": 12},
            {"metric": "killed", "victim_group": "security_forces", "low": 3},  # no gold row
            {"metric": "attackers", "low": 8},  # not a casualty metric: not in precision
        ]
    )
    gold = [
        _gold(metric="civilians_killed", value_low="5", claimant="military/government"),
        _gold(metric="injured", value_low="12", claimant="military/government"),
        _gold(metric="hostages", value_low="100"),
        _gold(metric="attackers", value_low="8"),
    ]
    s = score_figures(tables, gold)
    assert len(s.found) == 3 and s.recall == 0.75
    assert s.precision == 2 / 3  # 3 casualty claims, 2 serve a gold figure
    assert s.claimant == 2 / 3  # the injured figure's claimant is wrong
    report = format_report(s)
    assert "missed: one.txt hostages 100" in report
    assert report.splitlines()[-1] == s.summary()


def test_over_n_may_be_stored_as_n_plus_one_and_a_range_on_either_end():
    tables = _tables(
        [
            {"metric": "killed", "low": 31, "high": None, "qualifier": "over"},
            {"metric": "killed", "low": 20, "high": 30, "qualifier": "range"},
        ]
    )
    gold = [
        _gold(metric="killed", value_low="30", qualifier="over"),
        _gold(metric="killed", value_low="30", value_high="", qualifier="exact"),
    ]
    assert score_figures(tables, gold).recall == 1.0


def test_each_claim_serves_one_gold_figure_and_the_right_claimant_is_preferred():
    tables = _tables(
        [
            {"metric": "killed", "low": 7, "claimant_type": "unspecified"},
            {"metric": "killed", "low": 7, "claimant_type": "government"},
        ]
    )
    gold = [
        _gold(metric="killed", value_low="7", claimant="military/government"),
        _gold(metric="killed", value_low="7", claimant="unspecified"),
        _gold(metric="killed", value_low="7", claimant="media/independent"),
    ]
    s = score_figures(tables, gold)
    assert len(s.found) == 2 and s.claimant == 1.0 and len(s.missed) == 1


def test_incident_pairs_and_both_sides():
    tables = _tables(
        [
            {"metric": "killed", "low": 5, "claimant_type": "government", "incident_id": "i1"},
            {
                "metric": "killed",
                "low": 90,
                "claimant_type": "insurgents",
                "article_id": "a2",
                "incident_id": "i1",
            },
        ]
    )
    gold = [
        _gold(metric="killed", value_low="5", claimant="military/government", incident_key="k"),
        _gold(
            file="two.txt",
            metric="killed",
            value_low="90",
            claimant="BLA/insurgents",
            incident_key="k",
        ),
    ]
    s = score_figures(tables, gold)
    assert (s.pair_precision, s.pair_recall, s.same_event_pairs) == (1.0, 1.0, 1)
    assert (s.sides_met, s.sides_of) == (1, 1)
