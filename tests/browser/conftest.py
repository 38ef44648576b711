"""Playwright driving Debian's chromium against pytest-django's live server. Never downloads a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from the test.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _triage_model_on_disk() -> None:
    """Pages that classify fit the word model on first use (about 20 s on 2 cores, longer than a click
    waits). Fit it into the on-disk cache before any browser test, so a browser test run on its own behaves
    as it does after the rest of the suite."""
    from sideline.engines.triage import load_model
    from sideline.triage.services import cache_dir

    load_model(use_embeddings=False, cache_dir=cache_dir())


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page: object, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")  # type: ignore[attr-defined]
    page.get_by_label("Email").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log in").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def htmx_settled(page: object) -> None:
    """Wait until htmx has processed what it last swapped in.

    htmx binds the hx-* triggers of new content in a settle task after the swap (htmx-2.js, makeAjaxLoadTask,
    which also removes the htmx-added class), so a click or a select straight after a swap can reach an
    element that does not listen yet. Seen once in CI: a select's change after the inbox swap sent nothing.
    """
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )
