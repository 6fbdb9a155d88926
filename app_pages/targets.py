"""Targets: incidents and casualties by target category, over time and by district."""

import streamlit as st

from app_pages import _common as ui
from dashlib.views import formatting, target_charts, target_tables

ctx = ui.context()
t = ctx.filtered
basis = ctx.filters.date_basis
ui.header(
    "Targets",
    "What was attacked: incidents and reported deaths by target category, over time and by "
    "district. An incident with several target categories counts once in each.",
    ctx,
)

if ui.nothing_built(ctx) or ui.no_match(ctx):
    st.stop()

st.subheader("Incidents per month by target category", anchor=False)
fig = ui.memo(ctx, target_charts.targets_over_time, ("incidents",), basis)
m = ui.meta(fig)
if m.get("empty"):
    ui.empty("No matching incident has both a target category and a date.")
else:
    ui.chart(
        fig,
        "Counts incidents once per target category, by "
        + ("month of first report" if basis == "report" else "month of the incident")
        + f". {m.get('uncertain', 0):,} incidents dated only to a wider span are grey bands; "
        f"{m.get('unknown', 0):,} undated incidents are not drawn.",
        key="tg_time",
    )

st.subheader("Reported deaths by target category", anchor=False)
# the same per-category sums feed this chart and the summary table below
summary = ui.memo(ctx, target_tables.targets_by_category, ("incidents", "estimates"))
fig = target_charts.killed_by_target(None, None, summary=summary)
m = ui.meta(fig)
if m.get("empty"):
    ui.empty("No 'killed' figures for the matching incidents.")
else:
    ui.chart(
        fig,
        "Bars: summed best estimate of deaths; whiskers: summed lowest to highest figure any "
        "source gives. An incident with two target categories counts in both bars. "
        + ui.estimates_note(ctx),
        key="tg_killed",
    )

st.subheader("By district", anchor=False)
fig = ui.memo(ctx, target_charts.targets_by_district, ("incidents",))
m = ui.meta(fig)
if m.get("empty"):
    ui.empty("No matching incident has a target category.")
else:
    extra = (
        f" Top {m['shown']} of {m['districts']} districts."
        if m.get("districts", 0) > m.get("shown", 0)
        else ""
    )
    ui.chart(
        fig,
        "Incidents per district of the reported place, once per target category. Incidents "
        f"placed only at the province, or with no known place, appear as 'no district'.{extra}",
        key="tg_district",
    )

st.subheader("Summary by target category", anchor=False)
if summary.empty:
    ui.empty("No matching incident has a target category.")
else:
    st.dataframe(
        summary.assign(
            killed_range=[
                formatting.fmt_range(a, b, o)
                for a, b, o in zip(
                    summary["low"], summary["high"], summary["high_open"], strict=True
                )
            ],
            killed_best=summary["best"].map(formatting.fmt_num),
        )[["label", "incidents", "killed_range", "killed_best"]],
        hide_index=True,
        column_config={
            "label": st.column_config.TextColumn("Target category"),
            "incidents": st.column_config.NumberColumn("Incidents", format="%d"),
            "killed_range": st.column_config.TextColumn(
                "Killed (range)", help="Lowest to highest figure any source gives, summed."
            ),
            "killed_best": st.column_config.TextColumn("Killed (best)"),
        },
    )
    st.caption("Target categories come from the words the reports use for what was attacked.")
