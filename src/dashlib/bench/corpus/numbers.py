"""Counts as reporters write them, for the synthetic corpus.

Digits, words ("twenty-three"), ranges ("between 4 and 6"), qualifiers ("at
least 12") and vague quantities ("dozens of"), drawn from the article's own
random stream.
"""

from __future__ import annotations

import random

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """English words for 0..999 ('twenty-three', 'one hundred and five')."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _TENS[t - 2] + ("-" + _UNITS[u] if u else "")
    h, rest = divmod(n, 100)
    return _UNITS[h] + " hundred" + (" and " + number_words(rest) if rest else "")


QUALIFIER_FORMS = (
    ("at least {n}", 5),
    ("more than {n}", 3),
    ("over {n}", 2),
    ("some {n}", 1),
    ("around {n}", 2),
    ("nearly {n}", 1),
    ("about {n}", 1),
    ("up to {n}", 1),
    ("no fewer than {n}", 1),
    ("as many as {n}", 1),
    ("an estimated {n}", 1),
    ("roughly {n}", 1),
    ("at least {n}", 2),
)


def _qualified(rng: random.Random, text: str) -> str:
    form = rng.choices([f for f, _ in QUALIFIER_FORMS], [w for _, w in QUALIFIER_FORMS])[0]
    return form.format(n=text)


def render_number(rng: random.Random, n: int, *, start: bool = False, vague: bool = True) -> str:
    """A count as a reporter might write it: digits, words, a qualifier, a range or a vague word."""
    r = rng.random()
    if vague and n >= 24 and r < 0.08:
        return rng.choice(("dozens of", "scores of", "dozens of"))
    if vague and 3 <= n <= 9 and r < 0.06:
        return rng.choice(("several", "a number of", "a few"))
    if vague and n == 12 and r < 0.3:
        return "a dozen"
    if n >= 4 and r < 0.14:
        lo = max(1, n - rng.randint(1, 3))
        return rng.choice(
            (
                f"between {lo} and {n}",
                f"{lo} to {n}",
                f"{lo}-{n}",
                f"{number_words(lo)} to {number_words(n)}",
            )
            if n < 100
            else (f"between {lo} and {n}", f"{lo} to {n}")
        )
    if start or (n < 10 and rng.random() < 0.6) or (n < 100 and rng.random() < 0.15):
        text = number_words(n)
    else:
        text = f"{n:,}" if n >= 1000 and rng.random() < 0.7 else str(n)
    if rng.random() < 0.35:
        text = _qualified(rng, text)
    return text


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s
