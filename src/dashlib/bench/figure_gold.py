"""Scoring a build's claims against a gold CSV of the figures real reports state.

The gold format is the one of the shared real reports (``file, incident_name,
incident_date, location, target_category, claimant, metric, value_low, value_high,
qualifier, evidence, incident_key``): one row per figure a source states in an article.
The matching rules are those of the shared scorer, so the numbers are the same:

* a gold figure is *found* when a claim of the same article has a compatible metric and
  victim group (:data:`METRIC`) and states the same number (its low, or its high; an
  "over N" figure may be stored as N or N+1). Each claim serves one gold figure at most,
  and a claim whose claimant type is the gold one is preferred;
* **recall** is found / gold figures; **precision** is casualty claims (killed, injured,
  hostages) that serve a gold figure / all casualty claims of the scored articles;
  **claimant** is found figures whose claimant type is right / found figures;
* **incident pairs**: one article's figures about one gold incident form a unit, whose
  incident in the build is the one most of its found figures carry; every two units of
  different articles are a pair, the same event or not in the gold, one incident or not in
  the build;
* **sides**: the gold incidents and counts for which both the government and the
  insurgents state a figure, and how many of them the build puts in one incident, each
  side's figure with its right claimant type.

On top of the shared scorer's summary, :func:`format_report` breaks the numbers down by
metric and by claimant type and lists every miss, so a person can see what to fix.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd

from dashlib.tables import Tables

# gold metric -> accepted (metric, victim_group) pairs of the claims table; None = any group
METRIC: dict[str, list[tuple[str, str | None]]] = {
    "killed": [
        ("killed", g) for g in ("all", "unknown", "passengers", "hostages", "civilians", "")
    ],
    "civilians_killed": [
        ("killed", "civilians"),
        ("killed", "foreign_nationals"),
        ("killed", "passengers"),
        ("killed", "hostages"),
    ],
    "security_killed": [("killed", "security_forces")],
    "insurgents_killed": [("killed", "insurgents"), ("attackers", None)],
    "injured": [("injured", None)],
    "hostages": [("hostages", None), ("rescued", None), ("abducted", None)],
    "attackers": [("attackers", None), ("killed", "insurgents")],
}
CLAIMANT = {
    "military/government": "government",
    "BLA/insurgents": "insurgents",
    "media/independent": "media",
    "unspecified": "unspecified",
}
CASUALTY_METRICS = ("killed", "injured", "hostages")


def load_figure_gold(path: str | Path) -> list[dict]:
    """The rows of a gold CSV (the real reports' format), as dicts of strings."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if v != v else v  # NaN is no value


def value_matches(claim: dict, low: float | None, qualifier: str) -> bool:
    """Does the claim state the gold number (its low or its high; "over N" as N or N+1)?"""
    if low is None:
        return False
    v, hi = _num(claim.get("value_low")), _num(claim.get("value_high"))
    over = qualifier == "over" or claim.get("qualifier") == "over"
    if v is not None and (abs(v - low) < 0.5 or (over and abs(v - low - 1) < 0.5)):
        return True
    return hi is not None and abs(hi - low) < 0.5


def metric_matches(claim: dict, gold_metric: str) -> bool:
    """Is the claim's metric and victim group compatible with the gold metric?"""
    pairs = METRIC.get(gold_metric, [(gold_metric, None)])
    m, g = claim.get("metric"), claim.get("victim_group") or ""
    return any(m == pm and (pg is None or g == pg) for pm, pg in pairs)


@dataclass
class FigureScore:
    """The shared scorer's numbers for one build, with what lies behind them."""

    n_gold: int = 0
    found: list[tuple[dict, dict]] = field(default_factory=list)  # (gold row, claim)
    missed: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)  # casualty claims serving no gold row
    n_casualty_claims: int = 0
    absent_files: list[str] = field(default_factory=list)
    pair_precision: float = 1.0
    pair_recall: float = 1.0
    same_event_pairs: int = 0
    sides_met: int = 0
    sides_of: int = 0

    @property
    def recall(self) -> float:
        return len(self.found) / self.n_gold if self.n_gold else 0.0

    @property
    def precision(self) -> float:
        n = self.n_casualty_claims
        return (n - len(self.unmatched)) / n if n else 0.0

    @property
    def claimant(self) -> float:
        right = sum(1 for g, c in self.found if _right_claimant(g, c))
        return right / len(self.found) if self.found else 0.0

    def summary(self) -> str:
        """One line, in the shared scorer's words."""
        line = (
            f"recall={self.recall:.2f} ({len(self.found)}/{self.n_gold}) "
            f"precision={self.precision:.2f} claimant={self.claimant:.2f}"
        )
        if self.same_event_pairs:
            line += f" incident_pairs={self.pair_precision:.2f}/{self.pair_recall:.2f}"
        if self.sides_of:
            line += f" sides={self.sides_met}/{self.sides_of}"
        return line


