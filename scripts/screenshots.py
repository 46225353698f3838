"""Take the web app's screenshots in docs/ from a ledger of our own articles.

The ledger holds the examples, our test articles and follow-ups, and the two versions of
the harbour pilots' report (tests/edits), all our own writing; the app is served on a
loopback port and Debian's chromium (driven by Playwright) takes each page on a desktop
and, where the docs show both, a phone. ``make screenshots`` runs it.
"""

from __future__ import annotations

import dataclasses
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from onrecord import Reader, Settings, batch
from onrecord.ingest import Hints
from onrecord.store import Store
from onrecord.web import create_app

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
URL = "https://news.example/harbour/pilots-walkout"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def ledger(path: Path) -> int:
    """Fill the ledger at ``path``; the id of the article with two versions."""
    settings = Settings.from_env({})
    reader = Reader(settings)
    with Store.open(path) as store:
        for inputs, outlet in (
            (["examples"], "Black Sea Courier"),
            (
                [
                    "tests/articles/dock-strike-gazette.txt",
                    "tests/articles/ferry-fares-gazette.txt",
                ],
                "Aegean Gazette",
            ),
            (["tests/articles/fuel-queues-coastal.txt"], "Coastal Times"),
            (["tests/follow-ups"], "Black Sea Courier"),
        ):
            hints = Hints(outlet=outlet)
            batch.ingest(
                [str(ROOT / i) for i in inputs], store, settings, hints=hints, reader=reader
            )
        for name in ("pilots-walkout-1.txt", "pilots-walkout-2.txt"):
            text = (ROOT / "tests" / "edits" / name).read_text("utf-8")
            record = reader.read_text(text, published="2026-05-12", outlet="Ellis Evening Star")
            record = dataclasses.replace(
                record, article=dataclasses.replace(record.article, url=URL)
            )
            [article_id] = store.save([record], batch.extractor(settings))
        return article_id


def serve(path: Path) -> str:
    """The app over the ledger at ``path`` on a free loopback port; its base URL."""
    app = create_app(Settings.from_env({}), store=Store.open(path, create=False))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def main() -> None:
    """Build the ledger, serve it and take the screenshots."""
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.db"
        article_id = ledger(path)
        base = serve(path)
        with Store.open(path, create=False) as store:
            [strike] = [a for a in store.articles(limit=50).items if "Dock" in (a["title"] or "")]
            quoted = store.article(int(strike["id"]))
            assert quoted is not None
            jump = quoted["statements"][-1]["id"]
        shots = [
            ("web-versions", f"/articles/{article_id}/versions", DESKTOP, True),
            ("web-statement-jump", f"/articles/{strike['id']}#s{jump}", DESKTOP, False),
            ("web-statement-jump-phone", f"/articles/{strike['id']}#s{jump}", PHONE, False),
            ("web-timeline", "/timeline", DESKTOP, False),
            ("web-timeline-phone", "/timeline", PHONE, False),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, path_, viewport, full in shots:
                phone = viewport is PHONE
                page = browser.new_page(
                    viewport=viewport, device_scale_factor=2 if phone else 1, is_mobile=phone
                )
                page.goto(base + path_)
                page.wait_for_load_state("networkidle")
                # The statement jump scrolls after load; let it settle.
                page.wait_for_timeout(600)
                page.screenshot(path=str(DOCS / f"{name}.png"), full_page=full)
                page.close()
                print(f"docs/{name}.png  ({path_})")
            browser.close()


if __name__ == "__main__":
    main()
