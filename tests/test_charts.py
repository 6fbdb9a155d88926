"""Chart builders and the table-shaping helpers behind them."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from test_filters import tiny_tables

from dashlib import schemas
from dashlib.bench.synthetic import synthetic_tables
from dashlib.reading import code_labels, frames, partial_dates
from dashlib.reading.filters import Filters, apply_filters
from dashlib.views import (
    chart_style,
    claim_charts,
    claim_tables,
    evidence_html,
    formatting,
    map_chart,
    place_tables,
    target_charts,
    target_tables,
    timeline_charts,
    totals,
)


@pytest.fixture(scope="module")
def tiny():
    return tiny_tables()


@pytest.fixture(scope="module")
def syn():
    return synthetic_tables(250, seed=21)


@pytest.fixture(scope="module")
def empty():
    return apply_filters(tiny_tables(), Filters(incident_types=()))


def meta(fig) -> dict:
    return dict(fig.layout.meta or {})


def all_text(fig) -> str:
    """Every string Plotly would render: hover text, tick labels, trace names, annotations."""
    return fig.to_json()


BUILDERS = {
    "monthly_incidents": lambda t: timeline_charts.monthly_incidents(t.incidents),
    "monthly_killed": lambda t: timeline_charts.monthly_killed(t.incidents, t.estimates),
    "cumulative_killed": lambda t: timeline_charts.cumulative_killed(t.incidents, t.estimates),
    "claims_range_plot": lambda t: claim_charts.claims_range_plot(
        t.claims, t.incidents, "killed", "security_forces"
    ),
    "gap_ratio_chart": lambda t: claim_charts.gap_ratio_chart(t.estimates, t.incidents),
    "targets_over_time": lambda t: target_charts.targets_over_time(t.incidents),
    "targets_by_district": lambda t: target_charts.targets_by_district(t.incidents),
    "killed_by_target": lambda t: target_charts.killed_by_target(t.incidents, t.estimates),
    "incident_map": lambda t: map_chart.incident_map(t.incidents, t.estimates),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_builder_draws_synthetic_data(name, syn):
    fig = BUILDERS[name](syn)
    assert isinstance(fig, go.Figure)
    assert len(fig.data) > 0
    assert not meta(fig).get("empty")


@pytest.mark.parametrize("name", BUILDERS)
def test_every_builder_handles_empty_frames(name, empty):
    fig = BUILDERS[name](empty)
    assert isinstance(fig, go.Figure)
    assert meta(fig).get("empty") is True
    assert len(fig.data) == 0
    assert fig.layout.annotations, "an empty chart says why it is empty"


@pytest.mark.parametrize("basis", ["incident", "report"])
def test_monthly_incidents_counts_each_placed_incident_once(syn, basis):
    fig = timeline_charts.monthly_incidents(syn.incidents, basis)
    m = meta(fig)
    bars = sum(int(np.nansum(tr.y)) for tr in fig.data)
    assert bars == m["placed"]
    assert m["placed"] + m["uncertain"] + m["unknown"] == len(syn.incidents)
    assert m["uncertain"] > 0 and m["unknown"] > 0


def test_imprecise_dates_are_never_put_in_a_month(tiny):
    fig = timeline_charts.monthly_incidents(tiny.incidents)
    m = meta(fig)
    # day (March) and month (April) incidents are placed; the year-only one is a band
    assert m["placed"] == 2 and m["uncertain"] == 1 and m["unknown"] == 1
    x = sorted(str(v)[:7] for tr in fig.data for v, y in zip(tr.x, tr.y, strict=True) if y)
    assert x == ["2025-03", "2025-04"]
    assert m["bands"] == [{"start": "2024-01-01", "end": "2024-12-31", "count": 1}]
    assert any(s.type == "rect" for s in fig.layout.shapes)
    names = {tr.name for tr in fig.data}
    assert names == {"Day or week known", "Only the month known"}


def _layers(chart) -> dict[str, pd.DataFrame]:
    """The timeline's layers by mark: 'circle' (dots) and 'rule' (spans), with their rows."""
    spec = chart.to_dict()
    out = {}
    for layer in spec["layer"]:
        mark = layer["mark"]["type"]
        values = spec["datasets"][layer["data"]["name"]]
        out[mark] = pd.DataFrame(values)
    return out


