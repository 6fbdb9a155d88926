"""The events of one article as extraction leaves them, and the figures each carries.

A :class:`LocalIncident` is one event as one report tells it: its kind, date, places,
names, groups, targets, the sentences that mention it and the figures stated about it.
The build joins the local incidents of many reports into incidents
(:mod:`dashlib.building.resolve`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field

from dashlib.extraction.attribution import Cue
from dashlib.extraction.dates import UNKNOWN, DateSpan
from dashlib.extraction.figures import Figure
from dashlib.extraction.reference import Place
from dashlib.extraction.sentences import Sentence

GENERIC_TYPES = {"armed_assault", "other"}
# A security operation is usually the response to an attack and part of its story.
RESPONSE_TYPES = {"security_operation"}


@dataclass(slots=True)
class ClaimRow:
    figure: Figure
    cue: Cue | None
    sentence: Sentence


@dataclass(slots=True)
class LocalIncident:
    """An event as one article describes it."""

    index: int
    role: str
    type_order: tuple[str, ...] = ()
    type_hits: list[str] = field(default_factory=list)
    date: DateSpan = UNKNOWN
    date_texts: list[str] = field(default_factory=list)
    places: list[tuple[Place, str]] = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    perpetrators: list[str] = field(default_factory=list)
    # what the authorities call the group when they name no one group ("Fitna al-Hindustan")
    group_labels: list[str] = field(default_factory=list)
    targets: dict[str, tuple[int, int]] = field(default_factory=dict)
    mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    # counts the report gives (metric, number) large enough to tell events apart, kept
    # for resolution when the claims are laid out (see telling_counts)
    counts: frozenset[tuple[str, float]] = frozenset()
    # When the report puts an event it gives no date for: the days before the statement
    # that told of it ("officials said on Sunday that ..."), else before publication.
    reported: DateSpan = UNKNOWN

    @property
    def incident_type(self) -> str:
        return best_type(self.type_hits, self.type_order)


@dataclass(slots=True)
class ArticleExtraction:
    """Everything extracted from one article."""

    article_id: str
    published: str = ""
    incidents: list[LocalIncident] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Counts this large are rarely the same in reports of two events by chance ("48 injured").
TELLING_COUNT = 5
_COUNTED = frozenset({"killed", "injured", "hostages", "abducted"})
_NO_COUNTS: frozenset[tuple[str, float]] = frozenset()


def telling_counts(claims: list[ClaimRow]) -> frozenset[tuple[str, float]]:
    """The (metric, number) of an event's casualty figures of TELLING_COUNT or more."""
    out = frozenset(
        (c.figure.metric, c.figure.low)
        for c in claims
        if c.figure.metric in _COUNTED
        and c.figure.low is not None
        and c.figure.low >= TELLING_COUNT
    )
    return out or _NO_COUNTS


def best_type(hits: list[str], order: tuple[str, ...] | list[str]) -> str:
    """The most specific type among ``hits`` (``order``: most specific first), or 'other'."""
    if not hits:
        return "other"
    return min(hits, key=lambda t: order.index(t) if t in order else len(order))


def types_compatible(a: str, b: str, pairs: frozenset[frozenset[str]]) -> bool:
    """Can two event types describe the same event? The same type, a generic one, a
    security operation (the response to an attack, part of its story), or one of
    ``pairs`` (the lexicon's ``compatible_types``: a hijacking starts with sabotage)."""
    return a == b or bool({a, b} & (GENERIC_TYPES | RESPONSE_TYPES)) or frozenset((a, b)) in pairs


def claim_id(article_id: str, figure: Figure) -> str:
    """Stable ID of a figure in an article."""
    key = f"{article_id}:{figure.start}:{figure.end}:{figure.metric}:{figure.victim_group}"
    return "c" + hashlib.sha256(key.encode()).hexdigest()[:16]


def claim_values(claim) -> tuple:
    """A claim's values in the claims table's order, from ``metric`` to ``stance``
    (who says it defaults to 'unspecified', its stance to 'claim')."""
    f, cue = claim.figure, claim.cue
    return (
        f.metric,
        f.victim_group,
        cue.claimant_type if cue else "unspecified",
        cue.claimant if cue else "",
        cue.relayed_by if cue else "",
        f.low,
        f.high,
        f.qualifier,
        f.text,
        cue.stance if cue else "claim",
    )


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_ANY_GROUP = frozenset({"all", "unknown"})


def _source(claim: ClaimRow) -> tuple:
    """Who states a claim, as far as repeating goes: the kind of source and its role (the
    ISPR, "the military's media wing" and "the statement" that refers to it are one
    military source), else the speaker as written; no speaker is the report itself."""
    cue = claim.cue
    if cue is None:
        return ("unspecified",)
    sp = cue.speaker
    if sp is not None and sp.role not in ("", "person", "pronoun"):
        who = sp.role
    else:
        who = _ARTICLE.sub("", cue.claimant.lower()).strip()
    return (cue.claimant_type, who, cue.stance)


