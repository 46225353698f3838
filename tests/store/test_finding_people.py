"""A name finds the person: a filter on "Varga" means Lena Varga, quoted twice, not an
unlinked "Varga" quoted once, and a search for entities lists every one it may mean."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onrecord import Reader
from onrecord.store import Filters, Store
from tests.conftest import ROOT

# A follow-up we wrote, that names the minister by her surname alone.
FOLLOW_UP = (
    "Ferry talks stall again\n\nBy Ana Ruiz\nMarch 5, 2026\n\n"
    "PIRAEUS — Varga told reporters on Thursday that the ferries would not sail until the "
    "dispute ended.\n"
)


@pytest.fixture
def ledger(db: str, reader: Reader) -> Iterator[Store]:
    strike = (ROOT / "tests" / "articles" / "dock-strike-gazette.txt").read_text("utf-8")
    with Store.open(db) as store:
        store.save([reader.read_text(strike), reader.read_text(FOLLOW_UP)], "test")
        yield store


def test_a_surname_means_the_person_quoted_most(ledger: Store) -> None:
    names = {e["name"]: e["id"] for e in ledger.entities(query="Varga").items}
    assert {"Lena Varga", "Varga"} <= set(names), "both are in the ledger"
    by_lena = ledger.count(Filters(speaker=f"#{names['Lena Varga']}"))
    by_bare = ledger.count(Filters(speaker=f"#{names['Varga']}"))
    assert by_lena > by_bare > 0
    assert ledger.count(Filters(speaker="Varga")) == by_lena
    assert ledger.count(Filters(speaker="lena varga")) == by_lena


def test_part_of_a_name_still_finds_every_entity_holding_it(ledger: Store) -> None:
    assert ledger.count(Filters(speaker="Erdo")) == ledger.count(Filters(speaker="Erdoğan")) > 0
    assert ledger.count(Filters(speaker="Nobody Atall")) == 0


def test_a_name_the_knowledge_base_knows_finds_the_entity_linked_to_it(ledger: Store) -> None:
    by_qid = ledger.count(Filters(speaker="Q39259"))
    assert by_qid > 0, "the article quotes Erdoğan, linked to his Wikidata id"
    # Spelled as the knowledge base's aliases spell it, not as the article does.
    assert ledger.count(Filters(speaker="Tayyip Erdogan")) == by_qid
    assert ledger.count(Filters(speaker="Erdogan")) == by_qid
    [chosen, *_] = ledger.choices("Erdogan")
    assert (chosen.kb_id, chosen.statements) == ("Q39259", by_qid)
    assert ledger.choices("Q39259") == []


def test_a_name_of_several_entities_offers_them_most_quoted_first(ledger: Store) -> None:
    offered = ledger.choices("Varga")
    assert [c.name for c in offered][:2] == ["Lena Varga", "Varga"]
    assert offered[0].statements > offered[1].statements > 0
    assert offered[0].chosen and not offered[1].chosen
    assert offered[0].statements == ledger.count(Filters(speaker="Varga"))
