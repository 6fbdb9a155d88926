"""Profile the per-article map stage (decode, clean, extract) with cProfile.

    python benchmarks/profile_map.py CORPUS_DIR [--n 300] [--sort tottime] [--top 30]

Prints milliseconds per article and the hottest functions. Use a corpus from
``dashlib bench generate``; the first 20 files warm the regex caches first.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from dashlib import paths
from dashlib.building.load import read_folder
from dashlib.building.map_stage import process_source
from dashlib.extraction.reference import load_reference


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    ref = load_reference(str(paths.REFERENCE_DIR))
    sources, _ = read_folder(args.corpus)
    sources = sources[: args.n]
    for src in sources[:20]:
        process_source(src, ref)
    t0 = time.perf_counter()
    for src in sources:
        process_source(src, ref)
    plain = (time.perf_counter() - t0) / len(sources) * 1000
    prof = cProfile.Profile()
    prof.enable()
    for src in sources:
        process_source(src, ref)
    prof.disable()
    print(f"{plain:.2f} ms per article without the profiler ({len(sources)} articles)")
    pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
