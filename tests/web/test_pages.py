"""The server-rendered pages, read as HTML: what each shows, escaping, headers, errors,
the Add form, and ``onrecord serve`` itself."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from onrecord.store import Store
from onrecord.web.app import CSP
from tests.conftest import Onrecord
from tests.ingest.test_language import GERMAN
from tests.web.conftest import TOKEN

PAGES = ["/", "/statements?q=fuel", "/articles", "/entities", "/timeline", "/commitments", "/add"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self';" in CSP and "unsafe-inline" not in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    # No inline script anywhere: the only script is our file.
    assert re.findall(r"<script[^>]*>", response.text) == [
        '<script src="http://localhost/static/onrecord.js" defer>'
    ]


def test_statement_cards_page_both_ways_and_say_which_of_how_many(client: TestClient) -> None:
    def cards(page: str) -> list[str]:
        return re.findall(r'id="card-(\d+)"', page)

    def link(page: str, rel: str) -> str | None:
        found = re.search(rf'<a rel="{rel}" href="(/statements\?[^"]*)"', page)
        return html.unescape(found.group(1)) if found else None

    total = client.get("/api/v1/statements/count").json()["count"]
    first = client.get("/statements", params={"act": "", "min_confidence": 0}).text
    assert len(cards(first)) == 20 and link(first, "prev") is None
    assert f"1–20 of {total} statements" in first
    older = link(first, "next")
    # The link keeps the filters: any act, any confidence.
    assert older is not None and "act=&" in older and "min_confidence=0" in older
    second = client.get(older).text
    assert f"21–40 of {total} statements" in second
    assert cards(second) and not set(cards(second)) & set(cards(first))
    newer = link(second, "prev")
    assert newer is not None and "Newer statements" in second
    again = client.get(newer).text
    assert cards(again) == cards(first) and link(again, "prev") is None
    assert f"1–20 of {total} statements" in again
    # An address from before pages were dated starts over from the first page.
    assert cards(client.get("/statements?act=&min_confidence=0&before=40").text) == cards(first)
    # A page that fits shows its count alone.
    few = client.get("/statements", params={"outlet": "Coastal Times"}).text
    assert re.search(r'<p class="count" id="count">\d statements?</p>', few)


def test_the_statements_page_shows_what_was_said_that_the_model_believes(
    client: TestClient,
) -> None:
    def cards(**params: object) -> set[str]:
        page = client.get("/statements", params=params).text
        return set(re.findall(r'id="card-(\d+)"', page))

    def ids(**params: object) -> set[str]:
        found = client.get("/api/v1/statements", params={"limit": 20, **params}).json()
        return {str(item["id"]) for item in found["items"]}

    threshold = float(re.findall(r'option value="([0-9.]+)"', client.get("/statements").text)[0])
    assert 0 < threshold < 1
    assert cards() == ids(act="said", min_confidence=threshold)
    # Asked for any act and any confidence, it shows what the API lists unfiltered.
    assert cards(act="", min_confidence=0) == ids()
    assert cards(act="intention", min_confidence=0) == ids(act="intention") != set()


def test_a_card_shows_who_what_when_how_sure_and_through_whom(client: TestClient) -> None:
    page = client.get("/statements", params={"q": "ten days", "speaker": "Erdoğan"}).text
    [card] = re.findall(r'<article class="card".*?</article>', page, re.S)
    assert "Recep Tayyip Erdoğan" in card and "union leaders" in card
    assert "within ten days" in card
    assert "certainty-anonymous" in card
    # The chain: the outlet, then the officials it heard it from.
    assert '<li class="link link-outlet">Aegean Gazette</li>' in card
    assert re.search(
        r'<li class="link link-anonymous">(<span class="sep">→</span>)? two officials', card
    )
    assert re.search(r"<time[^>]*>\s*2026-03-01", card)  # "on Sunday" before 3 March


def test_a_card_shows_whom_a_pronoun_speaker_stands_for(client: TestClient) -> None:
    page = client.get("/statements", params={"speaker": "Deniz Aksoy"}).text
    cards = re.findall(r'<article class="card".*?</article>', page, re.S)
    [card] = [c for c in cards if re.search(r'<a class="who" href="/entities/\d+">He</a>', c)]
    assert '<span class="stands-for">(Deniz Aksoy)</span>' in card
    # A name is not repeated after itself.
    assert all("stands-for" not in c for c in cards if c is not card)


def test_the_article_page_marks_each_kind_of_span(client: TestClient) -> None:
    article_id = re.search(r'href="/articles/(\d+)">Dock workers', client.get("/articles").text)
    assert article_id is not None
    page = client.get(f"/articles/{article_id.group(1)}").text
    for kind, words in [
        ("content", "We cannot keep the country waiting for fuel"),
        ("speaker", "Transport Minister Lena Varga"),
        ("hedge", "reportedly"),
        ("time", "Monday"),
        ("source", "two officials briefed on the meeting"),
    ]:
        pattern = rf'<span class="hl [^"]*hl-{kind}[^"]*"[^>]*>[^<]*{re.escape(words[:12])}'
        assert re.search(pattern, page), kind
    assert "Sourcing profile" in page and "anonymous source" in page
    # The profile counts the links the text names (the outlet, named by the metadata, is not).
    assert re.search(r"Relayed through: anonymous ×\d", page)


def test_bad_filters_and_missing_pages(client: TestClient) -> None:
    bad = client.get("/statements", params={"since": "yesterday"})
    assert bad.status_code == 400 and "is not a date" in bad.text
    assert client.get("/articles/424242").status_code == 404
    assert client.get("/entities/424242").status_code == 404
    assert client.get("/commitments", params={"as_of": "soon"}).status_code == 400


def test_the_add_form_needs_the_token_and_reads_an_upload(client: TestClient, store: Store) -> None:
    before = store.rows()
    article = (
        "Pilots warn of strike\n\nKESTREL BAY, May 4, 2026 — Harbour pilots will walk out "
        'unless the port hires six more of them by June 1, their union said on Monday. "We '
        'are stretched to breaking point," union chair Ines Holm told reporters.'
    )
    refused = client.post("/add", data={"token": "guess", "text": article})
    assert refused.status_code == 401 and "wrong token" in refused.text
    assert store.rows() == before
    upload = client.post(
        "/add",
        data={"token": TOKEN, "outlet": "Kestrel Gazette"},
        files={"file": ("pilots.txt", article.encode(), "text/plain")},
        follow_redirects=False,
    )
    assert upload.status_code == 303
    page = client.get(upload.headers["location"]).text
    assert "Pilots warn of strike" in page and "Kestrel Gazette" in page
    assert "stretched to breaking point" in page
    empty = client.post("/add", data={"token": TOKEN, "text": "  "})
    assert empty.status_code == 422 and "give the article" in empty.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_onrecord_serve(ledger_file: Path) -> None:
    """``onrecord serve`` as its own process, as a user starts it: it answers on its port."""
    port = free_port()
    env = {**os.environ, "ONRECORD_TOKEN": ""}
    command = [sys.executable, "-m", "onrecord", "serve", "--db", str(ledger_file)]
    server = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/commitments", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "onrecord serve did not answer in 60 s"
                time.sleep(0.2)
        assert response.status_code == 200 and "Commitments" in response.text
        refused = httpx.post(f"http://127.0.0.1:{port}/api/v1/articles", json={"text": "x"})
        assert refused.status_code == 403  # no token set: read-only
    finally:
        server.terminate()
        server.wait(10)


def test_onrecord_serve_refuses_what_it_cannot_serve(ledger_file: Path, onrecord: Onrecord) -> None:
    opened = onrecord("serve", "--db", str(ledger_file), "--host", "0.0.0.0")
    assert opened.exit_code == 1 and "set ONRECORD_TOKEN first" in opened.stderr
    missing = onrecord("serve", "--db", str(ledger_file.parent / "no.db"))
    assert missing.exit_code == 1 and "no.db" in missing.stderr


def test_an_article_not_in_english_is_stored_and_says_it_was_not_read(
    client: TestClient,
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    posted = client.post("/api/v1/articles", json={"text": GERMAN}, headers=auth)
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert "German: onrecord reads English; stored without extraction" in body["warnings"]
    assert body["counts"]["statements"] == body["counts"]["entities"] == 0
    listing = client.get("/articles").text
    row = re.search(rf'href="/articles/{body["id"]}">[^<]*</a>.*?</tr>', listing, re.S)
    assert row is not None and "German: not read" in row.group(0)
    page = client.get(f"/articles/{body['id']}").text
    assert "German: onrecord reads English; stored without extraction" in page
