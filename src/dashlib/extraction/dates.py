"""Date expressions: found in text, kept at their own precision, never filled in silently.

A :class:`DateSpan` is the earliest and latest day an expression allows, its
precision and how it was obtained (``stated`` or ``inferred: ...``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
MONTHS["sept"] = 9
MONTHS["sept."] = 9
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:19[5-9]\d|20\d\d)"
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The days an expression allows: [start, end], with precision and basis."""

    start: date | None
    end: date | None
    precision: str  # day / week / month / year / unknown
    basis: str  # "stated", "inferred: ...", "unknown"
    # "Thursday night": the day as stated, whose night may run into the next day's
    # early hours (where another report of the same attack may put it)
    night: bool = False

    @property
    def known(self) -> bool:
        return self.start is not None and self.end is not None

    def overlaps(self, other: DateSpan) -> bool:
        """True when both are known and share at least one day."""
        return self.known and other.known and self.start <= other.end and other.start <= self.end

    def intersect(self, other: DateSpan) -> DateSpan | None:
        """The common days of two known spans (the tighter one's basis kept), or None."""
        if not self.overlaps(other):
            return None
        start, end = max(self.start, other.start), min(self.end, other.end)
        tighter = self if (self.end - self.start) <= (other.end - other.start) else other
        return DateSpan(start, end, precision_for(start, end), tighter.basis)


