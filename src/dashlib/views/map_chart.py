"""The incident map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashlib.reading import code_labels
from dashlib.views import formatting, place_tables
from dashlib.views.chart_style import FONT, TARGET_COLORS, _esc, _layout, empty_figure

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
    pts = place_tables.map_points(incidents, estimates)
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
                formatting.fmt_range(a, b, o)
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
                + sub["best_killed"].map(formatting.fmt_num)
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
                    name=code_labels.TARGET_LABELS.get(cat, "No category"),
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
