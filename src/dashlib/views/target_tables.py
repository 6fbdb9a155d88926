"""Incidents by target category."""

from __future__ import annotations

import pandas as pd

from dashlib.reading.code_labels import TARGET_LABELS
from dashlib.reading.frames import explode_categories
from dashlib.views.totals import incident_totals


def primary_category(incidents: pd.DataFrame) -> pd.Series:
    """First listed target category of each incident ('' if none)."""
    cats = incidents["target_categories"].astype("string").fillna("")
    return cats.str.replace(r";.*$", "", regex=True)


def targets_by_category(incidents: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """Per target category: incidents and summed killed low/best/high (an incident counts in each category)."""
    ex = explode_categories(incidents)
    if ex.empty:
        return pd.DataFrame(
            columns=["category", "label", "incidents", "low", "best", "high", "high_open"]
        )
    tot = incident_totals(estimates, "killed")
    ex = ex.merge(
        tot[["incident_id", "low", "best", "high", "high_open"]], on="incident_id", how="left"
    )
    ex["high_open"] = ex["high_open"].fillna(False).astype(bool)
    g = ex.groupby("category", sort=False).agg(
        incidents=("incident_id", "nunique"),
        low=("low", lambda s: s.sum(min_count=1)),
        best=("best", lambda s: s.sum(min_count=1)),
        high=("high", lambda s: s.sum(min_count=1)),
        high_open=("high_open", "any"),
    )
    g = g.reset_index().sort_values("incidents", ascending=False, kind="stable")
    g["label"] = g["category"].map(TARGET_LABELS).fillna(g["category"])
    return g[["category", "label", "incidents", "low", "best", "high", "high_open"]].reset_index(
        drop=True
    )
