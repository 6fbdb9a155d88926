"""Reconciliation: one row per incident, metric and victim group, every side kept.

The rule for ``best`` (documented in the README and data dictionary):

1. Each claim's *point* is the lowest value its wording allows (``value_low``;
   for "up to N", N). "over 200" counts as 201 and "dozens" as 24, so vague
   wording never inflates a figure.
2. If independent sources (an outlet's own count, rights groups, witnesses)
   give figures, ``best`` is the median of their points.
3. Otherwise ``best`` is the median, across the claimant types present
   (government, insurgents, unspecified), of each type's median point: every
   side counts once, however often it is repeated.

``low`` is the lowest point of any claim and ``high`` the highest value any
claim states. The claimant types' own ranges stay in their columns.
"""

from __future__ import annotations

import math
from statistics import median

import pandas as pd

from dashlib import schemas

_TYPE_COLUMNS = {
    "government": "government",
    "insurgents": "insurgents",
    "media": "independent",
    "other": "independent",
    "unspecified": "unspecified",
}


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def claim_point(low, high) -> int | None:
    """The lowest value a claim's wording allows (its upper bound if it has no lower one)."""
    low, high = _int(low), _int(high)
    return low if low is not None else high


def _round(x: float) -> int:
    return math.floor(x + 0.5)


def _overlap(a: tuple, b: tuple) -> bool:
    alo, ahi = a[0] or 0, math.inf if a[1] is None else a[1]
    blo, bhi = b[0] or 0, math.inf if b[1] is None else b[1]
    return alo <= bhi and blo <= ahi


def estimate_row(claims: list[tuple[str, int | None, int | None, str]]) -> dict:
    """The reconciled figures of one (incident, metric, victim group).

    ``claims`` are (claimant_type, value_low, value_high, article_id) tuples.
    """
    points: dict[str, list[int]] = {t: [] for t in _TYPE_COLUMNS}
    by_col: dict[str, list[tuple[int | None, int | None]]] = {}
    for t, lo, hi, _ in claims:
        p = lo if lo is not None else hi
        if p is not None:
            points[t].append(p)
        by_col.setdefault(_TYPE_COLUMNS[t], []).append((lo, hi))
    out: dict = {}
    ranges = {}
    for col in ("government", "insurgents", "independent", "unspecified"):
        rows = by_col.get(col)
        if not rows:
            out[f"{col}_low"] = out[f"{col}_high"] = None
            continue
        lows = [lo for lo, _ in rows if lo is not None]
        lo = min(lows) if lows else None
        hi = None if any(h is None for _, h in rows) else max(h for _, h in rows)
        out[f"{col}_low"], out[f"{col}_high"] = lo, hi
        ranges[col] = (lo, hi)
    all_points = [p for ps in points.values() for p in ps]
    stated = [v for _, lo, hi, _ in claims for v in (lo, hi) if v is not None]
    out["low"] = min(all_points) if all_points else None
    out["high"] = max(stated) if stated else None
    independent = points["media"] + points["other"]
    if independent:
        out["best"] = _round(median(independent))
        out["best_basis"] = "median of independent figures (media, other)"
    else:
        per_type = {t: median(ps) for t, ps in points.items() if ps}
        if per_type:
            out["best"] = _round(median(per_type.values()))
            out["best_basis"] = "median across claimant types: " + ", ".join(sorted(per_type))
        else:
            out["best"], out["best_basis"] = None, "no bounded figure"
    gov, ins = points["government"], points["insurgents"]
    out["gap_ratio"] = (
        round(median(ins) / median(gov), 3) if gov and ins and median(gov) > 0 else None
    )
    keys = sorted(ranges)
    out["contested"] = any(
        not _overlap(ranges[a], ranges[b]) for i, a in enumerate(keys) for b in keys[i + 1 :]
    )
    out["n_claims"] = len(claims)
    out["n_articles"] = len({a for *_, a in claims})
    out["n_claimant_types"] = len({t for t, *_ in claims})
    return out


def estimates_from_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The estimates table: one row per incident, metric and victim group with claims.

    Denials are left out: a denied figure is not a claim of that figure.
    """
    if claims is None or not len(claims):
        return schemas.empty_frame("estimates")
    usable = claims[claims["stance"] != "denial"]
    groups: dict[tuple[str, str, str], list] = {}
    cols = [
        usable[c] for c in ("incident_id", "metric", "victim_group", "claimant_type", "article_id")
    ]
    lows = [_int(v) for v in usable["value_low"]]
    highs = [_int(v) for v in usable["value_high"]]
    for (iid, metric, group, ctype, aid), lo, hi in zip(
        zip(*cols, strict=True), lows, highs, strict=True
    ):
        groups.setdefault((iid, metric, group), []).append((ctype, lo, hi, aid))
    rows = [
        {"incident_id": k[0], "metric": k[1], "victim_group": k[2], **estimate_row(v)}
        for k, v in sorted(groups.items())
    ]
    return schemas.conform(pd.DataFrame(rows), "estimates")
