from __future__ import annotations

import pytest

from onrecord.ingest.datelines import parse_dateline


@pytest.mark.parametrize(
    ("line", "kind", "value"),
    [
        ("Last Updated : Jul 15 2025 | 4:37 PM IST", "updated", "2025-07-15T16:37+05:30"),
        (
            "3 min read Last Updated : Jul 15 2025 | 4:37 PM IST",
            "updated",
            "2025-07-15T16:37+05:30",
        ),
        ("First Published: Jul 15 2025 | 4:22 PM IST", "published", "2025-07-15T16:22+05:30"),
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
        "Updated Jul 15 | 4:37 PM IST",  # no year: never guessed
        "The remarks were made during a July 4 phone call between the two leaders.",
        "On February 30, 2025 the council met.",  # not a date
        "The ceasefire agreed on 3 March 2024 collapsed within weeks after repeated violations "
        "by both sides, according to monitors working in the region for the mission.",
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None
