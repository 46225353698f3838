"""Calendar arithmetic on TIMEX3 values: from a value to the days it covers, and back.

A TIMEX3 date value names a period at some granularity: ``2025`` (a year), ``2025-Q3``,
``2025-H1``, ``2025-SU`` (a season), ``2025-07``, ``2025-W28`` (an ISO week),
``2025-W28-WE`` (its weekend), ``2025-07-04``, ``2025-07-04T15:00``, ``202`` (the 2020s),
``20`` (the 1900s, i.e. the 20th century). :func:`value_range` turns one into its first
and last calendar day.

Fuzzy parts: the TIMEX3 ``mod`` START, MID and END ("early", "mid", "late") keep the
period's value and narrow its range to a third of it:

- a month: days 1–10, 11–20 and 21 to the end;
- a year: January–April, May–August and September–December;
- a decade: years 0–3, 4–6 and 7–9;
- anything else: the first, middle and last third of its days.

Seasons are meteorological (spring is March–May, winter runs from December into the next
year's February). These are conventions, not facts: they keep "mid-March" a range inside
March rather than inventing 15 March.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

__all__ = [
    "UNIT_CODES",
    "DateRange",
    "add",
    "day_value",
    "duration_value",
    "granularity",
    "month_value",
    "narrow",
    "parse_day",
    "quarter_of",
    "value_range",
    "week_value",
]

DateRange = tuple[date, date]

#: TIMEX3 duration letters for each unit; time units go after ``T``.
UNIT_CODES: dict[str, str] = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
}
_TIME_UNITS = frozenset({"second", "minute", "hour"})
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}

_VALUE = re.compile(
    r"""^(?:
        (?P<year>\d{4})
        (?:-(?:
            (?P<month>\d{2})(?:-(?P<day>\d{2})(?:T.*)?)?
          | W(?P<week>\d{1,2})(?P<weekend>-WE)?
          | Q(?P<quarter>[1-4])
          | H(?P<half>[12])
          | (?P<season>SP|SU|FA|WI)
        ))?
      | (?P<decade>\d{3})
      | (?P<century>\d{2})
    )$""",
    re.VERBOSE,
)


def parse_day(value: str) -> date:
    """``YYYY-MM-DD`` (anything after the day, such as a time, is ignored) as a date."""
    return date(int(value[:4]), int(value[5:7]), int(value[8:10]))


def day_value(day: date) -> str:
    """The TIMEX3 value of one day."""
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    """The TIMEX3 value of one month."""
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    """The TIMEX3 value of the ISO week ``day`` falls in (``2025-W28``)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: date) -> int:
    """The quarter (1–4) ``day`` falls in."""
    return (day.month - 1) // 3 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> DateRange:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), _month_end(end_year, end_month)


def granularity(value: str) -> str | None:
    """What a TIMEX3 date value names: ``day``, ``week``, ``month``, ``quarter``, ``half``,
    ``season``, ``year``, ``decade`` or ``century``; None for anything else."""
    match = _VALUE.match(value)
    if match is None:
        return None
    g = match.groupdict()
    for name in ("day", "week", "month", "quarter", "half", "season", "decade", "century"):
        if g[name]:
            return name
    return "year"


def value_range(value: str | None) -> DateRange | None:
    """The first and last day a TIMEX3 date value covers, or None (``PRESENT_REF``, ``P3D``,
    ``XXXX-07``, ...)."""
    match = _VALUE.match(value or "")
    if match is None:
        return None
    g = match.groupdict()
    try:
        if g["decade"]:
            start = int(g["decade"]) * 10
            return date(start, 1, 1), date(start + 9, 12, 31)
        if g["century"]:
            start = int(g["century"]) * 100
            return date(max(start, 1), 1, 1), date(start + 99, 12, 31)
        year = int(g["year"])
        if g["day"]:
            day = date(year, int(g["month"]), int(g["day"]))
            return day, day
        if g["month"]:
            return _months(year, int(g["month"]), int(g["month"]))
        if g["week"]:
            monday = date.fromisocalendar(year, int(g["week"]), 1)
            if g["weekend"]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if g["quarter"]:
            first = 3 * int(g["quarter"]) - 2
            return _months(year, first, first + 2)
        if g["half"]:
            first = 6 * int(g["half"]) - 5
            return _months(year, first, first + 5)
        if g["season"]:
            return _months(year, *_SEASONS[g["season"]])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # 2025-02-30, week 54
        return None


def narrow(period: DateRange, mod: str | None) -> DateRange:
    """``period`` narrowed to its START, MID or END third (see the module docstring)."""
    if mod not in ("START", "MID", "END"):
        return period
    first, last = period
    part = ("START", "MID", "END").index(mod)
    if first.day == 1 and last == _month_end(last.year, last.month):
        if first.month == last.month and first.year == last.year:
            starts = (1, 11, 21)
            start = first.replace(day=starts[part])
            return start, (last if part == 2 else first.replace(day=starts[part + 1] - 1))
        if first.month == 1 and last.month == 12 and first.year == last.year:
            return _months(first.year, 4 * part + 1, 4 * part + 4)
        if first.month == 1 and last.year - first.year == 9 and last.month == 12:
            bounds = ((0, 3), (4, 6), (7, 9))[part]
            return date(first.year + bounds[0], 1, 1), date(first.year + bounds[1], 12, 31)
    days = (last - first).days + 1
    start = first + timedelta(days=days * part // 3)
    end = first + timedelta(days=days * (part + 1) // 3 - 1)
    return start, end


def add(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` units (negative goes back); months clamp to their end."""
    if unit in _TIME_UNITS:
        hours = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1}[unit] * amount
        return day + timedelta(days=int(hours // 24) if hours >= 0 else -int(-hours // 24))
    if unit == "day":
        return day + timedelta(days=amount)
    if unit in ("week", "fortnight"):
        return day + timedelta(weeks=amount * (2 if unit == "fortnight" else 1))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    moved: date = day + relativedelta(months=months * amount)
    return moved


def duration_value(amount: float | None, unit: str) -> str:
    """The TIMEX3 value of a duration: ``P50D``, ``PT24H``, ``P2W``, ``PXY`` when the
    amount is vague ("years", "several months")."""
    code = UNIT_CODES[unit]
    if unit == "fortnight" and amount is not None:
        amount *= 2
    number = "X" if amount is None else f"{amount:g}"
    return f"PT{number}{code}" if unit in _TIME_UNITS else f"P{number}{code}"
