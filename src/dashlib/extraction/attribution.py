"""Who states a figure: speech verbs, their speakers, and the stretch each one covers.

A *cue* is a speech verb with its speaker (:mod:`dashlib.extraction.speakers`) and the
part of the sentence it attributes:

* "X said (that) ..." covers what follows the verb ("forward"), also after a connective
  ("However, it added, five soldiers ...");
* "..., X said." and "“...,” said X" cover what came before ("backward"): a speaker
  after a comma or a closing quote, with only adjuncts after the verb ("on Sunday", "in
  a statement", ", adding that ..."); a clause joined after such a tag (", while two
  were injured") goes on with it unless it names a speaker of its own;
* "according to X" / "as per X" covers its whole sentence;
* participles ("..., saying/adding/claiming ...") go on with the speaker before them;
* "X told Dawn", "X reported, citing Y": the outlet relays, the speaker claims
  (``relayed_by``); a wire dateline ("QUETTA (AP) —") relays every attributed figure;
* denials ("denied", "rejected") are kept with stance ``denial``.

Headlines name their source after a colon or a dash ("...: ISPR", "... — chief minister").
Which speaker a figure gets when its own sentence names none (a quotation that runs over
several sentences, the next sentence of the same paragraph) is the article reader's
business; :func:`attribute` takes those as fall-backs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashlib.extraction.reference import Reference
from dashlib.extraction.speakers import Speaker, classify, first_speaker, is_pronoun, resolve


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution: who, and which part of the text it covers (absolute offsets)."""

    claimant: str
    claimant_type: str
    scope_start: int
    scope_end: int
    stance: str = "claim"
    relayed_by: str = ""
    speaker: Speaker | None = None
    from_context: bool = False  # the speaker was named in an earlier sentence


_PARTICIPLES = frozenset(
    [
        "claiming",
        "saying",
        "adding",
        "alleging",
        "denying",
        "confirming",
        "blaming",
        "asserting",
        "insisting",
        "stating",
        "noting",
        "revealing",
        "maintaining",
    ]
)
_RIGHT_SPEAKER_VERBS = frozenset({"according", "citing", "quoting", "cited", "quoted", "per"})
_INVERTING_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "stated",
        "states",
        "added",
        "reported",
        "claimed",
        "confirmed",
        "noted",
        "wrote",
        "tweeted",
        "announced",
        "told",
        "informed",
    ]
)
# Verbs that attribute only with a speaker named as such ("the ISPR statement read",
# "officials believe"), never with a bare name or pronoun.
_WEAK_VERBS = frozenset(
    {"read", "believe", "believed", "suggested", "put", "revised", "revising", "updated"}
)

