"""The second stage of a Spark run: what links articles, computed over the flat tables.

Run after every ``onrecord spark run`` over all of the output folder's units read by the
run's pipeline, and written whole to ``_links/`` (replacing the last one):

- ``_links/clusters``: each statement cluster (the same words of the same speaker in
  several articles) with its corroboration: articles, outlets, first and last published;
- ``_links/entities``: each entity across articles: the names it goes by, the articles
  and mentions naming it, the first and last day it was named;
- ``_links/commitment_steps``: each commitment's history across articles (versions,
  updates, events that carry it out, later statements by its maker), built by the same
  rules the ledger applies (:mod:`onrecord.link.threads`), one task per maker.

The ledger computes the same links as ``onrecord load`` stores the rows; these tables
are for readers of the Parquet (DuckDB, Datasette, Spark itself).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from onrecord.spark.threading import commitment_steps

__all__ = ["link"]

_TABLES = (
    "articles",
    "entities",
    "article_entities",
    "mentions",
    "statements",
    "commitments",
    "commitment_updates",
    "events",
    "statement_clusters",
)

_CLUSTERS = """
SELECT s.cluster_key,
       min_by(c.speaker_entity_key, s.article_key) AS speaker_entity_key,
       min_by(s.content, struct(a.published_date, s.article_key)) AS content,
       count(*) AS statements,
       count(DISTINCT s.article_key) AS articles,
       array_sort(collect_set(a.outlet)) AS outlets,
       min(a.published_date) AS first_published,
       max(a.published_date) AS last_published
FROM statements s
JOIN articles a ON a.article_key = s.article_key
LEFT JOIN (SELECT DISTINCT cluster_key, speaker_entity_key FROM statement_clusters) c
  ON c.cluster_key = s.cluster_key
WHERE s.cluster_key IS NOT NULL
GROUP BY s.cluster_key
"""

_ENTITIES = """
WITH named AS (
  SELECT ae.entity_key, ae.article_key, ae.name, a.published_date
  FROM article_entities ae JOIN articles a ON a.article_key = ae.article_key
),
counted AS (
  SELECT entity_key, count(*) AS mentions FROM mentions GROUP BY entity_key
),
described AS (
  SELECT entity_key, max(kb_id) AS kb_id, max(type) AS type, max(category) AS category,
         max(country) AS country
  FROM entities GROUP BY entity_key
)
SELECT n.entity_key, d.kb_id, d.type, d.category, d.country,
       array_sort(collect_set(n.name)) AS names,
       count(DISTINCT n.article_key) AS articles,
       coalesce(max(c.mentions), 0) AS mentions,
       min(n.published_date) AS first_named,
       max(n.published_date) AS last_named
FROM named n
JOIN described d ON d.entity_key = n.entity_key
LEFT JOIN counted c ON c.entity_key = n.entity_key
GROUP BY n.entity_key, d.kb_id, d.type, d.category, d.country
"""


def link(spark: Any, out: str, pipeline: str) -> None:
    """Rebuild ``out/_links/`` from the flat tables of the units ``pipeline`` read."""
    from pyspark.sql import functions

    for table in _TABLES:
        path = f"{out}/{table}"
        frame = spark.read.option("basePath", path).parquet(path) if _exists(spark, path) else None
        if frame is None:
            frame = _empty(spark, table)
        frame.where(functions.col("pipeline") == pipeline).createOrReplaceTempView(table)
    frames = {
        "clusters": spark.sql(_CLUSTERS),
        "entities": spark.sql(_ENTITIES),
        "commitment_steps": commitment_steps(spark),
    }
    # Three small jobs, side by side: each alone would leave most of the cores idle.
    with ThreadPoolExecutor(max_workers=len(frames)) as pool:
        writes = [
            pool.submit(frame.write.mode("overwrite").parquet, f"{out}/_links/{name}")
            for name, frame in frames.items()
        ]
        for write in writes:
            write.result()


def _exists(spark: Any, path: str) -> bool:
    from onrecord.spark.hadoop import Hadoop

    return Hadoop(spark).exists(path)


def _empty(spark: Any, table: str) -> Any:
    """An empty frame with ``table``'s columns, for a table no unit has rows in yet."""
    from pyspark.sql import types

    from onrecord.spark.output import COLUMNS

    kinds = {"int": types.LongType(), "float": types.DoubleType()}
    fields = [
        types.StructField(name, kinds.get(kind, types.StringType()), True)
        for name, kind in COLUMNS[table]
    ]
    return spark.createDataFrame([], types.StructType(fields))
