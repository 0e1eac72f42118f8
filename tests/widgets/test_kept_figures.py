"""Every charting activity keeps one figure and updates it in place, and what it draws is what a fresh figure draws.

For each of the nine charts a kept figure is drawn through a series of inputs (some that only move
the moving artists, some that change the axes, some repeated); after every step its PNG must have
the same pixels as a fresh figure given the same inputs. That catches an artist left over from an
earlier state, a background reused when something behind it changed, and a skipped redraw that
should not have been skipped. The widgets are then driven as a learner would: the figure object
stays the same and the chart data follow the latest action.
"""
from __future__ import annotations

import io
from typing import Any, Callable

import numpy as np
import pytest
from PIL import Image

from csworkbook import widgets as w
from csworkbook.plots import dashboard, defection, growth, kept, lateness, nice_limit, nonverbal, positive, receipt
from csworkbook.plots import talk_time, touchpoints


def pixels(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png))
    image.load()
    return np.asarray(image)


NAMES = {"peer": "Peer or everyday customer", "manager": "Manager", "senior": "Senior leader"}
LETTERS = ["P", "O", "S", "I (listen)", "T", "I (invite)", "V", "E"]


def _late(minutes: float, orientation: float, status: str) -> Callable[..., Any]:
    limits = {"peer": 10 + 40 * orientation, "manager": 15 + 50 * orientation, "senior": 20 + 60 * orientation}
    return lambda figure: lateness.lateness_chart(minutes, limits, status, "late", names=NAMES,
                                                  setting=f"setting {orientation}", figure=figure)


def _talk(rapport: float, flexibility: float) -> Callable[..., Any]:
    minutes = {"rapport": rapport, "needs": 1.5, "solution": 3.0, "close": 1.0}
    return lambda figure: talk_time.talk_time_chart(minutes, 6.0, flexibility, agreed=flexibility > 1, figure=figure)


def _growth(end: float, projection: int) -> Callable[..., Any]:
    path = {2012 + i: 100 * (end / 100) ** (i / 5) for i in range(6)}
    future = {2018 + i: end * 1.1 ** (i + 1) for i in range(projection)}
    return lambda figure: growth.growth_chart(path, future, 10.0, start_label="2012 actual", end_label="2017 forecast",
                                              figure=figure)


def _items(count: int, paid: float) -> list[dict[str, Any]]:
    return [{"name": f"Item {i}", "list_price": 20.0, "price_paid": paid, "saving": 20.0 - paid}
            for i in range(count)]


#: chart -> (new figure, the inputs in order; each a function of the figure returning (png, summary, data)).
SERIES: dict[str, tuple[Callable[[], Any], list[Callable[..., Any]]]] = {
    "defection": (defection.DefectionFigure, [
        lambda f, d=d, m=m: defection.defection_chart(d, m, figure=f)
        for d, m in [(11_440, 183_040), (11_440, 150_000), (11_440, 150_000), (40_000, 9_000), (0, 0)]]),
    "positive": (positive.PositiveFigure, [
        lambda f, r=r, t=t, c=c: positive.positive_chart(LETTERS, r, t, ["S", "V"], current=c, figure=f)
        for r, t, c in [([3] * 8, [24], False), ([5, 4, 2, 4, 3, 4, 1, 5], [24, 28], True),
                        ([5, 4, 2, 4, 3, 4, 1, 5], [24, 28, 28], True), ([5, 4, 2, 4, 3, 4, 1, 5], [24, 28, 28], True),
                        ([2] * 8, [24, 28, 28, 30, 16, 40, 33, 20, 19, 25, 16], True), ([2] * 8, [16, 20], True)]]),
    "lateness": (lateness.LatenessFigure, [_late(5, 0.0, "peer"), _late(7, 0.0, "peer"), _late(60, 0.0, "peer"),
                                           _late(60, 0.5, "senior"), _late(61, 0.5, "senior"),
                                           _late(61, 0.5, "manager")]),
    "talk_time": (talk_time.TalkTimeFigure, [_talk(1.0, 0.0), _talk(1.5, 0.0), _talk(1.5, 2.0), _talk(4.0, 2.0),
                                             _talk(0.2, 1.0)]),
    "touchpoints": (touchpoints.TouchpointFigure, [
        lambda f, r=r, b=b: touchpoints.touchpoint_chart(["Outside", "Inside", "Neither"], r, b, figure=f)
        for r, b in [([4, 4, 4], [0, 0, 0]), ([3, 4, 2], [1, 0, 2]), ([3, 4, 2], [1, 0, 2]), ([0, 0, 9], [9, 1, 0])]]),
    "dashboard": (dashboard.DashboardFigure, [
        lambda f, labels=labels, values=values: dashboard.dashboard_chart(labels, values, figure=f)
        for labels, values in [([], []), (["Scenario: the welcome desk", "Quiz"], [90, 40]),
                               (["Scenario: the welcome desk", "Quiz"], [55, 85]),
                               (["Scenario: the welcome desk", "Quiz", "Sort"], [55, 85, 100]), ([], [])]]),
    "nonverbal": (nonverbal.NonverbalFigure, [
        lambda f, answers=answers: nonverbal.nonverbal_chart({"eye": "Eye contact", "tone": "Tone"}, answers, figure=f)
        for answers in [{"eye": ["yes"], "tone": ["no"]}, {"eye": ["yes", "no"], "tone": ["no", "unsure"]},
                        {"eye": ["yes"] * 6, "tone": ["no"] * 6}]]),
    "receipt": (receipt.ReceiptFigure, [lambda f, n=n, p=p: receipt.receipt_chart(_items(n, p), figure=f)
                                        for n, p in [(1, 15.0), (2, 15.0), (3, 12.0), (5, 12.0), (2, 19.0)]]),
    "growth": (growth.GrowthFigure, [_growth(200, 3), _growth(200, 3), _growth(300, 0), _growth(150, 5)]),
}


