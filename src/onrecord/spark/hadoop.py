"""The driver's view of the input and output folders, through Hadoop's FileSystem API.

Spark's JVM already speaks every filesystem the cluster is configured for (local disk,
``hdfs://``, ``s3a://``, ``gs://``, ``abfs://``), so the driver lists inputs, clears and
moves output and writes completion markers through it rather than through a second client
in Python. Only the driver uses this: executors read their inputs with
:func:`onrecord.spark.tasks.open_input`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["Hadoop", "as_uri"]


def as_uri(location: str) -> str:
    """``location`` as a URI: a local path becomes an absolute ``file:`` URI."""
    if "://" in location or location.startswith("file:"):
        return location
    return Path(location).resolve().as_uri()


class Hadoop:
    """File operations on Hadoop URIs, made through the JVM of a running SparkSession."""

    def __init__(self, spark: Any) -> None:
        jvm = spark.sparkContext._jvm
        self._path = jvm.org.apache.hadoop.fs.Path
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()
        self._io = jvm.org.apache.commons.io.IOUtils

    def _fs(self, uri: str) -> tuple[Any, Any]:
        path = self._path(uri)
        return path.getFileSystem(self._conf), path

    def exists(self, uri: str) -> bool:
        """Whether ``uri`` names a file or folder."""
        fs, path = self._fs(uri)
        return bool(fs.exists(path))

    def is_dir(self, uri: str) -> bool:
        """Whether ``uri`` names a folder."""
        fs, path = self._fs(uri)
        return bool(fs.exists(path) and fs.getFileStatus(path).isDirectory())

    def files(self, uri: str) -> Iterator[tuple[str, int]]:
        """``(uri, size)`` of every file under the folder ``uri``, recursively."""
        fs, path = self._fs(uri)
        found = fs.listFiles(path, True)
        while found.hasNext():
            status = found.next()
            yield str(status.getPath().toUri()), int(status.getLen())

    def size(self, uri: str) -> int:
        """The size of the file ``uri`` in bytes."""
        fs, path = self._fs(uri)
        return int(fs.getFileStatus(path).getLen())

    def glob(self, pattern: str) -> list[str]:
        """The URIs matching a Hadoop glob (``*``, ``{a,b}``), sorted."""
        fs, path = self._fs(pattern)
        found = fs.globStatus(path) or []
        return sorted(str(status.getPath().toUri()) for status in found)

    def delete(self, uri: str) -> None:
        """Remove the file or folder ``uri`` (nothing when it is not there)."""
        fs, path = self._fs(uri)
        fs.delete(path, True)

    def move(self, source: str, target: str) -> None:
        """Rename ``source`` to ``target``, making ``target``'s parent folders first."""
        fs, path = self._fs(source)
        destination = self._path(target)
        fs.mkdirs(destination.getParent())
        if not fs.rename(path, destination):
            raise OSError(f"cannot move {source} to {target}")

    def write_text(self, uri: str, text: str) -> None:
        """Write ``text`` to the file ``uri``, replacing it."""
        fs, path = self._fs(uri)
        stream = fs.create(path, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def read_text(self, uri: str) -> str:
        """The text of the file ``uri``."""
        fs, path = self._fs(uri)
        stream = fs.open(path)
        try:
            data: bytes = self._io.toByteArray(stream)
        finally:
            stream.close()
        return data.decode("utf-8")
