"""Totals per incident and headline figures, from the estimates table.

Killed per incident. :func:`incident_totals` gives one low/best/high per incident and
metric: the ``all`` victim-group row of ``estimates`` where the incident has one,
otherwise the sum of its victim-group rows. The pages say so in their captions.
:func:`headline` sums them into the overview's headline figures, and
:func:`contested_table` lists the incidents whose sources disagree most.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashlib.reading.code_labels import METRIC_LABELS, SIDE_LABELS, SIDES, VICTIM_GROUP_LABELS
from dashlib.reading.frames import objects
from dashlib.views.formatting import fmt_num, fmt_range

_EST_NUM = ["low", "best", "high"]


def row_open_high(estimates: pd.DataFrame) -> pd.Series:
    """True for estimate rows where some claim is open-ended ('over 200', 'dozens').

    In the estimates a side's ``*_high`` is empty when one of its claims has no
    upper bound, while ``high`` stays the highest value any claim states.
    """
    open_ = pd.Series(False, index=estimates.index)
    for side in SIDES:
        open_ |= (estimates[f"{side}_low"].notna() & estimates[f"{side}_high"].isna()).astype(bool)
    open_ |= (estimates["high"].isna() & estimates["low"].notna()).astype(bool)
    return open_


def _combine_groups(
    incident_id: pd.Series,
    is_all: pd.Series,
    low: pd.Series,
    best: pd.Series,
    high: pd.Series,
    open_: pd.Series,
) -> pd.DataFrame:
    """Per incident: the 'all victims' row where there is one, else the sum of the groups.

    ``high`` is the larger of the 'all' high and the sum of the groups' highs, so a
    higher claim about one group is never hidden behind a lower overall figure.
    Vectorised with integer codes (it runs for every chart on large tables).
    """
    codes, uniq = pd.factorize(objects(incident_id))
    n = len(uniq)
    is_all = np.asarray(is_all, dtype=bool)
    open_ = np.asarray(open_, dtype=bool)
    vals = {
        k: pd.to_numeric(v, errors="coerce").astype("float64").to_numpy()
        for k, v in (("low", low), ("best", best), ("high", high))
    }
    first_all = np.full(n, -1)
    rows = np.flatnonzero(is_all)[::-1]  # reversed: the first 'all' row of an incident wins
    first_all[codes[rows]] = rows
    has_all_row = first_all >= 0
    grp = ~is_all
    a, g = {}, {}
    for k, v in vals.items():
        a[k] = np.where(has_all_row, v[np.maximum(first_all, 0)], np.nan)
        known = grp & ~np.isnan(v)
        total = np.bincount(codes[known], weights=v[known], minlength=n)
        count = np.bincount(codes[known], minlength=n)
        g[k] = np.where(count > 0, total, np.nan)
    a_open = np.where(has_all_row, open_[np.maximum(first_all, 0)], False)
    g_open = np.bincount(codes[grp & open_], minlength=n) > 0
    has_all = ~(np.isnan(a["low"]) & np.isnan(a["best"]) & np.isnan(a["high"]))
    out = pd.DataFrame(index=pd.Index(uniq, name="incident_id"))
    out["low"] = np.where(has_all, a["low"], g["low"])
    out["best"] = np.where(has_all, a["best"], g["best"])
    high_ = np.fmax(a["high"], g["high"])
    out["high"] = high_
    a_wins = np.nan_to_num(a["high"], nan=-1) >= np.nan_to_num(g["high"], nan=-1)
    out["high_open"] = np.where(a_wins, a_open, g_open) | (np.isnan(high_) & ~np.isnan(out["low"]))
    out["basis"] = np.where(has_all, "all victims", "sum of groups")
    return out


def incident_totals(estimates: pd.DataFrame, metric: str = "killed") -> pd.DataFrame:
    """One low/best/high per incident for ``metric``, without hiding any claim.

    ``low`` and ``best`` come from the incident's 'all victims' row where there
    is one, otherwise from the sum of its victim-group rows. ``high`` is the
    larger of the 'all victims' high and the sum of the groups' highs, so a
    higher claim about one group (e.g. "over 200 hostages killed") is never
    hidden behind a lower overall figure. ``high_open`` is True when a claim
    behind it is open-ended (the high is then a minimum). Columns:
    incident_id, low, best, high, high_open, n_claims, basis.
    """
    cols = ["incident_id", "low", "best", "high", "high_open", "n_claims", "basis"]
    e = estimates[estimates["metric"] == metric]
    if e.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols}).astype(
            {
                "low": "Float64",
                "best": "Float64",
                "high": "Float64",
                "high_open": bool,
                "n_claims": "Int64",
            }
        )
    out = _combine_groups(
        e["incident_id"],
        e["victim_group"] == "all",
        e["low"],
        e["best"],
        e["high"],
        row_open_high(e),
    )
    codes, _ = pd.factorize(objects(e["incident_id"]))
    n = np.bincount(
        codes, weights=e["n_claims"].astype("float64").fillna(0).to_numpy(), minlength=len(out)
    )
    out["n_claims"] = pd.array(n.astype("int64"), dtype="Int64")
    out = out.reset_index(names="incident_id")
    for c in _EST_NUM:
        out[c] = out[c].astype("Float64")
    out["high_open"] = out["high_open"].astype(bool)
    return out[cols]


def side_totals(estimates: pd.DataFrame, metric: str, side: str) -> pd.DataFrame:
    """Per incident, one side's range for ``metric`` (same victim-group rule as :func:`incident_totals`).

    An open-ended figure ('over 200') adds its stated minimum to the high and
    sets ``high_open``. Only incidents where that side gave a figure.
    """
    e = estimates[estimates["metric"] == metric]
    lo, hi = e[f"{side}_low"], e[f"{side}_high"]
    has = (lo.notna() | hi.notna()).to_numpy(dtype=bool)
    e, lo, hi = e[has], lo[has], hi[has]
    if e.empty:
        return pd.DataFrame(columns=["incident_id", "low", "high", "high_open"])
    open_ = (lo.notna() & hi.isna()).astype(bool)
    lo_f = lo.astype("Float64").fillna(0)
    hi_f = hi.astype("Float64").fillna(lo.astype("Float64"))
    out = _combine_groups(e["incident_id"], e["victim_group"] == "all", lo_f, lo_f, hi_f, open_)
    return out.reset_index(names="incident_id")[["incident_id", "low", "high", "high_open"]]


def headline(estimates: pd.DataFrame, claims: pd.DataFrame, metric: str = "killed") -> dict:
    """Headline figure for ``metric``: summed low/best/high over incidents and what is behind it.

    Returns a dict with low, best, high (floats or None), high_open (some claim
    is open-ended), n_incidents, n_claims, n_articles (distinct articles with a
    claim for the metric), and per side: ``sides[side] = (low, high, n_incidents,
    open)`` where open means some figure has no upper bound (its minimum is in
    the high).
    """
    tot = incident_totals(estimates, metric)
    c = claims[claims["metric"] == metric]
    out = {
        "metric": metric,
        "low": _sum_or_none(tot["low"]),
        "best": _sum_or_none(tot["best"]),
        "high": _sum_or_none(tot["high"]),
        "high_open": bool(tot["high_open"].any()),
        "n_incidents": len(tot),
        "n_claims": len(c),
        "n_articles": int(c["article_id"].nunique()),
        "sides": {},
    }
    for side in SIDES:
        st_ = side_totals(estimates, metric, side)
        if len(st_):
            out["sides"][side] = (
                float(st_["low"].sum()),
                _sum_or_none(st_["high"]),
                len(st_),
                bool(st_["high_open"].any()),
            )
    return out


def _sum_or_none(s: pd.Series):
    s = pd.to_numeric(s, errors="coerce").dropna()
    return float(s.sum()) if len(s) else None


def headline_table(
    estimates: pd.DataFrame, claims: pd.DataFrame, metrics: Iterable[str]
) -> pd.DataFrame:
    """One row per metric: the range over all claims, best, and each side's range, as text."""
    return headline_rows(headline(estimates, claims, m) for m in metrics)


