"""Import cost of csworkbook as a ratio to ``import ipywidgets`` alone, measured side by side.

Each case runs in a fresh interpreter (``python -X importtime``), alternating cases round by
round so machine noise hits all of them alike; the table gives medians and the ratio to ipywidgets.

    .venv/bin/python bench/bench_import.py [--rounds 15]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CASES = {
    "interpreter start-up only": "pass",
    "import ipywidgets": "import ipywidgets",
    "import csworkbook": "import csworkbook",
    "csworkbook + content + calculators": "import csworkbook.content, csworkbook.calculators",
    "csworkbook.widgets.base (with ipywidgets)": "import csworkbook.widgets.base",
}


def cumulative_us(code: str) -> tuple[int, set[str]]:
    """Total import time in microseconds of the top-level imports in ``code``, and every module imported."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    total, modules = 0, set()
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        modules.add(name.strip())
        if not name.startswith(" "):  # top level of the import tree (no indentation)
            total += int(cumulative)
    return total, modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[int]] = {name: [] for name in CASES}
    heavy: dict[str, list[str]] = {}
    for _ in range(args.rounds):
        for name, code in CASES.items():
            us, modules = cumulative_us(code)
            times[name].append(us)
            heavy[name] = sorted(m for m in modules if m.split(".")[0] in ("matplotlib", "nbgrader"))
    startup = statistics.median(times.pop("interpreter start-up only"))
    net = {name: statistics.median(values) - startup for name, values in times.items()}
    base = net["import ipywidgets"]
    print(f"(interpreter start-up imports, {startup / 1000:.1f} ms, subtracted from every case)")
    print(f"{'case':45} {'median ms':>10} {'ratio to ipywidgets':>20}  heavy modules")
    for name, med in net.items():
        print(f"{name:45} {med / 1000:10.1f} {med / base:20.3f}  {heavy[name] or 'none'}")


if __name__ == "__main__":
    main()
