"""The ``onrecord`` command as a user runs it, on real files: in this process through
Typer's ``CliRunner`` (the ``onrecord`` fixture), and once as the installed script."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from onrecord import __version__
from onrecord.assemble import schema
from tests.conftest import EXAMPLES, PAGES, ROOT, Onrecord
from tests.golden_records import load_json


def test_the_installed_script_prints_the_golden_record() -> None:
    """The one run of ``onrecord`` as its own process: the console script that pip
    installed, reading an example from the command line, writes its record to stdout."""
    script = Path(sys.executable).with_name("onrecord")
    assert script.is_file(), f"{script} is missing: pip install -e . makes it"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}
    result = subprocess.run(
        [str(script), "read", "examples/ceasefire-deadline.txt", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == load_json("ceasefire-deadline")
    assert result.stderr == ""


def test_read_prints_a_report(onrecord: Onrecord) -> None:
    result = onrecord("read", str(EXAMPLES / "ceasefire-deadline.txt"))
    assert result.exit_code == 0, result.stderr
    assert "We will not wait forever" in result.stdout
    assert "2025-03-12T18:48+05:30" in result.stdout
    assert "Marta Kowalczyk" in result.stdout
    assert "Government of Ukraine" in result.stdout
    assert "Entities" in result.stdout
    assert "Statements" in result.stdout
    assert "chief mediator Selim Arkan" in result.stdout
    assert "reporters" in result.stdout
    # The timeline: "on Tuesday" in an article of Wednesday 12 March 2025.
    assert "Timeline" in result.stdout
    assert "Tue 11 Mar 2025" in result.stdout


def test_read_json_is_valid_onrecord_1(onrecord: Onrecord) -> None:
    result = onrecord("read", str(PAGES / "harbour-strike.html"), "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    jsonschema.validate(record, schema())
    assert record["schema"] == "onrecord/1"
    assert record["article"]["outlet"] == "The Coastal Courier"


def test_read_stdin_with_published_option(onrecord: Onrecord) -> None:
    text = b"Council vote delayed\n\nThe council delayed the vote, the mayor's office said.\n"
    result = onrecord("read", "-", "--json", "--published", "2024-04-02", input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["article"]["published"] == "2024-04-02"


def test_missing_date_is_warned_about(onrecord: Onrecord) -> None:
    result = onrecord("read", str(PAGES / "undated.html"))
    assert result.exit_code == 0
    assert "warning: no publication date found" in result.stderr
    assert "unknown" in result.stdout


def test_model_name_is_configurable(onrecord: Onrecord) -> None:
    result = onrecord("read", str(EXAMPLES / "ceasefire-deadline.txt"), "--model", "no_such_model")
    assert result.exit_code == 1
    assert "spaCy pipeline 'no_such_model' is not installed" in result.stderr
    result = onrecord(
        "read", str(EXAMPLES / "ceasefire-deadline.txt"), env={"ONRECORD_MODEL": "nope"}
    )
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
def test_bad_input_is_one_clear_line(onrecord: Onrecord, tmp_path: Path, case: str) -> None:
    source, message = _bad_inputs(tmp_path)[case]
    result = onrecord("read", source)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_non_utf8_text_is_read_with_a_warning(onrecord: Onrecord, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    text = "Ministre démissionne\n\nLe ministre a démissionné mardi, a déclaré son équipe.\n"
    latin.write_bytes(text.encode("latin-1"))
    result = onrecord("read", str(latin), "--json")
    assert result.exit_code == 0, result.stderr
    assert "démissionné" in json.loads(result.stdout)["article"]["text"]
    assert "not UTF-8" in result.stderr


def test_bad_option_is_a_usage_error(onrecord: Onrecord) -> None:
    result = onrecord("read", str(EXAMPLES / "ceasefire-deadline.txt"), "--published", "yesterday")
    assert result.exit_code == 1
    assert "not YYYY-MM-DD" in result.stderr
    assert onrecord("read").exit_code == 2


POLNEAR_TEXT = (
    "Senate leaders said the budget vote would slip to March. "
    "“We need more time,” Senator Ann Ortiz said.\n"
)


def _polnear_dir(root: Path) -> Path:
    """A two-article PolNeAR-style compartment written for this test (one empty text)."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "hill_2016-02-01_budget.txt").write_text(POLNEAR_TEXT, "utf-8")
    (root / "text" / "hill_2016-02-02_empty.txt").write_text("", "utf-8")
    ann = [
        "T1\tSource 0 14\tSenate leaders",
        "T2\tCue 15 19\tsaid",
        "T3\tContent 20 55\tthe budget vote would slip to March",
        "T4\tAttribution 15 19\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tContent 57 77\t“We need more time,”",
        "T6\tSource 78 95\tSenator Ann Ortiz",
        "T7\tCue 96 100\tsaid",
        "T8\tAttribution 96 100\tsaid",
        "E2\tAttribution:T8 Content:T5 Source:T6 Cue:T7",
    ]
    (root / "attributions" / "hill_2016-02-01_budget_ab12.ann").write_text(
        "\n".join(ann) + "\n", "utf-8"
    )
    return root


