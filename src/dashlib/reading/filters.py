"""One filter object for the dashboard, the CLI and the exports.

:class:`Filters` is frozen and hashable (tuples and ISO strings), so it can be
passed to cached functions and written into a URL. ``None`` means "no filter"
for every field; an empty tuple means "match nothing".

Semantics of :func:`apply_filters` (the dashboard's captions repeat them):

* **Date range, incident basis** (default). An incident is kept when its date
  span ``[date_start, date_end]`` shares at least one day with the range, so an
  incident known only as "March 2025" is kept by a range that touches March
  2025. Incidents with no date are kept when ``include_undated`` is True
  (default) and dropped otherwise; turning ``include_undated`` off also drops
  them when no range is set.
* **Date range, report basis.** The range applies to publication dates
  instead: incidents by ``first_reported``, articles by ``published`` and
  claims by their article's ``published`` (each at its own precision, kept if
  it could fall in the range). Undated reports follow ``include_undated``.
* **Place** matches an incident's district, its place or any place it mentions.
  **Target category** matches any of an incident's categories. **Incident
  type** and **perpetrator** ('' = not named) match exactly.
* **Claimant type** narrows the figures (claims and the estimates computed from
  them), not the list of incidents.
* **Source article** keeps only what the chosen articles report: their claims,
  targets and mentions, and the incidents they report.
* Claims, targets and mentions always follow the kept incidents and articles.
  Articles follow the kept incidents when an incident filter is active.
* **Estimates** are restricted to kept incidents. When claims are narrowed
  further (claimant type, article, report-date range), estimates are recomputed
  from the kept claims with :func:`dashlib.building.reconcile.estimates_from_claims`;
  ``tables.report["filters"]["estimates_basis"]`` says which was done.
* The ``n_articles``/``n_claims`` columns of incidents and articles stay the
  counts of the whole build.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from dashlib import schemas
from dashlib.building import reconcile
from dashlib.reading import code_labels, frames, partial_dates
from dashlib.tables import Tables

BASES = ("incident", "report")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_ISO_YEAR = re.compile(r"^\d{4}$")
_ARTICLE_ID_AT_END = re.compile(r"(a[0-9a-f]{16})\s*$")

# URL query-parameter names; the sidebar widgets use the same names as keys.
QUERY_KEYS = {
    "dates": "dates",
    "date_basis": "basis",
    "include_undated": "undated",
    "places": "place",
    "target_categories": "target",
    "incident_types": "type",
    "perpetrators": "perp",
    "claimant_types": "claimant",
    "article_ids": "article",
}


def _iso(value, end: bool = False) -> str | None:
    """A day as ISO text. Accepts dates, 'YYYY-MM-DD', 'YYYY-MM' and 'YYYY' (widened to
    the first day, or with ``end`` the last day, of the month or year)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    if _ISO_DAY.match(s):
        dt.date.fromisoformat(s)  # raises ValueError on 2025-02-30
        return s
    if _ISO_MONTH.match(s) or _ISO_YEAR.match(s):
        start, stop = partial_dates.partial_bounds(pd.Series([s]))
        out = (stop if end else start).iloc[0]
        if not out:
            raise ValueError(f"not a date: {value!r}")
        return str(out)
    raise ValueError(f"not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}")


def _tuple(values) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return tuple(sorted({str(v) for v in values}))


