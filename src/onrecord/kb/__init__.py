"""The shipped knowledge base of political actors (see ``kb/README.md`` for the format).

:class:`KnowledgeBase` loads the JSONL files once, layers user folders on top, and answers
the questions entity resolution asks: what does this name refer to, who held this office
on this date, is this a place, which outlet is this.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from onrecord import lexicons
from onrecord.errors import ConfigError
from onrecord.names import norm, slug

__all__ = ["KB_VERSION", "KbEntry", "KnowledgeBase", "Office", "Title"]

LOGGER = logging.getLogger(__name__)

KB_VERSION = "kb/1"

_FILES = {
    "people.jsonl": "person",
    "countries.jsonl": "country",
    "cities.jsonl": "city",
    "organizations.jsonl": "organization",
    "outlets.jsonl": "outlet",
    "products.jsonl": "product",
}
_TYPES = {
    "person": "PERSON",
    "country": "GPE",
    "government": "ORG",
    "city": "GPE",
    "organization": "ORG",
    "outlet": "ORG",
    "product": "PRODUCT",
}


@dataclass(frozen=True, slots=True)
class Office:
    """One term in one office."""

    office: str
    title: str
    country: str | None
    start: date | None
    end: date | None
    also: tuple[str, ...] = ()

    def held_on(self, day: date) -> bool:
        """True if the term covers ``day`` (open ends count as covering)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def is_office(self, office: str) -> bool:
        """True if this term is ``office`` or also carries it."""
        return office == self.office or office in self.also


