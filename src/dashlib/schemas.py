"""Table schemas as code: one place that says what every column is.

Each table is described once, as a list of :class:`Col`. From that list come
the pandera schema checked at the end of every build, the dtypes used when a
CSV is read back, and the data dictionary shown in the dashboard and README.

Missing text is stored as the empty string and missing numbers as ``<NA>``, so
that a CSV round trip gives back exactly the same frame.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

METRICS = (
    "killed",
    "injured",
    "hostages",
    "passengers",
    "abducted",
    "rescued",
    "attacks",
    "locations",
    "attackers",
)
VICTIM_GROUPS = (
    "all",
    "civilians",
    "security_forces",
    "insurgents",
    "foreign_nationals",
    "hostages",
    "passengers",
    "unknown",
)
CLAIMANT_TYPES = ("government", "insurgents", "media", "other", "unspecified")
QUALIFIERS = (
    "exact",
    "about",
    "over",
    "at_least",
    "up_to",
    "range",
    "dozens",
    "hundreds",
    "thousands",
    "several",
)
TARGET_CATEGORIES = (
    "rail",
    "cpec_chinese",
    "security_forces",
    "police",
    "civilians",
    "infrastructure",
    "prison",
    "mineral_transport",
    "government",
    "education",
    "other",
)
INCIDENT_TYPES = (
    "hijacking",
    "bombing",
    "suicide_bombing",
    "ied",
    "ambush",
    "armed_assault",
    "coordinated_attacks",
    "takeover",
    "abduction",
    "sabotage",
    "security_operation",
    "other",
)
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
PUBLISHED_PRECISIONS = ("day", "month", "year", "unknown")
GEO_PRECISIONS = ("town", "district", "province", "country", "unknown")
ROW_SOURCES = ("extracted", "curated")


@dataclass(frozen=True)
class Col:
    """One column: its name, kind, meaning and, where closed, its allowed values."""

    name: str
    kind: str  # "str", "int", "float", "bool"
    description: str
    allowed: tuple[str, ...] | None = None
    nullable: bool = True
    unique: bool = False


def _c(name, kind, description, allowed=None, nullable=True, unique=False) -> Col:
    return Col(name, kind, description, allowed, nullable, unique)


TABLES: dict[str, list[Col]] = {
    "articles": [
        _c(
            "article_id",
            "str",
            "Stable ID derived from the article file's bytes (sha256).",
            nullable=False,
            unique=True,
        ),
        _c("file", "str", "File name inside the article folder."),
        _c(
            "title",
            "str",
            "Title from the metadata, or the first heading-like line; empty if none.",
        ),
        _c(
            "published",
            "str",
            "Publication date as ISO text at its own precision (2026-02-02, 2026-02 or 2026); empty if not stated.",
        ),
        _c("published_precision", "str", "Precision of `published`.", PUBLISHED_PRECISIONS),
        _c(
            "outlet",
            "str",
            "Outlet that published the article, when the text or metadata states it.",
        ),
        _c("byline", "str", "Authors as given in the byline, when present."),
        _c("url", "str", "Source URL from the metadata, when present."),
        _c("n_chars", "int", "Length of the cleaned text.", nullable=False),
        _c("n_claims", "int", "Number of figures extracted from this article.", nullable=False),
        _c(
            "warnings",
            "str",
            "Cleaning and extraction warnings for this article, separated by ' | '.",
        ),
        _c("text", "str", "The cleaned body that every char_start/char_end refers to."),
    ],
    "incidents": [
        _c(
            "incident_id",
            "str",
            "Stable ID of the event; it does not change when unrelated articles are added.",
            nullable=False,
            unique=True,
        ),
        _c("label", "str", "Short human name built from type, target, place and date."),
        _c(
            "date_start",
            "str",
            "Earliest day the event can have happened (ISO); empty when unknown.",
        ),
        _c("date_end", "str", "Latest day the event can have happened (ISO); empty when unknown."),
        _c("date_precision", "str", "How precisely the date is known.", DATE_PRECISIONS),
        _c(
            "date_basis",
            "str",
            "'stated' (the text gives the date) or 'inferred: ...' saying how; 'unknown' if no date.",
        ),
        _c("place", "str", "Most specific place the reports name for the event."),
        _c("district", "str", "District of `place` from the gazetteer."),
        _c("province", "str", "Province of `place` from the gazetteer."),
        _c(
            "lat",
            "float",
            "Latitude of `place` (gazetteer); approximate unless geo_precision is 'town'.",
        ),
        _c("lon", "float", "Longitude of `place` (gazetteer)."),
        _c(
            "geo_precision",
            "str",
            "Level of `place`: town, district, province, country or unknown.",
            GEO_PRECISIONS,
        ),
        _c(
            "places_mentioned",
            "str",
            "Every gazetteer place the reports tie to the event, ';'-separated.",
        ),
        _c(
            "incident_type",
            "str",
            "Kind of event, from the most specific trigger in its reports.",
            INCIDENT_TYPES,
        ),
        _c(
            "perpetrator",
            "str",
            "Group that claimed or was said to be responsible; empty if none is named.",
        ),
        _c("target_categories", "str", "Target categories of the event, ';'-separated."),
        _c("n_articles", "int", "Number of articles that report the event.", nullable=False),
        _c("n_claims", "int", "Number of figures (claims) about the event.", nullable=False),
        _c(
            "first_reported",
            "str",
            "Earliest publication date among its articles; empty if none is dated.",
        ),
        _c("article_ids", "str", "IDs of the reporting articles, ';'-separated."),
        _c("source", "str", "'extracted' by the rules or 'curated' by an analyst.", ROW_SOURCES),
    ],
    "claims": [
        _c(
            "claim_id",
            "str",
            "Stable ID of this figure in this article.",
            nullable=False,
            unique=True,
        ),
        _c("incident_id", "str", "Event the figure is about.", nullable=False),
        _c("article_id", "str", "Article that states the figure.", nullable=False),
        _c("metric", "str", "What is counted.", METRICS),
        _c(
            "victim_group",
            "str",
            "Who is counted (for killed, injured, hostages and similar).",
            VICTIM_GROUPS,
        ),
        _c(
            "claimant_type",
            "str",
            "Kind of source that states the figure: government (army, ISPR, police, "
            "officials), insurgents (an armed group's claim, whoever relays it), media "
            "(media and independent sources: an outlet's own count, hospitals, rescue "
            "services, witnesses, rights groups), unspecified (no source named). 'other' "
            "is kept for curation files that used it; extraction does not produce it.",
            CLAIMANT_TYPES,
        ),
        _c("claimant", "str", "The source as the text names it; empty when unspecified."),
        _c("relayed_by", "str", "Outlet that passes the figure on (e.g. AP), when one is named."),
        _c("value_low", "int", "Lowest value the wording allows; empty when unbounded below."),
        _c("value_high", "int", "Highest value the wording allows; empty when open-ended."),
        _c("qualifier", "str", "How the figure is worded.", QUALIFIERS),
        _c("number_text", "str", "The figure exactly as written (e.g. 'over 200', 'Eighteen')."),
        _c("stance", "str", "'claim' or 'denial' of the figure.", ("claim", "denial")),
        _c(
            "quote",
            "str",
            "The sentence that states the figure; equals articles.text[char_start:char_end].",
        ),
        _c(
            "char_start",
            "int",
            "Start offset of `quote` in the article's cleaned text.",
            nullable=False,
        ),
        _c(
            "char_end",
            "int",
            "End offset of `quote` in the article's cleaned text.",
            nullable=False,
        ),
        _c(
            "figure_start",
            "int",
            "Start offset of the figure itself in the cleaned text.",
            nullable=False,
        ),
        _c(
            "figure_end",
            "int",
            "End offset of the figure itself in the cleaned text.",
            nullable=False,
        ),
        _c("published", "str", "Publication date of the article (copied for filtering)."),
        _c("source", "str", "'extracted' by the rules or 'curated' by an analyst.", ROW_SOURCES),
    ],
    "targets": [
        _c("incident_id", "str", "Event that hit the target.", nullable=False),
        _c("category", "str", "Target category.", TARGET_CATEGORIES),
        _c("article_id", "str", "Article that names the target.", nullable=False),
        _c("quote", "str", "Sentence that names the target."),
        _c("char_start", "int", "Start offset of `quote`.", nullable=False),
        _c("char_end", "int", "End offset of `quote`.", nullable=False),
        _c("source", "str", "'extracted' or 'curated'.", ROW_SOURCES),
    ],
    "mentions": [
        _c("incident_id", "str", "Event mentioned.", nullable=False),
        _c("article_id", "str", "Article that mentions it.", nullable=False),
        _c(
            "role",
            "str",
            "'main' for a focus event, 'background' for one mentioned in passing.",
            ("main", "background"),
        ),
        _c("quote", "str", "Sentence that introduces or refers to the event."),
        _c("char_start", "int", "Start offset of `quote`.", nullable=False),
        _c("char_end", "int", "End offset of `quote`.", nullable=False),
        _c("date_text", "str", "Date expression in the mention, as written."),
        _c("place_text", "str", "Place names in the mention, as written, ';'-separated."),
    ],
    "estimates": [
        _c("incident_id", "str", "Event.", nullable=False),
        _c("metric", "str", "What is counted.", METRICS),
        _c("victim_group", "str", "Who is counted.", VICTIM_GROUPS),
        _c("government_low", "int", "Lowest bound among government figures."),
        _c("government_high", "int", "Highest bound among government figures."),
        _c("insurgents_low", "int", "Lowest bound among insurgent figures."),
        _c("insurgents_high", "int", "Highest bound among insurgent figures."),
        _c(
            "independent_low",
            "int",
            "Lowest bound among independent figures (media's own counts and others).",
        ),
        _c("independent_high", "int", "Highest bound among independent figures."),
        _c("unspecified_low", "int", "Lowest bound among figures with no named source."),
        _c("unspecified_high", "int", "Highest bound among figures with no named source."),
        _c("low", "int", "Lowest value any claim allows (UCDP 'low')."),
        _c("best", "int", "Best estimate; see the rule in the README and data dictionary."),
        _c("high", "int", "Highest value any claim states (UCDP 'high')."),
        _c(
            "high_open",
            "bool",
            "True when some claim is open-ended ('over 200'), so the true high may lie above `high`.",
            nullable=False,
        ),
        _c("best_basis", "str", "Which claims `best` was taken from."),
        _c("n_claims", "int", "Claims behind this row.", nullable=False),
        _c("n_articles", "int", "Articles behind this row.", nullable=False),
        _c("n_claimant_types", "int", "Distinct claimant types behind this row.", nullable=False),
        _c(
            "gap_ratio",
            "float",
            "Insurgent point figure divided by the government one, when both exist.",
        ),
        _c(
            "contested",
            "bool",
            "True when claimant types give ranges that do not overlap.",
            nullable=False,
        ),
    ],
}

KIND_DTYPES = {"str": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


def columns(table: str) -> list[str]:
    """Column names of ``table``, in their stored order."""
    return [c.name for c in TABLES[table]]


def dtypes(table: str) -> dict[str, str]:
    """pandas dtypes of ``table``'s columns, for reading its CSV back."""
    return {c.name: KIND_DTYPES[c.kind] for c in TABLES[table]}


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with ``table``'s columns and dtypes (a new frame each call)."""
    return _empty_template(table).copy()


