"""``onrecord history`` and ``onrecord prune``: the versions the ledger keeps of an article.

A page that changes after publication becomes a new version of its article at the next
ingest (see :mod:`onrecord.store.versions`); ``history`` lists them and shows what changed
between two, ``prune`` is the one way to delete old ones.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console

from onrecord.cli.app import DbOption, err
from onrecord.cli.render import diff_report, pruned_table, versions_table
from onrecord.diff import compare
from onrecord.errors import ConfigError
from onrecord.store import Store

__all__ = ["history", "prune"]


def history(
    article: Annotated[str, typer.Argument(help="The article: its id in the ledger or its URL.")],
    compare_: Annotated[
        tuple[int, int] | None,
        typer.Option(
            "--compare",
            metavar="OLD NEW",
            help="Show what changed between these two versions (default: the last change).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the versions and the change as JSON.")
    ] = False,
    db: DbOption = None,
) -> None:
    """List the versions of an article kept in the ledger and show what changed."""
    with Store.open(db, create=False) as store:
        article_id = store.find_article(article)
        if article_id is None:
            raise ConfigError(f"no article {article!r} in {store.name}")
        versions = store.versions(article_id)
        numbers = [v.number for v in versions]
        pair = compare_ or (tuple(numbers[-2:]) if len(numbers) > 1 else None)
        diff = None
        if pair is not None:
            missing = [n for n in pair if n not in numbers]
            if missing:
                raise ConfigError(
                    f"article {article_id} has no version {missing[0]} "
                    f"(it has {', '.join(map(str, numbers))})"
                )
            old, new = store.version(article_id, pair[0]), store.version(article_id, pair[1])
            assert old is not None and new is not None
            diff = compare(old, new)
    if as_json:
        report = {
            "article": article_id,
            "versions": [v.to_json() for v in versions],
            "diff": diff.to_json() if diff else None,
        }
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    kept = len(versions)
    console.print(
        versions_table(versions, f"article {article_id}: {kept} version{'s' * (kept != 1)} kept")
    )
    if diff is not None:
        for part in diff_report(diff, marks=console.color_system is None):
            console.print(part)


def prune(
    keep: Annotated[
        int, typer.Option(min=0, help="Old versions to keep per article, the newest.")
    ] = 0,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", help="Only this article (id or URL); may be repeated."),
    ] = None,
    older_than: Annotated[
        int | None,
        typer.Option(min=0, help="Only versions replaced more than this many days ago."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Delete old versions of articles (never the current one), the only way they go."""
    with Store.open(db, create=False) as store:
        ids = None
        if article:
            ids = []
            for ref in article:
                found = store.find_article(ref)
                if found is None:
                    raise ConfigError(f"no article {ref!r} in {store.name}")
                ids.append(found)
        before = None if older_than is None else datetime.now(UTC) - timedelta(days=older_than)
        pruned = store.prune(keep=keep, articles=ids, before=before, dry_run=dry_run)
        name = store.name
    n = len(pruned)
    what = f"{n} old version{'s' * (n != 1)}"
    if pruned:
        Console().print(pruned_table(pruned, f"{what} {'to delete' if dry_run else 'deleted'}"))
    err.print(
        f"{what} would be deleted from {name} (dry run)"
        if dry_run
        else f"{what} deleted from {name}",
        highlight=False,
    )
