"""The rules behind the talk-time planner (notebook 02): does a call plan fit the clock and the customer?

A call-centre agent is about to ring a customer who may come from a relationship-oriented culture,
where people often want a little conversation, and some trust, before they talk business. The
agent's centre measures talk time against a target, and a supervisor may have agreed some extra
minutes in advance. The agent splits the call into four phases (:data:`PHASES`) and :func:`assess`
checks the plan against a handful of teaching rules:

- **rapport**: less than about a minute of greeting and rapport (:data:`RAPPORT_MINUTES`) risks the
  customer feeling hurried before any trust exists;
- **needs, solution, verify and close**: a phase with no time at all is a warning, because the call
  skips a step the customer depends on;
- **the clock**: a plan inside the target is fine; a plan that uses extra minutes is fine only if the
  supervisor agreed them before the call; a plan beyond target plus flexibility means that either
  the customer or the metric will lose, and the time to settle that is before the contact;
- **the culture reminder**: always shown, because a country's tendency says what to ask about, not
  what this caller wants.

The score (``percent``, 0–100) rewards each phase (rapport in proportion up to a minute), a plan that
stays within what is allowed, and having asked the supervisor beforehand; see :data:`TIME_POINTS`
and :data:`ASKED_POINTS`. All times are in minutes. This is a teaching aid built on the course
article's advice, not a call-centre standard.

Every function is pure and raises ``ValueError`` with a sentence a student understands on bad input.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from csworkbook.content import RELATIONSHIP_ORIENTED_COUNTRIES
from csworkbook.rules.inputs import finite_number, key_named
from csworkbook.rules.wording import minutes as fmt

# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Phase:
    """One part of a planned call.

    key: what :func:`assess` accepts; label: shown to the learner; purpose: one sentence on why the
    phase matters; default: the planner's starting minutes; points: this phase's share of the score;
    enough: minutes that count as real time for the phase (0 = any time at all is enough);
    missing / short / covered: the finding when the phase has no time, too little, or enough
    (``{m}`` is replaced by the minutes).
    """

    key: str
    label: str
    purpose: str
    default: float
    points: float
    enough: float
    missing: str
    covered: str
    short: str = ""


#: About this much greeting and rapport (minutes) gives a relationship-first customer real time.
RAPPORT_MINUTES: float = 1.0

#: The four phases of a call, in the order they happen.
PHASES: dict[str, Phase] = {
    p.key: p
    for p in (
        Phase("rapport", "Greeting and rapport",
              "A warm welcome and a little personal conversation, so the customer can get to know you first.",
              default=0.5, points=25.0, enough=RAPPORT_MINUTES,
              missing="No minutes are planned for a greeting or rapport, so a customer who wants to get "
                      "acquainted first may feel processed rather than served.",
              short="{m} min of rapport is under about a minute: a customer who puts the relationship before "
                    "business may feel hurried before any trust has had a chance to form.",
              covered="{m} min of greeting and rapport gives a customer who likes to get acquainted first "
                      "real room to do so before the business starts."),
        Phase("needs", "Understanding needs (open questions)",
              "Open questions (what, how, tell me about) that let the customer explain what they are after.",
              default=1.5, points=15.0, enough=0.0,
              missing="No time is planned for understanding needs, so you would be offering a solution "
                      "before you have heard what this customer is actually after.",
              covered="{m} min for open questions lets the customer say in their own words what they need."),
        Phase("solution", "Solution",
              "Explaining the options and agreeing what will happen.",
              default=3.0, points=10.0, enough=0.0,
              missing="No time is planned for the solution, so the customer would hang up without an answer "
                      "to the question they rang about.",
              covered="{m} min is set aside to work out the solution together."),
        Phase("close", "Verify and close",
              "Checking the customer is satisfied, confirming next steps and thanking them.",
              default=1.0, points=15.0, enough=0.0,
              missing="No time is planned to verify and close: without a check that the answer works for the "
                      "customer, and a thank-you, the trust built earlier can slip away at the last moment.",
              covered="{m} min to verify, confirm the next steps and thank the customer protects what you built."),
    )
}

#: Starting values of the planner: a 6-minute target, no agreed flexibility, supervisor not yet asked.
DEFAULT_LIMIT: int = 6
DEFAULT_FLEXIBILITY: int = 0

#: Score points for the clock: inside the target, or inside flexibility the supervisor agreed beforehand.
TIME_POINTS: float = 25.0
#: Score points for a plan that uses extra minutes nobody has agreed yet.
UNAGREED_FLEX_POINTS: float = 10.0
#: Points lost for every minute a plan runs beyond target plus flexibility (starting from the line above).
OVER_PENALTY_PER_MINUTE: float = 5.0
#: Score points for having asked the supervisor about flexibility before the shift.
ASKED_POINTS: float = 10.0

#: Finding levels from least to most reassuring (``"error"`` is kept for input problems in the widget).
LEVEL_RANK: dict[str, int] = {"warning": 0, "info": 1, "success": 2}

#: Always part of the feedback: a list of countries describes tendencies, never the caller.
CULTURE_REMINDER = (
    f"Lucas names {len(RELATIONSHIP_ORIENTED_COUNTRIES)} countries, from {RELATIONSHIP_ORIENTED_COUNTRIES[0]} to "
    f"{RELATIONSHIP_ORIENTED_COUNTRIES[-1]}, where people often expect to build trust before business. That is a "
    "tendency of large groups, not a fact about this caller: listen for whether they want to chat or get "
    "straight to the point, and follow their lead."
)

_EPSILON = 1e-9  # minutes; keeps 0.1 + 0.2 style rounding from tipping a plan over a line

# --------------------------------------------------------------------------- validation


def _minutes_value(value: object, what: str) -> float:
    """A number of minutes passed in, as a finite float (``ValueError`` naming ``what`` otherwise)."""
    return finite_number(value, what, example="6 or 1.5 (minutes)")


def check_limit(limit: object) -> float:
    """The talk-time target in minutes: a number above zero."""
    value = _minutes_value(limit, "talk-time target")
    if value <= 0:
        raise ValueError(f"The talk-time target must be more than 0 minutes; {value:g} would leave no time for "
                         "any call.")
    return value


def check_flexibility(flexibility: object) -> float:
    """The extra minutes agreed with the supervisor: zero or more."""
    value = _minutes_value(flexibility, "agreed flexibility")
    if value < 0:
        raise ValueError(f"The agreed flexibility cannot be negative ({value:g}); with no extra time agreed it "
                         "is 0 minutes.")
    return value


def phase_key(name: object) -> str:
    """The key of a phase, read forgivingly (case and spaces ignored; the label works too)."""
    spellings = {**{phase.label.lower(): key for key, phase in PHASES.items()}, **{key: key for key in PHASES}}
    return key_named(name, spellings, what="call phase")


def check_minutes(minutes: object) -> dict[str, float]:
    """Planned minutes per phase as ``{key: minutes}`` in :data:`PHASES` order; a phase left out counts as 0."""
    if not isinstance(minutes, Mapping):
        raise ValueError("The plan must give minutes per phase, for example {'rapport': 1, 'needs': 1.5, "
                         f"'solution': 2.5, 'close': 1}}, not {minutes!r}.")
    plan = {key: 0.0 for key in PHASES}
    seen: set[str] = set()
    for name, value in minutes.items():
        key = phase_key(name)
        if key in seen:
            raise ValueError(f"The phase '{PHASES[key].label}' appears twice in the plan; give it once.")
        seen.add(key)
        number = _minutes_value(value, f"time for '{PHASES[key].label}'")
        if number < 0:
            raise ValueError(f"The time for '{PHASES[key].label}' cannot be negative ({number:g} minutes); a "
                             "phase you skip gets 0.")
        plan[key] = number
    return plan


def check_asked(asked_supervisor: object) -> bool:
    """Whether the supervisor was asked beforehand: strictly ``True`` or ``False``."""
    if not isinstance(asked_supervisor, bool):
        raise ValueError("Whether you asked your supervisor must be True or False, not "
                         f"{asked_supervisor!r}.")
    return asked_supervisor


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Finding:
    """One piece of feedback: which rule (``key``), how it went (``level``) and a sentence for the learner."""

    key: str
    level: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "level": self.level, "text": self.text}


@dataclass(frozen=True)
class Assessment:
    """A call plan checked against the rules. Times in minutes; ``rapport_share`` is 0–1; ``percent`` 0–100."""

    limit: float
    flexibility: float
    minutes: dict[str, float]
    asked_supervisor: bool
    total: float
    allowed: float
    over_target: float
    over_by: float
    rapport_share: float
    percent: float
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    headline: str = ""

    def finding(self, key: str) -> Finding:
        """The finding of one rule: a phase key, ``"time"``, ``"supervisor"`` or ``"culture"``."""
        for item in self.findings:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def level(self) -> str:
        """Overall level: ``"warning"`` if any rule warns, ``"success"`` if the plan meets the goal and the
        supervisor was asked beforehand, else ``"info"``."""
        levels = {f.key: f.level for f in self.findings}
        if "warning" in levels.values():
            return "warning"
        if all(level == "success" for key, level in levels.items() if key != "culture"):
            return "success"
        return "info"

    @property
    def rapport_percent(self) -> float:
        """Rapport's share of the whole plan, in percent (0 when the plan is empty)."""
        return round(100.0 * self.rapport_share, 1)