def frame_dtypes(table: str) -> pd.Series:
    """The dtypes of ``empty_frame(table)``'s columns, indexed by column name."""
    return _empty_template(table).dtypes


@functools.cache
def _empty_template(table: str) -> pd.DataFrame:
    # Conforming builds a Series per column; the dashboard asks for these on every new
    # filter set, so make each table's once and hand out copies.
    return conform(pd.DataFrame(columns=columns(table)), table)


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Order ``df``'s columns as the schema says and give each its dtype.

    Missing text becomes ''; missing numbers stay <NA>. Extra columns are dropped
    and missing ones are added empty, so callers can build rows as plain dicts.
    """
    out = pd.DataFrame(index=range(len(df)))
    df = df.reset_index(drop=True)
    for c in TABLES[table]:
        values = df[c.name] if c.name in df.columns else pd.Series([None] * len(df))
        if c.kind == "str":
            out[c.name] = (
                values.astype("object").where(values.notna(), "").astype(str).astype("string")
            )
        elif c.kind == "int":
            out[c.name] = pd.to_numeric(values, errors="coerce").astype("Int64")
        elif c.kind == "float":
            out[c.name] = pd.to_numeric(values, errors="coerce").astype("Float64")
        else:
            out[c.name] = values.astype("boolean")
    return out


def _pandera_column(c: Col) -> pa.Column:
    checks = []
    if c.allowed is not None:
        allowed = list(c.allowed) + ([""] if c.nullable else [])
        checks.append(pa.Check.isin(allowed))
    if c.kind == "str" and not c.nullable:
        checks.append(pa.Check.str_length(min_value=1))
    return pa.Column(
        KIND_DTYPES[c.kind],
        checks=checks,
        nullable=c.nullable,
        unique=c.unique,
        description=c.description,
    )


def schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of ``table`` (strict: no extra or missing columns)."""
    return pa.DataFrameSchema(
        {c.name: _pandera_column(c) for c in TABLES[table]},
        name=table,
        strict=True,
        ordered=True,
    )


