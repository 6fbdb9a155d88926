"""The five seed articles against their hand-written gold annotation."""

from pathlib import Path

import pytest

import dashlib
from dashlib.bench.evaluate import load_gold, score_tables

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds_gold.yaml"
THRESHOLD = 0.95


@pytest.fixture(scope="module")
def seed_tables():
    return dashlib.build(ROOT / "seeds", None, curation_file=None)


def test_seed_gold_precision_and_recall(seed_tables, capsys):
    score = score_tables(seed_tables, load_gold(GOLD))
    with capsys.disabled():
        print("\nseed gold, per-field precision and recall:\n" + str(score))
    low = [r for r in score.rows if min(r["precision"], r["recall"]) < THRESHOLD]
    assert not low, f"fields below {THRESHOLD}: {low}\n{score}"


def test_train_hijacking_is_one_incident_across_four_articles(seed_tables):
    inc = seed_tables.incidents
    hijack = inc[inc["incident_type"] == "hijacking"]
    assert len(hijack) == 1
    row = hijack.iloc[0]
    assert row["n_articles"] == 4
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (
        "2025-03-11",
        "2025-03-11",
        "day",
    )
    assert row["date_basis"] == "stated"
    files = set(
        seed_tables.articles.set_index("article_id").loc[row["article_ids"].split(";"), "file"]
    )
    assert files == {
        "000_4dc129637dddae34.txt",
        "001_33463459b427653e.txt",
        "002_c1482cdd8b86017f.txt",
        "003_9fdc3ca3a5ef6b8b.txt",
    }


def test_every_quote_round_trips(seed_tables):
    texts = dict(zip(seed_tables.articles["article_id"], seed_tables.articles["text"], strict=True))
    for name in ("claims", "targets", "mentions"):
        for r in seed_tables.frame(name).itertuples():
            assert texts[r.article_id][r.char_start : r.char_end] == r.quote
    for r in seed_tables.claims.itertuples():
        figure = texts[r.article_id][r.figure_start : r.figure_end]
        assert figure == r.number_text
        assert r.char_start <= r.figure_start < r.figure_end <= r.char_end


def test_competing_claims_are_kept_side_by_side(seed_tables):
    """The army's and the BLA's figures about the hijacking stay separate, attributed rows."""
    claims = seed_tables.claims
    jaffar = seed_tables.incidents.loc[
        seed_tables.incidents["incident_type"] == "hijacking", "incident_id"
    ].iloc[0]
    c = claims[claims["incident_id"] == jaffar]
    gov = c[(c["claimant_type"] == "government") & (c["metric"] == "killed")]
    ins = c[(c["claimant_type"] == "insurgents") & (c["metric"] == "killed")]
    assert list(gov["value_low"]) == [33] and list(gov["victim_group"]) == ["insurgents"]
    assert list(ins["value_low"]) == [201] and ins["value_high"].isna().all()
    assert list(ins["qualifier"]) == ["over"]


def test_statistics_are_not_figures(seed_tables):
    quotes = " ".join(seed_tables.claims["quote"])
    for phrase in ("44%", "Thousands of Baloch", "aged between 18 and 49", "in recent years"):
        assert phrase not in quotes


def test_page_furniture_is_dropped(seed_tables):
    text = " ".join(seed_tables.articles["text"])
    assert "In Our Defence Podcast" not in text
    assert "PSX Market Surges" not in text
    art = seed_tables.articles.set_index("file").loc["004_3e7a9bb5dbcc85ba.txt"]
    assert art["published"] == "2026-02-02" and art["published_precision"] == "day"
    assert art["title"] == "Pakistan Hit By Balochistan Separatists"
    assert art["outlet"] == "Modern Tokyo Times"
    assert "Kanako Mita" in art["byline"]
    assert "Kanako Mita" not in art["text"]
