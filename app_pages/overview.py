"""Overview: headline ranges by source, the incident timeline, the most contested figures."""

import streamlit as st

from app_pages import _common as ui
from dashlib.views import formatting, queries, totals

ctx = ui.context()
t = ctx.filtered
ui.header(
    ui.TITLE,
    "Casualty and attack figures from news reports on the insurgency in Balochistan, each kept "
    "as the claim of its source. Where sources disagree, every figure is shown.",
    ctx,
)

if ui.nothing_built(ctx) or ui.no_match(ctx):
    st.stop()

inc = t.incidents
n_day = int(inc["date_precision"].isin(["day", "week"]).sum())
n_undated = int((inc["date_start"] == "").sum())
killed = ui.query(ctx, queries.headline, "killed")

c1, c2, c3, c4 = st.columns(4)
c1.metric(
    "Incidents",
    f"{len(inc):,}",
    help=f"{n_day:,} dated to the day or week, {n_undated:,} with no known date.",
    border=True,
)
c2.metric("Source articles", f"{t.count('articles'):,}", border=True)
c3.metric(
    "Figures (claims)",
    f"{t.count('claims'):,}",
    help="Each figure a source gave for an incident: one row per claim, never merged.",
    border=True,
)
c4.metric(
    "Killed: range over all claims",
    formatting.fmt_range(killed["low"], killed["high"], killed["high_open"], short=True)
    if killed["n_incidents"]
    else "–",
    help=(
        "Summed over incidents: the lowest and highest figure any source gives (exact numbers "
        "in the table below). Per incident the "
        "'all victims' figure is used, otherwise the sum of its victim groups."
    ),
    border=True,
)
if killed["n_incidents"]:
    st.caption(
        f"Killed, best estimate **{formatting.fmt_num(killed['best'])}** across "
        f"{killed['n_incidents']:,} incidents, from {killed['n_claims']:,} claims in "
        f"{killed['n_articles']:,} articles. The best estimate follows the project's rule "
        "(independent figures first, otherwise the median across claimant types) and is shown "
        "with its range, never alone."
    )

st.subheader("Headline figures by source", anchor=False)
table = ui.query(ctx, queries.headline_table, ("killed", "injured", "hostages", "abducted"))
if table.empty:
    ui.empty("No casualty figures are reported for the matching incidents.")
else:
    ui.static_table(table)
    st.caption(
        "Each column sums one kind of source's figures over the incidents where that source gave "
        "one (the count in brackets), so the columns cover different incidents and should not be "
        "added up. A '+' marks a high that is only a minimum because a figure is open-ended "
        "('over 200'); 'or more' a range with no stated upper bound. " + ui.estimates_note(ctx)
    )

st.subheader("Timeline of incidents", anchor=False)
fig = ui.query(ctx, queries.incidents_timeline, ctx.filters.date_basis)
m = ui.meta(fig)
note = ""
if m.get("total", 0) > m.get("shown", 0):
    note = f" Showing the {m['shown']:,} deadliest of {m['total']:,} dated incidents."
ui.chart(
    fig,
    "One row per incident type. A dot is an incident dated to the day, sized by its best "
    "'killed' figure and coloured by its first target category; a bar covers the whole span of "
    f"an incident known only to the week, month or year (no day is invented).{note} "
    f"{formatting.plural(m.get('unknown', 0), 'incident')} with no known date not drawn.",
    key="overview_timeline",
)

st.subheader("Most contested figures", anchor=False)
contested = ui.memo(ctx, totals.contested_table, ("estimates", "incidents"), 10)
if contested.empty:
    st.info(
        "No figure under the current filters has claims from two or more kinds of source.",
        icon=":material/info:",
    )
else:
    ui.static_table(contested.drop(columns=["incident_id"]), {"Insurgent ÷ government": 1})
    st.caption(
        "Incidents where different kinds of source gave figures for the same count, the widest "
        "disagreement first. Each column is one kind of source's range; 'Insurgent ÷ "
        "government' divides the insurgents' point figure by the government's, and 'Contested' "
        "is yes when the kinds of source's ranges do not overlap. See **Reported vs claimed** "
        "for every figure with its quote."
    )