@dataclass(frozen=True)
class Filters:
    """What to show. ``None`` = no filter; tuples are sorted and de-duplicated on creation.

    date_from / date_to: ISO days (inclusive). date_basis: 'incident' (the
    event's date) or 'report' (publication dates). include_undated: keep rows
    with no date. places: districts or place names. target_categories,
    incident_types, claimant_types: codes from :mod:`dashlib.schemas`.
    perpetrators: names as in incidents.perpetrator ('' = not named).
    article_ids: article IDs (an article's file name also matches).
    """

    date_from: str | None = None
    date_to: str | None = None
    date_basis: str = "incident"
    include_undated: bool = True
    places: tuple[str, ...] | None = None
    target_categories: tuple[str, ...] | None = None
    incident_types: tuple[str, ...] | None = None
    perpetrators: tuple[str, ...] | None = None
    claimant_types: tuple[str, ...] | None = None
    article_ids: tuple[str, ...] | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "date_from", _iso(self.date_from))
        set_(self, "date_to", _iso(self.date_to, end=True))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        if self.date_basis not in BASES:
            raise ValueError(f"date_basis must be one of {BASES}, not {self.date_basis!r}")
        set_(self, "include_undated", bool(self.include_undated))
        for name in (
            "places",
            "target_categories",
            "incident_types",
            "perpetrators",
            "claimant_types",
            "article_ids",
        ):
            set_(self, name, _tuple(getattr(self, name)))
        for name, allowed in (
            ("target_categories", schemas.TARGET_CATEGORIES),
            ("incident_types", schemas.INCIDENT_TYPES),
            ("claimant_types", schemas.CLAIMANT_TYPES),
        ):
            bad = set(getattr(self, name) or ()) - set(allowed)
            if bad:
                raise ValueError(f"{name}: unknown {sorted(bad)}; allowed: {', '.join(allowed)}")

    # -- description ---------------------------------------------------------------

    @property
    def has_date_range(self) -> bool:
        return bool(self.date_from or self.date_to)

    @property
    def incident_filter_active(self) -> bool:
        """True when a filter on incidents' own fields (date, place, target, type, perpetrator) is set."""
        dated = self.date_basis == "incident" and (self.has_date_range or not self.include_undated)
        return dated or any(
            getattr(self, n) is not None
            for n in ("places", "target_categories", "incident_types", "perpetrators")
        )

    @property
    def narrows_claims(self) -> bool:
        """True when claims are cut below the kept incidents (so estimates need recomputing)."""
        report_dated = self.date_basis == "report" and (
            self.has_date_range or not self.include_undated
        )
        return self.claimant_types is not None or self.article_ids is not None or report_dated

    def is_default(self) -> bool:
        return self == Filters(date_basis=self.date_basis)

    def describe(self) -> list[str]:
        """The active filters as short human sentences (for captions and the CLI)."""
        out = []
        basis = code_labels.BASIS_LABELS[self.date_basis].lower()
        if self.has_date_range:
            out.append(f"{basis} {self.date_from or '…'} to {self.date_to or '…'}")
        if not self.include_undated:
            out.append("undated excluded")
        for name, kind in (
            ("places", None),
            ("target_categories", "target"),
            ("incident_types", "type"),
            ("claimant_types", "claimant"),
        ):
            vals = getattr(self, name)
            if vals is not None:
                shown = [code_labels.label(kind, v) if kind else v for v in vals]
                out.append(f"{name.replace('_', ' ')}: {', '.join(shown) or 'none'}")
        if self.perpetrators is not None:
            shown = [code_labels.perpetrator_label(p) for p in self.perpetrators]
            out.append(f"perpetrators: {', '.join(shown) or 'none'}")
        if self.article_ids is not None:
            out.append(f"{len(self.article_ids)} source article(s)")
        return out

    # -- URL ---------------------------------------------------------------------------

    def to_query(
        self, article_labels: Mapping[str, str] | None = None
    ) -> dict[str, str | list[str]]:
        """Query parameters in the form the sidebar widgets read them (labels, not codes).

        Only non-default values are written. ``article_labels`` (from
        :func:`dashlib.reading.code_labels.article_labels`) turns article IDs into the labels
        the article picker shows; without it the bare IDs are written, which
        :meth:`from_query` also accepts.
        """
        q: dict[str, str | list[str]] = {}
        if self.has_date_range:
            q["dates"] = [self.date_from or "", self.date_to or ""]
        if self.date_basis != "incident":
            q["basis"] = code_labels.BASIS_LABELS[self.date_basis]
        if not self.include_undated:
            q["undated"] = "false"
        if self.places is not None:
            q["place"] = list(self.places)
        if self.target_categories is not None:
            q["target"] = [code_labels.TARGET_LABELS[c] for c in self.target_categories]
        if self.incident_types is not None:
            q["type"] = [code_labels.INCIDENT_TYPE_LABELS[c] for c in self.incident_types]
        if self.perpetrators is not None:
            q["perp"] = [code_labels.perpetrator_label(p) for p in self.perpetrators]
        if self.claimant_types is not None:
            q["claimant"] = [code_labels.CLAIMANT_LABELS[c] for c in self.claimant_types]
        if self.article_ids is not None:
            labels = article_labels or {}
            q["article"] = [labels.get(a, a) for a in self.article_ids]
        return q

    @classmethod
    def from_query(cls, query: Mapping[str, str | Iterable[str]]) -> Filters:
        """Filters from query parameters as written by :meth:`to_query` (codes are accepted too).

        Empty lists mean "no filter" here, as an empty widget does.
        """

        def many(key):
            v = query.get(key)
            if v is None:
                return None
            vals = [v] if isinstance(v, str) else list(v)
            vals = [x for x in vals if x != ""]
            return vals or None

        kw: dict = {}
        dates = many("dates")
        if dates:
            kw["date_from"] = dates[0]
            kw["date_to"] = dates[1] if len(dates) > 1 else None
        basis = many("basis")
        if basis:
            kw["date_basis"] = _code(basis[-1], code_labels.BASIS_LABELS, "basis")
        undated = many("undated")
        if undated:
            kw["include_undated"] = undated[-1].lower() not in ("false", "0", "no", "off")
        if (v := many("place")) is not None:
            kw["places"] = v
        if (v := many("target")) is not None:
            kw["target_categories"] = [_code(x, code_labels.TARGET_LABELS, "target") for x in v]
        if (v := many("type")) is not None:
            kw["incident_types"] = [_code(x, code_labels.INCIDENT_TYPE_LABELS, "type") for x in v]
        if (v := many("perp")) is not None:
            kw["perpetrators"] = ["" if x == code_labels.NOT_NAMED else x for x in v]
        if (v := many("claimant")) is not None:
            kw["claimant_types"] = [_code(x, code_labels.CLAIMANT_LABELS, "claimant") for x in v]
        if (v := many("article")) is not None:
            kw["article_ids"] = [article_id_of(x) for x in v]
        return cls(**kw)

    def with_(self, **changes) -> Filters:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _code(value: str, labels: Mapping[str, str], what: str) -> str:
    """The code of ``value``, given as a code or a label (case-insensitive)."""
    v = str(value).strip()
    if v in labels:
        return v
    low = v.lower()
    for code, lab in labels.items():
        if lab.lower() == low or code.lower() == low:
            return code
    raise ValueError(f"unknown {what} {value!r}; allowed: {', '.join(labels)}")


