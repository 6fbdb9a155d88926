"""The resolved tables as curation entries change them, and what each entry did.

:class:`_CuratedTables` holds working copies of the incidents, claims, targets
and mentions tables while :func:`dashlib.building.curation_apply.apply_curation`
applies the entries in file order. It remembers what earlier entries did
(incidents merged away, claims and incidents removed) so that a later entry
about the same fact says why it no longer matches, and it keeps the report.
The entries themselves are applied by
:class:`dashlib.building.curation_claims._ClaimEntries` and
:class:`dashlib.building.curation_incidents._IncidentEntries`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashlib.building.curation import entry_key


def _split(value: str) -> list[str]:
    return [v for v in (str(value or "").split(";")) if v.strip()]


def _union(*values: str) -> str:
    seen: list[str] = []
    for v in values:
        for part in _split(v):
            if part not in seen:
                seen.append(part)
    return ";".join(seen)


def _plain(value: Any) -> Any:
    """A cell as a plain Python value (None for missing, int not numpy int)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _jsonable(value: Any) -> Any:
    """``value`` with dates as ISO text and other odd types as text, for the JSON build report."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _CuratedTables:
    """Working copies of the resolved tables, the curation's bookkeeping and its report."""

    def __init__(self, resolved, texts, published, reference):
        self.inc = resolved.incidents.copy().reset_index(drop=True)
        self.claims = resolved.claims.copy().reset_index(drop=True)
        self.targets = resolved.targets.copy().reset_index(drop=True)
        self.mentions = resolved.mentions.copy().reset_index(drop=True)
        self.texts = texts or {}
        self.published = published or {}
        self.reference = reference
        self.alias: dict[str, str] = {}  # merged-away incident -> survivor
        self.gone_claims: dict[str, str] = {}  # claim_id -> which entry removed it
        self.gone_incidents: dict[str, str] = {}
        self.touched: set[str] = set()
        self.report: dict[str, Any] = {
            "entries": 0,
            "applied": [],
            "unmatched": [],
            "suppressed": {"claims": [], "incidents": [], "targets": 0, "mentions": 0},
        }

    # -- helpers
    def _incident(self, iid: str, index: int) -> tuple[str | None, str]:
        """(current ID of incident ``iid`` or None, note); follows merges."""
        note = ""
        seen = set()
        while iid in self.alias and iid not in seen:
            seen.add(iid)
            note = f" (merged into {self.alias[iid]})"
            iid = self.alias[iid]
        if iid in self.gone_incidents:
            return None, f"incident {iid} was suppressed by {self.gone_incidents[iid]}"
        if not (self.inc["incident_id"] == iid).any():
            return None, f"incident {iid} not found"
        return iid, note

    def _claim_row(self, cid: str) -> tuple[int | None, str]:
        if cid in self.gone_claims:
            return None, f"claim {cid} was removed by {self.gone_claims[cid]}"
        hits = self.claims.index[self.claims["claim_id"] == cid]
        if len(hits) == 0:
            return None, f"claim {cid} not found"
        return int(hits[0]), ""

    def applied(self, index, entry, effect):
        self.report["applied"].append(
            {"index": index, "action": entry["action"], "key": entry_key(entry), "effect": effect}
        )

    def unmatched(self, index, entry, why):
        self.report["unmatched"].append({"index": index, "entry": _jsonable(entry), "why": why})

    def recount(self):
        """Keep n_claims/n_articles/article_ids of changed incidents consistent."""
        for iid in self.touched:
            hits = self.inc.index[self.inc["incident_id"] == iid]
            if not len(hits):
                continue
            row = hits[0]
            ids = set(_split(str(self.inc.loc[row, "article_ids"])))
            for df in (self.claims, self.targets, self.mentions):
                ids |= set(df.loc[df["incident_id"] == iid, "article_id"].astype(str))
            self.inc.loc[row, "article_ids"] = ";".join(sorted(ids))
            self.inc.loc[row, "n_articles"] = len(ids)
            self.inc.loc[row, "n_claims"] = int((self.claims["incident_id"] == iid).sum())