# A name after the last word for a role: nothing but capitalised words to the end of the
# speaker phrase ("Assistant Commissioner (AC) Attahul Munim", "Interior Minister Mohsin
# Naqvi"); an acronym in brackets belongs to the role, a leading article to no name.
# "chief executive of Shaheed ... Hospital" names no one: "of" is not part of a name.
_CAP_WORD = r"(?-i:[A-Z][a-z][\w'’-]*)"
_NAME_AFTER_ROLE = re.compile(
    rf"^[\s)]*(?:\([A-Z]{{2,}}\)\s*)?(?:(?-i:The|A|An)\s+)?({_CAP_WORD}(?:\s+{_CAP_WORD})*)\s*$"
)


def person_name(claim: ClaimRow, role_pattern: re.Pattern) -> str:
    """The last name of the person a claim's speaker names ("Attahul Munim" -> "munim"),
    or "" when the speaker names no one ("the deputy commissioner", "officials", "he"
    when it refers back to no name). A speaker read as an organisation can still name a
    person ("Interior Minister Mohsin Naqvi")."""
    cue = claim.cue
    sp = cue.speaker if cue is not None else None
    if sp is None or sp.kind not in ("person", "organisation"):
        return ""
    text = cue.claimant
    roles = list(role_pattern.finditer(text))
    tail = text[roles[-1].end() :] if roles else text
    m = _NAME_AFTER_ROLE.match(tail)
    return m.group(1).split()[-1].lower() if m else ""


def once_per_source(claims: list[ClaimRow], role_pattern: re.Pattern) -> list[ClaimRow]:
    """A source that repeats its own figure about one event states it once: the first time
    is kept ("Ten soldiers were martyred, the ISPR said ... 10 soldiers embraced martyrdom,
    the statement said"). Another source, another number or another qualifier is another
    claim; so is the same number about other people ("5 soldiers" and "5 civilians"), but
    not about people the first did not name ("145 bodies", "145 terrorists"). Two people
    of one kind of role, each named (the district health officer and the assistant
    commissioner, both officials), are two sources; ``role_pattern`` (the reference's
    words for speakers) tells their names from their titles."""
    seen: dict[tuple, list[int]] = {}  # key -> places in ``out``
    names: list[str] = []  # the named person of each kept claim, "" if none
    out: list[ClaimRow] = []
    for c in claims:
        f = c.figure
        key = (f.metric, f.low, f.high, f.qualifier, *_source(c))
        name = person_name(c, role_pattern)
        places = seen.setdefault(key, [])
        same = [
            i
            for i in places
            if (
                out[i].figure.victim_group == f.victim_group
                or {out[i].figure.victim_group, f.victim_group} & _ANY_GROUP
                or f.metric == "injured"
            )
            and not (name and names[i] and name != names[i])
        ]
        if not same:
            places.append(len(out))
            out.append(c)
            names.append(name)
        elif out[same[0]].figure.victim_group in _ANY_GROUP and f.victim_group not in _ANY_GROUP:
            out[same[0]] = c  # the repeat names who they were ("145 bodies", "145 terrorists")
            names[same[0]] = names[same[0]] or name
    return out


def named_elsewhere(claims: list[ClaimRow]) -> list[ClaimRow]:
    """A toll that only says "people" or "bodies" counts the people the same report names
    elsewhere with the same number ("At least 20 miners were killed ... We have received 20
    bodies"): it takes that victim group, when exactly one group has that number, with the
    same range or one of the two open-ended ("10 to 15 people" is not "at least 10
    soldiers"). A headline's toll needs the same range: headlines are terse, and "killing
    three" above "at least three personnel" is left as it is stated."""
    named: dict[int | None, dict[str, set]] = {}
    for c in claims:
        f = c.figure
        if f.metric == "killed" and f.victim_group not in _ANY_GROUP:
            named.setdefault(f.low, {}).setdefault(f.victim_group, set()).add(f.high)
    out = []
    for c in claims:
        f = c.figure
        groups = named.get(f.low, {})
        if f.metric == "killed" and f.victim_group in _ANY_GROUP and len(groups) == 1:
            group, highs = next(iter(groups.items()))
            same_range = f.high in highs
            # "at least 20" and "20": one count, once open-ended (not "10 to 15")
            open_ended = (f.high is None and highs <= {None, f.low}) or (
                f.high == f.low and None in highs
            )
            if same_range or (open_ended and not c.sentence.is_heading):
                c = ClaimRow(dataclasses.replace(f, victim_group=group), c.cue, c.sentence)
        out.append(c)
    return out
