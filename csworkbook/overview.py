"""The course overview: journal entries to rows, scores and next steps, over the one activity list.

:func:`summarise` turns journal entries into one plain dict: a row per activity with its latest
result, the reflections grouped by notebook, the POSITIVE self-assessment and its two weakest
letters with coaching, the open points of the nonverbal peer evaluation, knowledge-check and
scenario results, what is still to do, and three to five next steps aimed at the weakest areas.
The dashboard (:class:`csworkbook.widgets.dashboard.Dashboard`) shows it and
:mod:`csworkbook.action_plan` writes it as a document. Neither matplotlib nor ipywidgets is imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from csworkbook import content
from csworkbook.rules.inputs import number_or_none
from csworkbook.rules.nonverbal import open_points
from csworkbook.rules.positive import ratings_of, weakest_of
from csworkbook.rules.wording import percent as percent_words

#: A scored result below this percentage counts as an area to work on.
STRONG_PERCENT = 80.0
#: How many next steps the plan gives at most and at least.
MAX_STEPS, MIN_STEPS = 5, 3

#: Notebook codes and short titles (the course's sequence).
NOTEBOOKS: dict[str, str] = {
    "00": "Start here", "01": "What service means", "02": "Relationships across cultures",
    "03": "Time and culture", "04": "Nonverbal communication", "05": "The POSITIVE model",
    "06": "Partnership and loyalty", "07": "Technology and channels", "08": "Service recovery",
    "09": "Strengthening communication", "10": "Capstone",
}

POSITIVE_BY_KEY = {b.key: b for b in content.POSITIVE}
_NONVERBAL = {d.key: d for d in content.NONVERBAL}


# --------------------------------------------------------------------------- the activities


@dataclass(frozen=True)
class RowSpec:
    """One line of the dashboard: which journal entries belong to it and how its result is read.

    done_kinds: entry kinds that mean the activity was completed; score_kinds: kinds whose data
    carries the score (``percent``, or ``score``/``correct`` over ``total``).
    """

    key: str
    activity: str
    label: str
    notebook: str
    scored: bool
    done_kinds: tuple[str, ...]
    score_kinds: tuple[str, ...] = ()
    match: Callable[[dict[str, Any]], bool] | None = None

    def owns(self, entry: dict[str, Any]) -> bool:
        """Whether ``entry`` belongs to this line."""
        return entry.get("activity") == self.activity and (self.match is None or self.match(entry))


def _data_is(field: str, value: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: _data(e).get(field) == value


def _notebook_is(code: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: str(e.get("notebook", "")) == code


#: Activities that appear once each (notebook they belong to).
SINGLE_ACTIVITIES: tuple[RowSpec, ...] = (
    RowSpec("touchpoint_sorter", "touchpoint_sorter", "Touchpoint sorter", "01", True, ("result",), ("result",)),
    RowSpec("talk_time_planner", "talk_time_planner", "Talk-time planner", "02", True, ("result",), ("result",)),
    RowSpec("lateness_explorer", "lateness_explorer", "Lateness explorer", "03", False, ("result",)),
    RowSpec("nonverbal_practice", "nonverbal_practice", "Nonverbal practice observation", "04", True, ("result",),
            ("result",)),
    RowSpec("nonverbal_peer_evaluation", "nonverbal_peer_evaluation", "Nonverbal peer evaluation", "04", True,
            ("observation",), ("observation",)),
    RowSpec("positive_self_assessment", "positive_self_assessment", "POSITIVE self-assessment", "05", True,
            ("attempt",), ("attempt",)),
    RowSpec("question_trainer", "question_trainer", "Question trainer", "05", True, ("result", "attempt"),
            ("result",)),
    RowSpec("receipt_builder", "receipt_builder", "Receipt builder", "06", False, ("result",)),
    RowSpec("growth_calculator", "growth_calculator", "Growth calculator", "07", False, ("result",)),
    RowSpec("defection_cost_explorer", "defection_cost_explorer", "Defection-cost explorer", "08", False,
            ("result",)),
    RowSpec("recovery_planner:order", "recovery_planner", "Recovery planner: order the strategies", "08", True,
            ("order",), ("order",), _data_is("part", "order")),
    RowSpec("recovery_planner:match", "recovery_planner", "Recovery planner: match the statements", "08", True,
            ("match",), ("match",), _data_is("part", "match")),
    RowSpec("policy_rewriter", "policy_rewriter", "Policy rewriter", "09", True, ("result",), ("result",)),
)

#: Activities that run in every notebook and are shown as one line.
COURSE_WIDE: tuple[RowSpec, ...] = (
    RowSpec("spaced_review", "spaced_review", "Spaced review", "01–10", False, ("answer",)),
    RowSpec("reflection", "reflection", "Reflections", "00–10", False, ("reflection",)),
)
#: Activities with a line per notebook (knowledge checks) or per scenario, built by :func:`row_specs`.
PER_ITEM: tuple[str, ...] = ("knowledge_check", "scenario_player")
#: Widgets that read or export the journal and save nothing that counts as an activity.
TOOLS: tuple[str, ...] = ("journal_tools", "dashboard")
#: The one list of activity ids: every id here is the ``activity_id`` of one widget, and every widget's
#: ``activity_id`` is here (``tests/test_layout.py`` checks both ways).
ACTIVITY_IDS: tuple[str, ...] = tuple(dict.fromkeys(
    [s.activity for s in SINGLE_ACTIVITIES] + list(PER_ITEM) + [s.activity for s in COURSE_WIDE] + list(TOOLS)))


@lru_cache(maxsize=1)
def shipped_scenarios() -> tuple[tuple[str, str, str], ...]:
    """(id, title, notebook) of every shipped scenario that loads; broken files are left out."""
    from csworkbook.rules import scenario as scenarios

    found = []
    for scenario_id in scenarios.available():
        try:
            s = scenarios.load(scenario_id)
        except scenarios.ScenarioError:
            continue
        found.append((s.id, s.title, s.notebook))
    return tuple(found)


def shipped_checks() -> list[str]:
    """Codes of the notebooks that ship a knowledge check."""
    from csworkbook.rules import quiz as checks

    return checks.available()


def row_specs(entries: Sequence[dict[str, Any]]) -> list[RowSpec]:
    """Every dashboard line: single activities, a knowledge check per notebook, a line per scenario, then the rest.

    Knowledge checks and scenarios that are shipped appear even before they are done; ones found only
    in the journal (e.g. a scenario played from a file) are added.
    """
    checks_seen = {str(e.get("notebook", "")) for e in entries if e.get("activity") == "knowledge_check"}
    check_codes = sorted(set(shipped_checks()) | {c for c in checks_seen if c})
    scenarios: dict[str, tuple[str, str]] = {sid: (title, nb) for sid, title, nb in shipped_scenarios()}
    for e in entries:
        if e.get("activity") == "scenario_player" and e.get("kind") == "result":
            data = _data(e)
            sid = data.get("scenario")
            if isinstance(sid, str) and sid and sid not in scenarios:
                title = data.get("title") if isinstance(data.get("title"), str) else sid
                scenarios[sid] = (title, str(e.get("notebook", "")))
    specs = list(SINGLE_ACTIVITIES)
    specs += [RowSpec(f"knowledge_check:{code}", "knowledge_check", f"Knowledge check (notebook {code})", code, True,
                      ("result",), ("result",), _notebook_is(code)) for code in check_codes]
    specs += [RowSpec(f"scenario_player:{sid}", "scenario_player", f"Scenario: {title}", nb, True, ("result",),
                      ("result",), _data_is("scenario", sid)) for sid, (title, nb) in scenarios.items()]
    specs.sort(key=lambda s: s.notebook)  # stable: keeps the order within a notebook
    return specs + list(COURSE_WIDE)


# --------------------------------------------------------------------------- reading entries


def _data(entry: dict[str, Any] | None) -> dict[str, Any]:
    data = entry.get("data") if isinstance(entry, dict) else None
    return data if isinstance(data, dict) else {}


def entry_percent(entry: dict[str, Any] | None) -> float | None:
    """The score of an entry in percent (0–100, one decimal): its ``percent``, or score over total."""
    data = _data(entry)
    percent = number_or_none(data.get("percent"))
    if percent is None:
        score = number_or_none(data.get("score"))
        if score is None:
            score = number_or_none(data.get("correct"))
        total = number_or_none(data.get("total"))
        if score is None or not total or total <= 0:
            return None
        percent = 100.0 * score / total
    return round(min(100.0, max(0.0, percent)), 1)


def date_of(entry: dict[str, Any] | None) -> str:
    """The calendar date (YYYY-MM-DD) an entry was saved, or an empty string."""
    stamp = entry.get("time") if isinstance(entry, dict) else None
    return stamp[:10] if isinstance(stamp, str) and re.match(r"\d{4}-\d{2}-\d{2}", stamp) else ""


def _score_words(data: dict[str, Any], noun: str) -> str:
    score = number_or_none(data.get("score"))
    if score is None:
        score = number_or_none(data.get("correct"))
    total = number_or_none(data.get("total"))
    return f"{score:g} of {total:g} {noun}" if score is not None and total else ""


def _result_text(spec: RowSpec, latest: dict[str, Any] | None, mine: list[dict[str, Any]],
                 percent: float | None) -> str:
    """What the table's Result column says for one line."""
    if not mine:
        return "not yet"
    data = _data(latest)
    pct = f" ({percent_words(percent)})" if percent is not None else ""
    if spec.activity == "reflection":  # done = a reflection saved with some text, counted once per prompt
        written = [e for e in mine if isinstance(_data(e).get("text"), str) and _data(e)["text"].strip()]
        keys = {(e.get("notebook"), _data(e).get("key")) for e in written}
        notebooks = sorted({str(e.get("notebook", "")) for e in written if e.get("notebook")})
        where = f" (notebook{'s' if len(notebooks) > 1 else ''} {', '.join(notebooks)})" if notebooks else ""
        return f"{len(keys)} of {_course_reflections()} done{where}"
    if spec.activity == "spaced_review":
        right = sum(1 for e in mine if _data(e).get("correct") is True)
        return f"{right} of {len(mine)} review answers right"
    if latest is None:
        return "started, not finished"
    if spec.activity == "question_trainer":
        if latest.get("kind") == "result":
            words = _score_words(data, "labelled correctly")
            return words + pct if words else pct_or_done(percent)
        rewrites = [e for e in mine if e.get("kind") == "attempt"]
        open_ones = sum(1 for e in rewrites if _data(e).get("label") == "open")
        return f"{len(rewrites)} rewrite(s) checked, {open_ones} open"
    if spec.activity == "knowledge_check":
        words = _score_words(data, "right")
        return words + pct if words else pct_or_done(percent)
    if spec.activity == "scenario_player":
        points, best = number_or_none(data.get("points")), number_or_none(data.get("best"))
        plays = len([e for e in mine if e.get("kind") == "result"])
        base = f"{points:g} of {best:g} points{pct}" if points is not None and best else pct_or_done(percent)
        return base + (f", played {plays} times" if plays > 1 else "")
    if spec.activity == "recovery_planner":
        noun = "steps in place" if data.get("part") == "order" else "statements matched"
        words = _score_words(data, noun)
        return words + pct if words else pct_or_done(percent)
    if spec.activity == "positive_self_assessment":
        weakest = [_letter(k) for k in weakest_of(data)]
        return pct_or_done(percent) + (f"; weakest: {', '.join(weakest)}" if weakest else "")
    if spec.activity == "nonverbal_peer_evaluation":
        points = len(open_points(data))
        return pct_or_done(percent) + f"; {points} open point{'s' if points != 1 else ''}"
    return pct_or_done(percent)


