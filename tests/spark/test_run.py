"""``onrecord spark run`` on local[2]: a WARC file the test writes (articles, damaged and
non-article records) gives, field by field, what ``onrecord read`` gives, exactly once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy import text

from onrecord import Reader, Settings
from onrecord.batch import ingest
from onrecord.ingest import Rejected
from onrecord.ingest.sources import expand
from onrecord.link.keys import article_key
from onrecord.records import Article, Record
from onrecord.spark.job import run
from onrecord.spark.output import record_type
from onrecord.spark.tasks import Options
from onrecord.store import Store
from onrecord.tables import month
from tests.conftest import EXAMPLES, LOCKS
from tests.ingest.test_warc import CRAWL, write_warc
from tests.ingest.test_warc import Record as WarcRecord
from tests.spark.conftest import parquet_rows


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def _crawl(tmp_path: Path) -> Path:
    """A gzipped WARC file: the crawl of tests/ingest/test_warc.py (two pages, a request,
    an image, a redirect, a 404), two more articles, one page crawled twice, and bytes
    that are no record."""
    ceasefire = (EXAMPLES / "ceasefire-deadline.txt").read_text(encoding="utf-8")
    title, _, body = ceasefire.partition("\n")
    more = (
        CRAWL[0],
        WarcRecord("https://courier.example/2026/ceasefire", _page(title, body)),
        WarcRecord("https://canals.example/locks", _page("Canal locks to close", LOCKS)),
    )
    written = write_warc(tmp_path / "crawl.warc.gz", CRAWL + more)
    data = written.data
    cut = written.offsets[3]
    # A stretch of junk between two records, and a record cut short at the end.
    damaged = data[:cut] + b"\x1f\x8b\x08\x00junk that is no gzip member" + data[cut:-40]
    return written.damage(damaged).path


def _nested(record: Record) -> dict[str, Any]:
    """``record`` as its Parquet struct reads back."""
    nested: dict[str, Any] = pa.array([record.to_json()], type=record_type()).to_pylist()[0]
    return nested


def _by_key(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["article_key"]: row for row in rows}


def test_a_warc_file_gives_what_read_gives_field_by_field(
    spark: Any, tmp_path: Path, settings: Settings, reader: Reader, pipeline: str
) -> None:
    warc = _crawl(tmp_path)
    out = tmp_path / "out"
    summary = run(spark, [str(warc)], str(out), settings, Options(pipeline))

    items = list(expand([str(warc)], settings, reader.hints()))
    articles = [item for item in items if isinstance(item, Article)]
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert len(articles) > len(expected_keys := {article_key(a.url, a.text) for a in articles})
    assert len(expected_keys) >= 3 and rejected, "the crawl should hold articles and damage"
    expected: dict[str, Record] = {}
    for record in reader.read_articles(articles):
        # The first copy of a page crawled twice, as ingest keeps it.
        expected.setdefault(article_key(record.article.url, record.article.text), record)

    rows = parquet_rows(out, "records")
    records = _by_key(rows)
    assert len(rows) == len(records), "a page crawled twice is read once"
    assert records.keys() == expected.keys()
    for key, record in expected.items():
        # Nested as the JSON Schema says, field by field what read gives.
        assert records[key]["record"] == _nested(record), key
        assert records[key]["pipeline"] == pipeline
        assert records[key]["month"] == month(record)
    errors = parquet_rows(out, "_errors")
    assert sorted((e["source"], e["reason"]) for e in errors) == sorted(
        (r.source, r.reason) for r in rejected
    )
    assert {e["stage"] for e in errors} == {"read"}

    statements = parquet_rows(out, "statements")
    assert len(statements) == sum(len(r.statements) for r in expected.values()) > 0
    for row in statements:
        said = {s.id: s for s in expected[row["article_key"]].statements}[row["local_id"]]
        assert row["content"] == said.content.text
        assert row["cue_text"] == said.cue.text
        assert row["speaker_text"] == (said.speaker.text if said.speaker else None)
        assert row["confidence"] == said.confidence
    assert summary.articles == len(expected)
    assert summary.errors == len(rejected)
    assert summary.statements == len(statements)
    markers = list((out / "_done").glob("*.json"))
    assert len(markers) == 1
    marker = json.loads(markers[0].read_text())
    assert (marker["articles"], marker["errors"], marker["pipeline"]) == (
        len(expected),
        len(rejected),
        pipeline,
    )


def test_a_rerun_skips_what_is_done_and_adds_the_rest(
    spark: Any, tmp_path: Path, settings: Settings, pipeline: str
) -> None:
    # Names with a space and an accent, as a desk's folders have.
    first, second = tmp_path / "a wire.jsonl", tmp_path / "b dépêche.jsonl"
    lines = (EXAMPLES / "kestrel-bay.jsonl").read_text(encoding="utf-8").splitlines()
    first.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    second.write_text(lines[2] + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "spark out"

    once = run(spark, [str(first)], str(out), settings, Options(pipeline))
    files = sorted(p for p in out.rglob("*.parquet") if "_links" not in p.parts)
    twice = run(spark, [str(first), str(second)], str(out), settings, Options(pipeline))

    assert (once.units, once.skipped, once.articles) == (1, 0, 2)
    assert (twice.units, twice.skipped, twice.articles, twice.errors) == (2, 1, 1, 1)
    assert set(files) <= set(out.rglob("*.parquet")), "the first unit's files are untouched"
    keys = [row["article_key"] for row in parquet_rows(out, "records")]
    assert len(keys) == len(set(keys)) == 3
    (error,) = parquet_rows(out, "_errors")
    assert error["source"] == f"{second}:2"


def test_links_across_articles_match_the_ledgers(
    spark: Any, tmp_path: Path, settings: Settings, reader: Reader, pipeline: str
) -> None:
    """Commitment threads and statement clusters from the Spark stage are the ones the
    ledger builds when ``onrecord ingest`` reads the same file."""
    batch = EXAMPLES / "kestrel-bay.jsonl"
    out = tmp_path / "out"
    run(spark, [str(batch)], str(out), settings, Options(pipeline))
    with Store.open(tmp_path / "ledger.db") as store:
        ingest([str(batch)], store, settings, reader=reader)
        with store.engine.connect() as connection:
            ledger_steps = connection.execute(
                text(
                    "SELECT c.local_id, ca.url, s.position, a.url, s.step, s.status, "
                    "s.deadline_end FROM commitment_steps s "
                    "JOIN commitments c ON c.id = s.commitment_id "
                    "JOIN articles ca ON ca.id = c.article_id "
                    "JOIN articles a ON a.id = s.article_id"
                )
            ).all()
            ledger_clusters = connection.execute(
                text("SELECT key, articles, first_published FROM statement_clusters")
            ).all()
    urls = {row["article_key"]: row["url"] for row in parquet_rows(out, "articles")}
    steps = [
        (
            row["commitment_local_id"],
            urls[row["commitment_article_key"]],
            row["position"],
            urls[row["article_key"]],
            row["step"],
            row["status"],
            row["deadline_end"],
        )
        for row in _links(out, "commitment_steps")
    ]
    assert ledger_steps, "the Kestrel Bay articles thread a threat across days"
    assert sorted(steps, key=str) == sorted(map(tuple, ledger_steps), key=str)
    assert any(step[4] != "made" for step in steps), "a later article moves the commitment"
    clusters = {
        (row["cluster_key"], row["articles"], row["first_published"])
        for row in _links(out, "clusters")
    }
    assert clusters == set(map(tuple, ledger_clusters))


def _links(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(out / "_links" / name).to_pylist()
