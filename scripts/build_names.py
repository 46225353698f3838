"""Build data/first-names.tsv, the share of women among the people with each first name.

The counts come from the PyPI package nomquamgender (MIT licence, (c) 2022 Ian Van
Buskirk; name-gender counts gathered from public name records). Only names
borne by at least :data:`MIN_PEOPLE` people, in at least three sources, are kept. Run with
``make names``; the output is committed, so onrecord does not need the package at run
time.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "onrecord" / "data" / "first-names.tsv"
MIN_PEOPLE = 1000
MIN_SOURCES = 3
NAME = re.compile(r"[a-zà-ÿ'-]{2,}")
HEADER = """\
# The share of women among the people who bear each first name, for the coreference
# component's gender agreement ("she" and "Maria"). Written by `make names`
# (scripts/build_names.py) from the PyPI package nomquamgender 0.1.4 (MIT licence,
# (c) 2022 Ian Van Buskirk; see README.md): names borne by at least 1000 people in at
# least three of its sources. Do not edit by hand.
#   name    the first name, lower case.
#   female  the share of its bearers who are women, 0 to 1.
# version: 1
name\tfemale
"""


def main() -> None:
    """Write the table from the installed package's data."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("names: install the package first: pip install '.[names]'")
    # Read the data file alone: importing the package would import pandas for nothing.
    data = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    names = json.loads(data.read_text("utf-8"))
    rows = [
        f"{name}\t{round(female, 2)}\n"
        for name, (sources, people, female, *_) in sorted(names.items())
        if people >= MIN_PEOPLE and sources >= MIN_SOURCES and NAME.fullmatch(name)
    ]
    OUT.write_text(HEADER + "".join(rows), "utf-8")
    print(f"wrote {OUT} ({len(rows)} names)")


if __name__ == "__main__":
    main()
