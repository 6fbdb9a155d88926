"""What a stretch of an article says about an event: triggers, places, names, groups,
targets, dates, and the figures stated in it.

Pure functions over ``text[start:end]`` with the reference vocabulary; the article
reader (:mod:`dashlib.extraction.events`) decides which event a sentence is about and
these record what the sentence adds to it.
"""

from __future__ import annotations

import re
from datetime import timedelta

from dashlib.extraction.article_events import GENERIC_TYPES, RESPONSE_TYPES, ClaimRow, LocalIncident
from dashlib.extraction.attribution import attribute
from dashlib.extraction.dates import UNKNOWN, DateMention, DateSpan, precision_for
from dashlib.extraction.figures import Figure
from dashlib.extraction.reference import Place, Reference, compile_phrases
from dashlib.extraction.sentences import Sentence

_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|across|outside|inside|around|on)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"|\b(?:province|district|city|town|village|region|area|outskirts|suburbs?|vicinity|parts|division|tehsil|valley|market|bazaar|port)\s+of\s+"
    r"|\b(?:control\s+of|storm(?:ed)?|captur(?:e|ed)|seiz(?:e|ed)|overr?an|besieg(?:e|ed)|raid(?:ed)?|attack(?:ed)?|struck|hit|entered|target(?:ed|ing)?)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,1}?)$",
    re.I,
)
# A plural trigger with no determiner or number ("high-profile attacks") speaks of
# attacks in general; only a figure, a responsibility claim or a name makes it one event.
_DETERMINED = re.compile(
    r"\b(?:the|this|these|those|that|a|an|another|its|their|\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|series\s+of|wave\s+of|string\s+of|spate\s+of)\s+(?:[\w“”\"'’-]+\s+){0,2}$",
    re.I,
)
_ROUTE = re.compile(
    r"\b(?:travel+ing|bound|heading|en route|running|connecting|linking|on its way)\b[^.;]{0,40}$|\bfrom\s+\S+(?:\s+\S+)?\s+to\s+$",
    re.I,
)
# "Panjgur and Nushki military camps", "the Turbat naval air station": a place
# naming the site attacked.
_SITE_AFTER = re.compile(
    r"(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?(?:\s+[\w'’-]+){0,2}?\s+"
    r"(?:camps?|check\s?posts?|posts?|bases?|cantonments?|stations?|headquarters|garrisons?|forts?|compounds?|complex)\b"
)
_OPERATION = re.compile(r"\bOperation\s+[\"“]?([A-Z][\w-]+(?:\s+\d+(?:\.\d+)?)?)")
_DEFINITE = re.compile(r"\b(?:the|this|these|those|that)\s+(?:[\w-]+\s+){0,2}$", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|\b(?:its|their|his|her))\s+(?:[\w-]+\s+){0,1}$", re.I)


def trigger_spans(text: str, start: int, end: int, ref: Reference) -> list[tuple[int, int, str]]:
    """Event triggers in text[start:end] as (start, end, type), most specific type per span.

    One pass of the combined trigger pattern finds candidate spans (most
    sentences have none); only those are classified by type, in lexicon order.
    """
    found: list[tuple[int, int, str]] = []
    spared: list[tuple[int, int]] | None = None
    for m in ref.any_trigger.finditer(text, start, end):
        ms, me = m.span()
        if spared is None:  # phrases in which a trigger names no event ("rocket launchers")
            spared = [
                n.span() for n in lexicon_phrases(ref, "not_triggers").finditer(text, start, end)
            ]
        if any(a <= ms and me <= b for a, b in spared):
            continue
        for t in ref.type_order:
            if ref.type_patterns[t].fullmatch(text, ms, me):
                found.append((ms, me, t))
                break
    return found


def places_in(
    text: str, start: int, end: int, ref: Reference, locative_only: bool
) -> list[tuple[Place, str, int]]:
    out = []
    for m in ref.place_pattern.finditer(text, start, end):
        place = ref.place(m.group(0))
        if not place:
            continue
        before = text[max(start, m.start() - 60) : m.start()]
        if _ROUTE.search(before):
            continue
        if (
            locative_only
            and not _LOCATIVE.search(before)
            and not re.search(r",\s*$|\band\s+$", before)
            and not _SITE_AFTER.match(text, m.end(), min(end, m.end() + 60))
        ):
            continue
        if place.level in ("town", "landmark") and _placed_elsewhere(text, m.end(), place, ref):
            continue
        out.append((place, m.group(0), m.start()))
    return out


