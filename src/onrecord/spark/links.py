"""The second stage of a Spark run: what links articles, computed over the flat tables.

Built after a run over every finished unit the run's pipeline read (an article several
units hold counts once), and written whole to ``_links/``, with a marker
(``_links/_done.json``) naming the units it was built from: a run that finds it up to date
leaves it, one killed while linking builds it again.

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

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from onrecord.spark.hadoop import Hadoop
from onrecord.spark.output import COLUMNS
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


def link(spark: Any, hadoop: Hadoop, out: str, pipeline: str, units: Sequence[str]) -> None:
    """Rebuild ``out/_links/`` from the flat tables of ``units`` (the finished units read
    by ``pipeline``), unless it was built from those units already. An article that
    several units hold counts once, from the first unit (by key) that holds it."""
    from pyspark.sql import functions

    done = json.dumps({"pipeline": pipeline, "units": sorted(units)})
    marker = f"{out}/_links/_done.json"
    if hadoop.exists(marker) and hadoop.read_text(marker) == done:
        return
    hadoop.delete(marker)
    for table in _TABLES:
        path = f"{out}/{table}"
        if hadoop.exists(path):
            frame = spark.read.option("basePath", path).parquet(path)
            frame = frame.where(functions.col("unit").isin(list(units)))
        else:
            frame = _empty(spark, table)
        frame.where(functions.col("pipeline") == pipeline).createOrReplaceTempView(f"all_{table}")
    spark.sql(
        "SELECT article_key, min(unit) AS unit FROM all_articles GROUP BY article_key"
    ).createOrReplaceTempView("kept")
    for table in _TABLES:
        keyed = any(name == "article_key" for name, _ in COLUMNS[table])
        spark.sql(
            f"SELECT t.* FROM all_{table} t LEFT SEMI JOIN kept k "
            "ON k.article_key = t.article_key AND k.unit = t.unit"
            if keyed
            else f"SELECT * FROM all_{table}"
        ).createOrReplaceTempView(table)
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
    hadoop.write_text(marker, done)


def _empty(spark: Any, table: str) -> Any:
    """An empty frame with ``table``'s columns, for a table no unit has rows in yet."""
    from pyspark.sql import types

    kinds = {"int": types.LongType(), "float": types.DoubleType()}
    fields = [
        types.StructField(name, kinds.get(kind, types.StringType()), True)
        for name, kind in (*COLUMNS[table], ("month", "str"), ("unit", "str"))
    ]
    return spark.createDataFrame([], types.StructType(fields))
