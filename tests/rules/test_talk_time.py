"""The talk-time rules: what they teach, how strict they are about input, and how the score behaves."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csworkbook.rules import talk_time
from csworkbook.content import RELATIONSHIP_ORIENTED_COUNTRIES
from csworkbook.rules.talk_time import LEVEL_RANK, PHASES, RAPPORT_MINUTES, assess, phase_finding

GOAL = {"rapport": 1.0, "needs": 1.5, "solution": 2.5, "close": 1.0}  # 6 minutes, rapport has real time
phase_minutes = st.floats(min_value=0.0, max_value=30.0, allow_nan=False)
plans = st.fixed_dictionaries({key: phase_minutes for key in PHASES})
limits = st.floats(min_value=0.5, max_value=60.0, allow_nan=False)
flexibilities = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)


def _plan(**changes: float) -> dict[str, float]:
    return {**GOAL, **changes}


# --------------------------------------------------------------------------- the rules
def test_the_four_phases_in_call_order():
    assert list(PHASES) == ["rapport", "needs", "solution", "close"]
    assert [p.label for p in PHASES.values()] == [
        "Greeting and rapport", "Understanding needs (open questions)", "Solution", "Verify and close"]
    assert sum(p.points for p in PHASES.values()) + talk_time.TIME_POINTS + talk_time.ASKED_POINTS == 100
    assert RAPPORT_MINUTES == 1.0


def test_a_plan_inside_the_target_with_real_rapport_is_the_goal():
    a = assess(6, 0, GOAL, True)
    assert a.total == 6.0 and a.allowed == 6.0 and a.over_by == 0.0 and a.over_target == 0.0
    assert a.percent == 100.0
    assert a.level == "success"
    assert "the goal" in a.headline
    assert a.finding("rapport").level == "success" and a.finding("time").level == "success"
    assert a.rapport_share == pytest.approx(1 / 6) and a.rapport_percent == pytest.approx(16.7)


@pytest.mark.parametrize("rapport", [0.0, 0.5, 0.9])
def test_rapport_under_about_a_minute_is_a_warning_about_feeling_rushed(rapport):
    a = assess(6, 0, _plan(rapport=rapport, solution=3.5 - rapport), True)
    finding = a.finding("rapport")
    assert finding.level == "warning"
    assert ("hurried" in finding.text and "trust" in finding.text) or "processed" in finding.text
    assert a.level == "warning"
    assert "too little time to build trust" in a.headline


@pytest.mark.parametrize("phase", ["needs", "close", "solution"])
def test_no_time_for_a_phase_is_a_warning(phase):
    a = assess(6, 0, _plan(**{phase: 0.0}), True)
    assert a.finding(phase).level == "warning"
    assert "No time is planned" in a.finding(phase).text
    assert a.level == "warning"
    assert a.percent == 100.0 - PHASES[phase].points


def test_needs_and_close_warnings_teach_why():
    a = assess(6, 0, _plan(needs=0, close=0), True)
    assert "before you have heard" in a.finding("needs").text
    assert "thank-you" in a.finding("close").text


def test_over_the_target_with_no_agreed_flexibility_means_someone_loses():
    a = assess(6, 0, _plan(rapport=2.5), False)  # 7.5 minutes
    assert a.over_by == 1.5 and a.over_target == 1.5
    time = a.finding("time")
    assert time.level == "warning"
    assert "relationship suffers" in time.text and "figures suffer" in time.text
    assert "before the contact" in time.text and "not halfway through" in time.text
    assert "customer or the metric will lose" in a.headline
    assert a.finding("supervisor").level == "warning"


def test_agreed_flexibility_covers_a_longer_relationship_first_call():
    a = assess(6, 2, _plan(rapport=1.5, solution=3.0, close=1.5), True)  # 7.5 minutes
    assert a.total == 7.5 and a.allowed == 8.0 and a.over_by == 0.0 and a.over_target == 1.5
    assert a.finding("time").level == "success"
    assert "agreed beforehand" in a.finding("time").text
    assert a.percent == 100.0
    assert a.level == "success"


def test_flexibility_nobody_agreed_is_a_warning_and_costs_points():
    asked = assess(6, 2, _plan(rapport=2.5), True)
    unasked = assess(6, 2, _plan(rapport=2.5), False)
    assert unasked.finding("time").level == "warning"
    assert "not checked with your supervisor" in unasked.finding("time").text
    assert "before the shift" in unasked.finding("time").text
    assert unasked.percent < asked.percent
    assert "nobody has agreed" in unasked.headline


def test_going_past_target_plus_flexibility_is_a_warning_even_when_asked():
    a = assess(6, 2, _plan(rapport=3, solution=4), True)  # 9.5 minutes
    assert a.over_by == 1.5
    assert a.finding("time").level == "warning"
    assert "2 min of flexibility" in a.finding("time").text


def test_asking_the_supervisor_earns_points_and_a_reminder_otherwise():
    asked, unasked = assess(6, 0, GOAL, True), assess(6, 0, GOAL, False)
    assert asked.percent - unasked.percent == talk_time.ASKED_POINTS
    assert unasked.finding("supervisor").level == "info"
    assert "Before the shift" in unasked.finding("supervisor").text
    assert "callback" in unasked.finding("supervisor").text  # time is not the only kind of flexibility
    assert unasked.level == "info"
    assert "one step is left" in unasked.headline


def test_the_culture_reminder_is_always_there_and_last():
    for plan in (GOAL, _plan(rapport=0), _plan(rapport=9)):
        a = assess(6, 0, plan, False)
        culture = a.findings[-1]
        assert culture.key == "culture" and culture.level == "info"
        assert "not a fact about this caller" in culture.text
        assert str(len(RELATIONSHIP_ORIENTED_COUNTRIES)) in culture.text
        assert "Bangladesh" in culture.text and "Vietnam" in culture.text


def test_warnings_come_first():
    a = assess(6, 0, _plan(rapport=0, close=0), False)
    ranks = [LEVEL_RANK[f.level] for f in a.findings[:-1]]
    assert ranks == sorted(ranks)
    assert {f.key for f in a.findings} == {*PHASES, "time", "supervisor", "culture"}


def test_phases_can_be_named_forgivingly_and_left_out():
    a = assess(6, 0, {"  Greeting and RAPPORT ": 1, "Verify and close": 1}, False)
    assert a.minutes == {"rapport": 1.0, "needs": 0.0, "solution": 0.0, "close": 1.0}
    assert a.finding("needs").level == "warning"


def test_an_empty_plan_says_so():
    a = assess(6, 0, {}, False)
    assert a.total == 0 and a.rapport_share == 0
    assert "empty" in a.headline


def test_the_record_holds_what_the_journal_needs():
    record = talk_time.as_record(assess(6, 2, _plan(rapport=2), True))
    assert {"limit", "flexibility", "minutes", "total", "asked_supervisor", "percent", "findings"} <= set(record)
    assert record["minutes"]["rapport"] == 2.0 and record["total"] == 7.0
    assert all(set(f) == {"key", "level", "text"} for f in record["findings"])


def test_module_doc_says_it_is_a_teaching_aid():
    assert "not a call-centre standard" in " ".join((talk_time.__doc__ or "").split())


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("args", "fragment"), [
    ((0, 0, GOAL, True), "more than 0 minutes"),
    ((-6, 0, GOAL, True), "more than 0 minutes"),
    ((6, -1, GOAL, True), "cannot be negative"),
    ((6, 0, _plan(rapport=-1), True), "'Greeting and rapport' cannot be negative"),
    ((float("nan"), 0, GOAL, True), "ordinary number"),
    ((6, float("inf"), GOAL, True), "ordinary number"),
    ((6, 0, _plan(close=float("nan")), True), "ordinary number"),
    (("6", 0, GOAL, True), "must be a number"),
    ((6, None, GOAL, True), "must be a number"),
    ((True, 0, GOAL, True), "must be a number"),
    ((6, 0, _plan(needs="two"), True), "must be a number"),
    ((6, 0, {"small talk": 2}, True), "no call phase called 'small talk'"),
    ((6, 0, {3: 2}, True), "written as text"),
    ((6, 0, {"rapport": 1, "RAPPORT": 2}, True), "appears twice"),
    ((6, 0, [1, 2, 3, 4], True), "minutes per phase"),
    ((6, 0, GOAL, "yes"), "True or False"),
    ((6, 0, GOAL, 1), "True or False"),
])
def test_bad_input_raises_a_readable_value_error(args, fragment):
    with pytest.raises(ValueError, match=fragment) as info:
        assess(*args)
    message = str(info.value)
    assert message[0].isupper() and message.rstrip().endswith(".")


@given(st.one_of(st.floats(max_value=-1e-9, allow_nan=False), st.just(math.nan), st.just(math.inf),
                 st.just(-math.inf), st.text(), st.none(), st.booleans(), st.lists(st.integers())),
       st.sampled_from(list(PHASES)))
def test_any_bad_phase_minutes_raise_value_error_with_a_message(bad, phase):
    with pytest.raises(ValueError) as info:
        assess(6, 0, _plan(**{phase: bad}), False)
    assert PHASES[phase].label in str(info.value)


@given(st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.just(math.inf), st.text(), st.none(), st.booleans()))
def test_any_bad_limit_raises_value_error_naming_the_target(bad):
    with pytest.raises(ValueError) as info:
        assess(bad, 0, GOAL, False)
    assert "talk-time target" in str(info.value)


@given(st.text().filter(lambda s: " ".join(s.split()).lower() not in
                        {*PHASES, *(p.label.lower() for p in PHASES.values())}))
def test_any_unknown_phase_raises_value_error_naming_the_choices(name):
    with pytest.raises(ValueError) as info:
        assess(6, 0, {name: 1}, False)
    assert all(f"'{key}'" in str(info.value) for key in PHASES)


# --------------------------------------------------------------------------- properties
@given(phase_minutes, phase_minutes)
def test_more_rapport_never_lowers_the_rapport_finding(a, b):
    low, high = sorted((a, b))
    assert LEVEL_RANK[phase_finding("rapport", low).level] <= LEVEL_RANK[phase_finding("rapport", high).level]


@given(plans, phase_minutes, limits, flexibilities, st.booleans())
def test_more_rapport_in_a_whole_plan_never_lowers_the_rapport_finding(plan, extra, limit, flex, asked):
    before = assess(limit, flex, plan, asked).finding("rapport")
    after = assess(limit, flex, {**plan, "rapport": plan["rapport"] + extra}, asked).finding("rapport")
    assert LEVEL_RANK[before.level] <= LEVEL_RANK[after.level]


@given(plans, limits, flexibilities, st.floats(min_value=0.0, max_value=20.0), st.booleans())
def test_a_smaller_allowance_never_raises_the_score(plan, limit, flex, cut, asked):
    """The same plan against less room (a lower target, then less flexibility) is further over: no higher score."""
    roomy = assess(limit, flex, plan, asked)
    tighter_target = assess(max(limit - cut, 0.5), flex, plan, asked)
    less_flex = assess(limit, max(flex - cut, 0.0), plan, asked)
    assert tighter_target.over_by >= roomy.over_by and less_flex.over_by >= roomy.over_by
    assert tighter_target.percent <= roomy.percent
    assert less_flex.percent <= roomy.percent


@given(plans, st.floats(min_value=0.5, max_value=20.0), limits, flexibilities, st.booleans(),
       st.sampled_from(["solution", "needs", "close"]))
def test_going_further_over_the_allowance_never_raises_the_score(plan, extra, limit, flex, asked, phase):
    plan = {**plan, "rapport": max(plan["rapport"], RAPPORT_MINUTES), phase: max(plan[phase], 0.5)}
    before = assess(limit, flex, plan, asked)
    after = assess(limit, flex, {**plan, phase: plan[phase] + extra}, asked)
    if before.over_by > 0:
        assert after.over_by > before.over_by
        assert after.percent <= before.percent


@given(plans, limits, flexibilities, st.booleans())
def test_every_assessment_is_consistent(plan, limit, flex, asked):
    a = assess(limit, flex, plan, asked)
    assert 0.0 <= a.percent <= 100.0
    assert a.total == pytest.approx(sum(plan.values()))
    assert a.allowed == pytest.approx(limit + flex)
    assert a.over_by == pytest.approx(max(0.0, a.total - a.allowed), abs=1e-6)
    assert 0.0 <= a.rapport_share <= 1.0
    assert a.level in {"warning", "info", "success"}
    assert all(f.level in LEVEL_RANK and f.text.endswith(".") for f in a.findings)
    assert (a.level == "warning") == any(f.level == "warning" for f in a.findings)
    if a.over_by > 0:
        assert a.finding("time").level == "warning"


@given(plans, limits, flexibilities)
def test_asking_the_supervisor_never_lowers_the_score(plan, limit, flex):
    assert assess(limit, flex, plan, True).percent >= assess(limit, flex, plan, False).percent
