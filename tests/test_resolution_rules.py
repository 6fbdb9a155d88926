"""Rules that decide which reports describe one event, on hand-written articles.

Each test builds a few short articles in the reporting styles the dashboard
reads (official statements, insurgent claims relayed by media, wire reports,
local press with datelines, first reports and later revisions) and checks
that reports of one event become one incident and different events stay apart.
"""

from __future__ import annotations

import pytest

from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables


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


# -- several events on one day in one district -----------------------------------------


def _articles(**texts: str) -> dict[str, str]:
    return {f"{name}.txt": text for name, text in texts.items()}


def test_two_attacks_on_one_day_in_one_district_stay_two_incidents():
    """A market bombing and an attack on a convoy, both in Kech on Monday, each reported twice."""
    t = _build(
        _articles(
            market_wire=(
                "date: 2024-06-25\noutlet: Reuters\n\n"
                "QUETTA, June 25 (Reuters) - A bomb blast at a crowded market in Kech killed six "
                "shoppers on Monday, police said.\n"
            ),
            market_local=(
                "date: 2024-06-25\noutlet: Daily Intikhab\n\n"
                "TURBAT: Six civilians were martyred and 11 injured when an explosion ripped through "
                "a vegetable market in Kech on Monday, officials said.\n"
            ),
            ambush_official=(
                "date: 2024-06-25\noutlet: ISPR\n\n"
                "Terrorists attacked a Frontier Corps convoy in Kech on Monday, martyring four "
                "soldiers, the ISPR said in a statement.\n"
            ),
            ambush_claim=(
                "date: 2024-06-26\noutlet: The Balochistan Post\n\n"
                "The Baloch Liberation Front (BLF) said its fighters attacked a military convoy in "
                "Kech on Monday and killed 12 soldiers.\n"
            ),
        )
    )
    market = _incident_of(t, "market_wire.txt")
    ambush = _incident_of(t, "ambush_official.txt")
    assert market != ambush
    assert _incident_of(t, "market_local.txt") == market
    assert _incident_of(t, "ambush_claim.txt") == ambush


def test_an_operation_and_an_attack_on_the_same_day_stay_apart():
    t = _build(
        _articles(
            ibo=(
                "date: 2022-02-16\noutlet: ISPR\n\n"
                "Security forces killed five terrorists in an intelligence-based operation in "
                "Panjgur on Tuesday, the ISPR said.\n"
            ),
            attack=(
                "date: 2022-02-16\noutlet: Dawn\n\n"
                "PANJGUR: Gunmen on motorcycles opened fire on a passenger van in Panjgur on "
                "Tuesday, killing three labourers, police said.\n"
            ),
        )
    )
    assert _incident_of(t, "ibo.txt") != _incident_of(t, "attack.txt")


def test_an_attack_told_with_the_operation_after_it_joins_the_attack_by_its_count():
    """One report tells the attack and the troops' response together (an operation, by
    its words); it shares the attack's day, district and count with the attack's report."""
    t = _build(
        _articles(
            attack=(
                "date: 2023-03-07\noutlet: Dawn\n\n"
                "Gunmen opened fire on a passenger coach on the highway in Kachhi on Monday, "
                "killing seven passengers, police said.\n"
            ),
            response=(
                "date: 2023-03-08\noutlet: Daily Intikhab\n\n"
                "Seven passengers were killed in Kachhi district on March 6. Security forces "
                "responded and killed 12 terrorists in the ensuing clearance operation.\n"
            ),
        )
    )
    assert _incident_of(t, "response.txt") == _incident_of(t, "attack.txt")


def test_reports_naming_different_towns_of_one_district_are_different_events():
    t = _build(
        _articles(
            turbat=(
                "date: 2021-03-02\noutlet: Dawn\n\n"
                "Gunmen killed two policemen at a checkpoint in Turbat on Monday, officials said.\n"
            ),
            tump=(
                "date: 2021-03-02\noutlet: Geo News\n\n"
                "Gunmen killed three policemen at a checkpoint in Tump on Monday, officials said.\n"
            ),
        )
    )
    assert _incident_of(t, "turbat.txt") != _incident_of(t, "tump.txt")


def test_attacks_claimed_by_different_groups_are_different_events():
    t = _build(
        _articles(
            bla=(
                "date: 2016-09-21\noutlet: Dawn\n\n"
                "A suicide bomber struck a security forces convoy in Hub on Tuesday, killing four "
                "soldiers. The Baloch Liberation Army (BLA) claimed responsibility.\n"
            ),
            ttp=(
                "date: 2016-09-21\noutlet: The News\n\n"
                "A suicide bomber blew himself up near a Frontier Corps camp in Hub on Tuesday, "
                "killing two soldiers. The Tehreek-e-Taliban Pakistan (TTP) claimed responsibility.\n"
            ),
        )
    )
    assert _incident_of(t, "bla.txt") != _incident_of(t, "ttp.txt")


