"""The bundle of tables a build produces."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashlib import schemas

TABLE_NAMES = ("articles", "incidents", "claims", "targets", "mentions", "estimates")


@dataclass
class Tables:
    """All tables of one build, plus the build report.

    Every frame follows :data:`dashlib.schemas.TABLES`; use :meth:`frame` to
    reach one by name.
    """

    articles: pd.DataFrame = field(default_factory=lambda: schemas.empty_frame("articles"))
    incidents: pd.DataFrame = field(default_factory=lambda: schemas.empty_frame("incidents"))
    claims: pd.DataFrame = field(default_factory=lambda: schemas.empty_frame("claims"))
    targets: pd.DataFrame = field(default_factory=lambda: schemas.empty_frame("targets"))
    mentions: pd.DataFrame = field(default_factory=lambda: schemas.empty_frame("mentions"))
    estimates: pd.DataFrame = field(default_factory=lambda: schemas.empty_frame("estimates"))
    report: dict = field(default_factory=dict)

    def frame(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (one of :data:`TABLE_NAMES`)."""
        if name not in TABLE_NAMES:
            raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLE_NAMES)}")
        return getattr(self, name)

    def full(self, name: str) -> pd.DataFrame:
        """Table ``name`` with every column (the same as :meth:`frame` here; the dashboard's
        lazily fetched tables leave the long text columns out of ``frame``)."""
        return self.frame(name)

    def count(self, name: str) -> int:
        """Rows of table ``name``."""
        return len(self.frame(name))

    def items(self):
        """(name, frame) pairs in the standard order."""
        return [(n, getattr(self, n)) for n in TABLE_NAMES]
