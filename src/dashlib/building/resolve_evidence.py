"""What tells whether two reports describe one event: the evidence resolution weighs.

A :class:`Cluster` is what a group of reports (one at first) says about an event: its
dates, kinds of event, districts, names, targets, groups and the figures they give.
Two clusters can be one event only when nothing contradicts (:func:`compatible`), and
are one only when something links them (:func:`linked_precisely`, :func:`linked`).
:func:`evidence` says both in words, for the build report's merge candidates.

The kinds of event that can describe one event and the names an authority gives
several groups at once are reference data (``compatible_types`` in the lexicon,
``group_label`` actors); this module only weighs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dashlib.extraction.article_events import (
    GENERIC_TYPES,
    RESPONSE_TYPES,
    LocalIncident,
    best_type,
    types_compatible,
)
from dashlib.extraction.dates import DateSpan, precision_for

_NONE: frozenset[str] = frozenset()
WAVE = "coordinated_attacks"
# Reports of one event often put it a day apart: a night attack is "Thursday night" in one
# and "early Friday" in another, and a claim published the next day dates it by its own day.
SLACK_DAYS = 1
# A date span this short (a day, a night across midnight) can be a day off in another report.
DAY_LIKE = 2


@dataclass(frozen=True, slots=True)
class TypeRules:
    """How kinds of event relate: most specific first, and which pairs can be one event."""

    order: tuple[str, ...]
    compatible: frozenset[frozenset[str]] = frozenset()

    def fit(self, a: str, b: str) -> bool:
        """Can two kinds of event describe the same event?"""
        return types_compatible(a, b, self.compatible)


@dataclass
class Member:
    article_id: str
    local: LocalIncident
    key: str  # article_id:first mention offset, the basis of the incident ID
    # the member's own cluster, made once and never changed
    single: Cluster | None = field(default=None, compare=False, repr=False)


@dataclass
class Cluster:
    members: list[Member]
    date: DateSpan
    types: list[str]
    districts: set[str]
    provinces: set[str]
    named: set[str]
    cats: set[str]
    best: str = ""  # best_type(types, order), computed once (see with_best)
    # the date as day ordinals (for the pair checks; same answers as DateSpan.overlaps)
    known: bool = False
    first: int = 0
    last: int = 0
    # what tells two events of one day and district apart: the district each report
    # names first (where it happened, not where it was mentioned), towns and groups
    # (frozensets, and one shared empty one: a report without towns or groups costs nothing)
    primary: frozenset[str] = _NONE
    towns: frozenset[str] = _NONE
    perps: frozenset[str] = _NONE
    # the reports' articles: one report's events are events it tells apart
    articles: frozenset[str] = frozenset()
    # counts the reports give (metric, number), large enough to be telling when shared
    figures: frozenset[tuple[str, float]] = frozenset()
    # an undated report's days before it was told (extract.LocalIncident.reported), as
    # ordinals (none: near_last < near_first)
    near_first: int = 0
    near_last: int = -1


def with_best(c: Cluster, order, best: str | None = None) -> Cluster:
    c.best = best_type(c.types, order) if best is None else best
    c.known = c.date.known
    if c.known:
        c.first, c.last = c.date.start.toordinal(), c.date.end.toordinal()
    return c


def _type_rank(t: str, order) -> int:
    return order.index(t) if t in order else len(order)


def merged_best(a: Cluster, b: Cluster, order) -> str:
    """best_type(a.types + b.types): the first most specific type, so a's unless b's ranks higher."""
    return a.best if _type_rank(a.best, order) <= _type_rank(b.best, order) else b.best


def cluster_of(m: Member) -> Cluster:
    """The member's own cluster (made once)."""
    if m.single is None:
        places = [p for p, _ in m.local.places]
        specific = [p for p in places if p.level in ("town", "district", "landmark") and p.district]
        m.single = Cluster(
            [m],
            m.local.date,
            [m.local.incident_type],
            {p.district for p in specific},
            {p.province for p in places if p.province},
            {k for k in m.local.named},
            set(m.local.targets),
            primary=frozenset((specific[0].district,)) if specific else _NONE,
            towns=frozenset(p.name for p in specific if p.level == "town") or _NONE,
            perps=frozenset(m.local.perpetrators) or _NONE,
            figures=m.local.counts,
            articles=frozenset((m.article_id,)),
        )
        near = m.local.reported
        if not m.local.date.known and near.known:
            m.single.near_first = near.start.toordinal()
            m.single.near_last = near.end.toordinal()
    return m.single


def _day_like(c: Cluster) -> bool:
    return c.known and c.last - c.first < DAY_LIKE


def overlap(a: Cluster, b: Cluster) -> bool:
    return a.known and b.known and a.first <= b.last and b.first <= a.last


def overlap_at_night(a: Cluster, b: Cluster) -> bool:
    """Dates that overlap, counting a night ("Thursday night") as reaching into the
    next day's early hours, where another report may put the same attack."""
    return (
        a.known
        and b.known
        and a.first <= b.last + b.date.night
        and b.first <= a.last + a.date.night
    )


