"""Curation: loading and checking the YAML file, applying entries, concurrent appends.

These tests run against a small hand-made set of resolved tables (a stand-in
with the attributes of ``dashlib.building.resolve.Resolved``), so they do not depend on
how well the extraction rules work.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dashlib import paths, schemas
from dashlib.building.curation import (
    CurationError,
    add_curation_entry,
    check_curation,
    load_curation,
)
from dashlib.building.curation_apply import apply_curation

TEXT_A = (
    "Militants attacked a train in Bolan on Tuesday. "
    "The army said 18 soldiers were killed in the attack. "
    "The BLA claimed that over 100 soldiers died. "
    "Separately, a blast hit Quetta."
)
TEXT_B = "Officials said on Wednesday that 21 passengers were killed when the Jaffar Express was hijacked near Sibi."
A, B = "a0000000000000001", "a0000000000000002"
TEXTS = {A: TEXT_A, B: TEXT_B}
PUBLISHED = {A: "2025-03-12", B: "2025-03-13"}


@dataclass
class StandIn:
    """Minimal stand-in for dashlib.building.resolve.Resolved."""

    incidents: pd.DataFrame
    claims: pd.DataFrame
    targets: pd.DataFrame
    mentions: pd.DataFrame
    warnings: list = field(default_factory=list)


def _span(text: str, sentence: str) -> tuple[int, int]:
    at = text.index(sentence)
    return at, at + len(sentence)


def _claim(cid, iid, aid, sentence, figure, metric, group, ctype, claimant, lo, hi, qual):
    text = TEXTS[aid]
    s, e = _span(text, sentence)
    fs = text.index(figure, s)
    return {
        "claim_id": cid,
        "incident_id": iid,
        "article_id": aid,
        "metric": metric,
        "victim_group": group,
        "claimant_type": ctype,
        "claimant": claimant,
        "value_low": lo,
        "value_high": hi,
        "qualifier": qual,
        "number_text": figure,
        "stance": "claim",
        "quote": sentence,
        "char_start": s,
        "char_end": e,
        "figure_start": fs,
        "figure_end": fs + len(figure),
        "published": PUBLISHED[aid],
        "source": "extracted",
    }


def make_resolved() -> StandIn:
    incidents = [
        {
            "incident_id": "i_train",
            "label": "attack on train, Bolan",
            "date_start": "2025-03-01",
            "date_end": "2025-03-31",
            "date_precision": "month",
            "date_basis": "inferred: publication month",
            "place": "Bolan",
            "district": "Kachhi",
            "province": "Balochistan",
            "lat": 29.5,
            "lon": 67.6,
            "geo_precision": "district",
            "places_mentioned": "Bolan",
            "incident_type": "other",
            "perpetrator": "",
            "target_categories": "rail",
            "n_articles": 1,
            "n_claims": 2,
            "first_reported": "2025-03-12",
            "article_ids": A,
            "source": "extracted",
        },
        {
            "incident_id": "i_hijack",
            "label": "hijacking of Jaffar Express",
            "date_start": "2025-03-11",
            "date_end": "2025-03-11",
            "date_precision": "day",
            "date_basis": "stated",
            "place": "Sibi",
            "district": "Sibi",
            "province": "Balochistan",
            "lat": 29.54,
            "lon": 67.87,
            "geo_precision": "town",
            "places_mentioned": "Sibi",
            "incident_type": "hijacking",
            "perpetrator": "Baloch Liberation Army",
            "target_categories": "rail;civilians",
            "n_articles": 1,
            "n_claims": 1,
            "first_reported": "2025-03-13",
            "article_ids": B,
            "source": "extracted",
        },
        {
            "incident_id": "i_quetta",
            "label": "blast, Quetta",
            "date_precision": "unknown",
            "date_basis": "unknown",
            "place": "Quetta",
            "geo_precision": "town",
            "places_mentioned": "Quetta",
            "incident_type": "bombing",
            "n_articles": 1,
            "n_claims": 0,
            "first_reported": "2025-03-12",
            "article_ids": A,
            "source": "extracted",
        },
    ]
    claims = [
        _claim(
            "c_army",
            "i_train",
            A,
            "The army said 18 soldiers were killed in the attack.",
            "18",
            "killed",
            "security_forces",
            "government",
            "the army",
            18,
            18,
            "exact",
        ),
        _claim(
            "c_bla",
            "i_train",
            A,
            "The BLA claimed that over 100 soldiers died.",
            "over 100",
            "killed",
            "security_forces",
            "insurgents",
            "BLA",
            101,
            None,
            "over",
        ),
        _claim(
            "c_pass",
            "i_hijack",
            B,
            TEXT_B,
            "21",
            "killed",
            "passengers",
            "government",
            "Officials",
            21,
            21,
            "exact",
        ),
    ]
    s1 = _span(TEXT_A, "Militants attacked a train in Bolan on Tuesday.")
    targets = [
        {
            "incident_id": "i_train",
            "category": "rail",
            "article_id": A,
            "quote": TEXT_A[s1[0] : s1[1]],
            "char_start": s1[0],
            "char_end": s1[1],
            "source": "extracted",
        },
        {
            "incident_id": "i_hijack",
            "category": "rail",
            "article_id": B,
            "quote": TEXT_B,
            "char_start": 0,
            "char_end": len(TEXT_B),
            "source": "extracted",
        },
    ]
    s3 = _span(TEXT_A, "Separately, a blast hit Quetta.")
    mentions = [
        {
            "incident_id": "i_train",
            "article_id": A,
            "role": "main",
            "quote": TEXT_A[s1[0] : s1[1]],
            "char_start": s1[0],
            "char_end": s1[1],
        },
        {
            "incident_id": "i_hijack",
            "article_id": B,
            "role": "main",
            "quote": TEXT_B,
            "char_start": 0,
            "char_end": len(TEXT_B),
        },
        {
            "incident_id": "i_quetta",
            "article_id": A,
            "role": "background",
            "quote": TEXT_A[s3[0] : s3[1]],
            "char_start": s3[0],
            "char_end": s3[1],
        },
    ]
    return StandIn(
        incidents=schemas.conform(pd.DataFrame(incidents), "incidents"),
        claims=schemas.conform(pd.DataFrame(claims), "claims"),
        targets=schemas.conform(pd.DataFrame(targets), "targets"),
        mentions=schemas.conform(pd.DataFrame(mentions), "mentions"),
        warnings=["an earlier warning"],
    )


def meta(**kw):
    return {"reason": "checked against the ISPR statement", "date": "2026-03-02", **kw}


def apply(entries, resolved=None):
    resolved = resolved or make_resolved()
    return apply_curation(resolved, entries, texts=TEXTS, published=PUBLISHED)


def check_schemas_and_offsets(r) -> None:
    for name in ("incidents", "claims", "targets", "mentions"):
        schemas.schema(name).validate(getattr(r, name))
    for name in ("claims", "targets", "mentions"):
        for row in getattr(r, name).itertuples():
            assert TEXTS[row.article_id][row.char_start : row.char_end] == row.quote
    known = set(r.incidents["incident_id"])
    for name in ("claims", "targets", "mentions"):
        assert set(getattr(r, name)["incident_id"]) <= known


# ----------------------------------------------------------------------------- applying


def test_input_is_not_changed_and_result_keeps_schema():
    resolved = make_resolved()
    before = {
        n: getattr(resolved, n).copy() for n in ("incidents", "claims", "targets", "mentions")
    }
    out, report = apply([meta(action="suppress_claim", claim_id="c_bla")], resolved)
    for n, df in before.items():
        pd.testing.assert_frame_equal(getattr(resolved, n), df)
    assert isinstance(out, StandIn)
    check_schemas_and_offsets(out)
    assert report["entries"] == 1 and not report["unmatched"]


def test_no_entries_changes_nothing():
    resolved = make_resolved()
    out, report = apply([], resolved)
    for n in ("incidents", "claims", "targets", "mentions"):
        pd.testing.assert_frame_equal(getattr(out, n), getattr(resolved, n))
    assert report["applied"] == [] and report["unmatched"] == []


def test_confirm_claim_marks_curated():
    out, report = apply([meta(action="confirm_claim", claim_id="c_army")])
    row = out.claims.set_index("claim_id").loc["c_army"]
    assert row["source"] == "curated" and row["value_low"] == 18
    assert out.claims.set_index("claim_id").loc["c_bla", "source"] == "extracted"
    assert report["applied"][0]["effect"] == "confirmed"


def test_correct_claim_changes_values_and_marks_curated():
    out, report = apply(
        [
            meta(
                action="correct_claim",
                claim_id="c_army",
                value_low=19,
                value_high=19,
                claimant="ISPR",
            )
        ]
    )
    row = out.claims.set_index("claim_id").loc["c_army"]
    assert (row["value_low"], row["value_high"], row["claimant"], row["source"]) == (
        19,
        19,
        "ISPR",
        "curated",
    )
    assert (
        row["quote"] == "The army said 18 soldiers were killed in the attack."
    )  # evidence untouched
    assert "value_low: 18 -> 19" in report["applied"][0]["effect"]
    check_schemas_and_offsets(out)


def test_correct_claim_can_move_it_to_another_incident():
    out, _ = apply([meta(action="correct_claim", claim_id="c_bla", incident_id="i_hijack")])
    assert out.claims.set_index("claim_id").loc["c_bla", "incident_id"] == "i_hijack"
    inc = out.incidents.set_index("incident_id")
    assert inc.loc["i_hijack", "n_claims"] == 2 and inc.loc["i_train", "n_claims"] == 1
    assert set(inc.loc["i_hijack", "article_ids"].split(";")) == {A, B}


def test_correct_claim_rejects_low_above_high():
    out, report = apply([meta(action="correct_claim", claim_id="c_army", value_low=50)])
    assert out.claims.set_index("claim_id").loc["c_army", "value_low"] == 18
    assert "value_low 50 > value_high 18" in report["unmatched"][0]["why"]


def test_suppress_claim_removes_it_and_reports():
    out, report = apply([meta(action="suppress_claim", claim_id="c_bla")])
    assert "c_bla" not in set(out.claims["claim_id"])
    assert report["suppressed"]["claims"] == ["c_bla"]
    assert out.incidents.set_index("incident_id").loc["i_train", "n_claims"] == 1


def test_add_claim_finds_quote_and_computes_offsets():
    entry = meta(
        action="add_claim",
        incident_id="i_quetta",
        article_id=A,
        quote="Separately,  a blast hit Quetta.",  # extra space: matched flexibly
        metric="attacks",
        victim_group="all",
        claimant_type="media",
        claimant="",
        value_low=1,
        value_high=1,
        qualifier="exact",
        number_text="a blast",
    )
    out, report = apply([entry])
    assert not report["unmatched"], report
    added = out.claims[out.claims["source"] == "curated"].iloc[0]
    assert added["quote"] == "Separately, a blast hit Quetta."
    assert TEXT_A[added["char_start"] : added["char_end"]] == added["quote"]
    assert TEXT_A[added["figure_start"] : added["figure_end"]] == "a blast" == added["number_text"]
    assert added["published"] == PUBLISHED[A] and added["stance"] == "claim"
    assert out.incidents.set_index("incident_id").loc["i_quetta", "n_claims"] == 1
    check_schemas_and_offsets(out)
    # Stable ID: the same entry gives the same claim_id on the next build.
    again, _ = apply([entry])
    assert set(again.claims["claim_id"]) == set(out.claims["claim_id"])


def test_add_claim_locates_digits_without_number_text():
    entry = meta(
        action="add_claim",
        incident_id="i_hijack",
        article_id=B,
        quote="21 passengers were killed",
        metric="passengers",
        victim_group="passengers",
        claimant_type="government",
        claimant="Officials",
        value_low=21,
        value_high=21,
        qualifier="exact",
    )
    out, report = apply([entry])
    assert not report["unmatched"], report
    added = out.claims[out.claims["source"] == "curated"].iloc[0]
    assert added["number_text"] == "21" and added["quote"] == "21 passengers were killed"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"quote": "This sentence is not in the article."}, "quote not found"),
        ({"article_id": "a_missing"}, "article a_missing not found"),
        ({"incident_id": "i_missing"}, "incident i_missing not found"),
        ({"value_low": 7, "value_high": 7}, "give number_text"),
    ],
)
def test_add_claim_that_does_not_match_is_reported(change, why):
    entry = meta(
        action="add_claim",
        incident_id="i_quetta",
        article_id=A,
        quote="Separately, a blast hit Quetta.",
        metric="killed",
        victim_group="all",
        claimant_type="media",
        claimant="",
        value_low=1,
        value_high=1,
        qualifier="exact",
        number_text="a blast",
    )
    entry.update(change)
    if "value_low" in change:
        entry.pop("number_text")
    out, report = apply([entry])
    assert len(out.claims) == 3
    assert len(report["unmatched"]) == 1 and why in report["unmatched"][0]["why"]
    assert report["unmatched"][0]["entry"]["action"] == "add_claim"
    assert any("not applied" in w and why in w for w in out.warnings)


def test_add_claim_of_an_already_extracted_figure_confirms_it():
    entry = meta(
        action="add_claim",
        incident_id="i_train",
        article_id=A,
        quote="The army said 18 soldiers were killed in the attack.",
        metric="killed",
        victim_group="security_forces",
        claimant_type="government",
        claimant="the army",
        value_low=18,
        value_high=18,
        qualifier="exact",
    )
    out, report = apply([entry])
    assert len(out.claims) == 3
    assert out.claims.set_index("claim_id").loc["c_army", "source"] == "curated"
    assert "already extracted as c_army" in report["applied"][0]["effect"]
    entry.update(value_low=20, value_high=20, number_text="18")
    out, report = apply([entry])
    assert len(out.claims) == 3 and "use correct_claim" in report["unmatched"][0]["why"]


def test_add_claim_without_texts_is_reported_not_dropped():
    entry = meta(
        action="add_claim",
        incident_id="i_quetta",
        article_id=A,
        quote="Separately, a blast hit Quetta.",
        metric="attacks",
        victim_group="all",
        claimant_type="media",
        claimant="",
        value_low=1,
        value_high=1,
        qualifier="exact",
        number_text="a blast",
    )
    _, report = apply_curation(make_resolved(), [entry])
    assert "article texts were not given" in report["unmatched"][0]["why"]


def test_merge_repoints_and_unions_facts():
    out, report = apply([meta(action="merge_incidents", incident_ids=["i_train", "i_hijack"])])
    assert not report["unmatched"]
    assert "i_hijack" not in set(out.incidents["incident_id"])
    for name in ("claims", "targets", "mentions"):
        assert "i_hijack" not in set(getattr(out, name)["incident_id"])
    inc = out.incidents.set_index("incident_id").loc["i_train"]
    # The more precise date (day beats month) and place (town beats district) win.
    assert (inc["date_start"], inc["date_end"], inc["date_precision"]) == (
        "2025-03-11",
        "2025-03-11",
        "day",
    )
    assert (inc["place"], inc["geo_precision"]) == ("Sibi", "town")
    assert inc["incident_type"] == "hijacking"  # 'other' gives way to a specific type
    assert inc["perpetrator"] == "Baloch Liberation Army"
    assert inc["target_categories"] == "rail;civilians"
    assert inc["places_mentioned"] == "Bolan;Sibi"
    assert inc["article_ids"] == f"{A};{B}" and inc["n_articles"] == 2 and inc["n_claims"] == 3
    assert inc["first_reported"] == "2025-03-12" and inc["source"] == "curated"
    check_schemas_and_offsets(out)


def test_later_entries_follow_a_merge():
    entries = [
        meta(action="merge_incidents", incident_ids=["i_train", "i_hijack"]),
        meta(action="set_place", incident_id="i_hijack", place="Mashkaf", geo_precision="town"),
    ]
    out, report = apply(entries)
    assert not report["unmatched"]
    assert out.incidents.set_index("incident_id").loc["i_train", "place"] == "Mashkaf"
    assert "merged into i_train" in report["applied"][1]["effect"]


def test_merge_with_a_missing_incident():
    out, report = apply(
        [meta(action="merge_incidents", incident_ids=["i_train", "i_gone", "i_hijack"])]
    )
    assert (
        len(out.incidents) == 2
        and "not found: incident i_gone not found" in report["applied"][0]["effect"]
    )
    out, report = apply([meta(action="merge_incidents", incident_ids=["i_gone", "i_train"])])
    assert len(out.incidents) == 3 and "listed first" in report["unmatched"][0]["why"]


def test_set_date():
    out, _ = apply([meta(action="set_date", incident_id="i_quetta", date_start="2025-03-10")])
    inc = out.incidents.set_index("incident_id").loc["i_quetta"]
    assert (inc["date_start"], inc["date_end"], inc["date_precision"]) == (
        "2025-03-10",
        "2025-03-10",
        "day",
    )
    assert inc["date_basis"] == "curated: checked against the ISPR statement"
    assert inc["source"] == "curated"


def test_set_place_clears_what_is_not_given_and_says_so():
    out, report = apply(
        [meta(action="set_place", incident_id="i_train", place="Mach", geo_precision="town")]
    )
    inc = out.incidents.set_index("incident_id").loc["i_train"]
    assert inc["place"] == "Mach" and inc["geo_precision"] == "town"
    assert inc["district"] == "" and pd.isna(inc["lat"])  # not carried over from Bolan
    assert "left empty" in report["applied"][0]["effect"]
    assert inc["places_mentioned"] == "Bolan;Mach"


def test_set_place_from_gazetteer_when_reference_given():
    from dashlib.extraction.reference import load_reference

    reference = load_reference(str(paths.REFERENCE_DIR))
    out, report = apply_curation(
        make_resolved(),
        [meta(action="set_place", incident_id="i_train", place="Quetta")],
        reference=reference,
    )
    inc = out.incidents.set_index("incident_id").loc["i_train"]
    place = reference.place("Quetta")
    assert inc["district"] == place.district and inc["lat"] == pytest.approx(place.lat)
    assert "from the gazetteer" in report["applied"][0]["effect"]


def test_suppress_and_confirm_incident():
    out, report = apply(
        [
            meta(action="suppress_incident", incident_id="i_train"),
            meta(action="confirm_incident", incident_id="i_hijack"),
            meta(action="correct_claim", claim_id="c_army", value_low=3, value_high=3),
        ]
    )
    assert set(out.incidents["incident_id"]) == {"i_hijack", "i_quetta"}
    assert set(out.claims["claim_id"]) == {"c_pass"}
    assert report["suppressed"]["incidents"] == ["i_train"]
    assert set(report["suppressed"]["claims"]) == {"c_army", "c_bla"}
    assert out.incidents.set_index("incident_id").loc["i_hijack", "source"] == "curated"
    assert "was removed by entry 1 (suppress_incident" in report["unmatched"][0]["why"]
    check_schemas_and_offsets(out)


def test_unmatched_entries_are_reported_with_entry_and_reason():
    entries = [
        meta(action="confirm_claim", claim_id="c_nowhere"),
        meta(action="suppress_incident", incident_id="i_nowhere"),
        {"action": "confirm_claim", "claim_id": "c_army"},  # invalid: no reason/date
    ]
    out, report = apply(entries)
    assert [u["index"] for u in report["unmatched"]] == [1, 2, 3]
    assert report["unmatched"][0]["entry"]["claim_id"] == "c_nowhere"
    assert "claim c_nowhere not found" in report["unmatched"][0]["why"]
    assert report["unmatched"][2]["why"].startswith("invalid:")
    assert out.warnings[0] == "an earlier warning"
    assert len(out.warnings) == 4


def test_report_is_json_serialisable():
    import datetime as dt
    import json

    _, report = apply([{"action": "confirm_claim", "claim_id": "x", "date": dt.date(2026, 1, 1)}])
    json.dumps(report)


# ----------------------------------------------------------------------------- loading


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "curation.yaml"
    p.write_text(text, "utf-8")
    return p


def test_example_file_in_repo_is_valid():
    entries = load_curation(paths.CURATION_FILE)
    assert isinstance(entries, list)


def test_documented_examples_are_valid():
    """Every commented example in data/curation.yaml parses and validates when uncommented."""
    text = paths.CURATION_FILE.read_text("utf-8")
    examples_part = text[text.index("# Examples:") :].splitlines()[1:]
    block = [ln[2:] for ln in examples_part if ln.startswith("#   ")]
    examples = yaml.safe_load("\n".join(block))
    assert isinstance(examples, list) and len(examples) >= 9
    from dashlib.building.curation import ACTIONS, validate_entries

    valid = validate_entries(examples)
    assert {e["action"] for e in valid} == set(ACTIONS)


def test_load_empty_and_minimal(tmp_path):
    assert load_curation(write(tmp_path, "")) == []
    assert load_curation(write(tmp_path, "# nothing yet\nversion: 1\nentries:\n")) == []
    assert load_curation(write(tmp_path, "entries: []\n")) == []


def test_load_normalises_values(tmp_path):
    p = write(
        tmp_path,
        """
