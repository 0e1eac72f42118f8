"""The lateness model: anchored to the article's figures, monotone, and strict about bad input."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csworkbook.rules import lateness
from csworkbook.content import MONOCHRONIC_WAIT_MINUTES, TIME_NORMS
from csworkbook.rules.lateness import LABELS, STATUSES, classify, perceive, tolerance_minutes

STATUS_ORDER = list(STATUSES)  # lowest to highest
orientations = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
minutes = st.floats(min_value=0.0, max_value=1000.0, allow_nan=False)
statuses = st.sampled_from(STATUS_ORDER)


# --------------------------------------------------------------------------- anchors
def test_monochronic_peer_gets_the_articles_five_to_ten_minutes():
    assert tolerance_minutes(0, "peer") == (5.0, 10.0)
    assert tolerance_minutes(0.0, "peer") == tuple(float(m) for m in MONOCHRONIC_WAIT_MINUTES)


def test_polychronic_peer_stretches_to_about_an_hour():
    low, high = tolerance_minutes(1, "peer")
    assert high == 60.0
    assert low < high
    assert 60 in [norm.max_minutes for norm in TIME_NORMS]  # the article's "up to an hour"


def test_status_widens_the_band_at_both_ends():
    peer, manager, senior = (tolerance_minutes(0, s) for s in ("peer", "manager", "senior leader"))
    assert peer[1] < manager[1] < senior[1]
    assert peer[0] < manager[0] < senior[0]
    assert senior == (10.0, 20.0)


def test_status_is_read_forgivingly_but_only_from_the_known_set():
    assert tolerance_minutes(0, "  Senior   Leader ") == tolerance_minutes(0, "senior leader")
    assert set(STATUSES) == {"peer", "manager", "senior leader"}


@pytest.mark.parametrize(("late", "label"), [
    (0, "on time"), (0.5, "on time"), (3, "within the usual grace"), (5, "within the usual grace"),
    (7, "noticeably late"), (10, "noticeably late"), (12, "likely to cause offence"), (45, "likely to cause offence"),
])
def test_us_peer_labels_follow_the_five_to_ten_minute_norm(late, label):
    p = perceive(late, 0.0, "peer")
    assert p.label == label
    assert p.band == (5.0, 10.0)
    assert p.advice == lateness.ASK_ADVICE and "ask" in p.advice


def test_up_to_an_hour_is_tolerated_in_a_strongly_polychronic_setting():
    assert perceive(45, 1.0, "peer").label in {"within the usual grace", "noticeably late"}
    assert perceive(60, 1.0, "peer").label == "noticeably late"
    assert perceive(75, 1.0, "peer").label == "likely to cause offence"


def test_the_same_delay_is_judged_more_gently_for_a_senior_leader():
    assert perceive(15, 0.0, "peer").label == "likely to cause offence"
    senior = perceive(15, 0.0, "senior leader")
    assert senior.label == "noticeably late"
    assert "rank" in senior.note
    assert "large order" in senior.note  # patience can be rewarded


def test_notes_and_docs_say_the_numbers_are_an_illustration():
    assert "not a measured law" in lateness.ILLUSTRATION_NOTE
    for func in (tolerance_minutes, perceive):
        assert "not a measured law" in " ".join((func.__doc__ or "").split())
    assert "illustration" in perceive(7, 0.0, "peer").note
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
        tolerance_minutes(bad, "peer")
    assert "orientation" in str(info.value)


@given(st.one_of(st.text().filter(lambda s: " ".join(s.split()).lower() not in STATUSES),
                 st.integers(), st.none(), st.floats(allow_nan=True)))
def test_any_unknown_status_raises_value_error_naming_the_choices(bad):
    with pytest.raises(ValueError) as info:
        tolerance_minutes(0.5, bad)
    assert "'peer'" in str(info.value) and "'senior leader'" in str(info.value)


# --------------------------------------------------------------------------- properties
@given(orientations, orientations, statuses)
def test_band_widens_monotonically_with_orientation(a, b, status):
    lo, hi = sorted((a, b))
    (l1, h1), (l2, h2) = tolerance_minutes(lo, status), tolerance_minutes(hi, status)
    assert l1 <= l2 and h1 <= h2
    assert (h1 - l1) <= (h2 - l2) + 1e-9


@given(orientations, st.integers(0, len(STATUS_ORDER) - 2))
def test_band_widens_monotonically_with_status(orientation, index):
    (l1, h1) = tolerance_minutes(orientation, STATUS_ORDER[index])
    (l2, h2) = tolerance_minutes(orientation, STATUS_ORDER[index + 1])
    assert l1 < l2 and h1 < h2 and (h1 - l1) < (h2 - l2)


@given(orientations, statuses)
def test_band_stays_between_the_anchors_scaled_by_status(orientation, status):
    low, high = tolerance_minutes(orientation, status)
    factor = STATUSES[status].multiplier
    assert 5.0 * factor <= low < high <= 60.0 * factor


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
    assert p.band == tolerance_minutes(orientation, status)
    assert classify(late, p.band) == p.label
