"""The HTTP API on a real SQLite ledger: onrecord/1 shapes, filters, cursors that stay
stable while articles arrive, the write token, size limits and clear errors."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer

from onrecord import Reader, Settings, batch
from onrecord.store import Store
from onrecord.web import create_app
from tests.conftest import PAGES
from tests.web.conftest import TOKEN, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_ARTICLE = (
    "Ferry union rejects pay offer\n\n"
    "KESTREL BAY, April 2, 2026 — The ferry workers' union rejected the operator's pay "
    'offer on Wednesday. "This offer is an insult to every deckhand," union leader Mara '
    "Quist told reporters, adding that members would vote on a strike within 14 days. "
    "The operator reportedly plans to raise fares, according to two people familiar with "
    "the talks."
)


def statement_schema() -> dict[str, Any]:
    schema = json.loads(
        resources.files("onrecord.schema").joinpath("onrecord-1.json").read_text("utf-8")
    )
    return {**schema["properties"]["statements"]["items"], "$defs": schema["$defs"]}


def test_statements_follow_the_schema_and_their_spans_are_the_text(client: TestClient) -> None:
    page = client.get("/api/v1/statements", params={"limit": 50}).json()
    assert page["schema"] == "onrecord/1" and len(page["items"]) == 50
    schema = statement_schema()
    texts: dict[int, str] = {}
    for item in page["items"]:
        jsonschema.validate(item, schema)
        article_id = item["article"]["id"]
        if article_id not in texts:
            texts[article_id] = client.get(f"/api/v1/articles/{article_id}").json()["text"]
        text = texts[article_id]
        joined = " … ".join(text[s:e] for s, e in item["content"]["spans"])
        assert joined == item["content"]["text"]
        for part in [item["cue"], item["speaker"], *item["sources"], *item["hedges"]]:
            if part is not None and part["span"] is not None:
                assert text[part["span"][0] : part["span"][1]] == part["text"]


def test_filters_are_those_of_search(client: TestClient) -> None:
    found = client.get("/api/v1/statements", params={"speaker": "Lena Varga"}).json()
    assert found["items"] and all(
        i["speaker"]["text"] in ("Lena Varga", "Varga", "Transport Minister Lena Varga")
        for i in found["items"]
    )
    anonymous = client.get("/api/v1/statements", params={"certainty": "anonymous"}).json()
    assert anonymous["items"]
    assert {i["certainty"] for i in anonymous["items"]} == {"anonymous"}
    bad = client.get("/api/v1/statements", params={"since": "last week"})
    assert bad.status_code == 400 and "not a date" in bad.json()["detail"]
    unsure = client.get("/api/v1/statements", params={"certainty": "sure"})
    assert unsure.status_code == 400 and "is not one of" in unsure.json()["detail"]


def test_act_and_confidence_filter_the_api_only_when_asked(client: TestClient) -> None:
    def items(**params: object) -> list[dict[str, Any]]:
        response = client.get("/api/v1/statements", params={"limit": 100, **params})
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()["items"]
        return found

    def count(**params: object) -> int:
        found: int = client.get("/api/v1/statements/count", params=params).json()["count"]
        return found

    everything = items()
    assert len(everything) == count() < 100
    acts = {i["act"] for i in everything}
    # Our articles hold speech and intentions at least (the seed, when there, thoughts).
    assert {"speech", "intention"} <= acts
    for act in acts:
        assert {i["act"] for i in items(act=act)} == {act}
    said = items(act="said")
    assert said and {i["act"] for i in said} <= {"speech", "writing"}
    assert (
        len(said) == count(act="said") == sum(i["act"] in ("speech", "writing") for i in everything)
    )
    sure = items(min_confidence=0.7)
    assert sure and all(i["confidence"] >= 0.7 for i in sure)
    assert len(sure) == sum(i["confidence"] >= 0.7 for i in everything) < len(everything)
    bad = client.get("/api/v1/statements", params={"min_confidence": 2})
    assert bad.status_code == 422


def test_pages_do_not_repeat_or_skip_while_articles_arrive(
    app: FastAPI, client: TestClient
) -> None:
    everything = client.get("/api/v1/statements", params={"limit": 200}).json()["items"]
    ids = [i["id"] for i in everything]
    seen: list[str] = []
    cursor = None
    posted = False
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/statements", params=params).json()
        seen += [i["id"] for i in page["items"]]
        if not posted:
            # A new article lands between the first page and the second, newer than all.
            body = {"text": NEW_ARTICLE, "published": "2026-04-02"}
            response = client.post("/api/v1/articles", json=body, headers=AUTH)
            assert response.status_code == 201, response.text
            assert response.json()["counts"]["statements"] >= 1
            posted = True
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == ids
    # ... and a fresh first page starts with it.
    newest = client.get("/api/v1/statements", params={"limit": 5}).json()["items"]
    assert any("insult to every deckhand" in i["content"]["text"] for i in newest)
    assert newest[0]["id"] not in ids


def walk(client: TestClient, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every page of a list of the API, following ``next`` from the first."""
    pages = [client.get(path, params={"limit": limit, **params}).json()]
    while pages[-1]["next"]:
        cursor = pages[-1]["next"]
        pages.append(client.get(path, params={"limit": limit, "cursor": cursor, **params}).json())
    return pages


