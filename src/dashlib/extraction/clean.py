"""Cleaning: repair encodings, read metadata, drop page furniture.

The result's ``text`` is the body that every offset in every table refers to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ftfy
import yaml

from dashlib.extraction.dates import parse_published
from dashlib.extraction.reference import Reference

# ftfy repairs mojibake; keep curly quotes and dashes as the outlet wrote them.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, normalization="NFC")

_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "published_at": "date",
    "source": "source",
    "url": "url",
    "link": "url",
    "outlet": "outlet",
    "publication": "outlet",
    "site": "outlet",
    "author": "byline",
    "authors": "byline",
    "byline": "byline",
    "by": "byline",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.+?)\s*$")
# "date 2026-02-02 Some Headline": a date line with the headline on the same line.
_DATE_LINE = re.compile(
    r"^\s*(?:date|published|dated)[:\s]+(\d{4}-\d{2}(?:-\d{2})?)(?=\s|$)[\s:|\-–—]*(.*?)\s*$", re.I
)
_FURNITURE_LINE = re.compile(
    r"^\s*(?:related(?: articles| stories| news)?\s*:?|read more\b|also read\b|read also\b|recommended\b|"
    r"more from\b|follow us\b|subscribe\b|share (?:this|on)\b|advertisement\s*$|sponsored\b|"
    r"(?:photo|image|picture)(?: credit)?s?\s*:|credit\s*:|copyright\b|©|all rights reserved|"
    r"click here\b|sign up\b|newsletter\b|.*\bpodcast\s*:)",
    re.I,
)
_BYLINE_PREFIX = re.compile(r"^\s*by\s+(.+)$", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zA-Z'’.-]+|and|&|,)$")


@dataclass
class CleanArticle:
    """A cleaned article: body text plus the metadata found around it."""

    article_id: str
    file: str
    text: str
    title: str = ""
    published: str = ""
    published_precision: str = "unknown"
    outlet: str = ""
    byline: str = ""
    url: str = ""
    warnings: list[str] = field(default_factory=list)


def _front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = re.search(r"^---\s*$", text[3:], re.M)
    if not end:
        return {}, text
    block = text[3 : 3 + end.start()]
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return {str(k).lower(): str(v) for k, v in meta.items() if v is not None}, text[3 + end.end() :]


def _header_lines(lines: list[str]) -> tuple[dict, int]:
    """Metadata lines at the very top; returns the fields and how many lines they used."""
    meta: dict[str, str] = {}
    used = 0
    for i, line in enumerate(lines[:12]):
        if not line.strip():
            if meta:
                used = i + 1
            continue
        m = _HEADER_LINE.match(line)
        if m and m.group(1).lower() in _HEADER_KEYS:
            meta.setdefault(_HEADER_KEYS[m.group(1).lower()], m.group(2))
            used = i + 1
            continue
        m = _DATE_LINE.match(line)
        if m:
            meta.setdefault("date", m.group(1))
            if m.group(2):
                meta.setdefault("title", m.group(2))
            used = i + 1
            continue
        break
    return meta, used


def _is_byline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 120 or s[-1] in '.!?:;"”':
        return False
    m = _BYLINE_PREFIX.match(s)
    if m:
        s = m.group(1)
    tokens = re.findall(r"[\w'’.&-]+|,", s)
    names = [t for t in tokens if t not in (",", "and", "&")]
    return (
        2 <= len(names) <= 16
        and ("," in s or " and " in s or bool(m))
        and all(_NAME_TOKEN.match(t) for t in tokens)
    )


def _is_headline_like(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 140 and s[-1] not in '.!?;,"”' and len(s.split()) <= 18


def _drop_trailing_link_list(lines: list[str]) -> tuple[list[str], int]:
    """Remove a block of 3+ short headline-like lines at the end (related links)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and (
        _is_headline_like(lines[start - 1]) or _FURNITURE_LINE.match(lines[start - 1])
    ):
        start -= 1
    block = end - start
    if block >= 3:
        return lines[:start], block
    return lines, 0


def clean_article(raw: str, article_id: str, file: str, reference: Reference) -> CleanArticle:
    """Clean one decoded article. Pure: no I/O."""
    warnings: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    fixed = ftfy.fix_text(text, config=_FTFY)
    if fixed != text:
        warnings.append("repaired text encoding (mojibake or control characters)")
    text = fixed.replace("\u00a0", " ").replace("\ufeff", "")

    meta, text = _front_matter(text)
    lines = text.split("\n")
    header, used = _header_lines(lines)
    for k, v in header.items():
        meta.setdefault(k, v)
    lines = lines[used:]

    # Byline and outlet: short lines in the first few non-empty lines.
    kept: list[str] = []
    seen_body = False
    nonempty = 0
    for line in lines:
        s = line.strip()
        if s:
            nonempty += 1
        if s and not seen_body and nonempty <= 4:
            outlet = reference.outlet_named(s)
            if outlet and len(s) <= 60:
                meta.setdefault("outlet", s)
                continue
            if _is_byline(s):
                meta.setdefault("byline", _BYLINE_PREFIX.sub(r"\1", s))
                continue
        if s and len(s) > 140:
            seen_body = True
        kept.append(line)

    # A trailing block of short link-like lines (furniture counts towards it) is a
    # related-headlines list; furniture lines elsewhere go one by one.
    kept, trailing = _drop_trailing_link_list(kept)
    furniture = [ln for ln in kept if ln.strip() and _FURNITURE_LINE.match(ln)]
    kept = [ln for ln in kept if not (ln.strip() and _FURNITURE_LINE.match(ln))]
    dropped = len(furniture) + trailing
    if dropped:
        warnings.append(
            f"dropped {dropped} line(s) of page furniture (links, credits, related headlines)"
        )

    body = "\n".join(ln.rstrip() for ln in kept).strip("\n ")
    body = re.sub(r"\n{3,}", "\n\n", body)

    source = meta.get("source", "")
    url = meta.get("url", "") or (source if source.startswith(("http://", "https://")) else "")
    outlet = meta.get("outlet", "") or (
        source if source and not source.startswith(("http://", "https://")) else ""
    )
    published, precision = parse_published(meta.get("date", ""))
    if meta.get("date") and not published:
        warnings.append(f"could not read the date {meta['date']!r}")

    return CleanArticle(
        article_id=article_id,
        file=file,
        text=body,
        title=meta.get("title", "").strip(),
        published=published,
        published_precision=precision,
        outlet=outlet.strip(),
        byline=meta.get("byline", "").strip(),
        url=url.strip(),
        warnings=warnings,
    )
