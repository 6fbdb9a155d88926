"""The paragraphs of an article in the synthetic corpus, lead to background.

A news story opens with its dateline and lead, then each side's account, the
details of the attack, the response, reactions, context, passing mentions of
earlier events and sometimes a longer comment. An analysis piece is statistics,
comment and context around no one event. The order of the draws here is the
order of the text: changing it changes every article after the first draw.
"""

from __future__ import annotations

from dashlib.bench.corpus.attribution import (
    claim_sentence,
    denial_sentence,
    responsibility,
    rights_sentence,
    toll_update,
    witness_sentence,
)
from dashlib.bench.corpus.leads import lead
from dashlib.bench.corpus.numbers import render_number
from dashlib.bench.corpus.phrases import Phrases
from dashlib.bench.corpus.plan import Event
from dashlib.bench.corpus.sentences import (
    AGGREGATE_SENTENCES,
    ANALYSIS_BODY,
    ANALYSIS_OPENERS,
    CONDEMNATION_SENTENCES,
    CONTEXT_SENTENCES,
    DETAIL_SENTENCES,
    QUOTES,
    RESPONSE_SENTENCES,
)
from dashlib.bench.corpus.words import MONTHS, TRIGGER_NP


def article_paragraphs(ph: Phrases) -> list[list[str]]:
    """Every paragraph of the article, each a list of sentences."""
    if ph.plan.style == "analysis":
        return analysis_paragraphs(ph)
    return news_paragraphs(ph)


def news_paragraphs(ph: Phrases) -> list[list[str]]:
    """A news story about the plan's event, in the plan's style."""
    operation = ph.ev.kind == "security_operation"
    paras: list[list[str]] = [[ph.dateline() + lead(ph)]]
    second = _accounts(ph, operation)
    if second:
        paras.append(second)
    paras.append(_details(ph))
    if not operation:
        paras.append(_response(ph))
    paras += _reactions(ph, operation)
    paras += _context(ph)
    paras += [[background_sentence(ph, other)] for other in ph.plan.background]
    paras += _closing(ph, operation)
    return paras


def _accounts(ph: Phrases, operation: bool) -> list[str]:
    """The second paragraph: the sides' accounts the style calls for, in random order."""
    style, rng, ev = ph.plan.style, ph.rng, ph.ev
    second: list[str] = []
    if style == "insurgent_claim" and ev.perpetrator and not operation:
        second += [claim_sentence(ph), denial_sentence(ph)]
    elif style == "revision" and not operation:
        second.append(toll_update(ph, first=False))
    elif style == "first_report" and not operation:
        second.append(toll_update(ph, first=True))
    elif style == "rights_witness":
        second += [witness_sentence(ph), rights_sentence(ph)]
    if not operation and (rng.random() < 0.6 or not second):
        second.append(responsibility(ph))
    rng.shuffle(second)
    return second


def detail_pool(ph: Phrases) -> tuple[str, ...]:
    """The detail sentences that fit the event's kind (blast, raid, operation...)."""
    k = ph.ev.kind
    if k in ("bombing", "suicide_bombing", "ied"):
        return DETAIL_SENTENCES["blast"]
    if k == "security_operation":
        return DETAIL_SENTENCES["operation"]
    if k in ("abduction",):
        return DETAIL_SENTENCES["abduction"]
    if k == "hijacking" or ph.ev.target == "rail":
        return DETAIL_SENTENCES["rail"]
    if k == "sabotage":
        return DETAIL_SENTENCES["sabotage"]
    return DETAIL_SENTENCES["assault"]


def _details(ph: Phrases) -> list[str]:
    rng = ph.rng
    details = detail_pool(ph)
    return [ph.fill(s) for s in rng.sample(details, min(len(details), rng.randint(1, 3)))]


def _response(ph: Phrases) -> list[str]:
    """What police and rescuers did; local and official reports say a little more."""
    rng = ph.rng
    body = [ph.fill(s) for s in rng.sample(RESPONSE_SENTENCES, rng.randint(1, 3))]
    if ph.plan.style in ("local_press", "official"):
        body.append(ph.fill(rng.choice(RESPONSE_SENTENCES)))
    return body


def _reactions(ph: Phrases, operation: bool) -> list[list[str]]:
    """A quote, a late claim of responsibility, a condemnation: each by chance."""
    style, rng, ev = ph.plan.style, ph.rng, ph.ev
    paras = []
    if rng.random() < 0.45:
        paras.append([ph.fill(rng.choice(QUOTES))])
    if ev.perpetrator and not operation and style != "insurgent_claim" and rng.random() < 0.3:
        paras.append([claim_sentence(ph)])
    if rng.random() < 0.5:
        paras.append([ph.fill(rng.choice(CONDEMNATION_SENTENCES))])
    return paras


