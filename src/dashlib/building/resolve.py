"""Resolution: the same event reported by several articles becomes one incident.

Candidates are *blocked* (only events sharing a named target or operation, or
a month together with an event type or a district, are ever compared), so the
work grows with the number of articles, not its square. Two clusters merge
only when nothing contradicts (dates overlap or are unknown, types can describe
one event, districts agree) and something positively links them (a shared
name, or overlapping dates with the same kind of event and target or place).

Several events a day in one district are common, so the day and the district
are strong evidence only together with the same kind of event (the same type,
or compatible types with the same kind of target) and nothing that tells the
reports apart (different towns, different groups behind it). Weaker evidence,
including an undated report and the days before it was published, links only
when it is unambiguous on both sides (pass 2 of :func:`cluster_members`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from dashlib import schemas
from dashlib.building.resolve_evidence import (
    SLACK_DAYS,
    Cluster,
    Member,
    TypeRules,
    block_keys,
    cluster_of,
    compatible,
    evidence,
    linked,
    linked_precisely,
    merge_clusters,
    merged_best,
    with_best,
)
from dashlib.extraction.article_events import (
    ArticleExtraction,
    LocalIncident,
    best_type,
    claim_id,
    claim_values,
)
from dashlib.extraction.dates import UNKNOWN, DateSpan
from dashlib.extraction.reference import Place, Reference

_LEVEL_RANK = {"town": 0, "landmark": 0, "district": 1, "province": 2, "country": 3}
TYPE_LABELS = {
    "hijacking": "Hijacking",
    "bombing": "Bombing",
    "suicide_bombing": "Suicide bombing",
    "ied": "IED attack",
    "ambush": "Ambush",
    "armed_assault": "Armed attack",
    "coordinated_attacks": "Coordinated attacks",
    "takeover": "Takeover",
    "abduction": "Abduction",
    "sabotage": "Sabotage",
    "security_operation": "Security operation",
    "other": "Incident",
}
CATEGORY_LABELS = {
    "rail": "rail",
    "cpec_chinese": "CPEC/Chinese nationals",
    "security_forces": "security forces",
    "police": "police",
    "civilians": "civilians",
    "infrastructure": "infrastructure",
    "prison": "a prison",
    "mineral_transport": "mineral transport",
    "government": "government offices",
    "education": "education",
    "other": "other targets",
}
# Size of the last clustering (members, blocks, largest block, pairs compared), for
# the benchmark's check that resolution grows with the articles, not their square.
LAST_STATS: dict[str, int] = {}
MAX_BLOCK = 400  # a block larger than this is compared only within its sorted neighbourhood
_MAX_CANDIDATES = 12  # a report that fits more events than this is ambiguous whatever they are


@dataclass
class Resolved:
    """Incident-level tables before reconciliation (estimates come later)."""

    incidents: pd.DataFrame
    claims: pd.DataFrame
    targets: pd.DataFrame
    mentions: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    # pairs of incidents that may be one event, for an analyst to decide (cluster_members)
    merge_candidates: list[dict] = field(default_factory=list)

    def recount(self, published: dict[str, str]) -> Resolved:
        """Recompute each incident's counts and article list from its claims and mentions."""
        inc = self.incidents.copy()
        arts = defaultdict(set)
        for df in (self.claims, self.mentions, self.targets):
            for iid, aid in zip(df["incident_id"].tolist(), df["article_id"].tolist(), strict=True):
                arts[iid].add(aid)
        n_claims = self.claims.groupby("incident_id").size().to_dict() if len(self.claims) else {}
        ids = inc["incident_id"].tolist()
        inc["n_articles"] = [len(arts[i]) for i in ids]
        inc["n_claims"] = [n_claims.get(i, 0) for i in ids]
        inc["article_ids"] = [";".join(sorted(arts[i])) for i in ids]
        inc["first_reported"] = [
            min((published.get(a, "") for a in arts[i] if published.get(a)), default="")
            for i in ids
        ]
        return replace(self, incidents=schemas.conform(inc, "incidents"))


def _block_pairs(n: int) -> np.ndarray:
    """Positions (x, y), x < y, compared inside a block of ``n`` members, as two rows.

    A block larger than MAX_BLOCK is compared only within its sorted
    neighbourhood: y < x + 50.
    """
    if n <= MAX_BLOCK:
        x, y = np.triu_indices(n, 1)
        return np.vstack([x, y])
    x = np.repeat(np.arange(n), 49)
    y = x + np.tile(np.arange(1, 50), n)
    keep = y < n
    return np.vstack([x[keep], y[keep]])


