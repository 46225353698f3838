"""Commitments across articles: which reports are the same commitment, and its history.

Each article's reading gives commitments (``commitments``), updates (``commitment_updates``)
and events. :func:`track` rebuilds ``commitment_steps`` for every commitment made by the
actors a batch touched, from everything the ledger holds about them, so the history does
not depend on the order articles arrive in.

- **Versions.** A later commitment by the same actor (entity) is a new version of an
  earlier one when they are of one kind (threat and ultimatum are both hostile), bind the
  same country (when both say), and share the consequence: its PLOVER category or a word of
  the action ("tariffs"); two hostile ones to the same country within
  :data:`LINK_DAYS` need no shared word. A version whose deadline ends earlier is
  ``shortened``, later ``extended``, else ``restated``.
- **Updates** ("would shorten the 50-day deadline", "the deadline passed on Friday without
  the tariffs") attach to the latest commitment by the same actor, made no later than the
  report, whose kind fits the noun (a deadline needs a commitment with one; a threat a
  hostile one) and, when both say, bound to the same country. A ``set`` deadline becomes
  ``shortened``, ``extended`` or ``restated`` by the same comparison as a version.
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
an ``open`` commitment is ``due`` by a date is decided when it is read
(:func:`onrecord.store.query.commitments`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select
from sqlalchemy.orm import aliased

from onrecord.store import models as m

__all__ = ["LINK_DAYS", "affected", "track"]

#: Two hostile commitments by one actor to one country this close are the same one; an
#: event or statement later than this after a commitment's last report or deadline is
#: not about it.
LINK_DAYS = 180
_HOSTILE = {"threat", "ultimatum"}
_DEADLINE_NOUNS = {"deadline", "ultimatum", "timeline", "window", "timetable", "grace", "time"}
_THREAT_NOUNS = {"threat", "ultimatum"}
_PROMISE_NOUNS = {"promise", "pledge", "vow", "commitment", "word", "offer", "plan"}
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
_STOP = frozenset(
    {"that", "this", "with", "from", "into", "their", "them", "they", "will", "would",
     "could", "which", "what", "when", "than", "have", "been", "were", "also", "unless",
     "other", "more", "most", "some", "such", "only", "over", "under", "after", "before",
     "against", "about", "those", "these"}
)  # fmt: skip


def affected(connection: Connection, article_ids: Iterable[int]) -> set[int]:
    """The actors (entity ids) whose commitments an article's rows may bear on: those who
    made its commitments and updates, its steps' commitments, and the makers of any
    commitment its asserted events may carry out (same actor or same country)."""
    ids = sorted(set(article_ids))
    if not ids:
        return set()
    c, u, s, e = m.Commitment, m.CommitmentUpdate, m.CommitmentStep, m.Event
    actors: set[int] = set()
    for statement in (
        select(c.actor_entity_id).where(c.article_id.in_(ids)),
        select(u.actor_entity_id).where(u.article_id.in_(ids)),
        select(c.actor_entity_id).join(s, s.commitment_id == c.id).where(s.article_id.in_(ids)),
    ):
        actors.update(a for (a,) in connection.execute(statement.distinct()) if a is not None)
    speakers = select(m.Statement.speaker_entity_id).where(m.Statement.article_id.in_(ids))
    actors.update(
        a
        for (a,) in connection.execute(
            select(c.actor_entity_id).where(c.actor_entity_id.in_(speakers)).distinct()
        )
        if a is not None
    )
    doers = select(e.actor_entity_id).where(
        e.article_id.in_(ids), e.mode == "asserted", e.actor_entity_id.is_not(None)
    )
    countries = select(m.Entity.country).where(m.Entity.id.in_(doers))
    maker = aliased(m.Entity)
    makers = (
        select(c.actor_entity_id)
        .join(maker, maker.id == c.actor_entity_id)
        .where(or_(c.actor_entity_id.in_(doers), maker.country.in_(countries)))
        .distinct()
    )
    actors.update(a for (a,) in connection.execute(makers) if a is not None)
    return actors


@dataclass
class _Report:
    """A commitment, update or event as tracking reads it."""

    article_id: int
    reported_on: str
    start: int
    end: int
    text: str
    kind: str
    row_id: int
    deadline: tuple[str | None, str | None, str | None] = (None, None, None)
    to_country: str | None = None
    category: str | None = None
    words: frozenset[str] = frozenset()
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Thread:
    root: _Report
    actor: int | None
    country: str | None
    members: list[_Report] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

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


def track(connection: Connection, actors: Iterable[int], articles: Iterable[int] = ()) -> None:
    """Rebuild the history of every commitment made by ``actors``; commitments of
    ``articles`` whose maker is no known entity get a history of their own."""
    wanted = sorted(set(actors))
    threads = _threads(connection, wanted, sorted(set(articles)))
    members = [r.row_id for t in threads for r in t.members]
    for start in range(0, len(members), 500):
        chunk = members[start : start + 500]
        connection.execute(
            delete(m.CommitmentStep).where(
                or_(
                    m.CommitmentStep.commitment_id.in_(chunk),
                    m.CommitmentStep.version_id.in_(chunk),
                )
            )
        )
    if not threads:
        return
    _attach_updates(connection, wanted, threads)
    _attach_events(connection, threads)
    _attach_mentions(connection, threads)
    rows = [row for thread in threads for row in _history(thread)]
    if rows:
        connection.execute(insert(m.CommitmentStep), rows)


def _threads(connection: Connection, actors: list[int], articles: list[int]) -> list[_Thread]:
    c, a, e = m.Commitment, m.Article, m.Entity
    unknown = c.actor_entity_id.is_(None) & c.article_id.in_(articles)
    query = (
        select(*c.__table__.c, a.published_date, e.country.label("maker_country"))
        .join(a, a.id == c.article_id)
        .outerjoin(e, e.id == c.actor_entity_id)
        .where(or_(c.actor_entity_id.in_(actors), unknown))
        .order_by(a.published_date, c.article_id, c.start)
    )
    commitments = list(connection.execute(query))
    categories = _categories(
        connection, [(row.article_id, row.data.get("event")) for row in commitments]
    )
    threads: list[_Thread] = []
    for row in commitments:
        published, country = row.published_date or "", row.maker_country
        data = row.data
        report = _Report(
            article_id=row.article_id,
            reported_on=published,
            start=row.start or 0,
            end=row.end or 0,
            text=row.text or "",
            kind=row.kind or "",
            row_id=row.id,
            deadline=(row.deadline_value, row.deadline_start, row.deadline_end),
            to_country=(data.get("to") or {}).get("country"),
            category=categories.get((row.article_id, data.get("event"))),
            words=_words(row.text or ""),
            data=data,
        )
        thread = next(
            (
                t
                for t in reversed(threads)
                if row.actor_entity_id is not None
                and t.actor == row.actor_entity_id
                and _same(t, report)
            ),
            None,
        )
        if thread is None:
            thread = _Thread(report, row.actor_entity_id, country)
            threads.append(thread)
        thread.members.append(report)
    return threads


def _same(thread: _Thread, report: _Report) -> bool:
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


def _attach_updates(connection: Connection, actors: list[int], threads: list[_Thread]) -> None:
    u, a = m.CommitmentUpdate, m.Article
    query = (
        select(*u.__table__.c, a.published_date)
        .join(a, a.id == u.article_id)
        .where(u.actor_entity_id.in_(actors))
        .order_by(a.published_date, u.article_id, u.start)
    )
    for row in connection.execute(query):
        published = row.published_date
        report = _Report(
            article_id=row.article_id,
            reported_on=published or "",
            start=row.start,
            end=row.end,
            text=row.text,
            kind=row.kind,
            row_id=row.id,
            deadline=(row.deadline_value, row.deadline_start, row.deadline_end),
            to_country=(row.data.get("to") or {}).get("country"),
            data=row.data,
        )
        candidates = [
            t
            for t in threads
            if t.actor == row.actor_entity_id
            and t.root.reported_on <= report.reported_on
            and _fits(t, row.noun, report)
        ]
        if candidates:
            thread = max(candidates, key=lambda t: t.root.reported_on)
            thread.steps.append(_step(report, report.kind, "update", rule=row.data.get("rule", "")))


def _fits(thread: _Thread, noun: str, report: _Report) -> bool:
    root = thread.root
    if root.to_country and report.to_country and root.to_country != report.to_country:
        return False
    if noun in _DEADLINE_NOUNS:
        return any(r.deadline[2] for r in thread.members) or root.kind == "ultimatum"
    if noun in _THREAT_NOUNS:
        return root.kind in _HOSTILE
    if noun in _PROMISE_NOUNS:
        return root.kind in ("promise", "timeline")
    return False


def _attach_events(connection: Connection, threads: list[_Thread]) -> None:
    wanted = [t for t in threads if t.root.category]
    if not wanted:
        return
    e, a = m.Event, m.Article
    actor, target = aliased(m.Entity), aliased(m.Entity)
    countries = {t.country for t in wanted if t.country}
    actors = {t.actor for t in wanted if t.actor is not None}
    query = (
        select(
            *e.__table__.c,
            a.published_date,
            actor.country.label("actor_country"),
            target.country.label("target_country"),
        )
        .join(a, a.id == e.article_id)
        .join(actor, actor.id == e.actor_entity_id)
        .outerjoin(target, target.id == e.target_entity_id)
        .where(
            e.mode == "asserted",
            e.category.in_({t.root.category for t in wanted}),
            or_(e.actor_entity_id.in_(actors), actor.country.in_(countries)),
            a.published_date >= min(t.root.reported_on for t in wanted),
            a.published_date <= max(t.horizon for t in wanted),
        )
        .order_by(a.published_date, e.article_id, e.start)
    )
    events = list(connection.execute(query))
    for thread in wanted:
        root = thread.root
        for row in events:
            published, actor_country, target_country = (
                row.published_date,
                row.actor_country,
                row.target_country,
            )
            if row.category != root.category or row.article_id in thread.articles:
                continue
            if not root.reported_on <= (published or "") <= thread.horizon:
                continue
            if row.actor_entity_id != thread.actor and actor_country != thread.country:
                continue
            if target_country is not None:
                if root.to_country is None or target_country != root.to_country:
                    continue
            elif not (_words(row.text or "") & root.words):
                continue
            report = _Report(
                article_id=row.article_id,
                reported_on=published or "",
                start=row.start or 0,
                end=row.end or 0,
                text=row.text or "",
                kind="fulfilled",
                row_id=row.id,
            )
            thread.steps.append(_step(report, "fulfilled", "event", rule=f"event:{row.category}"))
            break


def _attach_mentions(connection: Connection, threads: list[_Thread]) -> None:
    """Later statements of a commitment's maker that share at least two words of its
    action ("the tariffs and sanctions are ready"): the history notes them, status unmoved."""
    makers = {t.actor for t in threads if t.actor is not None}
    if not makers:
        return
    st, a = m.Statement, m.Article
    query = (
        select(st.id, st.article_id, st.speaker_entity_id, st.content, st.content_spans)
        .add_columns(a.published_date)
        .join(a, a.id == st.article_id)
        .where(
            st.speaker_entity_id.in_(makers),
            a.published_date >= min(t.root.reported_on for t in threads),
            a.published_date <= max(t.horizon for t in threads),
        )
        .order_by(a.published_date, st.article_id, st.id)
    )
    statements = list(connection.execute(query))
    for thread in threads:
        for row in statements:
            if row.speaker_entity_id != thread.actor or row.article_id in thread.articles:
                continue
            published = row.published_date or ""
            if not thread.root.reported_on <= published <= thread.horizon:
                continue
            if not row.content_spans:
                continue
            shared = sorted(_words(row.content) & thread.root.words)
            if len(shared) < 2:
                continue
            # A quotation split by its cue is stored joined by " … ": its first part is
            # the text of its first span.
            start, end = row.content_spans[0]
            report = _Report(
                article_id=row.article_id,
                reported_on=row.published_date or "",
                start=start,
                end=end,
                text=row.content.split(" … ")[0],
                kind="mentioned",
                row_id=row.id,
            )
            rule = "statement:" + "+".join(shared)
            thread.steps.append(_step(report, "mentioned", "statement", rule=rule))


def _history(thread: _Thread) -> list[dict[str, Any]]:
    """The thread's steps in order, merged per article and kind, with the status after each."""
    root = thread.root
    steps = [_step(root, "made", "version", rule=f"made:{root.data.get('rule', '')}")]
    outcome = root.data.get("outcome")
    if outcome:
        evidence = outcome["evidence"]
        report = _Report(
            article_id=root.article_id,
            reported_on=root.reported_on,
            start=evidence["span"][0],
            end=evidence["span"][1],
            text=evidence["text"],
            kind="contradicted",
            row_id=root.row_id,
        )
        steps.append(_step(report, "contradicted", "outcome", rule=outcome["rule"]))
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


