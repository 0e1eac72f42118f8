"""How long one save takes as the journal grows, side by side with a save to an empty journal.

Every save rewrites the whole journal file (read, merge, write a temporary file, fsync, rename, all
under the lock), so its cost grows with the file. The benchmark builds journals of several sizes
in a temporary folder, then times one ``Journal.record`` of a short answer on each, round by round
in the same process so a busy machine slows every side alike. It prints, per journal, the file size,
the first save of a session (which reads and parses the file) and the median of the later saves (the
journal object remembers the file it wrote, so it re-reads only when another notebook has written
since), in milliseconds, each with its ratio to the empty journal. The last line is the worst a learner can reach
in one answer: a journal holding answers at the size cap (``MAX_ENTRY_CHARS``); a single answer
over the cap is refused, so no one answer can make every later save slow.

    .venv/bin/python bench/bench_journal.py [--rounds 15]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csworkbook.journal import MAX_ENTRY_CHARS, Journal  # noqa: E402


def _build(path: Path, entries: int, text_chars: int) -> Journal:
    """A journal file with ``entries`` reflections of ``text_chars`` characters each, written at once."""
    items = [{"id": f"{n:032x}", "time": "2026-01-01T00:00:00+00:00", "notebook": "05", "activity": "reflection",
              "kind": "reflection", "data": {"key": f"k{n}", "prompt": "What will you try?",
                                             "text": ("word " * (text_chars // 5 + 1))[:text_chars]}}
             for n in range(entries)]
    path.write_text(json.dumps({"version": 1, "learner": "bench", "entries": items}, indent=1))
    return Journal(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="saves timed per journal (the first, and the median of the rest)")
    args = parser.parse_args()
    sides = [("empty", 0, 0), ("100 short answers", 100, 200), ("1,000 short answers", 1_000, 200),
             ("10,000 short answers", 10_000, 200),
             (f"10 answers at the cap ({MAX_ENTRY_CHARS:,} chars)", 10, MAX_ENTRY_CHARS - 300)]
    with tempfile.TemporaryDirectory() as folder:
        journals = {name: _build(Path(folder) / f"j{i}.json", n, chars) for i, (name, n, chars) in enumerate(sides)}
        timings: dict[str, list[float]] = {name: [] for name in journals}
        for _round in range(args.rounds):
            for name, journal in journals.items():
                start = time.perf_counter()
                journal.record("reflection", {"key": "bench", "text": "A short answer."}, notebook="05",
                               kind="reflection")
                timings[name].append((time.perf_counter() - start) * 1000)
        base = statistics.median(timings["empty"][1:])
        first_base = timings["empty"][0]
        print(f"{'journal':<42} {'file':>10} {'first save':>11} {'ratio':>6} {'later saves':>12} {'ratio':>6}")
        for name, journal in journals.items():
            first, later = timings[name][0], statistics.median(timings[name][1:])
            size = journal.path.stat().st_size / 1024
            print(f"{name:<42} {size:>7.0f} KB {first:>8.1f} ms {first / first_base:>5.1f}x "
                  f"{later:>9.1f} ms {later / base:>5.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
