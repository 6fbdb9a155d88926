"""No script from an article or an upload ever runs in the dashboard.

Builds a temporary article folder whose articles carry ``<script>`` and
``<img onerror>`` payloads inside the very sentences that state figures (so
they reach the evidence page), starts ``streamlit run app.py`` on it with
``DASHLIB_ARTICLES_DIR``/``DASHLIB_DATA_DIR``, and checks in headless
Chromium, on the evidence page and in the add-articles preview, that no dialog
opened, ``window.__xss`` stays undefined and the DOM holds no injected
``<script>`` or event-handler attribute, while the payload text is visible as
text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import assert_healthy, streamlit_on, wait_for_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
START_TIMEOUT_S = 120

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
TXT_ARTICLE = f"""Title: Checkpoint attack {SCRIPT} in Turbat
Date: 2025-03-12

Officials said 12 soldiers were killed in Turbat on Tuesday {SCRIPT} after militants attacked a checkpoint {IMG}.
The BLA claimed that 30 soldiers {IMG} died in the attack on the checkpoint in Turbat.
"""
# In HTML the payload is escaped markup: html_to_text turns it back into literal tag text.
HTML_ARTICLE = """<html><head><title>Blast in Kech &lt;script&gt;window.__xss=3&lt;/script&gt;</title></head>
<body><p>Police said 4 civilians were injured in a blast in Kech on 2025-03-14
&lt;img src=x onerror="window.__xss=4"&gt; near the market.</p>
<script>window.__xss=5</script></body></html>
"""
PASTED = f"""Title: Pasted {SCRIPT}

Residents said 7 people were wounded in Gwadar {IMG} on Monday. {SCRIPT}
"""

DOM_CHECK = """() => {
  const out = {xss: typeof window.__xss, imgOnerror: 0, scripts: 0, handlers: 0};
  out.imgOnerror = document.querySelectorAll('img[onerror]').length;
  out.scripts = [...document.scripts].filter(s => s.textContent.includes('__xss')).length;
  out.handlers = [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.startsWith('on') && a.value.includes('__xss'))
  ).length;
  return out;
}"""


@pytest.fixture(scope="module")
def xss_app(tmp_path_factory):
    """``streamlit run app.py`` on a temporary folder of hostile articles; yields its URL."""
    from dashlib.building.pipeline import build_folder

    base = tmp_path_factory.mktemp("xss")
    articles, data = base / "articles", base / "build"
    articles.mkdir()
    (articles / "hostile.txt").write_text(TXT_ARTICLE, "utf-8")
    (articles / "hostile.html").write_text(HTML_ARTICLE, "utf-8")
    tables = build_folder(articles, data, curation_file=None)
    assert tables.report["files_read"] == 2
    with streamlit_on(articles, data, ARTIFACTS / "streamlit-xss.log", START_TIMEOUT_S) as url:
        yield {"url": url, "articles": articles, "data": data, "tables": tables}


@pytest.fixture
def watched(page):
    """The ``page`` fixture, recording every JavaScript dialog (alert/confirm/prompt)."""
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def assert_no_script_ran(page) -> None:
    page.wait_for_timeout(500)  # give any injected handler (img onerror) time to fire
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"
    for frame in page.frames:
        found = frame.evaluate(DOM_CHECK)
        assert found == {"xss": "undefined", "imgOnerror": 0, "scripts": 0, "handlers": 0}, (
            frame.url,
            found,
        )


def open_page(page, url: str, title: str | None = None) -> None:
    """Open the app, then (by the sidebar, as a user would) the page called ``title``.

    Streamlit answers a first request for a page URL of an st.navigation app with a
    "Page not found" box, so pages are reached through the navigation instead.
    """
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    if title:
        page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
        wait_for_app(page)


def body_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_evidence_page_shows_payloads_as_text_only(watched, xss_app):
    page = watched
    assert len(xss_app["tables"].claims) >= 1, (
        "the hostile article must yield a figure to reach the evidence view"
    )
    open_page(page, xss_app["url"], "Evidence & sources")
    assert_healthy(page)
    text = body_text(page)
    assert "window.__xss=" in text  # the payload is there, as visible text
    assert_no_script_ran(page)

    # the other article, chosen in the selectbox
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Article")
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    labels = options.all_inner_texts()
    current = [lbl for lbl in labels if lbl.split(" (")[0] in text]
    other = next((lbl for lbl in labels if lbl not in current), labels[-1])
    page.get_by_role("option", name=other, exact=True).click()
    wait_for_app(page)
    assert_healthy(page)
    assert "window.__xss=" in body_text(page)
    assert_no_script_ran(page)


def test_every_page_stays_clean(watched, xss_app):
    page = watched
    titles = (
        None,
        "Escalation over time",
        "Reported vs claimed",
        "Targets",
        "Map",
        "Data & export",
    )
    for title in titles:
        open_page(page, xss_app["url"], title)
        assert_healthy(page)
        assert_no_script_ran(page)


def test_add_articles_preview_shows_payloads_as_text_only(watched, xss_app):
    page = watched
    before = sorted(p.name for p in xss_app["articles"].iterdir())
    open_page(page, xss_app["url"], "Add articles")
    assert_healthy(page)
    area = page.get_by_label("Article text")
    area.fill(PASTED)
    area.press("Control+Enter")  # commit the text area
    wait_for_app(page)
    page.get_by_role("button", name="Preview").click()
    wait_for_app(page)
    assert_healthy(page)
    page.get_by_text("Cleaned text of the new articles").click()
    wait_for_app(page)
    text = body_text(page)
    assert "window.__xss=1" in text and "onerror" in text
    assert_no_script_ran(page)
    # a preview adds nothing
    assert sorted(p.name for p in xss_app["articles"].iterdir()) == before