@pytest.mark.parametrize(
    "path", ["/api/v1/statements", "/api/v1/articles", "/api/v1/entities", "/api/v1/events"]
)
def test_lists_page_forward_then_back_to_the_same_pages_with_a_count(
    client: TestClient, path: str
) -> None:
    everything = client.get(path, params={"limit": 200}).json()
    # Pages of two: at least three of them on the smallest list (our own articles alone).
    pages = walk(client, path, 2)
    assert [i["id"] for p in pages for i in p["items"]] == [i["id"] for i in everything["items"]]
    assert pages[0]["prev"] is None and pages[-1]["next"] is None and len(pages) > 2
    assert {(p["count"], p["more"]) for p in pages} == {(len(everything["items"]), False)}
    back = [pages[-1]]
    while back[-1]["prev"]:
        cursor = back[-1]["prev"]
        back.append(client.get(path, params={"limit": 2, "cursor": cursor}).json())
    assert [p["items"] for p in back] == [p["items"] for p in pages[::-1]]


def test_statements_are_newest_first_by_the_day_said_else_published(client: TestClient) -> None:
    found = client.get("/api/v1/statements", params={"limit": 200}).json()["items"]

    def day(item: dict[str, Any]) -> str:
        said = (item["said_on"] or {}).get("range") or [None]
        return said[0] or (item["article"]["published"] or "")[:10]

    ordered = [(day(i), int(i["id"])) for i in found]
    assert ordered == sorted(ordered, reverse=True)
    # The newest article comes first: not the one stored first (the seed, when there).
    assert found[0]["article"]["published"] == "2026-03-04"
    assert [p["published"] for p in client.get("/api/v1/articles").json()["items"]][:3] == [
        "2026-03-04",
        "2026-03-03",
        "2026-02-20",
    ]


def test_a_cursor_of_one_list_is_refused_by_another(client: TestClient) -> None:
    articles = client.get("/api/v1/articles", params={"limit": 2}).json()
    refused = client.get("/api/v1/statements", params={"cursor": articles["next"]})
    assert refused.status_code == 400 and "cursor" in refused.json()["detail"]
    commitments = client.get("/api/v1/commitments", params={"cursor": articles["next"]})
    assert commitments.status_code == 400


def test_counting_statements_stops_past_its_bound(client: TestClient) -> None:
    every = client.get("/api/v1/statements", params={"limit": 200}).json()["items"]
    assert client.get("/api/v1/statements/count").json() == {"count": len(every), "more": False}
    assert client.get("/api/v1/statements/count", params={"up_to": 3}).json() == {
        "count": 3,
        "more": True,
    }
    fuel = client.get("/api/v1/statements/count", params={"q": "fuel"}).json()["count"]
    assert fuel == len(client.get("/api/v1/statements", params={"q": "fuel"}).json()["items"])