# "the Parom area of Khuzdar", "Dasht, Mastung": the text says which district a place lies in
_CONTAINED_IN = re.compile(
    r"(?:\s+(?:area|town|village|tehsil|locality|neighbourhood|region|bazaar|market)"
    r"\s*(?:,|\bof\b|\bin\b|\bnear\b)|\s*(?:,|\bin\b))\s*(?:the\s+)?(?:[A-Z][\w'’-]*['’]s\s+)?"
)


_DISTRICT_WORD = re.compile(r"\s+district\b", re.I)


def _placed_elsewhere(text: str, at: int, place: Place, ref: Reference) -> bool:
    """Is a town the text puts in another district than the gazetteer's a namesake?
    ("the Parom area of Khuzdar": not Parom in Panjgur; "the Gaddani area near Dhadar":
    not Gaddani by the sea.)"""
    frame = _CONTAINED_IN.match(text, at, at + 40)
    if not frame:
        return False
    m = ref.place_pattern.match(text, frame.end())
    container = ref.place(m.group(0)) if m else None
    if (
        container
        and frame.group(0).strip() == ","
        and not m.group(0).lower().endswith("district")
        and not _DISTRICT_WORD.match(text, m.end())
    ):
        return False  # "Turbat, Panjgur and Gwadar" is a list; "Turbat, Kech district" is not
    return bool(
        container
        and container.level in ("district", "town")
        and container.district
        and place.district
        and container.district != place.district
    )


def site_places(text: str, start: int, end: int, ref: Reference) -> list[Place]:
    """Places that name a site ("Panjgur and Nushki military camps", "the Turbat naval
    air station") in text[start:end]."""
    out = []
    for m in ref.place_pattern.finditer(text, start, end):
        place = ref.place(m.group(0))
        if (
            place
            and place.level != "country"
            and _SITE_AFTER.match(text, m.end(), min(end, m.end() + 60))
        ):
            out.append(place)
    return out


# Places at these levels tie an event to one district.
SPECIFIC_LEVELS = frozenset({"town", "district", "landmark"})
PLACED_WITHIN = 60  # characters after a trigger in which a place says where the event was
# "About the Quetta attack", "the Chaman blast": a place naming the event it comes before
_PLACE_BEFORE_TRIGGER = re.compile(r"^[\s,]*(?:[\w-]+\s+)?$")


def districts_placing(text: str, trig, start: int, end: int, ref: Reference) -> set[str]:
    """Districts where the triggers ``trig`` put their event: places in text[start:end]
    right after a trigger ("the attack in Gwadar") or right before it ("the Quetta attack")."""
    out = set()
    for t0, t1, _ in trig:
        for p, _, _ in places_in(text, t0, min(end, t1 + PLACED_WITHIN), ref, locative_only=True):
            if p.district and p.level in SPECIFIC_LEVELS:
                out.add(p.district)
        for m in ref.place_pattern.finditer(text, max(start, t0 - 40), t0):
            p = ref.place(m.group(0))
            gap = text[m.end() : t0]
            if (
                p
                and p.district
                and p.level in SPECIFIC_LEVELS
                and "bound" not in gap
                and _PLACE_BEFORE_TRIGGER.match(gap)
            ):
                out.add(p.district)
    return out


SITE_WITHIN = 60  # characters after a figure in which a place says where those people were hit
_TREATED = re.compile(
    r"\b(?:hospitals?|shifted|taken|moved|transferred|brought|referred|airlifted|evacuated|rushed)\b",
    re.I,
)
_BREAKDOWN = re.compile(r"^[^.;]*?,?\s*(?:including|among\s+them|of\s+whom)\s+$", re.I)


