"""The top of a news story in the synthetic corpus: its headline and its lead.

The lead is the first sentence: what happened, where and when, the toll and
who gave it. Attacks that kill or hurt take one of several forms (passive,
active, "according to", "said that", a toll sentence); operations, abductions,
sabotage, hijackings, takeovers and coordinated attacks have leads of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashlib.bench.corpus.numbers import cap, number_words, render_number
from dashlib.bench.corpus.phrases import Phrases
from dashlib.bench.corpus.sentences import TITLE_TEMPLATES
from dashlib.bench.corpus.words import (
    ASSAULT_VERBS,
    ATTACKERS,
    HIT_VERBS,
    INJURED_ACTIVE,
    INJURED_PASSIVE,
    KILLED_ACTIVE,
    KILLED_PASSIVE,
    KILLED_PASSIVE_SG,
    TRIGGER_NP,
    VICTIM_NOUNS,
)

# The forms of a casualty lead; the common ones twice, so they come up more often.
LEAD_KINDS = (
    "passive",
    "passive_when",
    "active",
    "according",
    "said_that",
    "attackers",
    "toll",
    "passive",
    "active",
)


def lead(ph: Phrases) -> str:
    """The lead sentence: what happened, where, when, the toll and who said so."""
    special = _LEAD_BY_KIND.get(ph.ev.kind)
    return special(ph) if special else _casualty_lead(ph)


@dataclass
class _Clauses:
    """The pieces a casualty lead is assembled from, drawn before its form is."""

    victims: str  # "four soldiers"
    killed: str  # "were killed"
    injured: str  # " and six others were wounded" (or "")
    when: str
    where: str
    src: str  # "police said"
    target: str
    trig: str  # "a roadside bomb"


def _casualty_lead(ph: Phrases) -> str:
    """The lead of an attack that kills or hurts: one of several sentence forms."""
    ev, rng = ph.ev, ph.rng
    dead = ev.killed_sf if ev.victims_group in ("security_forces", "police") else ev.killed_civ
    group = ev.victims_group
    when, where, src = ph.when(ev.day), ph.where(ev), ph.official_src()
    tgt = ev.named_target or ev.target_np
    trig = ph.trig()
    kind = rng.choice(LEAD_KINDS)
    if dead == 0:
        kind = "nodead"
    v, sg = ph.victims(dead, group, start=kind in ("passive", "passive_when"))
    kp = rng.choice(KILLED_PASSIVE_SG if sg else KILLED_PASSIVE)
    inj = ""
    if ev.injured:
        iv = render_number(rng, ev.injured)
        inj_noun = rng.choice(("others", "others", "more", "people", "others"))
        inj = rng.choice(
            (
                f" and {iv} {inj_noun} {rng.choice(INJURED_PASSIVE)}",
                f", while {iv} {inj_noun} {rng.choice(INJURED_PASSIVE)}",
                f" and {iv} {rng.choice(('injured', 'wounded'))}",
            )
        )
    return _casualty_sentence(ph, kind, dead, _Clauses(v, kp, inj, when, where, src, tgt, trig))


def _casualty_sentence(ph: Phrases, kind: str, dead: int, c: _Clauses) -> str:
    """The lead in the form ``kind`` (``nodead`` when no one died)."""
    ev, rng = ph.ev, ph.rng
    if kind == "passive":
        return f"{c.victims} {c.killed}{c.injured} {c.where} {c.when} when {c.trig} {rng.choice(HIT_VERBS)} {c.target}, {c.src}."
    if kind == "passive_when":
        return f"{c.victims} {c.killed}{c.injured} when {c.trig} {rng.choice(HIT_VERBS)} {c.target} {c.where} {c.when}, {c.src}."
    if kind == "active":
        inj2 = (
            f" and {rng.choice(INJURED_ACTIVE)} {render_number(rng, ev.injured)} others"
            if ev.injured
            else ""
        )
        return f"{cap(c.trig)} {rng.choice(HIT_VERBS)} {c.target} {c.where} {c.when}, {rng.choice(KILLED_ACTIVE)} {c.victims}{inj2}, {c.src}."
    if kind == "according":
        src2 = (
            c.src.replace(" said", "")
            .replace(" told reporters", "")
            .replace(" confirmed", "")
            .replace(" in a statement", "")
        )
        if src2.startswith("according to "):
            src2 = src2[len("according to ") :]
        return f"According to {src2}, {c.victims} {c.killed}{c.injured} {c.where} {c.when} after {c.trig} {rng.choice(HIT_VERBS)} {c.target}."
    if kind == "said_that":
        s = c.src.replace(" said", "", 1) if " said" in c.src else c.src
        verb = rng.choice(("said", "said", "confirmed", "told reporters"))
        if s.startswith("according to"):
            s, verb = "the ISPR", "said"
        return f"{cap(s)} {verb} {c.when} that {c.victims} {c.killed}{c.injured} in {c.trig} {c.where}."
    if kind == "attackers":
        who = rng.choice(ATTACKERS)
        return f"{cap(who)} {rng.choice(ASSAULT_VERBS)} {c.target} {c.where} {c.when}, {rng.choice(KILLED_ACTIVE)} {c.victims}, {c.src}."
    if kind == "toll":
        return f"The death toll in {c.trig} {c.where} {c.when} stood at {render_number(rng, dead)}, {c.src}."
    # nodead
    return (
        f"{cap(c.trig)} {rng.choice(HIT_VERBS)} {c.target} {c.where} {c.when}, {c.src}, adding that no one was hurt."
        if not ev.injured
        else (
            f"{cap(render_number(rng, ev.injured, start=True))} people were injured when {c.trig} {rng.choice(HIT_VERBS)} {c.target} {c.where} {c.when}, {c.src}."
        )
    )


def _lead_operation(ph: Phrases) -> str:
    ev, rng = ph.ev, ph.rng
    n = render_number(rng, ev.killed_ins)
    noun = rng.choice(VICTIM_NOUNS["insurgents"])
    op = ph.trig()
    who = rng.choice(
        (
            "Security forces",
            "Troops",
            "The security forces",
            "Personnel of the Frontier Corps",
            "CTD personnel",
        )
    )
    kill = rng.choice(("killed", "killed", "gunned down", "eliminated", "neutralised"))
    src = ph.official_src("military")
    forms = (
        f"{who} {kill} {n} {noun} during {op} {ph.where(ev)} {ph.when(ev.day)}, {src}.",
        f"{cap(n)} {noun} were killed in {op} {ph.where(ev)} {ph.when(ev.day)}, {src}.",
        f"{cap(src.replace(' said', ''))} said {n} {noun} were killed when {who.lower()} conducted {op} {ph.where(ev)} {ph.when(ev.day)}."
        if " said" in src
        else f"{who} {kill} {n} {noun} {ph.where(ev)} {ph.when(ev.day)}, {src}.",
    )
    out = rng.choice(forms)
    if ev.killed_sf:
        v, sg = ph.victims(ev.killed_sf, "security_forces", start=True)
        verb = rng.choice(KILLED_PASSIVE_SG if sg else KILLED_PASSIVE)
        out += " " + rng.choice(
            (
                f"During the exchange of fire, {v[0].lower() + v[1:]} {verb}, the statement added.",
                f"{v} also {verb} in the exchange of fire.",
                f"{v} {verb} during the intense exchange of fire, the military's media wing said.",
            )
        )
    return out


def _lead_abduction(ph: Phrases) -> str:
    ev, rng = ph.ev, ph.rng
    n = render_number(rng, ev.abducted)
    noun = rng.choice(("passengers", "labourers", "people", "travellers", "workers", "men"))
    who = rng.choice(ATTACKERS)
    verb = rng.choice(("abducted", "kidnapped", "took away", "whisked away"))
    src = ph.official_src()
    road = rng.choice(
        (
            "a passenger coach",
            "a bus",
            "vehicles on the highway",
            "a construction site",
            "a van",
        )
    )
    return rng.choice(
        (
            f"{cap(who)} {verb} {n} {noun} from {road} {ph.where(ev)} {ph.when(ev.day)}, {src}.",
            f"{cap(n)} {noun} were {rng.choice(('abducted', 'kidnapped', 'taken away'))} by {who} {ph.where(ev)} {ph.when(ev.day)}, {src}.",
            f"{cap(who)} blocked the highway {ph.where(ev)} {ph.when(ev.day)} and {verb} {n} {noun}, {src}.",
        )
    )


def _lead_sabotage(ph: Phrases) -> str:
    ev, rng = ph.ev, ph.rng
    what = f"the track of the {ev.named_target}" if ev.named_target else ev.target_np
    verb = rng.choice(("blew up", "blew up", "set ablaze", "torched", "destroyed sections of"))
    src = ph.official_src()
    out = rng.choice(
        (
            f"{cap(rng.choice(ATTACKERS))} {verb} {what} {ph.where(ev)} {ph.when(ev.day)}, {src}.",
            f"{cap(what)} was blown up {ph.where(ev)} {ph.when(ev.day)}, {src}.",
            f"Suspected militants {verb} {what} {ph.where(ev)} {ph.when(ev.day)}, disrupting supplies, {src}.",
        )
    )
    if ev.killed_civ:
        out += " " + rng.choice(
            ("A guard was killed in the blast.", "One person was killed, officials said.")
        )
    return out


def _lead_hijacking(ph: Phrases) -> str:
    ev, rng = ph.ev, ph.rng
    train = ev.named_target or "a passenger train"
    n = render_number(rng, ev.hostages)
    return rng.choice(
        (
            f"Militants hijacked the {train} carrying {n} passengers {ph.where(ev)} {ph.when(ev.day)}, {ph.official_src()}.",
            f"Gunmen blew up the railway track and seized the train, the {train}, {ph.where(ev)} {ph.when(ev.day)}, taking {n} passengers hostage, {ph.official_src()}.",
            f"{cap(n)} passengers were taken hostage when militants hijacked the {train} {ph.where(ev)} {ph.when(ev.day)}, {ph.official_src()}.",
        )
    )


def _lead_takeover(ph: Phrases) -> str:
    ev, rng = ph.ev, ph.rng
    src = ph.official_src()
    out = rng.choice(
        (
            f"Dozens of militants took control of the main bazaar {ph.where(ev)} {ph.when(ev.day)}, setting fire to {ev.target_np} before withdrawing, {src}.",
            f"Armed men seized control of the town centre {ph.where(ev)} for several hours {ph.when(ev.day)}, {src}.",
            f"Militants took over {ev.target_np} {ph.where(ev)} {ph.when(ev.day)} and held it for hours, {src}.",
        )
    )
    if ev.killed_sf:
        v, sg = ph.victims(ev.killed_sf, "police", start=True)
        out += (
            f" {v} {rng.choice(KILLED_PASSIVE_SG if sg else KILLED_PASSIVE)} during the takeover."
        )
    return out


def _lead_coordinated(ph: Phrases) -> str:
    ev, rng = ph.ev, ph.rng
    dead = ev.killed_sf + ev.killed_civ
    n = render_number(rng, dead)
    src = ph.official_src()
    trig = ph.trig()
    return rng.choice(
        (
            f"Militants launched {trig} {ph.where(ev)} and neighbouring districts {ph.when(ev.day)}, killing {n} people, {src}.",
            f"{cap(n)} people were killed in {trig} on security installations {ph.where(ev)} {ph.when(ev.day)}, {src}.",
            f"{cap(trig)} across Balochistan {ph.when(ev.day)} left {n} people dead, including {render_number(rng, ev.killed_sf or 2)} soldiers, {src}.",
        )
    )


# Kinds of event whose lead is not about a toll of dead and injured.
_LEAD_BY_KIND: dict[str, Callable[[Phrases], str]] = {
    "security_operation": _lead_operation,
    "abduction": _lead_abduction,
    "sabotage": _lead_sabotage,
    "hijacking": _lead_hijacking,
    "takeover": _lead_takeover,
    "coordinated_attacks": _lead_coordinated,
}


def headline(ph: Phrases) -> str:
    """The article's title, from the templates for its style or its event's kind."""
    ev, rng = ph.ev, ph.rng
    if ph.plan.style == "analysis":
        return rng.choice(TITLE_TEMPLATES["analysis"])
    if ph.plan.style == "insurgent_claim" and ev.perpetrator:
        pool = TITLE_TEMPLATES["claim"]
    elif ev.kind in TITLE_TEMPLATES:
        pool = TITLE_TEMPLATES[ev.kind]
    else:
        pool = TITLE_TEMPLATES["general"]
    dead = ev.killed_sf + ev.killed_civ + ev.killed_ins or ev.abducted or 2
    short = rng.choice(TRIGGER_NP[ev.kind]).split(" ", 1)[-1]
    what = ev.named_target or ev.target_np.split(" ", 1)[-1]
    victims = rng.choice(
        VICTIM_NOUNS[ev.victims_group if ev.victims_group in VICTIM_NOUNS else "civilians"]
    )
    return rng.choice(pool).format(
        n=dead,
        N_cap=cap(number_words(dead)) if dead < 100 else str(dead),
        m=ev.injured or 3,
        place=ev.place.name,
        trig_short=short,
        Trig_short_cap=cap(short),
        victims=victims,
        group=ev.perpetrator or "Militant group",
        what=what,
        What_cap=cap(what),
    )
