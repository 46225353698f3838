"""Every kind of page checked by axe-core in headless chromium, on a desktop and a phone
screen: no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules, nor of axe's best
practices. What each check found is summed up in test-artifacts/axe.json."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.store.test_versions import FIRST, SECOND, URL
from tests.web.conftest import ARTIFACTS, TOKEN

pytestmark = pytest.mark.browser

#: axe-core's tags for the rules run: WCAG 2.x levels A and AA, and its best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

#: Every kind of page, by a path that shows it with content in the test ledger: a new kind
#: of page gets a line here. ``{article}``, ``{entity}`` and ``{versioned}`` (an article
#: with two versions) stand for ids found or made at run time.
PAGES = {
    "statements": "/",
    "search": "/statements?q=fuel&certainty=on_record&act=speech&min_confidence=0",
    "articles": "/articles",
    "article": "/articles/{article}",
    "entities": "/entities",
    "entity": "/entities/{entity}",
    "timeline": "/timeline",
    "commitments": "/commitments",
    # As of a day before the seed's deadlines, which then count down instead of up.
    "commitments-ahead": "/commitments?as_of=2025-07-20",
    "versions": "/articles/{versioned}/versions?from=1&to=2",
    "old-version": "/articles/{versioned}/versions/1",
    "add": "/add",
    "login": "/login",
    "not-found": "/articles/999999999",
}

#: Browser contexts of a desktop screen and a phone's (touch, three pixels to a point).
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
}

#: What the page hands back of axe's results: each violation with the elements it found,
#: and how many rules passed or could not decide.
SUMMARY = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return {
    violations: results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    })),
    passes: results.passes.length,
    incomplete: results.incomplete.map((v) => v.id),
  };
}"""


@pytest.fixture(scope="module")
def ids(live_server: str) -> dict[str, int]:
    """The article with the most statements and the entity that said the most, so that
    their pages show everything they can, and an article with two versions."""
    listed = httpx.get(live_server + "/api/v1/articles", params={"limit": 100}).json()
    article = max(listed["items"], key=lambda a: a.get("statements", 0))
    people = httpx.get(live_server + "/api/v1/entities", params={"limit": 100}).json()
    said = {
        e["id"]: httpx.get(f"{live_server}/api/v1/entities/{e['id']}").json()["said"]
        for e in people["items"]
        if e["type"] == "PERSON"
    }
    # One address posted twice with an edited text: an article with two versions.
    for text in (FIRST, SECOND):
        posted = httpx.post(
            live_server + "/api/v1/articles",
            json={"text": text, "url": URL},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=120,
        )
        assert posted.status_code == 201, posted.text
    return {
        "article": int(article["id"]),
        "entity": int(max(said, key=lambda k: said[k])),
        "versioned": int(posted.json()["id"]),
    }


@pytest.fixture(scope="module")
def summary() -> Iterator[list[dict[str, Any]]]:
    """The results of this module's checks, written to test-artifacts/axe.json at its end."""
    rows: list[dict[str, Any]] = []
    yield rows
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_the_page_has_no_accessibility_violation(
    browser: Any,
    live_server: str,
    axe_script: Path,
    ids: dict[str, int],
    summary: list[dict[str, Any]],
    kind: str,
    viewport: str,
) -> None:
    path = PAGES[kind].format(**ids)
    # The pages' Content-Security-Policy allows no inline script: axe comes in as one.
    context = browser.new_context(bypass_csp=True, **VIEWPORTS[viewport])
    page = context.new_page()
    try:
        if kind == "add":
            # The form as a signed-in browser sees it: the token is kept in its cookie.
            page.goto(live_server + "/login?next=/add")
            page.fill("input[name=token]", TOKEN)
            page.click("button[type=submit]")
            page.wait_for_url(live_server + "/add")
        else:
            shown = page.goto(live_server + path)
            assert shown is not None
            assert shown.status == (404 if kind == "not-found" else 200), f"{path} failed"
        # Whatever the page fetches once loaded is in it before axe looks.
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(axe_script))
        found = page.evaluate(SUMMARY, TAGS)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"axe-{kind}-{viewport}.png"))
    finally:
        context.close()
    summary.append(
        {
            "page": path,
            "viewport": viewport,
            "violations": len(found["violations"]),
            "passes": found["passes"],
            "incomplete": found["incomplete"],
        }
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}, on {len(v['targets'])} element(s): "
        + " | ".join(v["targets"][:5])
        for v in found["violations"]
    ]
    assert not problems, f"{path} on a {viewport} screen:\n" + "\n".join(problems)


def test_the_timeline_is_one_tab_stop_with_the_arrow_keys_among_its_marks(
    page: Any, live_server: str
) -> None:
    page.goto(live_server + "/timeline")
    marks = page.locator("svg.timeline a")
    assert marks.count() >= 3
    # Each mark is a link named for what it stands for, kind included (not by colour alone).
    name = marks.first.get_attribute("aria-label") or ""
    assert re.search(r"\d{4}-\d\d-\d\d.* · (event|statement) · ", name), name
    assert page.locator("svg.timeline a[tabindex='0']").count() == 1
    page.locator("svg.timeline a[tabindex='0']").focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == marks.nth(1).get_attribute("aria-label")
    page.keyboard.press("End")
    assert page.locator("svg.timeline a[tabindex='0']").count() == 1
    assert marks.last.get_attribute("tabindex") == "0"
    # The next Tab leaves the chart for the links below it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('svg') === null")
