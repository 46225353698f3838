"""Bulk ingestion: inputs → articles → records → ledger, resumable and never stopped by one item.

The calling process expands the inputs (:func:`onrecord.ingest.sources.expand`), skips the
articles the ledger already holds with the same text and extractor, and is the only writer:
each batch of records is stored in one transaction, with the failures met since the last
one. The spaCy pipeline runs here (``workers=1``) or in ``workers`` processes of its own.

Killing the process loses at most the batches not yet committed; running it again skips
what was stored and goes on with the rest. Its worker processes end with it, even when it
is killed with SIGKILL.

A batch that holds the pipeline longer than ``settings.budget`` seconds times its size is
read again one article at a time, each with the budget, and an article that overruns it
alone is set aside with that reason (one slow article among quick ones may pass within
its batch's time): the process running the pipeline (this one, or each worker) arms
SIGALRM around each batch. The alarm is raised the next time
the interpreter runs Python code, so a single long call into compiled code (the parser on
one huge Doc) can overrun it by that call's time. Where SIGALRM cannot be used (off the main
thread, or on Windows) there is no budget.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import FrameType
from typing import TYPE_CHECKING

from onrecord import __version__
from onrecord.errors import ExtractError, IngestError
from onrecord.ingest import Hints, Rejected
from onrecord.ingest.language import reads
from onrecord.ingest.sources import expand
from onrecord.link.keys import article_key, content_hash
from onrecord.records import Article, Record
from onrecord.settings import Settings
from onrecord.store import Store

if TYPE_CHECKING:
    from onrecord.reader import Reader

__all__ = [
    "Progress",
    "Summary",
    "die_with_parent",
    "extractor",
    "ingest",
    "read_batch",
    "read_one",
]

#: Called once for every input item, with what became of it: ``stored``, ``revised``,
#: ``replaced``, ``unchanged`` or ``failed``.
Progress = Callable[[str], None]

# From <linux/prctl.h>: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


@dataclass(slots=True)
class Summary:
    """What an ingest run did."""

    stored: int = 0
    #: Articles stored before, read again with the same text (by a newer onrecord).
    replaced: int = 0
    #: Articles stored before whose text changed: a new version of each (the old is kept).
    revised: int = 0
    unchanged: int = 0
    failed: int = 0
    statements: int = 0
    seconds: float = 0.0
    #: Time spent writing to the ledger, of ``seconds``.
    store_seconds: float = 0.0
    #: The failures, as ``(source, reason)``.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Articles stored without extraction, by language: onrecord reads English only.
    not_read: dict[str, int] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        """Articles read this run (stored, replaced or revised)."""
        return self.stored + self.replaced + self.revised


def extractor(settings: Settings) -> str:
    """What produced a reading: a different value makes a re-ingest read the article again."""
    return f"onrecord {__version__}; {settings.model}"


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    hints: Hints | None = None,
    workers: int = 1,
    force: bool = False,
    batch: int = 32,
    progress: Progress | None = None,
    reader: Reader | None = None,
) -> Summary:
    """Read every article in ``inputs`` into ``store``; ``force`` re-reads stored ones too.

    ``reader`` is the reader to use in this process (one is made from ``settings`` when
    None); worker processes make their own from ``settings``.
    """
    summary = Summary()
    started = time.perf_counter()
    if reader is None:
        from onrecord.reader import Reader

        reader = Reader(settings)
    hints = _with_kb(hints or Hints(), reader)
    writer = _Writer(store, extractor(settings), summary, progress)
    todo = _todo(expand(inputs, settings, hints), store, writer, force, batch)
    if workers <= 1:
        for chunk in todo:
            writer.write(read_batch(reader, chunk))
    else:
        _in_processes(todo, settings, workers, writer)
    writer.flush()
    if summary.articles:
        store.analyze()
    summary.seconds = time.perf_counter() - started
    return summary


class _Writer:
    """The single writer: stores records and errors, one transaction per batch."""

    def __init__(
        self, store: Store, extractor: str, summary: Summary, progress: Progress | None
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.summary = summary
        self.progress = progress
        self.errors: list[tuple[str, str, str]] = []
        self.replacing: set[str] = set()
        self.revising: set[str] = set()

    def reject(self, rejected: Rejected, stage: str) -> None:
        self.errors.append((rejected.source, rejected.reason, stage))
        self.summary.failed += 1
        self.summary.errors.append((rejected.source, rejected.reason))
        self._tick("failed")

    def unchanged(self) -> None:
        self.summary.unchanged += 1
        self._tick("unchanged")

    def write(self, results: list[Record | Rejected]) -> None:
        records = [r for r in results if isinstance(r, Record)]
        for result in results:
            if isinstance(result, Rejected):
                self.reject(result, "extract")
        started = time.perf_counter()
        self.store.save(records, self.extractor, self.errors)
        self.summary.store_seconds += time.perf_counter() - started
        self.errors = []
        for record in records:
            self.summary.statements += len(record.statements)
            language = record.article.language
            if language is not None and not reads(language):
                self.summary.not_read[language] = self.summary.not_read.get(language, 0) + 1
            key = article_key(record.article.url, record.article.text)
            if key in self.revising:
                self.summary.revised += 1
                self._tick("revised")
            elif key in self.replacing:
                self.summary.replaced += 1
                self._tick("replaced")
            else:
                self.summary.stored += 1
                self._tick("stored")

    def flush(self) -> None:
        if self.errors:
            self.write([])

    def _tick(self, what: str) -> None:
        if self.progress is not None:
            self.progress(what)


def _todo(
    items: Iterator[Article | Rejected],
    store: Store,
    writer: _Writer,
    force: bool,
    size: int,
) -> Iterator[list[Article]]:
    """Batches of the articles that need reading; the rest are counted as they pass."""
    pending: list[Article] = []
    for item in items:
        if isinstance(item, Rejected):
            writer.reject(item, "read")
            continue
        pending.append(item)
        if len(pending) >= size:
            yield from _unstored(pending, store, writer, force)
            pending = []
    if pending:
        yield from _unstored(pending, store, writer, force)


def _unstored(
    articles: list[Article], store: Store, writer: _Writer, force: bool
) -> Iterator[list[Article]]:
    keys = [article_key(a.url, a.text) for a in articles]
    known = store.stored(keys)
    fresh: dict[str, Article] = {}
    for key, article in zip(keys, articles, strict=True):
        if key in fresh:
            writer.unchanged()
            continue
        if key in known:
            digest, version = known[key]
            same_text = digest == content_hash(article.text)
            if not force and same_text and version == writer.extractor:
                writer.unchanged()
                continue
            (writer.replacing if same_text else writer.revising).add(key)
        fresh[key] = article
    if fresh:
        yield list(fresh.values())


def read_batch(reader: Reader, articles: list[Article]) -> list[Record | Rejected]:
    """Records for ``articles``; when the batch fails or overruns its budget, each is read
    alone, with the budget of one, to find the culprit.

    Any exception counts, not only :class:`ExtractError`: one article that trips a bug in an
    extractor is recorded in ``ingest_errors`` with the error, and the batch goes on.
    """
    budget = reader.settings.budget
    reader.nlp  # noqa: B018  (load the model before the clock starts: loading is not reading)
    try:
        with _budget(budget * len(articles)):
            return list(reader.read_articles(articles))
    except (Exception, _OverBudget):
        return [read_one(reader, article, budget) for article in articles]


def read_one(reader: Reader, article: Article, budget: float) -> Record | Rejected:
    """The record of ``article``, or why it could not be read: an error, or a reading
    that overran ``budget`` seconds (enforced on the main thread only, see :func:`_budget`)."""
    try:
        with _budget(budget):
            return reader.read_article(article)
    except _OverBudget:
        return Rejected(_name(article), f"took over {budget:g} s to read (ONRECORD_BUDGET)")
    except (ExtractError, IngestError) as exc:
        return Rejected(_name(article), str(exc))
    except Exception as exc:
        return Rejected(_name(article), f"pipeline failed: {type(exc).__name__}: {exc}")


class _OverBudget(BaseException):
    """Raised by the alarm of :func:`_budget`. Not an :class:`Exception`, as
    KeyboardInterrupt is not, so that no ``except Exception`` in a pipeline component
    swallows it."""


@contextmanager
def _budget(seconds: float) -> Iterator[None]:
    """Raise :class:`_OverBudget` in the ``with`` block once it has run ``seconds``; no
    limit for 0, off the main thread, or without SIGALRM (Windows)."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    armed = True

    def overrun(_signum: int, _frame: FrameType | None) -> None:
        # An alarm that fires as the block ends must not raise outside it.
        if armed:
            raise _OverBudget

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        # Disarm with the alarm blocked, so that one firing now cannot break off the
        # cleanup; one that fired as the block ended finds it done, within its budget.
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        except _OverBudget:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        # A pending alarm reaches ``overrun``, disarmed, before the old handler is back.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        signal.signal(signal.SIGALRM, previous)


