"""A synthetic news corpus with a known ground truth, for the build and resolution benchmarks.

:func:`generate_corpus` plans invented events (:mod:`.plan`) and writes each article that
reports them (:mod:`.writer`, from the parts in :mod:`.leads`, :mod:`.body`,
:mod:`.attribution` and :mod:`.formats`, worded from :mod:`.words`, :mod:`.sentences` and
:mod:`.numbers`); :func:`resolution_quality` scores a build's incidents against the truth.
"""

from dashlib.bench.corpus.generate import (
    TRUTH_DIR,
    fragment_count,
    generate_corpus,
    read_truth,
    resolution_quality,
)

__all__ = ["TRUTH_DIR", "fragment_count", "generate_corpus", "read_truth", "resolution_quality"]
