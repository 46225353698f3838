"""Threats, promises and ultimatums on hand-written sentences, the example and the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onrecord import Reader
from tests.conftest import EXAMPLES


def commitments(reader: Reader, text: str, published: str = "2026-03-03") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = reader.read_text(text, published=published)["commitments"]
    return found


def test_a_threat_with_its_condition(reader: Reader) -> None:
    [threat] = commitments(
        reader, "The minister threatened to close the ports if the strike continues."
    )
    assert (threat["kind"], threat["rule"]) == ("threat", "verb:threaten")
    assert threat["by"]["text"] == "minister"
    assert threat["action"]["text"] == "close the ports"
    assert threat["condition"]["text"] == "if the strike continues"
    assert threat["deadline"] is None
    assert threat["status"] == "open"


def test_a_deadline_that_passed_before_publication_is_due(reader: Reader) -> None:
    text = (
        "The minister threatened to close the ports unless the union signs the contract "
        "by January 20."
    )
    [threat] = commitments(reader, text)
    assert threat["to"]["text"] == "union"
    assert threat["deadline"]["range"] == ["2026-01-20", "2026-01-20"]
    assert threat["status"] == "due"


def test_a_conditional_consequence_is_a_threat_to_the_one_who_must_act(reader: Reader) -> None:
    text = (
        "Officials warned that unless the strike ends within ten days, the government "
        "would deploy the army to the docks."
    )
    [threat] = commitments(reader, text)
    assert (threat["kind"], threat["rule"]) == ("threat", "condition")
    assert threat["by"]["text"] == "government"
    assert threat["action"]["text"] == "deploy the army to the docks"
    assert threat["condition"]["text"] == "unless the strike ends within ten days"
    assert threat["deadline"]["range"] == ["2026-03-03", "2026-03-13"]


def test_a_promise_and_an_ultimatum(reader: Reader) -> None:
    [promise] = commitments(
        reader, "The president promised to send aid to the region within a week."
    )
    assert promise["kind"] == "promise"
    assert promise["deadline"]["value"] == "P1W"
    [ultimatum] = commitments(reader, "The mayor gave the protesters 48 hours to leave the square.")
    assert ultimatum["kind"] == "ultimatum"
    assert (ultimatum["by"]["text"], ultimatum["to"]["text"]) == ("mayor", "protesters")
    assert ultimatum["action"]["text"] == "to leave the square"
    assert ultimatum["deadline"]["range"] == ["2026-03-03", "2026-03-05"]


def test_the_example_ultimatum(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt")
    [ultimatum] = [c for c in record["commitments"] if c["kind"] == "ultimatum"]
    assert ultimatum["by"]["text"] == "Turkish mediators"
    assert ultimatum["to"]["country"] == "UKR"
    assert "sign a deal" in ultimatum["action"]["text"]
    assert ultimatum["deadline"]["value"] == "P30D"
    text = record["article"]["text"]
    for part in (ultimatum["action"], ultimatum["condition"]):
        start, end = part["span"]
        assert text[start:end] == part["text"]


def test_seed_threat_of_tariffs(reader: Reader, seed_path: Path) -> None:
    record = reader.read(seed_path)
    [threat] = [c for c in record["commitments"] if "tariffs" in c["action"]["text"]]
    assert threat["kind"] == "threat"
    assert (threat["by"]["country"], threat["to"]["country"]) == ("USA", "RUS")
    assert "secondary sanctions" in threat["action"]["text"]
    assert "peace within 50 days" in threat["condition"]["text"]
    assert threat["deadline"]["range"][1] <= "2025-09-03"
    assert threat["status"] == "open"
    statements = {s["id"]: s for s in record["statements"]}
    assert "tariffs" in statements[threat["statement"]]["content"]["text"]
