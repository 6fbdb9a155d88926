"""Sentences and quotations with exact character offsets into the cleaned text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "brig",
    "cpl",
    "pvt",
    "st",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "est",
    "govt",
    "dept",
    "inc",
    "ltd",
    "co",
    "corp",
    "sr",
    "jr",
    "rev",
    "hon",
    "a.m",
    "p.m",
    "d.i",
    "d.g",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+)")
_OPEN_QUOTES = '“"‘'
_CLOSE_QUOTES = '”"’'


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its offsets in the article text and its text."""

    start: int
    end: int
    text: str
    paragraph: int

    @property
    def is_heading(self) -> bool:
        """A short line with no closing punctuation: a section heading, not a sentence."""
        s = self.text.rstrip()
        return bool(s) and s[-1] not in ".!?\"'”’:;)" and len(s.split()) <= 14


def _abbrev_before(text: str, dot: int) -> bool:
    m = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; every ``Sentence.text == text[start:end]``.

    Lines are hard boundaries (articles put paragraphs and headings on lines).
    Within a line a sentence ends at . ! or ? (with any closing quotes) followed
    by a space and a capital, digit or opening quote, unless the word before is
    a known abbreviation or an initial.
    """
    out: list[Sentence] = []
    pos = 0
    paragraph = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            paragraph += 1
            continue
        seg_start = line_start + (len(line) - len(line.lstrip()))
        for m in _END.finditer(line):
            abs_end = line_start + m.end()
            nxt = line[m.end() :].lstrip()
            if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _OPEN_QUOTES):
                continue
            dot = line_start + m.start()
            if text[dot] == "." and _abbrev_before(text, dot):
                continue
            if abs_end > seg_start:
                out.append(Sentence(seg_start, abs_end, text[seg_start:abs_end], paragraph))
            seg_start = abs_end + (len(line[m.end() :]) - len(nxt))
        line_end = line_start + len(line.rstrip())
        if line_end > seg_start:
            out.append(Sentence(seg_start, line_end, text[seg_start:line_end], paragraph))
    return out


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted passage (between quote marks), possibly spanning sentences."""

    start: int  # offset of the opening mark
    end: int  # offset after the closing mark
    relayed_by: str = ""  # outlet that the passage is attributed to ("AP News reports: ...")


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Spans of double-quoted passages (curly or straight), within a paragraph."""
    spans = []
    for m in re.finditer(r"“[^”\n]{1,3000}”|\"[^\"\n]{1,3000}\"", text):
        spans.append(m.span())
    return spans
