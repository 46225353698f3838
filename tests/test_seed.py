"""The seed article (../shared/data/seed): what the issues say its reading must show."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from onrecord import Reader
from onrecord.assemble import schema
from tests.conftest import assert_statement_spans_are_text


@pytest.fixture(scope="module")
def seed(reader: Reader, seed_path: Path) -> dict[str, Any]:
    return reader.read(seed_path).to_json()


def _by_name(seed: dict[str, Any], name: str) -> dict[str, Any]:
    found = [e for e in seed["entities"] if e["name"] == name]
    assert len(found) == 1, sorted(e["name"] for e in seed["entities"])
    return found[0]


def _forms(seed: dict[str, Any], entity: dict[str, Any]) -> set[str]:
    text = seed["article"]["text"]
    return {text[s:e] for s, e in entity["mentions"]}


def _story_occurrences(seed: dict[str, Any], word: str) -> list[int]:
    text = seed["article"]["text"]
    furniture = [r["span"] for r in seed["article"]["regions"] if r["furniture"]]
    return [
        m.start()
        for m in re.finditer(rf"\b{word}\b", text)
        if not any(s <= m.start() < e for s, e in furniture)
    ]


def test_metadata(seed: dict[str, Any]) -> None:
    article = seed["article"]
    assert article["published"].startswith("2025-07-15")
    assert article["outlet"] == "Business Standard"
    assert article["authors"] == ["Vasudha Mukherjee"]
    assert article["title"].startswith("'Can you hit Moscow")
    jsonschema.validate(seed, schema())


def test_one_donald_trump_holds_every_trump(seed: dict[str, Any]) -> None:
    trump = _by_name(seed, "Donald Trump")
    assert (trump["type"], trump["country"]) == ("PERSON", "USA")
    starts = {s for s, _ in trump["mentions"]}
    text = seed["article"]["text"]
    for i in _story_occurrences(seed, "Trump"):
        assert i in starts or text[i - 7 : i] == "Donald ", text[i - 30 : i + 30]
    assert not [e for e in seed["entities"] if e["name"] == "Trump"]


def test_zelenskyy_and_putin(seed: dict[str, Any]) -> None:
    zelenskyy = _by_name(seed, "Volodymyr Zelenskyy")
    assert {"Zelenskyy", "Volodymyr", "Volodymyr Zelenskyy"} <= _forms(seed, zelenskyy)
    assert zelenskyy["type"] == "PERSON"
    putin = _by_name(seed, "Vladimir Putin")
    assert {"Putin", "Vladimir"} <= _forms(seed, putin)  # "Russian President Vladimir."
    assert putin["type"] == "PERSON"


def test_financial_times_is_an_outlet(seed: dict[str, Any]) -> None:
    ft = _by_name(seed, "Financial Times")
    assert ft["type"] == "ORG"
    assert ft["category"] == "outlet"


def test_kyiv_and_washington_are_governments(seed: dict[str, Any]) -> None:
    text = seed["article"]["text"]
    governments = {}
    for entity in seed["entities"]:
        for s, e in entity["mentions"]:
            if text[s:e] in {"Kyiv", "Washington"}:
                governments[text[s:e]] = (entity["category"], entity["country"])
    assert governments == {"Kyiv": ("government", "UKR"), "Washington": ("government", "USA")}


def test_no_person_named_kyiv_or_patriot(seed: dict[str, Any]) -> None:
    for entity in seed["entities"]:
        if _forms(seed, entity) & {"Kyiv", "Patriot"}:
            assert entity["type"] != "PERSON", entity


def test_furniture_is_skipped(seed: dict[str, Any]) -> None:
    kinds = {r["kind"] for r in seed["article"]["regions"] if r["furniture"]}
    assert {"caption", "related", "tags", "dateline", "byline"} <= kinds
    names = {e["name"] for e in seed["entities"]}
    assert "PTI" not in names and "Press Trust of India" not in names  # photo credit
    assert "Vasudha Mukherjee" not in names


def _statement(seed: dict[str, Any], cue: str, content: str) -> dict[str, Any]:
    found = [
        s
        for s in seed["statements"]
        if s["cue"]["text"] == cue and content in " ".join(s["content"]["text"].split())
    ]
    assert len(found) == 1, [(s["cue"]["text"], s["content"]["text"]) for s in seed["statements"]]
    return found[0]


def _who(seed: dict[str, Any], party: dict[str, Any] | None) -> str | None:
    names = {e["id"]: e["name"] for e in seed["entities"]}
    return names.get(party["entity"]) if party else None


def test_trump_asks_zelenskyy_directly(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "asked", "Moscow? . . . Can")
    assert statement["content"]["text"].endswith("Petersburg too?”")
    assert statement["kind"] == "direct"
    assert _who(seed, statement["speaker"]) == "Donald Trump"
    assert _who(seed, statement["addressee"]) == "Volodymyr Zelenskyy"


def test_zelenskyy_replies_directly(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "to have replied", "Absolutely.")
    assert statement["content"]["text"].endswith("weapons.”")
    assert statement["kind"] == "direct"
    assert _who(seed, statement["speaker"]) == "Volodymyr Zelenskyy"


def test_trump_is_not_happy_with_putin(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "admitted", "not happy with")
    assert statement["kind"] == "direct"
    assert _who(seed, statement["speaker"]) == "Donald Trump"


def test_trump_urges_zelenskyy_indirectly(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "urged", "to escalate deep strikes")
    assert statement["kind"] == "indirect"
    assert _who(seed, statement["speaker"]) == "Donald Trump"
    assert _who(seed, statement["addressee"]) == "Volodymyr Zelenskyy"


def test_trump_24_hours_is_mixed(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "claiming", "“24 hours”")
    assert statement["content"]["text"].startswith("he could")
    assert statement["kind"] == "mixed"
    assert _who(seed, statement["speaker"]) == "Donald Trump"


def test_statement_spans_are_the_text(seed: dict[str, Any]) -> None:
    assert_statement_spans_are_text(seed)


_FT_CHAIN = [
    ("Business Standard", "outlet"),
    ("Financial Times", "outlet"),
    ("individuals briefed on the conversation", "anonymous"),
]


def _chain(statement: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["text"], s["type"]) for s in statement["sources"]]


def test_moscow_question_rests_on_the_ft_and_its_anonymous_sources(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "asked", "can you hit Moscow?")
    assert _chain(statement) == _FT_CHAIN
    assert statement["certainty"] != "on_record"
    # The headline repeats the question and rests on the same chain.
    headline = _statement(seed, "asked", "Moscow, St Petersburg?")
    assert _chain(headline) == _FT_CHAIN
    assert headline["certainty"] == "anonymous"


def test_zelenskyy_reply_is_hedged_with_the_same_chain(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "to have replied", "Absolutely.")
    assert "is said to" in [h["text"] for h in statement["hedges"]]
    assert _chain(statement) == _FT_CHAIN
    assert statement["certainty"] == "hedged"


def test_bad_call_is_reportedly(seed: dict[str, Any]) -> None:
    body = [s for s in seed["statements"] if s["content"]["text"] == "“bad”"]
    assert len(body) == 1
    assert [h["text"] for h in body[0]["hedges"]] == ["reportedly"]
    assert body[0]["certainty"] == "hedged"


def test_not_happy_with_putin_is_on_the_record(seed: dict[str, Any]) -> None:
    statement = _statement(seed, "admitted", "not happy with")
    assert _chain(statement) == [("Business Standard", "outlet")]
    assert statement["hedges"] == []
    assert statement["certainty"] == "on_record"


def test_sourcing_profile_names_the_ft(seed: dict[str, Any]) -> None:
    sourcing = seed["sourcing"]
    assert "Financial Times" in sourcing["sources"]
    descriptions = [a["description"] for a in sourcing["anonymous"]]
    assert "individual briefed on the conversation" in descriptions
    assert re.match(
        r"\d+ of \d+ statements rest on anonymous sources.*relayed by Financial Times",
        sourcing["summary"],
    )


# --- issue 5: time ----------------------------------------------------------------------


def _time(seed: dict[str, Any], words: str) -> list[dict[str, Any]]:
    found = [t for t in seed["times"] if t["text"] == words]
    assert found, [t["text"] for t in seed["times"]]
    return found


def _inside(time: dict[str, Any], first: str, last: str) -> bool:
    return bool(time["range"]) and first <= time["range"][0] <= time["range"][1] <= last


def test_a_day_earlier_is_the_day_before_the_july_4_call(seed: dict[str, Any]) -> None:
    by_id = {t["id"]: t for t in seed["times"]}
    for time in _time(seed, "a day earlier"):
        assert time["value"] == "2025-07-03"
        assert by_id[time["anchor"]]["value"] == "2025-07-04"


def test_relative_dates_against_the_publication_date(seed: dict[str, Any]) -> None:
    assert [t["value"] for t in _time(seed, "Sunday")] == ["2025-07-13"]
    assert [t["value"] for t in _time(seed, "last week")] == ["2025-W28"]
    (earlier,) = _time(seed, "Earlier this month")
    assert earlier["range"][0] == "2025-07-01"
    assert earlier["range"][1] <= "2025-07-15"


def test_fuzzy_months_keep_their_fuzziness(seed: dict[str, Any]) -> None:
    (mid,) = _time(seed, "mid-March")
    assert (mid["value"], mid["mod"]) == ("2025-03", "MID")
    assert _inside(mid, "2025-03-01", "2025-03-31")
    (early,) = _time(seed, "early June")
    assert early["value"] == "2025-06"
    assert _inside(early, "2025-06-01", "2025-06-30")


def test_both_quotes_of_the_july_4_call_were_said_on_july_4(seed: dict[str, Any]) -> None:
    question = _statement(seed, "asked", "Moscow? . . . Can")
    reply = _statement(seed, "to have replied", "Absolutely.")
    for statement in (question, reply):
        assert statement["said_on"]["value"] == "2025-07-04"
        assert statement["said_on"]["range"] == ["2025-07-04", "2025-07-04"]


def test_undated_statements_are_not_given_the_publication_date(seed: dict[str, Any]) -> None:
    warned = _statement(seed, "warned", "commits to peace")
    assert warned["said_on"] is None
    assert all(
        s["said_on"] is None or s["said_on"]["range"][0] != "2025-07-15" for s in seed["statements"]
    )


def test_fifty_day_deadline_ends_by_september_3(seed: dict[str, Any]) -> None:
    (deadline,) = _time(seed, "50 days")
    assert (deadline["type"], deadline["value"]) == ("DURATION", "P50D")
    assert deadline["range"][1] <= "2025-09-03"


def test_furniture_dates_are_not_story_times(seed: dict[str, Any]) -> None:
    furniture = [r["span"] for r in seed["article"]["regions"] if r["furniture"]]
    assert seed["article"]["published"].startswith("2025-07-15")
    assert not [t for t in seed["times"] if any(s <= t["span"][0] < e for s, e in furniture)]
