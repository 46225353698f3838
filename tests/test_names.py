from __future__ import annotations

import pytest

from onrecord.names import norm, slug, strip_possessive


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the U.S.", "US"),
        ("Zelenskyy’s", "Zelenskyy"),
        ("St. Petersburg", "Saint Petersburg"),
        ("Élysée", "Elysee"),
        ("The Financial Times", "Financial Times"),
    ],
)
def test_same_key(a: str, b: str) -> None:
    assert norm(a) == norm(b)


def test_different_keys() -> None:
    assert norm("Ukraine") != norm("Ukrainian")
    assert norm("Iran") != norm("Iraq")


def test_possessives() -> None:
    assert strip_possessive("Putin's") == "Putin"
    assert strip_possessive("allies’") == "allies"
    assert strip_possessive("Paris") == "Paris"


def test_slug() -> None:
    assert slug("Business Standard") == "business-standard"
