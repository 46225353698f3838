"""TIMEX3 value arithmetic: the days a value covers, fuzzy thirds, moving dates."""

from __future__ import annotations

from datetime import date

import pytest

from onrecord.calendar import add, duration_value, narrow, value_range, week_value


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025-07-04", "2025-07-04", "2025-07-04"),
        ("2025-07-04T15:00", "2025-07-04", "2025-07-04"),
        ("2025-07-04TNI", "2025-07-04", "2025-07-04"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-02", "2025-02-01", "2025-02-28"),
        ("2025-W28", "2025-07-07", "2025-07-13"),
        ("2025-W28-WE", "2025-07-12", "2025-07-13"),
        ("2020-W53", "2020-12-28", "2021-01-03"),
        ("2025-Q3", "2025-07-01", "2025-09-30"),
        ("2025-H1", "2025-01-01", "2025-06-30"),
        ("2025-SU", "2025-06-01", "2025-08-31"),
        ("2024-WI", "2024-12-01", "2025-02-28"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("199", "1990-01-01", "1999-12-31"),
        ("19", "1900-01-01", "1999-12-31"),
    ],
)
def test_value_range(value: str, first: str, last: str) -> None:
    assert value_range(value) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(
    "value", ["PRESENT_REF", "PAST_REF", "P50D", "XXXX-07-04", "2025-02-30", "2025-W60", None]
)
def test_values_without_days(value: str | None) -> None:
    assert value_range(value) is None


@pytest.mark.parametrize(
    ("value", "mod", "first", "last"),
    [
        ("2025-03", "START", "2025-03-01", "2025-03-10"),
        ("2025-03", "MID", "2025-03-11", "2025-03-20"),
        ("2025-03", "END", "2025-03-21", "2025-03-31"),
        ("2024-02", "END", "2024-02-21", "2024-02-29"),  # a leap year's February
        ("2025", "START", "2025-01-01", "2025-04-30"),
        ("2025", "MID", "2025-05-01", "2025-08-31"),
        ("2025", "END", "2025-09-01", "2025-12-31"),
        ("199", "START", "1990-01-01", "1993-12-31"),
        ("199", "END", "1997-01-01", "1999-12-31"),
        ("2025-W28", "START", "2025-07-07", "2025-07-08"),
        ("2025-03", None, "2025-03-01", "2025-03-31"),
        ("2025-03", "APPROX", "2025-03-01", "2025-03-31"),
    ],
)
def test_early_mid_late_are_thirds(value: str, mod: str | None, first: str, last: str) -> None:
    period = value_range(value)
    assert period is not None
    assert narrow(period, mod) == (date.fromisoformat(first), date.fromisoformat(last))


def test_add_clamps_to_the_end_of_a_month() -> None:
    assert add(date(2024, 1, 31), 1, "month") == date(2024, 2, 29)
    assert add(date(2024, 2, 29), 1, "year") == date(2025, 2, 28)
    assert add(date(2025, 7, 15), 50, "day") == date(2025, 9, 3)
    assert add(date(2025, 7, 15), -2, "week") == date(2025, 7, 1)
    assert add(date(2025, 7, 15), 48, "hour") == date(2025, 7, 17)


def test_duration_values() -> None:
    assert duration_value(50, "day") == "P50D"
    assert duration_value(24, "hour") == "PT24H"
    assert duration_value(None, "month") == "PXM"
    assert duration_value(1, "fortnight") == "P2W"


def test_iso_weeks_cross_years() -> None:
    assert week_value(date(2026, 1, 2)) == "2026-W01"
    assert week_value(date(2027, 1, 1)) == "2026-W53"
