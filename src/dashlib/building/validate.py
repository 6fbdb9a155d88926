"""Checks at the end of every build: schemas, offsets and references."""

from __future__ import annotations

import pandera.errors as pae

from dashlib import schemas
from dashlib.tables import Tables


class ValidationFailed(Exception):
    """A table broke its schema or an evidence rule; the message names table, column and rows."""


def _schema_problems(name, df) -> list[str]:
    try:
        schemas.schema(name).validate(df, lazy=True)
    except pae.SchemaErrors as err:
        cases = err.failure_cases
        out = []
        for (column, check), grp in cases.groupby(["column", "check"], dropna=False, sort=True):
            rows = [str(i) for i in grp["index"].tolist()[:10]]
            values = [repr(v) for v in grp["failure_case"].tolist()[:5]]
            out.append(
                f"table {name!r}, column {column!r}: check {check} failed at rows "
                f"{', '.join(rows) or '-'} (values {', '.join(values)})"
            )
        return out
    return []


def _offset_problems(tables: Tables, texts: dict[str, str] | None = None) -> list[str]:
    if texts is None:
        texts = dict(
            zip(
                tables.articles["article_id"].tolist(),
                tables.articles["text"].tolist(),
                strict=True,
            )
        )
    out = []
    for name in ("claims", "targets", "mentions"):
        df = tables.frame(name)
        rows = zip(
            df["article_id"].tolist(),
            df["char_start"].tolist(),
            df["char_end"].tolist(),
            df["quote"].tolist(),
            strict=True,
        )
        for i, (article_id, char_start, char_end, quote) in enumerate(rows):
            text = texts.get(article_id)
            if text is None:
                out.append(
                    f"table {name!r}, column 'article_id': row {i} names unknown article {article_id!r}"
                )
                continue
            if text[char_start:char_end] != quote:
                out.append(
                    f"table {name!r}, column 'quote': row {i} does not equal text[char_start:char_end]"
                )
    incident_ids = set(tables.incidents["incident_id"])
    for name in ("claims", "targets", "mentions", "estimates"):
        df = tables.frame(name)
        bad = df.index[~df["incident_id"].isin(incident_ids)].tolist()
        if bad:
            out.append(f"table {name!r}, column 'incident_id': rows {bad[:10]} name no incident")
    return out


def validate_tables(tables: Tables, texts: dict[str, str] | None = None) -> None:
    """Raise :class:`ValidationFailed` listing every problem, or return quietly.

    ``texts`` (article ID -> text, exactly the ``text`` column of
    ``tables.articles``) saves making a second copy of every text when the
    caller has them at hand (the build does).
    """
    problems = []
    for name, df in tables.items():
        problems += _schema_problems(name, df)
    if not problems:
        problems += _offset_problems(tables, texts)
    if problems:
        raise ValidationFailed("build failed validation:\n  " + "\n  ".join(problems))
