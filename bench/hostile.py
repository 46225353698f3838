"""Time the inputs that used to take super-linear time, against their aims (issue 19).

Each case is read whole by the full pipeline (``Reader.read_text``, English forced), in
this process, after one warm-up read:

- 20,000 straight quote marks in a row (aim: under 5 s; 18 s for 10,000 before);
- 10,000 quote marks with spaces between them, and 22,000 ". " (aim: under 10 s);
- a 300,000-character article, the example article repeated (aim: within the per-article
  budget, ``ONRECORD_BUDGET``, 60 s by default; 147 s in the web app before).

    .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from onrecord import Reader

ROOT = Path(__file__).resolve().parent.parent
LEAD = "The mayor said the budget would be cut. "
TAIL = " Officials said talks would resume on Monday."


def cases() -> list[tuple[str, str, float]]:
    """(what, text, aim in seconds)."""
    example = (ROOT / "examples" / "ceasefire-deadline.txt").read_text("utf-8") + "\n\n"
    article = (example * (300_000 // len(example) + 1))[:300_000]
    return [
        ('20,000 " in a row', LEAD + '"' * 20_000 + TAIL, 5.0),
        ('10,000 " with spaces', LEAD + '" ' * 10_000 + TAIL, 10.0),
        ('22,000 ". "', LEAD + ". " * 22_000 + TAIL, 10.0),
        ("300,000-character article", article, 60.0),
    ]


def main() -> None:
    reader = Reader()
    reader.read_text("Warm-up. The mayor said so.")
    table = Table("input", "characters", "seconds", "aim", "statements")
    for what, text, aim in cases():
        started = time.perf_counter()
        record = reader.read_text(text, language="en")
        took = time.perf_counter() - started
        mark = "✓" if took <= aim else "✗"
        table.add_row(
            what,
            f"{len(text):,}",
            f"{took:.1f}",
            f"≤ {aim:g} s {mark}",
            str(len(record.statements)),
        )
    Console().print(table)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Console().print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
