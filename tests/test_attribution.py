"""Who states each figure: one sentence per attribution pattern, built end to end."""

import pytest
from one_article import claim_rows

from dashlib.building.load import SourceFile
from dashlib.building.pipeline import build_tables

ATTRIBUTION = ("number_text", "claimant_type", "claimant", "relayed_by", "stance")


def claims_of(text, published="2025-06-14"):
    """(figure, kind of source, speaker, relayed by, stance) of each claim in ``text``."""
    return claim_rows(text, ATTRIBUTION, published)


@pytest.mark.parametrize(
    "text,expected",
    [
        # subject + verb before the figure
        (
            "The military said 12 militants were killed in an attack in Kech on Friday.",
            [("12", "government", "The military", "", "claim")],
        ),
        # verb after the figure
        (
            "Twelve militants were killed in an attack in Kech on Friday, the military said.",
            [("Twelve", "government", "the military", "", "claim")],
        ),
        # inverted
        (
            "Twelve militants were killed in an attack in Kech on Friday, said a police official.",
            [("Twelve", "government", "a police official", "", "claim")],
        ),
        # according to
        (
            "According to hospital officials, 9 people died in a bombing in Quetta on Friday.",
            [("9", "media", "hospital officials", "", "claim")],
        ),
        # insurgent claim with responsibility
        (
            "The BLA claimed responsibility for an ambush in Kalat on Friday, saying it killed 20 soldiers.",
            [("20", "insurgents", "The BLA", "", "claim")],
        ),
        # two sides in one sentence
        (
            "The army said 5 soldiers died in an attack in Turbat on Friday, but the BLA claimed it had killed 40.",
            [
                ("5", "government", "The army", "", "claim"),
                ("40", "insurgents", "the BLA", "", "claim"),
            ],
        ),
        # a witness relayed by an outlet
        (
            "A witness told Reuters that 7 passengers were abducted in an attack near Mastung on Friday.",
            [("7", "media", "A witness", "Reuters", "claim")],
        ),
        # no source named
        (
            "Seven passengers were abducted in an attack near Mastung on Friday.",
            [("Seven", "unspecified", "", "", "claim")],
        ),
        # an outlet's own count
        (
            "According to a Dawn tally, 31 people were killed in attacks across Balochistan on Friday.",
            [("31", "media", "Dawn tally", "", "claim")],
        ),
        # a rights group
        (
            "The HRCP said at least 14 people were abducted in a raid in Awaran on Friday.",
            [("at least 14", "media", "The HRCP", "", "claim")],
        ),
    ],
)
def test_attribution(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a speaker after a connective opens the statement, even set off by commas
        (
            "Three militants were killed in Zhob on Friday, the ISPR said. "
            "However, it added, five soldiers succumbed to their injuries.",
            [
                ("Three", "government", "the ISPR", "", "claim"),
                ("five", "government", "the ISPR", "", "claim"),
            ],
        ),
        # a clause joined after the speaker's tag is the same statement
        (
            "Six terrorists were killed in Quetta on Friday, police said, while two FC "
            "personnel were injured.",
            [
                ("Six", "government", "police", "", "claim"),
                ("two", "government", "police", "", "claim"),
            ],
        ),
        # ... but not when the joined clause names its own speaker, before or after
        (
            "Five soldiers were killed in Turbat on Friday, the army said, while the BLA "
            "claimed it had killed 40.",
            [
                ("Five", "government", "the army", "", "claim"),
                ("40", "insurgents", "the BLA", "", "claim"),
            ],
        ),
        (
            "Five soldiers were killed in Turbat on Friday, the army said, while 40 were "
            "killed, according to the BLA.",
            [
                ("Five", "government", "the army", "", "claim"),
                ("40", "insurgents", "the BLA", "", "claim"),
            ],
        ),
        # a speaker who confirms the toll of the sentence before states it
        (
            "At least 52 people were killed in a blast in Mastung on Friday. "
            "The district health officer confirmed the casualties to Dawn.com.",
            [("At least 52", "government", "The district health officer", "Dawn.com", "claim")],
        ),
        # ... saying something else about the attack does not
        (
            "At least 52 people were killed in a blast in Mastung on Friday. "
            "The district health officer said the wounded were taken to Quetta.",
            [("At least 52", "unspecified", "", "", "claim")],
        ),
    ],
)
def test_attribution_across_clauses(text, expected):
    assert claims_of(text) == expected


