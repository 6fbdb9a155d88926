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

import re
from datetime import timedelta

from dashlib.extraction.article_events import (
    GENERIC_TYPES,
    ArticleExtraction,
    LocalIncident,
    best_type,
    claim_id,
    claim_values,
    named_elsewhere,
    once_per_source,
    telling_counts,
    types_compatible,
)
from dashlib.extraction.attribution import Cue, find_cues, relayed_quotations
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
from dashlib.extraction.event_features import (
    REPORTED_WITHIN_DAYS,
    SPECIFIC_LEVELS,
    add_claims,
    add_features,
    background_segments,
    days_before,
    districts_placing,
    figure_sites,
    groups_in,
    is_bare_plural,
    is_definite,
    is_generic,
    is_hypothetical,
    lexicon_phrases,
    named_keys,
    places_in,
    second_site,
    site_places,
    trigger_spans,
    type_order,
)
from dashlib.extraction.figures import Figure, find_figures
from dashlib.extraction.reference import Reference
from dashlib.extraction.sentences import Sentence, split_sentences
from dashlib.extraction.speaker_context import speaker_fallbacks
from dashlib.extraction.speakers import Speaker, speaker_words

MAX_SENTENCE_CHARS = 3000
# Counts that name no number ("thousands", "dozens"): with the perfect tense, a statistic.
_VAGUE = frozenset({"thousands", "hundreds", "dozens", "several"})
# "said on Wednesday": the day of the statement, not of the event.
_STATEMENT_DATE = re.compile(
    r"\b(?:said|says|told|announced|stated|confirmed|added|claimed|reported|denied|statement|briefing|issued|released|published|posted)\s+"
    r"(?:(?:on|late|early|this|last)\s+){0,2}$",
    re.I,
)
# "QUETTA, Pakistan (AP) —", "KARACHI, Oct 7 (Reuters) -": a wire service's dateline;
# "QUETTA, Oct 26:", "TURBAT, 3 March:", "QUETTA, Pakistan, Jan 24 -": a newspaper's. The dateline opens the
# first line of the body (after a title, a byline) and is followed by the lede;
# its date is the day the story was filed, never the day of the event.
_WIRE_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'’-]+(?:,\s*(?:[A-Z][\w.]*(?:\s+\d{1,2})?|\d{1,2}\s+[A-Z][a-z]+\.?))*\s*"
    r"(?:\((?P<wire>[A-Z][\w.&]{1,20}(?:\s[A-Z]\w+)?)\)\s*[-—–]|:|\s[-—–])(?=[ \t]*\S[^\n]{20})",
    re.M,
)
DATELINE_WITHIN = 600  # characters from the start of the text in which a dateline may open a line
_RESPONSIBILITY = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+responsibility\b|\bresponsibility\s+for\b", re.I
)


# "in that attack", "that incident": the event recalled last, not the one in focus.
_DISTAL = re.compile(
    r"\b(?:in|during|of|after|since)\s+that\s+(?:attack|assault|incident|ambush|blast|bombing|raid|hijacking)\b",
    re.I,
)
# "In Chaman, the blast ...": a sentence that opens with where it happened.
_OPENING_PLACE = re.compile(r"\s*(?:In|At|Near)\s+[^,]{2,80},")

# "one of its most intense operations in recent years": a comparison, not a statistic
_SUPERLATIVE = re.compile(
    r"\b(?:most|deadliest|worst|highest|biggest|largest|\w+est)\b[^.;:]{0,60}$", re.I
)


def _comparison(text: str, at: int) -> bool:
    return bool(_SUPERLATIVE.search(text, max(0, at - 70), at))


def _spans(dates: list[DateMention]) -> list[tuple[int, int]]:
    """Where ``dates`` stand: their numbers are days and years, never counts ("confirmed
    on April 4 that six ...", "Blast on March 11 kills five")."""
    return [(d.start, d.end) for d in dates]


