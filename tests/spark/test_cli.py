"""``onrecord spark run`` from the command line, on the session's local[2] Spark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, Onrecord
from tests.spark.conftest import parquet_rows


def test_spark_run_reports_what_it_read_and_what_it_set_aside(
    spark: Any, onrecord: Onrecord, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.warc.gz"
    out = tmp_path / "out"
    batch = EXAMPLES / "kestrel-bay.jsonl"

    result = onrecord("spark", "run", str(batch), str(missing), "--out", str(out))

    assert result.exit_code == 0, result.output
    assert "3 articles" in result.output
    assert "1 items set aside, from 2 of 2 inputs" in result.output
    (error,) = parquet_rows(out, "_errors")
    assert (error["source"], error["reason"]) == (str(missing), "no such file")

    again = onrecord("spark", "run", str(batch), str(missing), "--out", str(out))
    assert again.exit_code == 0, again.output
    assert "from 0 of 2 inputs (2 already done)" in again.output


def test_spark_run_fails_when_nothing_could_be_read(
    spark: Any, onrecord: Onrecord, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("not json\n", encoding="utf-8")

    result = onrecord("spark", "run", str(empty), "--out", str(tmp_path / "out"))

    assert result.exit_code == 1
    assert f"{empty}:1" in result.output


def test_spark_run_leaves_urls_and_standard_input_to_ingest(
    spark: Any, onrecord: Onrecord, tmp_path: Path
) -> None:
    for given in ("-", "https://news.example/story"):
        result = onrecord("spark", "run", given, "--out", str(tmp_path / "out"))
        assert result.exit_code == 1
        assert "read standard input and URLs with onrecord ingest" in result.output