def test_an_article_posted_is_one_that_ingest_will_not_read_again(
    client: TestClient, store: Store, web_settings: Settings, reader: Reader, tmp_path: Path
) -> None:
    assert client.post("/api/v1/articles", json={"text": NEW_ARTICLE}, headers=AUTH).is_success
    path = tmp_path / "ferry-union.txt"
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    summary = batch.ingest([str(path)], store, web_settings, reader=reader)
    assert (summary.unchanged, summary.stored, summary.replaced) == (1, 0, 0)


def test_a_bad_cursor_is_refused(client: TestClient) -> None:
    def made(body: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")

    bad = [
        "not-a-cursor",
        "eyJwIjogLTF9",
        "e30",
        made({"p": 20}),  # a cursor of before lists were dated
        made({"l": "statements", "o": 20, "a": ["2026-03-03", -1]}),
        made({"l": "statements", "o": 20, "a": ["2026-03-03\u0000", 5]}),
        made({"l": "statements", "o": 20, "a": [5, 5]}),
        made({"l": "statements", "o": True, "a": [None, 5]}),
        made({"l": "statements", "o": 0, "a": [None, 5], "b": [None, 6]}),
        made({"l": "statements", "o": 0, "a": [None, 2**64]}),
        made({"l": "statements", "o": 0, "x": 1}),
        "A" * 5000,
    ]
    for cursor in bad:
        response = client.get("/api/v1/statements", params={"cursor": cursor})
        assert response.status_code == 400
        assert "cursor" in response.json()["detail"]


def test_writes_need_the_token(client: TestClient, store: Store) -> None:
    before = store.rows()
    body = {"text": NEW_ARTICLE}
    assert client.post("/api/v1/articles", json=body).status_code == 401
    wrong = client.post("/api/v1/articles", json=body, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert store.rows() == before


def test_a_server_without_a_token_is_read_only(
    store: Store, reader: Reader, settings: Settings
) -> None:
    app = create_app(Settings.from_env({}), store=store, reader=reader)
    response = make_client(app).post("/api/v1/articles", json={"text": NEW_ARTICLE}, headers=AUTH)
    assert response.status_code == 403 and "ONRECORD_TOKEN" in response.json()["detail"]


def test_an_oversized_body_is_refused_and_nothing_is_stored(
    client: TestClient, store: Store, web_settings: Settings
) -> None:
    before = store.rows()
    huge = {"text": NEW_ARTICLE + " More." * web_settings.max_request_bytes}
    response = client.post("/api/v1/articles", json=huge, headers=AUTH)
    assert response.status_code == 413 and "limit" in response.json()["detail"]

    # Without a Content-Length, the body is counted as it arrives.
    def chunks() -> Any:
        for _ in range(web_settings.max_request_bytes // 10_000 + 2):
            yield b" " * 10_000

    streamed = client.post(
        "/api/v1/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert store.rows() == before


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({"text": "   \n  "}, 422, "only whitespace"),
        ({"text": "\x00\x01\x02binary\x00" * 20}, 422, "binary"),
        ({"text": "a", "html": "<p>b</p>"}, 422, "not both"),
        ({}, 422, "one of text, html or url"),
        ({"text": NEW_ARTICLE, "published": "someday"}, 422, "published date"),
        ({"html": "<html><body><script>x()</script></body></html>"}, 422, ""),
    ],
)
def test_bad_articles_get_a_reason_and_lose_nothing(
    client: TestClient, store: Store, body: dict[str, Any], status: int, reason: str
) -> None:
    before = store.rows()
    response = client.post("/api/v1/articles", json=body, headers=AUTH)
    assert response.status_code == status
    assert reason in json.dumps(response.json())
    assert store.rows() == before


def test_invalid_json_is_a_clear_4xx(client: TestClient) -> None:
    response = client.post(
        "/api/v1/articles",
        content=b'{"text": "unterminated',
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert "json" in response.text.lower()


def test_a_posted_html_page_is_read_with_its_metadata(client: TestClient) -> None:
    html = (
        "<html><head><title>Dock talks collapse</title>"
        '<meta property="article:published_time" content="2026-04-02">'
        "<script>document.title='pwned'</script></head><body><article><h1>Dock talks "
        "collapse</h1><p>KESTREL BAY — Talks between the port and the dockers' union "
        'collapsed on Wednesday. "We are done talking," union secretary Ola Brandt said.'
        "</p><p>The port reportedly offered a 2 per cent rise, officials said.</p>"
        "</article></body></html>"
    )
    body = {"html": html, "outlet": "Kestrel Gazette", "url": "https://gazette.example/dock"}
    created = client.post("/api/v1/articles", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    article = client.get(f"/api/v1/articles/{created.json()['id']}").json()
    assert article["outlet"] == "Kestrel Gazette"
    assert article["url"] == "https://gazette.example/dock"
    assert "pwned" not in article["text"] and "We are done talking" in article["text"]
    assert any("done talking" in s["content"]["text"] for s in article["statements"])


def test_an_article_is_fetched_from_its_url_on_request(
    web_settings: Settings, store: Store, reader: Reader, httpserver: HTTPServer
) -> None:
    page = (PAGES / "harbour-strike.html").read_bytes()
    httpserver.expect_request("/news/strike").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    url = httpserver.url_for("/news/strike")
    # The test's web server is on this machine, which a server only fetches from when told.
    refused = make_client(create_app(web_settings, store=store, reader=reader)).post(
        "/api/v1/articles", json={"url": url}, headers=AUTH
    )
    assert refused.status_code == 422 and "private network" in refused.json()["detail"]
    settings = replace(web_settings, allow_private_urls=True)
    client = make_client(create_app(settings, store=store, reader=reader))
    created = client.post("/api/v1/articles", json={"url": url}, headers=AUTH)
    assert created.status_code == 201, created.text
    article = client.get(f"/api/v1/articles/{created.json()['id']}").json()
    assert (article["url"], article["outlet"]) == (url, "The Coastal Courier")
    assert article["title"] == "Port workers threaten strike over pay as talks stall"
    assert article["statements"]
    before = store.rows()
    gone = client.post("/api/v1/articles", json={"url": httpserver.url_for("/gone")}, headers=AUTH)
    assert gone.status_code == 502 and "404" in gone.json()["detail"]
    assert store.rows() == before


def test_entities_events_and_commitments(client: TestClient, seed_path: Any) -> None:
    [trump] = client.get("/api/v1/entities", params={"q": "Q22686"}).json()["items"]
    entity = client.get(f"/api/v1/entities/{trump['id']}").json()
    assert entity["name"] == "Donald Trump" and entity["said"] >= 3
    assert entity["articles"] == 3  # the seed and the two follow-ups
    assert entity["per_month"] and entity["per_month"][0][0].startswith("2025-")
    consult = client.get("/api/v1/events", params={"type": "CONSULT", "actor": "Trump"}).json()
    assert consult["items"]
    assert all(e["type"] == "CONSULT" for e in consult["items"])
    assert any((e["actor"] or {}).get("entity") == trump["id"] for e in consult["items"])
    page = client.get("/api/v1/commitments", params={"actor": "Trump", "limit": 1}).json()
    [first] = page["items"]
    assert first["steps"] and page["next"]
    rest = client.get("/api/v1/commitments", params={"actor": "Trump", "cursor": page["next"]})
    assert first["id"] not in {c["id"] for c in rest.json()["items"]}


def test_missing_things_are_404(client: TestClient) -> None:
    for path in ("/api/v1/articles/99999", "/api/v1/statements/99999", "/api/v1/entities/99999"):
        response = client.get(path)
        assert response.status_code == 404 and "99999" in response.json()["detail"]


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/statements",
        "/api/v1/articles",
        "/api/v1/entities",
        "/api/v1/events",
        "/api/v1/commitments",
    } <= set(spec["paths"])
    assert "post" in spec["paths"]["/api/v1/articles"]
    # The bearer token is declared, so the docs page offers "Authorize".
    [scheme] = spec["components"]["securitySchemes"].values()
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert spec["paths"]["/api/v1/articles"]["post"]["security"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    # Its one inline script is allowed by hash, not by 'unsafe-inline'.
    csp = docs.headers["content-security-policy"]
    assert "'sha256-" in csp and "script-src 'self' 'sha256-" in csp
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_every_route_documents_its_answer_and_every_status(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            answers = operation["responses"]
            [ok] = [code for code in answers if code.startswith("2")]
            typed = answers[ok]["content"]["application/json"]["schema"]
            assert "$ref" in typed, (method, path)  # a model, not "any JSON"
            assert {"400", "401", "422"} <= set(answers), (method, path)
            if "{" in path:
                assert "404" in answers, (method, path)
            for code, answer in answers.items():
                if not code.startswith("2"):
                    error = answer["content"]["application/json"]["schema"]
                    assert error == {"$ref": "#/components/schemas/Problem"}, (code, path)
    posted = spec["paths"]["/api/v1/articles"]["post"]["responses"]
    assert {"201", "401", "403", "413", "422", "502"} <= set(posted)
    # A page's envelope is typed down to its items.
    page = spec["components"]["schemas"]["Paged_Statement_"]["properties"]
    assert {"items", "next", "prev", "count", "more"} <= set(page)
    assert page["items"]["items"] == {"$ref": "#/components/schemas/Statement"}


def test_an_error_answers_json_with_its_reason_and_405_names_every_method(
    app: FastAPI, client: TestClient
) -> None:
    elsewhere = make_client(app, host="203.0.113.9").get("/api/v1/articles")
    assert elsewhere.status_code == 401 and "token" in elsewhere.json()["detail"]
    wrong = client.delete("/api/v1/articles")
    assert wrong.status_code == 405 and "detail" in wrong.json()
    assert {"GET", "POST"} <= set(wrong.headers["allow"].split(", "))


def test_reading_from_another_machine_needs_the_token(app: FastAPI) -> None:
    remote = make_client(app, host="203.0.113.9")
    refused = remote.get("/api/v1/statements")
    assert refused.status_code == 401 and "token" in refused.text
    assert remote.get("/api/v1/statements", headers=AUTH).status_code == 200
    # A page asks for the token with a form, never in the address.
    assert remote.get("/statements", params={"token": TOKEN}).status_code == 401
    asked = remote.get("/statements?q=fuel")
    assert asked.status_code == 401 and 'action="/login"' in asked.text
    assert 'name="next" value="/statements?q=fuel"' in asked.text
    wrong = remote.post("/login", data={"token": "guess", "next": "/statements"})
    assert wrong.status_code == 401 and "wrong token" in wrong.text
    shown = remote.post(
        "/login", data={"token": TOKEN, "next": "/statements?q=fuel"}, follow_redirects=False
    )
    assert shown.status_code == 303 and shown.headers["location"] == "/statements?q=fuel"
    cookie = shown.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    # The cookie it sets opens the pages and the API.
    assert remote.get("/statements").status_code == 200
    assert remote.get("/api/v1/statements").status_code == 200


def test_the_login_sends_nowhere_else_and_its_cookie_is_secure_over_https(app: FastAPI) -> None:
    remote = TestClient(app, base_url="https://localhost", client=("203.0.113.9", 50_000))
    for away in ("https://attacker.example/", "//attacker.example/", "/\\attacker.example"):
        shown = remote.post("/login", data={"token": TOKEN, "next": away}, follow_redirects=False)
        assert shown.headers["location"] == "/"
    assert "secure" in shown.headers["set-cookie"].lower()


def test_a_name_counts_the_statements_of_the_person_it_names(
    client: TestClient, seed_path: Any
) -> None:
    by_name = client.get("/api/v1/statements/count", params={"speaker": "Trump"}).json()
    by_id = client.get("/api/v1/statements/count", params={"speaker": "Q22686"}).json()
    assert by_name == by_id and by_id["count"] > 0
