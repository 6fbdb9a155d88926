"""The dashboard under Streamlit's AppTest: every page, empty states, filters and URL parameters.

The app reads its tables from ``DASHLIB_DATA_DIR`` (a build of the seed articles
made once per session into a temporary folder) or, with ``DASHLIB_SYNTHETIC``,
from invented tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashlib
from dashlib.reading import code_labels, options
from dashlib.reading.filters import Filters, apply_filters

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60

PAGES = {
    "app_pages/overview.py": "Balochistan Conflict Claims Monitor",
    "app_pages/escalation.py": "Escalation over time",
    "app_pages/reported_vs_claimed.py": "Reported vs claimed",
    "app_pages/targets.py": "Targets",
    "app_pages/map.py": "Map",
    "app_pages/evidence.py": "Evidence & sources",
    "app_pages/data_export.py": "Data & export",
}


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed_build")
    dashlib.build(ROOT / "seeds", out_dir=out)
    return out


@pytest.fixture(scope="session")
def seed_tables(seed_build):
    return dashlib.load_tables(seed_build)


@pytest.fixture
def seed_env(monkeypatch, seed_build):
    monkeypatch.delenv("DASHLIB_SYNTHETIC", raising=False)
    monkeypatch.setenv("DASHLIB_DATA_DIR", str(seed_build))
    monkeypatch.setenv("DASHLIB_ARTICLES_DIR", str(ROOT / "seeds"))


@pytest.fixture
def synthetic_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHLIB_SYNTHETIC", "150")
    monkeypatch.setenv("DASHLIB_DATA_DIR", str(tmp_path / "unused"))


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def run_page(at: AppTest, page: str) -> AppTest:
    if page != "app_pages/overview.py":
        at.switch_page(page)
    return at.run()


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.exception] + [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_seed_data(seed_env, page):
    at = run_page(app().run(), page)
    assert not errors(at), errors(at)
    assert at.title[0].value == PAGES[page]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_synthetic_data(synthetic_env, page):
    at = run_page(app().run(), page)
    assert not errors(at), errors(at)
    assert any("synthetic" in w.value for w in at.warning)


def test_first_page_shows_the_title_and_about_note(seed_env, seed_tables):
    at = app().run()
    assert at.title[0].value == "Balochistan Conflict Claims Monitor"
    about = " ".join(c.value for c in at.sidebar.caption)
    assert f"{len(seed_tables.articles)} articles" in about
    assert "claim" in about
    assert metric(at, "Figures (claims)") == f"{len(seed_tables.claims):,}"


def _empty_query(tables) -> dict:
    """Query parameters for a combination of place and incident type that matches nothing."""
    opts = options.filter_options(tables)
    for place in opts["place"]:
        for itype in opts["type"]:
            f = Filters(places=(place,), incident_types=(itype,))
            if apply_filters(tables, f).incidents.empty:
                return f.to_query()
    pytest.skip("every place/type combination matches something")


@pytest.mark.parametrize("page", PAGES)
def test_filters_matching_nothing_show_an_empty_state(seed_env, seed_tables, page):
    at = app()
    at.query_params = _empty_query(seed_tables)
    at.run()
    assert at.multiselect(key="type").value, "the URL set the filter"
    at = run_page(at, page)
    assert not errors(at), errors(at)
    assert at.info, "an empty state is shown"
    assert any("filters" in i.value for i in at.info)


def test_a_filter_change_changes_what_is_shown(synthetic_env):
    at = app().run()
    before = int(metric(at, "Figures (claims)").replace(",", ""))
    at.multiselect(key="claimant").set_value(["government"]).run()
    after = int(metric(at, "Figures (claims)").replace(",", ""))
    assert 0 < after < before
    at.date_input(key="dates").set_value((at.date_input(key="dates").value[0], "2024-06-30")).run()
    assert int(metric(at, "Figures (claims)").replace(",", "")) < after
    assert any("Filtered:" in c.value for c in at.caption)


def test_query_parameters_restore_the_filters(synthetic_env):
    from dashlib.bench.synthetic import synthetic_tables

    tables = synthetic_tables(150, seed=0)
    labels = code_labels.article_labels(tables.articles)
    f = Filters(
        date_from="2025-01-01",
        date_to="2025-12-31",
        date_basis="report",
        claimant_types=("insurgents", "media"),
        target_categories=("security_forces",),
    )
    at = app()
    at.query_params = f.to_query(labels)
    at.run()
    assert not errors(at)
    assert at.radio(key="basis").value == "report"
    assert at.multiselect(key="claimant").value == ["insurgents", "media"]
    assert at.multiselect(key="target").value == ["security_forces"]
    assert [str(d) for d in at.date_input(key="dates").value] == ["2025-01-01", "2025-12-31"]
    expected = apply_filters(tables, f)
    assert metric(at, "Figures (claims)") == f"{len(expected.claims):,}"
    assert metric(at, "Incidents") == f"{len(expected.incidents):,}"


def test_a_linked_article_outside_the_recent_list_keeps_its_filter(synthetic_env, monkeypatch):
    """The picker lists only the most recent articles; one chosen in a shared link stays."""
    from app_pages import _common
    from dashlib.bench.synthetic import synthetic_tables

    monkeypatch.setattr(_common, "MAX_ARTICLE_OPTIONS", 5)
    tables = synthetic_tables(150, seed=0)
    old = code_labels.article_order(tables.articles)[0]  # the oldest: not among the recent 5
    f = Filters(article_ids=(old,))
    at = app()
    at.query_params = f.to_query(code_labels.article_labels(tables.articles))
    at.run()
    assert not errors(at)
    assert at.multiselect(key="article").value == [old]
    assert len(at.multiselect(key="article").options) == 6
    expected = apply_filters(tables, f)
    assert metric(at, "Figures (claims)") == f"{len(expected.claims):,}"


def test_filters_persist_across_page_switches(synthetic_env):
    at = app().run()
    at.multiselect(key="claimant").set_value(["insurgents"]).run()
    at.switch_page("app_pages/data_export.py").run()
    assert at.multiselect(key="claimant").value == ["insurgents"]
    tabs = [t.label for t in at.tabs]
    assert any(t.startswith("Claims (") for t in tabs)
    at.switch_page("app_pages/overview.py").run()
    assert at.multiselect(key="claimant").value == ["insurgents"]


def test_reset_button_clears_filters(synthetic_env):
    at = app().run()
    at.multiselect(key="claimant").set_value(["media"]).run()
    at.toggle(key="undated").set_value(False).run()
    at.sidebar.button[0].click().run()
    assert at.multiselect(key="claimant").value == []
    assert at.toggle(key="undated").value is True


def test_data_page_caps_tables_and_offers_every_download(synthetic_env, monkeypatch):
    monkeypatch.setenv("DASHLIB_SYNTHETIC", "400")  # over 1,000 claims
    at = run_page(app().run(), "app_pages/data_export.py")
    assert not errors(at)
    frames = at.dataframe
    assert frames and all(len(df.value) <= 1000 for df in frames)
    assert any("Showing the first 1,000 of" in c.value for c in at.caption)
    # six tables offer "Prepare", then their download; the data dictionary downloads at once
    prepare = [b for b in at.button if (b.key or "").startswith("prepare_")]
    assert len(prepare) == 6
    assert [b.proto.label for b in at.get("download_button")] == ["Download data_dictionary.csv"]
    n_claims = next(b for b in prepare if b.key == "prepare_claims").label
    at.button(key="prepare_claims").click().run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert n_claims.replace("Prepare", "Download") in labels
    # the prepared download stays while the filters stay; another table can be added
    at.button(key="prepare_incidents").click().run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(lab.startswith("Download claims.csv (") for lab in labels)
    assert any(lab.startswith("Download incidents.csv (") for lab in labels)
    assert not errors(at)


def test_evidence_page_escapes_article_markup(monkeypatch, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "x.txt").write_text(
        "Attack on a train near Mach\n\n"
        'On March 11, 2025, militants attacked a train near Mach. <script>alert("x")</script> '
        "The military said 33 militants were killed. <img src=x onerror=alert(1)>\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("DASHLIB_SYNTHETIC", raising=False)
    monkeypatch.setenv("DASHLIB_DATA_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("DASHLIB_ARTICLES_DIR", str(articles))
    at = run_page(app().run(), "app_pages/evidence.py")
    assert not errors(at), errors(at)
    bodies = [h.proto.body for h in at.get("html")]
    text_html = next(b for b in bodies if "militants" in b)
    assert "<script>" not in text_html and "<img" not in text_html
    assert "&lt;script&gt;" in text_html and "&lt;img src=x onerror=alert(1)&gt;" in text_html


def test_add_articles_page_is_in_the_navigation(seed_env):
    at = run_page(app().run(), "app_pages/add_articles.py")
    assert not at.exception
    assert at.title[0].value == "Add articles"
