"""A large article posted to the app is read within the per-article budget or refused with
the reason, and the app goes on reading the next (see :mod:`onrecord.web.reading`)."""

from __future__ import annotations

import os
import signal
from dataclasses import replace

from onrecord import Reader, Settings
from onrecord.store import Store
from onrecord.web import create_app
from onrecord.web.reading import GRACE, reading_process
from tests.web.conftest import TOKEN, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SHORT = (
    "The harbour master, Ann Ruiz, said on Monday that the ferry would sail on Friday.\n\n"
    "“We will not keep the islands waiting,” Ruiz told reporters.\n"
)


def _long_report(paragraphs: int) -> str:
    """A long wire report of our own: a day of port updates, each relayed and dated."""
    return "\n\n".join(
        f"Update {i}: the pilots' union said on Tuesday that berth {i % 40} would stay "
        f"closed until day {i}, according to two officials briefed on the talks. "
        f"“We have waited {i} hours for an answer,” said union steward Kofi Mensah."
        for i in range(paragraphs)
    )


def test_an_article_over_the_budget_is_refused_and_the_next_is_read(
    web_settings: Settings, store: Store, reader: Reader
) -> None:
    settings = replace(web_settings, budget=1.0, max_request_bytes=2_000_000)
    client = make_client(create_app(settings, store=store, reader=reader))
    before = store.rows()
    huge = client.post("/api/v1/articles", json={"text": _long_report(3000)}, headers=AUTH)
    assert huge.status_code == 422, huge.text
    assert "took over 1 s to read (ONRECORD_BUDGET)" in huge.json()["detail"]
    assert store.rows() == before
    pid = reading_process(settings).pid
    # The reading process stopped that reading by itself and reads the next one.
    short = client.post("/api/v1/articles", json={"text": SHORT}, headers=AUTH)
    assert short.status_code == 201, short.text
    assert short.json()["counts"]["statements"] >= 1
    assert reading_process(settings).pid == pid


def test_a_reading_process_that_does_not_answer_is_replaced(
    web_settings: Settings, store: Store, reader: Reader
) -> None:
    settings = replace(web_settings, budget=0.5)
    client = make_client(create_app(settings, store=store, reader=reader))
    assert client.post("/api/v1/articles", json={"text": SHORT}, headers=AUTH).status_code == 201
    stuck = reading_process(settings).pid
    assert stuck is not None
    # A process that sees no signal, as one stuck in native code would not.
    os.kill(stuck, signal.SIGSTOP)
    refused = client.post(
        "/api/v1/articles", json={"text": SHORT.replace("Friday", "Saturday")}, headers=AUTH
    )
    assert refused.status_code == 422
    assert "took over 0.5 s to read (ONRECORD_BUDGET) and did not stop" in refused.json()["detail"]
    assert GRACE < 30
    again = client.post(
        "/api/v1/articles", json={"text": SHORT.replace("Friday", "Sunday")}, headers=AUTH
    )
    assert again.status_code == 201, again.text
    assert reading_process(settings).pid not in (None, stuck)
