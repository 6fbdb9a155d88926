"""Writes one article of the synthetic corpus from its plan."""

from __future__ import annotations

import random

from dashlib.bench.corpus.body import article_paragraphs, padding_paragraphs
from dashlib.bench.corpus.formats import as_file, lay_out
from dashlib.bench.corpus.leads import headline
from dashlib.bench.corpus.phrases import Phrases
from dashlib.bench.corpus.plan import Plan


def write_article(plan: Plan, seed: int, article_bytes: int = 0) -> tuple[str, str]:
    """(file suffix, file text) of the article ``plan`` describes.

    The article draws from its own random stream, seeded by ``seed`` and its
    index, in this order: body, layout, headline, file format. The headline
    comes after the body because that is the order the corpus was first
    generated in; keeping it keeps every corpus byte for byte the same.

    ``article_bytes`` > 0 lengthens the body towards about that many bytes (each article
    within 70-130% of it) with more context, quotes, reactions and statistics, drawn from
    a stream of their own, so that a corpus without it is the same as before.
    """
    ph = Phrases(plan, seed)
    paras = article_paragraphs(ph)
    if article_bytes > 0:
        pad = Phrases(plan, seed + _PADDING_SEED)
        target = int(article_bytes * random.Random(f"{seed}:{plan.index}").uniform(0.7, 1.3))
        paras += padding_paragraphs(pad, target - sum(len(" ".join(p)) + 1 for p in paras))
    body = lay_out(ph.rng, paras)
    return as_file(ph, headline(ph), body)


_PADDING_SEED = 104_729  # another stream for the added paragraphs
