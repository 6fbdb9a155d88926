"""Target categories: over time, by district, and the killed per category."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashlib.reading import code_labels, frames, partial_dates
from dashlib.views import target_tables
from dashlib.views.chart_style import TARGET_COLORS, _esc, _layout, _month_dt, empty_figure
from dashlib.views.timeline_charts import _uncertain_bands

# --- targets ------------------------------------------------------------------------------------


def targets_over_time(incidents: pd.DataFrame, basis: str = "incident") -> go.Figure:
    """Incidents per month and target category (stacked). An incident counts once per category."""
    if incidents.empty:
        return empty_figure("No incidents match the current filters.")
    dated = partial_dates.dated_frame(incidents, basis)
    ex = frames.explode_categories(incidents).merge(
        dated[["incident_id", "month"]], on="incident_id"
    )
    placed = ex[ex["month"] != ""]
    fig = go.Figure()
    if not placed.empty:
        counts = placed.groupby(["month", "category"]).size().unstack(fill_value=0)
        months = pd.period_range(counts.index.min(), counts.index.max(), freq="M").strftime("%Y-%m")
        counts = counts.reindex(months, fill_value=0)
        x = _month_dt(pd.Series(months))
        for cat in [c for c in TARGET_COLORS if c in counts.columns]:
            name = code_labels.TARGET_LABELS.get(cat, cat)
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=counts[cat],
                    name=name,
                    marker_color=TARGET_COLORS[cat],
                    hovertemplate="%{x|%b %Y}: %{y}<extra>" + _esc(name) + "</extra>",
                )
            )
    inc_dated = dated[frames.fast_isin(dated["incident_id"], ex["incident_id"])]
    bands = _uncertain_bands(fig, inc_dated)
    if placed.empty and not bands["uncertain"]:
        fig = empty_figure("No incidents with a target category and a known month.")
        fig.update_layout(meta={"empty": True, **bands})
        return fig
    fig = _layout(fig, barmode="stack", bargap=0.15)
    fig.update_yaxes(title="Incidents (once per target category)")
    fig.update_xaxes(title="Month of " + ("first report" if basis == "report" else "incident"))
    fig.update_layout(meta={"placed": int(placed["incident_id"].nunique()), **bands})
    return fig


def targets_by_district(incidents: pd.DataFrame, max_districts: int = 20) -> go.Figure:
    """Incidents per district, split by target category (horizontal stacked bars)."""
    ex = frames.explode_categories(incidents)
    if ex.empty:
        return empty_figure("No incidents with a target category match the current filters.")
    dist = incidents.set_index("incident_id")["district"]
    prov = incidents.set_index("incident_id")["province"]
    d = ex["incident_id"].map(dist).fillna("")
    ex["district"] = d.where(
        d != "",
        "(no district: " + ex["incident_id"].map(prov).fillna("").replace("", "unknown") + ")",
    )
    counts = ex.groupby(["district", "category"]).size().unstack(fill_value=0)
    order = counts.sum(axis=1).sort_values(ascending=False)
    shown = order.head(max_districts).index
    counts = counts.loc[shown]
    fig = go.Figure()
    for cat in [c for c in TARGET_COLORS if c in counts.columns]:
        name = code_labels.TARGET_LABELS.get(cat, cat)
        fig.add_trace(
            go.Bar(
                y=[_esc(s) for s in counts.index],
                x=counts[cat],
                orientation="h",
                name=name,
                marker_color=TARGET_COLORS[cat],
                hovertemplate="%{y}: %{x}<extra>" + _esc(name) + "</extra>",
            )
        )
    fig = _layout(fig, barmode="stack", height=max(300, 80 + 26 * len(counts)))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="Incidents (once per target category)")
    fig.update_layout(meta={"districts": len(order), "shown": len(counts)})
    return fig


def killed_by_target(
    incidents: pd.DataFrame, estimates: pd.DataFrame, *, summary: pd.DataFrame | None = None
) -> go.Figure:
    """Summed killed per target category: bar at best, whiskers from low to high.

    ``summary``: :func:`dashlib.views.target_tables.targets_by_category` when it is already
    computed (the targets page shows it as a table too); the frames are not read then.
    """
    t = target_tables.targets_by_category(incidents, estimates) if summary is None else summary
    t = t[t["best"].notna() | t["low"].notna()] if not t.empty else t
    if t.empty:
        return empty_figure("No 'killed' figures for incidents with a target category.")
    lo = t["low"].astype("float64").fillna(0)
    be = t["best"].astype("float64").fillna(lo)
    hi = t["high"].astype("float64").fillna(be)
    note = np.where(t["high_open"], " (some claims open-ended: high is a minimum)", "")
    fig = go.Figure(
        go.Bar(
            x=t["label"],
            y=be,
            marker_color=[TARGET_COLORS.get(c, "#BAB0AC") for c in t["category"]],
            error_y=dict(
                type="data",
                symmetric=False,
                array=(hi - be).clip(lower=0),
                arrayminus=(be - lo).clip(lower=0),
                color="#52606D",
            ),
            customdata=np.stack([lo, hi, t["incidents"], note], axis=-1),
            hovertemplate="%{x}: best %{y:,.0f} (range %{customdata[0]:,.0f}–%{customdata[1]:,.0f}%{customdata[3]})<br>%{customdata[2]} incidents<extra></extra>",
            showlegend=False,
        )
    )
    fig = _layout(fig)
    fig.update_yaxes(title="Killed (summed best, whiskers low–high)")
    fig.update_xaxes(title=None)
    fig.update_layout(meta={"categories": len(t)})
    return fig
