"""The Rich renderings of the commands: the report of one article, the ledger's tables,
progress bars and benchmark scores.

The renderers take what the library returns (an ``onrecord/1`` record as JSON, store rows,
:class:`~onrecord.store.Stats`, scores) and build tables and panels; the commands print
them. Nothing here reads an article or opens a ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from onrecord import batch
from onrecord.diff import ArticleDiff
from onrecord.ingest.language import language_name
from onrecord.store import Pruned, Stats, TrackedCommitment, Version
from onrecord.store.load import LoadSummary
from onrecord.timeline import Moment, timeline

if TYPE_CHECKING:
    from onrecord.evaluation import gap, polnear, timeml

__all__ = [
    "commitments_report",
    "diff_report",
    "gap_table",
    "ingest_progress",
    "load_progress",
    "mismatch_line",
    "polnear_table",
    "print_load_summary",
    "print_summary",
    "pruned_table",
    "record_report",
    "search_table",
    "stats_report",
    "timeml_table",
    "versions_table",
]


def record_report(record: Mapping[str, Any], threshold: float = 0.0) -> Iterator[RenderableType]:
    """The report ``onrecord read`` prints of one ``onrecord/1`` record (its JSON), in order:
    the article, statements, sourcing, timeline, events, commitments, updates, entities.

    Statements the model is less sure of than ``threshold`` follow the others in a table
    of their own, dimmed: shown apart, never dropped.
    """
    yield _header(record)
    shown = [s for s in record["statements"] if _confidence(s) >= threshold]
    apart = [s for s in record["statements"] if _confidence(s) < threshold]
    yield _statements_table(record, shown, f"Statements ({len(shown)})")
    if apart:
        title = f"Less certain statements ({len(apart)}, confidence below {threshold:.2f})"
        yield _statements_table(record, apart, title, style="dim")
    if record.get("sourcing"):
        yield _sourcing_panel(record["sourcing"])
    yield _timeline_table(record)
    yield _events_table(record)
    yield _commitments_table(record)
    if record["updates"]:
        yield _updates_table(record)
    yield _entities_table(record)


def stats_report(result: Stats) -> list[Table]:
    """What ``onrecord stats`` prints: counts, top speakers, outlets, statements per day."""
    return [
        _counts_table(result),
        _speakers_table(result),
        _outlets_table(result),
        _days_table(result),
    ]


def commitments_report(
    found: list[TrackedCommitment], as_of: str | None, history: bool
) -> list[Table]:
    """The tracked commitments as of a day, then each one's steps when ``history`` is set."""
    tables = [_tracked_table(found, as_of)]
    if history:
        tables += [_history_table(tracked) for tracked in found]
    return tables


def ingest_progress(console: Console) -> Progress:
    """The bar ``onrecord ingest`` advances per article, with its rate and its tallies."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("[green]{task.fields[stored]} stored[/] [red]{task.fields[failed]} failed[/]"),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=console, transient=False)


def load_progress(console: Console) -> Progress:
    """The bar ``onrecord load`` advances per unit, with the articles loaded and their rate."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn(
            "[green]{task.fields[articles]} articles[/] [red]{task.fields[failed]} failed[/]"
        ),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=console, transient=False)


def _header(record: Mapping[str, Any]) -> Panel:
    article = record["article"]
    lines = Text()
    lines.append(article["title"] or "(no title)", style="bold")
    lines.append("\n")
    facts = [
        ("outlet", article["outlet"] or "unknown"),
        ("published", _published(article)),
        ("authors", ", ".join(article["authors"]) or "unknown"),
        ("source", article["source"] or "-"),
    ]
    for label, value in facts:
        lines.append(f"{label:>10}  ", style="dim")
        lines.append(f"{value}\n", style="red" if value.startswith("unknown") else "")
    furniture = [r for r in article["regions"] if r["furniture"]]
    if furniture:
        kinds = Counter(r["kind"] for r in furniture)
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        lines.append(f"{'skipped':>10}  ", style="dim")
        lines.append(f"page furniture: {summary}\n")
    return Panel(lines, title="onrecord", title_align="left", border_style="blue")


def _published(article: Mapping[str, Any]) -> str:
    if not article["published"]:
        return "unknown — relative dates stay unresolved (use --published)"
    value = str(article["published"])
    return f"{value}  (from {article['published_from']})"