# -- one event told differently ------------------------------------------------------


def test_an_official_toll_and_an_insurgent_claim_of_one_attack_merge():
    t = _build(
        _articles(
            official=(
                "date: 2023-05-09\noutlet: Dawn\n\n"
                "QUETTA: Gunmen opened fire on a Levies checkpost in Kohlu on Monday, martyring "
                "three personnel, the deputy commissioner said.\n"
            ),
            claim=(
                "date: 2023-05-09\noutlet: The Balochistan Post\n\n"
                "The Baloch Liberation Army (BLA) said in a statement that its fighters attacked a "
                "Levies post in Kohlu on Monday and killed ten personnel.\n"
            ),
        )
    )
    assert _incident_of(t, "official.txt") == _incident_of(t, "claim.txt")


def test_a_blast_and_an_attack_on_the_same_police_van_merge():
    """Different words for the event ("bomb exploded" / "attack") with the same target."""
    t = _build(
        _articles(
            wire=(
                "date: 2020-05-27\noutlet: AFP\n\n"
                "QUETTA, May 27 (AFP) - A bomb exploded next to a police van in Quetta on Tuesday, "
                "killing three policemen, officials said.\n"
            ),
            police=(
                "date: 2020-05-27\noutlet: Samaa TV\n\n"
                "Three policemen were martyred in an attack on a police van in Quetta on Tuesday, "
                "a police spokesman said.\n"
            ),
        )
    )
    assert _incident_of(t, "wire.txt") == _incident_of(t, "police.txt")


# -- reports that give no date --------------------------------------------------------

_FIRST_REPORT = (
    "date: 2017-02-20\noutlet: Reuters\n\n"
    "A suicide bomber killed nine people at a shrine in Mastung on Sunday, police said.\n"
)
_REVISION = (
    "date: 2017-02-23\noutlet: The Express Tribune\n\n"
    "The death toll from the suicide bombing at a shrine in Mastung rose to 14, hospital "
    "officials said.\n"
)


def test_an_undated_revision_joins_the_one_event_of_the_days_before_it():
    t = _build(_articles(first=_FIRST_REPORT, revision=_REVISION))
    assert _incident_of(t, "first.txt") == _incident_of(t, "revision.txt")
    assert _incident(t, "revision.txt")["date_start"] == "2017-02-19"


_KALAT_DATED = (
    "date: 2024-08-26\noutlet: Dawn\n\n"
    "KALAT: Eleven people, including four Levies personnel, were killed when "
    "militants stormed a Levies station in Kalat on Monday, officials said.\n"
)
_UNPLACED = (
    "date: 2024-08-27\noutlet: Reuters\n\n"
    "Officials said militants also targeted police and security stations in "
    "Balochistan, killing at least 10 people in one attack.\n"
)


def _recap(district: str) -> str:
    return (
        "date: 2024-08-30\noutlet: Dunya News\n\n"
        "The provincial government has called a meeting on the law and order "
        "situation.\n"
        "Earlier, ten people, including police and levies personnel, were killed in "
        f"an armed attack in {district} district.\n"
    )


def test_a_recap_joins_the_dated_attack_and_the_unplaced_report_of_it():
    """A recap gives the attack's district but no date; a wire report gives neither
    (only the province). The recap fits both, and nothing tells those two apart: all
    three are one attack."""
    t = _build(_articles(dated=_KALAT_DATED, unplaced=_UNPLACED, recap=_recap("Kalat")))
    dated = _incident_of(t, "dated.txt")
    assert _incident_of(t, "unplaced.txt") == dated
    assert _incident_of(t, "recap.txt") == dated


def test_a_vague_report_that_fits_several_events_does_not_vouch_for_a_recap():
    """As above, but the unplaced report also fits two recaps of attacks elsewhere
    with the same count: it could be any of them, so the Kalat recap, which fits
    both the dated attack and that report, is not guessed into the dated attack.
    The pair is left for the analyst, with its evidence."""
    t = _build(
        _articles(
            dated=_KALAT_DATED,
            unplaced=_UNPLACED,
            recap=_recap("Kalat"),
            recap2=_recap("Mastung"),
            recap3=_recap("Kech"),
        )
    )
    dated, kalat = _incident_of(t, "dated.txt"), _incident_of(t, "recap.txt")
    assert kalat != dated
    listed = [sorted(c["incident_ids"]) for c in t.report["merge_candidates"]["listed"]]
    assert sorted([kalat, dated]) in listed


def test_people_named_in_a_total_without_a_number_mark_the_target():
    t = _build(
        _articles(
            recap=(
                "date: 2024-08-30\noutlet: Dunya News\n\n"
                "Ten people, including police and levies personnel, were killed in an armed "
                "attack in Kalat district on Monday.\n"
            )
        )
    )
    assert _incident(t, "recap.txt")["target_categories"] == "security_forces"


