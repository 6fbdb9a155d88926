"""Escalation over time: incidents on a timeline, and monthly and cumulative tolls. DataFrames in, figures out."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashlib.reading import code_labels, frames, partial_dates
from dashlib.views import formatting, target_tables, totals
from dashlib.views.chart_style import (
    ACCENT,
    PRECISION_COLORS,
    TARGET_COLORS,
    UNCERTAIN_FILL,
    VICTIM_COLORS,
    _day_dt,
    _layout,
    _month_dt,
    empty_altair,
    empty_figure,
)


def _uncertain_bands(
    fig: go.Figure, dated: pd.DataFrame, value: pd.Series | None = None, max_bands: int = 8
) -> dict:
    """Shade each distinct uncertain span (e.g. 'some day in 2025') and label it with its count.

    Returns a summary: number of uncertain incidents, number with no date, and
    the summed ``value`` of each group (if given).
    """
    unc = dated[dated["certainty"] == "uncertain"]
    unknown = int((dated["certainty"] == "unknown").sum())
    out = {"uncertain": len(unc), "unknown": unknown, "bands": []}
    if value is not None:
        out["uncertain_value"] = (
            float(pd.to_numeric(value[unc.index], errors="coerce").sum()) if len(unc) else 0.0
        )
        out["unknown_value"] = float(
            pd.to_numeric(
                value[dated.index[dated["certainty"] == "unknown"]], errors="coerce"
            ).sum()
        )
    if unc.empty:
        return out
    g = unc.groupby(["start", "end"]).size().sort_values(ascending=False).head(max_bands)
    labelled = 0
    for (start, end), count in g.items():
        x1 = (pd.Timestamp(end) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        fig.add_vrect(x0=start, x1=x1, fillcolor=UNCERTAIN_FILL, line_width=0, layer="below")
        # label the wide bands (a year, a quarter); short spans across a month end stay unlabelled
        wide = (pd.Timestamp(end) - pd.Timestamp(start)).days >= 45
        if wide and labelled < 4:
            fig.add_annotation(
                x=start,
                xanchor="left",
                y=1.0 - 0.07 * labelled,
                yref="paper",
                yanchor="top",
                text=f"date uncertain: {count} in {_span_text(start, end)}",
                showarrow=False,
                font=dict(size=10, color="#616E7C"),
                bgcolor="rgba(255,255,255,0.7)",
            )
            labelled += 1
        out["bands"].append({"start": start, "end": end, "count": int(count)})
    return out


def _span_text(start: str, end: str) -> str:
    if start[:4] == end[:4] and start[5:] == "01-01" and end[5:] == "12-31":
        return start[:4]
    if start[:7] == end[:7]:
        return start[:7]
    return f"{start} – {end}"


# --- the incidents timeline (overview page) ---------------------------------


def timeline_frame(
    incidents: pd.DataFrame,
    killed: pd.DataFrame,
    basis: str = "incident",
    max_points: int = 400,
) -> tuple[pd.DataFrame, dict]:
    """The rows :func:`incidents_timeline` draws, and its counts.

    One row per dated incident, the deadliest ``max_points`` (by best killed,
    then earliest): start/end days (an incident known to the month or year
    spans it; no day is invented), best killed, type and first target labels.
    ``killed`` is :func:`dashlib.views.totals.incident_totals` for 'killed'. Counts:
    shown, total (dated), unknown (no date), spans.
    """
    dated = partial_dates.dated_frame(incidents, basis)
    tot = killed.set_index("incident_id")
    df = incidents[["incident_id", "label", "incident_type", "place"]].copy()
    df["start"] = dated["start"].to_numpy()
    df["end"] = dated["end"].to_numpy()
    df["best"] = df["incident_id"].map(tot["best"]).astype("float64")
    df["category"] = target_tables.primary_category(incidents).to_numpy()
    has_date = df["start"] != ""
    unknown = int((~has_date).sum())
    df = df[has_date]
    total = len(df)
    df = df.sort_values(["best", "start"], ascending=[False, True], na_position="last").head(
        max_points
    )
    df["type_label"] = (
        df["incident_type"].map(code_labels.INCIDENT_TYPE_LABELS).fillna(df["incident_type"])
    )
    df["target"] = [code_labels.TARGET_LABELS.get(c, "No category") for c in df["category"]]
    df["point"] = (df["start"] == df["end"]).to_numpy()
    df["when"] = [
        _span_text(a, b) if a != b else a for a, b in zip(df["start"], df["end"], strict=True)
    ]
    df["best_text"] = df["best"].map(formatting.fmt_num)
    df["size"] = df["best"].fillna(0)
    meta = {
        "shown": len(df),
        "total": total,
        "unknown": unknown,
        "spans": int((~df["point"]).sum()),
    }
    return df.reset_index(drop=True), meta


def _timeline_layers(df: pd.DataFrame, x_title: str) -> tuple[alt.Chart, alt.Chart]:
    """The timeline's two layers from :func:`timeline_frame`'s rows: a bar over each
    span (to the end of its last day) and a dot on each day, sized by best killed and
    coloured by first target, with plain-text tooltips."""
    cats = [c for c in TARGET_COLORS if c in set(df["category"])]
    color = alt.Color(
        "target:N",
        title="First target",
        scale=alt.Scale(
            domain=[code_labels.TARGET_LABELS.get(c, "No category") for c in cats],
            range=[TARGET_COLORS[c] for c in cats],
        ),
        legend=alt.Legend(orient="bottom", columns=4),
    )
    y = alt.Y("type_label:N", title=None, sort="descending")
    tooltip = [
        alt.Tooltip("label:N", title="Incident"),
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("best_text:N", title="Best killed"),
        alt.Tooltip("target:N", title="First target"),
    ]
    data = df[["label", "when", "best_text", "target", "type_label", "size", "point"]].copy()
    data["start"] = df["start"]
    # a span covers its last day too
    data["end"] = (_day_dt(df["end"]) + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d")
    points = (
        alt.Chart(data[data["point"]].drop(columns="point"))
        .mark_circle(opacity=0.8, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:T", title=x_title, axis=alt.Axis(format="%b %Y")),
            y=y,
            size=alt.Size("size:Q", scale=alt.Scale(type="sqrt", range=[40, 1000]), legend=None),
            color=color,
            tooltip=tooltip,
        )
    )
    spans = (
        alt.Chart(data[~data["point"]].drop(columns="point"))
        .mark_rule(strokeWidth=7, opacity=0.45)
        .encode(
            x=alt.X("start:T", title=x_title, axis=alt.Axis(format="%b %Y")),
            x2="end:T",
            y=y,
            color=color,
            tooltip=tooltip,
        )
    )
    return spans, points


def incidents_timeline(
    incidents: pd.DataFrame,
    estimates: pd.DataFrame | None,
    basis: str = "incident",
    max_points: int = 400,
    *,
    killed: pd.DataFrame | None = None,
) -> alt.LayerChart | alt.Chart:
    """Each incident on a time line by incident type: a dot on its day, or a bar over its span.

    Dots are sized by the best killed figure and coloured by the first target
    category. An incident known only to a month or year is a horizontal bar
    over that whole month or year, never a dot on an invented day. With more
    than ``max_points`` incidents, the deadliest ``max_points`` are drawn.
    Incidents without any date are counted in ``usermeta['unknown']``.

    ``killed``: the incidents' 'killed' totals (:func:`dashlib.views.totals.incident_totals`)
    when they are already computed; ``estimates`` is not read then.

    A Vega-Lite (Altair) chart, not Plotly: it is the overview's only chart,
    and the browser draws it in a fraction of the time Plotly takes to load
    and draw (BENCHMARKS.md, first paint). Tooltips are plain text.
    """
    if incidents.empty:
        return empty_altair("No incidents match the current filters.")
    if killed is None:
        killed = totals.incident_totals(estimates, "killed")
    df, meta = timeline_frame(incidents, killed, basis, max_points)
    if df.empty:
        return empty_altair(
            "None of the matching incidents has a known date.",
            {"shown": 0, "total": 0, "unknown": meta["unknown"]},
        )
    x_title = "Report date" if basis == "report" else "Incident date"
    spans, points = _timeline_layers(df, x_title)
    height = max(260, 34 * df["type_label"].nunique())
    return (
        alt.layer(spans, points)
        .properties(height=height, width="container", usermeta=meta)
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_legend(labelFontSize=12, titleFontSize=12)
    )


# --- incidents and tolls per month, and cumulative (escalation page) ---------


def monthly_incidents(incidents: pd.DataFrame, basis: str = "incident") -> go.Figure:
    """Incidents per month: exact-day incidents and month-only incidents stacked.

    Incidents whose date is only known to a wider span (a year, several months)
    are drawn as grey bands over that span with their count; incidents with no
    date are counted in ``meta['unknown']``.
    """
    if incidents.empty:
        return empty_figure("No incidents match the current filters.")
    dated = partial_dates.dated_frame(incidents, basis)
    if basis == "incident":
        exact = pd.Series(
            incidents["date_precision"].isin(["day", "week"]).to_numpy(), index=dated.index
        )
    else:
        exact = dated["start"] == dated["end"]
    placed = dated[dated["certainty"] == "month"].assign(
        kind=np.where(exact[dated["certainty"] == "month"], "exact", "month")
    )
    fig = go.Figure()
    if not placed.empty:
        counts = placed.groupby(["month", "kind"]).size().unstack(fill_value=0)
        months = pd.period_range(counts.index.min(), counts.index.max(), freq="M").strftime("%Y-%m")
        counts = counts.reindex(months, fill_value=0)
        x = _month_dt(pd.Series(counts.index))
        for kind, name in (("exact", "Day or week known"), ("month", "Only the month known")):
            if kind in counts:
                fig.add_trace(
                    go.Bar(
                        x=x,
                        y=counts[kind],
                        name=name,
                        marker_color=PRECISION_COLORS[kind],
                        hovertemplate="%{x|%b %Y}: %{y} incidents<extra>" + name + "</extra>",
                    )
                )
    bands = _uncertain_bands(fig, dated)
    if placed.empty and not bands["uncertain"]:
        fig = empty_figure("None of the matching incidents has a known date.")
        fig.update_layout(meta={"empty": True, "placed": 0, **bands})
        return fig
    fig = _layout(fig, barmode="stack", bargap=0.15)
    fig.update_xaxes(title="Month of " + ("first report" if basis == "report" else "incident"))
    fig.update_yaxes(title="Incidents")
    fig.update_layout(meta={"placed": len(placed), **bands})
    return fig


def _monthly_estimates(incidents, estimates, basis, metric):
    dated = partial_dates.dated_frame(incidents, basis)
    lookup = pd.Index(frames.objects(dated["incident_id"]))
    e = estimates[
        (estimates["metric"] == metric)
        & frames.fast_isin(estimates["incident_id"], dated["incident_id"])
    ].copy()
    pos = lookup.get_indexer(frames.objects(e["incident_id"]))
    e["month"] = frames.objects(dated["month"])[pos]
    return dated, e


def _monthly_sums(placed: pd.DataFrame) -> pd.DataFrame:
    """Per month and victim group: summed low, best and high (an open high counts at its
    low, else at the best), incidents, and rows whose high is open."""
    p = placed.assign(
        lo=placed["low"].astype("Float64").astype("float64"),
        be=placed["best"].astype("Float64").astype("float64"),
        hi=placed["high"].astype("Float64").astype("float64"),
        open_=totals.row_open_high(placed).to_numpy(),
    )
    p["hi"] = p["hi"].fillna(p["lo"]).fillna(p["be"])
    return p.groupby(["month", "victim_group"]).agg(
        lo=("lo", "sum"),
        be=("be", "sum"),
        hi=("hi", "sum"),
        n=("incident_id", "nunique"),
        open_=("open_", "sum"),
    )


def _month_bar(sub: pd.DataFrame, months, victim_group: str) -> go.Bar:
    """One victim group's bars (summed best) with whiskers from summed low to high."""
    name = code_labels.VICTIM_GROUP_LABELS.get(victim_group, victim_group)
    note = np.where(
        sub["open_"].fillna(0) > 0, "<br>(some claims open-ended: high is a minimum)", ""
    )
    return go.Bar(
        x=_month_dt(pd.Series(months)),
        y=sub["be"],
        name=name,
        marker_color=VICTIM_COLORS[victim_group],
        error_y=dict(
            type="data",
            symmetric=False,
            array=(sub["hi"] - sub["be"]).clip(lower=0),
            arrayminus=(sub["be"] - sub["lo"]).clip(lower=0),
            thickness=1.2,
            width=3,
            color="#52606D",
        ),
        customdata=np.stack(
            [sub["lo"].fillna(0), sub["hi"].fillna(0), sub["n"].fillna(0), note],
            axis=-1,
        ),
        hovertemplate=(
            "%{x|%b %Y} – "
            + name
            + "<br>best %{y:,.0f} (range %{customdata[0]:,.0f}–%{customdata[1]:,.0f})"
            + "<br>%{customdata[2]} incidents%{customdata[3]}<extra></extra>"
        ),
    )


