"""The site in a real browser: headless Chromium driven by Playwright, from file://.

Skipped, with the reason, only where no Chromium-family browser is installed (`.ci/run`
installs Debian's chromium; GitHub's Ubuntu runners ship Google Chrome). Playwright's own
browser download is never used: the browser is the system's, or the one `$CHROMIUM` names.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# The names under which Debian, Ubuntu and Google install a Chromium-family browser.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser(
    override: str | None, which: Callable[[str], str | None] = shutil.which
) -> str | None:
    """The browser to drive: the one `$CHROMIUM` names if it is set, else the first installed."""
    if override:
        return override
    return next((found for name in BROWSERS if (found := which(name))), None)


CHROMIUM = find_browser(os.environ.get("CHROMIUM"))
NO_BROWSER = (
    "no Chromium-family browser is installed here (Debian: apt-get install chromium; "
    ".ci/run does it); set $CHROMIUM to a browser's path to use another"
)
# Without the networking flags Chromium tries Google's hosts, which this machine refuses.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SESSION = "csto-csc-extraordinary-session-2022-01-10"


def test_find_browser_takes_the_first_installed_name() -> None:
    installed = {"google-chrome": "/usr/bin/google-chrome", "chromium-browser": "/snap/c"}
    assert find_browser(None, installed.get) == "/snap/c"
    assert find_browser(None, {"google-chrome-stable": "/opt/g"}.get) == "/opt/g"
    assert find_browser(None, dict[str, str]().get) is None


def test_find_browser_prefers_the_override() -> None:
    assert find_browser("/x/chrome", {"chromium": "/usr/bin/chromium"}.get) == "/x/chrome"
    assert find_browser("", {"chromium": "/usr/bin/chromium"}.get) == "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Playwright is a pinned dependency: without it the environment is broken, not lacking a
    # browser, so the import fails the tests instead of skipping them.
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.skip(NO_BROWSER)
    if not Path(CHROMIUM).is_file():  # a browser asked for by name is never skipped silently
        pytest.fail(f"$CHROMIUM is {CHROMIUM!r}, which is not a file; unset it or fix the path")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()


def _uri(site: Path, relative: str) -> str:
    return (site / relative).resolve().as_uri()


def _pages_to_load(site: Path) -> list[Path]:
    """Every page but the record pages, and one record page per table.

    Record pages of a table share one template and load the same files; what differs between
    them (their links) is checked for every page by test_site.py. Loading all ~190 pages would
    cost half a minute of test time for no extra finding.
    """
    pages = [p for p in site.rglob("*.html") if "records" not in p.parts]
    pages += [next(iter(sorted(d.glob("*.html")))) for d in sorted((site / "records").iterdir())]
    return sorted(pages)


def test_pages_load_without_console_errors(site: Path, page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages = _pages_to_load(site)
    assert len(pages) > 20
    for html in pages:
        page.goto(html.resolve().as_uri())
        assert page.locator("h1").count() == 1, html
    assert errors == []


def test_a_known_fact_shows_its_highlighted_quote(site: Path, page: Any) -> None:
    page.goto(_uri(site, "records/people/vladimir-voronkov.html"))
    mark = page.locator("mark", has_text="Vladimir Voronkov").first
    assert mark.is_visible()


def test_timeline_to_event_to_source_line(site: Path, page: Any) -> None:
    page.goto(_uri(site, "index.html"))
    page.locator(f'a.event[data-event="{SESSION}"]').click()
    assert page.url.endswith(f"records/events/{SESSION}.html")
    link = page.locator("a.source-link").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert page.url.endswith(f"#{target}")
    line = page.locator(f"li#{target}")
    assert line.locator("mark").count() >= 1 and line.is_visible()


def test_table_filter_and_keyboard_reach(site: Path, page: Any) -> None:
    page.goto(_uri(site, "tables/people.html"))
    page.fill("#filter", "Putin")
    assert page.locator("#rows tbody tr:visible").count() == 1
    page.keyboard.press("Tab")  # from the filter to the first column's sort button
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "person_id"
    page.keyboard.press("Enter")
    header = page.locator("#rows th").first
    assert header.get_attribute("aria-sort") == "ascending"


def test_home_page_screenshot_shows_the_timeline(site: Path, page: Any) -> None:
    page.goto(_uri(site, "index.html"))
    drawn = page.locator("svg.timeline a.event").count()
    assert drawn >= 10
    shot = site / "screenshot-home.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
