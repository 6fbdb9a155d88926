"""Balochistan Conflict Claims Monitor: the Streamlit entry point.

Runs on every rerun, before the page: opens the build through ONE cached
function (DuckDB over the build's Parquet files), draws the sidebar filters
(each bound to a URL query parameter, so a copied link reproduces the view),
and hands the filtered tables, fetched lazily and cached per filters, to the
page through ``app_pages._common``. The pages live in ``app_pages/``
rather than ``pages/``: a ``pages/`` folder next to an ``st.navigation`` entry
point switches Streamlit to its legacy multipage mode under AppTest.

Environment (all optional):

``DASHLIB_DATA_DIR``      folder of a build (default ``data/build``)
``DASHLIB_ARTICLES_DIR``  article folder to build from if there is no build
                          (default ``seeds/``)
``DASHLIB_SYNTHETIC``     a number N: show N invented incidents instead (tests,
                          benchmarks); the page says so in a banner
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

# Arrow's buffers go to the C heap the housekeeping thread trims, not to Arrow's own
# pool (mimalloc), which held ~70 MB more at 10,000 articles (BENCHMARKS.md, "Many
# readers at once"). Arrow reads this once, when pyarrow is first imported;
# Streamlit's server has not imported it before this script runs (tested in
# tests/test_serve.py). A value set outside wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # so pages can import app_pages._common
    sys.path.insert(0, str(ROOT))
try:
    import dashlib
except ImportError:  # a checkout that was not pip-installed
    sys.path.insert(0, str(ROOT / "src"))
    import dashlib

from app_pages import _common as ui  # noqa: E402
from dashlib import paths  # noqa: E402
from dashlib.building import store  # noqa: E402
from dashlib.reading import code_labels, options  # noqa: E402
from dashlib.reading import filters as dfilters  # noqa: E402
from dashlib.reading.columnar import ColumnarBuild, FilteredTables  # noqa: E402


@st.cache_resource(show_spinner=False)
def _favicon():
    """A small bar-chart icon drawn locally, so no favicon is fetched from the internet
    (drawn once per server, not on every rerun)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, 63, 63), radius=12, fill="#2f5d7c")
    for x, h in ((12, 22), (27, 38), (42, 30)):
        draw.rectangle((x, 52 - h, x + 10, 52), fill="white")
    return img


st.set_page_config(
    page_title=ui.TITLE,
    page_icon=_favicon(),
    layout="wide",
    initial_sidebar_state="expanded",
)


def _settings() -> tuple[str, str, int]:
    data_dir = os.environ.get("DASHLIB_DATA_DIR") or str(paths.BUILD_DIR)
    articles_dir = os.environ.get("DASHLIB_ARTICLES_DIR") or str(paths.SEEDS_DIR)
    try:
        synthetic = int(os.environ.get("DASHLIB_SYNTHETIC") or 0)
    except ValueError:
        synthetic = 0
    return data_dir, articles_dir, synthetic


def _load() -> tuple[ColumnarBuild, str | None, tuple | None]:
    """The build, a load error (or None), and the build's cache key (None if not cached)."""
    data_dir, articles_dir, synthetic = _settings()
    stamp = ui.build_stamp_cached(data_dir, articles_dir) if not synthetic else "synthetic"
    key = (data_dir, articles_dir, stamp, synthetic)
    try:
        if synthetic:
            with st.spinner(f"Generating {synthetic:,} synthetic incidents…"):
                return ui.source_cached(*key), None, key
        if not store.has_tables(data_dir):
            n = options.count_article_files(articles_dir)
            with st.spinner(f"Building tables from {n:,} articles…"):
                return ui.source_cached(*key), None, key
        return ui.source_cached(*key), None, key
    except Exception as err:  # a broken build must still leave a usable page
        return ColumnarBuild.from_tables(dashlib.Tables()), f"{type(err).__name__}: {err}", None


def _session_source(tables: dashlib.Tables) -> ColumnarBuild:
    """DuckDB over this session's in-memory tables, made once per version of them."""
    held = st.session_state.get("_dashlib_session_source")
    if held is None or held[0] is not tables:
        held = (tables, ColumnarBuild.from_tables(tables))
        st.session_state["_dashlib_session_source"] = held
    return held[1]


