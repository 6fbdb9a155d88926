"""Small Streamlit helpers shared by the pages (not a page itself).

``app.py`` loads and filters the tables once per rerun and stores a
:class:`Context` in the session; pages read it with :func:`context`. The rest
are display helpers that keep the pages short and consistent: empty states,
capped tables, charts with a caption, column configuration from the data
dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashlib import export, views
from dashlib.filters import Filters
from dashlib.tables import Tables

# Set by the Add articles page in read-only mode: tables built with this
# session's added articles, shown by every page until the session ends.
SESSION_ARTICLES = "dashlib_session_articles"
SESSION_TABLES = "dashlib_session_tables"

TITLE = "Balochistan Conflict Claims Monitor"
MAX_ROWS = 1000
_KEY = "_dashboard_context"


@dataclass
class Context:
    tables: Tables  # everything that was built
    filtered: Tables  # after the sidebar filters
    filters: Filters
    load_error: str | None = None
    synthetic: int = 0


def set_context(ctx: Context) -> None:
    st.session_state[_KEY] = ctx


def context() -> Context:
    """The tables and filters of this rerun (set by app.py before the page runs)."""
    ctx = st.session_state.get(_KEY)
    if ctx is None:  # the page was run on its own, without app.py
        st.error("Start the dashboard with `streamlit run app.py`.")
        st.stop()
    return ctx


def header(title: str, intro: str, ctx: Context) -> None:
    """Page title, one-line introduction and the active filters."""
    st.title(title, anchor=False)
    st.caption(intro)
    if ctx.load_error:
        st.error(
            "The tables could not be loaded or built, so the dashboard is empty. "
            f"Details: {ctx.load_error}",
            icon=":material/error:",
        )
    if ctx.synthetic:
        st.warning(
            f"Showing {ctx.synthetic:,} **synthetic** incidents (invented for tests and "
            "benchmarks); no figure on this page is real.",
            icon=":material/science:",
        )
    active = ctx.filters.describe()
    if active:
        st.caption(":material/filter_alt: Filtered: " + "; ".join(_md(a) for a in active))


def _md(text: str) -> str:
    """Escape Markdown control characters in data-derived text."""
    out = str(text)
    for ch in "\\`*_{}[]<>()#+-.!|~$:":
        out = out.replace(ch, "\\" + ch)
    return out


md = _md


def empty(message: str) -> None:
    """The empty state: what matched nothing and what to try."""
    st.info(
        message
        + " Try widening the date range or clearing some filters (sidebar → Reset filters).",
        icon=":material/filter_alt_off:",
    )


def nothing_built(ctx: Context) -> bool:
    """Show an empty state and return True when the build itself has no incidents."""
    if ctx.tables.incidents.empty:
        st.info(
            "No incidents have been built yet. Add article files (page **Add articles**) or run "
            "`dashlib build`, then reload.",
            icon=":material/inbox:",
        )
        return True
    return False


def no_match(ctx: Context, what: str = "incidents") -> bool:
    """Empty state when the filters leave no incidents; returns True if shown."""
    if ctx.filtered.incidents.empty:
        empty(f"No {what} match the current filters.")
        return True
    return False


def chart(fig, caption: str, key: str) -> None:
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "responsive": True})
    st.caption(caption)


def meta(fig) -> dict:
    m = fig.layout.meta
    return dict(m) if isinstance(m, dict) else {}


def capped_dataframe(
    df: pd.DataFrame, *, column_config=None, key: str | None = None, height="auto", note: str = ""
) -> None:
    """st.dataframe of at most MAX_ROWS rows, saying so when it cuts."""
    n = len(df)
    st.dataframe(
        df.head(MAX_ROWS),
        hide_index=True,
        column_config=column_config,
        key=key,
        height=height,
    )
    if n > MAX_ROWS:
        st.caption(
            f"Showing the first {MAX_ROWS:,} of {n:,} rows{note or '; the download has all of them'}."
        )


def column_config_for(table: str) -> dict:
    """st.column_config for a table's columns, with the data dictionary's descriptions as help."""
    cfg = {}
    for spec in export.column_specs(table):
        name, kind, help_text = spec["name"], spec["kind"], spec["help"]
        if kind == "int":
            cfg[name] = st.column_config.NumberColumn(name, help=help_text, format="%d")
        elif kind == "float":
            cfg[name] = st.column_config.NumberColumn(
                name, help=help_text, format="%.4f" if name in ("lat", "lon") else "%.2f"
            )
        elif kind == "bool":
            cfg[name] = st.column_config.CheckboxColumn(name, help=help_text)
        else:
            cfg[name] = st.column_config.TextColumn(name, help=help_text)
    return cfg


def label_config(help_by_column: dict[str, str]) -> dict:
    """Text column configs with help for display tables built in dashlib.views."""
    return {c: st.column_config.Column(c, help=h) for c, h in help_by_column.items()}


def estimates_note(ctx: Context) -> str:
    """How the estimates on the page were obtained under the current filters."""
    basis = ctx.filtered.report.get("filters", {}).get("estimates_basis", "all claims")
    return f"Estimates: {basis}."


__all__ = ["MAX_ROWS", "TITLE", "Context", "context", "views"]
