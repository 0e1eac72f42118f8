"""The lateness model: agrees with the article's figures, says where it goes beyond them, is monotone and strict."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csworkbook.rules import lateness
from csworkbook.content import MONOCHRONIC_WAIT_MINUTES, TIME_NORMS
from csworkbook.rules.lateness import LABELS, STATUSES, accepted_wait_minutes, classify, perceive

STATUS_ORDER = list(STATUSES)  # lowest to highest
orientations = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
minutes = st.floats(min_value=0.0, max_value=1000.0, allow_nan=False)
statuses = st.sampled_from(STATUS_ORDER)


# --------------------------------------------------------------------------- anchors
def test_monochronic_peer_gets_the_articles_ten_minute_limit():
    assert accepted_wait_minutes(0, "peer") == 10.0
    assert lateness.MONOCHRONIC_RANGE == tuple(float(m) for m in MONOCHRONIC_WAIT_MINUTES) == (5.0, 10.0)


def test_eight_minutes_late_in_the_us_is_acceptable_as_the_article_says():
    """The article: five to ten minutes is an acceptable wait in the U.S. and other monochronic settings."""
    for late in (5, 6, 8, 9.5, 10):
        p = perceive(late, 0.0, "peer")
        assert p.acceptable and p.label == "within the accepted wait", late
        assert "five to ten minutes" in p.note
    assert not perceive(11, 0.0, "peer").acceptable


def test_polychronic_peer_accepts_as_much_as_an_hour():
    assert accepted_wait_minutes(1, "peer") == 60.0
    assert 60 in [norm.max_minutes for norm in TIME_NORMS]  # the article's "as much as an hour"
    assert perceive(60, 1.0, "peer").label == "within the accepted wait"
    assert perceive(61, 1.0, "peer").label == "beyond the accepted wait"


def test_status_lengthens_the_wait_and_the_factors_are_labelled_as_illustrations():
    peer, manager, senior = (accepted_wait_minutes(0, s) for s in ("peer", "manager", "senior leader"))
    assert peer < manager < senior
    assert senior == 20.0
    assert any("not how much longer" in d and "illustrations" in d for d in lateness.DEPARTURES)
    assert "illustration" in " ".join(lateness.__doc__.split()) and "not figures from the article" in lateness.__doc__


def test_status_is_read_forgivingly_but_only_from_the_known_set():
    assert accepted_wait_minutes(0, "  Senior   Leader ") == accepted_wait_minutes(0, "senior leader")
    assert set(STATUSES) == {"peer", "manager", "senior leader"}


@pytest.mark.parametrize(("late", "label"), [
    (0, "on time"), (0.5, "on time"), (3, "within the accepted wait"), (7, "within the accepted wait"),
    (10, "within the accepted wait"), (12, "beyond the accepted wait"), (45, "beyond the accepted wait"),
])
def test_us_peer_labels_follow_the_five_to_ten_minute_norm(late, label):
    p = perceive(late, 0.0, "peer")
    assert p.label == label
    assert p.limit == 10.0
    assert p.advice == lateness.ASK_ADVICE and "ask" in p.advice


def test_the_same_delay_is_judged_more_gently_for_a_senior_leader():
    assert perceive(15, 0.0, "peer").label == "beyond the accepted wait"
    assert "sometimes" in perceive(15, 0.0, "peer").note  # the article's hedge: patience is sometimes rewarded
    senior = perceive(15, 0.0, "senior leader")
    assert senior.label == "within the accepted wait"
    assert "rank" in senior.note and "illustration" in senior.note
    assert "big order" in perceive(25, 0.0, "senior leader").note


def test_notes_and_docs_say_where_the_numbers_are_an_illustration():
    assert "not a measured law" in lateness.ILLUSTRATION_NOTE and "five to ten minutes" in lateness.ILLUSTRATION_NOTE
    for func in (accepted_wait_minutes, perceive):
        assert "not a measured law" in " ".join((func.__doc__ or "").split())
    assert "illustration" in perceive(7, 0.5, "peer").note
    assert "continuum" in (lateness.__doc__ or "")


def test_orientation_words_cover_the_continuum():
    assert lateness.orientation_words(0) == "strongly monochronic"
    assert lateness.orientation_words(0.5) == "mixed"
    assert lateness.orientation_words(1) == "strongly polychronic"


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("args", "fragment"), [
    ((-1, 0.0, "peer"), "cannot be negative"),
    ((5, -0.1, "peer"), "between 0"),
    ((5, 1.5, "peer"), "between 0"),
    ((5, 0.5, "boss"), "no status called 'boss'"),
    ((5, 0.5, None), "written as text"),
    ((float("nan"), 0.5, "peer"), "ordinary number"),
    ((5, float("nan"), "peer"), "ordinary number"),
    ((float("inf"), 0.5, "peer"), "ordinary number"),
    (("5", 0.5, "peer"), "must be a number"),
    ((5, "0.5", "peer"), "must be a number"),
    ((True, 0.5, "peer"), "must be a number"),
    ((None, 0.5, "peer"), "must be a number"),
])
def test_bad_input_raises_a_readable_value_error(args, fragment):
    with pytest.raises(ValueError, match=fragment) as info:
        perceive(*args)
    message = str(info.value)
    assert message[0].isupper() and message.rstrip().endswith(".")


@given(st.one_of(st.floats(max_value=-1e-9, allow_nan=False), st.just(math.nan), st.just(-math.inf),
                 st.just(math.inf), st.text(), st.none(), st.booleans(), st.lists(st.integers())))
def test_any_bad_minutes_raise_value_error_with_a_message(bad):
    with pytest.raises(ValueError) as info:
        perceive(bad, 0.5, "peer")
    assert len(str(info.value)) > 20


@given(st.one_of(st.floats(allow_nan=True).filter(lambda x: not 0 <= x <= 1), st.text(), st.none(), st.booleans()))
def test_any_bad_orientation_raises_value_error_with_a_message(bad):
    with pytest.raises(ValueError) as info:
        accepted_wait_minutes(bad, "peer")
    assert "orientation" in str(info.value)


@given(st.one_of(st.text().filter(lambda s: " ".join(s.split()).lower() not in STATUSES),
                 st.integers(), st.none(), st.floats(allow_nan=True)))
def test_any_unknown_status_raises_value_error_naming_the_choices(bad):
    with pytest.raises(ValueError) as info:
        accepted_wait_minutes(0.5, bad)
    assert "'peer'" in str(info.value) and "'senior leader'" in str(info.value)


# --------------------------------------------------------------------------- properties
@given(orientations, orientations, statuses)
def test_accepted_wait_lengthens_monotonically_with_orientation(a, b, status):
    lo, hi = sorted((a, b))
    assert accepted_wait_minutes(lo, status) <= accepted_wait_minutes(hi, status)


@given(orientations, st.integers(0, len(STATUS_ORDER) - 2))
def test_accepted_wait_lengthens_monotonically_with_status(orientation, index):
    assert accepted_wait_minutes(orientation, STATUS_ORDER[index]) < accepted_wait_minutes(orientation,
                                                                                          STATUS_ORDER[index + 1])


@given(orientations, statuses)
def test_accepted_wait_stays_between_the_anchors_scaled_by_status(orientation, status):
    factor = STATUSES[status].multiplier
    assert 10.0 * factor <= accepted_wait_minutes(orientation, status) <= 60.0 * factor


@given(minutes, minutes, orientations, statuses)
def test_a_longer_delay_is_never_judged_more_gently(a, b, orientation, status):
    short, long_ = sorted((a, b))
    assert perceive(short, orientation, status).severity <= perceive(long_, orientation, status).severity


@given(minutes, orientations, orientations, statuses)
def test_a_more_polychronic_setting_is_never_stricter(late, a, b, status):
    lo, hi = sorted((a, b))
    assert perceive(late, hi, status).severity <= perceive(late, lo, status).severity


@given(minutes, orientations)
def test_a_higher_status_is_never_judged_more_strictly(late, orientation):
    severities = [perceive(late, orientation, s).severity for s in STATUS_ORDER]
    assert severities == sorted(severities, reverse=True)


@given(minutes, orientations, statuses)
def test_every_perception_has_a_known_label_a_note_and_the_advice(late, orientation, status):
    p = perceive(late, orientation, status)
    assert p.label in LABELS
    assert p.note and p.advice
    assert p.limit == accepted_wait_minutes(orientation, status)
    assert classify(late, p.limit) == p.label
    assert p.acceptable == (p.label != "beyond the accepted wait")
