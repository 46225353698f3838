"""Threats, promises and ultimatums on hand-written sentences, the example and the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onrecord import Reader
from tests.conftest import EXAMPLES


def commitments(reader: Reader, text: str, published: str = "2026-03-03") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = reader.read_text(text, published=published).to_json()[
        "commitments"
    ]
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
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()
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
    record = reader.read(seed_path).to_json()
    [threat] = [c for c in record["commitments"] if "tariffs" in c["action"]["text"]]
    assert threat["kind"] == "threat"
    assert (threat["by"]["country"], threat["to"]["country"]) == ("USA", "RUS")
    assert "secondary sanctions" in threat["action"]["text"]
    assert "peace within 50 days" in threat["condition"]["text"]
    assert threat["deadline"]["range"][1] <= "2025-09-03"
    assert threat["status"] == "open"
    statements = {s["id"]: s for s in record["statements"]}
    assert "tariffs" in statements[threat["statement"]]["content"]["text"]


def test_a_timeline_someone_sets_themselves(reader: Reader) -> None:
    [timeline] = commitments(
        reader, "The minister said she would decide within ten days whether to close the ports."
    )
    assert (timeline["kind"], timeline["rule"]) == ("timeline", "timeline:decide")
    assert timeline["by"]["text"] == "she"
    assert timeline["action"]["text"].startswith("decide within ten days")
    assert timeline["deadline"]["range"] == ["2026-03-03", "2026-03-13"]
    assert (timeline["status"], timeline["outcome"]) == ("open", None)


def test_a_timeline_contradicted_by_what_followed(reader: Reader) -> None:
    text = (
        "The governor said he needed three weeks to review the bridge contract; however, "
        "the province signed it within two days."
    )
    [timeline] = commitments(reader, text)
    assert timeline["kind"] == "timeline"
    assert timeline["action"]["text"] == "to review the bridge contract"
    # A past claim with no date of its own: three weeks from an unknown day.
    assert (timeline["deadline"]["value"], timeline["deadline"]["range"]) == ("P3W", None)
    assert timeline["status"] == "contradicted"
    outcome = timeline["outcome"]
    assert outcome["rule"] == "contrast:however"
    assert outcome["evidence"]["text"].startswith("however, the province signed it")


def test_time_that_a_task_takes_is_no_timeline(reader: Reader) -> None:
    assert commitments(reader, "It will take two weeks to repair the bridge.") == []
    assert commitments(reader, "The repairs needed two weeks, but the bridge reopened.") == []


def test_seed_iran_claim_with_its_contradicting_outcome(reader: Reader, seed_path: Path) -> None:
    record = reader.read(seed_path).to_json()
    [claim] = [c for c in record["commitments"] if "Iran" in c["action"]["text"]]
    assert claim["kind"] == "timeline"
    assert claim["by"]["country"] == "USA"
    entities = {e["id"]: e for e in record["entities"]}
    assert entities[claim["by"]["entity"]]["kb_id"] == "Q22686"  # Donald Trump
    assert claim["deadline"]["value"] == "P2W"
    assert claim["status"] == "contradicted"
    outcome = claim["outcome"]
    assert "launched strikes on Iran" in outcome["evidence"]["text"]
    assert "within just a few days" in outcome["evidence"]["text"]
    events = {e["id"]: e for e in record["events"]}
    assert events[outcome["event"]]["type"] == "ASSAULT"
    text = record["article"]["text"]
    for part in (claim["action"], outcome["evidence"]):
        start, end = part["span"]
        assert text[start:end] == part["text"]


def test_the_example_quoted_threat_is_its_speakers(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()
    [threat] = [c for c in record["commitments"] if c["kind"] == "threat"]
    assert threat["action"]["text"] == "suspend our mediation"
    assert threat["condition"]["text"] == "If there is no signature within 30 days"
    names = {e["id"]: e["name"] for e in record["entities"]}
    # "we" in the chief mediator's quotation is the chief mediator.
    assert (threat["by"]["text"], names[threat["by"]["entity"]]) == ("we", "Selim Arkan")
    assert threat["deadline"]["range"] == ["2025-03-12", "2025-04-11"]
