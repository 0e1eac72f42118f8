"""The nonverbal peer evaluation's rules (notebook 04): how an observer's answers are scored.

Four dimensions (:data:`csworkbook.content.NONVERBAL`) are each answered yes, no or unsure; an
observation scores yes = 1, unsure = 0.5, no = 0, averaged and given in percent (0–100).
"""
from __future__ import annotations

from typing import Any

from csworkbook.content import NONVERBAL

#: How an answer is scored (fraction of a "yes").
ANSWER_SCORES: dict[str, float] = {"no": 0.0, "unsure": 0.5, "yes": 1.0}
#: Dimension keys in the order of the evaluation.
KEYS: tuple[str, ...] = tuple(d.key for d in NONVERBAL)


def observation_percent(answers: dict[str, str]) -> float:
    """Score of one observation in percent (0–100): yes counts 1, unsure 0.5, no 0, averaged over the dimensions."""
    return round(100.0 * sum(ANSWER_SCORES[answers[k]] for k in KEYS) / len(KEYS), 1)


def is_observation(data: Any) -> bool:
    """True for saved data with a yes / no / unsure answer for every dimension."""
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return False
    return all(data["answers"].get(k) in ANSWER_SCORES for k in KEYS)


def open_points(data: dict[str, Any]) -> list[dict[str, str]]:
    """The dimensions an observer marked "no" or "unsure" (no first), each with its name and feedback."""
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return []
    points = [{"key": d.key, "name": d.name, "answer": str(answers[d.key]).lower(), "feedback": d.feedback}
              for d in NONVERBAL if str(answers.get(d.key, "")).lower() in ("no", "unsure")]
    return sorted(points, key=lambda p: p["answer"] != "no")  # "no" before "unsure", stable otherwise
