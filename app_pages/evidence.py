"""Evidence & sources: read one article with every extracted figure highlighted and listed."""

import streamlit as st

from app_pages import _common as ui
from dashlib.reading import code_labels
from dashlib.views import chart_style, evidence_html

ctx = ui.context()
t = ctx.filtered
ui.header(
    "Evidence & sources",
    "Pick an article to read its cleaned text. Every figure the tables took from it is "
    "highlighted in the colour of its claimant type and numbered; the list below gives the "
    "claimant and what was counted.",
    ctx,
)

if ctx.tables.articles.empty:
    st.info(
        "No articles have been built yet. Add article files on the page **Add articles**.",
        icon=":material/inbox:",
    )
    st.stop()
if t.articles.empty:
    ui.empty("No articles match the current filters.")
    st.stop()

labels = ui.memo(ctx, code_labels.article_labels, ("articles",))
order = ui.memo(ctx, evidence_html.article_options, ("articles", "claims"), 500)
choice = st.selectbox(
    "Article",
    order,
    format_func=lambda a: labels.get(a, a),
    key="evidence_article",
    help="Articles with the most extracted figures first. Narrow the list with the sidebar filters.",
)
if len(t.articles) > len(order):
    st.caption(
        f"Lists {len(order):,} of {len(t.articles):,} articles (those with the most figures); "
        "use the sidebar filters, e.g. Source article or District, to reach the others."
    )
row = t.rows("articles", "article_id", (choice,)).iloc[0]  # with its text
claims = t.rows("claims", "article_id", (choice,))  # with their quotes

meta_cols = st.columns(4)
meta_cols[0].markdown(f"**Published**  \n{ui.md(row['published'] or 'not stated')}")
meta_cols[1].markdown(f"**Outlet**  \n{ui.md(row['outlet'] or 'not stated')}")
meta_cols[2].markdown(f"**Byline**  \n{ui.md(row['byline'] or 'not stated')}")
meta_cols[3].markdown(f"**Figures extracted**  \n{len(claims):,}")
if row["url"]:
    st.caption("Source URL: " + ui.md(row["url"]))
if row["warnings"]:
    st.caption(":material/warning: Cleaning notes: " + ui.md(row["warnings"]))

st.html(evidence_html.legend_html(chart_style.CLAIMANT_COLORS))
# highlight_html escapes every piece of article text and every attribute (tested), so the
# markup in it is only the <mark>/<sup>/<span> tags that dashlib adds.
st.html(evidence_html.highlight_html(row["text"], claims, chart_style.CLAIMANT_COLORS))

st.subheader("Figures in this article", anchor=False)
if claims.empty:
    st.info(
        "No figures were extracted from this article"
        + (" for the selected claimant types." if ctx.filters.claimant_types is not None else "."),
        icon=":material/info:",
    )
else:
    table = evidence_html.evidence_table(claims)
    labels_inc = code_labels.incident_labels(t.incidents, table["incident_id"])
    table["Incident"] = table.pop("incident_id").map(lambda i: labels_inc.get(i, i))
    ui.capped_dataframe(
        table,
        column_config={
            "#": st.column_config.NumberColumn(
                help="Number of the highlight in the text.", format="%d"
            ),
            "Quote": st.column_config.TextColumn(width="large"),
            "Value": st.column_config.TextColumn(help="Bounds the wording allows."),
        },
        key="evidence_claims",
    )
    st.caption(
        "Claimant type labels are neutral: 'government' covers the military, police and officials; 'insurgents' the armed groups and their spokesmen."
    )