def monthly_killed(
    incidents: pd.DataFrame,
    estimates: pd.DataFrame,
    basis: str = "incident",
    metric: str = "killed",
) -> go.Figure:
    """``metric`` per month and victim group: bars at the summed best, whiskers from summed low to high.

    Only incidents whose date lies in one month are placed; the rest are summed
    in ``meta`` and shown as shaded "date uncertain" bands. Open-ended highs
    ("over 200") are counted at their stated minimum and flagged in the hover.
    """
    if incidents.empty or estimates.empty:
        return empty_figure("No figures match the current filters.")
    dated, e = _monthly_estimates(incidents, estimates, basis, metric)
    placed = e[e["month"] != ""]
    fig = go.Figure()
    if not placed.empty:
        g = _monthly_sums(placed)
        months = pd.period_range(
            g.index.get_level_values(0).min(), g.index.get_level_values(0).max(), freq="M"
        ).strftime("%Y-%m")
        for vg in [v for v in VICTIM_COLORS if v in set(g.index.get_level_values(1))]:
            fig.add_trace(_month_bar(g.xs(vg, level="victim_group").reindex(months), months, vg))
    tot = totals.incident_totals(estimates, metric).set_index("incident_id")["best"]
    value = pd.Series(dated["incident_id"].map(tot).to_numpy(), index=dated.index)
    bands = _uncertain_bands(fig, dated, value)
    if placed.empty and not bands["uncertain"]:
        fig = empty_figure(
            f"No '{code_labels.METRIC_LABELS.get(metric, metric).lower()}' figures with a known month."
        )
        fig.update_layout(meta={"empty": True, **bands})
        return fig
    fig = _layout(fig, barmode="group", bargap=0.12)
    fig.update_yaxes(
        title=code_labels.METRIC_LABELS.get(metric, metric) + " (summed best, whiskers low–high)"
    )
    fig.update_xaxes(title="Month of " + ("first report" if basis == "report" else "incident"))
    fig.update_layout(meta={"placed_rows": len(placed), **bands})
    return fig


