"""Time expressions: find them, give each a TIMEX3 value and the calendar days it means.

``onrecord_times`` is a rule-based tagger and normaliser in the manner of HeidelTime,
in pure Python. Its words (month and weekday names, number words, seasons, holidays, the
"early"/"mid-"/"late" of fuzzy dates, ...) come from ``data/timewords.tsv``; its rules
(:func:`rules_for`; :data:`RULES` for the shipped words) are compiled from them. It works
in two passes over the text:

1. **Find.** Each rule is a regular expression with a reader. All rules
   run over the text; where matches overlap, the longest wins (then the earlier rule).
   Matches inside page furniture (datelines, "Last Updated" lines, captions) are dropped:
   those dates are the article's metadata, not the story's. A rule may refuse a match it
   cannot read, such as "2000 troops" or "may" the verb.
2. **Resolve**, in text order. Each reading is resolved against

   - the publication date (DCT, anchor ``dct``): "yesterday", "last week" (the previous
     ISO week), "earlier this month" (from the 1st to the DCT). Dates written without a
     year ("July 4", "mid-March", "on Sunday") take the nearest past occurrence when the
     governing verb is in the past tense, the nearest future one when it is in the future
     ("will", "is going to", "is expected to"), and the nearest either way otherwise;
   - the last date mentioned before it (anchor: that time's id): "a day earlier", "the
     next day", "two years later", "the previous week". With no date before it, the DCT.

   Durations get a range when something starts them: "within 50 days", "the next two
   weeks", "a 30-day ceasefire" run from the date their sentence gives (the nearest date
   before them in the sentence) or else from the DCT, to the latest day they can end;
   "the past three years" runs back from its anchor. The range keeps the uncertainty of
   the anchor: from mid-March (11–20 March), 30 days end between 10 and 19 April, and the
   range runs from 11 March to 19 April.

Fuzzy parts ("early", "mid-", "late") keep their period's value with a TIMEX3 ``mod``
and narrow the range (see :mod:`onrecord.calendar` for the policy). Spans follow TimeML:
prepositions stay out ("on Sunday" is tagged "Sunday"), determiners and modifiers stay in
("the past three years", "late November", "more than a decade").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple, TypeVar, cast

from dateutil.easter import easter
from spacy.language import Language
from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.calendar import (
    DateRange,
    add,
    day_value,
    duration_value,
    granularity,
    month_value,
    narrow,
    parse_day,
    quarter_of,
    value_range,
    week_value,
)
from onrecord.extract.extensions import text_of
from onrecord.extract.patterns import PatternSet
from onrecord.lexicons import Lexicons, Row, current, shipped
from onrecord.records import Article, Time, TimeType
from onrecord.types import Span, within

__all__ = ["RULES", "Reading", "TimeTagger", "TimeWords", "make_time_tagger", "rules_for", "tense"]

T = TypeVar("T")

# ---------------------------------------------------------------------------- vocabulary
# The words come from data/timewords.tsv (see TimeWords); the patterns here are structure.

_WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The day a holiday falls on: "12-25", "easter-2", "11-thu-4" (the fourth Thursday of
# November), "11-mon-1+1" (the day after the first Monday), "05-mon-last".
_HOLIDAY = re.compile(
    r"(?P<month>\d\d)-(?P<day>\d\d)"
    r"|easter(?P<easter>[+-]\d+)?"
    rf"|(?P<nmonth>\d\d)-(?P<weekday>{'|'.join(_WEEKDAY_CODES)})"
    r"-(?P<nth>[1-5]|last)(?P<shift>[+-]\d+)?"
)


@dataclass(frozen=True, slots=True)
class TimeWords:
    """The vocabulary of ``data/timewords.tsv``, in the shapes the rules read it."""

    #: The first three letters of a month's name → its number ("jan" → 1).
    months: dict[str, int]
    #: Month names as the patterns match them (with a capital): names, abbreviations and
    #: names in capitals, in that order.
    month_names: tuple[str, ...]
    #: Abbreviations that are months only before a day number: "Jul 15 2025".
    month_before_day: tuple[str, ...]
    #: After one of these, "May" alone is the month: "in May".
    month_prepositions: frozenset[str]
    #: Weekday names in lower case, Monday first.
    weekdays: tuple[str, ...]
    #: Number words (zero to nineteen), those of them a ten can take ("twenty-one"), the
    #: tens, and other amounts ("a dozen").
    small: tuple[str, ...]
    units: tuple[str, ...]
    tens: tuple[str, ...]
    amounts: tuple[str, ...]
    #: Every number word and amount → its value.
    numbers: dict[str, float]
    #: Amounts the text leaves open: "several months" is ``PXM``.
    vague: tuple[str, ...]
    ordinals: dict[str, int]
    centuries: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    #: Words that set the TIMEX3 mod of a period: "early March", "the end of March".
    mods: dict[str, str]
    #: Those that go before the period ("early", "mid-") and those of "the end of".
    mod_prefixes: tuple[str, ...]
    mod_phrases: tuple[str, ...]
    #: Words before a duration that set its TIMEX3 mod ("more than a decade"), or None.
    quantifiers: dict[str, str | None]
    frequencies: dict[str, str]
    holidays: dict[str, Callable[[int], date]]
    references: dict[str, str]
    clock_words: dict[str, str]
    clock_zones: tuple[str, ...]
    #: "2000 troops": a four-digit number these nouns follow counts them.
    counted: re.Pattern[str]
    #: "a 30-day ceasefire": nouns a hyphenated duration measures from its sentence's date.
    spells: re.Pattern[str]


def _time_words(lexicons: Lexicons) -> TimeWords:
    known = {row[0] for row in shipped("timewords.tsv")}
    classes: dict[str, list[tuple[str, str, Row]]] = {}
    for row in lexicons.table("timewords.tsv"):
        name, word, value = row
        if name not in known:
            raise row.error(f"no class {name!r} (the classes are {', '.join(sorted(known))})")
        classes.setdefault(name, []).append((word, value, row))

    def values(name: str, read: Callable[[str], T]) -> dict[str, T]:
        found: dict[str, T] = {}
        for word, value, row in classes.get(name, []):
            try:
                found[word] = read(value)
            except ValueError:
                raise row.error(f"{value!r} is no value for a {name}") from None
        return found

    def plain(name: str) -> tuple[str, ...]:
        return tuple(word for word, _, _ in classes.get(name, []))

    months = values("month", _month_number)
    weekdays = values("weekday", _weekday_number)
    small = values("number", int)
    number_words = {word: float(n) for word, n in small.items()}
    number_words |= {word: float(n) for word, n in values("tens", int).items()}
    number_words |= values("amount", float)
    mods = values("mod", str)
    mods_of = values("mod_of", str)
    counted = "|".join(re.escape(word) for word in plain("counted_noun"))
    return TimeWords(
        months={name.lower()[:3]: n for name, n in months.items()},
        month_names=(
            *months,
            *values("month_abbreviation", _month_number),
            *(name.upper() for name in months),
        ),
        month_before_day=tuple(values("month_before_day", _month_number)),
        month_prepositions=frozenset(plain("month_preposition")),
        weekdays=tuple(word.lower() for word in sorted(weekdays, key=weekdays.__getitem__)),
        small=tuple(small),
        units=tuple(word for word, n in small.items() if 1 <= n <= 9),
        tens=plain("tens"),
        amounts=plain("amount"),
        numbers=number_words,
        vague=plain("vague"),
        ordinals=values("ordinal", int),
        centuries=values("century", int),
        seasons=values("season", str),
        parts_of_day=values("part_of_day", str),
        mods=mods | mods_of,
        mod_prefixes=tuple(mods),
        mod_phrases=tuple(mods_of),
        quantifiers=values("quantifier", lambda v: None if v == "-" else v),
        frequencies=values("frequency", str),
        holidays=values("holiday", _holiday),
        references=values("reference", str),
        clock_words=values("clock_word", str),
        clock_zones=plain("clock_zone"),
        counted=re.compile(
            rf"\s+(?:[a-z]+\s+)?(?:{counted}|[a-z]+s\s+(?:were|are|have|had|will))\b"
        ),
        spells=re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}(?:{_alternatives(plain('spell_noun'))})\b"),
    )


def _month_number(value: str) -> int:
    if not 1 <= int(value) <= 12:
        raise ValueError(value)
    return int(value)


def _weekday_number(value: str) -> int:
    if not 0 <= int(value) <= 6:
        raise ValueError(value)
    return int(value)


def _holiday(spec: str) -> Callable[[int], date]:
    """The day a holiday falls on in a year, from its ``timewords.tsv`` value."""
    found = _HOLIDAY.fullmatch(spec)
    if found is None:
        raise ValueError(spec)
    if found["month"]:
        month, day = int(found["month"]), int(found["day"])
        date(2000, month, day)  # a day that exists, in a leap year
        return lambda year: date(year, month, day)
    if spec.startswith("easter"):
        days = timedelta(days=int(found["easter"] or 0))
        return lambda year: easter(year) + days
    month = int(found["nmonth"])
    date(2000, month, 1)
    weekday = _WEEKDAY_CODES.index(found["weekday"])
    nth = -1 if found["nth"] == "last" else int(found["nth"])
    shift = timedelta(days=int(found["shift"] or 0))
    return lambda year: _nth_weekday(year, month, weekday, nth) + shift


def _vocabulary() -> TimeWords:
    """The time words of the current lexicons."""
    return lexicons.current().memo(_time_words)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n < 0:
        last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _longest_first(words: Iterable[str]) -> str:
    """An alternation of ``words``, longest first; a space matches any white space."""
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len)[::-1])


def _alternatives(words: Iterable[str]) -> str:
    """An alternation of ``words`` in their order; a space matches any white space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def _spaced(text: str) -> str:
    """``text`` in lower case with each run of white space one space, as words are listed."""
    return re.sub(r"\s+", " ", text.lower())


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:%.,]\d|\d|%)"
_YEAR = r"(?<![\d$€£.,])(?:1[6-9]|20)\d\d(?![\d%]|,\d|\.\d)"
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade)s?|century|centuries"
_NEXT_WORDS = r"(?:next|following|coming|subsequent)"
_PREV_WORDS = r"(?:previous|preceding|prior)"


