"""Article versions in the web app: a page posted again at the same address with another
text is a new version, listed, shown and compared by the API and the pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.store.test_versions import FIRST, SECOND, URL
from tests.web.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _post_both(client: TestClient) -> int:
    first = client.post("/api/v1/articles", json={"text": FIRST, "url": URL}, headers=AUTH)
    assert first.status_code == 201, first.text
    # The same address, through the Add form this time, with the page's new text.
    second = client.post(
        "/add", data={"token": TOKEN, "text": SECOND, "url": URL}, follow_redirects=False
    )
    assert second.status_code == 303, second.text
    assert second.headers["location"] == f"/articles/{first.json()['id']}"
    return int(first.json()["id"])


def test_the_api_lists_shows_and_compares_versions(client: TestClient) -> None:
    article_id = _post_both(client)
    listed = client.get(f"/api/v1/articles/{article_id}/versions").json()
    assert [(v["number"], v["current"]) for v in listed["items"]] == [(1, False), (2, True)]
    assert listed["items"][0]["statements"] >= 3
    assert listed["items"][0]["content_hash"] != listed["items"][1]["content_hash"]

    old = client.get(f"/api/v1/articles/{article_id}/versions/1").json()
    assert old["schema"] == "onrecord/1" and old["text"] == FIRST
    assert old["version"]["number"] == 1 and not old["version"]["current"]
    assert any("lied to us" in s["content"]["text"] for s in old["statements"])
    current = client.get(f"/api/v1/articles/{article_id}/versions/2").json()
    assert current["text"] == client.get(f"/api/v1/articles/{article_id}").json()["text"]

    diff = client.get(f"/api/v1/articles/{article_id}/diff", params={"from": 1, "to": 2}).json()
    assert [c["field"] for c in diff["fields"]] == ["title"]
    [reworded] = diff["statements"]["reworded"]
    assert "not kept its word" in reworded["new"]["content"]["text"]
    assert "".join(p["text"] for p in diff["text"] if p["kind"] != "added") == FIRST

    for missing in (
        f"/api/v1/articles/{article_id}/versions/3",
        f"/api/v1/articles/{article_id}/versions/99999999999999999999999",
        "/api/v1/articles/99999999999999999999999/versions",
        f"/api/v1/articles/{article_id}/diff?from=1&to=7",
    ):
        response = client.get(missing)
        assert response.status_code == 404, missing
        assert response.json()["detail"]


def test_the_pages_show_the_versions_and_what_changed(client: TestClient) -> None:
    article_id = _post_both(client)
    page = client.get(f"/articles/{article_id}").text
    assert f'href="/articles/{article_id}/versions"' in page and "2 versions kept" in page

    versions = client.get(f"/articles/{article_id}/versions")
    assert versions.status_code == 200
    html = versions.text
    assert "From version 1 to version 2" in html
    assert "<del>Harbour pilots threaten walkout within a week</del>" in html
    assert "<ins>Harbour pilots and port authority to resume talks</ins>" in html
    # Words, not whole paragraphs, are marked in the text.
    assert re.search(r"has <del>lied to us</del><ins>not kept its word</ins> for two", html)

    old = client.get(f"/articles/{article_id}/versions/1")
    assert old.status_code == 200
    assert "This is version 1 (of 2 kept)" in old.text and "lied to us" in old.text
    assert f'href="/api/v1/articles/{article_id}/versions/1"' in old.text
    current = client.get(f"/articles/{article_id}/versions/2", follow_redirects=False)
    assert current.status_code == 307 and current.headers["location"] == f"/articles/{article_id}"
    backwards = client.get(f"/articles/{article_id}/versions?from=2&to=1").text
    assert "From version 1 to version 2" in backwards
    assert "compared with itself" in client.get(f"/articles/{article_id}/versions?from=2").text
    missing = client.get(f"/articles/{article_id}/versions?from=5")
    assert missing.status_code == 404 and "has no version 5 (it has 1, 2)" in missing.text
    assert "text/html" in missing.headers["content-type"]


def test_an_article_stored_once_has_one_version(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"limit": 1}).json()["items"][0]["id"]
    listed = client.get(f"/api/v1/articles/{first}/versions").json()["items"]
    assert [v["number"] for v in listed] == [1] and listed[0]["current"]
    html = client.get(f"/articles/{first}/versions").text
    assert "keeps 1 version of this article" in html and "From version" not in html
