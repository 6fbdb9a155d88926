"""What a figure counts: the casualty words around it.

After the people counted ("were killed", "embraced martyrdom", "were among the dead",
past an aside, a relative clause or a second verb), before them ("killing 30", "the death
of 20 miners"), a running toll ("rose to eight", "bringing the tally to nine"), a part
of the dead or injured ("14 of the dead were soldiers"), or a second fact of one count
("abducted nine ... and later killed them"). The words are the lexicon's ``metrics``.
"""

from __future__ import annotations

import re

from dashlib.extraction.figure_nouns import noun_phrase
from dashlib.extraction.reference import Reference

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
    # "put the toll at 18", "put the number of personnel killed at three"
    r"|\b(?:put|puts|putting|placed|placing)\s+the\s+(?:death\s+)?"
    r"(?P<head4>toll|number|tally|count|total|figure)(?:\s+of\s+(?P<what4>[^.;:]{1,60}?))?\s+at\s*$"
    # "revised the toll from the attack to 21", "revising an earlier figure of 20"
    r"|\brevis(?:ed|ing)\s+the\s+(?:death\s+)?(?P<head3>toll|tally|count|figure)\b[^.;:]{0,90}?\bto\s*$"
    r"|\b(?:earlier|previous|initial|first|old)\s+(?:death\s+)?(?:toll|tally|count|figure)\s+of\s*$",
    re.I,
)


ASIDE = re.compile(
    # "26 people, including 18 soldiers, three railway employees and five passengers, were"
    r"^\s*,\s*(?:including|among them|among whom)\b[^.;:]{0,160}?,(?=\s*(?:were|was|have|had|are)\b)"
    # "a total of 31 people, including 23 soldiers, three railway employees and five
    # passengers had died": the list runs up to the verb
    r"|^\s*,\s*(?:including|among them|among whom)\b[^.;:]{0,160}?(?=\s(?:were|was|have|had|are)\s)"
    r"|^\s*,\s*(?:including|among them|most of them|mostly|many of them|some of them|all of them|"
    r"among whom|both|all)\b[^,.;:]{0,80},"
    # "eighteen soldiers, having fought gallantly, made the ultimate sacrifice"
    r"|^\s*,\s*having\s+[^,.;:\d]{1,60},"
    # "one fighter of the group, whom he named, was martyred"
    r"|^\s*,\s*(?:who|whom|whose)\b[^,.;:]{0,60},(?=\s*(?:were|was|have|had|are|is)\b)"
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


# the main verb after a relative clause: "three others who arrived to help them were
# wounded" ("were", then what happened to them)
_MAIN_AUX = re.compile(r"\s(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:\w+ly\s+)?", re.I)


def metric_after_relative_clause(text: str, ref: Reference) -> str | None:
    """What happened to people described by a relative clause, told by the main verb
    after it ("three others who arrived to help them were wounded"); None when the
    clause is all there is ("30 militants who had held a train hostage")."""
    rel = _RELATIVE.match(text)
    if rel is None:
        return None
    for aux in _MAIN_AUX.finditer(text, rel.start(), rel.end()):
        for metric in _PREDICATE_METRICS:
            if ref.metric_patterns[metric].match(text, aux.end()):
                return metric
    return None


# "were offloaded from a bus, shot dead": a second verb after a comma
_COMMA_CHAINED = re.compile(r"^\w+ed\b[^,.;:!?\d]{0,40}?,\s*(?=\w)", re.I)


def metric_after(text: str, ref: Reference, relative: bool = True) -> str | None:
    """A metric word at the start of ``text`` (after auxiliaries such as 'were').

    An aside between subject and verb is skipped: "five people, including two
    children, were killed"; "among the dead" says it too ("two children were among 19
    victims"); after a relative clause the last casualty word is the one that tells
    ("the five soldiers who got critically injured earlier had succumbed").
    """
    text = text.lstrip("”’\"' ")  # the end of a quoted noun: three “heavily armed terrorists” were
    aside = ASIDE.match(text)
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
    rest = rest.lstrip()  # no auxiliary: "15 soldiers fought gallantly and embraced ..."
    chained = _CHAINED_VERB.match(rest) or _COMMA_CHAINED.match(rest)
    if chained:
        then = rest[chained.end() :]
        metric = metric_after(then, ref)
        if metric and not _OBJECT_COUNT.match(then):
            return metric
    return None


# "... and killed 30 militants": the second verb has a count of its own, not ours
_OBJECT_COUNT = re.compile(r"\w+(?:\s+\w+)?\s+(?:at\s+least\s+|over\s+|about\s+)?\d", re.I)


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


def running_toll(before: str, ref: Reference) -> tuple[str | None, str]:
    """A running toll that ends right before a figure: its metric, and the noun of what it
    counts ("the number of students martyred ... has risen to" -> killed, "students")."""
    m = _TOLL.search(before)
    if not m:
        return None, ""
    what = (
        m.group("what2")
        or m.group("what4")
        or (m.group("what") if m.group("prep") == "of" else "")
        or ""
    )
    head = (m.group("head") or m.group("head2") or m.group("head4") or "toll").lower()
    metric = None
    for name in ("killed", "injured", "abducted", "hostages", "rescued"):
        if what and ref.metric_patterns[name].search(what):
            metric = name
            break
    if metric is None and head in ("number", "count", "total", "figure"):
        return None, ""  # "the number of attacks rose to 50": not a casualty count
    noun = noun_phrase(what, ref)[0] if what else ""
    return metric or "killed", noun


_ALONG = re.compile(r"\b(?:alongside|along\s+with|as\s+well\s+as|besides|and|including)\b", re.I)


def metric_before(before: str, ref: Reference) -> str | None:
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


def metric_of_noun(noun: str, ref: Reference) -> str | None:
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


_AUX_RE = re.compile(_AUX + r"\s*", re.I)


_STOP_PUNCT = re.compile(r"[.;:!?]")


_AND_THEN = re.compile(r"\band\s+(?:later\s+|then\s+|subsequently\s+|afterwards\s+)?", re.I)


_CLAUSE_END = re.compile(r"[.;:!?\d]")


def then_killed(after: str, ref: Reference) -> str | None:
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


def part_of(after: str, ref: Reference) -> tuple[str | None, str, int] | None:
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
        later = metric_after(rest, ref)
        if later and later != metric:
            return later, "", word.end()
        were = _WERE_WHO.match(rest)
        if were and metric == "killed":
            who, _ = noun_phrase(rest[were.end() :], ref)
            if who and any(p.search(who) for p in ref.group_patterns.values()):
                return metric, who, word.end()
        return None, "", word.end()
    return None
