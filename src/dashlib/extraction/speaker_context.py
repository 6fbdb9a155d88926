"""Who speaks where a sentence names nobody: quotations and the sentences that follow.

News reports a statement over several sentences. A quotation that runs over sentences
is its speaker's throughout, whether the speaker is named before it ("X said: “...")
or after it ("“... .” the statement said"). A sentence that names no speaker goes on
with the speaker of the sentence before it in the same paragraph ("..., stated the
ISPR. Among the 14 martyred were seven security guards."); a new paragraph or a
heading ends that. A speaker who confirms the toll ("The district health officer
confirmed the casualties") states the figures of the sentence just before. After an
armed group's statement, a report that tells what the group's own men did ("BLA fighters
targeted a convoy") is telling the group's account, and its figures are the group's.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import replace
from itertools import pairwise

from dashlib.extraction.attribution import Cue
from dashlib.extraction.reference import Reference
from dashlib.extraction.sentences import Sentence, find_quotations
from dashlib.extraction.speakers import classify

_BETWEEN_QUOTE_AND_CUE = re.compile(r"[\s,]*")
_BETWEEN_CUE_AND_QUOTE = re.compile(r"[\s,:]*(?:that\s*)?")


def _quote_speakers(text: str, cues: list[Cue]) -> list[Cue]:
    out = []
    for qs, qe in find_quotations(text):
        for c in cues:
            if c.speaker is None:
                continue
            after = c.scope_end >= qe and _BETWEEN_QUOTE_AND_CUE.fullmatch(text, qe, c.scope_end)
            before = c.scope_start <= qs and _BETWEEN_CUE_AND_QUOTE.fullmatch(
                text, c.scope_start, qs
            )
            if after or before:
                out.append(replace(c, scope_start=qs, scope_end=qe, from_context=True))
                break
    return out


def _carried(
    text: str, sentences: list[Sentence], cues_of: dict[int, list[Cue]], ref: Reference
) -> list[Cue]:
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    out: list[Cue] = []
    carry: Cue | None = None
    carry_line = -1
    group: Cue | None = None  # the last armed group's statement, and where it was told
    group_line = -1
    for sent in sentences:
        line = bisect_right(newlines, sent.start)
        own = cues_of.get(sent.start, [])
        if sent.is_heading or not sent.text.rstrip().endswith(_CLOSING):
            carry = None  # a heading, a standfirst: not the statement going on
            continue
        if own:
            last = own[-1]
            keep = last.stance == "claim" and last.speaker is not None and last.speaker.typed
            carry, carry_line = (last, line) if keep else (None, -1)
            if keep and last.speaker.role == "armed_group":
                group, group_line = last, line
            continue
        if (
            group is not None
            and line - group_line <= 1
            and not _has_figure_word(text, sent)
            and _group_acts(group, text, sent, ref)
        ):
            # "The BLA claimed two attacks. ... BLA fighters targeted a convoy. The blast
            # killed 12 soldiers.": a report that tells what the group's own men did goes
            # on with the group's account
            carry, carry_line, group_line = group, line, line
            continue
        # The next sentence of the paragraph goes on with the speaker; so does the first
        # sentence of the next paragraph, when it tells more of the same (not "In a
        # separate incident", "Earlier this month").
        same = line == carry_line
        next_par = (
            line == carry_line + 1
            and not ref.new_event_cues.search(text, sent.start, min(sent.end, sent.start + 40))
            and not ref.weak_new_event_cues.search(text, sent.start, min(sent.end, sent.start + 20))
            and not ref.background_cues.search(text, sent.start, sent.end)
            and any(
                ref.metric_patterns[m].search(text, sent.start, sent.end)
                for m in ("killed", "injured")
            )
        )
        told_by_group = carry is not None and carry is group and carry_line == group_line
        if told_by_group and _other_actor_opens(text, sent, ref):
            carry = None  # "Security forces repulsed the attack, killing all five attackers"
        if carry is not None and (same or next_par) and _has_figure_word(text, sent):
            out.append(
                replace(carry, scope_start=sent.start, scope_end=sent.end, from_context=True)
            )
            if next_par:
                carry = None  # one paragraph on at most
        else:
            carry = None
    return out


_CLOSING = (".", "!", "?", '"', "”", "’", ")")
_FIGURE_WORD = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b", re.I
)


# Before the group, at most one opening phrase that sets no other time ("In another
# operation, BLA fighters ...", not "In March last year, BLA fighters ...") and a few
# words ("Heavily armed BLA fighters", "Fighters of the BLA"); between the group and what
# its men did, a few words and no perfect or modal ("the BLA's Special Tactical
# Operations Squad (STOS) carried out"; not "BLA militants have targeted ... before").
_BEFORE_GROUP = re.compile(
    r"\s*(?P<intro>[^,.;:]{1,50},\s*)?(?P<words>(?:[\w’'-]+\s+){0,3}?)(?:the\s+)?", re.I
)
_GROUP_TO_VERB = re.compile(r"(?:[’']s)?(?:\s+[\w()-]+){0,6}?\s+$")
_NOT_SIMPLE_PAST = re.compile(
    r"\b(?:has|have|had|will|would|could|may|might|often|repeatedly|regularly)\b", re.I
)
_OTHER_TIME = re.compile(
    rf"\b(?:{'|'.join(calendar.month_name[1:])}|last|previous|earlier|ago|(?:19|20)\d\d)\b",
    re.I,
)
# "Soldiers travelling in two vehicles were killed": the people counted, not an actor
_PASSIVE_TOLL = re.compile(r"\b(?:were|was|been)\s+(?:\w+ly\s+)?(?:\w+ed|shot|slain)\b", re.I)


def _group_acts(group: Cue, text: str, sent: Sentence, ref: Reference) -> bool:
    """Does ``sent`` tell what the armed group of ``group`` (or a wing of it) did, the group
    the subject of an attack told in the simple past ("BLA fighters targeted ...")?"""
    sp = group.speaker
    if sp is None or not sp.name:
        return False
    for m in ref.armed_group_pattern.finditer(text, sent.start, sent.end):
        before = _BEFORE_GROUP.fullmatch(text, sent.start, m.start())
        if not before or _not_the_subject(before, ref):
            return False  # "troops raided a BLA hideout", "In March last year, BLA ..."
        name = ref.actor_variants.get(m.group(0).lower(), "")
        actor = ref.actors.get(name)
        if name != sp.name and (actor is None or actor.parent != sp.name):
            return False
        for p in ref.attack_predicates.finditer(text, m.end(), min(sent.end, m.end() + 80)):
            between = _GROUP_TO_VERB.fullmatch(text, m.end(), p.start())
            return bool(between) and not _NOT_SIMPLE_PAST.search(text, m.end(), p.start())
        return False
    return False


def _not_the_subject(before: re.Match, ref: Reference) -> bool:
    intro, words = before.group("intro") or "", before.group("words") or ""
    if _OTHER_TIME.search(intro):
        return True  # background: another time ("In another operation, BLA fighters" is not)
    return bool(ref.attack_predicates.search(words) or ref.attribution_verbs.search(words))


def _other_actor_opens(text: str, sent: Sentence, ref: Reference) -> bool:
    """Does someone other than the group's men or the people counted open ``sent``
    ("Security forces repulsed the attack, killing all five attackers", "Chief Minister
    Sarfraz Bugti condemned the attack"), or does it open another event ("In a separate
    incident")? Then it is not the group's account."""
    if ref.new_event_cues.search(text, sent.start, min(sent.end, sent.start + 40)):
        return True
    opening = text[sent.start : min(sent.end, sent.start + 60)]
    head = _BEFORE_GROUP.match(opening)
    after_intro = head.end("intro") if head and head.group("intro") else 0
    passive_toll = bool(_PASSIVE_TOLL.search(text, sent.start, sent.end))
    for rest in {_THE.sub("", opening.lstrip()), opening[after_intro:].lstrip()}:
        if not rest or _FIGURE_WORD.match(rest):
            continue  # "Two personnel were killed": the people counted open it
        at = sent.start + opening.index(rest)
        lead = classify(text, at, at + len(" ".join(rest.split()[:4])), ref)
        if lead is not None and lead.typed and lead.claimant_type != "insurgents":
            return True  # a source of another side: officials, rescuers, a minister
        if passive_toll:
            continue  # "Soldiers travelling in two vehicles were killed": the people counted
        if any(p.match(rest) for g, p in ref.group_patterns.items() if g != "insurgents"):
            return True
    return False


_THE = re.compile(r"^the\s+", re.I)


def _has_figure_word(text: str, sent: Sentence) -> bool:
    return bool(_FIGURE_WORD.search(text, sent.start, sent.end))


def _confirmed_before(
    text: str, sentences: list[Sentence], cues_of: dict[int, list[Cue]], ref: Reference
) -> list[Cue]:
    """ "At least 52 people were killed ... . The district health officer confirmed the
    casualties to Dawn.com": the speaker who confirms the toll states the figures of the
    sentence just before (not a heading). Only figures no cue of their own covers take it:
    these are fall-backs (:func:`speaker_fallbacks`)."""
    out: list[Cue] = []
    for prev, sent in pairwise(sentences):
        if prev.is_heading:
            continue
        m = ref.toll_confirmations.search(text, sent.start, sent.end)
        if not m or ref.negations.search(
            text, _clause_start(text, sent.start, m.start()), m.start()
        ):
            continue  # none, or "officials have not confirmed the toll", "no official ..."
        for cue in cues_of.get(sent.start, []):
            typed = cue.speaker is not None and cue.speaker.typed
            if typed and cue.stance == "claim" and cue.scope_start <= m.end() <= cue.scope_end:
                out.append(
                    replace(cue, scope_start=prev.start, scope_end=prev.end, from_context=True)
                )
                break
    return out


_CLAUSE_BREAK = re.compile(r"[,;:]|\bbut\b", re.I)


def _clause_start(text: str, start: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts ("Police could not be reached, but the DHO
    confirmed the toll": at "the DHO")."""
    last = start
    for m in _CLAUSE_BREAK.finditer(text, start, pos):
        last = m.end()
    return last


def speaker_fallbacks(
    text: str, sentences: list[Sentence], cues_of: dict[int, list[Cue]], ref: Reference
) -> list[Cue]:
    """Cues for stretches no cue of their own sentence covers: the speaker of each
    quotation over its whole span first, then a speaker who confirms the toll of the
    sentence before, then the speaker carried over to the sentences that follow a
    statement in the same paragraph."""
    every = [c for cs in cues_of.values() for c in cs]
    return (
        _quote_speakers(text, every)
        + _confirmed_before(text, sentences, cues_of, ref)
        + _carried(text, sentences, cues_of, ref)
    )
