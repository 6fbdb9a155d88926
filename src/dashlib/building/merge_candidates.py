"""Merge candidates: pairs of incidents the rules could not decide, for an analyst.

Resolution keeps two reports apart when the evidence that they tell one event is weak
and another event fits them as well (:func:`dashlib.building.resolve.cluster_members`).
The build report lists each such pair with the evidence for and against and a
``merge_incidents`` entry ready to paste into the curation file, so deciding is one step.
"""

from __future__ import annotations

import pandas as pd

MAX_LISTED = 2000  # the build report lists the strongest candidates; it counts them all


def merge_candidates(pairs: list[dict], incidents: pd.DataFrame) -> list[dict]:
    """The pairs that are still two incidents after curation, strongest evidence first,
    each with both incidents' labels, the evidence for and against, and the curation
    entry that merges them (the incident with more articles kept first)."""
    if not pairs or not len(incidents):
        return []
    rows = incidents.set_index("incident_id")
    out = []
    for pair in pairs:
        ids = [i for i in pair["incident_ids"] if i in rows.index]
        if len(ids) != 2 or ids[0] == ids[1]:
            continue  # merged or removed by curation since
        keep = sorted(ids, key=lambda i: (-int(rows.at[i, "n_articles"]), i))
        out.append(
            {
                "incident_ids": ids,
                "labels": [str(rows.at[i, "label"]) for i in ids],
                "for": list(pair["for"]),
                "against": list(pair["against"]),
                "curation_entry": {
                    "action": "merge_incidents",
                    "incident_ids": keep,
                    "reason": "same event: " + "; ".join(pair["for"]),
                },
            }
        )
    return sorted(out, key=lambda c: (-len(c["for"]), len(c["against"]), c["incident_ids"]))


def report_entry(candidates: list[dict]) -> dict:
    """The build report's part on merge candidates: how many, and the strongest ones."""
    return {"total": len(candidates), "listed": candidates[:MAX_LISTED]}
