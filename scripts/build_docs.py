"""Write the generated pages of docs/: configuration.md from the settings.

Run with ``make docs``; ``tests/test_docs.py`` fails when a generated page is out of date.
"""

from __future__ import annotations

from pathlib import Path

from onrecord.settings import settings_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main() -> None:
    """Write every generated page and name each one written."""
    path = DOCS / "configuration.md"
    path.write_text(settings_markdown(), encoding="utf-8")
    print(f"wrote {path.relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
