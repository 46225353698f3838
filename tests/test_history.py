"""``onrecord history`` and ``onrecord prune`` over a ledger where a page changed after
publication: ingested once, then again at the same address with an edited text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.store import Store
from tests.conftest import Onrecord
from tests.store.test_versions import FIRST, SECOND, URL


def _line(text: str) -> str:
    title, body = text.split("\n\n", 1)
    fields = {"url": URL, "title": title, "outlet": "Ellis Evening Star", "text": body}
    return json.dumps({**fields, "published": "2026-05-12"}) + "\n"


@pytest.fixture
def edited(onrecord: Onrecord, tmp_path: Path) -> Path:
    """A ledger that read the page, then its edited text at the same address."""
    db = tmp_path / "ledger.db"
    for name, text in (("first", FIRST), ("second", SECOND)):
        feed = tmp_path / f"{name}.jsonl"
        feed.write_text(_line(text), "utf-8")
        result = onrecord("ingest", str(feed), "--db", str(db))
        assert result.exit_code == 0, result.output
    assert "0 stored, 1 new version, 0 re-read" in result.stderr
    return db


def test_history_lists_the_versions_and_shows_the_last_change(
    onrecord: Onrecord, edited: Path
) -> None:
    result = onrecord("history", URL, "--db", str(edited))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 versions kept" in out
    assert "Harbour pilots threaten walkout within a week" in out
    assert "1 → 2" in out and "title:" in out
    assert "reworded" in out and "lied to us" in out and "not kept its word" in out

    report = json.loads(onrecord("history", URL, "--json", "--db", str(edited)).stdout)
    assert [v["number"] for v in report["versions"]] == [1, 2]
    assert [v["current"] for v in report["versions"]] == [False, True]
    diff = report["diff"]
    assert (diff["old"], diff["new"]) == (1, 2)
    [title] = diff["fields"]
    assert title["new"] == "Harbour pilots and port authority to resume talks"
    [reworded] = diff["statements"]["reworded"]
    assert "lied" in reworded["old"]["content"]["text"]
    removed = "".join(p["text"] for p in diff["text"] if p["kind"] == "removed")
    assert "reportedly told the board" in removed
    # The same diff by id, asked for by its two versions.
    again = onrecord(
        "history", str(report["article"]), "--compare", "1", "2", "--json", "--db", str(edited)
    )
    assert json.loads(again.stdout)["diff"] == diff


def test_history_refuses_what_it_does_not_have(onrecord: Onrecord, edited: Path) -> None:
    result = onrecord("history", "https://news.example/nowhere", "--db", str(edited))
    assert result.exit_code == 1 and "no article" in result.stderr
    result = onrecord("history", URL, "--compare", "1", "5", "--db", str(edited))
    assert result.exit_code == 1 and "has no version 5 (it has 1, 2)" in result.stderr


def test_prune_deletes_old_versions_only_when_not_a_dry_run(
    onrecord: Onrecord, edited: Path
) -> None:
    dry = onrecord("prune", "--dry-run", "--db", str(edited))
    assert dry.exit_code == 0 and "1 old version would be deleted" in dry.stderr
    with Store.open(edited) as store:
        article_id = store.find_article(URL)
        assert article_id is not None and len(store.versions(article_id)) == 2
    assert "0 old versions deleted" in onrecord("prune", "--keep", "1", "--db", str(edited)).stderr
    result = onrecord("prune", "--article", URL, "--db", str(edited))
    assert result.exit_code == 0 and "1 old version deleted" in result.stderr
    with Store.open(edited) as store:
        assert [v.number for v in store.versions(article_id)] == [2]
        assert (store.article(article_id) or {})["text"].endswith("resume on Thursday.\n")
