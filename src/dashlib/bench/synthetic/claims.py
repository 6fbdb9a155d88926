"""Claims of the synthetic tables: who claims which figure, and in what words.

Each claimant type gives its own figure with its own bias around the incident's
invented true value (insurgents high, the government low), with qualifiers
("at least", ranges, "dozens of") and the sentence the figure is quoted in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashlib.bench.synthetic.incidents import (
    CATEGORY_NAMES,
    TARGET_NOUN,
    ArticleSlots,
    Incidents,
    str_series,
    weighted_index,
)

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
_RELAYS = np.array(["AP", "Reuters", "AFP"])
_CLAIMANT_TYPES = list(_CLAIMANT_TYPE_WEIGHTS)


@dataclass
class Claims:
    """Every claim's incident, article, claimant, metric and figure."""

    m: int
    per_incident: np.ndarray
    inc: np.ndarray
    rank: np.ndarray  # rank of the claim inside its incident
    art: np.ndarray
    claimant_type: np.ndarray
    claimant: np.ndarray
    subject: np.ndarray  # the claimant as the subject of its sentence
    relayed: np.ndarray
    metric: np.ndarray
    victim_group: np.ndarray
    noun: np.ndarray
    verb: np.ndarray
    qualifier: np.ndarray
    value_low: pd.arrays.IntegerArray
    value_high: pd.arrays.IntegerArray
    number_text: pd.Series
    stance: np.ndarray


def draw_claims(rng: np.random.Generator, inc: Incidents, arts: ArticleSlots, k: int) -> Claims:
    """About ``k`` claims per incident (1 to 2k-1), at least one in each of its articles."""
    n = len(inc.idx)
    n_claims_per, c_inc, c_rank, c_art = _claim_slots(rng, inc.idx, arts, k)
    ct_idx, claimant_type, claimant, subject, relayed = _claimants(rng, c_rank)
    metric, victim_group, noun, verb = _metrics(rng, n, c_inc)
    qualifier, value_low, value_high, number_text = _figures(rng, n, c_inc, ct_idx)
    stance = np.where(rng.random(len(c_inc)) < 0.02, "denial", "claim")
    return Claims(
        m=len(c_inc),
        per_incident=n_claims_per,
        inc=c_inc,
        rank=c_rank,
        art=c_art,
        claimant_type=claimant_type,
        claimant=claimant,
        subject=subject,
        relayed=relayed,
        metric=metric,
        victim_group=victim_group,
        noun=noun,
        verb=verb,
        qualifier=qualifier,
        value_low=value_low,
        value_high=value_high,
        number_text=number_text,
        stance=stance,
    )


def _claim_slots(rng: np.random.Generator, inc_idx: np.ndarray, arts: ArticleSlots, k: int):
    """How many claims each incident has, and the incident, rank and article of each."""
    n = len(inc_idx)
    n_claims_per = (
        rng.integers(1, 2 * k, size=n, endpoint=False) if k > 1 else np.ones(n, dtype=int)
    )
    n_claims_per = np.maximum(n_claims_per, np.minimum(arts.per_incident, 2 * k - 1))
    m = int(n_claims_per.sum())
    c_inc = np.repeat(inc_idx, n_claims_per)
    c_rank = np.arange(m) - np.repeat(
        np.concatenate([[0], np.cumsum(n_claims_per)[:-1]]), n_claims_per
    )
    # claim rank r < n_articles goes to article r, so every article states at least one figure
    per = arts.per_incident[c_inc]
    rank_art = np.where(c_rank < per, c_rank, rng.integers(0, 1 << 30, size=m) % per)
    c_art = arts.offset[c_inc] + rank_art
    return n_claims_per, c_inc, c_rank, c_art