def test_timeline_draws_spans_as_bars_not_dots(tiny):
    chart = timeline_charts.incidents_timeline(tiny.incidents, tiny.estimates)
    layers = _layers(chart)
    assert len(layers["circle"]) == 1  # only the day-precision incident is a dot
    assert len(layers["rule"]) == 2  # month and year incidents span their month or year
    spans = layers["rule"].sort_values("start")
    # a year-only incident spans the whole year (its last day included), never a day
    assert spans.iloc[0][["start", "end"]].tolist() == ["2024-01-01", "2025-01-01"]
    assert chart_style.altair_meta(chart)["unknown"] == 1


def test_timeline_caps_the_number_of_incidents(syn):
    chart = timeline_charts.incidents_timeline(syn.incidents, syn.estimates, max_points=25)
    m = chart_style.altair_meta(chart)
    assert m["shown"] == 25 and m["total"] > 25
    assert sum(len(d) for d in _layers(chart).values()) == 25


def test_timeline_keeps_the_deadliest_and_sizes_dots_by_best_killed(syn):
    killed = totals.incident_totals(syn.estimates, "killed")
    frame, _ = timeline_charts.timeline_frame(syn.incidents, killed, max_points=10)
    best = killed.set_index("incident_id")["best"].astype("float64")
    dated = partial_dates.dated_frame(syn.incidents)
    dated_ids = set(dated.loc[dated["start"] != "", "incident_id"])
    cutoff = best[best.index.isin(dated_ids)].sort_values(ascending=False).iloc[9]
    assert frame["best"].min() >= cutoff
    assert (frame["size"] == frame["best"].fillna(0)).all()


def test_timeline_of_nothing_says_so(empty):
    chart = timeline_charts.incidents_timeline(empty.incidents, empty.estimates)
    assert chart_style.altair_meta(chart)["empty"] is True
    assert "No incidents match" in str(chart.to_dict())


def test_timeline_text_is_data_not_markup(tiny):
    """Vega-Lite tooltips and labels show text as text: the chart carries the label as given
    (no HTML is built from it) and nothing is marked up."""
    t = tiny.incidents.copy()
    t.loc[t.index[0], "label"] = "<img src=x onerror=alert(1)>"
    chart = timeline_charts.incidents_timeline(t, tiny.estimates)
    spec = chart.to_dict()
    assert "tooltip" in str(spec) and "<b>" not in str(spec)
    assert all(layer["mark"]["type"] in ("circle", "rule") for layer in spec["layer"])


def test_monthly_killed_bars_are_best_with_low_high_whiskers(tiny):
    fig = timeline_charts.monthly_killed(tiny.incidents, tiny.estimates)
    by_name = {tr.name: tr for tr in fig.data}
    assert set(by_name) == {"All victims", "Insurgents", "Hostages", "Security forces"}
    assert list(by_name["All victims"].y[:1]) == [64]  # March 2025: the media's 64
    assert by_name["Hostages"].marker.color == chart_style.VICTIM_COLORS["hostages"]
    assert meta(fig)["uncertain"] == 1 and meta(fig)["unknown"] == 1


def test_cumulative_killed_is_non_decreasing_with_low_le_best_le_high(syn):
    fig = timeline_charts.cumulative_killed(syn.incidents, syn.estimates)
    hi, lo, best = (np.array(tr.y, dtype=float) for tr in fig.data)
    assert (np.diff(best) >= 0).all()
    assert (lo <= best + 1e-9).all() and (best <= hi + 1e-9).all()


def test_claims_range_plot_one_colour_per_claimant_type_and_open_ended_triangles(tiny):
    fig = claim_charts.claims_range_plot(tiny.claims, tiny.incidents, "killed", "hostages")
    markers = [tr for tr in fig.data if tr.mode == "markers"]
    assert [tr.name for tr in markers] == ["Insurgents"]
    assert markers[0].marker.color == chart_style.CLAIMANT_COLORS["insurgents"]
    assert list(markers[0].marker.symbol) == ["triangle-right"]  # "over 200"
    assert list(markers[0].x) == [201]