def phase_finding(key: str, minutes: float) -> Finding:
    """The finding for one phase given its planned minutes (rapport needs about a minute to count)."""
    phase = PHASES[phase_key(key)]
    m = _minutes_value(minutes, f"time for '{phase.label}'")
    if m < 0:
        raise ValueError(f"The time for '{phase.label}' cannot be negative ({m:g} minutes).")
    if m <= 0:
        return Finding(phase.key, "warning", phase.missing)
    if m + _EPSILON < phase.enough:
        return Finding(phase.key, "warning", (phase.short or phase.missing).format(m=fmt(m)))
    return Finding(phase.key, "success", phase.covered.format(m=fmt(m)))


def phase_points(key: str, minutes: float) -> float:
    """Score points one phase earns: its full share once it has enough time, a fair part before that."""
    phase = PHASES[key]
    if minutes <= 0:
        return 0.0
    if phase.enough <= 0:
        return phase.points
    return phase.points * min(minutes / phase.enough, 1.0)


def time_points(over_target: float, over_by: float, asked_supervisor: bool) -> float:
    """Score points for the clock (minutes past the target, minutes past target plus flexibility).

    Never rises as ``over_by`` grows: full points inside the target or inside flexibility the supervisor
    agreed, fewer when the extra minutes were never agreed, and less still beyond the allowance.
    """
    if over_by > 0:
        return max(0.0, UNAGREED_FLEX_POINTS - OVER_PENALTY_PER_MINUTE * over_by)
    if over_target <= 0 or asked_supervisor:
        return TIME_POINTS
    return UNAGREED_FLEX_POINTS