def _claimants(rng: np.random.Generator, c_rank: np.ndarray):
    """Who makes each claim: (type index, type, claimant, sentence subject, relayed by)."""
    m = len(c_rank)
    ct_idx = weighted_index(rng, m, list(_CLAIMANT_TYPE_WEIGHTS.values()))
    # the first claim of an incident is most often the government's, the second the insurgents'
    ct_idx = np.where(c_rank == 0, np.where(rng.random(m) < 0.7, 0, ct_idx), ct_idx)
    ct_idx = np.where(c_rank == 1, np.where(rng.random(m) < 0.6, 1, ct_idx), ct_idx)
    claimant_type = np.array(_CLAIMANT_TYPES)[ct_idx]
    claimant = np.empty(m, dtype=object)
    subject = np.empty(m, dtype=object)
    for t_i, t in enumerate(_CLAIMANT_TYPES):
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
    return ct_idx, claimant_type, claimant, subject, relayed


def _metrics(rng: np.random.Generator, n: int, c_inc: np.ndarray):
    """What each claim counts: (metric, victim group, noun, verb)."""
    m = len(c_inc)
    # most claims of an incident share its main metric, so claims compete
    mg_main = weighted_index(rng, n, [w for _, _, w, _, _ in _METRIC_GROUPS])
    mg_other = weighted_index(rng, m, [w for _, _, w, _, _ in _METRIC_GROUPS])
    mg = np.where(rng.random(m) < 0.7, mg_main[c_inc], mg_other)
    metric = np.array([x[0] for x in _METRIC_GROUPS])[mg]
    victim_group = np.array([x[1] for x in _METRIC_GROUPS])[mg]
    noun = np.array([x[3] for x in _METRIC_GROUPS], dtype=object)[mg]
    verb = np.array([x[4] for x in _METRIC_GROUPS], dtype=object)[mg]
    return metric, victim_group, noun, verb


def _figures(rng: np.random.Generator, n: int, c_inc: np.ndarray, ct_idx: np.ndarray):
    """Each claim's figure, biased by its claimant type around the incident's true value.

    Returns (qualifier, value_low, value_high, number_text).
    """
    m = len(c_inc)
    true_value = np.maximum(1, np.round(rng.lognormal(1.6, 1.0, size=n))).astype(int)
    lo_b = np.array([_BIAS[t][0] for t in _CLAIMANT_TYPES])[ct_idx]
    hi_b = np.array([_BIAS[t][1] for t in _CLAIMANT_TYPES])[ct_idx]
    bias = lo_b + rng.random(m) * (hi_b - lo_b)
    value = np.maximum(1, np.round(true_value[c_inc] * bias)).astype(int)
    q_idx = weighted_index(rng, m, _QUALIFIER_WEIGHTS)
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
    return qualifier, value_low, value_high, _number_text(value, upper, qualifier)


def _number_text(value: np.ndarray, upper: np.ndarray, qualifier: np.ndarray) -> pd.Series:
    """The figure as written: "about 12", "between 4 and 6", "dozens of"."""
    vs = str_series(value)
    number_text = vs.copy()
    number_text = number_text.where(qualifier != "about", "about " + vs)
    number_text = number_text.where(qualifier != "over", "over " + vs)
    number_text = number_text.where(qualifier != "at_least", "at least " + vs)
    number_text = number_text.where(qualifier != "up_to", "up to " + vs)
    number_text = number_text.where(
        qualifier != "range", "between " + vs + " and " + str_series(upper)
    )
    number_text = number_text.where(qualifier != "dozens", "dozens of")
    return number_text


def claim_sentences(inc: Incidents, cl: Claims) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Each claim as a sentence: (sentence, length before the figure, place named)."""
    target_noun = pd.Series(
        np.array([TARGET_NOUN[c] for c in CATEGORY_NAMES], dtype=object)[inc.cat1][cl.inc]
    )
    place_of_claim = inc.pl["place"].to_numpy()[cl.inc]
    prefix = str_series(cl.subject) + " said "
    middle = (
        " "
        + str_series(cl.noun)
        + " were "
        + str_series(cl.verb)
        + " in the attack on "
        + target_noun
        + " near "
    )
    sentence = prefix + cl.number_text + middle + str_series(place_of_claim) + "."
    sentence = sentence.where(
        cl.stance == "claim",
        str_series(cl.subject)
        + " denied that "
        + cl.number_text
        + middle
        + str_series(place_of_claim)
        + ".",
    )
    lead_len = prefix.str.len().where(
        cl.stance == "claim", (str_series(cl.subject) + " denied that ").str.len()
    )
    return sentence, lead_len, place_of_claim