def test_claims_range_plot_escapes_data_text(tiny):
    t = tiny_tables()
    t.incidents.loc[0, "label"] = "<script>alert(1)</script>"
    t.claims.loc[0, "quote"] = '<img src=x onerror="alert(1)">'
    fig = claim_charts.claims_range_plot(t.claims, t.incidents, "killed", "insurgents")
    text = all_text(fig)
    assert "<script>" not in text and "<img" not in text
    assert html.escape("<script>") in text


def test_gap_ratio_chart_shows_insurgent_over_government(syn):
    fig = claim_charts.gap_ratio_chart(syn.estimates, syn.incidents, max_rows=10)
    assert len(fig.data[0].x) == meta(fig)["rows"] <= 10
    assert (np.array(fig.data[0].x) > 0).all()


def test_targets_by_district_counts_once_per_category(tiny):
    fig = target_charts.targets_by_district(tiny.incidents)
    total = sum(sum(tr.x) for tr in fig.data)
    assert total == len(frames.explode_categories(tiny.incidents)) == 5
    colors = {tr.name: tr.marker.color for tr in fig.data}
    assert colors["Rail"] == chart_style.TARGET_COLORS["rail"]


def test_killed_by_target(tiny):
    fig = target_charts.killed_by_target(tiny.incidents, tiny.estimates)
    bars = dict(zip(fig.data[0].x, fig.data[0].y, strict=True))
    assert bars["Civilians"] == 12
    assert (
        bars["Rail"] == bars["Security forces"] - 7
    )  # the IED's 7 only counts for security forces


def test_map_offline_by_default_and_tiles_on_request(syn):
    offline = map_chart.incident_map(syn.incidents, syn.estimates)
    assert all(isinstance(tr, go.Scatter) for tr in offline.data)
    tiles = map_chart.incident_map(syn.incidents, syn.estimates, basemap="light")
    assert all(isinstance(tr, go.Scattermap) for tr in tiles.data)
    assert tiles.layout.map.style == "carto-positron"
    names = [tr.name for tr in offline.data]
    assert "Faded: approximate location" in names
    faded = [tr for tr in offline.data if tr.marker.opacity == 0.35 and tr.x[0] is not None]
    assert faded, "approximate places are drawn faded"
    assert meta(offline)["incidents"] == int(syn.incidents["lat"].notna().sum())
    # one point per place
    points = sum(
        len(tr.x)
        for tr in offline.data
        if tr.name not in ("District seats (reference)",) and tr.x[0] is not None
    )
    assert points == len(place_tables.map_points(syn.incidents, syn.estimates))


def test_map_points_aggregate_by_place(tiny):
    pts = place_tables.map_points(tiny.incidents, tiny.estimates)
    assert len(pts) == 3  # the undated incident has no place
    row = pts[pts["place"] == "Mach"].iloc[0]
    assert not row["approximate"] and row["category"] == "rail"
    assert row["categories"] == "Rail 1"


def test_palettes_cover_every_code():
    assert set(chart_style.CLAIMANT_COLORS) == set(schemas.CLAIMANT_TYPES)
    assert set(schemas.TARGET_CATEGORIES) <= set(chart_style.TARGET_COLORS)
    assert set(chart_style.VICTIM_COLORS) == set(schemas.VICTIM_GROUPS)


# --- views ----------------------------------------------------------------------------------


def test_incident_totals_never_hide_a_higher_group_claim(tiny):
    tot = totals.incident_totals(tiny.estimates, "killed").set_index("incident_id")
    day = tot.loc["i_day"]
    # 'all victims' says 64; the groups say 33 insurgents + over 200 hostages
    assert day["low"] == 64 and day["best"] == 64
    assert day["high"] == 33 + 201 and bool(day["high_open"])
    assert tot.loc["i_year", "basis"] == "sum of groups"


def test_headline_keeps_each_side_apart(tiny):
    h = totals.headline(tiny.estimates, tiny.claims, "killed")
    assert h["n_incidents"] == 4 and h["n_claims"] == 6
    gov_low, gov_high, gov_n, gov_open = h["sides"]["government"]
    assert (gov_low, gov_high, gov_n, gov_open) == (38, 38, 2, False)
    ins = h["sides"]["insurgents"]
    assert ins[2] == 2 and ins[3] is True
    table = totals.headline_table(tiny.estimates, tiny.claims, ["killed", "injured"])
    assert list(table["Figure"]) == ["Killed"]  # no injured figures
    assert table.loc[0, "Insurgents"].endswith("+ (2 inc.)")


