"""Dates at their own precision: bounds, overlaps and calendar months, never filled in.

Incidents carry ``date_start``/``date_end`` (ISO days, '' if unknown) and a precision;
articles carry ``published`` at its own precision ('2026-02-02', '2026-02', '2026' or '').
A row is placed in a calendar month only when its whole span lies in that month
(:func:`incident_months`, :func:`partial_months`). Everything else (a year, a span across
months, an unknown date) is kept apart as "date uncertain" and is never put on an invented
day or month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def partial_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day (ISO) of partial ISO dates ('2026-02-02', '2026-02', '2026'); '' stays ''."""
    s = values.astype("string").fillna("")
    n = s.str.len()
    start = s.copy()
    end = s.copy()
    year = n == 4
    start = start.where(~year, s + "-01-01")
    end = end.where(~year, s + "-12-31")
    month = n == 7
    if month.any():
        first = pd.to_datetime(s[month] + "-01", format="%Y-%m-%d", errors="coerce")
        last = (first + pd.offsets.MonthEnd(0)).dt.strftime("%Y-%m-%d")
        start = start.where(~month, s + "-01")
        end = end.copy()
        end[month] = last.astype("string").fillna("")
    return start.astype("string"), end.astype("string")


def partial_overlaps(values: pd.Series, date_from: str | None, date_to: str | None) -> pd.Series:
    """True where a partial ISO date could fall in [date_from, date_to] (both ISO days or None).

    '2025-03' overlaps 2025-03-15..2025-04-30; '2025' overlaps any range that
    touches 2025. The empty string never overlaps.
    """
    s = values.astype("string").fillna("")
    n = s.str.len()
    ok = n > 0
    for length in (4, 7, 10):
        at = n == length
        if not at.any():
            continue
        if date_from:
            ok &= ~at | (s >= date_from[:length])
        if date_to:
            ok &= ~at | (s <= date_to[:length])
    return ok.astype(bool)


def span_overlaps(
    start: pd.Series, end: pd.Series, date_from: str | None, date_to: str | None
) -> pd.Series:
    """True where the day span [start, end] shares a day with [date_from, date_to]; '' never does."""
    start = start.astype("string").fillna("")
    end = end.astype("string").fillna("")
    start = start.where(start != "", end)
    end = end.where(end != "", start)
    ok = start != ""
    if date_from:
        ok &= end >= date_from
    if date_to:
        ok &= start <= date_to
    return ok.astype(bool)


def incident_months(incidents: pd.DataFrame) -> pd.Series:
    """'YYYY-MM' when the incident's whole date span lies in one month, else ''."""
    start = incidents["date_start"].astype("string").fillna("")
    end = incidents["date_end"].astype("string").fillna("")
    same = (start != "") & (start.str[:7] == end.str[:7])
    return start.str[:7].where(same, "").astype("string")


def partial_months(values: pd.Series) -> pd.Series:
    """'YYYY-MM' of a partial ISO date precise to the month or day, else ''."""
    s = values.astype("string").fillna("")
    return s.str[:7].where(s.str.len() >= 7, "").astype("string")


def dated_frame(incidents: pd.DataFrame, basis: str = "incident") -> pd.DataFrame:
    """Per incident: the date used for counting under ``basis`` and whether it fits a month.

    Columns: incident_id, month ('YYYY-MM' or ''), start, end (ISO days or ''),
    certainty ('month' when placed in a month, 'uncertain' when only a wider
    span is known, 'unknown' when there is no date).
    """
    if basis == "report":
        start, end = partial_bounds(incidents["first_reported"])
        month = partial_months(incidents["first_reported"])
    else:
        start = incidents["date_start"].astype("string").fillna("")
        end = incidents["date_end"].astype("string").fillna("")
        start = start.where(start != "", end)
        end = end.where(end != "", start)
        month = incident_months(incidents)
    certainty = np.where(month != "", "month", np.where(start != "", "uncertain", "unknown"))
    return pd.DataFrame(
        {
            "incident_id": incidents["incident_id"].to_numpy(),
            "month": month.to_numpy(),
            "start": start.to_numpy(),
            "end": end.to_numpy(),
            "certainty": certainty,
        }
    )


def date_span(tables) -> tuple[str, str] | None:
    """Earliest and latest day in the incident dates and publication dates, or None if no dates."""
    parts = []
    inc = tables.incidents
    for col in ("date_start", "date_end"):
        v = inc[col][inc[col] != ""]
        parts += [v.min(), v.max()] if len(v) else []
    s, e = partial_bounds(tables.articles["published"])
    s, e = s[s != ""], e[e != ""]
    if len(s):
        parts += [s.min(), e.max()]
    parts = [p for p in parts if isinstance(p, str) and p]
    if not parts:
        return None
    return min(parts), max(parts)


def publication_note(articles: pd.DataFrame) -> str:
    """How many articles state a publication date, and the span of those dates.

    "5 articles (1 dated: 2026-02-02)"; "12 articles (9 dated: 2024-10 to 2026-02-02)".
    """
    n = len(articles)
    noun = "article" if n == 1 else "articles"
    dated = int((articles["published"] != "").sum())
    pub = publication_span(articles)
    if not pub:
        return f"{n:,} {noun} (none states a publication date)"
    when = pub[0] if pub[0] == pub[1] else f"{pub[0]} to {pub[1]}"
    which = "all dated" if dated == n else f"{dated:,} dated"
    return f"{n:,} {noun} ({which}: {when})"


def publication_span(articles: pd.DataFrame) -> tuple[str, str] | None:
    """Earliest and latest publication date as written (each at its own precision)."""
    p = articles["published"][articles["published"] != ""]
    if p.empty:
        return None
    start, end = partial_bounds(p)
    return p[start == start.min()].iloc[0], p[end == end.max()].iloc[0]