def candidate_pairs(
    blocks: dict[str, list[int]], spans: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
) -> Iterator[tuple[int, int, int]]:
    """Every (priority, i, j) to compare, sorted and without repeats, as a stream.

    Priority 0 for a shared name, 1 otherwise. ``spans`` are the members' own
    dates (known, first day, last day as ordinals): a pair whose members both
    have a known date more than SLACK_DAYS apart is left out, because it can
    never merge. (A cluster's date lies inside the days of its dated members,
    within SLACK_DAYS of each, so such clusters can only meet through another
    pair of their members, which is compared; leaving out a pair that cannot
    merge changes nothing.)

    Pairs are packed into one int64 each (priority, i and j in 1, 31 and 31
    bits) and sorted with numpy: the order of the sorted tuples, in a fraction
    of the memory, whatever the size of the blocks.
    """
    codes = []
    for k, idx in blocks.items():
        if len(idx) < 2:
            continue
        pos = _block_pairs(len(idx))
        arr = np.asarray(idx, dtype=np.int64)
        i, j = arr[pos[0]], arr[pos[1]]
        if spans is not None:
            known, start, end = spans
            apart = (
                known[i]
                & known[j]
                & ((end[i] + SLACK_DAYS < start[j]) | (end[j] + SLACK_DAYS < start[i]))
            )
            i, j = i[~apart], j[~apart]
        prio = 0 if k.startswith("n:") else 1
        codes.append((prio << 62) | (i << 31) | j)
    if not codes:
        LAST_STATS["pairs"] = 0
        return
    uniq = np.concatenate(codes)
    del codes
    uniq.sort()
    if len(uniq) > 1:
        uniq = uniq[np.concatenate(([True], uniq[1:] != uniq[:-1]))]
    LAST_STATS["pairs"] = len(uniq)
    mask = (1 << 31) - 1
    step = 1 << 20
    for a in range(0, len(uniq), step):
        part = uniq[a : a + step]
        yield from zip(
            (part >> 62).tolist(),
            ((part >> 31) & mask).tolist(),
            (part & mask).tolist(),
            strict=True,
        )