UNKNOWN = DateSpan(None, None, "unknown", "unknown")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text, with its offsets and what it resolves to."""

    start: int
    end: int
    text: str
    span: DateSpan
    relative: bool = False


def _no_year(m: re.Match) -> DateSpan:
    """An unknown span for a date written without a year that no context supplies."""
    return DateSpan(
        None, None, "unknown", f"unknown: {m.group(0)!r} has no year and none is known from context"
    )


def precision_for(start: date, end: date) -> str:
    """Name the precision of a span by its length."""
    days = (end - start).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 62:
        return "month"
    if days <= 366:
        return "year"
    return "unknown"


def month_span(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_published(value: str) -> tuple[str, str]:
    """An article's publication date as (ISO text at its precision, precision).

    Accepts ISO dates and datetimes (``2026-02-02``, ``2026-02-02T10:00Z``),
    ``2026-02``, ``2026``, and written dates (``February 2, 2026``,
    ``2 Feb 2026``). Anything else gives ``("", "unknown")``.
    """
    s = (value or "").strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", s)
    if m:
        d = _safe_day(int(m[1]), int(m[2]), int(m[3]))
        return (d.isoformat(), "day") if d else ("", "unknown")
    m = re.match(r"^(\d{4})-(\d{2})$", s)
    if m and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{m[2]}", "month"
    m = re.match(r"^(\d{4})$", s)
    if m:
        return m[1], "year"
    for found in find_dates(s, None):
        if found.span.known and found.span.basis == "stated":
            sp = found.span
            if sp.precision == "day":
                return sp.start.isoformat(), "day"
            if sp.precision == "month":
                return sp.start.strftime("%Y-%m"), "month"
            if sp.precision == "year":
                return str(sp.start.year), "year"
    return "", "unknown"


def published_span(published: str) -> DateSpan:
    """The DateSpan of an ISO publication date at its own precision."""
    if not published:
        return UNKNOWN
    parts = [int(p) for p in published.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return DateSpan(d, d, "day", "stated")
    if len(parts) == 2:
        return DateSpan(*month_span(*parts), "month", "stated")
    return DateSpan(date(parts[0], 1, 1), date(parts[0], 12, 31), "year", "stated")


_RANGE_SEP = r"\s*(?:[-–]|and|to)\s*"
_PATTERNS = [
    # "the night of Jan 25-26", "25-26 January 2024": two days (a night spans midnight)
    (
        "mdd",
        re.compile(
            rf"\b({_MONTH_RE})\s+({_DAY_RE}){_RANGE_SEP}({_DAY_RE})\b(?:,?\s+({_YEAR_RE})\b)?"
        ),
    ),
    (
        "ddm",
        re.compile(
            rf"\b({_DAY_RE}){_RANGE_SEP}({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE})\b(?:,?\s+({_YEAR_RE})\b)?"
        ),
    ),
    # 2025-03-11
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    # March 11, 2025 / March 11 2025 / Mar. 11th, 2025
    ("mdy", re.compile(rf"\b({_MONTH_RE})\s+({_DAY_RE}),?\s+({_YEAR_RE})\b")),
    # 11 March 2025 / 11th of March, 2025
    ("dmy", re.compile(rf"\b({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE}),?\s+({_YEAR_RE})\b")),
    # March 2025 / March of 2025
    ("my", re.compile(rf"\b({_MONTH_RE})\s+(?:of\s+)?({_YEAR_RE})\b")),
    # March 16 (year from context)
    ("md", re.compile(rf"\b({_MONTH_RE})\s+({_DAY_RE})\b(?!,?\s*{_YEAR_RE})")),
    # 16 March (year from context)
    ("dm", re.compile(rf"\b({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE})\b(?!,?\s*{_YEAR_RE})")),
    # in 2025 / the 2025 hijacking / since 2019 / early 2024
    (
        "y",
        re.compile(
            rf"(?:\b(?:in|of|during|since|by|the|early|late|mid|mid-|until|from)\s+)({_YEAR_RE})\b(?![-–]\d)"
        ),
    ),
    # in March / last March (month of a year from context)
    (
        "m",
        re.compile(
            rf"\b(?i:in|since|during|early|late|mid|mid-|until|last|this)\s+({_MONTH_RE})\b(?!\s+(?:{_DAY_RE}|{_YEAR_RE})\b)"
        ),
    ),
]
_RELATIVE = [
    # "last night": the night before publication, across midnight
    (re.compile(r"\blast\s+night\b", re.I), "night", 1, 1),
    (re.compile(r"\byesterday\b", re.I), "day", 1, 1),
    (re.compile(r"\btoday\b|\bthis morning\b|\btonight\b|\bearlier today\b", re.I), "day", 0, 0),
    (
        re.compile(
            r"\b(a|one|two|three|four|five|six|\d)\s+days?\s+ago\b|\b(a|one|two|three)\s+weeks?\s+ago\b",
            re.I,
        ),
        "ago",
        None,
        None,
    ),
    (re.compile(r"\blast\s+week\b", re.I), "lastweek", 0, 0),
    (re.compile(r"\bthis\s+week\b|\bearlier this week\b", re.I), "thisweek", 0, 0),
    (re.compile(r"\b(?:past|previous)\s+week\b", re.I), "week", 7, 0),
    (re.compile(r"\blast\s+month\b", re.I), "month", -1, None),
    (re.compile(r"\blast\s+year\b", re.I), "year", -1, None),
    (re.compile(r"\bthis\s+year\b", re.I), "year", 0, None),
    (
        re.compile(
            r"\bin\s+recent\s+(?:weeks|days)\b|\bover\s+the\s+(?:past|last)\s+(?:few\s+)?(?:weeks|days)\b",
            re.I,
        ),
        "month",
        42,
        0,
    ),
    (re.compile(r"\b(?:recently|in\s+recent\s+months)\b", re.I), "month", 62, 0),
    (
        re.compile(
            r"\b(?:on\s+|last\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
            r"(\s+night)?\b",
            re.I,
        ),
        "weekday",
        None,
        None,
    ),
]


_AGO_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DIGIT = re.compile(r"\d")
# Every alternative of _MONTH_RE starts with one of these (the patterns are case-sensitive).
_MONTH_PREFIXES = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_KINDS = frozenset({"mdd", "ddm", "mdy", "dmy", "my", "md", "dm", "m"})
# "India Today", "Pakistan Today": a capitalised "Today" after a capitalised word names an outlet.
_NAMED_TODAY = re.compile(r"[A-Z][\w.]*\s+$")
# Every _RELATIVE pattern contains one of these words (matched case-insensitively).
_RELATIVE_WORDS = (
    "yesterday",
    "night",
    "today",
    "morning",
    "tonight",
    "week",
    "month",
    "year",
    "recent",
    "days",
    "ago",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# Case-insensitive matching lets four non-ASCII letters stand for ASCII ones
# (İ ı -> i, ſ -> s, Kelvin sign -> k); fold them before lower-casing.
_FOLD_MAP = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _fold(text: str) -> str:
    return (text if text.isascii() else text.translate(_FOLD_MAP)).lower()


# Most sentences hold no date: one cheap search decides whether to run the patterns.
_DATE_HINT = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"yesterday|today|tonight|this|last|past|previous|recent|earlier|ago)",
    re.I,
)


def _month(word: str) -> int:
    w = word.lower()
    return MONTHS[w] if w in MONTHS else MONTHS[w.rstrip(".")]


def _day(word: str) -> int:
    return int(re.match(r"\d+", word).group())


def _relative_span(kind: str, a, m: re.Match, pub: DateSpan) -> DateSpan:
    if not pub.known or pub.precision != "day":
        return DateSpan(
            None,
            None,
            "unknown",
            f"unknown: {m.group(0).strip()!r} needs a day-precise publication date",
        )
    p = pub.start
    how = f"inferred: {m.group(0).strip()!r} relative to publication date {p.isoformat()}"
    if kind == "weekday":
        wd = WEEKDAYS[m.group(1).lower()]
        back = (p.weekday() - wd) % 7
        if back == 0 and m.group(0).lower().startswith("last"):
            back = 7
        d = p - timedelta(days=back)
        return DateSpan(d, d, "day", how, night=bool(m.group(2)))
    if kind == "night":
        d = p - timedelta(days=a)
        return DateSpan(d, d, "day", how, night=True)
    if kind == "day":
        d = p - timedelta(days=a)
        return DateSpan(d, d, "day", how)
    if kind == "ago":  # "two days ago": that day; "a week ago": the days around it
        if m.group(1):
            d = p - timedelta(days=_AGO_NUMBERS.get(m.group(1).lower(), 0) or int(m.group(1)))
            return DateSpan(d, d, "day", how)
        weeks = _AGO_NUMBERS[m.group(2).lower()]
        return DateSpan(
            p - timedelta(days=7 * weeks + 3), p - timedelta(days=7 * weeks - 3), "week", how
        )
    if kind == "week":
        return DateSpan(p - timedelta(days=a), p, "week", how)
    if kind == "lastweek":  # the calendar week (Monday to Sunday) before the publication week
        monday = p - timedelta(days=p.weekday() + 7)
        return DateSpan(monday, monday + timedelta(days=6), "week", how)
    if kind == "thisweek":
        return DateSpan(p - timedelta(days=p.weekday()), p, "week", how)
    if kind == "month" and a > 0:
        return DateSpan(p - timedelta(days=a), p, "month", how)
    if kind == "month":
        y, mo = (p.year, p.month - 1) if p.month > 1 else (p.year - 1, 12)
        return DateSpan(*month_span(y, mo), "month", how)
    if kind == "year":
        y = p.year + a
        return DateSpan(date(y, 1, 1), date(y, 12, 31), "year", how)
    return UNKNOWN


def find_dates(
    text: str, published: DateSpan | None, context_year: int | None = None
) -> list[DateMention]:
    """Every date expression in ``text``, left to right, without overlaps.

    ``context_year`` (the latest explicit year seen earlier in the article)
    supplies the year of partial dates such as "on March 16"; failing that the
    publication year is used (the previous year if the month lies after the
    publication month). Without either, the date stays unknown.
    """
    published = published or UNKNOWN
    found: list[DateMention] = []
    if not _DATE_HINT.search(text):
        return found
    # Which groups of patterns can match at all (exact necessary conditions):
    # every written pattern but "in March" needs a digit, the month patterns
    # need a capitalised month name (they are case-sensitive), and the relative
    # ones need one of _RELATIVE_WORDS.
    digits = _DIGIT.search(text) is not None
    months = any(m in text for m in _MONTH_PREFIXES)
    relative = any(w in _fold(text) for w in _RELATIVE_WORDS)
    if not (digits or months or relative):
        return found

    used = bytearray(len(text) + 1)

    def free(s, e):
        return not any(used[s:e])

    for kind, pat in _PATTERNS:
        if (kind != "m" and not digits) or (kind in _MONTH_KINDS and not months):
            continue
        for m in pat.finditer(text):
            s, e = m.span()
            if kind == "y":
                s = m.start(1)
            if not free(s, e):
                continue
            span = _span_for(kind, m, published, context_year)
            if span is None:
                continue
            used[s:e] = b"\x01" * (e - s)
            found.append(DateMention(s, e, text[s:e], span))
    for pat, kind, a, _b in _RELATIVE if relative else ():
        for m in pat.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            if text[s:e] == "Today" and _NAMED_TODAY.search(text, max(0, s - 30), s):
                continue
            used[s:e] = b"\x01" * (e - s)
            found.append(
                DateMention(s, e, text[s:e], _relative_span(kind, a, m, published), relative=True)
            )
    return sorted(found, key=lambda d: d.start)


def _year_for(month: int, published: DateSpan, context_year: int | None) -> tuple[int | None, str]:
    if context_year:
        return context_year, f"inferred: year {context_year} from an earlier date in the article"
    if published.known:
        py = published.end.year
        year = py if month <= published.end.month else py - 1
        return year, f"inferred: year {year} from the publication date"
    return None, ""


def _span_for(
    kind: str, m: re.Match, published: DateSpan, context_year: int | None
) -> DateSpan | None:
    if kind == "iso":
        d = _safe_day(int(m[1]), int(m[2]), int(m[3]))
        return DateSpan(d, d, "day", "stated") if d else None
    if kind == "mdy":
        d = _safe_day(int(m[3]), _month(m[1]), _day(m[2]))
        return DateSpan(d, d, "day", "stated") if d else None
    if kind == "dmy":
        d = _safe_day(int(m[3]), _month(m[2]), _day(m[1]))
        return DateSpan(d, d, "day", "stated") if d else None
    if kind == "my":
        return DateSpan(*month_span(int(m[2]), _month(m[1])), "month", "stated")
    if kind == "y":
        y = int(m[1])
        return DateSpan(date(y, 1, 1), date(y, 12, 31), "year", "stated")
    if kind in ("mdd", "ddm"):
        month_word, d1, d2, y = (
            (m[1], m[2], m[3], m[4]) if kind == "mdd" else (m[3], m[1], m[2], m[4])
        )
        month = _month(month_word)
        first, last = _day(d1), _day(d2)
        if not first < last <= first + 6:
            return None
        if y:
            year, basis = int(y), "stated"
        else:
            year, basis = _year_for(month, published, context_year)
        if year is None:
            return _no_year(m)
        a, b = _safe_day(year, month, first), _safe_day(year, month, last)
        return DateSpan(a, b, precision_for(a, b), basis) if a and b else None
    if kind in ("md", "dm"):
        month_word, day_word = (m[1], m[2]) if kind == "md" else (m[2], m[1])
        month, day = _month(month_word), _day(day_word)
        year, basis = _year_for(month, published, context_year)
        if year is None:
            return _no_year(m)
        d = _safe_day(year, month, day)
        return DateSpan(d, d, "day", basis) if d else None
    if kind == "m":
        if m[1].lower() == "may":  # "in may" is too often the verb
            return None
        month = _month(m[1])
        year, basis = _year_for(month, published, context_year)
        if year is None:
            return _no_year(m)
        return DateSpan(*month_span(year, month), "month", basis)
    return None


def explicit_year(mention: DateMention) -> int | None:
    """The year a mention states outright (not inferred), for later partial dates."""
    if mention.span.known and mention.span.basis == "stated" and not mention.relative:
        return mention.span.start.year
    return None
