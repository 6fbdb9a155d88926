"""Incidents by place: the district table, the map's points and the gazetteer's reference places."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from dashlib.reading.code_labels import TARGET_LABELS
from dashlib.views.formatting import fmt_num, fmt_range
from dashlib.views.target_tables import primary_category
from dashlib.views.totals import incident_totals


def district_table(incidents: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """Per district: incidents, how many have only an approximate location, and killed low/best/high."""
    if incidents.empty:
        return pd.DataFrame(
            columns=[
                "District",
                "Province",
                "Incidents",
                "Approximate location",
                "Killed (range)",
                "Killed (best)",
            ]
        )
    tot = incident_totals(estimates, "killed")
    df = incidents[["incident_id", "district", "province", "geo_precision"]].merge(
        tot, on="incident_id", how="left"
    )
    df["district"] = df["district"].where(
        df["district"] != "",
        "(no district: " + df["province"].where(df["province"] != "", "unknown") + ")",
    )
    df["approx"] = df["geo_precision"] != "town"
    df["high_open"] = df["high_open"].fillna(False).astype(bool)
    g = (
        df.groupby(["district", "province"], sort=False)
        .agg(
            incidents=("incident_id", "size"),
            approx=("approx", "sum"),
            low=("low", lambda s: s.sum(min_count=1)),
            best=("best", lambda s: s.sum(min_count=1)),
            high=("high", lambda s: s.sum(min_count=1)),
            high_open=("high_open", "any"),
        )
        .reset_index()
    )
    g = g.sort_values(["incidents", "district"], ascending=[False, True], kind="stable")
    return pd.DataFrame(
        {
            "District": g["district"].to_numpy(),
            "Province": g["province"].to_numpy(),
            "Incidents": g["incidents"].to_numpy(),
            "Approximate location": g["approx"].astype(int).to_numpy(),
            "Killed (range)": [
                fmt_range(a, b, o)
                for a, b, o in zip(g["low"], g["high"], g["high_open"], strict=True)
            ],
            "Killed (best)": g["best"].map(fmt_num).to_numpy(),
        }
    )


def map_points(incidents: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """Incidents aggregated by place for the map: one point per place.

    Columns: place, district, province, lat, lon, approximate (geo precision
    coarser than a town), category (the most frequent first target category
    there), categories (every category with its count, as text), incidents,
    best_killed, low_killed, high_killed, high_open. Places without
    coordinates are dropped.
    """
    cols = [
        "place",
        "district",
        "province",
        "lat",
        "lon",
        "approximate",
        "category",
        "categories",
        "incidents",
        "best_killed",
        "low_killed",
        "high_killed",
        "high_open",
    ]
    inc = incidents[incidents["lat"].notna() & incidents["lon"].notna()]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    tot = incident_totals(estimates, "killed")
    df = inc[
        ["incident_id", "place", "district", "province", "lat", "lon", "geo_precision"]
    ].assign(category=primary_category(inc).to_numpy())
    df = df.merge(
        tot[["incident_id", "low", "best", "high", "high_open"]], on="incident_id", how="left"
    )
    df["approximate"] = (df["geo_precision"] != "town").astype(bool)
    df["high_open"] = df["high_open"].astype("boolean").fillna(False).astype(bool)
    for c in ("low", "best", "high"):
        df[c] = df[c].astype("Float64").astype("float64")
    keys = ["place", "district", "province", "approximate"]
    g = df.groupby(keys, sort=False).agg(
        lat=("lat", "first"),
        lon=("lon", "first"),
        incidents=("incident_id", "size"),
        best_killed=("best", lambda s: s.sum(min_count=1)),
        low_killed=("low", lambda s: s.sum(min_count=1)),
        high_killed=("high", lambda s: s.sum(min_count=1)),
        high_open=("high_open", "any"),
    )
    cat_counts = df.groupby([*keys, "category"], sort=False).size().reset_index(name="n")
    cat_counts = cat_counts.sort_values(
        [*keys, "n"], ascending=[True] * len(keys) + [False], kind="stable"
    )
    top = cat_counts.drop_duplicates(keys).set_index(keys)["category"]
    cat_counts["text"] = (
        cat_counts["category"].map(lambda c: TARGET_LABELS.get(c, c or "no category"))
        + " "
        + cat_counts["n"].astype(str)
    )
    listing = cat_counts.groupby(keys, sort=False)["text"].agg(", ".join)
    g["category"] = top.reindex(g.index)
    g["categories"] = listing.reindex(g.index)
    g = g.reset_index()
    for c in ("lat", "lon", "best_killed", "low_killed", "high_killed"):
        g[c] = pd.to_numeric(g[c], errors="coerce").astype("float64")
    g["category"] = g["category"].fillna("")
    return g[cols]


def reference_places(reference_dir: str | os.PathLike, level: str = "district") -> pd.DataFrame:
    """Gazetteer places of ``level`` (name, lat, lon) for orientation on the map; empty if unreadable."""
    path = Path(reference_dir) / "gazetteer.csv"
    try:
        g = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError):
        return pd.DataFrame(columns=["name", "lat", "lon"])
    if not {"name", "level", "lat", "lon"} <= set(g.columns):
        return pd.DataFrame(columns=["name", "lat", "lon"])
    g = g[g["level"] == level]
    if "province" in g.columns:
        g = g[g["province"] == "Balochistan"]
    out = pd.DataFrame(
        {
            "name": g["name"].to_numpy(),
            "lat": pd.to_numeric(g["lat"], errors="coerce").to_numpy(),
            "lon": pd.to_numeric(g["lon"], errors="coerce").to_numpy(),
        }
    )
    return out.dropna(subset=["lat", "lon"]).reset_index(drop=True)
