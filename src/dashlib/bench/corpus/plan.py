"""The plan of a synthetic corpus: invented events and the articles that report them.

One random stream, seeded by the corpus seed, draws every event (kind, day,
place, target, perpetrator, figures), how many articles report it, each
article's style, outlet and publication date, the analysis pieces, and which
earlier events each article mentions in passing. The articles' words come
later, each from its own stream (:mod:`dashlib.bench.corpus.writer`).
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dashlib import paths
from dashlib.bench.corpus.words import (
    GROUP_WEIGHTS,
    GROUPS,
    LOCALITIES,
    OUTLETS,
    TARGET_NP,
    TYPE_TARGETS,
    TYPES,
)
from dashlib.extraction.reference import Place, load_reference

FIRST_DAY = date(2012, 1, 1)
LAST_DAY = date(2026, 9, 30)


@dataclass
class Event:
    """An invented event and what really happened (the ground truth)."""

    event_id: str
    kind: str
    day: date
    place: Place
    locality: str
    target: str
    target_np: str
    perpetrator: str  # short form ("BLA") or "" when no one claims it
    named_target: str
    killed_sf: int = 0
    killed_civ: int = 0
    killed_ins: int = 0
    injured: int = 0
    abducted: int = 0
    hostages: int = 0
    claimed_sf: int = 0  # the insurgents' own count of security forces killed
    victims_group: str = "civilians"
    articles: list[str] = field(default_factory=list)
    mentioned_in: list[str] = field(default_factory=list)

    def truth(self) -> dict:
        return {
            "event_id": self.event_id,
            "type": self.kind,
            "date": self.day.isoformat(),
            "place": self.place.name,
            "district": self.place.district,
            "province": self.place.province,
            "target": self.target,
            "named_target": self.named_target,
            "perpetrator": self.perpetrator,
            "killed": {
                "security_forces": self.killed_sf,
                "civilians": self.killed_civ,
                "insurgents": self.killed_ins,
            },
            "injured": self.injured,
            "abducted": self.abducted,
            "hostages": self.hostages,
            "insurgent_claim_security_forces_killed": self.claimed_sf,
            "articles": self.articles,
            "mentioned_in": self.mentioned_in,
        }


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def _places(ref) -> tuple[list[Place], list[float]]:
    """Gazetteer towns and districts, weighted like the real geography of the violence."""
    heavy = {
        "Quetta": 10,
        "Kech": 6,
        "Turbat": 6,
        "Mastung": 4,
        "Gwadar": 4,
        "Panjgur": 4,
        "Khuzdar": 4,
        "Kachhi": 3,
        "Bolan": 3,
        "Noshki": 3,
        "Kalat": 3,
        "Awaran": 3,
        "Dera Bugti": 3,
        "Kohlu": 3,
        "Harnai": 2,
        "Sibi": 2,
        "Washuk": 2,
        "Kharan": 2,
        "Musakhel": 2,
        "Zhob": 2,
        "Hub": 2,
    }
    out, weights = [], []
    for p in ref.places.values():
        if p.level not in ("town", "district"):
            continue
        if p.province == "Balochistan":
            w = heavy.get(p.name, 1.0)
        elif p.name in ("Karachi", "Dera Ismail Khan", "Besham", "Dera Ghazi Khan"):
            w = 0.5
        else:
            continue
        out.append(p)
        weights.append(w)
    return out, weights


def _figures_for(rng: random.Random, ev: Event) -> None:
    k = ev.kind
    t = ev.target
    if k == "security_operation":
        ev.killed_ins = rng.randint(2, 25)
        ev.killed_sf = rng.choice((0, 0, 0, 1, 2, 3))
        ev.victims_group = "insurgents"
    elif k == "abduction":
        ev.abducted = rng.randint(2, 30)
        ev.killed_civ = rng.choice((0, 0, 0, 1, 2))
    elif k == "sabotage":
        ev.killed_civ = rng.choice((0, 0, 0, 0, 1))
    elif k == "hijacking":
        ev.hostages = rng.randint(150, 450)
        ev.killed_civ = rng.randint(10, 30)
        ev.killed_sf = rng.randint(3, 20)
        ev.killed_ins = rng.randint(10, 35)
        ev.claimed_sf = ev.killed_sf * rng.randint(4, 10)
    else:
        scale = {
            "suicide_bombing": (3, 40),
            "coordinated_attacks": (10, 60),
            "bombing": (1, 25),
            "ied": (1, 7),
            "ambush": (2, 16),
            "armed_assault": (1, 12),
            "takeover": (0, 8),
        }[k]
        dead = rng.randint(*scale)
        if t in ("security_forces", "police"):
            ev.killed_sf = dead
            ev.victims_group = t
            ev.claimed_sf = dead * rng.randint(2, 6) + rng.randint(0, 5)
        elif t == "cpec_chinese":
            ev.killed_civ = min(dead, rng.randint(1, 6))
            ev.victims_group = "chinese"
            ev.killed_sf = rng.randint(0, 3)
        else:
            ev.killed_civ = dead
            ev.victims_group = "civilians"
        ev.injured = rng.randint(0, dead * 3 + 2) if rng.random() < 0.75 else 0
        if rng.random() < 0.25:
            ev.killed_ins = rng.randint(1, 6)


def plan_events(rng: random.Random, n_event_articles: int, ref) -> list[Event]:
    """Events whose report counts add up to ``n_event_articles``."""
    places, weights = _places(ref)
    named = {
        "rail": [n for n, t in ref.named_targets.items() if t.category == "rail"],
        "cpec_chinese": [n for n, t in ref.named_targets.items() if t.category == "cpec_chinese"],
        "mineral_transport": [
            n for n, t in ref.named_targets.items() if t.category == "mineral_transport"
        ],
    }
    span = (LAST_DAY - FIRST_DAY).days
    events: list[Event] = []
    left = n_event_articles
    while left > 0:
        kind = _weighted(rng, TYPES)
        target = _weighted(rng, TYPE_TARGETS[kind])
        place = rng.choices(places, weights)[0]
        # Later years see more reports, as in the real record.
        day = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.7))
        size = rng.choices((1, 2, 3, 4, 5, 6, 8), (44, 24, 14, 8, 5, 3, 2))[0]
        if kind in ("hijacking", "coordinated_attacks", "suicide_bombing"):
            size = min(8, size + rng.randint(1, 3))
        size = min(size, left)
        left -= size
        nt = ""
        if kind == "hijacking" or (target in named and rng.random() < 0.25):
            nt = rng.choice(named.get(target) or named["rail"])
        perp = ""
        if kind != "security_operation" and rng.random() < 0.7:
            perp = rng.choices([g[1] for g in GROUPS], GROUP_WEIGHTS)[0]
        elif kind == "security_operation":
            perp = rng.choice(("BLA", "BLF", "TTP", ""))
        ev = Event(
            event_id=f"e{len(events):06d}",
            kind=kind,
            day=day,
            place=place,
            locality=rng.choice(LOCALITIES) if rng.random() < 0.35 else "",
            target=target,
            target_np=rng.choice(TARGET_NP[target]),
            perpetrator=perp,
            named_target=nt,
        )
        _figures_for(rng, ev)
        ev.articles = [""] * size  # filled with file names later
        events.append(ev)
    return events


STYLES = (
    "official",
    "insurgent_claim",
    "wire",
    "first_report",
    "revision",
    "rights_witness",
    "local_press",
    "analysis",
)


@dataclass
class Plan:
    """One article to write."""

    index: int
    style: str
    event: Event | None
    report_no: int  # 0 for the first report of its event
    published: date
    outlet: str
    outlet_kind: str
    background: list[Event] = field(default_factory=list)
    file: str = ""


_STYLE_WEIGHTS = {
    0: (
        ("official", 3),
        ("wire", 3),
        ("first_report", 3),
        ("local_press", 4),
        ("insurgent_claim", 1),
    ),
    1: (
        ("official", 2),
        ("wire", 2),
        ("revision", 3),
        ("local_press", 2),
        ("insurgent_claim", 3),
        ("rights_witness", 2),
    ),
}
_OUTLET_FOR_STYLE = {
    "wire": ("wire",),
    "local_press": ("local",),
    "official": ("national", "local"),
    "first_report": ("national", "local", "wire"),
    "revision": ("national", "international"),
    "insurgent_claim": ("local", "national", "international"),
    "rights_witness": ("international", "national", "local"),
    "analysis": ("international", "national"),
}


def plan_corpus(
    n: int, seed: int = 0, reference_dir: str | Path = paths.REFERENCE_DIR
) -> tuple[list[Plan], list[Event]]:
    """The plan of every article and event: styles, outlets, dates, who reports what."""
    ref = load_reference(str(reference_dir))
    rng = random.Random(f"corpus:{seed}")
    n_analysis = max(0, round(n * 0.07)) if n >= 10 else 0
    events = plan_events(rng, n - n_analysis, ref)
    plans: list[Plan] = []
    for ev in events:
        plans += _event_plans(rng, ev)
    by_day = sorted(events, key=lambda e: (e.day, e.event_id))
    plans += _analysis_plans(rng, n_analysis)
    # Articles appear in publication order, not grouped by event.
    rng.shuffle(plans)
    for i, p in enumerate(plans):
        p.index = i
    _add_background(rng, plans, by_day)
    return plans, events


def _event_plans(rng: random.Random, ev: Event) -> list[Plan]:
    """The articles that report ``ev``, each from a different outlet where one is left."""
    outlets = list(OUTLETS)
    rng.shuffle(outlets)
    used: set[str] = set()
    plans = []
    for k in range(len(ev.articles)):
        style = _style(rng, ev, k)
        kinds = _OUTLET_FOR_STYLE[style]
        name, okind = next(
            ((o, kd) for o, kd in outlets if kd in kinds and o not in used),
            next((o, kd) for o, kd in outlets if o not in used)
            if len(used) < len(outlets)
            else outlets[0],
        )
        used.add(name)
        delay = (
            k + (0 if k == 0 else rng.randint(0, 4 * k))
            if style != "revision"
            else rng.randint(2, 9)
        )
        delay = min(delay, 30) if rng.random() < 0.9 else rng.randint(8, 45)
        plans.append(Plan(0, style, ev, k, ev.day + timedelta(days=delay), name, okind))
    return plans


def _style(rng: random.Random, ev: Event, k: int) -> str:
    """The style of the ``k``-th report of ``ev`` (the first report differs from the later)."""
    if ev.kind == "security_operation":
        style = _weighted(
            rng, (("official", 5), ("wire", 1), ("local_press", 2), ("insurgent_claim", 1))
        )
    else:
        style = _weighted(rng, _STYLE_WEIGHTS[min(k, 1)])
    if style in ("insurgent_claim",) and not ev.perpetrator:
        style = "official"
    if style == "revision" and not (ev.killed_civ + ev.killed_sf):
        style = "wire"
    return style


def _analysis_plans(rng: random.Random, n_analysis: int) -> list[Plan]:
    """Analysis pieces about no event, published after the first year."""
    plans = []
    for _ in range(n_analysis):
        pub = FIRST_DAY + timedelta(
            days=365 + int(((LAST_DAY - FIRST_DAY).days - 365) * rng.random())
        )
        outlet = rng.choice([o for o in OUTLETS if o[1] in ("international", "national")])
        plans.append(Plan(0, "analysis", None, 0, pub, outlet[0], outlet[1]))
    return plans


def _add_background(rng: random.Random, plans: list[Plan], by_day: list[Event]) -> None:
    """Passing mentions of earlier events, chosen among events before publication."""
    days = [e.day for e in by_day]
    for p in plans:
        want = rng.randint(1, 3) if p.style == "analysis" else rng.choice((0, 0, 0, 1, 1, 2))
        hi = bisect.bisect_left(days, p.published - timedelta(days=20))
        if hi == 0:
            continue
        for _ in range(want):
            other = by_day[rng.randrange(max(0, hi - 3000), hi)]
            if other is not p.event and other not in p.background:
                p.background.append(other)
