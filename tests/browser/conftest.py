"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server.

No browser is ever downloaded: bin/test installs Debian's `chromium` with apt when it is missing, and the
launch names its executable. A failing test leaves a full-page screenshot of each open page in test-output/.

Every page of the site a test's browser loads is checked with axe-core's WCAG 2.1 A and AA rules once it has
loaded; any violation fails the test when its `web` fixture is torn down, naming the page, the rule and the
elements. So a new page is checked the day a browser test first visits it.
"""

import json
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

# axe-core from the npm registry, vendored for the tests only (tests/browser/vendor/README.md).
AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Django's own admin is not checked: its pages are Django's (its breadcrumb links differ from their text by colour
# alone, link-in-text-block), not the site's, and the site's staff, not the public, use it.
UNCHECKED_PREFIXES = ["/admin/"]
# An init script, which Playwright runs in every document before the page's own scripts and outside the site's
# Content-Security-Policy (no bypass_csp: each page is checked under the very policy it is served with). In the
# site's own top-level pages, axe runs once the page has loaded and hands its violations to the test.
AXE_ON_LOAD = """
if (window === window.top && location.origin === %(origin)s
    && !%(unchecked)s.some((prefix) => location.pathname.startsWith(prefix))) {
  %(source)s
  window.addEventListener("load", () => {
    axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
      .then((result) => result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((node) => node.target.join(" ")),
      })))
      .catch((error) => [{id: "axe-error", impact: "", help: String(error), nodes: []}])
      .then((violations) => window.__axeReport(location.href, violations))
      .finally(() => { window.__axeDone = true; });
  });
}
"""


def describe_violations(url: str, violations: list[dict]) -> str:
    return "\n".join(f"{url}: {v['id']} ({v['impact']}) {v['help']}: {', '.join(v['nodes'])}" for v in violations)


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
        self.accessibility_problems: list[str] = []
        self.checked_urls: list[str] = []
        self.axe_script = AXE_ON_LOAD % {
            "origin": json.dumps(base_url.rstrip("/")),
            "source": AXE_SOURCE,
            "tags": json.dumps(AXE_TAGS),
            "unchecked": json.dumps(UNCHECKED_PREFIXES),
        }
        self._closables = []

    def page(self, who: str, viewport=PHONE) -> Page:
        context = self.browser.new_context(base_url=self.base_url, viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("load", lambda loaded: setattr(self, "last_loaded", loaded))
        page.expose_function("__axeReport", self._axe_report)
        page.add_init_script(self.axe_script)
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

    def _axe_report(self, url: str, violations: list[dict]) -> None:
        self.checked_urls.append(url)
        if violations:
            self.accessibility_problems.append(describe_violations(url, violations))

    def wait_for_accessibility_check(self, page: Page) -> None:
        """Waits until axe has checked the page's current document (a page left sooner goes unchecked)."""
        if self.is_checked(page):
            page.wait_for_function("() => window.__axeDone === true")

    def is_checked(self, page: Page) -> bool:
        """Whether axe checks the page's current document: the site's own pages, the admin's excepted."""
        if page.is_closed() or not page.url.startswith(self.base_url):
            return False
        path = page.url.removeprefix(self.base_url)
        return not any(path.startswith(prefix) for prefix in UNCHECKED_PREFIXES)

    def assert_accessible(self) -> None:
        """Waits for the pages still open to be checked, then fails with every violation found in the test."""
        for page in self.pages.values():
            self.wait_for_accessibility_check(page)
        if self.accessibility_problems:
            pytest.fail("axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(self.accessibility_problems))

    def close(self):
        for closable in reversed(self._closables):
            closable.dispose() if hasattr(closable, "dispose") else closable.close()


@pytest.fixture
def web(chromium, live_server, transactional_db):
    playwright, browser = chromium
    web = Web(playwright, browser, live_server.url)
    try:
        yield web
        web.assert_accessible()
    finally:
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
