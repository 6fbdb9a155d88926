"""Sentences that say who gave a figure or who did it, for the synthetic corpus.

Each side tells its own story: the insurgents claim a bigger toll and the
military denies it; groups claim responsibility (or no one does); witnesses and
rights groups count more dead than the officials; first reports give an early
toll that later reports revise.
"""

from __future__ import annotations

import random

from dashlib.bench.corpus.numbers import cap, render_number
from dashlib.bench.corpus.phrases import Phrases
from dashlib.bench.corpus.words import (
    GROUPS,
    MONTHS,
    RIGHTS_GROUPS,
    SPOKESMEN,
    VICTIM_NOUNS,
    WEEKDAYS,
    WITNESSES,
)


def _group_name(rng: random.Random, short: str, first: bool = True) -> str:
    full = dict((s, f) for f, s in GROUPS)[short]
    if first:
        return rng.choice(
            (f"the {full}", f"the banned {full}", f"the {full} ({short})", f"the outlawed {full}")
        )
    return rng.choice((f"the {short}", f"the {short}", "the group", f"the {full}"))


def claim_sentence(ph: Phrases) -> str:
    """The insurgents' own account, usually with a bigger figure."""
    ev, rng = ph.ev, ph.rng
    g = ev.perpetrator
    spokes = rng.choice(SPOKESMEN[g])
    group = _group_name(rng, g)
    n = ev.claimed_sf or max(ev.killed_sf, ev.killed_civ) + rng.randint(1, 8)
    num = render_number(rng, n)
    noun = rng.choice(VICTIM_NOUNS["security_forces"])
    return rng.choice(
        (
            f"{cap(group)} claimed responsibility for the attack, saying its fighters had killed {num} {noun}.",
            f"In a statement sent to the media, {g} spokesman {spokes} claimed that the group's fighters had killed {num} {noun} and destroyed {rng.choice(('two', 'three', 'several'))} vehicles.",
            f"{cap(group)} said in a statement that {num} {noun} were killed in the attack.",
            f"Spokesman {spokes} said the {g} had killed {num} {noun}, a figure that could not be independently verified.",
            f"{cap(group)} claimed the attack on its Telegram channel, putting the toll at {num}.",
            f"The {g} later claimed that {num} {noun} had been killed, far more than the official count.",
        )
    )


def denial_sentence(ph: Phrases) -> str:
    """The official answer to an insurgent claim."""
    ev, rng = ph.ev, ph.rng
    off = ev.killed_sf
    v = render_number(rng, off) if off else "no"
    return rng.choice(
        (
            f"The ISPR rejected the claim as baseless, saying {v} soldiers were martyred.",
            "Officials dismissed the group's figure as propaganda.",
            f"Security officials denied the claim, saying {v} personnel had been killed.",
            "The military did not comment on the claim.",
            f"A military official, speaking on condition of anonymity, put the number of soldiers killed at {v}.",
        )
    )


def responsibility(ph: Phrases) -> str:
    """Who claimed or is blamed for the attack, or that no one has claimed it."""
    ev, rng = ph.ev, ph.rng
    if not ev.perpetrator:
        return rng.choice(
            (
                "No group has claimed responsibility for the attack so far.",
                "No one immediately claimed responsibility.",
                "It was not immediately clear who was behind the attack.",
                "Police said they were investigating whether separatist militants were involved.",
            )
        )
    group = _group_name(rng, ev.perpetrator)
    return rng.choice(
        (
            f"{cap(group)} claimed responsibility for the attack.",
            f"{cap(group)} later claimed responsibility in a statement.",
            f"Suspicion fell on {group}, which has carried out similar attacks in the area.",
            f"Officials blamed {group} for the attack.",
            f"{cap(group)} claimed the attack, according to a statement circulated on social media.",
        )
    )


def witness_sentence(ph: Phrases) -> str:
    """An eyewitness's account, often with more dead than the official count."""
    ev, rng = ph.ev, ph.rng
    who = rng.choice(WITNESSES)
    dead = max(ev.killed_civ, ev.killed_sf)
    more = dead + rng.randint(1, 6)
    says = (
        "say"
        if who
        in (
            "residents",
            "witnesses",
            "local residents",
            "villagers",
            "tribal elders",
            "relatives of the victims",
        )
        else "said"
    )
    return rng.choice(
        (
            f"{cap(who)} said they had counted {render_number(rng, more)} bodies at the site.",
            f"{cap(who)} told {rng.choice(('Dawn', 'the BBC', 'AFP', 'Reuters', 'reporters'))} that at least {render_number(rng, more)} people had died, more than the official figure.",
            f"{cap(who)} {says} the firing went on for {rng.choice(('nearly an hour', 'several hours', 'about 40 minutes'))}.",
            f"{cap(who)} said the victims were {rng.choice(('labourers', 'passers-by', 'students', 'shopkeepers'))} who had nothing to do with the conflict.",
            f"According to {who}, {render_number(rng, more)} people were killed and many more were missing.",
        )
    )


def rights_sentence(ph: Phrases) -> str:
    """A rights group's statement, with its own count."""
    ev, rng = ph.ev, ph.rng
    name, short = rng.choice(RIGHTS_GROUPS)
    dead = max(ev.killed_civ, ev.killed_sf, ev.abducted)
    n = dead + rng.randint(0, 5)
    return rng.choice(
        (
            f"The {name} ({short}) said that {render_number(rng, n)} civilians had been killed and demanded an independent inquiry.",
            f"In a statement, the {name} put the number of dead at {render_number(rng, n)}.",
            f"The {short} said the victims included women and children and called for accountability.",
            f"The {name} demanded that the government make the findings of the inquiry public.",
            f"Activists of the {short} staged a sit-in outside the press club, saying {render_number(rng, n)} people had been killed.",
        )
    )


def toll_update(ph: Phrases, first: bool) -> str:
    """The early toll of a first report, or the risen toll of a later one."""
    ev, rng = ph.ev, ph.rng
    dead = ev.killed_sf + ev.killed_civ
    if first:
        early = max(1, dead - rng.randint(1, max(1, dead // 2)))
        return rng.choice(
            (
                f"Initial reports said {render_number(rng, early)} people had been killed.",
                "Officials said the toll could rise as several of the injured were in critical condition.",
                "The death toll was expected to rise, rescue officials said.",
                f"Earlier, officials had put the toll at {render_number(rng, early)}.",
            )
        )
    wd = WEEKDAYS[ev.day.weekday()]
    trig = ph.trig()
    later = rng.randint(1, 4)
    gap = (ph.pub - ev.day).days
    ref = f"{wd}'s" if gap < 7 else f"the {MONTHS[ev.day.month - 1]} {ev.day.day}"
    return rng.choice(
        (
            f"The death toll from {ref} {trig.split(' ', 1)[1]} {ph.where(ev, short=True)} rose to {render_number(rng, dead + later)} after {render_number(rng, later)} of the injured succumbed to their wounds, hospital officials said.",
            f"The number of people killed in {ref} attack has risen to {render_number(rng, dead + later)}, officials confirmed.",
            f"A week after {ref} attack, officials confirmed that {render_number(rng, dead + later)} people had been killed.",
        )
    )
