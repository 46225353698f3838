"""Plain text copied from a news page: recover its title, byline, dates and furniture.

Plain text has no markup, so the structure is read off the lines themselves: the first
line is the headline; datelines, photo captions, tag lists, bylines and "related stories"
links are recognised by pattern (``data/furniture.tsv``) and marked as furniture regions.
The text itself is never changed, so offsets stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from onrecord.ingest.datelines import parse_dateline
from onrecord.lexicons import Lexicons, current, using
from onrecord.records import Region

__all__ = [
    "Layout",
    "Line",
    "byline_patterns",
    "furniture_kind",
    "is_role",
    "lead_length",
    "lines",
    "read_layout",
]

# How far into an article its header (byline, dateline, caption, tags) may reach.
_HEADER_LINES = 12
# A "By ..." line is a byline on its own, with no dateline or caption below it, this close
# to the top: after the headline, a standfirst and a caption at most.
_BY_LINES = 4
_MAX_TITLE_CHARS = 300
# The furniture kind matched at the start of the story's first line only.
_LEAD = "lead"
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)$")
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$""")
# What follows a byline's names after a slash, a bar or a dash: a job title or the outlet
# ("By DESMOND THURSTON / Tribune Staff Reporter", "By Jane Doe | Reuters").
_BYLINE_TAIL = re.compile(r"\s+[/|–—-]\s+.*$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text, with its offsets (trailing whitespace excluded)."""

    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        """Whitespace-separated words of the line."""
        return self.text.split()


@dataclass(frozen=True, slots=True)
class Layout:
    """What the lines of a plain-text article say about it."""

    title: str | None
    authors: tuple[str, ...]
    published: str | None
    updated: str | None
    regions: tuple[Region, ...]


def lines(text: str) -> Iterator[Line]:
    """Non-blank lines of ``text`` with their offsets; no-break spaces count as blank."""
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            yield Line(start, start + len(stripped), stripped)
        offset += len(raw) + 1


def _furniture_patterns(lexicons: Lexicons) -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for row in lexicons.table("furniture.tsv"):
        kind, pattern = row
        try:
            patterns.append((kind, re.compile(pattern, re.I)))
        except re.error as exc:
            raise row.error(f"not a regular expression: {exc}") from None
    return tuple(patterns)


def byline_patterns(lexicons: Lexicons) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The patterns of ``data/bylines.tsv`` by kind (``label``, ``trail``, ``credit``,
    ``role``), compiled case-insensitively."""
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for row in lexicons.table("bylines.tsv"):
        kind, pattern = row
        try:
            patterns.setdefault(kind, []).append(re.compile(pattern, re.I))
        except re.error as exc:
            raise row.error(f"not a regular expression: {exc}") from None
    return {kind: tuple(found) for kind, found in patterns.items()}


def is_role(name: str) -> bool:
    """True when ``name`` is a job title ("Transport Correspondent"), not a name."""
    roles = current().memo(byline_patterns).get("role", ())
    return any(pattern.search(name) for pattern in roles)


def furniture_kind(line: str) -> str | None:
    """The kind of furniture ``line`` is (``caption``, ``related``, ...), or None."""
    for kind, pattern in current().memo(_furniture_patterns):
        if kind != _LEAD and pattern.search(line):
            return kind
    return None


def lead_length(line: str) -> int:
    """How many characters of a story's first line are a wire dateline ("WASHINGTON
    (Reuters) - "), 0 when none."""
    for kind, pattern in current().memo(_furniture_patterns):
        if kind == _LEAD and (match := pattern.match(line)) and match.end() < len(line):
            return match.end()
    return 0


def read_layout(
    text: str,
    is_place: Callable[[str], bool] | None = None,
    lexicons: Lexicons | None = None,
) -> Layout:
    """Read title, byline, datelines and furniture regions off the lines of ``text``.

    ``is_place`` tells whether a name is a place, so that a byline such as
    "Jane Doe New Delhi" yields the author "Jane Doe". ``lexicons`` has the furniture
    patterns and the words inside names (default: the current lexicons).
    """
    with using(lexicons or current()):
        return _read_layout(text, is_place)


def _read_layout(text: str, is_place: Callable[[str], bool] | None) -> Layout:
    all_lines = list(lines(text))
    regions: list[Region] = []
    published: str | None = None
    updated: str | None = None
    bare_date: str | None = None
    authors: list[str] = []
    kinds: dict[int, str] = {}

    for i, line in enumerate(all_lines):
        dateline = parse_dateline(line.text)
        if dateline is not None:
            kinds[i] = "dateline"
            if dateline.kind == "published":
                published = published or dateline.value
            elif dateline.kind == "updated":
                updated = updated or dateline.value
            elif i < _HEADER_LINES:
                bare_date = bare_date or dateline.value
            continue
        kind = furniture_kind(line.text)
        if kind is not None:
            kinds[i] = kind

    # "Also Read" and the like head a list of links: the short lines below are links too.
    for i, line in enumerate(all_lines[:-1]):
        if kinds.get(i) == "related" and len(line.words) <= 5:
            j = i + 1
            while j < len(all_lines) and j not in kinds and _is_link_line(all_lines[j].text):
                kinds[j] = "related"
                j += 1

    title = None
    if all_lines and 0 not in kinds and len(all_lines[0].text) <= _MAX_TITLE_CHARS:
        title = all_lines[0].text
        kinds[0] = "headline"

    header_end = max((i for i in kinds if 0 < i < _HEADER_LINES), default=0)
    for i in range(1, min(_BY_LINES + 1, len(all_lines))):
        if i not in kinds and _byline(all_lines[i].text, is_place, require_by=True):
            header_end = max(header_end, i)
            break
    for i in range(1, header_end + 1):
        if i in kinds:
            continue
        line = all_lines[i]
        # Without "By", only a line beside the dateline is taken for a byline.
        beside_dateline = "dateline" in (kinds.get(i - 1), kinds.get(i + 1))
        byline = _byline(line.text, is_place, require_by=not beside_dateline)
        if byline is not None:
            kinds[i] = "byline"
            authors.extend(byline)
        elif _is_tag_list(line.text):
            kinds[i] = "tags"
        elif len(line.words) >= 6:
            kinds[i] = "standfirst"
        else:
            kinds[i] = "label"

    for i, kind in sorted(kinds.items()):
        line = all_lines[i]
        regions.append(Region(kind, (line.start, line.end), kind not in {"headline", "standfirst"}))
    # The wire dateline opens the story's first paragraph, or the one after a standfirst.
    # Its place and date are the report's own, so it is not furniture; statements leave it
    # out of what they report.
    story = [i for i in range(1, len(all_lines)) if kinds.get(i, "standfirst") == "standfirst"]
    for i in story[:2]:
        if length := lead_length(all_lines[i].text):
            start = all_lines[i].start
            regions.append(Region("dateline", (start, start + length), False))
            regions.sort(key=lambda r: r.span)
            break
    return Layout(
        title=title,
        authors=tuple(dict.fromkeys(authors)),
        published=published or bare_date or updated,
        updated=updated,
        regions=tuple(regions),
    )


def _byline(
    line: str, is_place: Callable[[str], bool] | None, *, require_by: bool
) -> list[str] | None:
    text = re.sub(r"^by\s+", "", line, flags=re.I)
    has_by = text != line
    if require_by and not has_by:
        return None
    text = re.sub(r"\s*[|,]\s*(?:updated|published).*$", "", text, flags=re.I)
    text = _BYLINE_TAIL.sub("", text)
    tokens = text.replace(",", " , ").replace("&", " and ").split()
    if not tokens or len(tokens) > 12 or _SENTENCE_END.search(text):
        return None
    connectors = current().words("name_connector")
    if not all(_NAME_TOKEN.match(t) or t.lower() in connectors or t == "," for t in tokens):
        return None
    if not has_by and not 2 <= len(tokens) <= 7:
        return None
    if is_place is not None:
        for size in (3, 2, 1):
            tail = " ".join(tokens[-size:])
            if len(tokens) > size + 1 and is_place(tail):
                tokens = tokens[:-size]
                break
    names = " ".join(tokens).replace(" , ", ",").replace(" and ", ",")
    authors = [n.strip() for n in names.split(",") if len(n.split()) >= 2 and not is_role(n)]
    return authors or None


def _is_link_line(line: str) -> bool:
    return len(line.split()) < 20 and not _SENTENCE_END.search(line)


def _is_tag_list(line: str) -> bool:
    items = [item.strip() for item in line.split(",")]
    if len(items) < 2 or _SENTENCE_END.search(line):
        return False
    # Tags are short and start with a capital: "Grain corridor, Black Sea, Zelenskyy".
    return all(item and len(item.split()) <= 4 and item[0].isupper() for item in items)
