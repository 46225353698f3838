"""The timeline says how much it shows and links to the rest, and draws the bulk of the
dates across its width, however far a few of them lie."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from onrecord.web.charts import date_axis


def _item(day: str, n: int) -> dict[str, object]:
    return {"start": day, "end": day, "kind": "event", "id": n}


def test_a_far_date_is_held_at_the_edge_instead_of_squashing_the_rest() -> None:
    march = [_item(f"2026-03-{d:02d}", d) for d in range(1, 29)]
    axis = date_axis([_item("1972-06-01", 0), *march, _item("2031-01-01", 99)])
    assert (axis.earlier, axis.later) == (1, 1)
    drawn = [p.x for p in axis.placed if p.edge is None]
    # March fills the width, not a column.
    assert max(drawn) - min(drawn) > 0.8 * axis.width
    assert {p.item["id"]: p.edge for p in axis.placed if p.edge} == {0: "before", 99: "after"}


def test_dates_spread_evenly_are_all_drawn() -> None:
    spread = [_item(f"20{y:02d}-01-01", y) for y in range(10, 26)]
    axis = date_axis(spread)
    assert (axis.earlier, axis.later) == (0, 0)


def test_the_timeline_says_it_shows_the_latest_and_links_to_the_older(
    client: TestClient,
) -> None:
    everything = client.get("/timeline")
    total = int(
        re.search(r"([\d,]+) dated events and statements", everything.text)[1].replace(",", "")
    )  # type: ignore[index]
    assert total >= 3 and "Older" not in everything.text
    page = client.get("/timeline", params={"limit": 2})
    assert f"The latest 2 of {total:,}" in page.text
    older = re.search(r'href="(/timeline\?until=[\d-]+)"', page.text)
    assert older is not None
    assert client.get(older[1].replace("&amp;", "&")).status_code == 200
