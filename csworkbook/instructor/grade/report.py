"""The per-submission report, the grades CSV and the two PNG charts an instructor reads after grading."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from csworkbook.plots import PALETTE

STATUS_LABELS = {"graded": "graded", "manual": "needs manual grading", "failed": "FAILED"}


def status_of(result: dict[str, Any], summary: dict[str, Any] | None) -> str:
    """'failed', 'manual' (some cells wait for a person) or 'graded'."""
    if result["status"] == "failed" or summary is None:
        return "failed"
    return "manual" if summary["needs_manual"] else "graded"


def report_line(result: dict[str, Any], summary: dict[str, Any] | None) -> str:
    """One line per submission: student, status, points (auto score so far) and every note."""
    status = status_of(result, summary)
    points = f"{summary['score']:g}/{summary['max_score']:g} points" if summary else "no score"
    line = f"{result['student']}: {STATUS_LABELS[status]}, {points}"
    if result["notes"]:
        line += " - " + "; ".join(result["notes"])
    return line


def write_csv(path: Path, rows: list[dict[str, Any]], cells: list[str]) -> None:
    """One row per submission: student, status, score, max_score (points), percent, one column per graded cell."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "score", "max_score", "percent", *cells, "notes"])
        for row in rows:
            summary = row["summary"]
            score = summary["score"] if summary else 0.0
            max_score = summary["max_score"] if summary else row["max_score"]
            percent = round(100.0 * score / max_score, 1) if max_score else 0.0
            per_cell = [("" if summary is None or summary["cells"].get(c) is None else f"{summary['cells'][c]:g}")
                        for c in cells]
            writer.writerow([row["student"], STATUS_LABELS[row["status"]].lower(), f"{score:g}", f"{max_score:g}", f"{percent:g}",
                             *per_cell, "; ".join(row["notes"])])


def item_averages(rows: list[dict[str, Any]], cells: dict[str, float]) -> dict[str, float]:
    """Average score of each graded cell as a fraction of its points (0-1), over submissions that have a score."""
    averages = {}
    for cell, points in cells.items():
        scores = [r["summary"]["cells"].get(cell) for r in rows if r["summary"]]
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
    ax.hist(percents, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.001], color=PALETTE[0], edgecolor="white")
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
    ax.barh(names, values, color=[PALETTE[5] if v < 50 else PALETTE[2] for v in values])
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