@pytest.mark.parametrize("name", sorted(SERIES))
def test_a_kept_figure_draws_what_a_fresh_figure_draws_after_every_update(name):
    make, steps = SERIES[name]
    figure = make()
    first = None
    for step in steps:
        png, _summary, data = step(figure)
        first = first or figure.fig
        assert figure.fig is first  # one Figure for the whole series
        fresh_png, _fresh_summary, fresh_data = step(make())
        assert data == fresh_data
        assert np.array_equal(pixels(png), pixels(fresh_png)), f"{name}: kept figure differs after an update"


def test_moving_the_lateness_marker_reuses_the_drawn_axes_and_a_repeat_draws_nothing():
    figure = lateness.LatenessFigure()
    _late(5, 0.0, "peer")(figure)
    assert (figure.full_draws, figure.reuses) == (1, 0)
    _late(8, 0.0, "peer")(figure)  # only the marker, its line and the legend move
    assert (figure.full_draws, figure.reuses) == (1, 1)
    png, _, _ = _late(8, 0.0, "peer")(figure)
    again, _, _ = _late(8, 0.0, "peer")(figure)
    assert again is png and (figure.full_draws, figure.reuses) == (1, 1)
    _late(8, 0.0, "manager")(figure)  # another row is bold: the axes are drawn again
    assert figure.full_draws == 2


def test_the_kept_canvas_draws_the_same_pixels_as_matplotlibs_own(monkeypatch):
    png, _, _ = _late(33, 0.25, "manager")(lateness.LatenessFigure())
    cached, _, _ = _late(33, 0.25, "manager")(lateness.LatenessFigure())  # every text from the glyph store
    monkeypatch.setattr(kept, "_CANVAS", [None])  # the plain Agg canvas
    plain, _, _ = _late(33, 0.25, "manager")(lateness.LatenessFigure())
    assert np.array_equal(pixels(png), pixels(plain)) and np.array_equal(pixels(cached), pixels(plain))


def test_the_png_holds_the_canvas_pixels():
    figure = defection.DefectionFigure()
    png = figure.draw(1_000, 2_000)
    image = pixels(png)
    assert image.shape == (260, 600, 4)
    assert np.array_equal(image, np.asarray(figure.canvas.buffer_rgba()))


@pytest.mark.parametrize("value, end", [(0, 1.0), (0.7, 0.8), (1.3, 1.5), (7.2, 8.0), (9.99, 10.0), (10, 10.0),
                                        (183_040 * 1.3, 250_000.0), (12.5, 12.5), (101, 125.0)])
def test_axes_end_on_round_numbers(value, end):
    assert nice_limit(value) == pytest.approx(end)


def test_attempt_axes_grow_in_blocks_and_labels_never_crowd():
    assert [positive.attempts_axis(n) for n in (0, 1, 5, 6, 11)] == [5, 5, 5, 10, 15]
    assert positive.labelled_attempts(3) == [1, 2, 3]
    for count in range(1, 40):
        shown = positive.labelled_attempts(count)
        step = positive.attempt_ticks(positive.attempts_axis(count))[1] - 1
        assert shown[-1] == count and len(shown) <= 10
        assert all(b - a >= step for a, b in zip(shown, shown[1:]))


