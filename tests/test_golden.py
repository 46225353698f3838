"""The pipeline reads each of our test articles exactly as its golden record says.

A failure here is a change of what onrecord reads. When it is meant, run ``make golden``
and review ``git diff tests/golden``: the diff shows the change, field by field.
"""

from __future__ import annotations

import difflib
import json

import jsonschema
import pytest

from onrecord import Reader
from onrecord.assemble import schema
from onrecord.records import Record
from tests.golden_records import GOLDEN, GOLDENS, Golden, dumps, read

REVIEW = "if the change is meant, run `make golden` and review `git diff tests/golden`"


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda golden: golden.name)
def test_the_pipeline_reads_the_article_as_its_golden_record(
    reader: Reader, golden: Golden
) -> None:
    assert golden.file.is_file(), f"no golden record for {golden.path}: run `make golden`"
    expected = golden.file.read_text("utf-8")
    actual = dumps(read(reader, golden))
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/golden/{golden.file.name}",
            f"the pipeline now, on {golden.path}",
            n=2,
        )
        pytest.fail(f"{golden.path} reads differently: {REVIEW}\n{''.join(diff)}", pytrace=False)


def test_every_golden_record_is_of_an_article_we_have() -> None:
    kept = sorted(path.stem for path in GOLDEN.glob("*.json"))
    assert kept == sorted(golden.name for golden in GOLDENS), REVIEW


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda golden: golden.name)
def test_a_golden_record_is_onrecord_1_and_reads_back_whole(golden: Golden) -> None:
    data = json.loads(golden.file.read_text("utf-8"))
    jsonschema.validate(data, schema())
    assert Record.from_json(data).to_json() == data
    assert data["article"]["source"] == golden.path
