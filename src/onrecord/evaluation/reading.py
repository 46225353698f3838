"""Reading a benchmark's texts with the pipeline, batch by batch, refusing only what fails.

The TimeML and GAP evaluations read one article per item (a document, an example) and
keep what each record says; :func:`read_each` is that loop, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from time import perf_counter
from typing import TYPE_CHECKING, Any, TypeVar

from onrecord.errors import OnrecordError

if TYPE_CHECKING:
    from onrecord.reader import Reader
    from onrecord.records import Article

__all__ = ["read_each"]

T = TypeVar("T")


def read_each(
    reader: Reader,
    items: Iterable[T],
    article_of: Callable[[T], Article | str],
    collect: Callable[[T, dict[str, Any]], None],
    refuse: Callable[[T, str], None],
    advance: Callable[[], None] | None = None,
) -> float:
    """Read the article of every item with ``reader`` and hand its record's JSON to
    ``collect``; return the seconds it took.

    ``article_of`` gives an item's article, or why it has none; such an item, and one whose
    article cannot be read, goes to ``refuse`` with the reason, and the others go on (when
    an article breaks its batch, the rest are read one at a time). ``advance`` is called
    once per item, for progress bars.
    """
    reader.nlp  # noqa: B018  (loads the model now, so the time counts reading only)
    started = perf_counter()
    pending: list[tuple[T, Article]] = []
    for item in items:
        article = article_of(item)
        if isinstance(article, str):
            refuse(item, article)
            if advance:
                advance()
        else:
            pending.append((item, article))
    done = 0
    try:
        for record in reader.read_articles(article for _, article in pending):
            collect(pending[done][0], record.to_json())
            done += 1
            if advance:
                advance()
    except OnrecordError:
        # One article broke its batch; read the rest one at a time so only it is refused.
        for item, article in pending[done:]:
            try:
                collect(item, reader.read_article(article).to_json())
            except OnrecordError as exc:
                refuse(item, str(exc))
            if advance:
                advance()
    return perf_counter() - started
