"""One article's random stream and the small phrases every part of it uses.

:class:`Phrases` holds the article's plan and its own random stream (seeded by
the corpus seed and the article's index, so an article's words do not depend on
the others'), and writes the short pieces the sentences are built from: when
and where it happened, who said so, the victims, the dateline, the trigger.
"""

from __future__ import annotations

import random
from datetime import date

from dashlib.bench.corpus.numbers import cap, render_number
from dashlib.bench.corpus.plan import Event, Plan
from dashlib.bench.corpus.words import (
    FIRST_NAMES,
    HOSPITALS,
    MILITARY_SUBJECTS,
    MONTH_ABBR,
    MONTHS,
    NAMED_OFFICIALS,
    OFFICIAL_SUBJECTS,
    SINGULAR_NOUNS,
    THINK_TANKS,
    TRIGGER_NP,
    VICTIM_NOUNS,
    WEEKDAYS,
    WIRE_TAGS,
)


class Phrases:
    """The random stream of one article and the small phrases drawn from it.

    Every draw of the article goes through :attr:`rng`, in the order the parts
    are written: that order is what makes the same seed give the same bytes.
    """

    def __init__(self, plan: Plan, seed: int):
        self.plan = plan
        self.ev = plan.event
        self.rng = random.Random(f"{seed}:{plan.index}")
        self.official = self.rng.choice(FIRST_NAMES)
        self.pub = plan.published

    def when(self, d: date) -> str:
        """The event day as written relative to the publication date."""
        rng = self.rng
        gap = (self.pub - d).days
        wd = WEEKDAYS[d.weekday()]
        part = rng.choice(("", "", "", " night", " morning", " evening", " afternoon"))
        if gap == 0:
            return rng.choice(
                ("today", "on " + wd + part, "earlier today", "this morning", "on " + wd)
            )
        if gap == 1:
            return rng.choice(("yesterday", "on " + wd + part, "late " + wd + " night", "on " + wd))
        if gap < 7:
            return rng.choice(("on " + wd + part, "on " + wd, f"on {MONTHS[d.month - 1]} {d.day}"))
        if d.year == self.pub.year:
            return rng.choice(
                (
                    f"on {MONTHS[d.month - 1]} {d.day}",
                    f"on {d.day} {MONTHS[d.month - 1]}",
                    f"on {MONTH_ABBR[d.month - 1]} {d.day}",
                )
            )
        return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}"

    def where(self, ev: Event, *, short: bool = False) -> str:
        """Where ``ev`` happened: the place, its district, a locality, or just "in X"."""
        rng = self.rng
        p = ev.place
        if short:
            return "in " + p.name
        forms = [f"in {p.name}", f"in {p.name}"]
        if p.level == "district":
            forms += [
                f"in {p.name} district",
                f"in Balochistan's {p.name} district",
                f"in the {p.name} district of Balochistan",
            ]
            if ev.locality:
                forms += [
                    f"in the {ev.locality} area of {p.name}",
                    f"in {p.name}'s {ev.locality} area",
                ]
        else:
            forms += [
                f"near {p.name}",
                f"in {p.name}, {p.district} district",
                f"on the outskirts of {p.name}",
            ]
            if ev.locality:
                forms += [f"in the {ev.locality} area near {p.name}"]
        if p.province != "Balochistan":
            forms = [f"in {p.name}", f"in {p.name} in {p.province}"]
        return rng.choice(forms)

    def official_src(self, kind: str = "any") -> str:
        """Who gave the figure: officials, a named official, or the military."""
        rng = self.rng
        if kind == "military" or (
            self.ev and self.ev.kind == "security_operation" and rng.random() < 0.7
        ):
            return rng.choice(MILITARY_SUBJECTS)
        if rng.random() < 0.2:
            name = rng.choice(FIRST_NAMES)
            return rng.choice(NAMED_OFFICIALS).format(name=name) + " said"
        return rng.choice(OFFICIAL_SUBJECTS)

    def victims(self, n: int, group: str, *, start: bool = False) -> tuple[str, bool]:
        """'four soldiers' (or 'a soldier'): text and whether it is singular."""
        rng = self.rng
        if n == 1:
            noun = rng.choice(SINGULAR_NOUNS[group])
            art = "An" if noun[0] in "AEIOU" else "A"
            art = art if start else art.lower()
            return (
                rng.choice((f"{art} {noun}", f"one {noun}")) if not start else f"{art} {noun}"
            ), True
        num = render_number(rng, n, start=start)
        noun = rng.choice(VICTIM_NOUNS[group])
        text = f"{num} {noun}"
        return (cap(text) if start else text), False

    def dateline(self) -> str:
        """The dateline that opens a wire or Pakistani paper's story ("QUETTA: "), or ""."""
        rng = self.rng
        p = self.ev.place if self.ev else None
        city = (p.name if p and p.level == "district" and rng.random() < 0.5 else "Quetta").upper()
        if self.plan.outlet_kind == "wire":
            tag = WIRE_TAGS.get(self.plan.outlet, "AP")
            d = self.pub
            return rng.choice(
                (
                    f"{city}, Pakistan ({tag}) — ",
                    f"{city}, {MONTH_ABBR[d.month - 1]} {d.day} ({tag}) - ",
                    f"{city}, Pakistan, {MONTH_ABBR[d.month - 1]} {d.day} ({tag}) — ",
                )
            )
        if self.plan.outlet_kind in ("national", "local") and rng.random() < 0.75:
            return rng.choice(
                (f"{city}: ", f"{city}: ", f"{city}, {MONTHS[self.pub.month - 1]} {self.pub.day}: ")
            )
        return ""

    def trig(self, kind: str | None = None) -> str:
        """A noun phrase for what happened ("a roadside bomb")."""
        return self.rng.choice(TRIGGER_NP[kind or self.ev.kind])

    def fill(self, template: str) -> str:
        """A ready-made sentence with its blanks (hospital, town, figures, names) filled."""
        rng = self.rng
        year0 = max(2008, self.pub.year - rng.randint(2, 10))
        tank = rng.choice(THINK_TANKS)
        return template.format(
            hospital=rng.choice(HOSPITALS),
            town=self.ev.place.name if self.ev else "Quetta",
            official=self.official,
            big=rng.choice((400, 780, 900, 1200, 2500, 3000, 5000)),
            med=rng.randint(30, 300),
            med2=rng.randint(30, 300),
            small=rng.randint(2, 9),
            year0=year0,
            tank=tank,
            tank_cap=cap(tank),
            name=rng.choice(FIRST_NAMES),
        )
