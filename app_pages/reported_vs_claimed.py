"""Reported vs claimed: every source's figure for the same count, side by side, with its quote."""

import streamlit as st

from app_pages import _common as ui
from dashlib.reading import code_labels
from dashlib.views import claim_charts, claim_tables, compared_claims, formatting

SIDE_BY_SIDE_ROWS = 25  # drawn as a static table; the rest in a data grid

ctx = ui.context()
t = ctx.filtered
ui.header(
    "Reported vs claimed",
    "For each incident, what each kind of source said about the same count: government, "
    "insurgents, media, other and unspecified sources, each with its own figure and quote.",
    ctx,
)

if ui.nothing_built(ctx) or ui.no_match(ctx):
    st.stop()
if t.claims.empty:
    ui.empty("The matching incidents have no figures from the selected sources.")
    st.stop()

st.subheader("Both sides, side by side", anchor=False)
n_sides, both = ui.query(ctx, compared_claims.both_sides, 200)
if not n_sides:
    st.info(
        "No incident under the current filters has both a government and an insurgent figure for "
        "the same count.",
        icon=":material/info:",
    )
else:
    shown_cols = {
        "incident": "Incident",
        "metric": "Counts",
        "victim_group": "Victim group",
        "government": "Government says",
        "government_quote": "Government's sentence",
        "insurgents": "Insurgents say",
        "insurgents_quote": "Insurgents' sentence",
        "others": "Other sources",
    }
    table = both[list(shown_cols)].rename(columns=shown_cols)
    ui.static_table(table.head(SIDE_BY_SIDE_ROWS))
    if len(table) > SIDE_BY_SIDE_ROWS:
        with st.expander(f"All {n_sides:,} counts with both sides"):
            ui.capped_dataframe(table, key="rvc_both_sides", total=n_sides)
    st.caption(
        f"{formatting.plural(n_sides, 'count')} for which the government and the insurgents "
        "both give a figure about the same incident. Every figure is kept with its source and "
        "its sentence; none is merged into one number."
    )

pairs = ui.memo(ctx, claim_tables.metric_group_options, ("claims",))
pair = st.selectbox(
    "Figure to compare",
    pairs,
    format_func=lambda p: (
        f"{code_labels.METRIC_LABELS.get(p[0], p[0])} – {code_labels.VICTIM_GROUP_LABELS.get(p[1], p[1])}"
    ),
    key="rvc_pair",
)
metric, group = pair

st.subheader("Each source's figure, incident by incident", anchor=False)
# The chart's hover shows each quote: only the drawn incidents' claims are fetched.
fig, table = ui.query(ctx, compared_claims.compared_figure, metric, group, 20)
m = ui.meta(fig)
ui.chart(
    fig,
    f"{m.get('claims', 0):,} claims about {m.get('incidents', 0):,} incidents (those with the most "
    "kinds of source first, at most 20). Dot: one figure; line: a range ('between 20 and 30'); "
    "▶: open-ended ('over 200', 'dozens'); ◀: an upper bound ('up to 40'). Hover for the quote."
    + (" Logarithmic scale." if m.get("log_x") else ""),
    key="rvc_range",
)
with st.expander("Every figure in the chart, with its quote and article"):
    ui.capped_dataframe(
        table[
            [
                "incident",
                "claimant_type",
                "claimant",
                "relayed_by",
                "number_text",
                "value",
                "quote",
                "article_title",
                "published",
            ]
        ],
        column_config={
            "incident": st.column_config.TextColumn("Incident"),
            "claimant_type": st.column_config.TextColumn("Claimant type"),
            "claimant": st.column_config.TextColumn("Claimant"),
            "relayed_by": st.column_config.TextColumn("Relayed by"),
            "number_text": st.column_config.TextColumn("As written"),
            "value": st.column_config.TextColumn("Value", help="Bounds the wording allows."),
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "article_title": st.column_config.TextColumn("Article"),
            "published": st.column_config.TextColumn("Published"),
        },
        key="rvc_chart_claims",
    )

st.subheader("How far apart are the sides?", anchor=False)
fig = ui.memo(ctx, claim_charts.gap_ratio_chart, ("estimates", "incidents"))
m = ui.meta(fig)
if m.get("empty"):
    st.info(
        "No incident under the current filters has both a government and an insurgent figure for "
        "the same count.",
        icon=":material/info:",
    )
else:
    ui.chart(
        fig,
        "The insurgents' figure divided by the government's for the same count (each side's "
        "median claim). The dotted line at 1 means the same number; right of it the insurgents "
        "claim more, left of it the government does. Largest "
        "gaps first. " + ui.estimates_note(ctx),
        key="rvc_gap",
    )

st.subheader("All claims about one incident", anchor=False)
options = ui.memo(ctx, claim_tables.incident_options, ("claims",), metric, group, 500)
labels = code_labels.incident_labels(t.incidents, options)
n_with_claims = t.claims["incident_id"].nunique()
choice = st.selectbox(
    "Incident",
    options,
    format_func=lambda i: labels.get(i, i) or i,
    key="rvc_incident",
    help="Incidents with figures for the compared count come first, those with the most kinds of source at the top.",
)
if n_with_claims > len(options):
    st.caption(
        f"Lists {len(options):,} of {n_with_claims:,} incidents with figures; narrow the sidebar "
        "filters to find others."
    )
claims = claim_tables.claims_with_articles(t.rows("claims", "incident_id", (choice,)), t.articles)
claims = claims.assign(
    value=claim_tables.claim_value_text(claims),
    claimant_type=claims["claimant_type"].map(code_labels.CLAIMANT_LABELS),
    metric=claims["metric"].map(code_labels.METRIC_LABELS),
    victim_group=claims["victim_group"].map(code_labels.VICTIM_GROUP_LABELS),
).sort_values(["metric", "victim_group", "claimant_type"])
show = claims[
    [
        "claimant_type",
        "claimant",
        "relayed_by",
        "metric",
        "victim_group",
        "number_text",
        "value",
        "stance",
        "quote",
        "article_title",
        "published",
    ]
]
ui.capped_dataframe(
    show,
    column_config={
        "claimant_type": st.column_config.TextColumn(
            "Claimant type", help="Kind of source that states the figure."
        ),
        "claimant": st.column_config.TextColumn(
            "Claimant", help="The source as the text names it."
        ),
        "relayed_by": st.column_config.TextColumn(
            "Relayed by", help="Outlet that passes the figure on, when named."
        ),
        "metric": st.column_config.TextColumn("Counts"),
        "victim_group": st.column_config.TextColumn("Victim group"),
        "number_text": st.column_config.TextColumn("As written"),
        "value": st.column_config.TextColumn("Value", help="Bounds the wording allows."),
        "stance": st.column_config.TextColumn("Stance", help="'claim' or 'denial' of the figure."),
        "quote": st.column_config.TextColumn("Quote", width="large"),
        "article_title": st.column_config.TextColumn("Article"),
        "published": st.column_config.TextColumn("Published"),
    },
    key="rvc_claims",
)
st.caption(
    f"{formatting.plural(len(claims), 'claim')} about this incident under the current filters. Open **Evidence & "
    "sources** to read each article with its figures highlighted."
)