def _confidence(statement: Mapping[str, Any]) -> float:
    """A statement's confidence; a record from before confidences were kept has none."""
    confidence = statement.get("confidence")
    return 1.0 if confidence is None else float(confidence)


def _statements_table(
    record: Mapping[str, Any],
    statements: Sequence[Mapping[str, Any]],
    title: str,
    style: str = "",
) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    table = Table(title=title, title_justify="left", show_lines=True, style=style)
    table.add_column("id", style="dim")
    table.add_column("who → to whom")
    table.add_column("what", ratio=3)
    table.add_column("cue", style="italic", max_width=16)
    table.add_column("on whose authority", ratio=2)
    outlet = record["article"]["outlet"]
    for statement in statements:
        who = _party(statement["speaker"], names, "(unattributed)")
        if statement["addressee"]:
            who.append(" → ").append_text(_party(statement["addressee"], names, ""))
        how = [statement["kind"]]
        if statement.get("act", "speech") != "speech":
            how.append(statement["act"])
        if statement.get("confidence") is not None:
            how.append(f"{statement['confidence']:.0%}")
        table.add_row(
            statement["id"],
            who,
            " ".join(statement["content"]["text"].split()),
            Text(statement["cue"]["text"]).append("\n" + " · ".join(how), style="dim"),
            _authority(statement, outlet),
            style=style,
        )
    return table


_STATUS_STYLE = {
    "open": "bold cyan",
    "due": "bold red",
    "passed": "bold red",
    "extended": "bold yellow",
    "shortened": "bold yellow",
    "fulfilled": "bold green",
    "withdrawn": "bold magenta",
    "lapsed": "bold magenta",
    "contradicted": "bold magenta",
}
_CERTAINTY_STYLE = {
    "on_record": "bold green",
    "attributed": "bold cyan",
    "anonymous": "bold yellow",
    "hedged": "bold magenta",
}


def _authority(statement: Mapping[str, Any], outlet: str | None) -> Text:
    """Certainty, then the chain behind the publishing outlet, then the hedges."""
    level = statement["certainty"]
    label = level.replace("_", " ") if level else "unknown"
    cell = Text(label, style=_CERTAINTY_STYLE.get(level or "", "dim"))
    chain = [s for s in statement["sources"] if not (s["span"] is None and s["text"] == outlet)]
    if chain:
        links = [s["text"] + (" (anonymous)" if s["type"] == "anonymous" else "") for s in chain]
        cell.append("\n" + " → ".join(" ".join(link.split()) for link in links))
    if statement["hedges"]:
        hedges = ", ".join(f"“{h['text']}”" for h in statement["hedges"])
        cell.append(f"\nhedged by {hedges}", style="italic")
    return cell


def _sourcing_panel(sourcing: Mapping[str, Any]) -> Panel:
    """The article's sourcing profile: one line, a bar per certainty level, the sources."""
    lines = Text(sourcing["summary"] + "\n\n")
    total = max(sourcing["statements"], 1)
    for level, count in sourcing["certainty"].items():
        bar = "█" * round(24 * count / total)
        lines.append(f"{level.replace('_', ' '):>11} ", style="dim")
        lines.append(f"{bar:<24} ", style=_CERTAINTY_STYLE[level])
        lines.append(f"{count}\n")
    if sourcing["anonymous"]:
        lines.append("\nanonymous sources\n", style="bold")
        for source in sourcing["anonymous"]:
            times = "statement" if source["statements"] == 1 else "statements"
            lines.append(f"  {source['description']}", style="yellow")
            lines.append(f"  ({source['statements']} {times})\n", style="dim")
    if sourcing["sources"]:
        lines.append("\nsources cited  ", style="bold")
        lines.append("; ".join(sourcing["sources"]))
    return Panel(lines, title="Sourcing", title_align="left", border_style="yellow")


#: Width of the date axis the timeline draws its ranges on.
AXIS = 24


