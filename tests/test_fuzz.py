"""Fuzz: random bytes and random news-like texts thrown at build_tables.

Nothing may raise; every file is either read or skipped with a reason; every
quote in claims, targets and mentions equals ``articles.text[char_start:char_end]``.

Each full run draws 100 examples of 10 to 12 files, so every run throws at
least 1,000 random inputs at the pipeline. Batching files into one build keeps
the fixed cost of a build (schema validation, ~0.1 s) from dominating, so the
full runs stay in the default suite.
"""

from __future__ import annotations

import string

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables

QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FULL = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
    ],
)
BATCH = {"min_size": 10, "max_size": 12}  # 100 examples x at least 10 files = at least 1,000 inputs

SUFFIXES = (".txt", ".md", ".html", ".htm", ".markdown")
MAGIC = (
    b"",
    b"",
    b"",
    b"\x89PNG\r\n",
    b"%PDF-",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"PK\x03\x04",
    b"<html>",
)

SENTENCES = [
    "The military said 18 soldiers were killed in Turbat on March 11, 2025.",
    "The BLA claimed that over 100 soldiers died in the attack on the Jaffar Express.",
    "According to officials, at least 21 passengers were killed and 38 injured.",
    "Police said dozens of people were wounded when a bomb exploded in Quetta on Tuesday.",
    "ISPR said 33 insurgents were killed; 26 hostages died, the army said.",
    "Militants took hundreds hostage in the Bolan region, AP reported.",
    "Between 30 and 40 labourers were abducted near Gwadar last week, residents said.",
    "The group denied that any civilians were killed.",
    "Eighteen civilians, 15 security personnel and 92 insurgents were killed, the military said.",
    "Gunmen stormed a police station in Mastung in February 2026.",
    "“We killed 214 soldiers,” a spokesman, Jeeyand Baloch, said in a statement.",
]
FRAGMENTS = [
    "killed",
    "injured",
    "wounded",
    "hostages",
    "passengers",
    "soldiers",
    "civilians",
    "insurgents",
    "at least",
    "over",
    "more than",
    "up to",
    "about",
    "nearly",
    "dozens of",
    "hundreds of",
    "several",
    "the army said",
    "the BLA claimed",
    "officials said",
    "police said",
    "according to",
    "reported",
    "in Quetta",
    "in Turbat",
    "near Kech",
    "Balochistan",
    "Jaffar Express",
    "Chinese nationals",
    "attack",
    "blast",
    "hijacked",
    "ambush",
    "IED",
    "suicide bomber",
    "took control of",
    "on Tuesday",
    "last week",
    "on March 11",
    "2025-03-11",
    "11/03/2025",
    "March 2025",
    "2026",
    "yesterday",
    "Title: ",
    "Date: ",
    "Source: ",
    "By ",
    "---",
    "Related:",
    "Read more",
    "©",
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "—",
    "–",
    "-",
    "...",
    ";",
    ":",
    ",",
    ".",
    "!",
    "?",
    "(",
    ")",
]
NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "seven",
    "ten",
    "twelve",
    "Eighteen",
    "twenty-one",
    "thirty",
    "hundred",
    "a dozen",
    "two dozen",
    "a hundred",
    "one thousand",
    "zero",
    "none",
    "half",
]
TAGS = [
    "<p>",
    "</p>",
    "<br>",
    "<div>",
    "</div>",
    "<h1>",
    "</h1>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<a href='x'>",
    "</a>",
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "&lt;",
    "&#8217;",
    "<html>",
    "</html>",
    "<meta property='og:title' content='T'>",
    "<title>",
    "</title>",
    "<![CDATA[",
]
UNICODE = [
    "\u00a0",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u2028",
    "\r",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x00",
    "\x1b[31m",
    "é",
    "e\u0301",
    "ß",
    "İ",
    "ﬁ",
    "①",
    "٣",
    "۳",
    "𝟕",
    "½",
    "²",
    "🙂",
    "ک",
    "بلوچستان",
    "کوئٹہ",
    "Ω",
    "\ud7ff",
    "\U0010ffff",
]

