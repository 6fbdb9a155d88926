"""Small Streamlit helpers shared by the pages (not a page itself).

``app.py`` loads and filters the tables once per rerun and stores a
:class:`Context` in the session; pages read it with :func:`context`. The rest
are display helpers that keep the pages short and consistent: empty states,
capped tables, charts with a caption, column configuration from the data
dictionary.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import importlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from dashlib.api import open_or_build
from dashlib.building import memory
from dashlib.reading import code_labels, export, frames, options, partial_dates
from dashlib.reading.columnar import ColumnarBuild, FilteredTables, estimates_basis
from dashlib.reading.filters import Filters
from dashlib.tables import Tables
from dashlib.views import chart_style, map_chart, place_tables

# Set by the Add articles page in read-only mode: tables built with this
# session's added articles, shown by every page until the session ends.
SESSION_ARTICLES = "dashlib_session_articles"
SESSION_TABLES = "dashlib_session_tables"

TITLE = "Balochistan Conflict Claims Monitor"
MAX_ROWS = 1000
_KEY = "_dashboard_context"
# The sidebar's article picker lists the most recent articles (plus any already
# chosen, e.g. from a shared link). Every option's label is sent to the browser on
# every rerun of every page: 3,000 labels were ~240 KB, most of the overview's bytes.
MAX_ARTICLE_OPTIONS = 300

# How long the build's stamp (a stat of every article and build file) is trusted
# before it is taken again: once per STAMP_SECONDS for all sessions, not once per
# rerun. A new build or article is noticed within this time (Add articles clears it).
STAMP_SECONDS = 2.0
# The server collects garbage and hands freed memory back to the system every
# HOUSEKEEPING_SECONDS, in a thread of its own, instead of after every script run
# (Streamlit's runner.postScriptGC, switched off in .streamlit/config.toml).
HOUSEKEEPING_SECONDS = 30.0
# Script runs at once. The server runs Python on about one core (the GIL), so more
# runs at once only interleave: each takes longer and holds its memory longer (50
# visitors at once raised the server's peak memory by ~100 MB). Runs past this many
# wait their turn, up to RUN_SLOT_WAIT seconds, then go ahead anyway.
RUN_SLOTS = 4
RUN_SLOT_WAIT = 60.0
_RUN_SLOTS = threading.BoundedSemaphore(RUN_SLOTS)

# --- the cached entry points -----------------------------------------------------
# One cache for the build, keyed by small strings; everything derived from it is
# keyed by (build, Filters, ...) too, never by a DataFrame. Every cached function
# takes what it depends on as arguments and reads no globals, so one entry serves
# every session with the same build and filters (BENCHMARKS.md, "What is cached").


@contextlib.contextmanager
def run_slot(wait: float = RUN_SLOT_WAIT):
    """Hold one of the RUN_SLOTS places for a script run (app.py wraps its whole run)."""
    got = _RUN_SLOTS.acquire(timeout=wait)
    try:
        yield
    finally:
        if got:
            _RUN_SLOTS.release()


@st.cache_resource(show_spinner=False)
def start_housekeeping(interval: float = HOUSEKEEPING_SECONDS) -> threading.Thread:
    """Start, once per server, the thread that frees memory every ``interval`` seconds.

    Streamlit's full garbage collection after every script run was most of the
    server's CPU per page view (BENCHMARKS.md, "Many readers at once"), so it is
    off; closed sessions' state (reference cycles) and freed heap pages are
    reclaimed here instead: closed sessions past their reconnect window are
    dropped (:func:`reap_closed_sessions`), then a full collection, then the C
    heap and Arrow's pool give freed pages back (glibc). Costs one collection
    per ``interval``.
    """

    # fewer per-thread heaps, large buffers mapped on their own: what the visitors'
    # runs free can go back to the system (BENCHMARKS.md, "Many readers at once")
    memory.tune_allocator()

    def loop() -> None:
        while True:
            time.sleep(interval)
            reap_closed_sessions()
            memory.release_memory(memory.RELEASE_FROM_ARTICLES, collect=True)

    thread = threading.Thread(target=loop, name="dashlib-housekeeping", daemon=True)
    thread.start()
    return thread


def reap_closed_sessions(runtime=None) -> bool:
    """Drop the closed sessions whose reconnect window has passed; False if this
    Streamlit does not keep them where this looks.

    Streamlit keeps a closed session (its state, tables, widgets) for
    ``server.disconnectedSessionTTL`` in case the browser reconnects, in a TTL
    cache that removes expired entries only on its next write, that is when the
    next visitor arrives. After a burst of visitors a quiet server kept every
    one of them: 20 sessions held ~1 million Python objects (+30% memory at
    10,000 articles, BENCHMARKS.md "Many readers at once"). The reaping runs on
    Streamlit's event loop, the only thread that may touch that cache.
    """
    try:
        runtime = runtime or st.runtime.get_instance()
        cache = runtime._session_mgr._session_storage._cache
        loop = runtime._get_async_objs().eventloop
        reap = cache.expire
    except (AttributeError, RuntimeError):
        return False
    try:
        loop.call_soon_threadsafe(reap)
    except RuntimeError:  # the loop is closed: the server is stopping
        return False
    return True


@st.cache_resource(show_spinner=False, ttl=STAMP_SECONDS, max_entries=4)
def build_stamp_cached(data_dir: str, articles_dir: str) -> str:
    """:func:`dashlib.reading.options.build_stamp`, taken at most once per STAMP_SECONDS.

    The stamp stats every file of the build and the article folder (10,000 files
    at 10,000 articles): shared by all sessions instead of taken on every rerun.
    """
    return options.build_stamp(data_dir, articles_dir)


@st.cache_resource(show_spinner=False, max_entries=2)
def source_cached(
    data_dir: str, articles_dir: str, build_stamp: str, synthetic: int = 0
) -> ColumnarBuild:
    """The one cached entry point for the build: DuckDB views over its Parquet files.

    ``build_stamp`` changes when the build or the article folder changes, so a
    new build is picked up without restarting. Nothing is loaded here: pages
    fetch the filtered columns they need (see :func:`filtered_cached`). A
    resource cache, not a data cache: the object is shared read-only by every
    session, never pickled. ``synthetic`` > 0 serves that many invented
    incidents instead (for tests and benchmarks).
    """
    del build_stamp  # part of the cache key only
    if synthetic:
        from dashlib.bench.synthetic import synthetic_tables

        return ColumnarBuild.from_tables(synthetic_tables(synthetic, seed=0))
    return open_or_build(data_dir, articles_dir)


@st.cache_resource(show_spinner=False, max_entries=16)
def filtered_cached(
    data_dir: str, articles_dir: str, build_stamp: str, synthetic: int, filters: Filters
) -> FilteredTables:
    """The tables under ``filters``: small, hashable arguments, never a DataFrame.

    DuckDB filters; each table is fetched (without its long text columns) the
    first time a page asks for it, then kept with this entry.
    """
    return FilteredTables(source_cached(data_dir, articles_dir, build_stamp, synthetic), filters)


@st.cache_resource(show_spinner=False, max_entries=2)
def sidebar_choices_cached(data_dir: str, articles_dir: str, build_stamp: str, synthetic: int = 0):
    """The filter choices of one build (computed once per build, not on every rerun)."""
    return sidebar_choices(
        filtered_cached(data_dir, articles_dir, build_stamp, synthetic, Filters())
    )


def about_note(tables: Tables | FilteredTables) -> str:
    """The sidebar's 'About the data' text for a build."""
    return (
        f"{partial_dates.publication_note(tables.articles)}; {tables.count('incidents'):,} incidents; "
        f"{tables.count('claims'):,} figures. Every figure is a claim by a named kind of source "
        "(government, insurgents, media, other, unspecified), kept with the sentence it comes "
        "from. Competing figures are shown side by side, not merged."
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def about_note_cached(data_dir: str, articles_dir: str, build_stamp: str, synthetic: int = 0):
    """:func:`about_note` once per build (it reads every article's date)."""
    return about_note(filtered_cached(data_dir, articles_dir, build_stamp, synthetic, Filters()))


def sidebar_choices(tables: Tables | FilteredTables):
    """What the sidebar filters offer: options, the date span and article labels."""
    opts = options.filter_options(tables)
    span = partial_dates.date_span(tables)
    span_dates = (dt.date.fromisoformat(span[0]), dt.date.fromisoformat(span[1])) if span else None
    article_ids = code_labels.recent_articles(tables.articles, opts["article"], MAX_ARTICLE_OPTIONS)
    shown = tables.articles[frames.fast_isin(tables.articles["article_id"], article_ids)]
    return opts, span, span_dates, article_ids, code_labels.article_labels(shown)


def article_choices(
    tables, recent: list[str], labels: dict[str, str], chosen: list[str]
) -> tuple[list[str], dict[str, str]]:
    """The article picker's options: the recent ones, then those already ``chosen`` (from
    the URL or the session) that are not among them, so a shared link keeps its filter."""
    extra = [a for a in dict.fromkeys(chosen) if a not in labels]
    if not extra:
        return recent, labels
    arts = tables.articles
    found = code_labels.article_labels(arts[frames.fast_isin(arts["article_id"], extra)])
    return recent + [a for a in extra if a in found], {**labels, **found}


@st.cache_resource(show_spinner=False, max_entries=256)
def _memo(cache_key: tuple, filters: Filters, fn_name: str, table_names: tuple, args: tuple):
    module, _, name = fn_name.rpartition(".")
    fn = getattr(importlib.import_module(module), name)
    t = filtered_cached(*cache_key, filters)
    return fn(*[t.frame(n) for n in table_names], *args)


def memo(ctx: Context, fn, tables: tuple[str, ...], *args):
    """``fn(*filtered tables named in tables, *args)``, cached per build and filters.

    ``fn`` is a pure dashlib function; ``args`` must be small and hashable. A
    warm rerun of a page then costs only drawing, not aggregating 500k claims.
    Without a build cache (session tables in read-only mode) it just calls ``fn``.
    """
    if ctx.cache_key is None:
        return fn(*[ctx.filtered.frame(n) for n in tables], *args)
    return _shared(
        _memo(
            ctx.cache_key,
            ctx.filters,
            f"{fn.__module__}.{fn.__qualname__}",
            tuple(tables),
            tuple(args),
        )
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _query(cache_key: tuple, filters: Filters, fn_name: str, args: tuple):
    module, _, name = fn_name.rpartition(".")
    fn = getattr(importlib.import_module(module), name)
    return fn(filtered_cached(*cache_key, filters), *args)


def query(ctx: Context, fn, *args):
    """``fn(filtered tables, *args)`` for a :mod:`dashlib.views.queries` function (computed by
    DuckDB), cached per build and filters like :func:`memo`."""
    if ctx.cache_key is None:
        return fn(ctx.filtered, *args)
    return _shared(
        _query(ctx.cache_key, ctx.filters, f"{fn.__module__}.{fn.__qualname__}", tuple(args))
    )


def map_figure(incidents, estimates, basemap: str, reference_dir: str):
    """The map page's figure with the gazetteer's district seats; a module-level function
    so :func:`memo` can keep it per build, filters and background."""
    reference = place_tables.reference_places(reference_dir)
    return map_chart.incident_map(incidents, estimates, basemap, reference_places=reference)


@st.cache_resource(show_spinner=False, max_entries=16)
def _csv(cache_key: tuple, filters: Filters, name: str) -> bytes:
    return export.table_csv(filtered_cached(*cache_key, filters), name)


def table_csv(ctx: Context, name: str) -> bytes:
    """The download of table ``name`` under the filters (:func:`dashlib.reading.export.table_csv`),
    made once per build, filters and table for every session."""
    if ctx.cache_key is None:
        return export.table_csv(ctx.filtered, name)
    return _csv(ctx.cache_key, ctx.filters, name)


@st.cache_resource(show_spinner=False)
def data_dictionary_csv() -> bytes:
    """The data dictionary's CSV: the same for every build."""
    return export.data_dictionary_csv()


# Vega-Lite specs of the Altair charts that memo() and query() hand out: those
# figures are shared by every session with the same build and filters, so their
# conversion (Altair's to_dict with schema validation, the data as Arrow) is done
# once, not on every rerun. Keyed by the figure's id; the figure is held with its
# spec, so the id cannot be reused while the entry lives.
_SPECS: OrderedDict[int, list] = OrderedDict()
_SPECS_LOCK = threading.Lock()
_SPECS_MAX = 256


def _shared(result):
    """Note a figure handed out by a shared cache, so :func:`chart` may keep its spec."""
    if isinstance(result, alt.TopLevelMixin):
        with _SPECS_LOCK:
            if id(result) not in _SPECS:
                _SPECS[id(result)] = [result, None]
                while len(_SPECS) > _SPECS_MAX:
                    _SPECS.popitem(last=False)
    return result


def _vega_spec(fig) -> dict | None:
    """The Vega-Lite spec Streamlit makes of ``fig`` (kept for shared figures); None when
    Streamlit's converter is not available (then st.altair_chart converts it)."""
    try:
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    except ImportError:
        return None
    with _SPECS_LOCK:
        entry = _SPECS.get(id(fig))
        if entry is not None and entry[0] is fig and entry[1] is not None:
            return entry[1]
    spec = _convert_altair_to_vega_lite_spec(fig)
    with _SPECS_LOCK:
        entry = _SPECS.get(id(fig))
        if entry is not None and entry[0] is fig:
            entry[1] = spec
    return spec


@dataclass
class Context:
    tables: FilteredTables  # everything that was built
    filtered: FilteredTables  # after the sidebar filters
    filters: Filters
    load_error: str | None = None
    synthetic: int = 0
    cache_key: tuple | None = None  # the build's key in the caches; None for session tables


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
    for warning in ctx.tables.report.get("warnings", []):
        if warning.startswith("showing the last build"):
            st.warning(md(warning[0].upper() + warning[1:]), icon=":material/history:")
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
    """A chart built in dashlib.views (Plotly or Altair) with its caption."""
    if isinstance(fig, alt.TopLevelMixin):
        spec = _vega_spec(fig)
        if spec is None:
            st.altair_chart(fig, key=key, width="stretch")
        else:  # what st.altair_chart draws, from a spec made once per shared figure
            st.vega_lite_chart(spec=copy.deepcopy(spec), key=key, width="stretch")
    else:
        st.plotly_chart(fig, key=key, config={"displaylogo": False, "responsive": True})
    st.caption(caption)


def meta(fig) -> dict:
    """The counts a chart built in dashlib.views carries (Plotly layout.meta, Altair usermeta)."""
    if isinstance(fig, alt.TopLevelMixin):
        return chart_style.altair_meta(fig)
    m = fig.layout.meta
    return dict(m) if isinstance(m, dict) else {}


def capped_dataframe(
    df: pd.DataFrame,
    *,
    column_config=None,
    key: str | None = None,
    height="auto",
    note: str = "",
    total: int | None = None,
) -> None:
    """st.dataframe of at most MAX_ROWS rows, saying so when it cuts.

    ``total``: the rows there are, when ``df`` holds only the first ones.
    """
    n = len(df) if total is None else total
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


def static_table(df: pd.DataFrame, decimals: dict[str, int] | None = None) -> None:
    """A small summary table as a static ``st.table``: no data grid to load, so the page
    is drawn sooner (BENCHMARKS.md, first paint). ``st.table`` renders Markdown, so every
    cell and header is escaped; booleans read 'yes'/'no', missing values '–'. The cells
    are strings already, so no pandas Styler is needed (it cost the server more than the
    rest of the table: BENCHMARKS.md, "Many readers at once")."""
    decimals = decimals or {}
    out = pd.DataFrame(index=range(len(df)))
    for col in df.columns:
        values = []
        for v in df[col].tolist():
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                values.append("–")
            elif isinstance(v, bool):
                values.append("yes" if v else "no")
            elif isinstance(v, int | float) and col in decimals:
                values.append(f"{v:,.{decimals[col]}f}")
            elif isinstance(v, int):
                values.append(f"{v:,}")
            else:
                values.append(md(v))
        out[md(col)] = values
    st.table(out, border="horizontal", hide_index=True)


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
    return f"Estimates: {estimates_basis(ctx.filters)}."


__all__ = ["MAX_ROWS", "TITLE", "Context", "context"]
