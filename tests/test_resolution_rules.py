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


# -- what belongs to the event in focus ------------------------------------------


def test_a_recalled_attack_in_another_district_lends_the_event_no_place():
    """ "similar to the ... ambush in Panjgur": Panjgur is not where this attack was."""
    t = _build(
        {
            "kech.txt": (
                "date: 2021-03-02\noutlet: Dawn\n\n"
                "TURBAT: Gunmen killed five labourers at a construction site in Kech on Monday, "
                "police said. The attack was similar to the 2019 ambush in Panjgur that killed "
                "14 soldiers.\n"
            ),
            "panjgur.txt": (
                "date: 2021-03-02\noutlet: The Balochistan Post\n\n"
                "Militants ambushed a Frontier Corps convoy in Panjgur on Monday, killing three "
                "soldiers, the ISPR said.\n"
            ),
        }
    )
    kech = _incident(t, "kech.txt")
    assert "Panjgur" not in kech["places_mentioned"].split(";")
    assert _incident_of(t, "kech.txt") != _incident_of(t, "panjgur.txt")


def test_figures_of_a_separate_incident_are_another_event():
    t = _build(
        {
            "ispr.txt": (
                "date: 2020-05-27\noutlet: The News\n\n"
                "Security forces killed five terrorists in an intelligence-based operation in "
                "Kech on Tuesday, the ISPR said.\n\n"
                "In a separate incident in March 2020, 12 people were killed in Mach.\n"
            )
        }
    )
    op = _incident(t, "ispr.txt")
    assert op["incident_type"] == "security_operation"
    assert op["district"] == "Kech"
    assert "Mach" not in op["places_mentioned"].split(";")
    iid = _incident_of(t, "ispr.txt")
    twelve = t.claims[t.claims["value_low"] == 12]
    assert len(twelve) == 1 and twelve["incident_id"].iloc[0] != iid
    assert len(t.incidents) == 2


def test_more_victims_of_the_same_attack_stay_with_it():
    """ "Another" alone is not a separate incident: "another 12 were injured" adds to the event."""
    t = _build(
        {
            "a.txt": (
                "date: 2020-05-27\noutlet: Dawn\n\n"
                "A bomb exploded near a police van in Quetta on Tuesday, killing three policemen, "
                "officials said. Another 12 people were injured.\n"
            )
        }
    )
    assert len(t.incidents) == 1
    assert set(t.claims["incident_id"]) == {_incident_of(t, "a.txt")}


# -- incident types --------------------------------------------------------------


@pytest.mark.parametrize(
    "detail, expected",
    [
        (
            "Eyewitnesses said the attackers used rocket launchers and automatic weapons.",
            "armed_assault",
        ),
        ("Bomb disposal squad officials collected evidence from the site.", "armed_assault"),
        (
            "The district has been under heavy security since a string of attacks on the highway.",
            "armed_assault",
        ),
        ("The militants fired several rockets at the checkpost before fleeing.", "bombing"),
        (
            "Bomb disposal officials said the explosives had been planted in a motorcycle.",
            "bombing",
        ),
    ],
)
def test_a_detail_sentence_types_the_attack_only_when_it_names_what_happened(detail, expected):
    t = _build(
        {
            "a.txt": (
                "date: 2022-08-03\noutlet: Dawn\n\n"
                "Gunmen attacked a Levies checkpost in Kohlu on Tuesday, killing two personnel, "
                f"officials said. {detail}\n"
            )
        }
    )
    assert _incident(t, "a.txt")["incident_type"] == expected


def test_weapons_and_explosives_recovered_in_an_operation_are_no_bombing():
    t = _build(
        {
            "ispr.txt": (
                "date: 2023-11-20\noutlet: ISPR\n\n"
                "Security forces killed four terrorists in an intelligence-based operation in "
                "Kech on Sunday, the ISPR said. Weapons, ammunition and explosives were recovered "
                "from the slain terrorists.\n"
            )
        }
    )
    assert _incident(t, "ispr.txt")["incident_type"] == "security_operation"


@pytest.mark.parametrize(
    "lede, expected",
    [
        (
            "Militants launched a series of coordinated attacks across Balochistan on Monday, killing 39 people.",
            "coordinated_attacks",
        ),
        (
            "Near-simultaneous assaults across Balochistan on Monday left 39 people dead.",
            "coordinated_attacks",
        ),
        (
            "The army launched a military offensive against militants in Kohlu on Monday, killing 12 insurgents.",
            "security_operation",
        ),
        (
            "Gunmen killed 12 labourers in Kohlu on Monday, the latest in a string of attacks on workers.",
            "armed_assault",
        ),
    ],
)
def test_coordinated_attacks_need_words_of_coordination(lede, expected):
    t = _build({"a.txt": f"date: 2024-08-27\noutlet: Reuters\n\n{lede}\n"})
    assert _incident(t, "a.txt")["incident_type"] == expected