class _ArticleReader:
    """Reads one article sentence by sentence, keeping the event in focus (see the module's notes)."""

    def __init__(self, article: CleanArticle, ref: Reference):
        self.a = article
        self.text = article.text
        self.ref = ref
        self.pub = published_span(article.published)
        self.before_publication = days_before(self.pub, REPORTED_WITHIN_DAYS, "publication")
        self.said: list[DateMention] = []  # dates of statements in the sentence being read
        self.incidents: list[LocalIncident] = []
        self.focus: LocalIncident | None = None
        self.context_year: int | None = None
        self.warnings: list[str] = []
        self.sentence_start = self.sentence_end = 0  # the sentence being read
        self.recalled: LocalIncident | None = None  # the event recalled last, in passing
        self.sites: dict[tuple[int, str], LocalIncident] = {}  # (wave, district) -> its site
        self.waves: dict[int, LocalIncident] = {}  # id(site) -> its wave
        self.relays = relayed_quotations(self.text, ref)
        self.last_group: str = ""
        self.cues: dict[int, list[Cue]] = {}  # the cues of each sentence, by its start
        self.fallbacks: list[Cue] = []  # speakers of quotations, carried-over speakers
        self.headlines: list[tuple[list[Figure], list[Cue], Sentence]] = []
        self.pending: list[tuple[list[Figure], list, Sentence, list]] = []
        self.orphans: list[tuple[list[Figure], list, Sentence, list]] = []  # pending, unclaimed
        dl = _WIRE_DATELINE.search(self.text, 0, DATELINE_WITHIN)
        wire = dl.group("wire") if dl else None
        self.wire = wire if wire and ref.outlet_pattern.fullmatch(wire) else ""
        self.dateline_end = dl.end() if dl else 0

    # -- incident bookkeeping ------------------------------------------------
    def new_incident(self, role: str) -> LocalIncident:
        inc = LocalIncident(
            index=len(self.incidents),
            role=role,
            type_order=type_order(self.ref),
            reported=self.before_publication,
        )
        self.incidents.append(inc)
        if role == "main":
            self.recalled = None
        return inc

    def add_features(self, inc, s, e, trig, dates, role, **kw):
        add_features(inc, self.text, self.ref, self.said, s, e, trig, dates, role, **kw)

    def add_claims(self, inc, figs: list[Figure], cues, sent):
        if inc.incident_type == "coordinated_attacks" and inc.role == "main" and figs:
            # A wave of attacks: figures placed at one of its sites ("including 23
            # passengers in Musakhail") are that site's attack, a part of the wave.
            sites = figure_sites(self.text, figs, sent.end, self.ref)
            for place in {p.district: p for p in sites if p is not None}.values():
                here = [
                    f
                    for f, p in zip(figs, sites, strict=True)
                    if p is not None and p.district == place.district
                ]
                site = self.site_of(inc, place, here[0].start, sent.end)
                add_claims(site, self.text, self.ref, here, cues, sent, self.relays, self.fallbacks)
            figs = [f for f, p in zip(figs, sites, strict=True) if p is None]
        add_claims(inc, self.text, self.ref, figs, cues, sent, self.relays, self.fallbacks)

    def site_of(self, wave: LocalIncident, place, start: int, end: int) -> LocalIncident:
        """The attack at one site (district) of a wave of attacks, made when first named."""
        key = (wave.index, place.district)
        site = self.sites.get(key)
        if site is None:
            site = LocalIncident(
                index=len(self.incidents),
                role="main",
                type_order=type_order(self.ref),
                reported=wave.reported,
            )
            self.incidents.append(site)
            self.sites[key] = site
            self.waves[id(site)] = wave
            site.places.append((place, place.name))
        # the mention is the site's own words, from its first figure on
        site.mentions.append((start, end, "main", "", place.name))
        return site

    # -- decisions -------------------------------------------------------------
    def _compatible_earlier(self, mtype: str, trig, dates) -> LocalIncident | None:
        for inc in reversed(self.incidents):
            if (
                inc.role == "main"
                and inc.incident_type not in GENERIC_TYPES
                and types_compatible(inc.incident_type, mtype, self.ref.same_report_types)
                and (mtype in GENERIC_TYPES or inc.incident_type == mtype)
                and not self._conflicts(inc, trig, dates)
            ):
                return inc
        return None

    def _dates_in(self, sent: Sentence) -> list[DateMention]:
        """Every date in ``sent``, at its place in the article: the event's, a statement's
        and the dateline's alike."""
        return [
            DateMention(d.start + sent.start, d.end + sent.start, d.text, d.span, d.relative)
            for d in find_dates(sent.text, self.pub, self.context_year)
        ]

    def read_sentence(self, sent: Sentence):
        text, ref = self.text, self.ref
        s0, s1 = sent.start, sent.end
        self.sentence_start, self.sentence_end = s0, s1
        if s1 - s0 > MAX_SENTENCE_CHARS:
            # News sentences run to a few hundred characters; a longer run without
            # a full stop is a table, a list or junk, and is not read for figures.
            self.warnings.append(
                f"skipped a {s1 - s0:,}-character passage with no sentence breaks at offset {s0} (not prose)"
            )
            return
        found = self._dates_in(sent)
        dates = [d for d in found if d.start >= self.dateline_end]
        said = [d for d in dates if _STATEMENT_DATE.search(text[max(0, d.start - 40) : d.start])]
        if said:
            dates = [d for d in dates if d not in said]
        self.said = said
        figs = find_figures(text, s0, s1, ref, _spans(found))
        trig = [
            t
            for t in trigger_spans(text, s0, s1, ref)
            if not is_hypothetical(self.text, self.ref, max(s0, self.dateline_end, t[0] - 30), t[0])
        ]
        cues = self.cues.get(s0, [])
        groups = groups_in(text, s0, s1, ref)
        aggregate = next(
            (
                m
                for m in ref.aggregate_cues.finditer(text, s0, s1)
                if not _comparison(text, m.start())
            ),
            None,
        )
        if aggregate is None and any(f.qualifier in _VAGUE for f in figs):
            aggregate = ref.perfect_cues.search(text, s0, s1)

        if aggregate and not _RESPONSIBILITY.search(sent.text):
            if figs:
                self.warnings.append(
                    f"not an incident (a statistic over a period: {aggregate.group(0)!r}): {', '.join(f.text for f in figs)}"
                )
        else:
            segs = background_segments(text, sent, trig, figs, ref)
            for bs, be, days in segs:
                inc = self.new_incident("background")
                self.recalled = inc
                inc.reported = self.recalled_window(days)
                btrig = [t for t in trig if bs <= t[0] < be]
                self.add_features(inc, bs, be, btrig, dates, "background")
                # (no group guessed: the group the report last named is the one behind
                # the event it tells, not necessarily behind the one it recalls)
                self.add_claims(inc, [f for f in figs if bs <= f.start < be], cues, sent)

            sibling = None if segs else second_site(text, s0, s1, trig, ref)
            if sibling:
                # the second of two events told in one sentence: an event of its own, not
                # the focus (what follows is about the first unless it says otherwise);
                # a date closing the sentence dates both ("... and a blast in Chaman on Friday")
                bs, be = sibling
                inc = self.new_incident("main")
                btrig = [t for t in trig if bs <= t[0] < be]
                self.add_features(inc, bs, be, btrig, dates, "main")
                self.add_claims(inc, [f for f in figs if bs <= f.start < be], cues, sent)
                segs = [(bs, be, 0)]

            def outside(pos):
                return all(not (bs <= pos < be) for bs, be, _ in segs)

            mtrig = [t for t in trig if outside(t[0])]
            mfigs = [f for f in figs if outside(f.start)]
            mdates = dates if sibling else [d for d in dates if outside(d.start)]
            self.read_main(sent, mtrig, mfigs, mdates, cues, segs)

        for d in dates:
            y = explicit_year(d)
            if y:
                self.context_year = y
        if groups:
            self.last_group = groups[-1]

    def recalled_window(self, days: int) -> DateSpan:
        """When a recalled event happened, if the words say ("days after", "a week
        after"): in the ``days`` before the event in focus, or before the report."""
        if not days:
            return UNKNOWN
        anchor = self.focus.date if self.focus is not None and self.focus.date.known else UNKNOWN
        if not anchor.known or anchor.precision not in ("day", "week"):
            anchor = self.pub
        if not anchor.known:
            return UNKNOWN
        # strictly before: "days after X" is never the event it is recalled beside
        start, end = anchor.start - timedelta(days=days), anchor.start - timedelta(days=1)
        return DateSpan(
            start,
            end,
            precision_for(start, end),
            "inferred: before the event it is recalled beside",
        )

    def read_main(self, sent, trig, figs, dates, cues, segs=()):
        text, ref = self.text, self.ref
        s0, s1 = sent.start, sent.end
        if trig and not segs and self.recalled is not None and _DISTAL.search(text, s0, s1):
            # "... days after ten soldiers were martyred at a checkpost. The BLF had claimed
            # that 22 soldiers were killed in that attack.": the event just recalled.
            self.add_features(self.recalled, s0, s1, trig, dates, "background")
            self.add_claims(self.recalled, figs, cues, sent)
            return
        anaphora = ref.anaphora.search(text, s0, s1)
        first = trig[0][0] if trig else s1
        new_cue = ref.new_event_cues.search(text, s0, first) if trig else None
        if trig and not new_cue and not is_definite(self.text, trig):
            new_cue = ref.weak_new_event_cues.search(text, s0, first)
        mtype = best_type([t for _, _, t in trig], self.ref.type_order)
        after_trig = (
            [
                p
                for p in places_in(text, first, s1, ref, locative_only=True)
                if p[0].level != "country"
            ]
            if trig
            else []
        )
        strong = bool(figs or named_keys(text, s0, s1, ref) or _RESPONSIBILITY.search(sent.text))
        weak = bool([d for d in dates if d.span.known or not d.relative] or after_trig)
        # a lede's figures wait for their event: the first words that name one do
        # ("At least six militants were killed ... The spokesman said the forces repulsed
        # coordinated attacks on three facilities")
        waiting = self.focus is None and bool(self.pending) and not is_bare_plural(self.text, trig)
        anchored = strong or (weak and not is_bare_plural(self.text, trig)) or waiting
        if self._count_of_attacks_in_general(sent, trig, figs, dates):
            return
        # A determined, compatible mention right after the focus continues it
        # ("The BLA said its suicide bomber had targeted an army unit").
        # A definite one that does not fit the focus refers to an earlier event it fits
        # ("In Chaman, the target of the motorbike blast was ...").
        if (
            trig
            and not anchored
            and self.focus is not None
            and not new_cue
            and not is_bare_plural(self.text, trig)
        ):
            if not self._conflicts(self.focus, trig, dates):
                anaphora = True  # read as a reference to the focus
            elif is_definite(self.text, trig):
                earlier = self._compatible_earlier(mtype, trig, dates)
                if earlier is not None:
                    self.focus, anaphora = earlier, True
        target: LocalIncident | None = None
        if trig and not is_generic(self.text, trig) and (anchored or (anaphora and self.focus)):
            focus = self.focus
            if focus is None or new_cue:
                target = None if (anchored or not focus) else focus
            elif self._conflicts(focus, trig, dates):
                earlier = (
                    self._compatible_earlier(mtype, trig, dates)
                    if is_definite(self.text, trig) or anaphora
                    else None
                )
                target = earlier or self._summarised(trig)
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
        else:
            self._read_without_event(sent, trig, figs, dates, cues, segs, anaphora)

    def _count_of_attacks_in_general(self, sent, trig, figs, dates) -> bool:
        """ "Militants carried out 120 attacks in 2023": a count over a year of attacks in
        general is no incident (a warning says so)."""
        text, s0, s1 = self.text, sent.start, sent.end
        if not (
            figs
            and trig
            and is_bare_plural(text, trig)
            and not named_keys(text, s0, s1, self.ref)
            and not _RESPONSIBILITY.search(sent.text)
        ):
            return False
        coarse = [d for d in dates if d.span.known and d.span.precision in ("year", "unknown")]
        if coarse and not [
            d for d in dates if d.span.known and d.span.precision in ("day", "week", "month")
        ]:
            self.warnings.append(
                f"not an incident (a count over {coarse[0].text!r} of attacks in general): {', '.join(f.text for f in figs)}"
            )
            return True
        return False

    def _read_without_event(self, sent, trig, figs, dates, cues, segs, anaphora) -> None:
        """A sentence that names no event of its own: its figures, sites or claim of
        responsibility go to the event in focus, a new one, or wait for one."""
        text, ref = self.text, self.ref
        s0, s1 = sent.start, sent.end
        if (
            figs
            and self.focus is not None
            and lexicon_phrases(ref, "separate_event_cues").search(text, s0, figs[0].start)
        ):
            # "In a separate incident in February 2019, 12 people were killed in Mach":
            # another event's figures, though no word says what happened.
            target = self.new_incident("main")
            self.focus = target
            self.add_features(target, s0, s1, [], dates, "main", skip=segs)
            self.add_claims(target, figs, cues, sent)
        elif figs and self.focus is not None:
            target = self.focus
            if self._told_apart(self.focus, figs, dates):
                # "In April, nine passengers were killed ...", "Besides, six bodies were
                # recovered in Bolan district": figures of an earlier day or another place
                target = self.new_incident("main")
                self.focus = target
            self.add_features(target, s0, s1, [], dates, "main", targets=False, skip=segs)
            self.add_claims(target, figs, cues, sent)
        elif anaphora and self.focus is not None and trig:
            self.focus.mentions.append((s0, s1, "main", "", ""))
        elif self.focus is not None and not figs and _RESPONSIBILITY.search(sent.text):
            # "The BLA claimed responsibility.": who was behind the event in focus.
            self.focus.perpetrators += groups_in(text, s0, s1, ref)
        elif not figs and site_places(text, s0, s1, ref):
            # "... said that parts of the Panjgur and Nushki military camps were still
            # under its control": the sites of the event in focus (or of the one to come).
            if self.focus is not None:
                self.add_features(self.focus, s0, s1, [], [], "main", targets=False, skip=segs)
            else:
                self.pending.append(([], cues, sent, []))
        elif figs:
            # A lede can give the toll before naming the event ("Forces rescued 190
            # passengers ... The militants had seized the train"): wait for it.
            self.pending.append((figs, cues, sent, dates))

    def _flush_pending(self, target: LocalIncident, sent: Sentence) -> None:
        """Attach figures that came before their event, if the event follows in the same paragraph."""
        first_event = len([inc for inc in self.incidents if inc.role == "main"]) == 1
        for figs, cues, psent, pdates in self.pending:
            undated = not any(d.span.known for d in pdates)
            if psent.paragraph == sent.paragraph or (first_event and undated):
                self.add_features(target, psent.start, psent.end, [], pdates, "main", targets=False)
                self.add_claims(target, figs, cues, psent)
            else:
                self.orphans.append((figs, cues, psent, pdates))
        self.pending = []

    def _conflicts(self, focus: LocalIncident, trig, dates) -> bool:
        """Does this mention describe a different event from the focus?"""
        mtype = best_type([t for _, _, t in trig], self.ref.type_order)
        ftype = focus.incident_type
        if not types_compatible(ftype, mtype, self.ref.same_report_types):
            return True
        for d in dates:
            if d.span.known and focus.date.known and not d.span.overlaps(focus.date):
                return True
            if (
                d.span.known
                and not focus.date.known
                and trig
                and (
                    not d.span.overlaps(focus.reported)
                    if focus.reported.known
                    else bool(focus.date_texts) and d.start < trig[0][0] and explicit_year(d)
                )
            ):
                # "Officials said on Sunday that ... In June 2019, ten people were killed
                # in an ambush", "... on Friday ... the incident in Musakhel on Aug 26": a
                # dated recollection, not the focus, whose date is only known to lie shortly
                # before it was told, or could not be placed in a year.
                return True
        if trig and self._elsewhere(focus, trig):
            return True
        named = named_keys(
            self.text, trig[0][0] if trig else 0, trig[-1][1] + 80 if trig else 0, self.ref
        )
        named = {k for k in named if k.startswith("target:")}
        focus_named = {k for k in focus.named if k.startswith("target:")}
        return bool(named and focus_named and not (named & focus_named))

    def _told_apart(self, focus: LocalIncident, figs, dates) -> bool:
        """Are figures no word ties to an event about another one than the focus: dated
        before it (a later date is an update: "by Saturday the toll had risen to 25"), or
        placed in a district it is not in (not where the wounded were taken)?"""
        when = focus.date if focus.date.known else focus.reported
        if when.known and any(d.span.known and d.span.end < when.start for d in dates):
            return True
        if focus.incident_type == "coordinated_attacks":
            return False  # its sites are its parts (see add_claims)
        known = {p.district for p, _ in focus.places if p.district and p.level in SPECIFIC_LEVELS}
        sites = [p for p in figure_sites(self.text, figs, self.sentence_end, self.ref) if p]
        sites += self._opening_places(figs[0].start)
        return bool(known) and bool(sites) and not any(p.district in known for p in sites)

    def _opening_places(self, before: int) -> list:
        """Places of a sentence that opens with where it happened ("In Chaman, ...")."""
        opening = _OPENING_PLACE.match(self.text, self.sentence_start, before)
        if not opening:
            return []
        return [
            p
            for p, _, _ in places_in(self.text, *opening.span(), self.ref, locative_only=True)
            if p.district and p.level in SPECIFIC_LEVELS
        ]

    def _summarised(self, trig) -> LocalIncident | None:
        """ "Eight among 20 dead in Quetta, Chaman blasts": a line that sums up events the
        report has told, each in its own district, is about the first of them."""
        here = districts_placing(self.text, trig, self.sentence_start, self.sentence_end, self.ref)
        if len(here) < 2:
            return None
        told = sorted(
            (inc for inc in self.incidents if inc.role == "main" and inc.mentions),
            key=lambda inc: inc.mentions[0][0],
        )
        placed = [{p.district for p, _ in inc.places if p.district} for inc in told]
        if not here <= set().union(*placed):
            return None
        return next(inc for inc, ds in zip(told, placed, strict=True) if ds & here)

    def _elsewhere(self, focus: LocalIncident, trig) -> bool:
        """Does the mention place its event in a district the focus is not in?

        Only where the event is placed counts: a place right after a trigger ("the
        March 20 attack in Gwadar") or opening the sentence ("In Chaman, the blast ...").
        A wave of coordinated attacks spans districts and is never elsewhere.
        """
        if focus.incident_type == "coordinated_attacks":
            return False
        known = {p.district for p, _ in focus.places if p.district and p.level in SPECIFIC_LEVELS}
        if not known:
            return False
        here = districts_placing(self.text, trig, self.sentence_start, self.sentence_end, self.ref)
        here |= {p.district for p in self._opening_places(trig[0][0])}
        return bool(here - known)

    def attribute_sentences(self, sentences: list[Sentence]) -> None:
        """Who speaks in each sentence, read in order so that "he said" finds its speaker;
        then who speaks where a sentence names nobody (see :func:`speaker_fallbacks`)."""
        earlier: list[Speaker] = []
        for sent in sentences:
            if sent.end - sent.start > MAX_SENTENCE_CHARS:
                continue
            cues = find_cues(
                self.text,
                sent.start,
                sent.end,
                self.ref,
                self.relays,
                earlier,
                self.wire,
                heading=sent.is_heading,
            )
            self.cues[sent.start] = cues
            earlier += [c.speaker for c in cues if c.speaker is not None and not c.from_context]
        self.fallbacks = speaker_fallbacks(self.text, sentences, self.cues, self.ref)

    def read_heading(self, sent: Sentence) -> None:
        """A headline's or sub-heading's figures, kept for the event the article is about."""
        figs = find_figures(self.text, sent.start, sent.end, self.ref, _spans(self._dates_in(sent)))
        if figs:
            self.headlines.append((figs, self.cues.get(sent.start, []), sent))

    def attach_leftovers(self) -> None:
        """Headline figures, and figures no event came to claim, go to the article's first
        event; an article that names no event at all still keeps its figures, on one."""
        leftovers = [(f, c, s, []) for f, c, s in self.headlines]
        leftovers += self.orphans + self.pending
        self.orphans, self.pending = [], []
        if not leftovers:
            return
        main = [inc for inc in self.incidents if inc.role == "main" and inc.mentions]
        first = main[0] if main else None
        for figs, cues, sent, dates in sorted(leftovers, key=lambda x: x[2].start):
            known = [d for d in dates if d.span.known]
            target = first
            if target is None or (
                known and target.date.known and not any(d.span.overlaps(target.date) for d in known)
            ):
                # "Troops killed 25 militants in Sohbatpur on 13 August" in a report whose
                # first event is another day's: figures dated apart are an event of their own
                target = self.new_incident("main")
                first = first or target
            self.add_features(target, sent.start, sent.end, [], known, "main", targets=False)
            self.add_claims(target, figs, cues, sent)

    def run(self) -> ArticleExtraction:
        sentences = split_sentences(self.text)
        self.attribute_sentences(sentences)
        for sent in sentences:
            if sent.is_heading:
                self.read_heading(sent)
                continue
            self.read_sentence(sent)
        self.attach_leftovers()
        for site in self.sites.values():
            wave = self.waves[id(site)]
            if not site.date.known and wave.date.known:
                # a site's attack is the wave's, on its days, unless the report dates it itself
                site.date = DateSpan(
                    wave.date.start,
                    wave.date.end,
                    wave.date.precision,
                    "inferred: the wave of attacks it is part of",
                )
            site.perpetrators += [g for g in wave.perpetrators if g not in site.perpetrators]
        kept = [inc for inc in self.incidents if inc.mentions]
        for inc in kept:
            inc.claims = once_per_source(
                named_elsewhere(inc.claims), speaker_words(self.ref).role_pattern
            )
            inc.counts = telling_counts(inc.claims)
        if not kept:
            self.warnings.append("no incident or casualty figure found in this article")
        for i, inc in enumerate(kept):
            inc.index = i
        return ArticleExtraction(self.a.article_id, self.a.published, kept, self.warnings)


def extract_article(article: CleanArticle, ref: Reference) -> ArticleExtraction:
    """Events, figures, targets and mentions of one cleaned article. Pure."""
    return _ArticleReader(article, ref).run()


__all__ = [
    "ArticleExtraction",
    "LocalIncident",
    "best_type",
    "claim_id",
    "claim_values",
    "extract_article",
    "types_compatible",
]
