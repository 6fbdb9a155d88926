"""Extraction: one cleaned article into its events, figures, targets and mentions.

The article is read sentence by sentence, keeping a *focus* (the event the
text is currently about):

* a sentence with an event trigger and an anchor (a date, a place after the
  trigger, a named target, a figure or a responsibility claim) opens a new
  event, unless it plainly continues the focus (same kind of event, or a
  definite reference such as "the attack");
* "another", "also", "a recent attack" always open a new event;
* "like the ambush of ...", "such as the October 2024 bombing ..." open a
  background event for that stretch of the sentence only; the focus stays;
* statements over a period ("in recent years", "have been killed",
  "numerous") are statistics, not events: their numbers are never figures;
* figures without a trigger belong to the focus.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta

from dashlib.extraction.attribution import (
    Cue,
    actor_mentions,
    attribute,
    find_cues,
    relayed_quotations,
)
from dashlib.extraction.clean import CleanArticle
from dashlib.extraction.dates import (
    UNKNOWN,
    DateMention,
    DateSpan,
    explicit_year,
    find_dates,
    precision_for,
    published_span,
)
from dashlib.extraction.figures import Figure, find_figures
from dashlib.extraction.reference import Place, Reference, compile_phrases
from dashlib.extraction.sentences import Sentence, split_sentences

MAX_SENTENCE_CHARS = 3000
GENERIC_TYPES = {"armed_assault", "other"}
# A security operation is usually the response to an attack and part of its story.
RESPONSE_TYPES = {"security_operation"}
# Pairs of event types that can describe one event (a hijacking starts with
# sabotage and a takeover; a wave of coordinated attacks includes bombings).
_COMPATIBLE = {
    frozenset(p)
    for p in [
        ("hijacking", "sabotage"),
        ("hijacking", "takeover"),
        ("coordinated_attacks", "suicide_bombing"),
        ("coordinated_attacks", "bombing"),
        ("coordinated_attacks", "ied"),
        ("coordinated_attacks", "ambush"),
        ("coordinated_attacks", "takeover"),
        ("suicide_bombing", "bombing"),
        ("ied", "bombing"),
        ("ambush", "ied"),
    ]
}
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|across|outside|inside|around|on)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"|\b(?:province|district|city|town|region|area|outskirts|parts|division)\s+of\s+"
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
_OPERATION = re.compile(r"\bOperation\s+[\"“]?([A-Z][\w-]+(?:\s+\d+(?:\.\d+)?)?)")
_DEFINITE = re.compile(r"\b(?:the|this|these|those|that)\s+(?:[\w-]+\s+){0,2}$", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|\b(?:its|their|his|her))\s+(?:[\w-]+\s+){0,1}$", re.I)
# "said on Wednesday": the day of the statement, not of the event.
_STATEMENT_DATE = re.compile(
    r"\b(?:said|says|told|announced|stated|confirmed|added|claimed|reported|denied|statement|briefing|issued)\s+"
    r"(?:(?:on|late|early|this|last)\s+){0,2}$",
    re.I,
)
# "QUETTA, Pakistan (AP) —", "KARACHI, Oct 7 (Reuters) -": a wire service's dateline;
# "QUETTA, Oct 26:", "TURBAT, 3 March:": a newspaper's. The dateline opens the
# first line of the body (after a title, a byline) and is followed by the lede;
# its date is the day the story was filed, never the day of the event.
_WIRE_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'’-]+(?:,\s*(?:[A-Z][\w.]*(?:\s+\d{1,2})?|\d{1,2}\s+[A-Z][a-z]+\.?))*\s*"
    r"(?:\((?P<wire>[A-Z][\w.&]{1,20}(?:\s[A-Z]\w+)?)\)\s*[-—–]|:)(?=[ \t]*\S[^\n]{20})",
    re.M,
)
DATELINE_WITHIN = 600  # characters from the start of the text in which a dateline may open a line
_RESPONSIBILITY = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+responsibility\b|\bresponsibility\s+for\b", re.I
)


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
    targets: dict[str, tuple[int, int]] = field(default_factory=dict)
    mentions: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
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


def best_type(hits: list[str], order: tuple[str, ...] | list[str]) -> str:
    """The most specific type among ``hits`` (``order``: most specific first), or 'other'."""
    if not hits:
        return "other"
    return min(hits, key=lambda t: order.index(t) if t in order else len(order))


def types_compatible(a: str, b: str) -> bool:
    """Can two event types describe the same event?"""
    return (
        a == b
        or bool({a, b} & (GENERIC_TYPES | RESPONSE_TYPES))
        or frozenset((a, b)) in _COMPATIBLE
    )


def _triggers(text: str, start: int, end: int, ref: Reference) -> list[tuple[int, int, str]]:
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
                n.span() for n in _lexicon_phrases(ref, "not_triggers").finditer(text, start, end)
            ]
        if any(a <= ms and me <= b for a, b in spared):
            continue
        for t in ref.type_order:
            if ref.type_patterns[t].fullmatch(text, ms, me):
                found.append((ms, me, t))
                break
    return found


def _places(
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
        ):
            continue
        out.append((place, m.group(0), m.start()))
    return out


def _named(text: str, start: int, end: int, ref: Reference) -> set[str]:
    keys = set()
    for m in ref.named_target_pattern.finditer(text, start, end):
        name = ref.named_target_variants.get(" ".join(m.group(0).lower().split()))
        if name:
            keys.add(f"target:{name}")
    for m in _OPERATION.finditer(text, start, end):
        keys.add(f"operation:{m.group(1).lower()}")
    return keys


def _groups(text: str, start: int, end: int, ref: Reference) -> list[str]:
    out = []
    for m in ref.armed_group_pattern.finditer(text, start, end):
        actor = ref.actor(m.group(0))
        if actor:
            out.append(ref.armed_group(actor.name))
    return out


# "police said", "police officials told reporters", "according to the police": the
# word names who speaks, not who was attacked.
_SPEAKER_AFTER = re.compile(
    r"^(?:\s+[\w'’-]+){0,2}?\s+(?:said|says|told|confirmed|added|stated|reported)\b", re.I
)
_SPEAKER_BEFORE = re.compile(r"\baccording\s+to(?:\s+[\w'’-]+){0,2}?\s*$", re.I)


def _targets(text: str, start: int, end: int, ref: Reference) -> list[str]:
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


def _pieces(s: int, e: int, skip) -> list[tuple[int, int]]:
    """[s, e) without the stretches in ``skip`` (sorted, not overlapping)."""
    out, a = [], s
    for bs, be in skip:
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


def _background_segments(
    text: str, sent: Sentence, triggers, figures: list[Figure], ref: Reference
) -> list[tuple[int, int]]:
    """Stretches like "—like the ambush of ... soldiers—" that describe another event."""
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
            segs.append((m.start(), end))
    return segs


def _with_since_spans(dates: list[DateMention], text: str) -> list[DateMention]:
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


def _days_before(span: DateSpan, days: int, what: str) -> DateSpan:
    if not span.known:
        return UNKNOWN
    start = span.end - timedelta(days=days)
    return DateSpan(start, span.end, precision_for(start, span.end), f"inferred: before {what}")


_LEXICON_PATTERNS: dict[tuple[int, str], tuple[Reference, re.Pattern]] = {}


def _lexicon_phrases(ref: Reference, key: str) -> re.Pattern:
    """The lexicon's list ``key`` as one pattern, compiled once per reference (none: never matches)."""
    cached = _LEXICON_PATTERNS.get((id(ref), key))
    if cached is None or cached[0] is not ref:
        cached = (ref, compile_phrases(ref.lexicon.get(key) or []))
        _LEXICON_PATTERNS[(id(ref), key)] = cached
    return cached[1]


