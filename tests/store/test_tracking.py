"""Commitments tracked across articles: versions, updates, events, status as of a day.

Each test runs on a SQLite file and on PostgreSQL. The seed test needs ../shared; the
others read articles written for these tests.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from onrecord import Reader
from onrecord.errors import ConfigError
from onrecord.store import Store, TrackedCommitment
from tests.store.conftest import FOLLOW_UPS, typed

THREAT = (
    "KESTREL BAY — Governor Helen Carter threatened on Monday to deploy the army to the docks "
    "unless the dockers' union ends its strike within 30 days, officials said."
)
SHORTENED = (
    "Governor Helen Carter said on Tuesday that she would shorten the deadline she gave the "
    "dockers' union, telling reporters the union now had 10 days before the army moves in."
)
REPEATED = (
    '"The army is ready to deploy to the docks," Governor Helen Carter told reporters on Wednesday.'
)
WITHDRAWN = "Governor Helen Carter dropped her threat to deploy the army on Thursday, aides said."
CARRIED_OUT = (
    "Governor Helen Carter deployed the army to the docks on Saturday, two days after the "
    "strike entered its sixth week."
)


def tracked(store: Store, **options: Any) -> TrackedCommitment:
    """The one commitment the store tracks for the options given."""
    _, found = store.commitments(**options)
    [commitment] = found
    return commitment


def steps(commitment: TrackedCommitment) -> list[tuple[str, str]]:
    return [(s["step"], s["status"]) for s in commitment.steps]


@pytest.fixture(scope="module")
def harbour(reader: Reader) -> dict[str, dict[str, Any]]:
    """A governor's threat and what three later reports say of it."""
    texts = {
        "threat": (THREAT, "2026-03-02"),
        "shortened": (SHORTENED, "2026-03-04"),
        "repeated": (REPEATED, "2026-03-05"),
        "withdrawn": (WITHDRAWN, "2026-03-06"),
        "carried-out": (CARRIED_OUT, "2026-03-08"),
    }
    return {
        name: reader.read_text(text, published=day).to_json() for name, (text, day) in texts.items()
    }


def test_the_seed_threat_shortened_then_passed(
    reader: Reader, seed_path: Path, store: Store
) -> None:
    records = [
        reader.read(seed_path).to_json(),
        reader.read(FOLLOW_UPS / "russia-deadline-shortened.txt").to_json(),
        reader.read(FOLLOW_UPS / "russia-deadline-passes.txt").to_json(),
    ]
    texts = {r["article"]["id"]: r["article"]["text"] for r in records}
    store.save(typed(records[:1]), "test")
    threat = tracked(store, actor="Q22686", status="open")
    assert "tariffs" in threat.action and threat.to_country == "RUS"
    assert threat.deadline_end == "2025-09-03"
    assert threat.countdown == 50  # as of the seed's publication, 15 July

    store.save(typed(records[1:2]), "test")
    threat = tracked(store, actor="Donald Trump", status="open")
    assert steps(threat) == [("made", "open"), ("shortened", "open")]
    assert threat.deadline_end is not None and "2025-08-07" <= threat.deadline_end < "2025-08-10"
    # A week after the shorter deadline, with no later report, it is due.
    _, [due] = store.commitments(actor="Trump", status="due", as_of="2025-08-16")
    assert due.id == threat.id and due.countdown is not None and due.countdown < 0

    store.save(typed(records[2:]), "test")
    threat = tracked(store, actor="Trump", status="lapsed")
    assert steps(threat) == [("made", "open"), ("shortened", "open"), ("lapsed", "lapsed")]
    made, shortened, lapsed = threat.steps
    assert made["deadline_end"] == "2025-09-03"
    assert lapsed["reported_on"] == "2025-08-09"
    assert "shorten the 50-day deadline" in shortened["text"]
    assert "passes without new sanctions" in lapsed["text"]
    records_by_title = {r["article"]["title"]: r["article"]["id"] for r in records}
    for step in threat.steps:
        text = texts[records_by_title[step["title"]]]
        assert text[step["start"] : step["end"]] == step["text"]

    # Read as of a day before the lapse was reported, the shorter deadline is still ahead.
    _, [before] = store.commitments(actor="Trump", status="open", as_of="2025-08-05")
    assert (before.id, before.countdown, len(before.steps)) == (threat.id, 3, 2)
    assert store.commitments(as_of="2025-07-01")[1] == []

    _, [iran] = store.commitments(actor="Trump", status="contradicted")
    assert iran.kind == "timeline" and "Iran" in iran.action
    assert steps(iran) == [("made", "open"), ("contradicted", "contradicted")]
    assert "launched strikes" in iran.steps[1]["text"]


