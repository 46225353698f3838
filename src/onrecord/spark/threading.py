"""Commitment threading on Spark: each maker's commitments, with the updates, events and
statements that may bear on them, gathered by Spark SQL and threaded in one task by the
rules the ledger applies (:mod:`onrecord.link.threads`).

Reports are ordered by publication day, then article key, then position (the ledger
breaks ties between articles of one day by the order it stored them). A commitment whose
maker is no known entity gets a history of its own, as in the ledger.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from onrecord.link.threads import Report, attach, history, threads
from onrecord.records import Commitment, Event, Statement, Update, from_json

__all__ = ["STEP_COLUMNS", "commitment_steps"]

#: The columns of ``_links/commitment_steps``: the ledger's ``commitment_steps`` with keys.
STEP_COLUMNS = (
    ("commitment_article_key", "str"),
    ("commitment_local_id", "str"),
    ("actor_entity_key", "str"),
    ("position", "int"),
    ("article_key", "str"),
    ("reported_on", "str"),
    ("step", "str"),
    ("status", "str"),
    ("version_local_id", "str"),
    ("update_local_id", "str"),
    ("event_local_id", "str"),
    ("statement_local_id", "str"),
    ("deadline_value", "str"),
    ("deadline_start", "str"),
    ("deadline_end", "str"),
    ("text", "str"),
    ("start", "int"),
    ("end", "int"),
    ("rule", "str"),
)

_KINDS: dict[str, type[Commitment] | type[Update] | type[Event] | type[Statement]] = {
    "commitment": Commitment,
    "update": Update,
    "event": Event,
    "statement": Statement,
}

# Every report that may bear on a maker's commitments, one row each, tagged with the maker:
# its commitments and updates; asserted events of its commitments' consequences, by it or
# by its country; its statements (events and statements of undated articles left out, as
# the ledger leaves them). Views: the flat tables of the run's pipeline.
_REPORTS = """
WITH countries AS (
  SELECT entity_key, max(country) AS country FROM entities GROUP BY entity_key
),
made AS (
  SELECT coalesce(c.actor_entity_key, concat('article:', c.article_key, '#', c.local_id)) AS maker,
         'commitment' AS kind, c.article_key, c.local_id, a.published_date, c.start, c.data,
         c.actor_entity_key AS actor, k.country AS actor_country,
         CAST(NULL AS STRING) AS target_country, ce.category
  FROM commitments c
  JOIN articles a ON a.article_key = c.article_key
  LEFT JOIN countries k ON k.entity_key = c.actor_entity_key
  LEFT JOIN events ce
    ON ce.article_key = c.article_key AND ce.local_id = get_json_object(c.data, '$.event')
),
makers AS (
  SELECT DISTINCT actor AS maker FROM made WHERE actor IS NOT NULL
),
consequences AS (
  SELECT DISTINCT actor AS maker, actor_country AS country, category
  FROM made WHERE actor IS NOT NULL AND category IS NOT NULL
),
asserted AS (
  SELECT e.article_key, e.local_id, a.published_date, e.start, e.data, e.category,
         e.actor_entity_key AS actor, ka.country AS actor_country, kt.country AS target_country
  FROM events e
  JOIN articles a ON a.article_key = e.article_key
  JOIN countries ka ON ka.entity_key = e.actor_entity_key
  LEFT JOIN countries kt ON kt.entity_key = e.target_entity_key
  WHERE e.mode = 'asserted' AND a.published_date IS NOT NULL
),
candidates AS (
  SELECT c.maker, e.* FROM consequences c
  JOIN asserted e ON e.actor = c.maker AND e.category = c.category
  UNION
  SELECT c.maker, e.* FROM consequences c
  JOIN asserted e ON e.actor_country = c.country AND e.category = c.category
)
SELECT maker, kind, article_key, local_id, published_date, start, data, actor, actor_country,
       target_country, category FROM made
UNION ALL
SELECT m.maker, 'update', u.article_key, u.local_id, a.published_date, u.start, u.data,
       u.actor_entity_key, NULL, NULL, NULL
FROM commitment_updates u JOIN makers m ON m.maker = u.actor_entity_key
JOIN articles a ON a.article_key = u.article_key
UNION ALL
SELECT maker, 'event', article_key, local_id, published_date, start, data, actor,
       actor_country, target_country, category
FROM candidates
UNION ALL
SELECT m.maker, 'statement', s.article_key, s.local_id, a.published_date,
       CAST(get_json_object(s.content_spans, '$[0][0]') AS BIGINT), s.data,
       s.speaker_entity_key, NULL, NULL, NULL
FROM statements s JOIN makers m ON m.maker = s.speaker_entity_key
JOIN articles a ON a.article_key = s.article_key AND a.published_date IS NOT NULL
"""


def commitment_steps(spark: Any) -> Any:
    """The steps of every commitment's history, as a DataFrame of :data:`STEP_COLUMNS`
    (reads the temporary views :func:`onrecord.spark.links.link` registers)."""
    from pyspark.sql import types as spark_types

    kinds = {"int": spark_types.LongType(), "str": spark_types.StringType()}
    schema = spark_types.StructType(
        [spark_types.StructField(name, kinds[kind], True) for name, kind in STEP_COLUMNS]
    )
    reports = spark.sql(_REPORTS).rdd.map(lambda row: (row["maker"], row.asDict()))
    return spark.createDataFrame(reports.groupByKey().flatMap(_steps), schema, verifySchema=False)


def _steps(group: tuple[str, Iterable[dict[str, Any]]]) -> Iterator[tuple[Any, ...]]:
    """The history rows of one maker's commitments."""
    maker, rows = group
    ordered = sorted(
        rows, key=lambda r: (r["published_date"] or "", r["article_key"], r["start"] or 0)
    )
    articles: dict[str, int] = {}
    actors: dict[str | None, int | None] = {None: None, maker: 0}
    names: list[tuple[str, str]] = []
    by_kind: dict[str, list[Report]] = {kind: [] for kind in _KINDS}
    for row in ordered:
        names.append((row["article_key"], row["local_id"]))
        by_kind[row["kind"]].append(
            Report(
                item=from_json(_KINDS[row["kind"]], json.loads(row["data"])),
                article_id=articles.setdefault(row["article_key"], len(articles)),
                reported_on=row["published_date"] or "",
                row_id=len(names) - 1,
                actor=actors.setdefault(row["actor"], len(actors)),
                actor_country=row["actor_country"],
                target_country=row["target_country"],
                category=row["category"],
            )
        )
    found = threads(by_kind["commitment"])
    attach(found, by_kind["update"], by_kind["event"], by_kind["statement"])
    keys = list(articles)
    actor_key = None if maker.startswith("article:") else maker
    for thread in found:
        root = names[thread.root.row_id]
        for step in history(thread):
            yield (
                root[0],
                root[1],
                actor_key,
                step["position"],
                keys[step["article_id"]],
                step["reported_on"],
                step["step"],
                step["status"],
                *(
                    _local(names, step[f"{what}_id"])
                    for what in ("version", "update", "event", "statement")
                ),
                step["deadline_value"],
                step["deadline_start"],
                step["deadline_end"],
                step["text"],
                step["start"],
                step["end"],
                step["rule"],
            )


def _local(names: list[tuple[str, str]], row_id: int | None) -> str | None:
    return None if row_id is None else names[row_id][1]
