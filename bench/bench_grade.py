"""``csworkbook grade --jobs 2`` against stock ``nbgrader autograde`` on the same 24 submissions, side by side.

Prints wall-clock seconds and their ratio, the per-submission cost (wall × jobs / submissions) as a ratio to
executing the same notebook with nbclient alone (kernel start included), and the peak memory (sum of the resident
memory of the whole process tree, sampled every 50 ms) of each grading run; then peak memory for --jobs 1 and for
twice the class, to show that memory follows --jobs, not the class size. The sandbox (isolated kernels, the
default) is compared with ``--sandbox none``, and ``--all`` (five assignments, three students each, one pool) with
stock ``nbgrader autograde`` run once per assignment.

    .venv/bin/python bench/bench_grade.py [--submissions 24] [--assignment defection_cost]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def measured(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd``; return (wall seconds, peak MB of the summed RSS of it and all its descendants)."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", MPLBACKEND="Agg")
    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [proc, *proc.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return wall, peak / 1e6


def bare_nbclient(notebook: Path, rounds: int = 5) -> float:
    """Median seconds to execute ``notebook`` with nbclient alone (fresh kernel each time)."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    for _ in range(rounds):
        nb = nbformat.read(notebook, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=60, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_course(folder: Path, assignment: str, count: int) -> None:
    """Copy assignments/, release ``assignment`` and submit ``count`` notebooks (half solved, half untouched)."""
    from csworkbook.instructor.practice_class import solved, submit, untouched

    shutil.copytree(ROOT / "assignments", folder, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db"))
    subprocess.run([BIN / "csworkbook", "release", assignment], cwd=folder, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}"))
    for n in range(count):
        nb = solved(folder, assignment) if n % 2 == 0 else untouched(folder, assignment)
        submit(folder, f"student{n:03d}", assignment, nb)


def make_all_course(folder: Path, per_assignment: int = 3) -> None:
    """Copy assignments/, release all five and submit ``per_assignment`` notebooks of each (alternately solved)."""
    from csworkbook.instructor.practice_class import ASSIGNMENTS, solved, submit, untouched

    shutil.copytree(ROOT / "assignments", folder, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db"))
    subprocess.run([BIN / "csworkbook", "release"], cwd=folder, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}"))
    for a in ASSIGNMENTS:
        for n in range(per_assignment):
            submit(folder, f"student{n:03d}", a, solved(folder, a) if n % 2 == 0 else untouched(folder, a))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=24)
    parser.add_argument("--assignment", default="defection_cost")
    args = parser.parse_args()
    n, a = args.submissions, args.assignment
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        base = Path(tmp) / "base"
        make_course(base, a, n)
        courses = {name: Path(tmp) / name for name in ("ours", "stock", "ours_nofb", "ours_j1", "ours_big",
                                                       "ours_none")}
        for course in courses.values():
            shutil.copytree(base, course)
        big = courses["ours_big"]
        from csworkbook.instructor.practice_class import solved, submit
        for k in range(n, 2 * n):
            submit(big, f"student{k:03d}", a, solved(big, a))

        bare = bare_nbclient(base / "release" / a / f"{a}.ipynb")
        solved_nb = Path(tmp) / "solved" / f"{a}.ipynb"
        solved_nb.parent.mkdir()
        shutil.copy(base / "submitted" / "student000" / a / f"{a}.ipynb", solved_nb)
        for extra in (base / "source" / a).iterdir():
            if extra.suffix != ".ipynb":
                shutil.copy(extra, solved_nb.parent)
        bare_solved = bare_nbclient(solved_nb)
        bare = statistics.mean([bare, bare_solved])

        grade = [str(BIN / "csworkbook"), "grade", a, "--timeout", "30"]
        ours, ours_mem = measured(grade + ["--jobs", "2"], courses["ours"])
        stock, stock_mem = measured([str(BIN / "nbgrader"), "autograde", a], courses["stock"])
        stock_fb, _ = measured([str(BIN / "nbgrader"), "generate_feedback", a, "--force"], courses["stock"])
        nofb, nofb_mem = measured(grade + ["--jobs", "2", "--no-feedback"], courses["ours_nofb"])
        j1, j1_mem = measured(grade + ["--jobs", "1"], courses["ours_j1"])
        bigw, big_mem = measured(grade + ["--jobs", "2"], courses["ours_big"])
        none, none_mem = measured(grade + ["--jobs", "2", "--sandbox", "none"], courses["ours_none"])

        from csworkbook.instructor.practice_class import ASSIGNMENTS
        all_base = Path(tmp) / "all_base"
        make_all_course(all_base)
        all_ours, all_stock = Path(tmp) / "all_ours", Path(tmp) / "all_stock"
        shutil.copytree(all_base, all_ours)
        shutil.copytree(all_base, all_stock)
        every, _ = measured([str(BIN / "csworkbook"), "grade", "--all", "--jobs", "2", "--timeout", "30",
                             "--no-feedback"], all_ours)
        every_stock = sum(measured([str(BIN / "nbgrader"), "autograde", name], all_stock)[0] for name in ASSIGNMENTS)

    print(f"{n} submissions of {a}; {os.cpu_count()} CPU cores")
    print(f"{'run':48s} {'seconds':>8s} {'peak MB':>8s}")
    print(f"{'stock nbgrader autograde':48s} {stock:8.1f} {stock_mem:8.0f}")
    print(f"{'csworkbook grade --jobs 2 (with feedback, CSV, PNGs)':48s} {ours:8.1f} {ours_mem:8.0f}")
    print(f"{'csworkbook grade --jobs 2 --no-feedback':48s} {nofb:8.1f} {nofb_mem:8.0f}")
    print(f"{'csworkbook grade --jobs 1':48s} {j1:8.1f} {j1_mem:8.0f}")
    print(f"{'csworkbook grade --jobs 2, twice the class':48s} {bigw:8.1f} {big_mem:8.0f}")
    print(f"{'stock nbgrader generate_feedback (after autograde)':48s} {stock_fb:8.1f}")
    print(f"{'csworkbook grade --jobs 2 --sandbox none':48s} {none:8.1f} {none_mem:8.0f}")
    print(f"{'csworkbook grade --all --no-feedback (5 x 3)':48s} {every:8.1f}")
    print(f"{'stock nbgrader autograde, each of the 5':48s} {every_stock:8.1f}")
    print(f"ratio csworkbook/stock (whole command against autograde alone): {ours / stock:.2f}  (goal <= 0.30)")
    print(f"sandbox cost: sandboxed/--sandbox none {ours / none:.2f}")
    print(f"ratio --all/stock: {every / every_stock:.2f}  (goal <= 0.6)")
    print(f"ratio csworkbook/stock (like for like: grade with feedback against autograde + generate_feedback): "
          f"{ours / (stock + stock_fb):.2f}")
    print(f"ratio csworkbook/stock (autograde only): {nofb / stock:.2f}")
    print(f"bare nbclient execution of the notebook: {bare:.2f} s")
    print(f"per submission (wall x jobs / n): csworkbook {ours * 2 / n:.2f} s = {ours * 2 / n / bare:.2f}x bare "
          f"(autograde only {nofb * 2 / n / bare:.2f}x; goal <= 1.0x); stock {stock / n:.2f} s = {stock / n / bare:.2f}x bare")
    print(f"peak memory: jobs 1 {j1_mem:.0f} MB, jobs 2 {ours_mem:.0f} MB, jobs 2 with {2 * n} submissions "
          f"{big_mem:.0f} MB (ratio to {n}: {big_mem / ours_mem:.2f})")


if __name__ == "__main__":
    main()
