"""The geometry of the timeline and the monthly bars."""

from __future__ import annotations

from onrecord.web.charts import date_axis, month_bars


def item(start: str, end: str, n: int) -> dict[str, object]:
    return {"start": start, "end": end, "id": n}


def test_overlapping_dates_take_separate_lanes_and_ranges_are_wider_than_days() -> None:
    axis = date_axis(
        [
            item("2025-03-11", "2025-03-20", 1),  # mid-March
            item("2025-03-15", "2025-03-15", 2),  # inside it: a second lane
            item("2025-07-04", "2025-07-04", 3),  # later: back to the first lane
        ],
        width=960,
    )
    placed = {p.item["id"]: p for p in axis.placed}
    assert (placed[1].lane, placed[2].lane, placed[3].lane) == (0, 1, 0)
    assert axis.lanes == 2
    assert placed[1].is_range and not placed[3].is_range
    assert placed[1].width > 5 * placed[3].width
    assert placed[1].x < placed[2].x < placed[3].x <= 960
    labels = [label for _, label in axis.ticks]
    assert labels[:5] == ["2025-04", "2025-05", "2025-06", "2025-07"][: len(labels[:5])]


def test_short_spans_get_day_ticks_and_nothing_gives_an_empty_axis() -> None:
    axis = date_axis([item("2025-07-01", "2025-07-03", 1)])
    assert [label for _, label in axis.ticks] == [
        "2025-07-01",
        "2025-07-02",
        "2025-07-03",
        "2025-07-04",
    ]
    assert date_axis([]).placed == []


def test_month_bars_fill_the_gaps_and_scale_to_the_tallest() -> None:
    bars = month_bars([("2025-11", 2), ("2026-02", 4)], width=400, height=100).bars
    assert [b.month for b in bars] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert [b.count for b in bars] == [2, 0, 0, 4]
    assert bars[3].height == 100 and bars[0].height == 50 and bars[1].height == 0
    assert bars[0].y == 50
    assert month_bars([]).bars == []


def test_month_bars_span_the_bulk_of_the_statements() -> None:
    per_month = [("1972-05", 1), *((f"2026-{m:02d}", 20) for m in range(1, 7)), ("2031-02", 1)]
    chart = month_bars(per_month)
    assert [b.month for b in chart.bars] == [f"2026-{m:02d}" for m in range(1, 7)]
    assert (chart.earlier, chart.later) == (1, 1)
    spread = month_bars([(f"20{y:02d}-01", 5) for y in range(10, 26)])
    assert (spread.earlier, spread.later) == (0, 0) and len(spread.bars) > 150
