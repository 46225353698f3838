"""The API keeps the contract its own OpenAPI schema states: schemathesis makes requests
for every operation from the schema, valid and not, sends them to the app in-process
over the web ledger, and runs its default checks on each answer (no 5xx, a status the
schema documents, a body that conforms to the documented model, the documented content
type and headers, bad input refused, the token required where it is declared).

Examples are bounded so that the run takes well under a minute: reading an article runs
the pipeline, so the submission route has fewer than the others. No request leaves the
machine: a URL submitted is fetched through a transport that answers with a page of ours.
"""

from __future__ import annotations

import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from onrecord import Settings
from onrecord.ingest.fetch import fetch
from onrecord.store import Store
from onrecord.web import create_app
from tests.conftest import PAGES
from tests.web.conftest import TOKEN, make_client

#: Requests per operation.
EXAMPLES = 30
#: Requests for the submission route, each one an article read by the pipeline.
SUBMISSIONS = 12
#: The host allow-list admits the names of this machine, not schemathesis' own default.
BASE_URL = "http://localhost"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: How schemathesis generates and checks, with the reason for each choice.
CONFIG = Path(__file__).with_name("schemathesis.toml")


def served_schema() -> dict[str, Any]:
    """The OpenAPI schema the app serves, from an app over an empty ledger: it is made
    from the routes, whatever the ledger holds, and schemathesis needs it to make its
    tests before any fixture exists."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "empty.db") as store:
        app = create_app(Settings.from_env({}, token=TOKEN), store=store)
        spec: dict[str, Any] = make_client(app).get("/api/v1/openapi.json").json()
    return spec


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """URLs submitted are fetched through a transport that answers with one of our test
    pages, whatever the address: the network is not the API."""
    page = (PAGES / "harbour-strike.html").read_bytes()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=page, headers={"Content-Type": "text/html"})
    )
    # By the module, not its name: the package exports a function of the same name.
    monkeypatch.setattr(
        sys.modules["onrecord.web.submit"], "fetch", partial(fetch, transport=transport)
    )


schema = schemathesis.openapi.from_dict(
    served_schema(), config=SchemathesisConfig.from_path(CONFIG)
)
BOUNDED = settings(
    deadline=None,
    # The same examples every run: a gate in make test passes or fails on what the code
    # does, not on the draw; a seed (--hypothesis-seed) explores further by hand.
    derandomize=True,
    # The fixtures are made once for each operation and shared by its examples: each
    # operation gets a fresh copy of the ledger, whatever the ones before it wrote.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.exclude(method="POST").parametrize()
@settings(BOUNDED, max_examples=EXAMPLES)
def test_every_read_keeps_the_contract(case: Any, app: FastAPI) -> None:
    if case.query and "cursor" in case.query and not case.meta.generation.mode.is_negative:
        # A cursor is opaque: the schema cannot tell the ones the server gives from others,
        # and one it did not give is refused with 400, as documented, which the check of
        # valid requests would count against it. The tests of the API follow real ones.
        del case.query["cursor"]
    send(case, app)


# Excluded, not included: the operations of the configuration file already include all.
@schema.exclude(method="GET").parametrize()
@settings(BOUNDED, max_examples=SUBMISSIONS)
def test_submitting_an_article_keeps_the_contract(case: Any, app: FastAPI, offline: None) -> None:
    send(case, app)


def send(case: Any, app: FastAPI) -> None:
    """Send ``case`` to ``app`` as a client elsewhere that shows the token (as reads from
    another machine must, and writes from anywhere) and run the default checks."""
    # The schema is made before the app (see served_schema): bind it to this test's app,
    # which the checks that send requests of their own use too.
    case.operation.app = case.operation.schema.app = app
    case.call_and_validate(base_url=BASE_URL, headers=AUTH)
