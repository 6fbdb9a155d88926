"""What every chart shares: colours, layout, empty charts, escaping and shortening of data text.

Colours are defined once here: one per claimant type, per side of the estimates, per
target category and per victim group, used by every page.

Text that comes from the data (incident labels, places, quotes) is passed through
:func:`html.escape` before it goes into hover text or tick labels, because Plotly renders a
small subset of HTML there.

Every builder in ``dashlib.views`` aggregates before drawing (one bar per month, one point
per place, at most ``max_*`` incidents), handles empty input by returning
:func:`empty_figure`, and records what it drew in ``fig.layout.meta`` (a dict) so the page
can say in its caption what was counted and what was left out.
"""

from __future__ import annotations

import html

import altair as alt
import pandas as pd
import plotly.graph_objects as go

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


def _short(text: str, n: int = 48) -> str:
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"