@pytest.mark.parametrize(
    ("low", "high", "open_", "text"),
    [
        (30, 92, False, "30–92"),
        (33, 33, False, "33"),
        (30, None, False, "30 or more"),
        (None, 40, False, "up to 40"),
        (64, 234, True, "64–234+"),
        (None, None, False, "–"),
    ],
)
def test_fmt_range(low, high, open_, text):
    assert formatting.fmt_range(low, high, open_) == text


def test_contested_table_ranks_disagreement(syn):
    table = totals.contested_table(syn.estimates, syn.incidents, n=5)
    assert len(table) == 5
    assert table["Contested"].iloc[0]
    assert {"Government", "Insurgents", "Insurgent ÷ government"} <= set(table.columns)


def test_district_table(tiny):
    table = place_tables.district_table(tiny.incidents, tiny.estimates)
    assert table["Incidents"].sum() == 4
    assert "(no district: unknown)" in set(table["District"])


# --- evidence HTML: escaped ------------------------------------------------------------------


def _one_claim_table(text, fs, fe, qs, qe, claimant="the military"):
    return pd.DataFrame(
        [
            dict(
                claim_id="c1",
                incident_id="i1",
                article_id="a1",
                metric="killed",
                victim_group="civilians",
                claimant_type="government",
                claimant=claimant,
                relayed_by="",
                value_low=18,
                value_high=18,
                qualifier="exact",
                number_text=text[fs:fe],
                stance="claim",
                quote=text[qs:qe],
                char_start=qs,
                char_end=qe,
                figure_start=fs,
                figure_end=fe,
                published="",
                source="extracted",
            )
        ]
    )


def test_highlight_html_escapes_script_and_event_handlers():
    text = (
        'Intro <script>alert("x")</script>. Eighteen civilians died <img src=x onerror=alert(1)>.'
    )
    fs = text.index("Eighteen")
    claims = _one_claim_table(
        text, fs, fs + len("Eighteen"), fs, len(text), claimant='"><script>bad()</script>'
    )
    out = evidence_html.highlight_html(text, claims, chart_style.CLAIMANT_COLORS)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '"><script>' not in out  # the claimant in the title attribute is escaped too
    assert ">Eighteen</mark><sup" in out and "[1]" in out
    # only the tags dashlib adds
    tags = set(re.findall(r"<\s*([a-zA-Z]+)", out))
    assert tags <= {"div", "mark", "sup", "span"}


def test_highlight_html_keeps_all_text_and_ignores_bad_offsets():
    text = "A & B said 5 <b>killed</b>."
    claims = _one_claim_table(text, 11, 12, 0, len(text))
    bad = claims.assign(figure_start=500, figure_end=510, char_start=-3, char_end=2)
    for c in (claims, bad):
        out = evidence_html.highlight_html(text, c)
        plain = html.unescape(re.sub(r"<[^>]+>", "", out.replace("[1]", "")))
        assert plain == text


def test_evidence_table_numbers_match_highlights():
    text = "Five died. Ten were hurt."
    c = pd.concat(
        [_one_claim_table(text, 11, 14, 11, len(text)), _one_claim_table(text, 0, 4, 0, 10)],
        ignore_index=True,
    )
    table = evidence_html.evidence_table(c)
    assert list(table["#"]) == [1, 2] and list(table["Figure"]) == ["Five", "Ten"]
    out = evidence_html.highlight_html(text, c)
    assert out.index("[1]") < out.index("[2]")


def test_contested_table_skips_sources_that_agree():
    t = tiny_tables()
    extra = t.claims.iloc[[0]].assign(claim_id="c9", claimant_type="media", claimant="Dawn")
    claims = pd.concat([t.claims, extra], ignore_index=True)
    from dashlib.building.reconcile import estimates_from_claims

    assert totals.contested_table(estimates_from_claims(claims), t.incidents).empty
    claims.loc[claims["claim_id"] == "c9", ["value_low", "value_high"]] = 40
    table = totals.contested_table(estimates_from_claims(claims), t.incidents)
    assert list(table["Figure"]) == ["Killed – Insurgents"]
    assert list(table["Government"]) == ["33"] and list(table["Independent (media, other)"]) == [
        "40"
    ]


