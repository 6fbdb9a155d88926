"""Smoke test: the dashboard starts, renders its title and shows no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import exception_texts, open_app, page_errors

pytestmark = pytest.mark.browser

TITLE = "Balochistan Conflict Claims Monitor"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_app_loads_with_title_and_no_errors(page, app_server):
    open_app(page, app_server.url)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "smoke_first_page.png"), full_page=True)

    log = f"\nStreamlit log ({app_server.log}):\n{app_server.log_tail()}"
    assert page.locator('[data-testid="stException"]').count() == 0, (
        f"exception on the first page: {exception_texts(page)}{log}"
    )
    title = page.get_by_text(TITLE).filter(visible=True)
    assert title.count() > 0, f"title {TITLE!r} is not visible on the first page{log}"
    assert page_errors(page) == [], f"uncaught JavaScript errors: {page.js_errors}"
