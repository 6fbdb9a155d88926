"""Estimates: the vectorised rule agrees with a plain statement of it, group by group."""

import math
from statistics import median

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashlib import schemas
from dashlib.bench.synthetic import synthetic_tables
from dashlib.building.reconcile import estimates_from_claims

_TYPE_COLUMNS = {
    "government": "government",
    "insurgents": "insurgents",
    "media": "independent",
    "other": "independent",
    "unspecified": "unspecified",
}


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def claim_point(low, high) -> int | None:
    """The lowest value a claim's wording allows (its upper bound if it has no lower one)."""
    low, high = _int(low), _int(high)
    return low if low is not None else high


def _round(x: float) -> int:
    return math.floor(x + 0.5)


def _overlap(a: tuple, b: tuple) -> bool:
    alo, ahi = a[0] or 0, math.inf if a[1] is None else a[1]
    blo, bhi = b[0] or 0, math.inf if b[1] is None else b[1]
    return alo <= bhi and blo <= ahi


def oracle_row(claims: list[tuple[str, int | None, int | None, str]]) -> dict:
    """The reconciled figures of one (incident, metric, victim group).

    ``claims`` are (claimant_type, value_low, value_high, article_id) tuples.
    """
    points: dict[str, list[int]] = {t: [] for t in _TYPE_COLUMNS}
    by_col: dict[str, list[tuple[int | None, int | None]]] = {}
    for t, lo, hi, _ in claims:
        p = lo if lo is not None else hi
        if p is not None:
            points[t].append(p)
        by_col.setdefault(_TYPE_COLUMNS[t], []).append((lo, hi))
    out: dict = {}
    ranges = {}
    for col in ("government", "insurgents", "independent", "unspecified"):
        rows = by_col.get(col)
        if not rows:
            out[f"{col}_low"] = out[f"{col}_high"] = None
            continue
        lows = [lo for lo, _ in rows if lo is not None]
        lo = min(lows) if lows else None
        hi = None if any(h is None for _, h in rows) else max(h for _, h in rows)
        out[f"{col}_low"], out[f"{col}_high"] = lo, hi
        ranges[col] = (lo, hi)
    all_points = [p for ps in points.values() for p in ps]
    stated = [v for _, lo, hi, _ in claims for v in (lo, hi) if v is not None]
    out["low"] = min(all_points) if all_points else None
    out["high"] = max(stated) if stated else None
    out["high_open"] = any(hi is None for _, lo, hi, _ in claims)
    independent = points["media"] + points["other"]
    if independent:
        out["best"] = _round(median(independent))
        out["best_basis"] = "median of independent figures (media, other)"
    else:
        per_type = {t: median(ps) for t, ps in points.items() if ps}
        if per_type:
            out["best"] = _round(median(per_type.values()))
            out["best_basis"] = "median across claimant types: " + ", ".join(sorted(per_type))
        else:
            out["best"], out["best_basis"] = None, "no bounded figure"
    gov, ins = points["government"], points["insurgents"]
    out["gap_ratio"] = (
        round(median(ins) / median(gov), 3) if gov and ins and median(gov) > 0 else None
    )
    keys = sorted(ranges)
    out["contested"] = any(
        not _overlap(ranges[a], ranges[b]) for i, a in enumerate(keys) for b in keys[i + 1 :]
    )
    out["n_claims"] = len(claims)
    out["n_articles"] = len({a for *_, a in claims})
    out["n_claimant_types"] = len({t for t, *_ in claims})
    return out


def oracle(claims: pd.DataFrame) -> pd.DataFrame:
    usable = claims[claims["stance"] != "denial"]
    groups: dict = {}
    for r in usable.itertuples():
        lo, hi = _int(r.value_low), _int(r.value_high)
        groups.setdefault((r.incident_id, r.metric, r.victim_group), []).append(
            (r.claimant_type, lo, hi, r.article_id)
        )
    rows = [
        {"incident_id": k[0], "metric": k[1], "victim_group": k[2], **oracle_row(v)}
        for k, v in sorted(groups.items())
    ]
    if not rows:
        return schemas.empty_frame("estimates")
    return schemas.conform(pd.DataFrame(rows), "estimates")


def test_agrees_with_the_plain_rule_on_synthetic_tables():
    claims = synthetic_tables(300, claims_per_incident=5, seed=3).claims
    pd.testing.assert_frame_equal(estimates_from_claims(claims), oracle(claims))


value = st.one_of(st.none(), st.integers(0, 500))

# Random claims about two incidents: every claimant type, open and closed ranges,
# denials, repeated articles (shared with tests/test_queries.py's SQL twin).
claim_rows = st.lists(
    st.tuples(
        st.sampled_from(["i1", "i2"]),
        st.sampled_from(["killed", "injured"]),
        st.sampled_from(["all", "civilians"]),
        st.sampled_from(list(schemas.CLAIMANT_TYPES)),
        value,
        value,
        st.sampled_from(["claim", "claim", "denial"]),
        st.sampled_from(["a1", "a2", "a3"]),
    ),
    max_size=25,
)


def claims_frame(rows) -> pd.DataFrame:
    """A claims table from ``claim_rows`` examples (a low above its high is swapped)."""
    recs = []
    for n, (iid, metric, group, ctype, lo, hi, stance, aid) in enumerate(rows):
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        recs.append(
            {
                "claim_id": f"c{n}",
                "incident_id": iid,
                "article_id": aid,
                "metric": metric,
                "victim_group": group,
                "claimant_type": ctype,
                "value_low": lo,
                "value_high": hi,
                "stance": stance,
            }
        )
    return schemas.conform(pd.DataFrame(recs, columns=schemas.columns("claims")), "claims")


@settings(max_examples=150, deadline=None)
@given(claim_rows)
def test_agrees_with_the_plain_rule_on_any_claims(rows):
    claims = claims_frame(rows)
    pd.testing.assert_frame_equal(estimates_from_claims(claims), oracle(claims))
