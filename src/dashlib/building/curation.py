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
:func:`apply_curation` applies the entries, in file order, to the resolved
tables and reports every entry that no longer matches anything. The build only
ever reads this file; :func:`add_curation_entry` appends to it atomically and
under a lock.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
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
            if k == "action":
                out[k] = v
            elif k in _DATE_FIELDS:
                out[k] = _iso_date(v)
            elif k in _INT_FIELDS:
                out[k] = _int_or_none(v)
            elif k in _FLOAT_FIELDS:
                out[k] = _float_or_none(v)
            elif k == "incident_ids":
                if not isinstance(v, list) or len(v) < 2 or any(i in (None, "") for i in v):
                    raise ValueError(
                        "must be a list of at least two incident IDs (the first one is kept)"
                    )
                ids = [str(i).strip() for i in v]
                if len(set(ids)) != len(ids):
                    raise ValueError("lists the same incident twice")
                out[k] = ids
            elif k in _ID_FIELDS:
                if v is None or not str(v).strip():
                    raise ValueError("must not be empty")
                out[k] = str(v).strip()
            elif k in _CHOICES:
                text = "" if v is None else str(v).strip()
                if text not in _CHOICES[k]:
                    raise ValueError(f"{v!r} is not one of {', '.join(_CHOICES[k])}")
                out[k] = text
            elif k == "quote":
                if v is None or not str(v).strip():
                    raise ValueError("must not be empty")
                out[k] = str(v)
            else:  # free text
                out[k] = "" if v is None else str(v).strip()
        except ValueError as err:
            problems.append(f"field {k!r}: {err}")

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
    if problems:
        raise CurationError(f"{name}: " + "; ".join(problems))
    return out


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


# --------------------------------------------------------------------------- applying

_DATE_RANK = {p: i for i, p in enumerate(schemas.DATE_PRECISIONS)}
_GEO_RANK = {p: i for i, p in enumerate(schemas.GEO_PRECISIONS)}
_QUOTE_CHARS = {
    "'": "'‘’‛′",
    "‘": "'‘’‛′",
    "’": "'‘’‛′",
    '"': '"“”″',
    "“": '"“”″',
    "”": '"“”″',
    "-": "-‐‑‒–—",
    "–": "-‐‑‒–—",
    "—": "-‐‑‒–—",
}


def _split(value: str) -> list[str]:
    return [v for v in (str(value or "").split(";")) if v.strip()]


def _union(*values: str) -> str:
    seen: list[str] = []
    for v in values:
        for part in _split(v):
            if part not in seen:
                seen.append(part)
    return ";".join(seen)


def _find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``: exact, else allowing any whitespace and quote/dash style."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    parts = []
    for w in words:
        parts.append(
            "".join(
                f"[{re.escape(_QUOTE_CHARS[ch])}]" if ch in _QUOTE_CHARS else re.escape(ch)
                for ch in w
            )
        )
    m = re.search(r"\s+".join(parts), text)
    return (m.start(), m.end()) if m else None


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


def _day_span(start: str, end: str) -> int:
    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except ValueError:
        return 10**6