_TYPE_ORDERS: dict[int, tuple[Reference, tuple[str, ...]]] = {}


def _type_order(ref: Reference) -> tuple[str, ...]:
    """``tuple(ref.type_order)``, one shared tuple per reference (not one per event)."""
    cached = _TYPE_ORDERS.get(id(ref))
    if cached is None or cached[0] is not ref:
        cached = (ref, tuple(ref.type_order))
        _TYPE_ORDERS[id(ref)] = cached
    return cached[1]


class _ArticleReader:
    def __init__(self, article: CleanArticle, ref: Reference):
        self.a = article
        self.text = article.text
        self.ref = ref
        self.pub = published_span(article.published)
        self.before_publication = _days_before(self.pub, REPORTED_WITHIN_DAYS, "publication")
        self.said: list[DateMention] = []  # dates of statements in the sentence being read
        self.incidents: list[LocalIncident] = []
        self.focus: LocalIncident | None = None
        self.context_year: int | None = None
        self.warnings: list[str] = []
        self.relays = relayed_quotations(self.text, ref)
        self.last_group: str = ""
        self.last_actor = None
        self.pending: list[tuple[list[Figure], list, Sentence, list]] = []
        dl = _WIRE_DATELINE.search(self.text, 0, DATELINE_WITHIN)
        wire = dl.group("wire") if dl else None
        self.wire = wire if wire and ref.outlet_pattern.fullmatch(wire) else ""
        self.dateline_end = dl.end() if dl else 0

    # -- incident bookkeeping ------------------------------------------------
    def new_incident(self, role: str) -> LocalIncident:
        inc = LocalIncident(
            index=len(self.incidents),
            role=role,
            type_order=_type_order(self.ref),
            reported=self.before_publication,
        )
        self.incidents.append(inc)
        return inc

    def add_features(self, inc, s, e, trig, dates, role, *, places=True, targets=True, skip=()):
        """Add text[s:e] to ``inc``; ``skip`` are stretches about another event
        ("like the ambush in Kech last year"): their places, names and groups are left out."""
        text, ref = self.text, self.ref
        fighting = _lexicon_phrases(ref, "fighting_words")
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
        dates = _with_since_spans([d for d in dates if s <= d.start < e], text)
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
        pieces = _pieces(s, e, skip)
        if places:
            for a, b in pieces:
                for place, surface, _pos in _places(text, a, b, ref, locative_only=True):
                    inc.places.append((place, surface))
                    place_text.append(surface)
        named = set().union(*(_named(text, a, b, ref) for a, b in pieces))
        inc.named |= named
        inc.perpetrators += [g for a, b in pieces for g in _groups(text, a, b, ref)]
        if targets and trig:
            for a, b in _pieces(trig[0][0], e, skip):
                for cat in _targets(text, a, b, ref):
                    inc.targets.setdefault(cat, (s, e))
        for key in sorted(named):
            if key.startswith("target:"):
                nt = ref.named_targets.get(key[7:])
                if nt:
                    inc.targets.setdefault(nt.category, (s, e))
        for d in self.said:
            # "Officials said on Sunday that ...": the event came shortly before.
            if s <= d.start < e and d.span.known and not inc.date.known:
                span = _days_before(d.span, SAID_WITHIN_DAYS, "a statement")
                if not inc.reported.known or span.end < inc.reported.end:
                    inc.reported = span
        date_text = "; ".join(d.text for d in dates if s <= d.start < e)
        inc.mentions.append((s, e, role, date_text, "; ".join(place_text)))

    def add_claims(self, inc, figs: list[Figure], cues, sent):
        for f in figs:
            cue = attribute(f.start, cues, self.relays)
            inc.claims.append(ClaimRow(f, cue, sent))
            cat = _GROUP_TARGET.get(f.victim_group)
            if f.metric in ("killed", "injured", "abducted", "hostages") and cat:
                inc.targets.setdefault(cat, (sent.start, sent.end))
            if f.victim_group == "foreign_nationals":
                cat = "cpec_chinese" if re.search(r"chin", f.noun, re.I) else "other"
                inc.targets.setdefault(cat, (sent.start, sent.end))

    # -- decisions -------------------------------------------------------------
    def _definite(self, trig) -> bool:
        return any(_DEFINITE.search(self.text[max(0, s - 40) : s]) for s, _, _ in trig)

    def _generic(self, trig) -> bool:
        """Plural triggers after a possessive ("the BLA's recent attacks") speak of attacks in general."""
        return all(
            self.text[s:e].lower().endswith("s")
            and _POSSESSIVE.search(self.text[max(0, s - 40) : s])
            for s, e, _ in trig
        )

    def _bare_plural(self, trig) -> bool:
        return all(
            " " not in self.text[s:e].strip()
            and self.text[s:e].lower().endswith("s")
            and not _DETERMINED.search(self.text[max(0, s - 40) : s])
            for s, e, _ in trig
        )

    def _compatible_earlier(self, mtype: str) -> LocalIncident | None:
        for inc in reversed(self.incidents):
            if (
                inc.role == "main"
                and inc.incident_type not in GENERIC_TYPES
                and types_compatible(inc.incident_type, mtype)
                and (mtype in GENERIC_TYPES or inc.incident_type == mtype)
            ):
                return inc
        return None

    def _hypothetical(self, start: int, end: int) -> bool:
        """A word before a trigger that makes it planned, feared or threatened ("could", "may").

        The month "May" ("on May 3 a bomb ...", "KARACHI, May 27 (AFP) - A bomb ...") is not the verb.
        """
        return any(
            m.group(0) != "May" for m in self.ref.hypothetical_cues.finditer(self.text, start, end)
        )

    def read_sentence(self, sent: Sentence):
        text, ref = self.text, self.ref
        s0, s1 = sent.start, sent.end
        if s1 - s0 > MAX_SENTENCE_CHARS:
            # News sentences run to a few hundred characters; a longer run without
            # a full stop is a table, a list or junk, and is not read for figures.
            self.warnings.append(
                f"skipped a {s1 - s0:,}-character passage with no sentence breaks at offset {s0} (not prose)"
            )
            return
        dates = find_dates(sent.text, self.pub, self.context_year)
        dates = [
            DateMention(d.start + s0, d.end + s0, d.text, d.span, d.relative)
            for d in dates
            if d.start + s0 >= self.dateline_end
        ]
        said = [d for d in dates if _STATEMENT_DATE.search(text[max(0, d.start - 40) : d.start])]
        if said:
            dates = [d for d in dates if d not in said]
        self.said = said
        figs = find_figures(text, s0, s1, ref, [(d.start, d.end) for d in dates])
        trig = [
            t
            for t in _triggers(text, s0, s1, ref)
            if not self._hypothetical(max(s0, self.dateline_end, t[0] - 30), t[0])
        ]
        cues = find_cues(text, s0, s1, ref, self.relays, self.last_actor, self.wire)
        named_cues = [c for c in cues if not c.from_context]
        if named_cues:
            self.last_actor = named_cues[-1].actor
        groups = _groups(text, s0, s1, ref)
        aggregate = ref.aggregate_cues.search(text, s0, s1)

        if aggregate and not _RESPONSIBILITY.search(sent.text):
            if figs:
                self.warnings.append(
                    f"not an incident (a statistic over a period: {aggregate.group(0)!r}): {', '.join(f.text for f in figs)}"
                )
        else:
            segs = _background_segments(text, sent, trig, figs, ref)
            for bs, be in segs:
                inc = self.new_incident("background")
                btrig = [t for t in trig if bs <= t[0] < be]
                self.add_features(inc, bs, be, btrig, dates, "background")
                self.add_claims(inc, [f for f in figs if bs <= f.start < be], cues, sent)
                if not inc.perpetrators and self.last_group:
                    inc.perpetrators.append(self.last_group)

            def outside(pos):
                return all(not (bs <= pos < be) for bs, be in segs)

            mtrig = [t for t in trig if outside(t[0])]
            mfigs = [f for f in figs if outside(f.start)]
            mdates = [d for d in dates if outside(d.start)]
            self.read_main(sent, mtrig, mfigs, mdates, cues, segs)

        for d in dates:
            y = explicit_year(d)
            if y:
                self.context_year = y
        if groups:
            self.last_group = groups[-1]

    def read_main(self, sent, trig, figs, dates, cues, segs=()):
        text, ref = self.text, self.ref
        s0, s1 = sent.start, sent.end
        anaphora = ref.anaphora.search(text, s0, s1)
        first = trig[0][0] if trig else s1
        new_cue = ref.new_event_cues.search(text, s0, first) if trig else None
        if trig and not new_cue and not self._definite(trig):
            new_cue = ref.weak_new_event_cues.search(text, s0, first)
        mtype = best_type([t for _, _, t in trig], self.ref.type_order)
        after_trig = (
            [
                p
                for p in _places(text, first, s1, ref, locative_only=True)
                if p[0].level != "country"
            ]
            if trig
            else []
        )
        strong = bool(figs or _named(text, s0, s1, ref) or _RESPONSIBILITY.search(sent.text))
        weak = bool([d for d in dates if d.span.known or not d.relative] or after_trig)
        anchored = strong or (weak and not self._bare_plural(trig))
        if (
            figs
            and trig
            and self._bare_plural(trig)
            and not _named(text, s0, s1, ref)
            and not _RESPONSIBILITY.search(sent.text)
        ):
            coarse = [d for d in dates if d.span.known and d.span.precision in ("year", "unknown")]
            if coarse and not [
                d for d in dates if d.span.known and d.span.precision in ("day", "week", "month")
            ]:
                self.warnings.append(
                    f"not an incident (a count over {coarse[0].text!r} of attacks in general): {', '.join(f.text for f in figs)}"
                )
                return
        # A determined, compatible mention right after the focus continues it
        # ("The BLA said its suicide bomber had targeted an army unit").
        if (
            trig
            and not anchored
            and self.focus is not None
            and not new_cue
            and not self._bare_plural(trig)
            and not self._conflicts(self.focus, trig, dates)
        ):
            anaphora = True  # read as a reference to the focus
        target: LocalIncident | None = None
        if trig and not self._generic(trig) and (anchored or (anaphora and self.focus)):
            focus = self.focus
            if focus is None or new_cue:
                target = None if (anchored or not focus) else focus
            elif self._conflicts(focus, trig, dates):
                earlier = (
                    self._compatible_earlier(mtype) if self._definite(trig) or anaphora else None
                )
                target = earlier
            else:
                target = focus
            if target is None:
                if not anchored:
                    return
                target = self.new_incident("main")
                self._flush_pending(target, sent)
            self.focus = target
            self.add_features(target, s0, s1, trig, dates, "main", skip=segs)
            self.add_claims(target, figs, cues, sent)
            if not target.perpetrators and self.last_group:
                target.perpetrators.append(self.last_group)
        elif (
            figs
            and self.focus is not None
            and _lexicon_phrases(ref, "separate_event_cues").search(text, s0, figs[0].start)
        ):
            # "In a separate incident in February 2019, 12 people were killed in Mach":
            # another event's figures, though no word says what happened.
            target = self.new_incident("main")
            self.focus = target
            self.add_features(target, s0, s1, [], dates, "main", skip=segs)
            self.add_claims(target, figs, cues, sent)
        elif figs and self.focus is not None:
            self.add_features(self.focus, s0, s1, [], dates, "main", targets=False, skip=segs)
            self.add_claims(self.focus, figs, cues, sent)
        elif anaphora and self.focus is not None and trig:
            self.focus.mentions.append((s0, s1, "main", "", ""))
        elif self.focus is not None and not figs and _RESPONSIBILITY.search(sent.text):
            # "The BLA claimed responsibility.": who was behind the event in focus.
            self.focus.perpetrators += _groups(text, s0, s1, ref)
        elif figs:
            # A lede can give the toll before naming the event ("Forces rescued 190
            # passengers ... The militants had seized the train"): wait for it.
            self.pending.append((figs, cues, sent, dates))

    def _flush_pending_as_unattached(self) -> None:
        for figs, *_ in self.pending:
            self.warnings.append(
                f"figure with no incident to attach to: {', '.join(f.text for f in figs)}"
            )
        self.pending = []

    def _flush_pending(self, target: LocalIncident, sent: Sentence) -> None:
        """Attach figures that came before their event, if the event follows in the same paragraph."""
        for figs, cues, psent, pdates in self.pending:
            if psent.paragraph == sent.paragraph:
                self.add_features(target, psent.start, psent.end, [], pdates, "main", targets=False)
                self.add_claims(target, figs, cues, psent)
            else:
                self.warnings.append(
                    f"figure with no incident to attach to: {', '.join(f.text for f in figs)}"
                )
        self.pending = []

    def _conflicts(self, focus: LocalIncident, trig, dates) -> bool:
        """Does this mention describe a different event from the focus?"""
        mtype = best_type([t for _, _, t in trig], self.ref.type_order)
        ftype = focus.incident_type
        if not types_compatible(ftype, mtype):
            return True
        for d in dates:
            if d.span.known and focus.date.known and not d.span.overlaps(focus.date):
                return True
            if (
                d.span.known
                and not focus.date.known
                and trig
                and d.start < trig[0][0]
                and explicit_year(d)
                and (
                    not d.span.overlaps(focus.reported)
                    if focus.reported.known
                    else bool(focus.date_texts)
                )
            ):
                # "Officials said on Sunday that ... In June 2019, ten people were killed
                # in an ambush": a dated recollection, not the focus, whose date is only
                # known to lie shortly before it was told, or could not be placed in a year.
                return True
        named = _named(
            self.text, trig[0][0] if trig else 0, trig[-1][1] + 80 if trig else 0, self.ref
        )
        named = {k for k in named if k.startswith("target:")}
        focus_named = {k for k in focus.named if k.startswith("target:")}
        return bool(named and focus_named and not (named & focus_named))

    def run(self) -> ArticleExtraction:
        for sent in split_sentences(self.text):
            if sent.is_heading:
                continue
            if self.pending and sent.paragraph != self.pending[-1][2].paragraph:
                self._flush_pending_as_unattached()
            self.read_sentence(sent)
        self._flush_pending_as_unattached()
        kept = [inc for inc in self.incidents if inc.mentions]
        if not kept:
            self.warnings.append("no incident or casualty figure found in this article")
        for i, inc in enumerate(kept):
            inc.index = i
        return ArticleExtraction(self.a.article_id, self.a.published, kept, self.warnings)


def extract_article(article: CleanArticle, ref: Reference) -> ArticleExtraction:
    """Events, figures, targets and mentions of one cleaned article. Pure."""
    return _ArticleReader(article, ref).run()


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


__all__ = [
    "ArticleExtraction",
    "LocalIncident",
    "actor_mentions",
    "best_type",
    "claim_id",
    "claim_values",
    "extract_article",
    "types_compatible",
]