def _drive(activity: Any, actions: list[Callable[[], None]]) -> list[Any]:
    """Run ``actions`` on ``activity``; return its figure object after each."""
    seen = []
    for action in actions:
        action()
        seen.append(activity.figure.fig)
    return seen


def test_each_activity_keeps_one_figure_while_the_learner_works(journal):
    from csworkbook.plots import wait_for_warm_up

    explorer = w.LatenessExplorer(journal=journal)
    figures = _drive(explorer, [lambda m=m: setattr(explorer.minutes_slider, "value", m) for m in (3, 12, 70, 9)])
    assert len({id(f) for f in figures}) == 1 and explorer.chart_data["minutes_late"] == 9

    planner = w.TalkTimePlanner(journal=journal)
    figures = _drive(planner, [lambda v=v: setattr(planner.phase_sliders["rapport"], "value", v) for v in (0.5, 3, 1)])
    assert len({id(f) for f in figures}) == 1 and planner.chart_data["minutes"]["rapport"] == 1

    costs = w.DefectionCostExplorer(journal=journal)
    figures = _drive(costs, [lambda n=n: setattr(costs.fields["people_told"], "value", n) for n in (3, 30, 12)])
    assert len({id(f) for f in figures}) == 1 and costs.chart_data["word_of_mouth"] == costs.results["word_of_mouth_loss"]

    builder = w.ReceiptBuilder(journal=journal)

    def add(price: str) -> None:
        builder.name_input.value, builder.list_input.value, builder.paid_input.value = "Pens", "10", price
        builder.add_button.click()

    figures = _drive(builder, [lambda p=p: add(p) for p in ("9", "8", "7", "6", "5")])
    assert len({id(f) for f in figures}) == 1 and builder.chart_data["price_paid"] == [9, 8, 7, 6, 5]

    assessment = w.PositiveSelfAssessment(journal=journal)
    wait_for_warm_up()
    prepared = assessment.figure.fig
    assert prepared is not None  # built and laid out as the activity appeared, before the first Score
    for key in assessment.ratings:
        assessment.set_rating(key, 4)
    figures = _drive(assessment, [assessment.score, assessment.score])
    assert figures == [prepared, prepared] and assessment.chart_data["attempt_totals"] == [32, 32]
    assert assessment.figure.reuses >= 1  # the first Score drew over the axes laid out in advance

    sorter = w.TouchpointSorter(journal=journal)
    wait_for_warm_up()
    prepared = sorter.figure.fig
    assert prepared is not None
    for card in sorter.deck.cards:
        sorter.choose(card.id, sorter.deck.categories[0].key)
    figures = _drive(sorter, [sorter.check_button.click, sorter.check_button.click])
    assert figures == [prepared, prepared] and sorter.chart_data["total"] == len(sorter.deck.cards)

    board = w.Dashboard(journal=journal)
    figures = _drive(board, [board.refresh_button.click, board.refresh_button.click])
    assert len({id(f) for f in figures}) == 1
    assert "Touchpoint" in " ".join(board.chart_data["labels"]) and len(board.chart_data["labels"]) == 2

    evaluation = w.NonverbalPeerEvaluation(journal=journal)
    for key in evaluation.answers:
        evaluation.set_answer(key, "yes")
    figures = _drive(evaluation, [evaluation.save_button.click] * 3)
    assert len({id(f) for f in figures}) == 1 and evaluation.chart_data["observations"] == 3

    calculator = w.GrowthCalculator(journal=journal)
    figures = _drive(calculator, [calculator.calculate_button.click, calculator.calculate_button.click])
    assert len({id(f) for f in figures}) == 1 and calculator.chart_data["cagr_percent"] > 0


def test_a_long_receipt_name_after_a_short_one_still_fits_the_figure():
    figure = receipt.ReceiptFigure()
    items = _items(1, 15.0)
    receipt.receipt_chart(items, figure=figure)
    items.append({"name": "Wide Widget Wholesale W", "list_price": 20.0, "price_paid": 12.0, "saving": 8.0})
    receipt.receipt_chart(items, figure=figure)
    renderer = figure.canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in figure.names]
    assert [label.get_text() for label in figure.names] == ["Item 0", "Wide Widget Wholesale W"]
    assert all(box.x0 >= 0 for box in boxes)