def test_an_undated_revision_is_not_guessed_between_two_events():
    other = (
        "date: 2017-02-22\noutlet: Dawn\n\n"
        "A suicide bomber struck a police checkpoint in Mastung on Tuesday, killing four "
        "policemen, officials said.\n"
    )
    t = _build(_articles(first=_FIRST_REPORT, other=other, revision=_REVISION))
    assert _incident_of(t, "first.txt") != _incident_of(t, "other.txt")
    assert _incident_of(t, "revision.txt") not in {
        _incident_of(t, "first.txt"),
        _incident_of(t, "other.txt"),
    }


def test_an_undated_report_published_long_after_stays_apart():
    late = _REVISION.replace("date: 2017-02-23", "date: 2017-04-23")
    t = _build(_articles(first=_FIRST_REPORT, revision=late))
    assert _incident_of(t, "first.txt") != _incident_of(t, "revision.txt")


# -- smaller extraction rules the resolution leans on ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "KARACHI, May 27 (AFP) - A bomb exploded next to a police van in Quetta on Tuesday, killing three policemen.",
        "In May a bomb exploded next to a police van in Quetta, killing three policemen, officials said.",
    ],
)
def test_the_month_may_does_not_make_an_event_hypothetical(text):
    t = _build({"a.txt": f"date: 2020-05-27\noutlet: AFP\n\n{text}\n"})
    assert _incident(t, "a.txt")["incident_type"] == "bombing"


def test_a_bomb_that_may_have_been_planned_is_still_hypothetical():
    t = _build(
        {
            "a.txt": (
                "date: 2020-05-27\noutlet: Dawn\n\n"
                "Officials said militants may bomb the railway station in Quetta, and security was "
                "raised.\n"
            )
        }
    )
    assert len(t.incidents) == 0


def test_a_responsibility_claim_in_its_own_sentence_names_the_perpetrator():
    t = _build(
        {
            "a.txt": (
                "date: 2016-09-21\noutlet: Dawn\n\n"
                "A suicide bomber struck a security forces convoy in Hub on Tuesday, killing four "
                "soldiers. The Baloch Liberation Army (BLA) claimed responsibility.\n"
            )
        }
    )
    assert _incident(t, "a.txt")["perpetrator"] == "Baloch Liberation Army"


def test_an_operation_report_stays_an_operation_when_it_tells_the_fighting():
    t = _build(
        {
            "ispr.txt": (
                "date: 2024-03-05\noutlet: ISPR\n\n"
                "Security forces conducted a clearance operation in Duki on Monday, the ISPR said. "
                "Six terrorists were gunned down in the exchange of fire. The terrorists were "
                "involved in attacks on security forces, the statement said. The chief minister "
                "praised the operation and condemned the attack on a checkpost last month.\n"
            )
        }
    )
    assert _incident(t, "ispr.txt")["incident_type"] == "security_operation"


def test_an_attack_report_stays_an_attack_when_it_tells_the_search_operation():
    t = _build(
        {
            "a.txt": (
                "date: 2024-03-05\noutlet: Dawn\n\n"
                "Gunmen attacked a Levies checkpost in Duki on Monday, killing three personnel, "
                "officials said. Security forces cordoned off the area and launched a search "
                "operation.\n"
            )
        }
    )
    assert _incident(t, "a.txt")["incident_type"] == "armed_assault"


def test_a_report_dated_only_by_its_statement_joins_the_event_of_that_day():
    """ "Officials said on Sunday that ..." gives no date for the blast, but it came shortly before."""
    t = _build(
        _articles(
            first=(
                "date: 2022-12-04\noutlet: Dawn\n\n"
                "TURBAT: Seventeen people were killed when a bomb exploded in a market in Turbat on "
                "Sunday, police said.\n"
            ),
            review=(
                "date: 2023-01-20\noutlet: The Diplomat\n\n"
                "Officials said on December 4 that 17 bystanders lost their lives in a blast in "
                "Turbat.\n"
            ),
        )
    )
    # published weeks later: only the statement's date places the blast
    assert _incident_of(t, "first.txt") == _incident_of(t, "review.txt")


def test_a_statement_long_after_an_event_does_not_join_it():
    t = _build(
        _articles(
            first=(
                "date: 2022-11-01\noutlet: Dawn\n\n"
                "TURBAT: Seventeen people were killed when a bomb exploded in a market in Turbat on "
                "Monday, police said.\n"
            ),
            wire=(
                "date: 2022-12-05\noutlet: AP\n\n"
                "QUETTA, Pakistan (AP) - Officials said on Sunday, December 4, that 17 bystanders "
                "lost their lives in a blast in Turbat.\n"
            ),
        )
    )
    assert _incident_of(t, "first.txt") != _incident_of(t, "wire.txt")


