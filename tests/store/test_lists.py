"""Lists newest first by date, paged both ways, counted: on our articles (their golden
records, one of them undated) in SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from onrecord.records import When
from onrecord.store import Filters, Page, Seek, Store
from tests.golden_records import GOLDENS, load

Lister = Callable[..., Page[Any]]


@pytest.fixture
def ledger(store: Store) -> Store:
    """Every article we wrote, as its golden record: dated by their text or not, one
    published without a date."""
    store.save([load(golden.name) for golden in GOLDENS], "test")
    return store


def every(lister: Lister, limit: int, **options: Any) -> list[list[str]]:
    """The ids on each page, following ``older`` from the first page to the last."""
    page = lister(limit=limit, **options)
    pages = [_ids(page)]
    while page.older is not None:
        page = lister(limit=limit, seek=Seek(after=page.older), **options)
        pages.append(_ids(page))
    return pages


def back(lister: Lister, limit: int, **options: Any) -> list[list[str]]:
    """The ids on each page, going to the last page and then following ``newer`` back to
    the first: in the order they were read."""
    page = lister(limit=limit, **options)
    while page.older is not None:
        page = lister(limit=limit, seek=Seek(after=page.older), **options)
    pages = [_ids(page)]
    while page.newer is not None:
        page = lister(limit=limit, seek=Seek(before=page.newer), **options)
        pages.append(_ids(page))
    return pages


def said(when: When | None) -> str | None:
    """The first day ``when`` can mean, if the text dates it."""
    return when.range[0] if when is not None and when.range else None


def _ids(page: Page[Any]) -> list[str]:
    return [str(item.id if hasattr(item, "id") else item["id"]) for item in page.items]


def test_statements_are_newest_first_by_the_day_said_else_published(ledger: Store) -> None:
    page = ledger.statements(Filters(), limit=200)
    assert (page.count, page.more, len(page.items)) == (75, False, 75)
    items = page.items
    keys = [said(s.statement.said_on) or (s.article.published or "")[:10] for s in items]
    # The article published without a date comes last, all of it.
    assert keys[-7:] == [""] * 7 and "" not in keys[:-7]
    ordered = [(key, int(s.id)) for key, s in zip(keys, items, strict=True)]
    assert ordered == sorted(ordered, reverse=True)
    # The union leader's words that the Coastal Times dates to 2 March come after what
    # the Aegean Gazette printed on 3 March without a date of its own, though the Coastal
    # Times appeared on the 4th: a statement sorts by the day it was said.
    [on_2_march] = [
        i
        for i, s in enumerate(items)
        if s.article.outlet == "Coastal Times" and keys[i] == "2026-03-02"
    ]
    gazette = [
        i
        for i, s in enumerate(items)
        if s.article.published == "2026-03-03" and s.statement.said_on is None
    ]
    assert gazette and max(gazette) < on_2_march
    assert "not answered a single letter" in items[on_2_march].statement.content.text


@pytest.mark.parametrize("limit", [1, 3, 7, 20])
def test_paging_forward_then_back_gives_the_same_pages(ledger: Store, limit: int) -> None:
    listers: list[tuple[Lister, dict[str, Any]]] = [
        (ledger.statements, {"filters": Filters()}),
        (ledger.articles, {}),
        (ledger.events, {}),
        (ledger.entities, {}),
    ]
    for lister, options in listers:
        forward = every(lister, limit, **options)
        everything = lister(limit=200, **options)
        flat = [i for page in forward for i in page]
        assert flat == _ids(everything), lister.__name__
        assert len(flat) == len(set(flat)) == everything.count
        assert all(len(page) == limit for page in forward[:-1])
        assert back(lister, limit, **options) == forward[::-1], lister.__name__


def test_articles_are_newest_published_first_and_undated_last(ledger: Store) -> None:
    page = ledger.articles(limit=50)
    days = [(a["published"] or "")[:10] for a in page.items]
    assert days[-1] == "" and "" not in days[:-1]
    assert days == sorted(days, reverse=True)
    assert page.newer is None and page.older is None and page.count == len(GOLDENS)


def test_events_are_newest_first_by_their_day_else_published(ledger: Store) -> None:
    published = {a["id"]: a["published"] for a in ledger.articles(limit=50).items}
    page = ledger.events(limit=100)
    assert page.count == len(page.items) == sum(len(load(g.name).events) for g in GOLDENS)
    keys = [
        ((e["when"] or {}).get("range") or [None])[0] or (published[e["article_id"]] or "")[:10]
        for e in page.items
    ]
    ordered = [(key, int(e["id"])) for key, e in zip(keys, page.items, strict=True)]
    assert ordered == sorted(ordered, reverse=True)
    assert any(e["when"] for e in page.items) and any(not e["when"] for e in page.items)


def test_a_bounded_count_says_there_are_more(ledger: Store) -> None:
    page = ledger.statements(Filters(), limit=5, up_to=10)
    assert (page.count, page.more) == (10, True)
    assert ledger.statements(Filters(), limit=5, up_to=75).more is False
    assert ledger.articles(limit=2, up_to=3).more is True
    narrow = ledger.statements(Filters(outlet="Coastal Times"), limit=2)
    assert (narrow.count, narrow.more) == (4, False) and len(narrow.items) == 2


def test_a_new_article_neither_repeats_nor_skips_a_row_of_the_pages_after(
    store: Store,
) -> None:
    store.save([load(g.name) for g in GOLDENS if g.name != "fuel-queues-coastal"], "test")
    page = store.statements(Filters(), limit=10)
    seen = _ids(page)
    # The newest article arrives while someone reads the first page.
    store.save([load("fuel-queues-coastal")], "test")
    while page.older is not None:
        page = store.statements(Filters(), limit=10, seek=Seek(after=page.older))
        seen += _ids(page)
    assert len(seen) == len(set(seen)) == 71
    newest = store.statements(Filters(), limit=1)
    assert newest.items[0].article.outlet == "Coastal Times" and newest.count == 75


def test_going_back_from_a_row_near_the_top_ends_on_the_first_page(ledger: Store) -> None:
    first = ledger.statements(Filters(), limit=10)
    top = ledger.statements(Filters(), limit=2)
    third = ledger.statements(Filters(), limit=1, seek=Seek(after=top.older))
    assert third.newer is not None and _ids(third) == _ids(first)[2:3]
    # Two rows are newer than the third, fewer than a page: going back gives the first.
    again = ledger.statements(Filters(), limit=10, seek=Seek(before=third.newer))
    assert _ids(again) == _ids(first) and again.newer is None and again.older == first.older
