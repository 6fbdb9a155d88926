"""Figures: number words, vague quantities and qualifiers become honest bounds."""

import pytest
from one_article import claim_rows

from dashlib import paths
from dashlib.extraction.figures import find_figures
from dashlib.extraction.numbers import number_value
from dashlib.extraction.reference import load_reference

REF = load_reference(str(paths.REFERENCE_DIR))


def figs(sentence):
    return [
        (f.text, f.metric, f.victim_group, f.low, f.high, f.qualifier)
        for f in find_figures(sentence, 0, len(sentence), REF, [])
    ]


@pytest.mark.parametrize(
    "text,value",
    [
        ("7", 7),
        ("1,200", 1200),
        ("Eighteen", 18),
        ("twenty-five", 25),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("two thousand", 2000),
        ("ninety nine", 99),
        ("a hundred and fifty", 150),
        ("an hundred", 100),
        ("a thousand", 1000),
        ("one two", None),
        ("thousand hundred", None),
        ("", None),
    ],
)
def test_number_value(text, value):
    assert number_value(text) == value


def test_text2num_alone_does_not_read_an_article_before_a_scale():
    # Why number_value reads "a hundred" as "one hundred" before handing it to text2num.
    from text_to_num import text2num

    with pytest.raises(ValueError):
        text2num("a hundred", "en")
    assert text2num("one hundred", "en") == 100


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Militants killed over 30 people.", ("over 30", "killed", "all", 31, None, "over")),
        (
            "At least 12 soldiers were killed.",
            ("At least 12", "killed", "security_forces", 12, None, "at_least"),
        ),
        (
            "The attack left more than 20 policemen dead.",
            ("more than 20", "killed", "security_forces", 21, None, "over"),
        ),
        (
            "Around 425 passengers were on board.",
            ("Around 425", "passengers", "all", 425, 425, "about"),
        ),
        (
            "Approximately 200 passengers were taken hostage.",
            ("Approximately 200", "hostages", "passengers", 200, 200, "about"),
        ),
        (
            "The group said it killed dozens of soldiers.",
            ("dozens", "killed", "security_forces", 24, 99, "dozens"),
        ),
        ("They took hundreds hostage.", ("hundreds", "hostages", "all", 200, 999, "hundreds")),
        (
            "Between 30 and 40 people were wounded.",
            ("Between 30 and 40", "injured", "all", 30, 40, "range"),
        ),
        (
            "Up to 15 attackers were killed.",
            ("Up to 15", "killed", "insurgents", None, 15, "up_to"),
        ),
        (
            "Several Chinese engineers were injured.",
            ("Several", "injured", "foreign_nationals", 3, 9, "several"),
        ),
        ("Gunmen abducted six labourers.", ("six", "abducted", "civilians", 6, 6, "exact")),
        ("Troops rescued 190 passengers.", ("190", "rescued", "passengers", 190, 190, "exact")),
        ("The death toll rose to 26 on Tuesday.", ("26", "killed", "all", 26, 26, "exact")),
        # "hospitalized" (wire services) and "hospitalised": people hurt in the attack
        ("Five people were hospitalized.", ("Five", "injured", "all", 5, 5, "exact")),
        (
            "Two soldiers were hospitalised after the blast.",
            ("Two", "injured", "security_forces", 2, 2, "exact"),
        ),
    ],
)
def test_one_figure(sentence, expected):
    assert figs(sentence) == [expected]


def test_list_shares_one_verb():
    got = figs(
        "Eighteen civilians, 15 security personnel and 92 insurgents were killed, the military said."
    )
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("Eighteen", "killed", "civilians"),
        ("15", "killed", "security_forces"),
        ("92", "killed", "insurgents"),
    ]


def test_subset_and_others():
    got = figs("The blast killed 64 people, including 33 insurgents, and injured 38 others.")
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("64", "killed", "all"),
        ("33", "killed", "insurgents"),
        ("38", "injured", "all"),
    ]


def test_others_described_by_a_relative_clause_take_the_verb_after_it():
    got = figs(
        "He said nine soldiers were killed and two others who rushed to the gate were wounded."
    )
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("nine", "killed", "security_forces"),
        ("two", "injured", "security_forces"),
    ]
    # a count that is the object of the verb before it keeps that verb
    got = figs("Troops killed 30 militants who were holding hostages in the compound.")
    assert [(g[0], g[1]) for g in got] == [("30", "killed")]


