"""Every record validates against the shipped JSON Schema, and every span is its text."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from onrecord import Reader
from onrecord.assemble import schema
from tests.conftest import EXAMPLES, PAGES, assert_statement_spans_are_text


def _spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    spans = [tuple(r["span"]) for r in record["article"]["regions"]]
    spans += [tuple(m) for e in record["entities"] for m in e["mentions"]]
    return spans  # type: ignore[return-value]


@pytest.mark.parametrize(
    "path", [EXAMPLES / "ceasefire-deadline.txt", PAGES / "harbour-strike.html"]
)
def test_records_validate(reader: Reader, path: Any) -> None:
    record = reader.read(path).to_json()
    jsonschema.validate(record, schema())
    text = record["article"]["text"]
    for start, end in _spans(record):
        assert 0 <= start < end <= len(text)
    assert_statement_spans_are_text(record)


def test_schema_rejects_a_broken_record(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()
    record["entities"][0]["country"] = "Ukraine"  # must be an ISO alpha-3 code
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema())


def test_title_region_is_the_title(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()
    (headline,) = [r for r in record["article"]["regions"] if r["kind"] == "headline"]
    start, end = headline["span"]
    assert record["article"]["text"][start:end] == record["article"]["title"]
