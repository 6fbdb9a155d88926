"""The incident map: one circle per place, on plain longitude/latitude axes or on map tiles.

:func:`incident_map` is the public builder; the helpers below it draw its layers (the
reference places, the points of each target category, the legend entry for faded
points) and lay out the two kinds of map.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashlib.reading import code_labels
from dashlib.views import formatting, place_tables
from dashlib.views.chart_style import FONT, TARGET_COLORS, _esc, _layout, empty_figure

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
    fig = go.Figure()
    if reference_places is not None and len(reference_places):
        fig.add_trace(_reference_trace(reference_places, tiles))
    for trace in _category_traces(pts, tiles):
        fig.add_trace(trace)
    if pts["approximate"].any():  # one legend entry explains the faded circles
        fig.add_trace(_approximate_legend_trace(tiles))
    meta = _map_meta(pts, tiles)
    if tiles:
        return _tile_layout(fig, basemap, meta)
    return _axes_layout(fig, pts, reference_places, meta)


# --- layers ---------------------------------------------------------------------------------------


def _trace(tiles: bool, lat, lon, **kw) -> go.Scattermap | go.Scatter:
    """One layer of points, on map tiles or on plain longitude/latitude axes.

    On tiles the points are drawn without text labels: the label arguments are dropped there.
    """
    if tiles:
        kw.pop("textposition", None)
        kw.pop("textfont", None)
        kw.pop("text", None)
        if kw.get("mode") == "markers+text":
            kw["mode"] = "markers"
        return go.Scattermap(lat=lat, lon=lon, **kw)
    return go.Scatter(x=lon, y=lat, **kw)


def _reference_trace(reference_places: pd.DataFrame, tiles: bool) -> go.Scattermap | go.Scatter:
    """The district seats, small and grey, named beside their points (plain axes only)."""
    return _trace(
        tiles,
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


def _category_traces(pts: pd.DataFrame, tiles: bool) -> list[go.Scattermap | go.Scatter]:
    """The places, one layer per target category and precision (exact first, then faded).

    A circle's size grows with the square root of the place's best killed (so its area
    follows the number), scaled so that the largest place is 41 px across whatever the
    numbers are.
    """
    best = pts["best_killed"].fillna(0)
    scale = 34 / max(float(np.sqrt(best.max())), 1.0)
    traces = []
    for cat in [c for c in TARGET_COLORS if c in set(pts["category"])]:
        for approx in (False, True):
            sub = pts[(pts["category"] == cat) & (pts["approximate"] == approx)]
            if sub.empty:
                continue
            traces.append(
                _trace(
                    tiles,
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
                    # one legend entry per category: the faded layer shows it only
                    # when the category has no exact places
                    showlegend=not approx
                    or not (pts["category"].eq(cat) & ~pts["approximate"]).any(),
                    hovertext=_hover_text(sub),
                    hoverinfo="text",
                )
            )
    return traces


def _hover_text(sub: pd.DataFrame) -> pd.Series:
    """Each place's hover: name (and whether approximate), district, incidents, killed."""
    ranges = [
        formatting.fmt_range(a, b, o)
        for a, b, o in zip(sub["low_killed"], sub["high_killed"], sub["high_open"], strict=True)
    ]
    return (
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


def _approximate_legend_trace(tiles: bool) -> go.Scattermap | go.Scatter:
    """A legend entry with no points, saying what the faded circles are."""
    return _trace(
        tiles,
        [None],
        [None],
        mode="markers",
        marker=dict(size=10, color="#8C8C8C", opacity=0.35),
        name="Faded: approximate location",
        hoverinfo="skip",
    )


# --- layout ---------------------------------------------------------------------------------------


def _map_meta(pts: pd.DataFrame, tiles: bool) -> dict:
    """What the map drew, for the page's caption (``fig.layout.meta``)."""
    return {
        "places": int(pts["place"].nunique()),
        "approximate": int(pts.loc[pts["approximate"], "incidents"].sum()),
        "incidents": int(pts["incidents"].sum()),
        "tiles": tiles,
    }


def _legend() -> dict:
    """The legend to the right of the map, titled by what the colours mean."""
    return dict(
        orientation="v", yanchor="top", y=1, xanchor="left", x=1.01, title_text="Main target"
    )


def _tile_layout(fig: go.Figure, basemap: str, meta: dict) -> go.Figure:
    """Lay out a map on tiles, centred on Balochistan."""
    fig.update_layout(
        map=dict(style=MAP_STYLES[basemap], center=dict(lat=28.6, lon=66.0), zoom=5.2),
        height=600,
        margin=dict(l=0, r=0, t=10, b=0),
        legend=_legend(),
        font=FONT,
        meta=meta,
    )
    return fig


def _axes_layout(
    fig: go.Figure, pts: pd.DataFrame, reference_places: pd.DataFrame | None, meta: dict
) -> go.Figure:
    """Lay out a map on plain longitude/latitude axes, framing the points and reference places.

    A degree of latitude is drawn 1.14 times as long as a degree of longitude (about
    1/cos 29°, Balochistan's middle latitude), so the province is not squashed.
    """
    fig = _layout(fig, height=640)
    fig.update_layout(legend=_legend(), meta=meta)
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
