"""``csworkbook grade --jobs 2`` of one class with its gradebook on PostgreSQL against the same on SQLite, side by side.

Each round grades two fresh copies of the same 24-submission class (half solved, half untouched), one whose
``nbgrader_config.py`` names a PostgreSQL database on a throw-away local server (Debian's PostgreSQL, fsync on,
password from a .pgpass file), one with the default SQLite file; the order alternates between rounds. Prints the
wall-clock seconds of each run and the ratio PostgreSQL / SQLite (goal: at most 1.2).

    .venv/bin/python bench/bench_postgres.py [--submissions 24] [--rounds 2]
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

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ASSIGNMENT = "defection_cost"


def _env() -> dict[str, str]:
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", MPLBACKEND="Agg")


def make_course(folder: Path, db_url: str | None, count: int) -> Path:
    """A released copy of assignments/ (gradebook at ``db_url``, None: SQLite) with ``count`` submissions."""
    from csworkbook.instructor.practice_class import solved, submit, untouched

    shutil.copytree(ROOT / "assignments", folder, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db"))
    if db_url:
        with (folder / "nbgrader_config.py").open("a") as handle:
            handle.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    subprocess.run([BIN / "csworkbook", "release", ASSIGNMENT], cwd=folder, check=True, stdout=subprocess.DEVNULL,
                   env=_env())
    for n in range(count):
        nb = solved(folder, ASSIGNMENT) if n % 2 == 0 else untouched(folder, ASSIGNMENT)
        submit(folder, f"student{n:03d}", ASSIGNMENT, nb)
    return folder


def graded_seconds(course: Path) -> float:
    """Wall seconds of ``csworkbook grade --jobs 2`` in ``course`` (feedback, CSV and charts included)."""
    start = time.perf_counter()
    proc = subprocess.run([BIN / "csworkbook", "grade", ASSIGNMENT, "--jobs", "2", "--timeout", "30"], cwd=course,
                          env=_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0 or f"{len(list((course / 'submitted').iterdir()))} students:" not in proc.stdout:
        raise SystemExit(f"grading failed in {course}:\n{proc.stdout}\n{proc.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from csworkbook.instructor.practice_postgres import PostgresServer, why_not

    reason = why_not()
    if reason:
        raise SystemExit(f"cannot run: {reason}")
    server = PostgresServer(fsync=True).start()
    os.environ["PGPASSFILE"] = str(server.pgpass)
    times: dict[str, list[float]] = {"sqlite": [], "postgres": []}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-postgres-") as tmp:
            for r in range(args.rounds):
                courses = {"sqlite": make_course(Path(tmp) / f"sqlite{r}", None, args.submissions),
                           "postgres": make_course(Path(tmp) / f"postgres{r}", server.create_database(f"bench{r}"),
                                                   args.submissions)}
                order = ["sqlite", "postgres"] if r % 2 == 0 else ["postgres", "sqlite"]
                for name in order:
                    times[name].append(graded_seconds(courses[name]))
    finally:
        server.stop()
    print(f"{args.submissions} submissions of {ASSIGNMENT}, csworkbook grade --jobs 2, {args.rounds} round(s); "
          f"{os.cpu_count()} CPU cores; PostgreSQL with fsync on, local TCP")
    print(f"{'gradebook':10s} {'seconds per round':>40s} {'median':>8s}")
    for name, values in times.items():
        print(f"{name:10s} {' '.join(f'{v:8.1f}' for v in values):>40s} {statistics.median(values):8.1f}")
    ratio = statistics.median(times["postgres"]) / statistics.median(times["sqlite"])
    per_round = [p / s for p, s in zip(times["postgres"], times["sqlite"])]
    print(f"ratio PostgreSQL/SQLite (medians): {ratio:.2f}  (goal <= 1.20); per round: "
          + ", ".join(f"{x:.2f}" for x in per_round))


if __name__ == "__main__":
    main()