def _step(report: _Report, kind: str, source: str, rule: str) -> dict[str, Any]:
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
        "text": report.text,
        "start": report.start,
        "end": report.end,
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


def _merged(
    steps: list[dict[str, Any]], deadline: tuple[str | None, str | None, str | None]
) -> list[dict[str, Any]]:
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


def _compared(
    old: tuple[str | None, str | None, str | None], new: tuple[str | None, str | None, str | None]
) -> str:
    if old[2] is None or new[2] is None or old[2] == new[2]:
        return "restated"
    return "shortened" if new[2] < old[2] else "extended"


def _categories(
    connection: Connection, keys: list[tuple[int, str | None]]
) -> dict[tuple[int, str | None], str | None]:
    """The PLOVER category of each commitment's consequence event."""
    articles = sorted({article for article, local in keys if local})
    out: dict[tuple[int, str | None], str | None] = {}
    for start in range(0, len(articles), 500):
        chunk = articles[start : start + 500]
        query = select(m.Event.article_id, m.Event.local_id, m.Event.category).where(
            m.Event.article_id.in_(chunk)
        )
        out.update({(a, local): category for a, local, category in connection.execute(query)})
    return out


def _family(kind: str) -> str:
    return "hostile" if kind in _HOSTILE else kind


def _words(text: str) -> frozenset[str]:
    """Content words, crudely singular: "tariffs" and "tariff" are one."""
    return frozenset(
        w[:-1] if w.endswith("s") else w
        for w in re.findall(r"[a-z]{4,}", text.lower())
        if w not in _STOP
    )


def _days(first: str, last: str) -> int:
    try:
        return abs((date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days)
    except ValueError:
        return LINK_DAYS + 1