def _name(article: Article) -> str:
    return article.source or article.url or article.id


def _with_kb(hints: Hints, reader: Reader) -> Hints:
    """``hints`` with the knowledge base's place and outlet lookups and the lexicons."""
    return replace(
        hints,
        is_place=reader.kb.is_place,
        outlet_from_name=reader.kb.outlet_from_filename,
        outlet_named=reader.kb.outlet_named,
        lexicons=reader.lexicons,
    )


_worker_reader: Reader | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_reader
    die_with_parent()
    from onrecord.reader import Reader

    _worker_reader = Reader(settings)
    _worker_reader.nlp  # noqa: B018  (load the model before the first batch arrives)


def die_with_parent() -> None:
    """End this worker as soon as the process that started it ends, even by SIGKILL,
    rather than wait for batches that will never come.

    On Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG; the parent is the thread
    that started the worker, which lives as long as the pool). Everywhere, a thread waits
    on the pipe multiprocessing keeps from the parent, which closes when the parent ends:
    that also covers a parent that died before prctl was called.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(
        target=_exit_with, args=(parent.sentinel,), name="onrecord-parent-watch", daemon=True
    ).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _read_in_worker(articles: list[Article]) -> list[Record | Rejected]:
    assert _worker_reader is not None, "worker started without _start_worker"
    return read_batch(_worker_reader, articles)


def _in_processes(
    batches: Iterator[list[Article]], settings: Settings, workers: int, writer: _Writer
) -> None:
    """Read batches in ``workers`` processes, writing each result as it comes back."""
    # spawn, not fork: the caller may run threads (Rich's refresh thread), which fork copies
    # in whatever state they are in.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(settings,)
    )
    try:
        running: set[Future[list[Record | Rejected]]] = set()
        for articles in batches:
            running.add(pool.submit(_read_in_worker, articles))
            # Keep the workers busy without reading the whole input into memory.
            if len(running) >= 2 * workers:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    writer.write(future.result())
        for future in running:
            writer.write(future.result())
    except BaseException:
        # Ctrl-C or a failed write: stop now rather than finish the batches in flight.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
