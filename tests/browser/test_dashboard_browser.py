"""The dashboard in a real browser: every page, filters in the URL, a filtered download.

Uses the session's ``streamlit run app.py`` (``app_url``) on the default build
of the seed articles. Each page's screenshot is saved to ``docs/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from dashlib import load_or_build, paths
from dashlib.reading.filters import Filters, apply_filters

from .helpers import assert_healthy, open_app, wait_for_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
TITLE = "Balochistan Conflict Claims Monitor"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

# (screenshot name, URL path, visible title)
PAGES = [
    ("overview", "", TITLE),
    ("escalation", "escalation", "Escalation over time"),
    ("reported_vs_claimed", "reported-vs-claimed", "Reported vs claimed"),
    ("targets", "targets", "Targets"),
    ("map", "map", "Map"),
    ("evidence", "evidence", "Evidence & sources"),
    ("data_export", "data", "Data & export"),
]


def save_screenshot(page, name: str, height: int = 1500) -> Path:
    """A screenshot of the whole visible app, taller than the test viewport, in 128 colours."""
    from PIL import Image

    size = page.viewport_size
    page.set_viewport_size({"width": 1400, "height": height})
    wait_for_app(page)
    page.wait_for_timeout(600)  # let Plotly finish resizing
    png = page.screenshot()
    page.set_viewport_size(size)
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"{name}.png"
    img = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
    img.save(out, optimize=True)
    return out


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar multiselect labelled ``label``."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).locator("input")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)


def go_to(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
    wait_for_app(page)


@pytest.fixture
def home(page, app_url):
    """The first page, opened before anything else (the first run of a server is the slow one)."""
    open_app(page, app_url)
    return page


@pytest.mark.parametrize(("name", "path", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_opens_without_errors(home, app_url, name, path, title):
    page = home
    open_app(page, app_url, path)
    assert_healthy(page)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
    assert page.get_by_role("heading", name=title).first.is_visible()
    assert page.get_by_text("Page not found").count() == 0
    if name != "data_export":
        assert (
            page.locator(".js-plotly-plot, .vega-embed, [data-testid='stHtml']").count() > 0
            or page.locator('[data-testid="stAlert"]').count() > 0
        )
    save_screenshot(page, name)
    assert_healthy(page)


def test_evidence_page_highlights_figures(home, app_url):
    page = home
    open_app(page, app_url, "evidence")
    marks = page.locator('[data-testid="stHtml"] mark')
    assert marks.count() > 0
    assert page.locator('[data-testid="stHtml"] script').count() == 0


def test_filter_is_kept_across_pages_and_in_the_url(home):
    page = home
    choose(page, "Claimant type", "Government")
    assert "claimant=Government" in page.url
    go_to(page, "Reported vs claimed")
    assert "/reported-vs-claimed" in page.url and "claimant=Government" in page.url
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Claimant type")
    assert "Government" in box.inner_text()
    assert page.get_by_text("Filtered: claimant types: Government").first.is_visible()
    assert_healthy(page)
    # the copied link reproduces the view in a fresh page
    url = page.url
    page.goto("about:blank")
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert (
        "Government"
        in page.locator('[data-testid="stMultiSelect"]')
        .filter(has_text="Claimant type")
        .inner_text()
    )


def test_download_matches_the_filter(home):
    page = home
    choose(page, "Claimant type", "Government")
    go_to(page, "Data & export")
    page.get_by_role("tab", name=re.compile(r"^Claims \(")).click()
    # the CSV is made on request ("Prepare"), then its download button appears in its place
    page.get_by_role("button", name=re.compile(r"^Prepare claims\.csv")).click()
    wait_for_app(page)
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="claims.csv").first
    shown = int(re.search(r"\(([\d,]+) rows\)", button.inner_text()).group(1).replace(",", ""))
    with page.expect_download() as info:
        button.locator("button").click()
    download = info.value
    assert download.suggested_filename == "claims_filtered.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert len(rows) == shown
    assert {r["claimant_type"] for r in rows} <= {"government"}
    tables = load_or_build(paths.BUILD_DIR, paths.SEEDS_DIR)
    expected = apply_filters(tables, Filters(claimant_types=("government",))).claims
    assert sorted(r["claim_id"] for r in rows) == sorted(expected["claim_id"])
    assert_healthy(page)
