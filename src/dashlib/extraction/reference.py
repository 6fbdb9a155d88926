"""Reference data from ``data/reference/``: gazetteer, actors, named targets, lexicon.

Loaded once per folder and compiled into regular expressions, so the rules in
:mod:`dashlib.extraction.events` stay general and the vocabulary stays editable data.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dashlib.extraction.numbers import number_patterns


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    level: str  # town / district / province / country
    district: str
    province: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    claimant_type: str
    role: str  # armed_group, spokesperson, generic, military, police, officials, outlet, ...
    parent: str


@dataclass(frozen=True, slots=True)
class NamedTarget:
    name: str
    category: str
    kind: str


def _phrase_pattern(phrase: str) -> str:
    """Regex for one lexicon phrase: whole words, flexible spaces, '*' = any ending."""
    phrase = phrase.strip().lower()
    star = phrase.endswith("*")
    core = phrase.rstrip("*")
    body = r"\s+".join(re.escape(w) for w in core.split())
    body = body.replace(r"\-", r"[-\s]?")
    tail = r"[\w'’-]*" if star else ""
    lead = r"(?<![\w])" if core[:1].isalnum() else ""
    end = r"(?![\w])" if (star or core[-1:].isalnum()) else ""
    return f"{lead}{body}{tail}{end}"


_TRIE_CHAR = {" ": r"\s+", "-": r"[-\s]?", "*": r"[\w'’-]*"}


def _trie_body(phrases: list[str]) -> str:
    """One regex for many phrases as a character trie, so matching costs one pass.

    Python's ``re`` tries every alternative of ``a|b|c`` at every position; a trie
    shares prefixes. Optional continuations are greedy, so the longest phrase
    wins, as with the longest-first alternation it replaces.
    """
    trie: dict = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        # Literal continuations first and "any ending" last, so the longest phrase wins.
        keys = sorted((k for k in node if k), key=lambda k: (k == "*", k))
        alts = [(_TRIE_CHAR.get(ch) or re.escape(ch)) + build(node[ch]) for ch in keys]
        if not alts:
            return ""
        body = (
            alts[0]
            if len(alts) == 1 and not alts[0].endswith("*")
            else "(?:" + "|".join(alts) + ")"
        )
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def compile_phrases(phrases) -> re.Pattern:
    """One case-insensitive regex matching any of ``phrases`` as whole words.

    A trailing ``*`` matches any word ending; spaces match any white space and a
    hyphen may also be written as a space or left out.
    """
    uniq = sorted({" ".join(p.strip().lower().split()) for p in phrases if p and p.strip()})
    if not uniq:
        return re.compile(r"(?!x)x")
    # Whole-word phrases share one trie; the rare phrase that starts or ends with
    # a symbol ("%") keeps its own pattern without the word boundary there.
    words = [p for p in uniq if p[0].isalnum() and (p[-1].isalnum() or p[-1] == "*")]
    others = [p for p in uniq if p not in words]
    parts = []
    if words:
        parts.append(r"(?<![\w])" + _trie_body(words) + r"(?![\w])")
    parts += [_phrase_pattern(p) for p in sorted(others, key=lambda p: (-len(p), p))]
    return re.compile("|".join(parts), re.I)


def _name_pattern(
    names: list[str], case_sensitive_short: bool = True, allow_the: bool = False
) -> re.Pattern:
    """Regex for proper names (a character trie); short all-caps acronyms (BLA, FC, AP) must match case.

    With ``allow_the`` a leading "the", "a" or "an" is part of the match ("the military").
    """
    names = sorted({" ".join(n.split()) for n in names if n.strip()})
    acronyms = [n for n in names if case_sensitive_short and n.isupper() and len(n) <= 5]
    others = [n.lower() for n in names if n not in acronyms]
    parts = []
    if others:
        parts.append(_trie_body(others).replace(r"[\w'’-]*", ""))
    if acronyms:
        parts.append(
            "(?-i:"
            + "|".join(re.escape(a) for a in sorted(acronyms, key=lambda a: (-len(a), a)))
            + ")"
        )
    lead = r"(?:(?:the|a|an)\s+)?" if allow_the else ""
    return re.compile(r"(?<![\w])" + lead + "(?:" + "|".join(parts) + r")(?![\w])", re.I)


class Reference:
    """All reference data of one folder, with compiled matchers."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.lexicon = yaml.safe_load((self.folder / "lexicon.yaml").read_text("utf-8"))
        self._load_places()
        self._load_actors()
        self.speaker_rows = self._speaker_rows()
        self.names_with_digits = self._names_with_digits()
        self._load_targets()
        lx = self.lexicon
        self.type_patterns = {t: compile_phrases(ws) for t, ws in lx["incident_types"].items()}
        self.type_order = list(lx["incident_types"])
        self.target_patterns = {c: compile_phrases(ws) for c, ws in lx["target_categories"].items()}
        self.group_patterns = {g: compile_phrases(ws) for g, ws in lx["victim_groups"].items()}
        self.all_group_nouns = compile_phrases(lx["all_group_nouns"])
        self.metric_patterns = {m: compile_phrases(ws) for m, ws in lx["metrics"].items()}
        self.numbers = number_patterns(tuple(lx.get("number_words") or ()))
        self.vague = {k.lower(): v for k, v in lx["vague_quantities"].items()}
        self.qualifier_words = {
            q: [w.lower() for w in ws] for q, ws in lx["qualifier_words"].items()
        }
        self.attribution_verbs = compile_phrases(lx["attribution_verbs"])
        self.denial_verbs = compile_phrases(lx["denial_verbs"])
        self.aggregate_cues = compile_phrases(lx["aggregate_cues"])
        self.perfect_cues = compile_phrases(lx.get("perfect_cues") or [])
        self.new_event_cues = compile_phrases(lx["new_event_cues"])
        self.weak_new_event_cues = compile_phrases(lx.get("weak_new_event_cues", []))
        self.hypothetical_cues = compile_phrases(lx.get("hypothetical_cues", []))
        # Verb-like casualty words ("killed", "shot dead", "lost their lives") end a
        # counted noun phrase; nouns such as "deaths" or "hostages" belong to it.
        enders = tuple(w.lower() for w in lx.get("noun_phrase_enders") or ())
        self.irregular_past = frozenset(w.lower() for w in lx.get("irregular_past_verbs") or ())
        self.casualty_words = compile_phrases(
            [
                w
                for m in ("killed", "injured", "rescued", "abducted")
                for w in lx["metrics"][m]
                if w.endswith(("ed", "dead", "hurt", "died")) or w.split()[0] in enders
            ]
        )
        self.among_words = {
            m: compile_phrases(ws) for m, ws in (lx.get("among_words") or {}).items()
        }
        self.attack_predicates = compile_phrases(lx.get("attack_predicates") or [])
        self.group_size_cues = compile_phrases(lx.get("group_size_cues") or [])
        self.metric_words = compile_phrases([w for ws in lx["metrics"].values() for w in ws])
        self.background_cues = compile_phrases(lx["background_cues"])
        self.compatible_types = frozenset(
            frozenset(pair) for pair in lx.get("compatible_types") or [] if len(pair) == 2
        )
        # kinds one report may give one event's details (compatible kinds and more)
        self.same_report_types = self.compatible_types | frozenset(
            frozenset(pair) for pair in lx.get("same_report_types") or [] if len(pair) == 2
        )
        past = lx.get("past_event_cues") or {}
        self.past_event_cues = compile_phrases(list(past))
        # days the recalled event can lie before the one in focus, by cue (0: not said)
        self.past_event_days = {" ".join(k.lower().split()): int(v or 0) for k, v in past.items()}
        self.anaphora = compile_phrases(lx["anaphora"])
        self.toll_confirmations = compile_phrases(lx.get("toll_confirmations") or [])
        self.negations = compile_phrases(lx.get("negations") or [])
        self.non_count = compile_phrases(lx["non_count_context"])
        self.any_trigger = compile_phrases([w for ws in lx["incident_types"].values() for w in ws])

    def _load_places(self):
        self.places: dict[str, Place] = {}
        variants: dict[str, str] = {}
        surfaces: list[str] = []  # as written, so that acronyms keep their case
        with open(self.folder / "gazetteer.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                lat = float(row["lat"]) if row["lat"] else None
                lon = float(row["lon"]) if row["lon"] else None
                place = Place(row["name"], row["level"], row["district"], row["province"], lat, lon)
                self.places[row["name"]] = place
                for v in [row["name"], *filter(None, row["variants"].split("|"))]:
                    variants[v.lower()] = row["name"]
                    surfaces.append(v)
        self.place_variants = variants
        self.place_pattern = _name_pattern(surfaces, case_sensitive_short=True)

    def _load_actors(self):
        self.actors: dict[str, Actor] = {}
        variants: dict[str, str] = {}
        surfaces: dict[str, str] = {}  # as written -> actor name
        with open(self.folder / "actors.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                actor = Actor(row["name"], row["claimant_type"], row["role"], row["parent"])
                self.actors[row["name"]] = actor
                for v in [row["name"], *filter(None, row["variants"].split("|"))]:
                    variants.setdefault(v.lower(), row["name"])
                    surfaces.setdefault(v, row["name"])
        self.actor_variants = variants
        self.actor_pattern = _name_pattern([*surfaces], allow_the=True)
        self.outlet_variants = {
            v: n for v, n in variants.items() if self.actors[n].role == "outlet"
        }
        self.outlet_pattern = _name_pattern(
            [v for v, n in surfaces.items() if self.actors[n].role == "outlet"]
        )
        groups = [
            v for v, n in surfaces.items() if self.actors[n].role in ("armed_group", "spokesperson")
        ]
        self.armed_group_pattern = _name_pattern(groups)
        # Names an authority gives several groups at once ("Fitna al-Hindustan"): they say
        # who the authority blames, not which group it was.
        labels = [v for v, n in surfaces.items() if self.actors[n].role == "group_label"]
        self.group_label_pattern = _name_pattern(labels)

    def _speaker_rows(self) -> list[dict[str, str]]:
        """The rows of ``speakers.csv`` (words for speakers and their kind of source;
        none when the folder has no such file), read once for every use."""
        path = self.folder / "speakers.csv"
        if not path.is_file():
            return []
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def _names_with_digits(self) -> re.Pattern:
        """Names in the reference data that hold a number ("Rescue 1122"): the number in
        them counts nobody."""
        names = [v for v in self.actor_variants if any(ch.isdigit() for ch in v)]
        names += [r["phrase"] for r in self.speaker_rows if any(c.isdigit() for c in r["phrase"])]
        return compile_phrases(names)

    def _load_targets(self):
        self.named_targets: dict[str, NamedTarget] = {}
        variants: dict[str, str] = {}
        surfaces: list[str] = []
        with open(self.folder / "named_targets.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                self.named_targets[row["name"]] = NamedTarget(
                    row["name"], row["category"], row["kind"]
                )
                for v in [row["name"], *filter(None, row["variants"].split("|"))]:
                    variants[v.lower()] = row["name"]
                    surfaces.append(v)
        self.named_target_variants = variants
        self.named_target_pattern = _name_pattern(surfaces)

    # -- lookups -----------------------------------------------------------
    def place(self, surface: str) -> Place | None:
        """The gazetteer entry for a place name as written (any spelling variant)."""
        name = self.place_variants.get(" ".join(surface.lower().split()))
        return self.places.get(name) if name else None

    def actor(self, surface: str) -> Actor | None:
        """The actor entry for a name as written."""
        key = " ".join(surface.lower().split())
        name = self.actor_variants.get(key) or self.actor_variants.get(
            re.sub(r"^(?:the|a|an) ", "", key)
        )
        return self.actors.get(name) if name else None

    def outlet_named(self, line: str) -> str | None:
        """Canonical outlet name if ``line`` is exactly an outlet's name."""
        name = self.outlet_variants.get(" ".join(line.lower().split()))
        return name

    def armed_group(self, name: str) -> str:
        """Top-level group of an armed group or its unit (Majeed Brigade -> Baloch Liberation Army)."""
        actor = self.actors.get(name)
        while actor and actor.parent:
            actor = self.actors.get(actor.parent)
        return actor.name if actor else name


@lru_cache(maxsize=8)
def load_reference(folder: str | Path) -> Reference:
    """Load (once per folder) the reference data in ``folder``."""
    return Reference(Path(folder))
