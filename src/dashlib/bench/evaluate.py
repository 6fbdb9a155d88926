"""Scoring a build against a hand-written gold annotation (precision and recall per field).

A gold file is YAML with ``incidents`` (anchored by file and quoted phrase) and
``claims`` (file, figure as written, and the expected fields); see
``tests/gold/seeds_gold.yaml``. ``dashlib evaluate GOLD --articles DIR`` prints
the same report for any folder a user has annotated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from dashlib.tables import Tables

CLAIM_FIELDS = (
    "metric",
    "victim_group",
    "claimant_type",
    "value_low",
    "value_high",
    "qualifier",
    "relayed_by",
    "incident",
)
INCIDENT_FIELDS = (
    "articles",
    "date_start",
    "date_end",
    "date_precision",
    "incident_type",
    "place",
    "geo_precision",
)


@dataclass
class Score:
    """Precision/recall per field, and every disagreement, for reading."""

    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(
        self, table: str, name: str, correct_p: int, n_pred: int, correct_r: int, n_gold: int
    ) -> None:
        self.rows.append(
            {
                "table": table,
                "field": name,
                "precision": correct_p / n_pred if n_pred else 1.0,
                "recall": correct_r / n_gold if n_gold else 1.0,
                "n_extracted": n_pred,
                "n_gold": n_gold,
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)

    def minimum(self) -> float:
        return min([r["precision"] for r in self.rows] + [r["recall"] for r in self.rows])

    def __str__(self) -> str:
        lines = [
            f"{'table':<10} {'field':<15} {'precision':>9} {'recall':>7} {'extracted':>9} {'gold':>5}"
        ]
        for r in self.rows:
            lines.append(
                f"{r['table']:<10} {r['field']:<15} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['n_extracted']:>9} {r['n_gold']:>5}"
            )
        if self.errors:
            lines.append("disagreements:")
            lines += [f"  - {e}" for e in self.errors]
        return "\n".join(lines)


def load_gold(path: str | Path) -> dict:
    """Read a gold YAML file."""
    return yaml.safe_load(Path(path).read_text("utf-8"))


def _norm(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v if isinstance(v, str) else int(v) if isinstance(v, int) else v


def _match_incidents(
    tables: Tables, gold: dict
) -> tuple[dict[str, str | None], dict[str, set[str]]]:
    files = dict(zip(tables.articles["article_id"], tables.articles["file"], strict=True))
    mentions = tables.mentions.assign(file=tables.mentions["article_id"].map(files))
    match: dict[str, str | None] = {}
    covered: dict[str, set[str]] = {}
    for key, g in (gold.get("incidents") or {}).items():
        votes: dict[str, int] = defaultdict(int)
        tightest: dict[str, int] = {}  # the shortest mention of each incident holding a phrase
        for file, phrase in g["anchors"]:
            hits = mentions[
                (mentions["file"] == file) & mentions["quote"].str.contains(phrase, regex=False)
            ]
            for iid, quote in zip(hits["incident_id"], hits["quote"], strict=True):
                tightest[iid] = min(tightest.get(iid, len(quote)), len(quote))
            for iid in set(hits["incident_id"]):
                votes[iid] += 1
        # most anchors first; among incidents with as many, the one whose words are the
        # anchor's most closely (a site of a wave of attacks within the wave's sentence)
        match[key] = min(sorted(votes), key=lambda i: (-votes[i], tightest[i])) if votes else None
        covered[key] = {f for f, _ in g["anchors"]}
    return match, covered


def score_tables(tables: Tables, gold: dict) -> Score:
    """Compare ``tables`` with ``gold``; see the module docstring for the format."""
    sc = Score()
    files = dict(zip(tables.articles["article_id"], tables.articles["file"], strict=True))
    inc_match, inc_files = _match_incidents(tables, gold)
    inc_by_id = {r["incident_id"]: r for r in tables.incidents.to_dict("records")}
    gold_of_incident = {v: k for k, v in inc_match.items() if v}

    # -- claims -------------------------------------------------------------
    pred = tables.claims.assign(file=tables.claims["article_id"].map(files)).sort_values(
        ["file", "figure_start"]
    )
    pool: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in pred.to_dict("records"):
        pool[(r["file"], r["number_text"])].append(r)
    pairs = []
    gold_claims = gold.get("claims") or []
    for g in gold_claims:
        cands = pool.get((g["file"], g["figure"]), [])
        if cands:
            pairs.append((g, cands.pop(0)))
        else:
            sc.errors.append(f"missed figure {g['figure']!r} in {g['file']}")
    for rest in pool.values():
        for r in rest:
            sc.errors.append(
                f"extra figure {r['number_text']!r} in {r['file']}: {r['metric']}/{r['victim_group']}"
            )
    n_pred, n_gold = len(pred), len(gold_claims)
    sc.add("claims", "detected", len(pairs), n_pred, len(pairs), n_gold)
    for f in CLAIM_FIELDS:
        ok = 0
        for g, r in pairs:
            want = g.get(f)
            if f == "incident":
                got = gold_of_incident.get(r["incident_id"])
            else:
                got = _norm(r[f])
                want = _norm(want if want is not None else ("" if f == "relayed_by" else None))
            if got == want:
                ok += 1
            else:
                sc.errors.append(f"{g['file']} {g['figure']!r}: {f} is {got!r}, gold {want!r}")
        sc.add("claims", f, ok, n_pred, ok, n_gold)

    # -- incidents -------------------------------------------------------------
    gold_inc = gold.get("incidents") or {}
    n_pred_inc = len(tables.incidents)
    matched = {k: v for k, v in inc_match.items() if v}
    for k, v in inc_match.items():
        if not v:
            sc.errors.append(f"missed incident {k}")
    for iid, r in inc_by_id.items():
        if iid not in gold_of_incident:
            sc.errors.append(f"extra incident {r['label']!r}")
    sc.add(
        "incidents", "detected", len(set(matched.values())), n_pred_inc, len(matched), len(gold_inc)
    )
    for f in INCIDENT_FIELDS:
        ok = 0
        for k, iid in matched.items():
            g, r = gold_inc[k], inc_by_id[iid]
            if f == "articles":
                got = {files[a] for a in r["article_ids"].split(";") if a}
                want = inc_files[k]
            else:
                got, want = r[f], g.get(f, "")
            if got == want:
                ok += 1
            else:
                sc.errors.append(f"incident {k}: {f} is {got!r}, gold {want!r}")
        sc.add("incidents", f, ok, n_pred_inc, ok, len(gold_inc))
    return sc