# "ten people, including police and levies personnel, were killed": who was among a
# total, named without a number of their own
_NAMED_AMONG = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s*,?\s*(?:including|among\s+them|among\s+whom)\s+"
    r"(?P<who>[^,.;:\d]{3,60}?)"
    r"\s*(?:[,.;:]|\b(?:were|was|have|had|are|is|died|killed|injured|wounded)\b)",
    re.I,
)


def named_among_targets(text: str, fig: Figure, ref: Reference) -> list[str]:
    """Targets named in a total's breakdown without numbers ("ten people, including
    police and levies personnel"): the victim groups there that mark what was hit."""
    m = _NAMED_AMONG.match(text, fig.end, fig.end + 90)
    if m is None:
        return []
    a, b = m.span("who")
    return [
        _GROUP_TARGET[g]
        for g, pat in ref.group_patterns.items()
        if g in _GROUP_TARGET and pat.search(text, a, b)
    ]


def figure_sites(text: str, figs: list[Figure], end: int, ref: Reference) -> list[Place | None]:
    """Where each figure's people were hit, when the words right after it say ("23
    passengers in Musakhail", "11 people, including 4 Levies personnel, killed in Kalat":
    a total and its breakdown share the place); None where they do not."""
    out: list[Place | None] = []
    for k, f in enumerate(figs):
        stop = min(end, f.end + SITE_WITHIN)
        begin = f.end
        for g in figs[k + 1 :]:
            if g.start >= stop:
                break
            if not _BREAKDOWN.match(text[f.end : g.start]):
                stop = g.start
                break
            # the total's place comes after its breakdown's aside closes ("11 people,
            # including 4 Levies personnel, killed in Kalat"), not inside it ("40 dead,
            # including 23 passengers in Musakhail")
            close = text.find(",", g.end, stop)
            if close < 0:
                stop = g.start
                break
            begin = close
        site = None
        for p, _, pos in places_in(text, begin, stop, ref, locative_only=True):
            if _TREATED.search(text, f.end, pos):
                break  # "died at a hospital in Quetta": where they were taken
            if p.district and p.level in SPECIFIC_LEVELS:
                site = p
                break
        out.append(site)
    return out


def second_site(
    text: str, start: int, end: int, triggers, ref: Reference
) -> tuple[int, int] | None:
    """ "... in a suicide attack at a market of Quetta and a motorcycle bomb blast in the
    border town of Chaman": two events, each placed in its own district, joined by "and".
    Returns the stretch of the second (from its "and" to the end of the sentence)."""
    for k in range(1, len(triggers)):
        (a0, a1, ta), (b0, b1, tb) = triggers[k - 1], triggers[k]
        if "coordinated_attacks" in (ta, tb):
            return None
        conj = re.search(
            r"\b(?:and|while|as well as)\s+(?:an?|another|the)\s+(?:[\w-]+\s+){0,3}$", text[a1:b0]
        )
        if not conj:
            continue
        first = districts_placing(text, [(a0, a1, ta)], start, a1 + conj.start(), ref)
        second = districts_placing(text, [(b0, b1, tb)], b0, end, ref)
        if first and second and not (first & second):
            return a1 + conj.start(), end
    return None


def named_keys(text: str, start: int, end: int, ref: Reference) -> set[str]:
    keys = set()
    for m in ref.named_target_pattern.finditer(text, start, end):
        name = ref.named_target_variants.get(" ".join(m.group(0).lower().split()))
        if name:
            keys.add(f"target:{name}")
    for m in _OPERATION.finditer(text, start, end):
        keys.add(f"operation:{m.group(1).lower()}")
    return keys


def groups_in(text: str, start: int, end: int, ref: Reference) -> list[str]:
    out = []
    for m in ref.armed_group_pattern.finditer(text, start, end):
        actor = ref.actor(m.group(0))
        if actor:
            out.append(ref.armed_group(actor.name))
    return out


def group_labels_in(text: str, start: int, end: int, ref: Reference) -> list[str]:
    """Names an authority gives several armed groups at once, in text[start:end]."""
    out = []
    for m in ref.group_label_pattern.finditer(text, start, end):
        actor = ref.actor(m.group(0))
        if actor:
            out.append(actor.name)
    return out