numbers = st.one_of(
    st.integers(min_value=-10, max_value=10**12).map(str),
    st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(NUMBER_WORDS),
    st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda t: f"{t[0]}-{t[1]}"),
)
pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(FRAGMENTS),
    numbers,
    st.sampled_from(TAGS),
    st.sampled_from(UNICODE),
    st.text(max_size=12),
    st.text(alphabet=string.whitespace, max_size=4),
)
texts = st.tuples(
    st.lists(pieces, max_size=30), st.sampled_from([" ", "", "\n", "\n\n", ". "])
).map(lambda t: t[1].join(t[0]))
encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


@st.composite
def text_files(draw) -> SourceFile:
    text = draw(texts)
    data = text.encode(draw(encodings), errors="replace")
    return SourceFile(f"t{draw(st.integers(0, 9))}{draw(st.sampled_from(SUFFIXES))}", data)


@st.composite
def byte_files(draw) -> SourceFile:
    data = draw(st.sampled_from(MAGIC)) + draw(st.binary(max_size=400))
    return SourceFile(f"b{draw(st.integers(0, 9))}{draw(st.sampled_from(SUFFIXES))}", data)


def check_build(sources: list[SourceFile]) -> None:
    tables = build_tables(sources)  # must not raise
    report = tables.report
    assert report["files_read"] + len(report["files_skipped"]) == len(sources)
    assert all(s["reason"] for s in report["files_skipped"])
    texts_by_id = dict(zip(tables.articles["article_id"], tables.articles["text"], strict=True))
    for name in ("claims", "targets", "mentions"):
        df = tables.frame(name)
        for row in df.itertuples(index=False):
            text = texts_by_id[row.article_id]
            assert 0 <= row.char_start <= row.char_end <= len(text)
            assert text[row.char_start : row.char_end] == row.quote, (name, row)
    for row in tables.claims.itertuples(index=False):
        assert row.char_start <= row.figure_start <= row.figure_end <= row.char_end
        assert pd.isna(row.value_low) or row.value_low >= 0
        assert pd.isna(row.value_high) or pd.isna(row.value_low) or row.value_low <= row.value_high
    ids = set(tables.incidents["incident_id"])
    for name in ("claims", "targets", "mentions", "estimates"):
        assert set(tables.frame(name)["incident_id"]) <= ids


@QUICK
@given(st.lists(byte_files(), min_size=1, max_size=3))
def test_random_bytes_quick(sources):
    check_build(sources)


@QUICK
@given(st.lists(text_files(), min_size=1, max_size=3))
def test_random_texts_quick(sources):
    check_build(sources)


@FULL
@given(st.lists(byte_files(), **BATCH))
def test_random_bytes(sources):
    assert len(sources) >= 10
    check_build(sources)


@FULL
@given(st.lists(text_files(), **BATCH))
def test_random_texts(sources):
    assert len(sources) >= 10
    check_build(sources)


def test_known_nasty_inputs():
    """Hand-picked inputs that once broke parsers elsewhere; each must build."""
    nasty = [
        b"\xef\xbb\xbf",  # only a BOM
        b"\r\r\r\r",
        "\u202e18 soldiers were killed\u202c".encode(),
        b"<script>" * 200,
        b"<" * 5000,
        b"1" * 5000,
        b"1,2" * 1000,
        "١٢ soldiers were killed in Quetta.".encode(),
        "𝟏𝟖 soldiers were killed in Quetta.".encode(),
        b"---\ntitle: [unclosed\n---\nBody text about Turbat.",
        b"---\n- a\n- b\n---\n18 soldiers were killed.",
        b"Title: =1+1\nDate: 2025-02-30\n\n18 soldiers were killed on February 30, 2025.",
        b"Date: 9999-99-99\n\nOver 99999999999999999999999 people were killed.",
        ("killed " * 2000).encode(),
        ("The army said. " * 500).encode(),
    ]
    for i, data in enumerate(nasty):
        check_build([SourceFile(f"n{i}.txt", data)])
    check_build([SourceFile(f"n{i}.html", data) for i, data in enumerate(nasty)])
