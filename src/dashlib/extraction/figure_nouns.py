"""Who a figure counts: the noun phrase after a number, and the victim group it names.

The words are the lexicon's (``victim_groups``, ``all_group_nouns``); the rules say where
the noun ends: at a function word, a casualty word, a verb after the people named
("23 bus passengers offloaded"), reading through quote marks and "of"/"from" after a
word such as "members" or "people".
"""

from __future__ import annotations

import re

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
        "fighter",
        "fighters",
        "sarmachar",
        "sarmachars",
        "cadres",
        "comrades",
        "militants",
        "terrorists",
    ]
)


def noun_phrase(after: str, ref: Reference) -> tuple[str, int]:
    """Up to five words after a number, stopping at punctuation, a function word or a casualty word.

    "soldiers and police had died" keeps "soldiers and police"; "civilians and 15
    soldiers" stops before "and", which joins another figure. Quote marks are read
    through ("“over a dozen” Pakistani personnel"), and so is a short parenthesis ("Frontier
    Corps (FC) personnel"). Returns the noun and where it ends in ``after``.
    """
    words: list[str] = []
    end = 0
    lead_of = False
    tokens = [t for t in _TOKEN.finditer(after) if t.group(0) not in _QUOTE_MARKS]
    skip_to = -1
    for i, m in enumerate(tokens):
        if i <= skip_to:
            continue
        w = m.group(0).strip(_QUOTE_MARKS)
        if w == "(" and words:
            close = _closing_paren(tokens, i)
            if close is not None:
                skip_to = close  # "Frontier Corps (FC) personnel": an aside inside the noun
                continue
        if not w or not _WORDISH.match(w):
            break
        lw = w.lower()
        if lw == "of" and not words:
            lead_of = True
            continue  # "dozens of soldiers", "two of the terrorists"
        if lw in ("the", "those", "these", "them", "its", "their", "our") and not words and lead_of:
            continue  # "two of the terrorists", "ten of its fighters": who they are follows
        if lead_of and not words and ref.numbers.is_one_number(lw):
            continue  # "two of the three attackers": the whole's size, then who they are
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


def _closing_paren(tokens: list[re.Match], i: int, most: int = 4) -> int | None:
    """Where the short parenthesis opened at ``tokens[i]`` closes (at most ``most`` words
    inside), if it does."""
    for j in range(i + 1, min(len(tokens), i + most + 2)):
        t = tokens[j].group(0)
        if t == ")":
            return j if j > i + 1 else None
        if not _WORDISH.match(t):
            return None
    return None


_NAMING_PARTICIPLES = frozenset({"involved", "armed", "wanted", "unidentified", "unnamed"})


def _participle_after_noun(word: str, words: list[str], ref: Reference) -> bool:
    """ "23 bus passengers offloaded, shot dead", "30 to 40 terrorists stormed the quarters",
    "15 soldiers fought gallantly": a past verb after the people counted ends the noun
    ("heavily armed terrorists" does not: no one is named yet)."""
    past = (len(word) >= 5 and word.endswith("ed")) or word in ref.irregular_past
    if not past or word in _NAMING_PARTICIPLES or not words:
        return False
    named = " ".join(words)
    return any(p.search(named) for p in ref.group_patterns.values()) or bool(
        ref.all_group_nouns.search(named)
    )


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


# Precompiled forms of patterns that used to be compiled (or looked up) on every call.
_TOKEN = re.compile(r"[^\s,.;:!?—–()\"“”]+|[,.;:!?—–()\"“”]")


_WORDISH = re.compile(r"[\w'’&-]")


OTHERS = frozenset({"others", "more", "other people", "other"})


def last_victim_noun(before: str, ref: Reference) -> str:
    """The last word for a kind of victim in the clause before a figure ("A Frontier Corps
    soldier was martyred and two others"), for figures that only say "others"."""
    window = before[-120:]
    best = None
    for pattern in ref.group_patterns.values():
        for m in pattern.finditer(window):
            if best is None or m.end() > best.end():
                best = m
    return best.group(0) if best else ""