# ------------------------------------------------------------------------------ readings


@dataclass(frozen=True, slots=True)
class Reading:
    """What a rule reads in a match; :class:`TimeTagger` resolves it to a :class:`Time`.

    ``range`` is set only when it is not the range of ``value`` under ``mod``.
    ``anchor`` is ``dct``, ``previous`` (the last date mentioned) or None.
    """

    type: str
    value: str | None
    mod: str | None = None
    range: DateRange | None = None
    anchor: str | None = None


class Anchor(NamedTuple):
    """A date later expressions can count from: its value, time id and days."""

    value: str
    id: str
    range: DateRange


@dataclass(frozen=True, slots=True)
class Context:
    """What resolution needs besides the match: the DCT, the tense, the dates so far."""

    dct: date | None
    tense: str  # past, future or unknown
    previous: Anchor | None  # the last date mentioned
    sentence_date: Anchor | None  # the last date mentioned earlier in the same sentence


Resolver = Callable[[Context], Reading | None]
Reader = Callable[[re.Match[str], str], Resolver | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern: a name for people reading the rules, the regex and its reader."""

    name: str
    pattern: re.Pattern[str]
    read: Reader


# --------------------------------------------------------------------- calendar helpers


def _number(text: str) -> float | None:
    """The amount a number phrase says, None for vague ones ("several", "10 or 12")."""
    key = re.sub(r"\s+", " ", text.strip().lower())
    half = re.fullmatch(r"(.+?)(?: and a half| 1/2)", key)
    if half:
        whole = _number(half.group(1))
        return None if whole is None else whole + 0.5
    numbers = _vocabulary().numbers
    if key in numbers:
        return numbers[key]
    if re.fullmatch(r"\d+(\.\d+)?", key):
        return float(key)
    parts = re.split(r"[\s-]", key)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return numbers[parts[0]] + numbers[parts[1]]
    return None


def _upper(text: str) -> float | None:
    """The larger amount of a range ("10 or 12" is 12), or the amount itself."""
    parts = re.split(r"\s*(?:\bto\b|\bor\b|–|(?<=\d)-(?=\d))\s*", text.strip().lower())
    amounts = [_number(p) for p in parts]
    return max(a for a in amounts if a is not None) if all(a is not None for a in amounts) else None


def _unit(text: str) -> str:
    word = text.lower()
    if word in ("century", "centuries"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def _month(text: str) -> int:
    return _vocabulary().months[text.lower()[:3]]


def _weekday(text: str) -> int:
    return _vocabulary().weekdays.index(text.lower())


def _near_weekday(dct: date, weekday: int, tense: str) -> date:
    back = (dct.weekday() - weekday) % 7
    # With no tense to go by, the past unless the day is at most two days ahead: news
    # reports far more of what happened than of what is to come.
    if tense == "past" or (tense == "unknown" and back <= 4):
        return dct - timedelta(days=back)
    return dct + timedelta(days=(weekday - dct.weekday()) % 7)


def _near_year(dct: date, month: int, day: int | None, tense: str) -> int:
    """The year of the occurrence of a month (and day) the tense points to.

    Past tense takes the last occurrence on or before the DCT, future the next on or
    after it. Otherwise the nearer of the two, but a future occurrence only within three
    months: news reports far more of the past than of the future.
    """
    ref = dct if day else dct.replace(day=1)
    years = [y for y in range(dct.year - 4, dct.year + 5) if _date(y, month, day or 1)]
    past = max((y for y in years if date(y, month, day or 1) <= ref), default=dct.year)
    future = min((y for y in years if date(y, month, day or 1) >= ref), default=dct.year)
    if tense == "past":
        return past
    if tense == "future":
        return future
    back = (ref - date(past, month, day or 1)).days
    ahead = (date(future, month, day or 1) - ref).days
    return future if ahead < back and ahead <= 92 else past


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _value_at(day: date, unit: str) -> str:
    """The value of the ``unit``-long period around ``day``."""
    if unit in ("second", "minute", "hour", "day"):
        return day_value(day)
    if unit in ("week", "fortnight"):
        return week_value(day)
    if unit == "weekend":
        return week_value(day) + "-WE"
    if unit == "month":
        return month_value(day.year, day.month)
    if unit == "quarter":
        return f"{day.year}-Q{quarter_of(day)}"
    if unit == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if unit == "decade":
        return str(day.year // 10)
    if unit == "century":
        return str(day.year // 100)
    return str(day.year)


def _shift(value: str, amount: int, unit: str) -> str | None:
    """``value`` moved by ``amount`` units, at the unit's granularity; but a quarter, half
    or month moved by quarters or years stays one ("a year earlier" than 2024-Q3 is
    2023-Q3), and a season moved by years stays that season."""
    period = value_range(value)
    if period is None:
        return None
    start = add(period[0], amount, unit)
    kind = granularity(value)
    if unit in ("year", "quarter", "half") and kind in ("quarter", "half", "month"):
        return _value_at(start, kind)
    if kind == "season" and unit == "year":
        return f"{start.year}{value[4:]}"
    return _value_at(start, unit if unit != "weekend" else "week")


def _season_year(dct: date, season: str, tense: str, relation: str) -> int:
    """The year of the season "last/this/next summer" (or plain "the summer") means."""
    current = value_range(f"{dct.year}-{season}")
    assert current is not None
    if relation == "last":
        return dct.year if current[1] < dct else dct.year - 1
    if relation == "next":
        return dct.year if current[0] > dct else dct.year + 1
    if relation == "this" or tense == "unknown":
        return dct.year
    if tense == "past":
        return dct.year if current[0] <= dct else dct.year - 1
    return dct.year if current[1] >= dct else dct.year + 1


# ------------------------------------------------------------------------------ readers
# Each reader gets the match and the text, and returns a resolver, or None to refuse.


def _reading(
    type_: str, value: str | None, mod: str | None = None, anchor: str | None = None
) -> Resolver:
    result = Reading(type_, value, mod, anchor=anchor)
    return lambda ctx: result


def _mod(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    word = groups.get("mod") or groups.get("mod2") or groups.get("mod3")
    return _vocabulary().mods[word.lower()] if word else None


def read_full_date(m: re.Match[str], text: str) -> Resolver | None:
    groups = m.groupdict()
    month = _month(groups.get("month") or groups.get("month2") or groups["cmonth"])
    day = int(re.sub(r"\D", "", groups.get("day") or groups.get("day2") or groups["cdate"]))
    year = groups.get("year") or groups.get("cyear")
    relation = {"last": "past", "next": "future"}.get((groups.get("rel") or "").lower())

    def resolve(ctx: Context) -> Reading | None:
        if year:
            found = _date(int(year), month, day)
            return Reading("DATE", day_value(found)) if found else None
        if ctx.dct is None:
            return Reading("DATE", f"XXXX-{month:02d}-{day:02d}")
        found = _date(_near_year(ctx.dct, month, day, relation or ctx.tense), month, day)
        return Reading("DATE", day_value(found), anchor="dct") if found else None

    return resolve


def read_numeric_date(m: re.Match[str], text: str) -> Resolver | None:
    if m.group("iso"):
        found = _date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    else:
        year = int(m.group("uy"))
        year += 2000 if year < 50 else 1900 if year < 100 else 0
        found = _date(year, int(m.group("um")), int(m.group("ud")))
    return _reading("DATE", day_value(found)) if found else None


def read_month(m: re.Match[str], text: str) -> Resolver | None:
    name = m.group("month")
    relation = (m.group("rel") or "").lower()
    mod = _mod(m)
    year = m.group("year")
    if name.lower() == "may" and not (year or mod or relation):
        # "May" alone is a month only after a preposition: "in May", not "May I".
        before = text[max(0, m.start() - 12) : m.start()].lower().split()
        if not before or before[-1] not in _vocabulary().month_prepositions:
            return None
    bare = not (year or mod or relation or m.group("yrel"))
    if bare and re.match(r"\s+(?:for|of)\s+(?!\d)", text[m.end() : m.end() + 8]):
        return None  # "the March for Life", "the March of the Combatant Mothers"
    month = _month(name)
    year_offset = {"last": -1, "this": 0, "next": 1}.get((m.group("yrel") or "").lower())

    def resolve(ctx: Context) -> Reading | None:
        if year:
            return Reading("DATE", month_value(int(year), month), mod)
        if ctx.dct is None:
            return Reading("DATE", f"XXXX-{month:02d}", mod)
        if year_offset is not None:
            y = ctx.dct.year + year_offset
        elif relation == "last":
            y = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
        elif relation == "next":
            y = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
        elif relation == "this":
            y = ctx.dct.year
        else:
            y = _near_year(ctx.dct, month, None, ctx.tense)
        return Reading("DATE", month_value(y, month), mod, anchor="dct")

    return resolve


def read_year(m: re.Match[str], text: str) -> Resolver | None:
    year = m.group("year")
    if m.group("half"):
        return _reading("DATE", f"{year}-H{1 if m.group('half').lower() == 'first' else 2}")
    if not _is_year(m, text):
        return None
    return _reading("DATE", year, _mod(m))


def _is_year(m: re.Match[str], text: str) -> bool:
    """A bare four-digit number is a year unless it counts something ("2000 troops")."""
    if m.group(0) != m.group("year"):
        return True
    after = text[m.end() : m.end() + 24].lower()
    return _vocabulary().counted.match(after) is None


def read_decade(m: re.Match[str], text: str) -> Resolver | None:
    mod = _mod(m)
    if m.group("decade"):
        return _reading("DATE", m.group("decade"), mod)
    digit = m.group("d2")

    def resolve(ctx: Context) -> Reading | None:
        century = ctx.dct.year // 100 if ctx.dct else 19
        # "the '90s" written in 2025 are the 1990s: a decade not begun yet is last century's.
        if ctx.dct and century * 100 + int(digit) * 10 > ctx.dct.year:
            century -= 1
        return Reading("DATE", f"{century}{digit}", mod)

    return resolve


def read_century(m: re.Match[str], text: str) -> Resolver | None:
    word = re.sub(r"[\s-]+", "-", m.group("nth").lower())
    number = _vocabulary().centuries.get(word) or int(re.sub(r"\D", "", word) or 0)
    return _reading("DATE", f"{number - 1:02d}", _mod(m)) if number else None


def read_quarter(m: re.Match[str], text: str) -> Resolver | None:
    which = re.sub(r"\s+", " ", (m.group("which") or "").lower())
    unit = "half" if m.group("unit").lower() == "half" else "quarter"
    if not (which or m.group("year") or m.group("year2") or m.group("ago") or m.group("yrel2")):
        # "the quarter" is a date; "a quarter of the vote", "half the time" are not.
        if unit == "half" or not m.group(0).lower().startswith("the"):
            return None
        if re.match(r"\s+of\s+(?:a|an|the|its|their|his|her)\b", text[m.end() : m.end() + 12]):
            return None
    year = m.group("year") or m.group("year2")
    said = (m.group("yrel") or m.group("yrel2") or "").lower()
    relative = -1 if m.group("ago") else {"last": -1, "next": 1}.get(said, 0)
    letter = unit[0].upper()
    ordinal = _vocabulary().ordinals.get(which) or (
        {"final": 2 if unit == "half" else 4}.get(which)
    )

    def resolve(ctx: Context) -> Reading | None:
        last_told = (
            ctx.previous.value if ctx.previous and granularity(ctx.previous.value) == unit else None
        )
        if ordinal is None and last_told and (year or relative):
            # "the 1988 quarter", "the year-ago quarter": the quarter being told, that year.
            told_year = int(year) if year else int(last_told[:4]) + relative
            return Reading(
                "DATE",
                f"{told_year}{last_told[4:]}",
                anchor=ctx.previous.id if ctx.previous else None,
            )
        if ordinal is None and year:
            return Reading("DATE", year)
        if ordinal is not None:
            if year:
                return Reading("DATE", f"{year}-{letter}{ordinal}")
            if ctx.dct is None:
                return Reading("DATE", f"XXXX-{letter}{ordinal}")
            y = ctx.dct.year + relative
            current = int(_value_at(ctx.dct, unit)[-1])
            if not (relative or said) and ordinal > current and ctx.tense != "future":
                y -= 1  # "third-quarter profit rose", written in February
            return Reading("DATE", f"{y}-{letter}{ordinal}", anchor="dct")
        if ctx.dct is None:
            return None
        months = 6 if unit == "half" else 3
        if which in ("current", "this"):
            return Reading("DATE", _value_at(ctx.dct, unit), anchor="dct")
        if which:  # last, latest, past, previous, recent, most recent
            return Reading("DATE", _value_at(add(ctx.dct, -months, "month"), unit), anchor="dct")
        # "the quarter": the quarter last mentioned, else the one the report is about.
        if ctx.previous and granularity(ctx.previous.value) == unit:
            return Reading("DATE", ctx.previous.value, anchor=ctx.previous.id)
        if ctx.tense == "past":
            return Reading("DATE", _value_at(add(ctx.dct, -months, "month"), unit), anchor="dct")
        return Reading("DATE", _value_at(ctx.dct, unit), anchor="dct")

    return resolve


def read_season(m: re.Match[str], text: str) -> Resolver | None:
    season = _vocabulary().seasons[(m.group("season") or m.group("season2")).lower()]
    relation = (m.group("rel") or "").lower()
    year = m.group("year") or m.group("year2")
    if relation == "the" and not year and re.match(r"\s+of\b", text[m.end() : m.end() + 4]):
        return None  # "the fall of Kabul"
    mod = _mod(m)

    def resolve(ctx: Context) -> Reading | None:
        if year:
            return Reading("DATE", f"{year}-{season}", mod)
        if ctx.dct is None:
            return Reading("DATE", f"XXXX-{season}", mod)
        y = _season_year(ctx.dct, season, ctx.tense, relation)
        return Reading("DATE", f"{y}-{season}", mod, anchor="dct")

    return resolve


def read_holiday(m: re.Match[str], text: str) -> Resolver | None:
    name = re.sub(r"\s+", " ", m.group("holiday").lower()).replace("’", "'")
    when = _vocabulary().holidays[name]
    year = m.group("year")

    def resolve(ctx: Context) -> Reading | None:
        if year:
            return Reading("DATE", day_value(when(int(year))))
        if ctx.dct is None:
            return None
        dct = ctx.dct
        candidates = [when(dct.year + k) for k in (-1, 0, 1)]
        if ctx.tense == "past":
            found = max(d for d in candidates if d <= dct)
        elif ctx.tense == "future":
            found = min(d for d in candidates if d >= dct)
        else:
            found = min(candidates, key=lambda d: abs((d - dct).days))
        return Reading("DATE", day_value(found), anchor="dct")

    return resolve


def read_deictic_day(m: re.Match[str], text: str) -> Resolver | None:
    word = m.group("deixis").lower()
    part = _vocabulary().parts_of_day.get((m.group("part") or "").lower())
    mod = _mod(m)
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[word]
    if m.group("dayafter"):
        offset += 1 if m.group("dayafter").lower() == "after" else -1

    def resolve(ctx: Context) -> Reading | None:
        if ctx.dct is None:
            return None
        day = day_value(ctx.dct + timedelta(days=offset))
        if word == "tonight":
            return Reading("TIME", f"{day}TNI", anchor="dct")
        if part:
            return Reading("TIME", f"{day}T{part}", anchor="dct")
        return Reading("DATE", day, mod, anchor="dct")

    return resolve


def read_part_of_day(m: re.Match[str], text: str) -> Resolver | None:
    """ "this morning", "last night"."""
    part = _vocabulary().parts_of_day[m.group("part").lower()]
    offset = -1 if m.group("rel").lower() == "last" else 0

    def resolve(ctx: Context) -> Reading | None:
        if ctx.dct is None:
            return None
        day = day_value(ctx.dct + timedelta(days=offset))
        return Reading("TIME", f"{day}T{part}", anchor="dct")

    return resolve


def read_weekday(m: re.Match[str], text: str) -> Resolver | None:
    weekday = _weekday(m.group("weekday"))
    relation = (m.group("rel") or "").lower()
    part = _vocabulary().parts_of_day.get((m.group("part") or "").lower())
    mod = _mod(m)

    def resolve(ctx: Context) -> Reading | None:
        if ctx.dct is None:
            return Reading("DATE", f"XXXX-WXX-{weekday + 1}")
        dct = ctx.dct
        if relation in ("last", "past"):
            day = dct - timedelta(days=(dct.weekday() - weekday) % 7 or 7)
        elif relation == "next":
            day = dct + timedelta(days=(weekday - dct.weekday()) % 7 or 7)
        elif relation == "this":
            day = dct + timedelta(days=weekday - dct.weekday())
        else:
            day = _near_weekday(dct, weekday, ctx.tense)
        if part:
            return Reading("TIME", f"{day_value(day)}T{part}", anchor="dct")
        return Reading("DATE", day_value(day), mod, anchor="dct")

    return resolve


def read_relative_period(m: re.Match[str], text: str) -> Resolver | None:
    """ "last week", "this month", "earlier this year", "the end of next month"."""
    relation = m.group("rel").lower().split()[-1]
    unit = m.group("unit").lower()
    mod = _mod(m)
    side = (m.group("side") or "").lower()
    offset = {"last": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[relation]

    def resolve(ctx: Context) -> Reading | None:
        if ctx.dct is None:
            return None
        value = _value_at(add(ctx.dct, offset, "week" if unit == "weekend" else unit), unit)
        if side and offset == 0:
            period = value_range(value)
            if period is not None:
                days = (period[0], ctx.dct) if side == "earlier" else (ctx.dct, period[1])
                return Reading("DATE", value, mod, range=days, anchor="dct")
        return Reading("DATE", value, mod, anchor="dct")

    return resolve


def read_anaphoric_period(m: re.Match[str], text: str) -> Resolver | None:
    """ "the next day", "the previous week", "that day", "the same month"."""
    relation = m.group("rel").lower().split()[-1]
    offset = 0 if relation in ("that", "same") else -1 if re.fullmatch(_PREV_WORDS, relation) else 1
    return _anaphoric(offset, m.group("unit").lower())


def read_day_before(m: re.Match[str], text: str) -> Resolver | None:
    """ "the day before", "the day after" with no object: relative to the last date."""
    return _anaphoric(-1 if m.group("dir").lower() == "before" else 1, "day")


def _anaphoric(offset: int, unit: str) -> Resolver:
    def resolve(ctx: Context) -> Reading | None:
        if ctx.previous is not None:
            value, anchor = ctx.previous.value, ctx.previous.id
        elif ctx.dct is not None:
            value, anchor = day_value(ctx.dct), "dct"
        else:
            return None
        moved = _shift(value, offset, unit) if offset else _at(value, unit)
        return Reading("DATE", moved, anchor=anchor) if moved else None

    return resolve


def _at(value: str, unit: str) -> str | None:
    period = value_range(value)
    return _value_at(period[0], unit) if period else None


def read_offset(m: re.Match[str], text: str) -> Resolver | None:
    """ "two days earlier", "a year later", "three weeks ago", "10 days from now"."""
    number = m.group("num")
    plural = m.group("unit").lower().endswith(("s", "centuries"))
    amount = _number(number) if number else (None if plural else 1.0)
    unit = _unit(m.group("unit"))
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    backwards = direction in ("earlier", "before", "ago")
    from_dct = direction in ("ago", "from now", "hence")

    def resolve(ctx: Context) -> Reading | None:
        # "up from $2 a year ago", after "the third quarter": the year-ago quarter.
        reported = ctx.previous and granularity(ctx.previous.value) in ("quarter", "half")
        if ctx.previous is not None and (not from_dct or (reported and unit == "year")):
            value, anchor = ctx.previous.value, ctx.previous.id
        elif ctx.dct is not None:
            value, anchor = day_value(ctx.dct), "dct"
        else:
            return None
        if amount is None or amount != int(amount):
            return Reading("DATE", "PAST_REF" if backwards else "FUTURE_REF", anchor=anchor)
        if unit in ("second", "minute", "hour"):
            return Reading("DATE", value[:10], anchor=anchor)
        moved = _shift(value, -int(amount) if backwards else int(amount), unit)
        return Reading("DATE", moved, anchor=anchor) if moved else None

    return resolve


def read_duration(m: re.Match[str], text: str) -> Resolver | None:
    if m.group("old"):
        return None  # "a 6-year-old boy" is an age
    number = m.group("num")
    unit_text = m.group("unit")
    direction = (m.group("dir") or "").lower()
    before = text[max(0, m.start() - 12) : m.start()].lower()
    trigger = re.search(r"\b(within|in|for|after|over|during|throughout)\s+[\"“‘']?$", before)
    reach: float | None = None  # how far the duration can run, for its range
    words = _vocabulary()
    if number:
        amount = _number(number)
        reach = _upper(number)
        if amount is None and reach is None and _spaced(number) not in words.vague:
            return None
    elif unit_text.lower().endswith(("s", "centuries")):
        amount = None  # "for years", "recent months"
        if not (direction or trigger or m.group("quant") or m.group("long")):
            return None
    elif direction:
        amount = reach = 1.0  # "the past year"
    else:
        return None
    unit = _unit(unit_text)
    quant = m.group("quant")
    mod = words.quantifiers.get(_spaced(quant)) if quant else None
    value = _duration(amount, unit)
    backward = direction in ("past", "last", "previous")
    forward = direction in ("next", "coming", "following", "first", "remaining") or (
        trigger is not None and trigger.group(1) in ("within", "in")
    )
    after = text[m.end() :]
    if "-" in m.group(0) and words.spells.match(after):
        forward = True
    # "had 10 or 12 days before sanctions", "gave them 30 days to sign": time allowed.
    if re.match(r"[\"”’']?\s+(?:before\b|to\s+[a-z]{3,}\b)", after):
        forward = True

    def resolve(ctx: Context) -> Reading | None:
        anchor = ctx.sentence_date
        if anchor is None and ctx.dct is not None:
            anchor = Anchor(day_value(ctx.dct), "dct", (ctx.dct, ctx.dct))
        if anchor is None or reach is None or reach != int(reach):
            return Reading("DURATION", value, mod)
        first, last = anchor.range
        if backward:
            days = (add(first, -int(reach), unit), last)
        elif forward:
            days = (first, add(last, int(reach), unit))
        else:
            return Reading("DURATION", value, mod)
        return Reading("DURATION", value, mod, days, anchor.id)

    return resolve


#: The unit a fraction of a unit is written in: two and a half years are ``P2Y6M``.
_SMALLER = {"minute": ("second", 60), "hour": ("minute", 60), "day": ("hour", 24),
            "year": ("month", 12), "month": ("day", 30), "week": ("day", 7)}  # fmt: skip


def _duration(amount: float | None, unit: str) -> str:
    if unit in ("decade", "century"):
        years = 10 if unit == "decade" else 100
        return duration_value(amount * years, "year") if amount else f"PX{unit[:2].upper()}"
    if amount is not None and amount != int(amount):
        smaller = _SMALLER.get(unit)
        if smaller is None:
            return duration_value(amount, unit)
        rest = duration_value(round((amount % 1) * smaller[1]), smaller[0])
        whole = duration_value(int(amount), unit) if int(amount) else "P"
        if "T" in rest and "T" in whole:
            rest = rest[2:]
        elif "T" in rest:
            rest = "T" + rest[2:]
        else:
            rest = rest[1:]
        return whole + rest
    return duration_value(amount, unit)


def read_ref(m: re.Match[str], text: str) -> Resolver | None:
    return _reading("DATE", _vocabulary().references[_spaced(m.group(0))])


def read_set(m: re.Match[str], text: str) -> Resolver | None:
    word = m.group(0).lower()
    frequencies = _vocabulary().frequencies
    if word in frequencies:
        return _reading("SET", frequencies[word])
    if m.group("weekday"):
        return _reading("SET", f"XXXX-WXX-{_weekday(m.group('weekday')) + 1}")
    unit = m.group("unit") or m.group("unit2")
    if unit.lower() in ("morning", "night"):
        return _reading("SET", "TMO" if unit.lower() == "morning" else "TNI")
    amount = _number(m.group("num")) if m.group("num") else 1.0
    return _reading("SET", _duration(amount, _unit(unit)))


def read_per_unit(m: re.Match[str], text: str) -> Resolver | None:
    """ "100 barrels a day", "$1 billion a year": a rate, not a duration."""
    before = text[max(0, m.start() - 24) : m.start()].lower()
    if m.group(0).lower().startswith("per") or re.search(
        r"(?:\d|%|\b(?:million|billion|thousand|hundred|percent|times)|[a-z]{3,}s)\s+$", before
    ):
        return _reading("SET", _duration(1.0, _unit(m.group("unit"))))
    return None


def read_weekend(m: re.Match[str], text: str) -> Resolver | None:
    """ "the weekend", "over the weekend": the nearest weekend the tense points to."""

    def resolve(ctx: Context) -> Reading | None:
        if ctx.dct is None:
            return None
        saturday = _near_weekday(ctx.dct, 5, ctx.tense)
        return Reading("DATE", week_value(saturday) + "-WE", anchor="dct")

    return resolve


def read_clock(m: re.Match[str], text: str) -> Resolver | None:
    named = (m.group("named") or "").lower()
    if named:
        clock = _vocabulary().clock_words[named]
    else:
        hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
        ampm = (m.group("ampm") or "").lower()[:1]
        if hour > 24 or minute > 59 or (ampm and not 1 <= hour <= 12):
            return None
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        clock = f"{hour:02d}:{minute:02d}"
    deixis = (m.group("cday") or "").lower()
    weekday = _weekday(m.group("cweekday")) if m.group("cweekday") else None
    on_date = read_full_date(m, text) if m.group("cmonth") else None

    def resolve(ctx: Context) -> Reading | None:
        written = on_date(ctx) if on_date else None
        if written is not None and written.value:
            return Reading("TIME", f"{written.value}T{clock}", anchor=written.anchor)
        if ctx.dct is None:
            return Reading("TIME", f"XXXX-XX-XXT{clock}")
        day = ctx.dct
        if deixis:
            day += timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[deixis])
        elif weekday is not None:
            day = _near_weekday(ctx.dct, weekday, ctx.tense)
        elif ctx.previous and granularity(ctx.previous.value) == "day":
            day = parse_day(ctx.previous.value)  # "at 10 p.m.": the day being told
        return Reading("TIME", f"{day_value(day)}T{clock}", anchor="dct")

    return resolve


# -------------------------------------------------------------------------------- rules

# A match starts and ends at word boundaries: not inside "mid-term" or "now-defunct".
_B = r"(?<![\w'’-])"
_E = r"(?!\w|-\w)"


def _rule(name: str, pattern: str, read: Reader) -> Rule:
    return Rule(name, re.compile(_B + "(?:" + pattern + ")" + _E, re.IGNORECASE), read)


_FISCAL = r"(?:(?:fiscal|calendar)[\s-]+)"


def rules_for(lexicons: Lexicons | None = None) -> tuple[Rule, ...]:
    """The rules, with the time words of ``lexicons`` (default: the current ones)."""
    return (lexicons or current()).memo(_rules)


def _rules(lexicons: Lexicons) -> tuple[Rule, ...]:
    words = lexicons.memo(_time_words)
    # Month and weekday names must be capitalised: "may", "march" and "sun" are words.
    names = _alternatives(words.month_names)
    month = rf"(?-i:{names})(?![\w-])"
    # Before a day number, undotted abbreviations are months too: "Jul 15 2025".
    month_abbr = rf"(?-i:{names}|{_alternatives(words.month_before_day)})(?![\w-])"
    weekday_names = [w.capitalize() for w in words.weekdays] + [w.upper() for w in words.weekdays]
    weekday = rf"(?-i:{_alternatives(weekday_names)})"
    one_number = (
        rf"(?:\d+(?:\.\d+)?|(?:{_longest_first(words.tens)})"
        rf"(?:[\s-](?:{_longest_first(words.units)}))?"
        rf"|{_longest_first(words.amounts)}|{_longest_first(words.small)})"
        r"(?:\s+and\s+a\s+half|\s+1/2)?"
    )
    # "10 or 12 days", "12 to 18 months", "two-three weeks"
    number = rf"(?:{one_number}(?:\s*(?:to|or|-|–)\s*{one_number})?)"
    vague = _longest_first(words.vague)
    quant = _longest_first(words.quantifiers)
    part = rf"(?:{_alternatives(words.parts_of_day)})"
    mod = (
        rf"(?:(?P<mod>{_alternatives(words.mod_prefixes)})[\s-]+"
        rf"|(?:the\s+)?(?P<mod2>{_alternatives(words.mod_phrases)})\s+of\s+)"
    )
    # "late Tuesday", "early in 2024": the mods that are not the middle of something.
    edge = _alternatives(w for w in words.mod_prefixes if words.mods[w] != "MID")
    season = _alternatives(words.seasons)
    century = "|".join(re.escape(w).replace(r"\-", r"[\s-]") for w in words.centuries)
    ordinal = _alternatives(words.ordinals)
    return (
        _rule(
            "full date",
            rf"(?:{weekday},?\s+(?:the\s+)?|(?P<rel>last|this|next)\s+)?"
            rf"(?:(?P<month>{month_abbr})\s+(?P<day>{_DAY})"
            rf"|(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{month}))(?:,?\s+(?P<year>{_YEAR}))?",
            read_full_date,
        ),
        _rule(
            "numeric date",
            r"(?:(?P<iso>(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d))"
            r"|(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{2}|\d{4}))(?![\d/])",
            read_numeric_date,
        ),
        _rule(
            "month",
            rf"{mod}?(?:(?P<rel>last|this|next)\s+)?(?P<month>{month})"
            rf"(?:,?\s+(?:of\s+)?(?P<year>{_YEAR})|\s+(?P<yrel>last|this|next)\s+year)?",
            read_month,
        ),
        _rule(
            "year",
            rf"(?:{mod}|(?P<half>first|second)\s+half\s+of\s+|(?P<mod3>{edge})\s+in\s+)?"
            rf"(?:(?:the\s+)?{_FISCAL}(?:year\s+)?)?(?P<year>{_YEAR})",
            read_year,
        ),
        _rule(
            "decade",
            rf"(?:the\s+)?{mod}?(?:(?P<decade>(?:1\d|20)\d)0['’]?s|['’](?P<d2>\d)0['’]?s)",
            read_decade,
        ),
        _rule(
            "century",
            rf"(?:the\s+)?{mod}?(?P<nth>\d{{1,2}}(?:st|nd|rd|th)|{century})\s+century",
            read_century,
        ),
        _rule(
            "quarter",
            rf"(?:the\s+)?(?:(?P<year2>{_YEAR})(?:['’]s)?\s+|(?P<yrel2>this|last|next)\s+year['’]s\s+"
            rf"|(?P<ago>year-ago|year-earlier|prior-year|previous-year)\s+)?{_FISCAL}?"
            rf"(?P<which>{ordinal}|final|latest|current|past"
            rf"|previous|most\s+recent|recent)?[\s-]*{_FISCAL}?(?P<unit>quarter|half)"
            rf"(?:\s+of\s+{_FISCAL}?(?:(?P<year>{_YEAR})|(?P<yrel>this|last|next)\s+year|the\s+year))?",
            read_quarter,
        ),
        _rule(
            "season",
            rf"(?:{mod}|(?P<rel>last|this|next|the)\s+)(?P<season>{season})"
            rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?"
            rf"|(?P<season2>{season})\s+(?:of\s+)?(?P<year2>{_YEAR})",
            read_season,
        ),
        _rule(
            "holiday",
            r"(?P<holiday>"
            + _longest_first(words.holidays).replace("'", "['’]")
            + rf")(?:\s+(?P<year>{_YEAR}))?",
            read_holiday,
        ),
        _rule(
            "deictic day",
            rf"(?:(?P<mod>{edge})\s+)?(?:the\s+day\s+(?P<dayafter>before|after)\s+)?"
            rf"(?P<deixis>today|tonight|tomorrow|yesterday)(?:\s+(?P<part>{part}))?",
            read_deictic_day,
        ),
        _rule(
            "weekday",
            rf"(?:(?P<mod>{edge})\s+)?(?:(?P<rel>last|this|next|past)\s+)?"
            rf"(?P<weekday>{weekday})(?:\s+(?P<part>{part}))?",
            read_weekday,
        ),
        _rule("part of day", rf"(?P<rel>this|last)\s+(?P<part>{part})", read_part_of_day),
        _rule(
            "relative period",
            rf"(?:(?P<side>earlier|later)\s+(?:in\s+)?|{mod})?"
            r"(?P<rel>last|this|next|the\s+current|the\s+coming|current)\s+"
            r"(?P<unit>week(?:end)?|month|year|decade|century)",
            read_relative_period,
        ),
        _rule(
            "anaphoric period",
            rf"(?:the\s+)?(?P<rel>{_NEXT_WORDS}|{_PREV_WORDS}|that|same|the\s+same)\s+"
            r"(?P<unit>day|week(?:end)?|month|year)",
            read_anaphoric_period,
        ),
        _rule(
            "day before",
            r"the\s+day\s+(?P<dir>before|after)(?=\s*[,.;:!?)]|\s+(?:and|but)\b)",
            read_day_before,
        ),
        _rule(
            "offset",
            rf"(?:(?:{quant})\s+)?(?:(?P<num>{number}|{vague})\s+)?(?P<unit>{_UNIT})\s+"
            r"(?P<dir>earlier|later|ago|from\s+now|hence"
            r"|(?:before|after)(?=\s*[,.;:!?)”\"]|\s+(?:and|but|when|as)\b))",
            read_offset,
        ),
        _rule("per unit", r"(?:a|an|per)\s+(?P<unit>hour|day|week|month|year)", read_per_unit),
        _rule("weekend", r"the\s+weekend", read_weekend),
        _rule(
            "duration",
            r"(?:the\s+)?(?:(?P<dir>past|last|next|coming|previous|following|first"
            r"|final|remaining|initial|recent)\s+)?"
            rf"(?:(?P<quant>{quant})\s+)?(?:(?P<num>{number}|{vague})[\s-]+(?:more\s+)?)?"
            rf"(?P<unit>{_UNIT})(?P<long>-long)?(?P<old>-old)?",
            read_duration,
        ),
        _rule("ref", _alternatives(words.references), read_ref),
        _rule(
            "set",
            rf"{_longest_first(words.frequencies)}"
            rf"|(?:every|each)\s+(?:other\s+)?(?:(?P<weekday>{weekday})"
            rf"|(?:(?P<num>{number})\s+)?(?P<unit>{_UNIT}|morning|night))"
            rf"|(?:once|twice|thrice|(?:{number})\s+times)\s+(?:a|an|per|each|every)\s+"
            rf"(?P<unit2>{_UNIT})",
            read_set,
        ),
        _rule(
            "clock",
            rf"(?:(?P<named>{_alternatives(words.clock_words)})"
            r"|(?P<hour>\d{1,2})(?:[:.](?P<minute>\d\d))?\s*"
            r"(?:(?P<ampm>[ap]\.?\s?m\b\.?)|o['’]clock)"
            rf"(?:\s+(?:{_alternatives(words.clock_zones)}))?)"
            rf"(?:,?\s+(?:on\s+)?(?:(?P<cday>today|tomorrow|yesterday)|(?P<cweekday>{weekday})"
            rf"|(?P<cmonth>{month_abbr})\s+(?P<cdate>{_DAY})(?:,?\s+(?P<cyear>{_YEAR}))?))?",
            read_clock,
        ),
    )


#: The rules of the shipped time words.
RULES = rules_for(lexicons.load())


# ----------------------------------------------------------------------------- tagging

_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "poss", "nummod"})


def tense(token: Token) -> str:
    """``past``, ``future`` or ``unknown``: where the verb governing ``token`` places it.

    A date that modifies a noun ("the Jan. 14 deadline", "Sunday's ruling") or follows
    "until" or "by" is not placed by the verb's tense: ``unknown``.
    """
    if token.dep_ in _MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
        return "unknown"
    if token.head.lower_ in ("until", "till", "by"):
        return "unknown"
    verb = token
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return "unknown"
    # "planned for Saturday", "postponed until": verbs that put what they govern ahead.
    frames = lexicons.words("future_frame")
    future = lexicons.words("future_auxiliary")
    if verb.lemma_ in frames:
        return "future"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in future for a in auxes):
        return "future"
    if verb.dep_ == "xcomp" and (verb.head.lemma_ in frames or verb.head.lemma_ == "go"):
        return "future"
    if verb.dep_ in ("xcomp", "ccomp") and any(
        a.lower_ in future for a in verb.head.children if a.dep_ == "aux"
    ):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes) and verb.tag_ in ("VBN", "VBG"):
        return "past"
    return "unknown"


class TimeTagger:
    """Finds and resolves the time expressions of a text (see the module docstring)."""

    def __init__(
        self, rules: Sequence[Rule] | None = None, lexicons: Lexicons | None = None
    ) -> None:
        """``rules`` default to those of ``lexicons``'s time words; ``lexicons`` to the
        current ones."""
        self.lexicons = lexicons or current()
        self.rules = tuple(rules) if rules is not None else rules_for(self.lexicons)
        self._patterns = PatternSet([rule.pattern for rule in self.rules])

    def find(self, text: str, skip: Sequence[Span] = ()) -> list[tuple[Span, Resolver]]:
        """The expressions in ``text`` with their resolvers, in text order; none starts
        inside ``skip`` (page furniture)."""
        with lexicons.using(self.lexicons):
            return self._find(text, skip)

    def _find(self, text: str, skip: Sequence[Span]) -> list[tuple[Span, Resolver]]:
        found: list[tuple[int, int, int, Resolver]] = []
        matches = self._patterns.finditer(text)
        for order, (rule, rule_matches) in enumerate(zip(self.rules, matches, strict=True)):
            for m in rule_matches:
                if m.end() == m.start() or within(m.start(), skip):
                    continue
                resolver = rule.read(m, text)
                if resolver is not None:
                    found.append((m.start(), m.end(), order, resolver))
        found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
        taken: list[tuple[Span, Resolver]] = []
        occupied = bytearray(len(text))
        for start, end, _, resolver in found:
            if not any(occupied[start:end]):
                occupied[start:end] = b"\x01" * (end - start)
                taken.append(((start, end), resolver))
        return sorted(taken, key=lambda t: t[0])

    def tag(self, doc: Doc, dct: date | None, skip: Sequence[Span] = ()) -> list[Time]:
        """The resolved time expressions of ``doc``."""
        with lexicons.using(self.lexicons):
            return self._tag(doc, dct, skip)

    def _tag(self, doc: Doc, dct: date | None, skip: Sequence[Span]) -> list[Time]:
        text = text_of(doc)
        times: list[Time] = []
        previous: Anchor | None = None
        sentence_start, sentence_date = -1, None
        for (start, end), resolver in self._find(text, skip):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            if span.sent.start_char != sentence_start:
                sentence_start, sentence_date = span.sent.start_char, None
            reading = resolver(Context(dct, tense(span.root), previous, sentence_date))
            if reading is None:
                if dct is not None:
                    continue  # no such day: "Feb. 30"
                reading = Reading("DATE", None)  # "last week", with no date to count from
            days = reading.range
            if days is None and reading.type in ("DATE", "TIME"):
                period = value_range(reading.value)
                days = narrow(period, reading.mod) if period else None
            time = Time(
                id=f"t{len(times) + 1}",
                text=text[start:end],
                span=(start, end),
                type=cast(TimeType, reading.type),
                value=reading.value,
                mod=reading.mod,
                range=(days[0].isoformat(), days[1].isoformat()) if days else None,
                anchor=reading.anchor,
            )
            times.append(time)
            if reading.type in ("DATE", "TIME") and reading.value and days is not None:
                previous = sentence_date = Anchor(reading.value, time.id, days)
        return times


@Language.factory(
    "onrecord_times",
    requires=["doc.sents", "token.dep", "token.lemma", "token.tag"],
    assigns=["doc._.times"],
    default_config={"lexicons": []},
)
def make_time_tagger(nlp: Language, name: str, lexicons: list[str]) -> Callable[[Doc], Doc]:
    """The ``onrecord_times`` component: ``doc._.times``, resolved against the DCT of
    ``doc._.article`` (no DCT: relative expressions stay unresolved); ``lexicons`` lists
    lexicon overlay folders."""
    return _time_tagger([Path(p) for p in lexicons])


def _time_tagger(overlays: Sequence[Path]) -> Callable[[Doc], Doc]:
    tagger = TimeTagger(lexicons=lexicons.load(overlays))

    def tag_times(doc: Doc) -> Doc:
        article: Article | None = doc._.article
        dct = None
        if article is not None and article.published_date:
            try:
                dct = parse_day(article.published_date)
            except ValueError:
                dct = None
        skip = article.furniture if article is not None else ()
        doc._.times = tagger.tag(doc, dct, skip)
        return doc

    return tag_times