def headline_rows(headlines: Iterable[dict]) -> pd.DataFrame:
    """The rows of :func:`headline_table` from :func:`headline` results (metrics with no
    incident are left out)."""
    rows = []
    for h in headlines:
        m = h["metric"]
        if h["n_incidents"] == 0:
            continue
        row = {
            "Figure": METRIC_LABELS.get(m, m),
            "Range (all claims)": fmt_range(h["low"], h["high"], h["high_open"]),
            "Best": fmt_num(h["best"]),
            "Incidents": h["n_incidents"],
            "Articles": h["n_articles"],
        }
        for side in SIDES:
            lo, hi, n, open_ = h["sides"].get(side, (None, None, 0, False))
            row[SIDE_LABELS[side]] = f"{fmt_range(lo, hi, open_)} ({n} inc.)" if n else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def contested_table(estimates: pd.DataFrame, incidents: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most contested (incident, metric, victim group) rows, widest disagreement first.

    Only rows where two or more kinds of source give different figures. Ranked
    by the contested flag (ranges that do not overlap), then by the spread
    between the highest and lowest figure (high / low).
    """
    e = estimates[estimates["n_claimant_types"].fillna(0) >= 2].copy()
    if not e.empty:
        keys = {
            s_: (
                e[f"{s_}_low"].astype("Float64").fillna(-1).to_numpy(dtype="float64"),
                e[f"{s_}_high"].astype("Float64").fillna(-1).to_numpy(dtype="float64"),
                (e[f"{s_}_low"].notna() | e[f"{s_}_high"].notna()).to_numpy(dtype=bool),
            )
            for s_ in SIDES
        }
        distinct = np.zeros(len(e), dtype=bool)
        for k, a in enumerate(SIDES):
            for b in SIDES[k + 1 :]:
                (alo, ahi, ap), (blo, bhi, bp) = keys[a], keys[b]
                distinct |= ap & bp & ((alo != blo) | (ahi != bhi))
        e = e[distinct | e["contested"].astype(bool).to_numpy()]
    if e.empty:
        return pd.DataFrame()
    low = e["low"].astype("Float64").fillna(0)
    high = e["high"].astype("Float64").fillna(low * 2)
    e["_spread"] = (high.astype("float64") + 1) / (low.astype("float64") + 1)
    e = e.sort_values(["contested", "_spread", "n_claims"], ascending=[False, False, False]).head(n)
    lab = incidents.set_index("incident_id")["label"]
    out = pd.DataFrame(
        {
            "incident_id": e["incident_id"].to_numpy(),
            "Incident": e["incident_id"].map(lab).fillna("").to_numpy(),
            "Figure": (
                e["metric"].map(METRIC_LABELS) + " – " + e["victim_group"].map(VICTIM_GROUP_LABELS)
            ).to_numpy(),
        }
    )
    for side in SIDES:
        out[SIDE_LABELS[side]] = [
            fmt_range(lo, hi) if not (pd.isna(lo) and pd.isna(hi)) else "–"
            for lo, hi in zip(e[f"{side}_low"], e[f"{side}_high"], strict=True)
        ]
    out["Insurgent ÷ government"] = e["gap_ratio"].astype("Float64").round(1).to_numpy()
    out["Contested"] = e["contested"].astype(bool).to_numpy()
    out["Claims"] = e["n_claims"].to_numpy()
    return out