def _running_totals(placed: pd.DataFrame) -> pd.DataFrame:
    """Running sums of low, best and high per month, every month from the first to the
    last (an open high counts at its low), plus one point at the start of the month
    after, so that the last month's step shows."""
    p = placed.assign(
        lo=placed["low"].astype("float64"),
        be=placed["best"].astype("float64"),
        hi=placed["high"].astype("float64").fillna(placed["low"].astype("float64")),
    )
    g = p.groupby("month")[["lo", "be", "hi"]].sum()
    months = pd.period_range(g.index.min(), g.index.max(), freq="M").strftime("%Y-%m")
    g = g.reindex(months, fill_value=0).cumsum()
    nxt = (pd.Period(months[-1], freq="M") + 1).strftime("%Y-%m")
    return pd.concat([g, g.iloc[[-1]].set_axis([nxt])])


def _cumulative_traces(g: pd.DataFrame) -> go.Figure:
    """The best running total as a step line over a shaded low–high band."""
    x = _month_dt(pd.Series(g.index))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=g["hi"],
            mode="lines",
            line=dict(width=0, shape="hv"),
            name="High",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=g["lo"],
            mode="lines",
            line=dict(width=0, shape="hv"),
            fill="tonexty",
            fillcolor="rgba(47, 93, 124, 0.18)",
            name="Low–high range",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=g["be"],
            mode="lines",
            line=dict(color=ACCENT, width=2.5, shape="hv"),
            name="Best",
            customdata=np.stack([g["lo"], g["hi"]], axis=-1),
            hovertemplate="%{x|%b %Y}: best %{y:,.0f} (range %{customdata[0]:,.0f}–%{customdata[1]:,.0f})<extra></extra>",
        )
    )
    return fig