entries:
  - action: correct_claim
    claim_id: c1
    value_low: "1,200"
    reason: typo in the article
    date: 2026-03-02
""",
    )
    [entry] = load_curation(p)
    assert entry == {
        "action": "correct_claim",
        "claim_id": "c1",
        "value_low": 1200,
        "reason": "typo in the article",
        "date": "2026-03-02",
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "entries:\n  - action: confirm_claim\n    claim_id: c1\n    date: 2026-01-01\n",
            "entry 1 (confirm_claim claim_id=c1): missing field 'reason'",
        ),
        (
            "entries:\n  - action: confim_claim\n    claim_id: c1\n",
            "entry 1 (confim_claim claim_id=c1): unknown action",
        ),
        (
            "entries:\n  - action: correct_claim\n    claim_id: c1\n    valeu_low: 3\n    reason: x\n    date: 2026-01-01\n",
            "unknown field 'valeu_low'",
        ),
        (
            "entries:\n  - action: correct_claim\n    claim_id: c1\n    metric: deaths\n    reason: x\n    date: 2026-01-01\n",
            "field 'metric': 'deaths' is not one of killed",
        ),
        (
            "entries:\n  - action: correct_claim\n    claim_id: c1\n    value_low: -3\n    reason: x\n    date: 2026-01-01\n",
            "is negative",
        ),
        (
            "entries:\n  - action: confirm_claim\n    claim_id: c1\n    reason: x\n    date: 02/03/2026\n",
            "not a date written as YYYY-MM-DD",
        ),
        (
            "entries:\n  - action: merge_incidents\n    incident_ids: [i1]\n    reason: x\n    date: 2026-01-01\n",
            "at least two incident IDs",
        ),
        (
            "entries:\n  - action: set_date\n    incident_id: i1\n    date_start: 2026-01-05\n    date_end: 2026-01-01\n"
            "    date_precision: week\n    reason: x\n    date: 2026-01-01\n",
            "before date_start",
        ),
        (
            "entries:\n  - action: set_date\n    incident_id: i1\n    date_start: 2026-01-01\n    date_end: 2026-01-05\n"
            "    reason: x\n    date: 2026-01-01\n",
            "date_precision is required",
        ),
        (
            "entries:\n  - action: correct_claim\n    claim_id: c1\n    reason: x\n    date: 2026-01-01\n",
            "needs at least one of",
        ),
        (
            "entries:\n  - action: confirm_claim\n    claim_id: c1\n    reason: ''\n    date: 2026-01-01\n",
            "must say why",
        ),
        ("entries:\n  - just a string\n", "entry 1 (?): must be a mapping"),
        ("entries: {a: 1}\n", "'entries' must be a list"),
        ("version: 2\nentries: []\n", "unsupported version"),
        ("entrys: []\n", "unknown top-level key"),
        ("entries:\n  - action: [unclosed\n", "not valid YAML at line"),
    ],
)
def test_invalid_files_name_the_entry(tmp_path, body, message):
    p = write(tmp_path, body)
    with pytest.raises(CurationError) as err:
        load_curation(p)
    assert message in str(err.value)
    assert str(p) in str(err.value)


def test_all_bad_entries_are_listed_and_check_curation_keeps_the_good(tmp_path):
    p = write(
        tmp_path,
        """
