from __future__ import annotations

import pytest

from onrecord.ingest.datelines import parse_dateline


@pytest.mark.parametrize(
    ("line", "kind", "value"),
    [
        ("Last Updated : Mar 3 2026 | 9:05 PM IST", "updated", "2026-03-03T21:05+05:30"),
        (
            "4 min read Last Updated : Mar 3 2026 | 9:05 PM IST",
            "updated",
            "2026-03-03T21:05+05:30",
        ),
        ("First Published: Mar 3 2026 | 8:48 PM IST", "published", "2026-03-03T20:48+05:30"),
        ("Published 3 March 2024, 09:15 GMT", "published", "2024-03-03T09:15+00:00"),
        ("Posted on 2016-09-12", "published", "2016-09-12"),
        ("September 8, 2016", "date", "2016-09-08"),
        ("Tuesday 15 July 2025 10.30 BST", "date", "2025-07-15T10:30+01:00"),
        # ET switches with daylight saving, so no offset is guessed for it.
        ("Updated Oct. 4, 2016 11:02 p.m. ET", "updated", "2016-10-04T23:02"),
    ],
)
def test_datelines(line: str, kind: str, value: str) -> None:
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.kind, dateline.value) == (kind, value)


@pytest.mark.parametrize(
    "line",
    [
        "Updated Mar 3 | 9:05 PM IST",  # no year: never guessed
        "The agreement was reached in a March 9 phone call between the foreign ministers.",
        "On February 30, 2025 the council met.",  # not a date
        "The ceasefire agreed on 3 March 2024 collapsed within weeks after repeated violations "
        "by both sides, according to monitors working in the region for the mission.",
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None