def dates_meet(a: Cluster, b: Cluster) -> bool:
    """Dates that can be one event's: they overlap, or both name a day (or a night) and
    lie at most SLACK_DAYS apart; unknown dates never contradict."""
    if not (a.known and b.known):
        return True
    if overlap(a, b):
        return True
    return (
        _day_like(a)
        and _day_like(b)
        and a.first - SLACK_DAYS <= b.last
        and b.first - SLACK_DAYS <= a.last
    )


def compatible(a: Cluster, b: Cluster, rules: TypeRules, one_report: bool = False) -> bool:
    """Nothing contradicts: no report tells them apart as two of its events (unless
    ``one_report``: whether they could be one event by everything else), dates meet,
    the kinds of event fit, districts and provinces agree."""
    if a.articles & b.articles and not one_report:
        return False
    if not dates_meet(a, b):
        return False
    if not rules.fit(a.best, b.best):
        return False
    if a.districts and b.districts and not (a.districts & b.districts):
        return False
    return not (a.provinces and b.provinces and not (a.provinces & b.provinces))


def told_apart(a: Cluster, b: Cluster) -> bool:
    """Do the reports name different towns, or different groups behind the attack?"""
    return bool(
        (a.towns and b.towns and not (a.towns & b.towns))
        or (a.perps and b.perps and not (a.perps & b.perps))
    )


def same_kind(a: Cluster, b: Cluster, rules: TypeRules) -> bool:
    """Is this plainly one kind of event: the same type, or types that can describe one
    event (one of them generic, "attack") with the same kind of target?

    A security operation is another kind of event from the attack of that day.
    """
    ta, tb = a.best, b.best
    if ta == tb:
        return True
    if {ta, tb} & RESPONSE_TYPES:
        return False
    return rules.fit(ta, tb) and bool(a.cats & b.cats)


def linked_precisely(a: Cluster, b: Cluster, rules: TypeRules) -> bool:
    """Strong evidence of one event: a shared name, or the same kind of event on the
    same day where the reports place it, with nothing that tells the reports apart.

    Several events a day in one district are common; the day and the district alone
    are weak evidence (see :func:`linked`).
    """
    if a.named & b.named:
        return True
    if (a.best == WAVE) != (b.best == WAVE):
        return False  # a wave of attacks names many districts; one attack may be one of its sites
    return (
        _day_like(a)
        and _day_like(b)
        and overlap(a, b)
        and bool(a.primary & b.primary)
        and same_kind(a, b, rules)
        and not told_apart(a, b)
    )


def _corroborated(a: Cluster, b: Cluster) -> bool:
    """Where the reports place it, or a telling count both give ("48 injured")."""
    return bool(a.primary & b.primary or a.figures & b.figures)


def linked(a: Cluster, b: Cluster, rules: TypeRules) -> bool:
    """Weaker evidence of one event, used only where it is unambiguous (pass 2 of
    :func:`dashlib.building.resolve.cluster_members`)."""
    if a.named & b.named:
        return True
    if (a.best == WAVE) != (b.best == WAVE):
        return False  # a wave and one attack: only a shared name joins them
    if not (a.known and b.known):
        # An undated report fits an event of the days before it was published (or, for
        # an event it recalls, "days after the hijacking", of the days before the event it
        # tells of) when it is plainly the same kind of event, placed alike or counted alike.
        da, db = days_of(a), days_of(b)
        return bool(
            da
            and db
            and da[0] <= db[1]
            and db[0] <= da[1]
            and same_kind(a, b, rules)
            and _corroborated(a, b)
            and not told_apart(a, b)
        )
    if told_apart(a, b):
        return False
    if not overlap_at_night(a, b):
        # A day apart: one event only when plainly the same kind of event in the same
        # district, with the same group behind it or the same telling count. (A night
        # and the next day's early hours are not apart: that is weak evidence of one
        # day, here only, so that it links only where it is unambiguous.)
        return (
            dates_meet(a, b)
            and bool(a.primary & b.primary)
            and same_kind(a, b, rules)
            and bool(a.perps & b.perps or a.figures & b.figures)
        )
    ta, tb = a.best, b.best
    if (
        ta == tb
        and ta not in GENERIC_TYPES
        and (a.cats & b.cats or a.districts & b.districts or a.figures & b.figures)
    ):
        return True
    # Same day and same district: one event even when reports name it differently
    # (pass 2: only when no other event of that day and place fits), but a security
    # operation is not the attack of that day unless both give the same telling count
    # (a report that tells the attack and the troops' response together), and two kinds
    # of event on two kinds of target (a market bombing, an attack on a convoy) are two
    # events.
    return (
        a.date.precision == "day"
        and b.date.precision == "day"
        and bool(a.districts & b.districts)
        and (ta == tb or not {ta, tb} & RESPONSE_TYPES or bool(a.figures & b.figures))
        and (ta == tb or not (a.cats and b.cats) or bool(a.cats & b.cats))
    )