def cumulative_killed(
    incidents: pd.DataFrame,
    estimates: pd.DataFrame,
    basis: str = "incident",
    metric: str = "killed",
) -> go.Figure:
    """Running total of ``metric`` over months: best as a line, low–high as a band.

    Per incident the 'all victims' figure is used, else the sum of its victim
    groups (:func:`dashlib.views.totals.incident_totals`). Open-ended highs count at
    their stated minimum. Incidents that cannot be placed in a month are left
    out and counted in ``meta``.
    """
    if incidents.empty or estimates.empty:
        return empty_figure("No figures match the current filters.")
    dated = partial_dates.dated_frame(incidents, basis)
    tot = totals.incident_totals(estimates, metric)
    df = tot.merge(dated[["incident_id", "month", "certainty"]], on="incident_id", how="inner")
    placed = df[df["month"] != ""]
    left_out = df[df["month"] == ""]
    if placed.empty:
        fig = empty_figure("No figures with a known month to accumulate.")
        fig.update_layout(meta={"empty": True, "left_out": len(left_out)})
        return fig
    fig = _cumulative_traces(_running_totals(placed))
    fig = _layout(fig)
    fig.update_yaxes(
        title=f"Cumulative {code_labels.METRIC_LABELS.get(metric, metric).lower()}",
        rangemode="tozero",
    )
    fig.update_xaxes(
        tickformat="%b %Y",
        title="Month of " + ("first report" if basis == "report" else "incident"),
    )
    fig.update_layout(
        meta={
            "placed": len(placed),
            "left_out": len(left_out),
            "left_out_best": float(pd.to_numeric(left_out["best"], errors="coerce").sum()),
            "open_high": int(placed["high_open"].sum()),
        }
    )
    return fig
