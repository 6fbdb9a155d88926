"""Pure table-shaping helpers for the dashboard: labels, dates, aggregates, evidence HTML.

Everything here takes DataFrames (or strings) and returns DataFrames (or
strings); nothing imports Streamlit. The pages call these so that every count
the dashboard shows is computed, and tested, in one place.

Dates. Incidents carry ``date_start``/``date_end`` (ISO days, '' if unknown)
and a precision; articles carry ``published`` at its own precision
('2026-02-02', '2026-02', '2026' or ''). A row is placed in a calendar month
only when its whole span lies in that month (:func:`incident_months`,
:func:`partial_months`). Everything else (a year, a span across months, an
unknown date) is kept apart as "date uncertain" and is never put on an
invented day or month.

Killed per incident. :func:`incident_totals` gives one low/best/high per
incident and metric: the ``all`` victim-group row of ``estimates`` where the
incident has one, otherwise the sum of its victim-group rows. The pages say so
in their captions.
"""

from __future__ import annotations

import html
import itertools
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashlib import reconcile as _reconcile
from dashlib import schemas

# --- fast helpers for large tables ----------------------------------------------------------


def objects(values) -> np.ndarray:
    """Values as a numpy object array (pandas' Arrow strings are slow to iterate and hash)."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object)
    if isinstance(values, set | frozenset):
        values = list(values)
    return np.asarray(values, dtype=object)


def fast_isin(series: pd.Series, values) -> np.ndarray:
    """``series.isin(values)`` as a bool array, fast for large value sets of strings.

    pandas' Arrow-string ``isin`` builds one Arrow scalar per value, which takes
    seconds for 100,000 IDs; a hash lookup on object arrays takes milliseconds.
    """
    vals = pd.unique(objects(values))
    if len(vals) == 0:
        return np.zeros(len(series), dtype=bool)
    return pd.Index(vals).get_indexer(objects(series)) >= 0


# --- neutral labels ------------------------------------------------------------

CLAIMANT_LABELS = {
    "government": "Government",
    "insurgents": "Insurgents",
    "media": "Media",
    "other": "Other",
    "unspecified": "Unspecified",
}
TARGET_LABELS = {
    "rail": "Rail",
    "cpec_chinese": "CPEC / Chinese nationals",
    "security_forces": "Security forces",
    "police": "Police",
    "civilians": "Civilians",
    "infrastructure": "Infrastructure",
    "prison": "Prison",
    "mineral_transport": "Mineral transport",
    "government": "Government",
    "education": "Education",
    "other": "Other",
}
INCIDENT_TYPE_LABELS = {
    "hijacking": "Hijacking",
    "bombing": "Bombing",
    "suicide_bombing": "Suicide bombing",
    "ied": "IED",
    "ambush": "Ambush",
    "armed_assault": "Armed assault",
    "coordinated_attacks": "Coordinated attacks",
    "takeover": "Takeover",
    "abduction": "Abduction",
    "sabotage": "Sabotage",
    "other": "Other",
}
METRIC_LABELS = {
    "killed": "Killed",
    "injured": "Injured",
    "hostages": "Hostages",
    "passengers": "Passengers",
    "abducted": "Abducted",
    "rescued": "Rescued",
    "attacks": "Attacks",
    "locations": "Locations",
    "attackers": "Attackers",
}
VICTIM_GROUP_LABELS = {
    "all": "All victims",
    "civilians": "Civilians",
    "security_forces": "Security forces",
    "insurgents": "Insurgents",
    "foreign_nationals": "Foreign nationals",
    "hostages": "Hostages",
    "passengers": "Passengers",
    "unknown": "Unknown group",
}
PRECISION_LABELS = {
    "day": "Day",
    "week": "Week",
    "month": "Month",
    "year": "Year",
    "unknown": "Unknown",
}
BASIS_LABELS = {"incident": "Incident date", "report": "Report date"}
NOT_NAMED = "Not named"  # label for an empty perpetrator
SIDES = ("government", "insurgents", "independent", "unspecified")
SIDE_LABELS = {
    "government": "Government",
    "insurgents": "Insurgents",
    "independent": "Independent (media, other)",
    "unspecified": "Unspecified",
}


def label(kind: str, value: str) -> str:
    """Human label of a coded value (``kind`` is claimant, target, type, metric, victim, precision, basis)."""
    table = {
        "claimant": CLAIMANT_LABELS,
        "target": TARGET_LABELS,
        "type": INCIDENT_TYPE_LABELS,
        "metric": METRIC_LABELS,
        "victim": VICTIM_GROUP_LABELS,
        "precision": PRECISION_LABELS,
        "basis": BASIS_LABELS,
    }[kind]
    return table.get(value, value.replace("_", " ").capitalize() if value else "—")


def perpetrator_label(value: str) -> str:
    """Label of a perpetrator; the empty string reads "Not named"."""
    return value or NOT_NAMED


def article_label(article_id: str, title: str, published: str, file: str = "") -> str:
    """Short unique label of an article for pickers and links: title (or file), date and ID."""
    t = " ".join((title or "").split()) or (file or "").strip() or "(untitled)"
    if len(t) > 70:
        t = t[:69].rstrip() + "…"
    return f"{t} ({published or 'undated'}) · {article_id}"


def article_order(articles: pd.DataFrame) -> list[str]:
    """Article IDs in publication order (undated last), then by title and file."""
    if articles.empty:
        return []
    a = articles[["article_id", "title", "published", "file"]].copy()
    a["_k"] = a["published"].where(a["published"] != "", "~")
    return list(objects(a.sort_values(["_k", "title", "file"], kind="stable")["article_id"]))


def recent_articles(articles: pd.DataFrame, order: list[str], n: int) -> list[str]:
    """The ``n`` most recently published of ``order`` (IDs from :func:`article_order`), in
    that order; undated articles only when fewer than ``n`` are dated."""
    if len(order) <= n:
        return list(order)
    dated = set(objects(articles.loc[articles["published"] != "", "article_id"]))
    with_date = [a for a in order if a in dated]
    if len(with_date) >= n:
        return with_date[-n:]
    undated = [a for a in order if a not in dated]
    return with_date + undated[: n - len(with_date)]


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """article_id -> :func:`article_label`, in publication order (undated last). Vectorised."""
    if articles.empty:
        return {}
    a = articles[["article_id", "title", "published", "file"]].copy()
    a["_k"] = a["published"].where(a["published"] != "", "~")
    a = a.sort_values(["_k", "title", "file"], kind="stable")
    title = a["title"].astype("string").fillna("").str.replace(r"\s+", " ", regex=True).str.strip()
    name = title.where(title != "", a["file"].astype("string").fillna("").str.strip())
    name = name.where(name != "", "(untitled)")
    long = name.str.len() > 70
    name = name.where(~long, name.str.slice(0, 69).str.rstrip() + "…")
    pub = a["published"].where(a["published"] != "", "undated")
    label = name + " (" + pub + ") · " + a["article_id"]
    return dict(zip(objects(a["article_id"]), objects(label), strict=True))


# --- dates ----------------------------------------------------------------------


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


# --- estimates per incident --------------------------------------------------------

_EST_NUM = ["low", "best", "high"]


def row_open_high(estimates: pd.DataFrame) -> pd.Series:
    """True for estimate rows where some claim is open-ended ('over 200', 'dozens').

    In the estimates a side's ``*_high`` is empty when one of its claims has no
    upper bound, while ``high`` stays the highest value any claim states.
    """
    open_ = pd.Series(False, index=estimates.index)
    for side in SIDES:
        open_ |= (estimates[f"{side}_low"].notna() & estimates[f"{side}_high"].isna()).astype(bool)
    open_ |= (estimates["high"].isna() & estimates["low"].notna()).astype(bool)
    return open_


def _combine_groups(
    incident_id: pd.Series,
    is_all: pd.Series,
    low: pd.Series,
    best: pd.Series,
    high: pd.Series,
    open_: pd.Series,
) -> pd.DataFrame:
    """Per incident: the 'all victims' row where there is one, else the sum of the groups.

    ``high`` is the larger of the 'all' high and the sum of the groups' highs, so a
    higher claim about one group is never hidden behind a lower overall figure.
    Vectorised with integer codes (it runs for every chart on large tables).
    """
    codes, uniq = pd.factorize(objects(incident_id))
    n = len(uniq)
    is_all = np.asarray(is_all, dtype=bool)
    open_ = np.asarray(open_, dtype=bool)
    vals = {
        k: pd.to_numeric(v, errors="coerce").astype("float64").to_numpy()
        for k, v in (("low", low), ("best", best), ("high", high))
    }
    first_all = np.full(n, -1)
    rows = np.flatnonzero(is_all)[::-1]  # reversed: the first 'all' row of an incident wins
    first_all[codes[rows]] = rows
    has_all_row = first_all >= 0
    grp = ~is_all
    a, g = {}, {}
    for k, v in vals.items():
        a[k] = np.where(has_all_row, v[np.maximum(first_all, 0)], np.nan)
        known = grp & ~np.isnan(v)
        total = np.bincount(codes[known], weights=v[known], minlength=n)
        count = np.bincount(codes[known], minlength=n)
        g[k] = np.where(count > 0, total, np.nan)
    a_open = np.where(has_all_row, open_[np.maximum(first_all, 0)], False)
    g_open = np.bincount(codes[grp & open_], minlength=n) > 0
    has_all = ~(np.isnan(a["low"]) & np.isnan(a["best"]) & np.isnan(a["high"]))
    out = pd.DataFrame(index=pd.Index(uniq, name="incident_id"))
    out["low"] = np.where(has_all, a["low"], g["low"])
    out["best"] = np.where(has_all, a["best"], g["best"])
    high_ = np.fmax(a["high"], g["high"])
    out["high"] = high_
    a_wins = np.nan_to_num(a["high"], nan=-1) >= np.nan_to_num(g["high"], nan=-1)
    out["high_open"] = np.where(a_wins, a_open, g_open) | (np.isnan(high_) & ~np.isnan(out["low"]))
    out["basis"] = np.where(has_all, "all victims", "sum of groups")
    return out


def incident_totals(estimates: pd.DataFrame, metric: str = "killed") -> pd.DataFrame:
    """One low/best/high per incident for ``metric``, without hiding any claim.

    ``low`` and ``best`` come from the incident's 'all victims' row where there
    is one, otherwise from the sum of its victim-group rows. ``high`` is the
    larger of the 'all victims' high and the sum of the groups' highs, so a
    higher claim about one group (e.g. "over 200 hostages killed") is never
    hidden behind a lower overall figure. ``high_open`` is True when a claim
    behind it is open-ended (the high is then a minimum). Columns:
    incident_id, low, best, high, high_open, n_claims, basis.
    """
    cols = ["incident_id", "low", "best", "high", "high_open", "n_claims", "basis"]
    e = estimates[estimates["metric"] == metric]
    if e.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols}).astype(
            {
                "low": "Float64",
                "best": "Float64",
                "high": "Float64",
                "high_open": bool,
                "n_claims": "Int64",
            }
        )
    out = _combine_groups(
        e["incident_id"],
        e["victim_group"] == "all",
        e["low"],
        e["best"],
        e["high"],
        row_open_high(e),
    )
    codes, _ = pd.factorize(objects(e["incident_id"]))
    n = np.bincount(
        codes, weights=e["n_claims"].astype("float64").fillna(0).to_numpy(), minlength=len(out)
    )
    out["n_claims"] = pd.array(n.astype("int64"), dtype="Int64")
    out = out.reset_index(names="incident_id")
    for c in _EST_NUM:
        out[c] = out[c].astype("Float64")
    out["high_open"] = out["high_open"].astype(bool)
    return out[cols]


def side_totals(estimates: pd.DataFrame, metric: str, side: str) -> pd.DataFrame:
    """Per incident, one side's range for ``metric`` (same victim-group rule as :func:`incident_totals`).

    An open-ended figure ('over 200') adds its stated minimum to the high and
    sets ``high_open``. Only incidents where that side gave a figure.
    """
    e = estimates[estimates["metric"] == metric]
    lo, hi = e[f"{side}_low"], e[f"{side}_high"]
    has = (lo.notna() | hi.notna()).to_numpy(dtype=bool)
    e, lo, hi = e[has], lo[has], hi[has]
    if e.empty:
        return pd.DataFrame(columns=["incident_id", "low", "high", "high_open"])
    open_ = (lo.notna() & hi.isna()).astype(bool)
    lo_f = lo.astype("Float64").fillna(0)
    hi_f = hi.astype("Float64").fillna(lo.astype("Float64"))
    out = _combine_groups(e["incident_id"], e["victim_group"] == "all", lo_f, lo_f, hi_f, open_)
    return out.reset_index(names="incident_id")[["incident_id", "low", "high", "high_open"]]


def headline(estimates: pd.DataFrame, claims: pd.DataFrame, metric: str = "killed") -> dict:
    """Headline figure for ``metric``: summed low/best/high over incidents and what is behind it.

    Returns a dict with low, best, high (floats or None), high_open (some claim
    is open-ended), n_incidents, n_claims, n_articles (distinct articles with a
    claim for the metric), and per side: ``sides[side] = (low, high, n_incidents,
    open)`` where open means some figure has no upper bound (its minimum is in
    the high).
    """
    tot = incident_totals(estimates, metric)
    c = claims[claims["metric"] == metric]
    out = {
        "metric": metric,
        "low": _sum_or_none(tot["low"]),
        "best": _sum_or_none(tot["best"]),
        "high": _sum_or_none(tot["high"]),
        "high_open": bool(tot["high_open"].any()),
        "n_incidents": len(tot),
        "n_claims": len(c),
        "n_articles": int(c["article_id"].nunique()),
        "sides": {},
    }
    for side in SIDES:
        st_ = side_totals(estimates, metric, side)
        if len(st_):
            out["sides"][side] = (
                float(st_["low"].sum()),
                _sum_or_none(st_["high"]),
                len(st_),
                bool(st_["high_open"].any()),
            )
    return out


def _sum_or_none(s: pd.Series):
    s = pd.to_numeric(s, errors="coerce").dropna()
    return float(s.sum()) if len(s) else None


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 incident', '3 incidents', '1,234 incidents'."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def fmt_num(v) -> str:
    """12345.0 -> '12,345'; None/NA -> '–'."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "–"
    return f"{round(float(v)):,}"


