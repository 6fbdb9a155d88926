"""Hand-written articles in many reporting styles, each file with its own gold (run by glob)."""

from pathlib import Path

import pytest
import yaml

from dashlib.bench.evaluate import score_tables
from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables

STYLES = sorted((Path(__file__).parent / "fixtures" / "styles").glob("*.yaml"))
THRESHOLD = 0.95


def _build(case):
    sources = [SourceFile(a["file"], a["text"].encode("utf-8")) for a in case["articles"]]
    return build_tables(sources, curation_entries=None)


def test_at_least_six_styles():
    assert len(STYLES) >= 6


@pytest.mark.parametrize("path", STYLES, ids=[p.stem for p in STYLES])
def test_style_meets_threshold(path, capsys):
    case = yaml.safe_load(path.read_text("utf-8"))
    score = score_tables(_build(case), case)
    with capsys.disabled():
        print(f"\n{case['style']}: minimum precision/recall over all fields {score.minimum():.3f}")
    assert score.minimum() >= THRESHOLD, str(score)


def test_all_styles_together(capsys):
    """Pooled over every style file: the same per-field threshold."""
    total = {}
    for path in STYLES:
        case = yaml.safe_load(path.read_text("utf-8"))
        for r in score_tables(_build(case), case).rows:
            key = (r["table"], r["field"])
            t = total.setdefault(key, [0.0, 0, 0.0, 0])
            t[0] += r["precision"] * r["n_extracted"]
            t[1] += r["n_extracted"]
            t[2] += r["recall"] * r["n_gold"]
            t[3] += r["n_gold"]
    lines = []
    for (table, field), (cp, n_p, cr, n_g) in sorted(total.items()):
        p, r = (cp / n_p if n_p else 1.0), (cr / n_g if n_g else 1.0)
        lines.append(f"{table:<10} {field:<15} precision {p:.3f} recall {r:.3f} (n={n_g})")
        assert p >= THRESHOLD and r >= THRESHOLD, f"{table}.{field}: {p:.3f}/{r:.3f}"
    with capsys.disabled():
        print("\nall styles pooled:\n" + "\n".join(lines))
