"""A ledger written before revision 0004 gets its objects' JSON back from its columns."""

from __future__ import annotations

from typing import Any

from alembic import command

from onrecord.store import Filters, Store
from onrecord.store.database import _alembic_config, migrate
from tests.store.conftest import typed


def _statements(store: Store) -> list[dict[str, Any]]:
    found = [s.to_json() for s in store.statements(Filters(), limit=500).items]
    for statement in found:
        # The columns never kept which time expression a statement's date was read from.
        if statement["said_on"]:
            statement["said_on"]["time"] = None
        # Nor, before 0005, a statement's act and confidence.
        del statement["act"], statement["confidence"]
    return found


def _entities(article: dict[str, Any] | None) -> list[dict[str, Any]]:
    assert article is not None
    # Nor the knowledge-base key of an entity the Wikidata id already links, nor the
    # pronouns that stand for it (coreference came after 0004).
    return [
        {**e, "kb_key": None if e["kb_id"] else e["kb_key"], "references": []}
        for e in article["entities"]
    ]


def test_rows_from_before_0004_read_back_the_same(
    store: Store, records: dict[str, dict[str, Any]]
) -> None:
    ids = store.save(typed(records.values()), "test")
    statements = _statements(store)
    articles = {i: store.article(i) for i in ids}
    assert statements and any(s["sources"] and s["speaker"] for s in statements)
    config = _alembic_config()
    # SQLite cannot drop a table another pooled connection still reads: start afresh, as a
    # ledger opened by an older onrecord would.
    store.engine.dispose()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    migrate(store.engine)
    assert _statements(store) == statements
    for article_id, article in articles.items():
        again = store.article(article_id)
        assert again is not None and article is not None
        assert _entities(again) == _entities(article)
        assert again["times"] == article["times"]
        assert again["text"] == article["text"]