def fmt_short(v) -> str:
    """A count in at most four significant characters: 987, 12.3k, 1.13M; None/NA -> '–'.

    For headline tiles, where '1,126,415–2,828,295+' does not fit; the exact
    numbers stay in the tables below them.
    """
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "–"
    x = float(v)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            q = x / div
            return f"{q:.3g}{suffix}" if q < 1000 else f"{q:,.0f}{suffix}"
    return f"{round(x):,}"


def fmt_range(low, high, high_open: bool = False, *, short: bool = False) -> str:
    """'30–92'; '30 or more' (no upper bound); '30–92+' (92 is a minimum); 'up to 40'; '33'."""
    fmt = fmt_short if short else fmt_num
    lo, hi = fmt(low), fmt(high)
    if hi == "–":
        return f"{lo} or more" if lo != "–" else "–"
    if lo == "–":
        return f"up to {hi}" + ("+" if high_open else "")
    core = lo if lo == hi else f"{lo}–{hi}"
    return core + ("+" if high_open else "")


def headline_table(
    estimates: pd.DataFrame, claims: pd.DataFrame, metrics: Iterable[str]
) -> pd.DataFrame:
    """One row per metric: the range over all claims, best, and each side's range, as text."""
    return headline_rows(headline(estimates, claims, m) for m in metrics)


