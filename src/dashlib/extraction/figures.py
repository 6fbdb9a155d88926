"""Figures: numbers that count people or events, with honest bounds.

"over 200 hostages" -> low 201, open high; "dozens of soldiers" -> 24..99 with
qualifier ``dozens``; "Eighteen civilians" -> 18. A figure needs a metric (what
is counted) from the words around it, otherwise it is not a figure: ages,
percentages, durations, years and list numbers never become counts. A sentence's
numbers are read left to right (:class:`_FigureWalk`): a figure inherits what the one
before it says of a list, a total or "others".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashlib.extraction.figure_candidates import (
    QUALIFIED_BOUNDS,
    Candidate,
    candidates,
    fold,
    may_have_figure,
    not_a_count,
    qualifier_before,
)
from dashlib.extraction.figure_metrics import (
    ASIDE,
    metric_after,
    metric_after_relative_clause,
    metric_before,
    metric_of_noun,
    part_of,
    running_toll,
    then_killed,
)
from dashlib.extraction.figure_nouns import OTHERS, last_victim_noun, noun_phrase, victim_group_of
from dashlib.extraction.reference import Reference

# a count that opens a clause of its own: "... were killed and three others ..."
_JOINED = re.compile(r"\b(?:and|while|but|whereas)\s+$", re.I)
_INCLUDING = re.compile(
    r"^\s*[,─—–(]?\s*(?:including|among them|of whom|of which|among whom|among the dead|comprising|include|includes|included)\s*$"
    r"|^\s*[─—–(]\s*$",
    re.I,
)


_LIST_JOIN = re.compile(r"^\s*(?:,|and|, and|as well as|plus)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Figure:
    """A counted figure inside one sentence (offsets are into the article text)."""

    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    qualifier: str
    metric: str
    victim_group: str
    noun: str


# "three terrorists had entered": active, unlike "were killed"; a comma may stand
# before the verb ("five other terrorists, attempted to storm").
_QUALIFYING = re.compile(
    r"\b(?:about|around|some|nearly|almost|over|more\s+than|at\s+least)\b", re.I
)


_PP_BEFORE_VERB = re.compile(
    r"\s*(?:from|of|in|with|wearing|dressed\s+in|belonging\s+to|affiliated\s+with|linked\s+to)\b"
    r"[^,.;:\d]{1,70}?\s+(?:(?:had|have|then)\s+)?",
    re.I,
)


_ACTIVE_AUX = re.compile(r"^\s*,?\s*(?:(?:had|have|has|then|later|also)\s+)*", re.I)


# Between a count and the size of the whole it is part of: "two| of the |three attackers".
_PARTITIVE_OF = re.compile(r"\s+of\s+(?:the|these|those)\s+", re.I)


# "all the 33 attackers", "all three": every one of a group, so also its size
_ALL_OF = re.compile(r"\ball\s+(?:of\s+)?(?:the\s+)?$", re.I)


class _FigureWalk:
    """Reads the candidates of one sentence left to right, carrying what a figure can
    inherit from the one before it: the metric of a list ("18 civilians, 15 soldiers
    and 92 insurgents were killed"), of a subset ("including ..."), and the noun of
    "three others injured"."""

    def __init__(self, text: str, start: int, sentence: str, ref: Reference):
        self.text, self.start, self.sentence, self.ref = text, start, sentence, ref
        self.figures: list[Figure] = []
        # parts of a total that are no figure of their own (see read)
        self.subsets: set[int] = set()
        self.prev_subset = False
        self.prev_end = 0
        self.prev_noun_end = 0
        self.prev_metric: str | None = None
        self.whole_noun = ""  # noun of the last figure that is not a subset ("including ...")
        # indexes of figures waiting for a shared metric
        self.chain: list[int] = []

    def read(self, cand: Candidate) -> None:
        sentence, ref = self.sentence, self.ref
        s, e, low, high, qualifier = cand
        qual, qlen = (
            qualifier_before(sentence[max(self.prev_end, s - 40) : s], ref)
            if qualifier in ("exact",)
            else ("", 0)
        )
        fig_start = s - qlen if qual and qual != "exact" else s
        if qual and qual != "exact":
            qualifier = qual
            low, high = QUALIFIED_BOUNDS[qual](low)
        noun, noun_len = noun_phrase(sentence[e : e + 200], ref)
        noun_end = e + noun_len
        between = sentence[self.prev_noun_end : fig_start]
        self.toll_noun = ""
        part = part_of(sentence[e : e + 120], ref)
        if part is not None:
            # "14 of the dead were soldiers", "two of the injured later succumbed"
            metric, who, part_end = part
            noun, noun_end, inherited = who, e + part_end, False
        elif noun and self.figures and _PARTITIVE_OF.fullmatch(sentence, self.prev_end, fig_start):
            # "two of the three attackers were killed": the verb is the part's; the whole
            # ("three attackers") counts only what its noun says (attackers, hostages),
            # and nothing when it says no more than who they were ("five soldiers").
            # "the 11 injured", "the two dead" have no noun: their word says what they are.
            metric, inherited = metric_of_noun(noun, ref), False
            if metric is None:
                self.prev_end, self.prev_noun_end = e, noun_end
                return
        else:
            metric, inherited = self._metric(fig_start, noun, noun_end, between)
        noun = noun or self.toll_noun
        in_chain = bool(self.figures) and _LIST_JOIN.match(between) is not None
        if metric is None and in_chain and self.prev_metric:
            metric = self.prev_metric  # "killed four Chinese nationals and nine security personnel"
        # "three others injured", "and five injured": the same kind of people as before.
        if (not noun or noun.lower() in OTHERS) and (self.figures or noun):
            # "three others injured", "and five injured": the same kind of people as before,
            # counted ("18 civilians ... and three others") or not ("a soldier ... two others")
            if noun:  # "two others": of the kind named before, counted or not
                noun = self.whole_noun or last_victim_noun(sentence[:fig_start], ref) or noun
            else:
                noun = self.whole_noun
        # A count named inside a total ("21 people, including eight Hazara", "four hotel
        # employees ─ three staffers and a security guard", and the rest of such a list)
        subset = bool(self.figures) and (
            _INCLUDING.match(between) is not None or (in_chain and self.prev_subset)
        )
        if subset and (
            metric == "injured"
            or victim_group_of(noun, metric or "killed", ref)
            == victim_group_of(self.whole_noun, metric or "killed", ref)
        ):
            # no figure of its own: the injured have no breakdown, and a part of the same
            # kind of people as its whole tells nothing the whole does not
            self.subsets.add(len(self.figures))
        if not inherited and not subset:
            self.whole_noun = noun
        self.prev_subset = subset
        self._add(fig_start, e, low, high, qualifier, metric, noun, in_chain, inherited)
        if metric in ("abducted", "hostages", "injured"):
            then = then_killed(sentence[noun_end : noun_end + 140], ref)
            if then:
                # "abducted nine passengers ... and later killed them": two facts of one count
                self._add(fig_start, e, low, high, qualifier, then, noun, False, False)
        self.prev_end, self.prev_noun_end = e, noun_end
        self.prev_metric = metric or self.prev_metric

    def _metric(self, fig_start: int, noun: str, noun_end: int, between: str):
        """What the figure counts, and whether it was inherited from a whole ("including")."""
        sentence, ref = self.sentence, self.ref
        after = sentence[noun_end : noun_end + 200]
        metric = metric_after(after, ref, relative=False)
        inherited = False
        if metric is None and self.prev_metric and self.figures and _INCLUDING.match(between):
            metric, inherited = self.prev_metric, True
        if metric is None:
            metric, toll_noun = running_toll(sentence[max(0, fig_start - 150) : fig_start], ref)
            if toll_noun and not noun:
                self.toll_noun = toll_noun
        if metric is None and metric_of_noun(noun, ref) in ("attacks", "locations"):
            metric = metric_of_noun(noun, ref)  # "killed in two separate operations"
        if metric is None and _JOINED.search(sentence, self.prev_end, fig_start):
            # "two were killed and three others who came to help were wounded": the
            # verb after the clause is this count's, the one before was the last one's
            metric = metric_after_relative_clause(after, ref)
        if metric is None:
            metric = metric_before(sentence[self.prev_end : fig_start], ref)
        if metric is None:
            # "killed 30 militants who had held a train hostage": the verb before the figure
            # tells before a relative clause after it does
            metric = metric_after(after, ref)
        if metric in (None, "abducted") and self._counts_attackers(fig_start, noun, noun_end):
            metric = "attackers"
        if metric is None:
            metric = metric_of_noun(noun, ref)
        return metric, inherited

    def _counts_attackers(self, fig_start: int, noun: str, noun_end: int) -> bool:
        """ "A group of eight terrorists", "three terrorists had entered the hotel": a count
        of the people who attacked (insurgents doing something, not something done to them)."""
        sentence, ref = self.sentence, self.ref
        before = sentence[max(0, fig_start - 25) : fig_start]
        cue = ref.group_size_cues.search(before)
        if cue and not _QUALIFYING.sub("", before[cue.end() :]).strip(" ,"):
            return True
        if not noun or victim_group_of(noun, "killed", ref) != "insurgents":
            return False
        after = sentence[noun_end : noun_end + 120]
        aside = ASIDE.match(after)
        if aside:
            after = after[aside.end() :]
        after = _ACTIVE_AUX.sub("", after, count=1)
        if ref.attack_predicates.match(after):
            return True
        # "20 to 30 terrorists of Fitna al Hindustan entered", "in FC uniforms entered"
        for m in ref.attack_predicates.finditer(after, 0, 90):
            if _PP_BEFORE_VERB.fullmatch(after, 0, m.start()):
                return True
        return False

    def _add(self, fig_start, e, low, high, qualifier, metric, noun, in_chain, inherited) -> None:
        start, text = self.start, self.text
        pending = metric is None
        if pending and not in_chain:
            self.chain = []
        fig = Figure(
            start + fig_start,
            start + e,
            text[start + fig_start : start + e],
            low,
            high,
            qualifier,
            metric or "",
            "",
            noun,
        )
        self.figures.append(fig)
        if pending:
            self.chain.append(len(self.figures) - 1)
        elif self.chain and in_chain and not inherited:
            for i in self.chain:
                f = self.figures[i]
                self.figures[i] = Figure(
                    f.start, f.end, f.text, f.low, f.high, f.qualifier, metric, "", f.noun
                )
            self.chain = []
        else:
            self.chain = []


def find_figures(
    text: str, start: int, end: int, ref: Reference, excluded: list[tuple[int, int]]
) -> list[Figure]:
    """Every counted figure in ``text[start:end]`` (one sentence), left to right.

    ``excluded`` are spans (e.g. dates) whose numbers are not counts.
    """
    sentence = text[start:end]
    folded = fold(sentence)
    if not may_have_figure(sentence, folded, ref):
        return []
    taken = [(a - start, b - start) for a, b in excluded]
    walk = _FigureWalk(text, start, sentence, ref)
    for cand in candidates(sentence, folded, ref, taken):
        if not not_a_count(text, start, sentence, cand, ref):
            walk.read(cand)
    out = []
    for i, f in enumerate(walk.figures):
        if not f.metric or i in walk.subsets:
            continue
        if f.low is None and f.high is None:
            continue
        group = victim_group_of(f.noun, f.metric, ref)
        out.append(
            Figure(f.start, f.end, f.text, f.low, f.high, f.qualifier, f.metric, group, f.noun)
        )
        if (
            f.metric == "killed"
            and group == "insurgents"
            and ref.metric_patterns["attackers"].search(f.noun)
            and (_ALL_OF.search(text, max(start, f.start - 12), f.start) or "involved" in f.noun)
        ):
            # "killed all the 33 attackers": how many attacked, and that they were killed
            out.append(
                Figure(
                    f.start, f.end, f.text, f.low, f.high, f.qualifier, "attackers", "all", f.noun
                )
            )
    return out