def _right_claimant(gold: dict, claim: dict) -> bool:
    return claim.get("claimant_type") == CLAIMANT.get(gold["claimant"], gold["claimant"])


def _claims_by_file(tables: Tables) -> tuple[dict[str, list[dict]], dict[str, str]]:
    articles = tables.articles
    file_of = {
        aid: PurePath(str(f)).name
        for aid, f in zip(articles["article_id"], articles["file"], strict=True)
    }
    by_file: dict[str, list[dict]] = defaultdict(list)
    for c in tables.claims.to_dict("records"):
        by_file[file_of.get(c.get("article_id"), "")].append(c)
    return by_file, file_of


def _match(gold: list[dict], by_file: dict[str, list[dict]], score: FigureScore) -> set[int]:
    used: set[int] = set()
    for g in gold:
        want = CLAIMANT.get(g["claimant"], g["claimant"])
        low = _num(g["value_low"])
        best = None
        for c in by_file.get(g["file"], []):
            if id(c) in used or not metric_matches(c, g["metric"]):
                continue
            if not value_matches(c, low, g["qualifier"]):
                continue
            rank = 2 if c.get("claimant_type") == want else 1
            if best is None or rank > best[0]:
                best = (rank, c)
        if best:
            used.add(id(best[1]))
            score.found.append((g, best[1]))
        else:
            score.missed.append(g)
    return used


def _incident_pairs(score: FigureScore) -> None:
    units: dict[tuple[str, str], list[str]] = {}
    for g, c in score.found:
        key = g.get("incident_key", g.get("incident_name", "")) or ""
        if key:
            units.setdefault((g["file"], key), []).append(c.get("incident_id") or "")
    items = [(f, k, max(set(ids), key=ids.count)) for (f, k), ids in units.items()]
    tp = fp = fn = 0
    for i, (f1, k1, p1) in enumerate(items):
        for f2, k2, p2 in items[i + 1 :]:
            if f1 == f2:
                continue
            same_gold, same_build = k1 == k2, bool(p1) and p1 == p2
            tp += same_gold and same_build
            fp += same_build and not same_gold
            fn += same_gold and not same_build
    score.same_event_pairs = tp + fn
    score.pair_precision = tp / (tp + fp) if tp + fp else 1.0
    score.pair_recall = tp / (tp + fn) if tp + fn else 1.0


def _sides(gold: list[dict], score: FigureScore) -> None:
    both: dict[tuple[str, str], set[str]] = {}
    for g in gold:
        if g.get("incident_key"):
            both.setdefault((g["incident_key"], g["metric"]), set()).add(
                CLAIMANT.get(g["claimant"], "")
            )
    wanted = {k for k, sides in both.items() if {"government", "insurgents"} <= sides}
    seen: dict[tuple[str, str], dict[str, set[str]]] = {}
    for g, c in score.found:
        k = (g.get("incident_key") or "", g["metric"])
        side = CLAIMANT.get(g["claimant"], "")
        if k in wanted and side in ("government", "insurgents") and c.get("claimant_type") == side:
            seen.setdefault(k, {}).setdefault(side, set()).add(c.get("incident_id") or "")
    score.sides_of = len(wanted)
    score.sides_met = sum(
        1
        for k in wanted
        if seen.get(k, {}).get("government", set()) & seen.get(k, {}).get("insurgents", set())
    )