# What may stand between a speaker and its verb, or after the verb before its content.
_FILLER_WORDS = (
    r"has|have|had|been|being|also|later|further|earlier|initially|reportedly|then|separately|itself|"
    r"so\s+far|now|already|\w+ly|"
    r"today|yesterday|late|early|previously|meanwhile|repeatedly|officially|however|"
    r"on\s+(?:\w+day|social\s+media(?:\s+platform\s+\w+)?)(?:\s+(?:night|morning|evening|afternoon))?|"
    r"in\s+(?:a|an|his|her|its|their|the)\s+(?:\w+\s+){0,2}?(?:statement|release|briefing|conference|message|post|interview)|"
    r"at\s+a\s+(?:\w+\s+)?(?:press\s+)?(?:conference|briefing)|"
    r"while\s+(?:talking|speaking)\s+to\s+\w+|speaking\s+to\s+\w+(?:\s+\w+)?|"
    r"to\s+reporters|on\s+twitter|on\s+x"
)
# What may stand between a speaker and its verb: words ("the ISPR also said"), or a
# parenthesis of them between commas ("the ISPR, in a statement, said").
_FILLER = re.compile(rf"(?:\s+|\b(?:{_FILLER_WORDS})\b)+$", re.I)
_PAREN_FILLER = re.compile(
    rf",\s*(?:(?:{_FILLER_WORDS})\s*)+,\s*$"
    # "The provincial health minister, speaking to reporters in Quetta, said"
    r"|,\s*(?:speaking|talking|addressing|while\s+speaking)\b[^,;:“”\"—–]{1,60},\s*$",
    re.I,
)
# "Liaquat Shahwani, a spokesman for the Balochistan government, said"
_APPOSITIVE_BEFORE = re.compile(r",\s+(?P<app>(?:a|an|the)\s+[^,;:“”\"—–]{2,80}),\s*$", re.I)
# "Dr Latif, Medical Superintendent of the hospital, told Dawn": a title with no article,
# after a person's name (nothing but the name between it and the clause's start)
_TITLE_BEFORE = re.compile(r",\s+(?P<app>[A-Z][^,;:“”\"—–]{2,60}),\s*$")
_PERSON_NAME = re.compile(
    r"(?:^|[“”\"—–:;]\s*|,\s+)(?P<name>"
    r"(?:(?:Dr|Mr|Ms|Mrs|Prof|Lt|Gen|Brig|Col|Maj|Capt|Sardar|Mir|Syed|Nawab)\.?\s+){0,3}"
    r"[A-Z][\w'’-]+(?:\s+(?:(?:ul|ud|al|ur|bin|ibn|de)\s+)?[A-Z][\w'’-]+){0,4})\s*$"
)
# words that make a clause of what looks like a noun phrase ("the attack was ...")
_BOUNDARY_VERBS = re.compile(r"\b(?:was|were|is|are|has|have|had|been|who|which|that|when)\b", re.I)
_LEADING_FILLER = re.compile(
    r"(?:\s+|\b(?:on\s+(?:\w+day|social\s+media(?:\s+platform\s+\w+)?|X|Twitter|Facebook)|"
    r"in\s+a\s+statement|"
    r"later|also|today|yesterday|earlier|again)\b)+",
    re.I,
)
# Where a subject phrase starts: after these, never across them.
_BOUNDARY = re.compile(
    r"[;:“”\"—–\[\]]|,\s|\s-\s|\b(?:that|and|but|while|as|after|when|which|who|whom|because|if|"
    r"though|although|where|whereas|before|since|so|then|said|says|told|added|"
    r"however|meanwhile|earlier|also)\b",
    re.I,
)
# Who was told: "told reporters", "told a press conference", "told Dawn.com".
_LISTENER = re.compile(
    r"\s+(?:(?:the|a|an)\s+)?(?:reporters|journalists|media|newsmen|press(?:\s+conference)?|"
    r"news\s+conference|(?-i:[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}))",
    re.I,
)
# "police and hospital officials", "AFP and the Geo News": two subjects of one verb.
_JOINT = re.compile(r"(?:^|[,;:“”\"—–]\s*)(?P<first>[\w'’. -]{2,40}?)\s+and\s*$", re.I)
_INTRODUCES_QUOTE = re.compile(r"\s*(?:that\s*)?[:,]?\s*[“\"]")
_TO_LISTENER = re.compile(r"\s+to" + _LISTENER.pattern, re.I)
_ROLE_BEFORE_NAME = re.compile(
    r"(?:^|[.;:“”\"—–]\s*|\b(?:that|and|while|but)\s+)(?P<role>(?:an?|the)\s+[^,;:“”\"—–]{2,70}),\s*$",
    re.I,
)
_SUBJECT_RELATIVE = re.compile(r"\s+(?:who|where|whose)\s+[^,;:“”\"—–]{2,60}$", re.I)
_RELATIVE_CLAUSE_END = re.compile(r",\s*(?:which|who)\b[^,;]{0,100},?\s*$", re.I)
_PARENTHETICAL = re.compile(r"\([^()\n]{0,60}\)")
_RIGHT_END = re.compile(
    r"[,.;:!?“”\"—–]|\b(?:that|and|but|while|who|which|as|on|saying|adding|claiming|stating|"
    r"confirming|noting)\b",
    re.I,
)
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+[^,.;:!?“”\"—–]{2,80}", re.I)
_CLOSING = (".", "!", "?", '"', "”", "’", ")")
# A connective before a sentence's speaker ("However, it added, the five soldiers ..."):
# the speaker still opens the statement.
_OPENING_CONNECTIVE = re.compile(
    r"[\s“\"'‘]*(?:however|meanwhile|moreover|furthermore|besides|separately|later|earlier|"
    r"also|but|and|yet|still|further|in\s+addition|in\s+response)\s*,?\s*",
    re.I,
)
# A clause joined after a speaker's tag ("..., the sources said, while two were injured"):
# the same speaker's statement goes on.
_CONTINUED_CLAUSE = re.compile(r"\s*,\s*(?:while|whereas|and|with)\b", re.I)
_CLAIMS_LIVES = re.compile(r"\s+(?:the\s+)?(?:\S+\s+){0,3}?(?:lives|life)\b", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+$", re.I)
_ADVERBIAL = re.compile(r"(?:while|as|after|before|when|adding|saying|stating|noting)\b", re.I)
_AFTER_VERB_CONTENT = re.compile(r"[,.;!?”\"’)]|$")
_RESPONSIBILITY_END = re.compile(
    r",\s*(?:where|which|when|in which|resulting|leaving|killing|that)\b|;", re.I
)
_RELAY_BEFORE_QUOTE = re.compile(
    r"(?P<outlet>[A-Z][\w.&’' -]{0,40}?)\s+(?:reports|reported|said|says|writes|wrote|quoted|quotes|cited|cites|added)\s*(?:that)?\s*[:,]?\s*$"
)
_HEADLINE_SOURCE = re.compile(r"(?:[:—–]|\s-)\s*(?P<who>[^:—–\d]{2,60}?)\s*$")
_TOLD = re.compile(r"\s*(?:the\s+)?([A-Z][\w.&’' -]{0,30})")
_TO_OUTLET = re.compile(r"\s*(?:\w+\s+){0,3}?(?:told|to)\s+(?:the\s+)?([A-Z][\w.&’' -]{0,30})")


def _masked(text: str) -> str:
    """``text`` with parentheticals ("(ISPR)", "(SHO)") blanked, so they split nothing."""
    return _PARENTHETICAL.sub(lambda m: " " * len(m.group(0)), text)


def _strip_end(text: str, start: int, end: int) -> int:
    """The end of text[start:end] without the fillers that may follow a subject."""
    paren = _PAREN_FILLER.search(text, max(start, end - 120), end)
    if paren:
        end = paren.start()
    m = _FILLER.search(text, max(start, end - 120), end)
    return m.start() if m and m.end() == end else end


def subject_before(text: str, start: int, verb_start: int, ref: Reference) -> Speaker | None:
    """The speaker phrase just before a speech verb, if there is one."""
    end = _strip_end(text, start, verb_start)
    rel = _RELATIVE_CLAUSE_END.search(text, start, end)
    if rel:  # "the BLA, which claimed responsibility, alleged ..."
        end = _strip_end(text, start, rel.start())
    inner_rel = _SUBJECT_RELATIVE.search(text, max(start, end - 90), end)
    if inner_rel:
        # "the chief minister of the province where the port is located said": the subject
        # is before the relative clause (if it names a speaker there at all)
        found = subject_before(text, start, inner_rel.start(), ref)
        if found is not None and found.typed:
            return found
    if text[start:end].rstrip().endswith(","):
        return _subject_with_appositive(text, start, end, ref)
    masked = _masked(text[start:end])
    cut = 0
    for b in _BOUNDARY.finditer(masked):
        cut = b.end()
    phrase_start = start + cut
    while phrase_start < end and text[phrase_start].isspace():
        phrase_start += 1
    if end - phrase_start < 2 or len(text[phrase_start:end].split()) > 14:
        return None
    found = classify(text, phrase_start, end, ref)
    if found is not None and not found.typed and found.role == "person":
        # "A spokesperson for the Pakistan Army, Ahmed Sharif Chaudhry said"
        role = _ROLE_BEFORE_NAME.search(text[start:phrase_start])
        if role:
            role_start, role_end = start + role.start("role"), start + role.end("role")
            typed = classify(text, role_start, role_end, ref)
            if typed is not None and typed.typed:
                return Speaker(
                    role_start,
                    end,
                    text[role_start:end],
                    typed.claimant_type,
                    typed.role,
                    "person",
                    typed.name,
                )
    joint = _JOINT.search(masked, 0, cut)
    if found is not None and found.typed and joint and joint.end() == cut:
        # "police and hospital officials said": one statement, the first named leads
        first = classify(text, start + joint.start("first"), start + joint.end("first"), ref)
        if first is not None and first.typed:
            return Speaker(
                first.start,
                end,
                text[first.start : end],
                first.claimant_type,
                first.role,
                "plural",
                first.name,
            )
    return found


def _subject_with_appositive(text: str, start: int, end: int, ref: Reference) -> Speaker | None:
    """The speaker of "X, <appositive>, said", where X opens the clause as a short noun
    phrase (no verb, no figure): the appositive if it names a kind of source ("Liaquat
    Shahwani, a spokesman for the Balochistan government, said"), else X if it does
    ("Baloch Raaji Aajoi Sangar (BRAS), an alliance of armed groups, claimed"); a title
    with no article counts only after a person's name ("Dr Latif, Medical Superintendent
    of the hospital, told"). Else nobody: in "..., said X" the speaker follows the verb,
    and in "the attack claimed by the BLA, a banned group, said police" X is no subject."""
    app = _APPOSITIVE_BEFORE.search(text, start, end)
    if app is not None:
        host = _host_noun(text, start, app.start(), ref)
        if host is None:
            return None
        found = classify(text, app.start("app"), app.end("app"), ref)
        if found is not None and found.typed:
            return found
        named = classify(text, host[0], host[1], ref)
        return named if named is not None and named.typed else None
    title = _TITLE_BEFORE.search(text, start, end)
    if title is None or len(title.group("app").split()) > 8:
        return None
    person = _PERSON_NAME.search(text, start, title.start())
    if person is None:
        return None
    ts, te = title.start("app"), title.end("app")
    found = classify(text, ts, te, ref)
    if found is None or not found.typed or ref.actor_pattern.fullmatch(text, ts, te):
        return None  # "the Balochistan Liberation Army, BLA, said": a name, not a title
    ps = person.start("name")
    return Speaker(ps, found.end, text[ps : found.end], found.claimant_type, found.role, "person")


def _host_noun(text: str, start: int, end: int, ref: Reference) -> tuple[int, int] | None:
    """The span of the noun phrase that opens the clause ``text[start:end]``, if that is
    all it holds: a few words with no verb or figure."""
    s = start
    quote_end = max(text.rfind(q, start, end) for q in '”"')
    if quote_end >= 0:  # "“..., were injured,” Liaquat Ali Shahwani, a spokesman ..."
        s = quote_end + 1
    while s < end and text[s] in " \t,“\"'‘":
        s += 1
    phrase = text[s:end].strip()
    if not phrase or len(phrase.split()) > 8 or re.search(r"\d", phrase):
        return None
    for words in (ref.attribution_verbs, ref.attack_predicates, ref.metric_words):
        if words.search(text, s, end):
            return None
    if _BOUNDARY_VERBS.search(phrase):
        return None
    return s, s + len(phrase)


def subject_after(text: str, verb_end: int, end: int, ref: Reference) -> Speaker | None:
    """The speaker phrase after a verb ("said the ISPR", "according to police officials")."""
    lead = _LEADING_FILLER.match(text, verb_end, end)
    start = lead.end() if lead else verb_end
    while start < end and text[start].isspace():
        start += 1
    masked = _masked(text[start:end])
    stop = _RIGHT_END.search(masked)
    phrase_end = start + (stop.start() if stop else len(masked))
    phrase_end = len(text[:phrase_end].rstrip())
    if phrase_end - start < 2 or len(text[start:phrase_end].split()) > 14:
        return None
    found = classify(text, start, phrase_end, ref)
    app = _APPOSITIVE.match(text, phrase_end, end)
    if app and (found is None or not found.typed):
        role = classify(text, app.start() + 1, app.end(), ref)
        if role is not None and role.typed:
            return Speaker(
                start,
                app.end(),
                text[start : app.end()],
                role.claimant_type,
                role.role,
                "person",
                role.name,
            )
    return found


def _content_after(text: str, verb_end: int, end: int) -> bool:
    """Does the statement's content follow the verb (not just "on Sunday." or ", adding")?

    After "told" the listener comes first ("told reporters", "told Dawn.com").
    """
    pos = verb_end
    if text[max(0, verb_end - 4) : verb_end].lower() == "told":
        listener = _LISTENER.match(text, verb_end, end)
        if listener:
            pos = listener.end()
    else:  # "confirmed to Dawn.com", "said to reporters"
        to = _TO_LISTENER.match(text, verb_end, end)
        if to:
            pos = to.end()
    lead = _LEADING_FILLER.match(text, pos, end)
    pos = lead.end() if lead else pos
    while pos < end and text[pos].isspace():
        pos += 1
    if _ADVERBIAL.match(text, pos, end):
        return False  # "..., X told a press conference while confirming ..."
    return not _AFTER_VERB_CONTENT.match(text, pos, end)


@dataclass(frozen=True, slots=True)
class _Raw:
    pos: int  # where the cue starts (the speaker, or the verb when the speaker follows)
    verb_end: int
    speaker: Speaker
    direction: str  # forward / backward / sentence
    denial: bool
    responsibility: bool
    from_context: bool
    relay: str = ""  # an outlet that relays the speaker ("Geo News cited officials")


def _raw_cues(
    text: str, start: int, end: int, ref: Reference, earlier: list[Speaker]
) -> list[_Raw]:
    raw: list[_Raw] = []
    consumed: set[int] = set()  # verbs already read with the cue before them
    for vm in ref.attribution_verbs.finditer(text, start, end):
        verb = vm.group(0).lower().split()[0]
        vs, ve = vm.span()
        if verb in ("according", "per"):
            to = re.match(r"\s+to\b", text[ve:end]) if verb == "according" else None
            if verb == "according" and not to:
                continue
            if verb == "per" and not re.search(r"\bas\s+$", text[max(start, vs - 4) : vs], re.I):
                continue
            sp = subject_after(text, ve + (to.end() if to else 0), end, ref)
            if sp is None:
                # "As per details", "according to the details": the report's own account,
                # said as such, which no speaker before it goes on into
                sp = _account(text, ve + (to.end() if to else 0), end)
            if sp is not None:
                raw.append(
                    _Raw(vs, sp.end, _resolved(sp, earlier), "sentence", False, False, False)
                )
            continue
        if verb in _RIGHT_SPEAKER_VERBS:
            sp = subject_after(text, ve, end, ref)
            if sp is not None and sp.typed:
                raw.append(_cited(text, start, end, ref, earlier, vs, sp, consumed))
            continue
        if vs in consumed:
            continue
        if verb.startswith("claim") and _CLAIMS_LIVES.match(text, ve, end):
            continue  # "the attack claims 10 lives": a toll, not a statement
        if re.match(r"\s+by\b", text[ve:end]):
            continue  # "claimed by the BLA": a responsibility, not a statement
        if _DETERMINER_BEFORE.search(text, max(start, vs - 8), vs):
            continue  # "the reported presence", "its claimed toll": an adjective
        denial = bool(ref.denial_verbs.fullmatch(vm.group(0)))
        responsibility = bool(re.match(r"\s*responsibility\b", text[ve:end], re.I))
        if verb in _PARTICIPLES:
            prev = [r for r in raw if r.pos < vs]
            subj = prev[-1].speaker if prev else subject_before(text, start, vs, ref)
            if subj is None and not prev:
                subj = first_speaker(text, start, vs, ref)
            if subj is not None and (prev or subj.typed):
                raw.append(_Raw(vs, ve, subj, "forward", denial, responsibility, False))
            continue
        here = [*earlier, *(r.speaker for r in raw if r.speaker.typed)]
        raw_cue = _speaker_cue(text, start, end, ref, here, vs, ve, verb)
        if (
            raw_cue is not None
            and raw_cue.speaker.role == "outlet"
            and _INTRODUCES_QUOTE.match(text, ve, end)
        ):
            continue  # "AP News reports: “...”": a relayed quotation (relayed_quotations)
        if raw_cue is not None:
            raw.append(
                _Raw(
                    raw_cue.pos,
                    raw_cue.verb_end,
                    raw_cue.speaker,
                    raw_cue.direction,
                    denial,
                    responsibility,
                    raw_cue.from_context,
                )
            )
    raw.sort(key=lambda r: r.pos)
    return raw


def _speaker_cue(text, start, end, ref, earlier, vs, ve, verb) -> _Raw | None:
    """A speech verb with its subject before it, or after it ("..., said the ISPR")."""
    subj = subject_before(text, start, vs, ref)
    weak = verb in _WEAK_VERBS
    if subj is not None and (not weak or subj.typed or subj.role == "statement"):
        pronoun = is_pronoun(subj.text)
        sp = _resolved(subj, earlier)
        if sp is subj and _lone_word(subj):
            return None  # "Emergency has been declared": one capitalised word names nobody
        opens = not text[start : subj.start].strip(" \t“\"'‘") or bool(
            _OPENING_CONNECTIVE.fullmatch(text, start, subj.start)
        )
        # "Chaudhary said, a total of 31 people ...": a speaker who opens the sentence
        # says what follows, even after a comma
        direction = "forward" if opens or _content_after(text, ve, end) else "backward"
        return _Raw(subj.start, ve, sp, direction, False, False, pronoun or sp is not subj)
    if verb in _INVERTING_VERBS and verb != "told":
        sp = subject_after(text, ve, end, ref)
        if sp is not None:
            direction = "backward" if not _content_after(text, sp.end, end) else "sentence"
            return _Raw(vs, sp.end, _resolved(sp, earlier), direction, False, False, False)
    return None


_CITED_THEN_SAID = re.compile(
    r"\s*,\s*(?:also\s+|further\s+|later\s+)?(?P<verb>reported|said|wrote|added|claimed)\b", re.I
)


def _cited(text, start, end, ref, earlier, vs, sp: Speaker, consumed: set[int]) -> _Raw:
    """ "ARY News reported, citing security sources", "Geo News cited officials", "An
    Indian channel, citing the group's statement, reported that ...": the cited speaker
    claims, the outlet relays."""
    outlet = subject_before(text, start, vs, ref)
    if outlet is None:
        outlet = _outlet_opening(text, start, vs, ref)
    relay = outlet.text if outlet is not None and outlet.role == "outlet" else ""
    pos = outlet.start if relay else vs
    verb_end = sp.end
    then = _CITED_THEN_SAID.match(text, sp.end, end)
    if then:  # what the outlet then reports is what it cites
        verb_end = then.end()
        consumed.add(then.start("verb"))
    direction = "forward" if _content_after(text, verb_end, end) else "backward"
    return _Raw(pos, verb_end, _resolved(sp, earlier), direction, False, False, False, relay)


_OUTLET_OPENING = re.compile(r"\s*(?P<outlet>[^,;:“”\"—–]{2,60}?),\s*$")


def _outlet_opening(text: str, start: int, vs: int, ref: Reference) -> Speaker | None:
    """The outlet that opens "An Indian news channel, citing ...", if it is one."""
    m = _OUTLET_OPENING.match(text, start, vs)
    if not m:
        return None
    return classify(text, m.start("outlet"), m.end("outlet"), ref)


def _lone_word(sp: Speaker) -> bool:
    """A speaker phrase that is one capitalised word with no role: a name only if it was
    named before (a surname), else nobody."""
    return not sp.typed and sp.role == "person" and len(sp.text.split()) == 1


_ACCOUNT = re.compile(r"\s*(?:the\s+)?(?:details|reports?|sources|information)\b", re.I)


def _account(text: str, pos: int, end: int) -> Speaker | None:
    m = _ACCOUNT.match(text, pos, end)
    if not m:
        return None
    return Speaker(pos, m.end(), text[pos : m.end()].strip(), "unspecified", "account", "document")


def _resolved(sp: Speaker, earlier: list[Speaker]) -> Speaker:
    return resolve(sp, earlier)


def _relay_of(text: str, verb_end: int, end: int, ref: Reference) -> str:
    """The outlet a speaker told ("told Dawn", "confirmed to Dawn.com"), which relays."""
    if text[max(0, verb_end - 4) : verb_end].lower() == "told":
        told = _TOLD.match(text, verb_end, end)
    else:
        told = _TO_OUTLET.match(text, verb_end, end)
    if told:
        om = ref.outlet_pattern.match(told.group(1))
        if om:
            return om.group(0)
    return ""


def _headline_cue(text: str, start: int, end: int, ref: Reference) -> _Raw | None:
    """ "...: ISPR", "... — chief minister": a headline's source after a colon or dash."""
    m = _HEADLINE_SOURCE.search(text, start, end)
    if not m:
        return None
    sp = classify(text, m.start("who"), m.end("who"), ref)
    if sp is None or not sp.typed or len(sp.text.split()) > 6:
        return None
    return _Raw(m.start(), m.end(), sp, "backward", False, False, False)


def find_cues(
    text: str,
    start: int,
    end: int,
    ref: Reference,
    relays: list[tuple[int, int, str]],
    earlier: list[Speaker] | None = None,
    wire: str = "",
    heading: bool = False,
) -> list[Cue]:
    """Attribution cues of the sentence ``text[start:end]``, ordered, with non-overlapping scopes.

    ``earlier`` are the speakers named before in the article, for "he said", "the
    statement said", "Bugti said"; ``wire`` is the wire service of the dateline, which
    relays every attributed figure of the story; a ``heading`` may name its source after a
    colon or a dash.
    """
    earlier = earlier or []
    raw = _raw_cues(text, start, end, ref, earlier)
    if not raw and (heading or not text[start:end].rstrip().endswith(_CLOSING)):
        hc = _headline_cue(text, start, end, ref)
        raw = [hc] if hc else []
    cues: list[Cue] = []
    for i, r in enumerate(raw):
        nxt = raw[i + 1].pos if i + 1 < len(raw) else end
        prev_end = cues[-1].scope_end if cues else start
        if r.direction == "forward":
            s, e = r.verb_end, nxt
            if not cues and re.search(r",\s*$", text[start : r.pos]):
                # "Out of the 10 injured, authorities noted that ...": the opening phrase
                # belongs to the statement too
                s = start
            if r.responsibility:
                m = _RESPONSIBILITY_END.search(text, r.verb_end, e)
                if m:
                    e = m.start()
        elif r.direction == "backward":
            s, e = prev_end, r.pos
        else:
            s, e = prev_end, nxt
        cues.append(_cue(text, end, ref, relays, wire, r, s, e))
        later = raw[i + 1] if i + 1 < len(raw) else None
        if (
            r.direction == "backward"
            and (later is None or later.direction == "forward")
            and (joined := _CONTINUED_CLAUSE.match(text, r.verb_end, nxt))
            and not _own_speaker(text, joined.end(), nxt, ref)
        ):
            # "..., the sources said, while two FC personnel were injured" and "..., police
            # said, and added that 12 others were injured": the clause joined after the tag
            # is the same statement's, unless someone else speaks in it ("while local media
            # reported 12 deaths", whoever that is)
            cues.append(_cue(text, end, ref, relays, wire, r, r.verb_end, nxt))
    return _merge_citing(text, cues)


def _own_speaker(text: str, start: int, end: int, ref: Reference) -> bool:
    """Does the clause ``text[start:end]`` have a speech verb with a subject of its own?"""
    for vm in ref.attribution_verbs.finditer(text, start, end):
        if text[start : vm.start()].strip(" ,"):
            return True
    return False


def _cue(text, end, ref, relays, wire, r: _Raw, s: int, e: int) -> Cue:
    sp = r.speaker
    relayed = ""
    for qs, qe, outlet in relays:
        if qs <= r.pos < qe:
            relayed = outlet
    relayed = r.relay or _relay_of(text, r.verb_end, end, ref) or relayed
    claimant_type = sp.claimant_type
    if sp.role == "outlet" and relayed == "":
        claimant_type = "media"
    if not relayed and wire and sp.role != "outlet":
        relayed = wire
    return Cue(
        _display_name(sp.text),
        claimant_type,
        s,
        e,
        "denial" if r.denial else "claim",
        relayed,
        sp,
        r.from_context,
    )


def _merge_citing(text: str, cues: list[Cue]) -> list[Cue]:
    """ "ARY News reported, citing security sources": the sources claim, the outlet relays."""
    out: list[Cue] = []
    for cue in cues:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.speaker is not None
            and prev.speaker.role == "outlet"
            and cue.speaker is not None
            and cue.speaker.role != "outlet"
            and cue.scope_end <= cue.speaker.start
            and re.search(
                r"\b(?:citing|quoting|cited|quoted)\b", text[prev.scope_end : cue.speaker.start]
            )
        ):
            out[-1] = Cue(
                cue.claimant,
                cue.claimant_type,
                prev.scope_start,
                prev.scope_end,
                cue.stance,
                prev.claimant,
                cue.speaker,
                cue.from_context,
            )
            continue
        out.append(cue)
    return out


def _display_name(surface: str) -> str:
    """The claimant as written, without "a" before a proper name ("a Dawn tally" -> "Dawn")."""
    m = re.match(r"an?\s+(?=[A-Z])", surface)
    return surface[m.end() :] if m else surface


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


def attribute(
    fig_start: int,
    cues: list[Cue],
    relays: list[tuple[int, int, str]],
    fallbacks: list[Cue] = (),
) -> Cue | None:
    """The cue whose scope covers a figure; else a fall-back that covers it (the speaker of
    a quotation, the speaker carried over from the sentence before); inside an outlet's
    quotation with neither, the outlet."""
    for cue in cues:
        if cue.scope_start <= fig_start < cue.scope_end:
            return cue
    for cue in fallbacks:
        if cue.scope_start <= fig_start < cue.scope_end:
            return cue
    for qs, qe, outlet in relays:
        if qs <= fig_start < qe:
            return Cue(outlet, "media", qs, qe)
    return None
