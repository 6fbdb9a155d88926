"""Incidents of the synthetic tables and the articles that report them.

When (dates at mixed precision, publication a few days later), where (places
from the gazetteer), what (type, target categories) and who (perpetrator), and
how many articles report each incident. :mod:`dashlib.bench.synthetic` turns
these draws into tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PROVINCE_SHARE = 0.05  # incidents placed only in "Balochistan"


def _places(reference_dir=None) -> tuple[pd.DataFrame, np.ndarray]:
    """Balochistan's places from the gazetteer (reference data), with sampling weights.

    Districts and towns are drawn alike; the province itself, a vaguer location,
    in PROVINCE_SHARE of draws.
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
    # a fixed share for the province, however many towns the gazetteer lists
    province = (places["geo_precision"] == "province").to_numpy()
    n_prov, n_rest = int(province.sum()), int((~province).sum())
    weights = np.where(
        province,
        PROVINCE_SHARE * 100 / max(n_prov, 1),
        (1 - PROVINCE_SHARE if n_prov else 1) * 100 / max(n_rest, 1),
    )
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
TARGET_NOUN = {
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


OUTLETS = np.array(
    ["Dawn", "The Express Tribune", "AP", "Reuters", "Al Jazeera", "The Balochistan Post", ""]
)


_START = np.datetime64("2023-01-01")
_N_DAYS = int((np.datetime64("2026-03-31") - _START).astype(int))


_TYPE_NAMES = np.array(list(_INCIDENT_TYPE_WEIGHTS))
CATEGORY_NAMES = np.array(list(_TARGET_WEIGHTS))


def weighted_index(rng: np.random.Generator, n: int, weights) -> np.ndarray:
    """``n`` indices into ``weights``, drawn in proportion to them."""
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _iso(days: np.ndarray) -> pd.Series:
    """ISO day strings of day offsets from the synthetic epoch."""
    return pd.Series((_START + days.astype("timedelta64[D]")).astype("datetime64[D]").astype(str))


def str_series(values) -> pd.Series:
    """``values`` as a Series of Python strings."""
    return pd.Series(np.asarray(values, dtype=object)).astype(str)


def _dates(rng: np.random.Generator, n: int):
    """Incident dates at mixed precision: (start ISO, end ISO, precision, basis, anchor day)."""
    # later years have more incidents, as in the real conflict's escalation
    day = (np.sqrt(rng.random(n)) * _N_DAYS).astype(int)
    prec_idx = weighted_index(rng, n, [62, 8, 16, 8, 6])
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


def published_dates(
    rng: np.random.Generator, anchor_day: np.ndarray
) -> tuple[pd.Series, pd.Series]:
    """Publication dates a few days after ``anchor_day``, mostly to the day."""
    n = len(anchor_day)
    lag = rng.integers(0, 12, size=n)
    day = np.minimum(anchor_day + lag, _N_DAYS + 30)
    iso = _iso(day)
    prec_idx = weighted_index(rng, n, [86, 7, 3, 4])
    precision = pd.Series(np.array(["day", "month", "year", "unknown"])[prec_idx])
    text = iso.where(prec_idx == 0, iso.str[:7])
    text = text.where(prec_idx != 2, iso.str[:4])
    text = text.where(prec_idx != 3, "")
    return text, precision


@dataclass
class Incidents:
    """What is drawn per incident: when, where, what and who."""

    idx: np.ndarray
    incident_id: pd.Series
    date_start: pd.Series
    date_end: pd.Series
    precision: pd.Series
    date_basis: pd.Series
    anchor: np.ndarray  # day offset the articles are published after
    pl: pd.DataFrame  # place, district, province, lat, lon, geo_precision
    places_mentioned: pd.Series
    incident_type: np.ndarray
    cat1: np.ndarray  # index into CATEGORY_NAMES
    cat2: np.ndarray
    has_cat2: np.ndarray
    perpetrator: np.ndarray


def draw_incidents(rng: np.random.Generator, n: int) -> Incidents:
    """Dates, places, types, target categories and perpetrators of ``n`` incidents."""
    inc_idx = np.arange(n)
    incident_id = pd.Series(inc_idx).map("i{:07d}".format) if n < 10**7 else str_series(inc_idx)
    date_start, date_end, precision, date_basis, anchor = _dates(rng, n)
    places, weights = _places()
    place_idx = weighted_index(rng, n, weights)
    pl = places.iloc[place_idx].reset_index(drop=True)
    second_place = places["place"].to_numpy()[weighted_index(rng, n, weights)]
    with_second = rng.random(n) < 0.25
    places_mentioned = pl["place"].where(~with_second, pl["place"] + ";" + second_place)
    incident_type = _TYPE_NAMES[weighted_index(rng, n, list(_INCIDENT_TYPE_WEIGHTS.values()))]
    cat1 = weighted_index(rng, n, list(_TARGET_WEIGHTS.values()))
    cat2 = weighted_index(rng, n, list(_TARGET_WEIGHTS.values()))
    has_cat2 = (rng.random(n) < 0.3) & (cat2 != cat1)
    perpetrator = _PERPETRATORS[weighted_index(rng, n, _PERPETRATOR_WEIGHTS)]
    return Incidents(
        idx=inc_idx,
        incident_id=incident_id,
        date_start=date_start,
        date_end=date_end,
        precision=precision,
        date_basis=date_basis,
        anchor=anchor,
        pl=pl,
        places_mentioned=places_mentioned,
        incident_type=incident_type,
        cat1=cat1,
        cat2=cat2,
        has_cat2=has_cat2,
        perpetrator=perpetrator,
    )


@dataclass
class ArticleSlots:
    """How many articles report each incident, and which incident each article reports."""

    per_incident: np.ndarray
    offset: np.ndarray  # index of each incident's first (primary) article
    n: int
    incident: np.ndarray
    rank: np.ndarray  # 0 for the primary article of its incident
    article_id: pd.Series


def draw_article_slots(rng: np.random.Generator, n: int) -> ArticleSlots:
    """Every incident has a primary article; some have a second and third."""
    n_art_per = 1 + (rng.random(n) < 0.45).astype(int) + (rng.random(n) < 0.12).astype(int)
    art_offset = np.concatenate([[0], np.cumsum(n_art_per)[:-1]])
    n_articles = int(n_art_per.sum())
    art_incident = np.repeat(np.arange(n), n_art_per)
    art_rank = np.arange(n_articles) - np.repeat(art_offset, n_art_per)
    article_id = pd.Series(np.arange(n_articles)).map("a{:016x}".format)
    return ArticleSlots(n_art_per, art_offset, n_articles, art_incident, art_rank, article_id)
