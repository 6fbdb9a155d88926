"""Writes one article of the synthetic corpus from its plan."""

from __future__ import annotations

from dashlib.bench.corpus.body import article_paragraphs
from dashlib.bench.corpus.formats import as_file, lay_out
from dashlib.bench.corpus.leads import headline
from dashlib.bench.corpus.phrases import Phrases
from dashlib.bench.corpus.plan import Plan


def write_article(plan: Plan, seed: int) -> tuple[str, str]:
    """(file suffix, file text) of the article ``plan`` describes.

    The article draws from its own random stream, seeded by ``seed`` and its
    index, in this order: body, layout, headline, file format. The headline
    comes after the body because that is the order the corpus was first
    generated in; keeping it keeps every corpus byte for byte the same.
    """
    ph = Phrases(plan, seed)
    body = lay_out(ph.rng, article_paragraphs(ph))
    return as_file(ph, headline(ph), body)