def test_publication_note_says_how_many_articles_are_dated():
    import pandas as pd

    from dashlib.reading import partial_dates

    arts = pd.DataFrame({"published": ["", "2026-02-02", "", "", ""]})
    assert partial_dates.publication_note(arts) == "5 articles (1 dated: 2026-02-02)"
    arts = pd.DataFrame({"published": ["2024-10", "2026-02-02"]})
    assert partial_dates.publication_note(arts) == "2 articles (all dated: 2024-10 to 2026-02-02)"
    assert (
        partial_dates.publication_note(pd.DataFrame({"published": [""]}))
        == "1 article (none states a publication date)"
    )


def test_curated_values_are_marked():
    import pandas as pd

    from dashlib import schemas

    claims = schemas.conform(
        pd.DataFrame(
            [
                {
                    "claim_id": "c1",
                    "incident_id": "i1",
                    "article_id": "a1",
                    "metric": "killed",
                    "victim_group": "all",
                    "claimant_type": "government",
                    "value_low": 31,
                    "value_high": 31,
                    "stance": "claim",
                    "number_text": "31",
                    "quote": "31 were killed.",
                    "char_start": 0,
                    "char_end": 15,
                    "figure_start": 0,
                    "figure_end": 2,
                    "source": "curated",
                },
                {
                    "claim_id": "c2",
                    "incident_id": "i1",
                    "article_id": "a1",
                    "metric": "killed",
                    "victim_group": "all",
                    "claimant_type": "insurgents",
                    "value_low": 201,
                    "value_high": None,
                    "stance": "claim",
                    "number_text": "over 200",
                    "quote": "31 were killed.",
                    "char_start": 0,
                    "char_end": 15,
                    "figure_start": 3,
                    "figure_end": 7,
                    "source": "extracted",
                },
            ]
        ),
        "claims",
    )
    assert list(claim_tables.claim_value_text(claims)) == ["31 ✎ curated", "201 or more"]
    table = evidence_html.evidence_table(claims)
    assert list(table["Source"]) == ["✎ curated", "extracted"]
    assert "✎ curated" in evidence_html.highlight_html("31 were killed.", claims)


def test_recent_articles_are_the_latest_dated_ones(syn):
    arts = syn.articles.copy()
    arts.loc[arts.index[:5], "published"] = ""  # a few undated ones, sorted last
    order = code_labels.article_order(arts)
    recent = code_labels.recent_articles(arts, order, 10)
    dated = arts[arts["published"] != ""].sort_values("published")
    assert len(recent) == 10 and set(recent) <= set(dated["article_id"])
    assert max(arts.set_index("article_id").loc[recent, "published"]) == dated["published"].max()
    assert code_labels.recent_articles(arts, order, len(order)) == order
    few = code_labels.recent_articles(arts, order, len(dated) + 2)  # undated fill what is left
    assert len(few) == len(dated) + 2


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (987, "987"), (1000, "1k"), (12_345, "12.3k"), (1_126_415, "1.13M"), (None, "–")],
)
def test_fmt_short(value, text):
    assert formatting.fmt_short(value) == text


def test_short_ranges_keep_the_open_end():
    assert formatting.fmt_range(1_126_415, 2_828_295, True, short=True) == "1.13M–2.83M+"
    assert formatting.fmt_range(128, 488, True, short=True) == "128–488+"


def test_explode_categories_equals_split_and_explode(syn):
    inc = syn.incidents.copy()
    inc.loc[inc.index[:3], "target_categories"] = ["", "rail;;police", "civilians"]
    cats = inc["target_categories"].astype("string").fillna("")
    want = pd.DataFrame(
        {"incident_id": inc["incident_id"].to_numpy(), "category": cats.str.split(";").to_numpy()}
    ).explode("category")
    want = want[want["category"].notna() & (want["category"] != "")].reset_index(drop=True)
    got = frames.explode_categories(inc)
    pd.testing.assert_frame_equal(got.astype(object), want.astype(object))
    assert frames.explode_categories(inc.iloc[:0]).empty


def test_killed_by_target_from_a_precomputed_summary_is_the_same_chart(syn):
    summary = target_tables.targets_by_category(syn.incidents, syn.estimates)
    assert (
        target_charts.killed_by_target(None, None, summary=summary).to_json()
        == target_charts.killed_by_target(syn.incidents, syn.estimates).to_json()
    )
