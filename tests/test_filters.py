"""Filters: the frozen filter object, its URL/CLI forms, and apply_filters' semantics."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashlib import schemas
from dashlib.bench.synthetic import synthetic_tables
from dashlib.building.reconcile import estimates_from_claims
from dashlib.building.validate import validate_tables
from dashlib.reading import code_labels, partial_dates
from dashlib.reading.filters import (
    Filters,
    apply_filters,
    article_id_of,
    filters_from_cli,
    from_widgets,
)
from dashlib.tables import TABLE_NAMES, Tables

A1, A2, A3 = "a" + "1" * 16, "a" + "2" * 16, "a" + "3" * 16


def _claim(cid, iid, aid, ctype, lo, hi, metric="killed", group="all", published=""):
    return {
        "claim_id": cid,
        "incident_id": iid,
        "article_id": aid,
        "metric": metric,
        "victim_group": group,
        "claimant_type": ctype,
        "claimant": {"government": "the military", "insurgents": "the BLA"}.get(ctype, ""),
        "value_low": lo,
        "value_high": hi,
        "qualifier": "exact" if lo == hi else "over",
        "number_text": str(lo),
        "stance": "claim",
        "quote": "",
        "char_start": 0,
        "char_end": 0,
        "figure_start": 0,
        "figure_end": 0,
        "published": published,
        "source": "extracted",
    }


def tiny_tables() -> Tables:
    """Four incidents at day, month, year and unknown precision; three articles."""
    incidents = pd.DataFrame(
        [
            dict(
                incident_id="i_day",
                label="Hijacking, Bolan",
                date_start="2025-03-11",
                date_end="2025-03-11",
                date_precision="day",
                place="Mach",
                district="Kachhi",
                province="Balochistan",
                lat=29.86,
                lon=67.33,
                geo_precision="town",
                places_mentioned="Mach;Bolan",
                incident_type="hijacking",
                perpetrator="Baloch Liberation Army",
                target_categories="rail;security_forces",
                n_articles=2,
                n_claims=3,
                first_reported="2025-03-12",
                article_ids=f"{A1};{A2}",
                source="extracted",
            ),
            dict(
                incident_id="i_month",
                label="Ambush, Kech",
                date_start="2025-04-01",
                date_end="2025-04-30",
                date_precision="month",
                place="Turbat",
                district="Kech",
                province="Balochistan",
                lat=26.0,
                lon=63.04,
                geo_precision="town",
                places_mentioned="Turbat",
                incident_type="ambush",
                perpetrator="",
                target_categories="police",
                n_articles=1,
                n_claims=1,
                first_reported="2025-05",
                article_ids=A2,
                source="extracted",
            ),
            dict(
                incident_id="i_year",
                label="Bombing, Quetta",
                date_start="2024-01-01",
                date_end="2024-12-31",
                date_precision="year",
                place="Quetta",
                district="Quetta",
                province="Balochistan",
                lat=30.18,
                lon=66.97,
                geo_precision="town",
                places_mentioned="Quetta",
                incident_type="bombing",
                perpetrator="Balochistan Liberation Front",
                target_categories="civilians",
                n_articles=1,
                n_claims=1,
                first_reported="2024",
                article_ids=A3,
                source="extracted",
            ),
            dict(
                incident_id="i_undated",
                label="IED, place unknown",
                date_start="",
                date_end="",
                date_precision="unknown",
                place="",
                district="",
                province="",
                lat=None,
                lon=None,
                geo_precision="unknown",
                places_mentioned="",
                incident_type="ied",
                perpetrator="",
                target_categories="security_forces",
                n_articles=1,
                n_claims=1,
                first_reported="",
                article_ids=A3,
                source="extracted",
            ),
        ]
    )
    articles = pd.DataFrame(
        [
            dict(
                article_id=A1,
                file="one.txt",
                title="One",
                published="2025-03-12",
                published_precision="day",
                text="x",
                n_chars=1,
                n_claims=2,
            ),
            dict(
                article_id=A2,
                file="two.txt",
                title="Two",
                published="2025-05",
                published_precision="month",
                text="y",
                n_chars=1,
                n_claims=2,
            ),
            dict(
                article_id=A3,
                file="three.txt",
                title="",
                published="",
                published_precision="unknown",
                text="z",
                n_chars=1,
                n_claims=2,
            ),
        ]
    )
    claims = pd.DataFrame(
        [
            _claim(
                "c1", "i_day", A1, "government", 33, 33, group="insurgents", published="2025-03-12"
            ),
            _claim(
                "c2", "i_day", A1, "insurgents", 201, None, group="hostages", published="2025-03-12"
            ),
            _claim("c3", "i_day", A2, "media", 64, 64, published="2025-05"),
            _claim(
                "c4",
                "i_month",
                A2,
                "government",
                5,
                5,
                group="security_forces",
                published="2025-05",
            ),
            _claim("c5", "i_year", A3, "unspecified", 12, 12, group="civilians"),
            _claim("c6", "i_undated", A3, "insurgents", 7, 7, group="security_forces"),
        ]
    )
    targets = pd.DataFrame(
        [
            dict(
                incident_id="i_day",
                category="rail",
                article_id=A1,
                quote="",
                char_start=0,
                char_end=0,
                source="extracted",
            ),
            dict(
                incident_id="i_month",
                category="police",
                article_id=A2,
                quote="",
                char_start=0,
                char_end=0,
                source="extracted",
            ),
        ]
    )
    mentions = pd.DataFrame(
        [
            dict(incident_id=i, article_id=a, role="main", quote="", char_start=0, char_end=0)
            for i, a in [
                ("i_day", A1),
                ("i_day", A2),
                ("i_month", A2),
                ("i_year", A3),
                ("i_undated", A3),
            ]
        ]
    )
    claims_c = schemas.conform(claims, "claims")
    return Tables(
        articles=schemas.conform(articles, "articles"),
        incidents=schemas.conform(incidents, "incidents"),
        claims=claims_c,
        targets=schemas.conform(targets, "targets"),
        mentions=schemas.conform(mentions, "mentions"),
        estimates=estimates_from_claims(claims_c),
    )


@pytest.fixture(scope="module")
def tiny():
    return tiny_tables()


@pytest.fixture(scope="module")
def syn():
    return synthetic_tables(300, seed=11)


def ids(df, col="incident_id"):
    return set(df[col])


# --- the Filters object ----------------------------------------------------------------


def test_filters_are_frozen_hashable_and_normalised():
    a = Filters(places=["Quetta", "Kech", "Quetta"], claimant_types=("media", "government"))
    b = Filters(places=("Kech", "Quetta"), claimant_types=["government", "media"])
    assert a == b and hash(a) == hash(b)
    assert a.places == ("Kech", "Quetta")
    with pytest.raises(AttributeError):
        a.places = ()  # type: ignore[misc]
    assert {a: 1}[b] == 1


def test_partial_dates_widen_to_whole_months_and_years():
    f = Filters(date_from="2025", date_to="2025-02")
    assert (f.date_from, f.date_to) == ("2025-01-01", "2025-02-28")
    assert Filters(date_from=dt.date(2025, 3, 1)).date_from == "2025-03-01"


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(date_from="2025-03-01", date_to="2025-02-01"),
        dict(date_from="2025-02-30"),
        dict(date_from="March 2025"),
        dict(date_basis="published"),
        dict(claimant_types=("army",)),
        dict(target_categories=("trains",)),
    ],
)
def test_invalid_filters_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        Filters(**kwargs)


def test_describe_lists_only_active_filters():
    assert Filters().describe() == []
    text = " ".join(
        Filters(
            date_from="2025-01-01", claimant_types=("insurgents",), perpetrators=("",)
        ).describe()
    )
    assert "2025-01-01" in text and "Insurgents" in text and "Not named" in text


# --- apply_filters -----------------------------------------------------------------------


def test_no_filter_keeps_everything(tiny):
    assert apply_filters(tiny, None) is tiny
    out = apply_filters(tiny, Filters())
    for name in TABLE_NAMES:
        assert len(out.frame(name)) == len(tiny.frame(name)), name
    assert out.report["filters"]["estimates_basis"].startswith("all claims")


def test_date_range_keeps_overlapping_spans_and_undated_by_default(tiny):
    # March 15 – April 10 touches the April (month-precision) incident but not the March 11 one
    out = apply_filters(tiny, Filters(date_from="2025-03-15", date_to="2025-04-10"))
    assert ids(out.incidents) == {"i_month", "i_undated"}
    out = apply_filters(
        tiny, Filters(date_from="2025-03-15", date_to="2025-04-10", include_undated=False)
    )
    assert ids(out.incidents) == {"i_month"}
    # a year-precision incident is kept by any range touching that year
    assert "i_year" in ids(
        apply_filters(tiny, Filters(date_from="2024-12-31", date_to="2025-01-05")).incidents
    )


def test_excluding_undated_without_a_range(tiny):
    out = apply_filters(tiny, Filters(include_undated=False))
    assert ids(out.incidents) == {"i_day", "i_month", "i_year"}
    assert "i_undated" not in ids(out.claims)


def test_report_basis_filters_publication_dates(tiny):
    f = Filters(
        date_from="2025-05-01", date_to="2025-05-31", date_basis="report", include_undated=False
    )
    out = apply_filters(tiny, f)
    assert ids(out.incidents) == {"i_month"}  # first reported 2025-05
    assert ids(out.articles, "article_id") == {A2}
    assert set(out.claims["claim_id"]) == {"c4"}
    assert out.report["filters"]["estimates_basis"].startswith("recomputed")


def test_claims_follow_kept_incidents(tiny):
    out = apply_filters(tiny, Filters(incident_types=("hijacking",)))
    assert ids(out.incidents) == {"i_day"}
    assert set(out.claims["claim_id"]) == {"c1", "c2", "c3"}
    assert ids(out.estimates) == {"i_day"} and ids(out.targets) == {"i_day"}
    # articles follow the incidents when an incident filter is active
    assert ids(out.articles, "article_id") == {A1, A2}


def test_place_matches_district_place_or_any_place_mentioned(tiny):
    assert ids(apply_filters(tiny, Filters(places=("Kachhi",))).incidents) == {"i_day"}
    assert ids(apply_filters(tiny, Filters(places=("Bolan",))).incidents) == {"i_day"}
    assert ids(apply_filters(tiny, Filters(places=("Turbat", "Quetta"))).incidents) == {
        "i_month",
        "i_year",
    }


def test_target_category_matches_any_of_an_incidents_categories(tiny):
    assert ids(apply_filters(tiny, Filters(target_categories=("security_forces",))).incidents) == {
        "i_day",
        "i_undated",
    }


def test_unnamed_perpetrator_is_the_empty_string(tiny):
    assert ids(apply_filters(tiny, Filters(perpetrators=("",))).incidents) == {
        "i_month",
        "i_undated",
    }


def test_claimant_type_narrows_figures_not_incidents(tiny):
    out = apply_filters(tiny, Filters(claimant_types=("insurgents",)))
    assert len(out.incidents) == len(tiny.incidents)
    assert set(out.claims["claimant_type"]) == {"insurgents"}
    assert out.report["filters"]["estimates_basis"].startswith("recomputed")
    pd.testing.assert_frame_equal(
        out.estimates, estimates_from_claims(out.claims).reset_index(drop=True)
    )
    assert out.estimates["government_low"].isna().all()


def test_article_filter_keeps_what_the_article_reports(tiny):
    out = apply_filters(tiny, Filters(article_ids=(A1,)))
    assert ids(out.incidents) == {"i_day"}
    assert set(out.claims["claim_id"]) == {"c1", "c2"}
    assert ids(out.articles, "article_id") == {A1}
    # a file name picks the article too (the CLI accepts file names)
    assert ids(apply_filters(tiny, Filters(article_ids=("two.txt",))).articles, "article_id") == {
        A2
    }


def test_empty_tuple_matches_nothing(tiny):
    out = apply_filters(tiny, Filters(incident_types=()))
    assert all(len(out.frame(n)) == 0 for n in ("incidents", "claims", "estimates", "targets"))


def test_filters_compose_consistently_on_synthetic_data(syn):
    f = Filters(
        date_from="2025-01-01", date_to="2025-06-30", claimant_types=("government", "media")
    )
    out = apply_filters(syn, f)
    assert 0 < len(out.incidents) < len(syn.incidents)
    kept = ids(out.incidents)
    for name in ("claims", "targets", "mentions", "estimates"):
        assert ids(out.frame(name)) <= kept, name
    assert set(out.claims["claimant_type"]) <= {"government", "media"}
    assert set(out.claims["article_id"]) <= set(out.articles["article_id"])
    # every kept incident overlaps the range or is undated
    inc = out.incidents
    dated = inc["date_start"] != ""
    assert (
        (inc.loc[dated, "date_end"] >= "2025-01-01")
        & (inc.loc[dated, "date_start"] <= "2025-06-30")
    ).all()
    # the filtered bundle still validates (offsets, references, schemas)
    validate_tables(out)


# --- widgets, URL and CLI --------------------------------------------------------------------


def test_from_widgets_treats_full_span_and_empty_selections_as_no_filter():
    span = ("2024-01-01", "2026-02-02")
    f = from_widgets(
        dates=(dt.date(2024, 1, 1), dt.date(2026, 2, 2)), span=span, places=[], claimants=[]
    )
    assert f == Filters()
    f = from_widgets(
        dates=(dt.date(2025, 1, 1), dt.date(2026, 2, 2)), span=span, claimants=["media"]
    )
    assert (f.date_from, f.date_to, f.claimant_types) == ("2025-01-01", None, ("media",))
    # a range still being picked (one date) filters from that day on
    assert from_widgets(dates=(dt.date(2025, 6, 1),), span=span).date_from == "2025-06-01"


def test_query_round_trip_with_labels(tiny):
    labels = code_labels.article_labels(tiny.articles)
    f = Filters(
        date_from="2025-01-01",
        date_basis="report",
        include_undated=False,
        target_categories=("cpec_chinese",),
        perpetrators=("",),
        claimant_types=("government",),
        article_ids=(A2,),
    )
    q = f.to_query(labels)
    assert q["target"] == ["CPEC / Chinese nationals"] and q["perp"] == ["Not named"]
    assert q["article"] == [labels[A2]] and q["undated"] == "false" and q["basis"] == "Report date"
    assert Filters.from_query(q) == f
    assert Filters().to_query() == {}


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s != code_labels.NOT_NAMED)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 12, 31)),
    span=st.integers(min_value=0, max_value=400),
    basis=st.sampled_from(["incident", "report"]),
    undated=st.booleans(),
    places=st.none() | st.lists(names, min_size=1, max_size=3),
    targets=st.none()
    | st.lists(st.sampled_from(schemas.TARGET_CATEGORIES), min_size=1, max_size=3),
    claimants=st.none() | st.lists(st.sampled_from(schemas.CLAIMANT_TYPES), min_size=1, max_size=3),
    perps=st.none() | st.lists(names | st.just(""), min_size=1, max_size=2),
)
def test_query_round_trip_property(day, span, basis, undated, places, targets, claimants, perps):
    f = Filters(
        date_from=day,
        date_to=day + dt.timedelta(days=span),
        date_basis=basis,
        include_undated=undated,
        places=places,
        target_categories=targets,
        claimant_types=claimants,
        perpetrators=perps,
    )
    assert Filters.from_query(f.to_query()) == f


def test_article_id_is_found_in_a_label():
    assert article_id_of(f"Some title (2026-02-02) · {A1}") == A1
    assert article_id_of(A2) == A2


def test_filters_from_cli_accepts_codes_labels_and_comma_lists():
    f = filters_from_cli(
        {
            "date_from": "2025",
            "date_to": None,
            "basis": "report",
            "exclude_undated": True,
            "place": "Quetta, Kech",
            "target": "rail,CPEC / Chinese nationals",
            "type": None,
            "perpetrator": "Not named",
            "claimant": "Government,insurgents",
            "article": "two.txt",
        }
    )
    assert f == Filters(
        date_from="2025-01-01",
        date_basis="report",
        include_undated=False,
        places=("Kech", "Quetta"),
        target_categories=("cpec_chinese", "rail"),
        perpetrators=("",),
        claimant_types=("government", "insurgents"),
        article_ids=("two.txt",),
    )
    assert filters_from_cli({}) == Filters()
    with pytest.raises(ValueError, match="claimant"):
        filters_from_cli({"claimant": "army"})


# --- date helpers used by the filters ----------------------------------------------------------


def test_partial_date_helpers():
    s = pd.Series(["2026-02-02", "2024-02", "2025", ""], dtype="string")
    start, end = partial_dates.partial_bounds(s)
    assert list(start) == ["2026-02-02", "2024-02-01", "2025-01-01", ""]
    assert list(end) == ["2026-02-02", "2024-02-29", "2025-12-31", ""]
    assert list(partial_dates.partial_overlaps(s, "2024-02-15", "2025-03-01")) == [
        False,
        True,
        True,
        False,
    ]
    assert list(partial_dates.partial_months(s)) == ["2026-02", "2024-02", "", ""]


@settings(max_examples=60, deadline=None)
@given(
    column=st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "", "é"])), max_size=30),
    wanted=st.lists(st.one_of(st.none(), st.sampled_from(["a", "c", "", "é", "z"])), max_size=6),
)
def test_fast_isin_agrees_with_pandas_on_every_string_column_type(column, wanted):
    """Arrow-backed columns use Arrow's lookup, object columns a hash index; both answer
    like pandas' isin over the non-missing values (a missing value is never 'in')."""
    from dashlib.reading.frames import fast_isin

    expected = [v is not None and v in wanted for v in column]
    for dtype in (pd.StringDtype("pyarrow"), pd.ArrowDtype(pa.string()), pd.StringDtype("python")):
        assert fast_isin(pd.Series(column, dtype=dtype), wanted).tolist() == expected


def test_incident_labels_labels_only_the_incidents_asked_for():
    incidents = pd.DataFrame(
        {"incident_id": ["i1", "i2", "i3"], "label": ["Noshki, 2025-03-16", "Turbat", "Quetta"]},
        dtype="string[pyarrow]",
    )
    assert code_labels.incident_labels(incidents, ["i3", "i1", "i3", "missing"]) == {
        "i1": "Noshki, 2025-03-16",
        "i3": "Quetta",
    }
    assert code_labels.incident_labels(incidents, "i2") == {"i2": "Turbat"}
    assert code_labels.incident_labels(incidents, []) == {}
    assert code_labels.incident_labels(incidents.iloc[:0], ["i1"]) == {}
