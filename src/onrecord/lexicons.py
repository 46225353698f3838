"""Lexicons: the word lists and tables under ``onrecord/data``, read by one loader.

Every lexicon is a UTF-8 file of tab-separated rows under a header::

    # onrecord hedge lexicon. Lines starting with "#" are comments, wherever they are;
    # blank lines are skipped.
    # version: 1
    pattern	scope	relayed
    reportedly	adverb	yes

The version line (``# version: N``) comes before the column line, which is the first line
that is not a comment and names the columns once. Every row then has one field per
column, none of them empty. A file that breaks a rule raises
:class:`~onrecord.errors.LexiconError`, naming the file and the line.

**Overlays.** The folders given with ``--lexicons DIR`` (``ONRECORD_LEXICONS``) are layered
over the shipped files, in order. A file in such a folder with the name of a shipped
lexicon, with the same version and columns, adds its rows after the shipped ones (where a
lexicon keeps one row per key, as ``sources.tsv`` per word, the later row wins). A row
whose first field starts with ``-`` removes rows instead: every row so far whose fields
begin with the fields given. ``-say`` removes every row of "say";
``-say<TAB>VERB<TAB>ccomp`` removes that one.
A removal that matches nothing is an error, and so is a file named like no lexicon.

**Word classes.** ``words.tsv`` defines, once, the small classes of words the extractors
share: relative pronouns, modal verbs, the verbs whose object is the person addressed, and
so on. ``pronouns.tsv`` describes each personal pronoun by person, case and what it can
refer to, and each extractor picks the pronouns it needs from those features.

**In the pipeline.** Each onrecord component gets its :class:`Lexicons` (the shipped files
with its pipeline's overlays) when it is built, and runs under :func:`using`, so that the
helpers it calls read the same overlays through :func:`current`, :func:`words` and
:func:`pronoun`. Code that runs outside a component reads the shipped files. Nothing here
imports spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from onrecord.errors import ConfigError, LexiconError

__all__ = [
    "REMOVE",
    "Lexicons",
    "Pronoun",
    "Row",
    "Table",
    "current",
    "layer",
    "load",
    "names",
    "parse",
    "pronoun",
    "shipped",
    "using",
    "words",
]

_VERSION = re.compile(r"#\s*version:\s*(\d+)\s*$")
#: The mark at the start of an overlay row that removes rows instead of adding one.
REMOVE = "-"
_PERSONS = ("1", "2", "3")
_CASES = ("subject", "object", "both")
_REFERS = ("person", "thing", "either")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a lexicon file, with the file and line it was read from."""

    fields: tuple[str, ...]
    source: str
    line: int

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __getitem__(self, index: int) -> str:
        return self.fields[index]

    def error(self, message: str) -> LexiconError:
        """A :class:`LexiconError` about this row, naming its file and line."""
        return LexiconError(f"{self.source} line {self.line}: {message}")


