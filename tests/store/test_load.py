"""``onrecord load``: flat tables written as a Spark job writes them, loaded into the ledger.

Every test runs on a SQLite file and on PostgreSQL. The records are our golden records (the
pipeline's reading of our test articles and examples, see :mod:`tests.golden_records`)
and three short reports written here, read once per session; each unit's tables are
written with pyarrow from :func:`onrecord.tables.rows`, as the Spark job writes them.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from onrecord import Reader
from onrecord.errors import ConfigError
from onrecord.records import Record
from onrecord.store import Filters, Store
from onrecord.store import load as loading
from onrecord.store import models as m
from onrecord.store.load import ERRORS, scan
from onrecord.tables import TABLES, month, rows
from tests.conftest import Onrecord
from tests.golden_records import GOLDENS, load
from tests.store.conftest import fresh_postgres

_ARROW = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "json": pa.string()}

# Three reports written for these tests, in the manner of a port city's papers: relayed and
# hedged words, dates, and a deadline that a later report moves.
ULTIMATUM = (
    "Port authority gives hauliers ten days to clear the quays\n\n"
    "MARLOW HAVEN — The Marlow Haven port authority on Monday gave the hauliers' association "
    "ten days to clear the stacked containers from the north quays, or lose their permits.\n\n"
    "“We have asked nicely for a month. The quays will be cleared, by them or by us,” said "
    "Petra Lind, the authority's chief executive.\n\n"
    "The association reportedly told its members to ignore the order, according to two "
    "drivers who attended a meeting on Sunday.\n"
)
SHORTENED = (
    "Marlow Haven cuts quay deadline to five days\n\n"
    "MARLOW HAVEN — Petra Lind, the port authority's chief executive, said on Wednesday that "
    "the hauliers now had five days to clear the north quays.\n\n"
    "“We have asked nicely for a month,” Lind told reporters, adding that the authority "
    "would not wait for the association's lawyers.\n"
)
CARRIED = (
    "Hauliers lose quay permits\n\n"
    "The Marlow Haven port authority revoked the permits of twelve haulage firms on Friday, "
    "officials said, after the containers stayed on the north quays past the deadline.\n\n"
    "“We have asked nicely for a month,” Lind said, according to a statement.\n"
)
REPORTS = {
    "ultimatum": (ULTIMATUM, "2026-04-06", "Haven Post"),
    "shortened": (SHORTENED, "2026-04-08", "Haven Post"),
    "carried": (CARRIED, "2026-05-01", "Quayside Courier"),
}


@pytest.fixture(scope="session")
def news(reader: Reader) -> list[Record]:
    """The golden records and our three reports, each with an address."""
    found = [load(golden.name) for golden in GOLDENS]
    for name, (text, day, outlet) in REPORTS.items():
        record = reader.read_text(text, published=day, outlet=outlet)
        url = f"https://news.example/{name}"
        found.append(
            dataclasses.replace(record, article=dataclasses.replace(record.article, url=url))
        )
    return found


def write_unit(
    folder: Path,
    unit: str,
    records: Sequence[Record],
    pipeline: str = "test",
    errors: Iterable[tuple[str, str, str]] = (),
    *,
    done: bool = True,
    finished: str = "2026-12-01T00:00:00+00:00",
) -> None:
    """Write ``records`` as one unit's flat tables, as the Spark job does: what an earlier
    run left of the unit goes, then a file per table and month, lists and objects as JSON
    text, then the marker."""
    for old in [*folder.glob(f"*/month=*/unit={unit}"), *folder.glob(f"_errors/unit={unit}")]:
        shutil.rmtree(old)
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        for table, values in rows(record, pipeline).items():
            found[(table, month(record))].extend(values)
    for (table, when), values in found.items():
        if values:
            _write(folder / table / f"month={when}" / f"unit={unit}", TABLES[table], values)
    failures = [{"source": s, "reason": r, "stage": t, "pipeline": pipeline} for s, r, t in errors]
    if failures:
        _write(folder / "_errors" / f"unit={unit}", ERRORS, failures)
    if done:
        (folder / "_done").mkdir(parents=True, exist_ok=True)
        marker = {
            "unit": unit,
            "input": f"/data/{unit}.warc.gz",
            "pipeline": pipeline,
            "articles": len(records),
            "errors": len(failures),
            "finished": finished,
        }
        (folder / "_done" / f"{unit}.json").write_text(json.dumps(marker), "utf-8")


def _write(folder: Path, columns: Sequence[tuple[str, str]], values: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(name, _ARROW[kind]) for name, kind in columns])
    data = {
        name: [
            json.dumps(row[name], ensure_ascii=False)
            if kind == "json" and row[name] is not None
            else row[name]
            for row in values
        ]
        for name, kind in columns
    }
    pq.write_table(pa.table(data, schema=schema), folder / "part-00000.snappy.parquet")


def article_ids(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return dict(connection.execute(select(m.Article.key, m.Article.id)).all())


def files(folder: Path, table: str, unit: str) -> list[Path]:
    """The Parquet files of one table of one unit."""
    found = sorted((folder / table).glob(f"month=*/unit={unit}/*.parquet"))
    assert found
    return found


def in_load_order(records: Sequence[Record]) -> list[Record]:
    """``records`` as a load meets them: by month folder, in order within one."""
    return sorted(records, key=month)


def ledger(store: Store) -> dict[str, list[str]]:
    """Every row of every table, ids replaced by what they stand for (keys, or an article's
    key and a local id), ingest and version times left out; sorted, each row as JSON."""
    tables = [t for t in m.Base.metadata.sorted_tables if t.name != "loaded_units"]
    names: dict[str, dict[int, Any]] = {}
    out: dict[str, list[str]] = {}
    with store.engine.connect() as connection:
        found = {
            t.name: [dict(r) for r in connection.execute(select(t)).mappings()] for t in tables
        }
    articles = {row["id"]: row["key"] for row in found["articles"]}
    for table in tables:
        if "key" in table.c:
            names[table.name] = {row["id"]: row["key"] for row in found[table.name]}
        elif "local_id" in table.c:
            names[table.name] = {
                row["id"]: [articles[row["article_id"]], row["local_id"]]
                for row in found[table.name]
            }
    for table in tables:
        result = []
        for row in found[table.name]:
            named: dict[str, Any] = {}
            for column in table.c:
                value = row[column.name]
                if column.name in ("id", "ingested_at", "first_seen", "last_seen", "stored_at"):
                    continue
                [target] = [fk.column.table.name for fk in column.foreign_keys] or [
                    # A version names its article without a foreign key (see models).
                    "articles" if column.name == "article_id" else None
                ]
                if target is not None and value is not None:
                    value = names[target][value]
                named[column.name] = value
            result.append(json.dumps(named, sort_keys=True, ensure_ascii=False))
        out[table.name] = sorted(result)
    return out


def saved(db: str, units: Sequence[tuple[Sequence[Record], str, Sequence[Any]]]) -> dict[str, Any]:
    """The ledger ``Store.save`` makes of the same units, in a second database."""
    with Store.open(db) as store:
        for records, pipeline, errors in units:
            store.save(in_load_order(records), pipeline, errors)
        return ledger(store)


@pytest.fixture
def twin(db: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty ledger on the same engine as ``db``."""
    if not db.startswith("postgresql"):
        yield str(tmp_path / "twin.db")
        return
    with fresh_postgres() as url:
        yield url


