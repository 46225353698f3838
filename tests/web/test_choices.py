"""A name that may mean several entities: the pages say which they show and offer the
others, instead of choosing silently."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.store.test_finding_people import FOLLOW_UP
from tests.web.conftest import TOKEN


def test_a_name_of_several_people_offers_them(client: TestClient) -> None:
    # The ledger quotes Lena Varga; a later report quotes a bare "Varga" it cannot link.
    posted = client.post(
        "/api/v1/articles",
        json={"text": FOLLOW_UP, "published": "2026-03-05"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert posted.status_code == 201, posted.text
    page = client.get("/statements", params={"speaker": "Varga", "min_confidence": 0}).text
    [note] = re.findall(r'<p class="choices" role="note">(.*?)</p>', page, re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", note)).split())
    offered = r"Lena Varga \(\d+ statements, unlinked\), Varga \(1 statement, unlinked\)\."
    assert re.search("“Varga” may mean " + offered, text)
    assert "Showing the one quoted most: Lena Varga." in text
    links = re.findall(r'href="([^"]+)"', note)
    assert len(links) == 2 and all(
        "speaker=%23" in link and "min_confidence=0" in link for link in links
    )
    # Following the unlinked one shows its statement alone, with no choice to make.
    bare = client.get(html.unescape(links[1])).text
    assert 'class="choices"' not in bare and "would not sail" in bare

    entities = client.get("/entities", params={"q": "Varga"}).text
    assert "“Varga” may mean" in entities and re.search(
        r'href="/entities/\d+">Lena Varga', entities
    )
    timeline = client.get("/timeline", params={"actor": "Varga"}).text
    assert "“Varga” may mean" in timeline


def test_a_name_of_one_entity_offers_nothing(client: TestClient) -> None:
    page = client.get("/statements", params={"speaker": "Lena Varga"}).text
    assert 'class="choices"' not in page


def test_the_api_lists_the_entities_a_name_may_mean(client: TestClient) -> None:
    client.post(
        "/api/v1/articles",
        json={"text": FOLLOW_UP, "published": "2026-03-05"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    answer = client.get("/api/v1/entities/choices", params={"name": "varga"}).json()
    offered = [(c["name"], c["chosen"]) for c in answer["items"]]
    assert offered[:2] == [("Lena Varga", True), ("Varga", False)]
    counts = [c["statements"] for c in answer["items"]]
    assert counts == sorted(counts, reverse=True) and counts[1] == 1
    lena = answer["items"][0]["id"]
    by_name = client.get("/api/v1/statements/count", params={"speaker": "Varga"}).json()
    by_id = client.get("/api/v1/statements/count", params={"speaker": f"#{lena}"}).json()
    assert by_name == by_id and by_id["count"] == counts[0]
    # An id means one entity: nothing to choose from.
    assert client.get("/api/v1/entities/choices", params={"name": f"#{lena}"}).json()["items"] == []
    assert client.get("/api/v1/entities/choices").status_code == 422
