"""A synthetic news corpus for benchmarks: varied articles about invented events.

``dashlib bench generate --n N --out DIR [--seed S]`` writes N article files
into ``DIR`` and a ground truth into ``DIR/ground_truth/`` (a sub-folder, which
a build ignores):

* ``events.jsonl``: one invented event per line (type, day, place, district,
  target, perpetrator, its figures) with the files that report it as their
  main story and the files that mention it in passing;
* ``articles.jsonl``: one line per file (style, outlet, publication date, the
  event it reports or none).

The articles imitate the reporting styles the extraction rules meet: official
statements (ISPR, police, provincial government), insurgent claims relayed by
the media with denials, wire reports with datelines, first reports and later
revisions of the toll, rights groups and eyewitnesses against official counts,
local press, and analysis pieces full of statistics over periods. Events are
reported by one to eight articles from different outlets, in different words,
with each side's own figure. Places come from the gazetteer
(``data/reference/gazetteer.csv``), dates spread over 2012-2026.

Every sentence is put together from several hundred fragments (see
:func:`fragment_count`): numbers as digits, words, ranges and vague quantities,
qualifiers, attribution before, inside and after the clause. Nothing is copied
from the seed articles, and the text is not written *for* the rules: some
wordings are ones the rules do not know.

Generation is deterministic: the same ``n`` and ``seed`` give the same bytes.
The event plan comes from one random stream; every article then has its own
stream seeded by ``(seed, index)``.

The parts: :mod:`~dashlib.bench.corpus.plan` (events and who reports them),
:mod:`~dashlib.bench.corpus.writer` (one article: :mod:`~dashlib.bench.corpus.leads`,
:mod:`~dashlib.bench.corpus.attribution`, :mod:`~dashlib.bench.corpus.body`,
:mod:`~dashlib.bench.corpus.formats`), and the fragments they draw from
(:mod:`~dashlib.bench.corpus.words`, :mod:`~dashlib.bench.corpus.sentences`,
:mod:`~dashlib.bench.corpus.numbers`). This module writes the files and the
ground truth and scores a build against it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from dashlib import paths
from dashlib.bench.corpus import sentences as sentences
from dashlib.bench.corpus import words as words
from dashlib.bench.corpus.leads import LEAD_KINDS
from dashlib.bench.corpus.numbers import QUALIFIER_FORMS
from dashlib.bench.corpus.plan import Plan, plan_corpus
from dashlib.bench.corpus.writer import write_article

TRUTH_DIR = "ground_truth"


def fragment_count() -> int:
    """How many hand-written fragments the generator combines (for the docs and a test)."""
    pools: list[Sequence] = [
        words.OUTLETS,
        words.FIRST_NAMES,
        words.BYLINE_NAMES,
        words.LOCALITIES,
        words.GROUPS,
        words.HIT_VERBS,
        words.ATTACKERS,
        words.ASSAULT_VERBS,
        words.KILLED_PASSIVE,
        words.KILLED_PASSIVE_SG,
        words.INJURED_PASSIVE,
        words.KILLED_ACTIVE,
        words.INJURED_ACTIVE,
        words.OFFICIAL_SUBJECTS,
        words.MILITARY_SUBJECTS,
        words.NAMED_OFFICIALS,
        words.WITNESSES,
        words.RIGHTS_GROUPS,
        words.THINK_TANKS,
        words.HOSPITALS,
        sentences.RESPONSE_SENTENCES,
        sentences.QUOTES,
        sentences.CONDEMNATION_SENTENCES,
        sentences.CONTEXT_SENTENCES,
        sentences.AGGREGATE_SENTENCES,
        sentences.ANALYSIS_OPENERS,
        sentences.ANALYSIS_BODY,
        sentences.FURNITURE_LINES,
        sentences.RELATED_HEADLINES,
        LEAD_KINDS,
        QUALIFIER_FORMS,
    ]
    pools += (
        list(words.TARGET_NP.values())
        + list(words.TRIGGER_NP.values())
        + list(words.VICTIM_NOUNS.values())
    )
    pools += list(words.SINGULAR_NOUNS.values()) + list(sentences.TITLE_TEMPLATES.values())
    pools += list(sentences.DETAIL_SENTENCES.values())
    return sum(len(p) for p in pools)


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-").replace("--", "-")


def generate_corpus(
    n: int,
    out_dir: str | Path,
    seed: int = 0,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    progress: Callable[[int, int], None] | None = None,
    article_bytes: int = 0,
) -> dict:
    """Write ``n`` articles and the ground truth into ``out_dir``; returns a summary.

    ``article_bytes`` > 0 makes articles of about that size (see ``write_article``).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth = out / TRUTH_DIR
    truth.mkdir(exist_ok=True)
    plans, events = plan_corpus(n, seed, reference_dir)
    seen: set[bytes] = set()
    total_bytes = 0
    styles: Counter = Counter()
    with open(truth / "articles.jsonl", "w", encoding="utf-8", newline="\n") as art_fh:
        for p in plans:
            total_bytes += _write_file(p, seed, out, seen, article_bytes)
            styles[p.style] += 1
            if p.event is not None:
                p.event.articles[p.report_no] = p.file
            for other in p.background:
                other.mentioned_in.append(p.file)
            art_fh.write(json.dumps(_article_truth(p), sort_keys=True) + "\n")
            if progress:
                progress(p.index + 1, len(plans))
    with open(truth / "events.jsonl", "w", encoding="utf-8", newline="\n") as ev_fh:
        for ev in events:
            ev_fh.write(json.dumps(ev.truth(), sort_keys=True) + "\n")
    summary = {
        "n_articles": len(plans),
        "n_events": len(events),
        "bytes": total_bytes,
        "styles": dict(sorted(styles.items())),
        "seed": seed,
    }
    if article_bytes:
        summary["article_bytes"] = article_bytes
    (truth / "summary.json").write_text(
        json.dumps(summary, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    return summary


def _write_file(p: Plan, seed: int, out: Path, seen: set[bytes], article_bytes: int = 0) -> int:
    """Write the article of ``p`` into ``out`` (its name goes to ``p.file``); returns its size."""
    suffix, text = write_article(p, seed, article_bytes)
    data = text.encode("utf-8")
    salt = 0
    while data in seen:  # same bytes would be skipped by a build as a duplicate
        salt += 1
        data = (text.rstrip("\n") + f"\n\n({p.outlet} report {salt})\n").encode("utf-8")
    seen.add(data)
    p.file = f"{p.index:06d}-{_slug(p.outlet)}{suffix}"
    (out / p.file).write_bytes(data)
    return len(data)


def _article_truth(p: Plan) -> dict:
    """The ground-truth line of one article file."""
    return {
        "file": p.file,
        "style": p.style,
        "outlet": p.outlet,
        "published": p.published.isoformat(),
        "event_id": p.event.event_id if p.event else None,
        "background": [o.event_id for o in p.background],
    }


def read_truth(corpus_dir: str | Path) -> tuple[list[dict], list[dict]]:
    """The ground truth written by :func:`generate_corpus`: (events, articles)."""
    truth = Path(corpus_dir) / TRUTH_DIR

    def lines(name):
        with open(truth / name, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    return lines("events.jsonl"), lines("articles.jsonl")


def _pairs(counts) -> int:
    return sum(c * (c - 1) // 2 for c in counts)


def resolution_quality(tables, corpus_dir: str | Path) -> dict:
    """Pairwise precision and recall of incidents against the ground truth.

    Each article that reports an event is assigned the incident of its first
    main mention. A pair of such articles is *predicted* together when they
    share that incident and *truly* together when they report the same event.
    Counting runs on contingency tables, so 100,000 articles cost nothing.
    """
    _, arts = read_truth(corpus_dir)
    gold = {a["file"]: a["event_id"] for a in arts if a["event_id"]}
    files = dict(zip(tables.articles["article_id"], tables.articles["file"], strict=True))
    m = tables.mentions
    main = m[m["role"] == "main"].sort_values(["article_id", "char_start"])
    first = main.drop_duplicates("article_id")
    pred = {files[a]: i for a, i in zip(first["article_id"], first["incident_id"], strict=True)}
    both = [(gold[f], pred.get(f, f"none:{f}")) for f in sorted(gold)]
    tp = _pairs(Counter(both).values())
    pred_pairs = _pairs(Counter(p for _, p in both).values())
    gold_pairs = _pairs(Counter(g for g, _ in both).values())
    found = sum(1 for f in gold if f in pred)
    return {
        "articles_with_event": len(gold),
        "articles_with_main_incident": found,
        "gold_pairs": gold_pairs,
        "predicted_pairs": pred_pairs,
        "pairwise_precision": round(tp / pred_pairs, 4) if pred_pairs else 1.0,
        "pairwise_recall": round(tp / gold_pairs, 4) if gold_pairs else 1.0,
    }
