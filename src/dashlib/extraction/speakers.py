"""Who is speaking: the speaker phrase of a speech verb, and what kind of source it is.

A speaker is a phrase next to a speech verb ("said", "told", "according to"): the subject
before it ("Balochistan government spokesperson Liaquat Shahwani said"), the subject after
it ("..., said the ISPR"), or what follows "according to" / "citing". Its kind of source
(government, insurgents, media and independent sources, or unspecified) comes from the
words in it, which are reference data: named actors (``actors.csv``: the BLA, the ISPR,
outlets) and words for roles (``speakers.csv``: minister, SHO, medical superintendent,
witness, spokesman ...). The rules here are about English phrases, not about any speaker:

* in "ROLE of/for ORG" the organisation says whose speaker it is ("a spokesman for the
  Balochistan government"); otherwise the last typed word of the phrase decides
  ("Quetta Civil Hospital Medical Superintendent" is a hospital's), a title such as "Dr"
  only when nothing else does;
* words with no side of their own ("spokesman", "statement", "sources") take the side of
  the organisation named with them, or of the speaker they refer back to ("the statement
  said", "the spokesperson added"); alone they stay unspecified ("sources said");
* pronouns ("he", "it", "they") and surnames ("Bugti said") refer back to the last
  speaker of the same kind (a person, an organisation or document, a plural).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashlib.extraction.reference import Reference, compile_phrases


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker phrase and the kind of source it names."""

    start: int
    end: int
    text: str  # as written, for display ("Balochistan government spokesperson Liaquat Shahwani")
    claimant_type: str  # government / insurgents / media / unspecified
    role: str  # military, police, officials, hospital, rescue, witness, outlet, armed_group, ...
    kind: str  # person / organisation / document / plural
    name: str = ""  # a known actor's canonical name ("ISPR"), else ""

    @property
    def typed(self) -> bool:
        return self.claimant_type != "unspecified"


@dataclass(frozen=True, slots=True)
class _Role:
    claimant_type: str  # "" when the word has no side of its own
    role: str
    kind: str


