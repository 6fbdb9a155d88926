"""What each kind of Streamlit element adds to a first-time visit: ``dashlib bench serve
--element-kinds N``.

A first-time visitor's browser fetches Streamlit's front end, and each kind of
element on the page loads its own parts of it (a date input the date picker's
scripts, a chart Vega's, a data grid the grid's). Those files are served by the
same Python process that runs the script, so a page with more kinds of element
costs the server more per new visitor even when its script is cheap. This probe
serves one small page per element kind, with the project's Streamlit config, and
counts for N first visits each (fresh browser context, headless Chromium): the
HTTP requests, their bytes and the server's CPU seconds, next to a page with only
a title.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from dashlib.bench.first_paint import CHROMIUM, CHROMIUM_ARGS, first_paint
from dashlib.bench.serve_server import empty_page_folder, streamlit_server

# One element of each kind the dashboard draws (and a few it could draw instead),
# chosen by the query parameter k; every page has a title, which first_paint waits for.
KINDS_PAGE = """
import datetime as dt

import pandas as pd
import streamlit as st

kind = st.query_params.get("k", "title only")
st.title("Element kinds")
df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
if kind == "date_input":
    st.sidebar.date_input("d", (dt.date(2024, 1, 1), dt.date(2025, 1, 1)))
elif kind == "multiselect":
    st.sidebar.multiselect("m", ["a", "b"])
elif kind == "selectbox":
    st.selectbox("s", ["a", "b"])
elif kind == "checkbox":
    st.sidebar.checkbox("c")
elif kind == "radio":
    st.sidebar.radio("r", ["a", "b"])
elif kind == "segmented_control":
    st.sidebar.segmented_control("s", ["a", "b"])
elif kind == "metric":
    st.metric("m", 3, 1)
elif kind == "altair_chart":
    import altair as alt

    st.altair_chart(alt.Chart(df).mark_bar().encode(x="b", y="a"))
elif kind == "plotly_chart":
    import plotly.express as px

    st.plotly_chart(px.bar(df, x="b", y="a"))
elif kind == "dataframe":
    st.dataframe(df)
elif kind == "table":
    st.table(df)
elif kind == "markdown":
    st.markdown("**x** y")
    st.caption("c")
elif kind == "html":
    st.html("<b>x</b>")
elif kind == "download_button":
    st.download_button("d", b"x", file_name="x.csv")
elif kind == "expander":
    with st.sidebar.expander("e"):
        st.write("x")
"""

KINDS = (
    "title only",
    "date_input",
    "multiselect",
    "selectbox",
    "checkbox",
    "radio",
    "segmented_control",
    "metric",
    "altair_chart",
    "plotly_chart",
    "dataframe",
    "table",
    "markdown",
    "html",
    "download_button",
    "expander",
)


def kinds_page_folder(workdir: Path, config_from: Path) -> Path:
    """A folder with the probe page and a copy of the project's Streamlit config."""
    folder = empty_page_folder(workdir / "element-kinds", config_from)
    (folder / "kinds_page.py").write_text(KINDS_PAGE, "utf-8")
    return folder


def element_kind_visits(workdir: Path, root: Path, visits: int) -> dict[str, Any]:
    """Per element kind: median HTTP requests and KB of a first visit, and the
    server's CPU seconds per visit (mean of ``visits``, after one unmeasured visit)."""
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    folder = kinds_page_folder(workdir, root)
    out: dict[str, Any] = {}
    with (
        streamlit_server("kinds", "kinds_page.py", folder, {}, workdir / "kinds.log") as server,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for kind in KINDS:
                url = f"{server.url}/?k={quote(kind)}"
                first_paint(browser, url)
                runs, cpu = [], 0.0
                for _ in range(visits):
                    before = server.cpu_seconds()
                    runs.append(first_paint(browser, url))
                    cpu += server.cpu_seconds() - before
                out[kind] = {
                    "http_requests": statistics.median(r["http_requests"] for r in runs),
                    "http_kb": round(statistics.median(r["http_kb"] for r in runs), 1),
                    "cpu_seconds_per_visit": round(cpu / visits, 4),
                }
        finally:
            browser.close()
    base = out["title only"]
    for row in out.values():
        row["extra_requests"] = row["http_requests"] - base["http_requests"]
        row["extra_kb"] = round(row["http_kb"] - base["http_kb"], 1)
    return out


def format_kinds(result: dict[str, Any]) -> str:
    """The probe's table, most extra requests first."""
    lines = [f"{'element kind':20} {'requests':>8} {'extra':>6} {'extra KB':>9} {'CPU s':>7}"]
    for kind, r in sorted(result.items(), key=lambda kv: -kv[1]["extra_requests"]):
        lines.append(
            f"{kind:20} {r['http_requests']:>8} {r['extra_requests']:>6} "
            f"{r['extra_kb']:>9} {r['cpu_seconds_per_visit']:>7.3f}"
        )
    return "\n".join(lines)
