"""Numbers that may be counts: where they stand in a sentence, with their bounds.

Digits, number words, ranges ("10-15", "between 20 and 30"), "two dozen" and vague
quantities ("dozens": 24-99) are found once each; qualifiers before them set honest
bounds ("over 200": 201 and up). Ages, times, percentages, amounts, list numbers and bare
years are not counts.
"""

from __future__ import annotations

import re

from dashlib.extraction.numbers import number_value
from dashlib.extraction.reference import Reference

_QUAL_CACHE: dict[int, tuple[Reference, list]] = {}


def _qualifier_table(ref: Reference) -> list[tuple[str, str, re.Pattern | None]]:
    """(qualifier, word, regex for unusual words or None) in lexicon order, cached per ref."""
    cached = _QUAL_CACHE.get(id(ref))
    if cached is None or cached[0] is not ref:
        rows = []
        for qual, words in ref.qualifier_words.items():
            for w in words:
                simple = bool(w) and not w[0].isspace() and not w[-1].isspace()
                pattern = None if simple else re.compile(r"(?<![\w])" + re.escape(w) + r"\s+$")
                rows.append((qual, w, pattern))
        cached = (ref, rows)
        _QUAL_CACHE[id(ref)] = cached
    return cached[1]


def qualifier_before(before: str, ref: Reference) -> tuple[str, int]:
    r"""The qualifier that ends right before a number, and its length in characters.

    The same result as searching ``(?<![\w])<word>\s+$`` for every qualifier
    word (the longest match wins, the first one on ties), without a regex per
    word: such a match can only be the word that ends the text once its
    trailing whitespace (``\s`` is ``str.isspace``) is set aside.
    """
    low = before.lower()
    best = ("exact", 0)
    if not low or not low[-1].isspace():
        return best
    core = low.rstrip()
    n_ws = len(low) - len(core)
    for qual, w, pattern in _qualifier_table(ref):
        if pattern is None:
            if core.endswith(w):
                i = len(core) - len(w)
                if i == 0 or not (core[i - 1].isalnum() or core[i - 1] == "_"):
                    n = len(w) + n_ws
                    if n > best[1]:
                        best = (qual, n)
        else:
            m = pattern.search(low)
            if m and len(m.group(0)) > best[1]:
                best = (qual, len(m.group(0)))
    return best


def _is_non_count(text: str, start: int, end: int, ref: Reference) -> bool:
    before = text[max(0, start - 12) : start].lower()
    after = text[end : end + 20]
    if _AGE_AFTER_NAME.search(text, max(0, start - 40), start) and _AGE_END.match(after):
        return True  # "Kafa, 30, Aswad ...": an age after a name
    if _NC_BEFORE.search(before):
        return True
    for name in ref.names_with_digits.finditer(text, max(0, start - 40), end + 40):
        if name.start() <= start and end <= name.end():
            return True  # "Rescue 1122 officials": a name
    if _NC_PERCENT.match(after):
        return True
    if _NC_UNIT.match(after) or _NC_TIME.match(after):
        return True
    m = _NC_NEXT.match(after)
    if m and ref.non_count.match(m.group(1)):
        return True
    of = _NC_OF.match(after)
    if of is None:
        return False
    # "one of the deadliest attacks" is no count; "two of the terrorists", "two of the
    # injured", "14 of the dead" are
    people = text[end + of.end() : end + of.end() + 40].lstrip()
    size = _WHOLE_SIZE.match(people)
    if size and ref.numbers.is_one_number(size.group(1)):
        people = people[size.end() :]  # "two of the three attackers", "two of the 11 injured"
    return not (
        any(p.match(people) for p in ref.group_patterns.values())
        or any(p.match(people) for p in ref.among_words.values())
    )


_NC_BEFORE = re.compile(r"(?:(?<![a-z])(?:aged|ages?|age of|no\.|rs\.?|pkr|usd)|#|\$|€|£)\s*$")


_NC_PERCENT = re.compile(r"\s*(?:%|percent|per cent|st\b|nd\b|rd\b|th\b)", re.I)


_NC_UNIT = re.compile(
    r"-(?:year|day|hour|week|month|minute|km|kilometre|kilometer|mile|storey|member)", re.I
)


_NC_NEXT = re.compile(r"\s*([\w-]+(?:\s+[\w-]+)?)")


MAX_COUNT = 10_000_000
_AGED = re.compile(r"\b(?:aged|ages?|age\s+of)\s+(?:between\s+)?$", re.I)


_AGE_AFTER_NAME = re.compile(r"(?-i:[A-Z][a-z]+),\s*$")


_AGE_END = re.compile(r"\s*(?:[,)]|and\b|$)")


_NC_TIME = re.compile(r"(?::\d\d|\s*[ap]\.?m\.?(?![\w]))", re.I)  # "11:30pm", "8 am"


# The size of the whole in "two of the three attackers", "two of the 11 injured".
_WHOLE_SIZE = re.compile(r"^(\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+(?=\w)", re.I)


_NC_OF = re.compile(r"\s*of\s+(?:the|them|those|these|us|its|their)\b", re.I)


_OF_THE = re.compile(r"\s+of\s+(?:the|them|those|these)\b", re.I)


_LIST_NUMBER = re.compile(r"\d+\.\s")