@dataclass(frozen=True, slots=True)
class Table:
    """A lexicon file read by :func:`parse`, or several layered by :func:`layer`."""

    source: str
    version: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    #: Rows that started with ``-`` (the mark taken off): what this file removes from the
    #: rows it is layered over.
    removals: tuple[Row, ...] = ()
    #: Where the version and column lines are, for messages.
    version_line: int = 0
    columns_line: int = 0

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def parse(text: str, source: str) -> Table:
    """The table in ``text``, a lexicon file read from ``source`` (named in errors)."""
    version: tuple[int, int] | None = None
    columns: tuple[str, ...] | None = None
    columns_line = 0
    rows: list[Row] = []
    removals: list[Row] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            found = _VERSION.match(line)
            if found is not None:
                if version is not None:
                    raise LexiconError(f"{source} line {number}: a second version line")
                version = (int(found.group(1)), number)
            continue
        fields = tuple(line.split("\t"))
        if columns is None:
            if version is None:
                raise LexiconError(
                    f"{source} line {number}: no '# version: N' line before the column line"
                )
            if not all(fields) or len(set(fields)) < len(fields):
                raise LexiconError(
                    f"{source} line {number}: column names must be distinct and not empty"
                )
            columns, columns_line = fields, number
            continue
        if fields[0].startswith(REMOVE):
            fields = (fields[0][len(REMOVE) :], *fields[1:])
            if len(fields) > len(columns) or not all(fields):
                raise LexiconError(
                    f"{source} line {number}: a removal gives up to {len(columns)} fields "
                    f"({', '.join(columns)}), none empty"
                )
            removals.append(Row(fields, source, number))
            continue
        if len(fields) != len(columns):
            raise LexiconError(
                f"{source} line {number}: {len(fields)} fields, expected {len(columns)} "
                f"({', '.join(columns)})"
            )
        if not all(fields):
            empty = columns[fields.index("")]
            raise LexiconError(f"{source} line {number}: the {empty} field is empty")
        rows.append(Row(fields, source, number))
    if version is None:
        raise LexiconError(f"{source}: no '# version: N' line")
    if columns is None:
        raise LexiconError(f"{source}: no column line")
    return Table(
        source, version[0], columns, tuple(rows), tuple(removals), version[1], columns_line
    )


def layer(base: Table, overlay: Table) -> Table:
    """``base`` with ``overlay``'s removals applied and its rows added after."""
    if overlay.version != base.version:
        raise LexiconError(
            f"{overlay.source} line {overlay.version_line}: version {overlay.version}, "
            f"but {base.source} is version {base.version}"
        )
    if overlay.columns != base.columns:
        raise LexiconError(
            f"{overlay.source} line {overlay.columns_line}: columns "
            f"{', '.join(overlay.columns)}, but {base.source} has {', '.join(base.columns)}"
        )
    rows = list(base.rows)
    for removal in overlay.removals:
        kept = [row for row in rows if row.fields[: len(removal.fields)] != removal.fields]
        if len(kept) == len(rows):
            raise removal.error(f"removes nothing: no row of {base.source} starts with it")
        rows = kept
    return Table(
        base.source,
        base.version,
        base.columns,
        (*rows, *overlay.rows),
        version_line=base.version_line,
        columns_line=base.columns_line,
    )


@cache
def names() -> frozenset[str]:
    """The file names of the shipped lexicons (``cues.tsv``, ``hedges.tsv``, ...)."""
    folder = resources.files("onrecord.data")
    return frozenset(f.name for f in folder.iterdir() if f.name.endswith(".tsv"))


@cache
def shipped(name: str) -> Table:
    """The lexicon ``name`` as shipped, without overlays."""
    if name not in names():
        raise LexiconError(f"onrecord has no lexicon {name!r}")
    text = resources.files("onrecord.data").joinpath(name).read_text("utf-8")
    table = parse(text, f"onrecord/data/{name}")
    if table.removals:
        raise table.removals[0].error("only an overlay can remove rows")
    return table


@dataclass(frozen=True, slots=True)
class Pronoun:
    """A personal pronoun as ``pronouns.tsv`` describes it."""

    #: 1, 2 or 3.
    person: int
    #: Whether it can be a subject: "he", "it", "you", not "him".
    subject: bool
    #: What it can stand for: ``person``, ``thing`` or ``either`` ("they").
    refers: str


