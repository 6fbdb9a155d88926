"""Figures: numbers that count people or events, with honest bounds.

"over 200 hostages" -> low 201, open high; "dozens of soldiers" -> 24..99 with
qualifier ``dozens``; "Eighteen civilians" -> 18. A figure needs a metric (what
is counted) from the words around it, otherwise it is not a figure: ages,
percentages, durations, years and list numbers never become counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashlib.extraction.numbers import number_value
from dashlib.extraction.reference import Reference

_NOUN_STOP = {
    "were",
    "was",
    "are",
    "is",
    "have",
    "has",
    "had",
    "in",
    "on",
    "at",
    "by",
    "from",
    "during",
    "after",
    "before",
    "when",
    "who",
    "which",
    "that",
    "and",
    "or",
    "but",
    "with",
    "for",
    "including",
    "while",
    "as",
    "to",
    "into",
    "across",
    "near",
    "inside",
    "since",
    "the",
    "a",
    "an",
    "their",
    "its",
    "his",
    "her",
    "reportedly",
    "allegedly",
    "also",
    "being",
    "been",
    "this",
    "these",
    "those",
    "among",
    "of",
}
_AUX = r"(?:\s*(?:,|(?:were|was|are|is|have|has|had|been|being|all|later|said to have been|believed to have been|reported to have been|confirmed|feared|also|got|left|remain|remained|subsequently|\w+ly)\b))*"
# A running toll: "the death toll rose to 21", "the number of students martyred ... has
# risen to eight", "bringing the tally to nine terrorists", "put the toll at 18".
_TOLL = re.compile(
    r"\b(?P<head>(?:death\s+)?toll|number|tally|count|total)\b"
    r"(?:\s+(?P<prep>of|from|in|after)\s+(?P<what>[^.;:]{1,90}?))?\s+"
    r"(?:(?:has|had|have|now|further|already)\s+)*"
    r"(?:rose|risen|rises|rising|climbed|climbs|jumped|jumps|increased|gone\s+up|reached|"
    r"reaches|stood|stands|was|is)\b"
    r"(?:\s+(?:to|at))?\s*$"
    r"|\b(?:bringing|brought|taking|took)\s+the\s+(?:death\s+)?(?P<head2>toll|tally|total|number)\s+"
    r"(?:of\s+(?P<what2>[^.;:]{1,60}?)\s+)?to\s*$"
    r"|\bput\s+the\s+(?:death\s+)?toll\s+at\s*$"
    # "revised the toll from the attack to 21", "revising an earlier figure of 20"
    r"|\brevis(?:ed|ing)\s+the\s+(?:death\s+)?(?P<head3>toll|tally|count|figure)\b[^.;:]{0,90}?\bto\s*$"
    r"|\b(?:earlier|previous|initial|first|old)\s+(?:death\s+)?(?:toll|tally|count|figure)\s+of\s*$",
    re.I,
)
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


def _qualifier_before(before: str, ref: Reference) -> tuple[str, int]:
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


_QUOTE_MARKS = "“”\"‘’'"
# Heads after which "of"/"from" goes on naming who they are ("members of the paramilitary
# Frontier Constabulary", "people from the Hazara community").
_OF_HEADS = frozenset(
    [
        "members",
        "member",
        "personnel",
        "crew",
        "soldiers",
        "troops",
        "officers",
        "men",
        "jawans",
        "employees",
        "workers",
        "staff",
        "people",
        "persons",
        "sons",
        "individuals",
    ]
)


def _noun_phrase(after: str, ref: Reference) -> tuple[str, int]:
    """Up to five words after a number, stopping at punctuation, a function word or a casualty word.

    "soldiers and police had died" keeps "soldiers and police"; "civilians and 15
    soldiers" stops before "and", which joins another figure. Quote marks are read
    through ("“over a dozen” Pakistani personnel"). Returns the noun and where it ends in
    ``after``.
    """
    words: list[str] = []
    end = 0
    lead_of = False
    tokens = [t for t in _TOKEN.finditer(after) if t.group(0) not in _QUOTE_MARKS]
    for i, m in enumerate(tokens):
        w = m.group(0).strip(_QUOTE_MARKS)
        if not w or not _WORDISH.match(w):
            break
        lw = w.lower()
        if lw == "of" and not words:
            lead_of = True
            continue  # "dozens of soldiers", "two of the terrorists"
        if lw in ("the", "those", "these", "them") and not words and lead_of:
            continue
        if lw == "and" and words and i + 1 < len(tokens):
            nxt = tokens[i + 1].group(0)
            nxt2 = tokens[i + 2].group(0) if i + 2 < len(tokens) else ""
            if (
                not ref.numbers.starts_number.match(nxt)
                and not ref.numbers.starts_number.match(nxt2)
                and not ref.metric_words.match(nxt)
                and nxt.lower() not in _NOUN_STOP
            ):
                words.append(w)
                continue
        if lw in ("of", "from") and words and words[-1].lower() in _OF_HEADS:
            words.append(w)  # who they are comes after "of" / "from"
            continue
        if lw in ("a", "an", "the") and words and words[-1].lower() in ("of", "from"):
            continue
        if (
            lw in _NOUN_STOP
            or len(words) >= (9 if {"of", "from"} & {x.lower() for x in words} else 5)
            or ref.casualty_words.match(after, m.start())
            or _participle_after_noun(lw, words, ref)
        ):
            break
        words.append(w)
        end = m.end()
    return " ".join(words), end


_NAMING_PARTICIPLES = frozenset({"involved", "armed", "wanted", "unidentified", "unnamed"})


def _participle_after_noun(word: str, words: list[str], ref: Reference) -> bool:
    """ "23 bus passengers offloaded, shot dead", "30 to 40 terrorists stormed the quarters":
    a verb in -ed after the people counted ends the noun ("heavily armed terrorists" does
    not: no one is named yet)."""
    if len(word) < 5 or not word.endswith("ed") or word in _NAMING_PARTICIPLES or not words:
        return False
    named = " ".join(words)
    return any(p.search(named) for p in ref.group_patterns.values()) or bool(
        ref.all_group_nouns.search(named)
    )


_ASIDE = re.compile(
    # "26 people, including 18 soldiers, three railway employees and five passengers, were"
    r"^\s*,\s*(?:including|among them|among whom)\b[^.;:]{0,160}?,(?=\s*(?:were|was|have|had|are)\b)"
    r"|^\s*,\s*(?:including|among them|most of them|mostly|many of them|some of them|all of them|"
    r"among whom|both|all)\b[^,.;:]{0,80},"
    # "Four hotel employees ─ three staffers and a security guard ─ were killed"
    r"|^\s*[─—–]\s*[^─—–.;]{1,120}?\s*[─—–]"
    # "three “heavily armed terrorists” were killed", "Four terrorists ‘in FC uniforms’ gunned down"
    r"|^\s*[“‘\"][^”’\"]{1,60}[”’\"]"
    r"|^\s*\([^()]{1,80}\)"
    # "17 others including police officers were wounded"
    r"|^\s*including\s+[^,.;:]{1,80}?(?=\s+(?:were|was|have|had|are)\b)"
    # "took about 400 people on board hostage"
    r"|^\s*(?:on\s+board|aboard)\b"
    # "at least four terrorists and a soldier were killed": one uncounted person more
    r"|^\s*and\s+(?:an?|the|one)\s+[^,.;:\d]{1,40}?(?=\s+(?:were|was|have|had|are)\s)"
    # "Ten labourers from the Hazara ethnic minority were killed": who they were, then "were"
    r"|^\s*(?:\w+ed\s+)?(?:from|of|in|at|on|near|inside|aboard|to|with|by)\s+"
    r"[^,.;:\d]{1,60}?(?=\s+(?:were|was|have|had|has|are)\s)",
    re.I,
)
# "who attacked the port", "who got critically injured earlier while fighting": a relative
# clause between the people counted and what happened to them.
_RELATIVE = re.compile(r"^\s*,?\s*(?:who|which|that)\s+[^.;:—–]{0,100}", re.I)
# "were offloaded from a bus, shot dead": a second verb after a comma
_COMMA_CHAINED = re.compile(r"^\w+ed\b[^,.;:!?\d]{0,40}?,\s*(?=\w)", re.I)


def _metric_at_start(text: str, ref: Reference, relative: bool = True) -> str | None:
    """A metric word at the start of ``text`` (after auxiliaries such as 'were').

    An aside between subject and verb is skipped: "five people, including two
    children, were killed"; "among the dead" says it too ("two children were among 19
    victims"); after a relative clause the last casualty word is the one that tells
    ("the five soldiers who got critically injured earlier had succumbed").
    """
    text = text.lstrip("”’\"' ")  # the end of a quoted noun: three “heavily armed terrorists” were
    aside = _ASIDE.match(text)
    if aside:
        text = text[aside.end() :]
    m = _AUX_RE.match(text)
    rest = text[m.end() :] if m else text
    after_comma = text.lstrip().startswith(",")
    for metric in _PREDICATE_METRICS:
        pm = ref.metric_patterns[metric].match(rest)
        if pm:
            if after_comma and _COUNT_NEXT.match(rest, pm.end()):
                return None  # "kills seven, injures 20": the next verb has a count of its own
            return metric
    among = _AMONG.match(rest)
    if among:
        for metric, pattern in ref.among_words.items():
            if pattern.search(rest, among.end(), among.end() + 60):
                return metric
    rel = _RELATIVE.match(text) if relative else None
    if rel:
        found = [
            (mm.start(), mm.end(), metric)
            for metric in _PREDICATE_METRICS
            for mm in ref.metric_patterns[metric].finditer(text, rel.start(), rel.end())
        ]
        # the last word that is not part of a longer one ("succumbed to their injuries")
        whole = [
            f for f in found if not any(g[0] <= f[0] and f[1] <= g[1] and g != f for g in found)
        ]
        if whole:
            return max(whole)[2]
    # "were offloaded from a bus and gunned down": the casualty verb after a first verb
    chained = _CHAINED_VERB.match(rest) or _COMMA_CHAINED.match(rest)
    if chained:
        then = rest[chained.end() :]
        metric = _metric_at_start(then, ref)
        if metric and not _OBJECT_COUNT.match(then):
            return metric
    return None


# "... and killed 30 militants": the second verb has a count of its own, not ours
_OBJECT_COUNT = re.compile(r"\w+(?:\s+\w+)?\s+(?:at\s+least\s+|over\s+|about\s+)?\d", re.I)


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
_COUNT_NEXT = re.compile(
    r"\s+(?:at\s+least\s+|over\s+|about\s+|more\s+than\s+)?(?:\d|a\s+dozen)", re.I
)
_PREDICATE_METRICS = ("killed", "injured", "rescued", "abducted", "hostages")
_AMONG = re.compile(r"among\s+", re.I)


# "were offloaded from a bus and gunned down", "fought gallantly and embraced martyrdom"
_CHAINED_VERB = re.compile(
    r"\w+(?:ed|ght)\b[^,.;:!?\d“”\"]{0,50}?\band\s+(?:then\s+|later\s+|subsequently\s+)?(?=\w)",
    re.I,
)


def _toll(before: str, ref: Reference) -> tuple[str | None, str]:
    """A running toll that ends right before a figure: its metric, and the noun of what it
    counts ("the number of students martyred ... has risen to" -> killed, "students")."""
    m = _TOLL.search(before)
    if not m:
        return None, ""
    what = m.group("what2") or (m.group("what") if m.group("prep") == "of" else "") or ""
    head = (m.group("head") or m.group("head2") or "toll").lower()
    metric = None
    for name in ("killed", "injured", "abducted", "hostages", "rescued"):
        if what and ref.metric_patterns[name].search(what):
            metric = name
            break
    if metric is None and head in ("number", "count", "total"):
        return None, ""  # "the number of attacks rose to 50": not a casualty count
    noun = _noun_phrase(what, ref)[0] if what else ""
    return metric or "killed", noun


_ALONG = re.compile(r"\b(?:alongside|along\s+with|as\s+well\s+as|besides|and|including)\b", re.I)


def _metric_before(before: str, ref: Reference) -> str | None:
    """The nearest casualty word in the few words before a figure."""
    window = before[-45:]
    best: tuple[int, str] | None = None
    for metric in ("killed", "injured", "rescued", "abducted", "hostages"):
        for m in ref.metric_patterns[metric].finditer(window):
            if best is None or m.end() > best[0]:
                best = (m.end(), metric)
    if best is None:
        return None
    # Only a word close to the figure governs it ("killed over 30", "deaths of more than 20").
    gap = window[best[0] :]
    if len(gap.split()) > 3 or _STOP_PUNCT.search(gap) or ("," in gap and not _ALONG.search(gap)):
        return None
    return best[1]


def _metric_from_noun(noun: str, ref: Reference) -> str | None:
    for metric in (
        "killed",
        "injured",
        "hostages",
        "passengers",
        "attacks",
        "locations",
        "attackers",
    ):
        if ref.metric_patterns[metric].search(noun):
            return metric
    return None


def victim_group_of(noun: str, metric: str, ref: Reference) -> str:
    """Who a noun phrase counts, from the lexicon; 'all' for generic nouns."""
    if metric in ("attacks", "locations", "attackers"):
        return "all"
    if not noun:
        return "all"
    best: tuple[int, int, str] | None = None
    for order, (group, pat) in enumerate(ref.group_patterns.items()):
        for m in pat.finditer(noun):
            key = (len(m.group(0)), -order, group)
            if best is None or key > best:
                best = key
    group = best[2] if best else None
    if group is None:
        return "all" if ref.all_group_nouns.search(noun) else "unknown"
    if ref.all_group_nouns.fullmatch(noun.strip()):
        return "all"
    if metric == "hostages" and group == "hostages":
        return "all"
    if metric == "passengers" and group == "passengers":
        return "all"
    return group


def _is_non_count(text: str, start: int, end: int, ref: Reference) -> bool:
    before = text[max(0, start - 12) : start].lower()
    after = text[end : end + 20]
    if _AGE_AFTER_NAME.search(text, max(0, start - 40), start) and _AGE_END.match(after):
        return True  # "Kafa, 30, Aswad ...": an age after a name
    if _NC_BEFORE.search(before):
        return True
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
    people = text[end + of.end() : end + of.end() + 30].lstrip()
    return not (
        any(p.match(people) for p in ref.group_patterns.values())
        or any(p.match(people) for p in ref.among_words.values())
    )


# Precompiled forms of patterns that used to be compiled (or looked up) on every call.
_TOKEN = re.compile(r"[^\s,.;:!?—–()\"“”]+|[,.;:!?—–()\"“”]")
_WORDISH = re.compile(r"[\w'’&-]")
_AUX_RE = re.compile(_AUX + r"\s*", re.I)
_STOP_PUNCT = re.compile(r"[.;:!?]")
_NC_BEFORE = re.compile(r"(?:(?<![a-z])(?:aged|ages?|age of|no\.|rs\.?|pkr|usd)|#|\$|€|£)\s*$")
_NC_PERCENT = re.compile(r"\s*(?:%|percent|per cent|st\b|nd\b|rd\b|th\b)", re.I)
_NC_UNIT = re.compile(
    r"-(?:year|day|hour|week|month|minute|km|kilometre|kilometer|mile|storey|member)", re.I
)
_NC_NEXT = re.compile(r"\s*([\w-]+(?:\s+[\w-]+)?)")
_AGED = re.compile(r"\b(?:aged|ages?|age\s+of)\s+(?:between\s+)?$", re.I)
_AGE_AFTER_NAME = re.compile(r"(?-i:[A-Z][a-z]+),\s*$")
_AGE_END = re.compile(r"\s*(?:[,)]|and\b|$)")
_NC_TIME = re.compile(r"(?::\d\d|\s*[ap]\.?m\.?(?![\w]))", re.I)  # "11:30pm", "8 am"
_NC_OF = re.compile(r"\s*of\s+(?:the|them|those|these|us|its|their)\b", re.I)
_OF_THE = re.compile(r"\s+of\s+(?:the|them|those|these)\b", re.I)
_LIST_NUMBER = re.compile(r"\d+\.\s")
_BARE_YEAR_END = re.compile(r"\s*(?:$|[,.;:)])")

# A quick necessary condition for a figure, so that most sentences skip the
# number patterns. Case-insensitive matching lets exactly four non-ASCII
# letters stand for ASCII ones (İ and ı for i, ſ for s, the Kelvin sign for k;
# tests/test_bench.py checks the list); _fold maps them before
# lower-casing, so any word or phrase the patterns could match is a substring
# of the folded sentence.
_FOLD_MAP = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_DIGIT = re.compile(r"\d")
_TOKENS = re.compile(r"\w+")
_VAGUE_CACHE: dict[int, tuple[Reference, list]] = {}


def _fold(text: str) -> str:
    return (text if text.isascii() else text.translate(_FOLD_MAP)).lower()


def _vague_patterns(ref: Reference) -> list[tuple[str, dict, re.Pattern]]:
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


def _may_have_figure(sentence: str, folded: str, ref: Reference) -> bool:
    """False only when none of the candidate patterns of :func:`find_figures` can match."""
    if _DIGIT.search(sentence):
        return True
    if any(phrase in folded for phrase, _, _ in _vague_patterns(ref)):
        return True
    return not ref.numbers.words.isdisjoint(_TOKENS.findall(folded))


_Candidate = tuple[int, int, int | None, int | None, str]  # (start, end, low, high, qualifier)


def _candidates(
    sentence: str, folded: str, ref: Reference, taken: list[tuple[int, int]]
) -> list[_Candidate]:
    """Every number-like span of the sentence, each position used once, in text order.

    Ranges ("between 20 and 30") are taken first, then "a soldier was killed", then
    vague quantities ("dozens"), then plain numbers and "10-15" ranges. ``taken`` are
    sentence-relative spans (dates) whose numbers are not counts.
    """
    cands: list[_Candidate] = []
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
    for phrase, spec, pattern in _vague_patterns(ref):
        if phrase not in folded:
            continue  # it cannot match (see _fold)
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


def _not_a_count(text: str, start: int, sentence: str, cand: _Candidate, ref: Reference) -> bool:
    """A list number ("1. Tehreek-e-Taliban"), an age, a percentage, a bare year."""
    s, e, low, _high, qualifier = cand
    if qualifier == "range" and _AGED.search(sentence, max(0, s - 12), s):
        return True  # "aged between 18 and 49"
    if qualifier != "exact":
        return False
    if s == 0 and _LIST_NUMBER.match(sentence[s:]):
        return True
    if _is_non_count(text, start + s, start + e, ref):
        return True
    return 1900 <= (low or 0) <= 2100 and _BARE_YEAR_END.match(sentence[e:]) is not None


# "all the 33 attackers", "all three": every one of a group, so also its size
_ALL_OF = re.compile(r"\ball\s+(?:of\s+)?(?:the\s+)?$", re.I)
_OTHERS = frozenset({"others", "more", "other people", "other"})


_AND_THEN = re.compile(r"\band\s+(?:later\s+|then\s+|subsequently\s+|afterwards\s+)?", re.I)
_CLAUSE_END = re.compile(r"[.;:!?\d]")


def _then_killed(after: str, ref: Reference) -> str | None:
    """ "... and later killed them", "... and martyred after checking their identities":
    the people a figure counts were also killed, said later in the same clause."""
    stop = _CLAUSE_END.search(after)
    window = after[: stop.start()] if stop else after
    for m in _AND_THEN.finditer(window):
        pred = ref.metric_patterns["killed"].match(after, m.end())
        if pred and not _COUNT_NEXT.match(after, pred.end()):
            return "killed"
    return None


_PART_OF = re.compile(r"\s+of\s+(?:the|those)\s+", re.I)
_WERE_WHO = re.compile(r"\s+(?:were|was|are|belonged\s+to)\s+(?:all\s+)?", re.I)


def _part_of(after: str, ref: Reference) -> tuple[str | None, str, int] | None:
    """A part of the dead or the injured: (its metric, who they were, where the phrase
    ends). It is a figure when it names another kind of people among the dead ("14 of the
    dead were soldiers", "six of the fatalities belonged to railway employees") or says
    what happened to them later ("two of the injured later succumbed"); else (a part in
    critical condition, a part identified by name) it is no figure (metric None)."""
    m = _PART_OF.match(after)
    if not m:
        return None
    for metric, pattern in ref.among_words.items():
        word = pattern.match(after, m.end())
        if not word:
            continue
        rest = after[word.end() :]
        later = _metric_at_start(rest, ref)
        if later and later != metric:
            return later, "", word.end()
        were = _WERE_WHO.match(rest)
        if were and metric == "killed":
            who, _ = _noun_phrase(rest[were.end() :], ref)
            if who and any(p.search(who) for p in ref.group_patterns.values()):
                return metric, who, word.end()
        return None, "", word.end()
    return None


def _last_victim_noun(before: str, ref: Reference) -> str:
    """The last word for a kind of victim in the clause before a figure ("A Frontier Corps
    soldier was martyred and two others"), for figures that only say "others"."""
    window = before[-120:]
    best = None
    for pattern in ref.group_patterns.values():
        for m in pattern.finditer(window):
            if best is None or m.end() > best.end():
                best = m
    return best.group(0) if best else ""


_BOUNDS = {
    "over": lambda n: (n + 1, None),
    "at_least": lambda n: (n, None),
    "about": lambda n: (n, n),
    "up_to": lambda n: (None, n),
}


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

    def read(self, cand: _Candidate) -> None:
        sentence, ref = self.sentence, self.ref
        s, e, low, high, qualifier = cand
        qual, qlen = (
            _qualifier_before(sentence[max(self.prev_end, s - 40) : s], ref)
            if qualifier in ("exact",)
            else ("", 0)
        )
        fig_start = s - qlen if qual and qual != "exact" else s
        if qual and qual != "exact":
            qualifier = qual
            low, high = _BOUNDS[qual](low)
        noun, noun_len = _noun_phrase(sentence[e : e + 200], ref)
        noun_end = e + noun_len
        between = sentence[self.prev_noun_end : fig_start]
        self.toll_noun = ""
        part = _part_of(sentence[e : e + 120], ref)
        if part is not None:
            # "14 of the dead were soldiers", "two of the injured later succumbed"
            metric, who, part_end = part
            noun, noun_end, inherited = who, e + part_end, False
        else:
            metric, inherited = self._metric(fig_start, noun, noun_end, between)
        noun = noun or self.toll_noun
        in_chain = bool(self.figures) and _LIST_JOIN.match(between) is not None
        if metric is None and in_chain and self.prev_metric:
            metric = self.prev_metric  # "killed four Chinese nationals and nine security personnel"
        # "three others injured", "and five injured": the same kind of people as before.
        if (not noun or noun.lower() in _OTHERS) and (self.figures or noun):
            # "three others injured", "and five injured": the same kind of people as before,
            # counted ("18 civilians ... and three others") or not ("a soldier ... two others")
            if noun:  # "two others": of the kind named before, counted or not
                noun = self.whole_noun or _last_victim_noun(sentence[:fig_start], ref) or noun
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
            then = _then_killed(sentence[noun_end : noun_end + 140], ref)
            if then:
                # "abducted nine passengers ... and later killed them": two facts of one count
                self._add(fig_start, e, low, high, qualifier, then, noun, False, False)
        self.prev_end, self.prev_noun_end = e, noun_end
        self.prev_metric = metric or self.prev_metric

    def _metric(self, fig_start: int, noun: str, noun_end: int, between: str):
        """What the figure counts, and whether it was inherited from a whole ("including")."""
        sentence, ref = self.sentence, self.ref
        after = sentence[noun_end : noun_end + 200]
        metric = _metric_at_start(after, ref, relative=False)
        inherited = False
        if metric is None and self.prev_metric and self.figures and _INCLUDING.match(between):
            metric, inherited = self.prev_metric, True
        if metric is None:
            metric, toll_noun = _toll(sentence[max(0, fig_start - 150) : fig_start], ref)
            if toll_noun and not noun:
                self.toll_noun = toll_noun
        if metric is None and _metric_from_noun(noun, ref) in ("attacks", "locations"):
            metric = _metric_from_noun(noun, ref)  # "killed in two separate operations"
        if metric is None:
            metric = _metric_before(sentence[self.prev_end : fig_start], ref)
        if metric is None:
            # "killed 30 militants who had held a train hostage": the verb before the figure
            # tells before a relative clause after it does
            metric = _metric_at_start(after, ref)
        if metric in (None, "abducted") and self._counts_attackers(fig_start, noun, noun_end):
            metric = "attackers"
        if metric is None:
            metric = _metric_from_noun(noun, ref)
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
        aside = _ASIDE.match(after)
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
    folded = _fold(sentence)
    if not _may_have_figure(sentence, folded, ref):
        return []
    taken = [(a - start, b - start) for a, b in excluded]
    walk = _FigureWalk(text, start, sentence, ref)
    for cand in _candidates(sentence, folded, ref, taken):
        if not _not_a_count(text, start, sentence, cand, ref):
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
