"""Reading submitted articles in a process of their own, within the per-article budget.

The web app answers requests on threads, where the budget's alarm (``SIGALRM``, see
:func:`onrecord.batch.read_one`) cannot reach: a large or pathological article posted to
the app would hold the pipeline, and every submission after it, for as long as it takes.
So the app reads in a child process, on whose main thread the alarm works: an article
over ``ONRECORD_BUDGET`` seconds is refused with that reason, and the child goes on to the
next. A child that does not answer even then (stuck where no signal is seen) is killed,
and the next submission starts another.

One child serves every app with the same settings in this process (the pipeline loads
once), and ends with it.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from onrecord import batch
from onrecord.ingest import Rejected
from onrecord.records import Article, Record
from onrecord.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

__all__ = ["GRACE", "LOAD_TIMEOUT", "ReadingProcess", "reading_process"]

LOGGER = logging.getLogger(__name__)
#: Seconds past the budget to wait for a child that should have stopped by itself.
GRACE = 5.0
#: Seconds a new child may take to load the pipeline before it is given up on.
LOAD_TIMEOUT = 600.0

_processes: dict[Settings, ReadingProcess] = {}
_processes_lock = threading.Lock()


def reading_process(settings: Settings) -> ReadingProcess:
    """The reading process of ``settings``, shared by every app in this process."""
    with _processes_lock:
        found = _processes.get(settings)
        if found is None:
            found = _processes[settings] = ReadingProcess(settings)
        return found


class ReadingProcess:
    """A child process that reads one article at a time, started on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._child: SpawnProcess | None = None
        self._pipe: Connection | None = None
        # One article at a time: the budget is the article's own, not time spent queuing.
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The child's process id, None before it starts or after it was killed."""
        return self._child.pid if self._child is not None else None

    def read(self, article: Article) -> Record | Rejected:
        """The record of ``article``, or why it was refused (an error, or the budget)."""
        budget = self.settings.budget
        with self._lock:
            pipe = self._started()
            try:
                pipe.send(article)
            except OSError:
                # The child ended since it was last seen alive: one new one, once.
                self._kill()
                pipe = self._started()
                pipe.send(article)
            # The child stops a reading at the budget by itself; GRACE covers sending
            # the record back. No budget (0) means waiting as long as it takes.
            if not pipe.poll(budget + GRACE if budget > 0 else None):
                self._kill()
                return Rejected(
                    article.source or article.url or article.id,
                    f"took over {budget:g} s to read (ONRECORD_BUDGET) and did not stop",
                )
            try:
                result: Record | Rejected = pipe.recv()
            except EOFError:
                self._kill()
                return Rejected(
                    article.source or article.url or article.id,
                    "the reading process ended while reading it",
                )
            return result

    def close(self) -> None:
        """Stop the child, if it runs."""
        with self._lock:
            self._kill()

    def _started(self) -> Connection:
        if self._child is not None and self._pipe is not None and self._child.is_alive():
            return self._pipe
        self._kill()
        # spawn, not fork: the server runs threads, which fork copies in whatever state.
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.settings), name="onrecord-reader", daemon=True
        )
        started = threading.Event()

        def keep() -> None:
            # On Linux the child dies with the thread that started it (see
            # batch.die_with_parent), and a request's thread may end after the request:
            # this thread starts it and lives as long as it does.
            try:
                process.start()
            finally:
                started.set()
            process.join()

        threading.Thread(target=keep, name="onrecord-reader-keeper", daemon=True).start()
        started.wait()
        child.close()
        if process.pid is None:
            raise RuntimeError("the reading process could not start")
        if not parent.poll(LOAD_TIMEOUT) or parent.recv() != "ready":
            process.kill()
            raise RuntimeError("the reading process did not load the pipeline")
        self._child, self._pipe = process, parent
        return parent

    def _kill(self) -> None:
        if self._child is not None:
            LOGGER.warning("stopping the reading process %s", self._child.pid)
            self._child.kill()
            # Its keeper thread reaps it.
            wait([self._child.sentinel], 5)
        if self._pipe is not None:
            self._pipe.close()
        self._child = self._pipe = None


def _serve(pipe: Connection, settings: Settings) -> None:
    """The child: load the pipeline, then read articles until the pipe closes."""
    batch.die_with_parent()
    from onrecord.reader import Reader

    reader = Reader(settings)
    reader.nlp  # noqa: B018  (load the model before saying ready: loading is not reading)
    pipe.send("ready")
    while True:
        try:
            article = pipe.recv()
        except EOFError:
            return
        pipe.send(batch.read_one(reader, article, settings.budget))
