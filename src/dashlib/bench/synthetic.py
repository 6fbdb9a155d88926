"""Synthetic tables for tests and benchmarks: schema-valid, realistic-looking, fast.

:func:`synthetic_tables` builds every table from random numbers with numpy and
vectorised pandas string operations, so 100,000 incidents and 500,000 claims
take seconds. The rows look like the real build: claims are sentences inside
their article's text (``quote == text[char_start:char_end]``), each claimant
type gives its own figure with its own bias, dates come at mixed precision
(day, week, month, year, unknown), and places span several districts at town,
district and province precision.

Nothing here is real: the figures, quotes and articles are invented and every
article title starts with "Synthetic report".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashlib import schemas
from dashlib.building import reconcile
from dashlib.tables import Tables


def _places(reference_dir=None) -> tuple[pd.DataFrame, np.ndarray]:
    """Balochistan's places from the gazetteer (reference data), with sampling weights.

    Districts and towns are drawn alike; the province itself, a vaguer location,
    less often.
    """
    from dashlib import paths
    from dashlib.extraction.reference import load_reference

    ref = load_reference(str(reference_dir or paths.REFERENCE_DIR))
    rows = [
        (p.name, p.district, p.province, p.lat, p.lon, p.level)
        for p in sorted(ref.places.values(), key=lambda p: p.name)
        if p.province == "Balochistan"
        and p.lat is not None
        and p.level in ("town", "district", "province")
    ]
    places = pd.DataFrame(
        rows, columns=["place", "district", "province", "lat", "lon", "geo_precision"]
    )
    weights = np.where(places["geo_precision"] == "province", 0.5, 1.0) * 100 / len(places)
    return places, weights


_INCIDENT_TYPE_WEIGHTS = {
    "hijacking": 1,
    "bombing": 8,
    "suicide_bombing": 4,
    "ied": 12,
    "ambush": 10,
    "armed_assault": 14,
    "coordinated_attacks": 3,
    "takeover": 2,
    "abduction": 5,
    "sabotage": 4,
    "other": 2,
}
_TARGET_WEIGHTS = {
    "rail": 3,
    "cpec_chinese": 3,
    "security_forces": 30,
    "police": 12,
    "civilians": 14,
    "infrastructure": 8,
    "prison": 1,
    "mineral_transport": 4,
    "government": 4,
    "education": 2,
    "other": 3,
}
_TARGET_NOUN = {
    "rail": "the passenger train",
    "cpec_chinese": "a convoy of Chinese engineers",
    "security_forces": "a Frontier Corps post",
    "police": "a police station",
    "civilians": "a market",
    "infrastructure": "a gas pipeline",
    "prison": "the district jail",
    "mineral_transport": "trucks carrying minerals",
    "government": "a government office",
    "education": "a school",
    "other": "a checkpoint",
}
_PERPETRATORS = np.array(
    [
        "Baloch Liberation Army",
        "Balochistan Liberation Front",
        "Baloch Republican Army",
        "Tehreek-e-Taliban Pakistan",
        "",
    ]
)
_PERPETRATOR_WEIGHTS = np.array([45, 15, 6, 6, 28], dtype=float)

# claimant_type, claimant, sentence subject
_CLAIMANTS = {
    "government": [
        ("the military", "The military"),
        ("ISPR", "The ISPR"),
        ("police officials", "Police officials"),
        ("the provincial government", "The provincial government"),
    ],
    "insurgents": [
        ("BLA spokesman", "A BLA spokesman"),
        ("the BLF", "The BLF"),
        ("the insurgents", "The insurgents"),
    ],
    "media": [("Reuters", "Reuters"), ("Dawn", "Dawn"), ("local journalists", "Local journalists")],
    "other": [("hospital officials", "Hospital officials"), ("HRCP", "The HRCP")],
    "unspecified": [("", "Reports")],
}
_CLAIMANT_TYPE_WEIGHTS = {
    "government": 38,
    "insurgents": 24,
    "media": 18,
    "other": 8,
    "unspecified": 12,
}
# multiplicative bias of each claimant type's figure against the invented "true" value
_BIAS = {
    "government": (0.5, 1.1),
    "insurgents": (1.2, 6.0),
    "media": (0.8, 1.3),
    "other": (0.7, 1.4),
    "unspecified": (0.6, 1.5),
}
# metric, victim_group, weight, noun, verb
_METRIC_GROUPS = [
    ("killed", "all", 14, "people", "killed"),
    ("killed", "security_forces", 16, "soldiers", "killed"),
    ("killed", "civilians", 10, "civilians", "killed"),
    ("killed", "insurgents", 10, "militants", "killed"),
    ("killed", "foreign_nationals", 1, "foreign nationals", "killed"),
    ("injured", "all", 10, "people", "injured"),
    ("injured", "civilians", 4, "civilians", "wounded"),
    ("hostages", "passengers", 2, "passengers", "taken hostage"),
    ("abducted", "civilians", 2, "people", "abducted"),
    ("rescued", "hostages", 1, "hostages", "rescued"),
]
_QUALIFIERS = np.array(["exact", "about", "over", "at_least", "up_to", "range", "dozens"])
_QUALIFIER_WEIGHTS = np.array([58, 9, 12, 6, 4, 7, 4], dtype=float)
_OUTLETS = np.array(
    ["Dawn", "The Express Tribune", "AP", "Reuters", "Al Jazeera", "The Balochistan Post", ""]
)
_RELAYS = np.array(["AP", "Reuters", "AFP"])

_START = np.datetime64("2023-01-01")
_N_DAYS = int((np.datetime64("2026-03-31") - _START).astype(int))


def _choice(rng: np.random.Generator, n: int, weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _iso(days: np.ndarray) -> pd.Series:
    """ISO day strings of day offsets from the synthetic epoch."""
    return pd.Series((_START + days.astype("timedelta64[D]")).astype("datetime64[D]").astype(str))


def _s(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object)).astype(str)


def _dates(rng: np.random.Generator, n: int):
    """Incident dates at mixed precision: (start ISO, end ISO, precision, basis, anchor day)."""
    # later years have more incidents, as in the real conflict's escalation
    day = (np.sqrt(rng.random(n)) * _N_DAYS).astype(int)
    prec_idx = _choice(rng, n, [62, 8, 16, 8, 6])
    precision = np.array(["day", "week", "month", "year", "unknown"])[prec_idx]
    dt = (_START + day.astype("timedelta64[D]")).astype("datetime64[D]")
    month_start = dt.astype("datetime64[M]").astype("datetime64[D]")
    month_end = (dt.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    year_start = dt.astype("datetime64[Y]").astype("datetime64[D]")
    year_end = (dt.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    start = np.where(
        prec_idx == 0,
        dt,
        np.where(prec_idx == 1, dt - 6, np.where(prec_idx == 2, month_start, year_start)),
    )
    end = np.where(prec_idx <= 1, dt, np.where(prec_idx == 2, month_end, year_end))
    start_s = pd.Series(start.astype(str)).where(prec_idx != 4, "")
    end_s = pd.Series(end.astype(str)).where(prec_idx != 4, "")
    basis = pd.Series(np.where(prec_idx == 0, "stated", "inferred: from the reporting date")).where(
        prec_idx != 4, "unknown"
    )
    return start_s, end_s, pd.Series(precision), basis, day


def _published(rng: np.random.Generator, anchor_day: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Publication dates a few days after ``anchor_day``, mostly to the day."""
    n = len(anchor_day)
    lag = rng.integers(0, 12, size=n)
    day = np.minimum(anchor_day + lag, _N_DAYS + 30)
    iso = _iso(day)
    prec_idx = _choice(rng, n, [86, 7, 3, 4])
    precision = pd.Series(np.array(["day", "month", "year", "unknown"])[prec_idx])
    text = iso.where(prec_idx == 0, iso.str[:7])
    text = text.where(prec_idx != 2, iso.str[:4])
    text = text.where(prec_idx != 3, "")
    return text, precision


