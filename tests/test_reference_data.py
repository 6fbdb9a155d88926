"""The reference data the extraction reads: the gazetteer is consistent, and every
spelling in it names exactly one place.

A spelling that two rows claim would make the place a report names depend on file
order; a town whose district is not itself a row could never be placed at district
level; a level outside the list would be ignored by resolution without a word.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from dashlib import paths
from dashlib.extraction.reference import load_reference

GAZETTEER = paths.REFERENCE_DIR / "gazetteer.csv"
LEVELS = {"country", "province", "division", "district", "town", "landmark", "route"}
# Box around Pakistan, Iran and Afghanistan (country rows sit at their centres)
LAT, LON = (23.0, 38.5), (44.0, 78.0)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with open(GAZETTEER, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _spellings(row: dict) -> list[str]:
    return [row["name"], *filter(None, row["variants"].split("|"))]


def test_header_and_levels(rows):
    assert list(rows[0]) == [
        "name",
        "variants",
        "level",
        "district",
        "province",
        "lat",
        "lon",
        "note",
    ]
    assert {r["level"] for r in rows} <= LEVELS
    assert len(rows) >= 300


def test_every_spelling_names_one_place(rows):
    counts = Counter(" ".join(s.lower().split()) for r in rows for s in _spellings(r))
    assert [s for s, n in counts.items() if n > 1] == []


def test_towns_and_sites_lie_in_a_district_that_is_a_row(rows):
    districts = {r["name"] for r in rows if r["level"] == "district"}
    for r in rows:
        if r["level"] in ("town", "landmark", "district") and r["province"] == "Balochistan":
            assert r["district"] in districts, (r["name"], r["district"])
        if r["level"] in ("route", "division"):
            assert r["district"] == "", r["name"]  # they span districts


def test_coordinates(rows):
    for r in rows:
        if r["level"] == "route":
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        assert LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1], r["name"]


def test_balochistan_districts_are_all_there(rows):
    districts = {
        r["name"] for r in rows if r["level"] == "district" and r["province"] == "Balochistan"
    }
    assert len(districts) >= 36


def test_the_matcher_maps_every_spelling_back_to_its_row(rows):
    ref = load_reference(str(paths.REFERENCE_DIR))
    for r in rows:
        for s in _spellings(r):
            place = ref.place(s)
            assert place is not None and place.name == r["name"], (s, place)


@pytest.mark.parametrize(
    "spelling, district",
    [("Naushki", "Noshki"), ("Nushki", "Noshki"), ("Musakhail", "Musakhel"), ("Turbat", "Kech")],
)
def test_spellings_in_real_reporting(spelling, district):
    place = load_reference(str(paths.REFERENCE_DIR)).place(spelling)
    assert place is not None and place.district == district
