"""The reported-versus-claimed page sets both sides of one attack side by side.

Three reports of one attack, written for the project in its own words
(``tests/fixtures/resolution/articles/spelling_*``): a wire report, an official
statement as a daily relays it, and the armed group's claim published a day later,
each spelling the place its own way, plus a report of another attack that day. The
build joins the three into one incident; in headless Chromium the page's "Both sides,
side by side" table shows the government's and the group's figures for that incident,
each with its quote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import ROOT, assert_healthy, streamlit_on, wait_for_app

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "fixtures" / "resolution" / "articles"
REPORTS = (
    "spelling_a_wire.txt",
    "spelling_b_daily.txt",
    "spelling_c_claim.txt",
    "spelling_d_daily.txt",
)


@pytest.fixture(scope="module")
def one_attack_app(tmp_path_factory):
    from dashlib.building.pipeline import build_folder

    base: Path = tmp_path_factory.mktemp("both_sides")
    articles, data = base / "articles", base / "build"
    articles.mkdir()
    for name in REPORTS:
        shutil.copy(FIXTURES / name, articles / name)
    tables = build_folder(articles, data, curation_file=None)
    with streamlit_on(
        articles, data, ROOT / "tests" / "artifacts" / "streamlit-both-sides.log"
    ) as url:
        yield {"url": url, "tables": tables}


def test_the_three_reports_are_one_incident(one_attack_app):
    t = one_attack_app["tables"]
    files = dict(zip(t.articles["article_id"], t.articles["file"], strict=True))
    by_incident: dict[str, set[str]] = {}
    for iid, aid in zip(t.claims["incident_id"], t.claims["article_id"], strict=True):
        by_incident.setdefault(iid, set()).add(files[aid])
    assert set(REPORTS[:3]) in by_incident.values()


def test_both_sides_with_their_quotes_in_the_browser(page, one_attack_app):
    t = one_attack_app["tables"]
    page.goto(one_attack_app["url"], wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Reported vs claimed").click()
    wait_for_app(page)
    assert_healthy(page)
    main = page.locator('[data-testid="stMain"]')
    assert "Both sides, side by side" in main.inner_text()
    table = main.locator('[data-testid="stTable"]').first
    table.wait_for(state="visible")
    text = table.inner_text()
    gov = t.claims[(t.claims["claimant_type"] == "government") & (t.claims["metric"] == "killed")]
    ins = t.claims[(t.claims["claimant_type"] == "insurgents") & (t.claims["metric"] == "killed")]
    # the soldiers each side says were killed, and the start of each side's sentence
    assert "32" in text and "4" in text, text
    assert any(q[:20] in text for q in gov["quote"]), text
    assert any(q[:20] in text for q in ins["quote"]), text