def _member_spans(clusters: dict[int, Cluster]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(clusters)
    known = np.zeros(n, dtype=bool)
    start = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    for i, c in clusters.items():
        if c.date.known:
            known[i] = True
            start[i] = c.date.start.toordinal()
            end[i] = c.date.end.toordinal()
    return known, start, end


def incident_id(members: list[Member]) -> str:
    """The ID of the incident of ``members``: stable while its first report stays."""
    return "i" + hashlib.sha256(min(m.key for m in members).encode()).hexdigest()[:12]


class _Clustering:
    """The events being formed: a union-find over the members, each root holding the
    cluster of its members, and the two passes that join them."""

    def __init__(self, members: list[Member], rules: TypeRules):
        self.rules = rules
        self.clusters = {i: with_best(cluster_of(m), rules.order) for i, m in enumerate(members)}
        self.parent = list(range(len(members)))
        # Pass 2's candidates: root -> roots its weaker evidence links it to.
        self.candidates: dict[int, set[int]] = defaultdict(set)

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def merge(self, ri: int, rj: int) -> None:
        keep, drop = min(ri, rj), max(ri, rj)
        a, b = self.clusters[ri], self.clusters[rj]
        self.parent[drop] = keep
        order = self.rules.order
        self.clusters[keep] = with_best(merge_clusters(a, b), order, merged_best(a, b, order))
        del self.clusters[drop]

    def join_strong(self, pairs) -> list[tuple[int, int]]:
        """Pass 1: join the pairs with strong evidence (a shared name; the same day in
        the same district); return the pairs only weaker evidence links."""
        loose: list[tuple[int, int]] = []
        for _, i, j in pairs:
            ri, rj = self.find(i), self.find(j)
            if ri == rj:
                continue
            a, b = self.clusters[ri], self.clusters[rj]
            if not compatible(a, b, self.rules):
                continue
            if linked_precisely(a, b, self.rules):
                self.merge(ri, rj)
            elif linked(a, b, self.rules):
                loose.append((i, j))
        return loose

    def fits(self, x: int, y: int, one_report: bool = False) -> bool:
        a, b = self.clusters[x], self.clusters[y]
        return compatible(a, b, self.rules, one_report) and linked(a, b, self.rules)

    # Unambiguous on both sides: a report that fits two events is not guessed into
    # either, and an event is not given a report that fits another event as well.
    # Candidates that can be one event themselves (two undated reports of one
    # attack, or two mentions of it in one report) count as one, and so do two that
    # nothing tells apart when one of them gives neither a date nor a district (a
    # recap that names the district but no day fits the dated report of the attack
    # and a wire report that places it only in the province) and fits no third
    # event: a report that vague which fits several events could be any of them (at
    # 100,000 generated articles, 170 of the 382 pairs it would add were wrong).
    def ambiguous(self, ri: int) -> bool:
        cands = sorted(self.candidates[ri])
        if len(cands) > _MAX_CANDIDATES:
            return True
        return any(
            not self.can_be_one(ri, x, y) for k, x in enumerate(cands) for y in cands[k + 1 :]
        )

    def can_be_one(self, ri: int, x: int, y: int) -> bool:
        if self.fits(x, y, one_report=True):
            return True
        a, b = self.clusters[x], self.clusters[y]
        cands = self.candidates
        vague = (not (a.known or a.districts) and cands[x] <= {ri, y}) or (
            not (b.known or b.districts) and cands[y] <= {ri, x}
        )
        return vague and compatible(a, b, self.rules, one_report=True)

    def join_unambiguous(self, loose: list[tuple[int, int]]) -> int:
        """Pass 2: weaker evidence (overlapping dates with the same kind of event and
        target) joins two events only when it is unambiguous, when exactly one other
        event fits ("a bombing in March" beside three March bombings stays apart).
        Returns how many events were left apart as ambiguous."""
        for i, j in loose:
            ri, rj = self.find(i), self.find(j)
            if ri != rj and compatible(self.clusters[ri], self.clusters[rj], self.rules):
                self.candidates[ri].add(rj)
                self.candidates[rj].add(ri)
        unclear = {ri for ri in self.candidates if self.ambiguous(ri)}
        for ri in sorted(self.candidates):
            if ri in unclear:
                continue
            for rj in sorted(self.candidates[ri]):
                if rj in unclear:
                    continue
                a, b = self.find(ri), self.find(rj)
                if a != b and self.fits(a, b):
                    self.merge(a, b)
        return len(unclear)


def cluster_members(
    members: list[Member], rules: TypeRules, left_apart: list[dict] | None = None
) -> list[list[Member]]:
    """Group members into events. Deterministic: depends only on the members' content.

    ``left_apart``, when given, receives the pairs of events that weaker evidence links
    but that were kept apart because another event fits as well (see pass 2): the
    merge candidates of the build report, each with its evidence for and against.
    """
    members = sorted(members, key=lambda m: m.key)
    work = _Clustering(members, rules)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, c in work.clusters.items():
        for k in block_keys(c, rules):
            blocks[k].append(i)
    LAST_STATS.clear()
    LAST_STATS.update(
        members=len(members),
        blocks=len(blocks),
        largest_block=max((len(v) for v in blocks.values()), default=0),
        block_pairs=sum(min(len(v), MAX_BLOCK) * (len(v) - 1) // 2 for v in blocks.values()),
    )
    loose = work.join_strong(candidate_pairs(blocks, _member_spans(work.clusters)))
    LAST_STATS["ambiguous_left_apart"] = work.join_unambiguous(loose)
    if left_apart is not None:
        left_apart += _left_apart(work.candidates, work.find, work.clusters, rules)
    return [work.clusters[r].members for r in sorted(work.clusters)]


def _left_apart(candidates, find, clusters: dict[int, Cluster], rules: TypeRules) -> list[dict]:
    """The candidate pairs that stayed two events, with the evidence for and against."""
    out, seen = [], set()
    for ri in sorted(candidates):
        for rj in sorted(candidates[ri]):
            a, b = find(ri), find(rj)
            if a == b or (min(a, b), max(a, b)) in seen:
                continue
            seen.add((min(a, b), max(a, b)))
            ca, cb = clusters[a], clusters[b]
            pro, con = evidence(ca, cb, rules)
            others = len({find(x) for x in candidates[ri] | candidates[rj]} - {a, b})
            if others:
                con.append(f"{others} other event(s) fit as well")
            out.append(
                {
                    "incident_ids": sorted((incident_id(ca.members), incident_id(cb.members))),
                    "for": pro,
                    "against": con,
                }
            )
    return sorted(out, key=lambda c: c["incident_ids"])


def _best_place(places: list[Place], itype: str = "") -> tuple[Place | None, str]:
    """Most specific place the reports agree on, and its precision.

    Coordinated attacks "across Balochistan" stay at the province even when one
    of their sites is named: the event is the whole wave.
    """
    if not places:
        return None, "unknown"
    uniq = {p.name: p for p in places}
    if itype == "coordinated_attacks":
        provinces = [p for p in uniq.values() if p.level == "province"]
        if len(provinces) == 1:
            return provinces[0], "province"
    by_rank = sorted(uniq.values(), key=lambda p: (_LEVEL_RANK.get(p.level, 9), p.name))
    # a highway or a division spans districts: it places the event in none of them
    specific = [p for p in by_rank if p.level in ("town", "landmark", "district") and p.district]
    districts = {p.district for p in specific}
    if specific and len(districts) == 1:
        towns = [p for p in specific if p.level in ("town", "landmark")]
        if len(towns) == 1:
            return towns[0], "town"  # a site (a station, a port) is as precise as a town
        district_entries = [p for p in specific if p.level == "district"]
        return (district_entries[0] if district_entries else specific[0]), "district"
    provinces = {p.province for p in uniq.values() if p.province}
    if len(provinces) == 1:
        prov = [p for p in uniq.values() if p.level == "province"]
        if prov:
            return prov[0], "province"
        return Place(
            next(iter(provinces)), "province", "", next(iter(provinces)), None, None
        ), "province"
    country = [p for p in uniq.values() if p.level == "country"]
    return (country[0], "country") if country else (None, "unknown")


def _label(itype: str, named: set[str], cats: set[str], place: str, span: DateSpan) -> str:
    what = TYPE_LABELS.get(itype, "Incident")
    names = sorted(k.split(":", 1)[1] for k in named if k.startswith("target:"))
    ops = sorted(k.split(":", 1)[1].title() for k in named if k.startswith("operation:"))
    if names:
        what += f": {names[0]}"
    elif ops:
        what += f" (Operation {ops[0]})"
    elif cats:
        what += f" on {CATEGORY_LABELS.get(sorted(cats)[0], sorted(cats)[0])}"
    where = place or "place unknown"
    if span.known:
        when = (
            span.start.isoformat()
            if span.precision == "day"
            else (
                span.start.strftime("%Y-%m")
                if span.precision in ("month",) and span.start.day == 1
                else f"{span.start.isoformat()}/{span.end.isoformat()}"
            )
        )
        if span.precision == "year" and span.start == date(span.start.year, 1, 1):
            when = str(span.start.year)
    else:
        when = "date unknown"
    return f"{what}, {where}, {when}"


def incidents_of(
    events: Iterable[tuple[str, LocalIncident, int]],
    ref: Reference,
    left_apart: list[dict] | None = None,
) -> Iterator[tuple[str, list[Member], dict]]:
    """Cluster events into incidents: yields each incident's ID, members and row, in order.

    ``events`` are (article ID, event, offset of the event's first mention);
    ``left_apart`` receives the merge candidates (:func:`cluster_members`).
    The members come in the order their claims, targets and mentions are laid
    out (:func:`resolve_incidents`); the rows are the incidents table's, before
    the counts (:meth:`Resolved.recount`). Each incident's members are let go
    once the next one is asked for.
    """
    order = tuple(ref.type_order)
    rules = TypeRules(order, ref.compatible_types)
    members, seen = [], set()
    for aid, inc, first in events:
        key = f"{aid}:{first:08d}"
        if key in seen:  # a site of a wave of attacks first told in the wave's sentence
            key = f"{key}:{inc.index:04d}"
        seen.add(key)
        members.append(Member(aid, inc, key))
    del seen
    groups = cluster_members(members, rules, left_apart)
    del members
    for k, group in enumerate(groups):
        groups[k] = None
        iid = incident_id(group)
        cl = cluster_of(group[0])
        for m in group[1:]:
            cl = merge_clusters(cl, cluster_of(m))
        span = cl.date if cl.date.known else UNKNOWN
        places = [p for m in group for p, _ in m.local.places]
        hits = [t for m in group for t in m.local.type_hits]
        itype = best_type(hits, order)
        place, geo = _best_place(places, itype)
        # the group the reports name; else the name the authorities give ("Fitna al-Hindustan")
        perps = Counter(p for m in group for p in m.local.perpetrators) or Counter(
            p for m in group for p in m.local.group_labels
        )
        perpetrator = sorted(perps.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if perps else ""
        cats = set().union(*(set(m.local.targets) for m in group))
        yield (
            iid,
            group,
            {
                "incident_id": iid,
                "label": _label(itype, cl.named, cats, place.name if place else "", span),
                "date_start": span.start.isoformat() if span.known else "",
                "date_end": span.end.isoformat() if span.known else "",
                "date_precision": span.precision if span.known else "unknown",
                "date_basis": span.basis if span.known else "unknown",
                "place": place.name if place else "",
                "district": place.district if place else "",
                "province": place.province if place else "",
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "geo_precision": geo,
                "places_mentioned": ";".join(sorted({p.name for p in places})),
                "incident_type": itype,
                "perpetrator": perpetrator,
                "target_categories": ";".join(sorted(cats)),
                "source": "extracted",
            },
        )
        for m in group:
            m.single = None  # let go of the clusters (a member and its cluster point at each other)


def resolve_incidents(
    extractions: list[ArticleExtraction],
    published: dict[str, str],
    texts: dict[str, str],
    ref: Reference,
) -> Resolved:
    """Cluster every article's events into incidents and lay out the incident-level tables.

    ``published`` and ``texts`` map article IDs to publication dates and cleaned texts.
    """
    events = (
        (ex.article_id, inc, min(s for s, *_ in inc.mentions))
        for ex in extractions
        for inc in ex.incidents
    )
    inc_rows, claim_rows, target_rows, mention_rows = [], [], [], []
    left_apart: list[dict] = []
    for iid, group, row in incidents_of(events, ref, left_apart):
        inc_rows.append(row)
        for m in group:
            aid = m.article_id
            for c in m.local.claims:
                f, sent = c.figure, c.sentence
                # one tuple per row, in the schema's column order (a dict per row costs
                # several times the memory at 100,000 articles)
                claim_rows.append(
                    (
                        claim_id(aid, f),
                        iid,
                        aid,
                        *claim_values(c),
                        sent.text,
                        sent.start,
                        sent.end,
                        f.start,
                        f.end,
                        published.get(aid, ""),
                        "extracted",
                    )
                )
            for cat, (s, e) in sorted(m.local.targets.items()):
                target_rows.append((iid, cat, aid, None, s, e, "extracted"))
            for s, e, role, date_text, place_text in m.local.mentions:
                mention_rows.append((iid, aid, role, None, s, e, date_text, place_text))
    resolved = _frames(inc_rows, claim_rows, target_rows, mention_rows, published)
    return replace(attach_quotes(resolved, texts), merge_candidates=left_apart)


def _frames(inc_rows, claim_rows, target_rows, mention_rows, published) -> Resolved:
    # One table at a time, each made from object columns (schemas.conform then
    # converts each column once; letting pandas infer Arrow strings first would
    # copy every string back and forth), its rows let go as soon as it exists.
    claims = pd.DataFrame(claim_rows, columns=schemas.columns("claims"), dtype=object)
    claim_rows.clear()
    if len(claims):
        claims = claims.drop_duplicates("claim_id").sort_values(
            ["incident_id", "article_id", "figure_start", "claim_id"]
        )
    claims = schemas.conform(claims, "claims")
    targets = pd.DataFrame(target_rows, columns=schemas.columns("targets"), dtype=object)
    target_rows.clear()
    if len(targets):
        targets = targets.drop_duplicates(["incident_id", "category", "article_id"]).sort_values(
            ["incident_id", "category", "article_id"]
        )
    targets = schemas.conform(targets, "targets")
    mentions = pd.DataFrame(mention_rows, columns=schemas.columns("mentions"), dtype=object)
    mention_rows.clear()
    if len(mentions):
        mentions = mentions.drop_duplicates(
            ["incident_id", "article_id", "char_start", "char_end"]
        ).sort_values(["incident_id", "article_id", "char_start"])
    mentions = schemas.conform(mentions, "mentions")
    incidents = pd.DataFrame(inc_rows, columns=schemas.columns("incidents"), dtype=object)
    inc_rows.clear()
    if len(incidents):
        incidents = (
            incidents.assign(_k=incidents["date_start"].replace("", "9999"))
            .sort_values(["_k", "incident_id"])
            .drop(columns="_k")
        )
    resolved = Resolved(schemas.conform(incidents, "incidents"), claims, targets, mentions)
    return resolved.recount(published)


def attach_quotes(resolved: Resolved, texts: dict[str, str]) -> Resolved:
    """Fill the ``quote`` of targets and mentions from the article texts and their offsets."""
    out = {}
    for name in ("targets", "mentions"):
        df = getattr(resolved, name).copy()
        quotes = [
            texts[a][s:e]
            for a, s, e in zip(
                df["article_id"].tolist(),
                df["char_start"].tolist(),
                df["char_end"].tolist(),
                strict=True,
            )
        ]
        # The other columns are conformed already; give the new one the schema's dtype
        # (what schemas.conform would do) instead of converting every column again.
        df["quote"] = pd.Series(quotes, index=df.index, dtype=object).astype(
            schemas.dtypes(name)["quote"]
        )
        out[name] = df
    return replace(resolved, **out)
