"""The record is defined once: the JSON Schema agrees with the dataclasses, and JSON
read back gives the same record."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

import jsonschema
import pytest

from onrecord import Reader
from onrecord.assemble import schema
from onrecord.records import Content, Record, TextSpan, relink
from tests.conftest import EXAMPLES


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its ``$ref`` followed and a ``oneOf`` [null, X] unwrapped."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = {**schema()["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
    if "oneOf" in node:
        (node,) = [n for n in node["oneOf"] if n.get("type") != "null"]
        return _resolve(node)
    return node


def _strip_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = [a for a in get_args(hint) if a is not type(None)]
        return inner
    return hint


def _check(cls: type, node: dict[str, Any], path: str, seen: list[str]) -> None:
    node = _resolve(node)
    fields = [f for f in dataclasses.fields(cls) if f.metadata.get("json", True)]
    names = {f.name for f in fields}
    assert set(node["properties"]) == names, f"{path}: schema and {cls.__name__} differ"
    assert set(node.get("required", ())) <= names, path
    hints = typing.get_type_hints(cls)
    for f in fields:
        hint = _strip_optional(hints[f.name])
        prop = _resolve(node["properties"][f.name])
        where = f"{path}.{f.name}"
        seen.append(where)
        if get_origin(hint) is Literal:
            allowed = {v for v in prop["enum"] if v is not None}
            assert allowed == set(get_args(hint)), where
        if get_origin(hint) is tuple and get_args(hint)[-1] is Ellipsis:
            item = get_args(hint)[0]
            if dataclasses.is_dataclass(item):
                _check(item, prop["items"], where + "[]", seen)
        elif dataclasses.is_dataclass(hint):
            _check(hint, prop, where, seen)


def test_schema_describes_every_field_of_the_record() -> None:
    seen: list[str] = []
    _check(Record, schema(), "record", seen)
    assert "record.statements[].content.spans" in seen
    assert "record.commitments[].outcome.evidence" in seen


def test_schema_check_catches_a_missing_field() -> None:
    @dataclasses.dataclass(frozen=True)
    class Widened(TextSpan):
        note: str = ""

    with pytest.raises(AssertionError, match="differ"):
        _check(Widened, {"$ref": "#/$defs/textspan"}, "cue", [])


def test_json_reads_back_to_the_same_record(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt")
    data = json.loads(json.dumps(record.to_json()))
    jsonschema.validate(data, schema())
    assert Record.from_json(data) == record
    assert record.statements and record.commitments and record.events


def test_content_joins_its_fragments() -> None:
    text = "“We will,” she said, “hold the line.”"
    content = Content.of(text, [(1, 9), (22, 36)])
    assert content.text == "We will, … hold the line."
    assert content.first == "We will,"


def test_relink_replaces_entity_ids_only(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt")
    spoken = next(s for s in record.statements if s.speaker and s.speaker.entity)
    data = json.loads(json.dumps(record.to_json()["statements"][record.statements.index(spoken)]))
    linked = relink(data, {spoken.speaker.entity: "42"})
    assert linked["speaker"]["entity"] == "42"
    assert linked["speaker"]["text"] == spoken.speaker.text
    # An id the mapping does not name is no link at all, not a stale local id.
    assert relink({"entity": "e999"}, {}) == {"entity": None}


def test_reading_json_refuses_what_the_record_cannot_hold(reader: Reader) -> None:
    data = reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()
    with pytest.raises(ValueError, match="onrecord/1"):
        Record.from_json({**data, "schema": "onrecord/0"})
    data["statements"][0]["kind"] = "rumoured"
    with pytest.raises(ValueError, match="rumoured"):
        Record.from_json(data)
