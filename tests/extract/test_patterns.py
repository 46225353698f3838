"""PatternSet finds what ``finditer`` finds, pattern by pattern, on texts written here."""

from __future__ import annotations

import re
from typing import Any

import pytest

from onrecord.extract.patterns import PatternSet
from onrecord.extract.timex import TimeTagger

_TEXT = (
    "On Monday, 14 July 2025, the mayor said the ferry would run twice daily for the next "
    "three weeks. Two days later, in mid-August, the council gave the operator 50 days; "
    "by the end of Q3 the fares were due back at 9 a.m. every Sunday, as in the 1990s. "
    "MONDAY'S vote came a year after the strike ended, last summer, on Christmas Eve."
)


def _found(patterns: list[re.Pattern[str]], text: str) -> list[list[tuple[tuple[int, int], Any]]]:
    return [
        [(m.span(), m.groupdict()) for m in found] for found in PatternSet(patterns).finditer(text)
    ]


def _expected(
    patterns: list[re.Pattern[str]], text: str
) -> list[list[tuple[tuple[int, int], Any]]]:
    return [[(m.span(), m.groupdict()) for m in p.finditer(text)] for p in patterns]


def test_the_time_rules_find_what_each_finds_alone() -> None:
    patterns = [rule.pattern for rule in TimeTagger().rules]
    assert PatternSet(patterns).single_pass
    found = _found(patterns, _TEXT)
    assert found == _expected(patterns, _TEXT)
    assert sum(map(len, found)) >= 10  # the text holds more than ten expressions


def test_named_groups_and_a_shared_opening_survive_the_union() -> None:
    patterns = [
        re.compile(r"(?<![\w-])(?:(?P<n>\d+)\s+(?P<unit>days?|weeks?))", re.IGNORECASE),
        re.compile(r"(?<![\w-])(?:(?P<n>two|three)\s+(?P<unit>days|weeks))", re.IGNORECASE),
        re.compile(r"(?<![\w-])(?:(?:the\s+)?next\s+(?P<unit>week))", re.IGNORECASE),
    ]
    text = "Give it 3 days, Two Weeks or the next week; not mid-3 days or 12weeks."
    found = _found(patterns, text)
    assert found == _expected(patterns, text)
    assert found[0][0] == ((8, 14), {"n": "3", "unit": "days"})


def test_case_kept_inside_an_ignore_case_pattern() -> None:
    patterns = [re.compile(r"\b(?-i:Mon|MON)day\b", re.IGNORECASE), re.compile(r"\bmay\b", re.I)]
    text = "Monday, MONday, monday: the vote may come in May."
    assert PatternSet(patterns).single_pass
    assert _found(patterns, text) == _expected(patterns, text)


def test_a_pattern_whose_first_characters_are_unknown_is_tried_everywhere() -> None:
    patterns = [re.compile(r"[^a-z ]day"), re.compile(r".?week"), re.compile(r"day")]
    text = "Sunday, 1day, Xday and biweekly weeks."
    assert PatternSet(patterns).single_pass
    assert _found(patterns, text) == _expected(patterns, text)


def test_an_opening_that_only_looks_shared_stays_with_its_pattern() -> None:
    patterns = [re.compile(r"(?<!x)a|b"), re.compile(r"(?<!x)c")]  # "b" needs no "(?<!x)"
    text = "xa xb xc ab cb"
    assert PatternSet(patterns).single_pass
    assert _found(patterns, text) == _expected(patterns, text)


@pytest.mark.parametrize(
    "patterns",
    [
        [re.compile(r"\d*"), re.compile(r"day")],  # may match the empty string
        [re.compile(r"(\w)\1"), re.compile(r"day")],  # refers back to a group
        [re.compile(r"day", re.IGNORECASE), re.compile(r"week")],  # flags differ
    ],
)
def test_patterns_the_union_cannot_hold_still_match_alone(
    patterns: list[re.Pattern[str]],
) -> None:
    text = "A good day, a week, a bad b and cc, eleven Days."
    assert not PatternSet(patterns).single_pass
    assert _found(patterns, text) == _expected(patterns, text)