def time_finding(total: float, limit: float, flexibility: float, over_target: float, over_by: float,
                 asked_supervisor: bool) -> Finding:
    """What the clock says about the plan (all in minutes)."""
    plan = f"At {fmt(total)} min"
    if over_by > 0:
        if flexibility > 0:
            room = f"your {fmt(limit)}-min target plus the {fmt(flexibility)} min of flexibility"
        else:
            room = f"your {fmt(limit)}-min target, with no extra time agreed"
        return Finding("time", "warning",
                       f"{plan} the plan runs {fmt(over_by)} min beyond {room}. On the call something has to "
                       "give: hurry the customer and the relationship suffers, let the call run and your "
                       "figures suffer. Settle how much room you have with your supervisor before the contact, "
                       "not halfway through it.")
    if over_target > 0 and not asked_supervisor:
        return Finding("time", "warning",
                       f"{plan} the plan is {fmt(over_target)} min past the {fmt(limit)}-min target and leans on "
                       "flexibility you have not checked with your supervisor. Extra minutes are only safe once "
                       "they are agreed, and that conversation belongs before the shift, not during the call.")
    if over_target > 0:
        return Finding("time", "success",
                       f"{plan} the plan is {fmt(over_target)} min past the {fmt(limit)}-min target but inside the "
                       f"{fmt(flexibility)} min your supervisor agreed beforehand, so the extra time is yours to "
                       "give without breaking the rules.")
    spare = limit - total
    tail = f", with {fmt(spare)} min to spare" if spare > _EPSILON else ""
    return Finding("time", "success", f"{plan} the plan fits inside the {fmt(limit)}-min target{tail}.")


def supervisor_finding(asked_supervisor: bool, over_target: float) -> Finding:
    """Whether the learner asked about flexibility before the shift, and why it matters."""
    if asked_supervisor:
        return Finding("supervisor", "success",
                       "You asked your supervisor before the shift, so you know how much room you have in minutes "
                       "and in how you may help (a callback at a better time, a follow-up message, a note for the "
                       "next agent).")
    level = "warning" if over_target > 0 else "info"
    return Finding("supervisor", level,
                   "Before the shift, ask your supervisor how much room you have: how many extra minutes, and "
                   "which other ways of helping are allowed, such as a callback at a better time. Knowing this "
                   "in advance means you never have to choose between the customer and the rules mid-call.")


