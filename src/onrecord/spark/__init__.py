"""The pipeline on Apache Spark: ``onrecord spark run INPUT... --out DIR``.

For corpora too big for one machine. The driver (:mod:`~onrecord.spark.job`) splits the
inputs into units (:mod:`~onrecord.spark.plan`), one Spark task each; Python workers
(:mod:`~onrecord.spark.tasks`) read them with the readers ``onrecord ingest`` uses and
run the same pipeline; the output is Parquet, partitioned by publication month and unit:

- ``records/``: the ``onrecord/1`` record of each article, as a nested column;
- one folder per flat table of :mod:`onrecord.tables` (``articles``, ``statements``,
  ``sources``, ...), the ledger's rows with stable keys in place of row ids;
- ``_errors/``: one row per item set aside, with the reason;
- ``_done/``: a completion marker per unit, written last;
- ``_links/``: what links articles (statement clusters and their corroboration, entities
  across articles), rebuilt by :mod:`~onrecord.spark.links` after every run.

``onrecord load DIR`` stores the output in a ledger. pyspark is an optional dependency
(``pip install 'onrecord[spark]'``); nothing else in onrecord imports this package.
"""

from __future__ import annotations

__all__: list[str] = []
