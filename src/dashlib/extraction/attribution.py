"""Who states a figure: attribution cues and their scope inside a sentence.

Handles "<actor> said (that) ...", "..., <actor> said.", "according to <actor>",
"<actor> claimed to have ...", participles that reuse the sentence's subject
("..., claiming to have killed ..."), responsibility claims, denials, and
outlets that relay another side's words ("AP reports: “... the military said.”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashlib.extraction.reference import Reference

_SUBJECT_FILLER = re.compile(
    r"^(?:\s|,|has|have|had|also|later|reportedly|further|initially|earlier|then|itself|"
    r"which|who|in a statement|in a separate statement|on \w+day|spokesman|spokesperson|"
    r"spokesmen|'s|’s|officials?|sources?|chief|media wing|"
    r"(?:in|of|from)\s+(?-i:[A-Z])[\w'’-]+|\(|\)|(?-i:[A-Z])[\w'’.-]+)*$",
    re.I,
)
# "he said", "the statement said": the speaker named earlier in the article.
_PRONOUN_SUBJECT = re.compile(
    r"(?:\b(?:he|she|it|they)|\bthe\s+(?:statement|spokesman|spokesperson|official|officer|communique))\s+(?:also\s+|further\s+|later\s+)?$",
    re.I,
)
_PARTICIPLES = {
    "claiming",
    "saying",
    "adding",
    "alleging",
    "denying",
    "confirming",
    "blaming",
    "asserting",
    "insisting",
}
_RESPONSIBILITY_END = re.compile(
    r",\s*(?:where|which|when|in which|resulting|leaving|killing|that)\b|;|—|–", re.I
)
_RELAY_BEFORE_QUOTE = re.compile(
    r"(?P<outlet>[A-Z][\w.&’' -]{0,40}?)\s+(?:reports|reported|said|says|writes|wrote|quoted|quotes|cited|cites|added)\s*(?:that)?\s*[:,]?\s*$"
)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:a\s+|an\s+|the\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution: who, and which part of the sentence it covers (absolute offsets)."""

    claimant: str
    claimant_type: str
    scope_start: int
    scope_end: int
    stance: str = "claim"
    relayed_by: str = ""
    actor: ActorMention | None = None
    from_context: bool = False  # the speaker was named in an earlier sentence


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    surface: str
    name: str
    claimant_type: str
    role: str


_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|several)\b", re.I
)


def _display_name(surface: str) -> str:
    """The claimant as written, without "a" before a proper name ("a Dawn tally" -> "Dawn")."""
    m = re.match(r"an?\s+(?=[A-Z])", surface)
    return surface[m.end() :] if m else surface


def _trailing_only(rest: str) -> bool:
    """Is what follows a speech verb only an adjunct ("in a statement", "on Friday")?

    Then the statement covers what came before it: "..., the ISPR said in a statement."
    """
    rest = rest.strip(" \t.,;:!?\"'”’)")
    if not rest:
        return True
    return (
        len(rest.split()) <= 8
        and not re.search(r"\bthat\b", rest, re.I)
        and not _NUMBERISH.search(rest)
    )


def actor_mentions(text: str, start: int, end: int, ref: Reference) -> list[ActorMention]:
    """Known actors named in ``text[start:end]``."""
    out = []
    for m in ref.actor_pattern.finditer(text, start, end):
        actor = ref.actor(m.group(0))
        if actor:
            out.append(
                ActorMention(
                    m.start(), m.end(), m.group(0), actor.name, actor.claimant_type, actor.role
                )
            )
    return out


def relayed_quotations(text: str, ref: Reference) -> list[tuple[int, int, str]]:
    """Quoted passages introduced by an outlet ("AP News reports: “...”"), with the outlet as written."""
    out = []
    for m in re.finditer(r"“[^”]{1,4000}”|\"[^\"\n]{1,4000}\"", text):
        before = text[max(0, m.start() - 60) : m.start()]
        before = before.split("\n")[-1]
        rm = _RELAY_BEFORE_QUOTE.search(before)
        if not rm:
            continue
        outlet_text = rm.group("outlet").strip()
        om = ref.outlet_pattern.search(outlet_text)
        if om:
            out.append((m.start(), m.end(), outlet_text[om.start() :].strip()))
    return out


# A speech verb found in a sentence: (cue_pos, verb_end, actor, direction, denial, responsibility).
# ``direction`` says which side of the verb the statement covers: "forward" ("the military
# said that ..."), "backward" ("..., the ISPR said.") or "sentence" (both).
_RawCue = tuple[int, int, "ActorMention", str, bool, bool]
_SAID_AFTER = ("said", "says", "say", "told", "reported", "added", "claimed", "stated")


