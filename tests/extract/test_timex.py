"""Time expressions from the real pipeline, on sentences written here, with fixed DCTs."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord import Reader

Record = dict[str, Any]


def _times(reader: Reader, text: str, published: str | None) -> list[Record]:
    record = reader.read_text(text + "\n", published=published).to_json()
    for time in record["times"]:
        start, end = time["span"]
        assert record["article"]["text"][start:end] == time["text"]
    return list(record["times"])


def _time(reader: Reader, text: str, published: str | None, words: str) -> Record:
    found = [t for t in _times(reader, text, published) if t["text"] == words]
    assert len(found) == 1, [t["text"] for t in _times(reader, text, published)]
    return found[0]


def _value(reader: Reader, text: str, published: str, words: str) -> str | None:
    value: str | None = _time(reader, text, published, words)["value"]
    return value


# --- against the publication date -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        # 2025-07-16 is a Wednesday.
        ("The minister said on Monday that talks had failed.", "Monday", "2025-07-14"),
        ("The minister will travel to Oslo on Monday.", "Monday", "2025-07-21"),
        ("The minister said on Wednesday that talks had failed.", "Wednesday", "2025-07-16"),
        ("Voters went to the polls last Friday.", "last Friday", "2025-07-11"),
        ("Voters go to the polls next Friday.", "next Friday", "2025-07-18"),
        ("The agency said yesterday it had found no fault.", "yesterday", "2025-07-15"),
        ("The court will rule tomorrow.", "tomorrow", "2025-07-17"),
        ("Prices are rising now.", "now", "PRESENT_REF"),
        ("The strike began last month.", "last month", "2025-06"),
        ("The company expects to hire next year.", "next year", "2026"),
        ("Talks stalled in the 1990s.", "the 1990s", "199"),
        ("Profits fell in the third quarter.", "the third quarter", "2025-Q3"),
        ("Profits rose in fiscal 2024.", "fiscal 2024", "2024"),
        ("The treaty was signed on 9 November 1989.", "9 November 1989", "1989-11-09"),
        ("The treaty was signed on Nov. 9, 1989.", "Nov. 9, 1989", "1989-11-09"),
        ("The vote was held in Spring 2019.", "Spring 2019", "2019-SP"),
        ("The market closed for Christmas.", "Christmas", "2024-12-25"),
    ],
)
def test_dates_against_the_dct(reader: Reader, text: str, words: str, value: str) -> None:
    time = _time(reader, text, "2025-07-16", words)
    assert time["value"] == value
    assert time["type"] == "DATE"


def test_month_and_day_take_the_occurrence_the_tense_points_to(reader: Reader) -> None:
    past = "The two leaders met on July 20."
    future = "The two leaders will meet on July 20."
    assert _value(reader, past, "2025-07-15", "July 20") == "2024-07-20"
    assert _value(reader, future, "2025-07-15", "July 20") == "2025-07-20"
    # A month with no year: the nearest, in the tense's direction.
    assert _value(reader, "Exports fell in March.", "2025-07-15", "March") == "2025-03"
    assert _value(reader, "Exports will fall in March.", "2025-07-15", "March") == "2026-03"


def test_a_date_that_modifies_a_noun_is_not_placed_by_the_verb(reader: Reader) -> None:
    # "missed the July 20 deadline" is past tense, but the deadline is still ahead.
    text = "Officials said the firm had missed the July 20 deadline."
    assert _value(reader, text, "2025-07-15", "July 20") == "2025-07-20"


def test_last_week_is_the_previous_iso_week_across_a_year_boundary(reader: Reader) -> None:
    time = _time(reader, "The ministers met last week.", "2026-01-02", "last week")
    assert time["value"] == "2025-W52"
    assert time["range"] == ["2025-12-22", "2025-12-28"]
    assert time["anchor"] == "dct"
    last_month = _time(reader, "Sales fell last month.", "2026-01-02", "last month")
    assert last_month["value"] == "2025-12"


def test_leap_days(reader: Reader) -> None:
    text = "The deal was struck on Feb. 29. A year later, it collapsed."
    times = _times(reader, text, "2025-03-10")
    assert [t["value"] for t in times] == ["2024-02-29", "2025"]
    assert _value(reader, "It was signed on 29 February.", "2028-03-01", "29 February") == (
        "2028-02-29"
    )
    late = _time(reader, "Snow fell in late February.", "2024-03-05", "late February")
    assert (late["value"], late["mod"], late["range"]) == (
        "2024-02",
        "END",
        ["2024-02-21", "2024-02-29"],
    )


def test_fuzzy_parts_keep_their_mod_and_get_a_range(reader: Reader) -> None:
    text = "Fighting eased in mid-March and flared again in early June."
    mid = _time(reader, text, "2025-07-15", "mid-March")
    assert (mid["value"], mid["mod"], mid["range"]) == (
        "2025-03",
        "MID",
        ["2025-03-11", "2025-03-20"],
    )
    early = _time(reader, text, "2025-07-15", "early June")
    assert (early["value"], early["mod"], early["range"]) == (
        "2025-06",
        "START",
        ["2025-06-01", "2025-06-10"],
    )
    year = _time(reader, "Early in 2025, prices rose.", "2025-07-15", "Early in 2025")
    assert (year["value"], year["mod"]) == ("2025", "START")


def test_earlier_and_later_this_period_run_to_and_from_the_dct(reader: Reader) -> None:
    earlier = _time(
        reader, "Earlier this month, the union rejected the offer.", "2025-07-15",
        "Earlier this month",
    )  # fmt: skip
    assert earlier["value"] == "2025-07"
    assert earlier["range"] == ["2025-07-01", "2025-07-15"]
    later = _time(reader, "The union will vote later this year.", "2025-07-15", "later this year")
    assert later["range"] == ["2025-07-15", "2025-12-31"]


# --- against another time ---------------------------------------------------------------


def test_a_day_earlier_counts_from_the_date_before_it(reader: Reader) -> None:
    text = "The ministers spoke on March 3, a day earlier than planned, and again two days later."
    times = _times(reader, text, "2025-03-20")
    march, earlier, later = times
    assert march["value"] == "2025-03-03"
    assert (earlier["text"], earlier["value"], earlier["anchor"]) == (
        "a day earlier",
        "2025-03-02",
        march["id"],
    )
    assert later["value"] == "2025-03-04"  # from the last date mentioned, 2 March
    assert later["anchor"] == earlier["id"]


def test_the_next_day_with_no_date_before_it_counts_from_the_dct(reader: Reader) -> None:
    time = _time(reader, "The next day, the port reopened.", "2025-07-15", "The next day")
    assert (time["value"], time["anchor"]) == ("2025-07-16", "dct")


def test_a_year_ago_after_a_quarter_is_the_year_ago_quarter(reader: Reader) -> None:
    text = "Profit rose in the second quarter, from $2 million a year ago."
    assert _value(reader, text, "2025-08-01", "a year ago") == "2024-Q2"
    assert _value(reader, "The mill closed three years ago.", "2025-08-01", "three years ago") == (
        "2022"
    )


# --- durations ----------------------------------------------------------------------------


def test_within_fifty_days_gives_a_deadline_range(reader: Reader) -> None:
    text = "He warned that unless the rebels disarm within 50 days, sanctions would follow."
    time = _time(reader, text, "2025-07-15", "50 days")
    assert (time["type"], time["value"]) == ("DURATION", "P50D")
    assert time["range"] == ["2025-07-15", "2025-09-03"]
    assert time["anchor"] == "dct"


def test_a_duration_counts_from_the_date_of_its_sentence(reader: Reader) -> None:
    text = "In mid-March, the sides agreed a 30-day ceasefire."
    times = _times(reader, text, "2025-07-15")
    mid, ceasefire = times
    assert (ceasefire["text"], ceasefire["value"]) == ("30-day", "P30D")
    # From 11–20 March, thirty days end between 10 and 19 April.
    assert ceasefire["range"] == ["2025-03-11", "2025-04-19"]
    assert ceasefire["anchor"] == mid["id"]


def test_the_past_three_years_run_back_from_the_dct(reader: Reader) -> None:
    time = _time(reader, "Rents doubled over the past three years.", "2025-07-15", (
        "the past three years"
    ))  # fmt: skip
    assert (time["value"], time["range"]) == ("P3Y", ["2022-07-15", "2025-07-15"])


@pytest.mark.parametrize(
    ("text", "words", "value", "mod"),
    [
        ("The talks lasted two weeks.", "two weeks", "P2W", None),
        ("He promised peace in 24 hours.", "24 hours", "PT24H", None),
        ("The siege lasted more than a decade.", "more than a decade", "P10Y", "MORE_THAN"),
        ("The review took several months.", "several months", "PXM", None),
        ("The trial lasted two and a half years.", "two and a half years", "P2Y6M", None),
        ("Repairs take about 90 minutes.", "about 90 minutes", "PT90M", "APPROX"),
    ],
)
def test_durations(reader: Reader, text: str, words: str, value: str, mod: str | None) -> None:
    time = _time(reader, text, "2025-07-15", words)
    assert (time["type"], time["value"], time["mod"]) == ("DURATION", value, mod)


def test_a_range_of_amounts_keeps_its_upper_bound(reader: Reader) -> None:
    text = "He said a deal must come within 10 or 12 days."
    time = _time(reader, text, "2025-07-28", "10 or 12 days")
    assert time["value"] == "PXD"
    assert time["range"] == ["2025-07-28", "2025-08-09"]


@pytest.mark.parametrize(
    "text",
    [
        'Moscow now had "10 or 12 days" before sanctions.',
        "The rebels were given 10 or 12 days to disarm.",
    ],
)
def test_time_allowed_before_an_act_runs_forward(reader: Reader, text: str) -> None:
    time = _time(reader, text, "2025-07-28", "10 or 12 days")
    assert time["range"] == ["2025-07-28", "2025-08-09"]


def test_time_spent_is_not_a_range(reader: Reader) -> None:
    time = _time(reader, "The talks lasted 10 days.", "2025-07-28", "10 days")
    assert time["range"] is None


# --- sets, times of day, and what is not a time ------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The council meets every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Inspectors visit twice a year.", "twice a year", "P1Y"),
        ("The paper publishes daily.", "daily", "P1D"),
        ("The field pumps 40,000 barrels a day.", "a day", "P1D"),
    ],
)
def test_sets(reader: Reader, text: str, words: str, value: str) -> None:
    time = _time(reader, text, "2025-07-15", words)
    assert (time["type"], time["value"]) == ("SET", value)


def test_times_of_day(reader: Reader) -> None:
    text = "The ferry left at 3 p.m. on Friday. Crews returned this morning."
    friday = _time(reader, text, "2025-07-15", "3 p.m. on Friday")
    assert (friday["type"], friday["value"]) == ("TIME", "2025-07-11T15:00")
    morning = _time(reader, text, "2025-07-15", "this morning")
    assert (morning["type"], morning["value"]) == ("TIME", "2025-07-15TMO")


@pytest.mark.parametrize(
    "text",
    [
        "May I ask a question?",
        "The army sent 2000 troops to the border.",
        "A 6-year-old boy was rescued.",
        "Thousands joined the March for Life.",
        "Foreign Minister Jan Kavan spoke first.",
        "Rangers watched the fall of the river.",
    ],
)
def test_not_times(reader: Reader, text: str) -> None:
    assert _times(reader, text, "2025-07-15") == []


def test_furniture_dates_are_metadata_not_story(reader: Reader) -> None:
    text = (
        "Port reopens after strike\n\n"
        "Last Updated : Mar 3 2026 | 9:05 PM IST\n"
        "The port reopened on Monday after a two-week strike.\n"
    )
    record = reader.read_text(text).to_json()
    assert record["article"]["published"].startswith("2026-03-03")
    assert [t["text"] for t in record["times"]] == ["Monday", "two-week"]
    assert record["times"][0]["value"] == "2026-03-02"


def test_without_a_publication_date_relative_times_stay_unresolved(reader: Reader) -> None:
    times = _times(reader, "The minister resigned last week, on July 4.", None)
    by_text = {t["text"]: t for t in times}
    assert by_text["last week"]["value"] is None
    assert by_text["last week"]["range"] is None
    assert by_text["July 4"]["value"] == "XXXX-07-04"


def test_hostile_text_is_handled(reader: Reader) -> None:
    text = " ".join(["every", "day", "two", "weeks", "ago", "“"] * 400)
    times = _times(reader, text, "2025-07-15")
    assert times
    assert all(t["value"] for t in times)