def article_id_of(value: str) -> str:
    """The article ID in an article label ('Title (2026-02-02) · a1b2…') or the value itself."""
    m = _ARTICLE_ID_AT_END.search(str(value))
    return m.group(1) if m else str(value).strip()


def from_widgets(
    *,
    dates=None,
    span: tuple[str, str] | None = None,
    basis: str = "incident",
    include_undated: bool = True,
    places=(),
    targets=(),
    types=(),
    perpetrators=(),
    claimants=(),
    articles=(),
) -> Filters:
    """Filters from the sidebar widgets' values (codes, not labels).

    An empty multiselect means no filter. A date range equal to the data's
    whole ``span`` (the widget's default) also means no date filter; a range
    still being picked (one date) filters from that date on.
    """
    date_from = date_to = None
    if dates:
        d = list(dates) if isinstance(dates, list | tuple) else [dates]
        date_from = _iso(d[0]) if d else None
        date_to = _iso(d[1], end=True) if len(d) > 1 else None
        if span and date_from == span[0] and (date_to in (None, span[1])):
            date_from = date_to = None
        elif span and date_to == span[1]:
            date_to = None
        elif span and date_from == span[0]:
            date_from = None
    return Filters(
        date_from=date_from,
        date_to=date_to,
        date_basis=basis or "incident",
        include_undated=include_undated,
        places=tuple(places) or None,
        target_categories=tuple(targets) or None,
        incident_types=tuple(types) or None,
        perpetrators=tuple(perpetrators) or None,
        claimant_types=tuple(claimants) or None,
        article_ids=tuple(articles) or None,
    )


