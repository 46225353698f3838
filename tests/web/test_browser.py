"""End to end in headless chromium: what a fact-checker does with the seed in the web app,
and an article full of script that must stay text. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import ARTIFACTS, TOKEN

pytestmark = pytest.mark.browser


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_seed_search_card_article_entity_and_commitments(
    page: Any, live_server: str, seed_path: Path
) -> None:
    page.goto(live_server + "/")
    page.fill("header .quick input[name=q]", "Moscow")
    page.press("header .quick input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/statements\?q=Moscow"))
    cards = page.locator(".card")
    # The server counts the matches (bounded) and says so above the cards.
    # Waiting with a locator, not a JavaScript predicate: the page's CSP forbids eval.
    expect(page.locator("#count")).to_have_text(re.compile(r"\d+ statements"))
    assert page.locator("#count").inner_text() == f"{cards.count()} statements"
    # The question is reported more than once (headline, body, and once with the report as
    # its speaker, whose card may come first): open Trump's, relayed through the FT.
    said = cards.filter(has_text="can you hit Moscow").filter(has_text="Financial Times")
    card = said.filter(has=page.locator(".who", has_text=re.compile(r"^Trump$"))).first
    chain = card.locator(".chain").inner_text()
    assert re.search(r"Business Standard\s*→\s*Financial Times\s*→\s*individuals briefed", chain)
    assert "anonymous" in chain
    shot(page, "statements-moscow")

    card.locator("a.open").click()
    page.wait_for_url(re.compile(r"/articles/\d+#s\d+"))
    # The card's quotation is highlighted in the text, and arriving from the card focuses it.
    focused = "".join(page.locator("#text .hl.hl-content.focus").all_inner_texts())
    assert "can you hit Moscow" in focused and "St Petersburg too" in focused
    statement = page.locator(".statement.focus")
    assert "can you hit Moscow" in statement.inner_text()
    assert statement.locator(".chain").inner_text() == chain
    # The source link is highlighted too, and saying what it is on click.
    source = page.locator("#text .hl.hl-source", has_text="Financial Times").first
    source.click()
    assert "source" in page.locator("#detail").inner_text()
    assert page.locator("#detail").is_visible()
    # A hedge may cross a cue ("is said to" / "to have replied"): it is cut in pieces.
    hedged = "|".join(page.locator("#text .hl.hl-hedge").all_inner_texts())
    assert "reportedly" in hedged and "is said" in hedged
    earlier = page.locator("#text .hl.hl-time", has_text="a day earlier").first
    assert "2025-07-03" in (earlier.get_attribute("title") or "")  # resolved, and says so
    shot(page, "article-seed")

    page.locator(".statement.focus a", has_text="Trump").first.click()
    page.wait_for_url(re.compile(r"/entities/\d+"))
    assert page.locator("h1").inner_text() == "Donald Trump"
    assert "Q22686" in page.locator(".facts").inner_text()
    assert page.locator("svg.bars rect").count() >= 1
    assert page.locator("section", has_text="Said by Donald Trump").locator(".card").count() >= 1
    shot(page, "entity-trump")

    page.click("nav >> text=Commitments")
    page.wait_for_url(re.compile(r"/commitments"))
    threat = page.locator(".commitment", has_text="100 per cent tariffs")
    assert threat.count() == 1
    text = threat.inner_text()
    assert "within 50 days" in text and "Donald Trump" in text and "Russia" in text
    # Its history: made with the seed's deadline, then the follow-ups we wrote.
    history = threat.locator(".history li")
    assert "2025-09-03" in history.first.inner_text()
    assert [s.strip().split()[1] for s in history.all_inner_texts()] == [
        "made",
        "shortened",
        "lapsed",
    ]
    shot(page, "commitments")

    page.goto(live_server + "/timeline?actor=Trump")
    assert page.locator("svg.timeline rect").count() >= 1  # a fuzzy date drawn as a range
    assert page.locator("svg.timeline circle").count() >= 1
    shot(page, "timeline-trump")
    assert page.errors == []


HOSTILE_TITLE = 'Port chief <script>window.__xss = "title"</script> quits'
HOSTILE_BODY = (
    "KESTREL BAY, March 3, 2026 — The harbour master resigned on Tuesday, aides said. "
    '"Nobody <img src=x onerror="window.__xss = \'img\'"> listens to the pilots," '
    "he told reporters, according to a statement seen by the Gazette. "
    "<script>window.__xss = 'body'</script> Officials said a successor would be named "
    '"within 10 days". <svg onload="window.__xss = \'svg\'"></svg>'
)


def test_script_in_an_article_stays_text(page: Any, live_server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server + "/add")
    page.fill("textarea[name=text]", HOSTILE_TITLE + "\n\n" + HOSTILE_BODY)
    page.fill("input[name=title]", HOSTILE_TITLE)
    page.fill("input[name=published]", "2026-03-03")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert "<img src=x onerror=" in page.locator("#text").inner_text()
    quote = page.locator("#text .hl-content", has_text="listens to the pilots")
    assert quote.count() >= 1  # still read as a quotation
    shot(page, "xss-article")
    for path in ("/statements?q=pilots", "/timeline", "/articles"):
        page.goto(live_server + path)
        assert "listens to the pilots" in page.content() or path != "/statements?q=pilots"
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("img[src=x], svg[onload]").count() == 0
    assert dialogs == []


@pytest.mark.parametrize("viewport", [(1280, 700), (390, 800)], ids=["desktop", "phone"])
def test_a_link_to_a_statement_keeps_its_words_in_view(
    browser: Any, live_server: str, viewport: tuple[int, int]
) -> None:
    import httpx

    articles = httpx.get(live_server + "/api/v1/articles", params={"limit": 50}).json()["items"]
    longest = max(articles, key=lambda a: a.get("statements", 0))
    article = httpx.get(f"{live_server}/api/v1/articles/{longest['id']}").json()
    last = article["statements"][-1]
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/articles/{longest['id']}#s{last['id']}")
        words = page.locator("#text .hl-content.focus").first
        expect(words).to_be_visible()
        # After any smooth scrolling has had its time, the words are still on screen.
        page.wait_for_timeout(1500)
        box = words.bounding_box()
        assert box is not None and 0 <= box["y"] <= viewport[1] - box["height"]
        if viewport[0] > 900:
            panel = page.locator(".panel")
            assert panel.evaluate("el => getComputedStyle(el).position") == "sticky"
            assert page.locator(f"#s{last['id']}.focus").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"statement-jump-{viewport[0]}.png"))
    finally:
        context.close()


def test_the_keyboard_reaches_the_statements_without_tabbing_through_the_text(
    page: Any, live_server: str
) -> None:
    import httpx

    articles = httpx.get(live_server + "/api/v1/articles", params={"limit": 50}).json()["items"]
    longest = max(articles, key=lambda a: a.get("statements", 0))
    page.goto(f"{live_server}/articles/{longest['id']}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    # One tab stop for all the highlights; the arrow keys walk them.
    assert page.locator("#text .hl[tabindex='0']").count() == 1
    first = page.locator("#text .hl[tabindex='0']")
    first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "0"
    assert page.locator("#text .hl[tabindex='0']").count() == 1
    # From the text, a skip link leads to the statements.
    page.locator("a.skip[href='#statements']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "statements"


def test_no_page_scrolls_sideways_on_a_phone(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        for path in ("/", "/statements?q=fuel", "/articles", "/entities", "/timeline",
                     "/commitments", "/add", "/articles/1"):  # fmt: skip
            page.goto(live_server + path)
            wide, screen = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert wide <= screen, f"{path} is {wide} px wide on a {screen} px screen"
    finally:
        context.close()


def test_the_timeline_reads_on_a_phone(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server + "/timeline")
        label, scrolled, room, row = page.evaluate(
            """() => {
              const scroller = document.querySelector(".chart-scroll");
              const label = document.querySelector("svg.timeline text");
              return [label.getBoundingClientRect().height,
                      scroller.scrollLeft + scroller.clientWidth,
                      scroller.scrollWidth,
                      getComputedStyle(document.querySelector(".timeline-items tr")).display];
            }"""
        )
        # The axis labels stay legible: the chart scrolls rather than shrinks...
        assert label >= 7, f"axis labels are {label:.1f} px tall"
        # ...and opens on its latest dates, at the right end.
        assert room > 390 and scrolled >= room - 1
        # Each item below is a block of its own, not a row squeezed into five columns.
        assert row == "block"
    finally:
        context.close()
