"""Time to execute the whole course headless, as a ratio to executing as many empty notebooks.

Both sides use the same set-up (nbclient, a fresh python3 kernel per notebook, the same journal
folder) and alternate notebook by notebook in one run. It also reports each kernel's peak
resident memory (read from /proc while the kernel runs) and the largest (goal: under 300 MB).

    .venv/bin/python bench/bench_course.py [--rounds 1]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def execute(nb: nbformat.NotebookNode, cwd: Path) -> tuple[float, float]:
    """Execute ``nb`` in a fresh kernel; return (seconds, peak RSS of the kernel in MB)."""
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            km = client.km
            pid = getattr(getattr(km, "provisioner", None), "pid", None) if km else None
            if pid:
                peak[0] = max(peak[0], _rss_kb(pid))
            done.wait(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    watcher.start()
    try:
        client.execute()
    finally:
        done.set()
        watcher.join()
    return time.perf_counter() - start, peak[0] / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    os.environ["CSWORKBOOK_HOME"] = tempfile.mkdtemp(prefix="csworkbook-bench-")
    os.environ.setdefault("MPLBACKEND", "Agg")
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    empty = nbformat.v4.new_notebook()
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    course_t, empty_t, peaks = [], [], {}
    for _ in range(args.rounds):
        round_course = round_empty = 0.0
        for path in paths:
            seconds, peak = execute(nbformat.read(path, as_version=4), path.parent)
            round_course += seconds
            peaks[path.name] = max(peaks.get(path.name, 0), peak)
            seconds, _ = execute(nbformat.from_dict(dict(empty)), path.parent)
            round_empty += seconds
        course_t.append(round_course)
        empty_t.append(round_empty)
    course, blank = statistics.median(course_t), statistics.median(empty_t)
    print(f"notebooks: {len(paths)}, rounds: {args.rounds}")
    print(f"whole course: {course:7.1f} s   {len(paths)} empty notebooks: {blank:7.1f} s   ratio: {course / blank:5.2f}")
    for name, peak in sorted(peaks.items()):
        print(f"  {name:45} peak kernel RSS {peak:6.0f} MB")
    worst = max(peaks.items(), key=lambda kv: kv[1])
    verdict = "under" if worst[1] < 300 else "OVER"
    print(f"largest kernel: {worst[0]} at {worst[1]:.0f} MB ({verdict} the 300 MB goal)")


if __name__ == "__main__":
    main()