def test_a_name_before_an_appositive_that_names_no_source_type():
    text = (
        "Baloch Raaji Aajoi Sangar (BRAS), an alliance of Baloch armed groups, claimed "
        "responsibility for the attack in Turbat on Friday and said 25 soldiers were killed."
    )
    assert claims_of(text) == [
        ("25", "insurgents", "Baloch Raaji Aajoi Sangar (BRAS)", "", "claim")
    ]


def test_a_title_without_an_article_after_the_name():
    text = (
        "“We received the bodies of two children,” Dr Latif, Medical Superintendent of the "
        "hospital, told Dawn after the blast in Gwadar on Friday."
    )
    assert claims_of(text) == [
        ("two", "media", "Dr Latif, Medical Superintendent of the hospital", "Dawn", "claim")
    ]


def test_toll_confirmed_in_the_next_paragraph():
    text = (
        "At least 52 people were killed in a blast in Mastung on Friday.\n"
        "The district health officer confirmed the death toll."
    )
    assert claims_of(text) == [
        ("At least 52", "government", "The district health officer", "", "claim")
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a report that tells what the group's own men did goes on with the group's account
        (
            "The BLA claimed responsibility for an attack on a convoy in Kalat on Friday.\n"
            "BLA fighters ambushed the convoy on the highway. The vehicles were set on fire.\n"
            "BLA fighters later targeted a second vehicle. Nine soldiers were killed in the attack.",
            [("Nine", "insurgents", "The BLA", "", "claim")],
        ),
        # the reporter describing the group is not the group's account
        (
            "The BLA claimed responsibility for an attack on a convoy in Kalat on Friday.\n"
            "The BLA is a banned separatist group.\n"
            "In August, it launched attacks in which more than 70 people were killed.",
            [("more than 70", "unspecified", "", "", "claim")],
        ),
        # a speaker of its own still speaks for itself
        (
            "The BLA claimed responsibility for an attack on a convoy in Kalat on Friday.\n"
            "BLA fighters ambushed the convoy on the highway.\n"
            "Police said nine soldiers were killed in the attack.",
            [("nine", "government", "Police", "", "claim")],
        ),
    ],
)
def test_armed_group_account_across_paragraphs(text, expected):
    assert claims_of(text) == expected


_CLAIMED = "The BLA claimed responsibility for the attack in Kalat on Friday. "


