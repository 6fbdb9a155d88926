"""What the Reported vs claimed page shows, made once per build and filters.

Each function takes a :class:`dashlib.reading.columnar.FilteredTables` and
fetches only the claims it shows (with their quotes), so the dashboard can
cache the result for every visitor under the same filters (``_common.query``).
"""

from __future__ import annotations

import pandas as pd

from dashlib.reading import code_labels
from dashlib.reading.columnar import FilteredTables
from dashlib.views import claim_charts, claim_tables


def both_sides(t: FilteredTables, limit: int = 200) -> tuple[int, pd.DataFrame]:
    """How many counts both sides give a figure for, and the first ``limit`` of them as
    :func:`claim_tables.both_sides_table` rows with labels for the page (what is counted,
    the victim group; one quote per line becomes ' ‖ ' between quotes)."""
    sides = claim_tables.both_sides_counts(t.frame("claims"))
    if sides.empty:
        return 0, claim_tables.both_sides_table(sides, t.incidents, sides)
    shown = sides.head(limit)
    rows = t.rows("claims", "incident_id", tuple(dict.fromkeys(shown["incident_id"])))
    both = claim_tables.both_sides_table(rows, t.incidents, shown)
    both = both.assign(
        metric=both["metric"].map(code_labels.METRIC_LABELS).fillna(both["metric"]),
        victim_group=both["victim_group"]
        .map(code_labels.VICTIM_GROUP_LABELS)
        .fillna(both["victim_group"]),
        government_quote=both["government_quote"].str.replace("\n", " ‖ ", regex=False),
        insurgents_quote=both["insurgents_quote"].str.replace("\n", " ‖ ", regex=False),
    )
    return len(sides), both


def compared_figure(t: FilteredTables, metric: str, group: str, max_incidents: int = 20):
    """The range plot of one count's claims (:func:`claim_charts.claims_range_plot`) for the
    incidents with the most kinds of source, and those claims with their article, value
    text and claimant label, for the table under it."""
    ids = claim_tables.compared_incidents(t.frame("claims"), metric, group, max_incidents)
    shown = t.rows("claims", "incident_id", tuple(ids))
    fig = claim_charts.claims_range_plot(shown, t.incidents, metric, group, max_incidents)
    rows = shown[(shown["metric"] == metric) & (shown["victim_group"] == group)]
    rows = claim_tables.claims_with_articles(rows, t.articles, t.incidents)
    table = rows.assign(
        value=claim_tables.claim_value_text(rows),
        claimant_type=rows["claimant_type"].map(code_labels.CLAIMANT_LABELS),
    ).sort_values(["incident", "claimant_type"])
    return fig, table
