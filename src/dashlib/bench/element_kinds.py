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

import textwrap
from pathlib import Path
from typing import Any

from dashlib.bench.first_paint import first_paint, headless_chromium
from dashlib.bench.serve_browser import visit_summary
from dashlib.bench.serve_server import empty_page_folder, streamlit_server

# What the probe page draws for each kind (a kind's code, chosen by the query
# parameter k): one element of each kind the dashboard draws, and a few it could draw
# instead. Every page has a title, which first_paint waits for.
KIND_CODE = {
    "title only": "",
    "date_input": 'st.sidebar.date_input("d", (dt.date(2024, 1, 1), dt.date(2025, 1, 1)))',
    "multiselect": 'st.sidebar.multiselect("m", ["a", "b"])',
    "selectbox": 'st.selectbox("s", ["a", "b"])',
    "checkbox": 'st.sidebar.checkbox("c")',
    "radio": 'st.sidebar.radio("r", ["a", "b"])',
    "segmented_control": 'st.sidebar.segmented_control("s", ["a", "b"])',
    "metric": 'st.metric("m", 3, 1)',
    "altair_chart": 'import altair as alt\nst.altair_chart(alt.Chart(df).mark_bar().encode(x="b", y="a"))',
    "plotly_chart": 'import plotly.express as px\nst.plotly_chart(px.bar(df, x="b", y="a"))',
    "dataframe": "st.dataframe(df)",
    "table": "st.table(df)",
    "markdown": 'st.markdown("**x** y")\nst.caption("c")',
    "html": 'st.html("<b>x</b>")',
    "download_button": 'st.download_button("d", b"x", file_name="x.csv")',
    "expander": 'with st.sidebar.expander("e"):\n    st.write("x")',
    "toggle": 'st.sidebar.toggle("t")',
}
# The kinds of the dashboard's sidebar filters together, and with the kinds its first
# page adds (kinds share files, so these are less than the sum of their rows).
_SIDEBAR = "\n".join(KIND_CODE[k] for k in ("radio", "toggle", "date_input", "multiselect"))
KIND_CODE["sidebar filters"] = _SIDEBAR
KIND_CODE["sidebar and first page"] = "\n".join(
    [_SIDEBAR, KIND_CODE["metric"], KIND_CODE["table"], KIND_CODE["altair_chart"]]
)
KINDS = tuple(KIND_CODE)

_PAGE_HEAD = """import datetime as dt

import pandas as pd
import streamlit as st

kind = st.query_params.get("k", "title only")
st.title("Element kinds")
df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
"""


def kinds_page() -> str:
    """The probe page's source: a branch per kind, on the kind named in the URL."""
    branches = [
        f"{'if' if i == 0 else 'elif'} kind == {kind!r}:\n{textwrap.indent(code or 'pass', '    ')}"
        for i, (kind, code) in enumerate(KIND_CODE.items())
    ]
    return _PAGE_HEAD + "\n".join(branches) + "\n"


def kinds_page_folder(workdir: Path, config_from: Path) -> Path:
    """A folder with the probe page and a copy of the project's Streamlit config."""
    folder = empty_page_folder(workdir / "element-kinds", config_from)
    (folder / "kinds_page.py").write_text(kinds_page(), "utf-8")
    return folder


def element_kind_visits(workdir: Path, root: Path, visits: int) -> dict[str, Any]:
    """Per element kind, :func:`~dashlib.bench.serve_browser.visit_summary` of ``visits``
    first visits (after one unmeasured visit), and the requests and KB it adds to a page
    with only a title."""
    from urllib.parse import quote

    folder = kinds_page_folder(workdir, root)
    out: dict[str, Any] = {}
    with (
        streamlit_server("kinds", "kinds_page.py", folder, {}, workdir / "kinds.log") as server,
        headless_chromium() as browser,
    ):
        for kind in KINDS:
            url = f"{server.url}/?k={quote(kind)}"
            first_paint(browser, url)
            runs, cpu = [], 0.0
            for _ in range(visits):
                before = server.cpu_seconds()
                runs.append(first_paint(browser, url))
                cpu += server.cpu_seconds() - before
            out[kind] = visit_summary(runs, cpu)
    base = out["title only"]
    for row in out.values():
        row["extra_requests"] = row["http_requests"] - base["http_requests"]
        row["extra_kb"] = round(row["http_kb"] - base["http_kb"], 1)
    return out


def format_kinds(result: dict[str, Any]) -> str:
    """The probe's table, most extra requests first."""
    width = max(len("element kind"), *map(len, result))
    lines = [f"{'element kind':{width}} {'requests':>8} {'extra':>6} {'extra KB':>9} {'CPU s':>7}"]
    for kind, r in sorted(result.items(), key=lambda kv: -kv[1]["extra_requests"]):
        lines.append(
            f"{kind:{width}} {r['http_requests']:>8} {r['extra_requests']:>6} "
            f"{r['extra_kb']:>9} {r['cpu_seconds_per_view']:>7.3f}"
        )
    return "\n".join(lines)
