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
