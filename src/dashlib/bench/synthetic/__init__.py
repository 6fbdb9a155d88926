"""Synthetic tables for tests and benchmarks: schema-valid, realistic-looking, fast.

:func:`synthetic_tables` makes incidents and the articles that report them
(:mod:`.incidents`) and the claims those articles state (:mod:`.claims`); :mod:`.tables`
lays them out as the build's tables.
"""

from dashlib.bench.synthetic.tables import synthetic_tables

__all__ = ["synthetic_tables"]
