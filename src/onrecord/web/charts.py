"""The geometry of the web app's pictures, drawn as SVG by the templates.

A date axis with lanes (the timeline: a fuzzy date is a bar over its range, an exact one a
dot) and a bar chart of counts per month (an entity's statements over time). Pure
functions of dates and numbers; the templates only place what they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["Bar", "DateAxis", "MonthBars", "Placed", "date_axis", "month_bars"]


@dataclass(frozen=True, slots=True)
class Placed:
    """An item on the date axis: from ``x`` for ``width`` pixels, in lane ``lane``."""

    x: float
    width: float
    lane: int
    item: dict[str, Any]
    #: ``before`` or ``after`` for an item outside the span the axis draws, held at its edge.
    edge: str | None = None

    @property
    def is_range(self) -> bool:
        """Whether the item's date is a range of more than one day."""
        return bool(self.item["start"] != self.item["end"])


@dataclass(frozen=True, slots=True)
class DateAxis:
    """A drawn date axis: the placed items, tick marks ``(x, label)``, lanes used."""

    width: int
    placed: list[Placed]
    ticks: list[tuple[float, str]]
    lanes: int
    #: Items held at the left and right edges, outside the span drawn.
    earlier: int = 0
    later: int = 0


@dataclass(frozen=True, slots=True)
class MonthBars:
    """The bars of a chart per month, and the statements outside the months drawn."""

    bars: list[Bar]
    earlier: int = 0
    later: int = 0


@dataclass(frozen=True, slots=True)
class Bar:
    """One month's bar: position and height in pixels, its month and count."""

    x: float
    y: float
    width: float
    height: float
    month: str
    count: int


def date_axis(items: Sequence[dict[str, Any]], width: int = 960, pad: int = 12) -> DateAxis:
    """Place items with ``start``/``end`` (``YYYY-MM-DD``) on an axis ``width`` wide,
    packing them into as few lanes as keep them from overlapping.

    The axis spans the bulk of the dates: when a few items lie far outside it (an article
    recalling 1972 among this month's news), it spans the middle 96% of the start days, and
    the few outside are held at its edges, marked ``edge``, so that they do not squash the
    rest into a column or two."""
    if not items:
        return DateAxis(width, [], [], 0)
    first, last = _bulk([(_day(i["start"]), _day(i["end"])) for i in items])
    last += timedelta(days=1)
    days = max((last - first).days, 1)
    scale = (width - 2 * pad) / days
    lanes: list[float] = []
    placed = []
    for item in sorted(items, key=lambda i: (i["start"], i["end"])):
        start, end_day = _day(item["start"]), _day(item["end"])
        edge = "before" if start < first else "after" if start >= last else None
        start = min(max(start, first), last - timedelta(days=1))
        end_day = min(max(end_day, start), last - timedelta(days=1))
        x = pad + (start - first).days * scale
        end = pad + ((end_day - first).days + 1) * scale
        span = max(end - x, 6.0)
        lane = next((n for n, free in enumerate(lanes) if free <= x), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = x + span + 2
        placed.append(Placed(x, span, lane, item, edge))
    return DateAxis(
        width,
        placed,
        _ticks(first, last, pad, scale),
        len(lanes),
        earlier=sum(p.edge == "before" for p in placed),
        later=sum(p.edge == "after" for p in placed),
    )


def _bulk(spans: list[tuple[date, date]]) -> tuple[date, date]:
    """The first and last day the axis draws: all of them, unless the middle 96% of the
    start days span under a quarter of the whole (then those, to their items' last day)."""
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    ordered = sorted(s for s, _ in spans)
    cut = max(1, len(ordered) // 50) if len(ordered) >= 10 else 0
    if cut == 0:
        return first, last
    low, high = ordered[cut], ordered[-1 - cut]
    if (high - low).days * 4 >= (last - first).days:
        return first, last
    return low, max(e for s, e in spans if low <= s <= high)


def month_bars(
    per_month: Sequence[tuple[str, int]], width: int = 640, height: int = 160
) -> MonthBars:
    """Bars for ``(YYYY-MM, count)``, every month between the first and last drawn (empty
    months as gaps), the tallest ``height`` high.

    As on the date axis, the bars span the bulk of the statements: when a few lie far from
    the rest (a 1972 remark quoted again), the months between the 2nd and 98th percentile
    are drawn and the statements before and after them counted instead."""
    if not per_month:
        return MonthBars([])
    counts = dict(per_month)
    months = _months(*_bulk_months(counts))
    earlier = sum(n for month, n in counts.items() if month < months[0])
    later = sum(n for month, n in counts.items() if month > months[-1])
    most = max(counts.get(month, 0) for month in months) or 1
    slot = width / len(months)
    bars = []
    for n, month in enumerate(months):
        count = counts.get(month, 0)
        tall = height * count / most
        bars.append(Bar(n * slot + 1, height - tall, max(slot - 2, 1), tall, month, count))
    return MonthBars(bars, earlier, later)


def _bulk_months(counts: dict[str, int]) -> tuple[str, str]:
    """The first and last month drawn: all, unless the months that hold the middle 96% of
    the statements span under a quarter of them."""
    first, last = min(counts), max(counts)
    total = sum(counts.values())
    if total < 10:
        return first, last
    seen, low, high = 0, first, last
    for month in sorted(counts):
        if seen <= total * 0.02:
            low = month
        seen += counts[month]
        if seen >= total * 0.98:
            high = month
            break
    if len(_months(low, high)) * 4 >= len(_months(first, last)):
        return first, last
    return low, high


def _ticks(first: date, last: date, pad: int, scale: float) -> list[tuple[float, str]]:
    days = (last - first).days
    if days <= 45:
        step = 7 if days > 14 else 1
        marks = [first + timedelta(days=d) for d in range(0, days + 1, step)]
        return [(pad + (d - first).days * scale, d.isoformat()) for d in marks]
    months = _months(first.isoformat()[:7], last.isoformat()[:7])
    every = max(1, len(months) // 12)
    out = []
    for month in months[::every]:
        day = date.fromisoformat(f"{month}-01")
        if day >= first:
            out.append((pad + (day - first).days * scale, month))
    return out


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])