class _Applier:
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

    # -- claims
    def confirm_claim(self, i, e):
        row, why = self._claim_row(e["claim_id"])
        if row is None:
            return self.unmatched(i, e, why)
        self.claims.loc[row, "source"] = "curated"
        self.applied(i, e, "confirmed")

    def suppress_claim(self, i, e):
        row, why = self._claim_row(e["claim_id"])
        if row is None:
            return self.unmatched(i, e, why)
        self.touched.add(str(self.claims.loc[row, "incident_id"]))
        self.claims = self.claims.drop(index=row).reset_index(drop=True)
        self.gone_claims[e["claim_id"]] = describe(e, i)
        self.report["suppressed"]["claims"].append(e["claim_id"])
        self.applied(i, e, "claim removed")

    def correct_claim(self, i, e):
        row, why = self._claim_row(e["claim_id"])
        if row is None:
            return self.unmatched(i, e, why)
        changes = {k: e[k] for k in CORRECTABLE_CLAIM_FIELDS if k in e}
        note = ""
        if "incident_id" in changes:
            iid, note = self._incident(changes["incident_id"], i)
            if iid is None:
                return self.unmatched(i, e, note)
            changes["incident_id"] = iid
        lo = changes.get("value_low", self.claims.loc[row, "value_low"])
        hi = changes.get("value_high", self.claims.loc[row, "value_high"])
        if not pd.isna(lo) and not pd.isna(hi) and int(lo) > int(hi):
            return self.unmatched(
                i, e, f"the corrected claim would have value_low {lo} > value_high {hi}"
            )
        effects = []
        for k, v in changes.items():
            old = _plain(self.claims.loc[row, k])
            if old != v:
                effects.append(f"{k}: {old!r} -> {v!r}")
                if k == "incident_id":
                    self.touched.update({str(old), v})
                self.claims.loc[row, k] = pd.NA if v is None else v
        self.claims.loc[row, "source"] = "curated"
        self.applied(
            i,
            e,
            ("; ".join(effects) or "no change (values already as given); marked curated") + note,
        )

    def add_claim(self, i, e):
        iid, note = self._incident(e["incident_id"], i)
        if iid is None:
            return self.unmatched(i, e, note)
        aid = e["article_id"]
        text = self.texts.get(aid)
        if text is None:
            why = (
                f"article {aid} not found"
                if self.texts
                else "article texts were not given to apply_curation"
            )
            return self.unmatched(i, e, why)
        span = _find_quote(text, e["quote"])
        if span is None:
            return self.unmatched(i, e, f"quote not found in the text of article {aid}")
        start, end = span
        quote = text[start:end]
        fig = self._figure(quote, e)
        if fig is None:
            return self.unmatched(
                i,
                e,
                "the figure was not found in the quote: give number_text, the figure exactly as written in the quote",
            )
        fs, fe = start + fig[0], start + fig[1]
        same = self.claims[
            (self.claims["article_id"] == aid)
            & (self.claims["figure_start"] == fs)
            & (self.claims["figure_end"] == fe)
            & (self.claims["metric"] == e["metric"])
        ]
        if len(same):
            row = same.index[0]
            existing = same.iloc[0]
            keys = ("victim_group", "claimant_type", "value_low", "value_high", "qualifier")
            if all(_plain(existing[k]) == e[k] for k in keys):
                self.claims.loc[row, "source"] = "curated"
                return self.applied(
                    i, e, f"already extracted as {existing['claim_id']}; marked curated"
                )
            return self.unmatched(
                i,
                e,
                f"this figure is already extracted as {existing['claim_id']} with other values; use correct_claim on it",
            )
        key = "|".join(
            map(
                str,
                (
                    "curated",
                    aid,
                    start,
                    end,
                    fs,
                    fe,
                    e["metric"],
                    e["victim_group"],
                    e["claimant_type"],
                ),
            )
        )
        cid = "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        if (self.claims["claim_id"] == cid).any():
            return self.unmatched(i, e, f"claim {cid} is already present (entry given twice?)")
        published = self.published.get(aid)
        if published is None:
            same_article = self.claims.loc[self.claims["article_id"] == aid, "published"]
            published = str(same_article.iloc[0]) if len(same_article) else ""
        row = {
            "claim_id": cid,
            "incident_id": iid,
            "article_id": aid,
            "metric": e["metric"],
            "victim_group": e["victim_group"],
            "claimant_type": e["claimant_type"],
            "claimant": e["claimant"],
            "relayed_by": e.get("relayed_by", ""),
            "value_low": e["value_low"],
            "value_high": e["value_high"],
            "qualifier": e["qualifier"],
            "number_text": text[fs:fe],
            "stance": e.get("stance", "claim"),
            "quote": quote,
            "char_start": start,
            "char_end": end,
            "figure_start": fs,
            "figure_end": fe,
            "published": published,
            "source": "curated",
        }
        self.claims = pd.concat(
            [self.claims, schemas.conform(pd.DataFrame([row]), "claims")], ignore_index=True
        )
        self.touched.add(iid)
        self.applied(i, e, f"added claim {cid}{note}")

    @staticmethod
    def _figure(quote: str, e: dict) -> tuple[int, int] | None:
        if e.get("number_text"):
            at = quote.lower().find(e["number_text"].lower())
            return (at, at + len(e["number_text"])) if at >= 0 else None
        for v in (e.get("value_low"), e.get("value_high")):
            if v is None:
                continue
            for form in (str(v), f"{v:,}"):
                m = re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d,])", quote)
                if m:
                    return m.start(), m.end()
        return None

    # -- incidents
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
        ids, notes, missing = [], [], []
        for raw in e["incident_ids"]:
            iid, note = self._incident(raw, i)
            if iid is None:
                missing.append(note)
            elif iid not in ids:
                ids.append(iid)
                if note:
                    notes.append(f"{raw}{note}")
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

        def date_key(pos_row):
            pos, r = pos_row
            span = (
                _day_span(str(r["date_start"]), str(r["date_end"]))
                if r["date_start"] and r["date_end"]
                else 10**6
            )
            return (_DATE_RANK.get(str(r["date_precision"]), 99), span, pos)

        def geo_key(pos_row):
            pos, r = pos_row
            return (_GEO_RANK.get(str(r["geo_precision"]), 99), 0 if str(r["place"]) else 1, pos)

        best_date = min(enumerate(rows), key=date_key)[1]
        best_geo = min(enumerate(rows), key=geo_key)[1]
        effects = [f"merged {', '.join(others)} into {keep}"]
        for col in ("date_start", "date_end", "date_precision", "date_basis"):
            self.inc.loc[k, col] = best_date[col]
        if best_date["incident_id"] != keep:
            effects.append(f"date from {best_date['incident_id']}")
        for col in ("place", "district", "province", "lat", "lon", "geo_precision"):
            self.inc.loc[k, col] = best_geo[col]
        if best_geo["incident_id"] != keep:
            effects.append(f"place from {best_geo['incident_id']}")
        self.inc.loc[k, "places_mentioned"] = _union(*(str(r["places_mentioned"]) for r in rows))
        self.inc.loc[k, "target_categories"] = _union(*(str(r["target_categories"]) for r in rows))
        self.inc.loc[k, "article_ids"] = ";".join(
            sorted(set(_union(*(str(r["article_ids"]) for r in rows)).split(";")) - {""})
        )
        firsts = [str(r["first_reported"]) for r in rows if str(r["first_reported"])]
        self.inc.loc[k, "first_reported"] = min(firsts) if firsts else ""
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
        self.inc.loc[k, "source"] = "curated"
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
        self.inc = self.inc[~self.inc["incident_id"].isin(others)].reset_index(drop=True)
        for o in others:
            self.alias[o] = keep
        self.touched.add(keep)
        if missing:
            effects.append("not found: " + "; ".join(missing))
        if notes:
            effects.append("; ".join(notes))
        self.applied(i, e, "; ".join(effects))

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
