"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test in this directory is marked ``browser`` (``pytest -m "not browser"`` leaves them out). They
need a transactional database (the live server runs in another thread with its own connection), so the
root ``county`` fixture is re-declared here on top of ``transactional_db``.

No browser is downloaded: the executable is ``$PLAYWRIGHT_CHROMIUM_EXECUTABLE`` or ``/usr/bin/chromium``.
Without it the tests are skipped on a workstation and fail on CI (``$CI`` set), so a CI image that lost
its Chromium cannot pass silently.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM (used by the tests to check the
# database) refuses to run inside a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent.parent / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--lang=zh-CN",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# A common office screen in county government (1366×768 laptops are still everywhere).
VIEWPORT = {"width": 1366, "height": 768}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM}; set PLAYWRIGHT_CHROMIUM_EXECUTABLE")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as e:  # noqa: BLE001 — any launch failure means "no usable browser"
        pw.stop()
        _unavailable(f"Chromium at {CHROMIUM} does not start: {e}")
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) and page, in Chinese, downloads allowed.

    ``page.problems`` collects what a user would not see but must not happen: JavaScript errors, CSP
    violations, and static files that fail to load; the fixture fails the test if any occurred."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}")
        if msg.type == "error" and re.search(r"Content Security Policy|Refused to", msg.text)
        else None,
    )
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if "/static/" in r.url and r.status >= 400 else None,
    )
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}") if "/static/" in r.url else None)
    page.problems = problems
    page.base_url = live_server.url
    yield page
    context.close()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def reference_data(transactional_db):
    """The reference rows the migrations seed (statutory periods, management areas): a transactional test
    flushes every table after it runs, so each browser test puts them back first."""
    from fazhi.core.periods import seed_periods
    from fazhi.reconsideration.choices import DEFAULT_AREAS
    from fazhi.reconsideration.models import ManagementArea

    seed_periods()
    for i, (code, name) in enumerate(DEFAULT_AREAS):
        ManagementArea.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})


@pytest.fixture
def county(reference_data, county):
    """The root ``county`` fixture on a transactional database (the live server's thread must see the
    rows, so they have to be committed)."""
    return county


def shot(page, name):
    """Save a full-page screenshot as test-artifacts/screenshots/NAME.png (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
