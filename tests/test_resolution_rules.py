"""Rules that decide which reports describe one event, on hand-written articles.

Each test builds a few short articles in the reporting styles the dashboard
reads (official statements, insurgent claims relayed by media, wire reports,
local press with datelines, first reports and later revisions) and checks
that reports of one event become one incident and different events stay apart.
"""

from __future__ import annotations

import pytest

from dashlib.build import build_tables
from dashlib.load import SourceFile


def _build(articles: dict[str, str]):
    sources = [SourceFile(name, text.encode("utf-8")) for name, text in articles.items()]
    return build_tables(sources, curation_entries=None)


def _incident_of(tables, file: str) -> str:
    """The incident of the article's first main mention."""
    aid = tables.articles.set_index("file").loc[file, "article_id"]
    m = tables.mentions
    main = m[(m["article_id"] == aid) & (m["role"] == "main")].sort_values("char_start")
    assert len(main), f"{file}: no main mention"
    return main["incident_id"].iloc[0]


def _incident(tables, file: str) -> dict:
    iid = _incident_of(tables, file)
    return tables.incidents.set_index("incident_id").loc[iid].to_dict()


# -- datelines -----------------------------------------------------------------


def test_newspaper_dateline_after_a_title_is_the_filing_date_not_the_event_date():
    t = _build(
        {
            "local.txt": (
                "title: Seven dead in Kohlu raid\n"
                "date: 2019-10-26\n"
                "outlet: Dawn\n\n"
                "Seven dead in Kohlu raid\n\n"
                "KOHLU, October 26: Gunmen attacked a vegetable market in Kohlu on Wednesday, "
                "killing seven people, local officials said.\n"
            )
        }
    )
    inc = _incident(t, "local.txt")
    assert (inc["date_start"], inc["date_end"]) == ("2019-10-23", "2019-10-23")


def test_wire_dateline_after_a_title_and_byline_is_not_the_event_date():
    t = _build(
        {
            "wire.md": (
                "---\ntitle: Abduction on highway near Kachhi\ndate: 2025-10-25\n"
                "outlet: Anadolu Agency\n---\n\n"
                "# Abduction on highway near Kachhi\n\n"
                "KACHHI, Oct 25 (Anadolu) - Nine passengers were abducted by masked gunmen in "
                "Balochistan's Kachhi district on October 13, the provincial government said.\n"
            )
        }
    )
    inc = _incident(t, "wire.md")
    assert inc["date_start"] == "2025-10-13"
    claims = t.claims
    assert set(claims["relayed_by"]) == {"Anadolu"}  # the wire of the dateline relays the figures


def test_a_first_report_and_a_later_datelined_report_of_one_attack_merge():
    t = _build(
        {
            "first.txt": (
                "date: 2020-02-15\noutlet: Balochistan Express\n\n"
                "QUETTA: A police officer was killed when gunmen attacked a police station in "
                "Panjgur on Saturday, officials said.\n"
            ),
            "later.txt": (
                "date: 2020-02-22\noutlet: Daily Times\n\n"
                "Panjgur police station attack toll rises\n\n"
                "PANJGUR, February 22: The death toll in the attack on a police station in "
                "Panjgur on February 15 rose to three, police officials said.\n"
            ),
        }
    )
    assert _incident_of(t, "first.txt") == _incident_of(t, "later.txt")
    assert _incident(t, "later.txt")["date_start"] == "2020-02-15"


@pytest.mark.parametrize(
    "line",
    [
        "UPDATE: Gunmen attacked a police station in Panjgur on Saturday, killing a police officer.",
        "Gunmen attacked a police station in Panjgur on Saturday, killing a police officer.",
    ],
)
def test_a_line_without_a_dateline_keeps_its_dates(line):
    t = _build({"a.txt": f"date: 2020-02-17\noutlet: Dawn\n\n{line}\n"})
    assert _incident(t, "a.txt")["date_start"] == "2020-02-15"