@pytest.mark.parametrize(
    "text,expected",
    [
        # the group is not the subject: troops raided the group
        (
            _CLAIMED + "Security forces later raided a hideout of BLA militants who had "
            "attacked the convoy. Eight militants were killed in the raid.",
            [("Eight", "unspecified", "", "", "claim")],
        ),
        # background in the perfect: not the account of this attack
        (
            _CLAIMED + "The BLA has carried out a series of deadly attacks in the province. "
            "In March, 26 hostages were killed when the group hijacked the Jaffar Express.",
            [("26", "unspecified", "", "", "claim")],
        ),
        (
            _CLAIMED + "BLA militants have targeted security forces in the area before. "
            "Last month, 18 soldiers were martyred.",
            [("18", "unspecified", "", "", "claim")],
        ),
        # another actor opens the sentence with the figure
        (
            _CLAIMED + "BLA militants stormed the FC camp. Security forces repulsed the "
            "attack, killing all five attackers.",
            [("five", "unspecified", "", "", "claim"), ("five", "unspecified", "", "", "claim")],
        ),
    ],
)
def test_what_is_not_the_armed_groups_account(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a speaker after the verb wins over a clause before an appositive
        (
            "BLA militants attacked a convoy in Kech, a district bordering Iran, said the "
            "ISPR, adding that five soldiers were martyred.",
            [("five", "government", "the ISPR", "", "claim")],
        ),
        (
            "Twelve militants were killed in Quetta, the provincial capital, said the ISPR.",
            [("Twelve", "government", "the ISPR", "", "claim")],
        ),
        # a capitalised list or an acronym between commas is no title
        (
            "Three soldiers were killed in an attack claimed by the Balochistan Liberation "
            "Army, BLA, said a police official.",
            [("Three", "government", "a police official", "", "claim")],
        ),
        (
            "Five militants were killed in an exchange of fire with the police, Levies and "
            "FC, said the district police officer.",
            [("Five", "government", "the district police officer", "", "claim")],
        ),
        # a joined clause with a speech verb of its own is not the first speaker's
        (
            "Five soldiers were martyred in Kech on Friday, the ISPR said, while the BLA, in "
            "a message on Telegram, claimed to have killed 30.",
            [
                ("Five", "government", "the ISPR", "", "claim"),
                ("30", "unspecified", "", "", "claim"),
            ],
        ),
        (
            "Six people were killed in Quetta on Friday, police said, while local media "
            "reported 12 deaths.",
            [("Six", "government", "police", "", "claim"), ("12", "unspecified", "", "", "claim")],
        ),
        # a toll not confirmed is nobody's
        (
            "More than 40 soldiers were killed in the attack in Kech on Friday. The military "
            "hasn't confirmed the death toll.",
            [("More than 40", "unspecified", "", "", "claim")],
        ),
        (
            "At least 14 people were killed in Quetta on Friday. Reuters could not verify the "
            "figures and officials have not confirmed the toll.",
            [("At least 14", "unspecified", "", "", "claim")],
        ),
    ],
)
def test_rules_that_must_not_reach_too_far(text, expected):
    assert claims_of(text) == expected


def test_denial_is_kept_as_a_denial_and_left_out_of_estimates():
    text = (
        "The BLA said it killed 30 soldiers in an ambush in Kalat on Tuesday. "
        "The military denied that 30 soldiers were killed, saying two soldiers were injured."
    )
    body = f"date: 2025-06-14\n\n{text}\n".encode()
    t = build_tables([SourceFile("a.txt", body)])
    rows = {(r.number_text, r.claimant_type, r.stance) for r in t.claims.itertuples()}
    assert ("30", "insurgents", "claim") in rows
    assert ("30", "government", "denial") in rows
    assert ("two", "government", "claim") in rows
    killed = t.estimates[(t.estimates["metric"] == "killed")].iloc[0]
    assert killed["n_claims"] == 1  # the denial is not a government figure of 30


def test_he_said_reuses_the_last_named_speaker():
    text = "A police spokesman said the attack in Quetta on Friday was repulsed. Three attackers were killed, he said."
    assert claims_of(text) == [("Three", "government", "A police spokesman", "", "claim")]


def test_wire_dateline_relays_attributed_figures():
    text = "QUETTA, Pakistan (AP) — Gunmen killed six labourers in Kech on Friday, police said."
    assert claims_of(text) == [("six", "government", "police", "AP", "claim")]


def test_quoted_relay():
    text = 'AP News reports: "During the attack in Turbat on Friday, 11 soldiers were killed, the military said."'
    assert claims_of(text) == [("11", "government", "the military", "AP News", "claim")]


