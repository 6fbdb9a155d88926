"""The synthetic corpus: deterministic, varied, with a ground truth the build can be scored on."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from dashlib import paths
from dashlib.bench.corpus import (
    TRUTH_DIR,
    fragment_count,
    generate_corpus,
    read_truth,
    resolution_quality,
)
from dashlib.bench.corpus.numbers import number_words
from dashlib.extraction.reference import load_reference

N = 50


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(N, out, seed=7)
    return out


def _articles(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir()) if p.is_file()}


def test_same_seed_same_bytes(corpus, tmp_path):
    again = tmp_path / "again"
    generate_corpus(N, again, seed=7)
    assert _files(corpus) == _files(again)


def test_other_seed_other_corpus(corpus, tmp_path):
    other = tmp_path / "other"
    generate_corpus(N, other, seed=8)
    a, b = _articles(corpus), _articles(other)
    assert len(b) == N
    assert not set(a.values()) & set(b.values())


def test_every_article_is_distinct_and_named_in_the_truth(corpus):
    arts = _articles(corpus)
    assert len(arts) == N
    assert len(set(arts.values())) == N  # a build would skip same-bytes copies
    events, truth_articles = read_truth(corpus)
    assert sorted(a["file"] for a in truth_articles) == sorted(arts)
    for ev in events:
        assert ev["articles"] and all(f in arts for f in ev["articles"])
        assert all(f in arts for f in ev["mentioned_in"])
    assert (corpus / TRUTH_DIR / "summary.json").is_file()


def test_variety(corpus):
    events, arts = read_truth(corpus)
    styles = Counter(a["style"] for a in arts)
    assert len(styles) >= 6, styles
    assert len({a["outlet"] for a in arts}) >= 10
    assert len({e["type"] for e in events}) >= 5
    assert len({e["date"][:4] for e in events}) >= 4  # dates spread over years
    assert max(len(e["articles"]) for e in events) >= 3  # one event, several reports
    ref = load_reference(str(paths.REFERENCE_DIR))
    assert {e["place"] for e in events} <= set(ref.places)
    assert len({e["district"] for e in events}) >= 8
    texts = list(_articles(corpus).values())
    leads = []
    for t in texts:
        body = [ln for ln in t.split("\n\n")[1:] if ln.strip()]
        if body:
            leads.append(body[0][:120])
    assert len(set(leads)) >= 0.9 * len(leads)
    joined = "\n".join(texts)
    # numbers as digits, words, qualified, ranges and vague quantities
    assert re.search(r"\b\d+ (?:soldiers|people|militants|terrorists|passengers|civilians)", joined)
    assert re.search(r"\b(?:at least|more than|over|around|nearly|some|about) \w+", joined)
    assert re.search(r"\b(?:two|three|four|five|six|seven|eight|nine)\b", joined, re.I)
    assert sum(1 for t in texts if "said" in t) >= 0.8 * len(texts)
    suffixes = Counter(Path(n).suffix for n in _articles(corpus))
    assert suffixes[".txt"] >= 0.8 * N


def test_no_seed_text_is_copied(corpus):
    joined = "\n".join(_articles(corpus).values())
    for seed in sorted(paths.SEEDS_DIR.iterdir()):
        for sentence in re.split(r"(?<=[.!?])\s+", seed.read_text("utf-8")):
            sentence = sentence.strip()
            if len(sentence) > 60:
                assert sentence not in joined, sentence


def test_fragments_and_numbers():
    assert fragment_count() >= 300
    assert number_words(0) == "zero"
    assert number_words(23) == "twenty-three"
    assert number_words(105) == "one hundred and five"


def test_build_scores_against_the_truth(corpus):
    from dashlib.building.pipeline import build_folder

    tables = build_folder(corpus, None, curation_file=None)
    assert tables.report["files_read"] == N
    assert not tables.report["files_skipped"]
    assert len(tables.claims) >= N  # most reports carry figures
    assert set(tables.claims["claimant_type"]) >= {"government", "insurgents"}
    q = resolution_quality(tables, corpus)
    assert q["articles_with_event"] > 0.8 * N
    assert 0.0 <= q["pairwise_recall"] <= 1.0
    assert q["pairwise_precision"] >= 0.8
    json.dumps(q)