def _context(ph: Phrases) -> list[list[str]]:
    """Background on the conflict, sometimes with a statistic; wire and rights stories always."""
    rng = ph.rng
    if not (ph.plan.style in ("wire", "rights_witness") or rng.random() < 0.85):
        return []
    ctx = [ph.fill(s) for s in rng.sample(CONTEXT_SENTENCES, rng.randint(3, 7))]
    if rng.random() < 0.4:
        ctx.insert(rng.randint(0, len(ctx)), ph.fill(rng.choice(AGGREGATE_SENTENCES)))
    return _in_threes(ctx)


def _closing(ph: Phrases, operation: bool) -> list[list[str]]:
    """A witness, a last quote and, in a longer piece, more background and comment."""
    rng = ph.rng
    paras = []
    if rng.random() < 0.3 and not operation:
        paras.append([witness_sentence(ph)])
    if rng.random() < 0.3:
        paras.append([ph.fill(rng.choice(QUOTES))])
    if rng.random() < 0.2:  # a longer piece: more background and comment
        extra = [ph.fill(s) for s in rng.sample(ANALYSIS_BODY, rng.randint(3, 8))]
        extra.insert(rng.randint(0, len(extra)), ph.fill(rng.choice(QUOTES)))
        paras += _in_threes(extra)
    return paras


def _in_threes(sentences: list[str]) -> list[list[str]]:
    return [sentences[i : i + 3] for i in range(0, len(sentences), 3)]


def analysis_paragraphs(ph: Phrases) -> list[list[str]]:
    """An analysis piece: an opener, then comment, context and statistics mixed."""
    rng = ph.rng
    paras = [[ph.fill(rng.choice(ANALYSIS_OPENERS)), ph.fill(rng.choice(AGGREGATE_SENTENCES))]]
    body = [ph.fill(s) for s in rng.sample(ANALYSIS_BODY, rng.randint(5, 10))]
    body += [ph.fill(s) for s in rng.sample(CONTEXT_SENTENCES, rng.randint(2, 5))]
    body.append(ph.fill(rng.choice(QUOTES)))
    aggs = [ph.fill(s) for s in rng.sample(AGGREGATE_SENTENCES, rng.randint(1, 3))]
    mixed = body + aggs
    rng.shuffle(mixed)
    paras += _in_threes(mixed)
    for other in ph.plan.background:
        paras.insert(rng.randint(1, len(paras)), [background_sentence(ph, other)])
    paras.append([ph.fill(rng.choice(CONTEXT_SENTENCES))])
    return paras


def background_sentence(ph: Phrases, other: Event) -> str:
    """A passing mention of another (earlier) event."""
    rng = ph.rng
    d = other.day
    month = f"{MONTHS[d.month - 1]} {d.year}"
    trig = rng.choice(TRIGGER_NP[other.kind]).split(" ", 1)[-1]
    dead = other.killed_sf + other.killed_civ + other.killed_ins or other.abducted
    v = f"{render_number(rng, dead)} people" if dead else "no one"
    verb = "abducted" if other.abducted and not (other.killed_sf + other.killed_civ) else "killed"
    return rng.choice(
        (
            f"The attack was similar to the {month} {trig} in {other.place.name} that {verb} {v}.",
            f"In {month}, {v} were {verb} in {rng.choice(TRIGGER_NP[other.kind])} in {other.place.name}.",
            f"Militants have struck the area before, such as the {month} {trig} in {other.place.name}, which {verb} {v}.",
            f"In a separate incident in {month}, {v} were {verb} in {other.place.name}.",
        )
    )


def padding_paragraphs(ph: Phrases, missing: int) -> list[list[str]]:
    """Paragraphs of context, quotes, reactions and statistics, about ``missing`` characters
    in all (none if ``missing`` <= 0): what makes a wire story longer than its news."""
    rng = ph.rng
    pools = (CONTEXT_SENTENCES, QUOTES, CONDEMNATION_SENTENCES, AGGREGATE_SENTENCES, ANALYSIS_BODY)
    paras: list[list[str]] = []
    while missing > 0:
        para = [ph.fill(rng.choice(rng.choice(pools))) for _ in range(rng.randint(1, 3))]
        paras.append(para)
        missing -= sum(len(s) + 1 for s in para)
    return paras
