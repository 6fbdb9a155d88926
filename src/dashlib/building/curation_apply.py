"""Applying the curation entries to the resolved tables (see :mod:`dashlib.building.curation`).

Entries are applied one by one, in file order, each to the tables as the
entries before it left them. An entry that no longer matches anything (its
claim or incident is gone, its quote not in the text) is not an error: it is
reported, with why, so the analyst can fix or drop it.
"""

from __future__ import annotations

import copy
import dataclasses

from dashlib import schemas
from dashlib.building.curation import CurationError, describe, validate_entry
from dashlib.building.curation_claims import _ClaimEntries
from dashlib.building.curation_incidents import _IncidentEntries


class _Applier(_ClaimEntries, _IncidentEntries):
    """Applies one entry by its action's method (``confirm_claim``, ``merge_incidents``, ...)."""


def apply_curation(
    resolved,
    entries: list[dict],
    *,
    texts: dict[str, str] | None = None,
    published: dict[str, str] | None = None,
    reference=None,
):
    """Apply curation ``entries`` in order to ``resolved``; returns (new resolved, report).

    ``resolved`` has DataFrames ``incidents``, ``claims``, ``targets``,
    ``mentions`` (schema columns) and a ``warnings`` list; it is not changed.
    ``texts`` (article_id -> cleaned text) is needed by ``add_claim`` to find
    the quote's offsets; ``published`` (article_id -> date) fills the added
    claim's ``published``; ``reference`` (a :class:`dashlib.extraction.reference.Reference`)
    lets ``set_place`` take district, province, coordinates and level from the
    gazetteer when the entry does not give them.

    The report dict has ``entries`` (count), ``applied`` (index, action, key,
    effect), ``unmatched`` (index, entry, why: entries that no longer match
    anything or are invalid; they are also added to ``warnings``) and
    ``suppressed`` (claim and incident IDs, target and mention counts).
    """
    ap = _Applier(resolved, texts, published, reference)
    ap.report["entries"] = len(entries)
    for index, raw in enumerate(entries, start=1):
        try:
            entry = validate_entry(raw, index)
        except CurationError as err:
            ap.unmatched(
                index, raw if isinstance(raw, dict) else {"value": repr(raw)}, f"invalid: {err}"
            )
            continue
        try:
            getattr(ap, entry["action"])(index, entry)
        except Exception as err:  # one bad entry must not stop the others
            ap.unmatched(index, entry, f"could not be applied: {type(err).__name__}: {err}")
    ap.recount()
    warnings = list(getattr(resolved, "warnings", []) or [])
    for u in ap.report["unmatched"]:
        warnings.append(f"curation {describe(u['entry'], u['index'])} not applied: {u['why']}")
    frames = {
        "incidents": schemas.conform(ap.inc, "incidents"),
        "claims": schemas.conform(ap.claims, "claims"),
        "targets": schemas.conform(ap.targets, "targets"),
        "mentions": schemas.conform(ap.mentions, "mentions"),
        "warnings": warnings,
    }
    if dataclasses.is_dataclass(resolved) and not isinstance(resolved, type):
        return dataclasses.replace(resolved, **frames), ap.report
    out = copy.copy(resolved)
    for k, v in frames.items():
        setattr(out, k, v)
    return out, ap.report