class SpeakerWords:
    """The reference data's words for speakers, compiled once per reference."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.roles: dict[str, _Role] = {
            " ".join(row["phrase"].lower().split()): _Role(
                row["claimant_type"], row["role"], row["kind"]
            )
            for row in ref.speaker_rows
        }
        self.role_pattern = compile_phrases(list(self.roles))


_SPEAKER_WORDS: dict[int, tuple[Reference, SpeakerWords]] = {}


def speaker_words(ref: Reference) -> SpeakerWords:
    """The compiled speaker vocabulary of ``ref`` (cached per reference)."""
    held = _SPEAKER_WORDS.get(id(ref))
    if held is None or held[0] is not ref:
        held = (ref, SpeakerWords(ref))
        _SPEAKER_WORDS[id(ref)] = held
    return held[1]


# A proper name: capitalised words ("Haider Ali", "Sarfraz Bugti", "Dr Latif").
_NAME = re.compile(r"(?-i:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|bin|ul|ud|al|de))*)")
_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.I)
_PRONOUN = re.compile(r"^(?:he|she|it|they|we|i)$", re.I)
# "ROLE of/for/at ORG": the organisation says whose speaker it is.
_OF_ORG = re.compile(r"\b(?:of|for|at|from|with|in)\b", re.I)
# An outlet's name that is not in the reference data: "Aaj News", "PTV News", "Geo TV".
_OUTLET_NAME = re.compile(
    r"(?-i:[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*)\s+(?-i:News|TV|Television|Times|Tribune|Post|"
    r"Radio|Herald|Today|Express|Recorder|Nation|Telegraph|Journal|Agency|Daily)\b"
    r"|\b(?-i:Radio\s+[A-Z]\w+)"
)
# Capitalised words that start a sentence or a title and name nobody.
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "however",
        "meanwhile",
        "earlier",
        "later",
        "separately",
        "also",
        "but",
        "and",
    ]
)
_LOW_PRIORITY = frozenset({"dr", "president"})  # titles that yield to any other role word


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    claimant_type: str
    role: str
    kind: str
    name: str
    word: str


def _hits(text: str, start: int, end: int, ref: Reference) -> list[_Hit]:
    """Speaker words in text[start:end]: known actors, role words and outlets' names; where
    two overlap, the longer wins ("state media" over "state")."""
    words = speaker_words(ref)
    found: list[_Hit] = []
    # Role words first: on a tie with an actor's name they win, for they say what kind of
    # speaker it is ("police spokesman": a person).
    for m in words.role_pattern.finditer(text, start, end):
        role = words.roles.get(" ".join(m.group(0).lower().split()))
        if role:
            word = m.group(0).lower()
            found.append(
                _Hit(m.start(), m.end(), role.claimant_type, role.role, role.kind, "", word)
            )
    for m in ref.actor_pattern.finditer(text, start, end):
        actor = ref.actor(m.group(0))
        if actor:
            lead = _ARTICLE.match(m.group(0))
            hit_start = m.start() + (lead.end() if lead else 0)
            surface = text[hit_start : m.end()].lower().rstrip()
            kind = "plural" if surface.endswith("s") and actor.role != "outlet" else "organisation"
            ctype = "media" if actor.claimant_type == "other" else actor.claimant_type
            found.append(_Hit(hit_start, m.end(), ctype, actor.role, kind, actor.name, surface))
    for m in _OUTLET_NAME.finditer(text, start, end):
        found.append(_Hit(m.start(), m.end(), "media", "outlet", "organisation", "", ""))
    hits: list[_Hit] = []
    for h in sorted(found, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= k.start or h.start >= k.end for k in hits):
            hits.append(h)
    hits.sort(key=lambda h: h.start)
    return hits


def _decide(hits: list[_Hit], text: str) -> _Hit | None:
    """The hit that says whose speaker the phrase is (see the module's rules)."""
    typed = [h for h in hits if h.claimant_type]
    if not typed:
        return None
    for _i, h in enumerate(hits):
        # "spokesman for the Balochistan government": the organisation after of/for
        later = [t for t in typed if t.start >= h.end]
        if later and not h.claimant_type and _OF_ORG.search(text, h.end, later[0].start):
            return later[0]
    main = [h for h in typed if h.word not in _LOW_PRIORITY] or typed
    return main[-1]


def classify(text: str, start: int, end: int, ref: Reference) -> Speaker | None:
    """What kind of speaker the phrase text[start:end] is, or None if it names no speaker.

    A phrase names a speaker when it has a speaker word, a known actor, an outlet's name
    or a proper name; a proper name alone is a person of no known side.
    """
    phrase = text[start:end]
    if not phrase.strip():
        return None
    if is_pronoun(phrase):
        return Speaker(start, end, phrase, "unspecified", "pronoun", "pronoun", "")
    hits = _hits(text, start, end, ref)
    best = _decide(hits, text)
    if best is not None:
        kind = best.kind
        named = [m for m in _NAME.finditer(phrase) if m.group(0).lower() not in _NOT_NAMES]
        person = any(h.kind == "person" for h in hits) or any(
            all(m.end() + start <= h.start or m.start() + start >= h.end for h in hits)
            for m in named
        )
        if person and kind != "plural":
            kind = "person"
        return Speaker(start, end, phrase, best.claimant_type, best.role, kind, best.name)
    if hits:  # only words with no side: "the statement", "sources", "the spokesman"
        h = hits[-1]
        return Speaker(start, end, phrase, "unspecified", h.role, h.kind, "")
    names = [m for m in _NAME.finditer(phrase) if m.group(0).lower() not in _NOT_NAMES]
    if names:
        return Speaker(start, end, phrase, "unspecified", "person", "person", "")
    return None


def first_speaker(text: str, start: int, end: int, ref: Reference) -> Speaker | None:
    """The first typed speaker word near the start of text[start:end]: the subject of a
    sentence that goes on "..., claiming to have killed 33 insurgents"."""
    for h in _hits(text, start, min(end, start + 80), ref):
        if h.claimant_type:
            return Speaker(
                h.start, h.end, text[h.start : h.end], h.claimant_type, h.role, h.kind, h.name
            )
    return None


def is_pronoun(phrase: str) -> bool:
    return bool(_PRONOUN.match(phrase.strip()))


def _kind_of_pronoun(word: str) -> tuple[str, ...]:
    word = word.lower()
    if word in ("he", "she", "i"):
        return ("person",)
    if word == "it":
        return ("organisation", "document")
    return ("plural", "organisation")  # they, we


@lru_cache(maxsize=4096)
def _surname_tokens(text: str) -> frozenset[str]:
    return frozenset(
        t
        for t in re.findall(r"(?-i:[A-Z][\w'’-]+)", text)
        if t.lower() not in _NOT_NAMES and len(t) > 2
    )


def resolve(speaker: Speaker, earlier: list[Speaker]) -> Speaker:
    """A speaker phrase that refers back ("he", "the statement", "Bugti") as the speaker it
    refers to, keeping its own place in the text; any other speaker as it is."""
    phrase = speaker.text.strip()
    words = phrase.lower().split()
    if is_pronoun(phrase):
        kinds = _kind_of_pronoun(phrase)
        for s in reversed(earlier):
            if s.kind in kinds:
                return _at(s, speaker)
        return speaker
    if speaker.typed:
        return speaker
    definite = bool(words) and words[0] in ("the", "this", "that", "its", "his", "their")
    if speaker.role in ("statement", "spokesperson", "sources") and definite:
        for s in reversed(earlier):
            if s.typed and (speaker.role != "spokesperson" or s.kind == "person"):
                return _at(s, speaker)
        return speaker
    if speaker.role == "person":
        mine = _surname_tokens(phrase)
        for s in reversed(earlier):
            theirs = _surname_tokens(s.text)
            if mine & theirs or any(_spelt_alike(a, b) for a in mine for b in theirs):
                return _at(s, speaker)
    return speaker


def _spelt_alike(a: str, b: str) -> bool:
    """Two spellings of one name, a letter apart ("Chaudhry", "Chaudhary"); names from
    other scripts are written several ways in one report."""
    if a == b or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _at(antecedent: Speaker, here: Speaker) -> Speaker:
    return Speaker(
        here.start,
        here.end,
        antecedent.text,
        antecedent.claimant_type,
        antecedent.role,
        antecedent.kind,
        antecedent.name,
    )