def _join_runs(values: pd.Series, run_lengths: np.ndarray, sep: str) -> list[str]:
    """Join consecutive runs of ``values`` (lengths ``run_lengths``) with ``sep``, fast.

    One big ``str.join`` and one slice per run instead of a groupby with a Python
    join per group (which is 20x slower at 100,000 groups).
    """
    if len(values) == 0:
        return [""] * len(run_lengths)
    full = sep.join(values.tolist())
    lens = values.str.len().to_numpy() + len(sep)
    ends_item = np.cumsum(run_lengths)
    cum = np.r_[0, np.cumsum(lens)]
    starts = cum[ends_item - run_lengths]
    stops = cum[ends_item] - len(sep)
    return [
        full[a:b] if r else ""
        for a, b, r in zip(starts.tolist(), stops.tolist(), run_lengths.tolist(), strict=True)
    ]


def synthetic_tables(n_incidents: int, claims_per_incident: int = 5, seed: int = 0) -> Tables:
    """Invented but schema-valid tables with ``n_incidents`` incidents.

    Each incident gets ``claims_per_incident`` claims on average (between 1 and
    twice that), reported by one to three articles. The result passes
    :func:`dashlib.building.validate.validate_tables`. Same arguments, same tables.
    """
    rng = np.random.default_rng(seed)
    n = int(n_incidents)
    if n <= 0:
        return Tables(report={"synthetic": True, "n_incidents": 0})

    # --- incidents -------------------------------------------------------------
    inc_idx = np.arange(n)
    incident_id = pd.Series(inc_idx).map("i{:07d}".format) if n < 10**7 else _s(inc_idx)
    date_start, date_end, precision, date_basis, anchor = _dates(rng, n)
    places, weights = _places()
    place_idx = _choice(rng, n, weights)
    pl = places.iloc[place_idx].reset_index(drop=True)
    second_place = places["place"].to_numpy()[_choice(rng, n, weights)]
    with_second = rng.random(n) < 0.25
    places_mentioned = pl["place"].where(~with_second, pl["place"] + ";" + second_place)
    type_names = np.array(list(_INCIDENT_TYPE_WEIGHTS))
    incident_type = type_names[_choice(rng, n, list(_INCIDENT_TYPE_WEIGHTS.values()))]
    cat_names = np.array(list(_TARGET_WEIGHTS))
    cat1 = _choice(rng, n, list(_TARGET_WEIGHTS.values()))
    cat2 = _choice(rng, n, list(_TARGET_WEIGHTS.values()))
    has_cat2 = (rng.random(n) < 0.3) & (cat2 != cat1)
    perpetrator = _PERPETRATORS[_choice(rng, n, _PERPETRATOR_WEIGHTS)]

    # articles: every incident has a primary article; some have a second and third
    n_art_per = 1 + (rng.random(n) < 0.45).astype(int) + (rng.random(n) < 0.12).astype(int)
    art_offset = np.concatenate([[0], np.cumsum(n_art_per)[:-1]])
    n_articles = int(n_art_per.sum())
    art_incident = np.repeat(inc_idx, n_art_per)
    art_rank = np.arange(n_articles) - np.repeat(art_offset, n_art_per)
    article_id = pd.Series(np.arange(n_articles)).map("a{:016x}".format)

    # --- claims ------------------------------------------------------------------
    k = max(1, int(claims_per_incident))
    n_claims_per = (
        rng.integers(1, 2 * k, size=n, endpoint=False) if k > 1 else np.ones(n, dtype=int)
    )
    n_claims_per = np.maximum(n_claims_per, np.minimum(n_art_per, 2 * k - 1))
    m = int(n_claims_per.sum())
    c_inc = np.repeat(inc_idx, n_claims_per)
    c_rank = np.arange(m) - np.repeat(
        np.concatenate([[0], np.cumsum(n_claims_per)[:-1]]), n_claims_per
    )
    # claim rank r < n_articles goes to article r, so every article states at least one figure
    per = n_art_per[c_inc]
    rank_art = np.where(c_rank < per, c_rank, rng.integers(0, 1 << 30, size=m) % per)
    c_art = art_offset[c_inc] + rank_art

    ct_names = list(_CLAIMANT_TYPE_WEIGHTS)
    ct_idx = _choice(rng, m, list(_CLAIMANT_TYPE_WEIGHTS.values()))
    # the first claim of an incident is most often the government's, the second the insurgents'
    ct_idx = np.where(c_rank == 0, np.where(rng.random(m) < 0.7, 0, ct_idx), ct_idx)
    ct_idx = np.where(c_rank == 1, np.where(rng.random(m) < 0.6, 1, ct_idx), ct_idx)
    claimant_type = np.array(ct_names)[ct_idx]
    claimant = np.empty(m, dtype=object)
    subject = np.empty(m, dtype=object)
    for t_i, t in enumerate(ct_names):
        sel = np.flatnonzero(ct_idx == t_i)
        opts = _CLAIMANTS[t]
        pick = rng.integers(0, len(opts), size=len(sel))
        claimant[sel] = np.array([o[0] for o in opts], dtype=object)[pick]
        subject[sel] = np.array([o[1] for o in opts], dtype=object)[pick]
    relayed = np.where(
        (claimant_type == "government") & (rng.random(m) < 0.2),
        _RELAYS[rng.integers(0, 3, size=m)],
        "",
    )

    # metric and victim group: most claims of an incident share its main metric, so claims compete
    mg_main = _choice(rng, n, [w for _, _, w, _, _ in _METRIC_GROUPS])
    mg_other = _choice(rng, m, [w for _, _, w, _, _ in _METRIC_GROUPS])
    mg = np.where(rng.random(m) < 0.7, mg_main[c_inc], mg_other)
    metric = np.array([x[0] for x in _METRIC_GROUPS])[mg]
    victim_group = np.array([x[1] for x in _METRIC_GROUPS])[mg]
    noun = np.array([x[3] for x in _METRIC_GROUPS], dtype=object)[mg]
    verb = np.array([x[4] for x in _METRIC_GROUPS], dtype=object)[mg]

    true_value = np.maximum(1, np.round(rng.lognormal(1.6, 1.0, size=n))).astype(int)
    lo_b = np.array([_BIAS[t][0] for t in ct_names])[ct_idx]
    hi_b = np.array([_BIAS[t][1] for t in ct_names])[ct_idx]
    bias = lo_b + rng.random(m) * (hi_b - lo_b)
    value = np.maximum(1, np.round(true_value[c_inc] * bias)).astype(int)
    q_idx = _choice(rng, m, _QUALIFIER_WEIGHTS)
    qualifier = _QUALIFIERS[q_idx]
    v = value.astype(object)
    upper = np.maximum(value + 2, np.round(value * 1.5)).astype(int)
    value_low = pd.array(
        np.where(qualifier == "up_to", None, np.where(qualifier == "dozens", 24, v)), dtype="Int64"
    )
    high_open = np.isin(qualifier, ["over", "at_least", "dozens"])
    value_high = pd.array(
        np.where(high_open, None, np.where(qualifier == "range", upper.astype(object), v)),
        dtype="Int64",
    )
    vs = _s(value)
    number_text = vs.copy()
    number_text = number_text.where(qualifier != "about", "about " + vs)
    number_text = number_text.where(qualifier != "over", "over " + vs)
    number_text = number_text.where(qualifier != "at_least", "at least " + vs)
    number_text = number_text.where(qualifier != "up_to", "up to " + vs)
    number_text = number_text.where(qualifier != "range", "between " + vs + " and " + _s(upper))
    number_text = number_text.where(qualifier != "dozens", "dozens of")
    stance = np.where(rng.random(m) < 0.02, "denial", "claim")

    target_noun = pd.Series(
        np.array([_TARGET_NOUN[c] for c in cat_names], dtype=object)[cat1][c_inc]
    )
    place_of_claim = pl["place"].to_numpy()[c_inc]
    prefix = _s(subject) + " said "
    middle = " " + _s(noun) + " were " + _s(verb) + " in the attack on " + target_noun + " near "
    sentence = prefix + number_text + middle + _s(place_of_claim) + "."
    sentence = sentence.where(
        stance == "claim",
        _s(subject) + " denied that " + number_text + middle + _s(place_of_claim) + ".",
    )
    lead_len = prefix.str.len().where(stance == "claim", (_s(subject) + " denied that ").str.len())

    # order claims inside each article and compute offsets; articles open with a title line
    order = np.lexsort((c_rank, c_inc, c_art))
    c_art_o = c_art[order]
    sent_o = sentence.iloc[order].reset_index(drop=True)
    art_title = (
        "Synthetic report "
        + _s(np.arange(n_articles) + 1)
        + ": attack near "
        + pl["place"].to_numpy()[art_incident]
    )
    head = art_title + "\n\n"
    sent_len = sent_o.str.len().to_numpy() + 1  # joined with one space
    grp_start = np.r_[0, np.flatnonzero(np.diff(c_art_o)) + 1]
    cum = np.cumsum(sent_len)
    before = cum - sent_len
    base = np.repeat(before[grp_start], np.diff(np.r_[grp_start, len(c_art_o)]))
    char_start_o = head.str.len().to_numpy()[c_art_o] + (before - base)
    char_start = np.empty(m, dtype=np.int64)
    char_start[order] = char_start_o
    char_end = char_start + sentence.str.len().to_numpy()
    figure_start = char_start + lead_len.to_numpy()
    figure_end = figure_start + number_text.str.len().to_numpy()
    body = _join_runs(sent_o, np.bincount(c_art_o, minlength=n_articles), " ")
    text = head + pd.Series(body, dtype=object)

    # --- articles --------------------------------------------------------------
    art_anchor = anchor[art_incident] + art_rank * rng.integers(0, 40, size=n_articles)
    published, published_precision = _published(rng, art_anchor)
    n_claims_art = np.bincount(c_art, minlength=n_articles)
    articles = pd.DataFrame(
        {
            "article_id": article_id,
            "file": _s(np.arange(n_articles)).str.zfill(6) + "_synthetic.txt",
            "title": art_title,
            "published": published,
            "published_precision": published_precision,
            "outlet": _OUTLETS[rng.integers(0, len(_OUTLETS), size=n_articles)],
            "byline": "",
            "url": "",
            "n_chars": text.str.len(),
            "n_claims": n_claims_art,
            "warnings": np.where(
                rng.random(n_articles) < 0.03, "not UTF-8: decoded as Windows-1252", ""
            ),
            "text": text,
        }
    )

    claims = pd.DataFrame(
        {
            "claim_id": pd.Series(np.arange(m)).map("c{:08d}".format),
            "incident_id": incident_id.to_numpy()[c_inc],
            "article_id": article_id.to_numpy()[c_art],
            "metric": metric,
            "victim_group": victim_group,
            "claimant_type": claimant_type,
            "claimant": claimant,
            "relayed_by": relayed,
            "value_low": value_low,
            "value_high": value_high,
            "qualifier": qualifier,
            "number_text": number_text,
            "stance": stance,
            "quote": sentence,
            "char_start": char_start,
            "char_end": char_end,
            "figure_start": figure_start,
            "figure_end": figure_end,
            "published": published.to_numpy()[c_art],
            "source": "extracted",
        }
    )

    # --- incidents (needs articles for first_reported) -------------------------------
    pub_sort = published.where(published != "", "~")  # '~' sorts after digits
    first_rep = pd.Series(pub_sort.to_numpy()).groupby(art_incident).min().replace("~", "")
    art_ids_joined = pd.Series(_join_runs(article_id, n_art_per, ";"))
    categories = pd.Series(cat_names[cat1]).where(
        ~has_cat2, pd.Series(cat_names[cat1]) + ";" + cat_names[cat2]
    )
    date_label = date_start.where(precision.isin(["day", "week"]), date_start.str[:7])
    date_label = date_label.where(precision != "year", date_start.str[:4])
    date_label = date_label.where(precision != "unknown", "date unknown")
    label = (
        pd.Series(incident_type).str.replace("_", " ").str.capitalize()
        + " on "
        + pd.Series(cat_names[cat1]).str.replace("_", " ")
        + ", "
        + pl["place"]
        + " ("
        + date_label
        + ")"
    )
    incidents = pd.DataFrame(
        {
            "incident_id": incident_id,
            "label": label,
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": precision,
            "date_basis": date_basis,
            "place": pl["place"],
            "district": pl["district"],
            "province": pl["province"],
            "lat": pl["lat"],
            "lon": pl["lon"],
            "geo_precision": pl["geo_precision"],
            "places_mentioned": places_mentioned,
            "incident_type": incident_type,
            "perpetrator": perpetrator,
            "target_categories": categories,
            "n_articles": n_art_per,
            "n_claims": n_claims_per,
            "first_reported": first_rep.reindex(inc_idx).to_numpy(),
            "article_ids": art_ids_joined.reindex(inc_idx).to_numpy(),
            "source": np.where(rng.random(n) < 0.02, "curated", "extracted"),
        }
    )

    # --- targets and mentions: the sentence of the incident's first claim in each article
    first_in_art = pd.DataFrame({"inc": c_inc, "art": c_art, "rank": c_rank, "row": np.arange(m)})
    first_in_art = first_in_art.sort_values(["inc", "art", "rank"]).drop_duplicates(["inc", "art"])
    rows = first_in_art["row"].to_numpy()
    mentions = pd.DataFrame(
        {
            "incident_id": claims["incident_id"].to_numpy()[rows],
            "article_id": claims["article_id"].to_numpy()[rows],
            "role": "main",
            "quote": claims["quote"].to_numpy()[rows],
            "char_start": char_start[rows],
            "char_end": char_end[rows],
            "date_text": "",
            "place_text": place_of_claim[rows],
        }
    )
    primary = first_in_art[
        first_in_art["art"].to_numpy() == art_offset[first_in_art["inc"].to_numpy()]
    ]
    prow = primary["row"].to_numpy()
    pinc = primary["inc"].to_numpy()
    t1 = pd.DataFrame({"row": prow, "category": cat_names[cat1[pinc]]})
    t2 = pd.DataFrame(
        {"row": prow[has_cat2[pinc]], "category": cat_names[cat2[pinc[has_cat2[pinc]]]]}
    )
    trows = pd.concat([t1, t2], ignore_index=True).sort_values("row", kind="stable")
    tr = trows["row"].to_numpy()
    targets = pd.DataFrame(
        {
            "incident_id": claims["incident_id"].to_numpy()[tr],
            "category": trows["category"].to_numpy(),
            "article_id": claims["article_id"].to_numpy()[tr],
            "quote": claims["quote"].to_numpy()[tr],
            "char_start": char_start[tr],
            "char_end": char_end[tr],
            "source": "extracted",
        }
    )

    claims_c = schemas.conform(claims, "claims")
    return Tables(
        articles=schemas.conform(articles, "articles"),
        incidents=schemas.conform(incidents, "incidents"),
        claims=claims_c,
        targets=schemas.conform(targets, "targets"),
        mentions=schemas.conform(mentions, "mentions"),
        estimates=reconcile.estimates_from_claims(claims_c),
        report={
            "synthetic": True,
            "seed": seed,
            "n_incidents": n,
            "n_claims": m,
            "n_articles": n_articles,
            "note": "Invented data for tests and benchmarks; no figure is real.",
        },
    )