def _raw_cues(
    text: str,
    start: int,
    end: int,
    ref: Reference,
    actors: list[ActorMention],
    last_actor: ActorMention | None,
) -> tuple[list[_RawCue], set[int]]:
    """Speech verbs of the sentence with their speaker, and the positions of the cues
    whose speaker came from an earlier sentence ("he said")."""
    raw: list[_RawCue] = []
    contextual: set[int] = set()
    for vm in ref.attribution_verbs.finditer(text, start, end):
        verb = vm.group(0).lower()
        vs, ve = vm.span()
        if verb == "according":
            after = [a for a in actors if a.start >= ve and a.start - ve <= 12]
            if after and _ACCORDING.match(text[vs : after[0].start]):
                a = after[0]
                raw.append((vs, a.end, a, "sentence", False, False))
            continue
        denial = bool(ref.denial_verbs.fullmatch(vm.group(0)))
        before = [a for a in actors if a.end <= vs and _SUBJECT_FILLER.match(text[a.end : vs])]
        if before:
            a = before[-1]
            if a.role == "outlet" and re.match(r"\s*(?:that\s*)?[:,]?\s*[“\"]", text[ve:end]):
                continue  # "AP News reports: “...”" introduces a relayed quotation, handled below
            direction = "backward" if _trailing_only(text[ve:end]) else "forward"
            responsibility = bool(re.match(r"\s*responsibility\b", text[ve:end], re.I))
            raw.append((a.start, ve, a, direction, denial, responsibility))
            continue
        # "..., said the military." / "said officials"
        after = [
            a
            for a in actors
            if a.start >= ve and re.fullmatch(r"\s*(?:the\s+)?", text[ve : a.start], re.I)
        ]
        if after and verb in _SAID_AFTER:
            a = after[0]
            direction = "backward" if _trailing_only(text[a.end : end]) else "sentence"
            raw.append((vs, a.end, a, direction, denial, False))
            continue
        if verb in _PARTICIPLES:
            subj = [a for a in actors if a.end <= vs]
            if subj:
                raw.append((vs, ve, subj[0], "forward", denial, False))
                continue
        pm = _PRONOUN_SUBJECT.search(text, max(start, vs - 40), vs)
        if pm and last_actor is not None and pm.end() == vs:
            direction = "backward" if _trailing_only(text[ve:end]) else "forward"
            raw.append((pm.start(), ve, last_actor, direction, denial, False))
            contextual.add(pm.start())
    raw.sort(key=lambda r: r[0])
    return raw, contextual


def _told_outlet(text: str, verb_end: int, end: int, ref: Reference) -> str:
    """The outlet a speaker told ("told Dawn", "said to Reuters"), which relays the words."""
    if text[max(0, verb_end - 4) : verb_end].lower() == "told":
        told = re.match(r"\s*(?:the\s+)?([A-Z][\w.&’' -]{0,30})", text[verb_end:end])
    else:
        told = re.match(r"\s*(?:told|to)\s+(?:the\s+)?([A-Z][\w.&’' -]{0,30})", text[verb_end:end])
    if told:
        om = ref.outlet_pattern.match(told.group(1))
        if om:
            return om.group(0)
    return ""


def find_cues(
    text: str,
    start: int,
    end: int,
    ref: Reference,
    relays: list[tuple[int, int, str]],
    last_actor: ActorMention | None = None,
    wire: str = "",
) -> list[Cue]:
    """Attribution cues of the sentence ``text[start:end]``, ordered, with non-overlapping scopes.

    ``last_actor`` is the speaker named most recently in the article, for "he
    said"; ``wire`` is the wire service of the dateline, which relays every
    attributed figure of the story.
    """
    actors = actor_mentions(text, start, end, ref)
    raw, contextual = _raw_cues(text, start, end, ref, actors, last_actor)
    cues: list[Cue] = []
    for i, (pos, verb_end, actor, direction, denial, responsibility) in enumerate(raw):
        nxt = raw[i + 1][0] if i + 1 < len(raw) else end
        prev_end = cues[-1].scope_end if cues else start
        if direction == "forward":
            s, e = verb_end, nxt
            if responsibility:
                m = _RESPONSIBILITY_END.search(text, verb_end, e)
                if m:
                    e = m.start()
        elif direction == "backward":
            s, e = prev_end, pos
        else:
            s, e = prev_end, nxt
        relayed = ""
        for qs, qe, outlet in relays:
            if qs <= pos < qe:
                relayed = outlet
        relayed = _told_outlet(text, verb_end, end, ref) or relayed
        claimant_type = actor.claimant_type
        if actor.role == "outlet" and relayed == "":
            claimant_type = "media"
        if not relayed and wire and actor.role != "outlet":
            relayed = wire
        cues.append(
            Cue(
                _display_name(actor.surface),
                claimant_type,
                s,
                e,
                "denial" if denial else "claim",
                relayed,
                actor,
                pos in contextual,
            )
        )
    return cues


def attribute(fig_start: int, cues: list[Cue], relays: list[tuple[int, int, str]]) -> Cue | None:
    """The cue whose scope covers a figure; inside an outlet's quotation with no cue, the outlet."""
    for cue in cues:
        if cue.scope_start <= fig_start < cue.scope_end:
            return cue
    for qs, qe, outlet in relays:
        if qs <= fig_start < qe:
            return Cue(outlet, "media", qs, qe)
    return None