def score_figures(tables: Tables, gold: list[dict]) -> FigureScore:
    """Score the claims of ``tables`` against ``gold`` rows (see the module's rules)."""
    by_file, file_of = _claims_by_file(tables)
    score = FigureScore()
    present = set(file_of.values())
    score.absent_files = sorted({g["file"] for g in gold} - present)
    gold = [g for g in gold if g["file"] in present]
    score.n_gold = len(gold)
    used = _match(gold, by_file, score)
    files = {g["file"] for g in gold}
    casualty = [
        c
        for f, cs in by_file.items()
        if f in files
        for c in cs
        if c.get("metric") in CASUALTY_METRICS
    ]
    score.n_casualty_claims = len(casualty)
    score.unmatched = [c for c in casualty if id(c) not in used]
    _incident_pairs(score)
    _sides(gold, score)
    return score


def breakdown(score: FigureScore) -> pd.DataFrame:
    """Recall and claimant accuracy per gold metric and per gold claimant type."""
    rows = []
    for by in ("metric", "claimant"):
        gold_n = Counter(g[by] for g in score.missed) + Counter(g[by] for g, _ in score.found)
        found_n = Counter(g[by] for g, _ in score.found)
        right_n = Counter(g[by] for g, c in score.found if _right_claimant(g, c))
        for key in sorted(gold_n):
            rows.append(
                {
                    "by": by,
                    "value": key,
                    "gold": gold_n[key],
                    "found": found_n[key],
                    "recall": found_n[key] / gold_n[key],
                    "claimant_right": right_n[key] / found_n[key] if found_n[key] else 0.0,
                }
            )
    return pd.DataFrame(rows)


def claimant_confusion(score: FigureScore) -> pd.DataFrame:
    """Found figures by the gold claimant type (rows) and the build's (columns)."""
    pairs = [
        (CLAIMANT.get(g["claimant"], g["claimant"]), c.get("claimant_type")) for g, c in score.found
    ]
    if not pairs:
        return pd.DataFrame()
    df = pd.DataFrame(pairs, columns=["gold", "build"])
    return pd.crosstab(df["gold"], df["build"])


def format_report(score: FigureScore, show: int = 12) -> str:
    """The summary line, the breakdowns, and the misses, wrong claimants and extra claims."""
    out = []
    if score.absent_files:
        out.append(f"not in the build, not scored ({len(score.absent_files)}): ")
        out[-1] += " ".join(score.absent_files)
    for g in score.missed:
        out.append(
            f"missed: {g['file']} {g['metric']} {g['value_low']} {g['claimant']} | "
            f"{(g.get('evidence') or '')[:90]}"
        )
    for g, c in score.found:
        if not _right_claimant(g, c):
            want = CLAIMANT.get(g["claimant"], g["claimant"])
            out.append(
                f"claimant: {g['file']} {g['metric']} {g['value_low']} want {want}, got "
                f"{c.get('claimant_type')} ({c.get('claimant') or '-'})"
            )
    for c in score.unmatched[:show]:
        out.append(
            f"unmatched: {c.get('metric')}/{c.get('victim_group')} {c.get('claimant_type')} "
            f"{c.get('value_low')}-{c.get('value_high')} | {(c.get('quote') or '')[:80]}"
        )
    if len(score.unmatched) > show:
        out.append(f"... and {len(score.unmatched) - show} more unmatched claims")
    table = breakdown(score)
    if not table.empty:
        out.append("\nby gold metric and by gold claimant type:")
        out.append(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    confusion = claimant_confusion(score)
    if not confusion.empty:
        out.append("\nclaimant type of the found figures (gold in rows, build in columns):")
        out.append(confusion.to_string())
    if score.same_event_pairs:
        out.append(
            f"\nincidents across articles: pair precision={score.pair_precision:.2f} "
            f"recall={score.pair_recall:.2f} (same-event pairs {score.same_event_pairs})"
        )
    if score.sides_of:
        out.append(
            f"both sides of one incident, side by side: {score.sides_met} of {score.sides_of}"
        )
    out.append(score.summary())
    return "\n".join(out)
