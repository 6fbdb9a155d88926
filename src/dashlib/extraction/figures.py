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
_AUX = r"(?:\s*(?:,|were|was|are|is|have|has|had|been|being|all|later|said to have been|believed to have been|confirmed|feared|also|\w+ly)\b)*"
_TOLL = re.compile(
    r"\b(?:death\s+)?toll\b[^.;:]{0,80}?\b(?:rose|risen|climbed|jumped|increased|reached|stood|stands|was|is|put|at)\b(?:\s+(?:to|at))?\s*$"
    r"|\bput\s+the\s+(?:death\s+)?toll\s+at\s*$",
    re.I,
)
# "A Frontier Corps soldier was martyred": one person, counted as 1.
_SINGULAR = re.compile(
    r"(?<![\w])an?\s+(?:[\w()’'-]+\s+){0,3}?(?P<noun>soldier|policeman|policewoman|officer|civilian|labourer|laborer|worker|passenger|militant|insurgent|terrorist|attacker|child|woman|man|person|journalist|teacher|student|engineer|national|levies\s+official|fc\s+official|official)\s+(?:was|has\s+been|had\s+been|is)\s+(?:\w+ly\s+)?(?=killed|martyred|shot\s+dead|injured|wounded|abducted|kidnapped|rescued)",
    re.I,
)
_INCLUDING = re.compile(
    r"^\s*,?\s*(?:including|among them|of whom|of which|among whom|among the dead|comprising)\s*$",
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


def _noun_phrase(after: str, ref: Reference) -> str:
    """Up to five words after a number, stopping at punctuation, a function word or a casualty word.

    "soldiers and police had died" keeps "soldiers and police"; "civilians and 15
    soldiers" stops before "and", which joins another figure.
    """
    words = []
    tokens = list(_TOKEN.finditer(after))
    for i, m in enumerate(tokens):
        w = m.group(0)
        if not _WORDISH.match(w):
            break
        lw = w.lower()
        if lw == "of" and not words:
            continue  # "dozens of soldiers"
        if lw == "and" and words and i + 1 < len(tokens):
            nxt = tokens[i + 1].group(0)
            if (
                not ref.numbers.starts_number.match(nxt)
                and not ref.metric_words.match(nxt)
                and nxt.lower() not in _NOUN_STOP
            ):
                words.append(w)
                continue
        if lw == "of" and words and words[-1].lower() in ("members", "member", "personnel", "crew"):
            words.append(
                w
            )  # "members of a polio team's security escort": who they are comes after "of"
            continue
        if lw in ("a", "an", "the") and words and words[-1].lower() == "of":
            continue
        if (
            lw in _NOUN_STOP
            or len(words) >= (9 if "of" in words else 5)
            or ref.casualty_words.match(after, m.start())
        ):
            break
        words.append(w)
    return " ".join(words)


_ASIDE = re.compile(
    r"^\s*,\s*(?:including|among them|most of them|mostly|many of them|some of them|all of them|"
    r"among whom|both|all)\b[^,.;:]{0,80},",
    re.I,
)


def _metric_at_start(text: str, ref: Reference) -> str | None:
    """A metric word at the start of ``text`` (after auxiliaries such as 'were').

    An aside between subject and verb is skipped: "five people, including two
    children, were killed".
    """
    aside = _ASIDE.match(text)
    if aside:
        text = text[aside.end() :]
    m = _AUX_RE.match(text)
    rest = text[m.end() :] if m else text
    for metric in ("killed", "injured", "rescued", "abducted", "hostages"):
        mm = ref.metric_patterns[metric].match(rest)
        if mm:
            return metric
    # "were offloaded from a bus and gunned down": the casualty verb after a first verb
    chained = _CHAINED_VERB.match(rest)
    if chained:
        return _metric_at_start(rest[chained.end() :], ref)
    return None


_CHAINED_VERB = re.compile(r"\w+ed\b[^,.;:!?\d]{0,40}?\band\s+(?:then\s+)?(?=\w)", re.I)


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
    if len(gap.split()) > 3 or _STOP_PUNCT.search(gap):
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
    if _NC_BEFORE.search(before):
        return True
    if _NC_PERCENT.match(after):
        return True
    if _NC_UNIT.match(after):
        return True
    m = _NC_NEXT.match(after)
    if m and ref.non_count.match(m.group(1)):
        return True
    return bool(_NC_OF.match(after))


# Precompiled forms of patterns that used to be compiled (or looked up) on every call.
_TOKEN = re.compile(r"[^\s,.;:!?—–()\"“”]+|[,.;:!?—–()\"“”]")
_WORDISH = re.compile(r"[\w'’&-]")
_AUX_RE = re.compile(_AUX + r"\s*", re.I)
_STOP_PUNCT = re.compile(r"[.;:!?]")
_NC_BEFORE = re.compile(r"(?:aged|ages?|age of|no\.|#|rs\.?|\$|€|£|pkr|usd)\s*$")
_NC_PERCENT = re.compile(r"\s*(?:%|percent|per cent|st\b|nd\b|rd\b|th\b)", re.I)
_NC_UNIT = re.compile(
    r"-(?:year|day|hour|week|month|minute|km|kilometre|kilometer|mile|storey|member)", re.I
)
_NC_NEXT = re.compile(r"\s*([\w-]+(?:\s+[\w-]+)?)")
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
# The verbs _SINGULAR looks for after "a soldier was ..."
_SINGULAR_STEMS = (
    "killed",
    "martyred",
    "shot",
    "injured",
    "wounded",
    "abducted",
    "kidnapped",
    "rescued",
)
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
    if any(stem in folded for stem in _SINGULAR_STEMS):
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
    for m in _SINGULAR.finditer(sentence):
        span = (m.start(), m.end("noun"))
        if free(*span):
            cands.append((span[0], span[1], 1, 1, "exact"))
            take(span)
    for phrase, spec, pattern in _vague_patterns(ref):
        if phrase not in folded:
            continue  # it cannot match (see _fold)
        for m in pattern.finditer(sentence):
            if _OF_THE.match(sentence[m.end() :]):
                continue  # "several of the injured": part of a group counted elsewhere
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
    if qualifier != "exact":
        return False
    if s == 0 and _LIST_NUMBER.match(sentence[s:]):
        return True
    if _is_non_count(text, start + s, start + e, ref):
        return True
    return 1900 <= (low or 0) <= 2100 and _BARE_YEAR_END.match(sentence[e:]) is not None


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
        singular = low == 1 and high == 1 and not ref.numbers.ends_number_word.match(sentence[s:e])
        noun = sentence[s:e].split()[-1] if singular else _noun_phrase(sentence[e : e + 200], ref)
        noun_end = e if singular else e + (sentence[e:].find(noun) + len(noun) if noun else 0)
        between = sentence[self.prev_noun_end : fig_start]
        metric, inherited = self._metric(fig_start, noun, noun_end, between)
        in_chain = bool(self.figures) and _LIST_JOIN.match(between) is not None
        if metric is None and in_chain and self.prev_metric:
            metric = self.prev_metric  # "killed four Chinese nationals and nine security personnel"
        # "three others injured", "and five injured": the same kind of people as before.
        if (
            self.figures
            and (not noun or noun.lower() in ("others", "more", "other people"))
            and self.whole_noun
        ):
            noun = self.whole_noun
        if not inherited:
            self.whole_noun = noun
        self._add(fig_start, e, low, high, qualifier, metric, noun, in_chain, inherited)
        self.prev_end, self.prev_noun_end = e, noun_end
        self.prev_metric = metric or self.prev_metric

    def _metric(self, fig_start: int, noun: str, noun_end: int, between: str):
        """What the figure counts, and whether it was inherited from a whole ("including")."""
        sentence, ref = self.sentence, self.ref
        metric = _metric_at_start(sentence[noun_end : noun_end + 200], ref)
        inherited = False
        if metric is None and self.prev_metric and self.figures and _INCLUDING.match(between):
            metric, inherited = self.prev_metric, True
        if metric is None and _TOLL.search(sentence[max(0, fig_start - 150) : fig_start]):
            metric = "killed"
        if metric is None:
            metric = _metric_before(sentence[self.prev_end : fig_start], ref)
        if metric is None:
            metric = _metric_from_noun(noun, ref)
        return metric, inherited

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
    for f in walk.figures:
        if not f.metric:
            continue
        if f.low is None and f.high is None:
            continue
        group = victim_group_of(f.noun, f.metric, ref)
        out.append(
            Figure(f.start, f.end, f.text, f.low, f.high, f.qualifier, f.metric, group, f.noun)
        )
    return out