FILTER_DEFAULTS = {
    "basis": "incident",
    "undated": True,
    "place": [],
    "target": [],
    "type": [],
    "perp": [],
    "claimant": [],
    "article": [],
}


def _reset_filters(span_default) -> None:
    for key, value in FILTER_DEFAULTS.items():
        st.session_state[key] = value
    if span_default is not None:
        st.session_state["dates"] = span_default


def _follow_span(span_dates) -> None:
    """Keep the date range on the whole span when the tables' span changes (a new build,
    or articles added for this session) and the range was the whole old span, so new
    incidents are not hidden behind a range nobody chose."""
    old = st.session_state.get("_dates_span")
    if old is not None and old != span_dates and tuple(st.session_state.get("dates") or ()) == old:
        st.session_state["dates"] = span_dates
    st.session_state["_dates_span"] = span_dates


# The sidebar's lists, in the order drawn: (key of the URL parameter and of the filter
# options, label, labels of the options, placeholder, help). Each is a multiselect bound
# to the URL.
_LIST_FILTERS = (
    ("place", "District or place", None, "All places", None),
    (
        "target",
        "Target category",
        lambda c: code_labels.TARGET_LABELS.get(c, c),
        "All targets",
        None,
    ),
    (
        "type",
        "Incident type",
        lambda c: code_labels.INCIDENT_TYPE_LABELS.get(c, c),
        "All types",
        None,
    ),
    ("perp", "Perpetrator (as reported)", code_labels.perpetrator_label, "All", None),
    (
        "claimant",
        "Claimant type",
        lambda c: code_labels.CLAIMANT_LABELS.get(c, c),
        "All claimants",
        "Narrows the figures (claims and the estimates computed from them), not the list of "
        "incidents.",
    ),
)


def _time_filters(span_dates) -> tuple:
    """The date range (None when the tables have no dates), what it counts by, and
    whether undated rows stay."""
    dates = None
    if span_dates:
        dates = st.date_input(
            "Date range",
            value=span_dates,
            min_value=span_dates[0],
            max_value=span_dates[1],
            format="YYYY-MM-DD",
            key="dates",
            bind="query-params",
            help=(
                "Keeps incidents whose date span overlaps the range (an incident known only "
                "as 'March 2025' is kept by any range touching March 2025). With 'Report "
                "date', the range applies to publication dates instead."
            ),
        )
    basis = st.radio(
        "Count by",
        ["incident", "report"],
        format_func=code_labels.BASIS_LABELS.get,
        horizontal=True,
        key="basis",
        bind="query-params",
        help="Incident date: when the event happened. Report date: when it was first reported (articles: when published).",
    )
    include_undated = st.toggle(
        "Include undated",
        value=True,
        key="undated",
        bind="query-params",
        help="Keep incidents (or, by report date, articles) with no known date when a date range is set.",
    )
    return dates, basis, include_undated


def _article_filter(opts, article_ids, labels) -> list:
    """The source-article list: the most recent articles, any other one by its ID in the URL."""
    more = len(opts["article"]) > ui.MAX_ARTICLE_OPTIONS
    return st.multiselect(
        "Source article",
        article_ids,
        format_func=lambda a: labels.get(a, a),
        key="article",
        bind="query-params",
        placeholder="All articles",
        help="Shows only what the chosen articles report."
        + (
            f" Lists the {ui.MAX_ARTICLE_OPTIONS:,} most recent of {len(opts['article']):,} "
            "articles; to filter by an older one, put its article ID (see Data & export) "
            "in the link: `?article=ID`."
            if more
            else ""
        ),
    )


