"""The static site: built from the package, every record and source with its evidence.

These tests read the built HTML; tests/test_site_browser.py drives it in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import read_csv


def test_a_page_for_every_record_table_and_source(site: Path, pristine: Path) -> None:
    for table in ("events", "people", "organizations", "participants", "memberships"):
        header, rows = read_csv(pristine, table)
        for row in rows:
            assert (site / "records" / table / f"{row.values[header[0]]}.html").exists()
        assert (site / "tables" / f"{table}.html").exists()
    for row in read_csv(pristine, "sources")[1]:
        assert (site / "sources" / f"{row.values['source_id']}.html").exists()


def test_a_record_page_marks_its_quote_and_links_the_line(site: Path) -> None:
    html = (site / "records" / "people" / "vladimir-voronkov.html").read_text(encoding="utf-8")
    quote = "the Head of the United Nations Counter-Terrorism Office, Vladimir Voronkov"
    assert f"<mark>{quote}</mark>" in html
    assert re.search(r'href="\.\./\.\./sources/[a-z0-9-]+\.html#L\d+"', html)


def test_the_timeline_draws_every_dated_event(site: Path, pristine: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    drawn = set(re.findall(r'data-event="([^"]+)"', html))
    dated = {
        row.values["event_id"]
        for row in read_csv(pristine, "events")[1]
        if row.values["start_date"] or row.values["end_date"]
    }
    assert drawn == dated
    assert "Year not stated by any source" in html


def test_source_pages_label_skipped_lines(site: Path, pristine: Path) -> None:
    skipped = read_csv(pristine, "skipped_lines")[1][0].values
    html = (site / "sources" / f"{skipped['source_id']}.html").read_text(encoding="utf-8")
    line = re.search(rf'<li id="L{skipped["line"]}"[^>]*class="skipped".*?</li>', html, re.S)
    assert line and "skipped:" in line.group(0)


def test_nothing_is_fetched_from_the_network(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), page


def test_every_local_link_and_resource_exists(site: Path) -> None:
    """No page can fail to load a file: every relative href and src points to one."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]+)(?:#[^"]*)?"', text):
            assert (page.parent / target).resolve().exists(), f"{page}: {target}"


def test_scripts_only_on_table_pages(site: Path) -> None:
    """Only table pages run a script, and the browser test loads every one of them."""
    for page in site.rglob("*.html"):
        has_script = "<script" in page.read_text(encoding="utf-8")
        assert has_script == (page.parent.name == "tables"), page