def _course_reflections() -> int:
    """How many reflection prompts the course ships (one per notebook)."""
    from csworkbook.rules.reflection_guides import GuideError, all_guides

    try:
        return len(all_guides())
    except GuideError:
        return len(NOTEBOOKS)


def where(row: dict[str, Any]) -> str:
    """A row's label with its notebook(s), e.g. ``"Question trainer (notebook 05)"``."""
    if "notebook" in row["label"].lower() or not row["notebook"]:
        return row["label"]
    plural = "s" if "–" in row["notebook"] else ""
    return f"{row['label']} (notebook{plural} {row['notebook']})"


def pct_or_done(percent: float | None) -> str:
    return percent_words(percent) if percent is not None else "done"


def _row(spec: RowSpec, entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    mine = [e for e in entries if spec.owns(e)]
    finished = [e for e in mine if e.get("kind") in spec.done_kinds]
    latest = finished[-1] if finished else None
    scored = [e for e in mine if e.get("kind") in spec.score_kinds]
    percent = entry_percent(scored[-1]) if spec.scored and scored else None
    status = "done" if finished else ("started" if mine else "not yet")
    last_seen = mine[-1] if mine else None
    return {"key": spec.key, "activity": spec.activity, "label": spec.label, "notebook": spec.notebook,
            "scored": spec.scored, "status": status, "done": status == "done", "percent": percent,
            "date": date_of(last_seen), "result": _result_text(spec, latest, mine, percent)}


# --------------------------------------------------------------------------- POSITIVE and nonverbal


def _letter(key: str) -> str:
    item = POSITIVE_BY_KEY.get(key)
    return f"{item.letter} ({item.name})" if item else key


def _positive(entries: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    found = [e for e in entries if e.get("activity") == "positive_self_assessment" and e.get("kind") == "attempt"]
    if not found:
        return None
    latest = found[-1]
    data = _data(latest)
    ratings = ratings_of(data)
    weakest = []
    for key in weakest_of(data):
        item = POSITIVE_BY_KEY[key]
        weakest.append({"key": key, "letter": item.letter, "name": item.name, "rating": ratings.get(key),
                        "coaching": item.coaching})
    return {"ratings": ratings, "percent": entry_percent(latest), "weakest": weakest, "date": date_of(latest),
            "attempts": len(found)}


def _nonverbal(entries: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    found = [e for e in entries
             if e.get("activity") == "nonverbal_peer_evaluation" and e.get("kind") == "observation"]
    if not found:
        return None
    latest = found[-1]
    data = _data(latest)
    comments, observer = data.get("comments"), data.get("observer")
    if isinstance(comments, dict):  # one comment per dimension: "Eye contact: …" lines in course order
        comments = "\n".join(f"{dim.name}: {str(comments[key]).strip()}" for key, dim in _NONVERBAL.items()
                              if str(comments.get(key) or "").strip())
    return {"percent": entry_percent(latest), "open_points": open_points(data),
            "comments": comments.strip() if isinstance(comments, str) else "",
            "observer": observer.strip() if isinstance(observer, str) else "", "date": date_of(latest),
            "observations": len(found)}


# --------------------------------------------------------------------------- reflections and results


def _reflections(entries: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Latest reflection per (notebook, key), grouped by notebook code in course order."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for e in entries:
        if e.get("activity") != "reflection" or e.get("kind") != "reflection":
            continue
        data = _data(e)
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        notebook = str(e.get("notebook", ""))
        key = str(data.get("key") or data.get("prompt") or "reflection")
        prompt = data.get("prompt") if isinstance(data.get("prompt"), str) else ""
        latest.pop((notebook, key), None)  # re-insert so the order follows the newest save
        latest[(notebook, key)] = {"key": key, "prompt": prompt, "text": text.strip(),
                                   "words": len(text.split()), "date": date_of(e)}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for (notebook, _key), item in sorted(latest.items(), key=lambda kv: kv[0][0]):
        grouped.setdefault(notebook, []).append(item)
    return grouped


def _knowledge_checks(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_notebook: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        if e.get("activity") == "knowledge_check" and e.get("kind") == "result":
            by_notebook.setdefault(str(e.get("notebook", "")), []).append(e)
    results = []
    for notebook in sorted(by_notebook):
        found = by_notebook[notebook]
        data = _data(found[-1])
        missed = data.get("missed")
        results.append({"notebook": notebook, "score": number_or_none(data.get("score")),
                        "total": number_or_none(data.get("total")), "percent": entry_percent(found[-1]),
                        "missed": [m for m in missed if isinstance(m, str)] if isinstance(missed, list) else [],
                        "attempts": len(found), "date": date_of(found[-1])})
    return results


def _tag_names(tags: Any) -> list[str]:
    from csworkbook.rules.scenario import tag_name

    names = []
    for tag in tags if isinstance(tags, list) else []:
        try:
            names.append(tag_name(tag))
        except (KeyError, TypeError, AttributeError):
            continue
    return names


def _scenarios(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        if e.get("activity") == "scenario_player" and e.get("kind") == "result":
            sid = _data(e).get("scenario")
            if isinstance(sid, str) and sid:
                by_id.setdefault(sid, []).append(e)
    results = []
    for sid, found in by_id.items():
        data = _data(found[-1])
        percents = [p for p in (entry_percent(e) for e in found) if p is not None]
        title = data.get("title") if isinstance(data.get("title"), str) else sid
        results.append({"scenario": sid, "title": title, "notebook": str(found[-1].get("notebook", "")),
                        "points": number_or_none(data.get("points")), "best": number_or_none(data.get("best")),
                        "percent": entry_percent(found[-1]), "best_percent": max(percents) if percents else None,
                        "plays": len(found), "misses": _tag_names(data.get("misses")), "date": date_of(found[-1])})
    return sorted(results, key=lambda r: (r["notebook"], r["title"]))


# --------------------------------------------------------------------------- next steps

FIRST_STEPS: tuple[str, ...] = (
    "Open notebook 00 (Start here), try its first activity and save your first reflection.",
    "In notebook 05, rate yourself on the POSITIVE self-assessment to find your two weakest behaviours.",
    "In notebook 04, ask a colleague or classmate to watch you serve a customer and fill in the nonverbal "
    "peer evaluation for you.",
    "Finish each notebook's scenario and knowledge check, then come back to the dashboard and export this "
    "plan again.",
)


def _step_for_low_score(row: dict[str, Any]) -> str:
    nb, pct = row["notebook"], percent_words(row["percent"])
    if row["activity"] == "knowledge_check":
        return f"Re-read notebook {nb} and take its knowledge check again (your latest score was {pct})."
    if row["activity"] == "question_trainer":
        return (f"Go through the question trainer in notebook {nb} again (latest {pct}): say each question "
                "aloud and listen for the first word, which usually decides open or closed.")
    if row["activity"] == "recovery_planner":
        return (f"Work through the {row['label'].lower()} in notebook {nb} again (latest {pct}) and read the "
                "reason given for each strategy you placed differently.")
    return f"Redo the {row['label']} in notebook {nb}: your latest result was {pct}."


def _next_steps(rows: list[dict[str, Any]], positive: dict[str, Any] | None, nonverbal: dict[str, Any] | None,
                scenarios: list[dict[str, Any]], empty: bool) -> list[str]:
    """Three to five concrete actions, aimed at the weakest areas first."""
    if empty:
        return list(FIRST_STEPS)
    groups: list[list[str]] = []
    if positive:
        groups.append([
            f"Strengthen POSITIVE {w['letter']}, {w['name']}"
            + (f" (you rated it {w['rating']} of 5)" if w["rating"] is not None else "") + f": {w['coaching']}"
            for w in positive["weakest"]][:2])
    if nonverbal:
        groups.append([f"Nonverbal, {p['name'].lower()} (your observer said '{p['answer']}'): {p['feedback']}"
                       for p in nonverbal["open_points"]][:1])
    scenario_misses = {s["scenario"]: s["misses"] for s in scenarios}
    low = sorted((r for r in rows if r["percent"] is not None and r["percent"] < STRONG_PERCENT
                  and r["activity"] not in ("positive_self_assessment", "nonverbal_peer_evaluation")),
                 key=lambda r: r["percent"])
    low_steps = []
    for row in low[:2]:
        if row["activity"] == "scenario_player":
            sid = row["key"].split(":", 1)[1]
            misses = scenario_misses.get(sid, [])
            title = row["label"].removeprefix("Scenario: ")
            text = f"Replay the scenario '{title}' (latest {percent_words(row['percent'])})"
            text += f" and this time make use of {', '.join(misses[:3])}." if misses else " and try another route."
            low_steps.append(text)
        else:
            low_steps.append(_step_for_low_score(row))
    groups.append(low_steps)
    not_done = [r for r in rows if not r["done"] and r["activity"] not in ("spaced_review",)]
    not_done.sort(key=lambda r: (not r["scored"], r["activity"] == "reflection"))
    groups.append([f"{'Finish' if r['status'] == 'started' else 'Do'} the {where(r)}." for r in not_done[:1]])
    steps: list[str] = []
    for group in groups:
        for step in group:
            if step not in steps and len(steps) < MAX_STEPS:
                steps.append(step)
    padding = []
    if positive is None:
        padding.append(FIRST_STEPS[1])
    if nonverbal is None:
        padding.append(FIRST_STEPS[2])
    padding += [
        "Pick one behaviour from this plan, practise it in your next five customer contacts, and write in a "
        "reflection what changed.",
        "Replay the scenario you found hardest and try a different route at the point where you lost points.",
        "Export this plan again in two weeks and compare: which areas moved?",
    ]
    for step in padding:
        if len(steps) >= MIN_STEPS:
            break
        if step not in steps:
            steps.append(step)
    return steps


# --------------------------------------------------------------------------- the summary


def summarise(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Everything the dashboard and the action plan show, from journal entries (oldest first).

    Returns plain values only: ``rows`` (one per dashboard line: label, notebook, status, percent,
    date, result), ``scored`` (rows with a percent), counts, ``average_percent``, ``weakest_row``,
    ``reflections`` (notebook -> latest per key), ``positive``, ``nonverbal``, ``knowledge_checks``,
    ``scenarios``, ``not_done`` (labels), ``next_steps`` (3–5 sentences), ``summary`` (one line)
    and ``empty``. Malformed entries are skipped, never raised on.
    """
    items = [e for e in entries if isinstance(e, dict)]
    countable = [e for e in items if e.get("activity") not in TOOLS]
    empty = not countable
    rows = [_row(spec, items) for spec in row_specs(items)]
    scored = [r for r in rows if r["percent"] is not None]
    done = [r for r in rows if r["done"]]
    average = round(sum(r["percent"] for r in scored) / len(scored), 1) if scored else None
    weakest = min(scored, key=lambda r: r["percent"]) if scored else None
    positive, nonverbal = _positive(items), _nonverbal(items)
    scenario_results = _scenarios(items)
    not_done = [where(r) + (": started, not finished" if r["status"] == "started" else "")
                for r in rows if not r["done"]]
    if empty:
        line = ("Nothing is saved in your journal yet: start with notebook 00, then come back and press "
                "Refresh.")
    else:
        line = f"{len(done)} of {len(rows)} activities done"
        if scored:
            line += (f"; average {percent_words(average)} over {len(scored)} scored result{'s' if len(scored) != 1 else ''}"
                     f"; lowest: {weakest['label']} ({percent_words(weakest['percent'])})")
        line += "."
    return {
        "empty": empty, "entry_count": len(countable), "rows": rows, "scored": scored,
        "done_count": len(done), "row_count": len(rows), "average_percent": average,
        "weakest_row": weakest, "reflections": _reflections(items), "positive": positive,
        "nonverbal": nonverbal, "knowledge_checks": _knowledge_checks(items), "scenarios": scenario_results,
        "not_done": not_done, "next_steps": _next_steps(rows, positive, nonverbal, scenario_results, empty),
        "summary": line,
    }