class Lexicons:
    """The shipped lexicons with overlay folders layered on top; see the module docs.

    :func:`load` builds one per list of folders. The folders are checked when it is built;
    each table, and what the extractors derive from it (:meth:`memo`), is read on first
    use and kept.
    """

    def __init__(self, overlays: tuple[Path, ...] = ()) -> None:
        self.overlays = overlays
        self._tables: dict[str, Table] = {}
        self._memo: dict[Callable[[Lexicons], Any], Any] = {}
        # The word classes, kept apart from the memo: the extractors ask for them per token.
        self._classes: dict[str, frozenset[str]] | None = None
        found: set[str] = set()
        for folder in overlays:
            if not folder.is_dir():
                raise ConfigError(f"lexicon folder {folder} does not exist")
            for path in sorted(folder.glob("*.tsv")):
                if path.name not in names():
                    raise LexiconError(
                        f"{path}: onrecord has no lexicon of that name "
                        f"(it has {', '.join(sorted(names()))})"
                    )
                found.add(path.name)
        # Read the overlays now, so that a malformed one stops the start, not an article.
        for name in sorted(found):
            self.table(name)

    def table(self, name: str) -> Table:
        """The lexicon ``name`` (``"hedges.tsv"``) with the overlays layered on it."""
        table = self._tables.get(name)
        if table is None:
            table = shipped(name)
            for folder in self.overlays:
                path = folder / name
                if path.is_file():
                    table = layer(table, parse(_read(path), str(path)))
            self._tables[name] = table
        return table

    def memo(self, build: Callable[[Lexicons], T]) -> T:
        """``build(self)``, computed once: what a module derives from these lexicons."""
        try:
            return cast(T, self._memo[build])
        except KeyError:
            value = self._memo[build] = build(self)
            return value

    def words(self, name: str) -> frozenset[str]:
        """The words of class ``name`` in ``words.tsv``."""
        classes = self._classes
        if classes is None:
            classes = self._classes = _word_classes(self)
        try:
            return classes[name]
        except KeyError:
            raise KeyError(f"words.tsv has no class {name!r}") from None

    def pronoun(self, word: str) -> Pronoun | None:
        """The personal pronoun ``word`` (lower case), or None."""
        return self.memo(_pronouns).get(word)


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read ({exc.strerror})") from None


def _word_classes(lexicons: Lexicons) -> dict[str, frozenset[str]]:
    known = {row[0] for row in shipped("words.tsv")}
    classes: dict[str, set[str]] = {name: set() for name in known}
    for row in lexicons.table("words.tsv"):
        name, word = row
        if name not in known:
            raise row.error(f"no word class {name!r} (the classes are {', '.join(sorted(known))})")
        classes[name].add(word)
    return {name: frozenset(members) for name, members in classes.items()}


def _pronouns(lexicons: Lexicons) -> dict[str, Pronoun]:
    found = {}
    for row in lexicons.table("pronouns.tsv"):
        word, person, case, refers = row
        if person not in _PERSONS or case not in _CASES or refers not in _REFERS:
            raise row.error(
                f"person is one of {', '.join(_PERSONS)}, case one of {', '.join(_CASES)}, "
                f"refers one of {', '.join(_REFERS)}"
            )
        found[word] = Pronoun(int(person), case != "object", refers)
    return found


@cache
def _load(overlays: tuple[Path, ...]) -> Lexicons:
    return Lexicons(overlays)


def load(overlays: Sequence[Path | str] = ()) -> Lexicons:
    """The lexicons with ``overlays`` layered over the shipped ones, built once per list."""
    return _load(tuple(Path(p) for p in overlays))


_ACTIVE: ContextVar[Lexicons | None] = ContextVar("onrecord_lexicons", default=None)


def current() -> Lexicons:
    """The lexicons of the component running now; outside one, the shipped lexicons."""
    return _ACTIVE.get() or load()


@contextmanager
def using(lexicons: Lexicons) -> Iterator[Lexicons]:
    """Make ``lexicons`` :func:`current` while the block runs (a component's call)."""
    token = _ACTIVE.set(lexicons)
    try:
        yield lexicons
    finally:
        _ACTIVE.reset(token)


def words(name: str) -> frozenset[str]:
    """The words of class ``name`` in the :func:`current` ``words.tsv``."""
    return current().words(name)


def pronoun(word: str) -> Pronoun | None:
    """The personal pronoun ``word`` (lower case) in the :func:`current` ``pronouns.tsv``."""
    return current().pronoun(word)
