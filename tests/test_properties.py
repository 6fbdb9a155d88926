"""Property tests: any mix of news-like fragments builds, and every offset round-trips."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables

FRAGMENTS = [
    "The military said",
    "the BLA claimed",
    "according to officials,",
    "AP News reports: “",
    "”",
    "at least",
    "over",
    "more than",
    "around",
    "between 30 and 40",
    "dozens of",
    "hundreds",
    "Eighteen",
    "12",
    "1,200",
    "seven",
    "soldiers",
    "civilians",
    "insurgents",
    "passengers",
    "hostages",
    "Chinese nationals",
    "were killed",
    "were injured",
    "killed",
    "wounded",
    "taken hostage",
    "abducted",
    "rescued",
    "in Quetta",
    "in Kech district",
    "near Turbat",
    "across Balochistan",
    "in the Bolan region",
    "on March 11, 2025",
    "on Monday",
    "last week",
    "in October 2024",
    "in recent years",
    "recently",
    "a suicide bombing",
    "the attack",
    "another attack",
    "hijacked the Jaffar Express",
    "an ambush",
    "such as the",
    "like the",
    "—",
    ",",
    ".",
    ";",
    "(",
    ")",
    "\n",
    "\n\n",
    "44%",
    "aged",
    "2025",
    "he said.",
    "the statement said.",
    "denied",
    "rose to",
    "the death toll",
    "Operation Herof",
]


@st.composite
def articles(draw):
    n = draw(st.integers(min_value=1, max_value=3))
    out = []
    for i in range(n):
        header = draw(
            st.sampled_from(
                ["", "date: 2025-06-14\n\n", "date 2026-02-02 Title\n\n", "---\ntitle: x\n---\n"]
            )
        )
        body = " ".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=60)))
        noise = draw(st.text(max_size=40))
        out.append(
            SourceFile(f"a{i}.txt", (header + body + noise).encode("utf-8", "surrogatepass"))
        )
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_build_never_raises_and_offsets_round_trip(sources):
    tables = build_tables(sources)
    texts = dict(zip(tables.articles["article_id"], tables.articles["text"], strict=True))
    for name in ("claims", "targets", "mentions"):
        for r in tables.frame(name).itertuples():
            assert texts[r.article_id][r.char_start : r.char_end] == r.quote
    for r in tables.claims.itertuples():
        assert texts[r.article_id][r.figure_start : r.figure_end] == r.number_text
        if not pd.isna(r.value_low) and not pd.isna(r.value_high):
            assert r.value_low <= r.value_high
