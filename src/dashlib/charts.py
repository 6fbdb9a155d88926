"""Chart builders: DataFrames in, Plotly figures out. Pure; no Streamlit.

Every builder aggregates before drawing (one bar per month, one point per
place, at most ``max_*`` incidents), handles empty input by returning
:func:`empty_figure`, and records what it drew in ``fig.layout.meta`` (a
dict) so the page can say in its caption what was counted and what was left
out, e.g. how many incidents had a date too vague to place in a month.

Colours are defined once here: one per claimant type, per side of the
estimates, per target category and per victim group, used by every page.

Text that comes from the data (incident labels, places, quotes) is passed
through :func:`html.escape` before it goes into hover text or tick labels,
because Plotly renders a small subset of HTML there.
"""

from __future__ import annotations

import html

import altair as alt
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashlib import views

# Okabe-Ito colours (safe for the common colour-vision deficiencies)
CLAIMANT_COLORS = {
    "government": "#0072B2",
    "insurgents": "#E69F00",
    "media": "#009E73",
    "other": "#CC79A7",
    "unspecified": "#8C8C8C",
}
SIDE_COLORS = {
    "government": CLAIMANT_COLORS["government"],
    "insurgents": CLAIMANT_COLORS["insurgents"],
    "independent": CLAIMANT_COLORS["media"],
    "unspecified": CLAIMANT_COLORS["unspecified"],
}
TARGET_COLORS = {
    "rail": "#4E79A7",
    "cpec_chinese": "#F28E2B",
    "security_forces": "#59A14F",
    "police": "#76B7B2",
    "civilians": "#E15759",
    "infrastructure": "#EDC948",
    "prison": "#B07AA1",
    "mineral_transport": "#9C755F",
    "government": "#FF9DA7",
    "education": "#17BECF",
    "other": "#BAB0AC",
    "": "#BAB0AC",
}
VICTIM_COLORS = {
    "all": "#3D4852",
    "civilians": "#E15759",
    "security_forces": "#59A14F",
    "insurgents": "#F28E2B",
    "foreign_nationals": "#B07AA1",
    "hostages": "#76B7B2",
    "passengers": "#4E79A7",
    "unknown": "#BAB0AC",
}
PRECISION_COLORS = {"exact": "#2F5D7C", "month": "#8FB3CC"}
UNCERTAIN_FILL = "rgba(140, 140, 140, 0.13)"
ACCENT = "#2F5D7C"
FONT = dict(family="sans-serif", size=13, color="#1F2933")


def _esc(value) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value))


def _layout(fig: go.Figure, *, title: str | None = None, height: int = 420, **kw) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(align="left"),
        **kw,
    )
    if title:
        fig.update_layout(title=dict(text=_esc(title), x=0, xanchor="left", font=dict(size=15)))
    return fig


