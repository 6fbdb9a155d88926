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


def _range(rows: pd.DataFrame) -> tuple[int | None, int | None]:
    lows = [_int(v) for v in rows["value_low"] if _int(v) is not None]
    highs = [_int(v) for v in rows["value_high"]]
    low = min(lows) if lows else None
    high = None if any(h is None for h in highs) else max(highs)
    return low, high


def _overlap(a: tuple, b: tuple) -> bool:
    alo, ahi = a[0] or 0, math.inf if a[1] is None else a[1]
    blo, bhi = b[0] or 0, math.inf if b[1] is None else b[1]
    return alo <= bhi and blo <= ahi


def estimate_row(rows: pd.DataFrame) -> dict:
    """The reconciled figures of one (incident, metric, victim group) from its claims."""
    points = {t: [] for t in _TYPE_COLUMNS}
    for t, lo, hi in zip(rows["claimant_type"], rows["value_low"], rows["value_high"], strict=True):
        p = claim_point(lo, hi)
        if p is not None:
            points[t].append(p)
    out: dict = {}
    ranges = {}
    for col in ("government", "insurgents", "independent", "unspecified"):
        types = [t for t, c in _TYPE_COLUMNS.items() if c == col]
        sub = rows[rows["claimant_type"].isin(types)]
        lo, hi = _range(sub) if len(sub) else (None, None)
        out[f"{col}_low"], out[f"{col}_high"] = lo, hi
        if len(sub):
            ranges[col] = (lo, hi)
    all_points = [p for ps in points.values() for p in ps]
    stated = [_int(v) for v in rows["value_high"]] + [_int(v) for v in rows["value_low"]]
    stated = [v for v in stated if v is not None]
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
    out["n_claims"] = len(rows)
    out["n_articles"] = rows["article_id"].nunique()
    out["n_claimant_types"] = rows["claimant_type"].nunique()
    return out


def estimates_from_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The estimates table: one row per incident, metric and victim group with claims.

    Denials are left out: a denied figure is not a claim of that figure.
    """
    if claims is None or not len(claims):
        return schemas.empty_frame("estimates")
    usable = claims[claims["stance"] != "denial"]
    rows = []
    for (iid, metric, group), sub in usable.groupby(
        ["incident_id", "metric", "victim_group"], sort=True
    ):
        rows.append(
            {"incident_id": iid, "metric": metric, "victim_group": group, **estimate_row(sub)}
        )
    return schemas.conform(pd.DataFrame(rows), "estimates")
