"""The ``onrecord`` command line: thin Typer commands over :class:`onrecord.Reader` and
:class:`onrecord.store.Store`.

:mod:`~onrecord.cli.app` holds the app and the options the commands share;
:mod:`~onrecord.cli.read`, :mod:`~onrecord.cli.ledger`, :mod:`~onrecord.cli.history`,
:mod:`~onrecord.cli.evaluate` and :mod:`~onrecord.cli.spark` the commands;
:mod:`~onrecord.cli.render` the Rich tables and panels they print. Rich is imported in
this package and nowhere else in onrecord. Errors onrecord raises on purpose are printed
as one line on stderr with exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import sys

from onrecord.cli.app import app, err, eval_app, spark_app
from onrecord.cli.evaluate import eval_gap, eval_polnear, eval_timeml
from onrecord.cli.history import history, prune
from onrecord.cli.ledger import (
    export_rows,
    ingest,
    list_commitments,
    load_folder,
    search,
    serve,
    stats,
)
from onrecord.cli.read import read
from onrecord.cli.spark import spark_run

__all__ = ["app", "main"]

# Registered here, in the order ``onrecord --help`` lists them.
app.command()(read)
app.command()(ingest)
app.command("load")(load_folder)
app.command()(search)
app.command("export")(export_rows)
app.command()(history)
app.command()(prune)
app.command()(stats)
app.command("commitments")(list_commitments)
app.command()(serve)
eval_app.command("polnear")(eval_polnear)
eval_app.command("timeml")(eval_timeml)
eval_app.command("gap")(eval_gap)
spark_app.command("run")(spark_run)


def main() -> None:
    """Console entry point: run the app (an interrupt outside a command exits with 130)."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]")
        sys.exit(130)