_BARE_YEAR_END = re.compile(r"\s*(?:$|[,.;:)])")


# A quick necessary condition for a figure, so that most sentences skip the
# number patterns. Case-insensitive matching lets exactly four non-ASCII
# letters stand for ASCII ones (İ and ı for i, ſ for s, the Kelvin sign for k;
# tests/test_bench.py checks the list); fold maps them before
# lower-casing, so any word or phrase the patterns could match is a substring
# of the folded sentence.
_FOLD_MAP = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


_DIGIT = re.compile(r"\d")


_TOKENS = re.compile(r"\w+")


_VAGUE_CACHE: dict[int, tuple[Reference, list]] = {}


def fold(text: str) -> str:
    return (text if text.isascii() else text.translate(_FOLD_MAP)).lower()


def vague_patterns(ref: Reference) -> list[tuple[str, dict, re.Pattern]]:
    """(lower-case phrase, spec, compiled pattern) of each vague quantity, cached per ref."""
    cached = _VAGUE_CACHE.get(id(ref))
    if cached is None or cached[0] is not ref:
        rows = [
            (
                phrase.lower(),
                spec,
                re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", re.I),
            )
            for phrase, spec in ref.vague.items()
        ]
        cached = (ref, rows)
        _VAGUE_CACHE[id(ref)] = cached
    return cached[1]


def may_have_figure(sentence: str, folded: str, ref: Reference) -> bool:
    """False only when none of the candidate patterns of :func:`find_figures` can match."""
    if _DIGIT.search(sentence):
        return True
    if any(phrase in folded for phrase, _, _ in vague_patterns(ref)):
        return True
    return not ref.numbers.words.isdisjoint(_TOKENS.findall(folded))


Candidate = tuple[int, int, int | None, int | None, str]  # (start, end, low, high, qualifier)


def candidates(
    sentence: str, folded: str, ref: Reference, taken: list[tuple[int, int]]
) -> list[Candidate]:
    """Every number-like span of the sentence, each position used once, in text order.

    Ranges ("between 20 and 30") are taken first, then "a soldier was killed", then
    vague quantities ("dozens"), then plain numbers and "10-15" ranges. ``taken`` are
    sentence-relative spans (dates) whose numbers are not counts.
    """
    cands: list[Candidate] = []
    used = bytearray(len(sentence) + 1)  # positions already part of a figure or date
    for a, b in taken:
        used[max(a, 0) : max(b, 0)] = b"\x01" * (max(b, 0) - max(a, 0))

    def free(s, e):
        return not any(used[s:e])

    def take(span):
        used[span[0] : span[1]] = b"\x01" * (span[1] - span[0])

    for m in ref.numbers.between.finditer(sentence):
        a, b = number_value(m["num"]), number_value(m["num2"])
        if a is not None and b is not None and free(*m.span()):
            cands.append((m.start(), m.end(), min(a, b), max(a, b), "range"))
            take(m.span())
    for m in ref.numbers.dozens.finditer(sentence):
        # "two dozen" is 24, a number in its own right ("a dozen" is a vague quantity)
        n = number_value(m["num"])
        if n is not None and free(*m.span()):
            cands.append((m.start(), m.end(), n * 12, n * 12, "exact"))
            take(m.span())
    for phrase, spec, pattern in vague_patterns(ref):
        if phrase not in folded:
            continue  # it cannot match (see fold)
        for m in pattern.finditer(sentence):
            if _OF_THE.match(sentence[m.end() :]):
                continue  # "several of the injured": part of a group counted elsewhere
            unit = _NC_NEXT.match(sentence, m.end())
            if unit and ref.non_count.match(unit.group(1)):
                continue  # "within a few hours": a duration
            if free(*m.span()):
                cands.append(
                    (m.start(), m.end(), spec.get("low"), spec.get("high"), spec["qualifier"])
                )
                take(m.span())
    for m in ref.numbers.qualified.finditer(sentence):
        if not free(*m.span()):
            continue
        a = number_value(m["num"])
        if a is None:
            continue
        if m["num2"]:
            b = number_value(m["num2"])
            if b is None or b < a:
                continue
            cands.append((m.start(), m.end(), a, b, "range"))
        else:
            cands.append((m.start(), m.end(), a, a, "exact"))
        take(m.span())
    cands.sort()
    return cands


def not_a_count(text: str, start: int, sentence: str, cand: Candidate, ref: Reference) -> bool:
    """A list number ("1. Tehreek-e-Taliban"), an age, a percentage, a bare year."""
    s, e, low, high, qualifier = cand
    if max(low or 0, high or 0) > MAX_COUNT:
        return True  # no event in this conflict counts more than that: an amount, an ID
    if qualifier == "range" and _AGED.search(sentence, max(0, s - 12), s):
        return True  # "aged between 18 and 49"
    if qualifier != "exact":
        return False
    if s == 0 and _LIST_NUMBER.match(sentence[s:]):
        return True
    if _is_non_count(text, start + s, start + e, ref):
        return True
    return 1900 <= (low or 0) <= 2100 and _BARE_YEAR_END.match(sentence[e:]) is not None


QUALIFIED_BOUNDS = {
    "over": lambda n: (n + 1, None),
    "at_least": lambda n: (n, None),
    "about": lambda n: (n, n),
    "up_to": lambda n: (None, n),
}
