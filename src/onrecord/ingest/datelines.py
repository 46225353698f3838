"""Publication datelines in plain text: ``Last Updated : Mar 3 2026 | 9:05 PM IST``.

Pure functions, no spaCy. Only complete dates are accepted: a dateline without a year
yields nothing rather than a guess. Month names are those of ``data/timewords.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from onrecord.lexicons import Lexicons, current

__all__ = ["Dateline", "date_words", "find_date", "parse_dateline"]

_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = re.compile(
    r"(?P<hour>[012]?\d)[:.](?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?P<tz>[A-Z]{2,5}|UTC[+-]\d{1,2}(?::?\d\d)?|GMT[+-]\d{1,2}(?::?\d\d)?)\)?)?",
    re.I,
)
# Only unambiguous abbreviations; "ET" and "PT" switch with daylight saving, so they get none.
_TZ_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
    "MSK": 180, "IST": 330, "PKT": 300, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480,
    "AEST": 600, "AEDT": 660, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "PST": -480, "PDT": -420,
}  # fmt: skip
_PUBLISHED = re.compile(
    r"\b(?:first\s+published|published(?:\s+on)?|posted(?:\s+on)?|created)\b", re.I
)
_UPDATED = re.compile(r"\b(?:last\s+updated|updated(?:\s+on)?|modified|last\s+modified)\b", re.I)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A date read off a dateline: ISO-8601 value and whether it is a publication or update."""

    kind: str
    value: str


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first complete calendar date in ``text`` as ISO-8601, with the match that held it.

    An ``HH:MM`` time and a known time-zone abbreviation right after the date are kept.
    """
    months, patterns = current().memo(_date_patterns)
    for pattern in patterns:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else months[groups["month"].lower()]
        try:
            day = date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            continue
        return _with_time(day, text[match.end() : match.end() + 40]), match
    return None


def date_words() -> frozenset[str]:
    """Month and weekday names and abbreviations, lower case and without their dot
    ("february", "feb", "monday"): the words of a date."""
    return current().memo(_date_words)


def _date_words(lexicons: Lexicons) -> frozenset[str]:
    kinds = {"month", "month_abbreviation", "month_before_day", "weekday"}
    table = lexicons.table("timewords.tsv")
    return frozenset(word.lower().rstrip(".") for kind, word, _ in table if kind in kinds)


def _date_patterns(lexicons: Lexicons) -> tuple[dict[str, int], tuple[re.Pattern[str], ...]]:
    """Month names and abbreviations (lower case) with their numbers, and the date
    patterns: "Jul 15 2025", "15 July, 2025", "2025-07-15"."""
    months = {
        word.lower(): int(value)
        for kind, word, value in lexicons.table("timewords.tsv")
        if kind in ("month", "month_before_day")
    }
    names = "|".join(sorted((re.escape(name) for name in months), key=len, reverse=True))
    month = rf"(?P<month>{names})\.?"
    return months, (
        re.compile(rf"\b{month}\s+{_DAY},?\s+{_YEAR}\b", re.I),
        re.compile(rf"\b{_DAY}\s+{month},?\s+{_YEAR}\b", re.I),
        re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    )


def parse_dateline(line: str) -> Dateline | None:
    """Read a dateline such as ``First Published: Mar 3 2026 | 8:48 PM IST``.

    Returns None unless the line is short and holds a complete date. ``kind`` is
    ``published``, ``updated`` or ``date`` (a bare date with no keyword).
    """
    stripped = line.strip()
    if len(stripped) > 120:
        return None
    found = find_date(stripped)
    if found is None:
        return None
    value, match = found
    before = stripped[: match.start()]
    if _UPDATED.search(before):
        return Dateline("updated", value)
    if _PUBLISHED.search(before):
        return Dateline("published", value)
    # A bare date line carries little else: a weekday, "|", a time.
    rest = (before + stripped[match.end() :]).strip(" |,-–—:")
    if len(rest.split()) <= 5:
        return Dateline("date", value)
    return None


def _with_time(day: date, after: str) -> str:
    match = _TIME.match(after.lstrip(" |,-–—at").lstrip())
    if match is None:
        return day.isoformat()
    hour, minute = int(match["hour"]), int(match["minute"])
    ampm = (match["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return day.isoformat()
    stamp = datetime(day.year, day.month, day.day, hour, minute)
    offset = _tz_offset(match["tz"])
    if offset is None:
        return stamp.isoformat(timespec="minutes")
    return stamp.replace(tzinfo=timezone(offset)).isoformat(timespec="minutes")


def _tz_offset(tz: str | None) -> timedelta | None:
    if not tz:
        return None
    tz = tz.upper()
    if tz in _TZ_OFFSETS:
        return timedelta(minutes=_TZ_OFFSETS[tz])
    match = re.fullmatch(r"(?:UTC|GMT)([+-])(\d{1,2}):?(\d\d)?", tz)
    if match is None:
        return None
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    return timedelta(minutes=minutes if match[1] == "+" else -minutes)