def test_elliptical_figure_takes_the_group_before_it():
    got = figs("Three Frontier Corps personnel were killed and five injured.")
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("Three", "killed", "security_forces"),
        ("five", "injured", "security_forces"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Balochistan makes up 44% of Pakistan's land area.",
        "Thousands of men, mostly aged between 18 and 49, are missing.",
        "The siege lasted 36 hours.",
        "The group has fought for over two decades.",
        "A two-day-long operation followed.",
        "1. Tehreek-e-Taliban Pakistan (TTP): a militant faction.",
        "The project is worth 62 billion dollars.",
        "One of the most striking incidents occurred then.",
        "Several of the injured are in critical condition.",
    ],
)
def test_not_a_count(sentence):
    assert figs(sentence) == []


def test_a_count_without_a_number_is_no_figure():
    # "A policeman was martyred": the report names a victim, it states no figure (the
    # real reports' gold convention: counts without a number are not figures)
    assert figs("A policeman was martyred in the attack.") == []
    # ... but "others" after it are the same kind of people
    got = figs("A Frontier Corps soldier was martyred and two others were injured.")
    assert got == [("two", "injured", "security_forces", 2, 2, "exact")]


def _groups_of(body: str) -> list[tuple[str, str]]:
    """(figure, group of people counted) of each claim in ``body``."""
    return claim_rows(body, ("number_text", "victim_group"), published="2024-10-12")


def test_a_toll_of_people_takes_the_group_the_report_names_with_that_number():
    body = (
        "At least 20 miners were killed in an attack on a coal mine in Duki on Friday, police "
        "said.\nA doctor in Duki said: “We have received 20 bodies at the hospital.”"
    )
    assert _groups_of(body) == [("At least 20", "civilians"), ("20", "civilians")]


def test_a_range_is_not_the_count_another_figure_names():
    body = (
        "At least 10 soldiers were killed in the ambush in Kech on Friday, the ISPR said. "
        "Local officials said 10 to 15 people died in the attack, including passers-by."
    )
    assert _groups_of(body) == [("At least 10", "security_forces"), ("10 to 15", "all")]


def test_a_headline_toll_keeps_its_words_unless_the_range_is_the_same():
    body = (
        "Militants attack police post in Mastung, killing three\n"
        "Militants attacked a police post in Mastung on Thursday night, killing at least three "
        "policemen, officials said."
    )
    assert _groups_of(body) == [("three", "all"), ("at least three", "security_forces")]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a first verb without an auxiliary, then the casualty verb
        (
            "Fifteen soldiers fought gallantly and embraced martyrdom.",
            [("Fifteen", "killed", "security_forces", 15, 15, "exact")],
        ),
        (
            'The military said 15 security personnel "fought gallantly and embraced '
            'martyrdom" during the operations.',
            [("15", "killed", "security_forces", 15, 15, "exact")],
        ),
        (
            "The 12 attackers stormed the building and were killed by troops.",
            [("12", "killed", "insurgents", 12, 12, "exact")],
        ),
        # ... but not when the second verb has a count of its own
        (
            "Twenty militants attacked the camp and killed 30 soldiers.",
            [
                ("Twenty", "attackers", "all", 20, 20, "exact"),
                ("30", "killed", "security_forces", 30, 30, "exact"),
            ],
        ),
    ],
)
def test_casualty_verb_after_a_first_verb(sentence, expected):
    assert figs(sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        (
            "Two civilians caught in the crossfire were killed.",
            [("Two", "killed", "civilians", 2, 2, "exact")],
        ),
        (
            "Nine hostages held by the militants were killed.",
            [("Nine", "killed", "hostages", 9, 9, "exact")],
        ),
        (
            "Six policemen drove to the scene and were martyred.",
            [("Six", "killed", "security_forces", 6, 6, "exact")],
        ),
    ],
)
def test_a_participle_describing_the_people_stays_in_the_noun(sentence, expected):
    assert figs(sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        (
            "Three Frontier Corps (FC) personnel were killed.",
            [("Three", "killed", "security_forces", 3, 3, "exact")],
        ),
        (
            "Two Levies (tribal police) personnel were martyred.",
            [("Two", "killed", "security_forces", 2, 2, "exact")],
        ),
        (
            "Three Frontier Corps (FC) personnel were among five lives lost.",
            [
                ("Three", "killed", "security_forces", 3, 3, "exact"),
                ("five", "killed", "all", 5, 5, "exact"),
            ],
        ),
    ],
)
def test_a_short_parenthesis_inside_the_counted_noun(sentence, expected):
    assert figs(sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        (
            "The bomber struck the platform, with 13 personnel embracing martyrdom while "
            "another 42 were wounded.",
            [
                ("13", "killed", "security_forces", 13, 13, "exact"),
                ("42", "injured", "security_forces", 42, 42, "exact"),
            ],
        ),
        (
            "Eighteen soldiers, having fought gallantly, made the ultimate sacrifice.",
            [("Eighteen", "killed", "security_forces", 18, 18, "exact")],
        ),
        ("Five people made their way to the hospital.", []),
    ],
)
def test_martyrdom_and_sacrifice_wordings(sentence, expected):
    assert figs(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Soldiers travelling in two vehicles were killed.",
        "Militants set fire to 10 trucks on the highway.",
    ],
)
def test_vehicles_and_buildings_are_not_people(sentence):
    assert figs(sentence) == []


