"""Dates keep their precision; partial and relative dates are resolved only from context."""

from datetime import date

import pytest

from dashlib.extraction.dates import find_dates, parse_published, published_span


def one(text, published="", year=None):
    found = find_dates(text, published_span(published), year)
    assert len(found) == 1, found
    s = found[0].span
    return (s.start, s.end, s.precision, s.basis.split(":")[0])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("on March 11, 2025,", (date(2025, 3, 11), date(2025, 3, 11), "day", "stated")),
        ("on 11 March 2025", (date(2025, 3, 11), date(2025, 3, 11), "day", "stated")),
        ("in October 2024", (date(2024, 10, 1), date(2024, 10, 31), "month", "stated")),
        ("the 2025 hijacking", (date(2025, 1, 1), date(2025, 12, 31), "year", "stated")),
        ("on 2025-03-11", (date(2025, 3, 11), date(2025, 3, 11), "day", "stated")),
    ],
)
def test_explicit(text, expected):
    assert one(text) == expected


def test_partial_date_takes_year_from_context():
    assert one("on March 16", year=2025) == (
        date(2025, 3, 16),
        date(2025, 3, 16),
        "day",
        "inferred",
    )


def test_partial_date_takes_year_from_publication():
    # published in February 2026: a November date is from the year before
    assert one("on November 3", "2026-02-02")[0] == date(2025, 11, 3)
    assert one("on January 30", "2026-02-02")[0] == date(2026, 1, 30)


def test_partial_date_without_context_stays_unknown():
    assert one("on March 16")[:3] == (None, None, "unknown")


@pytest.mark.parametrize(
    "text,pub,expected",
    [
        ("on Saturday", "2025-08-03", (date(2025, 8, 2), date(2025, 8, 2), "day")),
        ("yesterday", "2025-08-03", (date(2025, 8, 2), date(2025, 8, 2), "day")),
        ("last week", "2025-03-20", (date(2025, 3, 10), date(2025, 3, 16), "week")),
        ("last year", "2026-02-02", (date(2025, 1, 1), date(2025, 12, 31), "year")),
        ("last month", "2026-02-02", (date(2026, 1, 1), date(2026, 1, 31), "month")),
    ],
)
def test_relative_resolves_against_publication(text, pub, expected):
    assert one(text, pub)[:3] == expected


@pytest.mark.parametrize(
    "text,pub,day",
    [
        ("in a Thursday night assault", "2025-01-24", date(2025, 1, 23)),
        ("last night", "2025-08-03", date(2025, 8, 2)),
    ],
)
def test_a_night_keeps_its_day_and_says_it_may_run_past_midnight(text, pub, day):
    (found,) = find_dates(text, published_span(pub), None)
    assert (found.span.start, found.span.end, found.span.precision) == (day, day, "day")
    assert found.span.night
    (plain,) = find_dates("on Thursday", published_span(pub), None)
    assert not plain.span.night


def test_relative_without_publication_is_unknown():
    assert one("last year")[:3] == (None, None, "unknown")
    assert one("in recent weeks")[:3] == (None, None, "unknown")


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-02-02", ("2026-02-02", "day")),
        ("2026-02-02T10:00:00Z", ("2026-02-02", "day")),
        ("2026-02", ("2026-02", "month")),
        ("2026", ("2026", "year")),
        ("February 2, 2026", ("2026-02-02", "day")),
        ("sometime", ("", "unknown")),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected
