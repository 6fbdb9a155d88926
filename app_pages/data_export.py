"""Data & export: every table under the current filters, with downloads and the data dictionary.

A table's CSV is made when asked for: "Prepare" makes it (once per build,
filters and table for every session, ``ui.table_csv``), and the download button
that then appears carries the bytes (``data=bytes``), so the file belongs to this
session's page until its next run. Streamlit's deferred downloads
(``data=callable``) needed one click, but the file they made belonged to no
session, so two script runs of *other* visitors before the browser's fetch
deleted it (HTTP 404 under load; BENCHMARKS.md, "Many readers at once"). Making
every CSV with every page view instead would cost each view of this page six
queries and six CSVs per new filter set.
"""

import streamlit as st

from app_pages import _common as ui
from dashlib.reading import export

_READY = "_export_prepared"  # (filters, names): CSVs this session prepared under them


def _download(ctx, name: str, n_rows: int) -> None:
    """A "Prepare" button, then the download of the table's CSV (for the same filters)."""
    ready = st.session_state.get(_READY)
    ready = ready[1] if ready is not None and ready[0] == ctx.filters else frozenset()
    if name not in ready:
        if not st.button(
            f"Prepare {name}.csv ({n_rows:,} rows)",
            icon=":material/description:",
            key=f"prepare_{name}",
            help="Makes the CSV of the whole filtered table; its download button then "
            "appears here.",
        ):
            return
        st.session_state[_READY] = (ctx.filters, ready | {name})
    st.download_button(
        f"Download {name}.csv ({n_rows:,} rows)",
        data=ui.table_csv(ctx, name),
        file_name=export.export_filename(name, ctx.filters),
        mime="text/csv",
        icon=":material/download:",
        key=f"download_{name}",
        on_click="ignore",
    )


ctx = ui.context()
t = ctx.filtered
ui.header(
    "Data & export",
    "The tables behind every chart, filtered by the sidebar. Each download is a CSV of the whole "
    "filtered table (spreadsheet formulas neutralised with a leading apostrophe); the article "
    "export leaves out the full text.",
    ctx,
)

if ctx.tables.count("incidents") == 0 and ctx.tables.count("articles") == 0:
    st.info(
        "Nothing has been built yet. Add article files on the page **Add articles**.",
        icon=":material/inbox:",
    )
    st.stop()


names = list(export.EXPORT_TABLES)
tabs = st.tabs([f"{export.TABLE_TITLES[n]} ({t.count(n):,})" for n in names] + ["Data dictionary"])
for name, tab in zip(names, tabs[:-1], strict=True):
    with tab:
        n_rows = t.count(name)
        # Only the rows on screen are fetched; the download builds the whole CSV on click.
        frame = t.head(name, ui.MAX_ROWS, export.export_columns(name))
        st.caption(
            export.TABLE_DESCRIPTIONS[name]
            + (" " + ui.estimates_note(ctx) if name == "estimates" else "")
            + " Hover a column name for its meaning."
        )
        _download(ctx, name, n_rows)
        if frame.empty:
            ui.empty(f"No {name} rows match the current filters.")
        else:
            ui.capped_dataframe(
                frame, column_config=ui.column_config_for(name), key=f"table_{name}", total=n_rows
            )

with tabs[-1]:
    dd = export.data_dictionary()
    st.caption("Every column of every exported table: its type, meaning and allowed values.")
    st.dataframe(
        dd,
        hide_index=True,
        column_config={
            "description": st.column_config.TextColumn(width="large"),
            "exported": st.column_config.CheckboxColumn(
                help="False for the article text, which is not in the download."
            ),
        },
    )
    st.download_button(
        "Download data_dictionary.csv",
        data=ui.data_dictionary_csv(),
        file_name="data_dictionary.csv",
        mime="text/csv",
        icon=":material/download:",
        key="download_dictionary",
        on_click="ignore",
    )