ERRORS_A = [("feeds/harbour.xml#3", "no article in the page", "read")]


def two_units(folder: Path, news: list[Record]) -> list[tuple[list[Record], str, list[Any]]]:
    first, second = news[: len(news) // 2], news[len(news) // 2 :]
    write_unit(folder, "unit-a", first, errors=ERRORS_A)
    write_unit(folder, "unit-b", second)
    return [(first, "test", ERRORS_A), (second, "test", [])]


def test_loaded_flat_tables_are_the_ledger_save_makes(
    store: Store, twin: str, tmp_path: Path, news: list[Record]
) -> None:
    units = two_units(tmp_path / "out", news)
    summary = store.load(scan(tmp_path / "out"))
    assert summary.loaded == ["unit-a", "unit-b"] and not summary.failed
    assert summary.articles == len(news)
    assert summary.statements == sum(len(r.statements) for r in news)
    assert summary.errors == 1
    got, expected = ledger(store), saved(twin, units)
    assert got == expected
    assert all(got[table] for table in TABLES), [t for t in TABLES if not got[t]]
    assert got["commitment_steps"] and got["ingest_errors"]
    with store.engine.connect() as connection:
        marks = connection.execute(select(m.LoadedUnit.unit, m.LoadedUnit.articles)).all()
    assert sorted(marks) == [("unit-a", len(units[0][0])), ("unit-b", len(units[1][0]))]


def test_a_large_unit_is_tracked_in_shares(
    store: Store, twin: str, tmp_path: Path, news: list[Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ids go into IN lists a few thousand at a time; here two at a time.
    monkeypatch.setattr(loading, "_IN", 2)
    units = two_units(tmp_path / "out", news)
    store.load(scan(tmp_path / "out"))
    assert ledger(store) == saved(twin, units)


def test_loading_twice_changes_nothing(store: Store, tmp_path: Path, news: list[Record]) -> None:
    two_units(tmp_path / "out", news)
    store.load(scan(tmp_path / "out"))
    before, counts = ledger(store), store.rows()
    again = store.load(scan(tmp_path / "out"))
    assert again.already == ["unit-a", "unit-b"] and not again.loaded and again.articles == 0
    assert ledger(store) == before and store.rows() == counts


def test_a_unit_without_its_marker_waits(store: Store, tmp_path: Path, news: list[Record]) -> None:
    folder = tmp_path / "out"
    write_unit(folder, "unit-a", news[:2])
    write_unit(folder, "unit-b", news[2:4], done=False)
    (folder / "records" / "month=2026-01" / "unit=unit-a").mkdir(parents=True)
    summary = store.load(scan(folder))
    assert summary.loaded == ["unit-a"] and summary.unfinished == ["unit-b"]
    assert store.rows()["articles"] == 2


def test_a_rerun_unit_replaces_its_articles(
    store: Store, twin: str, tmp_path: Path, news: list[Record]
) -> None:
    folder = tmp_path / "out"
    units = two_units(folder, news)
    store.load(scan(folder))
    ids = article_ids(store)
    revised = []
    for record in units[1][0]:
        data = copy.deepcopy(record.to_json())
        data["statements"] = data["statements"][1:]
        revised.append(Record.from_json(data))
    write_unit(folder, "unit-b", revised, "test 2", finished="2026-12-02T00:00:00+00:00")
    summary = store.load(scan(folder))
    assert summary.loaded == ["unit-b"] and summary.already == ["unit-a"]
    assert article_ids(store) == ids  # links to them hold
    expected = saved(twin, [units[0], (revised, "test 2", [])])
    assert ledger(store) == expected


def test_a_changed_text_loaded_at_the_same_url_is_a_new_version(
    store: Store, tmp_path: Path, news: list[Record]
) -> None:
    folder = tmp_path / "out"
    by_url = {record.article.url: record for record in news if record.article.url}
    first = by_url["https://news.example/ultimatum"]
    write_unit(folder, "unit-a", [first])
    store.load(scan(folder))
    [article_id] = article_ids(store).values()
    before = store.article(article_id)
    # The page at the same address now carries the later report's text.
    later = by_url["https://news.example/shortened"]
    edited = dataclasses.replace(
        later, article=dataclasses.replace(later.article, url=first.article.url)
    )
    write_unit(folder, "unit-b", [edited], finished="2026-12-02T00:00:00+00:00")
    store.load(scan(folder))
    assert list(article_ids(store).values()) == [article_id]
    assert [(v.number, v.current) for v in store.versions(article_id)] == [(1, False), (2, True)]
    kept = store.version(article_id, 1)
    assert kept is not None and before is not None
    assert kept["text"] == ULTIMATUM and kept["statements"] == before["statements"]
    assert (store.article(article_id) or {})["text"] == SHORTENED


def test_a_corrupt_file_fails_its_unit_only(
    store: Store, tmp_path: Path, news: list[Record]
) -> None:
    folder = tmp_path / "out"
    write_unit(folder, "unit-a", news[:3])
    store.load(scan(folder))
    before = ledger(store)
    # A rerun of unit-a missing a column, a file of unit-b that is no Parquet, JSON that
    # is not JSON in unit-c (found inside the transaction); unit-d is sound.
    write_unit(folder, "unit-a", news[:3], "test 2", finished="2026-12-03T00:00:00+00:00")
    for path in files(folder, "hedges", "unit-a"):
        pq.write_table(pq.read_table(path).drop_columns(["start"]), path)
    write_unit(folder, "unit-b", news[3:5])
    bad = files(folder, "statements", "unit-b")[0]
    bad.write_bytes(b"PAR1 not parquet at all")
    write_unit(folder, "unit-c", news[5:7])
    for path in files(folder, "times", "unit-c"):
        table = pq.read_table(path)
        broken = pa.array(["{not json"] * table.num_rows, pa.string())
        pq.write_table(table.set_column(table.schema.get_field_index("data"), "data", broken), path)
    write_unit(folder, "unit-d", news[7:9])

    summary = store.load(scan(folder))
    assert summary.loaded == ["unit-d"]
    reasons = dict(summary.failed)
    assert set(reasons) == {"unit-a", "unit-b", "unit-c"}
    assert "no column start" in reasons["unit-a"]
    assert str(bad) in reasons["unit-b"]
    assert "times" in reasons["unit-c"] and "json" in reasons["unit-c"].lower()
    after = ledger(store)
    # unit-a's first load is there as it was; unit-b's and unit-c's articles are not.
    assert set(before["articles"]) <= set(after["articles"])
    assert all(row in after["statements"] for row in before["statements"])
    assert store.rows()["articles"] == 5


def test_a_unit_whose_keys_do_not_hold_fails(
    store: Store, tmp_path: Path, news: list[Record]
) -> None:
    folder = tmp_path / "out"
    write_unit(folder, "unit-a", news[:2] + news[:1])
    write_unit(folder, "unit-b", news[2:4])
    paths = files(folder, "entities", "unit-b")
    dropped = pq.read_table(paths[0])["entity_key"][0].as_py()
    for path in paths:
        table = pq.read_table(path)
        pq.write_table(table.filter(pc.not_equal(table["entity_key"], dropped)), path)
    summary = store.load(scan(folder))
    reasons = dict(summary.failed)
    assert "in the unit twice" in reasons["unit-a"]
    assert "which the unit's entities lack" in reasons["unit-b"]
    assert store.rows()["articles"] == 0


def test_the_loaded_ledger_answers(store: Store, tmp_path: Path, news: list[Record]) -> None:
    two_units(tmp_path / "out", news)
    store.load(scan(tmp_path / "out"))
    rows = store.search(Filters(query="keep the country waiting", speaker="Lena Varga"))
    assert {row["outlet"] for row in rows} == {"Aegean Gazette", "Coastal Times"}
    assert all(row["corroboration"] == 2 for row in rows)
    said = store.search(Filters(query="asked nicely", speaker="Petra Lind"))
    assert [row["outlet"] for row in said] == ["Haven Post", "Haven Post"]
    _, made = store.commitments(actor="Selim Arkan")
    assert [(c.kind, c.action, c.deadline_end) for c in made] == [
        ("threat", "suspend our mediation", "2025-04-11")
    ]
    assert [step["step"] for step in made[0].steps] == ["made"]
    _, found = store.commitments(status="due")
    assert any("stacked containers" in c.action for c in found)
    page = store.article(article_ids(store)["https://news.example/ultimatum"])
    assert page is not None and page["statements"] and page["times"] and page["entities"]


def test_a_folder_that_is_not_a_load_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a load folder"):
        scan(tmp_path)
    with pytest.raises(ConfigError, match="no such folder"):
        scan(tmp_path / "nowhere")


def test_the_load_command(onrecord: Onrecord, tmp_path: Path, news: list[Record]) -> None:
    folder, db = tmp_path / "out", str(tmp_path / "ledger.db")
    two_units(folder, news)
    write_unit(folder, "unit-c", news[:1], done=False)
    first = onrecord("load", str(folder), "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "2 units loaded, 0 already loaded, 0 failed" in first.stderr
    assert f"{len(news)} articles" in first.stderr and "1 unfinished" in first.stderr
    again = onrecord("load", str(folder), "--db", db)
    assert again.exit_code == 0 and "0 units loaded, 2 already loaded" in again.stderr
    with Store.open(db) as store:
        assert store.rows()["articles"] == len(news)
    (folder / "articles").rename(tmp_path / "elsewhere")
    wrong = onrecord("load", str(tmp_path / "elsewhere"), "--db", db)
    assert wrong.exit_code == 1 and "not a load folder" in wrong.stderr