# "police said", "police officials told reporters", "according to the police": the
# word names who speaks, not who was attacked.
_SPEAKER_AFTER = re.compile(
    r"^(?:\s+[\w'’-]+){0,2}?\s+(?:said|says|told|confirmed|added|stated|reported)\b", re.I
)
_SPEAKER_BEFORE = re.compile(r"\baccording\s+to(?:\s+[\w'’-]+){0,2}?\s*$", re.I)


def targets_in(text: str, start: int, end: int, ref: Reference) -> list[str]:
    cats = []
    for cat, pat in ref.target_patterns.items():
        for m in pat.finditer(text, start, end):
            if _SPEAKER_AFTER.match(text[m.end() : m.end() + 40]) or _SPEAKER_BEFORE.search(
                text[max(start, m.start() - 40) : m.start()]
            ):
                continue
            cats.append(cat)
            break
    return cats


def spans_without(s: int, e: int, skip) -> list[tuple[int, int]]:
    """[s, e) without the stretches in ``skip`` (sorted, not overlapping)."""
    out, a = [], s
    for bs, be, *_ in skip:
        if be <= a or bs >= e:
            continue
        if bs > a:
            out.append((a, bs))
        a = max(a, be)
    if a < e:
        out.append((a, e))
    return out


_GROUP_TARGET = {
    "civilians": "civilians",
    "security_forces": "security_forces",
    "passengers": "civilians",
}


def background_segments(
    text: str, sent: Sentence, triggers, figures: list[Figure], ref: Reference
) -> list[tuple[int, int, int]]:
    """Stretches like "—like the ambush of ... soldiers—" that describe another event, as
    (start, end, days): ``days`` is how long before the event in focus the recalled one
    lies at most, when the words say ("days after the hijacking": 14), else 0."""
    segs = []
    for m in ref.background_cues.finditer(text, sent.start, sent.end):
        trig = [t for t in triggers if m.end() <= t[0] <= m.end() + 60]
        if not trig:
            continue
        stop = re.compile(r"[—–;()]")
        sm = stop.search(text, trig[0][1], sent.end)
        end = sm.start() if sm else sent.end
        inside = [f for f in figures if m.start() <= f.start < end]
        if inside:
            cm = re.compile(r",").search(text, inside[0].end, end)
            if cm:
                end = cm.start()
        else:
            cm = re.compile(r",").search(text, trig[0][1], end)
            if cm:
                end = cm.start()
        if not segs or m.start() >= segs[-1][1]:
            segs.append((m.start(), end, 0))
    for m in ref.past_event_cues.finditer(text, sent.start, sent.end):
        # "The attack came less than a week after 21 people were martyred in a suicide
        # blast in Hazarganji", "the BLA, which days ago ambushed a train and killed 26
        # hostages": what follows the cue, to the end of its clause, is an earlier event
        if any(a <= m.start() < b for a, b, _ in segs):
            continue
        after = (
            m.end() + len(text[m.end() : m.end() + 5]) - len(text[m.end() : m.end() + 5].lstrip())
        )
        if _FRONTED.match(text, sent.start, m.start()) and (
            ref.anaphora.match(text, after) or _DAYS_EVENT.match(text, after)
        ):
            # "Two days after the attack, the toll rose to eight", "A week after
            # Thursday's attack, officials confirmed ...": the time of the event told
            continue
        stop = _PAST_EVENT_END.search(text, m.end(), sent.end)
        end = stop.start() if stop else sent.end
        if any(m.end() <= f.start < end for f in figures) or any(
            m.end() <= t[0] < end for t in triggers
        ):
            days = ref.past_event_days.get(" ".join(m.group(0).lower().split()), 0)
            segs.append((m.start(), end, days))
    segs.sort()
    return segs


