"""Events on hand-written sentences, one per PLOVER category and per mode, and on the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord import Reader
from onrecord.errors import ConfigError
from onrecord.extract.events import CATEGORIES, MODES, load_lexicon, parse_lexicon

# Sentence, trigger, category, actor, target: written for these tests.
CATEGORY_SENTENCES = [
    (
        "Kyiv and Moscow agreed on Tuesday to a prisoner exchange.",
        "agreed",
        "AGREE",
        "Kyiv",
        "prisoner exchange",
    ),
    ("The foreign ministers met in Warsaw on Monday.", "met", "CONSULT", "foreign ministers", None),
    (
        "The chancellor praised the union for its restraint.",
        "praised",
        "SUPPORT",
        "chancellor",
        "union",
    ),
    ("The government lifted the sanctions on Friday.", "lifted", "CONCEDE", "government", None),
    (
        "The coastguard shared intelligence with Greece.",
        "shared",
        "COOPERATE",
        "coastguard",
        "Greece",
    ),
    ("Germany sent 40 tanks to Ukraine last month.", "sent", "AID", "Germany", "Ukraine"),
    (
        "Russian forces withdrew from the island on Thursday.",
        "withdrew",
        "RETREAT",
        "Russian forces",
        None,
    ),
    ("The mayor urged residents to stay indoors.", "urged", "REQUEST", "mayor", "residents"),
    (
        "The minister accused the opposition of sabotage.",
        "accused",
        "ACCUSE",
        "minister",
        "opposition",
    ),
    ("The union rejected the offer on Wednesday.", "rejected", "REJECT", "union", "offer"),
    (
        "The president threatened Iran with new sanctions.",
        "threatened",
        "THREATEN",
        "president",
        "Iran",
    ),
    ("Dock workers protested outside the ministry.", "protested", "PROTEST", "Dock workers", None),
    (
        "Washington imposed tariffs on Chinese steel.",
        "imposed",
        "SANCTION",
        "Washington",
        "Chinese steel",
    ),
    ("Moscow deployed troops along the border.", "deployed", "MOBILIZE", "Moscow", "troops"),
    (
        "Police arrested three journalists in Minsk.",
        "arrested",
        "COERCE",
        "Police",
        "three journalists",
    ),
    (
        "Israeli jets struck targets in Gaza on Sunday.",
        "struck",
        "ASSAULT",
        "Israeli jets",
        "targets",
    ),
]

MODE_SENTENCES = [
    ("The minister threatened the union on Monday.", "threatened", "asserted"),
    ("The minister did not threaten the union.", "threaten", "negated"),
    ("Washington will not lift the embargo.", "lift", "negated"),
    ("The two sides failed to agree on a date.", "agree", "negated"),
    ("The government would impose new tariffs if talks collapse.", "impose", "conditional"),
    ("Officials could meet the rebels in Doha.", "meet", "hypothetical"),
    ("China will send aid to the region next week.", "send", "future"),
    ("The ministry said the navy would deploy two frigates.", "deploy", "future"),
]


def events(reader: Reader, text: str) -> list[dict[str, Any]]:
    record = reader.read_text(text, published="2026-03-03").to_json()
    found: list[dict[str, Any]] = record["events"]
    return found


def by_trigger(found: list[dict[str, Any]], trigger: str) -> dict[str, Any]:
    matches = [e for e in found if e["trigger"]["text"] == trigger]
    assert len(matches) == 1, [(e["trigger"]["text"], e["type"]) for e in found]
    return matches[0]


def test_every_category_has_a_sentence() -> None:
    assert {category for _, _, category, _, _ in CATEGORY_SENTENCES} == set(CATEGORIES)
    assert {mode for _, _, mode in MODE_SENTENCES} == set(MODES)


@pytest.mark.parametrize(
    ("text", "trigger", "category", "actor", "target"),
    CATEGORY_SENTENCES,
    ids=[c for _, _, c, _, _ in CATEGORY_SENTENCES],
)
def test_category(
    reader: Reader, text: str, trigger: str, category: str, actor: str, target: str | None
) -> None:
    event = by_trigger(events(reader, text), trigger)
    assert event["type"] == category
    assert event["mode"] == "asserted"
    assert event["actor"]["text"] == actor
    assert (event["target"] or {}).get("text") == target
    start, end = event["evidence"]["span"]
    assert text[start:end] == event["evidence"]["text"]
    assert trigger in event["evidence"]["text"]
    assert event["rule"].startswith("verb:")


@pytest.mark.parametrize(
    ("text", "trigger", "mode"), MODE_SENTENCES, ids=[m for *_, m in MODE_SENTENCES]
)
def test_mode(reader: Reader, text: str, trigger: str, mode: str) -> None:
    assert by_trigger(events(reader, text), trigger)["mode"] == mode


def test_when_and_where(reader: Reader) -> None:
    met = by_trigger(events(reader, "The foreign ministers met in Warsaw on Monday."), "met")
    assert met["when"]["value"] == "2026-03-02"
    assert met["where"]["city"] == "Warsaw"
    assert met["where"]["country"] == "POL"
    # A date is when, never whom.
    assert met["target"] is None


def test_event_nouns_and_light_verbs(reader: Reader) -> None:
    found = events(
        reader,
        "The envoy held talks with Hamas in Cairo on Monday. "
        "A three-day ceasefire was announced later.",
    )
    talks = by_trigger(found, "talks")
    assert (talks["type"], talks["rule"]) == ("CONSULT", "light:hold+talk")
    assert talks["actor"]["text"] == "envoy"
    assert talks["target"]["text"] == "Hamas"
    assert talks["where"]["city"] == "Cairo"
    ceasefire = by_trigger(found, "ceasefire")
    assert (ceasefire["type"], ceasefire["rule"]) == ("AGREE", "noun:ceasefire")
    # A noun that only names the instrument of a verb's event is no event of its own.
    threat = events(reader, "The president threatened Iran with new sanctions.")
    assert [e["type"] for e in threat] == ["THREATEN"]


def test_lexicon_covers_every_category_and_checks_its_lines() -> None:
    lexicon = load_lexicon()
    assert {e.category for entries in lexicon.values() for e in entries} - {"-"} == set(CATEGORIES)
    # "send" is AID with missiles and MOBILIZE with troops.
    assert {e.category for e in lexicon[("send", "VERB")]} == {"AID", "MOBILIZE"}
    assert "missile" in next(e for e in lexicon[("send", "VERB")] if e.category == "AID").objects
    header = "# version: 1\nlemma\tpos\tcategory\tobjects\n"
    with pytest.raises(ConfigError, match=r"plover.tsv line 4: .*EMBRACE"):
        parse_lexicon(header + "# a comment\nhug\tVERB\tEMBRACE\t-\n")


def test_seed_events(reader: Reader, seed_path: Path) -> None:
    found = reader.read(seed_path).to_json()["events"]

    def one(kind: str, trigger: str, **want: Any) -> dict[str, Any]:
        for event in found:
            if (
                event["type"] == kind
                and event["trigger"]["text"] == trigger
                and all(
                    (event[k] or {}).get("value" if k == "when" else "country") == v
                    for k, v in want.items()
                )
            ):
                return event
        raise AssertionError(f"no {kind} {trigger} {want}")

    putin_call = one("CONSULT", "call", when="2025-07-03")
    assert (putin_call["actor"]["country"], putin_call["target"]["country"]) == ("USA", "RUS")
    # The 4 July call is between "the two leaders": the two people named just before.
    one("CONSULT", "call", when="2025-07-04", actor="USA", target="UKR")
    patriots = one("AID", "sending", when="2025-07-13", actor="USA", target="UKR")
    assert patriots["mode"] == "future"
    assert "Patriot" in patriots["evidence"]["text"]
    bombers = one("ASSAULT", "target", actor="UKR", target="RUS")
    assert bombers["when"]["range"][0] >= "2025-06-01"
    assert bombers["when"]["range"][1] <= "2025-06-10"
    assert "drones" in bombers["evidence"]["text"]
    ceasefire = one("AGREE", "deal", actor="USA")
    assert ceasefire["when"]["value"].startswith("2025-03")
    assert "30-day" in ceasefire["evidence"]["text"]


def test_an_event_between_two_sides(reader: Reader) -> None:
    record = reader.read_text(
        "Chancellor Karl Berg telephoned Prime Minister Ana Lopes on Monday. "
        "The hour-long call between the two leaders covered grain exports. "
        "Talks between Kyiv and Moscow resumed on Friday.",
        published="2026-03-03",
    ).to_json()
    names = {e["id"]: e["name"] for e in record["entities"]}
    call = by_trigger(record["events"], "call")
    assert (call["type"], call["actor"]["text"]) == ("CONSULT", "two leaders")
    sides = names.get(call["actor"]["entity"]), names.get(call["target"]["entity"])
    assert sides == ("Karl Berg", "Ana Lopes")
    talks = by_trigger(record["events"], "Talks")
    assert (talks["actor"]["country"], talks["target"]["country"]) == ("UKR", "RUS")
