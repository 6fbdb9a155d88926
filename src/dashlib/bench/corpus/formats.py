"""How an article of the synthetic corpus is laid out as a file.

Paragraph breaks (blank lines or single newlines), page furniture and related
links for the cleaner to strip, then the file format: HTML, Markdown with front
matter, or plain text with one of several headers (key-value metadata, a
byline block, a one-line date, or no metadata at all).
"""

from __future__ import annotations

import random
from datetime import date

from dashlib.bench.corpus.phrases import Phrases
from dashlib.bench.corpus.sentences import FURNITURE_LINES, RELATED_HEADLINES
from dashlib.bench.corpus.words import BYLINE_NAMES, MONTH_ABBR, MONTHS


def lay_out(rng: random.Random, paras: list[list[str]]) -> str:
    """The body text: paragraphs joined, sometimes with page furniture in between."""
    sep = "\n\n" if rng.random() < 0.6 else "\n"
    body = sep.join(" ".join(p) for p in paras if p)
    if rng.random() < 0.12:  # page furniture and related links, for the cleaner
        lines = body.split("\n")
        lines.insert(rng.randint(1, len(lines)), rng.choice(FURNITURE_LINES))
        body = "\n".join(lines)
        if rng.random() < 0.5:
            body += "\n\nRelated\n" + "\n".join(rng.sample(RELATED_HEADLINES, 3))
    return body


def as_file(ph: Phrases, title: str, body: str) -> tuple[str, str]:
    """(file suffix, file text) of the article in a format drawn at random."""
    rng = ph.rng
    d = ph.pub
    fmt = rng.random()
    if fmt < 0.03:
        return ".html", _html(ph, title, body)
    if fmt < 0.09:
        return ".md", (
            f'---\ntitle: "{title}"\ndate: {d.isoformat()}\noutlet: {ph.plan.outlet}\n---\n\n# {title}\n\n{body}\n'
        )
    return ".txt", _plain_text(ph, title, body)


def _date_text(rng: random.Random, d: date) -> str:
    return rng.choice(
        (
            d.isoformat(),
            d.isoformat(),
            f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
            f"{d.day} {MONTH_ABBR[d.month - 1]} {d.year}",
            f"{d.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
        )
    )


def _plain_text(ph: Phrases, title: str, body: str) -> str:
    """A text file whose header, if any, gives the title, date and outlet."""
    rng, d, plan = ph.rng, ph.pub, ph.plan
    date_text = _date_text(rng, d)
    head_kind = rng.random()
    if head_kind < 0.55:
        head = f"title: {title}\ndate: {date_text}\n"
        if rng.random() < 0.8:
            head += f"outlet: {plan.outlet}\n"
        if rng.random() < 0.3:
            head += f"url: https://example.org/{d.year}/{d.month:02d}/{plan.index}\n"
        return head + "\n" + body + "\n"
    if head_kind < 0.8:
        byline = " and ".join(rng.sample(BYLINE_NAMES, rng.randint(1, 2)))
        text = f"{title}\nPublished {date_text}\n{plan.outlet}\nBy {byline}\n\n{body}\n"
        return f"date: {d.isoformat()}\n" + text
    if head_kind < 0.97:
        return f"date {d.isoformat()} {title}\n\n{body}\n"
    # no metadata at all: the dates stay unknown unless the text states them
    return f"{title}\n\n{body}\n"


def _html(ph: Phrases, title: str, body: str) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title>\n"
        f'<meta property="article:published_time" content="{ph.pub.isoformat()}T08:00:00Z">\n'
        f'<meta property="og:site_name" content="{ph.plan.outlet}">\n'
        "<script>var ad = 1;</script></head>\n<body><nav>Home | Pakistan | Balochistan</nav>\n"
        f"<article><h1>{title}</h1>\n{paras}\n</article>\n<footer>All rights reserved</footer></body></html>\n"
    )
