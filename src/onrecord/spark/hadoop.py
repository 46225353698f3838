"""The driver's view of the input and output folders, through Hadoop's FileSystem API.

Spark's JVM already speaks every filesystem the cluster is configured for (local disk,
``hdfs://``, ``s3a://``, ``gs://``, ``abfs://``), so the driver lists inputs, clears and
moves output and writes completion markers through it rather than through a second client
in Python. Only the driver uses this; executors read and write through pyarrow
(:func:`onrecord.spark.output.filesystem`).

Locations are Hadoop path strings, as ``Path.toString()`` gives them: ``file:/tmp/my out``,
``s3a://bucket/crawl/x.warc.gz``, not percent-encoded, so a name with a space or an accent
is the same string on the driver, in Hadoop and on the executors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["Hadoop", "as_uri", "local_path", "path_of"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def as_uri(location: str) -> str:
    """``location`` as a Hadoop location: a local path becomes an absolute ``file:`` one."""
    if "://" in location or location.startswith("file:"):
        return location
    return f"file:{Path(location).resolve().as_posix()}"


def path_of(location: str) -> str:
    """The path of ``location``, without its scheme and authority."""
    if not _SCHEME.match(location):
        return location
    rest = location.split(":", 1)[1]
    if rest.startswith("//"):
        rest = rest[2:]
        return rest[rest.find("/") :] if "/" in rest else "/"
    return rest


def local_path(location: str) -> str | None:
    """The local path of a ``file:`` location (or of a bare path); None for any other."""
    if location.startswith("file:") or not _SCHEME.match(location):
        return path_of(location)
    return None


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

    def files(self, uri: str) -> Iterator[tuple[str, int, int]]:
        """``(location, size, modified)`` of every file under the folder ``uri``,
        recursively (``modified`` in milliseconds since the epoch)."""
        fs, path = self._fs(uri)
        found = fs.listFiles(path, True)
        while found.hasNext():
            status = found.next()
            yield (
                status.getPath().toString(),
                int(status.getLen()),
                int(status.getModificationTime()),
            )

    def stat(self, uri: str) -> tuple[int, int]:
        """The size of the file ``uri`` in bytes, and when it was last modified."""
        fs, path = self._fs(uri)
        status = fs.getFileStatus(path)
        return int(status.getLen()), int(status.getModificationTime())

    def glob(self, pattern: str) -> list[str]:
        """The URIs matching a Hadoop glob (``*``, ``{a,b}``), sorted."""
        fs, path = self._fs(pattern)
        found = fs.globStatus(path) or []
        return sorted(status.getPath().toString() for status in found)

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
        """Write ``text`` to the file ``uri``, whole or not at all: it is written beside it
        under a hidden name, then renamed (a driver killed mid-write leaves no half file)."""
        fs, path = self._fs(uri)
        hidden = self._path(path.getParent(), f".{path.getName()}.partial")
        stream = fs.create(hidden, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
        fs.delete(path, False)
        if not fs.rename(hidden, path):
            raise OSError(f"cannot write {uri}")

    def read_text(self, uri: str) -> str:
        """The text of the file ``uri``."""
        fs, path = self._fs(uri)
        stream = fs.open(path)
        try:
            data: bytes = self._io.toByteArray(stream)
        finally:
            stream.close()
        return data.decode("utf-8")
