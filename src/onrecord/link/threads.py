"""Commitments across articles: which reports are the same commitment, and its history.

Pure functions over :class:`Report` objects (a typed record, with the article it came from
and the ledger ids it was linked to); :mod:`onrecord.store.tracking` loads them and stores
the steps. Rules:

- **Versions.** A later commitment by the same actor (entity) is a new version of an
  earlier one when they are of one kind (threat and ultimatum are both hostile), bind the
  same country (when both say), and share the consequence: its PLOVER category or a word of
  the action ("tariffs"); two hostile ones to the same country within :data:`LINK_DAYS`
  need no shared word. A version whose deadline ends earlier is ``shortened``, later
  ``extended``, else ``restated``.
- **Updates** ("cut its 30-day deadline to ten days", "the deadline passed on Friday with
  the port still open") attach to the latest commitment by the same actor, made no later
  than the report, whose kind fits the noun (a deadline needs a commitment with one; a
  threat a hostile one) and, when both say, bound to the same country. A ``set`` deadline
  becomes ``shortened``, ``extended`` or ``restated`` by the same comparison as a version.
- **Events** that carry a commitment out make it ``fulfilled``: asserted, in a later
  article, of the consequence's category, by the same actor or its country, against the
  country it was made to (or, when the event names no target, sharing a word of the action).
- **Statements** its maker makes in later articles that share two words of the action are
  ``mentioned``: linked, the status unmoved.

Events and statements count only up to the commitment's horizon, :data:`LINK_DAYS` after
its last report or deadline.

One article gives one step per kind: its deadline reports collapse to one step with the
last deadline it states ("10 or 12 days", then "August 8"). ``status`` after each step:
``open`` when made, shortened or restated, ``extended``, ``fulfilled``, ``withdrawn``,
``lapsed``, ``contradicted``, and ``due`` when a report says the deadline passed. Whether
an ``open`` commitment is ``due`` by a date is decided when it is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from onrecord import lexicons
from onrecord.lexicons import Lexicons
from onrecord.records import Commitment, Event, Statement, Update, When

__all__ = ["LINK_DAYS", "Report", "Thread", "attach", "history", "threads", "words"]

#: Two hostile commitments by one actor to one country this close are the same one; an
#: event or statement later than this after a commitment's last report or deadline is
#: not about it.
LINK_DAYS = 180
_HOSTILE = {"threat", "ultimatum"}
#: Status after a step of each kind; versions and deadline reports keep or reopen it.
_STATUS = {
    "made": "open",
    "shortened": "open",
    "extended": "extended",
    "fulfilled": "fulfilled",
    "withdrawn": "withdrawn",
    "lapsed": "lapsed",
    "passed": "due",
    "contradicted": "contradicted",
}
_DEADLINE_STEPS = ("shortened", "extended", "restated", "set")

Deadline = tuple[str | None, str | None, str | None]


@dataclass
class Report:
    """A commitment, update, event or statement as tracking reads it: the record, the
    article (ledger id and publication day) and row it came from, its maker (ledger entity
    id) and the countries involved."""

    item: Commitment | Update | Event | Statement
    article_id: int
    reported_on: str
    row_id: int
    actor: int | None = None
    actor_country: str | None = None
    target_country: str | None = None
    #: The PLOVER category of a commitment's consequence event.
    category: str | None = None

    @property
    def kind(self) -> str:
        """A commitment's or update's kind ("threat", "shortened"); events and statements
        have none."""
        item = self.item
        return item.kind if isinstance(item, Commitment | Update) else ""

    @property
    def evidence(self) -> tuple[int, int, str]:
        """The words the report rests on: ``(start, end, text)``."""
        item = self.item
        if isinstance(item, Commitment):
            found = item.action
        elif isinstance(item, Statement):
            start, end = item.content.spans[0]
            return start, end, item.content.first
        else:
            found = item.evidence
        return found.start, found.end, found.text

    @property
    def deadline(self) -> Deadline:
        """The deadline it states, as (value, first day, last day)."""
        when = self.item.deadline if isinstance(self.item, Commitment | Update) else None
        return _deadline(when)

    @property
    def to_country(self) -> str | None:
        """The country it binds or targets, when it says."""
        item = self.item
        if isinstance(item, Commitment | Update):
            return item.to.country if item.to else None
        return self.target_country

    @cached_property
    def words(self) -> frozenset[str]:
        """The content words of its evidence (read once: matching compares them often)."""
        return words(self.evidence[2])


@dataclass
class Thread:
    """One commitment across articles: its first report, later versions, and the steps
    that updates, events and statements add."""

    root: Report
    members: list[Report] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

    @property
    def actor(self) -> int | None:
        return self.root.actor

    @property
    def country(self) -> str | None:
        return self.root.actor_country

    @property
    def articles(self) -> set[int]:
        return {r.article_id for r in self.members}

    @property
    def last_seen(self) -> str:
        return max(r.reported_on for r in self.members)

    @property
    def horizon(self) -> str:
        """The last day a report can still be about this commitment: :data:`LINK_DAYS`
        after it was last reported or its deadline, whichever is later."""
        ends = [self.last_seen, *(r.deadline[2] for r in self.members if r.deadline[2])]
        try:
            return (date.fromisoformat(max(ends)[:10]) + timedelta(days=LINK_DAYS)).isoformat()
        except ValueError:
            return "9999-12-31"


def threads(commitments: Iterable[Report]) -> list[Thread]:
    """Commitments in the order they were reported, grouped into threads of versions."""
    found: list[Thread] = []
    for report in commitments:
        thread = next(
            (
                t
                for t in reversed(found)
                if report.actor is not None and t.actor == report.actor and _same(t, report)
            ),
            None,
        )
        if thread is None:
            thread = Thread(report)
            found.append(thread)
        thread.members.append(report)
    return found


def attach(
    found: Sequence[Thread],
    updates: Iterable[Report] = (),
    events: Iterable[Report] = (),
    statements: Iterable[Report] = (),
) -> None:
    """Add to each thread the steps that later updates, events and statements make."""
    for report in updates:
        assert isinstance(report.item, Update)
        noun = report.item.noun
        candidates = [
            t
            for t in found
            if t.actor == report.actor
            and t.root.reported_on <= report.reported_on
            and _fits(t, noun, report)
        ]
        if candidates:
            thread = max(candidates, key=lambda t: t.root.reported_on)
            thread.steps.append(_step(report, report.kind, "update", rule=report.item.rule))
    events = list(events)
    for thread in found:
        event = next((e for e in events if _carries_out(thread, e)), None)
        if event is not None:
            rule = f"event:{event.category}"
            thread.steps.append(_step(event, "fulfilled", "event", rule=rule))
    statements = list(statements)
    for thread in found:
        for report in statements:
            shared = _mentions(thread, report)
            if len(shared) >= 2:
                rule = "statement:" + "+".join(shared)
                thread.steps.append(_step(report, "mentioned", "statement", rule=rule))


def _carries_out(thread: Thread, event: Report) -> bool:
    root = thread.root
    if not root.category or event.category != root.category:
        return False
    if event.article_id in thread.articles:
        return False
    if not root.reported_on <= event.reported_on <= thread.horizon:
        return False
    if event.actor != thread.actor and (
        thread.country is None or event.actor_country != thread.country
    ):
        # Another actor carries it out only for the maker's own country: two actors whose
        # country is unknown are not of one country.
        return False
    if event.target_country is not None:
        return root.to_country is not None and event.target_country == root.to_country
    return bool(event.words & root.words)


def _mentions(thread: Thread, report: Report) -> list[str]:
    """The words of the action a later statement of its maker shares."""
    if report.actor != thread.actor or report.article_id in thread.articles:
        return []
    if not thread.root.reported_on <= report.reported_on <= thread.horizon:
        return []
    assert isinstance(report.item, Statement)
    if not report.item.content.spans:
        return []
    return sorted(words(report.item.content.text) & thread.root.words)


def _same(thread: Thread, report: Report) -> bool:
    """Whether ``report`` is a later version of the commitment ``thread`` follows."""
    root = thread.root
    if report.article_id in thread.articles or _family(root.kind) != _family(report.kind):
        return False
    if root.to_country and report.to_country and root.to_country != report.to_country:
        return False
    if (root.category and root.category == report.category) or root.words & report.words:
        return True
    close = _days(thread.last_seen, report.reported_on) <= LINK_DAYS
    return (
        root.kind in _HOSTILE
        and close
        and root.to_country is not None
        and (root.to_country == report.to_country)
    )


def _fits(thread: Thread, noun: str, report: Report) -> bool:
    root = thread.root
    if root.to_country and report.to_country and root.to_country != report.to_country:
        return False
    if noun in _words_of("deadline"):
        return any(r.deadline[2] for r in thread.members) or root.kind == "ultimatum"
    if noun in _words_of("threat"):
        return root.kind in _HOSTILE
    if noun in _words_of("promise"):
        return root.kind in ("promise", "timeline")
    return False


def history(thread: Thread) -> list[dict[str, Any]]:
    """The thread's steps in order, merged per article and kind, with the status after
    each: the rows of ``commitment_steps``."""
    root = thread.root
    assert isinstance(root.item, Commitment)
    steps = [_step(root, "made", "version", rule=f"made:{root.item.rule}")]
    outcome = root.item.outcome
    if outcome is not None:
        step = _step(root, "contradicted", "outcome", rule=outcome.rule)
        step.update(start=outcome.evidence.start, end=outcome.evidence.end)
        step["text"] = outcome.evidence.text
        steps.append(step)
    steps += [_step(r, "restated", "version", rule="version") for r in thread.members[1:]]
    steps += thread.steps
    steps.sort(key=lambda s: (s["reported_on"] or "", s["made"], s["article_id"], s["start"]))
    rows: list[dict[str, Any]] = []
    deadline = root.deadline
    status = "open"
    for article_steps in _by_article(steps):
        for step in _merged(article_steps, deadline):
            kind = step["step"]
            if kind in _DEADLINE_STEPS:
                new = step["deadline"]
                kind = _compared(deadline, new) if kind in ("restated", "set") else kind
                if new[2] is not None:
                    deadline = new
            status = _STATUS.get(kind, status)
            rows.append(
                {
                    "commitment_id": root.row_id,
                    "position": len(rows),
                    "article_id": step["article_id"],
                    "reported_on": step["reported_on"] or None,
                    "step": kind,
                    "status": status,
                    "version_id": step["version_id"],
                    "update_id": step["update_id"],
                    "event_id": step["event_id"],
                    "statement_id": step["statement_id"],
                    "deadline_value": deadline[0],
                    "deadline_start": deadline[1],
                    "deadline_end": deadline[2],
                    "text": step["text"],
                    "start": step["start"],
                    "end": step["end"],
                    "rule": step["rule"],
                }
            )
    return rows


def _step(report: Report, kind: str, source: str, rule: str) -> dict[str, Any]:
    start, end, text = report.evidence
    return {
        "article_id": report.article_id,
        "reported_on": report.reported_on,
        "made": 0 if kind == "made" else 1,
        "step": kind,
        "deadline": report.deadline,
        "version_id": report.row_id if source == "version" else None,
        "update_id": report.row_id if source == "update" else None,
        "event_id": report.row_id if source == "event" else None,
        "statement_id": report.row_id if source == "statement" else None,
        "text": text,
        "start": start,
        "end": end,
        "rule": rule,
    }


def _by_article(steps: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    for step in steps:
        if groups and groups[-1][0]["article_id"] == step["article_id"]:
            groups[-1].append(step)
        else:
            groups.append([step])
    return groups


def _merged(steps: list[dict[str, Any]], deadline: Deadline) -> list[dict[str, Any]]:
    """One article's steps, one per kind; its deadline reports are one step that carries
    the last deadline the article states, named by its explicit kind when it has one; a
    mention only when the article has nothing more to say."""
    moves = [s for s in steps if s["step"] in _DEADLINE_STEPS]
    rest = [s for s in steps if s["step"] not in _DEADLINE_STEPS]
    if len(rest) < len(steps) or any(s["step"] != "mentioned" for s in rest):
        # A report that moves the commitment on says more than its mention.
        rest = [s for s in rest if s["step"] != "mentioned"]
    merged: list[dict[str, Any]] = []
    if moves:
        # The report's evidence: the explicit move that states a deadline, when there is one.
        explicit = min(
            moves,
            key=lambda s: (s["step"] not in ("shortened", "extended"), s["deadline"][2] is None),
        )
        dated = [s["deadline"] for s in moves if s["deadline"][2] is not None]
        merged.append({**explicit, "deadline": dated[-1] if dated else deadline})
    seen: set[str] = set()
    for step in rest:
        if step["step"] not in seen:
            seen.add(step["step"])
            merged.append(step)
    return sorted(merged, key=lambda s: (s["made"], s["start"]))


def _compared(old: Deadline, new: Deadline) -> str:
    if old[2] is None or new[2] is None or old[2] == new[2]:
        return "restated"
    return "shortened" if new[2] < old[2] else "extended"


def _deadline(when: When | None) -> Deadline:
    if when is None:
        return (None, None, None)
    start, end = when.range or (None, None)
    return (when.value, start, end)


def _family(kind: str) -> str:
    return "hostile" if kind in _HOSTILE else kind


def words(text: str) -> frozenset[str]:
    """Content words, crudely singular: "tariffs" and "tariff" are one."""
    stop = _words_of("stop")
    return frozenset(
        w[:-1] if w.endswith("s") else w
        for w in re.findall(r"[a-z]{4,}", text.lower())
        if w not in stop
    )


def _days(first: str, last: str) -> int:
    try:
        return abs((date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days)
    except ValueError:
        return LINK_DAYS + 1


def _vocabulary(lexicons: Lexicons) -> dict[str, frozenset[str]]:
    """The word classes of ``tracking.tsv``: ``stop`` words, and the nouns of a report
    about a ``deadline``, a ``threat`` or a ``promise``."""
    classes: dict[str, set[str]] = {}
    for kind, word in lexicons.table("tracking.tsv"):
        classes.setdefault(kind, set()).add(word)
    return {kind: frozenset(found) for kind, found in classes.items()}


def _words_of(kind: str) -> frozenset[str]:
    return lexicons.current().memo(_vocabulary).get(kind, frozenset())
