"""The ``onrecord`` command as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from onrecord.ledger import schema
from tests.conftest import EXAMPLES, PAGES

ONRECORD = [sys.executable, "-m", "onrecord"]


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [*ONRECORD, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_read_prints_a_report() -> None:
    result = run("read", str(EXAMPLES / "ceasefire-deadline.txt"))
    assert result.returncode == 0, result.stderr
    assert "We will not wait forever" in result.stdout
    assert "2025-03-12T18:48+05:30" in result.stdout
    assert "Marta Kowalczyk" in result.stdout
    assert "Government of Ukraine" in result.stdout
    assert "Entities" in result.stdout


def test_read_json_is_valid_onrecord_1() -> None:
    result = run("read", str(PAGES / "harbour-strike.html"), "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    jsonschema.validate(record, schema())
    assert record["schema"] == "onrecord/1"
    assert record["article"]["outlet"] == "The Coastal Courier"


def test_read_stdin_with_published_option() -> None:
    text = b"Council vote delayed\n\nThe council delayed the vote, the mayor's office said.\n"
    result = run("read", "-", "--json", "--published", "2024-04-02", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["published"] == "2024-04-02"


def test_missing_date_is_warned_about() -> None:
    result = run("read", str(PAGES / "undated.html"))
    assert result.returncode == 0
    assert "warning: no publication date found" in result.stderr
    assert "unknown" in result.stdout


def test_model_name_is_configurable() -> None:
    result = run("read", str(EXAMPLES / "ceasefire-deadline.txt"), "--model", "no_such_model")
    assert result.returncode == 1
    assert "spaCy pipeline 'no_such_model' is not installed" in result.stderr
    result = run("read", str(EXAMPLES / "ceasefire-deadline.txt"), env={"ONRECORD_MODEL": "nope"})
    assert "spaCy pipeline 'nope' is not installed" in result.stderr


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bad_inputs(tmp: Path) -> dict[str, tuple[str, str]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with (tmp / "huge.txt").open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    return {
        "empty": (str(tmp / "empty.txt"), "input is empty"),
        "png": (str(tmp / "photo.png"), "PNG image"),
        "huge": (str(tmp / "huge.txt"), "over the 10.0 MB limit"),
        "no article": (str(PAGES / "no-article.html"), "no article text"),
        "missing": (str(tmp / "missing.txt"), "no such file"),
        "unreachable": (f"http://127.0.0.1:{_unused_port()}/story", "unreachable"),
    }


@pytest.mark.parametrize("case", ["empty", "png", "huge", "no article", "missing", "unreachable"])
def test_bad_input_is_one_clear_line(tmp_path: Path, case: str) -> None:
    source, message = _bad_inputs(tmp_path)[case]
    result = run("read", source)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_non_utf8_text_is_read_with_a_warning(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    text = "Ministre démissionne\n\nLe ministre a démissionné mardi, a déclaré son équipe.\n"
    latin.write_bytes(text.encode("latin-1"))
    result = run("read", str(latin), "--json")
    assert result.returncode == 0, result.stderr
    assert "démissionné" in json.loads(result.stdout)["article"]["text"]
    assert "not UTF-8" in result.stderr


def test_bad_option_is_a_usage_error() -> None:
    result = run("read", str(EXAMPLES / "ceasefire-deadline.txt"), "--published", "yesterday")
    assert result.returncode == 1
    assert "not YYYY-MM-DD" in result.stderr
    assert run("read").returncode == 2