entries:
  - {action: confirm_claim, claim_id: c1, reason: ok, date: 2026-01-01}
  - {action: confirm_claim, claim_id: c2}
  - {action: suppress_claim, claim_id: c3, reason: ok, date: 2026-01-01, extra: 1}
""",
    )
    with pytest.raises(CurationError) as err:
        load_curation(p)
    assert "2 invalid entries" in str(err.value)
    assert "entry 2 (confirm_claim claim_id=c2)" in str(err.value)
    assert "entry 3 (suppress_claim claim_id=c3)" in str(err.value)
    good, problems = check_curation(p)
    assert [e["claim_id"] for e in good] == ["c1"] and len(problems) == 2


# ----------------------------------------------------------------------------- writing


def test_add_entry_keeps_comments_and_earlier_entries(tmp_path):
    original = paths.CURATION_FILE.read_text("utf-8")
    p = write(tmp_path, original)
    before = load_curation(p)
    new = add_curation_entry(p, meta(action="suppress_claim", claim_id="c_bla", analyst="AB"))
    text = p.read_text("utf-8")
    assert text.startswith(original)  # appended, nothing above it rewritten
    assert load_curation(p) == [*before, new]


def test_add_entry_creates_a_missing_file(tmp_path):
    p = tmp_path / "sub" / "curation.yaml"
    add_curation_entry(p, meta(action="confirm_claim", claim_id="c1"))
    assert [e["claim_id"] for e in load_curation(p)] == ["c1"]
    assert p.read_text("utf-8").startswith("#")


def test_add_entry_to_flow_style_file(tmp_path):
    p = write(tmp_path, "# my notes\nversion: 1\nentries: []\n")
    add_curation_entry(p, meta(action="confirm_claim", claim_id="c1"))
    add_curation_entry(p, meta(action="confirm_claim", claim_id="c2"))
    assert [e["claim_id"] for e in load_curation(p)] == ["c1", "c2"]
    assert p.read_text("utf-8").startswith("# my notes\n")


def test_add_invalid_entry_leaves_file_alone(tmp_path):
    p = write(tmp_path, "entries:\n")
    with pytest.raises(CurationError):
        add_curation_entry(p, {"action": "confirm_claim", "claim_id": "c1"})
    assert p.read_text("utf-8") == "entries:\n"


def test_add_to_broken_file_refuses(tmp_path):
    p = write(tmp_path, "entries: [unclosed\n")
    with pytest.raises(CurationError):
        add_curation_entry(p, meta(action="confirm_claim", claim_id="c1"))
    assert p.read_text("utf-8") == "entries: [unclosed\n"


N_WRITERS, N_EACH = 4, 8


def test_concurrent_threads_lose_no_entry(tmp_path):
    p = write(tmp_path, "version: 1\nentries:\n")
    errors = []

    def writer(w):
        try:
            for k in range(N_EACH):
                add_curation_entry(p, meta(action="confirm_claim", claim_id=f"c_t{w}_{k}"))
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(N_WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ids = [e["claim_id"] for e in load_curation(p)]
    assert sorted(ids) == sorted(f"c_t{w}_{k}" for w in range(N_WRITERS) for k in range(N_EACH))


def _process_writer(path: str, w: int) -> None:
    for k in range(N_EACH):
        add_curation_entry(Path(path), meta(action="confirm_claim", claim_id=f"c_p{w}_{k}"))


def test_concurrent_processes_lose_no_entry(tmp_path):
    p = write(tmp_path, "version: 1\nentries:\n")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_process_writer, args=(str(p), w)) for w in range(N_WRITERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    ids = [e["claim_id"] for e in load_curation(p)]
    assert sorted(ids) == sorted(f"c_p{w}_{k}" for w in range(N_WRITERS) for k in range(N_EACH))


# ----------------------------------------------------------------------------- through the real build


@pytest.fixture(scope="module")
def seed_tables():
    from dashlib.building.pipeline import build_folder

    return build_folder(paths.SEEDS_DIR, curation_file=None)


def _two_claims(tables):
    if len(tables.claims) < 2:
        pytest.skip("the extraction finds fewer than two figures in the seeds")
    return tables.claims.iloc[0], tables.claims.iloc[1]


def test_build_applies_curation_and_reports_unmatched(tmp_path, seed_tables):
    from dashlib.building.pipeline import build_folder

    first, second = _two_claims(seed_tables)
    curation = tmp_path / "curation.yaml"
    curation.write_text(paths.CURATION_FILE.read_text("utf-8"), "utf-8")
    add_curation_entry(curation, meta(action="suppress_claim", claim_id=first["claim_id"]))
    add_curation_entry(
        curation,
        meta(action="correct_claim", claim_id=second["claim_id"], claimant="Curated claimant"),
    )
    add_curation_entry(curation, meta(action="confirm_claim", claim_id="c_does_not_exist"))
    before = (curation.read_bytes(), curation.stat().st_mtime_ns)

    tables = build_folder(paths.SEEDS_DIR, tmp_path / "out", curation_file=curation)
    claims = tables.claims.set_index("claim_id")
    assert first["claim_id"] not in claims.index
    assert claims.loc[second["claim_id"], "claimant"] == "Curated claimant"
    assert claims.loc[second["claim_id"], "source"] == "curated"
    report = tables.report["curation"]
    assert [u["entry"]["claim_id"] for u in report["unmatched"]] == ["c_does_not_exist"]
    assert any("c_does_not_exist" in w for w in tables.report["warnings"])
    # estimates follow the curated claims; the curation file is never rewritten
    assert len(tables.claims) == len(seed_tables.claims) - 1
    assert (curation.read_bytes(), curation.stat().st_mtime_ns) == before
    # counts on the incident are recomputed
    inc = tables.incidents.set_index("incident_id")
    n = tables.claims.groupby("incident_id").size()
    for iid, count in n.items():
        assert inc.loc[iid, "n_claims"] == count


def test_build_merge_of_two_real_incidents(seed_tables):
    from dashlib.building.load import read_folder
    from dashlib.building.pipeline import build_tables

    if len(seed_tables.incidents) < 2:
        pytest.skip("fewer than two incidents in the seeds")
    keep, other = seed_tables.incidents["incident_id"].iloc[:2]
    sources, _ = read_folder(paths.SEEDS_DIR)
    tables = build_tables(
        sources, curation_entries=[meta(action="merge_incidents", incident_ids=[keep, other])]
    )
    assert other not in set(tables.incidents["incident_id"])
    for name in ("claims", "targets", "mentions", "estimates"):
        assert other not in set(tables.frame(name)["incident_id"])
    n_before = int((seed_tables.claims["incident_id"].isin([keep, other])).sum())
    assert int((tables.claims["incident_id"] == keep).sum()) == n_before


def test_build_add_claim_finds_the_quote(seed_tables):
    from dashlib.building.load import read_folder
    from dashlib.building.pipeline import build_tables

    if seed_tables.incidents.empty:
        pytest.skip("no incident in the seeds")
    art = seed_tables.articles.iloc[0]
    iid = seed_tables.incidents["incident_id"].iloc[0]
    sentence = next(s for s in art["text"].split("\n") if len(s) > 40)[:60]
    entry = meta(
        action="add_claim", incident_id=iid, article_id=art["article_id"], quote=sentence,
        metric="attacks", victim_group="all", claimant_type="media", claimant="",
        value_low=1, value_high=1, qualifier="exact", number_text=sentence.split()[0],
    )  # fmt: skip
    sources, _ = read_folder(paths.SEEDS_DIR)
    tables = build_tables(sources, curation_entries=[entry])
    assert not tables.report["curation"]["unmatched"], tables.report["curation"]["unmatched"]
    added = tables.claims[tables.claims["source"] == "curated"]
    assert len(added) == 1 and added.iloc[0]["quote"] == sentence