def data_dictionary() -> pd.DataFrame:
    """Every column of every table with its type, meaning and allowed values."""
    rows = [
        {
            "table": t,
            "column": c.name,
            "type": c.kind,
            "description": c.description,
            "allowed_values": ", ".join(c.allowed) if c.allowed else "",
        }
        for t, cols in TABLES.items()
        for c in cols
    ]
    return pd.DataFrame(rows)


TABLE_DESCRIPTIONS = {
    "articles": "One row per article file that could be read: metadata and the cleaned text every offset refers to.",
    "incidents": "One row per event; the same event reported by several articles is one row.",
    "claims": "One row per figure per article: who states it, the bounds its wording allows, and the sentence.",
    "targets": "What each event hit, by category, with the sentence that says so (one row per incident, category and article).",
    "mentions": "Where each article reports each event.",
    "estimates": "The reconciled view per incident, metric and victim group: each side's range, and low/best/high.",
}


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown (docs/DATA_DICTIONARY.md is this text)."""
    out = [
        "# Data dictionary",
        "",
        "Generated from `src/dashlib/schemas.py` by `dashlib dictionary`; do not edit by hand.",
        "Text columns use the empty string for 'not stated'; number columns are empty when unknown.",
        "",
    ]
    for table, cols in TABLES.items():
        out += [
            f"## {table}",
            "",
            TABLE_DESCRIPTIONS[table],
            "",
            "| column | type | meaning | allowed values |",
            "|---|---|---|---|",
        ]
        for c in cols:
            allowed = ", ".join(c.allowed) if c.allowed else ""
            desc = c.description.replace("|", "\\|")
            out.append(f"| `{c.name}` | {c.kind} | {desc} | {allowed} |")
        out.append("")
    return "\n".join(out)
