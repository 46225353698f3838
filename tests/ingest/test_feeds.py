"""Feeds served by a real HTTP server on 127.0.0.1 (pytest-httpserver), and feed files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from onrecord import Settings
from onrecord.ingest import Rejected
from onrecord.ingest.feeds import is_feed, read_feed
from onrecord.ingest.sources import expand
from onrecord.records import Article
from tests.conftest import PAGES

STRIKE = (PAGES / "harbour-strike.html").read_bytes()
UNDATED = (PAGES / "undated.html").read_bytes()

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>The Coastal Courier: Local news</title>
    <link>{base}/</link>
    <description>Local news from the coast</description>
    <item>
      <title>Port workers threaten strike over pay</title>
      <link>{base}/news/strike</link>
      <pubDate>Wed, 22 May 2024 07:00:00 +0100</pubDate>
    </item>
    <item>
      <title>Council approves flood barrier</title>
      <link>/news/flood-barrier</link>
      <pubDate>Mon, 03 Jun 2024 23:30:00 -0400</pubDate>
    </item>
    <item>
      <title>Ferry timetable changes</title>
      <link>{base}/news/ferry-timetable</link>
    </item>
    <item>
      <title>Port workers threaten strike over pay (updated)</title>
      <link>{base}/news/strike</link>
    </item>
    <item>
      <title>Editor's note</title>
      <description>Our offices close early on Friday.</description>
    </item>
  </channel>
</rss>
"""


def serve_articles(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/news/strike").respond_with_data(STRIKE, content_type="text/html")
    httpserver.expect_request("/news/flood-barrier").respond_with_data(
        UNDATED, content_type="text/html"
    )
    httpserver.expect_request("/news/ferry-timetable").respond_with_data("gone", status=404)


def test_feed_url_entries_are_read_once_each(httpserver: HTTPServer, settings: Settings) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml; charset=utf-8"
    )
    serve_articles(httpserver)
    feed_url = httpserver.url_for("/feed")

    items = list(expand([feed_url], settings))

    strike, flood, dead, no_link = items
    assert isinstance(strike, Article) and isinstance(flood, Article)
    # The article's own date wins over the feed's.
    assert (strike.url, strike.title) == (
        f"{base}/news/strike",
        "Port workers threaten strike over pay as talks stall",
    )
    assert (strike.published, strike.published_from) == ("2024-05-21", "html-metadata")
    # An undated article takes its entry's date, at the offset the feed wrote it with; the
    # relative link is resolved against the feed's URL.
    assert flood.url == f"{base}/news/flood-barrier"
    assert flood.source == f"{base}/news/flood-barrier"
    assert (flood.published, flood.published_from) == ("2024-06-03T23:30-04:00", "feed")
    assert flood.warnings == (
        "no publication date in the article; using the date its feed entry gives",
    )
    assert dead == Rejected(f"{base}/news/ferry-timetable", "HTTP 404 NOT FOUND")
    assert no_link == Rejected(f"{feed_url}#entry 5", "the entry has no link")
    fetched = [request.path for request, _ in httpserver.log]
    assert fetched == ["/feed", "/news/strike", "/news/flood-barrier", "/news/ferry-timetable"]


def test_feed_served_as_html_is_sniffed(httpserver: HTTPServer, settings: Settings) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss").respond_with_data(
        RSS.format(base=base), content_type="text/html"
    )
    serve_articles(httpserver)
    items = list(expand([httpserver.url_for("/rss")], settings))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "Rejected", "Rejected"]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>The Riverside Gazette</title>
  <id>urn:uuid:5d0c2a3e-1f7e-4f43-9a55-2f2b1b8d0e11</id>
  <updated>2024-06-04T08:00:00Z</updated>
  <entry>
    <title>Council approves flood barrier</title>
    <id>urn:uuid:8e3b0f6a-8c71-4b0e-9a7e-61a0e1a3c2d4</id>
    <link href="{base}/news/flood-barrier"/>
    <updated>2024-06-04T08:00:00Z</updated>
  </entry>
  <entry>
    <title>Harbour fees to rise</title>
    <id>urn:uuid:0b8f5f1e-3c4d-4a59-8c1e-7d1c5b2a9f30</id>
    <link href="/news/harbour-fees"/>
  </entry>
</feed>
"""


def test_atom_file_with_a_link_that_is_not_a_url(
    httpserver: HTTPServer, settings: Settings, tmp_path: Path
) -> None:
    serve_articles(httpserver)
    path = tmp_path / "gazette.atom"
    path.write_text(ATOM.format(base=httpserver.url_for("").rstrip("/")))
    flood, local = expand([str(path)], settings)
    assert isinstance(flood, Article)
    assert (flood.published, flood.published_from) == ("2024-06-04T08:00+00:00", "feed")
    # A feed file has no URL to resolve against, and a path is never read as a link.
    assert local == Rejected(
        f"{path}#entry 2", "its link '/news/harbour-fees' is not an http(s) URL"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Meeting notes, not a feed", "not a readable RSS or Atom feed (syntax error)"),
        (b"<html><body><p>A web page</p></body></html>", "not a readable RSS or Atom feed"),
    ],
)
def test_not_a_feed(settings: Settings, data: bytes, reason: str) -> None:
    assert list(read_feed(data, "news.xml", settings)) == [Rejected("news.xml", reason)]


def test_empty_feed_is_no_error(settings: Settings) -> None:
    empty = b'<rss version="2.0"><channel><title>Quiet week</title></channel></rss>'
    assert list(read_feed(empty, "quiet.rss", settings)) == []


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/atom+xml", b"", True),
        ("text/xml", b"<urlset/>", True),
        (
            "text/html",
            b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- news -->\n<rss version="2.0">',
            True,
        ),
        ("", b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
        ("text/html", b"<!DOCTYPE html><html><body><p>feed</p></body></html>", False),
    ],
)
def test_is_feed(content_type: str, body: bytes, expected: bool) -> None:
    assert is_feed(content_type, body) is expected
