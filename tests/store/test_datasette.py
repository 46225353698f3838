"""Datasette opens the SQLite ledger: views, foreign keys and full-text search work there."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord.store import Store
from tests.store.conftest import typed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def datasette(tmp_path: Path, records: dict[str, dict[str, Any]]) -> Iterator[str]:
    """A real ``datasette`` process serving a ledger of our test articles; its base URL."""
    path = tmp_path / "ledger.db"
    with Store.open(path) as store:
        store.save(typed(list(records.values())), "test")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(path), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(f"{base}/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"datasette did not start:\n{output}")
                time.sleep(0.2)
        yield f"{base}/ledger"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_datasette_serves_the_statements_view(datasette: str) -> None:
    rows = get(f"{datasette}/statements_view.json?_shape=array&speaker=Lena+Varga")
    assert len(rows) == 3
    quoted = [row for row in rows if "keep the country waiting" in row["quote"]]
    assert {row["outlet"] for row in quoted} == {"Aegean Gazette", "Coastal Times"}
    assert {row["corroboration"] for row in quoted} == {2}
    assert all(row["article_title"] for row in rows)


def test_datasette_searches_statements_and_follows_foreign_keys(datasette: str) -> None:
    found = get(f"{datasette}/statements.json?_search=lawful&_shape=array&_labels=on")
    assert len(found) == 1
    # Datasette reads the declared foreign key and labels the article by its key.
    assert isinstance(found[0]["article_id"], dict)
    articles = get(f"{datasette}/articles.json?_search=ferry&_shape=array")
    assert [a["title"] for a in articles] == [
        "Ferry operators seek fare rise after fuel costs climb"
    ]
