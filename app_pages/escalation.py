"""Escalation over time: incidents and casualties per month, with uncertain dates kept apart."""

import streamlit as st

from app_pages import _common as ui
from dashlib.reading import code_labels
from dashlib.views import formatting, timeline_charts

ctx = ui.context()
t = ctx.filtered
basis = ctx.filters.date_basis
ui.header(
    "Escalation over time",
    "Incidents and reported casualties per month, by "
    + ("first report date" if basis == "report" else "incident date")
    + " (switch with 'Count by' in the sidebar). Incidents whose date is known only to a year "
    "or a span of months are shown as grey 'date uncertain' bands, never on an invented day.",
    ctx,
)

if ui.nothing_built(ctx) or ui.no_match(ctx):
    st.stop()

metrics = [
    m for m in ("killed", "injured", "hostages", "abducted") if (t.estimates["metric"] == m).any()
]
metric = st.segmented_control(
    "Figure",
    metrics or ["killed"],
    default=(metrics or ["killed"])[0],
    format_func=lambda m: code_labels.METRIC_LABELS.get(m, m),
    key="escalation_metric",
    required=True,
)

st.subheader("Incidents per month", anchor=False)
fig = ui.memo(ctx, timeline_charts.monthly_incidents, ("incidents",), basis)
m = ui.meta(fig)
ui.chart(
    fig,
    f"Counts incidents (not claims). {formatting.plural(m.get('placed', 0), 'incident')} placed in a "
    f"month (dark: day or week known; light: only the month known); "
    f"{formatting.plural(m.get('uncertain', 0), 'incident')} dated only to a wider span, shown as "
    f"grey bands; {formatting.plural(m.get('unknown', 0), 'incident')} with no date.",
    key="esc_incidents",
)

label = code_labels.METRIC_LABELS.get(metric, metric).lower()
st.subheader(
    f"{code_labels.METRIC_LABELS.get(metric, metric)} per month, by victim group", anchor=False
)
fig = ui.memo(ctx, timeline_charts.monthly_killed, ("incidents", "estimates"), basis, metric)
m = ui.meta(fig)
if m.get("empty"):
    ui.empty(f"No '{label}' figures for the matching incidents.")
else:
    ui.chart(
        fig,
        f"Bars: summed best estimate of '{label}' per victim group; whiskers: summed lowest and "
        "highest figure any source gives (open-ended figures such as 'over 200' count at their "
        "stated minimum). 'All victims' bars are figures given for everyone together, not the sum "
        f"of the other bars. Not placed in a month: "
        f"{formatting.plural(m.get('uncertain', 0), 'incident')} with an uncertain date (best "
        f"{formatting.fmt_num(m.get('uncertain_value'))}) and {formatting.plural(m.get('unknown', 0), 'incident')} "
        f"with no date (best {formatting.fmt_num(m.get('unknown_value'))}). "
        + ui.estimates_note(ctx),
        key="esc_killed",
    )

st.subheader(f"Cumulative {label}", anchor=False)
fig = ui.memo(ctx, timeline_charts.cumulative_killed, ("incidents", "estimates"), basis, metric)
m = ui.meta(fig)
if m.get("empty"):
    ui.empty(f"No '{label}' figures with a known month.")
else:
    ui.chart(
        fig,
        f"Running total per incident: the 'all victims' figure where one is given, otherwise the "
        f"sum of the victim groups. Line: best estimate; band: lowest to highest figure. "
        f"{formatting.plural(m.get('left_out', 0), 'incident')} that cannot be placed in a month (best "
        f"{formatting.fmt_num(m.get('left_out_best'))}) are not in the line. Open-ended figures count "
        "at their stated minimum.",
        key="esc_cumulative",
    )
