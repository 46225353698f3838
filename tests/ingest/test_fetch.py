"""Fetching against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from onrecord import Settings
from onrecord.errors import FetchError, InputTooLarge
from onrecord.ingest import Hints, load
from tests.conftest import PAGES

PAGE = (PAGES / "harbour-strike.html").read_bytes()


def test_url_is_fetched_and_read(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/news/strike").respond_with_data(
        PAGE, content_type="text/html; charset=utf-8"
    )
    article = load(httpserver.url_for("/news/strike"), settings)
    assert article.title == "Port workers threaten strike over pay as talks stall"
    assert article.url == httpserver.url_for("/news/strike")
    assert article.outlet == "The Coastal Courier"
    assert article.published == "2024-05-21"


def test_redirects_are_followed_and_final_url_kept(
    httpserver: HTTPServer, settings: Settings
) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/new")}
    )
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    assert load(httpserver.url_for("/old"), settings).url == httpserver.url_for("/new")


def test_http_error_status(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        load(httpserver.url_for("/gone"), settings)


def test_non_html_content_type(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/photo").respond_with_data(b"\x89PNG", content_type="image/png")
    with pytest.raises(FetchError, match="image/png is not a web page"):
        load(httpserver.url_for("/photo"), settings)


def test_body_over_the_cap(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/huge").respond_with_data(
        b"<p>x</p>" * 5000, content_type="text/html"
    )
    with pytest.raises(InputTooLarge):
        load(httpserver.url_for("/huge"), replace(settings, max_bytes=10_000))


def test_unreachable_url(settings: Settings) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="unreachable"):
        load(f"http://127.0.0.1:{port}/story", settings, Hints())


def test_timeout(httpserver: HTTPServer, settings: Settings) -> None:
    import time

    def slow(request: object) -> object:
        time.sleep(1.5)
        from werkzeug import Response

        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match=r"no answer within 0\.5 s"):
        load(httpserver.url_for("/slow"), replace(settings, fetch_timeout=0.5))
