"""The evidence view: the article picker, an article's text with its figures highlighted
(escaped), its claims table and the legend of the highlight colours."""

from __future__ import annotations

import html
import itertools

import numpy as np
import pandas as pd

from dashlib.reading.code_labels import CLAIMANT_LABELS, METRIC_LABELS, VICTIM_GROUP_LABELS
from dashlib.reading.frames import objects
from dashlib.views.claim_tables import CURATED_MARK, claim_value_text, curated_mask


def article_options(articles: pd.DataFrame, claims: pd.DataFrame, limit: int = 500) -> list[str]:
    """Article IDs for a picker: articles with the most extracted figures first, at most ``limit``."""
    if articles.empty:
        return []
    n = claims.groupby("article_id").size() if len(claims) else pd.Series(dtype="int64")
    a = pd.DataFrame(
        {
            "article_id": objects(articles["article_id"]),
            "n": n.reindex(objects(articles["article_id"])).fillna(0).to_numpy(),
            "pub": objects(articles["published"].where(articles["published"] != "", "0")),
        }
    )
    a = a.sort_values(["n", "pub"], ascending=[False, False], kind="stable")
    return list(a["article_id"].head(limit))


def highlight_html(text: str, claims: pd.DataFrame, colors: dict[str, str] | None = None) -> str:
    """The article ``text`` as safe HTML with each claim's sentence underlined and figure marked.

    Every piece of article text, and every attribute value, goes through
    :func:`html.escape`, so markup in an article (``<script>``, ``<img onerror=...>``)
    is shown as text and never runs. Figures are numbered [1], [2], ... in
    the order of ``claims`` (sorted by figure position), matching
    :func:`evidence_table`. Offsets outside the text are ignored.
    """
    colors = colors or {}
    n = len(text)
    c = claims.sort_values(["figure_start", "char_start"], kind="stable").reset_index(drop=True)
    events: set[int] = {0, n}
    figs: list[tuple[int, int, int, str, str]] = []
    quotes: list[tuple[int, int]] = []
    for i, row in enumerate(c.itertuples(index=False), start=1):
        qs, qe = int(row.char_start), int(row.char_end)
        fs, fe = int(row.figure_start), int(row.figure_end)
        if 0 <= qs < qe <= n:
            quotes.append((qs, qe))
            events |= {qs, qe}
        if 0 <= fs < fe <= n:
            tip = f"[{i}] {CLAIMANT_LABELS.get(row.claimant_type, row.claimant_type)}"
            if row.claimant:
                tip += f" ({row.claimant})"
            tip += f": {METRIC_LABELS.get(row.metric, row.metric)} – {VICTIM_GROUP_LABELS.get(row.victim_group, row.victim_group)}"
            if getattr(row, "source", "") == "curated":
                tip += f" ({CURATED_MARK})"
            figs.append((fs, fe, i, row.claimant_type, tip))
            events |= {fs, fe}
    points = sorted(events)
    out = []
    for a, b in itertools.pairwise(points):
        piece = html.escape(text[a:b])
        in_quote = any(qs <= a and b <= qe for qs, qe in quotes)
        covering = [f for f in figs if f[0] <= a and b <= f[1]]
        if covering:
            fs, fe, i, ctype, tip = covering[0]
            color = colors.get(ctype, "#888888")
            nums = ",".join(str(f[2]) for f in covering)
            piece = (
                f'<mark style="background:{html.escape(color)}33;border-bottom:2px solid {html.escape(color)};'
                f'padding:0 2px;border-radius:2px" title="{html.escape(tip, quote=True)}">{piece}</mark>'
            )
            if b == fe:
                piece += f'<sup style="color:{html.escape(color)};font-weight:600">[{html.escape(nums)}]</sup>'
        if in_quote:
            piece = f'<span style="text-decoration:underline dotted #9aa5b1">{piece}</span>'
        out.append(piece)
    body = "".join(out)
    return (
        '<div style="white-space:pre-wrap;line-height:1.6;font-size:0.95rem;max-height:32rem;'
        'overflow-y:auto;padding:0.75rem 1rem;border:1px solid #d5dbe1;border-radius:0.5rem">'
        + body
        + "</div>"
    )


def evidence_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims of one article, numbered as in :func:`highlight_html`, for the list beside the text."""
    c = claims.sort_values(["figure_start", "char_start"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "#": np.arange(1, len(c) + 1),
            "Claimant type": c["claimant_type"]
            .map(CLAIMANT_LABELS)
            .fillna(c["claimant_type"])
            .to_numpy(),
            "Claimant": c["claimant"].to_numpy(),
            "Relayed by": c["relayed_by"].to_numpy(),
            "Figure": c["number_text"].to_numpy(),
            "Value": claim_value_text(c).to_numpy(),
            "Metric": c["metric"].map(METRIC_LABELS).fillna(c["metric"]).to_numpy(),
            "Victim group": c["victim_group"]
            .map(VICTIM_GROUP_LABELS)
            .fillna(c["victim_group"])
            .to_numpy(),
            "Stance": c["stance"].to_numpy(),
            "Source": np.where(curated_mask(c), CURATED_MARK, "extracted"),
            "Quote": c["quote"].to_numpy(),
            "incident_id": c["incident_id"].to_numpy(),
        }
    )


def legend_html(colors: dict[str, str]) -> str:
    """A one-line legend of the claimant-type highlight colours (escaped, static text)."""
    items = []
    for code, lab in CLAIMANT_LABELS.items():
        c = html.escape(colors.get(code, "#888888"))
        items.append(
            f'<mark style="background:{c}33;border-bottom:2px solid {c};padding:0 4px;'
            f'border-radius:2px;margin-right:6px">{html.escape(lab)}</mark>'
        )
    items.append(
        '<span style="text-decoration:underline dotted #9aa5b1;margin-left:6px">quoted sentence</span>'
    )
    return (
        '<div style="font-size:0.85rem">Highlights by claimant type: ' + "".join(items) + "</div>"
    )
