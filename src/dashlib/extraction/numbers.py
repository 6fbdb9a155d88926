"""Numbers in digits or words: where they stand in a sentence, and what they are worth.

The number words are vocabulary (``number_words`` in ``data/reference/lexicon.yaml``);
their values come from text2num, a maintained parser of English number words. The one
wording it does not read is the article before a scale ("a hundred", "an hundred and
fifty"), which is read as "one hundred". A run of number words that is not one number
("one two", "thousand hundred") has no value, so it never becomes a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_ARTICLE = re.compile(r"^an?\s+", re.I)


def number_value(text: str) -> int | None:
    """The value of a number in digits or English words, or None if it is not one number.

    '1,200' -> 1200, 'Eighteen' -> 18, 'twenty-five' -> 25, 'a hundred' -> 100,
    'one hundred and twenty' -> 120; 'one two' -> None.
    """
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    words = " ".join(_ARTICLE.sub("one ", t).replace("-", " ").split())
    if not words:
        return None
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class NumberPatterns:
    """The regular expressions that find numbers, built from the lexicon's number words."""

    words: frozenset[str]
    word: str  # one number word, as a regex
    number: str  # digits, or a run of number words ("one hundred and twenty", "a hundred")
    qualified: re.Pattern  # a number or a range "10-15", "ten to 15"
    between: re.Pattern  # "between 20 and 30"
    dozens: re.Pattern  # "two dozen": a number times twelve
    starts_number: re.Pattern  # a token that starts a number
    ends_number_word: re.Pattern  # text ending in a number word (or any digit)

    def is_one_number(self, token: str) -> bool:
        """Is ``token`` one number: digits ("3", "1,200") or number words joined by
        hyphens ("three", "twenty-five")?"""
        return bool(_DIGIT_TOKEN.fullmatch(token)) or all(
            part in self.words for part in token.lower().split("-")
        )


_DIGIT_TOKEN = re.compile(r"\d[\d,]*")


@lru_cache(maxsize=8)
def number_patterns(words: tuple[str, ...]) -> NumberPatterns:
    """Patterns for numbers written with ``words`` (lower-case number words) or digits."""
    vocab = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    word = r"(?:" + "|".join(re.escape(w) for w in vocab) + r")" if vocab else r"(?!x)x"
    scales = [w for w in ("hundred", "thousand") if w in vocab]
    scale = r"an?\s+(?:" + "|".join(scales) + r")|" if scales else ""
    number_words = rf"(?:{scale}{word}(?:(?:[\s-]+|\s+and\s+){word})*)"
    number = rf"(?:{DIGITS}|{number_words})"
    return NumberPatterns(
        words=frozenset(vocab),
        word=word,
        number=number,
        qualified=re.compile(
            rf"(?<![\w,.-])(?P<num>{number})(?:\s*(?:-|–|to)\s*(?P<num2>{number}))?(?![\w]|[.,]\d|-\w)",
            re.I,
        ),
        between=re.compile(rf"\bbetween\s+(?P<num>{number})\s+and\s+(?P<num2>{number})\b", re.I),
        dozens=re.compile(rf"(?<![\w,.-])(?P<num>{number})\s+dozen\b(?!s)", re.I),
        starts_number=re.compile(r"\d|" + word, re.I),
        ends_number_word=re.compile(r"\d|" + word + r"$", re.I),
    )
