"""The per-submission report, the grades CSV and the two PNG charts an instructor reads after grading."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from csworkbook.instructor.grade.results import ReportRow

def write_csv(path: Path, rows: list[ReportRow], cells: list[str], max_score: float) -> None:
    """One row per submission: student, status, score, max_score (points), percent, one column per graded cell."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "score", "max_score", "percent", *cells, "notes"])
        for row in rows:
            writer.writerow(row.csv_row(cells, max_score))


def item_averages(rows: list[ReportRow], cells: dict[str, float]) -> dict[str, float]:
    """Average score of each graded cell as a fraction of its points (0-1), over submissions that have a score."""
    averages = {}
    for cell, points in cells.items():
        scores = [r.summary.cells.get(cell) for r in rows if r.summary]
        scores = [s for s in scores if s is not None]
        if scores and points:
            averages[cell] = sum(scores) / (len(scores) * points)
    return averages


def plot_distribution(path: Path, percents: list[float], assignment: str) -> str:
    """Histogram of submission scores (percent of the points); returns a one-sentence summary."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist(percents, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.001], color="#0072B2", edgecolor="white")
    ax.set_xlabel("score (percent of the points)")
    ax.set_ylabel("submissions")
    ax.set_title(f"{assignment}: grade distribution ({len(percents)} submissions)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    mean = sum(percents) / len(percents) if percents else 0.0
    return f"{len(percents)} submissions, mean score {mean:.0f} % of the points."


def plot_items(path: Path, averages: dict[str, float], assignment: str) -> str:
    """Horizontal bars: average score of every graded cell (percent of its points); returns a summary."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(averages)[::-1]
    values = [100 * averages[n] for n in names]
    fig, ax = plt.subplots(figsize=(6, 0.45 * len(names) + 1.2))
    ax.barh(names, values, color=["#D55E00" if v < 50 else "#009E73" for v in values])
    ax.set_xlim(0, 100)
    ax.set_xlabel("class average (percent of the cell's points)")
    ax.set_title(f"{assignment}: item analysis")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    if not averages:
        return "No graded cell has a score yet."
    worst = min(averages, key=averages.get)
    return f"The class scored lowest on '{worst}' ({100 * averages[worst]:.0f} % of its points on average)."
