"""Reported versus claimed: each side's figures per incident, and the gap between the sides."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashlib.reading import code_labels
from dashlib.views import claim_tables, formatting
from dashlib.views.chart_style import CLAIMANT_COLORS, _esc, _layout, _short, empty_figure


def _claim_hover(sub: pd.DataFrame) -> pd.Series:
    """Hover text of each claim: who says it (and who relays it), the figure as written
    and as read, and its sentence, all escaped."""
    t = sub["claimant_type"].map(code_labels.CLAIMANT_LABELS).map(_esc)
    return (
        "<b>"
        + t
        + "</b> "
        + sub["claimant"].map(lambda s: f"({_esc(s)})" if s else "")
        + sub["relayed_by"].map(lambda s: f", relayed by {_esc(s)}" if s else "")
        + "<br>"
        + sub["number_text"].map(_esc)
        + " → "
        + claim_tables.claim_value_text(sub).astype(str)
        + "<br><i>"
        + sub["quote"].map(lambda q: _esc(_short(q, 120)))
        + "</i>"
    )


def _range_lines(sub: pd.DataFrame, y: pd.Series, color: str, group: str) -> go.Scatter | None:
    """One line per range claim ("between 20 and 30") from its low to its high end."""
    rng = sub[(sub["bound"] == "bounded") & (sub["x_low"] != sub["x_high"])]
    if not len(rng):
        return None
    xs, ys = [], []
    for lo, hi, yy in zip(rng["x_low"], rng["x_high"], y[rng.index], strict=True):
        xs += [lo, hi, None]
        ys += [yy, yy, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color=color, width=3),
        legendgroup=group,
        showlegend=False,
        hoverinfo="skip",
    )


def _claim_markers(sub: pd.DataFrame, y: pd.Series, color: str, group: str) -> go.Scatter:
    """The markers of one claimant type's figures: a dot for a single figure, a tick at
    each end of a range (no dot in the middle, which would be a value nobody claimed), a
    triangle at the stated bound of an open-ended figure."""
    hover = _claim_hover(sub)
    exact = (sub["bound"] == "bounded") & (sub["x_low"] == sub["x_high"])
    is_rng = (sub["bound"] == "bounded") & (sub["x_low"] != sub["x_high"])
    parts = [
        (exact, sub["x_low"], "circle"),
        (is_rng, sub["x_low"], "line-ns-open"),
        (is_rng, sub["x_high"], "line-ns-open"),
        (sub["bound"] == "open above", sub["x_low"], "triangle-right"),
        (sub["bound"] == "open below", sub["x_high"], "triangle-left"),
    ]
    return go.Scatter(
        x=pd.concat([x[m] for m, x, _ in parts]),
        y=pd.concat([y[m] for m, _, _ in parts]),
        mode="markers",
        marker=dict(
            color=color,
            size=11,
            symbol=np.concatenate([np.repeat(s_, int(m.sum())) for m, _, s_ in parts]),
            line=dict(width=2, color=color),
        ),
        name=code_labels.CLAIMANT_LABELS[group],
        legendgroup=group,
        hovertext=pd.concat([hover[m] for m, _, _ in parts]),
        hoverinfo="text",
    )


def claims_range_plot(
    claims: pd.DataFrame,
    incidents: pd.DataFrame,
    metric: str = "killed",
    victim_group: str = "all",
    max_incidents: int = 20,
) -> go.Figure:
    """Every claimant's figure for one metric and victim group, incident by incident.

    One row per incident (those with the most claimant types first), one colour
    per claimant type. A dot is a single figure, a line a range ("between 20
    and 30"); a right-pointing triangle is an open-ended figure ("over 200",
    "dozens"), a left-pointing one an upper bound ("up to 40").
    """
    ids = claim_tables.compared_incidents(claims, metric, victim_group, max_incidents)
    if not ids:
        return empty_figure("No claims for this figure under the current filters.")
    c = claims[
        claims["incident_id"].isin(ids)
        & (claims["metric"] == metric)
        & (claims["victim_group"] == victim_group)
    ]
    c = claim_tables.claim_points(c)
    labels = incidents.set_index("incident_id")["label"].reindex(ids).fillna("")
    ticks = [_esc(_short(lab or i)) for i, lab in labels.items()]
    ypos = {i: k for k, i in enumerate(ids)}
    types = [t for t in CLAIMANT_COLORS if t in set(c["claimant_type"])]
    offsets = dict(
        zip(types, np.linspace(-0.25, 0.25, len(types)) if len(types) > 1 else [0.0], strict=True)
    )
    fig = go.Figure()
    for t in types:
        sub = c[c["claimant_type"] == t]
        y = sub["incident_id"].map(ypos).astype(float) + offsets[t]
        lines = _range_lines(sub, y, CLAIMANT_COLORS[t], t)
        if lines is not None:
            fig.add_trace(lines)
        fig.add_trace(_claim_markers(sub, y, CLAIMANT_COLORS[t], t))
    vals = pd.concat([c["x_low"], c["x_high"]]).dropna()
    log = bool(len(vals) and vals.min() > 0 and vals.max() / vals.min() > 30)
    fig = _layout(fig, height=max(300, 80 + 38 * len(ids)))
    fig.update_yaxes(
        tickvals=list(range(len(ids))),
        ticktext=ticks,
        autorange="reversed",
        title=None,
        showgrid=True,
    )
    fig.update_xaxes(
        title=f"{code_labels.METRIC_LABELS.get(metric, metric)} – {code_labels.VICTIM_GROUP_LABELS.get(victim_group, victim_group)} (as claimed)",
        type="log" if log else "linear",
        rangemode="tozero" if not log else None,
    )
    fig.update_layout(meta={"incidents": len(ids), "claims": len(c), "log_x": log})
    return fig


def gap_ratio_chart(
    estimates: pd.DataFrame, incidents: pd.DataFrame, max_rows: int = 20
) -> go.Figure:
    """Insurgent figure divided by the government figure, per incident and figure (log scale).

    1 means both sides gave the same number; 10 means the insurgents' figure is
    ten times the government's. Only rows where both sides gave a figure.
    """
    e = estimates[estimates["gap_ratio"].notna() & (estimates["gap_ratio"] > 0)]
    if e.empty:
        return empty_figure(
            "No incident has both a government and an insurgent figure for the same count."
        )
    e = (
        e.assign(_dist=np.abs(np.log(e["gap_ratio"].astype("float64"))))
        .sort_values("_dist", ascending=False)
        .head(max_rows)
    )
    lab = incidents.set_index("incident_id")["label"]
    names = (
        e["incident_id"].map(lab).fillna(e["incident_id"]).map(lambda s: _esc(_short(s, 40)))
        + " · "
        + e["metric"].map(code_labels.METRIC_LABELS)
        + " "
        + e["victim_group"].map(code_labels.VICTIM_GROUP_LABELS).str.lower()
    )
    ratio = e["gap_ratio"].astype("float64")
    fig = go.Figure(
        go.Scatter(
            x=ratio,
            y=names,
            mode="markers",
            marker=dict(
                size=12,
                color=np.where(
                    ratio >= 1, CLAIMANT_COLORS["insurgents"], CLAIMANT_COLORS["government"]
                ),
                line=dict(width=0.8, color="white"),
            ),
            customdata=np.stack(
                [
                    [
                        formatting.fmt_range(a, b)
                        for a, b in zip(e["government_low"], e["government_high"], strict=True)
                    ],
                    [
                        formatting.fmt_range(a, b)
                        for a, b in zip(e["insurgents_low"], e["insurgents_high"], strict=True)
                    ],
                ],
                axis=-1,
            ),
            hovertemplate="%{y}<br>ratio %{x:.2f}<br>government: %{customdata[0]}<br>insurgents: %{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    fig.add_vline(
        x=1,
        line_dash="dot",
        line_color="#616E7C",
    )
    fig = _layout(fig, height=max(280, 70 + 30 * len(e)))
    fig.update_xaxes(type="log", title="Insurgent figure ÷ government figure (log scale)")
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_layout(meta={"rows": len(e)})
    return fig