def test_eval_polnear_scores_and_writes_predictions(onrecord: Onrecord, tmp_path: Path) -> None:
    assert POLNEAR_TEXT[57:77] == "“We need more time,”"
    directory = _polnear_dir(tmp_path / "mini")
    predictions = tmp_path / "pred.jsonl"
    result = onrecord(
        "eval", "polnear", str(directory), "--predictions", str(predictions), "--json"
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["gold"] == 2
    assert report["content_overlap"]["tp"] == 2
    assert report["source_accuracy"] == 1.0
    assert report["refused"] == {"hill_2016-02-02_empty": "empty text"}
    assert "refused" in result.stderr
    lines = [json.loads(line) for line in predictions.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["hill_2016-02-01_budget"]
    quote = next(a for a in lines[0]["attributions"] if a["cue"] == [96, 100])
    assert quote["source"] == [78, 95]
    assert POLNEAR_TEXT[slice(*quote["content"])] == "“We need more time,”"


def test_eval_polnear_prints_a_table(onrecord: Onrecord, tmp_path: Path) -> None:
    result = onrecord("eval", "polnear", str(_polnear_dir(tmp_path / "mini")))
    assert result.exit_code == 0, result.stderr
    assert "content overlap" in result.stdout
    assert "1 refused" in result.stdout


def test_eval_polnear_missing_directory_is_one_clear_line(
    onrecord: Onrecord, tmp_path: Path
) -> None:
    result = onrecord("eval", "polnear", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "error:" in result.stderr
    assert "Traceback" not in result.stderr


TIMEML_DOC = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2031-04-02" \
functionInDocument="CREATION_TIME">2031-04-02</TIMEX3></DCT>
<TEXT>
Dock workers in Harbourton ended their strike <TIMEX3 tid="t1" type="DATE" \
value="2031-03-31">Monday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" \
value="P3W">three weeks</TIMEX3>, the union said.
</TEXT>
</TimeML>
"""


def _timeml_dir(root: Path) -> Path:
    """Two subfolders written for this test: one short document and one broken file."""
    (root / "Wire").mkdir(parents=True)
    (root / "Other").mkdir()
    (root / "Wire" / "WIRE20310402.0117.tml").write_text(TIMEML_DOC, "utf-8")
    (root / "Other" / "broken.tml").write_text("<TimeML><TEXT>Half a", "utf-8")
    return root


def test_eval_timeml_scores_and_writes_predictions(onrecord: Onrecord, tmp_path: Path) -> None:
    directory = _timeml_dir(tmp_path / "mini")
    predictions = tmp_path / "pred.jsonl"
    result = onrecord("eval", "timeml", str(directory), "--predictions", str(predictions), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 1
    assert report["gold"] == 2
    assert list(report["refused"]) == ["broken"]
    assert "not well-formed" in report["refused"]["broken"]
    assert "refused" in result.stderr
    assert report["folders"]["Wire"]["gold"] == 2
    assert report["folders"]["Other"]["documents"] == 0
    lines = [json.loads(line) for line in predictions.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["WIRE20310402.0117"]
    assert report["predicted"] == len(lines[0]["timexes"])


def test_eval_timeml_prints_a_table(onrecord: Onrecord, tmp_path: Path) -> None:
    # --errors is a hidden developer flag: accepted, but not in the help.
    result = onrecord("eval", "timeml", str(_timeml_dir(tmp_path / "mini")), "--errors", "2")
    assert result.exit_code == 0, result.stderr
    for row in ("strict span", "relaxed span", "value accuracy", "value F1", "Wire value F1"):
        assert row in result.stdout
    assert "1 refused" in " ".join(result.stdout.split())  # the caption may wrap
    assert "--errors" not in onrecord("eval", "timeml", "--help").stdout


def test_eval_timeml_without_tml_files_is_one_clear_line(
    onrecord: Onrecord, tmp_path: Path
) -> None:
    result = onrecord("eval", "timeml", str(tmp_path))
    assert result.exit_code == 1
    assert "no .tml file" in result.stderr
    assert "Traceback" not in result.stderr


ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="module")
def ledger(onrecord: Onrecord, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite ledger filled by ``onrecord ingest`` from our test articles."""
    db = tmp_path_factory.mktemp("ledger") / "onrecord.db"
    result = onrecord("ingest", str(ARTICLES), "--db", str(db), "--outlet", "Aegean Gazette")
    assert result.exit_code == 0, result.stderr
    assert "3 stored" in result.stderr
    assert "articles/s" in result.stderr
    return db


def test_ingest_again_reports_what_was_already_stored(onrecord: Onrecord, ledger: Path) -> None:
    result = onrecord("ingest", str(ARTICLES), "--db", str(ledger), "--outlet", "Aegean Gazette")
    assert result.exit_code == 0, result.stderr
    assert "0 stored" in result.stderr and "3 already stored" in result.stderr


def test_ingest_reads_the_ledger_from_onrecord_db(
    onrecord: Onrecord, ledger: Path, tmp_path: Path
) -> None:
    result = onrecord("search", "lawful", "--json", env={"ONRECORD_DB": str(ledger)})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 1


def test_search_prints_pages_and_json(onrecord: Onrecord, ledger: Path) -> None:
    table = onrecord("search", "fuel", "--speaker", "Varga", "--db", str(ledger))
    assert table.exit_code == 0, table.stderr
    assert "Lena Varga" in table.stdout and "page 1 of 1" in table.stdout
    page = onrecord("search", "--db", str(ledger), "--limit", "2", "--page", "2", "--json")
    report = json.loads(page.stdout)
    assert report["page"] == 2 and len(report["statements"]) == 2
    assert report["pages"] == -(-report["total"] // 2)


def test_search_with_a_bad_date_is_one_clear_line(onrecord: Onrecord, ledger: Path) -> None:
    result = onrecord("search", "--since", "last week", "--db", str(ledger))
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: --since 'last week' is not a date (YYYY-MM-DD)"


def test_search_by_act_and_confidence(onrecord: Onrecord, ledger: Path) -> None:
    def found(*args: str) -> list[dict[str, object]]:
        result = onrecord("search", "--db", str(ledger), "--limit", "1000", "--json", *args)
        assert result.exit_code == 0, result.stderr
        statements: list[dict[str, object]] = json.loads(result.stdout)["statements"]
        return statements

    everything = found()
    # The pipeline read these articles with the statement model: every statement is judged.
    assert everything and all(isinstance(row["confidence"], float) for row in everything)
    acts = {str(row["act"]) for row in everything}
    for act in acts:
        assert {row["act"] for row in found("--act", act)} == {act}
    said = found("--act", "speech", "--act", "writing")
    assert len(said) == sum(row["act"] in ("speech", "writing") for row in everything)
    sure = found("--min-confidence", "0.6")
    assert all(float(str(row["confidence"])) >= 0.6 for row in sure)
    assert len(sure) == sum(float(str(row["confidence"])) >= 0.6 for row in everything)
    wrong = onrecord("search", "--act", "said", "--db", str(ledger))
    assert wrong.exit_code == 1
    assert "--act 'said' is not one of speech, writing, thought, intention" in wrong.stderr


def test_read_folds_the_statements_it_doubts(onrecord: Onrecord) -> None:
    article = EXAMPLES / "ceasefire-deadline.txt"
    record = json.loads(onrecord("read", str(article), "--json").stdout)
    doubted = [s for s in record["statements"] if s["confidence"] < 0.5]
    assert doubted, "the example has statements the model doubts"
    report = onrecord("read", str(article), "--min-confidence", "0.5").stdout
    assert f"Less certain statements ({len(doubted)}, confidence below 0.50)" in report
    assert f"Statements ({len(record['statements']) - len(doubted)})" in report
    everything = onrecord("read", str(article), "--min-confidence", "0").stdout
    assert f"Statements ({len(record['statements'])})" in everything
    assert "Less certain" not in everything


def test_export_and_stats_write_files(onrecord: Onrecord, ledger: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "statements.csv"
    result = onrecord("export", "statements", "-o", str(csv_file), "--db", str(ledger))
    assert result.exit_code == 0, result.stderr
    assert csv_file.read_text("utf-8").startswith("id,speaker,")
    lines = onrecord("export", "articles", "--db", str(ledger), "--speaker", "Deniz Aksoy")
    assert [json.loads(line)["title"] for line in lines.stdout.splitlines()] == [
        "Fuel queues grow as port strike enters its second week"
    ]
    chart = tmp_path / "stats.svg"
    stats = onrecord("stats", "--db", str(ledger), "--plot", str(chart), "--json")
    assert stats.exit_code == 0, stats.stderr
    assert json.loads(stats.stdout)["counts"]["articles"] == 3
    assert "<svg" in chart.read_text("utf-8")


def test_search_refuses_a_ledger_that_is_not_there(onrecord: Onrecord, tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = onrecord("search", "fuel", "--db", str(missing))
    assert result.exit_code == 1
    assert "no ledger there" in result.stderr
    assert not missing.exists()


def test_commitments_lists_status_countdown_and_history(onrecord: Onrecord, tmp_path: Path) -> None:
    from tests.store.test_tracking import SHORTENED, THREAT

    db = tmp_path / "ledger.db"
    for name, text, day in (("threat", THREAT, "2026-03-02"), ("later", SHORTENED, "2026-03-04")):
        (tmp_path / f"{name}.txt").write_text(text, "utf-8")
        result = onrecord(
            "ingest", str(tmp_path / f"{name}.txt"), "--db", str(db), "--published", day
        )
        assert result.exit_code == 0, result.stderr
    result = onrecord("commitments", "--db", str(db), "--history")
    assert result.exit_code == 0, result.stderr
    assert "Commitments as of 2026-03-04" in result.stdout
    assert "in 9 days" in result.stdout  # 13 March, the shortened deadline
    assert "shortened" in result.stdout and "she would shorten the deadline" in result.stdout

    result = onrecord("commitments", "--db", str(db), "--json", "--as-of", "2026-03-20")
    assert result.exit_code == 0, result.stderr
    [commitment] = json.loads(result.stdout)["commitments"]
    assert (commitment["status"], commitment["countdown"]) == ("due", -7)
    assert [s["step"] for s in commitment["steps"]] == ["made", "shortened"]
    assert commitment["by"] == "Helen Carter"

    result = onrecord("commitments", "--db", str(db), "--status", "lapsed", "--json")
    assert json.loads(result.stdout)["commitments"] == []
    result = onrecord("commitments", "--db", str(db), "--as-of", "20 March")
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_version_prints_without_a_command(onrecord: Onrecord) -> None:
    result = onrecord("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"onrecord {__version__}"
