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
claim states. The claimant types' own ranges stay in their columns. ``high_open`` is true
when some claim has no upper bound ("over 200"), so the true high may be above
``high``. ``tests/test_reconcile.py`` states the same rule group by group in plain
Python and checks that this vectorised version agrees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashlib import schemas

SIDES = ("government", "insurgents", "independent", "unspecified")
_SIDE_OF_TYPE = {
    "government": "government",
    "insurgents": "insurgents",
    "media": "independent",
    "other": "independent",
    "unspecified": "unspecified",
}


def _half_up(x: pd.Series) -> pd.Series:
    return np.floor(x.astype("float64") + 0.5)


_KEYS = ["incident_id", "metric", "victim_group"]


def _claim_points(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that are not denials, as plain columns: keys, claimant type and side,
    article, low and high (NaN when not stated), the point a figure stands for (its
    low, else its high), the most it states, and whether it is open above."""
    c = claims[claims["stance"] != "denial"]
    c = pd.DataFrame(
        {
            "incident_id": c["incident_id"].to_numpy(dtype=object),
            "metric": c["metric"].to_numpy(dtype=object),
            "victim_group": c["victim_group"].to_numpy(dtype=object),
            "ctype": c["claimant_type"].to_numpy(dtype=object),
            "article_id": c["article_id"].to_numpy(dtype=object),
            "lo": c["value_low"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
            "hi": c["value_high"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
        }
    )
    c["side"] = c["ctype"].map(_SIDE_OF_TYPE)
    c["point"] = np.where(np.isnan(c["lo"]), c["hi"], c["lo"])
    c["stated_max"] = np.fmax(c["lo"], c["hi"])
    c["hi_open"] = np.isnan(c["hi"])
    return c


def _side_ranges(c: pd.DataFrame, index: pd.Index) -> dict[str, dict[str, pd.Series]]:
    """Per side (government, insurgents, independent, ...): the lowest low and highest
    high it states for each group of ``index`` (NaN where it states none, the high NaN
    when one of its figures is open above), and whether it states any figure."""
    side = c.groupby([*_KEYS, "side"], sort=False).agg(
        lo=("lo", "min"), hi=("hi", "max"), hi_open=("hi_open", "any")
    )
    side["hi"] = side["hi"].where(~side["hi_open"])
    lo, hi = side["lo"].unstack("side"), side["hi"].unstack("side")
    present = side["hi_open"].notna().unstack("side", fill_value=False)
    nan = pd.Series(np.nan, index=index)
    return {
        s: {
            "low": lo[s].reindex(index) if s in lo else nan,
            "high": hi[s].reindex(index) if s in hi else nan,
            "present": (
                present[s].reindex(index, fill_value=False).astype(bool)
                if s in present
                else pd.Series(False, index=index)
            ),
        }
        for s in SIDES
    }


def _best_and_gap(c: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """``best`` (the median of independent figures, else the median of the per-type
    medians of the other types), what it is based on, and ``gap_ratio`` (insurgents'
    median over the government's), for each group of ``index``."""
    has_point = c[~np.isnan(c["point"])]
    type_med = has_point.groupby([*_KEYS, "ctype"], sort=False)["point"].median()
    ind = has_point[has_point["side"] == "independent"].groupby(_KEYS, sort=False)["point"]
    ind = ind.median().reindex(index)
    tm = type_med.reset_index()
    nonind = tm[~tm["ctype"].isin(["media", "other"])]
    across = nonind.groupby(_KEYS, sort=False)["point"].median().reindex(index)
    names = nonind.sort_values("ctype").groupby(_KEYS, sort=False)["ctype"].agg(", ".join)
    out = pd.DataFrame(index=index)
    out["best"] = _half_up(ind.where(ind.notna(), across))
    out["best_basis"] = np.where(
        ind.notna(),
        "median of independent figures (media, other)",
        np.where(
            across.notna(),
            "median across claimant types: " + names.reindex(index).fillna("").astype(str),
            "no bounded figure",
        ),
    )
    types = set(tm["ctype"])
    if "government" in types and "insurgents" in types:
        gv = type_med.xs("government", level="ctype").reindex(index)
        iv = type_med.xs("insurgents", level="ctype").reindex(index)
        out["gap_ratio"] = (iv / gv).where(gv > 0).round(3)
    else:
        out["gap_ratio"] = np.nan
    return out


def _contested(sides: dict[str, dict[str, pd.Series]], index: pd.Index) -> pd.Series:
    """True where two sides that both state a figure state ranges that do not overlap
    (an open-ended figure reaches to infinity)."""
    lo = {s: r["low"].fillna(0) for s, r in sides.items()}
    hi = {s: r["high"].fillna(np.inf) for s, r in sides.items()}
    contested = pd.Series(False, index=index)
    for i, a in enumerate(SIDES):
        for b in SIDES[i + 1 :]:
            apart = (lo[a] > hi[b]) | (lo[b] > hi[a])
            contested |= sides[a]["present"] & sides[b]["present"] & apart
    return contested


def estimates_from_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The estimates table: one row per incident, metric and victim group with claims.

    Vectorised with groupby (500k claims in about a second). Denials are left
    out: a denied figure is not a claim of that figure. :func:`estimate_row`
    states the same rule for one group in plain Python; the tests check that
    both agree.
    """
    if claims is None or not len(claims):
        return schemas.empty_frame("estimates")
    c = _claim_points(claims)
    if c.empty:
        return schemas.empty_frame("estimates")
    out = c.groupby(_KEYS, sort=True).agg(
        low=("point", "min"),
        high=("stated_max", "max"),
        n_claims=("ctype", "size"),
        n_articles=("article_id", "nunique"),
        n_claimant_types=("ctype", "nunique"),
        high_open=("hi_open", "any"),
    )
    sides = _side_ranges(c, out.index)
    for s in SIDES:
        out[f"{s}_low"] = sides[s]["low"]
        out[f"{s}_high"] = sides[s]["high"]
    out = out.join(_best_and_gap(c, out.index))
    out["contested"] = _contested(sides, out.index)
    return schemas.conform(out.reset_index(), "estimates")