def filters_from_cli(args: Mapping) -> Filters:
    """Filters from a CLI's parsed arguments (e.g. ``vars(argparse_namespace)``).

    Recognised keys (missing or None = no filter): ``date_from``/``from``,
    ``date_to``/``to`` (YYYY-MM-DD, YYYY-MM or YYYY), ``basis``/``date_basis``
    ('incident' or 'report'), ``include_undated`` (bool) or ``exclude_undated``
    (bool), and ``place``/``places``, ``target``/``target_categories``,
    ``type``/``incident_types``, ``perpetrator``/``perpetrators``,
    ``claimant``/``claimant_types``, ``article``/``article_ids`` (a list, or one
    comma-separated string). Codes or labels are accepted for the coded fields.
    """

    def pick(*names):
        for n in names:
            if args.get(n) is not None:
                return args[n]
        return None

    def many(*names):
        v = pick(*names)
        if v is None:
            return None
        items = v.split(",") if isinstance(v, str) else [str(x) for x in v]
        items = [x.strip() for x in items]
        return [x for x in items if x != ""] if any(items) else None

    include = pick("include_undated")
    if include is None and pick("exclude_undated") is not None:
        include = not bool(pick("exclude_undated"))
    basis = pick("basis", "date_basis") or "incident"
    perps = many("perpetrator", "perpetrators")
    return Filters(
        date_from=pick("date_from", "from"),
        date_to=pick("date_to", "to"),
        date_basis=_code(basis, code_labels.BASIS_LABELS, "basis"),
        include_undated=True if include is None else bool(include),
        places=many("place", "places"),
        target_categories=_codes(
            many("target", "target_categories"), code_labels.TARGET_LABELS, "target"
        ),
        incident_types=_codes(
            many("type", "incident_types"), code_labels.INCIDENT_TYPE_LABELS, "type"
        ),
        perpetrators=None
        if perps is None
        else ["" if p == code_labels.NOT_NAMED else p for p in perps],
        claimant_types=_codes(
            many("claimant", "claimant_types"), code_labels.CLAIMANT_LABELS, "claimant"
        ),
        article_ids=None
        if (a := many("article", "article_ids")) is None
        else [article_id_of(x) for x in a],
    )


def _codes(values, labels, what):
    return None if values is None else [_code(v, labels, what) for v in values]


# --- applying ---------------------------------------------------------------------------


def incident_mask(incidents: pd.DataFrame, f: Filters) -> pd.Series:
    """Boolean mask of the incidents kept by the incident-level filters."""
    inc = incidents
    keep = pd.Series(True, index=inc.index)
    if f.date_basis == "incident":
        undated = (inc["date_start"] == "") & (inc["date_end"] == "")
        if f.has_date_range:
            inside = partial_dates.span_overlaps(
                inc["date_start"], inc["date_end"], f.date_from, f.date_to
            )
            keep &= inside | (undated & f.include_undated)
        elif not f.include_undated:
            keep &= ~undated
    else:
        undated = inc["first_reported"] == ""
        if f.has_date_range:
            inside = partial_dates.partial_overlaps(inc["first_reported"], f.date_from, f.date_to)
            keep &= inside | (undated & f.include_undated)
        elif not f.include_undated:
            keep &= ~undated
    if f.places is not None:
        wanted = set(f.places)
        hit = inc["district"].isin(wanted) | inc["place"].isin(wanted)
        listed = inc["places_mentioned"].astype("string").fillna("")
        if wanted and (listed != "").any():
            ex = listed.str.split(";").explode()
            hit |= ex.isin(wanted).groupby(level=0).any().reindex(inc.index, fill_value=False)
        keep &= hit
    if f.target_categories is not None:
        ex = inc["target_categories"].astype("string").fillna("").str.split(";").explode()
        hit = ex.isin(set(f.target_categories)).groupby(level=0).any()
        keep &= hit.reindex(inc.index, fill_value=False)
    if f.incident_types is not None:
        keep &= inc["incident_type"].isin(set(f.incident_types))
    if f.perpetrators is not None:
        keep &= inc["perpetrator"].isin(set(f.perpetrators))
    return keep.astype(bool)


def article_mask(articles: pd.DataFrame, f: Filters) -> pd.Series:
    """Boolean mask of the articles kept by the article and report-date filters."""
    keep = pd.Series(True, index=articles.index)
    if f.article_ids is not None:
        wanted = set(f.article_ids)
        keep &= frames.fast_isin(articles["article_id"], wanted) | frames.fast_isin(
            articles["file"], wanted
        )
    if f.date_basis == "report":
        undated = articles["published"] == ""
        if f.has_date_range:
            inside = partial_dates.partial_overlaps(articles["published"], f.date_from, f.date_to)
            keep &= inside | (undated & f.include_undated)
        elif not f.include_undated:
            keep &= ~undated
    return keep.astype(bool)


