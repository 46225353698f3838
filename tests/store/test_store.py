"""The ledger on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pyarrow.parquet as pq
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from onrecord import export
from onrecord.charts import draw_stats
from onrecord.errors import ConfigError
from onrecord.store import Filters, Seek, Store, query
from onrecord.store.models import Base, is_model
from tests.store.conftest import typed

Records = dict[str, dict[str, Any]]


def save_all(store: Store, records: Records, extractor: str = "test") -> list[int]:
    return store.save(typed(list(records.values())), extractor)


def quotes(rows: list[dict[str, Any]]) -> list[str]:
    return [row["quote"] for row in rows]


def test_migrations_create_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": is_model})
        assert compare_metadata(context, Base.metadata) == []


def test_saving_the_same_articles_again_changes_nothing(store: Store, records: Records) -> None:
    save_all(store, records)
    first = store.rows()
    assert first["articles"] == 3
    assert first["statements"] == sum(len(r["statements"]) for r in records.values())
    save_all(store, records)
    assert store.rows() == first


def test_a_new_reading_replaces_the_old_rows_whole(store: Store, records: Records) -> None:
    ids = save_all(store, records)
    before = store.rows()
    revised = copy.deepcopy(records["fuel-queues-coastal"])
    dropped = revised["statements"].pop()
    assert "reopened" in dropped["content"]["text"]
    [replaced] = store.save(typed([revised]), "test 2")
    assert replaced == ids[list(records).index("fuel-queues-coastal")]  # links to it hold
    assert store.count(Filters(query="fuel", outlet="Coastal Times")) > 0
    after = store.rows()
    assert after["articles"] == before["articles"]
    assert after["statements"] == before["statements"] - 1
    assert after["sources"] == before["sources"] - len(dropped["sources"])
    assert store.count(Filters(query="reopened", outlet="Coastal Times")) == 0
    with store.engine.connect() as connection:
        orphans = connection.execute(
            text(
                "SELECT count(*) FROM sources WHERE statement_id NOT IN (SELECT id FROM statements)"
            )
        ).scalar_one()
        extractors = connection.execute(text("SELECT DISTINCT extractor FROM articles")).scalars()
        assert orphans == 0
        assert sorted(extractors) == ["test", "test 2"]


def test_the_same_words_in_two_outlets_form_one_cluster(store: Store, records: Records) -> None:
    save_all(store, records)
    rows = store.search(Filters(query="keep the country waiting", speaker="Lena Varga"))
    assert len(rows) == 2
    assert {row["outlet"] for row in rows} == {"Aegean Gazette", "Coastal Times"}
    for row in rows:
        assert row["corroboration"] == 2
        assert row["outlets"] == ["Aegean Gazette", "Coastal Times"]
    # Her other statement was carried by one outlet only.
    lawful = store.search(Filters(query="lawful step"))
    assert [row["corroboration"] for row in lawful] == [1]

    revised = copy.deepcopy(records["dock-strike-gazette"])
    revised["statements"] = [
        s for s in revised["statements"] if "waiting for fuel" not in s["content"]["text"]
    ]
    store.save(typed([revised]), "test 2")
    rows = store.search(Filters(query="keep the country waiting"))
    assert [(row["corroboration"], row["outlets"]) for row in rows] == [(1, ["Coastal Times"])]


def test_entities_are_linked_across_articles_by_wikidata_id(store: Store, records: Records) -> None:
    save_all(store, records)
    with store.engine.connect() as connection:
        ids = (
            connection.execute(text("SELECT id FROM entities WHERE kb_id = 'Q39259'"))
            .scalars()
            .all()
        )
        assert len(ids) == 1
        articles = connection.execute(
            text("SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = :id"),
            {"id": ids[0]},
        ).scalar_one()
    assert articles == 2
    by_id = store.search(Filters(speaker="Q39259"))
    by_name = store.search(Filters(speaker="Erdoğan"))
    assert by_id == by_name
    assert {row["outlet"] for row in by_id} == {"Aegean Gazette", "Coastal Times"}


def test_search_filters(store: Store, records: Records) -> None:
    save_all(store, records)
    about = store.search(Filters(about="Q39259"))
    assert any("Erdoğan told union leaders" in q for q in quotes(about))
    assert all(row["speaker"] != "Recep Tayyip Erdoğan" for row in about)

    coastal = store.search(Filters(outlet="coastal times"), limit=100)
    assert coastal and {row["outlet"] for row in coastal} == {"Coastal Times"}

    said = store.search(Filters(since="2026-03-02", until="2026-03-02"), limit=100)
    assert said and all(row["said_start"] <= "2026-03-02" <= row["said_end"] for row in said)
    assert "“We cannot keep the country waiting for fuel,”".strip("“”") in " ".join(quotes(said))

    anonymous = store.search(Filters(certainty="anonymous"), limit=100)
    assert anonymous and {row["certainty"] for row in anonymous} == {"anonymous"}
    assert store.count(Filters(certainty="anonymous")) == len(anonymous)

    combined = Filters(query="fuel", outlet="Aegean Gazette", speaker="Varga")
    assert len(store.search(combined)) == 1
    # Search syntax typed by a user is taken as words, never as a query error.
    assert store.search(Filters(query='fuel" AND (-x: OR *')) == []


def test_act_and_confidence_filters(store: Store, records: Records) -> None:
    # One article's statements get known acts and confidences; another's none at all, as a
    # ledger written by the rules (or before either was kept) has.
    first, second, *rest = records.values()
    judged = copy.deepcopy(first)
    plan = [("speech", 0.9), ("thought", 0.2), ("intention", 0.6), ("writing", 0.75)]
    for statement, (act, confidence) in zip(judged["statements"], plan, strict=False):
        statement["act"], statement["confidence"] = act, confidence
    unjudged = copy.deepcopy(second)
    for statement in unjudged["statements"]:
        statement.pop("act", None)
        statement.pop("confidence", None)
    saved = [judged, unjudged, *rest]
    store.save(typed(saved), "test")
    statements = [statement for record in saved for statement in record["statements"]]

    def found(**given: Any) -> list[dict[str, Any]]:
        return store.search(Filters(**given), limit=1000)

    def expected(keep: Callable[[dict[str, Any]], bool]) -> list[str]:
        return sorted(s["content"]["text"] for s in statements if keep(s))

    def quoted(rows: list[dict[str, Any]]) -> list[str]:
        return sorted(row["quote"] for row in rows)

    assert judged["statements"][1]["content"]["text"] in quoted(found(acts=("thought",)))
    assert quoted(found(acts=("thought",))) == expected(lambda s: s.get("act") == "thought")
    # Speech includes the statements whose act was never recorded.
    assert quoted(found(acts=("speech",))) == expected(lambda s: s.get("act", "speech") == "speech")
    unsure = judged["statements"][1]["content"]["text"]
    confident = quoted(found(min_confidence=0.7))
    assert unsure not in confident
    assert confident == expected(lambda s: s.get("confidence") is None or s["confidence"] >= 0.7)
    both = Filters(min_confidence=0.7, acts=("speech", "writing"))
    assert store.count(both) == len(
        expected(
            lambda s: (
                s.get("act", "speech") in ("speech", "writing")
                and (s.get("confidence") is None or s["confidence"] >= 0.7)
            )
        )
    )


def test_filters_refuse_bad_values() -> None:
    with pytest.raises(ConfigError, match="not a date"):
        Filters(since="March 2026")
    with pytest.raises(ConfigError, match="not one of"):
        Filters(certainty="sure")
    with pytest.raises(ConfigError, match="--act 'said' is not one of"):
        Filters(acts=("speech", "said"))
    with pytest.raises(ConfigError, match="between 0 and 1"):
        Filters(min_confidence=1.5)


def test_pages_follow_one_another_without_gaps(store: Store, records: Records) -> None:
    save_all(store, records)
    total = store.count(Filters())
    seen: list[int] = []
    page = store.statements(Filters(), limit=4)
    while True:
        seen += [int(s.id) for s in page.items]
        if page.older is None:
            break
        page = store.statements(Filters(), limit=4, seek=Seek(after=page.older))
    assert len(seen) == len(set(seen)) == total
    by_offset = [
        row["id"] for n in range(0, total, 4) for row in store.search(Filters(), limit=4, offset=n)
    ]
    assert by_offset == seen


def test_a_phrase_matches_its_words_in_their_order(store: Store, records: Records) -> None:
    save_all(store, records)
    found = store.search(Filters(query='"waiting for fuel"'))
    assert len(found) == 2 and all("waiting for fuel" in r["quote"] for r in found)
    assert store.search(Filters(query='"fuel waiting"')) == []  # both words, not in order


def test_a_bounded_count_stops_past_its_bound(store: Store, records: Records) -> None:
    save_all(store, records)
    filters = Filters(query="fuel")
    total = store.count(filters)
    assert total > 3
    with store.engine.connect() as connection:
        assert query.count(connection, filters, up_to=2) == 3
        assert query.count(connection, filters, up_to=total) == total


def test_ingest_errors_keep_one_row_per_source(store: Store, records: Records) -> None:
    source = records["ferry-fares-gazette"]["article"]["source"]
    store.save(typed([]), "test", [(source, "file is empty", "read")])
    store.save(typed([]), "test", [(source, "file is empty", "read")])
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT source, count FROM ingest_errors")).all()
    assert [tuple(row) for row in rows] == [(source, 2)]
    store.save(typed([records["ferry-fares-gazette"]]), "test")
    assert store.rows()["ingest_errors"] == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_exports_write_every_matching_row(
    store: Store, records: Records, tmp_path: Any, fmt: str
) -> None:
    save_all(store, records)
    path = tmp_path / f"statements.{fmt}"
    filters = Filters(outlet="Aegean Gazette")
    with store.export("statements", filters) as (columns, rows):
        n = export.write(rows, columns, path, export.format_for(path, None))
    assert n == store.count(filters) > 0
    if fmt == "parquet":
        table = pq.read_table(path)
        assert table.num_rows == n
        assert str(table.schema.field("speaker_start").type) == "int64"
        assert set(table.column("outlet").to_pylist()) == {"Aegean Gazette"}
    elif fmt == "csv":
        lines = path.read_text("utf-8").splitlines()
        assert lines[0].startswith("id,speaker,")
    else:
        assert len(path.read_text("utf-8").splitlines()) == n


def test_articles_export_follows_statement_filters(store: Store, records: Records) -> None:
    save_all(store, records)
    with store.export("articles", Filters(speaker="Deniz Aksoy")) as (_, rows):
        titles = [row["title"] for row in rows]
    assert titles == ["Fuel queues grow as port strike enters its second week"]
    with (
        pytest.raises(ConfigError, match="does not apply"),
        store.export("events", Filters(certainty="hedged")),
    ):
        pass


def test_stats_and_their_chart(store: Store, records: Records, tmp_path: Any) -> None:
    save_all(store, records)
    stats = store.stats()
    assert stats.counts["articles"] == 3
    assert stats.counts["corroborated"] == 1
    assert stats.top_speakers[0][0] == "Lena Varga"
    shares = dict(stats.anonymous_share)
    assert shares["Aegean Gazette"] > shares["Coastal Times"] == 0
    # Anonymous sourcing is read off the chain: a hedged statement relayed from "people
    # familiar with the request" counts as well as an "anonymous" one.
    gazette = [records["dock-strike-gazette"], records["ferry-fares-gazette"]]
    chained = [
        s
        for r in gazette
        for s in r["statements"]
        if any(source["type"] == "anonymous" for source in s["sources"])
    ]
    assert {s["certainty"] for s in chained} > {"anonymous"}
    outlets = {outlet: anonymous for outlet, _, anonymous in stats.outlets}
    assert outlets["Aegean Gazette"] == len(chained)
    assert [day for day, _ in stats.per_day] == ["2026-02-20", "2026-03-03", "2026-03-04"]
    png, svg = tmp_path / "stats.png", tmp_path / "stats.svg"
    draw_stats(stats, png)
    draw_stats(stats, svg)
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "<svg" in svg.read_text("utf-8")
    with pytest.raises(ConfigError, match=r"\.png or \.svg"):
        draw_stats(stats, tmp_path / "stats.pdf")