def _timeline_table(record: Mapping[str, Any]) -> Table:
    """Each resolved date, a bar on one date axis, and what was said or happened then."""
    moments = timeline(record)
    table = Table(title=f"Timeline ({len(moments)} dates)", title_justify="left", show_lines=False)
    table.add_column("when", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("what was said or happened then", ratio=1)
    if not moments:
        return table
    start = min(m.first for m in moments)
    days = max((max(m.last for m in moments) - start).days, 1)
    table.columns[1].header = f"{start:%d %b %Y} → {start + timedelta(days=days):%d %b %Y}"
    statements = {s["id"]: s for s in record["statements"]}
    names = {e["id"]: e["name"] for e in record["entities"]}
    for moment in moments:
        left = round((moment.first - start).days / days * (AXIS - 1))
        right = round((moment.last - start).days / days * (AXIS - 1))
        mark = "●" if left == right else "█" * (right - left + 1)
        style = "cyan" if moment.type == "DURATION" else "green"
        bar = Text("·" * left, style="dim").append(mark, style=style)
        bar.append("·" * (AXIS - 1 - right), style="dim")
        what = Text()
        for statement_id in moment.statements:
            statement = statements[statement_id]
            speaker = statement["speaker"]
            who = names.get(speaker["entity"] or "", speaker["text"]) if speaker else "?"
            quote = " ".join(statement["content"]["text"].split())
            what.append(who, style="bold").append(f": {_shorten(quote, 80)}\n")
        what.append(moment.contexts[0], style="dim")
        if len(moment.contexts) > 1:
            what.append(f"  (+{len(moment.contexts) - 1} more)", style="dim")
        table.add_row(_when(moment), bar, what)
    return table


_MODE_STYLE = {
    "asserted": "",
    "negated": "red",
    "hypothetical": "yellow",
    "conditional": "yellow",
    "future": "cyan",
}


def _events_table(record: Mapping[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    table = Table(title="Events", title_justify="left")
    for column in ("id", "type", "who → to whom", "when", "where", "evidence"):
        table.add_column(column, style="dim" if column == "id" else "")
    for event in record["events"]:
        kind = Text(event["type"], style="bold")
        kind.append(f"\n{event['mode']}", style=_MODE_STYLE.get(event["mode"], ""))
        who = _party(event["actor"], names, "?")
        who.append(" → ")
        who.append_text(_party(event["target"], names, "?"))
        when = event["when"]
        where = event["where"]
        table.add_row(
            event["id"],
            kind,
            who,
            when["value"] if when else "",
            (where["city"] or where["text"]) if where else "",
            Text(_shorten(event["evidence"]["text"], 120)),
        )
    if not record["events"]:
        table.caption = "no events found"
    return table


def _commitments_table(record: Mapping[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    published = record["article"]["published"]
    table = Table(title="Commitments", title_justify="left")
    for column in ("id", "kind", "who → to whom", "what", "on condition", "deadline", "status"):
        table.add_column(column, style="dim" if column == "id" else "")
    for commitment in record["commitments"]:
        who = _party(commitment["by"], names, "?")
        who.append(" → ")
        who.append_text(_party(commitment["to"], names, "?"))
        deadline = commitment["deadline"]
        due = deadline["value"] or "" if deadline else ""
        if deadline and deadline["range"]:
            due = deadline["range"][1]
            if published:
                days = (date.fromisoformat(due) - date.fromisoformat(published[:10])).days
                due += f"\n{days} days after publication" if days >= 0 else "\npassed"
        condition = commitment["condition"]
        status = Text(commitment["status"], style=_STATUS_STYLE.get(commitment["status"], ""))
        if commitment["outcome"]:
            status.append(f"\n{_shorten(commitment['outcome']['evidence']['text'], 80)}", "dim")
        table.add_row(
            commitment["id"],
            commitment["kind"],
            who,
            Text(_shorten(commitment["action"]["text"], 90)),
            Text(_shorten(condition["text"], 60)) if condition else "",
            due,
            status,
        )
    if not record["commitments"]:
        table.caption = "no threats, promises, ultimatums or timelines found"
    return table


def _updates_table(record: Mapping[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    table = Table(title="Updates to earlier commitments", title_justify="left")
    for column in ("id", "kind", "whose → to whom", "new deadline", "evidence"):
        table.add_column(column, style="dim" if column == "id" else "")
    for update in record["updates"]:
        who = _party(update["by"], names, "?")
        who.append(" → ")
        who.append_text(_party(update["to"], names, "?"))
        deadline = update["deadline"]
        table.add_row(
            update["id"],
            Text(update["kind"], style=_STATUS_STYLE.get(update["kind"], "")),
            who,
            deadline["range"][1] if deadline and deadline["range"] else "",
            Text(_shorten(update["evidence"]["text"], 120)),
        )
    return table


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _when(moment: Moment) -> Text:
    if moment.first == moment.last:
        cell = Text(f"{moment.first:%a %d %b %Y}")
    else:
        cell = Text(f"{moment.first:%d %b} – {moment.last:%d %b %Y}")
    # A duration's range runs from its anchor to the latest day it can end.
    label = f"{moment.value} running" if moment.type == "DURATION" else moment.value
    if label:
        cell.append(f"\n{label}", style="dim")
    return cell


def _party(party: Mapping[str, Any] | None, names: dict[str, str], missing: str) -> Text:
    if party is None:
        return Text(missing, style="red")
    cell = Text(party["text"], style="bold")
    name = names.get(party["entity"] or "")
    if name and name != party["text"]:
        cell.append(f" ({name})", style="dim")
    return cell


def _entities_table(record: Mapping[str, Any]) -> Table:
    text = record["article"]["text"]
    table = Table(title=f"Entities ({len(record['entities'])})", title_justify="left")
    table.add_column("id", style="dim")
    table.add_column("entity")
    table.add_column("type")
    table.add_column("country")
    table.add_column("wikidata")
    table.add_column("mentions", justify="right")
    for entity in record["entities"]:
        cell = Text(entity["name"], style="bold")
        if entity["role"]:
            cell.append(f"\n{entity['role']}", style="italic")
        forms = Counter(text[s:e] for s, e in entity["mentions"])
        other = [f for f, _ in forms.most_common() if f != entity["name"]]
        if other:
            cell.append(f"\nas {', '.join(other[:4])}", style="dim")
        kind = entity["type"] + (f"\n{entity['category']}" if entity["category"] else "")
        table.add_row(
            entity["id"],
            cell,
            kind,
            entity["country"] or "",
            entity["kb_id"] or "",
            str(len(entity["mentions"])),
        )
    return table


def search_table(rows: Sequence[Mapping[str, Any]], caption: str) -> Table:
    """A page of statements found in the ledger, as ``onrecord search`` prints it."""
    table = Table(caption=caption, show_lines=True)
    table.add_column("id", justify="right", style="dim")
    table.add_column("said on", no_wrap=True)
    table.add_column("who → to whom", max_width=24)
    table.add_column("what", ratio=3)
    table.add_column("on whose authority", ratio=2)
    table.add_column("outlets", justify="right")
    for row in rows:
        who = Text(row["speaker"] or "?", style="bold")
        if row["addressee"]:
            who.append(f" → {row['addressee']}", style="")
        authority = Text(
            row["certainty"] or "unknown", style=_CERTAINTY_STYLE.get(row["certainty"] or "", "")
        )
        authority.append(f"\n{row['sourcing']}", style="dim")
        table.add_row(
            str(row["id"]),
            row["said_on"] or "?",
            who,
            Text(_shorten(row["quote"], 300)),
            authority,
            str(row["corroboration"]),
        )
    return table


def versions_table(versions: Sequence[Version], caption: str) -> Table:
    """The versions of one article, as ``onrecord history`` lists them."""
    table = Table(caption=caption)
    table.add_column("version", justify="right")
    table.add_column("stored at", no_wrap=True)
    table.add_column("headline", ratio=3)
    table.add_column("statements", justify="right")
    table.add_column("text hash", style="dim", no_wrap=True)
    for version in versions:
        table.add_row(
            f"{version.number}{' (current)' if version.current else ''}",
            version.stored_at.strftime("%Y-%m-%d %H:%M:%S"),
            version.title or "",
            str(version.statements),
            version.content_hash[:12],
        )
    return table


def diff_report(diff: ArticleDiff, *, marks: bool = False) -> list[RenderableType]:
    """What changed between two versions: fields, statements and the text word by word,
    removed words struck through in red, added ones in green; with ``marks`` (for output
    without colour) also between ``[-`` ``-]`` and ``{+`` ``+}``, as ``git diff
    --word-diff`` writes them."""
    out: list[RenderableType] = [
        Text(
            f"version {diff.old} → {diff.new}: {diff.words_removed} words removed, "
            f"{diff.words_added} added; statements: {len(diff.added)} added, "
            f"{len(diff.removed)} removed, {len(diff.reworded)} reworded, {diff.kept} the same",
            style="bold",
        )
    ]
    for change in diff.fields:
        line = Text(f"{change.field}: ")
        line.append(str(change.old), style="red strike")
        line.append(" → ")
        line.append(str(change.new), style="green")
        out.append(line)
    statements = Table(title="Statements", show_lines=True)
    statements.add_column("change", no_wrap=True)
    statements.add_column("who", max_width=24)
    statements.add_column("what", ratio=3)
    for statement in diff.removed:
        statements.add_row(Text("removed", style="red"), *_said(statement))
    for statement in diff.added:
        statements.add_row(Text("added", style="green"), *_said(statement))
    for reworded in diff.reworded:
        who, _ = _said(reworded.new)
        both = Text(reworded.old["content"]["text"], style="red strike")
        both.append("\n")
        both.append(reworded.new["content"]["text"], style="green")
        statements.add_row(Text("reworded"), who, both)
    if statements.row_count:
        out.append(statements)
    text = Text()
    for piece in diff.text:
        style = {"same": "", "removed": "red strike", "added": "green"}[piece.kind]
        words = piece.text
        if marks and piece.kind != "same":
            words = f"[-{words}-]" if piece.kind == "removed" else f"{{+{words}+}}"
        text.append(words, style=style)
    out.append(Panel(text, title="Text", title_align="left"))
    return out


def _said(statement: Mapping[str, Any]) -> tuple[Text, Text]:
    names = statement.get("names") or {}
    return (
        _party(statement.get("speaker"), names, "?"),
        Text(_shorten(statement["content"]["text"], 300)),
    )


def pruned_table(pruned: Sequence[Pruned], caption: str) -> Table:
    """The old versions ``onrecord prune`` deleted, or would delete."""
    table = Table(caption=caption)
    table.add_column("article", justify="right")
    table.add_column("version", justify="right")
    table.add_column("stored at", no_wrap=True)
    table.add_column("headline", ratio=3)
    for item in pruned:
        table.add_row(
            str(item.article_id),
            str(item.number),
            item.stored_at.strftime("%Y-%m-%d %H:%M:%S"),
            item.title or "",
        )
    return table


def _tracked_table(found: list[TrackedCommitment], as_of: str | None) -> Table:
    table = Table(title=f"Commitments as of {as_of or 'today'}", title_justify="left")
    table.add_column("id", style="dim", justify="right")
    table.add_column("kind")
    table.add_column("who → to whom", max_width=20)
    table.add_column("what", ratio=1)
    for column in ("deadline", "countdown", "status"):
        table.add_column(column, no_wrap=True)
    for tracked in found:
        who = Text(tracked.by or "?", style="bold")
        who.append(f" → {tracked.to or '?'}")
        what = Text(_shorten(tracked.action, 90))
        if tracked.condition:
            what.append(f"\n{_shorten(tracked.condition, 70)}", style="dim")
        what.append(f"\n{tracked.made_on or '?'} · {tracked.outlet or tracked.title or ''}", "dim")
        last = tracked.steps[-1] if tracked.steps else None
        status = Text(tracked.status, style=_STATUS_STYLE.get(tracked.status, ""))
        if last is not None and last["step"] not in ("made", tracked.status):
            status.append(f"\n{last['step']} {last['reported_on'] or ''}", style="dim")
        table.add_row(
            str(tracked.id),
            tracked.kind,
            who,
            what,
            tracked.deadline_end or tracked.deadline or "",
            _countdown(tracked.countdown),
            status,
        )
    if not found:
        table.caption = "no commitments match"
    return table


def _countdown(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "today"
    n = abs(days)
    span = f"{n} day" if n == 1 else f"{n} days"
    return f"in {span}" if days > 0 else f"{span} ago"


def _history_table(tracked: TrackedCommitment) -> Table:
    table = Table(
        title=f"{tracked.id}: {tracked.by or '?'} — {_shorten(tracked.action, 70)}",
        title_justify="left",
    )
    for column in ("reported", "step", "status", "deadline", "where", "evidence"):
        table.add_column(column)
    for step in tracked.steps:
        table.add_row(
            step["reported_on"] or "?",
            Text(step["step"], style=_STATUS_STYLE.get(step["step"], "")),
            step["status"],
            step["deadline_end"] or step["deadline_value"] or "",
            _shorten(step["outlet"] or step["title"] or step["key"], 30),
            Text(f"{_shorten(step['text'], 110)} [{step['start']}:{step['end']}]"),
        )
    return table


def _counts_table(result: Stats) -> Table:
    table = Table(title="The ledger", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in result.counts.items():
        table.add_row(name.replace("_", " "), f"{value:,}")
    return table


def _speakers_table(result: Stats) -> Table:
    table = Table(title="Top speakers", title_justify="left")
    for column in ("speaker", "Wikidata", "statements", "articles"):
        table.add_column(
            column, justify="right" if column in ("statements", "articles") else "left"
        )
    for name, kb_id, n, articles in result.top_speakers:
        table.add_row(name, kb_id or "", str(n), str(articles))
    return table


def _outlets_table(result: Stats) -> Table:
    table = Table(title="Anonymous sourcing by outlet", title_justify="left")
    for column in ("outlet", "statements", "anonymous", "share", ""):
        table.add_column(column, justify="left" if column in ("outlet", "") else "right")
    for outlet, n, anonymous in result.outlets:
        share = anonymous / n if n else 0.0
        table.add_row(outlet, str(n), str(anonymous), f"{share:.0%}", "█" * round(share * 20))
    return table


def _days_table(result: Stats) -> Table:
    table = Table(title="Statements per day of publication", title_justify="left")
    table.add_column("day")
    table.add_column("statements", justify="right")
    table.add_column("")
    most = max((n for _, n in result.per_day), default=1)
    for day, n in result.per_day[-31:]:
        table.add_row(day, str(n), "█" * max(1, round(n / most * 30)))
    if len(result.per_day) > 31:
        table.caption = f"the last 31 of {len(result.per_day)} days; --plot draws them all"
    return table


def print_summary(console: Console, summary: batch.Summary, name: str) -> None:
    """What an ingest did: the tallies, the speed, and the first failures."""
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    share = summary.store_seconds / summary.seconds if summary.seconds else 0.0
    console.print(
        f"[bold]{summary.stored}[/] stored, "
        f"[bold]{summary.revised}[/] new version{'s' * (summary.revised != 1)}, "
        f"[bold]{summary.replaced}[/] re-read, "
        f"[bold]{summary.unchanged}[/] already stored, [bold red]{summary.failed}[/] failed; "
        f"{summary.statements} statements; {summary.seconds:.1f} s, {rate:.1f} articles/s "
        f"({share:.0%} of the time writing to {name})",
        highlight=False,
    )
    if summary.not_read:
        languages = sorted(summary.not_read.items(), key=lambda item: (-item[1], item[0]))
        console.print(
            f"[yellow]{sum(summary.not_read.values())} stored without extraction[/] "
            f"({', '.join(f'{language_name(code)} {n}' for code, n in languages)}): "
            "onrecord reads English; --language en reads them as English",
            highlight=False,
            soft_wrap=True,
        )
    for source, reason in summary.errors[:10]:
        console.print(f"[red]failed:[/] {source}: {reason}", highlight=False, soft_wrap=True)
    if len(summary.errors) > 10:
        console.print(
            f"… and {len(summary.errors) - 10} more: see the ingest_errors table", highlight=False
        )


def print_load_summary(console: Console, summary: LoadSummary, name: str) -> None:
    """What a load did: units by outcome, rows, speed, and why units failed."""
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    units = "unit" if len(summary.loaded) == 1 else "units"
    errors = "input error" if summary.errors == 1 else "input errors"
    console.print(
        f"[bold]{len(summary.loaded)}[/] {units} loaded, [bold]{len(summary.already)}[/] already "
        f"loaded, [bold red]{len(summary.failed)}[/] failed; {summary.articles} articles, "
        f"{summary.statements} statements, {summary.errors} {errors}; "
        f"{summary.seconds:.1f} s, {rate:.1f} articles/s into {name}",
        highlight=False,
    )
    if summary.unfinished:
        console.print(
            f"[yellow]{len(summary.unfinished)} unfinished[/] (no _done marker yet, not "
            f"loaded): {', '.join(summary.unfinished[:5])}"
            + (" …" if len(summary.unfinished) > 5 else ""),
            highlight=False,
            soft_wrap=True,
        )
    for unit, reason in summary.failed:
        console.print(f"[red]failed:[/] {unit}: {reason}", highlight=False, soft_wrap=True)


def polnear_table(directory: Path, scores: polnear.Scores, run: polnear.Run) -> Table:
    """Statement scores against a PolNeAR compartment."""
    table = Table(title=f"PolNeAR {directory.name}", title_justify="left")
    for column in ("metric", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    rows = [
        ("who said what", scores.who_said_what),
        ("content overlap", scores.content_overlap),
        ("content strict", scores.content_strict),
    ]
    rows += [(f"exact {role}", prf) for role, prf in scores.exact.items()]
    rows += [(f"exact {role}, trimmed", prf) for role, prf in scores.exact_trimmed.items()]
    if scores.anonymous is not None:
        rows.append(("anonymous sources (overlap)", scores.anonymous))
    for name, prf in rows:
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    table.add_section()
    table.add_row("source accuracy (matched pairs)", "", "", f"{scores.source_accuracy:.3f}")
    table.add_row("cue accuracy (matched pairs)", "", "", f"{scores.cue_accuracy:.3f}")
    if scores.calibration_error is not None and scores.auroc is not None:
        table.add_row("confidence: calibration error", "", "", f"{scores.calibration_error:.3f}")
        table.add_row("confidence: AUROC", "", "", f"{scores.auroc:.3f}")
    said = sum(run.speakers.values())
    if said:
        table.add_section()
        for kind, label in _SPEAKER_LABELS.items():
            table.add_row(f"speakers: {label}", "", "", f"{run.speakers[kind] / said:.1%}")
    table.caption = (
        f"{scores.articles} articles, {scores.gold} gold / {scores.predicted} predicted "
        f"attributions, {len(run.refused)} refused, {run.throughput:.1f} articles/s"
    )
    return table


# By polnear.SPEAKER_KINDS.
_SPEAKER_LABELS = {
    "entity": "an entity",
    "pronoun": "a bare pronoun",
    "unlinked": "other, unlinked",
    "none": "none",
}


def mismatch_line(mismatch: timeml.Mismatch) -> str:
    """One line for a time expression found wrong, for ``eval timeml --errors``."""

    def side(timex: timeml.Timex | None, text: str | None) -> str:
        return "-" if timex is None else f"{text!r} {timex.type} {timex.value}"

    return (
        f"{mismatch.kind}: {mismatch.document}: gold {side(mismatch.gold, mismatch.gold_text)}"
        f" | predicted {side(mismatch.predicted, mismatch.predicted_text)}"
        f" | …{mismatch.context}…"
    )


def timeml_table(
    directory: Path,
    scores: timeml.Scores,
    by_folder: dict[str, timeml.Scores],
    refused: int,
    throughput: float,
) -> Table:
    """Time expression scores against a TimeML corpus, and per subfolder."""
    table = Table(title=f"TimeML {directory.name}", title_justify="left")
    for column in ("metric", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, prf in (("strict span", scores.strict), ("relaxed span", scores.relaxed)):
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    table.add_section()
    table.add_row("type accuracy (matched pairs)", "", "", f"{scores.type_accuracy:.3f}")
    table.add_row("value accuracy (matched pairs)", "", "", f"{scores.value_accuracy:.3f}")
    table.add_row("type F1", "", "", f"{scores.type_f1:.3f}")
    table.add_row("value F1", "", "", f"{scores.value_f1:.3f}")
    for name, folder in by_folder.items():
        table.add_section()
        relaxed = folder.relaxed
        table.add_row(
            f"{name} ({folder.documents} documents) relaxed span",
            f"{relaxed.precision:.3f}",
            f"{relaxed.recall:.3f}",
            f"{relaxed.f1:.3f}",
        )
        table.add_row(f"{name} value F1", "", "", f"{folder.value_f1:.3f}")
    table.caption = (
        f"{scores.documents} documents, {scores.relaxed.n_gold} gold / "
        f"{scores.relaxed.n_pred} predicted time expressions, {refused} refused, "
        f"{throughput:.1f} articles/s"
    )
    return table


def gap_table(file: Path, scores: gap.Scores, run: gap.Run) -> Table:
    """Pronoun resolution scores against a GAP file: overall, by gender, and the bias."""
    table = Table(title=f"GAP {file.name}", title_justify="left")
    for column in ("metric", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, prf in (
        ("overall", scores.overall),
        ("masculine", scores.masculine),
        ("feminine", scores.feminine),
    ):
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    table.add_section()
    bias = "-" if scores.bias is None else f"{scores.bias:.3f}"
    table.add_row("bias (F1 feminine / masculine)", "", "", bias)
    table.caption = (
        f"{scores.examples} examples, {scores.overall.n_gold} gold / "
        f"{scores.overall.n_pred} predicted links, {len(run.refused)} refused, "
        f"{run.throughput:.1f} articles/s"
    )
    return table
