"""Map: incidents by place, sized by reported deaths, approximate locations marked."""

import streamlit as st

from app_pages import _common as ui
from dashlib import paths
from dashlib.views import formatting, place_tables

ctx = ui.context()
t = ctx.filtered
ui.header(
    "Map",
    "Incidents by reported place, sized by the best estimate of deaths and coloured by the "
    "place's most frequent target category. Places known only to the district or province are "
    "drawn faded at its centre.",
    ctx,
)

if ui.nothing_built(ctx) or ui.no_match(ctx):
    st.stop()

basemap = st.radio(
    "Background",
    ["none", "light", "streets"],
    format_func={
        "none": "None (works offline)",
        "light": "Light map tiles",
        "streets": "Street map tiles",
    }.get,
    horizontal=True,
    key="map_basemap",
    help="Map tiles are loaded from the internet; without a connection the background stays blank but the points are still drawn.",
)
fig = ui.memo(ctx, ui.map_figure, ("incidents", "estimates"), basemap, str(paths.REFERENCE_DIR))
m = ui.meta(fig)
if m.get("empty"):
    ui.empty("No matching incident has a known location.")
else:
    not_drawn = len(t.incidents) - m.get("incidents", 0)
    ui.chart(
        fig,
        f"{formatting.plural(m.get('incidents', 0), 'incident')} at "
        f"{formatting.plural(m.get('places', 0), 'place')}. Circle area grows with the summed best "
        "estimate of deaths; colour: the most frequent first target category there (hover for all). "
        "Faded circles "
        f"({formatting.plural(m.get('approximate', 0), 'incident')}) are approximate: the report "
        "names only a district or the province, so the point is its centre, not the site. "
        + ("" if m.get("tiles") else "Grey names are district seats, for orientation. ")
        + (
            f"{formatting.plural(not_drawn, 'incident')} with no known place are listed in the table "
            "below but not drawn."
            if not_drawn
            else ""
        ),
        key="map_chart",
    )

st.subheader("Incidents by district", anchor=False)
table = ui.memo(ctx, place_tables.district_table, ("incidents", "estimates"))
if table.empty:
    ui.empty("No matching incidents.")
else:
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "Approximate location": st.column_config.NumberColumn(
                help="Incidents located only to the district or province centre.", format="%d"
            ),
            "Killed (range)": st.column_config.TextColumn(
                help="Lowest to highest figure any source gives, summed."
            ),
            "Killed (best)": st.column_config.TextColumn(),
        },
    )
    st.caption(
        "District of the most specific place the reports name, from the project's gazetteer."
    )