def test_a_number_inside_a_name_counts_nobody():
    assert figs("Rescue 1122 officials shifted nine bodies to the Civil Hospital.") == [
        ("nine", "killed", "all", 9, 9, "exact")
    ]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        (
            "Police put the number of policemen martyred at four.",
            [("four", "killed", "security_forces", 4, 4, "exact")],
        ),
        (
            "Hospital officials put the number of people injured at 40.",
            [("40", "injured", "all", 40, 40, "exact")],
        ),
        (
            "The BLA put the number of soldiers it killed at 30.",
            [("30", "killed", "security_forces", 30, 30, "exact")],
        ),
        ("The ISPR put the toll at 18.", [("18", "killed", "all", 18, 18, "exact")]),
        # a count of attacks is no toll
        ("Officials put the number of attacks this year at 50.", []),
    ],
)
def test_put_the_number_of_people_at_a_figure(sentence, expected):
    """'put the number of X killed at N': N counts the X named before it."""
    assert figs(sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the part takes the verb; the whole counts what its noun says
        (
            "Two of the three attackers were killed by police.",
            [
                ("Two", "killed", "insurgents", 2, 2, "exact"),
                ("three", "attackers", "all", 3, 3, "exact"),
            ],
        ),
        (
            "Three of the 20 passengers were killed.",
            [
                ("Three", "killed", "passengers", 3, 3, "exact"),
                ("20", "passengers", "all", 20, 20, "exact"),
            ],
        ),
        # a whole that only says who they were is no figure
        (
            "Two of the five soldiers were killed and three were injured.",
            [
                ("Two", "killed", "security_forces", 2, 2, "exact"),
                ("three", "injured", "security_forces", 3, 3, "exact"),
            ],
        ),
        # as before: no number inside, or the whole named by a casualty word
        (
            "Two of the attackers were killed by police.",
            [("Two", "killed", "insurgents", 2, 2, "exact")],
        ),
        ("One of the two dead was a policeman.", [("two", "killed", "all", 2, 2, "exact")]),
    ],
)
def test_a_part_of_a_counted_whole(sentence, expected):
    """'Two of the three attackers were killed' states two killed, not three."""
    assert figs(sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        (
            "The BLA said 10 of its fighters were killed.",
            [("10", "killed", "insurgents", 10, 10, "exact")],
        ),
        (
            "The army said two of its soldiers were martyred.",
            [("two", "killed", "security_forces", 2, 2, "exact")],
        ),
        (
            "Two of our soldiers were martyred, the ISPR said.",
            [("Two", "killed", "security_forces", 2, 2, "exact")],
        ),
    ],
)
def test_a_part_of_their_own_people(sentence, expected):
    """'ten of its fighters': who they were comes after the possessive."""
    assert figs(sentence) == expected
