"""Write the golden records ``tests/golden/<name>.json`` from the pipeline as it reads today.

One ``onrecord/1`` record per article we wrote for the tests (``tests/articles``,
``tests/follow-ups``, ``examples``, ``tests/pages``; see ``tests/golden_records.py``), and
no file for an article that is gone. Run it with ``make golden`` after a change of
behaviour, then review ``git diff tests/golden``: the diff is what the change does to
what onrecord reads. The output depends only on the code and the articles (no date, path
or timing is written), so a second run changes nothing.
"""

from __future__ import annotations

from onrecord import Reader, Settings
from tests.golden_records import GOLDEN, GOLDENS, dumps, read


def main() -> None:
    """Rewrite every golden record, and remove those of articles no longer there."""
    reader = Reader(Settings.from_env({}))
    GOLDEN.mkdir(exist_ok=True)
    names = {golden.name for golden in GOLDENS}
    for stale in sorted(GOLDEN.glob("*.json")):
        if stale.stem not in names:
            stale.unlink()
            print(f"removed {stale.relative_to(GOLDEN.parent.parent)}")
    for golden in GOLDENS:
        text = dumps(read(reader, golden))
        old = golden.file.read_text("utf-8") if golden.file.is_file() else None
        if text != old:
            golden.file.write_text(text, "utf-8")
        state = "unchanged" if text == old else "written" if old is None else "changed"
        print(f"{state:>9}  {golden.file.relative_to(GOLDEN.parent.parent)}")


if __name__ == "__main__":
    main()
