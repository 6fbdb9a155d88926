"""Neutral human labels for the tables' codes, and labels of articles.

The filters write these labels into a shared link's query string, so they are part of
reading a build, not only of drawing it.
"""

from __future__ import annotations

import pandas as pd

from dashlib.reading.frames import fast_isin, objects

CLAIMANT_LABELS = {
    "government": "Government",
    "insurgents": "Insurgents",
    "media": "Media & independent",
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


def incident_labels(incidents: pd.DataFrame, ids) -> dict[str, str]:
    """incident_id -> label for the incidents in ``ids`` only (those not in ``incidents``
    are left out).

    A page that labels a picker's few hundred options, or the incidents of one
    article, needs only those: turning every label of a large build into Python
    strings on each page view cost CPU, and the short-lived strings left the
    server's small-object heap fragmented after a crowd of visitors.
    """
    ids = [ids] if isinstance(ids, str) else list(ids)  # fast_isin drops repeats
    if not ids or incidents.empty:
        return {}
    picked = incidents.loc[fast_isin(incidents["incident_id"], ids), ["incident_id", "label"]]
    return dict(zip(objects(picked["incident_id"]), objects(picked["label"]), strict=True))


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