def headline_rows(headlines: Iterable[dict]) -> pd.DataFrame:
    """The rows of :func:`headline_table` from :func:`headline` results (metrics with no
    incident are left out)."""
    rows = []
    for h in headlines:
        m = h["metric"]
        if h["n_incidents"] == 0:
            continue
        row = {
            "Figure": METRIC_LABELS.get(m, m),
            "Range (all claims)": fmt_range(h["low"], h["high"], h["high_open"]),
            "Best": fmt_num(h["best"]),
            "Incidents": h["n_incidents"],
            "Articles": h["n_articles"],
        }
        for side in SIDES:
            lo, hi, n, open_ = h["sides"].get(side, (None, None, 0, False))
            row[SIDE_LABELS[side]] = f"{fmt_range(lo, hi, open_)} ({n} inc.)" if n else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def contested_table(estimates: pd.DataFrame, incidents: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most contested (incident, metric, victim group) rows, widest disagreement first.

    Only rows where two or more kinds of source give different figures. Ranked
    by the contested flag (ranges that do not overlap), then by the spread
    between the highest and lowest figure (high / low).
    """
    e = estimates[estimates["n_claimant_types"].fillna(0) >= 2].copy()
    if not e.empty:
        keys = {
            s_: (
                e[f"{s_}_low"].astype("Float64").fillna(-1).to_numpy(dtype="float64"),
                e[f"{s_}_high"].astype("Float64").fillna(-1).to_numpy(dtype="float64"),
                (e[f"{s_}_low"].notna() | e[f"{s_}_high"].notna()).to_numpy(dtype=bool),
            )
            for s_ in SIDES
        }
        distinct = np.zeros(len(e), dtype=bool)
        for k, a in enumerate(SIDES):
            for b in SIDES[k + 1 :]:
                (alo, ahi, ap), (blo, bhi, bp) = keys[a], keys[b]
                distinct |= ap & bp & ((alo != blo) | (ahi != bhi))
        e = e[distinct | e["contested"].astype(bool).to_numpy()]
    if e.empty:
        return pd.DataFrame()
    low = e["low"].astype("Float64").fillna(0)
    high = e["high"].astype("Float64").fillna(low * 2)
    e["_spread"] = (high.astype("float64") + 1) / (low.astype("float64") + 1)
    e = e.sort_values(["contested", "_spread", "n_claims"], ascending=[False, False, False]).head(n)
    lab = incidents.set_index("incident_id")["label"]
    out = pd.DataFrame(
        {
            "incident_id": e["incident_id"].to_numpy(),
            "Incident": e["incident_id"].map(lab).fillna("").to_numpy(),
            "Figure": (
                e["metric"].map(METRIC_LABELS) + " – " + e["victim_group"].map(VICTIM_GROUP_LABELS)
            ).to_numpy(),
        }
    )
    for side in SIDES:
        out[SIDE_LABELS[side]] = [
            fmt_range(lo, hi) if not (pd.isna(lo) and pd.isna(hi)) else "–"
            for lo, hi in zip(e[f"{side}_low"], e[f"{side}_high"], strict=True)
        ]
    out["Insurgent ÷ government"] = e["gap_ratio"].astype("Float64").round(1).to_numpy()
    out["Contested"] = e["contested"].astype(bool).to_numpy()
    out["Claims"] = e["n_claims"].to_numpy()
    return out


# --- claims ----------------------------------------------------------------------


def claims_with_articles(
    claims: pd.DataFrame, articles: pd.DataFrame, incidents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Claims with their article's title, outlet and (optionally) the incident label, for tables."""
    a = articles[["article_id", "title", "outlet"]].rename(
        columns={"title": "article_title", "outlet": "article_outlet"}
    )
    out = claims.merge(a, on="article_id", how="left")
    if incidents is not None:
        out = out.merge(
            incidents[["incident_id", "label"]].rename(columns={"label": "incident"}),
            on="incident_id",
            how="left",
        )
    for c in ("article_title", "article_outlet", "incident"):
        if c in out:
            out[c] = out[c].astype("string").fillna("")
    return out


CURATED_MARK = "✎ curated"


def curated_mask(df: pd.DataFrame) -> np.ndarray:
    """True for rows an analyst curated (``source == 'curated'``)."""
    if "source" not in df:
        return np.zeros(len(df), dtype=bool)
    return (df["source"] == "curated").fillna(False).to_numpy(dtype=bool)


def claim_value_text(claims: pd.DataFrame) -> pd.Series:
    """Each claim's bounds as text: '33', '30–40', '200 or more', 'up to 40'.

    A value an analyst curated carries the mark '✎ curated', so it never passes
    for what the extractor read.
    """
    lo = claims["value_low"]
    hi = claims["value_high"]
    curated = curated_mask(claims)
    return pd.Series(
        [
            fmt_range(
                a if not pd.isna(a) else None,
                b if not pd.isna(b) else None,
                pd.isna(b) and not pd.isna(a),
            )
            + (f" {CURATED_MARK}" if cur else "")
            for a, b, cur in zip(lo, hi, curated, strict=True)
        ],
        index=claims.index,
        dtype="string",
    )


def claim_points(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims with a plotting position: x_low, x_high (floats, NaN if open) and x_point."""
    out = claims.copy()
    out["x_low"] = out["value_low"].astype("Float64").astype("float64")
    out["x_high"] = out["value_high"].astype("Float64").astype("float64")
    out["x_point"] = np.where(
        np.isnan(out["x_low"]),
        out["x_high"],
        np.where(np.isnan(out["x_high"]), out["x_low"], (out["x_low"] + out["x_high"]) / 2),
    )
    out["bound"] = np.where(
        np.isnan(out["x_high"]),
        "open above",
        np.where(np.isnan(out["x_low"]), "open below", "bounded"),
    )
    return out


def compared_incidents(
    claims: pd.DataFrame, metric: str, victim_group: str, n: int = 25
) -> list[str]:
    """Incident IDs with claims on (metric, victim_group), most claimant types first, then most claims."""
    c = claims[(claims["metric"] == metric) & (claims["victim_group"] == victim_group)]
    if c.empty:
        return []
    g = c.groupby("incident_id").agg(types=("claimant_type", "nunique"), n=("claim_id", "size"))
    g = g.sort_values(["types", "n"], ascending=False, kind="stable")
    return g.head(n).index.tolist()


def incident_options(
    claims: pd.DataFrame, metric: str, victim_group: str, limit: int = 500
) -> list[str]:
    """Incident IDs for a picker: those with claims on (metric, group) first, then the rest.

    At most ``limit`` (most claimant types and claims first), so a picker never
    sends a huge list to the browser.
    """
    first = compared_incidents(claims, metric, victim_group, limit)
    if len(first) >= limit or claims.empty:
        return first[:limit]
    g = claims.groupby("incident_id").agg(
        types=("claimant_type", "nunique"), n=("claim_id", "size")
    )
    g = g.sort_values(["types", "n"], ascending=False, kind="stable")
    rest = [i for i in objects(g.index) if i not in set(first)]
    return first + rest[: limit - len(first)]


def article_options(articles: pd.DataFrame, claims: pd.DataFrame, limit: int = 500) -> list[str]:
    """Article IDs for a picker: articles with the most extracted figures first, at most ``limit``."""
    if articles.empty:
        return []
    n = claims.groupby("article_id").size() if len(claims) else pd.Series(dtype="int64")
    a = pd.DataFrame(
        {
            "article_id": objects(articles["article_id"]),
            "n": n.reindex(objects(articles["article_id"])).fillna(0).to_numpy(),
            "pub": objects(articles["published"].where(articles["published"] != "", "0")),
        }
    )
    a = a.sort_values(["n", "pub"], ascending=[False, False], kind="stable")
    return list(a["article_id"].head(limit))


def metric_group_options(claims: pd.DataFrame) -> list[tuple[str, str]]:
    """(metric, victim_group) pairs present in ``claims``, the most claimed first."""
    if claims.empty:
        return []
    g = (
        claims.groupby(["metric", "victim_group"])
        .size()
        .sort_values(ascending=False, kind="stable")
    )
    return list(g.index)


# --- targets and places -----------------------------------------------------------


def explode_categories(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per (incident, target category); incidents without a category are left out.

    Split and flattened in Arrow (one pass, no Python list per incident): about ten
    times faster than ``str.split().explode()`` at 100,000 incidents, same rows.
    """
    cats = pa.array(
        objects(incidents["target_categories"].astype("string").fillna("")), pa.string()
    )
    lists = pc.split_pattern(cats, ";")
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists).to_numpy()
    keep = np.asarray(pc.not_equal(flat, "").to_numpy(zero_copy_only=False), dtype=bool)
    ids = objects(incidents["incident_id"])[parents[keep]]
    return pd.DataFrame({"incident_id": ids, "category": flat.to_numpy(zero_copy_only=False)[keep]})


def primary_category(incidents: pd.DataFrame) -> pd.Series:
    """First listed target category of each incident ('' if none)."""
    cats = incidents["target_categories"].astype("string").fillna("")
    return cats.str.replace(r";.*$", "", regex=True)


def targets_by_category(incidents: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """Per target category: incidents and summed killed low/best/high (an incident counts in each category)."""
    ex = explode_categories(incidents)
    if ex.empty:
        return pd.DataFrame(
            columns=["category", "label", "incidents", "low", "best", "high", "high_open"]
        )
    tot = incident_totals(estimates, "killed")
    ex = ex.merge(
        tot[["incident_id", "low", "best", "high", "high_open"]], on="incident_id", how="left"
    )
    ex["high_open"] = ex["high_open"].fillna(False).astype(bool)
    g = ex.groupby("category", sort=False).agg(
        incidents=("incident_id", "nunique"),
        low=("low", lambda s: s.sum(min_count=1)),
        best=("best", lambda s: s.sum(min_count=1)),
        high=("high", lambda s: s.sum(min_count=1)),
        high_open=("high_open", "any"),
    )
    g = g.reset_index().sort_values("incidents", ascending=False, kind="stable")
    g["label"] = g["category"].map(TARGET_LABELS).fillna(g["category"])
    return g[["category", "label", "incidents", "low", "best", "high", "high_open"]].reset_index(
        drop=True
    )


def district_table(incidents: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """Per district: incidents, how many have only an approximate location, and killed low/best/high."""
    if incidents.empty:
        return pd.DataFrame(
            columns=[
                "District",
                "Province",
                "Incidents",
                "Approximate location",
                "Killed (range)",
                "Killed (best)",
            ]
        )
    tot = incident_totals(estimates, "killed")
    df = incidents[["incident_id", "district", "province", "geo_precision"]].merge(
        tot, on="incident_id", how="left"
    )
    df["district"] = df["district"].where(
        df["district"] != "",
        "(no district: " + df["province"].where(df["province"] != "", "unknown") + ")",
    )
    df["approx"] = df["geo_precision"] != "town"
    df["high_open"] = df["high_open"].fillna(False).astype(bool)
    g = (
        df.groupby(["district", "province"], sort=False)
        .agg(
            incidents=("incident_id", "size"),
            approx=("approx", "sum"),
            low=("low", lambda s: s.sum(min_count=1)),
            best=("best", lambda s: s.sum(min_count=1)),
            high=("high", lambda s: s.sum(min_count=1)),
            high_open=("high_open", "any"),
        )
        .reset_index()
    )
    g = g.sort_values(["incidents", "district"], ascending=[False, True], kind="stable")
    return pd.DataFrame(
        {
            "District": g["district"].to_numpy(),
            "Province": g["province"].to_numpy(),
            "Incidents": g["incidents"].to_numpy(),
            "Approximate location": g["approx"].astype(int).to_numpy(),
            "Killed (range)": [
                fmt_range(a, b, o)
                for a, b, o in zip(g["low"], g["high"], g["high_open"], strict=True)
            ],
            "Killed (best)": g["best"].map(fmt_num).to_numpy(),
        }
    )


def map_points(incidents: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """Incidents aggregated by place for the map: one point per place.

    Columns: place, district, province, lat, lon, approximate (geo precision
    coarser than a town), category (the most frequent first target category
    there), categories (every category with its count, as text), incidents,
    best_killed, low_killed, high_killed, high_open. Places without
    coordinates are dropped.
    """
    cols = [
        "place",
        "district",
        "province",
        "lat",
        "lon",
        "approximate",
        "category",
        "categories",
        "incidents",
        "best_killed",
        "low_killed",
        "high_killed",
        "high_open",
    ]
    inc = incidents[incidents["lat"].notna() & incidents["lon"].notna()]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    tot = incident_totals(estimates, "killed")
    df = inc[
        ["incident_id", "place", "district", "province", "lat", "lon", "geo_precision"]
    ].assign(category=primary_category(inc).to_numpy())
    df = df.merge(
        tot[["incident_id", "low", "best", "high", "high_open"]], on="incident_id", how="left"
    )
    df["approximate"] = (df["geo_precision"] != "town").astype(bool)
    df["high_open"] = df["high_open"].astype("boolean").fillna(False).astype(bool)
    for c in ("low", "best", "high"):
        df[c] = df[c].astype("Float64").astype("float64")
    keys = ["place", "district", "province", "approximate"]
    g = df.groupby(keys, sort=False).agg(
        lat=("lat", "first"),
        lon=("lon", "first"),
        incidents=("incident_id", "size"),
        best_killed=("best", lambda s: s.sum(min_count=1)),
        low_killed=("low", lambda s: s.sum(min_count=1)),
        high_killed=("high", lambda s: s.sum(min_count=1)),
        high_open=("high_open", "any"),
    )
    cat_counts = df.groupby([*keys, "category"], sort=False).size().reset_index(name="n")
    cat_counts = cat_counts.sort_values(
        [*keys, "n"], ascending=[True] * len(keys) + [False], kind="stable"
    )
    top = cat_counts.drop_duplicates(keys).set_index(keys)["category"]
    cat_counts["text"] = (
        cat_counts["category"].map(lambda c: TARGET_LABELS.get(c, c or "no category"))
        + " "
        + cat_counts["n"].astype(str)
    )
    listing = cat_counts.groupby(keys, sort=False)["text"].agg(", ".join)
    g["category"] = top.reindex(g.index)
    g["categories"] = listing.reindex(g.index)
    g = g.reset_index()
    for c in ("lat", "lon", "best_killed", "low_killed", "high_killed"):
        g[c] = pd.to_numeric(g[c], errors="coerce").astype("float64")
    g["category"] = g["category"].fillna("")
    return g[cols]


# --- filter options ------------------------------------------------------------------


def filter_options(tables) -> dict[str, list[str]]:
    """Values offered by each sidebar filter, taken from the unfiltered tables."""
    inc = tables.incidents
    places = set(objects(inc["district"].unique())) | set(objects(inc["place"].unique()))
    places.discard("")
    present_cats = set(objects(explode_categories(inc)["category"].unique())) if len(inc) else set()
    return {
        "place": sorted(places),
        "target": [c for c in schemas.TARGET_CATEGORIES if c in present_cats]
        or list(schemas.TARGET_CATEGORIES),
        "type": [
            t for t in schemas.INCIDENT_TYPES if t in set(objects(inc["incident_type"].unique()))
        ]
        or list(schemas.INCIDENT_TYPES),
        "perp": sorted(set(objects(inc["perpetrator"].unique())), key=lambda p: (p == "", p)),
        "claimant": list(schemas.CLAIMANT_TYPES),
        "article": article_order(tables.articles),
    }


# --- app support (small I/O helpers the entry point uses) --------------------------------


def build_stamp(data_dir: str | os.PathLike, articles_dir: str | os.PathLike) -> str:
    """A string that changes when the build or the article folder changes (for cache keys)."""
    parts = []
    from dashlib import paths  # the reference data and curation file feed the build too

    for folder, pattern in (
        (Path(data_dir), "*.csv"),
        (Path(data_dir), "*.json"),
        (Path(articles_dir), "*"),
        (paths.REFERENCE_DIR, "*"),
        (paths.CURATION_FILE.parent, paths.CURATION_FILE.name),
    ):
        if folder.is_dir():
            for p in sorted(folder.glob(pattern)):
                try:
                    st_ = p.stat()
                except OSError:
                    continue
                parts.append(f"{p.name}:{st_.st_size}:{int(st_.st_mtime)}")
    return str(hash("|".join(parts)) & 0xFFFFFFFF) + f"-{len(parts)}"


def count_article_files(articles_dir: str | os.PathLike) -> int:
    """How many article files (by suffix) ``articles_dir`` holds; 0 if it does not exist."""
    from dashlib.load import ARTICLE_SUFFIXES

    folder = Path(articles_dir)
    if not folder.is_dir():
        return 0
    return sum(
        1
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
    )


# --- evidence: article text with every figure highlighted, escaped -------------------------


def highlight_html(text: str, claims: pd.DataFrame, colors: dict[str, str] | None = None) -> str:
    """The article ``text`` as safe HTML with each claim's sentence underlined and figure marked.

    Every piece of article text, and every attribute value, goes through
    :func:`html.escape`, so markup in an article (``<script>``, ``<img onerror=...>``)
    is shown as text and never runs. Figures are numbered [1], [2], ... in
    the order of ``claims`` (sorted by figure position), matching
    :func:`evidence_table`. Offsets outside the text are ignored.
    """
    colors = colors or {}
    n = len(text)
    c = claims.sort_values(["figure_start", "char_start"], kind="stable").reset_index(drop=True)
    events: set[int] = {0, n}
    figs: list[tuple[int, int, int, str, str]] = []
    quotes: list[tuple[int, int]] = []
    for i, row in enumerate(c.itertuples(index=False), start=1):
        qs, qe = int(row.char_start), int(row.char_end)
        fs, fe = int(row.figure_start), int(row.figure_end)
        if 0 <= qs < qe <= n:
            quotes.append((qs, qe))
            events |= {qs, qe}
        if 0 <= fs < fe <= n:
            tip = f"[{i}] {CLAIMANT_LABELS.get(row.claimant_type, row.claimant_type)}"
            if row.claimant:
                tip += f" ({row.claimant})"
            tip += f": {METRIC_LABELS.get(row.metric, row.metric)} – {VICTIM_GROUP_LABELS.get(row.victim_group, row.victim_group)}"
            if getattr(row, "source", "") == "curated":
                tip += f" ({CURATED_MARK})"
            figs.append((fs, fe, i, row.claimant_type, tip))
            events |= {fs, fe}
    points = sorted(events)
    out = []
    for a, b in itertools.pairwise(points):
        piece = html.escape(text[a:b])
        in_quote = any(qs <= a and b <= qe for qs, qe in quotes)
        covering = [f for f in figs if f[0] <= a and b <= f[1]]
        if covering:
            fs, fe, i, ctype, tip = covering[0]
            color = colors.get(ctype, "#888888")
            nums = ",".join(str(f[2]) for f in covering)
            piece = (
                f'<mark style="background:{html.escape(color)}33;border-bottom:2px solid {html.escape(color)};'
                f'padding:0 2px;border-radius:2px" title="{html.escape(tip, quote=True)}">{piece}</mark>'
            )
            if b == fe:
                piece += f'<sup style="color:{html.escape(color)};font-weight:600">[{html.escape(nums)}]</sup>'
        if in_quote:
            piece = f'<span style="text-decoration:underline dotted #9aa5b1">{piece}</span>'
        out.append(piece)
    body = "".join(out)
    return (
        '<div style="white-space:pre-wrap;line-height:1.6;font-size:0.95rem;max-height:32rem;'
        'overflow-y:auto;padding:0.75rem 1rem;border:1px solid #d5dbe1;border-radius:0.5rem">'
        + body
        + "</div>"
    )


def evidence_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims of one article, numbered as in :func:`highlight_html`, for the list beside the text."""
    c = claims.sort_values(["figure_start", "char_start"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "#": np.arange(1, len(c) + 1),
            "Claimant type": c["claimant_type"]
            .map(CLAIMANT_LABELS)
            .fillna(c["claimant_type"])
            .to_numpy(),
            "Claimant": c["claimant"].to_numpy(),
            "Relayed by": c["relayed_by"].to_numpy(),
            "Figure": c["number_text"].to_numpy(),
            "Value": claim_value_text(c).to_numpy(),
            "Metric": c["metric"].map(METRIC_LABELS).fillna(c["metric"]).to_numpy(),
            "Victim group": c["victim_group"]
            .map(VICTIM_GROUP_LABELS)
            .fillna(c["victim_group"])
            .to_numpy(),
            "Stance": c["stance"].to_numpy(),
            "Source": np.where(curated_mask(c), CURATED_MARK, "extracted"),
            "Quote": c["quote"].to_numpy(),
            "incident_id": c["incident_id"].to_numpy(),
        }
    )


# --- estimates, vectorised ----------------------------------------------------------------

# The estimates rule lives in dashlib.reconcile; this name stays for callers.
estimates_from_claims_fast = _reconcile.estimates_from_claims


def reference_places(reference_dir: str | os.PathLike, level: str = "district") -> pd.DataFrame:
    """Gazetteer places of ``level`` (name, lat, lon) for orientation on the map; empty if unreadable."""
    path = Path(reference_dir) / "gazetteer.csv"
    try:
        g = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError):
        return pd.DataFrame(columns=["name", "lat", "lon"])
    if not {"name", "level", "lat", "lon"} <= set(g.columns):
        return pd.DataFrame(columns=["name", "lat", "lon"])
    g = g[g["level"] == level]
    if "province" in g.columns:
        g = g[g["province"] == "Balochistan"]
    out = pd.DataFrame(
        {
            "name": g["name"].to_numpy(),
            "lat": pd.to_numeric(g["lat"], errors="coerce").to_numpy(),
            "lon": pd.to_numeric(g["lon"], errors="coerce").to_numpy(),
        }
    )
    return out.dropna(subset=["lat", "lon"]).reset_index(drop=True)


def legend_html(colors: dict[str, str]) -> str:
    """A one-line legend of the claimant-type highlight colours (escaped, static text)."""
    items = []
    for code, lab in CLAIMANT_LABELS.items():
        c = html.escape(colors.get(code, "#888888"))
        items.append(
            f'<mark style="background:{c}33;border-bottom:2px solid {c};padding:0 4px;'
            f'border-radius:2px;margin-right:6px">{html.escape(lab)}</mark>'
        )
    items.append(
        '<span style="text-decoration:underline dotted #9aa5b1;margin-left:6px">quoted sentence</span>'
    )
    return (
        '<div style="font-size:0.85rem">Highlights by claimant type: ' + "".join(items) + "</div>"
    )