def headline(findings: Mapping[str, Finding], over_target: float, over_by: float, total: float) -> str:
    """One sentence that sums the plan up."""
    if total <= 0:
        return "The plan is empty: give each phase of the call some minutes."
    if over_by > 0:
        return "This plan runs past everything you are allowed, so either the customer or the metric will lose."
    if findings["time"].level == "warning":
        return "This plan leans on extra minutes nobody has agreed yet."
    if findings["rapport"].level == "warning":
        return "The plan fits the clock, but the customer gets too little time to build trust."
    if any(findings[k].level == "warning" for k in PHASES):
        return "The plan fits the clock and makes room for rapport, but it skips part of the call."
    if findings["supervisor"].level != "success":
        return ("The plan fits the target and gives rapport real time; one step is left: ask your supervisor, "
                "before the shift, how much room you would have if the customer wants longer.")
    if over_target > 0:
        return "The plan uses agreed flexibility and still gives rapport real time: well prepared."
    return "The plan fits the target and still gives rapport real time: that is the goal."


def assess(limit: float, flexibility: float, minutes: Mapping[str, float], asked_supervisor: bool) -> Assessment:
    """Check a call plan against the rules.

    limit: the centre's talk-time target (minutes, above 0); flexibility: extra minutes agreed with the
    supervisor (0 or more); minutes: planned minutes per phase, keys from :data:`PHASES` (a phase left
    out counts as 0); asked_supervisor: whether the learner asked about flexibility before the shift.
    Returns an :class:`Assessment` with ``total``, ``allowed`` (= limit + flexibility), ``over_by``
    (minutes beyond ``allowed``), the rapport share, findings and a percent score (0–100). Raises
    ``ValueError`` with a readable sentence on bad input.
    """
    lim = check_limit(limit)
    flex = check_flexibility(flexibility)
    plan = check_minutes(minutes)
    asked = check_asked(asked_supervisor)

    total = math.fsum(plan.values())
    allowed = lim + flex
    over_target = total - lim if total - lim > _EPSILON else 0.0
    over_by = total - allowed if total - allowed > _EPSILON else 0.0
    share = plan["rapport"] / total if total > 0 else 0.0

    by_key: dict[str, Finding] = {key: phase_finding(key, m) for key, m in plan.items()}
    by_key["time"] = time_finding(total, lim, flex, over_target, over_by, asked)
    by_key["supervisor"] = supervisor_finding(asked, over_target)
    by_key["culture"] = Finding("culture", "info", CULTURE_REMINDER)

    score = math.fsum(phase_points(key, m) for key, m in plan.items())
    score += time_points(over_target, over_by, asked)
    score += ASKED_POINTS if asked else 0.0
    percent = round(min(max(score, 0.0), 100.0), 1)

    order = [*PHASES, "time", "supervisor", "culture"]
    findings = tuple(by_key[k] for k in order)
    # warnings first, so the learner reads what to fix before what went well
    findings = tuple(sorted(findings, key=lambda f: LEVEL_RANK[f.level] if f.key != "culture" else 99))
    return Assessment(limit=lim, flexibility=flex, minutes=plan, asked_supervisor=asked, total=total,
                      allowed=allowed, over_target=over_target, over_by=over_by, rapport_share=share,
                      percent=percent, findings=findings,
                      headline=headline(by_key, over_target, over_by, total))


def default_minutes() -> dict[str, float]:
    """The planner's starting minutes per phase (a plan that fits the target but rushes rapport)."""
    return {key: phase.default for key, phase in PHASES.items()}


def as_record(assessment: Assessment) -> dict[str, Any]:
    """The plain data saved to the journal for an assessment."""
    a = assessment
    return {"limit": a.limit, "flexibility": a.flexibility, "minutes": dict(a.minutes), "total": a.total,
            "allowed": a.allowed, "over_by": a.over_by, "rapport_share": round(a.rapport_share, 4),
            "asked_supervisor": a.asked_supervisor, "percent": a.percent,
            "findings": [f.as_dict() for f in a.findings]}