# "Thursday's attack", "last week's blast": the event the report tells, by its day.
_DAYS_EVENT = re.compile(
    r"(?:[A-Z][a-z]+day|yesterday|last\s+\w+)['’]s\s+(?:[\w-]+\s+)?"
    r"(?:attack|assault|blast|bombing|explosion|ambush|raid|incident|hijacking)\b"
    # "the October 3 attack,": a named day or place, and the clause ends
    r"|(?:the|this)\s+(?:[\w-]+\s+){1,3}?(?:attack|assault|blast|bombing|explosion|ambush|raid|"
    r"incident|hijacking)s?\s*,",
    re.I,
)
# A cue opening the sentence ("Two days after the attack, ..."): the time of what follows.
_FRONTED = re.compile(r"\s*(?:[\w’'-]+\s+){0,2}$")
# Where a recalled event's clause ends: a dash or semicolon, or the main clause going on
# (", the police said", ", officials said").
_PAST_EVENT_END = re.compile(r"[—–;]|,\s+(?:the\s+)?\w+(?:\s+\w+)?\s+(?:said|say|says|added)\b")


def with_since_spans(dates: list[DateMention], text: str) -> list[DateMention]:
    """ "held hostage since Tuesday ... on Wednesday": one span from the start to the later date."""
    since = [
        d
        for d in dates
        if d.span.known and re.search(r"\bsince\s+$", text[max(0, d.start - 8) : d.start], re.I)
    ]
    if not since:
        return dates
    first = since[0]
    later = [d for d in dates if d is not first and d.span.known and d.span.end >= first.span.start]
    if not later:
        return dates
    end = max(d.span.end for d in later)
    span = DateSpan(first.span.start, end, precision_for(first.span.start, end), first.span.basis)
    return [DateMention(first.start, first.end, first.text, span, first.relative)]


# An event a report gives no date for happened in the days before the statement that
# told of it, or before the report was published.
SAID_WITHIN_DAYS = 3
REPORTED_WITHIN_DAYS = 14


def days_before(span: DateSpan, days: int, what: str) -> DateSpan:
    if not span.known:
        return UNKNOWN
    start = span.end - timedelta(days=days)
    return DateSpan(start, span.end, precision_for(start, span.end), f"inferred: before {what}")


_LEXICON_PATTERNS: dict[tuple[int, str], tuple[Reference, re.Pattern]] = {}


def lexicon_phrases(ref: Reference, key: str) -> re.Pattern:
    """The lexicon's list ``key`` as one pattern, compiled once per reference (none: never matches)."""
    cached = _LEXICON_PATTERNS.get((id(ref), key))
    if cached is None or cached[0] is not ref:
        cached = (ref, compile_phrases(ref.lexicon.get(key) or []))
        _LEXICON_PATTERNS[(id(ref), key)] = cached
    return cached[1]


_TYPE_ORDERS: dict[int, tuple[Reference, tuple[str, ...]]] = {}


def type_order(ref: Reference) -> tuple[str, ...]:
    """``tuple(ref.type_order)``, one shared tuple per reference (not one per event)."""
    cached = _TYPE_ORDERS.get(id(ref))
    if cached is None or cached[0] is not ref:
        cached = (ref, tuple(ref.type_order))
        _TYPE_ORDERS[id(ref)] = cached
    return cached[1]