def _ids(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=object)


def apply_filters(tables: Tables, f: Filters | None) -> Tables:
    """The tables narrowed consistently by ``f`` (see the module docstring). Pure; no copy if ``f`` is None."""
    if f is None:
        return tables
    if f.is_default() and f.include_undated:
        report = dict(tables.report)
        report["filters"] = {
            "active": [],
            "estimates_basis": "all claims about the shown incidents",
        }
        return Tables(**{n: df for n, df in tables.items()}, report=report)
    inc_keep = incident_mask(tables.incidents, f)
    art_keep = article_mask(tables.articles, f)
    incidents = tables.incidents[inc_keep]
    articles = tables.articles[art_keep]
    inc_ids = set(_ids(incidents["incident_id"]))
    art_ids = set(_ids(articles["article_id"]))
    article_narrowed = f.article_ids is not None or (
        f.date_basis == "report" and (f.has_date_range or not f.include_undated)
    )

    def follow(df: pd.DataFrame) -> pd.DataFrame:
        m = frames.fast_isin(df["incident_id"], inc_ids)
        if article_narrowed:
            m &= frames.fast_isin(df["article_id"], art_ids)
        return df[m]

    claims = follow(tables.claims)
    if f.claimant_types is not None:
        claims = claims[claims["claimant_type"].isin(set(f.claimant_types))]
    targets = follow(tables.targets)
    mentions = follow(tables.mentions)

    if f.article_ids is not None:
        # only the incidents the chosen articles report
        reported = set(_ids(mentions["incident_id"])) | set(_ids(claims["incident_id"]))
        reported |= set(_ids(targets["incident_id"]))
        listed = incidents["article_ids"].astype("string").fillna("").str.split(";").explode()
        hit = frames.fast_isin(listed, art_ids)
        reported |= set(_ids(listed[hit].index.map(incidents["incident_id"])))
        incidents = incidents[frames.fast_isin(incidents["incident_id"], reported)]
        inc_ids = set(_ids(incidents["incident_id"]))
        claims = claims[frames.fast_isin(claims["incident_id"], inc_ids)]
        targets = targets[frames.fast_isin(targets["incident_id"], inc_ids)]
        mentions = mentions[frames.fast_isin(mentions["incident_id"], inc_ids)]

    if f.incident_filter_active:
        listed = incidents["article_ids"].astype("string").fillna("").str.split(";").explode()
        linked = (
            set(_ids(listed)) | set(_ids(mentions["article_id"])) | set(_ids(claims["article_id"]))
        )
        articles = articles[frames.fast_isin(articles["article_id"], linked)]

    estimates, basis = _estimates_for(tables.estimates, claims, inc_ids, f)
    report = dict(tables.report)
    report["filters"] = {
        "active": f.describe(),
        "estimates_basis": basis,
    }
    return Tables(
        articles=articles.reset_index(drop=True),
        incidents=incidents.reset_index(drop=True),
        claims=claims.reset_index(drop=True),
        targets=targets.reset_index(drop=True),
        mentions=mentions.reset_index(drop=True),
        estimates=estimates.reset_index(drop=True),
        report=report,
    )


def _estimates_for(estimates: pd.DataFrame, claims: pd.DataFrame, inc_ids: set, f: Filters):
    """Estimates for the kept claims, and a sentence saying how they were obtained.

    Recomputing uses :func:`dashlib.building.reconcile.estimates_from_claims`, the
    vectorised twin of :func:`dashlib.building.reconcile.estimates_from_claims` (same
    rule, same rows; a test holds them equal), because the reference loops in
    Python per group and is too slow for a page rerun on large tables.
    """
    restricted = estimates[frames.fast_isin(estimates["incident_id"], inc_ids)]
    if not f.narrows_claims:
        return restricted, "all claims about the shown incidents"
    return reconcile.estimates_from_claims(claims), "recomputed from the filtered claims only"


def filter_fields() -> list[str]:
    """Names of the :class:`Filters` fields, in order."""
    return [fl.name for fl in fields(Filters)]
