"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server.

No browser is ever downloaded: bin/test installs Debian's `chromium` with apt when it is missing, and the
launch names its executable. A failing test leaves a full-page screenshot of each open page in test-output/.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

# Playwright's sync API runs an asyncio event loop in the test's thread; Django refuses ORM calls from a
# thread with a running loop unless told otherwise. The loop only drives the browser, so the calls are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed, so the browser tests cannot run. Run the tests with bin/test, "
            "which installs it with apt (apt-get install chromium); Playwright must not download a browser."
        )
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
    yield playwright, browser
    browser.close()
    playwright.stop()


class Web:
    """The people of one test, each in their own browser context (own cookies), plus a plain HTTP client."""

    def __init__(self, playwright, browser, base_url: str):
        self.playwright = playwright
        self.browser = browser
        self.base_url = base_url
        self.pages: dict[str, Page] = {}
        self.last_loaded: Page | None = None
        self._closables = []

    def page(self, who: str, viewport=PHONE) -> Page:
        context = self.browser.new_context(base_url=self.base_url, viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("load", lambda loaded: setattr(self, "last_loaded", loaded))
        self.pages[who] = page
        self._closables.append(context)
        return page

    def api(self):
        """An HTTP client for the partner API, outside any browser session."""
        request = self.playwright.request.new_context(base_url=self.base_url)
        self._closables.append(request)
        return request

    def screenshot(self, name: str) -> list[Path]:
        """The page that loaded last as <name>.png, every other open page as <name>-<who>.png."""
        OUTPUT.mkdir(exist_ok=True)
        saved = []
        for who, page in self.pages.items():
            if page.is_closed():
                continue
            path = OUTPUT / (f"{name}.png" if page is self.last_loaded else f"{name}-{who}.png")
            try:
                page.screenshot(path=str(path), full_page=True)
                saved.append(path)
            except Exception as error:  # a screenshot must never hide the test's own failure
                print(f"could not save {path}: {error}")
        return saved

    def close(self):
        for closable in reversed(self._closables):
            closable.dispose() if hasattr(closable, "dispose") else closable.close()


@pytest.fixture
def web(chromium, live_server, transactional_db):
    playwright, browser = chromium
    web = Web(playwright, browser, live_server.url)
    yield web
    web.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    web = getattr(item, "funcargs", {}).get("web")
    if report.when == "call" and report.failed and web is not None:
        saved = web.screenshot(item.name)
        if saved:
            report.sections.append(("screenshots", "\n".join(str(path) for path in saved)))
