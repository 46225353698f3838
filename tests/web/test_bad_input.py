"""Bad input answers 4xx with a reason, never 5xx; every response, errors included, has
the security headers; only http(s) URLs become an article's link, at every entry point."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from onrecord import Reader, Settings
from onrecord.ingest import Rejected
from onrecord.ingest.sources import expand
from onrecord.records import Article
from onrecord.store import Store
from onrecord.web.app import SECURITY_HEADERS, create_app, serving_hosts
from tests.conftest import LOCKS
from tests.web.conftest import TOKEN, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}
HUGE = "9" * 30


def _secured(response: object) -> bool:
    headers = response.headers  # type: ignore[attr-defined]
    return all(name in headers for name in SECURITY_HEADERS)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/articles/{HUGE}",
        f"/api/v1/statements/{HUGE}",
        f"/api/v1/entities/{HUGE}",
        f"/articles/{HUGE}",
        f"/entities/{HUGE}",
        "/api/v1/articles/0",
    ],
)
def test_an_id_that_cannot_exist_is_not_found(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert _secured(response)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/statements?speaker=%23{HUGE}",
        f"/api/v1/statements/count?about=%23{HUGE}",
        f"/statements?before={HUGE}",
        f"/articles?before={HUGE}",
        "/entities?before=yesterday",
    ],
)
def test_numbers_past_any_id_find_nothing_or_everything_without_failing(
    client: TestClient, path: str
) -> None:
    assert client.get(path).status_code == 200


def test_a_cursor_past_any_position_is_refused(client: TestClient) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps({"p": int(HUGE)}).encode()).decode()
    response = client.get(f"/api/v1/statements?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/statements?q=a%00b", "/statements?q=a%00b"])
def test_a_nul_byte_is_refused_with_a_reason(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.text
    assert _secured(response)


def test_refusals_carry_the_security_headers(client: TestClient, web_settings: Settings) -> None:
    too_big = client.post(
        "/api/v1/articles", json={"text": "x" * (web_settings.max_request_bytes + 1)}, headers=AUTH
    )
    assert too_big.status_code == 413 and _secured(too_big)
    elsewhere = make_client(client.app, host="203.0.113.9").get("/api/v1/statements")  # type: ignore[arg-type]
    assert elsewhere.status_code == 401 and _secured(elsewhere)


def test_a_failure_inside_answers_500_with_the_headers_and_no_detail(
    tmp_path: Path, web_settings: Settings, reader: Reader
) -> None:
    ledger = tmp_path / "ledger.db"
    store = Store.open(ledger)
    app = create_app(web_settings, store=store, reader=reader)
    # The ledger's file goes away under the running app: a real fault, not a bad request.
    store.close()
    ledger.unlink()
    ledger.mkdir()
    response = TestClient(
        app, base_url="http://localhost", raise_server_exceptions=False, client=("127.0.0.1", 5)
    ).get("/api/v1/statements")
    assert response.status_code == 500
    assert _secured(response)
    assert "internal error" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "Í\b", "/local/path"],
)
def test_a_link_that_is_no_http_url_is_refused_by_the_api(client: TestClient, url: str) -> None:
    alone = client.post("/api/v1/articles", json={"url": url}, headers=AUTH)
    with_text = client.post("/api/v1/articles", json={"text": LOCKS, "url": url}, headers=AUTH)
    assert alone.status_code == with_text.status_code == 422
    assert "not an http(s) URL" in with_text.json()["detail"] or "not a URL" in alone.text


def test_a_link_that_is_no_http_url_is_refused_by_the_add_form(
    client: TestClient, store: Store
) -> None:
    before = store.rows()
    response = client.post(
        "/add", data={"token": TOKEN, "text": LOCKS, "url": "javascript:alert(document.cookie)"}
    )
    assert response.status_code == 422
    assert "not an http(s) URL" in response.text
    assert store.rows() == before


def test_a_jsonl_line_with_a_javascript_link_is_set_aside(
    tmp_path: Path, settings: Settings, reader: Reader
) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [
        {"text": LOCKS, "url": "javascript:alert(1)"},
        {"text": LOCKS, "url": "https://canals.example/locks"},
    ]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    items = list(expand([str(batch)], settings, reader.hints()))
    assert isinstance(items[0], Rejected) and "not an http(s) URL" in items[0].reason
    assert isinstance(items[1], Article) and items[1].url == "https://canals.example/locks"


@pytest.mark.parametrize("host", ["attacker.example", "localhost.attacker.example", "10.0.0.7"])
def test_a_request_for_another_host_is_refused(client: TestClient, host: str) -> None:
    """A page whose name was made to point at this machine (DNS rebinding) reads nothing,
    even from a loopback address."""
    response = client.get("/api/v1/statements", headers={"Host": host})
    assert response.status_code == 400
    assert "statements" not in response.text
    assert _secured(response)
    assert client.get("/api/v1/statements", headers={"Host": "127.0.0.1:8000"}).is_success


def test_allowed_hosts_admit_a_domain(web_settings: Settings, store: Store, reader: Reader) -> None:
    settings = replace(web_settings, allowed_hosts="localhost,*.newsroom.example")
    client = make_client(create_app(settings, store=store, reader=reader))
    assert client.get("/", headers={"Host": "ledger.newsroom.example"}).is_success
    assert client.get("/", headers={"Host": "newsroom.example.attacker.example"}).status_code == 400


def test_serve_answers_to_the_address_it_listens_on() -> None:
    default = Settings.from_env({}).allowed_hosts
    assert serving_hosts("127.0.0.1", default) == default
    assert serving_hosts("192.0.2.8", default) == f"{default},192.0.2.8"
    assert serving_hosts("2001:db8::8", default) == f"{default},[2001:db8::8]"
    assert serving_hosts("0.0.0.0", "ledger.newsroom.example") == "ledger.newsroom.example"


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/articles/123456", 404, "no article 123456"),
        ("/entities/123456", 404, "no entity 123456"),
        ("/no-such-page", 404, "Not Found"),
        ("/articles/fourteen", 422, "article_id"),
        ("/timeline?limit=many", 422, "limit"),
        ("/articles?cursor=e30", 400, "cursor"),
    ],
)
def test_a_page_that_cannot_be_shown_is_a_page_that_says_why(
    client: TestClient, path: str, status: int, says: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert says in response.text and "<nav>" in response.text
    assert _secured(response)


def test_the_api_keeps_answering_errors_as_json(client: TestClient) -> None:
    assert client.get("/api/v1/articles/123456").json()["detail"]
    invalid = client.get("/api/v1/articles/fourteen")
    assert invalid.status_code == 422 and invalid.json()["detail"][0]["loc"][-1] == "article_id"


def test_the_add_form_keeps_what_was_typed_when_it_is_refused(client: TestClient) -> None:
    typed = {
        "text": LOCKS,
        "url": "javascript:alert(1)",
        "title": "Locks <close> for repairs",
        "outlet": "Canal Weekly",
        "published": "2026-02-09",
    }
    refused = client.post("/add", data={"token": TOKEN, **typed})
    assert refused.status_code == 422
    assert "Boats already moored above the locks" in refused.text
    assert 'value="Locks &lt;close&gt; for repairs"' in refused.text
    assert 'value="Canal Weekly"' in refused.text and 'value="2026-02-09"' in refused.text
    wrong_token = client.post("/add", data={"token": "guess", **typed})
    assert wrong_token.status_code == 401 and "Canal Weekly" in wrong_token.text
    assert "guess" not in wrong_token.text