def near_of(a: Cluster, b: Cluster) -> tuple[int, int]:
    """The undated window of a merged cluster: the days both windows share (or the one there is)."""
    if a.near_last < a.near_first:
        return b.near_first, b.near_last
    if b.near_last < b.near_first:
        return a.near_first, a.near_last
    first, last = max(a.near_first, b.near_first), min(a.near_last, b.near_last)
    return (first, last) if first <= last else (a.near_first, a.near_last)


def days_of(c: Cluster) -> tuple[int, int] | None:
    """The days the event lies in: its date, or an undated report's days before publication."""
    if c.known:
        return c.first, c.last
    if c.near_first <= c.near_last:
        return c.near_first, c.near_last
    return None


def merged_date(a: DateSpan, b: DateSpan) -> DateSpan:
    """The date of two reports of one event: the days both allow, else (reports a day
    apart) both days, said so in the basis."""
    if a.known and b.known:
        both = a.intersect(b)
        if both:
            return both
        start, end = min(a.start, b.start), max(a.end, b.end)
        return DateSpan(start, end, precision_for(start, end), "inferred: reports a day apart")
    return a if a.known else b


def merge_clusters(a: Cluster, b: Cluster) -> Cluster:
    near = near_of(a, b)
    return Cluster(
        a.members + b.members,
        merged_date(a.date, b.date),
        a.types + b.types,
        a.districts | b.districts,
        a.provinces | b.provinces,
        a.named | b.named,
        a.cats | b.cats,
        primary=(a.primary | b.primary) or _NONE,
        towns=(a.towns | b.towns) or _NONE,
        perps=(a.perps | b.perps) or _NONE,
        figures=a.figures | b.figures,
        articles=a.articles | b.articles,
        near_first=near[0],
        near_last=near[1],
    )


def _months(span: DateSpan) -> list[str]:
    if not span.known or (span.end - span.start).days > 400:
        return []
    out, y, m = [], span.start.year, span.start.month
    while (y, m) <= (span.end.year, span.end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def block_keys(c: Cluster, rules: TypeRules) -> list[str]:
    """The blocks a cluster is compared in: its names, and its months (a day-like date
    reaches SLACK_DAYS into the next or last month) with its kind of event (and each
    pair of kinds it belongs to: an ambush meets a hijacking), its districts or its
    telling counts."""
    keys = [f"n:{k}" for k in sorted(c.named)]
    t = c.best
    days = days_of(c)
    if days is None:
        return keys
    first, last = days
    if _day_like(c):
        first, last = first - SLACK_DAYS, last + SLACK_DAYS
    span = DateSpan(date.fromordinal(first), date.fromordinal(last), "day", "stated")
    kinds = [t, *sorted("|".join(sorted(p)) for p in rules.compatible if t in p)]
    for month in _months(span):
        if t not in GENERIC_TYPES:
            keys += [f"t:{month}:{k}" for k in kinds]
        keys += [f"d:{month}:{d}" for d in sorted(c.districts)]
        # a report that names no place can still give the same telling count
        keys += [f"f:{month}:{m}:{v:g}" for m, v in sorted(c.figures)]
    return keys


def evidence(a: Cluster, b: Cluster, rules: TypeRules) -> tuple[list[str], list[str]]:
    """What speaks for and against two clusters being one event, in words."""
    pro, con = [], []
    if a.named & b.named:
        pro.append("same named target or operation: " + ", ".join(sorted(a.named & b.named)))
    if overlap(a, b):
        pro.append("dates overlap")
    elif a.known and b.known and dates_meet(a, b):
        pro.append("dates a day apart")
    elif a.known and b.known:
        con.append("dates do not overlap")
    else:
        pro.append("one report gives no date of its own")
    if a.primary & b.primary:
        pro.append("same district: " + ", ".join(sorted(a.primary & b.primary)))
    elif a.districts and b.districts and not (a.districts & b.districts):
        con.append("different districts")
    elif not (a.districts and b.districts):
        con.append("not both placed in a district")
    if a.best == b.best:
        pro.append(f"same kind of event ({a.best})")
    elif rules.fit(a.best, b.best):
        pro.append(f"kinds of event that can be one ({a.best}, {b.best})")
    else:
        con.append(f"different kinds of event ({a.best}, {b.best})")
    if a.cats & b.cats:
        pro.append("same target: " + ", ".join(sorted(a.cats & b.cats)))
    if a.perps & b.perps:
        pro.append("same group: " + ", ".join(sorted(a.perps & b.perps)))
    elif a.perps and b.perps:
        con.append("different groups named")
    if a.towns and b.towns and not (a.towns & b.towns):
        con.append("different towns named")
    if a.articles & b.articles:
        con.append("one report tells them as two events")
    shared = sorted(a.figures & b.figures)
    if shared:
        pro.append("same counts: " + ", ".join(f"{int(v)} {m}" for m, v in shared))
    return pro, con
