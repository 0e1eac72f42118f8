"""Writing the class report: ``report.txt``, ``grades.csv`` and the two PNG charts an instructor reads.

The rows come from :mod:`csworkbook.instructor.reports` (the whole class, from the gradebook). Submissions with
points still waiting for a manual grade are left out of both charts, and each chart says how many.
"""
from __future__ import annotations

import csv
from pathlib import Path

from csworkbook.instructor.reports import CSV_HEADER, ClassReport, csv_safe, plural
from csworkbook.plots import PALETTE


def write_csv(path: Path, report: ClassReport) -> None:
    """One row per student (points), one column per graded cell ("pending" while a person must grade it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = list(report.cell_points)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*CSV_HEADER, *(csv_safe(c) for c in cells), "notes"])
        for row in report.rows:
            writer.writerow(row.csv_cells(cells))


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    return plt, MaxNLocator


def prepare_charts() -> None:
    """Import pyplot now (about half a second), e.g. while the workers are still grading."""
    _pyplot()


def plot_distribution(path: Path, report: ClassReport) -> str:
    """Histogram of final scores of fully graded submissions (percent); returns a one-sentence summary."""
    plt, MaxNLocator = _pyplot()
    percents = report.complete_percents()
    waiting = report.count("pending")
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.hist(percents, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.001], color=PALETTE[0], edgecolor="white")
    ax.set_xlabel("final score (percent of the points, after any late penalty)")
    ax.set_ylabel("submissions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    title = f"{report.assignment}: grade distribution ({plural(len(percents), 'graded submission')})"
    ax.set_title(title, fontsize=11)
    if waiting:
        ax.text(0.99, 0.97, f"{waiting} pending manual grading, not shown", transform=ax.transAxes,
                ha="right", va="top", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    if not percents:
        return f"No submission is fully graded yet ({waiting} pending manual grading)."
    mean = sum(percents) / len(percents)
    text = f"{plural(len(percents), 'fully graded submission')}, mean final score {mean:.0f} % of the points"
    return text + (f"; {waiting} pending manual grading are left out." if waiting else ".")


def plot_items(path: Path, report: ClassReport) -> str:
    """Horizontal bars: class average of every graded cell over scored answers; returns a summary."""
    plt, _ = _pyplot()
    from matplotlib.patches import Patch

    averages, pending = report.item_averages()
    names = list(report.cell_points)[::-1]
    values = [100 * averages.get(n, 0.0) for n in names]
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(names) + 1.6))
    colours = [PALETTE[5] if v < 50 else PALETTE[0] for v in values]
    ax.barh(names, values, color=colours)
    for y, name in enumerate(names):
        if name not in averages:
            ax.text(1, y, f"pending ({pending[name]})", va="center", fontsize=9)
        elif pending.get(name):
            ax.text(min(values[y] + 1, 80), y, f"{pending[name]} pending", va="center", fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel("class average (percent of the cell's points, scored answers only)")
    ax.set_title(f"{report.assignment}: item analysis", fontsize=11)
    ax.legend(handles=[Patch(color=PALETTE[5], label="below 50 %"), Patch(color=PALETTE[0], label="50 % or more")],
              loc="lower right", fontsize=8, frameon=False, bbox_to_anchor=(1.0, 1.0), ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    if not averages:
        return "No graded cell has a score yet."
    worst = min(averages, key=averages.get)
    text = f"The class scored lowest on '{worst}' ({100 * averages[worst]:.0f} % of its points on average"
    text += f", {pending[worst]} answer(s) still pending)." if pending.get(worst) else ")."
    waiting = {n: k for n, k in pending.items() if k}
    if waiting:
        text += " Pending manual grading: " + ", ".join(f"'{n}' {k}" for n, k in waiting.items()) + "."
    return text
