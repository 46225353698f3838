"""``onrecord ingest`` that never stops: hostile inputs aside, workers that die with their
parent, new ledgers opened by two runs at once, articles that take too long."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from onrecord import Reader, Settings, batch
from onrecord.store import Store
from tests.conftest import LOCKS
from tests.store.conftest import ARTICLES

ONRECORD = str(Path(sys.executable).with_name("onrecord"))


def environment() -> dict[str, str]:
    """This process's environment without the developer's ONRECORD_* settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}


def articles(count: int) -> list[str]:
    """``count`` distinct articles: our test articles, each copy with a line of its own, as
    a correction would add."""
    texts = [p.read_text("utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    return [
        texts[n % len(texts)] + f"\nThis article was corrected {n + 1} times.\n"
        for n in range(count)
    ]


def rows(db: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


def test_an_ingest_stores_the_good_articles_beside_hostile_ones(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    texts = articles(6)
    for n, name in enumerate(
        ("a.txt", "b.txt", "c.txt", "d", "reisen-mit-dem-internet.de.emden-21416")
    ):
        (inbox / name).write_text(texts[n], "utf-8")
    # A name in Latin-1, as an old archive holds it: "fünf".
    (inbox / os.fsdecode(b"f\xfcnf.txt")).write_text(texts[5], "utf-8")
    os.mkfifo(inbox / "pipe")
    (inbox / "batch.jsonl").write_text(
        json.dumps({"text": LOCKS, "url": "https://example.org/locks"})
        + "\n"
        + json.dumps({"text": LOCKS.replace("six weeks", "six \ud800weeks")})
        + "\n"
    )
    db = tmp_path / "ledger.db"
    done = subprocess.run(
        [ONRECORD, "ingest", str(inbox), "--db", str(db), "--workers", "2"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    # Five files, the file whose name is not UTF-8, the good JSON line.
    assert sorted(source for (source,) in rows(db, "SELECT source FROM articles")) == sorted(
        [
            *(str(inbox / n) for n in ("a.txt", "b.txt", "c.txt", "d")),
            str(inbox / "reisen-mit-dem-internet.de.emden-21416"),
            f"{inbox}/f\\xfcnf.txt",
            f"{inbox}/batch.jsonl:1",
        ]
    )
    assert sorted(rows(db, "SELECT source, reason, stage FROM ingest_errors")) == [
        (
            f"{inbox}/batch.jsonl:2",
            f'"text" holds a lone surrogate (\\ud800 at character {LOCKS.index("weeks")}), '
            "which is no character",
            "read",
        ),
        (f"{inbox}/pipe", "is a named pipe, not a regular file", "read"),
    ]


def descendants(pid: int) -> dict[int, str]:
    """The processes under ``pid``, each with its start time (so that a number used again
    by a new process is not taken for the old one)."""
    parents: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, ..., start time is field 22 of stat.
        parents.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        for child, started in parents.get(todo.pop(), []):
            found[child] = started
            todo.append(child)
    return found


def alive(pid: int, started: str) -> bool:
    """Whether process ``pid``, started at ``started``, still runs (a zombie does not)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == started and fields[0] not in ("Z", "X")


def ingest_with_two_workers(
    tmp_path: Path, count: int
) -> tuple[subprocess.Popen[str], Path, dict[int, str]]:
    """``onrecord ingest --workers 2`` started on ``count`` articles, caught midway: its
    process, its ledger, and its workers (with their start times) once they have loaded
    the model and are reading."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, article in enumerate(articles(count)):
        (corpus / f"article-{n:02d}.txt").write_text(article, "utf-8")
    db = tmp_path / "ledger.db"
    process = subprocess.Popen(
        [ONRECORD, "ingest", str(corpus), "--db", str(db), "--workers", "2", "--batch", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    workers: dict[int, str] = {}
    deadline = time.monotonic() + 60
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = {
            pid: started
            for pid, started in descendants(process.pid).items()
            if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        }
    if len(workers) < 2:
        process.kill()
        raise AssertionError("the workers did not start")
    time.sleep(3)
    if process.poll() is not None:
        raise AssertionError("the ingest ended before it could be caught midway")
    return process, db, workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_an_ingest_killed_midway(tmp_path: Path) -> None:
    process, db, _ = ingest_with_two_workers(tmp_path, 60)
    try:
        under = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        deadline = time.monotonic() + 15
        while any(alive(p, s) for p, s in under.items()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p, s in under.items() if alive(p, s)], "processes outlived the ingest"
    finally:
        if process.poll() is None:
            process.kill()
    (stored,) = rows(db, "SELECT count(*) FROM articles")[0]
    assert isinstance(stored, int) and stored < 60


def start_two(db: str, tmp_path: Path) -> list[subprocess.Popen[str]]:
    """Start two ``onrecord ingest`` into ``db`` at once, each with an article of its own."""
    runs = []
    for n, article in enumerate(articles(2)):
        path = tmp_path / f"article-{n}.txt"
        path.write_text(article, "utf-8")
        runs.append(
            subprocess.Popen(
                [ONRECORD, "ingest", str(path), "--db", db],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=environment(),
            )
        )
    return runs


def finish(runs: list[subprocess.Popen[str]]) -> None:
    """Wait for ``runs``, failing with what one printed if it failed."""
    for run in runs:
        _, printed = run.communicate(timeout=120)
        assert run.returncode == 0, printed


def opened(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(fd.readlink() == path for fd in fds.iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_two_first_ingests_into_a_new_sqlite_ledger_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    # The new, empty file is held locked until both runs have opened it, so that they meet
    # on the schema together rather than as their start-up times fall.
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    runs = start_two(str(db), tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not all(opened(run.pid, db) for run in runs) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    finish(runs)
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]


def test_two_first_ingests_into_a_new_postgresql_database_both_succeed(
    postgres_db: str, tmp_path: Path
) -> None:
    finish(start_two(postgres_db, tmp_path))
    with Store.open(postgres_db) as store:
        assert store.rows()["articles"] == 2


def test_an_article_over_its_budget_is_set_aside(tmp_path: Path, settings: Settings) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # Some 80,000 characters: over a second of parsing on any machine, where the budget is
    # a quarter of one (half a second for the batch of two).
    long = "\n\n".join(articles(3)) + "".join(
        f"\nThe union said on Monday that talks on pay round {n} had failed, a spokeswoman "
        "for the ministry said."
        for n in range(600)
    )
    (inbox / "1-long.txt").write_text(long, "utf-8")
    (inbox / "2-locks.txt").write_text(LOCKS, "utf-8")
    reader = Reader(replace(settings, budget=0.25))
    with Store.open(tmp_path / "ledger.db") as store:
        summary = batch.ingest([str(inbox)], store, reader.settings, reader=reader)
        with store.engine.connect() as connection:
            stored = connection.execute(text("SELECT source FROM articles")).scalars().all()
            errors = connection.execute(text("SELECT source, reason, stage FROM ingest_errors"))
            failures = errors.all()
    assert (summary.stored, summary.failed) == (1, 1)
    assert stored == [str(inbox / "2-locks.txt")]
    assert failures == [
        (str(inbox / "1-long.txt"), "took over 0.25 s to read (ONRECORD_BUDGET)", "extract")
    ]


def test_a_jsonl_line_with_a_lone_surrogate_fails_alone(
    tmp_path: Path, settings: Settings, reader: Reader
) -> None:
    lines = tmp_path / "batch.jsonl"
    lines.write_text(
        json.dumps({"text": LOCKS})
        + "\n"
        + json.dumps({"text": LOCKS, "title": "Locks \udc00 close"})
        + "\n"
    )
    with Store.open(tmp_path / "ledger.db") as store:
        summary = batch.ingest([str(lines)], store, settings, reader=reader)
        rows_now = store.rows()
        with store.engine.connect() as connection:
            [(source, reason)] = connection.execute(
                text("SELECT source, reason FROM ingest_errors")
            ).all()
    assert (summary.stored, summary.failed) == (1, 1)
    assert rows_now["articles"] == 1
    assert source == f"{lines}:2"
    assert reason.startswith('"title" holds a lone surrogate (\\udc00')
