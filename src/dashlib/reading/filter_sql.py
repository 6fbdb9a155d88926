"""The dashboard's filters in SQL: twins of the pandas masks of :mod:`dashlib.reading.filters`.

:func:`incident_where` and :func:`article_where` are the conditions of
:func:`~dashlib.reading.filters.incident_mask` and
:func:`~dashlib.reading.filters.article_mask`; :func:`filtered_ctes` turns them into the
``WITH`` clauses that define the filtered tables (``f_incidents``, ``f_claims`` ...) the
way :func:`~dashlib.reading.filters.apply_filters` narrows them. Each returns SQL text
with ``?`` placeholders and the parameters that fill them, in order. They run over the
views of :class:`dashlib.reading.columnar.ColumnarBuild`; tests/test_columnar.py holds
them equal to the pandas filters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashlib.reading.filters import Filters


def partial_overlaps(col: str, f: Filters) -> tuple[str, list]:
    """SQL twin of :func:`dashlib.reading.partial_dates.partial_overlaps`."""
    parts, params = [f"length({col}) > 0"], []
    for n in (4, 7, 10):
        if f.date_from:
            parts.append(f"(length({col}) <> {n} OR {col} >= ?)")
            params.append(f.date_from[:n])
        if f.date_to:
            parts.append(f"(length({col}) <> {n} OR {col} <= ?)")
            params.append(f.date_to[:n])
    return "(" + " AND ".join(parts) + ")", params


def span_overlaps(f: Filters) -> tuple[str, list]:
    """SQL twin of :func:`dashlib.reading.partial_dates.span_overlaps` on date_start/date_end."""
    s = "(CASE WHEN date_start <> '' THEN date_start ELSE date_end END)"
    e = "(CASE WHEN date_end <> '' THEN date_end ELSE date_start END)"
    parts, params = [f"{s} <> ''"], []
    if f.date_from:
        parts.append(f"{e} >= ?")
        params.append(f.date_from)
    if f.date_to:
        parts.append(f"{s} <= ?")
        params.append(f.date_to)
    return "(" + " AND ".join(parts) + ")", params


def _date_condition(
    f: Filters, undated: str, overlaps: Callable[[], tuple[str, list]]
) -> tuple[list[str], list]:
    """The date filter on one table: with a range, the rows ``overlaps`` keeps (called only
    then) and the ``undated`` rows if ``f.include_undated``; with none, only the undated rule.
    """
    if f.has_date_range:
        inside, params = overlaps()
        keep_undated = "TRUE" if f.include_undated else "FALSE"
        return [f"({inside} OR ({undated} AND {keep_undated}))"], params
    if not f.include_undated:
        return [f"NOT {undated}"], []
    return [], []


def incident_where(f: Filters | None) -> tuple[str, list]:
    """SQL condition (and parameters) of :func:`dashlib.reading.filters.incident_mask`."""
    if f is None:
        return "TRUE", []
    if f.date_basis == "incident":
        parts, params = _date_condition(
            f, "(date_start = '' AND date_end = '')", lambda: span_overlaps(f)
        )
    else:
        parts, params = _date_condition(
            f, "(first_reported = '')", lambda: partial_overlaps("first_reported", f)
        )
    if f.places is not None:
        wanted = sorted(set(f.places))
        parts.append(
            "(list_contains(?, district) OR list_contains(?, place) OR "
            "(len(?) > 0 AND places_mentioned <> '' AND "
            "list_has_any(string_split(places_mentioned, ';'), ?)))"
        )
        params += [wanted, wanted, wanted, wanted]
    if f.target_categories is not None:
        parts.append("list_has_any(string_split(target_categories, ';'), ?)")
        params.append(sorted(set(f.target_categories)))
    if f.incident_types is not None:
        parts.append("list_contains(?, incident_type)")
        params.append(sorted(set(f.incident_types)))
    if f.perpetrators is not None:
        parts.append("list_contains(?, perpetrator)")
        params.append(sorted(set(f.perpetrators)))
    return (" AND ".join(parts) or "TRUE"), params


def article_where(f: Filters | None) -> tuple[str, list]:
    """SQL condition (and parameters) of :func:`dashlib.reading.filters.article_mask`."""
    if f is None:
        return "TRUE", []
    parts: list[str] = []
    params: list = []
    if f.article_ids is not None:
        wanted = sorted(set(f.article_ids))
        parts.append("(list_contains(?, article_id) OR list_contains(?, file))")
        params += [wanted, wanted]
    if f.date_basis == "report":
        dated, p = _date_condition(f, "(published = '')", lambda: partial_overlaps("published", f))
        parts += dated
        params += p
    return (" AND ".join(parts) or "TRUE"), params


def filtered_ctes(f: Filters | None) -> tuple[str, list]:
    """``WITH`` clauses defining f_incidents, f_claims, f_articles, f_targets, f_mentions and
    f_estimates_kept (the stored estimates of the kept incidents; the caller adds
    f_estimates, which may have to be recomputed from the kept claims instead).
    """
    inc_where, params = incident_where(f)
    art_where, p = article_where(f)
    params += p
    # With no condition on incidents, every claim, target and mention follows anyway
    # (each names an incident of the build): skip the semi-join, the costliest step.
    all_incidents = inc_where == "TRUE"
    ctes, p = _candidate_ctes(f, inc_where, art_where, all_incidents)
    params += p
    ctes += _reported_ctes(f)
    ctes.append(_articles_cte(f))
    ctes.append(_estimates_kept_cte(f, all_incidents))
    return "WITH " + ",\n".join(ctes) + "\n", params


def _candidate_ctes(
    f: Filters | None, inc_where: str, art_where: str, all_incidents: bool
) -> tuple[list[str], list]:
    """i0, a0, c0, t0, m0: the rows each table's own conditions keep, claims, targets and
    mentions following the kept incidents (and the kept articles, when articles are narrowed).
    """
    narrowed = f is not None and (
        f.article_ids is not None
        or (f.date_basis == "report" and (f.has_date_range or not f.include_undated))
    )
    follow = "TRUE" if all_incidents else "incident_id IN (SELECT incident_id FROM i0)"
    if narrowed:
        follow += " AND article_id IN (SELECT article_id FROM a0)"
    claim_extra = ""
    params: list = []
    if f is not None and f.claimant_types is not None:
        claim_extra = " AND list_contains(?, claimant_type)"
        params.append(sorted(set(f.claimant_types)))
    ctes = [
        f"i0 AS (SELECT * FROM incidents WHERE {inc_where})",
        f"a0 AS (SELECT * FROM articles WHERE {art_where})",
        f"c0 AS (SELECT * FROM claims WHERE {follow}{claim_extra})",
        f"t0 AS (SELECT * FROM targets WHERE {follow})",
        f"m0 AS (SELECT * FROM mentions WHERE {follow})",
    ]
    return ctes, params


def _reported_ctes(f: Filters | None) -> list[str]:
    """f_incidents, f_claims, f_targets, f_mentions: with a source-article filter, only the
    incidents the chosen articles report (and what follows them); otherwise i0 ... m0 as
    they are.
    """
    if f is None or f.article_ids is None:
        return [
            "f_incidents AS (SELECT * FROM i0)",
            "f_claims AS (SELECT * FROM c0)",
            "f_targets AS (SELECT * FROM t0)",
            "f_mentions AS (SELECT * FROM m0)",
        ]
    return [
        "reported AS ("
        " SELECT incident_id FROM m0 UNION SELECT incident_id FROM c0"
        " UNION SELECT incident_id FROM t0"
        " UNION SELECT incident_id FROM i0"
        "  WHERE list_has_any(string_split(article_ids, ';'), (SELECT list(article_id) FROM a0)))",
        "f_incidents AS (SELECT * FROM i0 WHERE incident_id IN (SELECT incident_id FROM reported))",
        "f_claims AS (SELECT * FROM c0 WHERE incident_id IN (SELECT incident_id FROM f_incidents))",
        "f_targets AS (SELECT * FROM t0 WHERE incident_id IN (SELECT incident_id FROM f_incidents))",
        "f_mentions AS (SELECT * FROM m0 WHERE incident_id IN (SELECT incident_id FROM f_incidents))",
    ]


def _articles_cte(f: Filters | None) -> str:
    """f_articles: when an incident filter is active, only the articles about kept incidents."""
    if f is not None and f.incident_filter_active:
        return (
            "f_articles AS (SELECT * FROM a0 WHERE article_id IN ("
            " SELECT unnest(string_split(article_ids, ';')) FROM f_incidents"
            " UNION SELECT article_id FROM f_mentions UNION SELECT article_id FROM f_claims))"
        )
    return "f_articles AS (SELECT * FROM a0)"


def _estimates_kept_cte(f: Filters | None, all_incidents: bool) -> str:
    """f_estimates_kept: the stored estimates of the kept incidents (all of them, without a
    semi-join, when every incident is kept)."""
    if all_incidents and (f is None or f.article_ids is None):
        return "f_estimates_kept AS (SELECT * FROM estimates)"
    return (
        "f_estimates_kept AS (SELECT * FROM estimates"
        " WHERE incident_id IN (SELECT incident_id FROM f_incidents))"
    )
