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


def estimates_from_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The estimates table: one row per incident, metric and victim group with claims.

    Vectorised with groupby (500k claims in about a second). Denials are left
    out: a denied figure is not a claim of that figure. :func:`estimate_row`
    states the same rule for one group in plain Python; the tests check that
    both agree.
    """
    if claims is None or not len(claims):
        return schemas.empty_frame("estimates")
    keys = ["incident_id", "metric", "victim_group"]
    c = claims[claims["stance"] != "denial"]
    if c.empty:
        return schemas.empty_frame("estimates")
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
    g = c.groupby(keys, sort=True)
    out = g.agg(
        low=("point", "min"),
        high=("stated_max", "max"),
        n_claims=("ctype", "size"),
        n_articles=("article_id", "nunique"),
        n_claimant_types=("ctype", "nunique"),
        high_open=("hi_open", "any"),
    )
    side = c.groupby([*keys, "side"], sort=False).agg(
        lo=("lo", "min"), hi=("hi", "max"), hi_open=("hi_open", "any")
    )
    side["hi"] = side["hi"].where(~side["hi_open"])
    side_lo = side["lo"].unstack("side")
    side_hi = side["hi"].unstack("side")
    present = side["hi_open"].notna().unstack("side", fill_value=False)
    for s in SIDES:
        out[f"{s}_low"] = side_lo[s].reindex(out.index) if s in side_lo else np.nan
        out[f"{s}_high"] = side_hi[s].reindex(out.index) if s in side_hi else np.nan
    # best: median of independent points, else median of the per-type medians
    has_point = c[~np.isnan(c["point"])]
    type_med = has_point.groupby([*keys, "ctype"], sort=False)["point"].median()
    ind = has_point[has_point["side"] == "independent"].groupby(keys, sort=False)["point"].median()
    tm = type_med.reset_index()
    nonind = tm[~tm["ctype"].isin(["media", "other"])]
    across = nonind.groupby(keys, sort=False)["point"].median()
    names = nonind.sort_values("ctype").groupby(keys, sort=False)["ctype"].agg(", ".join)
    ind = ind.reindex(out.index)
    across = across.reindex(out.index)
    out["best"] = _half_up(ind.where(ind.notna(), across))
    out["best_basis"] = np.where(
        ind.notna(),
        "median of independent figures (media, other)",
        np.where(
            across.notna(),
            "median across claimant types: " + names.reindex(out.index).fillna("").astype(str),
            "no bounded figure",
        ),
    )
    gov = type_med.xs("government", level="ctype") if "government" in set(tm["ctype"]) else None
    ins = type_med.xs("insurgents", level="ctype") if "insurgents" in set(tm["ctype"]) else None
    if gov is not None and ins is not None:
        gv, iv = gov.reindex(out.index), ins.reindex(out.index)
        out["gap_ratio"] = (iv / gv).where(gv > 0).round(3)
    else:
        out["gap_ratio"] = np.nan
    lo_f = {
        s: (
            side_lo[s].reindex(out.index).fillna(0)
            if s in side_lo
            else pd.Series(0.0, index=out.index)
        )
        for s in SIDES
    }
    hi_f = {
        s: (
            side_hi[s].reindex(out.index).fillna(np.inf)
            if s in side_hi
            else pd.Series(np.inf, index=out.index)
        )
        for s in SIDES
    }
    pres = {
        s: (
            present[s].reindex(out.index, fill_value=False).astype(bool)
            if s in present
            else pd.Series(False, index=out.index)
        )
        for s in SIDES
    }
    contested = pd.Series(False, index=out.index)
    for i, a in enumerate(SIDES):
        for b in SIDES[i + 1 :]:
            apart = (lo_f[a] > hi_f[b]) | (lo_f[b] > hi_f[a])
            contested |= pres[a] & pres[b] & apart
    out["contested"] = contested
    return schemas.conform(out.reset_index(), "estimates")
