"""Pictures drawn with matplotlib: ``onrecord stats --plot FILE`` draws the ledger's
statistics, ``onrecord eval polnear --reliability FILE`` how well confidence is calibrated.

The statistics have three panels: statements per day of publication, the share of each
outlet's statements that rest on anonymous sources, and the top speakers. The file's suffix
chooses PNG or SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import matplotlib

# No display here: draw to files only, and never try to open a window.
matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from onrecord.errors import ConfigError
from onrecord.store import Stats

__all__ = ["FORMATS", "draw_reliability", "draw_stats"]

FORMATS = (".png", ".svg")


def draw_stats(stats: Stats, path: Path) -> None:
    """Draw ``stats`` to ``path`` (``.png`` or ``.svg``)."""
    if path.suffix.lower() not in FORMATS:
        raise ConfigError(f"{path}: --plot writes .png or .svg files")
    outlets = stats.anonymous_share
    rows = max(len(outlets), len(stats.top_speakers), 3)
    figure, (days, shares, speakers) = plt.subplots(
        3,
        1,
        figsize=(9, 4 + 0.6 * rows),
        gridspec_kw={"height_ratios": [3, max(len(outlets), 1), max(len(stats.top_speakers), 1)]},
        layout="constrained",
    )
    figure.suptitle(
        f"{stats.counts['statements']:,} statements in {stats.counts['articles']:,} articles"
    )
    if stats.per_day:
        x = [date.fromisoformat(day) for day, _ in stats.per_day]
        # A day's bar stays visible however many months the axis spans.
        width = max(0.9, (x[-1] - x[0]).days / 150)
        days.bar(x, [n for _, n in stats.per_day], width=width, color="#4c72b0")
        # matplotlib's own stubs leave these two untyped.
        locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
        days.xaxis.set_major_locator(locator)
        days.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        )
    days.set_title("Statements per day of publication", loc="left")
    days.set_ylabel("statements")
    days.yaxis.set_major_locator(MaxNLocator(integer=True))

    counts = {outlet: (n, anonymous) for outlet, n, anonymous in stats.outlets}
    names = [outlet for outlet, _ in outlets][::-1]
    values = [share * 100 for _, share in outlets][::-1]
    bars = shares.barh(names, values, color="#c44e52")
    shares.bar_label(
        bars, labels=[f" {counts[o][1]} of {counts[o][0]}" for o in names], fontsize="small"
    )
    shares.set_xlim(0, 100)
    shares.set_xlabel("% of statements resting on anonymous sources")
    shares.set_title("Anonymous sourcing by outlet", loc="left")

    speakers.barh(
        [name for name, *_ in stats.top_speakers][::-1],
        [n for _, _, n, _ in stats.top_speakers][::-1],
        color="#55a868",
    )
    speakers.set_xlabel("statements")
    speakers.xaxis.set_major_locator(MaxNLocator(integer=True))
    speakers.set_title("Top speakers", loc="left")
    for axes in (days, shares, speakers):
        axes.spines[["top", "right"]].set_visible(False)
    try:
        figure.savefig(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the chart ({exc.strerror})") from None
    finally:
        plt.close(figure)


def draw_reliability(
    judgements: Sequence[tuple[float, bool]], path: Path, title: str, bins: int = 10
) -> None:
    """A reliability diagram of ``(confidence, right)`` pairs to ``path``: in each of
    ``bins`` equal bins of confidence, the share right against the mean confidence, with
    how many predictions fell in the bin; a calibrated model follows the diagonal."""
    if path.suffix.lower() not in FORMATS:
        raise ConfigError(f"{path}: --reliability writes .png or .svg files")
    filled: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, ok in judgements:
        filled[min(int(confidence * bins), bins - 1)].append((confidence, ok))
    used = [items for items in filled if items]
    mean = [sum(c for c, _ in items) / len(items) for items in used]
    right = [sum(ok for _, ok in items) / len(items) for items in used]
    figure, (curve, counts) = plt.subplots(
        2, 1, figsize=(6, 7), gridspec_kw={"height_ratios": [3, 1]}, layout="constrained"
    )
    figure.suptitle(title)
    curve.plot([0, 1], [0, 1], linestyle="--", color="grey", label="calibrated")
    curve.plot(mean, right, marker="o", color="#4c72b0", label="statement model")
    curve.set_xlim(0, 1)
    curve.set_ylim(0, 1)
    curve.set_xlabel("confidence (mean in bin)")
    curve.set_ylabel("share right (who said what)")
    curve.legend(loc="upper left")
    edges = [i / bins for i in range(bins)]
    counts.bar(edges, [len(items) for items in filled], width=1 / bins, align="edge")
    counts.set_xlim(0, 1)
    counts.set_xlabel("confidence")
    counts.set_ylabel("statements")
    figure.savefig(path)
    plt.close(figure)
