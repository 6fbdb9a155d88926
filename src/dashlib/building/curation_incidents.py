"""Curation entries about incidents: confirm, suppress, set the date or place, merge.

An incident is found by its ``incident_id``, following earlier merges to the
incident that was kept; one that an earlier entry suppressed is reported as
such. A merge keeps the first listed incident and gives it the most precise
date and place among those merged, so the order of the IDs only decides
which ID survives and breaks ties.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashlib import schemas
from dashlib.building.curated_tables import _CuratedTables, _union
from dashlib.building.curation import PLACE_FIELDS, describe

# Lower is more precise (the order of the schema's precisions).
_DATE_RANK = {p: i for i, p in enumerate(schemas.DATE_PRECISIONS)}
_GEO_RANK = {p: i for i, p in enumerate(schemas.GEO_PRECISIONS)}


def _day_span(start: str, end: str) -> int:
    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except ValueError:
        return 10**6


def _date_key(pos_row):
    """Most precise date first, then the shortest span, then the order listed."""
    pos, r = pos_row
    span = (
        _day_span(str(r["date_start"]), str(r["date_end"]))
        if r["date_start"] and r["date_end"]
        else 10**6
    )
    return (_DATE_RANK.get(str(r["date_precision"]), 99), span, pos)


def _geo_key(pos_row):
    """Most precise place first, then one with a name, then the order listed."""
    pos, r = pos_row
    return (_GEO_RANK.get(str(r["geo_precision"]), 99), 0 if str(r["place"]) else 1, pos)


class _IncidentEntries(_CuratedTables):
    """The incident actions.

    ``confirm_incident``, ``suppress_incident``, ``set_date``, ``set_place``
    and ``merge_incidents``.
    """

    def _inc_row(self, iid: str) -> int:
        return int(self.inc.index[self.inc["incident_id"] == iid][0])

    def confirm_incident(self, i, e):
        iid, note = self._incident(e["incident_id"], i)
        if iid is None:
            return self.unmatched(i, e, note)
        self.inc.loc[self._inc_row(iid), "source"] = "curated"
        self.applied(i, e, "confirmed" + note)

    def suppress_incident(self, i, e):
        iid, note = self._incident(e["incident_id"], i)
        if iid is None:
            return self.unmatched(i, e, note)
        who = describe(e, i)
        gone = self.claims.loc[self.claims["incident_id"] == iid, "claim_id"].tolist()
        for cid in gone:
            self.gone_claims[cid] = who
        n_t = int((self.targets["incident_id"] == iid).sum())
        n_m = int((self.mentions["incident_id"] == iid).sum())
        self.inc = self.inc[self.inc["incident_id"] != iid].reset_index(drop=True)
        self.claims = self.claims[self.claims["incident_id"] != iid].reset_index(drop=True)
        self.targets = self.targets[self.targets["incident_id"] != iid].reset_index(drop=True)
        self.mentions = self.mentions[self.mentions["incident_id"] != iid].reset_index(drop=True)
        self.gone_incidents[iid] = who
        sup = self.report["suppressed"]
        sup["incidents"].append(iid)
        sup["claims"].extend(gone)
        sup["targets"] += n_t
        sup["mentions"] += n_m
        self.applied(
            i,
            e,
            f"incident removed with {len(gone)} claim(s), {n_t} target(s), {n_m} mention(s){note}",
        )

    def set_date(self, i, e):
        iid, note = self._incident(e["incident_id"], i)
        if iid is None:
            return self.unmatched(i, e, note)
        row = self._inc_row(iid)
        start = e["date_start"]
        end = e.get("date_end") or start
        precision = e.get("date_precision") or "day"
        old = f"{self.inc.loc[row, 'date_start']}..{self.inc.loc[row, 'date_end']} ({self.inc.loc[row, 'date_precision']})"
        self.inc.loc[row, ["date_start", "date_end", "date_precision", "date_basis", "source"]] = [
            start,
            end,
            precision,
            f"curated: {e['reason']}",
            "curated",
        ]
        self.applied(i, e, f"date {old} -> {start}..{end} ({precision}){note}")

    def set_place(self, i, e):
        iid, note = self._incident(e["incident_id"], i)
        if iid is None:
            return self.unmatched(i, e, note)
        row = self._inc_row(iid)
        values: dict[str, Any] = {"place": e["place"]}
        given = [k for k in PLACE_FIELDS if k in e]
        for k in given:
            values[k] = e[k]
        filled = []
        found = self.reference.place(e["place"]) if self.reference is not None else None
        if found is not None:
            gaz = {
                "district": found.district,
                "province": found.province,
                "lat": found.lat,
                "lon": found.lon,
                "geo_precision": found.level
                if found.level in schemas.GEO_PRECISIONS
                else "unknown",
            }
            for k in PLACE_FIELDS:
                if k not in values:
                    values[k] = gaz[k]
                    filled.append(k)
        empty = [k for k in PLACE_FIELDS if k not in values]
        for k in empty:
            values[k] = "unknown" if k == "geo_precision" else None
        old = self.inc.loc[row, "place"]
        for k, v in values.items():
            self.inc.loc[row, k] = pd.NA if v is None else v
        self.inc.loc[row, "places_mentioned"] = _union(
            str(self.inc.loc[row, "places_mentioned"]), e["place"]
        )
        self.inc.loc[row, "source"] = "curated"
        effect = f"place {old!r} -> {e['place']!r}"
        if filled:
            effect += f"; {', '.join(filled)} from the gazetteer"
        if empty:
            effect += f"; {', '.join(empty)} left empty (not given{'' if found else ', place not in the gazetteer'})"
        self.applied(i, e, effect + note)

    def merge_incidents(self, i, e):
        ids, notes, missing = self._merge_ids(i, e)
        first, first_note = self._incident(e["incident_ids"][0], i)
        if first is None:
            return self.unmatched(
                i, e, f"the incident to keep (listed first) is gone: {first_note}"
            )
        if len(ids) < 2:
            why = "; ".join(missing) or "all listed incidents are already one incident"
            return self.unmatched(i, e, f"nothing left to merge: {why}")
        keep, others = ids[0], ids[1:]
        rows = [self.inc[self.inc["incident_id"] == iid].iloc[0] for iid in ids]
        k = self._inc_row(keep)
        effects = [f"merged {', '.join(others)} into {keep}"]
        effects += self._take_date_and_place(k, keep, rows)
        self._join_lists(k, rows)
        effects += self._fill_type_and_perpetrator(k, rows)
        self.inc.loc[k, "source"] = "curated"
        self._move_rows(keep, others)
        self.inc = self.inc[~self.inc["incident_id"].isin(others)].reset_index(drop=True)
        for o in others:
            self.alias[o] = keep
        self.touched.add(keep)
        if missing:
            effects.append("not found: " + "; ".join(missing))
        if notes:
            effects.append("; ".join(notes))
        self.applied(i, e, "; ".join(effects))

    def _merge_ids(self, i, e) -> tuple[list[str], list[str], list[str]]:
        """The listed incidents as they are now: (IDs, each once; notes; why others are gone).

        The notes name the listed IDs that were merged into another incident.
        """
        ids, notes, missing = [], [], []
        for raw in e["incident_ids"]:
            iid, note = self._incident(raw, i)
            if iid is None:
                missing.append(note)
            elif iid not in ids:
                ids.append(iid)
                if note:
                    notes.append(f"{raw}{note}")
        return ids, notes, missing

    def _take_date_and_place(self, k: int, keep: str, rows: list[pd.Series]) -> list[str]:
        """Incident row ``k`` takes the most precise date and place of ``rows``.

        Returns the effects to report: which of the two came from another incident.
        """
        best_date = min(enumerate(rows), key=_date_key)[1]
        best_geo = min(enumerate(rows), key=_geo_key)[1]
        effects = []
        for col in ("date_start", "date_end", "date_precision", "date_basis"):
            self.inc.loc[k, col] = best_date[col]
        if best_date["incident_id"] != keep:
            effects.append(f"date from {best_date['incident_id']}")
        for col in ("place", "district", "province", "lat", "lon", "geo_precision"):
            self.inc.loc[k, col] = best_geo[col]
        if best_geo["incident_id"] != keep:
            effects.append(f"place from {best_geo['incident_id']}")
        return effects

    def _join_lists(self, k: int, rows: list[pd.Series]) -> None:
        """Incident row ``k`` lists the places, targets and articles of all ``rows``.

        Its first report is the earliest of theirs.
        """
        self.inc.loc[k, "places_mentioned"] = _union(*(str(r["places_mentioned"]) for r in rows))
        self.inc.loc[k, "target_categories"] = _union(*(str(r["target_categories"]) for r in rows))
        self.inc.loc[k, "article_ids"] = ";".join(
            sorted(set(_union(*(str(r["article_ids"]) for r in rows)).split(";")) - {""})
        )
        firsts = [str(r["first_reported"]) for r in rows if str(r["first_reported"])]
        self.inc.loc[k, "first_reported"] = min(firsts) if firsts else ""

    def _fill_type_and_perpetrator(self, k: int, rows: list[pd.Series]) -> list[str]:
        """Incident row ``k`` takes a type or perpetrator ``rows[0]`` lacks from the others.

        Perpetrators that differ are reported (in the effects returned), not changed.
        """
        effects = []
        if str(rows[0]["incident_type"]) in ("", "other"):
            for r in rows[1:]:
                if str(r["incident_type"]) not in ("", "other"):
                    self.inc.loc[k, "incident_type"] = r["incident_type"]
                    effects.append(f"type {r['incident_type']} from {r['incident_id']}")
                    break
        perps = [str(r["perpetrator"]) for r in rows if str(r["perpetrator"])]
        if not str(rows[0]["perpetrator"]) and perps:
            self.inc.loc[k, "perpetrator"] = perps[0]
        elif len(set(perps)) > 1:
            effects.append(
                f"perpetrators differed: kept {rows[0]['perpetrator']!r} (others: {', '.join(sorted(set(perps) - {str(rows[0]['perpetrator'])}))})"
            )
        return effects

    def _move_rows(self, keep: str, others: list[str]) -> None:
        """The claims, targets and mentions of ``others`` go to ``keep``.

        Rows that are then the same are dropped; of two such mentions the one in
        the "main" role is kept.
        """
        for name in ("claims", "targets", "mentions"):
            df = getattr(self, name)
            df.loc[df["incident_id"].isin(others), "incident_id"] = keep
        if "source" in self.targets.columns:
            self.targets.loc[self.targets["incident_id"] == keep, "source"] = "curated"
        self.targets = self.targets.drop_duplicates(
            subset=["incident_id", "category", "article_id", "char_start", "char_end"]
        ).reset_index(drop=True)
        self.mentions = (
            self.mentions.assign(_main=(self.mentions["role"] != "main"))
            .sort_values("_main", kind="stable")
            .drop_duplicates(subset=["incident_id", "article_id", "char_start", "char_end"])
            .sort_index()
            .drop(columns="_main")
            .reset_index(drop=True)
        )
