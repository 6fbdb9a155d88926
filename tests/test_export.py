"""The one CSV builder behind every download: filters, header, formula safety, no article text."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from test_filters import A1, A2, tiny_tables

from dashlib import schemas
from dashlib.bench.synthetic import synthetic_tables
from dashlib.csvsafe import restore_frame
from dashlib.reading import export
from dashlib.reading.filters import Filters, apply_filters


@pytest.fixture(scope="module")
def tiny():
    return tiny_tables()


def read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", export.EXPORT_TABLES)
def test_header_is_the_schema_minus_dropped_columns(tiny, name):
    data = export.table_csv(tiny, name)
    header = data.split(b"\n", 1)[0].decode()
    assert header.split(",") == export.export_columns(name)
    assert len(read(data)) == len(tiny.frame(name))


def test_articles_export_has_no_text_column(tiny):
    df = read(export.table_csv(tiny, "articles"))
    assert "text" not in df.columns
    assert "text" in schemas.columns("articles")
    assert list(df["article_id"]) == list(tiny.articles["article_id"])


def test_filters_are_applied(tiny):
    f = Filters(claimant_types=("government",))
    df = read(export.table_csv(tiny, "claims", f))
    assert set(df["claimant_type"]) == {"government"}
    assert len(df) == 2
    # the same bytes as filtering first and exporting without filters
    assert export.table_csv(tiny, "claims", f) == export.table_csv(apply_filters(tiny, f), "claims")
    inc = read(export.table_csv(tiny, "incidents", Filters(article_ids=(A1,))))
    assert list(inc["incident_id"]) == ["i_day"]
    arts = read(export.table_csv(tiny, "articles", Filters(incident_types=("ambush",))))
    assert list(arts["article_id"]) == [A2]


def test_no_rows_still_gives_a_header(tiny):
    data = export.table_csv(tiny, "claims", Filters(incident_types=()))
    assert data.decode().strip().split(",") == export.export_columns("claims")


def test_formulas_are_neutralised_and_reversible():
    t = tiny_tables()
    t.claims.loc[0, "quote"] = '=HYPERLINK("http://evil.example","click")'
    t.claims.loc[1, "claimant"] = "+cmd|' /C calc'!A0"
    t.claims.loc[2, "relayed_by"] = "@SUM(1+1)"
    t.articles.loc[0, "title"] = "-2+3"
    claims = read(export.table_csv(t, "claims"))
    assert claims.loc[0, "quote"].startswith("'=")
    assert claims.loc[1, "claimant"].startswith("'+")
    assert claims.loc[2, "relayed_by"].startswith("'@")
    assert read(export.table_csv(t, "articles")).loc[0, "title"] == "'-2+3"
    assert restore_frame(claims).loc[0, "quote"] == t.claims.loc[0, "quote"]


def test_export_filename(tiny):
    assert export.export_filename("claims") == "claims.csv"
    assert export.export_filename("claims", Filters()) == "claims.csv"
    assert export.export_filename("claims", Filters(places=("Quetta",))) == "claims_filtered.csv"


def test_unknown_table_is_a_clear_error(tiny):
    with pytest.raises(KeyError, match="unknown table"):
        export.table_csv(tiny, "casualties")


def test_data_dictionary_and_column_specs():
    dd = export.data_dictionary()
    assert set(dd["table"]) == set(export.EXPORT_TABLES)
    text_row = dd[(dd["table"] == "articles") & (dd["column"] == "text")]
    assert not text_row["exported"].iloc[0]
    assert dd["exported"].sum() == len(dd) - 1
    specs = {s["name"]: s for s in export.column_specs("claims")}
    assert list(specs) == export.export_columns("claims")
    assert specs["claimant_type"]["help"].startswith("Kind of source")
    assert "government" in specs["claimant_type"]["help"]
    assert "text" not in {s["name"] for s in export.column_specs("articles")}
    assert export.data_dictionary_csv().startswith(
        b"table,column,type,description,allowed_values,exported\n"
    )


def test_large_export_round_trips():
    t = synthetic_tables(400, seed=2)
    f = Filters(date_from="2025-01-01", claimant_types=("insurgents",))
    df = read(export.table_csv(t, "claims", f))
    expected = apply_filters(t, f).claims
    assert len(df) == len(expected) > 0
    assert list(df["claim_id"]) == list(expected["claim_id"])