def sidebar_filters(choices, tables: FilteredTables) -> dfilters.Filters:
    """Draw the global filters (bound to the URL) and return them as a Filters object."""
    opts, span, span_dates, article_ids, labels = choices
    if span_dates:
        _follow_span(span_dates)
    chosen = [dfilters.article_id_of(v) for v in st.query_params.get_all("article")]
    chosen += st.session_state.get("article") or []
    article_ids, labels = ui.article_choices(tables, article_ids, labels, chosen)

    with st.sidebar:
        st.subheader("Filters", anchor=False)
        dates, basis, include_undated = _time_filters(span_dates)
        lists = {
            key: st.multiselect(
                label,
                opts[key],
                format_func=shown or str,
                key=key,
                bind="query-params",
                placeholder=placeholder,
                help=help_text,
            )
            for key, label, shown, placeholder, help_text in _LIST_FILTERS
        }
        articles = _article_filter(opts, article_ids, labels)
        st.button(
            "Reset filters",
            icon=":material/filter_alt_off:",
            on_click=_reset_filters,
            args=(span_dates,),
            width="stretch",
        )
    return dfilters.from_widgets(
        dates=dates,
        span=span,
        basis=basis or "incident",
        include_undated=include_undated,
        places=lists["place"],
        targets=lists["target"],
        types=lists["type"],
        perpetrators=lists["perp"],
        claimants=lists["claimant"],
        articles=articles,
    )


def about_box(note: str, synthetic: int) -> None:
    """The small 'About the data' note at the bottom of the sidebar."""
    with st.sidebar:
        st.divider()
        st.markdown("**About the data**")
        st.caption(note)
        if synthetic:
            st.caption(":orange[Synthetic data: invented for testing; no figure is real.]")


PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(
        "app_pages/escalation.py",
        url_path="escalation",
        title="Escalation over time",
        icon=":material/trending_up:",
    ),
    st.Page(
        "app_pages/reported_vs_claimed.py",
        url_path="reported-vs-claimed",
        title="Reported vs claimed",
        icon=":material/compare_arrows:",
    ),
    st.Page(
        "app_pages/targets.py", url_path="targets", title="Targets", icon=":material/my_location:"
    ),
    st.Page("app_pages/map.py", url_path="map", title="Map", icon=":material/map:"),
    st.Page(
        "app_pages/evidence.py",
        url_path="evidence",
        title="Evidence & sources",
        icon=":material/article:",
    ),
    st.Page(
        "app_pages/data_export.py",
        url_path="data",
        title="Data & export",
        icon=":material/download:",
    ),
    st.Page(
        "app_pages/add_articles.py",
        url_path="add-articles",
        title="Add articles",
        icon=":material/note_add:",
    ),
]


def main() -> None:
    """One run: open the build, draw the sidebar, hand the page its context, run the page."""
    source, load_error, cache_key = _load()
    session_tables = st.session_state.get(ui.SESSION_TABLES)
    if session_tables is not None:
        # Read-only deployment: the articles added in this session are in these tables.
        source = _session_source(session_tables)
        cache_key = None
        n_added = len(st.session_state.get(ui.SESSION_ARTICLES, []))
        st.sidebar.warning(
            f"Showing this session's tables: they include {n_added} article(s) you added, "
            "which are not saved on this server. Download them on *Add articles*.",
            icon=":material/cloud_off:",
        )
    _, _, synthetic_n = _settings()
    if cache_key is not None:
        tables = ui.filtered_cached(*cache_key, dfilters.Filters())
        filters = sidebar_filters(ui.sidebar_choices_cached(*cache_key), tables)
        filtered = ui.filtered_cached(*cache_key, filters)
    else:
        tables = FilteredTables(source, dfilters.Filters())
        filters = sidebar_filters(ui.sidebar_choices(tables), tables)
        filtered = FilteredTables(source, filters)
    about_box(
        ui.about_note_cached(*cache_key) if cache_key is not None else ui.about_note(tables),
        synthetic_n,
    )
    ui.set_context(
        ui.Context(
            tables=tables,
            filtered=filtered,
            filters=filters,
            load_error=load_error,
            synthetic=synthetic_n,
            cache_key=cache_key,
        )
    )
    st.navigation(PAGES, position="sidebar").run()


ui.start_housekeeping()
with ui.run_slot():  # at most ui.RUN_SLOTS script runs at once (see _common.run_slot)
    main()