def test_history_does_not_depend_on_the_order_of_arrival(
    harbour: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    names = ["threat", "shortened", "withdrawn"]
    histories = []
    for order in (names, names[::-1]):
        with Store.open(tmp_path / f"{'-'.join(order)}.db") as store:
            for name in order:
                store.save(typed([harbour[name]]), "test")
            commitment = tracked(store, actor="Helen Carter")
            histories.append([(s["step"], s["deadline_end"], s["text"]) for s in commitment.steps])
    assert histories[0] == histories[1]
    assert [step for step, _, _ in histories[0]] == ["made", "shortened", "withdrawn"]
    made, shortened, _ = histories[0]
    assert made[1] == "2026-04-01"  # 30 days from Monday 2 March
    assert shortened[1] == "2026-03-13"  # ten days from Tuesday 3 March


def test_an_event_that_carries_the_threat_out(
    harbour: dict[str, dict[str, Any]], store: Store
) -> None:
    store.save(typed([harbour["threat"], harbour["carried-out"]]), "test")
    commitment = tracked(store, actor="Helen Carter")
    assert steps(commitment) == [("made", "open"), ("fulfilled", "fulfilled")]
    assert commitment.steps[1]["rule"] == "event:MOBILIZE"
    assert commitment.steps[1]["text"].startswith("Governor Helen Carter deployed the army")


def test_a_deed_long_after_the_deadline_is_not_about_it(
    reader: Reader, harbour: dict[str, dict[str, Any]], store: Store
) -> None:
    # Over LINK_DAYS after the 1 April deadline, a new deployment is a new story.
    much_later = reader.read_text(CARRIED_OUT, published="2027-01-09").to_json()
    store.save(typed([harbour["threat"], much_later]), "test")
    assert steps(tracked(store, actor="Helen Carter")) == [("made", "open")]


def test_a_later_statement_of_its_maker_is_linked(
    harbour: dict[str, dict[str, Any]], store: Store
) -> None:
    store.save(typed([harbour["threat"], harbour["repeated"]]), "test")
    commitment = tracked(store, actor="Helen Carter")
    assert steps(commitment) == [("made", "open"), ("mentioned", "open")]
    mention = commitment.steps[1]
    assert mention["rule"] == "statement:army+deploy+dock"
    assert mention["text"] == '"The army is ready to deploy to the docks,"'
    assert REPEATED[mention["start"] : mention["end"]] == mention["text"]


def test_reading_an_article_again_keeps_one_history(
    harbour: dict[str, dict[str, Any]], store: Store
) -> None:
    records = [harbour["threat"], harbour["shortened"]]
    store.save(typed(records), "test")
    before = tracked(store, actor="Helen Carter").steps
    rows = store.rows()
    store.save(typed([copy.deepcopy(r) for r in records]), "test")
    assert tracked(store, actor="Helen Carter").steps == before
    assert store.rows() == rows


def test_a_reading_without_the_update_drops_its_step(
    harbour: dict[str, dict[str, Any]], store: Store
) -> None:
    store.save(typed([harbour["threat"], harbour["shortened"]]), "test")
    revised = copy.deepcopy(harbour["shortened"])
    revised["updates"] = []
    store.save(typed([revised]), "test")
    assert steps(tracked(store, actor="Helen Carter")) == [("made", "open")]


def test_status_as_of_a_day(harbour: dict[str, dict[str, Any]], store: Store) -> None:
    store.save(typed([harbour["threat"]]), "test")
    as_of, [commitment] = store.commitments()
    assert as_of == "2026-03-02"  # the newest article
    assert (commitment.status, commitment.countdown) == ("open", 30)
    _, [late] = store.commitments(as_of="2026-04-05")
    assert (late.status, late.countdown) == ("due", -4)
    assert store.commitments(status="due")[1] == []
    assert store.commitments(actor="nobody of that name")[1] == []
    with pytest.raises(ConfigError, match="unknown status"):
        store.commitments(status="broken")
