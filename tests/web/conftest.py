"""A ledger, the app over it, a live server and a real browser, for the web tests.

The ledger is a real SQLite file holding the seed (when ../shared is there, read with the
pipeline), then the golden records of the articles we wrote for the store tests, the
follow-ups to the seed's threat and the example: over 50 statements without the seed. The
browser is Debian's chromium driven by Playwright; ``make test`` installs it as root, and
axe-core, which checks the pages for accessibility, from npm. Where either is missing the
tests that need it skip, loudly, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from onrecord import Reader, Settings
from onrecord.records import Record
from onrecord.store import Store
from onrecord.web import create_app
from tests.conftest import SEED
from tests.golden_records import GOLDENS, load

TOKEN = "test-token-5f1c"
CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent.parent
#: Screenshots the browser tests take, kept for a person to look at.
ARTIFACTS = ROOT / "test-artifacts"
#: axe-core as ``make axe`` installs it from npm (package.json, package-lock.json).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The golden records the ledger holds: not the test pages, which the tests post themselves.
IN_LEDGER = ("tests/articles/", "tests/follow-ups/", "examples/")


def ledger_records(reader: Reader) -> list[Record]:
    """The records the web ledger holds, the seed first when it is there: other people's
    text has no golden record, so the pipeline reads it."""
    ours = [load(golden.name) for golden in GOLDENS if golden.path.startswith(IN_LEDGER)]
    return ([reader.read(SEED)] if SEED.is_file() else []) + ours


@pytest.fixture(scope="session")
def web_settings(settings: Settings) -> Settings:
    return Settings.from_env({}, token=TOKEN, max_request_bytes=200_000)


@pytest.fixture(scope="session")
def ledger_file(reader: Reader, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite ledger with :func:`ledger_records` in it, made once; tests copy it."""
    path = tmp_path_factory.mktemp("web") / "ledger.db"
    with Store.open(path) as store:
        store.save(ledger_records(reader), "test")
    return path


@pytest.fixture
def store(ledger_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A copy of the web ledger, for a test that may write to it."""
    copy = tmp_path / "ledger.db"
    shutil.copy(ledger_file, copy)
    with Store.open(copy, create=False) as opened:
        yield opened


def make_client(app: FastAPI, host: str = "127.0.0.1") -> TestClient:
    """A client of ``app`` calling from ``host`` (no network: requests stay in-process),
    asking for the server by a name it answers to by default."""
    return TestClient(app, base_url="http://localhost", client=(host, 50_000))


@pytest.fixture
def app(web_settings: Settings, store: Store, reader: Reader) -> FastAPI:
    return create_app(web_settings, store=store, reader=reader)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return make_client(app)


@pytest.fixture(scope="session")
def live_ledger(ledger_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the web ledger for the live server, which the browser tests write to."""
    copy = tmp_path_factory.mktemp("live") / "ledger.db"
    shutil.copy(ledger_file, copy)
    return copy


@pytest.fixture(scope="session")
def live_server(live_ledger: Path, web_settings: Settings, reader: Reader) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, as ``onrecord serve`` does."""
    store = Store.open(live_ledger, create=False)
    app = create_app(web_settings, store=store, reader=reader)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium under Playwright; a loud skip where it is not installed
    (a failure in CI, where ``make test`` must have installed it)."""
    if not Path(CHROMIUM).exists():
        missing(
            f"{CHROMIUM} is missing: the browser tests did not run. Install Debian's "
            "chromium and chromium-driver (make test does, as root)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, to inject into a page; a loud skip where npm has not installed
    it (a failure in CI, where ``make test`` must have)."""
    if not AXE.is_file():
        missing(f"{AXE} is missing: the accessibility tests did not run. Run `make axe`.")
    return AXE


def missing(message: str) -> NoReturn:
    """Skip a test for want of a tool, with a warning so the run shows it; in CI, fail."""
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page; its console errors are in ``page.errors``. A screenshot of
    where it ended is saved to test-artifacts/ under the test's name."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    yield opened
    ARTIFACTS.mkdir(exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}-end.png"), full_page=True)
    context.close()
