"""Curation entries about claims: confirm, correct, add and suppress a figure.

A claim is found by its ``claim_id``; one that an earlier entry removed is
reported as such rather than as "not found". ``add_claim`` finds the analyst's
quote in the article's text (allowing other whitespace and quote or dash
styles) and the figure in the quote, so the added claim carries offsets like
an extracted one.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

import pandas as pd

from dashlib import schemas
from dashlib.building.curated_tables import _CuratedTables, _plain
from dashlib.building.curation import CORRECTABLE_CLAIM_FIELDS, describe

# Characters a quote copied from elsewhere may have in place of the text's.
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


class _Evidence(NamedTuple):
    """Where an added claim's quote and figure are in its article's text."""

    text: str
    start: int
    end: int
    figure_start: int
    figure_end: int


class _ClaimEntries(_CuratedTables):
    """The claim actions: ``confirm_claim``, ``suppress_claim``, ``correct_claim``, ``add_claim``."""

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
        found, why = self._evidence(e)
        if found is None:
            return self.unmatched(i, e, why)
        if self._already_extracted(i, e, found):
            return None
        cid = _added_claim_id(e, found)
        if (self.claims["claim_id"] == cid).any():
            return self.unmatched(i, e, f"claim {cid} is already present (entry given twice?)")
        row = self._added_claim(e, cid, iid, found)
        self.claims = pd.concat(
            [self.claims, schemas.conform(pd.DataFrame([row]), "claims")], ignore_index=True
        )
        self.touched.add(iid)
        self.applied(i, e, f"added claim {cid}{note}")

    def _evidence(self, e: dict) -> tuple[_Evidence | None, str]:
        """Where the entry's quote and figure are in its article, or (None, why not)."""
        aid = e["article_id"]
        text = self.texts.get(aid)
        if text is None:
            why = (
                f"article {aid} not found"
                if self.texts
                else "article texts were not given to apply_curation"
            )
            return None, why
        span = _find_quote(text, e["quote"])
        if span is None:
            return None, f"quote not found in the text of article {aid}"
        start, end = span
        fig = self._figure(text[start:end], e)
        if fig is None:
            return None, (
                "the figure was not found in the quote: give number_text, the figure exactly as written in the quote"
            )
        return _Evidence(text, start, end, start + fig[0], start + fig[1]), ""

    def _already_extracted(self, i, e, found: _Evidence) -> bool:
        """Whether the entry's figure is already a claim of the same metric (then it is handled).

        Same values: that claim is marked curated. Other values: the entry is
        unmatched, as the analyst should correct that claim instead.
        """
        same = self.claims[
            (self.claims["article_id"] == e["article_id"])
            & (self.claims["figure_start"] == found.figure_start)
            & (self.claims["figure_end"] == found.figure_end)
            & (self.claims["metric"] == e["metric"])
        ]
        if not len(same):
            return False
        row = same.index[0]
        existing = same.iloc[0]
        keys = ("victim_group", "claimant_type", "value_low", "value_high", "qualifier")
        if all(_plain(existing[k]) == e[k] for k in keys):
            self.claims.loc[row, "source"] = "curated"
            self.applied(i, e, f"already extracted as {existing['claim_id']}; marked curated")
        else:
            self.unmatched(
                i,
                e,
                f"this figure is already extracted as {existing['claim_id']} with other values; use correct_claim on it",
            )
        return True

    def _added_claim(self, e: dict, cid: str, iid: str, found: _Evidence) -> dict:
        """The claims row of an ``add_claim`` entry."""
        aid = e["article_id"]
        published = self.published.get(aid)
        if published is None:
            same_article = self.claims.loc[self.claims["article_id"] == aid, "published"]
            published = str(same_article.iloc[0]) if len(same_article) else ""
        return {
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
            "number_text": found.text[found.figure_start : found.figure_end],
            "stance": e.get("stance", "claim"),
            "quote": found.text[found.start : found.end],
            "char_start": found.start,
            "char_end": found.end,
            "figure_start": found.figure_start,
            "figure_end": found.figure_end,
            "published": published,
            "source": "curated",
        }

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


def _added_claim_id(e: dict, found: _Evidence) -> str:
    """The ID of an added claim: stable for the same article, offsets, metric, group and claimant."""
    key = "|".join(
        map(
            str,
            (
                "curated",
                e["article_id"],
                found.start,
                found.end,
                found.figure_start,
                found.figure_end,
                e["metric"],
                e["victim_group"],
                e["claimant_type"],
            ),
        )
    )
    return "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