def empty_figure(message: str = "Nothing to show for the current filters.") -> go.Figure:
    """A blank figure with ``message`` in the middle (no axes)."""
    fig = go.Figure()
    fig.add_annotation(
        text=_esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig = _layout(fig, height=240)
    fig.update_layout(meta={"empty": True})
    return fig


def _month_dt(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months.astype(str) + "-01", format="%Y-%m-%d")


def _day_dt(days: pd.Series) -> pd.Series:
    return pd.to_datetime(days.astype(str), format="%Y-%m-%d", errors="coerce")


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


# --- overview -----------------------------------------------------------------------------


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
    ``killed`` is :func:`dashlib.views.incident_totals` for 'killed'. Counts:
    shown, total (dated), unknown (no date), spans.
    """
    dated = views.dated_frame(incidents, basis)
    tot = killed.set_index("incident_id")
    df = incidents[["incident_id", "label", "incident_type", "place"]].copy()
    df["start"] = dated["start"].to_numpy()
    df["end"] = dated["end"].to_numpy()
    df["best"] = df["incident_id"].map(tot["best"]).astype("float64")
    df["category"] = views.primary_category(incidents).to_numpy()
    has_date = df["start"] != ""
    unknown = int((~has_date).sum())
    df = df[has_date]
    total = len(df)
    df = df.sort_values(["best", "start"], ascending=[False, True], na_position="last").head(
        max_points
    )
    df["type_label"] = (
        df["incident_type"].map(views.INCIDENT_TYPE_LABELS).fillna(df["incident_type"])
    )
    df["target"] = [views.TARGET_LABELS.get(c, "No category") for c in df["category"]]
    df["point"] = (df["start"] == df["end"]).to_numpy()
    df["when"] = [
        _span_text(a, b) if a != b else a for a, b in zip(df["start"], df["end"], strict=True)
    ]
    df["best_text"] = df["best"].map(views.fmt_num)
    df["size"] = df["best"].fillna(0)
    meta = {
        "shown": len(df),
        "total": total,
        "unknown": unknown,
        "spans": int((~df["point"]).sum()),
    }
    return df.reset_index(drop=True), meta


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

    ``killed``: the incidents' 'killed' totals (:func:`dashlib.views.incident_totals`)
    when they are already computed; ``estimates`` is not read then.

    A Vega-Lite (Altair) chart, not Plotly: it is the overview's only chart,
    and the browser draws it in a fraction of the time Plotly takes to load
    and draw (BENCHMARKS.md, first paint). Tooltips are plain text.
    """
    if incidents.empty:
        return empty_altair("No incidents match the current filters.")
    if killed is None:
        killed = views.incident_totals(estimates, "killed")
    df, meta = timeline_frame(incidents, killed, basis, max_points)
    if df.empty:
        return empty_altair(
            "None of the matching incidents has a known date.",
            {"shown": 0, "total": 0, "unknown": meta["unknown"]},
        )
    cats = [c for c in TARGET_COLORS if c in set(df["category"])]
    color = alt.Color(
        "target:N",
        title="First target",
        scale=alt.Scale(
            domain=[views.TARGET_LABELS.get(c, "No category") for c in cats],
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
    x_title = "Report date" if basis == "report" else "Incident date"
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
    height = max(260, 34 * df["type_label"].nunique())
    return (
        alt.layer(spans, points)
        .properties(height=height, width="container", usermeta=meta)
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_legend(labelFontSize=12, titleFontSize=12)
    )


def empty_altair(message: str, meta: dict | None = None) -> alt.Chart:
    """An empty Altair chart that says why it is empty (``usermeta['empty']`` is True)."""
    return (
        alt.Chart(pd.DataFrame({"text": [message]}))
        .mark_text(fontSize=14, color="#52606D")
        .encode(text="text:N")
        .properties(height=120, width="container", usermeta={"empty": True, **(meta or {})})
    )


def altair_meta(chart) -> dict:
    """The counts an Altair chart built here carries in ``usermeta``."""
    m = getattr(chart, "usermeta", None)
    return dict(m) if isinstance(m, dict) else {}


# --- escalation ------------------------------------------------------------------------------


def monthly_incidents(incidents: pd.DataFrame, basis: str = "incident") -> go.Figure:
    """Incidents per month: exact-day incidents and month-only incidents stacked.

    Incidents whose date is only known to a wider span (a year, several months)
    are drawn as grey bands over that span with their count; incidents with no
    date are counted in ``meta['unknown']``.
    """
    if incidents.empty:
        return empty_figure("No incidents match the current filters.")
    dated = views.dated_frame(incidents, basis)
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
    dated = views.dated_frame(incidents, basis)
    lookup = pd.Index(views.objects(dated["incident_id"]))
    e = estimates[
        (estimates["metric"] == metric)
        & views.fast_isin(estimates["incident_id"], dated["incident_id"])
    ].copy()
    pos = lookup.get_indexer(views.objects(e["incident_id"]))
    e["month"] = views.objects(dated["month"])[pos]
    return dated, e


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
        p = placed.assign(
            lo=placed["low"].astype("Float64").astype("float64"),
            be=placed["best"].astype("Float64").astype("float64"),
            hi=placed["high"].astype("Float64").astype("float64"),
            open_=views.row_open_high(placed).to_numpy(),
        )
        p["hi"] = p["hi"].fillna(p["lo"]).fillna(p["be"])
        g = p.groupby(["month", "victim_group"]).agg(
            lo=("lo", "sum"),
            be=("be", "sum"),
            hi=("hi", "sum"),
            n=("incident_id", "nunique"),
            open_=("open_", "sum"),
        )
        months = pd.period_range(
            g.index.get_level_values(0).min(), g.index.get_level_values(0).max(), freq="M"
        ).strftime("%Y-%m")
        for vg in [v for v in VICTIM_COLORS if v in set(g.index.get_level_values(1))]:
            sub = g.xs(vg, level="victim_group").reindex(months)
            name = views.VICTIM_GROUP_LABELS.get(vg, vg)
            note = np.where(
                sub["open_"].fillna(0) > 0, "<br>(some claims open-ended: high is a minimum)", ""
            )
            fig.add_trace(
                go.Bar(
                    x=_month_dt(pd.Series(months)),
                    y=sub["be"],
                    name=name,
                    marker_color=VICTIM_COLORS[vg],
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
            )
    tot = views.incident_totals(estimates, metric).set_index("incident_id")["best"]
    value = pd.Series(dated["incident_id"].map(tot).to_numpy(), index=dated.index)
    bands = _uncertain_bands(fig, dated, value)
    if placed.empty and not bands["uncertain"]:
        fig = empty_figure(
            f"No '{views.METRIC_LABELS.get(metric, metric).lower()}' figures with a known month."
        )
        fig.update_layout(meta={"empty": True, **bands})
        return fig
    fig = _layout(fig, barmode="group", bargap=0.12)
    fig.update_yaxes(
        title=views.METRIC_LABELS.get(metric, metric) + " (summed best, whiskers low–high)"
    )
    fig.update_xaxes(title="Month of " + ("first report" if basis == "report" else "incident"))
    fig.update_layout(meta={"placed_rows": len(placed), **bands})
    return fig


def cumulative_killed(
    incidents: pd.DataFrame,
    estimates: pd.DataFrame,
    basis: str = "incident",
    metric: str = "killed",
) -> go.Figure:
    """Running total of ``metric`` over months: best as a line, low–high as a band.

    Per incident the 'all victims' figure is used, else the sum of its victim
    groups (:func:`dashlib.views.incident_totals`). Open-ended highs count at
    their stated minimum. Incidents that cannot be placed in a month are left
    out and counted in ``meta``.
    """
    if incidents.empty or estimates.empty:
        return empty_figure("No figures match the current filters.")
    dated = views.dated_frame(incidents, basis)
    tot = views.incident_totals(estimates, metric)
    df = tot.merge(dated[["incident_id", "month", "certainty"]], on="incident_id", how="inner")
    placed = df[df["month"] != ""]
    left_out = df[df["month"] == ""]
    if placed.empty:
        fig = empty_figure("No figures with a known month to accumulate.")
        fig.update_layout(meta={"empty": True, "left_out": len(left_out)})
        return fig
    p = placed.assign(
        lo=placed["low"].astype("float64"),
        be=placed["best"].astype("float64"),
        hi=placed["high"].astype("float64").fillna(placed["low"].astype("float64")),
    )
    g = p.groupby("month")[["lo", "be", "hi"]].sum()
    months = pd.period_range(g.index.min(), g.index.max(), freq="M").strftime("%Y-%m")
    g = g.reindex(months, fill_value=0).cumsum()
    # one extra point at the start of the following month, so the last month's step shows
    nxt = (pd.Period(months[-1], freq="M") + 1).strftime("%Y-%m")
    g = pd.concat([g, g.iloc[[-1]].set_axis([nxt])])
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
    fig = _layout(fig)
    fig.update_yaxes(
        title=f"Cumulative {views.METRIC_LABELS.get(metric, metric).lower()}", rangemode="tozero"
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


# --- reported vs claimed ---------------------------------------------------------------------------


def _short(text: str, n: int = 48) -> str:
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


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
    ids = views.compared_incidents(claims, metric, victim_group, max_incidents)
    if not ids:
        return empty_figure("No claims for this figure under the current filters.")
    c = claims[
        claims["incident_id"].isin(ids)
        & (claims["metric"] == metric)
        & (claims["victim_group"] == victim_group)
    ]
    c = views.claim_points(c)
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
        hover = (
            "<b>"
            + _esc(views.CLAIMANT_LABELS[t])
            + "</b> "
            + sub["claimant"].map(lambda s: f"({_esc(s)})" if s else "")
            + sub["relayed_by"].map(lambda s: f", relayed by {_esc(s)}" if s else "")
            + "<br>"
            + sub["number_text"].map(_esc)
            + " → "
            + views.claim_value_text(sub).astype(str)
            + "<br><i>"
            + sub["quote"].map(lambda q: _esc(_short(q, 120)))
            + "</i>"
        )
        rng = sub[(sub["bound"] == "bounded") & (sub["x_low"] != sub["x_high"])]
        if len(rng):
            xs, ys = [], []
            for lo, hi, yy in zip(rng["x_low"], rng["x_high"], y[rng.index], strict=True):
                xs += [lo, hi, None]
                ys += [yy, yy, None]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=CLAIMANT_COLORS[t], width=3),
                    legendgroup=t,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        # single figures: a dot; ranges: a tick at each end (no dot in the middle, which
        # would be a value nobody claimed); open-ended: a triangle at the stated bound
        exact = (sub["bound"] == "bounded") & (sub["x_low"] == sub["x_high"])
        is_rng = (sub["bound"] == "bounded") & (sub["x_low"] != sub["x_high"])
        parts = [
            (exact, sub["x_low"], "circle"),
            (is_rng, sub["x_low"], "line-ns-open"),
            (is_rng, sub["x_high"], "line-ns-open"),
            (sub["bound"] == "open above", sub["x_low"], "triangle-right"),
            (sub["bound"] == "open below", sub["x_high"], "triangle-left"),
        ]
        xs_m = pd.concat([x[m] for m, x, _ in parts])
        ys_m = pd.concat([y[m] for m, _, _ in parts])
        hs_m = pd.concat([hover[m] for m, _, _ in parts])
        sym = np.concatenate([np.repeat(s_, int(m.sum())) for m, _, s_ in parts])
        fig.add_trace(
            go.Scatter(
                x=xs_m,
                y=ys_m,
                mode="markers",
                marker=dict(
                    color=CLAIMANT_COLORS[t],
                    size=11,
                    symbol=sym,
                    line=dict(width=2, color=CLAIMANT_COLORS[t]),
                ),
                name=views.CLAIMANT_LABELS[t],
                legendgroup=t,
                hovertext=hs_m,
                hoverinfo="text",
            )
        )
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
        title=f"{views.METRIC_LABELS.get(metric, metric)} – {views.VICTIM_GROUP_LABELS.get(victim_group, victim_group)} (as claimed)",
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
        + e["metric"].map(views.METRIC_LABELS)
        + " "
        + e["victim_group"].map(views.VICTIM_GROUP_LABELS).str.lower()
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
                        views.fmt_range(a, b)
                        for a, b in zip(e["government_low"], e["government_high"], strict=True)
                    ],
                    [
                        views.fmt_range(a, b)
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


# --- targets ------------------------------------------------------------------------------------


def targets_over_time(incidents: pd.DataFrame, basis: str = "incident") -> go.Figure:
    """Incidents per month and target category (stacked). An incident counts once per category."""
    if incidents.empty:
        return empty_figure("No incidents match the current filters.")
    dated = views.dated_frame(incidents, basis)
    ex = views.explode_categories(incidents).merge(
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
            name = views.TARGET_LABELS.get(cat, cat)
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=counts[cat],
                    name=name,
                    marker_color=TARGET_COLORS[cat],
                    hovertemplate="%{x|%b %Y}: %{y}<extra>" + _esc(name) + "</extra>",
                )
            )
    inc_dated = dated[views.fast_isin(dated["incident_id"], ex["incident_id"])]
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
    ex = views.explode_categories(incidents)
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
        name = views.TARGET_LABELS.get(cat, cat)
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

    ``summary``: :func:`dashlib.views.targets_by_category` when it is already
    computed (the targets page shows it as a table too); the frames are not read then.
    """
    t = views.targets_by_category(incidents, estimates) if summary is None else summary
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


# --- map -----------------------------------------------------------------------------------------

MAP_STYLES = {"none": "white-bg", "streets": "open-street-map", "light": "carto-positron"}


def incident_map(
    incidents: pd.DataFrame,
    estimates: pd.DataFrame,
    basemap: str = "none",
    reference_places: pd.DataFrame | None = None,
) -> go.Figure:
    """Incidents by place: size = summed best killed, colour = first target category.

    Places known only to the district or province are drawn faded and named
    "approximate" in the legend and hover. With ``basemap`` 'none' the points
    are drawn on plain longitude/latitude axes with the district seats of
    ``reference_places`` (name, lat, lon) named in grey: nothing is fetched
    from the network, so it works offline. 'streets'/'light' draw on map tiles
    (MapLibre); offline the tiles stay blank but the points still show.
    """
    pts = views.map_points(incidents, estimates)
    if pts.empty:
        return empty_figure("No incidents with a known location match the current filters.")
    tiles = basemap in ("streets", "light")

    def trace(lat, lon, **kw):
        if tiles:
            kw.pop("textposition", None)
            kw.pop("textfont", None)
            kw.pop("text", None)
            if kw.get("mode") == "markers+text":
                kw["mode"] = "markers"
            return go.Scattermap(lat=lat, lon=lon, **kw)
        return go.Scatter(x=lon, y=lat, **kw)

    fig = go.Figure()
    if reference_places is not None and len(reference_places):
        fig.add_trace(
            trace(
                reference_places["lat"],
                reference_places["lon"],
                mode="markers+text",
                marker=dict(size=4, color="#9AA5B1"),
                text=reference_places["name"].map(_esc),
                textposition="top center",
                textfont=dict(size=9, color="#9AA5B1"),
                name="District seats (reference)",
                hovertext=reference_places["name"].map(_esc),
                hoverinfo="text",
            )
        )
    best = pts["best_killed"].fillna(0)
    scale = 34 / max(float(np.sqrt(best.max())), 1.0)
    for cat in [c for c in TARGET_COLORS if c in set(pts["category"])]:
        for approx in (False, True):
            sub = pts[(pts["category"] == cat) & (pts["approximate"] == approx)]
            if sub.empty:
                continue
            ranges = [
                views.fmt_range(a, b, o)
                for a, b, o in zip(
                    sub["low_killed"], sub["high_killed"], sub["high_open"], strict=True
                )
            ]
            hover = (
                "<b>"
                + sub["place"].map(_esc)
                + "</b>"
                + np.where(sub["approximate"], " (approximate: district/province centre)", "")
                + "<br>"
                + sub["district"].map(lambda s: f"District: {_esc(s)}<br>" if s else "")
                + sub["incidents"].astype(str)
                + " incident(s): "
                + sub["categories"].map(_esc)
                + "<br>Killed: "
                + pd.Series(ranges, index=sub.index)
                + " (best "
                + sub["best_killed"].map(views.fmt_num)
                + ")"
            )
            fig.add_trace(
                trace(
                    sub["lat"],
                    sub["lon"],
                    mode="markers",
                    marker=dict(
                        size=7 + np.sqrt(sub["best_killed"].fillna(0)) * scale,
                        color=TARGET_COLORS[cat],
                        opacity=0.35 if approx else 0.85,
                        **({} if tiles else {"line": dict(width=1, color="white")}),
                    ),
                    name=views.TARGET_LABELS.get(cat, "No category"),
                    legendgroup=cat,
                    showlegend=not approx
                    or not (pts["category"].eq(cat) & ~pts["approximate"]).any(),
                    hovertext=hover,
                    hoverinfo="text",
                )
            )
    if pts["approximate"].any():  # one legend entry explains the faded circles
        fig.add_trace(
            trace(
                [None],
                [None],
                mode="markers",
                marker=dict(size=10, color="#8C8C8C", opacity=0.35),
                name="Faded: approximate location",
                hoverinfo="skip",
            )
        )
    m = {
        "places": int(pts["place"].nunique()),
        "approximate": int(pts.loc[pts["approximate"], "incidents"].sum()),
        "incidents": int(pts["incidents"].sum()),
        "tiles": tiles,
    }
    legend = dict(
        orientation="v", yanchor="top", y=1, xanchor="left", x=1.01, title_text="Main target"
    )
    if tiles:
        fig.update_layout(
            map=dict(style=MAP_STYLES[basemap], center=dict(lat=28.6, lon=66.0), zoom=5.2),
            height=600,
            margin=dict(l=0, r=0, t=10, b=0),
            legend=legend,
            font=FONT,
            meta=m,
        )
        return fig
    fig = _layout(fig, height=640)
    fig.update_layout(legend=legend, meta=m)
    lons = pd.concat(
        [pts["lon"], reference_places["lon"] if reference_places is not None else pts["lon"]]
    )
    lats = pd.concat(
        [pts["lat"], reference_places["lat"] if reference_places is not None else pts["lat"]]
    )
    fig.update_xaxes(
        title="Longitude",
        range=[float(lons.min()) - 0.8, float(lons.max()) + 0.8],
        showgrid=True,
        zeroline=False,
        constrain="domain",
    )
    fig.update_yaxes(
        title="Latitude",
        range=[float(lats.min()) - 0.6, float(lats.max()) + 0.6],
        scaleanchor="x",
        scaleratio=1.14,
        showgrid=True,
        zeroline=False,
    )
    return fig