def add_features(
    inc: LocalIncident,
    text: str,
    ref: Reference,
    said: list[DateMention],
    s: int,
    e: int,
    trig,
    dates,
    role: str,
    *,
    places=True,
    targets=True,
    skip=(),
) -> None:
    """Add what text[s:e] says about an event to ``inc``; ``said`` are the dates of
    statements in the sentence ("officials said on Sunday"); ``skip`` are stretches about another event
    ("like the ambush in Kech last year"): their places, names and groups are left out."""
    fighting = lexicon_phrases(ref, "fighting_words")
    if (inc.type_hits and inc.incident_type in RESPONSE_TYPES) or (
        not inc.type_hits
        and any(t in RESPONSE_TYPES and not fighting.fullmatch(text, a, b) for a, b, t in trig)
    ):
        # A report that opens with a security operation ("gunned down eight insurgents
        # during a clearance operation") and goes on with "the terrorists were gunned
        # down", "the attack": words for the fighting, not another kind of event.
        inc.type_hits += [t for _, _, t in trig if t not in GENERIC_TYPES]
    else:
        inc.type_hits += [t for _, _, t in trig]
    dates = with_since_spans([d for d in dates if s <= d.start < e], text)
    for d in dates:
        if not (s <= d.start < e):
            continue
        inc.date_texts.append(d.text)
        if not d.span.known:
            continue
        if not inc.date.known:
            inc.date = d.span
        else:
            both = inc.date.intersect(d.span)
            if both:
                inc.date = both
    place_text = []
    pieces = spans_without(s, e, skip)
    if places:
        for a, b in pieces:
            for place, surface, _pos in places_in(text, a, b, ref, locative_only=True):
                inc.places.append((place, surface))
                place_text.append(surface)
    named = set().union(*(named_keys(text, a, b, ref) for a, b in pieces))
    inc.named |= named
    inc.perpetrators += [g for a, b in pieces for g in groups_in(text, a, b, ref)]
    inc.group_labels += [g for a, b in pieces for g in group_labels_in(text, a, b, ref)]
    if targets and trig:
        for a, b in spans_without(trig[0][0], e, skip):
            for cat in targets_in(text, a, b, ref):
                inc.targets.setdefault(cat, (s, e))
    for key in sorted(named):
        if key.startswith("target:"):
            nt = ref.named_targets.get(key[7:])
            if nt:
                inc.targets.setdefault(nt.category, (s, e))
    for d in said:
        # "Officials said on Sunday that ...": the event came shortly before.
        if s <= d.start < e and d.span.known and not inc.date.known:
            span = days_before(d.span, SAID_WITHIN_DAYS, "a statement")
            if not inc.reported.known or span.end < inc.reported.end:
                inc.reported = span
    date_text = "; ".join(d.text for d in dates if s <= d.start < e)
    inc.mentions.append((s, e, role, date_text, "; ".join(place_text)))


_CASUALTY_METRICS = ("killed", "injured", "abducted", "hostages")


def add_claims(
    inc: LocalIncident,
    text: str,
    ref: Reference,
    figs: list[Figure],
    cues,
    sent,
    relays,
    fallbacks=(),
) -> None:
    """Add the figures of a sentence to ``inc``, each with who states it (``fallbacks``:
    speakers of quotations and of the sentence before, for figures no cue of their own
    sentence covers); a count of civilians, soldiers or foreign nationals also marks the
    event's target, and so do the people a total names without a number ("ten people,
    including police and levies personnel")."""
    hit = (sent.start, sent.end)
    for f in figs:
        cue = attribute(f.start, cues, relays, fallbacks)
        inc.claims.append(ClaimRow(f, cue, sent))
        if f.metric in _CASUALTY_METRICS:
            cat = _GROUP_TARGET.get(f.victim_group)
            for named in ([cat] if cat else []) + named_among_targets(text, f, ref):
                inc.targets.setdefault(named, hit)
        if f.victim_group == "foreign_nationals":
            cat = "cpec_chinese" if re.search(r"chin", f.noun, re.I) else "other"
            inc.targets.setdefault(cat, hit)


def is_definite(text: str, trig) -> bool:
    """A trigger after "the", "this", "these": a reference to an event already told."""
    return any(_DEFINITE.search(text[max(0, s - 40) : s]) for s, _, _ in trig)


def is_generic(text: str, trig) -> bool:
    """Plural triggers after a possessive ("the BLA's recent attacks") speak of attacks in general."""
    return all(
        text[s:e].lower().endswith("s") and _POSSESSIVE.search(text[max(0, s - 40) : s])
        for s, e, _ in trig
    )


def is_bare_plural(text: str, trig) -> bool:
    """Plural triggers with no determiner or number ("high-profile attacks"): attacks in general."""
    return all(
        " " not in text[s:e].strip()
        and text[s:e].lower().endswith("s")
        and not _DETERMINED.search(text[max(0, s - 40) : s])
        for s, e, _ in trig
    )


def is_hypothetical(text: str, ref: Reference, start: int, end: int) -> bool:
    """A word before a trigger that makes it planned, feared or threatened ("could", "may").

    The month "May" ("on May 3 a bomb ...", "KARACHI, May 27 (AFP) - A bomb ...") is not the verb.
    """
    return any(m.group(0) != "May" for m in ref.hypothetical_cues.finditer(text, start, end))