# A second review's sentences (our own words): who states each figure.
_SECOND_REVIEW = [
    (
        "Five people were killed in the attack claimed by the BLA, a banned separatist group, said police.",
        [("Five", "government")],
    ),
    (
        "Two guards were killed when gunmen attacked the vehicle of Ali Khan, a senior police officer, said hospital sources.",
        [("Two", "media")],
    ),
    (
        "Five people were killed near the camp of the FC, a paramilitary force, said the BLA.",
        [("Five", "insurgents")],
    ),
    (
        "Interior Minister Mohsin Naqvi, the man in charge of internal security, said 12 terrorists had been killed.",
        [("12", "government")],
    ),
    (
        "Levies official Abdul Ghani, the first to reach the site, said six people had been killed.",
        [("six", "government")],
    ),
    (
        "The proscribed Balochistan Liberation Army, the largest of the separatist groups, said its fighters had killed 30 soldiers.",
        [("30", "insurgents")],
    ),
    ("Jeeyand Baloch, BLA spokesman, said 30 soldiers had been killed.", [("30", "insurgents")]),
    (
        "Ali Khan, SHO of the City police station, said four people had been killed.",
        [("four", "government")],
    ),
    (
        "Syed Muhammad Ali Shah Bukhari, Deputy Commissioner of Kech, told Dawn that five people had been killed.",
        [("five", "government")],
    ),
    (
        "Lt Gen Ahmed Sharif Chaudhry, Director General of ISPR, said 33 terrorists had been killed.",
        [("33", "government")],
    ),
    (
        "Six people were killed in the blast, police said, and added that 12 others were injured.",
        [("Six", "government"), ("12", "government")],
    ),
    (
        "BLA militants attacked a convoy in Kech, a district bordering Iran, said the ISPR, adding that five soldiers were martyred.",
        [("five", "government")],
    ),
    (
        "Three soldiers were killed in an attack claimed by the Balochistan Liberation Army, BLA, said a police official.",
        [("Three", "government")],
    ),
    (
        "Six people were killed in Quetta on Friday, police said, while local media reported 12 deaths.",
        [("Six", "government"), ("12", "unspecified")],
    ),
    (
        "Baloch Raaji Aajoi Sangar (BRAS), an alliance of Baloch armed groups, claimed responsibility for the attack in Turbat on Friday and said 25 soldiers were killed.",
        [("25", "insurgents")],
    ),
    (
        "“We received the bodies of two children,” Dr Latif, Medical Superintendent of the hospital, told Dawn.",
        [("two", "media")],
    ),
    (
        "Liaquat Shahwani, a spokesman for the Balochistan government, said 7 people were killed in Quetta on Friday.",
        [("7", "government")],
    ),
    (
        "At least 14 people were killed in the blast in Quetta on Friday. A hospital official, who did not want to be named, confirmed the death toll.",
        [("At least 14", "media")],
    ),
    (
        "At least 14 people were killed in the blast in Quetta on Friday. Police could not be reached, but the DHO confirmed the toll.",
        [("At least 14", "government")],
    ),
    (
        "At least 14 people were killed in the blast in Quetta on Friday. No official confirmed the toll.",
        [("At least 14", "unspecified")],
    ),
    (
        "At least 14 people were killed in the blast in Quetta on Friday. Neither the police nor the provincial government confirmed the toll.",
        [("At least 14", "unspecified")],
    ),
    (
        "At least 14 people were killed in the blast in Quetta on Friday. None of the officials contacted by Dawn confirmed the toll.",
        [("At least 14", "unspecified")],
    ),
    (
        "More than 40 soldiers were killed in the attack in Kech on Friday. The military hasn't confirmed the death toll.",
        [("More than 40", "unspecified")],
    ),
    (
        "At least 52 people were killed in a blast in Mastung on Friday. The district health officer confirmed the casualties to Dawn.com.",
        [("At least 52", "government")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. BLA fighters ambushed the convoy on the highway, killing nine soldiers.",
        [("nine", "insurgents")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. BLA militants ambushed the convoy on the highway. The attackers killed nine soldiers.",
        [("nine", "insurgents")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat. Fighters of the BLA ambushed the convoy on the highway. Nine soldiers were killed.",
        [("Nine", "insurgents")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat. Heavily armed BLA fighters ambushed the convoy. Nine soldiers were killed.",
        [("Nine", "insurgents")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. BLA fighters ambushed the convoy on the highway. Chief Minister Sarfraz Bugti condemned the attack, in which nine soldiers were martyred.",
        [("nine", "unspecified")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. BLA fighters ambushed the convoy on the highway. In a separate incident, two policemen were killed in Turbat.",
        [("two", "unspecified")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. In March last year, BLA fighters stormed the Jaffar Express. Twenty-six hostages were killed.",
        [("Twenty-six", "unspecified")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. Last August, BLA fighters attacked police stations across the province. More than 70 people were killed.",
        [("More than 70", "unspecified")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. Security forces later raided a hideout of BLA militants who had attacked the convoy. Eight militants were killed in the raid.",
        [("Eight", "unspecified")],
    ),
    (
        "The BLA claimed responsibility for the attack in Kalat on Friday. BLA militants stormed the FC camp. Security forces repulsed the attack, killing all five attackers.",
        [("five", "unspecified"), ("five", "unspecified")],
    ),
    (
        "The BLA claimed responsibility for an attack on a convoy in Kalat on Friday.\nBLA fighters ambushed the convoy on the highway. The vehicles were set on fire.\nBLA fighters later targeted a second vehicle. Nine soldiers were killed in the attack.",
        [("Nine", "insurgents")],
    ),
]


@pytest.mark.parametrize("text,expected", _SECOND_REVIEW)
def test_claimant_types_in_a_second_reviews_sentences(text, expected):
    assert [(n, kind) for n, kind, *_ in claims_of(text)] == expected


@pytest.mark.parametrize(
    "text,speakers",
    [
        # two named officials of one kind of role: two sources of the same figure
        (
            "Ten soldiers were killed in an attack in Kech on Friday, Deputy Commissioner Ali "
            "Khan said. Assistant Commissioner Rashid Baloch said ten soldiers were killed.",
            ["Deputy Commissioner Ali Khan", "Assistant Commissioner Rashid Baloch"],
        ),
        (
            "Interior Minister Mohsin Naqvi said ten soldiers were killed in an attack in Kech "
            "on Friday. Chief Minister Sarfraz Bugti also said ten soldiers were killed.",
            ["Interior Minister Mohsin Naqvi", "Chief Minister Sarfraz Bugti"],
        ),
        # one person, named again, by title or by pronoun: one source
        (
            "Ten soldiers were killed in an attack in Kech on Friday, Deputy Commissioner Ali "
            "Khan said. Khan said ten soldiers were killed in the attack.",
            ["Deputy Commissioner Ali Khan"],
        ),
        (
            "Ten soldiers were killed in an attack in Kech on Friday, Deputy Commissioner Ali "
            "Khan said. The deputy commissioner said ten soldiers were killed in the attack.",
            ["Deputy Commissioner Ali Khan"],
        ),
        (
            "Ten soldiers were killed in an attack in Kech on Friday, Deputy Commissioner Ali "
            "Khan said. He said ten soldiers were killed in the attack.",
            ["Deputy Commissioner Ali Khan"],
        ),
        # an organisation and its spokesman's words: one source
        (
            "The ISPR said ten soldiers were killed in an attack in Kech on Friday. The "
            "military said ten soldiers were killed.",
            ["The ISPR"],
        ),
    ],
)
def test_the_same_figure_from_two_named_people_is_two_claims(text, speakers):
    assert [c[2] for c in claims_of(text)] == speakers


@pytest.mark.parametrize(
    "text,figures",
    [
        # the date of a statement: its day is no count
        (
            "Officials confirmed on April 4 that six workers were killed and one injured in an "
            "attack in Ormara.",
            ["six", "one"],
        ),
        (
            "The police chief said on 12 March that three policemen were martyred in Turbat.",
            ["three"],
        ),
        # a headline's date
        (
            "Blast on March 11 kills five in Kech\nFive people were killed in a blast in Kech "
            "on Tuesday, police said.",
            ["five", "Five"],
        ),
        # the event's date and the dateline's, as before
        ("On April 4, six workers were killed in an attack in Ormara.", ["six"]),
        (
            "QUETTA, June 10 (Reuters) - Two soldiers were killed in an attack in Kech, police "
            "said.",
            ["Two"],
        ),
    ],
)
def test_the_numbers_of_a_date_are_no_figures(text, figures):
    assert [c[0] for c in claims_of(text)] == figures
