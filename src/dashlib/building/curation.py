"""Analyst curation: a human-edited YAML file that confirms, corrects, adds or suppresses facts.

The file (``data/curation.yaml`` by default) holds a list of entries. Each
entry names one action, the stable key of the fact it is about (``claim_id``
or ``incident_id``), and why and when it was made (``reason``, ``date``,
optionally ``analyst``)::

    version: 1
    entries:
      - action: correct_claim
        claim_id: c0123456789abcdef
        value_low: 31
        value_high: 31
        reason: ISPR's later statement revised the toll
        date: 2026-03-02
        analyst: AB

Actions: ``confirm_claim``, ``correct_claim``, ``add_claim``,
``suppress_claim``, ``merge_incidents``, ``set_date``, ``set_place``,
``confirm_incident`` and ``suppress_incident`` (see :data:`ACTIONS` and the
README). :func:`load_curation` checks the file and names the entry at fault;
:func:`dashlib.building.curation_apply.apply_curation` applies the entries, in
file order, to the resolved tables and reports every entry that no longer
matches anything. The build only ever reads this file; :func:`add_curation_entry`
appends to it atomically and under a lock.

This module is the file: what an entry may say, checking it, reading and
appending. Applying it is in :mod:`dashlib.building.curation_apply`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock

from dashlib import schemas
from dashlib.fsutil import atomic_write_bytes

COMMON_REQUIRED = ("action", "reason", "date")
COMMON_OPTIONAL = ("analyst", "note")

# Claim fields an analyst may correct (offsets and the quote come from the text).
CORRECTABLE_CLAIM_FIELDS = (
    "incident_id",
    "metric",
    "victim_group",
    "claimant_type",
    "claimant",
    "relayed_by",
    "value_low",
    "value_high",
    "qualifier",
    "stance",
)
ADD_CLAIM_REQUIRED = (
    "incident_id",
    "article_id",
    "quote",
    "metric",
    "victim_group",
    "claimant_type",
    "claimant",
    "value_low",
    "value_high",
    "qualifier",
)
ADD_CLAIM_OPTIONAL = ("number_text", "stance", "relayed_by")
PLACE_FIELDS = ("district", "province", "lat", "lon", "geo_precision")

# action -> (required keys, optional keys), besides COMMON_*.
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "confirm_claim": (("claim_id",), ()),
    "correct_claim": (("claim_id",), CORRECTABLE_CLAIM_FIELDS),
    "add_claim": (ADD_CLAIM_REQUIRED, ADD_CLAIM_OPTIONAL),
    "suppress_claim": (("claim_id",), ()),
    "merge_incidents": (("incident_ids",), ()),
    "set_date": (("incident_id", "date_start"), ("date_end", "date_precision")),
    "set_place": (("incident_id", "place"), PLACE_FIELDS),
    "confirm_incident": (("incident_id",), ()),
    "suppress_incident": (("incident_id",), ()),
}

_CHOICES = {
    "metric": schemas.METRICS,
    "victim_group": schemas.VICTIM_GROUPS,
    "claimant_type": schemas.CLAIMANT_TYPES,
    "qualifier": schemas.QUALIFIERS,
    "stance": ("claim", "denial"),
    "date_precision": schemas.DATE_PRECISIONS,
    "geo_precision": schemas.GEO_PRECISIONS,
}
_INT_FIELDS = ("value_low", "value_high")
_FLOAT_FIELDS = ("lat", "lon")
_DATE_FIELDS = ("date", "date_start", "date_end")
_ID_FIELDS = ("claim_id", "incident_id", "article_id")

FILE_HEADER = """\
# Analyst curation of the extracted tables. See the README section "Curating figures".
# The build only reads this file; it never rewrites it.
"""


class CurationError(ValueError):
    """The curation file (or one entry) is not valid; the message names the entry."""


# --------------------------------------------------------------------------- validation


def describe(entry: dict, index: int | None = None) -> str:
    """Short human name of an entry: ``entry 3 (correct_claim claim_id=c1...)``."""
    action = entry.get("action", "?") if isinstance(entry, dict) else "?"
    key = entry_key(entry) if isinstance(entry, dict) else ""
    where = f"entry {index}" if index is not None else "entry"
    return f"{where} ({action}{' ' + key if key else ''})"


def entry_key(entry: dict) -> str:
    """The stable key an entry refers to, as ``name=value``."""
    for k in ("claim_id", "incident_id"):
        if entry.get(k) not in (None, ""):
            return f"{k}={entry[k]}"
    if entry.get("incident_ids"):
        ids = entry["incident_ids"]
        return (
            "incident_ids=" + ",".join(map(str, ids))
            if isinstance(ids, list)
            else f"incident_ids={ids}"
        )
    return ""


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date written as YYYY-MM-DD")


def _int_or_none(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not re.fullmatch(r"\d+", text):
            raise ValueError(f"{value!r} is not a whole number")
        value = int(text)
    if not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    if value < 0:
        raise ValueError(f"{value!r} is negative")
    return value


def _float_or_none(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None


def validate_entry(entry: Any, index: int | None = None) -> dict:
    """A normalised copy of one entry, or :class:`CurationError` naming what is wrong."""
    if not isinstance(entry, dict):
        raise CurationError(
            f"{describe({}, index)}: must be a mapping of field: value, got {type(entry).__name__}"
        )
    entry = {str(k): v for k, v in entry.items()}
    name = describe(entry, index)
    problems: list[str] = []
    action = entry.get("action")
    if action not in ACTIONS:
        raise CurationError(
            f"{name}: unknown action {action!r} (expected one of {', '.join(ACTIONS)})"
        )
    required, optional = ACTIONS[action]
    for k in (*COMMON_REQUIRED, *required):
        if k not in entry:
            problems.append(f"missing field {k!r}")
    allowed = {*COMMON_REQUIRED, *COMMON_OPTIONAL, *required, *optional}
    for k in entry:
        if k not in allowed:
            problems.append(
                f"unknown field {k!r} (allowed for {action}: {', '.join(sorted(allowed))})"
            )

    out: dict[str, Any] = {}
    for k, v in entry.items():
        if k not in allowed:
            continue
        try:
            out[k] = _field_value(k, v)
        except ValueError as err:
            problems.append(f"field {k!r}: {err}")
    problems += _entry_problems(action, entry, out)
    if problems:
        raise CurationError(f"{name}: " + "; ".join(problems))
    return out


def _field_value(k: str, v: Any) -> Any:
    """The normalised value of field ``k``; ValueError says what is wrong with ``v``."""
    if k == "action":
        return v
    if k in _DATE_FIELDS:
        return _iso_date(v)
    if k in _INT_FIELDS:
        return _int_or_none(v)
    if k in _FLOAT_FIELDS:
        return _float_or_none(v)
    if k == "incident_ids":
        if not isinstance(v, list) or len(v) < 2 or any(i in (None, "") for i in v):
            raise ValueError("must be a list of at least two incident IDs (the first one is kept)")
        ids = [str(i).strip() for i in v]
        if len(set(ids)) != len(ids):
            raise ValueError("lists the same incident twice")
        return ids
    if k in _ID_FIELDS:
        if v is None or not str(v).strip():
            raise ValueError("must not be empty")
        return str(v).strip()
    if k in _CHOICES:
        text = "" if v is None else str(v).strip()
        if text not in _CHOICES[k]:
            raise ValueError(f"{v!r} is not one of {', '.join(_CHOICES[k])}")
        return text
    if k == "quote":
        if v is None or not str(v).strip():
            raise ValueError("must not be empty")
        return str(v)
    return "" if v is None else str(v).strip()  # free text


def _entry_problems(action: str, entry: dict, out: dict[str, Any]) -> list[str]:
    """What is wrong with the entry as a whole (``out``: its fields that are valid)."""
    problems = []
    if "reason" in out and not out["reason"]:
        problems.append("field 'reason' must say why the change is made")
    if action == "correct_claim" and not any(k in entry for k in CORRECTABLE_CLAIM_FIELDS):
        problems.append(
            f"correct_claim needs at least one of {', '.join(CORRECTABLE_CLAIM_FIELDS)}"
        )
    if (
        action == "add_claim"
        and "value_low" in out
        and "value_high" in out
        and out["value_low"] is None
        and out["value_high"] is None
    ):
        problems.append("add_claim needs value_low or value_high (or both)")
    lo, hi = out.get("value_low"), out.get("value_high")
    if lo is not None and hi is not None and lo > hi:
        problems.append(f"value_low {lo} is greater than value_high {hi}")
    if action == "set_date" and "date_start" in out:
        end = out.get("date_end") or out["date_start"]
        if end < out["date_start"]:
            problems.append(f"date_end {end} is before date_start {out['date_start']}")
        if end != out["date_start"] and "date_precision" not in out:
            problems.append("date_precision is required when date_end differs from date_start")
    if action == "set_place" and not out.get("place"):
        problems.append("field 'place' must not be empty")
    return problems


def validate_entries(entries: list[Any], source: str = "curation") -> list[dict]:
    """Normalise every entry; one :class:`CurationError` lists all entries at fault."""
    out, problems = [], []
    for i, entry in enumerate(entries, start=1):
        try:
            out.append(validate_entry(entry, i))
        except CurationError as err:
            problems.append(str(err))
    if problems:
        raise CurationError(
            f"{source}: {len(problems)} invalid entr{'y' if len(problems) == 1 else 'ies'}:\n  "
            + "\n  ".join(problems)
        )
    return out


def _raw_entries(text: str, source: str) -> list[Any]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise CurationError(f"{source}: not valid YAML{where}: {problem}") from None
    if doc is None:
        return []
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        unknown = set(map(str, doc)) - {"version", "entries"}
        if unknown:
            raise CurationError(
                f"{source}: unknown top-level key(s) {', '.join(sorted(unknown))} (expected 'version' and 'entries')"
            )
        if doc.get("version", 1) != 1:
            raise CurationError(
                f"{source}: unsupported version {doc.get('version')!r} (this dashlib reads version 1)"
            )
        entries = doc.get("entries")
        if entries is None:
            return []
        if not isinstance(entries, list):
            raise CurationError(
                f"{source}: 'entries' must be a list (each item starting with '- ')"
            )
        return entries
    raise CurationError(
        f"{source}: expected a mapping with 'entries:' (or a list of entries), got {type(doc).__name__}"
    )


def load_curation(path: str | os.PathLike) -> list[dict]:
    """The checked entries of the curation file at ``path`` ([] when it has none).

    Raises :class:`CurationError` naming every entry at fault (with its number,
    action and key), or :class:`FileNotFoundError`.
    """
    path = Path(path)
    text = path.read_text("utf-8")
    return validate_entries(_raw_entries(text, str(path)), str(path))


def check_curation(path: str | os.PathLike) -> tuple[list[dict], list[str]]:
    """Like :func:`load_curation` but never raises: (valid entries, problems)."""
    path = Path(path)
    if not path.is_file():
        return [], []
    try:
        raw = _raw_entries(path.read_text("utf-8"), str(path))
    except (CurationError, OSError, UnicodeDecodeError) as err:
        return [], [str(err)]
    good, problems = [], []
    for i, entry in enumerate(raw, start=1):
        try:
            good.append(validate_entry(entry, i))
        except CurationError as err:
            problems.append(f"{path}: {err}")
    return good, problems


# --------------------------------------------------------------------------- writing


def _lock_for(path: Path) -> FileLock:
    return FileLock(str(path.parent / f".{path.name}.lock"), timeout=60)


def _dump_entry(entry: dict, indent: str) -> str:
    body = yaml.safe_dump(
        [entry], sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return "".join(
        indent + line if line.strip() else line for line in body.splitlines(keepends=True)
    )


def _header_comments(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "".join(lines) or FILE_HEADER


def add_curation_entry(path: str | os.PathLike, entry: dict) -> dict:
    """Append one entry to the curation file, atomically and under a lock; returns it normalised.

    The entry is checked first (:class:`CurationError` if invalid). The new
    entry is added as text at the end, so the analyst's comments and layout are
    kept; the result is parsed again to make sure every earlier entry is still
    there. A missing file is created.
    """
    path = Path(path)
    new = validate_entry(entry)
    with _lock_for(path):
        text = path.read_text("utf-8") if path.is_file() else FILE_HEADER + "version: 1\nentries:\n"
        old = _raw_entries(text, str(path))
        base = text if text.endswith("\n") or not text else text + "\n"
        candidates = [base + _dump_entry(new, ind) for ind in ("  ", "", "    ", " ", "   ")]
        result = None
        for cand in candidates:
            try:
                if _raw_entries(cand, str(path)) == [*old, new]:
                    result = cand
                    break
            except CurationError:
                continue
        if result is None:  # e.g. "entries: []" in flow style: rewrite, keeping the header comments
            doc = {"version": 1, "entries": [*old, new]}
            result = _header_comments(text) + yaml.safe_dump(
                doc, sort_keys=False, allow_unicode=True, width=100
            )
        atomic_write_bytes(path, result.encode("utf-8"))
    return new
