"""One article built from its text, for the tests of the extraction rules.

The rule tests write an article of a sentence or two and look at the claims the
build makes of it: :func:`claim_rows` builds it as ``dashlib build`` would and
returns the columns a test names, in the order the figures appear.
"""

from __future__ import annotations

from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables


def claim_rows(text: str, columns: tuple[str, ...], published: str = "2025-06-14") -> list[tuple]:
    """``columns`` of each claim in an article with the body ``text`` and the date
    ``published``, in the order of the figures in the text."""
    body = f"date: {published}\n\n{text}\n".encode()
    claims = build_tables([SourceFile("a.txt", body)]).claims.sort_values("figure_start")
    return list(zip(*(claims[c] for c in columns), strict=True))
