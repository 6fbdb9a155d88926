"""Claims shaped for the reported-versus-claimed page: values as text, points, choices."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashlib.reading.frames import objects
from dashlib.views.formatting import fmt_range


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


SIDES = ("government", "insurgents")


def both_sides_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """The counts (incident, metric, victim group) for which the government and the
    insurgents both state a figure, the most quoted first.

    Only claims count, not denials; the table has the columns incident_id, metric,
    victim_group and n_claims.
    """
    cols = ["incident_id", "metric", "victim_group", "n_claims"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    c = claims[claims["claimant_type"].isin(SIDES) & (claims["stance"] != "denial")]
    if c.empty:
        return pd.DataFrame(columns=cols)
    keys = ["incident_id", "metric", "victim_group"]
    g = c.groupby(keys, observed=True).agg(
        sides=("claimant_type", "nunique"), n_claims=("claim_id", "size")
    )
    g = g[g["sides"] == len(SIDES)].reset_index()
    g = g.sort_values(
        ["n_claims", "incident_id", "metric"], ascending=[False, True, True], kind="stable"
    )
    return g[cols].reset_index(drop=True)


def _side_text(values: list[str], claimants: list[str], quotes: list[str]) -> tuple[str, str]:
    """One side's figures ('5 (police) · 7 (ISPR)') and their quotes, one per line."""
    figures = " · ".join(
        f"{v} ({who})" if who else v for v, who in zip(values, claimants, strict=True)
    )
    return figures, "\n".join(dict.fromkeys(quotes))


def both_sides_table(
    claims: pd.DataFrame, incidents: pd.DataFrame, counts: pd.DataFrame
) -> pd.DataFrame:
    """One row per count both sides give a figure for (see :func:`both_sides_counts`):
    the incident, what is counted, each side's figures with who states them, and each
    side's quotes. ``claims`` must hold the quotes of those incidents' claims.

    Nothing is merged into one number: every figure stays, with its source.
    """
    cols = [
        "incident_id",
        "incident",
        "metric",
        "victim_group",
        "government",
        "government_quote",
        "insurgents",
        "insurgents_quote",
        "others",
    ]
    if counts.empty or claims.empty:
        return pd.DataFrame(columns=cols)
    labels = dict(zip(objects(incidents["incident_id"]), objects(incidents["label"]), strict=True))
    kept = claims[claims["stance"] != "denial"].sort_values(
        ["published", "figure_start"], kind="stable"
    )
    # plain lists, grouped once: per-count DataFrame slicing cost ~5 ms a count
    sides: dict[tuple, dict[str, list[list[str]]]] = {}
    for iid, metric, group, ctype, value, claimant, quote in zip(
        objects(kept["incident_id"]),
        objects(kept["metric"]),
        objects(kept["victim_group"]),
        objects(kept["claimant_type"]),
        objects(claim_value_text(kept)),
        objects(kept["claimant"].fillna("")),
        objects(kept["quote"].fillna("")),
        strict=True,
    ):
        side = ctype if ctype in SIDES else "others"
        lists = sides.setdefault((iid, metric, group), {}).setdefault(side, [[], [], []])
        lists[0].append(value)
        lists[1].append(claimant if side != "others" else ctype)
        lists[2].append(quote)
    rows = []
    for key in zip(
        objects(counts["incident_id"]),
        objects(counts["metric"]),
        objects(counts["victim_group"]),
        strict=True,
    ):
        by_side = sides.get(key)
        if by_side is None:
            continue
        gov, gov_q = _side_text(*by_side.get("government", ([], [], [])))
        ins, ins_q = _side_text(*by_side.get("insurgents", ([], [], [])))
        vals, types, _ = by_side.get("others", ([], [], []))
        others = " · ".join(f"{v} ({t})" for v, t in zip(vals, types, strict=True))
        rows.append(
            (key[0], labels.get(key[0], key[0]), key[1], key[2], gov, gov_q, ins, ins_q, others)
        )
    return pd.DataFrame(rows, columns=cols)
