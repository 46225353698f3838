"""The article timeline, from a record read with the real pipeline."""

from __future__ import annotations

from datetime import date

from onrecord import Reader
from onrecord.timeline import timeline

ARTICLE = """\
Dockers end strike at Port Selva

The strike began on June 2. A day later, the port authority offered a 4 per cent raise.

On Monday, union leader Ana Ruiz said: "We accept, but we will be watching."

The authority has promised to pay the raise within 30 days. The dispute had simmered for years.
"""


def test_moments_are_in_date_order_with_what_was_said_then(reader: Reader) -> None:
    record = reader.read_text(ARTICLE, published="2025-06-18").to_json()
    moments = timeline(record)
    assert [(m.first, m.last) for m in moments] == [
        (date(2025, 6, 2), date(2025, 6, 2)),
        (date(2025, 6, 3), date(2025, 6, 3)),
        (date(2025, 6, 16), date(2025, 6, 16)),
        (date(2025, 6, 18), date(2025, 7, 18)),
    ]
    monday = moments[2]
    assert monday.texts == ["Monday"]
    said = [s for s in record["statements"] if s["id"] in monday.statements]
    assert [s["content"]["text"] for s in said] == ['"We accept, but we will be watching."']
    # Up to six words either side, within the sentence.
    assert monday.contexts == ["On [Monday], union leader Ana Ruiz said:"]
    # "for years" has no calendar days: it is not placed on the timeline.
    assert all("years" not in m.texts for m in moments)