@dataclass(frozen=True, slots=True)
class KbEntry:
    """A canonical actor: a person, country, government, city, organisation, outlet or product."""

    key: str
    name: str
    category: str
    qid: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    gender: str | None = None
    offices: tuple[Office, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    population: int = 0

    @property
    def type(self) -> str:
        """The entity label this entry takes (PERSON, ORG, GPE, PRODUCT)."""
        return _TYPES[self.category]

    def offices_on(self, day: date | None) -> tuple[Office, ...]:
        """The terms held on ``day``; none when the day is unknown."""
        if day is None:
            return ()
        return tuple(o for o in self.offices if o.held_on(day))


@dataclass(frozen=True, slots=True)
class Title:
    """A title that precedes a name ("President", "Foreign Minister") and the office it denotes."""

    text: str
    office: str


@dataclass
class KnowledgeBase:
    """All entries, indexed by normalised name."""

    entries: dict[str, KbEntry] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    _by_name: dict[str, list[KbEntry]] = field(default_factory=lambda: defaultdict(list))
    _by_demonym: dict[str, KbEntry] = field(default_factory=dict)
    _metonyms: dict[str, KbEntry] = field(default_factory=dict)
    _by_surname: dict[str, list[KbEntry]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, extra: Iterable[Path] = ()) -> KnowledgeBase:
        """The shipped knowledge base with the folders in ``extra`` layered on top."""
        records: dict[str, dict[str, Any]] = {}
        shipped = resources.files("onrecord.kb")
        for filename, category in _FILES.items():
            resource = shipped.joinpath(filename)
            if resource.is_file():
                _collect(records, resource.read_text("utf-8"), category, f"kb/{filename}")
        titles = lexicons.parse(shipped.joinpath("titles.tsv").read_text("utf-8"), "kb/titles.tsv")
        for folder in extra:
            if not folder.is_dir():
                raise ConfigError(f"knowledge-base folder {folder} does not exist")
            for filename, category in _FILES.items():
                path = folder / filename
                if path.is_file():
                    _collect(records, path.read_text("utf-8"), category, str(path))
            if (folder / "titles.tsv").is_file():
                path = folder / "titles.tsv"
                titles = lexicons.layer(titles, lexicons.parse(path.read_text("utf-8"), str(path)))
        kb = cls()
        for key, record in records.items():
            kb._add(_entry(key, record))
        for entry in list(kb.entries.values()):
            if entry.category == "country":
                kb._add_government(entry)
        kb.titles = {norm(title): Title(title, office) for title, office in titles}
        return kb

    def _add(self, entry: KbEntry) -> None:
        self.entries[entry.key] = entry
        for name in (entry.name, *entry.aliases):
            key = norm(name)
            if key and entry not in self._by_name[key]:
                self._by_name[key].append(entry)
        if entry.category == "person":
            for name in (entry.name, *entry.aliases):
                parts = name.split()
                if len(parts) >= 2:
                    self._by_surname[norm(parts[-1])].append(entry)
        for demonym in entry.demonyms:
            self._by_demonym[norm(demonym)] = entry

    def _add_government(self, country: KbEntry) -> None:
        government = KbEntry(
            key=f"government:{country.country}",
            name=f"Government of {_with_article(country.name)}",
            category="government",
            country=country.country,
            metonyms=country.metonyms,
        )
        self.entries[government.key] = government
        for metonym in country.metonyms:
            self._metonyms.setdefault(norm(metonym), government)

    def lookup(self, name: str, category: str | None = None) -> list[KbEntry]:
        """Entries whose name or alias is ``name``, largest city first."""
        found = self._by_name.get(norm(name), [])
        if category is not None:
            found = [e for e in found if e.category == category]
        return sorted(found, key=lambda e: (e.category != "country", -e.population))

    def by_demonym(self, word: str) -> KbEntry | None:
        """The country whose demonym is ``word`` ("Ukrainian" → Ukraine)."""
        return self._by_demonym.get(norm(word))

    def country(self, name: str) -> KbEntry | None:
        """The country named ``name`` or whose demonym it is."""
        found = self.lookup(name, "country")
        return found[0] if found else self.by_demonym(name)

    def government_of(self, metonym: str) -> KbEntry | None:
        """The government a capital or building name stands for ("Kyiv", "the Kremlin")."""
        return self._metonyms.get(norm(metonym))

    def people_with_surname(self, surname: str) -> list[KbEntry]:
        """People whose name ends with ``surname``."""
        return list(dict.fromkeys(self._by_surname.get(norm(surname), [])))

    def holders(self, office: str, country: str, day: date) -> list[KbEntry]:
        """People who held ``office`` for ``country`` on ``day``."""
        return [
            e
            for e in self.entries.values()
            if e.category == "person"
            and any(o.is_office(office) and o.country == country for o in e.offices_on(day))
        ]

    def title(self, text: str) -> Title | None:
        """The title ``text`` ("President", "Foreign Minister"), if it is one."""
        return self.titles.get(norm(text))

    def is_place(self, name: str) -> bool:
        """True if ``name`` is a known country or city."""
        return any(e.category in {"country", "city"} for e in self._by_name.get(norm(name), []))

    def outlet_from_filename(self, filename: str) -> str | None:
        """The outlet a file name starts with (``nyt_2016-…`` → New York Times)."""
        stem = slug(filename.replace("_", "-"))
        best: KbEntry | None = None
        best_len = 0
        for entry in self.iter_category("outlet"):
            for name in (entry.name, *entry.aliases):
                prefix = slug(name)
                if len(prefix) > best_len and stem.startswith(prefix + "-"):
                    best, best_len = entry, len(prefix)
        return best.name if best else None

    def outlet_named(self, name: str) -> str | None:
        """The canonical name of the outlet called ``name`` or one of its aliases
        ("SPIEGEL ONLINE" → Der Spiegel), None when no outlet is."""
        found = self.lookup(name, "outlet")
        return found[0].name if found else None

    def iter_category(self, category: str) -> Iterator[KbEntry]:
        """Every entry of one category."""
        return (e for e in self.entries.values() if e.category == category)

    def names(self) -> Iterator[tuple[str, KbEntry]]:
        """Every (name, entry) pair the knowledge base can match in text."""
        for entry in self.entries.values():
            names = entry.metonyms if entry.category == "government" else entry.aliases
            for name in (entry.name, *names):
                yield name, entry


def _with_article(country: str) -> str:
    """``"United States"`` → ``"the United States"``; ``"Ukraine"`` stays as it is."""
    first, last = country.split()[0], country.split()[-1]
    if first in _THE_FIRST or last in _THE_LAST:
        return f"the {country}"
    return country


_THE_FIRST = {
    "United",
    "Republic",
    "Kingdom",
    "Holy",
    "Democratic",
    "Central",
    "Czech",
    "Dominican",
}
_THE_LAST = {
    "Islands", "Republic", "Emirates", "States", "Netherlands", "Philippines", "Bahamas",
    "Gambia", "Maldives", "Comoros", "Seychelles",
}  # fmt: skip


def _collect(records: dict[str, dict[str, Any]], text: str, category: str, where: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            key = f"{category}:{record['id']}"
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{where}:{number}: not a knowledge-base record ({exc})") from None
        record["_category"] = category
        records[key] = record


def _entry(key: str, record: dict[str, Any]) -> KbEntry:
    category = record["_category"]
    country = record.get("iso3") if category == "country" else record.get("country")
    return KbEntry(
        key=key,
        name=record["name"],
        category=category,
        qid=record.get("qid"),
        country=country,
        aliases=tuple(record.get("aliases") or ()),
        kind=record.get("kind"),
        gender=record.get("gender"),
        offices=tuple(_office(o) for o in record.get("offices") or ()),
        demonyms=tuple(record.get("demonyms") or ()),
        metonyms=tuple(record.get("metonyms") or ()),
        population=int(record.get("population") or 0),
    )


def _office(record: dict[str, Any]) -> Office:
    return Office(
        office=record["office"],
        title=record.get("title") or record["office"].replace("_", " "),
        country=record.get("country"),
        start=_partial_date(record.get("start"), first=True),
        end=_partial_date(record.get("end"), first=False),
        also=tuple(record.get("also") or ()),
    )


def _partial_date(value: str | None, *, first: bool) -> date | None:
    """``"2019-05"`` → the first (or last) day of May 2019: term dates may be partial."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        if first:
            return date(parts[0], parts[1], 1)
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 1, 1) if first else date(parts[0], 12, 31)
