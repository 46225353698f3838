"""Commitment threading across articles, on typed records alone: no database, no spaCy.

The records are built by hand from sentences we wrote (a port authority's threat to a
shipping line), as the extractors would read them.
"""

from __future__ import annotations

from onrecord.link.keys import article_key, cluster_key, entity_key
from onrecord.link.threads import LINK_DAYS, Report, attach, history, threads, words
from onrecord.records import (
    Commitment,
    Content,
    Entity,
    Event,
    Party,
    Statement,
    TextSpan,
    Update,
    When,
)

THREAT = "The authority will close the port to the ferries unless fares fall within 30 days."
SHORTENED = "The authority shortened its deadline to 10 days."
BANNED = "The authority closed the port to the ferries."
REPEATED = "We will close the port, the harbour master said."

AUTHORITY, AUTHORITY_COUNTRY, LINE_COUNTRY = 7, "GRC", "CYP"


def _span(text: str, words_: str) -> TextSpan:
    start = text.index(words_)
    return TextSpan.of(text, (start, start + len(words_)))


def _party(text: str, words_: str, country: str | None) -> Party:
    found = _span(text, words_)
    return Party(found.span, found.text, "e1", country)


def threat(article: int = 1, day: str = "2026-03-02", to: str = LINE_COUNTRY) -> Report:
    commitment = Commitment(
        id="c1",
        kind="threat",
        action=_span(THREAT, "close the port to the ferries"),
        status="open",
        rule="condition:unless",
        by=_party(THREAT, "The authority", AUTHORITY_COUNTRY),
        to=_party(THREAT, "the ferries", to),
        condition=_span(THREAT, "unless fares fall within 30 days"),
        deadline=When("P30D", ("2026-03-02", "2026-04-01"), "t1"),
        event="v1",
    )
    return Report(
        commitment, article, day, row_id=100 + article, actor=AUTHORITY,
        actor_country=AUTHORITY_COUNTRY, category="SANCTION",
    )  # fmt: skip


def shortened(article: int = 2, day: str = "2026-03-09") -> Report:
    update = Update(
        id="u1",
        kind="shortened",
        noun="deadline",
        evidence=_span(SHORTENED, "shortened its deadline to 10 days"),
        rule="verb:shorten",
        by=_party(SHORTENED, "The authority", AUTHORITY_COUNTRY),
        deadline=When("P10D", ("2026-03-09", "2026-03-19"), "t1"),
    )
    return Report(update, article, day, row_id=200 + article, actor=AUTHORITY)


def banned(article: int = 3, day: str = "2026-03-20", target: str | None = LINE_COUNTRY) -> Report:
    event = Event(
        id="v1",
        type="SANCTION",
        mode="asserted",
        trigger=_span(BANNED, "closed"),
        evidence=_span(BANNED, "closed the port to the ferries"),
        rule="verb:close",
    )
    return Report(
        event, article, day, row_id=300 + article, actor=AUTHORITY,
        actor_country=AUTHORITY_COUNTRY, target_country=target, category="SANCTION",
    )  # fmt: skip


def repeated(article: int = 4, day: str = "2026-03-12") -> Report:
    start = REPEATED.index("We will close the port")
    statement = Statement(
        id="s1",
        kind="direct",
        cue=_span(REPEATED, "said"),
        content=Content.of(REPEATED, [(start, start + len("We will close the port"))]),
    )
    return Report(statement, article, day, row_id=400 + article, actor=AUTHORITY)


def test_a_threat_is_shortened_then_carried_out() -> None:
    found = threads([threat()])
    attach(found, updates=[shortened()], events=[banned()], statements=[repeated()])
    steps = history(found[0])
    assert [(s["step"], s["status"]) for s in steps] == [
        ("made", "open"),
        ("shortened", "open"),
        ("mentioned", "open"),
        ("fulfilled", "fulfilled"),
    ]
    assert steps[1]["deadline_end"] == "2026-03-19"
    assert steps[1]["text"] == "shortened its deadline to 10 days"
    assert steps[3]["event_id"] == 303


def test_a_later_threat_to_the_same_country_is_a_version() -> None:
    later = threat(article=5, day="2026-04-10")
    found = threads([threat(), later])
    assert len(found) == 1
    assert [s["step"] for s in history(found[0])] == ["made", "restated"]


def test_a_threat_to_another_country_is_a_commitment_of_its_own() -> None:
    found = threads([threat(), threat(article=5, day="2026-04-10", to="TUR")])
    assert len(found) == 2


def test_an_event_against_another_country_does_not_carry_it_out() -> None:
    found = threads([threat()])
    attach(found, events=[banned(target="TUR")])
    assert [s["step"] for s in history(found[0])] == ["made"]


def test_an_event_by_another_actor_of_no_known_country_does_not_carry_it_out() -> None:
    made = threat()
    made.actor_country = None
    event = banned()
    event.actor, event.actor_country = AUTHORITY + 1, None
    found = threads([made])
    attach(found, events=[event])
    assert [s["step"] for s in history(found[0])] == ["made"]
    event.actor = AUTHORITY
    attach(found, events=[event])
    assert [s["step"] for s in history(found[0])] == ["made", "fulfilled"]


def test_an_event_past_the_horizon_is_a_new_story() -> None:
    found = threads([threat()])
    attach(found, events=[banned(day="2027-03-20")])
    assert LINK_DAYS < 365
    assert [s["step"] for s in history(found[0])] == ["made"]


def test_words_are_crudely_singular_and_skip_stop_words() -> None:
    assert words("They would impose tariffs; a tariff") == frozenset({"impose", "tariff"})


def test_keys() -> None:
    entity = Entity("e1", "Ana Ruiz", "PERSON", "person", None, "ESP", None)
    assert entity_key(entity) == "PERSON:ana ruiz"
    assert entity_key(Entity("e2", "Greece", "GPE", "country", "Q41", "GRC", None)) == "Q41"
    assert cluster_key("Q41", "“We will wait.”") == cluster_key("Q41", "we will wait")
    assert article_key(None, "text").startswith("sha256:")
    assert article_key("https://example.org/a", "text") == "https://example.org/a"
