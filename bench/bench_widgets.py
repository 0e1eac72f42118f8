"""How fast each activity answers one learner action, without and with its chart redraw.

For every activity the benchmark repeats one learner action (a click, a slider move, a typed answer)
and times it twice, round by round in the same process: once with the chart functions replaced by a
stub that returns a chart drawn beforehand ("excluding the chart"), and once with the real matplotlib
redraw. Both sides save to a journal in a temporary folder, because saving is part of the response.
It prints the median of each in milliseconds and their ratio, wall-clock and CPU time of this
process (CPU time is steadier on a shared machine).

It then times the first Score of a POSITIVE self-assessment in fresh processes: once as a learner
meets it (the activity is built, the eight ratings take the learner a few seconds, during which the
background warm-up of matplotlib finishes) and once in the worst case (Score pressed the moment the
ratings are set, while the warm-up may still run).

    .venv/bin/python bench/bench_widgets.py [--rounds 15]
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")

CHART_MODULES = ["defection", "positive", "nonverbal", "touchpoints", "lateness", "growth", "dashboard", "talk_time",
                 "receipt"]
#: Chart results drawn once, kept across every "excluding the chart" block of the run.
_CACHE: dict[str, Any] = {}


@contextlib.contextmanager
def charts_precomputed() -> Iterator[None]:
    """Replace every ``*_chart`` function (in csworkbook.plots.* and the widget modules) by its cached last result."""
    import csworkbook.widgets as w

    saved: list[tuple[Any, str, Any]] = []
    cache = _CACHE
    widget_modules = [importlib.import_module(f"csworkbook.widgets.{m}") for m in set(w._EXPORTS.values())]
    homes = [importlib.import_module(f"csworkbook.plots.{name}") for name in CHART_MODULES] + widget_modules
    for module in homes:
        for attr in [a for a in dir(module) if a.endswith("_chart")]:
            real = getattr(module, attr)
            if not callable(real) or getattr(real, "__module__", None) != module.__name__:
                continue  # patch each chart function once, where it is defined

            def stub(*args: Any, _real: Callable = real, _key: str = f"{module.__name__}.{attr}", **kwargs: Any) -> Any:
                if _key not in cache:
                    cache[_key] = _real(*args, **kwargs)
                return cache[_key]

            for target in [module] + widget_modules:
                if getattr(target, attr, None) is real:
                    saved.append((target, attr, real))
                    setattr(target, attr, stub)
    try:
        yield
    finally:
        for target, attr, real in saved:
            setattr(target, attr, real)


def cases(journal: Any) -> dict[str, Callable[[], None]]:
    """Activity name -> one learner action on a ready widget (setup done here, not timed)."""
    from csworkbook import widgets as w

    positive = w.PositiveSelfAssessment(notebook="05", journal=journal)
    for key, value in zip(positive.ratings, [5, 4, 2, 4, 3, 4, 1, 5]):
        positive.set_rating(key, value)

    nonverbal = w.NonverbalPeerEvaluation(notebook="04", journal=journal)
    for key, value in zip(nonverbal.answers, ["yes", "no", "unsure", "yes"]):
        nonverbal.set_answer(key, value)

    sorter = w.TouchpointSorter(notebook="01", journal=journal)
    for card in sorter.deck.cards:
        sorter.choose(card.id, sorter.deck.categories[0].key)

    lateness = w.LatenessExplorer(notebook="03", journal=journal)
    talk = w.TalkTimePlanner(notebook="02", journal=journal)
    growth = w.GrowthCalculator(notebook="07", journal=journal)
    defection = w.DefectionCostExplorer(notebook="08", journal=journal)
    receipt = w.ReceiptBuilder(notebook="06", journal=journal)
    dashboard = w.Dashboard(notebook="10", journal=journal)
    reflection = w.Reflection("What went well today?", key="bench", notebook="00", journal=journal)
    policy = w.PolicyRewriter(notebook="09", journal=journal)
    check = w.KnowledgeCheck(notebook="05", journal=journal)
    trainer = w.QuestionTrainer(notebook="05", mode="label", journal=journal)
    scenario = w.ScenarioPlayer("service_breakdown", notebook="08", journal=journal)
    counter = iter(range(10**9))

    def slide_lateness() -> None:
        lateness.minutes_slider.value = 5 + next(counter) % 90

    def slide_rapport() -> None:
        talk.phase_sliders["rapport"].value = 0.5 + (next(counter) % 6) * 0.5

    def defection_change() -> None:
        defection.fields["people_told"].value = 10 + next(counter) % 10

    def receipt_add() -> None:
        if len(receipt.items) >= 10:
            receipt.items.clear()
        receipt.name_input.value, receipt.list_input.value, receipt.paid_input.value = "Pens", "12.50", "9.99"
        receipt.add_button.click()

    def reflect() -> None:
        reflection.text_input.value = f"I asked an open question first, attempt {next(counter)}."
        reflection.save_button.click()

    def rewrite() -> None:
        policy.rewrite_input.value = ("I understand why that is frustrating. What I can do today is arrange a "
                                      "replacement, or I can call you back by five with another option.")
        policy.check_button.click()

    def answer_check() -> None:
        check.restart_button.click()
        check.choices[0].value = check.items[0].correct_option.text
        check.check_buttons[0].click()

    def label_question() -> None:
        trainer.restart()
        trainer.answer("open")

    def scenario_step() -> None:
        scenario.restart()
        scenario.choose(0)

    # Three charts return their last PNG when a repeated action gives the same data (the cases above); these
    # variants change the data on every action, so each one redraws.
    categories = [c.key for c in sorter.deck.categories]

    def move_card_then_check() -> None:
        sorter.choose(sorter.deck.cards[0].id, categories[next(counter) % len(categories)])
        sorter.check_button.click()

    def new_end_value() -> None:
        growth.end_input.value = f"{420 + next(counter) % 30}"
        growth.calculate_button.click()

    first = next(iter(positive.ratings))

    def new_score_then_refresh() -> None:
        positive.set_rating(first, 1 + next(counter) % 5)
        positive.score_button.click()
        dashboard.refresh_button.click()

    return {
        "PositiveSelfAssessment: Score": positive.score_button.click,
        "NonverbalPeerEvaluation: Save observation": nonverbal.save_button.click,
        "TouchpointSorter: Check": sorter.check_button.click,
        "LatenessExplorer: move the minutes slider": slide_lateness,
        "TalkTimePlanner: move the rapport slider": slide_rapport,
        "GrowthCalculator: Calculate": growth.calculate_button.click,
        "DefectionCostExplorer: change people told": defection_change,
        "ReceiptBuilder: add an item": receipt_add,
        "Dashboard: Refresh": dashboard.refresh_button.click,
        "Reflection: Save": reflect,
        "PolicyRewriter: Check my rewrite": rewrite,
        "KnowledgeCheck: Check an answer": answer_check,
        "QuestionTrainer: label a question": label_question,
        "ScenarioPlayer: make a choice": scenario_step,
        "TouchpointSorter: move a card, Check": move_card_then_check,
        "GrowthCalculator: new end value, Calculate": new_end_value,
        "Dashboard: new POSITIVE score, Refresh": new_score_then_refresh,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed repetitions per activity and side")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as home:
        os.environ["CSWORKBOOK_HOME"] = home
        from csworkbook.journal import Journal

        actions = cases(Journal(Path(home) / "journal.json"))
        for action in actions.values():  # warm-up: imports, first draws, caches
            action()
        with charts_precomputed():
            for action in actions.values():
                action()
        times: dict[str, dict[str, list[float]]] = {name: {"without": [], "with": [], "cpu": []} for name in actions}
        for _ in range(args.rounds):
            for name, action in actions.items():
                with charts_precomputed():
                    start = time.perf_counter()
                    action()
                    times[name]["without"].append(time.perf_counter() - start)
                start, cpu = time.perf_counter(), time.process_time()
                action()
                times[name]["with"].append(time.perf_counter() - start)
                times[name]["cpu"].append(time.process_time() - cpu)
    print(f"median response to one learner action, {args.rounds} rounds, side by side in one process")
    print(f"{'activity: action':52} {'no chart ms':>12} {'with chart ms':>14} {'ratio':>7} {'with chart CPU ms':>18}")
    for name, sides in times.items():
        without, with_chart = statistics.median(sides["without"]) * 1e3, statistics.median(sides["with"]) * 1e3
        cpu = statistics.median(sides["cpu"]) * 1e3
        print(f"{name:52} {without:12.1f} {with_chart:14.1f} {with_chart / without:7.2f} {cpu:18.1f}")
    print()
    for label, wait in (("as a learner meets it (ratings take a few seconds)", True),
                        ("worst case (Score pressed as the activity appears)", False)):
        runs = [first_score(wait) for _ in range(3)]
        print(f"first Score in a fresh process, {label}: median {statistics.median(r[0] for r in runs):.0f} ms "
              f"wall, {statistics.median(r[1] for r in runs):.0f} ms CPU "
              f"(runs: {', '.join(f'{w:.0f}/{c:.0f}' for w, c in runs)})")


FIRST_SCORE = """
import os, sys, tempfile, threading, time
from pathlib import Path
sys.path.insert(0, {root!r})
os.environ.setdefault("MPLBACKEND", "Agg")
home = tempfile.mkdtemp()
os.environ["CSWORKBOOK_HOME"] = home
from csworkbook.journal import Journal
from csworkbook.widgets import PositiveSelfAssessment
activity = PositiveSelfAssessment(notebook="05", journal=Journal(Path(home) / "journal.json"))
for key, value in zip(activity.ratings, [5, 4, 2, 4, 3, 4, 1, 5]):
    activity.set_rating(key, value)
if {wait!r}:
    for thread in threading.enumerate():
        if thread.name == "csworkbook-warm-charts":
            thread.join()
start, cpu = time.perf_counter(), time.thread_time()
activity.score_button.click()
print((time.perf_counter() - start) * 1e3, (time.thread_time() - cpu) * 1e3)
"""


def first_score(wait: bool) -> tuple[float, float]:
    """Milliseconds (wall clock, CPU of the main thread) of the first Score in a fresh Python process."""
    code = FIRST_SCORE.format(root=str(ROOT), wait=wait)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    wall, cpu = out.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


if __name__ == "__main__":
    main()