def test_a_report_that_opens_with_an_operation_is_about_the_operation():
    """ "gunned down ... during a clearance operation": the ISPR's operation, told two ways."""
    t = _build(
        _articles(
            ctd=(
                "date: 2020-05-25\noutlet: Dawn\n\n"
                "CTD personnel gunned down eight insurgents during a military operation in Uthal, "
                "Lasbela district on Sunday, the ISPR said.\n"
            ),
            ispr=(
                "date: 2020-05-25\noutlet: ISPR\n\n"
                "Eight terrorists were killed in an intelligence-based operation in Lasbela on "
                "Sunday, the ISPR said in a statement.\n"
            ),
        )
    )
    assert _incident(t, "ctd.txt")["incident_type"] == "security_operation"
    assert _incident_of(t, "ctd.txt") == _incident_of(t, "ispr.txt")


def test_an_attack_with_an_exchange_of_fire_stays_an_attack():
    t = _build(
        {
            "a.txt": (
                "date: 2024-03-21\noutlet: Dawn\n\n"
                "Militants attacked a checkpost in Kech on Wednesday and three of them were killed "
                "in the exchange of fire, officials said.\n"
            )
        }
    )
    assert _incident(t, "a.txt")["incident_type"] == "armed_assault"


@pytest.mark.parametrize(
    "lede",
    [
        "Terrorists targeted a police van in Khuzdar on Monday, killing four policemen, police said.",
        "Armed men fired at an army post in Khuzdar on Monday, martyring two soldiers, officials said.",
        "Insurgents sprayed bullets at a Levies checkpost in Khuzdar on Monday, killing a policeman.",
    ],
)
def test_ledes_of_gun_attacks_are_events(lede):
    t = _build({"a.txt": f"date: 2021-12-07\noutlet: Dawn\n\n{lede}\n"})
    inc = _incident(t, "a.txt")
    assert (inc["incident_type"], inc["date_start"], inc["district"]) == (
        "armed_assault",
        "2021-12-06",
        "Khuzdar",
    )


def test_a_habit_of_targeting_is_no_event():
    t = _build(
        {
            "a.txt": (
                "date: 2021-12-07\noutlet: Dawn\n\n"
                "A bomb killed two soldiers in Kech on Monday, officials said. Militants have often "
                "targeted the highway that links the port of Gwadar with the rest of the country.\n"
            )
        }
    )
    assert len(t.incidents) == 1
    assert "Gwadar" not in _incident(t, "a.txt")["places_mentioned"].split(";")


@pytest.mark.parametrize(
    "lede",
    [
        "Gunmen shot dead two labourers in Kech on Monday, police said.",
        "Gunmen shot dead two labourers in Kech on Monday, police officials told reporters.",
        "Gunmen shot dead two labourers in Kech on Monday, according to the police.",
    ],
)
def test_the_police_who_speak_are_not_the_target(lede):
    t = _build({"a.txt": f"date: 2021-12-07\noutlet: Dawn\n\n{lede}\n"})
    assert _incident(t, "a.txt")["target_categories"] == "civilians"


def test_the_police_who_are_attacked_are_the_target():
    t = _build(
        {
            "a.txt": (
                "date: 2021-12-07\noutlet: Dawn\n\n"
                "Gunmen attacked a police station in Kech on Monday, killing two policemen, "
                "officials said.\n"
            )
        }
    )
    assert "police" in _incident(t, "a.txt")["target_categories"].split(";")


def test_a_dated_recollection_is_not_the_undatable_event_in_focus():
    """No publication date: "on 13 September" cannot be placed, "In June 2019" is another event."""
    t = _build(
        {
            "a.txt": (
                "Terror strikes Gwadar again\n\n"
                "Militants attacked a Levies post in Gwadar on 13 September, killing five "
                "personnel, officials said.\n\n"
                "In June 2019, ten people were killed in a militant ambush in Sohbatpur.\n"
            )
        }
    )
    inc = _incident(t, "a.txt")
    assert inc["date_start"] == "" and inc["district"] == "Gwadar"
    assert "Sohbatpur" not in inc["places_mentioned"].split(";")
    assert len(t.incidents) == 2


def test_a_dated_recollection_is_not_the_event_a_statement_told_of():
    t = _build(
        {
            "a.txt": (
                "date: 2016-07-01\noutlet: Samaa TV\n\n"
                "QUETTA, July 1: A police spokesman said on Saturday that six police officers "
                "were killed in an IED blast in Quetta district.\n\n"
                "In December 2012, seven people were killed in a roadside bomb in Kalat.\n"
            )
        }
    )
    inc = _incident(t, "a.txt")
    assert inc["date_start"] == "" and inc["district"] == "Quetta"
    assert "Kalat" not in inc["places_mentioned"].split(";")
