from __future__ import annotations

import pytest

from onrecord.errors import NotAnArticle
from onrecord.ingest.html import looks_like_html, read_html
from tests.conftest import PAGES


def test_article_page_text_and_metadata() -> None:
    page = read_html((PAGES / "harbour-strike.html").read_text("utf-8"))
    assert page.title == "Port workers threaten strike over pay as talks stall"
    assert page.authors == ("Priya Natarajan",)
    assert page.outlet == "The Coastal Courier"
    assert page.published == "2024-05-21"
    assert page.published_from == "html-metadata"
    assert page.text.startswith(page.title)
    assert "will walk out within 14 days" in page.text


def test_scripts_navigation_and_asides_are_dropped() -> None:
    page = read_html((PAGES / "harbour-strike.html").read_text("utf-8"))
    for junk in ("alert(", "dataLayer", "injected", "Subscribe for", "Storm warning", "©"):
        assert junk not in page.text


def test_undated_page_has_no_date() -> None:
    page = read_html((PAGES / "undated.html").read_text("utf-8"))
    assert page.published is None
    assert page.published_from is None


def test_page_without_article_is_refused() -> None:
    with pytest.raises(NotAnArticle):
        read_html((PAGES / "no-article.html").read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <html lang='en'><p>x</p></html>", True),
        ("<div><p>One</p><p>Two</p></div>", True),
        ("Talks resume\n\nOfficials said the <b>talks</b> would resume.", False),
    ],
)
def test_html_sniffing(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected
